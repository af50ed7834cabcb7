/*
 * mc: runs a sampling plan (sample.h) over a pool of POSIX threads, and the
 * tornado.  The caller supplies an evaluation callback and one context per
 * thread (for raftcost: a clone of the scenario each); the module knows
 * nothing of scenarios.
 *
 * For each sample i the runner draws the K inputs into row i of
 * result.inputs and calls eval(thread_ctx, i, inputs, outputs, err), which
 * writes the M outputs of that sample into row i of result.outputs (NaN:
 * the figure does not exist in that sample).  Samples are handed out in
 * chunks to whichever thread is free; since every draw depends only on the
 * seed and the indices (sample.h), the tables are the same for any number
 * of threads, provided that eval's outputs depend only on its inputs and
 * sample index (a context must not carry anything from one sample to the
 * next that changes the outputs: set every input on each call).
 *
 * A failing eval (non-zero return, with its error in *err) stops the run,
 * and the run reports the failure of the lowest failing sample: every
 * sample below it is still evaluated, so which error comes out does not
 * depend on the threads either.
 *
 * The result owns its tables (mc_result_release); contexts and the plan's
 * inputs are borrowed.
 */
#ifndef RAFTCOST_MC_H
#define RAFTCOST_MC_H

#include <stddef.h>

#include "diag.h"
#include "sample.h"
#include "stats.h"

/*
 * Evaluates one sample: inputs (n_inputs values) → outputs (n_outputs
 * values).  Returns 0, or non-zero with the error in *err (a diag that
 * holds nothing yet; if it is left empty the runner says which sample
 * failed).  Called from several threads at once, each with its own ctx.
 */
typedef int (*mc_eval_fn)(void *thread_ctx, size_t sample, const double *inputs, double *outputs,
                          struct diag *err);

/* The number of online processors, at least 1: the default for -j. */
size_t mc_default_threads(void);

struct mc_result {
    size_t n_samples, n_inputs, n_outputs;
    double *inputs;  /* n_samples rows of n_inputs values */
    double *outputs; /* n_samples rows of n_outputs values */
};

#define MC_RESULT_INIT                                                                             \
    {                                                                                              \
        0, 0, 0, NULL, NULL                                                                        \
    }

/*
 * Runs the plan: draws its permutations, then every sample, on n_threads
 * threads (at least 1; thread t gets thread_ctx[t], so the array holds
 * n_threads contexts).  Returns 0 and fills *result; or -1 with the lowest
 * failing sample's error in *err, its index in *failed_sample (may be
 * NULL), and *result left empty.
 */
int mc_run(struct sample_plan *plan, size_t n_outputs, size_t n_threads, void *const *thread_ctx,
           mc_eval_fn eval, struct mc_result *result, struct diag *err, size_t *failed_sample);
void mc_result_release(struct mc_result *result);

/* The summary of every output (n_outputs entries into summaries), on n_threads threads. */
void mc_summarise(const struct mc_result *result, size_t n_threads,
                  struct stats_summary *summaries);
/* The share of samples with output at most limit (stats_share_at_most). */
double mc_share_at_most(const struct mc_result *result, size_t output, double limit);
/*
 * Spearman's rank correlation of every input with one output (n_inputs
 * entries into rho; NaN for an input that does not vary), on n_threads
 * threads.
 */
void mc_rank_correlations(const struct mc_result *result, size_t output, size_t n_threads,
                          double *rho);

/*
 * The tornado: each input at its P10 and at its P90 (sample_input_value at
 * 0.1 and 0.9, so counts are rounded), every other input at its base value.
 * One context, one thread; every evaluation is given sample index 0, so a
 * callback that draws random numbers for a sample uses the same ones for
 * every row.  The struct owns its arrays.
 */
struct mc_tornado {
    size_t n_inputs, n_outputs;
    double *base_out; /* n_outputs: every input at its base */
    double *low_in;   /* n_inputs: each input's P10 */
    double *high_in;  /* n_inputs: each input's P90 */
    double *low_out;  /* n_inputs rows of n_outputs: input k at its P10 */
    double *high_out; /* n_inputs rows of n_outputs: input k at its P90 */
};

#define MC_TORNADO_INIT                                                                            \
    {                                                                                              \
        0, 0, NULL, NULL, NULL, NULL, NULL                                                         \
    }

/*
 * Evaluates 1 + 2 n_inputs points: base (n_inputs values), then each input
 * at P10 and P90.  Returns 0, or -1 with the callback's error in *err and
 * *tornado left empty.
 */
int mc_tornado_run(const struct sample_input *inputs, size_t n_inputs, const double *base,
                   size_t n_outputs, void *ctx, mc_eval_fn eval, struct mc_tornado *tornado,
                   struct diag *err);
/* |f(P90) - f(P10)| of input k for one output; NaN when either does not exist. */
double mc_tornado_swing(const struct mc_tornado *tornado, size_t input, size_t output);
/*
 * The inputs ordered for one output's tornado into order (n_inputs
 * entries): largest swing first, NaN swings last, ties by input index.
 */
void mc_tornado_order(const struct mc_tornado *tornado, size_t output, size_t *order);
void mc_tornado_release(struct mc_tornado *tornado);

#endif
