/*
 * plot_sim: the simulation's plots, from report.simulation (model_sim.h):
 *
 *   sim-timeline  output tok/s of each deployment against time, stacked
 *                 (per backend when there are more than 8 deployments),
 *                 with the 429s of each step as a line on a second axis, the
 *                 provisioning of each dedicated instance shaded, and the
 *                 analytic and simulated end of the job marked
 *   sim-latency   the histogram of the requests' latencies (first attempt
 *                 to last token) on a log scale, p50, p90 and p99 marked
 *
 * Like every plot file it formats figures the report holds and computes
 * none.  Ownership: the jobs belong to the batch; nothing is kept.
 */
#ifndef RAFTCOST_PLOT_SIM_H
#define RAFTCOST_PLOT_SIM_H

#include "diag.h"
#include "plot_run.h"
#include "report.h"

/* Adds the two plots to a batch (r->simulation must be present). */
void plot_sim_add(struct plot_batch *b, const struct report *r);

/* `raftcost simulate --plots DIR`: the two plots alone into dir.  Returns as plot_write. */
enum plot_status plot_sim_write(const struct report *r, const char *dir, enum plot_format format,
                                struct diag *d);

#endif
