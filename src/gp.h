/*
 * gp: gnuplot syntax, the one place where text becomes gnuplot input.
 *
 * This is the security boundary of the plots.  A user string (a scenario's
 * name, a backend's, a file name) reaches gnuplot only through gp_quote and
 * the gp_set_* functions built on it: single-quoted, with ' doubled and every
 * control character made a space.  gnuplot expands backquotes and @macros in
 * double-quoted strings only, and a comment line ending in '\' goes on to the
 * next line, so no user string may ever be written into a double-quoted
 * string or a comment: gp_comment makes any text safe there, and the
 * templates draw every text noenhanced.  Variable names are code, never
 * data: the setters accept only identifiers (an assertion).  File names that
 * appear in scripts pass gp_file_name first.
 *
 * Ownership: every function appends to a struct strbuf the caller owns; no
 * function keeps a pointer to its arguments.  struct gp_labels owns its
 * strings (gp_labels_release frees them); it may not be copied with '='.
 */
#ifndef RAFTCOST_GP_H
#define RAFTCOST_GP_H

#include <stddef.h>

#include "util.h"

/* A string as a single-quoted gnuplot string: ' doubled, control characters made spaces. */
void gp_quote(struct strbuf *sb, const char *s);
/* A number as gnuplot reads it: %.12g, NaN as "NaN" (the templates' missing value). */
void gp_number(struct strbuf *sb, double v);

/* Script lines "VAR = VALUE": VAR must be an identifier [A-Za-z_][A-Za-z0-9_]*. */
void gp_set_string(struct strbuf *sb, const char *var, const char *value);
void gp_set_number(struct strbuf *sb, const char *var, double v);
void gp_set_int(struct strbuf *sb, const char *var, long v);
/* A string of several lines: each quoted, joined with "\n" (a fixed double-quoted string). */
void gp_set_lines(struct strbuf *sb, const char *var, const char *text);
/* Arrays `array VAR[n]` (at least 1 long, as gnuplot wants), then VAR[1] to VAR[n]. */
void gp_set_strings(struct strbuf *sb, const char *var, char *const *values, size_t n);
void gp_set_numbers(struct strbuf *sb, const char *var, const double *values, size_t n);
void gp_set_ints(struct strbuf *sb, const char *var, const int *values, size_t n);

/*
 * Comment lines, for data files and scripts: each line of text (split at
 * '\n') written as "# LINE", control characters and backslashes made spaces,
 * so that nothing can end a comment early or continue it onto the next line.
 */
void gp_comment(struct strbuf *sb, const char *text);
void gp_commentf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Data files: the next column of a row (" " and the number). */
void gp_data_number(struct strbuf *sb, double v);
/* Data files: two blank lines end a block (gnuplot's `index`), then a comment for the next. */
void gp_data_block(struct strbuf *sb, const char *comment);

/*
 * A file name that may appear quoted or in a comment of a script: every
 * character but A-Z a-z 0-9 . _ - made '_', and "_" for the empty string.
 * Returns a string the caller frees.
 */
char *gp_file_name(const char *name);
/* Whether s holds a control character (such a folder name cannot be passed to gnuplot). */
int gp_has_control(const char *s);

/* A list of strings for gp_set_strings, each owned by the list. */
struct gp_labels {
    char **items;
    size_t n;
};
#define GP_LABELS_INIT                                                                             \
    {                                                                                              \
        NULL, 0                                                                                    \
    }
/* Takes s, a string from malloc (xasprintf, xstrdup). */
void gp_labels_add(struct gp_labels *l, char *s);
/* Sets VAR to the list, as gp_set_strings. */
void gp_labels_set(struct strbuf *sb, const char *var, const struct gp_labels *l);
void gp_labels_release(struct gp_labels *l);

#endif
