/*
 * sim: a discrete-event simulation of a generation job (or of a stream of
 * requests) served by a set of deployments.  One call of sim_run is one
 * replication: the client's workers issue calls, a router picks a deployment
 * for each attempt, the deployment's limits admit it or answer 429 with a
 * retry-after, the client retries like the OpenAI SDK, and an admitted
 * request waits for its time to first token and then decodes, sharing the
 * deployment's throughput with the other requests in decode (processor
 * sharing).  A spot instance may be taken back by its cloud (preemption):
 * its requests go back to the router and it serves again after a restart.
 * docs/simulation.md gives the model, every field with its unit
 * and default, and where the simulation and the analytic model differ.
 *
 * The module is pure: no I/O, no globals; randomness comes from one GSL
 * generator per replication, seeded from (seed, replication) only.  Memory
 * grows with the requests in flight and the deployments, never with the
 * number of requests in the job (an open-loop stream that arrives faster
 * than it is served is the exception: its waiting requests are held).
 *
 * Ownership: a sim_config borrows everything it points at (deployments,
 * names, callback contexts) for the duration of sim_run; sim_run copies
 * nothing it keeps.  A sim_result owns its deployments array (free it with
 * sim_result_release); the names in it are borrowed from the config.
 * Callbacks are called from the thread that runs sim_run; the rate and token
 * callbacks must be safe to call from several threads when the config is
 * given to sim_replicate.
 */
#ifndef RAFTCOST_SIM_H
#define RAFTCOST_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* The router's policies (LiteLLM's names; round-robin added). */
enum sim_routing {
    SIM_ROUTE_SIMPLE_SHUFFLE, /* random, weighted by weight, else rpm, else tpm */
    SIM_ROUTE_LEAST_BUSY,     /* fewest requests in flight */
    SIM_ROUTE_USAGE_BASED,    /* lowest tokens this minute, among those under their limits */
    SIM_ROUTE_LATENCY_BASED,  /* lowest recent latency per output token */
    SIM_ROUTE_ROUND_ROBIN     /* each available deployment in turn */
};
#define SIM_ROUTE_COUNT 5
/* "simple-shuffle", "least-busy", "usage-based", "latency-based", "round-robin", or -1. */
int sim_routing_from_name(const char *name);
const char *sim_routing_name(enum sim_routing routing);

/* How a closed-loop client orders a RAFT job's calls. */
enum sim_pattern {
    SIM_PATTERN_RAFT,       /* a worker takes a chunk: its question call, then its answer calls */
    SIM_PATTERN_INDEPENDENT /* any ready call may go; answers are ready once their question is */
};
/* "raft", "independent", or -1. */
int sim_pattern_from_name(const char *name);
const char *sim_pattern_name(enum sim_pattern pattern);

/* How a TPM or RPM limit refills. */
enum sim_limit_kind {
    SIM_LIMIT_BUCKET, /* token bucket refilled continuously: capacity limit * window / 60 s */
    SIM_LIMIT_SLIDING /* at most limit * window / 60 s admitted in any window of window_s */
};

/* What a request costs against a TPM limit, counted at admission. */
enum sim_token_cost {
    SIM_COST_MAX_TOKENS, /* input + max_tokens (Azure's estimate); + output when max_tokens is 0 */
    SIM_COST_ACTUAL      /* input + the output the request will produce */
};

/* The distribution of a call's output tokens around its mean. */
enum sim_dist {
    SIM_DIST_NONE,       /* always the mean */
    SIM_DIST_LOGNORMAL,  /* lognormal with the mean and output_cv */
    SIM_DIST_EXPONENTIAL /* exponential with the mean (cv 1) */
};

enum sim_job_kind {
    SIM_JOB_RAFT,    /* chunks: a question call, then `questions` answer calls each */
    SIM_JOB_REQUESTS /* `requests` independent calls */
};

enum sim_call_kind { SIM_CALL_QUESTION, SIM_CALL_ANSWER, SIM_CALL_REQUEST };

/* How the intervals between a spot instance's preemptions are drawn. */
enum sim_preempt_dist {
    SIM_PREEMPT_EXPONENTIAL, /* exponential of mean mean_interval_s (a Poisson process) */
    SIM_PREEMPT_FIXED        /* exactly mean_interval_s each time: what-ifs and tests */
};

/*
 * A spot instance that the cloud takes back (sim_preempt.c): after an
 * interval of serving, every request admitted there goes back to the router
 * (not a retry), and the instance serves again after wait_s + restart_s.
 */
struct sim_preemption {
    double mean_interval_s; /* mean time serving between preemptions; 0: never preempted */
    double wait_s;          /* first, no VM (no spot capacity yet): not billed */
    double restart_s;       /* then the replacement boots and loads the model: billed */
    enum sim_preempt_dist dist;
};

/* Total output throughput of a deployment with n requests in decode, tok/s. */
typedef double (*sim_rate_fn)(const void *ctx, double n);

struct sim_limits {
    double tpm;               /* tokens per minute; 0: no limit */
    double rpm;               /* requests per minute; 0: no limit */
    unsigned concurrency;     /* requests admitted at once; 0: no limit */
    double window_s;          /* the window of the allowance (default 60 s) */
    enum sim_limit_kind kind; /* default SIM_LIMIT_BUCKET */
    enum sim_token_cost cost; /* default SIM_COST_MAX_TOKENS */
    /* The share of attempts answered 429 at random, before the other limits and whatever
     * the load (as a pilot measured it), without a retry-after; 0: none (the default). */
    double reject_share;
};

/*
 * A deployment: one serverless endpoint, or one dedicated instance.  Its
 * service is either shared (processor sharing of throughput_tok_s, or of
 * rate_tok_s(n) when the callback is set) or per stream (stream_tok_s for
 * each request, no matter how many: an endpoint with per-request speed and
 * time to first token as provider benchmarks report them).
 */
struct sim_deployment {
    const char *name;        /* for results; borrowed, may be NULL */
    double throughput_tok_s; /* constant total output rate; 0 when rate_tok_s or stream_tok_s */
    sim_rate_fn rate_tok_s;  /* X(n); NULL: constant */
    const void *rate_ctx;
    double stream_tok_s;      /* per-request output rate; 0: shared service */
    double ttft_s;            /* time to first token before decode (default 0) */
    unsigned max_concurrency; /* requests in service at once, others queue FIFO; 0: no cap */
    double provisioning_s;    /* serves only after this, billed from 0 (default 0) */
    double teardown_s;        /* billed after the job ends (default 0) */
    double per_hour;          /* price per hour from 0 to the end of teardown (default 0) */
    double input_per_1k, output_per_1k; /* price per 1,000 tokens of successful requests */
    double weight;                      /* simple-shuffle weight; 0: none given */
    struct sim_limits limits;
    struct sim_preemption preemption; /* a spot instance's; all zero: never preempted */
};

/* One kind of call: mean tokens, and the max_tokens the client sends. */
struct sim_call {
    double input_tokens;  /* prompt tokens */
    double output_tokens; /* mean output tokens */
    double max_tokens;    /* cap on output (drawn values are clamped to it); 0: none */
};

/* Output tokens of one call, replacing the draw: for traces and benchmarks. */
typedef double (*sim_tokens_fn)(const void *ctx, uint64_t call, enum sim_call_kind kind);

struct sim_job {
    enum sim_job_kind kind; /* default SIM_JOB_REQUESTS */
    uint64_t chunks;        /* RAFT: chunks */
    unsigned questions;     /* RAFT: questions (answer calls) per chunk */
    struct sim_call question, answer;
    uint64_t requests; /* REQUESTS: calls */
    struct sim_call request;
    enum sim_dist output_dist;      /* default SIM_DIST_NONE */
    double output_cv;               /* lognormal: standard deviation over mean */
    sim_tokens_fn output_tokens_fn; /* NULL: the mean or a draw */
    const void *output_tokens_ctx;
};

/* The OpenAI SDK's retry rule; defaults max 2, 0.5 s, 8 s, 25%, 60 s. */
struct sim_retry {
    unsigned max;             /* retries after the first attempt */
    double initial_s;         /* first backoff */
    double max_delay_s;       /* backoff cap */
    double jitter;            /* a backoff is multiplied by 1 - jitter * U[0,1); [0, 1) */
    double retry_after_max_s; /* a retry-after above this is ignored (backoff instead) */
};

struct sim_client {
    unsigned workers; /* requests in flight at most; 0 only with an arrival rate: no cap */
    enum sim_pattern pattern;
    double arrival_rate_s;    /* > 0: open loop, Poisson arrivals per second (REQUESTS jobs) */
    uint64_t warmup_requests; /* calls left out of the latency statistics, first ones */
    struct sim_retry retry;
};

struct sim_router {
    enum sim_routing policy; /* default SIM_ROUTE_SIMPLE_SHUFFLE (LiteLLM's default) */
    unsigned allowed_fails;  /* failures within cooldown_s of each other tolerated (default 3) */
    double cooldown_s;       /* how long a failing deployment is left out (default 5 s) */
    unsigned retries;        /* immediate re-routes to another deployment on a 429 (default 0) */
    unsigned latency_window; /* latencies remembered per deployment (default 10) */
};

/* One step of the timeline, per deployment. */
struct sim_timeline_deployment {
    double output_tokens;  /* decoded during the step (service integrated over time) */
    double tok_s;          /* output_tokens / step length */
    double mean_in_flight; /* admitted requests (queued or in service), time average */
    uint64_t completed;    /* requests that finished in the step */
    uint64_t rejected;     /* 429s the deployment answered in the step */
};

struct sim_timeline_step {
    double start_s, end_s;
    uint64_t rejected; /* all 429s, including the router's own */
    uint64_t retries, lost;
    size_t ndeployments;
    const struct sim_timeline_deployment *deployments; /* valid during the callback only */
};

enum sim_trace_kind {
    SIM_TRACE_ADMIT,  /* admitted at a deployment (cost_tokens counted against its TPM) */
    SIM_TRACE_REJECT, /* a 429; deployment -1: the router had none available */
    SIM_TRACE_DONE,   /* finished */
    SIM_TRACE_LOST    /* retries exhausted */
};

struct sim_trace {
    enum sim_trace_kind kind;
    double time_s;
    int deployment;
    uint64_t call;
    enum sim_call_kind call_kind;
    double input_tokens, output_tokens;
    double cost_tokens;   /* ADMIT: the TPM cost */
    double retry_after_s; /* REJECT: the retry-after given, or -1 for none */
    double issued_s;      /* the call's first attempt (open loop: its arrival) */
};

struct sim_hooks {
    /* Called at the end of every step of timeline_step_s (and for the last, partial one). */
    void (*timeline)(void *ctx, const struct sim_timeline_step *step);
    void *timeline_ctx;
    double timeline_step_s; /* default 60 s */
    /* Called at every admission, 429, completion and loss. */
    void (*trace)(void *ctx, const struct sim_trace *event);
    void *trace_ctx;
};

struct sim_config {
    const struct sim_deployment *deployments; /* borrowed */
    size_t ndeployments;
    struct sim_job job;
    struct sim_client client;
    struct sim_router router;
    uint64_t seed;        /* default 1 */
    uint64_t replication; /* the generator is seeded from (seed, replication) */
    /* Nonzero: the generator's seed as given, instead of sim_stream_seed(seed, replication)
     * (a caller's own stream, such as a Monte Carlo sample's); default 0. */
    unsigned long stream_seed;
    struct sim_hooks hooks;
};

/* Sets every documented default; no deployments, an empty job. */
void sim_config_init(struct sim_config *config);
/* Defaults of one deployment: all zero but limits.window_s = 60. */
void sim_deployment_init(struct sim_deployment *deployment);

struct sim_latency {
    uint64_t n;                           /* requests measured */
    double mean, p50, p90, p95, p99, max; /* seconds; NaN when n = 0 */
};

struct sim_deployment_result {
    const char *name;  /* borrowed from the config */
    uint64_t requests; /* finished */
    uint64_t rejected; /* 429s it answered */
    double input_tokens, output_tokens;
    double cost;        /* tokens at its prices + per_hour over billed_s */
    double billed_s;    /* from 0 to the end of teardown, less unbilled_s; 0 when per_hour is 0 */
    double ready_s;     /* when it started serving (provisioning_s) */
    double available_s; /* from ready to the end of the job, less down_s (0 when never ready) */
    double busy_s;      /* time with at least one request in service (prefill or decode) */
    double utilisation; /* busy_s / available_s; NaN when available_s is 0 */
    /* output_tokens / (peak throughput * available_s); NaN for per-stream service */
    double throughput_fraction;
    double tok_s;            /* output_tokens / the job's wall time: the shares add up */
    unsigned peak_in_flight; /* admitted at once (queued or in service) */
    /* Preemption (all zero for a deployment that is never preempted): */
    uint64_t preemptions;
    uint64_t rerun_requests; /* admitted there when preempted: sent back to the router */
    double rerun_tokens;     /* output tokens they had decoded there, thrown away */
    double down_s;           /* not serving after preemptions (wait + restart, up to the end) */
    double unbilled_s;       /* of down_s, the waits with no VM: not in billed_s */
    double down_cost;        /* per_hour over down_s - unbilled_s: billed while not serving */
};

struct sim_result {
    double wall_s; /* from the start to the last request's end */
    double cost;
    uint64_t calls;         /* calls the client made (successful or lost) */
    uint64_t requests;      /* successful */
    uint64_t attempts;      /* every try, at the router */
    uint64_t rejected;      /* 429s, the router's included */
    uint64_t retries;       /* client retries */
    uint64_t lost_requests; /* calls whose retries ran out */
    uint64_t lost_examples; /* RAFT: Q per lost question, 1 per lost answer; REQUESTS: 1 per call */
    uint64_t examples;      /* RAFT: successful answers; REQUESTS: successful calls */
    double input_tokens, output_tokens; /* of successful requests */
    double tok_s;                       /* output_tokens / wall_s */
    struct sim_latency latency;         /* first attempt to last token */
    struct sim_latency ttft;            /* first attempt to first token */
    uint64_t events;
    uint64_t seed, replication;
    size_t peak_requests;                 /* requests held at once: the memory the run needed */
    uint64_t preemptions, rerun_requests; /* the deployments' sums */
    size_t ndeployments;
    struct sim_deployment_result *deployments; /* owned */
};

/* Frees the contents; accepts a zeroed or released struct. */
void sim_result_release(struct sim_result *result);

/*
 * Checks a config for what would make the run meaningless or endless: no
 * deployment, no workers, a deployment with no service or two kinds of
 * service, negative or NaN numbers, an open loop on a RAFT job, an unknown
 * enum value.  Returns 0, or -1 with the reason in *d.
 */
int sim_validate(const struct sim_config *config, struct diag *d);

/*
 * Runs one replication.  Returns 0 and fills *result (release it), or -1
 * with *d filled (an invalid config, or a throughput callback that returned
 * a value that is not positive) and *result zeroed.
 */
int sim_run(const struct sim_config *config, struct sim_result *result, struct diag *d);

/* The generator seed of a replication: a mix of (seed, replication). */
unsigned long sim_stream_seed(uint64_t seed, uint64_t replication);
/* The seed sim_run gives the generator: config->stream_seed, or else sim_stream_seed. */
unsigned long sim_config_stream_seed(const struct sim_config *config);
/* The seed of deployment i's preemption generator in a replication: a mix of all three. */
unsigned long sim_preempt_seed(uint64_t seed, uint64_t replication, uint64_t deployment);

#endif
