/*
 * curve: throughput curves fitted to benchmark measurements.  A team's
 * benchmark gives pairs (concurrency, output tokens per second), read by
 * bench.h from the tools' exports; this module fits one of three models:
 *
 *   saturating  X(c) = x_max * c / (c_half + c)
 *   usl         X(N) = lambda * N / (1 + sigma * (N - 1) + kappa * N * (N - 1)),
 *               sigma >= 0, kappa >= 0 (Gunther's Universal Scalability Law)
 *   table       piecewise-linear through the points, no fit
 *
 * The two fitted models use GSL's nonlinear least squares (trust region,
 * Levenberg-Marquardt, analytic Jacobians).  The module is pure: it neither
 * prints nor exits; errors come back as a struct diag pointing at the CSV line.
 * docs/curve-fitting.md gives the formulas and how the statistics are defined.
 */
#ifndef RAFTCOST_CURVE_H
#define RAFTCOST_CURVE_H

#include <stddef.h>

#include "diag.h"

/*
 * Measured points, sorted by concurrency (ascending).  Every value is
 * positive and finite and no concurrency appears twice: the readers reject
 * anything else.  The struct owns its arrays and file name.
 */
struct curve_points {
    char *file;          /* where the points came from, for messages; NULL: not a file */
    double *concurrency; /* concurrent requests */
    double *tok_s;       /* output tokens per second at that concurrency */
    int *line;           /* 1-based line of each point in the file; 0: not from a file */
    size_t n;
    /* The benchmark's mean time to first token and inter-token latency at each point,
     * in milliseconds (NAN where not measured); NULL when no point has one (bench.h). */
    double *ttft_ms, *itl_ms;
};

#define CURVE_POINTS_INIT                                                                          \
    {                                                                                              \
        NULL, NULL, NULL, NULL, 0, NULL, NULL                                                      \
    }

/*
 * Benchmark files are read by bench.h.  curve_points_sort puts the points
 * in order of concurrency (every array, line included), or, when a
 * concurrency appears twice, leaves them and returns the input index of the
 * later point, with *first the earlier one's; -1 when none does.
 */
long curve_points_sort(struct curve_points *points, size_t *first);
/* Copies n points from two arrays, checking them as the benchmark readers do. */
int curve_points_from_arrays(const double *concurrency, const double *tok_s, size_t n,
                             struct curve_points *points, struct diag *d);
/* Frees the contents; accepts an empty or released struct. */
void curve_points_release(struct curve_points *points);

enum curve_model { CURVE_SATURATING, CURVE_USL, CURVE_TABLE };
#define CURVE_MODEL_COUNT 3

/* The model named "saturating", "usl" or "table", or -1 for any other name. */
int curve_model_from_name(const char *name);
/* The name of a model, a static string. */
const char *curve_model_name(enum curve_model model);
/* The number of fitted parameters of a model: 2, 3 and 0 for the table. */
size_t curve_model_nparams(enum curve_model model);

#define CURVE_MAX_PARAMS 3

/*
 * A fitted curve.  Values that do not exist are NaN (JSON null); a maximum
 * that is only approached as concurrency grows is max_at = INFINITY.
 */
struct curve_fit {
    enum curve_model model;
    size_t n;                                  /* points fitted */
    size_t nparams;                            /* 2 saturating, 3 usl, 0 table */
    const char *param_names[CURVE_MAX_PARAMS]; /* x_max c_half; lambda sigma kappa */
    double params[CURVE_MAX_PARAMS];
    /*
     * Standard errors: sqrt of the diagonal of (J^T J)^-1 * chi2 / (n - p),
     * p counting the parameters left free.  NaN when n = p or when the
     * parameter is held at its bound.
     */
    double std_error[CURVE_MAX_PARAMS];
    /*
     * The covariance of the parameters: (J^T J)^-1 * chi2 / (n - p) over the
     * free ones (its diagonal is std_error squared); 0 in the row and column
     * of a parameter held at its bound (it does not vary); NaN throughout
     * when n = p or the matrix could not be computed.  For drawing curves
     * from the fit's uncertainty without refitting (thread-safe).
     */
    double covariance[CURVE_MAX_PARAMS][CURVE_MAX_PARAMS];
    int at_bound[CURVE_MAX_PARAMS]; /* usl sigma or kappa held at 0 (see curve_fit) */
    double r2;                      /* 1 - SS_res / SS_tot; NaN when all tok_s are equal */
    double rmse;                    /* sqrt(SS_res / n), tokens per second */
    double max_tok_s;               /* highest throughput; INFINITY when unbounded */
    double max_at;                  /* where it is reached; INFINITY: only approached */
    double knee;                    /* smallest concurrency reaching 90% of max_tok_s; NaN: none */
    /* The table model's points, sorted by concurrency; NULL for the others. */
    double *table_concurrency, *table_tok_s;
};

/*
 * Fits a model to the points (at least as many as the model has parameters,
 * one for the table).  For usl, when the unconstrained fit has sigma < 0 or
 * kappa < 0, the parameters are held at 0 in turn (kappa, sigma, both) and
 * the remaining ones refitted; the fit with the smallest residual sum of
 * squares whose parameters are all non-negative wins.  Returns 0 and fills
 * *fit (release it with curve_fit_release), or -1 with the error in *d: too
 * few points, a fit that does not converge, or a saturating fit that bends
 * the wrong way (c_half < 0) or never levels off (c_half beyond a million
 * times the largest concurrency).  Not safe to call from several threads at
 * once: it switches GSL's error handler off while it runs.
 */
int curve_fit(const struct curve_points *points, enum curve_model model, struct curve_fit *fit,
              struct diag *d);
/* Throughput of the fitted curve at a concurrency; 0 at or below 0. */
double curve_eval(const struct curve_fit *fit, double concurrency);
/* Frees the contents; accepts a zeroed or released struct. */
void curve_fit_release(struct curve_fit *fit);

#endif
