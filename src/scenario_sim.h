/*
 * scenario_sim: the `simulation` mapping of a scenario: how the client
 * makes the generation job's calls (workers, pattern or an arrival rate),
 * how it retries, how the router spreads them, how output lengths vary,
 * the seed and the replications.  Every number and choice is a parameter
 * (simulation.KEY), present with its default whether or not the file has a
 * `simulation` mapping, so that `raftcost simulate --set` works on any
 * scenario.  The keys of a backend that only the simulation reads (stream,
 * ttft, max_concurrency, weight, limits.window, .mode, .tpm_counts) are in
 * struct deploy_sim (deploy.h).  docs/simulation.md gives every key, unit,
 * default and formula.
 *
 * The loader's tables are in scenario_sim.c (scenario_read_simulation,
 * declared in loader.h); scenario_sim_validate holds the checks that span
 * several numbers, called by scenario_validate after every change.
 *
 * Ownership: plain numbers, copied with the scenario.  This header compiles
 * without libyaml.
 */
#ifndef RAFTCOST_SCENARIO_SIM_H
#define RAFTCOST_SCENARIO_SIM_H

#include "diag.h"

/* simulation.retries: the OpenAI SDK's rule. */
struct sim_retry_settings {
    double max;               /* retries after the first attempt (default 2) */
    double initial_s;         /* first backoff (0.5 s) */
    double max_delay_s;       /* backoff cap (8 s) */
    double jitter;            /* a backoff is multiplied by 1 - jitter * U[0,1) (25%) */
    double max_retry_after_s; /* a longer retry-after is ignored (60 s) */
};

/* simulation.output_tokens: how a call's output length varies around its mean. */
enum sim_output_dist { SIM_OUTPUT_FIXED, SIM_OUTPUT_LOGNORMAL, SIM_OUTPUT_EXPONENTIAL };
struct sim_output_settings {
    int dist;          /* enum sim_output_dist; a choice parameter */
    double cv;         /* lognormal: standard deviation over mean */
    double max_tokens; /* the max_tokens each call sends: draws are cut there; 0: none */
};

/* simulation.service: how a backend with a per-stream speed (stream) is served. */
enum sim_service_choice {
    SIM_SERVICE_AUTO,  /* serverless per request at its stream; dedicated by its throughput */
    SIM_SERVICE_STREAM /* every backend with a stream per request at it (a pilot's) */
};

/* simulation.pattern, in the order of the choice's names. */
enum sim_pattern_choice { SIM_PATTERN_CHOICE_RAFT, SIM_PATTERN_CHOICE_INDEPENDENT };

struct sim_settings {
    int present;           /* the scenario has a `simulation` mapping: the report includes it */
    double workers;        /* calls in flight at most; 0 only with an arrival rate (no cap) */
    int pattern;           /* enum sim_pattern_choice; a choice parameter */
    double arrival_rate_s; /* > 0: open loop, Poisson arrivals a second (plain calls only) */
    int routing;           /* enum sim_routing (sim.h), the same order; a choice parameter */
    int service;           /* enum sim_service_choice; a choice parameter */
    double allowed_fails;  /* 429s within cooldown of each other before a cooldown */
    double cooldown_s;
    double reroutes;       /* the router's immediate retries on another deployment */
    double latency_window; /* latencies remembered per deployment (latency-based) */
    struct sim_retry_settings retries;
    struct sim_output_settings output;
    double seed;            /* of the generators; replication i is seeded from (seed, i) */
    double replications;    /* independent runs */
    double warmup;          /* first calls left out of the latency statistics */
    double timeline_step_s; /* the step of the timeline (--timeline, the plots) */
};

struct scenario;

/*
 * The checks that span several numbers: the simulation needs generation, a
 * closed loop needs a worker, an open loop needs plain calls, jitter below
 * 100%, a lognormal needs a cv, max_tokens at least each call's mean
 * output; a backend with a stream and no throughput has something that
 * bounds it for the analytic model.
 * Returns 0, or -1 with d filled (pointing at the parameter's place, or
 * naming the --set that set it).
 */
int scenario_sim_validate(const struct scenario *s, struct diag *d);

#endif
