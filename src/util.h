/*
 * util: allocation that cannot fail silently, growable strings, CSV cells,
 * a string index and edit distances (reading and writing files: files.h).
 * Allocation failure aborts the program with a message: raftcost has no
 * sensible way to go on without memory.
 */
#ifndef RAFTCOST_UTIL_H
#define RAFTCOST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "files.h"

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

/* Reading inputs and writing outputs: files.h. */

/*
 * Appends one CSV field and then a comma, or a line end (LF) when last.  As
 * RFC 4180 says, a field with a comma, a double quote or a line break is put
 * in double quotes, with its double quotes doubled.  A field that a
 * spreadsheet would run as a formula (one that starts with '=', '+', '-',
 * '@', a tab or a carriage return, and is not a plain number such as "-5")
 * is neutralised as OWASP's "CSV Injection" page recommends: a single quote
 * goes before it, and it is put in double quotes ("'=HYPERLINK(...)").
 */
void strbuf_csv_field(struct strbuf *sb, const char *field, int last);
/* The same field alone, with no separator after it. */
void strbuf_csv_quote(struct strbuf *sb, const char *field);
/* A field quoted as RFC 4180 says and nothing more, for numbers raftcost formatted itself. */
void strbuf_csv_raw(struct strbuf *sb, const char *field, int last);
/* 1 when a CSV field would start a formula (and is not a plain number). */
int csv_is_formula(const char *field);

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
