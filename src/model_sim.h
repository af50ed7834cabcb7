/*
 * model_sim: the simulation of a scenario's generation job (the engine of
 * sim.h), as figures of the report.  model_sim_run turns the scenario into
 * a sim_config (each dedicated instance a deployment of its own, the job's
 * calls from the generation volume, the client, retries and router from
 * `simulation`), runs replication 0 with a timeline and the admission
 * records, and the other replications over threads, and fills
 * report.simulation.  docs/simulation.md says how each key maps onto the
 * engine.
 *
 * Replication 0 gives the headline figures (time, cost, requests, 429s,
 * latency, the timeline); with more replications, the spreads are over all
 * of them.  Replication i depends on (scenario, seed, i) only, so the
 * figures are the same for any number of threads.
 *
 * The simulation is not part of model_run: it costs a run of the engine,
 * which sweeps must not pay.  The commands call it (the report when the
 * scenario has a `simulation` mapping, and `simulate`); a Monte Carlo run of
 * a simulating scenario calls model_sim_replication once a sample (unc.h).
 *
 * Ownership: a sim_report owns its arrays and names and the replication-0
 * result; model_sim_release frees them (report_release calls it) and
 * accepts a zeroed struct.  This header compiles without libyaml.
 */
#ifndef RAFTCOST_MODEL_SIM_H
#define RAFTCOST_MODEL_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "model_preempt.h"
#include "sim.h"
#include "sim_replicate.h"

struct scenario;
struct report;

/* One deployment: a serverless backend, or one instance of a dedicated one. */
struct sim_report_deployment {
    char *name;          /* "maap", or "maap/1", "maap/2" for the instances of a count above 1 */
    size_t backend;      /* index into scenario.backends */
    unsigned instance;   /* 1, 2, ... (1 for a backend of one) */
    double tpm, rpm;     /* its limits: a dedicated backend's are split over its instances */
    double peak_tpm_60s; /* the most TPM tokens admitted in any 60 s window; NAN: no tpm limit */
};

/* One step of replication 0's timeline: the whole run's counts. */
struct sim_report_step {
    double start_s, end_s;
    uint64_t rejected; /* 429s, the router's own included */
    uint64_t retries, lost;
};

/* One deployment in one step. */
struct sim_report_step_deployment {
    double output_tokens;   /* decoded in the step */
    double tok_s;           /* output_tokens / the step's length */
    double mean_in_flight;  /* admitted requests, time average */
    uint64_t completed;     /* finished in the step */
    uint64_t rejected;      /* 429s it answered */
    uint64_t admitted;      /* requests admitted */
    double admitted_tokens; /* their TPM cost (input + max_tokens, or + output) */
    /* The most TPM tokens admitted in a 60 s window (t - 60 s, t] over the admissions t
     * of the step; NAN without a tpm limit or without an admission in the step. */
    double peak_tpm_60s;
};

/* A bin of replication 0's latency histogram (first attempt to last token). */
struct sim_report_bin {
    double lo_s, hi_s;
    uint64_t count;
};

struct sim_report {
    int present;
    /* What ran. */
    uint64_t seed;
    size_t replications;
    unsigned threads;
    struct sim_report_deployment *deployments;
    size_t ndeployments;
    struct sim_result run; /* replication 0; its deployments' names point into `deployments` */
    /* Over the replications (with one, each is the run's figure). */
    struct sim_spread wall_s, cost, lost_examples, rejected;
    /* Replication 0's timeline. */
    double step_s;
    struct sim_report_step *steps;
    size_t nsteps;
    struct sim_report_step_deployment *step_deployments; /* nsteps x ndeployments, by step */
    /* Replication 0's latencies, in log-spaced bins, from the first bin with one to the last. */
    struct sim_report_bin *latency_bins;
    size_t nlatency_bins;
    struct sim_preempt_report preemption; /* spot instances taken back (model_preempt.h) */
};

struct progress;

/*
 * Simulates the generation job of s, whose analytic figures r holds
 * (model_run first), into r->simulation, on `threads` threads (at least 1).
 * With more than one replication, each adds one to progress when it ends
 * (NULL: none; progress.h; its total is the replications).  Returns 0, or -1 with d
 * filled (the engine refused the config, or a throughput curve gave no
 * throughput) and r->simulation empty.
 */
int model_sim_run(const struct scenario *s, struct report *r, unsigned threads,
                  struct progress *progress, struct diag *d);
void model_sim_release(struct sim_report *sr);

/*
 * One replication of the generation job of s (whose analytic figures r
 * holds), with the generator seeded with stream_seed (0: the simulation's
 * own replication 0, the headline of model_sim_run), without a timeline or
 * records: for a Monte Carlo sample.  Safe to call from several threads at
 * once, each on a scenario and report of its own.  Fills *out (release it
 * with sim_result_release; its deployments' names are NULL) and returns 0,
 * or -1 with d filled and *out zeroed.
 */
int model_sim_replication(const struct scenario *s, const struct report *r,
                          unsigned long stream_seed, struct sim_result *out, struct diag *d);
/* Threads for the replications when none is asked for: one per online processor. */
unsigned model_sim_default_threads(void);

#endif
