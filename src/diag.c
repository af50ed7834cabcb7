/*
 * diag: see diag.h.  Messages are cut when set (escape_cut: a 10 MB value
 * echoed in one is not kept whole) and escaped when rendered, file name and
 * source line included, so that nothing from a file reaches the terminal as
 * a control character.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

static char *copy_line(const char *src, size_t srclen, int line)
{
    if (!src || line < 1)
        return NULL;
    const char *p = src, *end = src + srclen;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
        e = end;
    if (e > p && e[-1] == '\r')
        e--;
    /* A very long line is cut: the caret display is for people. */
    size_t n = (size_t)(e - p);
    if (n > 200)
        n = 200;
    return xstrndup(p, n);
}

static char *cut_message(const char *fmt, va_list ap)
{
    char *full = xvasprintf(fmt, ap);
    char *cut = escape_cut(full);
    free(full);
    return cut;
}

void diag_set(struct diag *d, const char *file, const char *src, size_t srclen, int line, int col,
              const char *fmt, ...)
{
    if (d->message)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->message = cut_message(fmt, ap);
    va_end(ap);
    d->file = xstrdup(file);
    d->line = line;
    d->col = col;
    d->source_line = copy_line(src, srclen, line);
}

void diag_plain(struct diag *d, const char *fmt, ...)
{
    if (d->message)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->message = cut_message(fmt, ap);
    va_end(ap);
}

int diag_failed(const struct diag *d)
{
    return d->message != NULL;
}

void diag_render(const struct diag *d, FILE *out)
{
    if (!d->message)
        return;
    struct strbuf msg = STRBUF_INIT;
    escape_append(&msg, d->message, strlen(d->message), ESCAPE_LINES);
    char *message = strbuf_detach(&msg);
    char *file = d->file ? escape_string(d->file) : NULL;
    if (file && d->line > 0)
        fprintf(out, "%s:%d:%d: error: %s\n", file, d->line, d->col > 0 ? d->col : 1, message);
    else if (file)
        fprintf(out, "%s: error: %s\n", file, message);
    else
        fprintf(out, "raftcost: error: %s\n", message);
    if (d->source_line) {
        /* Tabs stay, so that the caret lines up under the column. */
        size_t n = strlen(d->source_line);
        struct strbuf line = STRBUF_INIT, before = STRBUF_INIT;
        escape_append(&line, d->source_line, n, ESCAPE_TABS);
        size_t upto = d->col > 1 ? (size_t)(d->col - 1) : 0;
        escape_append(&before, d->source_line, upto < n ? upto : n, ESCAPE_TABS);
        fprintf(out, "  %s\n  ", line.buf ? line.buf : "");
        for (size_t i = 0; i < before.len; i++)
            fputc(before.buf[i] == '\t' ? '\t' : ' ', out);
        fputs("^\n", out);
        strbuf_release(&line);
        strbuf_release(&before);
    }
    free(message);
    free(file);
}

void diag_release(struct diag *d)
{
    free(d->file);
    free(d->message);
    free(d->source_line);
    d->file = d->message = d->source_line = NULL;
    d->line = d->col = 0;
}

void diag_position(const char *src, size_t len, size_t offset, int *line, int *col)
{
    int l = 1;
    size_t start = 0;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++)
        if (src[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = (int)(offset - start) + 1;
}
