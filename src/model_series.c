/*
 * model_series: see model_series.h.
 */
#include "model_series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "util.h"

/* A USL curve that rises to a peak and falls beyond it. */
static int has_peak(const struct curve_fit *fit)
{
    return fit->model == CURVE_USL && isfinite(fit->max_at) && isfinite(fit->max_tok_s);
}

void model_curve_series(const struct curve_points *points, const struct curve_fit *fits,
                        size_t nfits, double used, double used_tok_s,
                        struct model_curve_series *out)
{
    memset(out, 0, sizeof *out);
    out->points = points;
    out->used = used;
    out->used_tok_s = used_tok_s;
    out->ncurves = nfits;
    out->curves = xcalloc(nfits ? nfits : 1, sizeof *out->curves);
    const double last = points->concurrency[points->n - 1];

    double xmax = last;
    for (size_t i = 0; i < nfits; i++) {
        const struct curve_fit *f = &fits[i];
        struct model_curve_mark *m = &out->curves[i];
        m->model = f->model;
        m->model_name = curve_model_name(f->model);
        m->r2 = f->r2;
        m->knee = isfinite(f->knee) ? f->knee : NAN;
        m->knee_tok_s = isfinite(f->knee) ? curve_eval(f, f->knee) : NAN;
        m->peak_at = has_peak(f) ? f->max_at : NAN;
        m->peak_tok_s = has_peak(f) ? f->max_tok_s : NAN;
        if (isfinite(m->knee) && m->knee <= MODEL_SERIES_REACH * last)
            xmax = fmax(xmax, m->knee);
        if (isfinite(m->peak_at) && m->peak_at <= MODEL_SERIES_REACH * last)
            xmax = fmax(xmax, m->peak_at);
    }
    if (isfinite(used))
        xmax = fmax(xmax, used);
    xmax *= 1.08;
    out->x_max = xmax;

    size_t cap = MODEL_SERIES_SAMPLES + 1 + points->n + 2 * nfits + 1, n = 0;
    double *x = xcalloc(cap, sizeof *x);
    for (int i = 0; i <= MODEL_SERIES_SAMPLES; i++)
        x[n++] = xmax * i / MODEL_SERIES_SAMPLES;
    for (size_t i = 0; i < points->n; i++)
        x[n++] = points->concurrency[i];
    for (size_t i = 0; i < nfits; i++) {
        if (isfinite(out->curves[i].knee) && out->curves[i].knee <= xmax)
            x[n++] = out->curves[i].knee;
        if (isfinite(out->curves[i].peak_at) && out->curves[i].peak_at <= xmax)
            x[n++] = out->curves[i].peak_at;
    }
    if (isfinite(used))
        x[n++] = used;
    gsl_sort(x, 1, n);
    /* The same concurrency once. */
    size_t distinct = 0;
    for (size_t k = 0; k < n; k++)
        if (k == 0 || x[k] != x[distinct - 1])
            x[distinct++] = x[k];

    out->concurrency = x;
    out->n = distinct;
    out->tok_s = xcalloc(distinct * (nfits ? nfits : 1), sizeof *out->tok_s);
    for (size_t k = 0; k < distinct; k++)
        for (size_t i = 0; i < nfits; i++)
            out->tok_s[k * nfits + i] = curve_eval(&fits[i], x[k]);
}

void model_curve_series_release(struct model_curve_series *s)
{
    free(s->curves);
    free(s->concurrency);
    free(s->tok_s);
    memset(s, 0, sizeof *s);
}
