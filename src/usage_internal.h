/*
 * usage_internal: what the usage-log readers share (usage_log.c builds and
 * checks records; usage_csv.c, usage_litellm.c and usage_jsonl.c read their
 * formats).  Not part of the public interface: only the usage_*.c files
 * include it.
 */
#ifndef RAFTCOST_USAGE_INTERNAL_H
#define RAFTCOST_USAGE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "usage_log.h"

struct cJSON;

/* One read in progress. */
struct usage_reader {
    struct usage_log *log;
    const char *file;
    const char *text;
    size_t len;
    const char *expected_model;
    struct diag *d;
    /* the last name interned and its reference, as rows repeat names */
    char *last_name;
    size_t last_len, last_name_cap;
    uint32_t last_ref;
};

/*
 * Where a record's fields were, for the checks' messages (0: unknown).  A
 * JSON reader gives the object's extent and the keys instead: the position
 * of a key is looked up only when a message needs it.
 */
struct usage_where {
    int line;
    int start_col, end_col, first_token_col, model_col;
    const char *obj_start, *obj_end;
    const char *start_key, *end_key, *first_token_key, *model_key;
};

/* Records an error at line:col and returns -1. */
int usage_error(struct usage_reader *r, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Interns s[0..len); an empty string is USAGE_NONE. */
uint32_t usage_intern(struct usage_reader *r, const char *s, size_t len);
/* Stores a request id; an empty one is USAGE_NONE.  -1 when the ids overflow. */
int usage_add_id(struct usage_reader *r, const char *s, size_t len, uint32_t *ref);

/* A new record with every time and spend NaN and every reference USAGE_NONE. */
struct usage_record *usage_new_record(struct usage_reader *r, int row);

/*
 * Field conversions.  name is the column or key in messages; each returns 0,
 * or -1 with the error at line:col.
 */
int usage_parse_time(struct usage_reader *r, const char *s, size_t len, unsigned ts_flags, int line,
                     int col, const char *name, double *out);
int usage_parse_count(struct usage_reader *r, const char *s, size_t len, int line, int col,
                      const char *name, uint32_t *out);
int usage_parse_money(struct usage_reader *r, const char *s, size_t len, int line, int col,
                      const char *name, double *out);

/* "question"/"answer" (any case), or "...:question"/"...:answer" as tags. */
enum usage_kind usage_kind_from_tag(const char *s, size_t len);

/*
 * The checks every record passes once it is complete: times in order, the
 * model the caller expects.  Returns 0 or -1.
 */
int usage_check_record(struct usage_reader *r, struct usage_record *rec,
                       const struct usage_where *w);

/* Case-insensitive comparison of s[0..len) with a NUL-terminated name. */
int usage_name_is(const char *s, size_t len, const char *name);

/* The 1-based line and column of a position in the text. */
void usage_position(const struct usage_reader *r, const char *at, int *line, int *col);

/* A column a CSV reader looks for in the header. */
struct usage_column {
    const char *name;
    int required;
};

struct csv_reader;
/*
 * Reads the header row of a CSV log: for each of the ncols columns, idx[k]
 * is its field index, or -1 when absent.  Names match ignoring case and
 * surrounding blanks; other columns are ignored.  A missing required column
 * or a column named twice is an error that lists the header's columns;
 * what names the format in that message ("a usage CSV").  Returns 0 or -1.
 */
int usage_csv_header(struct usage_reader *r, struct csv_reader *csv,
                     const struct usage_column *cols, size_t ncols, int *idx, const char *what,
                     size_t *nfields);
/*
 * Reads the next data row and checks that it has nfields fields.  Returns
 * 1 for a row, 0 at the end, -1 on an error.
 */
int usage_csv_row(struct usage_reader *r, struct csv_reader *csv, size_t nfields);

/* The readers: each reads r->text whole and appends records. */
int usage_read_plain_csv(struct usage_reader *r);
int usage_read_litellm_csv(struct usage_reader *r);
int usage_read_json(struct usage_reader *r, enum usage_format format);

/*
 * Reads one LiteLLM spend-log row given as a JSON object (usage_litellm.c);
 * the object spans text[obj_start..obj_end) and starts on the given line.
 */
int usage_litellm_json_row(struct usage_reader *r, const struct cJSON *obj, const char *obj_start,
                           const char *obj_end, int line);

/*
 * For JSON readers: the position of "key" inside text[start..end), or start
 * when the key is not found, so that messages point at the field.
 */
const char *usage_json_key_at(const char *start, const char *end, const char *key);

/* Records an error at the key of a JSON object (or the object) and returns -1. */
int usage_json_error(struct usage_reader *r, const char *obj_start, const char *obj_end,
                     const char *key, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A JSON value that is a time: a string (ISO 8601 or digits) or a number. */
int usage_json_time(struct usage_reader *r, const struct cJSON *v, const char *obj_start,
                    const char *obj_end, const char *key, double *out);
/* A JSON value that is a token count: a number or a string of digits. */
int usage_json_count(struct usage_reader *r, const struct cJSON *v, const char *obj_start,
                     const char *obj_end, const char *key, uint32_t *out);
/* A JSON string's text, or NULL when v is not a non-empty string. */
const char *usage_json_string(const struct cJSON *v);

#endif
