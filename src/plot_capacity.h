/*
 * plot_capacity: the pictures of serving capacity (docs/capacity.md), a
 * family of plots of its own that plot_write adds after the report's:
 *   replicas-NAME   each option that reports a capacity: replicas (bars) and
 *                   hosting and total cost (lines) month by month
 *   staircase       with a comparison and sized hosting: the cost ratio of
 *                   every other option over the candidate against traffic,
 *                   a staircase, with the claim and the best ratio
 *   latency-NAME    each option with a throughput and a target: p95 latency
 *                   against the load of one replica, the estimate as a line
 *                   and the simulation as points, the target and the
 *                   capacity marked
 * Every figure comes from the report, or from model_capacity_latency (the
 * model layer's series for the last plot, which simulates).
 *
 * Ownership: nothing is kept; the report is only read.
 */
#ifndef RAFTCOST_PLOT_CAPACITY_H
#define RAFTCOST_PLOT_CAPACITY_H

#include "diag.h"
#include "plot_run.h"
#include "report.h"

/* Adds the capacity plots of r to b.  Returns 0, or -1 with d filled (a simulation failed). */
int plot_capacity_add(struct plot_batch *b, const struct report *r, struct diag *d);

#endif
