/*
 * unc_fit: a fitted throughput curve drawn from its fit's covariance
 * (uncertain: fit; see unc.h and unc_internal.h).  Nothing here refits: a
 * draw is theta_hat + L z, written by the caller into its own clone's fit,
 * so any number of threads may draw at once.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "unc_internal.h"

/* Keeps drawn parameters where the model is defined: positive scales, no negative contention. */
static void clamp_params(const struct unc_fit *f, double *p)
{
    for (size_t k = 0; k < f->np; k++) {
        int scale = k == 0 || f->model == CURVE_SATURATING; /* x_max, c_half, lambda */
        double floor_value = scale ? 1e-9 * fabs(f->theta[k]) : 0.0;
        if (!(p[k] >= floor_value))
            p[k] = scale ? fmax(floor_value, DBL_MIN) : 0.0;
    }
}

void unc_fit_params(const struct unc_fit *f, const double *z, double t, double *p)
{
    memcpy(p, f->theta, sizeof f->theta);
    if (z) {
        for (size_t i = 0; i < f->nfree; i++) {
            double v = 0;
            for (size_t j = 0; j <= i; j++)
                v += f->chol[i][j] * z[j];
            p[f->free_index[i]] += v;
        }
    } else {
        for (size_t k = 0; k < f->np; k++)
            p[k] += t * f->dir[k];
    }
    clamp_params(f, p);
}

/* The throughput of a fit with parameters p at concurrency c. */
double unc_fit_eval(const struct curve_fit *fit, const double *p, double c)
{
    struct curve_fit moved = *fit;
    memcpy(moved.params, p, sizeof moved.params);
    return curve_eval(&moved, c);
}

/* Sets up the draws of backend b's fit.  Returns 0, or -1 with d filled. */
int unc_fit_setup(const struct scenario *s, const struct range *rg, struct unc_fit *f,
                  struct diag *d)
{
    const struct deployment *b = &s->backends[rg->backend];
    const struct curve_fit *fit = &b->curve->fit;
    memset(f, 0, sizeof *f);
    f->backend = rg->backend;
    f->model = fit->model;
    f->np = fit->nparams;
    memcpy(f->theta, fit->params, sizeof f->theta);
    for (size_t k = 0; k < f->np; k++)
        if (fit->covariance[k][k] > 0)
            f->free_index[f->nfree++] = k;
    gsl_matrix *m = gsl_matrix_alloc(f->nfree ? f->nfree : 1, f->nfree ? f->nfree : 1);
    for (size_t i = 0; i < f->nfree; i++)
        for (size_t j = 0; j < f->nfree; j++)
            gsl_matrix_set(m, i, j, fit->covariance[f->free_index[i]][f->free_index[j]]);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int status = f->nfree ? gsl_linalg_cholesky_decomp1(m) : GSL_SUCCESS;
    gsl_set_error_handler(old);
    if (status != GSL_SUCCESS) {
        gsl_matrix_free(m);
        diag_set(d, s->file, s->src, s->srclen, rg->line, rg->col,
                 "'%s': the fit's covariance is not positive definite, so no curve can be "
                 "drawn from it",
                 rg->path);
        return -1;
    }
    for (size_t i = 0; i < f->nfree; i++)
        for (size_t j = 0; j <= i; j++)
            f->chol[i][j] = gsl_matrix_get(m, i, j);
    gsl_matrix_free(m);

    /* The gradient of the throughput at the concurrency, by central differences. */
    struct deploy_rate rate;
    deployment_rate(b, &rate);
    double g[CURVE_MAX_PARAMS] = {0}, sg[CURVE_MAX_PARAMS] = {0};
    for (size_t k = 0; k < f->np; k++) {
        double h = 1e-6 * fmax(fabs(f->theta[k]), 1e-12);
        double up[CURVE_MAX_PARAMS], down[CURVE_MAX_PARAMS];
        memcpy(up, f->theta, sizeof up);
        memcpy(down, f->theta, sizeof down);
        up[k] += h;
        down[k] -= h;
        g[k] =
            (unc_fit_eval(fit, up, rate.concurrency) - unc_fit_eval(fit, down, rate.concurrency)) /
            (2 * h);
    }
    double gsg = 0;
    for (size_t k = 0; k < f->np; k++) {
        for (size_t l = 0; l < f->np; l++)
            sg[k] += fit->covariance[k][l] * g[l];
        gsg += g[k] * sg[k];
    }
    for (size_t k = 0; k < f->np; k++)
        f->dir[k] = gsg > 0 ? sg[k] / sqrt(gsg) : 0;
    return 0;
}
