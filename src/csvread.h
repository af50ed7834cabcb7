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

void csv_reader_release(struct csv_reader *r);

#endif
