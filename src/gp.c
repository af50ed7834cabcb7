/*
 * gp: see gp.h.  Nothing here knows what a plot shows: it only writes
 * gnuplot's syntax, and every string through gp_quote or gp_comment.
 */
#include "gp.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* Variable names come from the code; a name that is not an identifier is a bug. */
static int is_identifier(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

void gp_quote(struct strbuf *sb, const char *s)
{
    strbuf_puts(sb, "'");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'')
            strbuf_puts(sb, "''");
        else if (is_control(c))
            strbuf_puts(sb, " ");
        else
            strbuf_add(sb, s, 1);
    }
    strbuf_puts(sb, "'");
}

void gp_number(struct strbuf *sb, double v)
{
    if (isnan(v))
        strbuf_puts(sb, "NaN");
    else
        strbuf_printf(sb, "%.12g", v);
}

static void begin_set(struct strbuf *sb, const char *var)
{
    assert(is_identifier(var));
    strbuf_printf(sb, "%s = ", var);
}

void gp_set_string(struct strbuf *sb, const char *var, const char *value)
{
    begin_set(sb, var);
    gp_quote(sb, value);
    strbuf_puts(sb, "\n");
}

void gp_set_number(struct strbuf *sb, const char *var, double v)
{
    begin_set(sb, var);
    gp_number(sb, v);
    strbuf_puts(sb, "\n");
}

void gp_set_int(struct strbuf *sb, const char *var, long v)
{
    begin_set(sb, var);
    strbuf_printf(sb, "%ld\n", v);
}

void gp_set_lines(struct strbuf *sb, const char *var, const char *text)
{
    begin_set(sb, var);
    for (;;) {
        const char *nl = strchr(text, '\n');
        char *line = xstrndup(text, nl ? (size_t)(nl - text) : strlen(text));
        gp_quote(sb, line);
        free(line);
        if (!nl)
            break;
        /* The only double-quoted string written: a fixed line break. */
        strbuf_puts(sb, " . \"\\n\" . ");
        text = nl + 1;
    }
    strbuf_puts(sb, "\n");
}

/* `array VAR[n]`; the elements follow as VAR[i] = ... */
static void begin_array(struct strbuf *sb, const char *var, size_t n)
{
    assert(is_identifier(var));
    strbuf_printf(sb, "array %s[%zu]\n", var, n ? n : 1);
}

void gp_set_strings(struct strbuf *sb, const char *var, char *const *values, size_t n)
{
    begin_array(sb, var, n);
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(sb, "%s[%zu] = ", var, i + 1);
        gp_quote(sb, values[i]);
        strbuf_puts(sb, "\n");
    }
}

void gp_set_numbers(struct strbuf *sb, const char *var, const double *values, size_t n)
{
    begin_array(sb, var, n);
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(sb, "%s[%zu] = ", var, i + 1);
        gp_number(sb, values[i]);
        strbuf_puts(sb, "\n");
    }
}

void gp_set_ints(struct strbuf *sb, const char *var, const int *values, size_t n)
{
    begin_array(sb, var, n);
    for (size_t i = 0; i < n; i++)
        strbuf_printf(sb, "%s[%zu] = %d\n", var, i + 1, values[i]);
}

void gp_comment(struct strbuf *sb, const char *text)
{
    for (;;) {
        strbuf_puts(sb, "#");
        if (*text && *text != '\n')
            strbuf_puts(sb, " ");
        for (; *text && *text != '\n'; text++) {
            unsigned char c = (unsigned char)*text;
            strbuf_add(sb, is_control(c) || c == '\\' ? " " : text, 1);
        }
        strbuf_puts(sb, "\n");
        if (!*text)
            break;
        text++;
    }
}

void gp_commentf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = xvasprintf(fmt, ap);
    va_end(ap);
    gp_comment(sb, text);
    free(text);
}

void gp_data_number(struct strbuf *sb, double v)
{
    strbuf_puts(sb, " ");
    gp_number(sb, v);
}

void gp_data_block(struct strbuf *sb, const char *comment)
{
    strbuf_puts(sb, "\n\n");
    gp_comment(sb, comment);
}

char *gp_file_name(const char *name)
{
    char *out = xstrdup(*name ? name : "_");
    for (char *p = out; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            *p = '_';
    }
    return out;
}

int gp_has_control(const char *s)
{
    for (; *s; s++)
        if (is_control((unsigned char)*s))
            return 1;
    return 0;
}

void gp_labels_add(struct gp_labels *l, char *s)
{
    l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
    l->items[l->n++] = s;
}

void gp_labels_set(struct strbuf *sb, const char *var, const struct gp_labels *l)
{
    gp_set_strings(sb, var, l->items, l->n);
}

void gp_labels_release(struct gp_labels *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
