/*
 * util: allocation that cannot fail silently, growable strings, whole-file
 * reads and atomic file writes.  Allocation failure aborts the program with a
 * message: raftcost has no sensible way to go on without memory.
 */
#ifndef RAFTCOST_UTIL_H
#define RAFTCOST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Returns a copy the caller frees; NULL stays NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growable NUL-terminated string.  Initialise with STRBUF_INIT. */
struct strbuf {
    char *buf;
    size_t len;
    size_t cap;
};
#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents (never NULL); the caller owns it, sb is emptied. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/* The most read_whole_file and read_whole_stream read: 64 MiB. */
#define READ_LIMIT_BYTES ((size_t)64 << 20)

/*
 * Reads a whole file.  On success returns 0 and a NUL-terminated buffer the
 * caller frees; on failure returns -1 with errno set (EFBIG: more than
 * READ_LIMIT_BYTES).
 */
int read_whole_file(const char *path, char **data, size_t *len);
/* The same for an open stream (standard input), read to its end; f stays open. */
int read_whole_stream(FILE *f, char **data, size_t *len);

/*
 * Writes data to path atomically: a temporary file in the same folder, then
 * rename.  On failure returns -1 with errno set and leaves no file behind.
 */
int write_file_atomic(const char *path, const char *data, size_t len);

/*
 * Appends one CSV field and then a comma, or a line end (LF) when last.  As
 * RFC 4180 says, a field with a comma, a double quote or a line break is put
 * in double quotes, with its double quotes doubled.
 */
void strbuf_csv_field(struct strbuf *sb, const char *field, int last);
/* The same field alone, with no separator after it. */
void strbuf_csv_quote(struct strbuf *sb, const char *field);

/*
 * A string index: name -> position in the owner's array, so that look-ups
 * stay constant-time however many names a hostile file holds.  Keys are
 * borrowed: they must outlive the map.  Initialise with STRMAP_INIT.
 */
struct strmap {
    const char **keys;
    size_t *values;
    size_t n, cap; /* cap: a power of two, or 0 */
};
#define STRMAP_INIT                                                                                \
    {                                                                                              \
        NULL, NULL, 0, 0                                                                           \
    }
/* Sets key to value (replacing an earlier value). */
void strmap_put(struct strmap *m, const char *key, size_t value);
/* Returns 1 and *value when key is there, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t *value);
void strmap_release(struct strmap *m);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);

#endif
