/*
 * calibrate_out: a calibration written out.  As YAML the scenario can
 * include or merge (the scenario's own key names: generation.dataset's
 * token keys, a backend's stream and ttft), each value commented with the
 * statistic behind it, how many requests back it and the log it came from;
 * and as the JSON objects the report contract names ("calibration",
 * "actual").  docs/calibration.md shows an example.
 *
 * The writers only append to a string buffer or build a cJSON tree: the
 * caller writes the file (atomically) or the report.  Nothing here fails
 * except allocation, which aborts (util.h).
 */
#ifndef RAFTCOST_CALIBRATE_OUT_H
#define RAFTCOST_CALIBRATE_OUT_H

#include "calibrate.h"
#include "util.h"

struct cJSON;

struct calib_out_options {
    const char *log_name; /* the log as the user named it; NULL: the log's file */
    /* The scenario's generation.dataset values the token keys derive from;
     * 0 or NaN when the scenario has none. */
    double chunk_tokens;
    double questions_per_chunk; /* 0: use the log's answer calls per question call */
    /*
     * For each deployment of the calibration (same order), the scenario
     * backend whose stream and ttft it calibrates, or NULL to write its
     * figures as a comment only.  NULL: no deployment is mapped.  Several
     * deployments may name one backend (the instances of a dedicated
     * backend): the one with the most timed calls gives the values.
     */
    const char *const *backends;
    /*
     * For each deployment (same order), the backend keys the scenario can
     * take there (CALIB_KEY_* bits): a key it cannot take (a backend with no
     * such parameter, a throughput that is a curve) is written as a comment.
     * NULL: every key.
     */
    const unsigned *keys;
    /*
     * 1: the scenario has no generation.dataset, so the dataset keys are
     * comments; with requests > 0 (the scenario's generation.requests),
     * generation.tokens.input and .output are written instead: requests x
     * the mean prompt and output of the log's successful completion calls.
     */
    int no_dataset;
    double requests;
};

/* The backend keys calib_out_yaml writes. */
enum {
    CALIB_KEY_STREAM = 1u << 0,
    CALIB_KEY_TTFT = 1u << 1,
    CALIB_KEY_THROUGHPUT = 1u << 2,
    CALIB_KEY_REJECTS = 1u << 3,
    CALIB_KEYS_ALL = CALIB_KEY_STREAM | CALIB_KEY_TTFT | CALIB_KEY_THROUGHPUT | CALIB_KEY_REJECTS,
};

/*
 * Appends the calibrated variant to out:
 *
 *   generation:
 *     dataset:
 *       chunk_tokens, question_prompt_tokens, answer_prompt_tokens,
 *       question_tokens, answer_tokens
 *   backends:
 *     NAME: {stream: X tok/s, ttft: Y s, throughput: Z tok/s, rejects: P%}
 *   simulation:
 *     service: stream, output_tokens: {dist: lognormal, cv: C%}
 *   ranges:
 *     PATH: LOW..HIGH   (90% intervals from the pilot's spread, calib_ranges.c)
 *
 * following the dataset model: a question call's prompt is
 * question_prompt_tokens + chunk_tokens and its output questions_per_chunk
 * * question_tokens; an answer call's prompt is answer_prompt_tokens +
 * chunk_tokens + question_tokens and its output answer_tokens.  A backend's
 * throughput is what its deployment delivered over the log's span (output
 * tokens / span_s: the analytic model's throughput at the pilot's
 * concurrency), its rejects the share of its requests that got a 429 (the
 * simulation answers that share at random).  The simulation block serves
 * the calibrated backends per request at their stream (when one has it)
 * and draws output lengths with the calls' cv (the answer calls', else the
 * question calls', else all successful calls'); the pilot's concurrency is
 * a comment.  The ranges are 90% intervals of the values from the pilot's
 * spread: a mean's m +- 1.6449 sd / sqrt(n), a median's (stream, ttft) its
 * order statistics (calibrate.h), a throughput the stream's interval
 * scaled to it.  A value the log cannot give is written as a comment
 * saying why.
 */
void calib_out_yaml(const struct calibration *cal, const struct usage_log *log,
                    const struct calib_out_options *options, struct strbuf *out);

/*
 * The report's "calibration" object: {rule, calls: {question: {n,
 * prompt_tokens: {mean, sd}, output_tokens: {mean, sd}}, answer: {...}},
 * deployments: [{name, requests, ttft_s: {p50, p90}, stream_tok_s: {p50,
 * p90}, rejected_share, failed_share, ...}]}.  Values that do not exist
 * are null.  The caller owns the tree (cJSON_Delete).
 */
struct cJSON *calib_out_json(const struct calibration *cal);

/*
 * The job's figures so far: {requests, succeeded, rejected, failed,
 * input_tokens, output_tokens, cost, hours, output_tok_s, deployments:
 * [...]}, and with a projection (NULL: none) "projection": {hours, cost,
 * fraction, finish, remaining_hours, ...}, where hours is the projected
 * run time from the first request and finish an ISO 8601 time.
 */
struct cJSON *calib_out_actual_json(const struct actual *actual,
                                    const struct projection *projection);

#endif
