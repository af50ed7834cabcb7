/*
 * unc_figures: which figures a Monte Carlo run keeps of every sample, and
 * reading them from a report without allocating.  For unc.c only.
 *
 * Ownership: unc_figures_collect allocates the array and each figure's key
 * and label; unc_figures_release frees them.
 */
#ifndef RAFTCOST_UNC_FIGURES_H
#define RAFTCOST_UNC_FIGURES_H

#include <stddef.h>

#include "report.h"
#include "sim.h"
#include "unc.h"

enum unc_what {
    UNC_GEN_COST,
    UNC_GEN_HOURS,    /* seconds */
    UNC_GEN_LOST,     /* simulated: examples lost (retries exhausted) */
    UNC_GEN_REJECTED, /* simulated: 429s */
    UNC_FT_COST,
    UNC_FT_HOURS, /* seconds, all runs */
    UNC_EVAL_COST,
    UNC_ONE_OFF,
    UNC_OPTION_MONTH1,  /* index: the option */
    UNC_OPTION_HORIZON, /* index: the option */
    UNC_HORIZON,
    UNC_RATIO_MONTH1,
    UNC_RATIO_HORIZON,
    UNC_BREAKEVEN, /* requests a day; NaN: never */
    UNC_PAYBACK,   /* days; NaN: never */
    /* Not shown in the table: */
    UNC_DEAREST_MONTH,   /* for a monthly budget */
    UNC_CLAIM_HOLDS,     /* 1 or 0 */
    UNC_UNIT_THROUGHPUT, /* index: the backend; a fitted curve's throughput, tok/s */
};

/*
 * The figures of a report of this scenario (the headline figures its phases
 * have, then the hidden columns), each with the report's value as its point
 * estimate; one throughput column for each backend in fit_backends.  With
 * sim (the simulated generation of the report: its time and cost are in r
 * already), also the lost examples and the 429s; NULL: not simulated.
 */
void unc_figures_collect(const struct report *r, const struct sim_result *sim,
                         const size_t *fit_backends, size_t nfits, struct unc_figure **out,
                         size_t *count);
/* The figure's value in r and sim (base units: seconds, currency units, ...). */
double unc_figure_value(const struct report *r, const struct sim_result *sim,
                        const struct unc_figure *f);
void unc_figures_release(struct unc_figure *items, size_t n);

#endif
