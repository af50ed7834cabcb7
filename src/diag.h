/*
 * diag: errors as values.  A module that fails fills a struct diag and
 * returns; only main renders it and picks the exit status.  Rendering gives
 * "FILE:LINE:COL: error: MESSAGE", then the source line and a caret under the
 * column (lines and columns are 1-based).
 */
#ifndef RAFTCOST_DIAG_H
#define RAFTCOST_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag {
    char *file;        /* NULL: not about a file (command line) */
    int line, col;     /* 1-based; 0 when unknown */
    char *message;     /* NULL: no error */
    char *source_line; /* the offending line, or NULL */
};

#define DIAG_INIT                                                                                  \
    {                                                                                              \
        NULL, 0, 0, NULL, NULL                                                                     \
    }

/*
 * Records an error.  src/srclen is the text of the file (may be NULL); the
 * line at `line` is copied from it for the caret display.  A diag that
 * already holds an error keeps the first one.
 */
void diag_set(struct diag *d, const char *file, const char *src, size_t srclen, int line, int col,
              const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The 1-based line and column (in bytes) of byte `offset` of src (at most its end). */
void diag_position(const char *src, size_t len, size_t offset, int *line, int *col);
/* An error with no position (command line, I/O). */
void diag_plain(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_failed(const struct diag *d);
void diag_render(const struct diag *d, FILE *out);
void diag_release(struct diag *d);

#endif
