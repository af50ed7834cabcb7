/*
 * bench: see bench.h.  Every reader adds points to one accumulator, which
 * remembers each point's file and position for the messages about it; the
 * points are then sorted and checked once, whatever the files were.
 */
#include "bench.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "csvread.h"
#include "util.h"

/* ---- names and numbers ---- */

/* "Time To First Token (ms)" -> "time_to_first_token_ms"; the caller frees. */
static char *normalize(const char *s, size_t len)
{
    char *out = xmalloc(len + 1);
    size_t n = 0;
    int sep = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (isalnum(ch)) {
            if (sep && n > 0)
                out[n++] = '_';
            out[n++] = (char)tolower(ch);
            sep = 0;
        } else {
            sep = 1;
        }
    }
    out[n] = '\0';
    return out;
}

/* What a column or a key holds, and in what unit. */
enum role { ROLE_CONCURRENCY, ROLE_TOK_S, ROLE_TTFT, ROLE_ITL, ROLE_COUNT };

struct alias {
    const char *name; /* normalized */
    enum role role;
    double scale; /* to the unit of the role: ms for latencies */
};

/* In order of preference: the first found of a role wins. */
static const struct alias aliases[] = {
    {"concurrency", ROLE_CONCURRENCY, 1},
    {"max_concurrency", ROLE_CONCURRENCY, 1},
    {"num_concurrent_requests", ROLE_CONCURRENCY, 1},
    {"output_tok_s", ROLE_TOK_S, 1},
    {"throughput", ROLE_TOK_S, 1},
    {"output_throughput", ROLE_TOK_S, 1},
    {"output_token_throughput", ROLE_TOK_S, 1},
    {"output_token_throughput_tokens_sec", ROLE_TOK_S, 1},
    {"output_token_throughput_tok_s", ROLE_TOK_S, 1},
    {"results_mean_output_throughput_token_per_s", ROLE_TOK_S, 1},
    {"ttft_ms", ROLE_TTFT, 1},
    {"mean_ttft_ms", ROLE_TTFT, 1},
    {"time_to_first_token_ms", ROLE_TTFT, 1},
    {"ttft_s", ROLE_TTFT, 1000},
    {"results_ttft_s_mean", ROLE_TTFT, 1000},
    {"itl_ms", ROLE_ITL, 1},
    {"mean_itl_ms", ROLE_ITL, 1},
    {"inter_token_latency_ms", ROLE_ITL, 1},
    {"itl_s", ROLE_ITL, 1000},
    {"results_inter_token_latency_s_mean", ROLE_ITL, 1000},
};

/* The alias a normalized name is, or NULL. */
static const struct alias *find_alias(const char *name)
{
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].name, name) == 0)
            return &aliases[i];
    return NULL;
}

/* Its preference among the aliases of its role (lower is better). */
static size_t alias_rank(const struct alias *a)
{
    return (size_t)(a - aliases);
}

enum number_status { NUMBER_OK, NUMBER_EMPTY, NUMBER_BAD, NUMBER_RANGE };

/*
 * A plain decimal number in [s, s + len), blanks around it allowed (no hex,
 * inf or nan); with thousands, ',' between digits too ("1,234.5").
 */
static enum number_status parse_number(const char *s, size_t len, int thousands, double *value)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return NUMBER_EMPTY;
    char *copy = xmalloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (thousands && ch == ',' && i > 0 && isdigit((unsigned char)s[i - 1]))
            continue;
        if (!strchr("0123456789.eE+-", ch) || ch == '\0') {
            free(copy);
            return NUMBER_BAD;
        }
        copy[n++] = ch;
    }
    copy[n] = '\0';
    char *end;
    errno = 0;
    double v = strtod(copy, &end);
    enum number_status st = NUMBER_OK;
    if (n == 0 || end != copy + n)
        st = NUMBER_BAD;
    else if (errno == ERANGE || !isfinite(v))
        st = NUMBER_RANGE;
    free(copy);
    *value = v;
    return st;
}

/* ---- the points of all files ---- */

struct acc {
    double *c, *x, *ttft, *itl;
    int *line, *col;
    size_t *file; /* index into files */
    size_t n, cap;
    int any_ttft, any_itl;
    const char **files;
    const char **texts; /* each file's text and length, for the line of a message */
    size_t *lens;
    size_t nfiles;
};

static void acc_add(struct acc *a, double c, double x, double ttft, double itl, int line, int col)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 16;
        a->c = xrealloc(a->c, a->cap * sizeof *a->c);
        a->x = xrealloc(a->x, a->cap * sizeof *a->x);
        a->ttft = xrealloc(a->ttft, a->cap * sizeof *a->ttft);
        a->itl = xrealloc(a->itl, a->cap * sizeof *a->itl);
        a->line = xrealloc(a->line, a->cap * sizeof *a->line);
        a->col = xrealloc(a->col, a->cap * sizeof *a->col);
        a->file = xrealloc(a->file, a->cap * sizeof *a->file);
    }
    a->c[a->n] = c;
    a->x[a->n] = x;
    a->ttft[a->n] = ttft;
    a->itl[a->n] = itl;
    a->line[a->n] = line;
    a->col[a->n] = col;
    a->file[a->n] = a->nfiles - 1;
    a->any_ttft = a->any_ttft || !isnan(ttft);
    a->any_itl = a->any_itl || !isnan(itl);
    a->n++;
}

static void acc_release(struct acc *a)
{
    free(a->c);
    free(a->x);
    free(a->ttft);
    free(a->itl);
    free(a->line);
    free(a->col);
    free(a->file);
    free(a->files);
    free(a->texts);
    free(a->lens);
}

/* ---- a table: a header naming the columns, one point a row ---- */

/* Where each role's column is (-1: none), and its scale. */
struct columns {
    long at[ROLE_COUNT];
    double scale[ROLE_COUNT];
    size_t rank[ROLE_COUNT];
    char *name[ROLE_COUNT]; /* as the header writes it */
};

static char *accepted(enum role role)
{
    struct strbuf sb = STRBUF_INIT;
    size_t k = 0;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (aliases[i].role == role && aliases[i].scale == 1 && k++ < 4)
            strbuf_printf(&sb, "%s'%s'", k > 1 ? ", " : "", aliases[i].name);
    return strbuf_detach(&sb);
}

/* A cell's text without the blanks around it, and the column where that starts. */
static const char *trimmed(const struct csv_field *f, const char *v, size_t *len, int *col)
{
    *col = f->col + (f->quoted ? 1 : 0);
    while (*len > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        (*len)--;
        (*col)++;
    }
    while (*len > 0 && (v[*len - 1] == ' ' || v[*len - 1] == '\t'))
        (*len)--;
    return v;
}

/* A cell of the current row as a positive number (or, for a latency, NAN when empty). */
static int read_cell(const char *file, const char *text, size_t len, struct csv_reader *r,
                     const struct columns *cols, enum role role, double *value, struct diag *d)
{
    long at = cols->at[role];
    int optional = role == ROLE_TTFT || role == ROLE_ITL;
    *value = NAN;
    if (at < 0)
        return 0;
    if ((size_t)at >= r->nfields) {
        const struct csv_field *last = &r->fields[r->nfields - 1];
        diag_set(d, file, text, len, last->line, last->col + (int)last->len,
                 "this row has no '%s' (column %ld of the header)", cols->name[role], at + 1);
        return -1;
    }
    const struct csv_field *f = &r->fields[at];
    size_t vlen;
    int col;
    const char *v = csv_value(r, (size_t)at, &vlen);
    v = trimmed(f, v, &vlen, &col);
    double x;
    switch (parse_number(v, vlen, 0, &x)) {
    case NUMBER_OK:
        break;
    case NUMBER_EMPTY:
        if (optional)
            return 0;
        diag_set(d, file, text, len, f->line, col, "'%s' needs a number, got nothing",
                 cols->name[role]);
        return -1;
    case NUMBER_BAD:
        diag_set(d, file, text, len, f->line, col, "'%s' needs a number such as '%s', got '%.*s'",
                 cols->name[role], role == ROLE_CONCURRENCY ? "32" : "1250.5", (int)vlen, v);
        return -1;
    case NUMBER_RANGE:
        diag_set(d, file, text, len, f->line, col, "'%s' is out of range: '%.*s'", cols->name[role],
                 (int)vlen, v);
        return -1;
    }
    if (optional ? x < 0 : !(x > 0)) {
        diag_set(d, file, text, len, f->line, col, "'%s' must be %s, got '%.*s'", cols->name[role],
                 optional ? "zero or more" : "positive", (int)vlen, v);
        return -1;
    }
    *value = x * cols->scale[role];
    return 0;
}

/* Whether the current row is a comment ('#' first) or blank. */
static int row_is_comment(struct csv_reader *r)
{
    size_t len;
    const char *v = csv_value(r, 0, &len);
    while (len > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        len--;
    }
    if (len > 0 && *v == '#' && !r->fields[0].quoted)
        return 1;
    if (r->nfields == 1 && len == 0)
        return 1;
    return 0;
}

/* The header row read already: finds the columns; -1 with d when a needed one is missing. */
static int find_columns(const char *file, const char *text, size_t len, struct csv_reader *r,
                        struct columns *cols, struct diag *d)
{
    for (int k = 0; k < ROLE_COUNT; k++) {
        cols->at[k] = -1;
        cols->name[k] = NULL;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        size_t vlen;
        int unused_col;
        const char *v = csv_value(r, i, &vlen);
        v = trimmed(&r->fields[i], v, &vlen, &unused_col);
        char *name = normalize(v, vlen);
        const struct alias *a = find_alias(name);
        free(name);
        if (!a || (cols->at[a->role] >= 0 && cols->rank[a->role] <= alias_rank(a)))
            continue;
        free(cols->name[a->role]);
        cols->at[a->role] = (long)i;
        cols->scale[a->role] = a->scale;
        cols->rank[a->role] = alias_rank(a);
        cols->name[a->role] = xstrndup(v, vlen);
    }
    const struct csv_field *first = &r->fields[0];
    double unused;
    size_t vlen;
    const char *v = csv_value(r, 0, &vlen);
    if (cols->at[ROLE_CONCURRENCY] < 0 && parse_number(v, vlen, 0, &unused) == NUMBER_OK) {
        diag_set(d, file, text, len, first->line, first->col,
                 "the header naming the columns (such as 'concurrency,output_tok_s') must come "
                 "before the data");
        return -1;
    }
    for (int k = ROLE_CONCURRENCY; k <= ROLE_TOK_S; k++) {
        if (cols->at[k] >= 0)
            continue;
        char *list = accepted((enum role)k);
        diag_set(d, file, text, len, first->line, first->col,
                 "the header has no %s column: name it %s",
                 k == ROLE_CONCURRENCY ? "concurrency" : "output throughput", list);
        free(list);
        return -1;
    }
    return 0;
}

static int read_table(const char *file, const char *text, size_t len, struct csv_reader *r,
                      struct acc *a, struct diag *d)
{
    struct columns cols;
    int rc = -1, header_line = r->fields[0].line;
    size_t before = a->n;
    if (find_columns(file, text, len, r, &cols, d) != 0)
        goto out;
    size_t width = r->nfields;
    for (;;) {
        const char *why;
        int line, col;
        int got = csv_reader_next(r, &why, &line, &col);
        if (got < 0) {
            diag_set(d, file, text, len, line, col, "%s", why);
            goto out;
        }
        if (got == 0)
            break;
        if (row_is_comment(r))
            continue;
        if (r->nfields > width) {
            const struct csv_field *f = &r->fields[width];
            diag_set(d, file, text, len, f->line, f->col, "this row has %zu cells, the header %zu",
                     r->nfields, width);
            goto out;
        }
        double v[ROLE_COUNT];
        for (int k = 0; k < ROLE_COUNT; k++)
            if (read_cell(file, text, len, r, &cols, (enum role)k, &v[k], d) != 0)
                goto out;
        const struct csv_field *c = &r->fields[cols.at[ROLE_CONCURRENCY]];
        size_t clen;
        int ccol;
        trimmed(c, csv_value(r, (size_t)cols.at[ROLE_CONCURRENCY], &clen), &clen, &ccol);
        acc_add(a, v[ROLE_CONCURRENCY], v[ROLE_TOK_S], v[ROLE_TTFT], v[ROLE_ITL], c->line, ccol);
    }
    if (a->n == before) {
        diag_set(d, file, text, len, header_line, 1,
                 "no data after the header: expected one point a row, such as '32,1250.5'");
        goto out;
    }
    rc = 0;
out:
    for (int k = 0; k < ROLE_COUNT; k++)
        free(cols.name[k]);
    return rc;
}

/* ---- one run of GenAI-Perf or AIPerf ---- */

/* The concurrency its folder or file name says: "...concurrency16...", "concurrency_16"; NAN. */
static double concurrency_from_path(const char *path)
{
    double found = NAN;
    for (const char *p = path; *p; p++) {
        if (strncasecmp(p, "concurrency", 11) != 0)
            continue;
        const char *q = p + 11;
        while (*q == '_' || *q == '-' || *q == '=')
            q++;
        if (isdigit((unsigned char)*q))
            found = strtod(q, NULL);
    }
    return found;
}

/* input_config's concurrency: GenAI-Perf's {concurrency}, AIPerf's {loadgen: {concurrency}}. */
static double concurrency_from_config(const cJSON *root)
{
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(root, "input_config");
    const cJSON *loadgen = cJSON_GetObjectItemCaseSensitive(cfg, "loadgen");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(loadgen, "concurrency");
    if (!cJSON_IsNumber(c))
        c = cJSON_GetObjectItemCaseSensitive(cfg, "concurrency");
    return cJSON_IsNumber(c) ? c->valuedouble : NAN;
}

/* A run's CSV: the concurrency from the JSON beside it, else from the path. */
static double concurrency_beside(const char *file)
{
    static const char *const siblings[] = {"profile_export_genai_perf.json",
                                           "profile_export_aiperf.json"};
    const char *slash = strrchr(file, '/');
    for (size_t i = 0; i < 2; i++) {
        char *path = slash ? xasprintf("%.*s/%s", (int)(slash - file), file, siblings[i])
                           : xstrdup(siblings[i]);
        char *text = NULL;
        size_t len;
        double c = NAN;
        if (read_whole_file(path, &text, &len) == 0) {
            cJSON *json = cJSON_ParseWithLength(text, len);
            c = concurrency_from_config(json);
            cJSON_Delete(json);
        }
        free(text);
        free(path);
        if (!isnan(c))
            return c;
    }
    return concurrency_from_path(file);
}

/*
 * "Metric,avg,min,..." rows of statistics, then "Metric,Value" rows: the
 * output token throughput (its Value, or its avg), and the averages of the
 * time to first token and the inter-token latency.
 */
static int read_perf_csv(const char *file, const char *text, size_t len, struct csv_reader *r,
                         struct acc *a, struct diag *d)
{
    double v[ROLE_COUNT] = {NAN, NAN, NAN, NAN};
    int line[ROLE_COUNT] = {0}, col[ROLE_COUNT] = {0};
    /* Each section's header ("Metric,avg,..." or "Metric,Value"): the value is column 1. */
    const size_t value_at = 1;
    for (int got = 1; got > 0;) {
        const char *why;
        int eline, ecol;
        if (row_is_comment(r))
            goto next;
        size_t nlen;
        const char *n = csv_value(r, 0, &nlen);
        char *name = normalize(n, nlen);
        enum role role = ROLE_COUNT;
        if (strcmp(name, "output_token_throughput_tokens_sec") == 0 ||
            strcmp(name, "output_token_throughput_per_sec") == 0 ||
            strcmp(name, "output_token_throughput") == 0)
            role = ROLE_TOK_S;
        else if (strcmp(name, "time_to_first_token_ms") == 0)
            role = ROLE_TTFT;
        else if (strcmp(name, "inter_token_latency_ms") == 0)
            role = ROLE_ITL;
        free(name);
        if (role != ROLE_COUNT && value_at < r->nfields) {
            size_t vlen;
            const char *sv = csv_value(r, value_at, &vlen);
            const struct csv_field *f = &r->fields[value_at];
            if (parse_number(sv, vlen, 1, &v[role]) != NUMBER_OK || !(v[role] >= 0)) {
                diag_set(d, file, text, len, f->line, f->col, "'%.*s' needs a number, got '%.*s'",
                         (int)nlen, n, (int)vlen, sv);
                return -1;
            }
            line[role] = f->line;
            col[role] = f->col;
        }
    next:
        got = csv_reader_next(r, &why, &eline, &ecol);
        if (got < 0) {
            diag_set(d, file, text, len, eline, ecol, "%s", why);
            return -1;
        }
    }
    if (isnan(v[ROLE_TOK_S]) || !(v[ROLE_TOK_S] > 0)) {
        diag_set(d, file, NULL, 0, 0, 0,
                 "a GenAI-Perf or AIPerf export without a positive 'Output Token Throughput'");
        return -1;
    }
    double c = concurrency_beside(file);
    if (!(c > 0)) {
        diag_set(d, file, NULL, 0, 0, 0,
                 "a GenAI-Perf or AIPerf run says no concurrency: none in "
                 "profile_export_genai_perf.json or profile_export_aiperf.json beside it, nor in "
                 "its path (such as 'concurrency16/')");
        return -1;
    }
    acc_add(a, c, v[ROLE_TOK_S], v[ROLE_TTFT], v[ROLE_ITL], line[ROLE_TOK_S], col[ROLE_TOK_S]);
    return 0;
}

/* ---- JSON: a run of vLLM, llmperf, GenAI-Perf or AIPerf ---- */

static double json_number(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* GenAI-Perf and AIPerf keep a statistic as {"unit": ..., "avg": ...}. */
static double json_avg(const cJSON *o, const char *key)
{
    return json_number(cJSON_GetObjectItemCaseSensitive(o, key), "avg");
}

static int read_json_run(const char *file, const cJSON *o, struct acc *a, struct diag *d)
{
    double c = NAN, x = NAN, ttft = NAN, itl = NAN;
    const char *what;
    if (cJSON_GetObjectItemCaseSensitive(o, "output_throughput")) {
        what = "vLLM's benchmark result";
        x = json_number(o, "output_throughput");
        c = json_number(o, "max_concurrency");
        ttft = json_number(o, "mean_ttft_ms");
        itl = json_number(o, "mean_itl_ms");
        if (isnan(c)) {
            diag_set(d, file, NULL, 0, 0, 0,
                     "%s has no 'max_concurrency' (the run set only a request rate): run it "
                     "with --max-concurrency N",
                     what);
            return -1;
        }
    } else if (cJSON_GetObjectItemCaseSensitive(o, "results_mean_output_throughput_token_per_s")) {
        what = "llmperf's summary";
        x = json_number(o, "results_mean_output_throughput_token_per_s");
        c = json_number(o, "num_concurrent_requests");
        ttft = json_number(o, "results_ttft_s_mean") * 1000;
        itl = json_number(o, "results_inter_token_latency_s_mean") * 1000;
    } else if (cJSON_GetObjectItemCaseSensitive(o, "output_token_throughput")) {
        what = "a GenAI-Perf or AIPerf export";
        x = json_avg(o, "output_token_throughput");
        c = concurrency_from_config(o);
        if (isnan(c))
            c = concurrency_from_path(file);
        ttft = json_avg(o, "time_to_first_token");
        itl = json_avg(o, "inter_token_latency");
    } else {
        diag_set(d, file, NULL, 0, 0, 0,
                 "a JSON file of no benchmark fit reads: expected vLLM's benchmark result "
                 "(output_throughput, max_concurrency), llmperf's summary "
                 "(results_mean_output_throughput_token_per_s, num_concurrent_requests) or a "
                 "GenAI-Perf or AIPerf export (output_token_throughput, input_config)");
        return -1;
    }
    if (!(c > 0)) {
        diag_set(d, file, NULL, 0, 0, 0, "%s says no concurrency above zero", what);
        return -1;
    }
    if (!(x > 0)) {
        diag_set(d, file, NULL, 0, 0, 0, "%s says no output throughput above zero", what);
        return -1;
    }
    acc_add(a, c, x, ttft >= 0 ? ttft : NAN, itl >= 0 ? itl : NAN, 0, 0);
    return 0;
}

static int read_json(const char *file, const char *text, size_t len, struct acc *a, struct diag *d)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        int line, col;
        diag_position(text, len, end && end >= text ? (size_t)(end - text) : 0, &line, &col);
        diag_set(d, file, text, len, line, col, "not valid JSON here");
        return -1;
    }
    int rc = 0;
    if (cJSON_IsArray(root)) {
        /* A list of runs, one point each. */
        const cJSON *o;
        cJSON_ArrayForEach(o, root) if (rc == 0) rc = read_json_run(file, o, a, d);
    } else {
        rc = read_json_run(file, root, a, d);
    }
    cJSON_Delete(root);
    return rc;
}

/* ---- one file, by its content ---- */

static int read_text(const char *file, const char *text, size_t len, struct acc *a, struct diag *d)
{
    a->files = xrealloc(a->files, (a->nfiles + 1) * sizeof *a->files);
    a->texts = xrealloc(a->texts, (a->nfiles + 1) * sizeof *a->texts);
    a->lens = xrealloc(a->lens, (a->nfiles + 1) * sizeof *a->lens);
    a->files[a->nfiles] = file;
    a->texts[a->nfiles] = text;
    a->lens[a->nfiles++] = len;
    /* Spreadsheets often start a CSV export with a UTF-8 byte order mark. */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t i = skip;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (i < len && (text[i] == '{' || text[i] == '['))
        return read_json(file, text, len, a, d);
    struct csv_reader r;
    csv_reader_init(&r, text + skip, len - skip);
    int rc = -1;
    for (;;) {
        const char *why;
        int line, col;
        int got = csv_reader_next(&r, &why, &line, &col);
        if (got < 0) {
            diag_set(d, file, text, len, line, col, "%s", why);
            break;
        }
        if (got == 0) {
            diag_set(d, file, NULL, 0, 0, 0,
                     "no header: the file needs a line naming its columns, such as "
                     "'concurrency,output_tok_s', and then one point a line");
            break;
        }
        if (row_is_comment(&r))
            continue;
        size_t nlen;
        const char *n = csv_value(&r, 0, &nlen);
        char *name = normalize(n, nlen);
        int perf = strcmp(name, "metric") == 0 || strcmp(name, "statistic") == 0;
        free(name);
        rc =
            perf ? read_perf_csv(file, text, len, &r, a, d) : read_table(file, text, len, &r, a, d);
        break;
    }
    csv_reader_release(&r);
    return rc;
}

/* The points of a, sorted and checked, into *points. */
static int finish(struct acc *a, struct curve_points *points, struct diag *d)
{
    struct curve_points p = CURVE_POINTS_INIT;
    p.n = a->n;
    p.concurrency = xmalloc((a->n ? a->n : 1) * sizeof *p.concurrency);
    p.tok_s = xmalloc((a->n ? a->n : 1) * sizeof *p.tok_s);
    p.line = xmalloc((a->n ? a->n : 1) * sizeof *p.line);
    /* No point read (a JSON document with none) leaves a's arrays NULL: nothing to copy. */
    if (a->n) {
        memcpy(p.concurrency, a->c, a->n * sizeof *p.concurrency);
        memcpy(p.tok_s, a->x, a->n * sizeof *p.tok_s);
        memcpy(p.line, a->line, a->n * sizeof *p.line);
    }
    if (a->any_ttft) {
        p.ttft_ms = xmalloc((a->n ? a->n : 1) * sizeof *p.ttft_ms);
        if (a->n)
            memcpy(p.ttft_ms, a->ttft, a->n * sizeof *p.ttft_ms);
    }
    if (a->any_itl) {
        p.itl_ms = xmalloc((a->n ? a->n : 1) * sizeof *p.itl_ms);
        if (a->n)
            memcpy(p.itl_ms, a->itl, a->n * sizeof *p.itl_ms);
    }
    size_t first = 0;
    long dup = curve_points_sort(&p, &first);
    if (dup >= 0) {
        const char *f = a->files[a->file[dup]];
        if (a->file[dup] != a->file[first])
            diag_set(d, f, NULL, 0, 0, 0, "concurrency %.17g appears twice (first in '%s')",
                     a->c[dup], a->files[a->file[first]]);
        else if (a->line[dup] > 0)
            diag_set(d, f, a->texts[a->file[dup]], a->lens[a->file[dup]], a->line[dup], a->col[dup],
                     "concurrency %.17g appears twice (first on line %d)", a->c[dup],
                     a->line[first]);
        else
            diag_set(d, f, NULL, 0, 0, 0, "concurrency %.17g appears twice", a->c[dup]);
        curve_points_release(&p);
        return -1;
    }
    p.file = a->nfiles == 1 ? xstrdup(a->files[0])
                            : xasprintf("%s and %zu more", a->files[0], a->nfiles - 1);
    *points = p;
    return 0;
}

int bench_parse(const char *file, const char *text, size_t len, struct curve_points *points,
                struct diag *d)
{
    struct curve_points empty = CURVE_POINTS_INIT;
    struct acc a = {0};
    *points = empty;
    int rc = read_text(file, text, len, &a, d) == 0 ? finish(&a, points, d) : -1;
    acc_release(&a);
    return rc;
}

int bench_read(const char *const *paths, size_t n, struct curve_points *points, struct diag *d)
{
    struct curve_points empty = CURVE_POINTS_INIT;
    struct acc a = {0};
    char **texts = xcalloc(n ? n : 1, sizeof *texts);
    int rc = -1;
    *points = empty;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *why = NULL;
        if (read_input_file(paths[i], INPUT_MAX_BYTES, &texts[i], &len, &why) != 0) {
            diag_set(d, paths[i], NULL, 0, 0, 0, "cannot read the file: %s", why);
            free(why);
            goto out;
        }
        if (read_text(paths[i], texts[i], len, &a, d) != 0)
            goto out;
    }
    rc = finish(&a, points, d);
out:
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    acc_release(&a);
    return rc;
}
