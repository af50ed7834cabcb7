/*
 * diag: see diag.h.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

void diag_set(struct diag *d, const char *file, const char *src, size_t srclen, int line, int col,
              const char *fmt, ...)
{
    if (d->message)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->message = xvasprintf(fmt, ap);
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
    d->message = xvasprintf(fmt, ap);
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
    if (d->file && d->line > 0)
        fprintf(out, "%s:%d:%d: error: %s\n", d->file, d->line, d->col > 0 ? d->col : 1,
                d->message);
    else if (d->file)
        fprintf(out, "%s: error: %s\n", d->file, d->message);
    else
        fprintf(out, "raftcost: error: %s\n", d->message);
    if (d->source_line) {
        fprintf(out, "  %s\n  ", d->source_line);
        /* Keep tabs so the caret lines up under the column. */
        size_t n = strlen(d->source_line);
        for (int i = 1; i < d->col && (size_t)(i - 1) < n; i++)
            fputc(d->source_line[i - 1] == '\t' ? '\t' : ' ', out);
        fputs("^\n", out);
    }
}

void diag_release(struct diag *d)
{
    free(d->file);
    free(d->message);
    free(d->source_line);
    d->file = d->message = d->source_line = NULL;
    d->line = d->col = 0;
}
