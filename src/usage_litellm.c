/*
 * usage_litellm: rows of LiteLLM's spend logs, the LiteLLM_SpendLogs table
 * of LiteLLM's schema.prisma, as CSV (with the table's column names as the
 * header) or as JSON objects (usage_jsonl.c walks the JSON and hands each
 * object here).  What each column means follows LiteLLM's
 * proxy/spend_tracking/spend_tracking_utils.py (get_logging_payload):
 *
 *   request_id          the response id: the record's id
 *   call_type           completion, acompletion, ... ; embeddings, images and
 *                       the like become USAGE_KIND_OTHER
 *   startTime, endTime  UTC times of the call
 *   completionStartTime the first token; LiteLLM sets it to endTime when it
 *                       saw no stream, so a value equal to endTime (or none)
 *                       means unknown
 *   prompt_tokens, completion_tokens
 *   spend               cost in the proxy's currency
 *   model, model_id, model_group, api_base
 *                       the deployment is api_base, else model_id, else model
 *   status              success or failure (no column, or empty: success)
 *   metadata            JSON; for a failure its error_information's
 *                       error_code "429" or error_class RateLimitError means
 *                       rate-limited
 *   request_tags        JSON list of tags: 'question' / 'answer' (or
 *                       'kind:question', any prefix) tag the call's kind
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "timestamp.h"
#include "usage_internal.h"

static int is_completion_call(const char *s, size_t n)
{
    static const char *const completions[] = {"completion",         "acompletion",
                                              "text_completion",    "atext_completion",
                                              "chat_completion",    "achat_completion",
                                              "responses",          "aresponses",
                                              "anthropic_messages", NULL};
    if (n == 0)
        return 1;
    for (size_t i = 0; completions[i]; i++)
        if (usage_name_is(s, n, completions[i]))
            return 1;
    return 0;
}

static enum usage_kind kind_from_tags(const cJSON *tags)
{
    const cJSON *tag;
    cJSON_ArrayForEach(tag, tags)
    {
        const char *s = usage_json_string(tag);
        enum usage_kind kind = s ? usage_kind_from_tag(s, strlen(s)) : USAGE_KIND_UNTAGGED;
        if (kind != USAGE_KIND_UNTAGGED)
            return kind;
    }
    return USAGE_KIND_UNTAGGED;
}

static int rate_limited_in(const cJSON *metadata)
{
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(metadata, "error_information");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(info, "error_code");
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(info, "error_class");
    const char *c = usage_json_string(code), *k = usage_json_string(cls);
    return (c && strcmp(c, "429") == 0) || (cJSON_IsNumber(code) && code->valuedouble == 429) ||
           (k && strstr(k, "RateLimit"));
}

/* success / failure; a failure with a 429 in its metadata is rate-limited. */
static int status_from(const char *s, size_t n, const cJSON *metadata, uint8_t *status)
{
    if (n == 0 || usage_name_is(s, n, "success")) {
        *status = USAGE_OK;
        return 0;
    }
    if (usage_name_is(s, n, "failure")) {
        *status = rate_limited_in(metadata) ? USAGE_RATE_LIMITED : USAGE_FAILED;
        return 0;
    }
    return -1;
}

/* ---- CSV ---- */

enum {
    COL_ID,
    COL_CALL_TYPE,
    COL_SPEND,
    COL_PROMPT,
    COL_COMPLETION,
    COL_START,
    COL_END,
    COL_FIRST_TOKEN,
    COL_MODEL,
    COL_MODEL_ID,
    COL_MODEL_GROUP,
    COL_API_BASE,
    COL_STATUS,
    COL_METADATA,
    COL_TAGS,
    NCOLS
};

static const struct usage_column litellm_columns[NCOLS] = {
    {"request_id", 1},
    {"call_type", 0},
    {"spend", 0},
    {"prompt_tokens", 1},
    {"completion_tokens", 1},
    {"startTime", 1},
    {"endTime", 1},
    {"completionStartTime", 0},
    {"model", 0},
    {"model_id", 0},
    {"model_group", 0},
    {"api_base", 0},
    {"status", 0},
    {"metadata", 0},
    {"request_tags", 0},
};

static int csv_time(struct usage_reader *r, struct csv_reader *csv, const int *idx, int k,
                    const char *name, double *out, int *col)
{
    struct csv_cell c;
    *col = 0;
    if (!csv_cell(csv, idx, k, &c))
        return 0;
    *col = c.col;
    return usage_parse_time(r, c.v, c.n, TIMESTAMP_EPOCH, c.line, c.col, name, out);
}

static int csv_row(struct usage_reader *r, struct csv_reader *csv, const int *idx)
{
    struct usage_record *rec = usage_new_record(r, csv->row_line);
    struct usage_where w = {csv->row_line, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL};
    struct csv_cell c;
    static const int required[] = {COL_PROMPT, COL_COMPLETION, COL_START, COL_END};
    static const char *const required_names[] = {"prompt_tokens", "completion_tokens", "startTime",
                                                 "endTime"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!csv_cell(csv, idx, required[i], &c))
            return usage_error(r, c.line, c.col - 1 > 0 ? c.col - 1 : 1, "empty '%s'",
                               required_names[i]);

    if (csv_time(r, csv, idx, COL_START, "startTime", &rec->start_s, &w.start_col) ||
        csv_time(r, csv, idx, COL_END, "endTime", &rec->end_s, &w.end_col) ||
        csv_time(r, csv, idx, COL_FIRST_TOKEN, "completionStartTime", &rec->first_token_s,
                 &w.first_token_col))
        return -1;
    if (rec->first_token_s == rec->end_s)
        rec->first_token_s = NAN;
    csv_cell(csv, idx, COL_PROMPT, &c);
    if (usage_parse_count(r, c.v, c.n, c.line, c.col, "prompt_tokens", &rec->prompt_tokens))
        return -1;
    csv_cell(csv, idx, COL_COMPLETION, &c);
    if (usage_parse_count(r, c.v, c.n, c.line, c.col, "completion_tokens", &rec->completion_tokens))
        return -1;
    if (csv_cell(csv, idx, COL_SPEND, &c) &&
        usage_parse_money(r, c.v, c.n, c.line, c.col, "spend", &rec->spend))
        return -1;
    if (csv_cell(csv, idx, COL_ID, &c) && usage_add_id(r, c.v, c.n, &rec->id))
        return usage_error(r, c.line, c.col, "too many request ids to hold");
    if (csv_cell(csv, idx, COL_CALL_TYPE, &c) && !is_completion_call(c.v, c.n))
        rec->kind = USAGE_KIND_OTHER;
    if (csv_cell(csv, idx, COL_MODEL, &c)) {
        rec->model = usage_intern(r, c.v, c.n);
        w.model_col = c.col;
    }
    if (csv_cell(csv, idx, COL_MODEL_GROUP, &c))
        rec->model_group = usage_intern(r, c.v, c.n);
    if (csv_cell(csv, idx, COL_API_BASE, &c) || csv_cell(csv, idx, COL_MODEL_ID, &c) ||
        csv_cell(csv, idx, COL_MODEL, &c))
        rec->deployment = usage_intern(r, c.v, c.n);
    else
        return usage_error(r, csv->row_line, 1,
                           "no deployment: 'api_base', 'model_id' and 'model' are all empty");
    if (rec->kind != USAGE_KIND_OTHER && csv_cell(csv, idx, COL_TAGS, &c) &&
        !usage_name_is(c.v, c.n, "[]")) {
        cJSON *tags = cJSON_ParseWithLength(c.v, c.n);
        if (!cJSON_IsArray(tags)) {
            cJSON_Delete(tags);
            return usage_error(r, c.line, c.col,
                               "'request_tags' must be a JSON list of tags, such as "
                               "'[\"kind:question\"]'");
        }
        rec->kind = (uint8_t)kind_from_tags(tags);
        cJSON_Delete(tags);
    }
    struct csv_cell status;
    csv_cell(csv, idx, COL_STATUS, &status);
    cJSON *metadata = NULL;
    if (usage_name_is(status.v, status.n, "failure") && csv_cell(csv, idx, COL_METADATA, &c))
        metadata = cJSON_ParseWithLength(c.v, c.n);
    int bad = status_from(status.v, status.n, metadata, &rec->status);
    cJSON_Delete(metadata);
    if (bad)
        return usage_error(r, status.line, status.col,
                           "'status' must be success or failure, got '%.*s'",
                           (int)(status.n > 40 ? 40 : status.n), status.v);
    return usage_check_record(r, rec, &w);
}

int usage_read_litellm_csv(struct usage_reader *r)
{
    struct csv_reader csv;
    csv_reader_init(&csv, r->text, r->len);
    int idx[NCOLS], rc, header_line;
    size_t nfields;
    if ((rc = usage_csv_header(r, &csv, litellm_columns, NCOLS, idx, "a LiteLLM spend log",
                               &nfields)))
        goto out;
    header_line = csv.row_line;
    if (idx[COL_API_BASE] < 0 && idx[COL_MODEL_ID] < 0 && idx[COL_MODEL] < 0) {
        rc = usage_error(r, header_line, 1,
                         "a LiteLLM spend log needs a column that names the deployment: "
                         "'api_base', 'model_id' or 'model'");
        goto out;
    }
    while ((rc = usage_csv_row(r, &csv, nfields)) == 1)
        if ((rc = csv_row(r, &csv, idx)))
            goto out;
    if (rc == 0 && r->log->n == 0)
        rc = usage_error(r, header_line, 1, "the log has a header but no requests");
out:
    csv_reader_release(&csv);
    return rc < 0 ? -1 : 0;
}

/* ---- JSON ---- */

/* A member that is a string, or the text of a JSON string member; NULL: none. */
static const char *member_string(const cJSON *obj, const char *key)
{
    return usage_json_string(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* metadata and request_tags may be JSON values or strings holding JSON. */
static cJSON *member_json(const cJSON *obj, const char *key, int *owned)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *owned = 0;
    if (cJSON_IsString(v) && v->valuestring) {
        *owned = 1;
        return cJSON_Parse(v->valuestring);
    }
    return v;
}

static int json_money(struct usage_reader *r, const cJSON *v, const char *os, const char *oe,
                      const char *key, double *out)
{
    if (!v || cJSON_IsNull(v))
        return 0;
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0) {
        *out = v->valuedouble;
        return 0;
    }
    if (cJSON_IsString(v) && v->valuestring) {
        char *end;
        errno = 0;
        double x = strtod(v->valuestring, &end);
        if (end != v->valuestring && *end == '\0' && errno == 0 && isfinite(x) && x >= 0) {
            *out = x;
            return 0;
        }
        if (!v->valuestring[0])
            return 0;
    }
    return usage_json_error(r, os, oe, key, "'%s' must be an amount of money, 0 or more", key);
}

static const char *const required_keys[] = {"startTime", "endTime", "prompt_tokens",
                                            "completion_tokens", NULL};

int usage_litellm_json_row(struct usage_reader *r, const cJSON *obj, const char *os, const char *oe,
                           int line)
{
    if (!cJSON_IsObject(obj))
        return usage_json_error(r, os, oe, NULL,
                                "each row of a LiteLLM spend log must be a JSON object");
    for (size_t i = 0; required_keys[i]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, required_keys[i]);
        if (!v || cJSON_IsNull(v))
            return usage_json_error(r, os, oe, NULL, "a LiteLLM spend-log row needs '%s'",
                                    required_keys[i]);
    }
    struct usage_record *rec = usage_new_record(r, line);
    struct usage_where w = {
        line, 0, 0, 0, 0, os, oe, "startTime", "endTime", "completionStartTime", "model"};
    const cJSON *first = cJSON_GetObjectItemCaseSensitive(obj, "completionStartTime");
    if (usage_json_time(r, cJSON_GetObjectItemCaseSensitive(obj, "startTime"), os, oe, "startTime",
                        &rec->start_s) ||
        usage_json_time(r, cJSON_GetObjectItemCaseSensitive(obj, "endTime"), os, oe, "endTime",
                        &rec->end_s) ||
        (first && !cJSON_IsNull(first) && !(cJSON_IsString(first) && !first->valuestring[0]) &&
         usage_json_time(r, first, os, oe, "completionStartTime", &rec->first_token_s)))
        return -1;
    if (rec->first_token_s == rec->end_s)
        rec->first_token_s = NAN;
    if (usage_json_count(r, cJSON_GetObjectItemCaseSensitive(obj, "prompt_tokens"), os, oe,
                         "prompt_tokens", &rec->prompt_tokens) ||
        usage_json_count(r, cJSON_GetObjectItemCaseSensitive(obj, "completion_tokens"), os, oe,
                         "completion_tokens", &rec->completion_tokens) ||
        json_money(r, cJSON_GetObjectItemCaseSensitive(obj, "spend"), os, oe, "spend", &rec->spend))
        return -1;
    const char *s;
    if ((s = member_string(obj, "request_id")) && usage_add_id(r, s, strlen(s), &rec->id))
        return usage_json_error(r, os, oe, "request_id", "too many request ids to hold");
    if ((s = member_string(obj, "call_type")) && !is_completion_call(s, strlen(s)))
        rec->kind = USAGE_KIND_OTHER;
    if ((s = member_string(obj, "model")))
        rec->model = usage_intern(r, s, strlen(s));
    if ((s = member_string(obj, "model_group")))
        rec->model_group = usage_intern(r, s, strlen(s));
    if ((s = member_string(obj, "api_base")) || (s = member_string(obj, "model_id")) ||
        (s = member_string(obj, "model")))
        rec->deployment = usage_intern(r, s, strlen(s));
    else
        return usage_json_error(r, os, oe, NULL,
                                "no deployment: 'api_base', 'model_id' and 'model' are all empty");
    int owned;
    if (rec->kind != USAGE_KIND_OTHER) {
        cJSON *tags = member_json(obj, "request_tags", &owned);
        if (tags && !cJSON_IsNull(tags) && !cJSON_IsArray(tags)) {
            if (owned)
                cJSON_Delete(tags);
            return usage_json_error(r, os, oe, "request_tags",
                                    "'request_tags' must be a JSON list of tags, such as "
                                    "[\"kind:question\"]");
        }
        rec->kind = (uint8_t)kind_from_tags(tags);
        if (owned)
            cJSON_Delete(tags);
    }
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(obj, "status");
    const char *st = cJSON_IsString(status) ? status->valuestring : "";
    if (status && !cJSON_IsNull(status) && !cJSON_IsString(status))
        st = "?";
    cJSON *metadata = NULL;
    owned = 0;
    if (strcmp(st, "failure") == 0)
        metadata = member_json(obj, "metadata", &owned);
    int bad = status_from(st, strlen(st), metadata, &rec->status);
    if (owned)
        cJSON_Delete(metadata);
    if (bad)
        return usage_json_error(r, os, oe, "status", "'status' must be success or failure");
    return usage_check_record(r, rec, &w);
}
