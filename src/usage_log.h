/*
 * usage_log: the requests a generation job made, read from the logs that
 * the tools around it write.  One record a request (or a rejected or failed
 * attempt), whatever the format:
 *
 *   USAGE_LITELLM_CSV   LiteLLM's spend logs (table LiteLLM_SpendLogs of
 *                       LiteLLM's schema.prisma) exported as CSV with a
 *                       header row
 *   USAGE_LITELLM_JSON  the same rows as JSON objects: a JSON array (as the
 *                       proxy's /spend/logs answers) or one object a line
 *   USAGE_OPENAI_JSONL  OpenAI-compatible responses one a line: Batch API
 *                       output/error lines ({"custom_id", "response":
 *                       {"status_code", "body"}, "error"}) or plain
 *                       chat.completion objects
 *   USAGE_CSV           raftcost's plain CSV: start, end, first_token,
 *                       prompt_tokens, completion_tokens, deployment,
 *                       status, and optionally kind, model, id, spend
 *
 * docs/calibration.md gives every column each reader takes, the timestamp
 * rules (see timestamp.h; a time without a zone is UTC) and the checks.
 *
 * Reading validates once: a malformed row, a missing column, an end before
 * the start, a log of another model or an empty log is an error (a struct
 * diag at FILE:ROW:COL, the row being the line of the file) and nothing is
 * returned.  After a successful read every record satisfies
 * start <= first_token <= end where those are known.
 *
 * Memory: records are 64 bytes; deployment, model and model-group names
 * are interned (each distinct name stored once); request ids are kept in
 * one text block.  The file is mapped, not copied, so its size is limited
 * only by USAGE_LOG_MAX_BYTES.
 *
 * Ownership: a struct usage_log owns its records and strings; the strings
 * it hands out (usage_log_str, usage_log_id) live as long as it does.
 * The module never prints or exits.
 */
#ifndef RAFTCOST_USAGE_LOG_H
#define RAFTCOST_USAGE_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

/* The largest log read: 2 GiB, about 2 million LiteLLM rows with metadata. */
#define USAGE_LOG_MAX_BYTES ((size_t)2 << 30)

/* An interned string or id that is not there. */
#define USAGE_NONE UINT32_MAX

enum usage_format {
    USAGE_AUTO, /* only as a request: detect from the content */
    USAGE_CSV,
    USAGE_LITELLM_CSV,
    USAGE_LITELLM_JSON,
    USAGE_OPENAI_JSONL,
};

enum usage_status {
    USAGE_OK,           /* a response with its tokens */
    USAGE_RATE_LIMITED, /* HTTP 429: rejected by a rate limit */
    USAGE_FAILED,       /* any other failure */
};

enum usage_kind {
    USAGE_KIND_UNTAGGED, /* a completion call with no kind tag */
    USAGE_KIND_QUESTION, /* tagged as a question-generation call */
    USAGE_KIND_ANSWER,   /* tagged as an answer call */
    USAGE_KIND_OTHER,    /* not a completion: an embedding, an image... */
};

struct usage_record {
    double start_s;       /* Unix seconds, UTC; NaN only for a failed Batch API line */
    double end_s;         /* NaN: the log has no end (a Batch API output) */
    double first_token_s; /* NaN when unknown */
    double spend;         /* in the log's currency; NaN when the log has none */
    uint32_t prompt_tokens, completion_tokens;
    uint32_t id;         /* request id: usage_log_id; USAGE_NONE when absent */
    uint32_t deployment; /* usage_log_str: api_base or model_id, or the plain CSV's */
    uint32_t model;      /* usage_log_str; USAGE_NONE when absent */
    uint32_t model_group;
    uint32_t row;   /* 1-based line where the request starts in the file */
    uint8_t status; /* enum usage_status */
    uint8_t kind;   /* enum usage_kind */
};

struct usage_log {
    char *file; /* as given to the reader, for messages */
    enum usage_format format;
    struct usage_record *records;
    size_t n, cap;
    int has_spend;       /* some record has a spend */
    int has_first_token; /* some record has a first-token time */
    /* interned strings: strings[i] for i < nstrings */
    char **strings;
    size_t nstrings, strings_cap;
    struct strmap index;
    /* request ids, NUL-separated */
    char *ids;
    size_t ids_len, ids_cap;
};

#define USAGE_LOG_INIT                                                                             \
    {                                                                                              \
        NULL, USAGE_AUTO, NULL, 0, 0, 0, 0, NULL, 0, 0, STRMAP_INIT, NULL, 0, 0                    \
    }

/*
 * Reads the log at path in the given format (USAGE_AUTO: a '[' or '{'
 * first means JSON, LiteLLM's when the first object has 'startTime' or
 * 'request_id', else OpenAI's; otherwise CSV, LiteLLM's when the header has
 * 'request_id' and 'startTime').  expected_model, when not NULL, is the
 * model the scenario plans with: a completion record of another model is an
 * error (usage_model_matches says which names match).  Refuses anything but
 * a regular file, and files over USAGE_LOG_MAX_BYTES.
 *
 * Returns 0 and fills *log (release it with usage_log_release), or returns
 * -1 with the error in *d and *log empty.
 */
int usage_log_read(const char *path, enum usage_format format, const char *expected_model,
                   struct usage_log *log, struct diag *d);

/* The same from text in memory; file names it in messages. */
int usage_log_parse(const char *file, const char *text, size_t len, enum usage_format format,
                    const char *expected_model, struct usage_log *log, struct diag *d);

/* Frees the contents; accepts an empty or released log. */
void usage_log_release(struct usage_log *log);

/* An interned string, or NULL for USAGE_NONE. */
const char *usage_log_str(const struct usage_log *log, uint32_t ref);
/* A record's request id, or NULL when it has none. */
const char *usage_log_id(const struct usage_log *log, const struct usage_record *rec);

/*
 * Whether a log's model name is the scenario's model: equal ignoring case
 * after dropping everything up to the last '/' in each (a provider prefix
 * such as 'azure/' or an organisation such as 'meta-llama/'), where the
 * log's name may also carry a snapshot suffix of '-' and digits ('gpt-4o'
 * matches 'gpt-4o-2024-08-06' but not 'gpt-4o-mini').
 */
int usage_model_matches(const char *expected, const char *got);

/* "LiteLLM spend log (CSV)" and so on, for reports. */
const char *usage_format_name(enum usage_format format);
/* "success", "rate-limited", "failure". */
const char *usage_status_name(enum usage_status status);

#endif
