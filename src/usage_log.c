/*
 * usage_log: see usage_log.h.  This file opens and maps the file, detects
 * the format, and holds what every reader shares: interned names, field
 * conversions and the checks of a finished record.  The formats themselves
 * are read in usage_csv.c, usage_litellm.c and usage_jsonl.c.
 */
#include "usage_log.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "timestamp.h"
#include "usage_internal.h"

const char *usage_format_name(enum usage_format format)
{
    switch (format) {
    case USAGE_CSV:
        return "usage CSV";
    case USAGE_LITELLM_CSV:
        return "LiteLLM spend log (CSV)";
    case USAGE_LITELLM_JSON:
        return "LiteLLM spend log (JSON)";
    case USAGE_OPENAI_JSONL:
        return "OpenAI-compatible responses (JSONL)";
    case USAGE_AUTO:
        break;
    }
    return "usage log";
}

const char *usage_status_name(enum usage_status status)
{
    switch (status) {
    case USAGE_OK:
        return "success";
    case USAGE_RATE_LIMITED:
        return "rate-limited";
    case USAGE_FAILED:
        return "failure";
    }
    return "failure";
}

int usage_error(struct usage_reader *r, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = xvasprintf(fmt, ap);
    va_end(ap);
    diag_set(r->d, r->file, r->text, r->len, line, col, "%s", message);
    free(message);
    return -1;
}

void usage_position(const struct usage_reader *r, const char *at, int *line, int *col)
{
    int l = 1;
    const char *line_start = r->text;
    for (const char *p = memchr(r->text, '\n', (size_t)(at - r->text)); p;
         p = memchr(p + 1, '\n', (size_t)(at - p - 1))) {
        l++;
        line_start = p + 1;
    }
    *line = l;
    *col = (int)(at - line_start) + 1;
}

int usage_name_is(const char *s, size_t len, const char *name)
{
    return strlen(name) == len && strncasecmp(s, name, len) == 0;
}

uint32_t usage_intern(struct usage_reader *r, const char *s, size_t len)
{
    if (len == 0)
        return USAGE_NONE;
    if (r->last_name && r->last_len == len && memcmp(r->last_name, s, len) == 0)
        return r->last_ref;
    if (r->last_name_cap < len + 1) {
        r->last_name_cap = 2 * (len + 1);
        r->last_name = xrealloc(r->last_name, r->last_name_cap);
    }
    memcpy(r->last_name, s, len);
    r->last_name[len] = '\0';
    r->last_len = len;
    struct usage_log *log = r->log;
    size_t ref;
    if (!strmap_get(&log->index, r->last_name, &ref)) {
        if (log->nstrings == log->strings_cap) {
            log->strings_cap = log->strings_cap ? 2 * log->strings_cap : 16;
            log->strings = xrealloc(log->strings, log->strings_cap * sizeof *log->strings);
        }
        ref = log->nstrings;
        log->strings[log->nstrings++] = xstrndup(s, len);
        strmap_put(&log->index, log->strings[ref], ref);
    }
    r->last_ref = (uint32_t)ref;
    return r->last_ref;
}

int usage_add_id(struct usage_reader *r, const char *s, size_t len, uint32_t *ref)
{
    struct usage_log *log = r->log;
    if (len == 0) {
        *ref = USAGE_NONE;
        return 0;
    }
    if (log->ids_len + len + 1 >= USAGE_NONE)
        return -1;
    if (log->ids_len + len + 1 > log->ids_cap) {
        log->ids_cap = log->ids_cap ? 2 * log->ids_cap : 4096;
        while (log->ids_cap < log->ids_len + len + 1)
            log->ids_cap *= 2;
        log->ids = xrealloc(log->ids, log->ids_cap);
    }
    *ref = (uint32_t)log->ids_len;
    memcpy(log->ids + log->ids_len, s, len);
    log->ids[log->ids_len + len] = '\0';
    log->ids_len += len + 1;
    return 0;
}

struct usage_record *usage_new_record(struct usage_reader *r, int row)
{
    struct usage_log *log = r->log;
    if (log->n == log->cap) {
        log->cap = log->cap ? 2 * log->cap : 256;
        log->records = xrealloc(log->records, log->cap * sizeof *log->records);
    }
    struct usage_record *rec = &log->records[log->n++];
    rec->start_s = rec->end_s = rec->first_token_s = rec->spend = NAN;
    rec->prompt_tokens = rec->completion_tokens = 0;
    rec->id = rec->deployment = rec->model = rec->model_group = USAGE_NONE;
    rec->row = (uint32_t)row;
    rec->status = USAGE_OK;
    rec->kind = USAGE_KIND_UNTAGGED;
    return rec;
}

/* Shows a field in a message: at most 40 characters of it. */
static char *shown(const char *s, size_t len)
{
    return len > 40 ? xasprintf("%.37s...", s) : xstrndup(s, len);
}

int usage_parse_time(struct usage_reader *r, const char *s, size_t len, unsigned ts_flags, int line,
                     int col, const char *name, double *out)
{
    const char *why;
    size_t offset;
    if (timestamp_parse(s, len, ts_flags, out, &why, &offset) == 0)
        return 0;
    char *value = shown(s, len);
    usage_error(r, line, col + (int)offset, "'%s' is not a time: %s (got '%s')", name, why, value);
    free(value);
    return -1;
}

int usage_parse_count(struct usage_reader *r, const char *s, size_t len, int line, int col,
                      const char *name, uint32_t *out)
{
    size_t i = 0, n = len;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    uint64_t v = 0;
    size_t first = i;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > UINT32_MAX)
            break;
    }
    /* "12.0" is a whole number too (some exports write integers as floats). */
    if (i < n && s[i] == '.' && i > first) {
        size_t k = i + 1;
        while (k < n && s[k] == '0')
            k++;
        if (k == n)
            i = n;
    }
    if (i == n && i > first && v <= UINT32_MAX) {
        *out = (uint32_t)v;
        return 0;
    }
    char *value = shown(s, len);
    if (v > UINT32_MAX)
        usage_error(r, line, col, "'%s' is too large a token count (got '%s')", name, value);
    else
        usage_error(r, line, col, "'%s' must be a whole number of tokens, 0 or more (got '%s')",
                    name, value);
    free(value);
    return -1;
}

int usage_parse_money(struct usage_reader *r, const char *s, size_t len, int line, int col,
                      const char *name, double *out)
{
    char buf[64];
    size_t i = 0, n = len;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (i == n) {
        *out = NAN;
        return 0;
    }
    if (n - i < sizeof buf) {
        memcpy(buf, s + i, n - i);
        buf[n - i] = '\0';
        char *end;
        errno = 0;
        double v = strtod(buf, &end);
        if (*end == '\0' && errno == 0 && isfinite(v) && v >= 0) {
            *out = v;
            return 0;
        }
    }
    char *value = shown(s, len);
    usage_error(r, line, col, "'%s' must be an amount of money, 0 or more (got '%s')", name, value);
    free(value);
    return -1;
}

enum usage_kind usage_kind_from_tag(const char *s, size_t len)
{
    const char *colon = memchr(s, ':', len);
    /* The part after the last ':' names the kind. */
    while (colon) {
        size_t skip = (size_t)(colon - s) + 1;
        s += skip;
        len -= skip;
        colon = memchr(s, ':', len);
    }
    if (usage_name_is(s, len, "question"))
        return USAGE_KIND_QUESTION;
    if (usage_name_is(s, len, "answer"))
        return USAGE_KIND_ANSWER;
    return USAGE_KIND_UNTAGGED;
}

static const char *model_base(const char *s)
{
    const char *slash = strrchr(s, '/');
    return slash ? slash + 1 : s;
}

int usage_model_matches(const char *expected, const char *got)
{
    const char *a = model_base(expected), *b = model_base(got);
    size_t la = strlen(a), lb = strlen(b);
    if (lb < la || strncasecmp(a, b, la) != 0)
        return 0;
    if (lb == la)
        return 1;
    if (b[la] != '-')
        return 0;
    int digit = 0;
    for (size_t i = la; i < lb; i++) {
        if (b[i] >= '0' && b[i] <= '9')
            digit = 1;
        else if (b[i] != '-')
            return 0;
    }
    return digit;
}

/* The line and column of a checked field: given, or found by its JSON key. */
static void where_at(const struct usage_reader *r, const struct usage_where *w, int col,
                     const char *key, int *out_line, int *out_col)
{
    *out_line = w->line;
    *out_col = col;
    if (w->obj_start && key)
        usage_position(r, usage_json_key_at(w->obj_start, w->obj_end, key), out_line, out_col);
}

int usage_check_record(struct usage_reader *r, struct usage_record *rec,
                       const struct usage_where *w)
{
    char a[32], b[32];
    int line, col;
    if (!isnan(rec->end_s) && !isnan(rec->start_s) && rec->end_s < rec->start_s) {
        timestamp_format(rec->end_s, a, sizeof a);
        timestamp_format(rec->start_s, b, sizeof b);
        where_at(r, w, w->end_col, w->end_key, &line, &col);
        return usage_error(r, line, col,
                           "the request ends before it starts (end %s, start %s): a negative "
                           "duration",
                           a, b);
    }
    if (!isnan(rec->first_token_s)) {
        int before = rec->first_token_s < rec->start_s;
        if (before || (!isnan(rec->end_s) && rec->first_token_s > rec->end_s)) {
            where_at(r, w, w->first_token_col, w->first_token_key, &line, &col);
            return usage_error(r, line, col,
                               before ? "the first token comes before the request starts: a "
                                        "negative time to first token"
                                      : "the first token comes after the request ends");
        }
        r->log->has_first_token = 1;
    }
    if (!isnan(rec->spend))
        r->log->has_spend = 1;
    if (r->expected_model && rec->kind != USAGE_KIND_OTHER && rec->model != USAGE_NONE) {
        const char *model = usage_log_str(r->log, rec->model);
        const char *group = usage_log_str(r->log, rec->model_group);
        if (!usage_model_matches(r->expected_model, model) &&
            !(group && usage_model_matches(r->expected_model, group))) {
            where_at(r, w, w->model_col, w->model_key, &line, &col);
            return usage_error(r, line, col,
                               "the log is for model '%s', not the scenario's model '%s'", model,
                               r->expected_model);
        }
    }
    return 0;
}

const char *usage_log_str(const struct usage_log *log, uint32_t ref)
{
    return ref == USAGE_NONE || ref >= log->nstrings ? NULL : log->strings[ref];
}

const char *usage_log_id(const struct usage_log *log, const struct usage_record *rec)
{
    return rec->id == USAGE_NONE ? NULL : log->ids + rec->id;
}

/* The first JSON object of the text, for detection; NULL when none parses. */
static cJSON *first_json_object(const char *p, const char *end)
{
    if (p < end && *p == '[') {
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
    }
    if (p >= end || *p != '{')
        return NULL;
    /* Only the first line matters for JSONL; an array row ends at its '}'. */
    const char *parse_end = NULL;
    return cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &parse_end, 0);
}

static enum usage_format detect(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p < end && (*p == '[' || *p == '{')) {
        cJSON *obj = first_json_object(p, end);
        int litellm = obj && (cJSON_GetObjectItemCaseSensitive(obj, "startTime") ||
                              cJSON_GetObjectItemCaseSensitive(obj, "request_id"));
        cJSON_Delete(obj);
        return litellm ? USAGE_LITELLM_JSON : USAGE_OPENAI_JSONL;
    }
    struct csv_reader csv;
    csv_reader_init(&csv, text, len);
    const char *why;
    int line, col, id = 0, start = 0;
    if (csv_reader_next(&csv, &why, &line, &col) == 1)
        for (size_t i = 0; i < csv.nfields; i++) {
            size_t n;
            const char *v = csv_value(&csv, i, &n);
            id |= usage_name_is(v, n, "request_id");
            start |= usage_name_is(v, n, "startTime");
        }
    csv_reader_release(&csv);
    return id && start ? USAGE_LITELLM_CSV : USAGE_CSV;
}

int usage_log_parse(const char *file, const char *text, size_t len, enum usage_format format,
                    const char *expected_model, struct usage_log *log, struct diag *d)
{
    *log = (struct usage_log)USAGE_LOG_INIT;
    log->file = xstrdup(file);
    struct usage_reader r = {log, file, text, len, expected_model, d, NULL, 0, 0, 0};
    if (format == USAGE_AUTO)
        format = detect(text, len);
    log->format = format;
    int rc;
    switch (format) {
    case USAGE_LITELLM_CSV:
        rc = usage_read_litellm_csv(&r);
        break;
    case USAGE_LITELLM_JSON:
    case USAGE_OPENAI_JSONL:
        rc = usage_read_json(&r, format);
        break;
    case USAGE_CSV:
    case USAGE_AUTO:
    default:
        rc = usage_read_plain_csv(&r);
        break;
    }
    if (rc == 0 && log->n == 0)
        rc = usage_error(&r, 1, 1, "the log holds no requests");
    free(r.last_name);
    if (rc != 0) {
        usage_log_release(log);
        log->file = NULL;
        return -1;
    }
    /* Give back what the doubling left unused. */
    log->records = xrealloc(log->records, log->n * sizeof *log->records);
    log->cap = log->n;
    return 0;
}

int usage_log_read(const char *path, enum usage_format format, const char *expected_model,
                   struct usage_log *log, struct diag *d)
{
    *log = (struct usage_log)USAGE_LOG_INIT;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        diag_set(d, path, NULL, 0, 0, 0, "cannot open the log: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) != 0) {
        diag_set(d, path, NULL, 0, 0, 0, "cannot read the log: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_set(d, path, NULL, 0, 0, 0, "the log is not a regular file");
        goto out;
    }
    if ((uintmax_t)st.st_size > USAGE_LOG_MAX_BYTES) {
        diag_set(d, path, NULL, 0, 0, 0,
                 "the log is %.1f GB; logs of up to %.1f GB are read (split it by time)",
                 (double)st.st_size / 1e9, (double)USAGE_LOG_MAX_BYTES / 1e9);
        goto out;
    }
    size_t len = (size_t)st.st_size;
    if (len == 0) {
        rc = usage_log_parse(path, "", 0, format, expected_model, log, d);
        goto out;
    }
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        diag_set(d, path, NULL, 0, 0, 0, "cannot read the log: %s", strerror(errno));
        goto out;
    }
    posix_madvise(map, len, POSIX_MADV_SEQUENTIAL);
    rc = usage_log_parse(path, map, len, format, expected_model, log, d);
    munmap(map, len);
out:
    close(fd);
    return rc;
}

void usage_log_release(struct usage_log *log)
{
    if (!log)
        return;
    for (size_t i = 0; i < log->nstrings; i++)
        free(log->strings[i]);
    free(log->strings);
    strmap_release(&log->index);
    free(log->records);
    free(log->ids);
    free(log->file);
    *log = (struct usage_log)USAGE_LOG_INIT;
}
