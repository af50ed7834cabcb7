/*
 * sample: the sampling plan of a Monte Carlo run.  N samples of K uncertain
 * inputs; sample i's value of input k is the input's quantile at u(i, k) in
 * (0, 1):
 *
 *   Latin hypercube (the default)  u(i, k) = (stratum_k[i] + jitter(i, k)) / N
 *   plain Monte Carlo              u(i, k) = jitter(i, k)
 *
 * stratum_k is a random permutation of 0..N-1 (gsl_ran_shuffle), one per
 * input, so every input visits each of its N equal-probability strata once.
 *
 * Random streams (GSL's taus2 generator, one per purpose and index):
 *   the permutation of input k   the stream (seed, SAMPLE_STREAM_STRATA, k)
 *   the jitters of sample i      the stream (seed, SAMPLE_STREAM_JITTER, i):
 *                                jitter(i, k) is its (k+1)-th draw
 *                                (gsl_rng_uniform_pos, never 0)
 * so every number is a function of (seed, N, method, i, k) alone: never of
 * the number of threads or of the order in which samples run, and adding an
 * input at the end leaves the draws of the others as they were.
 *
 * Counts (whole inputs) are rounded after the quantile: half up
 * (floor(x + 0.5)), then raised to the least value the field allows.
 *
 * One shortcut: GSL's inverse Beta CDF costs about 1.7 us a call, 100 times
 * the others, so a plan draws a PERT input from a table of the Beta CDF
 * (gsl_cdf_beta_P at 2049 points) interpolated with GSL's Akima spline in
 * a variable that is linear at both ends (see sample.c); it agrees with
 * gsl_cdf_beta_Pinv to 1e-8 of the range's width.  dist_quantile (and so
 * the tornado) stays exact.
 *
 * A plan owns its strata; the inputs are borrowed and must outlive it.
 */
#ifndef RAFTCOST_SAMPLE_H
#define RAFTCOST_SAMPLE_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "diag.h"
#include "dist.h"

enum sample_method { SAMPLE_LHS, SAMPLE_PLAIN };

/* "lhs" or "mc". */
const char *sample_method_name(enum sample_method method);
/* The method named "lhs" or "mc", or -1. */
int sample_method_from_name(const char *name);

/* What a stream is for: part of its seed. */
enum sample_stream {
    SAMPLE_STREAM_STRATA,      /* index: the input */
    SAMPLE_STREAM_JITTER,      /* index: the sample */
    SAMPLE_STREAM_REPLICATION, /* index: the sample; for a simulation's own draws */
};

/*
 * The seed of one stream, for gsl_rng_set: a bijection of the index for a
 * given seed and purpose (index below 2^32), so no two samples share a
 * stream.
 */
unsigned long sample_stream_seed(unsigned long seed, enum sample_stream stream, size_t index);
/* A generator of the type every stream uses (taus2); gsl_rng_free it. */
gsl_rng *sample_rng_alloc(void);

/* One uncertain input. */
struct sample_input {
    struct dist dist;
    int whole;        /* a count: rounded half up, then at least whole_min */
    double whole_min; /* the least value the field allows (1 for a positive count) */
};

/* The value of an input at u: its quantile, rounded when it is a count. */
double sample_input_value(const struct sample_input *input, double u);

struct sample_table;

struct sample_plan {
    enum sample_method method;
    unsigned long seed;
    size_t n_samples;
    size_t n_inputs;
    const struct sample_input *inputs; /* borrowed */
    unsigned *strata;             /* LHS: n_inputs columns of n_samples, column k for input k */
    struct sample_table **tables; /* per input: the PERT's table, or NULL */
};

#define SAMPLE_MAX_SAMPLES 100000000u

/*
 * Sets up a plan (strata allocated, not yet shuffled: call sample_plan_shuffle
 * for every input, from any threads).  n_samples from 1 to
 * SAMPLE_MAX_SAMPLES.  Returns 0, or -1 with the error in *d.
 */
int sample_plan_init(struct sample_plan *plan, enum sample_method method, unsigned long seed,
                     size_t n_samples, const struct sample_input *inputs, size_t n_inputs,
                     struct diag *d);
/* Draws the permutation of input k (LHS; nothing for plain Monte Carlo); rng is scratch. */
void sample_plan_shuffle(struct sample_plan *plan, size_t input, gsl_rng *rng);
/* Every permutation, in this thread. */
void sample_plan_shuffle_all(struct sample_plan *plan);
/* Frees the strata and tables; accepts a released plan. */
void sample_plan_release(struct sample_plan *plan);

/*
 * The n_inputs values of sample i into values.  rng is a scratch generator
 * (sample_rng_alloc) owned by the calling thread: it is re-seeded here.
 */
void sample_draw(const struct sample_plan *plan, size_t sample, gsl_rng *rng, double *values);
/* The value of input k at u as sample_draw computes it (the PERT table included). */
double sample_plan_value(const struct sample_plan *plan, size_t input, double u);

#endif
