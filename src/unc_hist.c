/*
 * unc_hist: the histograms of a Monte Carlo run's figures, with their CDF,
 * for the plots (see unc.h and unc_internal.h).  GSL's histograms over the
 * middle 99% of the samples, found by quickselect: no sort.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_histogram.h>
#include <gsl/gsl_statistics_double.h>

#include "unc_internal.h"
#include "util.h"

/* The share-p quantile of the n values in v (reordered), as GSL's definition (stats.h). */
static double quantile_of(double *v, size_t n, double p)
{
    double index = p * (double)(n - 1);
    size_t lhs = (size_t)index;
    double delta = index - (double)lhs, low = gsl_stats_select(v, 1, n, lhs);
    return lhs + 1 < n ? (1 - delta) * low + delta * gsl_stats_select(v, 1, n, lhs + 1) : low;
}

/* Counts the values into a histogram of nbins over [lo, hi], the top edge in the last bin. */
static gsl_histogram *count(const double *v, size_t k, size_t nbins, double lo, double hi,
                            size_t *below, size_t *above)
{
    gsl_histogram *g = gsl_histogram_alloc(nbins);
    gsl_histogram_set_ranges_uniform(g, lo, hi);
    *below = *above = 0;
    for (size_t i = 0; i < k; i++) {
        if (v[i] < lo)
            ++*below;
        else if (v[i] > hi)
            ++*above;
        else /* GSL's bins are open at the top: the top edge goes in the last one */
            gsl_histogram_accumulate(g, v[i] < hi ? v[i] : nextafter(hi, lo), 1.0);
    }
    return g;
}

/*
 * The histogram of figure f over the middle 99% of its samples (P0.5 to
 * P99.5, two quickselects), and its CDF at 201 points evenly spread over the
 * same span: the share of all samples below each point (a finer histogram
 * cumulated).  No sort: O(n).
 */
void unc_histogram_fill(const struct unc_result *r, int f, double mark, struct unc_histogram *h)
{
    memset(h, 0, sizeof *h);
    h->mark = NAN;
    h->mark_share = NAN;
    if (f < 0)
        return;
    size_t n = r->samples, m = r->mc.n_outputs, k = 0, below, above;
    double *v = xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        double x = r->mc.outputs[i * m + (size_t)f];
        if (isfinite(x))
            v[k++] = x;
    }
    if (k == 0) {
        free(v);
        return;
    }
    double lo = quantile_of(v, k, 0.005), hi = quantile_of(v, k, 0.995);
    if (!(hi > lo)) {
        /* No spread: one bin's worth around the value. */
        double pad = fmax(fabs(lo) * 0.05, 1e-9);
        lo -= pad;
        hi += pad;
    }
    gsl_histogram *g = count(v, k, UNC_HIST_BINS, lo, hi, &below, &above);
    h->present = 1;
    h->figure = (size_t)f;
    h->lo = lo;
    h->width = (hi - lo) / UNC_HIST_BINS;
    h->outside = below + above;
    for (size_t b = 0; b < UNC_HIST_BINS; b++)
        h->share[b] = gsl_histogram_get(g, b) / (double)n;
    gsl_histogram_free(g);
    g = count(v, k, UNC_CDF_POINTS - 1, lo, hi, &below, &above);
    double cum = (double)below;
    for (size_t i = 0; i < UNC_CDF_POINTS; i++) {
        h->cdf_x[i] = lo + (hi - lo) * (double)i / (UNC_CDF_POINTS - 1);
        h->cdf_p[i] = cum / (double)n;
        if (i + 1 < UNC_CDF_POINTS)
            cum += gsl_histogram_get(g, i);
    }
    /* The last point, hi itself, has every sample up to it. */
    h->cdf_p[UNC_CDF_POINTS - 1] = (double)(k - above) / (double)n;
    gsl_histogram_free(g);
    if (mark > 0) {
        h->mark = mark;
        h->mark_share = stats_share_at_most(r->mc.outputs + f, m, n, mark);
    }
    free(v);
}
