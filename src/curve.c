/*
 * curve: see curve.h.  Reads benchmark points, fits the saturating and USL
 * models with GSL's trust-region solver and derives the figures a planner
 * needs (maximum, where it is reached, the knee).  Never prints, never exits.
 */
#include "curve.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_poly.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_vector.h>

#include "util.h"

/* The knee is where the curve first reaches this share of its maximum. */
#define KNEE_SHARE 0.9

/*
 * Solver settings.  The tolerances are tight because a fit is cheap (a few
 * dozen points, two or three parameters) and the numbers feed plans.
 */
#define FIT_MAX_ITER 500
#define FIT_XTOL 1e-12
#define FIT_GTOL 1e-12
#define FIT_FTOL 0.0
/* The gradient test when those are out of reach: GSL's suggested eps^(1/3). */
#define FIT_GTOL_LOOSE 6e-6

/*
 * A residual that cannot be computed (a trial step put a pole of the model
 * inside the data) gets this value instead, so the solver rejects the step
 * and shortens its trust region rather than stopping.
 */
#define PENALTY_RESIDUAL 1e100

/*
 * A saturating fit to points that never bend down runs c_half (and x_max)
 * towards infinity; beyond this many times the largest concurrency it is
 * taken to have done so.
 */
#define FAR_BEYOND 1e6

/* ---- points ---- */

void curve_points_release(struct curve_points *points)
{
    if (!points)
        return;
    free(points->file);
    free(points->concurrency);
    free(points->tok_s);
    free(points->line);
    free(points->ttft_ms);
    free(points->itl_ms);
    points->ttft_ms = points->itl_ms = NULL;
    points->file = NULL;
    points->concurrency = points->tok_s = NULL;
    points->line = NULL;
    points->n = 0;
}

/*
 * Sorts the points by concurrency and looks for duplicates.  Returns -1 when
 * there are none; otherwise the input index of the earliest point (in input
 * order) that repeats an earlier concurrency, with *first set to the input
 * index of that earlier point.  `order` (n entries) receives the sort order.
 */
static long sort_and_find_duplicate(const double *concurrency, size_t n, size_t *order,
                                    size_t *first)
{
    gsl_sort_index(order, concurrency, 1, n);
    long dup = -1;
    size_t i = 0;
    while (i < n) {
        /* A run of equal values: its smallest input index came first. */
        size_t j = i, run_first = order[i];
        while (j + 1 < n && concurrency[order[j + 1]] == concurrency[order[i]]) {
            j++;
            if (order[j] < run_first)
                run_first = order[j];
        }
        for (size_t k = i; k <= j; k++) {
            if (order[k] != run_first && (dup < 0 || order[k] < (size_t)dup)) {
                dup = (long)order[k];
                *first = run_first;
            }
        }
        i = j + 1;
    }
    return dup;
}

/* Moves the arrays of *points into sorted order. */
static void apply_order(struct curve_points *points, const size_t *order)
{
    size_t n = points->n;
    double *c = xmalloc(n * sizeof *c), *t = xmalloc(n * sizeof *t);
    int *l = xmalloc(n * sizeof *l);
    for (size_t i = 0; i < n; i++) {
        c[i] = points->concurrency[order[i]];
        t[i] = points->tok_s[order[i]];
        l[i] = points->line[order[i]];
    }
    double **extra[2] = {&points->ttft_ms, &points->itl_ms};
    for (int k = 0; k < 2; k++) {
        if (!*extra[k])
            continue;
        double *e = xmalloc(n * sizeof *e);
        for (size_t i = 0; i < n; i++)
            e[i] = (*extra[k])[order[i]];
        free(*extra[k]);
        *extra[k] = e;
    }
    free(points->concurrency);
    free(points->tok_s);
    free(points->line);
    points->concurrency = c;
    points->tok_s = t;
    points->line = l;
}

long curve_points_sort(struct curve_points *points, size_t *first)
{
    if (points->n == 0)
        return -1;
    size_t *order = xmalloc(points->n * sizeof *order);
    long dup = sort_and_find_duplicate(points->concurrency, points->n, order, first);
    if (dup < 0)
        apply_order(points, order);
    free(order);
    return dup;
}

int curve_points_from_arrays(const double *concurrency, const double *tok_s, size_t n,
                             struct curve_points *points, struct diag *d)
{
    struct curve_points pts = CURVE_POINTS_INIT;
    *points = pts;
    if (n == 0) {
        diag_plain(d, "no points");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(isfinite(concurrency[i]) && concurrency[i] > 0)) {
            diag_plain(d, "point %zu: concurrency must be positive, got %g", i + 1, concurrency[i]);
            return -1;
        }
        if (!(isfinite(tok_s[i]) && tok_s[i] > 0)) {
            diag_plain(d, "point %zu: output tokens per second must be positive, got %g", i + 1,
                       tok_s[i]);
            return -1;
        }
    }
    size_t *order = xmalloc(n * sizeof *order), first = 0;
    long dup = sort_and_find_duplicate(concurrency, n, order, &first);
    if (dup >= 0) {
        diag_plain(d, "point %ld: concurrency %.17g appears twice (first at point %zu)", dup + 1,
                   concurrency[dup], first + 1);
        free(order);
        return -1;
    }
    pts.n = n;
    pts.concurrency = xmalloc(n * sizeof *pts.concurrency);
    pts.tok_s = xmalloc(n * sizeof *pts.tok_s);
    pts.line = xcalloc(n, sizeof *pts.line);
    memcpy(pts.concurrency, concurrency, n * sizeof *pts.concurrency);
    memcpy(pts.tok_s, tok_s, n * sizeof *pts.tok_s);
    apply_order(&pts, order);
    free(order);
    *points = pts;
    return 0;
}

/* ---- models ---- */

struct model_def {
    const char *name;
    size_t nparams;
    const char *param_names[CURVE_MAX_PARAMS];
    /* Throughput at concurrency c; NaN where the model has a pole. */
    double (*eval)(const double *params, double c);
    /* d eval / d params[j] at c. */
    void (*gradient)(const double *params, double c, double *g);
};

static double saturating_eval(const double *p, double c)
{
    double den = p[1] + c;
    return den > 0 ? p[0] * c / den : NAN;
}

static void saturating_gradient(const double *p, double c, double *g)
{
    double den = p[1] + c;
    g[0] = c / den;
    g[1] = -p[0] * c / (den * den);
}

/* The USL's contention-and-coherency denominator. */
static double usl_denominator(const double *p, double n)
{
    return 1 + p[1] * (n - 1) + p[2] * n * (n - 1);
}

static double usl_eval(const double *p, double n)
{
    double den = usl_denominator(p, n);
    return den > 0 ? p[0] * n / den : NAN;
}

static void usl_gradient(const double *p, double n, double *g)
{
    double den = usl_denominator(p, n);
    double outer = -p[0] * n / (den * den);
    g[0] = n / den;
    g[1] = outer * (n - 1);
    g[2] = outer * n * (n - 1);
}

static const struct model_def model_defs[CURVE_MODEL_COUNT] = {
    [CURVE_SATURATING] =
        {"saturating", 2, {"x_max", "c_half", NULL}, saturating_eval, saturating_gradient},
    [CURVE_USL] = {"usl", 3, {"lambda", "sigma", "kappa"}, usl_eval, usl_gradient},
    [CURVE_TABLE] = {"table", 0, {NULL, NULL, NULL}, NULL, NULL},
};

int curve_model_from_name(const char *name)
{
    for (int m = 0; m < CURVE_MODEL_COUNT; m++)
        if (strcmp(name, model_defs[m].name) == 0)
            return m;
    return -1;
}

const char *curve_model_name(enum curve_model model)
{
    return model_defs[model].name;
}

size_t curve_model_nparams(enum curve_model model)
{
    return model_defs[model].nparams;
}

/* ---- the least-squares problem ---- */

/*
 * One fit: the model, the data, the values of all parameters (the solver
 * changes only the free ones; the others stay where they are set).
 */
struct problem {
    const struct model_def *def;
    const struct curve_points *points;
    double full[CURVE_MAX_PARAMS];
    size_t free_index[CURVE_MAX_PARAMS];
    size_t nfree;
};

static void problem_expand(const struct problem *pb, const gsl_vector *x, double *full)
{
    memcpy(full, pb->full, sizeof pb->full);
    for (size_t k = 0; k < pb->nfree; k++)
        full[pb->free_index[k]] = gsl_vector_get(x, k);
}

static int problem_residuals(const gsl_vector *x, void *data, gsl_vector *f)
{
    const struct problem *pb = data;
    double p[CURVE_MAX_PARAMS];
    problem_expand(pb, x, p);
    for (size_t i = 0; i < pb->points->n; i++) {
        double r = pb->def->eval(p, pb->points->concurrency[i]) - pb->points->tok_s[i];
        gsl_vector_set(f, i, isfinite(r) ? r : PENALTY_RESIDUAL);
    }
    return GSL_SUCCESS;
}

static void jacobian_at(const struct problem *pb, const double *p, gsl_matrix *jac)
{
    for (size_t i = 0; i < pb->points->n; i++) {
        double g[CURVE_MAX_PARAMS];
        pb->def->gradient(p, pb->points->concurrency[i], g);
        for (size_t k = 0; k < pb->nfree; k++)
            gsl_matrix_set(jac, i, k, g[pb->free_index[k]]);
    }
}

static int problem_jacobian(const gsl_vector *x, void *data, gsl_matrix *jac)
{
    const struct problem *pb = data;
    double p[CURVE_MAX_PARAMS];
    problem_expand(pb, x, p);
    jacobian_at(pb, p, jac);
    return GSL_SUCCESS;
}

static double sum_of_squares(const struct problem *pb, const double *p)
{
    double ss = 0;
    for (size_t i = 0; i < pb->points->n; i++) {
        double r = pb->def->eval(p, pb->points->concurrency[i]) - pb->points->tok_s[i];
        ss += r * r;
    }
    return ss;
}

enum fit_outcome { FIT_OK, FIT_NO_CONVERGENCE, FIT_NO_MEMORY };

/*
 * Runs the trust-region solver from the values in pb->full.  On FIT_OK,
 * pb->full holds the solution and *ss its residual sum of squares.
 */
static enum fit_outcome solve(struct problem *pb, double *ss)
{
    size_t n = pb->points->n, p = pb->nfree;
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    params.trs = gsl_multifit_nlinear_trs_lm;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, n, p);
    gsl_vector *x = gsl_vector_alloc(p);
    enum fit_outcome outcome = FIT_NO_MEMORY;
    if (!w || !x)
        goto out;
    for (size_t k = 0; k < p; k++)
        gsl_vector_set(x, k, pb->full[pb->free_index[k]]);
    gsl_multifit_nlinear_fdf fdf = {
        .f = problem_residuals,
        .df = problem_jacobian,
        .fvv = NULL,
        .n = n,
        .p = p,
        .params = pb,
    };
    int info = 0;
    outcome = FIT_NO_CONVERGENCE;
    if (gsl_multifit_nlinear_init(x, &fdf, w) != GSL_SUCCESS)
        goto out;
    /*
     * The tight tolerances can be out of reach: on ill-conditioned data the
     * solver runs out of iterations, and when the start is already the
     * minimum (as many points as parameters, fitted exactly by the starting
     * values) no step lowers the residuals.  Either way the point is taken if
     * it passes GSL's gradient test at the tolerance GSL recommends.
     */
    if (gsl_multifit_nlinear_driver(FIT_MAX_ITER, FIT_XTOL, FIT_GTOL, FIT_FTOL, NULL, NULL, &info,
                                    w) != GSL_SUCCESS &&
        gsl_multifit_nlinear_test(0.0, FIT_GTOL_LOOSE, 0.0, &info, w) != GSL_SUCCESS)
        goto out;
    double sol[CURVE_MAX_PARAMS];
    problem_expand(pb, gsl_multifit_nlinear_position(w), sol);
    for (size_t k = 0; k < pb->def->nparams; k++)
        if (!isfinite(sol[k]))
            goto out;
    double s = sum_of_squares(pb, sol);
    if (!isfinite(s))
        goto out;
    memcpy(pb->full, sol, sizeof sol);
    *ss = s;
    outcome = FIT_OK;
out:
    gsl_vector_free(x);
    if (w)
        gsl_multifit_nlinear_free(w);
    return outcome;
}

/* ---- starting values ---- */

static double max_of(const double *v, size_t n)
{
    double m = v[0];
    for (size_t i = 1; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/*
 * Saturating: the double-reciprocal line 1/X = 1/x_max + (c_half/x_max)/c
 * fitted by linear least squares; if it gives a non-positive value, x_max
 * just above the highest point and c_half from the points' own ratios.
 */
static void saturating_start(const struct curve_points *pts, double *p)
{
    size_t n = pts->n;
    double *inv_c = xmalloc(n * sizeof *inv_c), *inv_x = xmalloc(n * sizeof *inv_x);
    for (size_t i = 0; i < n; i++) {
        inv_c[i] = 1 / pts->concurrency[i];
        inv_x[i] = 1 / pts->tok_s[i];
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    int ok = gsl_fit_linear(inv_c, 1, inv_x, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) ==
                 GSL_SUCCESS &&
             c0 > 0 && c1 > 0;
    if (ok) {
        p[0] = 1 / c0;
        p[1] = c1 / c0;
    } else {
        p[0] = 1.2 * max_of(pts->tok_s, n);
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += pts->concurrency[i] * (p[0] / pts->tok_s[i] - 1);
        p[1] = sum / (double)n;
    }
    free(inv_c);
    free(inv_x);
}

/*
 * USL: lambda from the best throughput per request (X/N <= lambda when the
 * denominator is at least 1), then the free ones of sigma and kappa by
 * linear least squares on lambda*N/X - 1 = sigma*(N-1) + kappa*N*(N-1),
 * clamped at 0.
 */
static void usl_start(struct problem *pb)
{
    const struct curve_points *pts = pb->points;
    size_t n = pts->n;
    double lambda = 0;
    for (size_t i = 0; i < n; i++)
        if (pts->tok_s[i] / pts->concurrency[i] > lambda)
            lambda = pts->tok_s[i] / pts->concurrency[i];
    pb->full[0] = lambda;
    size_t cols = pb->nfree - 1; /* sigma and/or kappa */
    if (cols == 0)
        return;
    gsl_matrix *design = gsl_matrix_alloc(n, cols);
    gsl_vector *target = gsl_vector_alloc(n), *coef = gsl_vector_alloc(cols);
    gsl_matrix *cov = gsl_matrix_alloc(cols, cols);
    gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc(n, cols);
    if (!design || !target || !coef || !cov || !work)
        goto out;
    for (size_t i = 0; i < n; i++) {
        double c = pts->concurrency[i];
        gsl_vector_set(target, i, lambda * c / pts->tok_s[i] - 1);
        for (size_t k = 0; k < cols; k++) {
            size_t which = pb->free_index[k + 1];
            gsl_matrix_set(design, i, k, which == 1 ? c - 1 : c * (c - 1));
        }
    }
    double chisq;
    if (gsl_multifit_linear(design, target, coef, cov, &chisq, work) == GSL_SUCCESS)
        for (size_t k = 0; k < cols; k++) {
            double v = gsl_vector_get(coef, k);
            pb->full[pb->free_index[k + 1]] = isfinite(v) && v > 0 ? v : 0;
        }
out:
    gsl_multifit_linear_free(work);
    gsl_matrix_free(cov);
    gsl_vector_free(coef);
    gsl_vector_free(target);
    gsl_matrix_free(design);
}

/* ---- statistics ---- */

/*
 * Fills the fit's statistics from a solved problem: standard errors from the
 * covariance (J^T J)^-1 scaled by the residual variance chi2 / (n - p), R^2
 * and RMSE.  Returns -1 if memory ran out.
 */
static int fill_statistics(const struct problem *pb, double ss_res, struct curve_fit *fit)
{
    const struct curve_points *pts = pb->points;
    size_t n = pts->n, p = pb->nfree;
    for (size_t k = 0; k < CURVE_MAX_PARAMS; k++) {
        fit->std_error[k] = NAN;
        for (size_t l = 0; l < CURVE_MAX_PARAMS; l++)
            fit->covariance[k][l] = NAN;
    }
    if (n > p) {
        gsl_matrix *jac = gsl_matrix_alloc(n, p), *covar = gsl_matrix_alloc(p, p);
        if (!jac || !covar) {
            gsl_matrix_free(jac);
            gsl_matrix_free(covar);
            return -1;
        }
        jacobian_at(pb, pb->full, jac);
        if (gsl_multifit_nlinear_covar(jac, 0.0, covar) == GSL_SUCCESS) {
            double variance = ss_res / (double)(n - p);
            for (size_t k = 0; k < p; k++)
                fit->std_error[pb->free_index[k]] = sqrt(gsl_matrix_get(covar, k, k) * variance);
            /* Held parameters do not vary: zero rows and columns, then the free block. */
            for (size_t k = 0; k < pb->def->nparams; k++)
                for (size_t l = 0; l < pb->def->nparams; l++)
                    fit->covariance[k][l] = 0;
            for (size_t k = 0; k < p; k++)
                for (size_t l = 0; l < p; l++)
                    fit->covariance[pb->free_index[k]][pb->free_index[l]] =
                        gsl_matrix_get(covar, k, l) * variance;
        }
        gsl_matrix_free(jac);
        gsl_matrix_free(covar);
    }
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += pts->tok_s[i];
    mean /= (double)n;
    double ss_tot = 0;
    for (size_t i = 0; i < n; i++)
        ss_tot += (pts->tok_s[i] - mean) * (pts->tok_s[i] - mean);
    fit->r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : NAN;
    fit->rmse = sqrt(ss_res / (double)n);
    return 0;
}

/* ---- the figures a planner reads: maximum, where, knee ---- */

static void saturating_figures(struct curve_fit *fit)
{
    double x_max = fit->params[0], c_half = fit->params[1];
    fit->max_tok_s = x_max;
    fit->max_at = INFINITY;
    /* x_max * c / (c_half + c) = 0.9 x_max  <=>  c = 9 c_half */
    fit->knee = KNEE_SHARE / (1 - KNEE_SHARE) * c_half;
}

/*
 * USL: dX/dN has the sign of 1 - sigma - kappa N^2, so with kappa > 0 the
 * peak is at N* = sqrt((1 - sigma) / kappa); with kappa = 0 the curve rises
 * towards lambda / sigma (unbounded when sigma = 0 too); with sigma >= 1 it
 * never rises above X(1) = lambda.  The knee solves X(N) = 0.9 max, a
 * quadratic in N: 0.9 M kappa N^2 + (0.9 M (sigma - kappa) - lambda) N
 * + 0.9 M (1 - sigma) = 0; its smaller root is on the rising side.
 */
static void usl_figures(struct curve_fit *fit)
{
    double lambda = fit->params[0], sigma = fit->params[1], kappa = fit->params[2];
    if (sigma >= 1) {
        fit->max_at = 1;
        fit->max_tok_s = lambda;
        fit->knee = 1;
        return;
    }
    if (kappa > 0) {
        fit->max_at = sqrt((1 - sigma) / kappa);
        fit->max_tok_s = usl_eval(fit->params, fit->max_at);
    } else if (sigma > 0) {
        fit->max_at = INFINITY;
        fit->max_tok_s = lambda / sigma;
    } else {
        fit->max_at = INFINITY;
        fit->max_tok_s = INFINITY;
        fit->knee = NAN;
        return;
    }
    double target = KNEE_SHARE * fit->max_tok_s;
    double r0, r1;
    int roots = gsl_poly_solve_quadratic(target * kappa, target * (sigma - kappa) - lambda,
                                         target * (1 - sigma), &r0, &r1);
    fit->knee = NAN;
    if (roots >= 1 && r0 > 0)
        fit->knee = r0;
    else if (roots == 2 && r1 > 0)
        fit->knee = r1;
}

/*
 * Table: the highest point (the first one if several tie), and the first
 * place where the line from (0,0) through the points reaches 90% of it.
 */
static void table_figures(struct curve_fit *fit)
{
    const double *c = fit->table_concurrency, *x = fit->table_tok_s;
    size_t best = 0;
    for (size_t i = 1; i < fit->n; i++)
        if (x[i] > x[best])
            best = i;
    fit->max_tok_s = x[best];
    fit->max_at = c[best];
    double target = KNEE_SHARE * x[best], prev_c = 0, prev_x = 0;
    fit->knee = c[best];
    for (size_t i = 0; i <= best; i++) {
        if (x[i] >= target) {
            fit->knee = prev_c + (target - prev_x) * (c[i] - prev_c) / (x[i] - prev_x);
            break;
        }
        prev_c = c[i];
        prev_x = x[i];
    }
}

/* ---- fitting ---- */

static void fit_error(const struct curve_points *pts, struct diag *d, const char *what,
                      const char *model)
{
    if (pts->file)
        diag_set(d, pts->file, NULL, 0, 0, 0, "the '%s' model %s", model, what);
    else
        diag_plain(d, "the '%s' model %s", model, what);
}

static void problem_setup(struct problem *pb, const struct model_def *def,
                          const struct curve_points *pts, unsigned held)
{
    memset(pb, 0, sizeof *pb);
    pb->def = def;
    pb->points = pts;
    for (size_t k = 0; k < def->nparams; k++)
        if (!(held & (1u << k)))
            pb->free_index[pb->nfree++] = k;
}

static int fit_saturating(const struct curve_points *pts, struct curve_fit *fit, struct diag *d)
{
    struct problem pb;
    double ss;
    problem_setup(&pb, &model_defs[CURVE_SATURATING], pts, 0);
    saturating_start(pts, pb.full);
    switch (solve(&pb, &ss)) {
    case FIT_OK:
        break;
    case FIT_NO_CONVERGENCE:
        fit_error(pts, d, "did not converge", "saturating");
        return -1;
    case FIT_NO_MEMORY:
        fit_error(pts, d, "ran out of memory", "saturating");
        return -1;
    }
    double largest = pts->concurrency[pts->n - 1];
    if (pb.full[1] > FAR_BEYOND * largest) {
        char *msg = xasprintf("does not level off: c_half runs to %.3g, far beyond the largest "
                              "concurrency (%.6g); try --model usl or table",
                              pb.full[1], largest);
        fit_error(pts, d, msg, "saturating");
        free(msg);
        return -1;
    }
    if (pb.full[1] < 0) {
        char *msg = xasprintf("bends the wrong way: c_half = %.6g < 0, throughput falls as "
                              "concurrency grows; try --model usl or table",
                              pb.full[1]);
        fit_error(pts, d, msg, "saturating");
        free(msg);
        return -1;
    }
    memcpy(fit->params, pb.full, sizeof pb.full);
    if (fill_statistics(&pb, ss, fit) != 0) {
        fit_error(pts, d, "ran out of memory", "saturating");
        return -1;
    }
    saturating_figures(fit);
    return 0;
}

/* Bits of `held`: parameters kept at 0 (sigma is bit 1, kappa bit 2). */
#define HOLD_SIGMA (1u << 1)
#define HOLD_KAPPA (1u << 2)

static int fit_usl(const struct curve_points *pts, struct curve_fit *fit, struct diag *d)
{
    /* The unconstrained fit first; then each face of sigma >= 0, kappa >= 0. */
    static const unsigned faces[] = {0, HOLD_KAPPA, HOLD_SIGMA, HOLD_SIGMA | HOLD_KAPPA};
    struct problem best;
    double best_ss = INFINITY;
    int found = 0, no_memory = 0;
    for (size_t f = 0; f < sizeof faces / sizeof faces[0]; f++) {
        struct problem pb;
        double ss;
        problem_setup(&pb, &model_defs[CURVE_USL], pts, faces[f]);
        usl_start(&pb);
        enum fit_outcome outcome = solve(&pb, &ss);
        if (outcome == FIT_NO_MEMORY)
            no_memory = 1;
        if (outcome != FIT_OK || !(pb.full[0] > 0 && pb.full[1] >= 0 && pb.full[2] >= 0))
            continue;
        if (ss < best_ss) {
            best = pb;
            best_ss = ss;
            found = 1;
        }
        /* An unconstrained solution inside the bounds is the answer. */
        if (f == 0)
            break;
    }
    if (!found) {
        fit_error(pts, d, no_memory ? "ran out of memory" : "did not converge", "usl");
        return -1;
    }
    memcpy(fit->params, best.full, sizeof best.full);
    for (size_t k = 0; k < CURVE_MAX_PARAMS; k++)
        fit->at_bound[k] = 1;
    for (size_t k = 0; k < best.nfree; k++)
        fit->at_bound[best.free_index[k]] = 0;
    if (fill_statistics(&best, best_ss, fit) != 0) {
        fit_error(pts, d, "ran out of memory", "usl");
        return -1;
    }
    usl_figures(fit);
    return 0;
}

static void fit_table(const struct curve_points *pts, struct curve_fit *fit)
{
    size_t n = pts->n;
    fit->table_concurrency = xmalloc(n * sizeof *fit->table_concurrency);
    fit->table_tok_s = xmalloc(n * sizeof *fit->table_tok_s);
    memcpy(fit->table_concurrency, pts->concurrency, n * sizeof *fit->table_concurrency);
    memcpy(fit->table_tok_s, pts->tok_s, n * sizeof *fit->table_tok_s);
    /* The interpolation passes through every point. */
    fit->r2 = 1;
    fit->rmse = 0;
    table_figures(fit);
}

int curve_fit(const struct curve_points *points, enum curve_model model, struct curve_fit *fit,
              struct diag *d)
{
    const struct model_def *def = &model_defs[model];
    memset(fit, 0, sizeof *fit);
    fit->model = model;
    fit->n = points->n;
    fit->nparams = def->nparams;
    for (size_t k = 0; k < CURVE_MAX_PARAMS; k++) {
        fit->param_names[k] = def->param_names[k];
        fit->params[k] = NAN;
        fit->std_error[k] = NAN;
    }
    fit->r2 = fit->rmse = fit->max_tok_s = fit->max_at = fit->knee = NAN;
    size_t needed = def->nparams > 0 ? def->nparams : 1;
    if (points->n < needed) {
        char *msg = xasprintf("needs at least %zu points, got %zu", needed, points->n);
        fit_error(points, d, msg, def->name);
        free(msg);
        return -1;
    }
    if (model == CURVE_TABLE) {
        fit_table(points, fit);
        return 0;
    }
    /*
     * Points that all have one throughput show no curve: the models would fit
     * it only in a limit (c_half -> 0), and rounding decides which way they fail.
     */
    double lo = points->tok_s[0], hi = points->tok_s[0];
    for (size_t i = 1; i < points->n; i++) {
        lo = fmin(lo, points->tok_s[i]);
        hi = fmax(hi, points->tok_s[i]);
    }
    if (hi - lo <= 1e-12 * fabs(hi)) {
        char *msg = xasprintf("fits no curve to these points: all %zu have the same throughput, "
                              "%.6g tok/s (add points at lower concurrency, where throughput "
                              "still grows, or use the 'table' model)",
                              points->n, hi);
        fit_error(points, d, msg, def->name);
        free(msg);
        return -1;
    }
    /* GSL's default handler aborts the program; errors come back as values here. */
    gsl_error_handler_t *old_handler = gsl_set_error_handler_off();
    int rc = model == CURVE_SATURATING ? fit_saturating(points, fit, d) : fit_usl(points, fit, d);
    gsl_set_error_handler(old_handler);
    if (rc != 0)
        curve_fit_release(fit);
    return rc;
}

double curve_eval(const struct curve_fit *fit, double concurrency)
{
    if (!(concurrency > 0))
        return 0;
    switch (fit->model) {
    case CURVE_SATURATING:
        return saturating_eval(fit->params, concurrency);
    case CURVE_USL:
        return usl_eval(fit->params, concurrency);
    case CURVE_TABLE:
        break;
    }
    const double *c = fit->table_concurrency, *x = fit->table_tok_s;
    size_t n = fit->n;
    if (concurrency >= c[n - 1])
        return x[n - 1];
    if (concurrency <= c[0])
        return x[0] * concurrency / c[0];
    size_t i = gsl_interp_bsearch(c, concurrency, 0, n - 1);
    return x[i] + (x[i + 1] - x[i]) * (concurrency - c[i]) / (c[i + 1] - c[i]);
}

void curve_fit_release(struct curve_fit *fit)
{
    if (!fit)
        return;
    free(fit->table_concurrency);
    free(fit->table_tok_s);
    fit->table_concurrency = fit->table_tok_s = NULL;
}
