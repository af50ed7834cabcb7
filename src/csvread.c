/*
 * csvread: see csvread.h.
 */
#include "csvread.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
    memset(r, 0, sizeof *r);
    r->pos = text;
    r->end = text + len;
    r->line = 1;
    r->line_start = text;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r->pos += 3;
}

static void new_line(struct csv_reader *r, const char *after_newline)
{
    r->line++;
    r->line_start = after_newline;
}

static struct csv_field *add_field(struct csv_reader *r)
{
    if (r->nfields == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
    }
    struct csv_field *f = &r->fields[r->nfields++];
    f->line = r->line;
    f->col = (int)(r->pos - r->line_start) + 1;
    f->quoted = 0;
    f->escaped = 0;
    return f;
}

int csv_reader_next(struct csv_reader *r, const char **why, int *line, int *col)
{
    r->nfields = 0;
    /* Skip empty lines (LF or CRLF alone). */
    for (;;) {
        if (r->pos >= r->end)
            return 0;
        if (*r->pos == '\n') {
            new_line(r, ++r->pos);
        } else if (*r->pos == '\r' && r->pos + 1 < r->end && r->pos[1] == '\n') {
            r->pos += 2;
            new_line(r, r->pos);
        } else {
            break;
        }
    }
    r->row_line = r->line;
    for (;;) {
        struct csv_field *f = add_field(r);
        const char *p = r->pos, *end = r->end;
        if (p < end && *p == '"') {
            int open_line = r->line, open_col = f->col;
            f->quoted = 1;
            p++;
            f->text = p;
            for (;;) {
                const char *q = memchr(p, '"', (size_t)(end - p));
                /* Count the line breaks inside the quotes for positions. */
                const char *stop = q ? q : end;
                for (const char *nl = memchr(p, '\n', (size_t)(stop - p)); nl;
                     nl = memchr(nl + 1, '\n', (size_t)(stop - nl - 1)))
                    new_line(r, nl + 1);
                if (!q) {
                    *why = "unterminated quoted field: a '\"' opened here is never closed";
                    *line = open_line;
                    *col = open_col;
                    return -1;
                }
                if (q + 1 < end && q[1] == '"') {
                    f->escaped = 1;
                    p = q + 2;
                    continue;
                }
                f->len = (size_t)(q - f->text);
                p = q + 1;
                break;
            }
            if (p < end && *p != ',' && *p != '\n' &&
                !(*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
                *why = "unexpected text after a closing quote (a quoted field ends at a comma or "
                       "the end of the line)";
                *line = r->line;
                *col = (int)(p - r->line_start) + 1;
                return -1;
            }
        } else {
            f->text = p;
            while (p < end && *p != ',' && *p != '\n')
                p++;
            f->len = (size_t)(p - f->text);
            if (f->len && p < end && *p == '\n' && f->text[f->len - 1] == '\r')
                f->len--;
            else if (f->len && p == end && f->text[f->len - 1] == '\r')
                f->len--;
        }
        if (p < end && *p == '\r')
            p++;
        if (p >= end) {
            r->pos = end;
            return 1;
        }
        if (*p == '\n') {
            r->pos = p + 1;
            new_line(r, r->pos);
            return 1;
        }
        /* A comma: another field follows. */
        r->pos = p + 1;
    }
}

const char *csv_value(struct csv_reader *r, size_t i, size_t *len)
{
    const struct csv_field *f = &r->fields[i];
    if (!f->escaped) {
        *len = f->len;
        return f->text;
    }
    if (r->scratch_cap < f->len + 1) {
        r->scratch_cap = f->len + 1;
        r->scratch = xrealloc(r->scratch, r->scratch_cap);
    }
    size_t n = 0;
    for (size_t k = 0; k < f->len; k++) {
        r->scratch[n++] = f->text[k];
        if (f->text[k] == '"')
            k++; /* the second quote of a doubled pair */
    }
    *len = n;
    return r->scratch;
}

void csv_reader_release(struct csv_reader *r)
{
    free(r->fields);
    free(r->scratch);
    memset(r, 0, sizeof *r);
}
