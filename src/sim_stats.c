/*
 * sim_stats: latency percentiles in constant memory.  A GSL histogram with
 * one bin [0, 0.1 ms) and then bins whose edges grow by 0.5% up to 10^7 s
 * (5,081 bins, about 80 KB with the edges); percentiles come from GSL's
 * histogram pdf (the inverse of the cumulative distribution, linear within a
 * bin) and are clamped to the exact minimum and maximum.  A percentile is
 * therefore within 0.5% of the value of the sample quantile (0.1 ms absolute
 * below 0.1 ms); the mean and maximum are exact.
 */
#include <assert.h>
#include <math.h>

#include <gsl/gsl_histogram.h>

#include "sim_internal.h"
#include "util.h"

#define HIST_LO 1e-4
#define HIST_HI 1e7
#define HIST_RATIO 1.005

void sim_hist_init(struct sim_hist *h)
{
    double log_ratio = log(HIST_RATIO);
    size_t ngeo = (size_t)ceil(log(HIST_HI / HIST_LO) / log_ratio);
    size_t n = ngeo + 1;
    double *range = xmalloc((n + 1) * sizeof *range);
    range[0] = 0;
    for (size_t i = 0; i <= ngeo; i++)
        range[i + 1] = HIST_LO * exp((double)i * log_ratio);
    h->h = gsl_histogram_alloc(n);
    if (!h->h)
        abort();
    /* The edges increase strictly, which is all that set_ranges checks. */
    gsl_histogram_set_ranges(h->h, range, n + 1);
    free(range);
    h->log_lo = log(HIST_LO);
    h->inv_log_ratio = 1 / log_ratio;
    h->n = 0;
    h->sum = 0;
    h->min = INFINITY;
    h->max = -INFINITY;
}

void sim_hist_release(struct sim_hist *h)
{
    if (h && h->h) {
        gsl_histogram_free(h->h);
        h->h = NULL;
    }
}

void sim_hist_add(struct sim_hist *h, double x)
{
    if (!(x > 0))
        x = 0;
    h->n++;
    h->sum += x;
    if (x < h->min)
        h->min = x;
    if (x > h->max)
        h->max = x;
    gsl_histogram *g = h->h;
    size_t last = g->n - 1, i;
    if (x < HIST_LO) {
        i = 0;
    } else if (x >= g->range[last]) {
        i = last; /* beyond 10^7 s: counted in the top bin */
    } else {
        /* The bin from the logarithm, corrected for rounding at an edge. */
        double k = (log(x) - h->log_lo) * h->inv_log_ratio;
        i = 1 + (size_t)k;
        if (i > last)
            i = last;
        while (i > 1 && x < g->range[i])
            i--;
        while (i < last && x >= g->range[i + 1])
            i++;
    }
    g->bin[i] += 1;
}

static double quantile(const gsl_histogram_pdf *pdf, const struct sim_hist *h, double p)
{
    double x = gsl_histogram_pdf_sample(pdf, p);
    if (x < h->min)
        x = h->min;
    if (x > h->max)
        x = h->max;
    return x;
}

void sim_hist_summary(const struct sim_hist *h, struct sim_latency *out)
{
    out->n = h->n;
    if (h->n == 0) {
        out->mean = out->p50 = out->p90 = out->p95 = out->p99 = out->max = NAN;
        return;
    }
    out->mean = h->sum / (double)h->n;
    out->max = h->max;
    gsl_histogram_pdf *pdf = gsl_histogram_pdf_alloc(h->h->n);
    if (!pdf || gsl_histogram_pdf_init(pdf, h->h) != 0)
        abort(); /* counts are positive and n > 0: cannot fail */
    out->p50 = quantile(pdf, h, 0.50);
    out->p90 = quantile(pdf, h, 0.90);
    out->p95 = quantile(pdf, h, 0.95);
    out->p99 = quantile(pdf, h, 0.99);
    gsl_histogram_pdf_free(pdf);
}
