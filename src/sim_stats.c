/*
 * sim_stats: latency percentiles in constant memory.  A GSL histogram whose
 * first bin is [0, 2^-14 s) (61 us) and whose others split every power of two
 * from 2^-14 s to 2^24 s (194 days) into 256 equal parts: 9,729 bins, about
 * 150 KB with the edges.  The edges are exact binary numbers, so a value's
 * bin is read off its exponent and its top 8 mantissa bits, with no
 * logarithm.  Percentiles come from GSL's histogram pdf (the inverse of the
 * cumulative distribution, linear within a bin) and are clamped to the exact
 * minimum and maximum: a percentile is within one bin, 1/256 = 0.4% of its
 * value (61 us absolute below 61 us), of the sample quantile.  The mean and
 * the maximum are exact.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_histogram.h>

#include "sim_internal.h"
#include "util.h"

#define OCTAVE_LO (-14) /* 2^-14 s */
#define OCTAVES 38      /* up to 2^24 s */
#define SUB_BITS 8
#define SUB (1 << SUB_BITS)

void sim_hist_init(struct sim_hist *h)
{
    size_t n = 1 + (size_t)OCTAVES * SUB;
    double *range = xmalloc((n + 1) * sizeof *range);
    range[0] = 0;
    for (int o = 0; o < OCTAVES; o++)
        for (int k = 0; k < SUB; k++)
            range[1 + (size_t)o * SUB + (size_t)k] = ldexp(1 + (double)k / SUB, OCTAVE_LO + o);
    range[n] = ldexp(1, OCTAVE_LO + OCTAVES);
    h->h = gsl_histogram_alloc(n);
    if (!h->h)
        abort();
    /* The edges increase strictly, which is all that set_ranges checks. */
    gsl_histogram_set_ranges(h->h, range, n + 1);
    h->lo = range[1];
    h->hi = range[n];
    free(range);
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
    size_t i;
    if (x < h->lo) {
        i = 0;
    } else if (x >= h->hi) {
        i = g->n - 1; /* beyond 2^24 s: counted in the top bin */
    } else {
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        int octave = (int)((bits >> 52) & 0x7ff) - 1023 - OCTAVE_LO;
        size_t sub = (size_t)(bits >> (52 - SUB_BITS)) & (SUB - 1);
        i = 1 + (size_t)octave * SUB + sub;
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
