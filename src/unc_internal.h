/*
 * unc_internal: what unc.c shares with its helpers unc_fit.c (a fitted
 * curve drawn from its covariance) and unc_hist.c (the plots' histograms).
 * Not for other modules.
 *
 * Ownership: struct unc_fit is a plain value.
 */
#ifndef RAFTCOST_UNC_INTERNAL_H
#define RAFTCOST_UNC_INTERNAL_H

#include "curve.h"
#include "unc.h"

#define UNC_Z90 1.2815515655446004 /* the standard normal's 90th percentile */

/* A fitted curve drawn from its covariance. */
struct unc_fit {
    size_t backend;
    enum curve_model model;
    size_t np;    /* the model's parameters */
    size_t nfree; /* those with a spread (not held at a bound) */
    size_t free_index[CURVE_MAX_PARAMS];
    double theta[CURVE_MAX_PARAMS];                  /* the fit's own parameters */
    double chol[CURVE_MAX_PARAMS][CURVE_MAX_PARAMS]; /* lower factor of the free block */
    double dir[CURVE_MAX_PARAMS]; /* Sigma g / sqrt(g' Sigma g): the tornado's direction */
};

/*
 * Sets up the draws of the fit named by range rg (a RANGE_FIT of s): the
 * Cholesky factor of its covariance over the free parameters and the
 * tornado's direction.  Returns 0, or -1 with d filled at the range's key.
 * Before any thread starts: it switches GSL's error handler off around the
 * factorisation.
 */
int unc_fit_setup(const struct scenario *s, const struct range *rg, struct unc_fit *f,
                  struct diag *d);
/*
 * The parameters of a draw into p (CURVE_MAX_PARAMS): theta_hat + L z with
 * z the nfree scores, or, with z NULL, theta_hat + t dir; kept in the
 * model's domain.
 */
void unc_fit_params(const struct unc_fit *f, const double *z, double t, double *p);
/* The throughput of fit with its parameters replaced by p, at concurrency c. */
double unc_fit_eval(const struct curve_fit *fit, const double *p, double c);

/*
 * The histogram of figure f of r (f < 0: none) and its CDF into h; mark
 * (the budget or deadline, 0: none) with the share of samples within it.
 */
void unc_histogram_fill(const struct unc_result *r, int f, double mark, struct unc_histogram *h);

#endif
