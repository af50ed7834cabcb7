/*
 * plot_report: the report's own plots, each a data file and a script for
 * its template plots/NAME.gp:
 *
 *   phases      one-off cost by phase as stacked bars, with the total
 *   generation  time against cost: each backend alone and the mix
 *   monthly     each inference option's monthly cost, and the cumulative
 *               costs with the one-off costs, payback marked
 *   breakeven   monthly cost of each option against traffic (requests/day)
 *   ratio       cost ratio baseline/candidate against traffic, with the
 *               asymptote and the claimed ratio
 *
 * It formats what struct report holds (the model computed every figure,
 * the traffic series and the payback point included); it calls no curve,
 * pricing or scenario function.
 *
 * Ownership: the functions add jobs to the batch (which owns them) and
 * keep no pointer to the report.
 */
#ifndef RAFTCOST_PLOT_REPORT_H
#define RAFTCOST_PLOT_REPORT_H

#include "plot_run.h"
#include "report.h"

/* Adds each of the plots above that the report's phases allow, in that order. */
void plot_report_add(struct plot_batch *b, const struct report *r);

/*
 * The variables every plot of a report sets after its head: scenario,
 * currency and money_prefix ("$" for USD, else the code and a space), which
 * common.gp's money() tics use.  For report plots in other files.
 */
void plot_report_script_begin(struct plot_job *j, const struct report *r);

#endif
