/*
 * stats: what a Monte Carlo run says about one output figure: its mean and
 * percentiles, the share of samples within a budget, and the rank
 * correlation of an input with it.  Values are read with a stride, so a
 * column of a row-major samples × figures table is read in place.
 *
 * A sample in which a figure does not exist (NaN: "never", "unreachable",
 * a phase left out; infinities count the same) is missing: it is left out
 * of the mean, the percentiles and the correlations, counted in `missing`,
 * and never within a budget.
 *
 * Percentiles are GSL's definition (gsl_stats_quantile_from_sorted_data):
 * for a share p of n sorted values x[0..n-1], with h = (n - 1) p, the value
 * (1 - delta) x[floor(h)] + delta x[floor(h) + 1], delta = h - floor(h):
 * linear interpolation between order statistics, R's type 7 and numpy's
 * default.  The two order statistics come from gsl_stats_select.
 *
 * The module neither allocates what it returns nor prints.
 */
#ifndef RAFTCOST_STATS_H
#define RAFTCOST_STATS_H

#include <stddef.h>

struct stats_summary {
    size_t n;                            /* samples in which the figure exists */
    size_t missing;                      /* samples in which it does not (NaN or infinite) */
    double mean, p5, p10, p50, p90, p95; /* over the n; NaN when n = 0 */
};

/*
 * Summarises count values read at values[0], values[stride], ...; work
 * holds at least count doubles (its contents are overwritten).
 */
void stats_summarise(const double *values, size_t stride, size_t count, double *work,
                     struct stats_summary *out);

/*
 * The share of all count samples whose value exists and is at most limit:
 * the chance that a budget (or a deadline) holds.  0 when count = 0.
 */
double stats_share_at_most(const double *values, size_t stride, size_t count, double limit);

/*
 * Spearman's rank correlation of x and y over the samples where both exist
 * (gsl_stats_spearman: Pearson's correlation of the ranks, ties given their
 * mean rank).  work holds at least 4 count doubles.  Returns the
 * correlation and sets *pairs to the samples used; NaN when fewer than two
 * pairs remain or either side does not vary.
 */
double stats_spearman(const double *x, size_t x_stride, const double *y, size_t y_stride,
                      size_t count, double *work, size_t *pairs);

#endif
