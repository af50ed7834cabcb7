/*
 * csvread: splits CSV text into rows and fields as RFC 4180 defines them.
 * Fields are separated by commas and rows by LF or CRLF; a field in double
 * quotes may hold commas, line breaks and doubled double quotes ("" for ").
 * A UTF-8 byte order mark at the start is skipped, and so are lines that are
 * entirely empty.  Every field knows the 1-based line and column where it
 * starts, so that a reader can point at it.
 *
 * The reader borrows the text (which must outlive it) and copies nothing
 * except a field that needs unquoting.  Reading is one pass, linear in the
 * size of the text.
 */
#ifndef RAFTCOST_CSVREAD_H
#define RAFTCOST_CSVREAD_H

#include <stddef.h>

struct csv_field {
    const char *text; /* inside the quotes for a quoted field */
    size_t len;
    int quoted;    /* the field was in double quotes */
    int escaped;   /* quoted with doubled quotes inside: csv_value unquotes */
    int line, col; /* where the field starts (its opening quote) */
};

struct csv_reader {
    const char *pos, *end;
    int line;               /* line of pos */
    const char *line_start; /* start of that line */
    struct csv_field *fields;
    size_t nfields, cap;
    char *scratch; /* csv_value's unquoted copies */
    size_t scratch_cap;
    int row_line; /* line where the current row starts */
};

/* Starts reading text[0..len).  Release with csv_reader_release. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t len);

/*
 * Reads the next row into r->fields / r->nfields.  Returns 1 for a row, 0
 * at the end of the text, or -1 for malformed text with *why (a static
 * message) and *line / *col pointing at the problem (an unterminated quote,
 * text after a closing quote).
 */
int csv_reader_next(struct csv_reader *r, const char **why, int *line, int *col);

/*
 * The value of field i of the current row, with its quotes undone; *len is
 * its length.  Not NUL-terminated.  Valid until the next csv_value or
 * csv_reader_next call.
 */
const char *csv_value(struct csv_reader *r, size_t i, size_t *len);

/* The value of one column of the current row, with where it starts. */
struct csv_cell {
    const char *v; /* not NUL-terminated; "" for a column the header lacks */
    size_t n;
    int line, col; /* of the value's first character (inside its quotes) */
};

/*
 * Column k of the current row, by the header's index of columns (idx[k] < 0:
 * the header lacks it, and c is an empty value at the row's first column).
 * Returns 1 when the value is not empty, else 0.  Valid as csv_value's.
 * Inline: the log readers call it for every cell of millions of rows.
 */
static inline int csv_cell(struct csv_reader *r, const int *idx, int k, struct csv_cell *c)
{
    c->v = "";
    c->n = 0;
    c->line = r->row_line;
    c->col = 1;
    if (idx[k] < 0)
        return 0;
    const struct csv_field *f = &r->fields[idx[k]];
    c->v = csv_value(r, (size_t)idx[k], &c->n);
    c->line = f->line;
    c->col = f->col + f->quoted;
    return c->n > 0;
}

void csv_reader_release(struct csv_reader *r);

#endif
