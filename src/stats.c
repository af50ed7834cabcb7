/*
 * stats: see stats.h.  Sorting, percentiles, means and rank correlations are
 * GSL's; this file only leaves out the samples in which a figure is missing.
 */
#include "stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>
#include <math.h>

void stats_summarise(const double *values, size_t stride, size_t count, double *work,
                     struct stats_summary *out)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        double v = values[i * stride];
        if (isfinite(v))
            work[n++] = v;
    }
    out->n = n;
    out->missing = count - n;
    if (n == 0) {
        out->mean = out->p5 = out->p10 = out->p50 = out->p90 = out->p95 = NAN;
        return;
    }
    out->mean = gsl_stats_mean(work, 1, n);
    gsl_sort(work, 1, n);
    out->p5 = gsl_stats_quantile_from_sorted_data(work, 1, n, 0.05);
    out->p10 = gsl_stats_quantile_from_sorted_data(work, 1, n, 0.10);
    out->p50 = gsl_stats_quantile_from_sorted_data(work, 1, n, 0.50);
    out->p90 = gsl_stats_quantile_from_sorted_data(work, 1, n, 0.90);
    out->p95 = gsl_stats_quantile_from_sorted_data(work, 1, n, 0.95);
}

double stats_share_at_most(const double *values, size_t stride, size_t count, double limit)
{
    size_t within = 0;
    for (size_t i = 0; i < count; i++) {
        double v = values[i * stride];
        within += isfinite(v) && v <= limit;
    }
    return count ? (double)within / (double)count : 0;
}

double stats_spearman(const double *x, size_t x_stride, const double *y, size_t y_stride,
                      size_t count, double *work, size_t *pairs)
{
    double *xs = work, *ys = work + count, *scratch = work + 2 * count;
    size_t n = 0;
    int x_varies = 0, y_varies = 0;
    for (size_t i = 0; i < count; i++) {
        double xv = x[i * x_stride], yv = y[i * y_stride];
        if (!isfinite(xv) || !isfinite(yv))
            continue;
        xs[n] = xv;
        ys[n] = yv;
        if (n > 0) {
            x_varies |= xv != xs[0];
            y_varies |= yv != ys[0];
        }
        n++;
    }
    *pairs = n;
    /* Without variation the correlation is 0 / 0. */
    if (n < 2 || !x_varies || !y_varies)
        return NAN;
    return gsl_stats_spearman(xs, 1, ys, 1, n, scratch);
}
