/*
 * model_series: fitted throughput curves sampled for a picture.  The
 * pictures show a curve as the model reads it (curve_eval), so the model
 * samples it: the plots only format the numbers this module gives.
 *
 * Ownership: a struct model_curve_series owns its arrays and borrows its
 * points (which must outlive it); model_curve_series_release frees what it
 * owns and accepts a zeroed or released struct.  It may not be copied with
 * '='.  The module is pure: no I/O.
 */
#ifndef RAFTCOST_MODEL_SERIES_H
#define RAFTCOST_MODEL_SERIES_H

#include <stddef.h>

#include "curve.h"

/* What a picture marks on one curve. */
struct model_curve_mark {
    enum curve_model model;
    const char *model_name; /* "usl", ...: a static string */
    double r2;              /* NaN: not defined (all points equal) */
    double knee;            /* NaN: none */
    double knee_tok_s;      /* the curve at its knee; NaN: no knee */
    double peak_at;         /* a usl curve's maximum, where it falls beyond; NaN: none */
    double peak_tok_s;
};

struct model_curve_series {
    const struct curve_points *points; /* the measured points (borrowed) */
    struct model_curve_mark *curves;   /* ncurves */
    size_t ncurves;
    /*
     * The axis: the measured points, each knee and peak within
     * MODEL_SERIES_REACH times the last measured concurrency, and the
     * concurrency used, with 8% to spare.  The curves are sampled from 0 to
     * here.
     */
    double x_max;
    double *concurrency; /* n, ascending, no value twice */
    double *tok_s; /* n rows of ncurves: curve i at concurrency[k] is tok_s[k * ncurves + i] */
    size_t n;
    double used;       /* the concurrency a scenario uses; NaN: a fit on its own */
    double used_tok_s; /* the throughput there, as the model read it */
};

/* Evenly spaced concurrencies on the curves, besides the points and the marks. */
#define MODEL_SERIES_SAMPLES 400
/* A knee or a peak beyond this many times the last measured concurrency stays off the axis. */
#define MODEL_SERIES_REACH 4.0

/*
 * Samples nfits curves fitted to points (at least one point): at
 * MODEL_SERIES_SAMPLES + 1 evenly spaced concurrencies from 0 to x_max, at
 * every measured point, at each knee and peak on the axis and at used (NaN:
 * none), so that the table's corners and every mark lie on the sampled
 * lines.  used_tok_s is what the model read at used (a deployment's rate).
 */
void model_curve_series(const struct curve_points *points, const struct curve_fit *fits,
                        size_t nfits, double used, double used_tok_s,
                        struct model_curve_series *out);

void model_curve_series_release(struct model_curve_series *s);

#endif
