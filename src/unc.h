/*
 * unc: a Monte Carlo run of a scenario's uncertain inputs, and its tornado.
 *
 * The inputs are the scenario's ranges (ranges.h) followed by the default
 * ranges raftcost knows (the fine-tuning estimate's MFU and managed-service
 * overhead, the dataset's tokens per call; docs/uncertainty.md section 7)
 * that the file does not pin.  unc_run draws N samples of them all with a
 * sampling plan (sample.h: Latin hypercube or plain Monte Carlo, one stream
 * per sample), runs the analytic model on each (model_run_lean) on one clone
 * of the scenario per thread (mc.h), and summarises each headline figure:
 * mean and percentiles, the chance that each budget holds, that the
 * deadline is met, that the claim holds, and two histograms for the plots.
 * A scenario with a `simulation` mapping simulates its generation in every
 * sample: sample i runs one replication of the job (model_sim_replication,
 * no timeline) seeded from (seed, SAMPLE_STREAM_REPLICATION, i), whose wall
 * time and cost replace the analytic ones before the totals (model.h's
 * model_run_lean_hooked), and adds its lost examples and 429s as figures.
 * The results depend on (scenario, samples, seed, method) only, never on
 * the number of threads.
 *
 * How an input reaches the model:
 *   a parameter   params_set on the thread's clone, the one setter with its
 *                 checks; counts rounded half up (sample.h).  Choices take
 *                 no range (ranges.h), so no sample refits a curve (a refit
 *                 switches GSL's error handler off: not thread-safe).
 *   a fitted curve (uncertain: fit)   k standard normal scores z (k the
 *                 fit's free parameters, each its own column of the plan),
 *                 theta = theta_hat + L z with L the Cholesky factor of the
 *                 fit's covariance, written into the clone's fit: no refit,
 *                 no GSL error handler.  The concurrency stays where the
 *                 scenario reads the curve.  The report shows such an input
 *                 as the curve's throughput at that concurrency.
 *
 * Ownership: a struct unc_result owns everything in it (unc_result_release;
 * accepts a zeroed struct) and borrows nothing from the scenario, except
 * that unc_tornado_run must be given the scenario unc_run ran on.  The
 * module neither prints nor writes files.
 */
#ifndef RAFTCOST_UNC_H
#define RAFTCOST_UNC_H

#include <stddef.h>

#include "diag.h"
#include "figures.h"
#include "mc.h"
#include "sample.h"
#include "scenario.h"
#include "stats.h"

#define UNC_DEFAULT_SAMPLES 10000
#define UNC_DEFAULT_SEED 1
#define UNC_MAX_SAMPLES 1000000

struct progress;

struct unc_options {
    size_t samples;            /* 1 .. UNC_MAX_SAMPLES */
    unsigned long seed;        /* of every stream (sample.h) */
    enum sample_method method; /* SAMPLE_LHS (the default) or SAMPLE_PLAIN */
    size_t threads;            /* 0: one a processor (mc_default_threads) */
    struct progress *progress; /* each sample adds one when it ends; NULL: none (progress.h) */
};

#define UNC_OPTIONS_INIT                                                                           \
    {                                                                                              \
        UNC_DEFAULT_SAMPLES, UNC_DEFAULT_SEED, SAMPLE_LHS, 0, NULL                                 \
    }

/* One uncertain input as the report shows it. */
struct unc_input {
    char *path;      /* the parameter, or backends.B.throughput for a fit */
    char *text;      /* the range as written, or the default's rule with its numbers */
    int is_default;  /* a default range (no line in the file) */
    int is_fit;      /* uncertain: fit; values are the throughput at the concurrency, tok/s */
    enum qkind kind; /* of the values, for display */
    double base;     /* the scenario's value (what the tornado holds the others at) */
    double p10, p90; /* the tornado's low and high ends (counts rounded) */
    double mean;     /* of the distribution (NaN for a fit) */
    int line, col;   /* of its key in the file; 0 for a default */
};

/* One figure of every sample. */
struct unc_figure {
    int what;     /* which figure (unc_figures.c) */
    size_t index; /* the option or backend it belongs to */
    /* key, label and unit (figures.h), value the point estimate (model_run). */
    struct figure fig;
    int shown; /* in the report's table; 0: kept for a probability or an input */
    struct stats_summary summary;
};

/* The chance that a figure stays within a limit. */
struct unc_probability {
    const char *key; /* "budget.one_off", "budget.monthly", "budget.horizon", "deadline", "claim" */
    size_t figure;   /* what is checked; for "claim", the 0/1 column of whether it holds */
    double limit;    /* the budget or deadline (seconds); the claimed ratio for "claim" */
    double share;    /* of all samples */
};

/* A histogram of one figure with its empirical CDF, for a plot. */
#define UNC_HIST_BINS 40
#define UNC_CDF_POINTS 201
struct unc_histogram {
    int present;
    size_t figure;
    double lo, width;             /* the bins: [lo + i width, lo + (i + 1) width) */
    double share[UNC_HIST_BINS];  /* of all samples, in each bin */
    size_t outside;               /* samples beyond the bins (the outer 1%) */
    double cdf_x[UNC_CDF_POINTS]; /* points evenly spread over the bins' span ... */
    double cdf_p[UNC_CDF_POINTS]; /* ... and the share of all samples below each */
    double mark;                  /* the budget or deadline to mark; NaN: none */
    double mark_share;            /* the share of samples within it */
};

struct unc_model;

struct unc_result {
    size_t samples;
    unsigned long seed;
    enum sample_method method;
    /* The scenario simulates: the generation's figures (time, cost, lost examples, 429s) of
     * sample i are those of one replication of the simulation with the stream (seed,
     * SAMPLE_STREAM_REPLICATION, i); their point estimates, and the tornado's every point,
     * the simulation's own replication 0. */
    int simulated;
    struct unc_input *inputs;
    size_t ninputs;
    struct unc_figure *figures; /* the columns of mc.outputs, in order */
    size_t nfigures;
    struct unc_probability *probabilities;
    size_t nprobabilities;
    struct mc_result mc;  /* per sample: the plan's draws and every figure (base units) */
    double *input_values; /* samples rows of ninputs: each input's value (a fit: tok/s) */
    struct unc_histogram one_off, generation_time;
    struct unc_model *model; /* how inputs reach the scenario, for the tornado */
};

/*
 * The number of uncertain inputs of s as it stands (ranges and default
 * ranges): 0 means nothing to sample.
 */
size_t unc_count_inputs(const struct scenario *s);

/*
 * Runs o->samples samples of s (validated, after --set and variants).
 * Returns 0 and fills *out; or -1 with d filled (nothing uncertain, a
 * sample whose model failed) and *out zeroed.
 */
int unc_run(const struct scenario *s, const struct unc_options *o, struct unc_result *out,
            struct diag *d);
void unc_result_release(struct unc_result *r);

/* The index of the figure with this key, or -1. */
int unc_figure_find(const struct unc_result *r, const char *key);
/* "'generation.cost', 'totals.one_off', ...": the keys of the figures shown; the caller frees. */
char *unc_figure_keys(const struct unc_result *r);

/*
 * Spearman's rank correlation of each input's values with figure f over
 * the samples (ninputs entries into rho; NaN for a constant input).
 */
void unc_rank_correlations(const struct unc_result *r, size_t f, size_t threads, double *rho);

/* The tornado of one figure. */
struct unc_tornado_row {
    size_t input;          /* index into unc_result.inputs */
    double at_p10, at_p90; /* the figure with the input at its P10, its P90 (NaN: none) */
    double swing;          /* |at_p90 - at_p10|; NaN when either does not exist */
    double rho;            /* rank correlation with the figure over the samples */
};

struct unc_tornado {
    size_t figure;
    double base;                  /* the figure with every input at its base */
    struct unc_tornado_row *rows; /* sorted: largest swing first, none last, ties in input order */
    size_t n;
};

/*
 * Each input at its P10 and at its P90, every other at its base (mc.h's
 * tornado), on one clone of s: the scenario r was run on.  A fitted curve is
 * one input here: its parameters moved along the direction in which the
 * throughput at its concurrency changes most for the fit's covariance,
 * theta_hat + t Sigma g / sqrt(g' Sigma g) at t = -1.2816 and +1.2816 (g the
 * gradient of the throughput in theta), which puts the throughput at its
 * P10 and P90 to first order.  Returns 0, or -1 with d filled.
 */
int unc_tornado_run(const struct scenario *s, const struct unc_result *r, size_t figure,
                    size_t threads, struct unc_tornado *t, struct diag *d);
void unc_tornado_release(struct unc_tornado *t);

/*
 * The samples as CSV: "sample", each input's path, each figure's key; one
 * row a sample.  Inputs in the units of their parameter (seconds, per
 * second, fractions, tokens, prices as their path says; a fit in tok/s),
 * figures in the units of the JSON report (hours for times, days for the
 * payback); an empty cell where a figure does not exist.  The caller frees.
 */
char *unc_samples_csv(const struct unc_result *r);

/* A value of input in for people: "1 h 30 min", "40%", "70 tok/s", "20,000/day". */
char *unc_format_input(char *buf, const struct unc_input *in, double value, const char *currency);

#endif
