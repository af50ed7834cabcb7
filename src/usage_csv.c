/*
 * usage_csv: raftcost's plain usage CSV, and the header and row handling
 * that the LiteLLM CSV reader shares.  The plain CSV is for logs a team
 * writes itself (from the generator's client, or converted from a gateway
 * the other readers do not know):
 *
 *   start, end, first_token, prompt_tokens, completion_tokens, deployment,
 *   status, kind, model, id, spend
 *
 * start, end, prompt_tokens, completion_tokens, deployment and status are
 * required; the others may be left out or left empty.  Times are ISO 8601
 * or Unix seconds (timestamp.h).  status is success (or ok, 200), 429 (or
 * rate_limited) or failure (or failed, error, or another 4xx/5xx code);
 * kind is question, answer or other (not a completion call).
 */
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "timestamp.h"
#include "usage_internal.h"

int usage_csv_header(struct usage_reader *r, struct csv_reader *csv,
                     const struct usage_column *cols, size_t ncols, int *idx, const char *what,
                     size_t *nfields)
{
    const char *why;
    int line, col;
    int got = csv_reader_next(csv, &why, &line, &col);
    if (got < 0)
        return usage_error(r, line, col, "%s", why);
    if (got == 0)
        return usage_error(r, 1, 1, "the log is empty: %s starts with a header row", what);
    for (size_t k = 0; k < ncols; k++)
        idx[k] = -1;
    for (size_t i = 0; i < csv->nfields; i++) {
        size_t n;
        const char *v = csv_value(csv, i, &n);
        while (n && (*v == ' ' || *v == '\t')) {
            v++;
            n--;
        }
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        for (size_t k = 0; k < ncols; k++) {
            if (!usage_name_is(v, n, cols[k].name))
                continue;
            if (idx[k] >= 0)
                return usage_error(r, csv->fields[i].line, csv->fields[i].col,
                                   "column '%s' appears twice in the header (fields %d and %zu)",
                                   cols[k].name, idx[k] + 1, i + 1);
            idx[k] = (int)i;
        }
    }
    struct strbuf missing = STRBUF_INIT, found = STRBUF_INIT;
    size_t nmissing = 0;
    for (size_t k = 0; k < ncols; k++)
        if (cols[k].required && idx[k] < 0)
            strbuf_printf(&missing, "%s'%s'", nmissing++ ? ", " : "", cols[k].name);
    int rc = 0;
    if (nmissing) {
        for (size_t i = 0; i < csv->nfields && i < 20; i++) {
            size_t n;
            const char *v = csv_value(csv, i, &n);
            strbuf_printf(&found, "%s'%.*s'", i ? ", " : "", (int)(n > 40 ? 40 : n), v);
        }
        if (csv->nfields > 20)
            strbuf_printf(&found, " and %zu more", csv->nfields - 20);
        rc = usage_error(r, csv->row_line, 1, "%s needs the column%s %s; the header has %s", what,
                         nmissing > 1 ? "s" : "", missing.buf, found.buf);
    }
    strbuf_release(&missing);
    strbuf_release(&found);
    *nfields = csv->nfields;
    return rc;
}

int usage_csv_row(struct usage_reader *r, struct csv_reader *csv, size_t nfields)
{
    const char *why;
    int line, col;
    int got = csv_reader_next(csv, &why, &line, &col);
    if (got < 0)
        return usage_error(r, line, col, "%s", why);
    if (got == 0)
        return 0;
    if (csv->nfields != nfields) {
        const struct csv_field *f =
            &csv->fields[csv->nfields > nfields ? nfields : csv->nfields - 1];
        return usage_error(r, f->line, f->col, "this row has %zu field%s, the header has %zu",
                           csv->nfields, csv->nfields == 1 ? "" : "s", nfields);
    }
    return 1;
}

enum {
    COL_START,
    COL_END,
    COL_FIRST_TOKEN,
    COL_PROMPT,
    COL_COMPLETION,
    COL_DEPLOYMENT,
    COL_STATUS,
    COL_KIND,
    COL_MODEL,
    COL_ID,
    COL_SPEND,
    NCOLS
};

static const struct usage_column plain_columns[NCOLS] = {
    {"start", 1},
    {"end", 1},
    {"first_token", 0},
    {"prompt_tokens", 1},
    {"completion_tokens", 1},
    {"deployment", 1},
    {"status", 1},
    {"kind", 0},
    {"model", 0},
    {"id", 0},
    {"spend", 0},
};

static int plain_status(struct usage_reader *r, const struct csv_cell *c, struct usage_record *rec)
{
    const char *v = c->v;
    size_t n = c->n;
    if (usage_name_is(v, n, "success") || usage_name_is(v, n, "ok") || usage_name_is(v, n, "200")) {
        rec->status = USAGE_OK;
        return 0;
    }
    if (usage_name_is(v, n, "429") || usage_name_is(v, n, "rate_limited") ||
        usage_name_is(v, n, "rate-limited")) {
        rec->status = USAGE_RATE_LIMITED;
        return 0;
    }
    int http_error = n == 3 && (v[0] == '4' || v[0] == '5') && v[1] >= '0' && v[1] <= '9' &&
                     v[2] >= '0' && v[2] <= '9';
    if (http_error || usage_name_is(v, n, "failure") || usage_name_is(v, n, "failed") ||
        usage_name_is(v, n, "error")) {
        rec->status = USAGE_FAILED;
        return 0;
    }
    return usage_error(r, c->line, c->col,
                       "'status' must be success, 429 (rate-limited) or failure (or an HTTP "
                       "status code), got '%.*s'",
                       (int)(n > 40 ? 40 : n), v);
}

static int plain_kind(struct usage_reader *r, const struct csv_cell *c, struct usage_record *rec)
{
    enum usage_kind kind = usage_kind_from_tag(c->v, c->n);
    if (kind != USAGE_KIND_UNTAGGED && !memchr(c->v, ':', c->n)) {
        rec->kind = (uint8_t)kind;
        return 0;
    }
    if (usage_name_is(c->v, c->n, "other")) {
        rec->kind = USAGE_KIND_OTHER;
        return 0;
    }
    return usage_error(r, c->line, c->col,
                       "'kind' must be question, answer or other (or empty), got '%.*s'",
                       (int)(c->n > 40 ? 40 : c->n), c->v);
}

static int plain_row(struct usage_reader *r, struct csv_reader *csv, const int *idx)
{
    struct usage_record *rec = usage_new_record(r, csv->row_line);
    struct usage_where w = {csv->row_line, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL};
    struct csv_cell c;
    static const char *const names[NCOLS] = {
        "start",      "end",    "first_token", "prompt_tokens", "completion_tokens",
        "deployment", "status", "kind",        "model",         "id",
        "spend"};
    /* Required cells must not be empty. */
    for (int k = 0; k < NCOLS; k++)
        if (plain_columns[k].required && !csv_cell(csv, idx, k, &c)) {
            const struct csv_field *f = &csv->fields[idx[k]];
            return usage_error(r, f->line, f->col, "empty '%s'", names[k]);
        }
    csv_cell(csv, idx, COL_START, &c);
    w.start_col = c.col;
    if (usage_parse_time(r, c.v, c.n, TIMESTAMP_EPOCH, c.line, c.col, "start", &rec->start_s))
        return -1;
    csv_cell(csv, idx, COL_END, &c);
    w.end_col = c.col;
    if (usage_parse_time(r, c.v, c.n, TIMESTAMP_EPOCH, c.line, c.col, "end", &rec->end_s))
        return -1;
    if (csv_cell(csv, idx, COL_FIRST_TOKEN, &c)) {
        w.first_token_col = c.col;
        if (usage_parse_time(r, c.v, c.n, TIMESTAMP_EPOCH, c.line, c.col, "first_token",
                             &rec->first_token_s))
            return -1;
    }
    csv_cell(csv, idx, COL_PROMPT, &c);
    if (usage_parse_count(r, c.v, c.n, c.line, c.col, "prompt_tokens", &rec->prompt_tokens))
        return -1;
    csv_cell(csv, idx, COL_COMPLETION, &c);
    if (usage_parse_count(r, c.v, c.n, c.line, c.col, "completion_tokens", &rec->completion_tokens))
        return -1;
    csv_cell(csv, idx, COL_DEPLOYMENT, &c);
    rec->deployment = usage_intern(r, c.v, c.n);
    csv_cell(csv, idx, COL_STATUS, &c);
    if (plain_status(r, &c, rec))
        return -1;
    if (csv_cell(csv, idx, COL_KIND, &c) && plain_kind(r, &c, rec))
        return -1;
    if (csv_cell(csv, idx, COL_MODEL, &c)) {
        w.model_col = c.col;
        rec->model = usage_intern(r, c.v, c.n);
    }
    if (csv_cell(csv, idx, COL_ID, &c) && usage_add_id(r, c.v, c.n, &rec->id))
        return usage_error(r, c.line, c.col, "too many request ids to hold");
    if (csv_cell(csv, idx, COL_SPEND, &c) &&
        usage_parse_money(r, c.v, c.n, c.line, c.col, "spend", &rec->spend))
        return -1;
    return usage_check_record(r, rec, &w);
}

int usage_read_plain_csv(struct usage_reader *r)
{
    struct csv_reader csv;
    csv_reader_init(&csv, r->text, r->len);
    int idx[NCOLS], rc, header_line;
    size_t nfields;
    if ((rc = usage_csv_header(r, &csv, plain_columns, NCOLS, idx, "a usage CSV", &nfields)))
        goto out;
    header_line = csv.row_line;
    while ((rc = usage_csv_row(r, &csv, nfields)) == 1)
        if ((rc = plain_row(r, &csv, idx)))
            goto out;
    if (rc == 0 && r->log->n == 0)
        rc = usage_error(r, header_line, 1, "the log has a header but no requests");
out:
    csv_reader_release(&csv);
    return rc < 0 ? -1 : 0;
}
