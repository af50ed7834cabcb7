/*
 * sim_replicate: independent replications of one simulation over a pool of
 * POSIX threads.  Replication i runs sim_run with config.replication = i, so
 * its generator is seeded from (seed, i) alone and its result is the same
 * whatever the number of threads or the order they finish in; the summary is
 * computed from the results in index order.  Mean, P10, P50 and P90 use
 * GSL's sort and statistics (quantiles interpolated between order
 * statistics, gsl_stats_quantile_from_sorted_data).
 *
 * Ownership: the config is borrowed and must stay unchanged while this runs;
 * its hooks are not called (a timeline or trace of replication i comes from
 * sim_run with replication = i, which gives the same run).  The rate and
 * token callbacks are called from several threads.  A sim_replicates owns
 * its results; release it with sim_replicates_release.
 */
#ifndef RAFTCOST_SIM_REPLICATE_H
#define RAFTCOST_SIM_REPLICATE_H

#include <stddef.h>

#include "diag.h"
#include "sim.h"

struct sim_spread {
    double mean, p10, p50, p90;
};

struct sim_replicates {
    size_t n;
    struct sim_result *results; /* n, by replication index */
    struct sim_spread wall_s, cost, lost_examples, rejected;
};

struct progress;

/*
 * Runs n >= 1 replications on `threads` threads (0: one; more than n: n),
 * adding each finished one to progress (NULL: none; progress.h).  Returns 0
 * and fills *out, or -1 with *d filled (an invalid config, a failing run, a
 * thread that could not start) and *out empty.
 */
int sim_replicate(const struct sim_config *config, size_t n, unsigned threads,
                  struct progress *progress, struct sim_replicates *out, struct diag *d);
void sim_replicates_release(struct sim_replicates *r);

#endif
