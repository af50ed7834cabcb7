/*
 * usage_jsonl: logs made of JSON objects, either one JSON array of objects
 * or objects one after another (JSONL: one a line; any blank space between
 * objects is accepted).  Each object is parsed with cJSON on its own, so
 * memory does not grow with the file, and handed to the LiteLLM reader
 * (usage_litellm.c) or read here as an OpenAI-compatible response:
 *
 *   Batch API output and error files, one BatchRequestOutput a line:
 *     {"id", "custom_id", "response": {"status_code", "request_id",
 *      "body": <chat.completion>}, "error": {"code", "message"}}
 *     The id is custom_id (else id); status_code 2xx is a success, 429 is
 *     rate-limited, anything else, or a non-null error, a failure.
 *   Plain chat.completion objects ({"id", "object", "created", "model",
 *   "usage": {"prompt_tokens", "completion_tokens"}}), or {"error": {...}}
 *   for a failed call.
 *
 * Times: the body's 'created' (Unix seconds) is the start.  A client that
 * logs responses may add top-level "start", "end" and "first_token" (ISO
 * 8601 or Unix seconds, start overriding created), "deployment" (default:
 * the model) and "kind" (question, answer or other).  Without 'end', the
 * record has no duration: a Batch API output has none.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "timestamp.h"
#include "usage_internal.h"

const char *usage_json_string(const cJSON *v)
{
    return cJSON_IsString(v) && v->valuestring && v->valuestring[0] ? v->valuestring : NULL;
}

const char *usage_json_key_at(const char *start, const char *end, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = memchr(start, '"', (size_t)(end - start)); p;
         p = memchr(p + 1, '"', (size_t)(end - p - 1))) {
        if ((size_t)(end - p) < klen + 2 || memcmp(p + 1, key, klen) != 0 || p[klen + 1] != '"')
            continue;
        const char *q = p + klen + 2;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
            q++;
        if (q < end && *q == ':')
            return p;
    }
    return start;
}

int usage_json_error(struct usage_reader *r, const char *obj_start, const char *obj_end,
                     const char *key, const char *fmt, ...)
{
    int line, col;
    usage_position(r, key ? usage_json_key_at(obj_start, obj_end, key) : obj_start, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    char *message = xvasprintf(fmt, ap);
    va_end(ap);
    usage_error(r, line, col, "%s", message);
    free(message);
    return -1;
}

int usage_json_time(struct usage_reader *r, const cJSON *v, const char *os, const char *oe,
                    const char *key, double *out)
{
    if (cJSON_IsString(v) && v->valuestring) {
        const char *why;
        size_t offset;
        if (timestamp_parse(v->valuestring, strlen(v->valuestring), TIMESTAMP_EPOCH, out, &why,
                            &offset) == 0)
            return 0;
        return usage_json_error(r, os, oe, key, "'%s' is not a time: %s (got '%.40s')", key, why,
                                v->valuestring);
    }
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0 &&
        v->valuedouble < 1e11) {
        *out = v->valuedouble;
        return 0;
    }
    if (cJSON_IsNumber(v) && v->valuedouble >= 1e11)
        return usage_json_error(r, os, oe, key,
                                "'%s' must be in Unix seconds; this number is too large "
                                "(milliseconds?)",
                                key);
    return usage_json_error(r, os, oe, key,
                            "'%s' must be a time, such as \"2024-06-01T12:00:00Z\" or Unix "
                            "seconds",
                            key);
}

int usage_json_count(struct usage_reader *r, const cJSON *v, const char *os, const char *oe,
                     const char *key, uint32_t *out)
{
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= UINT32_MAX &&
        v->valuedouble == floor(v->valuedouble)) {
        *out = (uint32_t)v->valuedouble;
        return 0;
    }
    if (cJSON_IsString(v) && v->valuestring) {
        const char *s = v->valuestring;
        size_t n = strlen(s), i = 0;
        uint64_t x = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && x <= UINT32_MAX)
            x = x * 10 + (uint64_t)(s[i++] - '0');
        if (i == n && n > 0 && x <= UINT32_MAX) {
            *out = (uint32_t)x;
            return 0;
        }
    }
    return usage_json_error(r, os, oe, key, "'%s' must be a whole number of tokens, 0 or more",
                            key);
}

static int is_rate_limit_error(const cJSON *error)
{
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(error, "code");
    const char *c = usage_json_string(code);
    return (c && (strcmp(c, "rate_limit_exceeded") == 0 || strcmp(c, "429") == 0)) ||
           (cJSON_IsNumber(code) && code->valuedouble == 429);
}

/* An optional top-level time ("start", "end", "first_token"). */
static int extra_time(struct usage_reader *r, const cJSON *obj, const char *os, const char *oe,
                      const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v) || (cJSON_IsString(v) && !v->valuestring[0]))
        return 0;
    return usage_json_time(r, v, os, oe, key, out);
}

static int openai_row(struct usage_reader *r, const cJSON *obj, const char *os, const char *oe,
                      int line)
{
    if (!cJSON_IsObject(obj))
        return usage_json_error(r, os, oe, NULL, "each line must be a JSON object");
    struct usage_record *rec = usage_new_record(r, line);
    struct usage_where w = {line, 0, 0, 0, 0, os, oe, "start", "end", "first_token", "model"};
    const cJSON *response = cJSON_GetObjectItemCaseSensitive(obj, "response");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(obj, "error");
    const cJSON *body = obj;
    const char *id = usage_json_string(cJSON_GetObjectItemCaseSensitive(obj, "custom_id"));
    if (!id)
        id = usage_json_string(cJSON_GetObjectItemCaseSensitive(obj, "id"));
    int batch = response || cJSON_GetObjectItemCaseSensitive(obj, "custom_id");
    int failed = error && !cJSON_IsNull(error);
    int rate_limited = failed && is_rate_limit_error(error);
    if (batch) {
        body = NULL;
        if (cJSON_IsObject(response)) {
            const cJSON *code = cJSON_GetObjectItemCaseSensitive(response, "status_code");
            body = cJSON_GetObjectItemCaseSensitive(response, "body");
            if (cJSON_IsNumber(code)) {
                int status = (int)code->valuedouble;
                rate_limited |= status == 429;
                failed |= status < 200 || status > 299;
            }
            const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");
            if (e && !cJSON_IsNull(e)) {
                failed = 1;
                rate_limited |= is_rate_limit_error(e);
            }
        } else if (!failed) {
            return usage_json_error(r, os, oe, "response",
                                    "a Batch API output line needs a 'response' object or an "
                                    "'error'");
        }
    } else if (!cJSON_GetObjectItemCaseSensitive(obj, "usage") && !failed) {
        return usage_json_error(r, os, oe, NULL,
                                "expected a chat completion with 'usage', a Batch API output "
                                "line with 'response', or an 'error'");
    }
    rec->status = rate_limited ? USAGE_RATE_LIMITED : failed ? USAGE_FAILED : USAGE_OK;
    if (id && usage_add_id(r, id, strlen(id), &rec->id))
        return usage_json_error(r, os, oe, NULL, "too many request ids to hold");

    const cJSON *usage = cJSON_GetObjectItemCaseSensitive(body, "usage");
    if (usage && !cJSON_IsNull(usage)) {
        if (usage_json_count(r, cJSON_GetObjectItemCaseSensitive(usage, "prompt_tokens"), os, oe,
                             "prompt_tokens", &rec->prompt_tokens) ||
            usage_json_count(r, cJSON_GetObjectItemCaseSensitive(usage, "completion_tokens"), os,
                             oe, "completion_tokens", &rec->completion_tokens))
            return -1;
    } else if (rec->status == USAGE_OK) {
        return usage_json_error(r, os, oe, NULL,
                                "a successful response needs 'usage' with 'prompt_tokens' and "
                                "'completion_tokens'");
    }
    const cJSON *created = cJSON_GetObjectItemCaseSensitive(body, "created");
    if (created && usage_json_time(r, created, os, oe, "created", &rec->start_s))
        return -1;
    if (extra_time(r, obj, os, oe, "start", &rec->start_s) ||
        extra_time(r, obj, os, oe, "end", &rec->end_s) ||
        extra_time(r, obj, os, oe, "first_token", &rec->first_token_s))
        return -1;
    /* A failed Batch API line has no body and so no time: it still counts. */
    if (isnan(rec->start_s) && rec->status == USAGE_OK)
        return usage_json_error(r, os, oe, NULL,
                                "no time for this request: it needs the response's 'created' or "
                                "a 'start'");
    const char *s;
    if ((s = usage_json_string(cJSON_GetObjectItemCaseSensitive(body, "model"))))
        rec->model = usage_intern(r, s, strlen(s));
    if ((s = usage_json_string(cJSON_GetObjectItemCaseSensitive(obj, "deployment"))))
        rec->deployment = usage_intern(r, s, strlen(s));
    else if (rec->model != USAGE_NONE)
        rec->deployment = rec->model;
    else
        rec->deployment = usage_intern(r, "unknown", 7);
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "kind");
    if ((s = usage_json_string(kind))) {
        enum usage_kind k = usage_kind_from_tag(s, strlen(s));
        if (strcmp(s, "other") == 0)
            k = USAGE_KIND_OTHER;
        else if (k == USAGE_KIND_UNTAGGED)
            return usage_json_error(r, os, oe, "kind",
                                    "'kind' must be question, answer or other, got '%.40s'", s);
        rec->kind = (uint8_t)k;
    }
    return usage_check_record(r, rec, &w);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Line counting that moves forward only, so the whole file costs one pass. */
struct line_counter {
    const char *at;
    int line;
};

static int line_of(struct line_counter *lc, const char *p)
{
    for (const char *nl = memchr(lc->at, '\n', (size_t)(p - lc->at)); nl;
         nl = memchr(nl + 1, '\n', (size_t)(p - nl - 1)))
        lc->line++;
    lc->at = p;
    return lc->line;
}

static int one_object(struct usage_reader *r, enum usage_format format, const char **pp,
                      const char *end, struct line_counter *lc)
{
    const char *p = *pp, *parse_end = NULL;
    int line = line_of(lc, p);
    cJSON *obj = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &parse_end, 0);
    if (!obj) {
        const char *at = parse_end && parse_end >= p && parse_end <= end ? parse_end : p;
        int l, c;
        usage_position(r, at, &l, &c);
        return usage_error(r, l, c, "malformed JSON in this %s",
                           format == USAGE_LITELLM_JSON ? "spend-log row" : "response line");
    }
    int rc = format == USAGE_LITELLM_JSON ? usage_litellm_json_row(r, obj, p, parse_end, line)
                                          : openai_row(r, obj, p, parse_end, line);
    cJSON_Delete(obj);
    *pp = parse_end;
    return rc;
}

int usage_read_json(struct usage_reader *r, enum usage_format format)
{
    const char *p = r->text, *end = r->text + r->len;
    struct line_counter lc = {r->text, 1};
    if (r->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && is_space(*p))
        p++;
    if (p < end && *p == '[') {
        const char *open = p++;
        for (;;) {
            while (p < end && is_space(*p))
                p++;
            if (p < end && *p == ']' && r->log->n == 0) {
                p++;
                break;
            }
            if (one_object(r, format, &p, end, &lc))
                return -1;
            while (p < end && is_space(*p))
                p++;
            if (p < end && *p == ',') {
                p++;
                continue;
            }
            if (p < end && *p == ']') {
                p++;
                break;
            }
            int l, c;
            usage_position(r, p < end ? p : open, &l, &c);
            return usage_error(r, l, c,
                               p < end ? "expected ',' or ']' after a row of the JSON array"
                                       : "the JSON array opened here is never closed");
        }
        while (p < end && is_space(*p))
            p++;
        if (p < end) {
            int l, c;
            usage_position(r, p, &l, &c);
            return usage_error(r, l, c, "text after the end of the JSON array");
        }
        if (r->log->n == 0)
            return usage_error(r, line_of(&lc, open), 1, "the log is an empty JSON array");
        return 0;
    }
    while (p < end) {
        if (one_object(r, format, &p, end, &lc))
            return -1;
        while (p < end && is_space(*p))
            p++;
    }
    if (r->log->n == 0)
        return usage_error(r, 1, 1, "the log is empty");
    return 0;
}
