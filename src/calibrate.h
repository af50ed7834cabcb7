/*
 * calibrate: statistics of a usage log (usage_log.h), for calibrating a
 * plan from a pilot run and for comparing a running job with its plan.
 * Pure functions over the records: no I/O, no printing; GSL sorts and
 * computes the quantiles, means, standard deviations and the regression.
 * docs/calibration.md defines every figure.
 *
 *   calib_classify   which completion calls are question calls and which
 *                    are answer calls: tags, else the generator's pattern,
 *                    else two clusters of output length
 *   calibrate        per kind: n, mean and sd of prompt and output tokens;
 *                    per deployment: time to first token, per-stream decode
 *                    speed and its dependence on concurrency, 429 and
 *                    failure shares
 *   actual_compute   the job so far, per deployment and in total: tokens,
 *                    requests, spend, elapsed time, throughput, 429s
 *   actual_project   for a job in progress: progress and the finish time
 *                    and cost extrapolated at the observed rate
 *
 * Only successful completion calls (status USAGE_OK, kind not
 * USAGE_KIND_OTHER) are "calls" for the kinds and the speeds; 429s and
 * failures count in the shares and the request counts.
 *
 * Ownership: results own their arrays; deployment names are borrowed from
 * the log, which must outlive them.  Every *_release accepts a zeroed or
 * released struct.
 */
#ifndef RAFTCOST_CALIBRATE_H
#define RAFTCOST_CALIBRATE_H

#include <stddef.h>

#include "diag.h"
#include "usage_log.h"

/* ---- call kinds ---- */

enum calib_rule {
    CALIB_RULE_NONE,     /* no rule applied: every call unclassified */
    CALIB_RULE_TAGS,     /* the log's kind tags */
    CALIB_RULE_PATTERN,  /* one question call, then its answer calls, per worker */
    CALIB_RULE_CLUSTERS, /* two clusters of output length (1-D 2-means) */
};

enum calib_kind { CALIB_UNCLASSIFIED, CALIB_QUESTION, CALIB_ANSWER };

/* The pattern rule gives up beyond this many worker sequences. */
#define CALIB_MAX_CHAINS 1024
/* The pattern rule's longest pause of a worker between two calls. */
#define CALIB_PATTERN_GAP_S 1.0

struct calib_kinds {
    enum calib_rule rule;
    unsigned char *kind; /* enum calib_kind for each record of the log */
    size_t n;            /* records */
    size_t questions, answers;
    size_t chains;    /* pattern rule: worker sequences found */
    double threshold; /* clusters rule: the largest output of the question cluster
                         when it is the shorter one, else the smallest */
};

/*
 * Classifies with the first rule that applies: tags (when some call has a
 * question or answer tag), the pattern (when questions_per_chunk >= 1),
 * then the clusters.  Fills *out (release with calib_kinds_release).
 */
void calib_classify(const struct usage_log *log, double questions_per_chunk,
                    struct calib_kinds *out);
/*
 * Classifies with one rule.  Returns 0, or -1 when the rule does not apply
 * to this log (out is then left with rule CALIB_RULE_NONE, all calls
 * unclassified).
 */
int calib_classify_with(const struct usage_log *log, enum calib_rule rule,
                        double questions_per_chunk, struct calib_kinds *out);
void calib_kinds_release(struct calib_kinds *kinds);
/* "tags", "generator pattern", "output-length clusters", "none". */
const char *calib_rule_name(enum calib_rule rule);

/* ---- calibration ---- */

/* Mean and sample standard deviation (n - 1); NaN where n is too small. */
struct calib_stat {
    size_t n;
    double mean, sd;
};

struct calib_calls {
    size_t n;
    struct calib_stat prompt_tokens, output_tokens;
};

/* y = intercept + slope * x by least squares; NaN where n < 3 or x is constant. */
struct calib_fit {
    size_t n;
    double intercept, slope, r2;
};

/* One timed call: its time-weighted concurrency and its per-stream speed. */
struct calib_point {
    double concurrency, tok_s;
};

struct calib_deployment {
    const char *name; /* borrowed from the log */
    size_t requests;  /* completion calls: succeeded + rate_limited + failed */
    size_t succeeded, rate_limited, failed;
    double rate_limited_share, failed_share; /* of requests */
    size_t ttft_n;                           /* calls with a first-token time */
    double ttft_p50_s, ttft_p90_s;
    size_t stream_n;            /* calls with a decode speed */
    size_t stream_from_start_n; /* of which timed from the start (no first token) */
    double stream_p50_tok_s, stream_p90_tok_s;
    /* The 90% intervals of the medians (ttft_p50_s, stream_p50_tok_s): the order
     * statistics x(l) and x(n + 1 - l) of the n sorted values, l = floor((n + 1) / 2 -
     * 1.6449 sqrt(n) / 2), at least 1; NaN with fewer than 2 values. */
    double ttft_lo90_s, ttft_hi90_s;
    double stream_lo90_tok_s, stream_hi90_tok_s;
    double concurrency_mean; /* mean of the calls' time-weighted concurrency */
    double concurrency_max;
    struct calib_fit stream_vs_concurrency; /* x: concurrency, y: tok/s per stream */
    /* What the deployment delivered: output tokens of its successful calls, over
     * the time it had a timed call in flight (busy) and over the whole log's span. */
    double output_tokens;
    double busy_s;          /* the length of the union of its calls' [start, end] */
    double busy_tok_s;      /* output_tokens / busy_s; NaN when busy_s is 0 */
    double effective_tok_s; /* output_tokens / the calibration's span_s */
    /* With calib_options.keep_points: each timed call's (concurrency, tok/s), as
     * stream_vs_concurrency was fitted to; NULL otherwise. */
    struct calib_point *points;
    size_t npoints;
};

struct calib_options {
    double questions_per_chunk; /* the scenario's; 0: unknown (no pattern rule) */
    int keep_points;            /* keep each deployment's (concurrency, tok/s) points */
};

struct calibration {
    struct calib_kinds kinds;
    struct calib_calls question, answer;
    double answers_per_question; /* answer calls / question calls; NaN without questions */
    struct calib_deployment *deployments;
    size_t ndeployments; /* in order of first appearance in the log */
    /* The log's span: from the first start to the last end (or start, for a
     * record without an end) of any completion call; 0 when it has no time. */
    double first_start_s, last_end_s, span_s;
    /* The most completion attempts (any status) in flight at once, each over [start, end):
     * the pilot's workers, for a client that keeps each busy.  0 when the log has no end. */
    size_t peak_in_flight;
};

/*
 * The rank l (1-based) of the lower end of the 90% interval of the median
 * of n sorted values, floor((n + 1) / 2 - 1.6449 sqrt(n) / 2), at least 1;
 * the upper end is x(n + 1 - l).  0 for fewer than 2 values.
 */
size_t calib_median_rank(size_t n);

/*
 * Calibrates from a log.  Returns 0 and fills *out (release with
 * calibration_release), or -1 with *d when the log has no successful
 * completion call.
 */
int calibrate(const struct usage_log *log, const struct calib_options *options,
              struct calibration *out, struct diag *d);
void calibration_release(struct calibration *cal);

/*
 * The time-weighted concurrency of each call of one deployment: for the
 * interval [from[i], to[i]] of call i, the integral over it of the number
 * of intervals [start[j], end[j]] in progress, divided by its length.
 * start/end are the n requests in flight at the deployment; from/to the m
 * intervals asked about (m may differ from n).  O((n + m) log n).
 */
void calib_concurrency(const double *start, const double *end, size_t n, const double *from,
                       const double *to, size_t m, double *concurrency);

/* ---- plan against actual ---- */

struct actual_group {
    const char *name; /* the deployment; NULL for the total */
    size_t requests;  /* completion calls, any status */
    size_t succeeded, rate_limited, failed;
    size_t other;                       /* records that are not completion calls */
    double input_tokens, output_tokens; /* of succeeded calls */
    double spend;                       /* every record's; NaN when the log has no spend */
    double first_start_s, last_end_s;   /* Unix seconds; an end unknown counts its start */
    double elapsed_s;
    double output_tok_s;   /* output_tokens / elapsed_s */
    double requests_per_h; /* succeeded / elapsed hours */
};

struct actual {
    struct actual_group total;
    struct actual_group *deployments;
    size_t ndeployments;
};

void actual_compute(const struct usage_log *log, struct actual *out);
void actual_release(struct actual *actual);

/* The default window of the projection's rate: the last hour. */
#define PROJECTION_WINDOW_S 3600.0

struct projection_options {
    double planned_requests; /* the plan's completion calls, > 0 */
    double now_s;            /* NaN: the last time in the log */
    double window_s;         /* the rate's window; 0: the whole run */
};

struct projection {
    double planned, done, fraction; /* done: succeeded calls by now */
    int finished;                   /* done >= planned */
    double first_start_s, now_s;
    double window_s;       /* the window used: min(window, now - first start) */
    double done_in_window; /* succeeded calls that ended within it */
    double rate_per_s;     /* done_in_window / window_s */
    double remaining_s;    /* (planned - done) / rate; INFINITY when stalled */
    double finish_s;       /* now + remaining (Unix seconds) */
    double total_s;        /* finish - first start */
    double spend_so_far, spend_per_request, projected_spend; /* NaN without spend */
    double input_per_request, output_per_request;
    double projected_input_tokens, projected_output_tokens;
};

/*
 * Projects a job in progress at its rate over the window.  Returns 0, or -1
 * with *d when the options are invalid or the log has no time.
 */
int actual_project(const struct usage_log *log, const struct projection_options *options,
                   struct projection *out, struct diag *d);

#endif
