/*
 * plot_unc: the plots of a Monte Carlo run (unc.h), each a data file and a
 * script for its template:
 *
 *   uncertainty-one-off     plots/uncertainty.gp: the one-off total's
 *                           histogram and CDF, the estimate and the budget
 *   uncertainty-generation  the same for the generation time, the deadline
 *   tornado                 plots/tornado.gp: each input at its P10 and
 *                           P90, largest swing at the top (raftcost tornado)
 *
 * Every number is computed by unc.c (histograms, CDFs, the tornado's rows);
 * these functions format and write them.  Ownership: the jobs belong to the
 * batch; nothing is kept of the report or the tornado.
 */
#ifndef RAFTCOST_PLOT_UNC_H
#define RAFTCOST_PLOT_UNC_H

#include "plot_run.h"
#include "report.h"

struct unc_tornado;

/* The two histograms of r->uncertainty (nothing without one), as the report's phases allow. */
void plot_unc_add(struct plot_batch *b, const struct report *r);
/* The tornado t of a figure of r->uncertainty. */
void plot_unc_add_tornado(struct plot_batch *b, const struct report *r,
                          const struct unc_tornado *t);

#endif
