/*
 * model_preempt: spot preemption in the simulation of a scenario
 * (docs/catalogues.md, "Spot preemption").  A dedicated backend billed at
 * its spot price with a `preemption` mapping gives each of its instances
 * the engine's preemption (sim.h, struct sim_preemption); after the
 * simulation, the same job runs again without preemption (the same seed and
 * replications) so that the report can say what preemption cost in time
 * and money, and what the same run costs with the spot instances at their
 * on-demand price.
 *
 * The analytic model does not preempt: model_preempt_down_share gives the
 * share of a spot instance's time that restarts alone take, for the
 * analytic report's note.
 *
 * Ownership: plain numbers; a sim_preempt_report lives in struct
 * sim_report (model_sim.h) and owns nothing.  This header compiles without
 * libyaml.
 */
#ifndef RAFTCOST_MODEL_PREEMPT_H
#define RAFTCOST_MODEL_PREEMPT_H

#include <stdint.h>

#include "diag.h"
#include "sim.h"
#include "sim_replicate.h"

struct scenario;
struct deployment;
struct sim_report;

struct sim_preempt_report {
    int present; /* some deployment of the simulation is preempted */
    /* Replication 0, over the deployments: */
    uint64_t preemptions, rerun_requests;
    double rerun_tokens; /* output tokens decoded and thrown away */
    double down_s;       /* instance time not serving */
    double down_cost;    /* billed while not serving (the restarts) */
    /* Replication 0 again without preemption (the same seed): */
    double without_wall_s, without_cost;
    double on_demand_cost; /* that run, with every spot instance at its on-demand price */
    /* Over the replications without preemption (each the above with one replication): */
    struct sim_spread without_wall, without_spread_cost;
    double mean_on_demand_cost;
};

/* 1 when backend b is preempted in the simulation: dedicated, spot, with a `preemption`. */
int model_preempt_applies(const struct deployment *b);
/* The engine's preemption of one of b's instances (all zero when it does not apply). */
void model_preempt_deployment(const struct deployment *b, struct sim_deployment *out);
/*
 * After the simulation of s (sr filled from cfg, which is still valid):
 * fills sr->preemption, running cfg's job again without preemption on
 * sr->threads threads.  Returns 0 (nothing to do when no deployment is
 * preempted), or -1 with d filled.
 */
int model_preempt_run(const struct scenario *s, struct sim_report *sr, const struct sim_config *cfg,
                      struct diag *d);
/*
 * The long-run share of a spot instance's time spent down after
 * preemptions: (wait + restart) / (mean_interval + wait + restart), the
 * availability of an alternating renewal process.  It leaves out the work
 * in flight that is thrown away.  NAN when b is not preempted.
 */
double model_preempt_down_share(const struct deployment *b);

#endif
