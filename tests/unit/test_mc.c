/*
 * Unit tests of the sampler, the runner, the statistics and the tornado,
 * on small analytic figures whose answers are worked out by hand.  Random
 * results carry a tolerance derived from N, written beside each check.
 */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>

#include "mc.h"
#include "stats.h"
#include "test.h"

static struct sample_input uniform_input(double low, double high)
{
    struct sample_input in;
    memset(&in, 0, sizeof in);
    struct dist_args a = DIST_ARGS_INIT;
    char *msg = NULL;
    enum dist_arg at;
    dist_args_set(&a, DIST_ARG_LOW, low, NULL);
    dist_args_set(&a, DIST_ARG_HIGH, high, NULL);
    if (dist_from_args(DIST_UNIFORM, &a, "x", QF_NEGATIVE, &in.dist, &msg, &at) != 0) {
        fprintf(stderr, "unexpected: %s\n", msg);
        free(msg);
    }
    return in;
}

static struct sample_input interval_input(const char *text, enum qkind kind, unsigned flags)
{
    struct sample_input in;
    memset(&in, 0, sizeof in);
    char *msg = NULL;
    int off;
    if (dist_parse_interval(text, kind, flags, "x", &in.dist, &msg, &off) != 0) {
        fprintf(stderr, "unexpected: %s\n", msg);
        free(msg);
    }
    return in;
}

/* f = 3 x + 2, and x itself; the second figure does not exist when x > limit. */
struct linear_ctx {
    double limit;
    size_t calls;
};

static int linear_eval(void *ctx, size_t sample, const double *in, double *out, struct diag *err)
{
    struct linear_ctx *c = ctx;
    (void)sample;
    (void)err;
    c->calls++;
    out[0] = 3 * in[0] + 2;
    out[1] = in[0] > c->limit ? NAN : 3 * in[0] + 2;
    return 0;
}

static void run_plan(enum sample_method method, size_t n, unsigned long seed,
                     const struct sample_input *inputs, size_t k, size_t m, size_t threads,
                     mc_eval_fn eval, void *const *ctx, struct mc_result *res)
{
    struct sample_plan plan;
    struct diag d = DIAG_INIT;
    CHECK(sample_plan_init(&plan, method, seed, n, inputs, k, &d) == 0);
    CHECK(mc_run(&plan, m, threads, ctx, eval, res, &d, NULL) == 0);
    if (diag_failed(&d))
        fprintf(stderr, "unexpected: %s\n", d.message);
    diag_release(&d);
    sample_plan_release(&plan);
}

/*
 * x ~ uniform(10, 20), f = 3x + 2: mean 3 * 15 + 2 = 47, and the p-quantile
 * 3 (10 + 10 p) + 2: P5 = 33.5, P10 = 35, P50 = 47, P90 = 59, P95 = 60.5.
 */
static void test_linear_figure(void)
{
    const size_t n = 10000;
    struct sample_input x = uniform_input(10, 20);
    /* one context a thread, as a scenario clone would be */
    struct linear_ctx ctx = {INFINITY, 0}, ctx2 = {INFINITY, 0};
    void *ctxs[] = {&ctx, &ctx2};
    struct mc_result res = MC_RESULT_INIT;
    struct stats_summary s[2];

    /*
     * Latin hypercube: sample j of the sorted x lies in stratum j, in
     * [10 + 10 j / N, 10 + 10 (j + 1) / N).  GSL's quantile at p interpolates
     * between sorted values floor(h) and floor(h) + 1, h = (N - 1) p, both
     * within 2 strata of the true quantile, so every percentile of f is
     * within 3 * 10 * 2 / N = 60 / N = 0.006 of the truth, for any seed.
     * The mean of x is 10 + 10 (sum of strata + sum of jitters) / N^2
     * = 15 - 5 / N + 10 mean(jitter) / N, within 5 / N of 15: f's mean is
     * within 15 / N = 0.0015 of 47.
     */
    run_plan(SAMPLE_LHS, n, 42, &x, 1, 2, 1, linear_eval, ctxs, &res);
    CHECK(ctx.calls == n);
    mc_summarise(&res, 1, s);
    double tol = 60.0 / n, mean_tol = 15.0 / n;
    CHECK(s[0].n == n && s[0].missing == 0);
    CHECK(fabs(s[0].mean - 47) <= mean_tol);
    CHECK(fabs(s[0].p5 - 33.5) <= tol);
    CHECK(fabs(s[0].p10 - 35) <= tol);
    CHECK(fabs(s[0].p50 - 47) <= tol);
    CHECK(fabs(s[0].p90 - 59) <= tol);
    CHECK(fabs(s[0].p95 - 60.5) <= tol);
    /* Every stratum once: exactly one x in each [10 + 10 j / N, 10 + 10 (j + 1) / N). */
    char *seen = calloc(n, 1);
    size_t once = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = (size_t)floor((res.inputs[i] - 10) / 10 * (double)n);
        if (j < n && !seen[j]++)
            once++;
    }
    CHECK(once == n);
    free(seen);
    /*
     * The budget 47 (f's median) holds when x <= 15, that is in strata 0 to
     * N/2 - 1: exactly half of the samples.  The share agrees with a count.
     */
    CHECK(mc_share_at_most(&res, 0, 47) == 0.5);
    size_t under = 0;
    for (size_t i = 0; i < n; i++)
        under += res.outputs[i * 2] <= 50.25;
    CHECK(mc_share_at_most(&res, 0, 50.25) == (double)under / (double)n);
    /* f = 3x + 2 rises with x: rank correlation exactly 1 */
    double rho;
    mc_rank_correlations(&res, 0, 2, &rho);
    CHECK_NEAR(rho, 1, 1e-12);
    mc_result_release(&res);

    /*
     * Plain Monte Carlo: f has sd 30 / sqrt(12) = 8.660, so the mean's
     * standard error is 8.660 / sqrt(N) = 0.0866; the p-quantile's is
     * sqrt(p (1 - p) / N) / density = 30 sqrt(p (1 - p) / N): 0.065 at P5,
     * 0.090 at P10, 0.150 at P50.  The checks allow 5 standard errors (a
     * chance of 6e-7 to fail for a random seed): 0.433, 0.33, 0.45, 0.75.
     * Latin hypercube's bound above is 100 times tighter because it
     * stratifies: its empirical CDF is within 1 / N of the true one
     * everywhere, where plain sampling's errors shrink as 1 / sqrt(N).
     */
    run_plan(SAMPLE_PLAIN, n, 42, &x, 1, 2, 2, linear_eval, ctxs, &res);
    mc_summarise(&res, 2, s);
    CHECK(fabs(s[0].mean - 47) <= 5 * 8.660 / sqrt((double)n));
    CHECK(fabs(s[0].p5 - 33.5) <= 5 * 30 * sqrt(0.05 * 0.95 / n));
    CHECK(fabs(s[0].p10 - 35) <= 5 * 30 * sqrt(0.10 * 0.90 / n));
    CHECK(fabs(s[0].p50 - 47) <= 5 * 30 * sqrt(0.25 / n));
    CHECK(fabs(s[0].p90 - 59) <= 5 * 30 * sqrt(0.10 * 0.90 / n));
    CHECK(fabs(s[0].p95 - 60.5) <= 5 * 30 * sqrt(0.05 * 0.95 / n));
    under = 0;
    for (size_t i = 0; i < n; i++)
        under += res.outputs[i * 2] <= 47;
    CHECK(mc_share_at_most(&res, 0, 47) == (double)under / (double)n);
    mc_result_release(&res);

    /*
     * A figure missing when x > 15 (LHS: exactly the upper N/2 strata):
     * n = N/2, missing = N/2, and its percentiles are those of f for x
     * uniform on (10, 15): P50 = 3 * 12.5 + 2 = 39.5, within 60 / N * ... of
     * the truth; the share within any budget counts the missing as over.
     */
    ctx.limit = ctx2.limit = 15;
    run_plan(SAMPLE_LHS, n, 7, &x, 1, 2, 2, linear_eval, ctxs, &res);
    mc_summarise(&res, 2, s);
    CHECK(s[1].n == n / 2 && s[1].missing == n / 2);
    /* On half the samples the strata are 2 / (N/2) apart in the quantile: 60 / N * 2. */
    CHECK(fabs(s[1].p50 - 39.5) <= 2 * 60.0 / n);
    CHECK(mc_share_at_most(&res, 1, 1e9) == 0.5);
    mc_result_release(&res);
}

/* A constant range: zero spread, every statistic the one value 3 * 7 + 2 = 23. */
static void test_constant(void)
{
    struct sample_input x = interval_input("7..7", QK_NUMBER, 0);
    struct linear_ctx ctx = {INFINITY, 0};
    void *ctxs[] = {&ctx};
    struct mc_result res = MC_RESULT_INIT;
    struct stats_summary s[2];
    run_plan(SAMPLE_LHS, 1000, 1, &x, 1, 2, 1, linear_eval, ctxs, &res);
    mc_summarise(&res, 1, s);
    CHECK(s[0].mean == 23 && s[0].p5 == 23 && s[0].p10 == 23 && s[0].p50 == 23);
    CHECK(s[0].p90 == 23 && s[0].p95 == 23);
    double rho;
    mc_rank_correlations(&res, 0, 1, &rho);
    CHECK(isnan(rho)); /* a constant input has no rank correlation */
    mc_result_release(&res);
}

/* Several kinds of input, a count among them: the figure mixes them all. */
static int mix_eval(void *ctx, size_t sample, const double *in, double *out, struct diag *err)
{
    (void)ctx;
    (void)err;
    out[0] = in[0] * in[1] + in[2] / (1 + in[3]);
    out[1] = in[4] * 1000 + (double)(sample % 3);
    out[2] = in[0] + in[1] + in[2] + in[3] + in[4] + in[5];
    return 0;
}

/* Reads the first input only: for plans of any width. */
static int first_eval(void *ctx, size_t sample, const double *in, double *out, struct diag *err)
{
    (void)ctx;
    (void)sample;
    (void)err;
    out[0] = out[1] = out[2] = in[0];
    return 0;
}

static size_t mix_inputs(struct sample_input *in)
{
    struct dist_args t = DIST_ARGS_INIT;
    char *msg = NULL;
    enum dist_arg at;
    in[0] = interval_input("50..90 tok/s", QK_THROUGHPUT, QF_POSITIVE);
    in[1] = uniform_input(1, 2);
    dist_args_set(&t, DIST_ARG_LOW, 0.25, NULL);
    dist_args_set(&t, DIST_ARG_MODE, 0.4, NULL);
    dist_args_set(&t, DIST_ARG_HIGH, 0.5, NULL);
    memset(&in[2], 0, sizeof in[2]);
    memset(&in[3], 0, sizeof in[3]);
    dist_from_args(DIST_TRIANGULAR, &t, "x", QF_AT_MOST_ONE, &in[2].dist, &msg, &at);
    dist_from_args(DIST_PERT, &t, "x", QF_AT_MOST_ONE, &in[3].dist, &msg, &at);
    in[4] = interval_input("-10%..30%", QK_FRACTION, QF_ABOVE_MINUS_ONE);
    /* a count of replicas from 0.5 to 6.5, rounded, at least 1 */
    in[5] = uniform_input(0.5, 6.5);
    in[5].whole = 1;
    in[5].whole_min = 1;
    return 6;
}

static void test_threads(void)
{
    struct sample_input in[6];
    size_t k = mix_inputs(in);
    const size_t n = 1003; /* not a multiple of the chunk size */
    void *ctxs[7] = {0};
    for (int method = 0; method < 2; method++) {
        struct mc_result one = MC_RESULT_INIT, two = MC_RESULT_INIT, seven = MC_RESULT_INIT;
        run_plan((enum sample_method)method, n, 2024, in, k, 3, 1, mix_eval, ctxs, &one);
        run_plan((enum sample_method)method, n, 2024, in, k, 3, 2, mix_eval, ctxs, &two);
        run_plan((enum sample_method)method, n, 2024, in, k, 3, 7, mix_eval, ctxs, &seven);
        /* bit for bit the same tables */
        CHECK(memcmp(one.inputs, two.inputs, n * k * sizeof(double)) == 0);
        CHECK(memcmp(one.inputs, seven.inputs, n * k * sizeof(double)) == 0);
        CHECK(memcmp(one.outputs, two.outputs, n * 3 * sizeof(double)) == 0);
        CHECK(memcmp(one.outputs, seven.outputs, n * 3 * sizeof(double)) == 0);
        /* the count is whole, from 1 to 6 */
        int whole = 1;
        for (size_t i = 0; i < n; i++) {
            double r = one.inputs[i * k + 5];
            whole &= r == floor(r) && r >= 1 && r <= 6;
        }
        CHECK(whole);
        /* another seed gives other draws */
        struct mc_result other = MC_RESULT_INIT;
        run_plan((enum sample_method)method, n, 2025, in, k, 3, 2, mix_eval, ctxs, &other);
        CHECK(memcmp(one.inputs, other.inputs, n * k * sizeof(double)) != 0);
        mc_result_release(&other);
        /* the first 5 inputs alone: their columns are the same as with 6 */
        struct mc_result fewer = MC_RESULT_INIT;
        run_plan((enum sample_method)method, n, 2024, in, 5, 3, 2, first_eval, ctxs, &fewer);
        int same = 1;
        for (size_t i = 0; i < n; i++)
            same &= memcmp(fewer.inputs + i * 5, one.inputs + i * k, 5 * sizeof(double)) == 0;
        CHECK(same);
        mc_result_release(&fewer);
        mc_result_release(&one);
        mc_result_release(&two);
        mc_result_release(&seven);
    }
}

/* Fails on samples 300 and 700. */
static int failing_eval(void *ctx, size_t sample, const double *in, double *out, struct diag *err)
{
    (void)ctx;
    out[0] = in[0];
    if (sample == 300 || sample == 700) {
        diag_plain(err, "fails at sample %zu", sample);
        return 1;
    }
    return 0;
}

static void test_errors(void)
{
    struct sample_input x = uniform_input(0, 1);
    void *ctxs[7] = {0};
    for (size_t threads = 1; threads <= 7; threads += 3) {
        struct sample_plan plan;
        struct mc_result res = MC_RESULT_INIT;
        struct diag d = DIAG_INIT;
        size_t failed = 0;
        CHECK(sample_plan_init(&plan, SAMPLE_LHS, 5, 1000, &x, 1, &d) == 0);
        /* the lowest failing sample, whichever thread got to it */
        CHECK(mc_run(&plan, 1, threads, ctxs, failing_eval, &res, &d, &failed) == -1);
        CHECK(failed == 300);
        CHECK_STR(d.message, "fails at sample 300");
        CHECK(res.inputs == NULL && res.outputs == NULL);
        diag_release(&d);
        sample_plan_release(&plan);
    }
    struct sample_plan plan;
    struct diag d = DIAG_INIT;
    CHECK(sample_plan_init(&plan, SAMPLE_LHS, 5, 0, &x, 1, &d) == -1);
    CHECK_STR(d.message, "the number of samples must be from 1 to 100000000, got 0");
    diag_release(&d);
}

static int quiet_fail_eval(void *ctx, size_t sample, const double *in, double *out,
                           struct diag *err)
{
    (void)ctx;
    (void)err;
    out[0] = in[0];
    return sample >= 900;
}

static void test_quiet_error(void)
{
    struct sample_input x = uniform_input(0, 1);
    void *ctxs[2] = {0};
    struct sample_plan plan;
    struct mc_result res = MC_RESULT_INIT;
    struct diag d = DIAG_INIT;
    size_t failed = 0;
    CHECK(sample_plan_init(&plan, SAMPLE_PLAIN, 5, 1000, &x, 1, &d) == 0);
    CHECK(mc_run(&plan, 1, 2, ctxs, quiet_fail_eval, &res, &d, &failed) == -1);
    CHECK(failed == 900);
    CHECK_STR(d.message, "sample 900 failed");
    diag_release(&d);
    sample_plan_release(&plan);
}

/* f = 10 a + b + 0 c; b - a, which does not exist when b is high; c + b. */
static int tornado_eval(void *ctx, size_t sample, const double *in, double *out, struct diag *err)
{
    (void)ctx;
    (void)err;
    CHECK(sample == 0);
    out[0] = 10 * in[0] + in[1] + 0 * in[2];
    out[1] = in[1] > 0.8 ? NAN : in[1] - in[0];
    out[2] = in[2] + in[1];
    return 0;
}

static void test_tornado(void)
{
    struct sample_input in[3] = {uniform_input(0, 1), uniform_input(0, 1), uniform_input(0, 1)};
    double base[3] = {0.5, 0.5, 0.5};
    struct mc_tornado t = MC_TORNADO_INIT;
    struct diag d = DIAG_INIT;
    size_t order[3];
    CHECK(mc_tornado_run(in, 3, base, 3, NULL, tornado_eval, &t, &d) == 0);
    /* base 10 * 0.5 + 0.5 = 5.5; P10 and P90 of uniform(0, 1) are 0.1 and 0.9 */
    CHECK_NEAR(t.base_out[0], 5.5, 1e-15);
    CHECK_NEAR(t.low_in[0], 0.1, 1e-15);
    CHECK_NEAR(t.high_in[0], 0.9, 1e-15);
    /* a: 10 * 0.1 + 0.5 = 1.5 and 10 * 0.9 + 0.5 = 9.5, swing 8;
       b: 5 + 0.1 = 5.1 and 5 + 0.9 = 5.9, swing 0.8; c: swing 0 */
    CHECK_NEAR(t.low_out[0 * 3 + 0], 1.5, 1e-14);
    CHECK_NEAR(t.high_out[0 * 3 + 0], 9.5, 1e-14);
    CHECK_NEAR(mc_tornado_swing(&t, 0, 0), 8, 1e-14);
    CHECK_NEAR(mc_tornado_swing(&t, 1, 0), 0.8, 1e-14);
    CHECK(mc_tornado_swing(&t, 2, 0) == 0);
    mc_tornado_order(&t, 0, order);
    CHECK(order[0] == 0 && order[1] == 1 && order[2] == 2);
    /* figure 2: b - a; a swings 0.8, b's P90 makes it missing (NaN, last),
       c swings 0 */
    CHECK(isnan(mc_tornado_swing(&t, 1, 1)));
    mc_tornado_order(&t, 1, order);
    CHECK(order[0] == 0 && order[1] == 2 && order[2] == 1);
    /* figure 3: c + b, equal swings 0.8 for b and c keep the inputs' order, a last */
    mc_tornado_order(&t, 2, order);
    CHECK(order[0] == 1 && order[1] == 2 && order[2] == 0);
    mc_tornado_release(&t);
}

/* Spearman's rank correlation of an input that f ignores is near zero. */
static void test_rank_correlation(void)
{
    struct sample_input in[6];
    size_t k = mix_inputs(in);
    const size_t n = 4000;
    void *ctxs[2] = {0};
    struct mc_result res = MC_RESULT_INIT;
    run_plan(SAMPLE_LHS, n, 11, in, k, 3, 2, mix_eval, ctxs, &res);
    double rho[6];
    mc_rank_correlations(&res, 1, 2, rho);
    /* figure 1 = 1000 x4 + (sample mod 3): x4 dominates, rho close to 1 */
    CHECK(rho[4] > 0.99);
    /* the others are independent of it: the sample correlation of
       independent variables has sd 1 / sqrt(N - 1) = 0.0158; allow 5 sd */
    for (size_t j = 0; j < 4; j++)
        CHECK(fabs(rho[j]) < 5 / sqrt((double)n - 1));
    /* the same with a direct call on a column, and with one thread */
    double *work = malloc(4 * n * sizeof *work);
    size_t pairs;
    double direct = stats_spearman(res.inputs + 4, k, res.outputs + 1, 3, n, work, &pairs);
    CHECK(pairs == n && direct == rho[4]);
    free(work);
    double rho1[6];
    mc_rank_correlations(&res, 1, 1, rho1);
    CHECK(memcmp(rho, rho1, sizeof rho) == 0);
    mc_result_release(&res);
}

static int by_value(const void *pa, const void *pb)
{
    unsigned long a = *(const unsigned long *)pa, b = *(const unsigned long *)pb;
    return a < b ? -1 : a > b;
}

static void test_streams_and_rounding(void)
{
    /* distinct stream seeds for the first 200,000 samples (a bijection of the index) */
    const size_t n = 200000;
    unsigned long *seeds = malloc(n * sizeof *seeds);
    for (size_t i = 0; i < n; i++)
        seeds[i] = sample_stream_seed(42, SAMPLE_STREAM_JITTER, i);
    qsort(seeds, n, sizeof *seeds, by_value);
    int distinct = 1;
    for (size_t i = 1; i < n; i++)
        distinct &= seeds[i] != seeds[i - 1];
    free(seeds);
    CHECK(distinct);

    /* counts: round half up, then at least the field's least value */
    struct sample_input c = uniform_input(0, 10);
    c.whole = 1;
    c.whole_min = 1;
    /* quantile 10 u: u = 0.25 gives 2.5, rounded up to 3; u = 0.2499 gives
       2.499, down to 2; u = 0.01 gives 0.1, rounded to 0, raised to 1 */
    CHECK(sample_input_value(&c, 0.25) == 3);
    CHECK(sample_input_value(&c, 0.2499) == 2);
    CHECK(sample_input_value(&c, 0.01) == 1);
    /* uniform(0.5, 3.5) as a count with LHS and N = 3000: x < 1.5 exactly
       when u < 1/3, the strata 0 to 999; so 1000 samples each of 1, 2, 3 */
    struct sample_input r = uniform_input(0.5, 3.5);
    r.whole = 1;
    r.whole_min = 1;
    struct linear_ctx ctx = {INFINITY, 0};
    void *ctxs[] = {&ctx};
    struct mc_result res = MC_RESULT_INIT;
    run_plan(SAMPLE_LHS, 3000, 9, &r, 1, 2, 1, linear_eval, ctxs, &res);
    size_t count[4] = {0};
    for (size_t i = 0; i < 3000; i++)
        count[(size_t)res.inputs[i] & 3]++;
    CHECK(count[1] == 1000 && count[2] == 1000 && count[3] == 1000);
    mc_result_release(&res);
    CHECK(sample_method_from_name("lhs") == SAMPLE_LHS);
    CHECK(sample_method_from_name("mc") == SAMPLE_PLAIN);
    CHECK(sample_method_from_name("sobol") == -1);
    CHECK_STR(sample_method_name(SAMPLE_PLAIN), "mc");
}

/*
 * The sampler's PERT table against gsl_cdf_beta_Pinv (dist_quantile), for
 * the mode at either end, in the middle and between: within 1e-8 of the
 * width everywhere, the tails included (measured: 1e-9).
 */
static void test_pert_table(void)
{
    const double modes[] = {0, 0.01, 0.2, 0.5, 0.77, 0.99, 1};
    double worst = 0;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        struct sample_input in;
        struct dist_args a = DIST_ARGS_INIT;
        char *msg = NULL;
        enum dist_arg at;
        memset(&in, 0, sizeof in);
        dist_args_set(&a, DIST_ARG_LOW, 10, NULL);
        dist_args_set(&a, DIST_ARG_MODE, 10 + 20 * modes[m], NULL);
        dist_args_set(&a, DIST_ARG_HIGH, 30, NULL);
        CHECK(dist_from_args(DIST_PERT, &a, "x", 0, &in.dist, &msg, &at) == 0);
        struct sample_plan plan;
        struct diag d = DIAG_INIT;
        CHECK(sample_plan_init(&plan, SAMPLE_PLAIN, 1, 1, &in, 1, &d) == 0);
        CHECK(plan.tables[0] != NULL);
        for (int i = 0; i < 4000; i++) {
            double u = (i + 0.5) / 4000;
            double diff = fabs(sample_plan_value(&plan, 0, u) - dist_quantile(&in.dist, u));
            worst = diff > worst ? diff : worst;
        }
        for (int e = 1; e <= 15; e++) {
            double u = pow(10, -e);
            double lo = fabs(sample_plan_value(&plan, 0, u) - dist_quantile(&in.dist, u));
            double hi = fabs(sample_plan_value(&plan, 0, 1 - u) - dist_quantile(&in.dist, 1 - u));
            worst = fmax(worst, fmax(lo, hi));
        }
        sample_plan_release(&plan);
    }
    /* width 20: 1e-8 of it is 2e-7 */
    if (worst > 2e-7)
        fprintf(stderr, "pert table: worst difference %g\n", worst);
    CHECK(worst <= 2e-7);
}

/* The statistics alone, on values whose percentiles are worked out by hand. */
static void test_stats(void)
{
    /* 1..11 with NaN and infinity among them: the 11 finite values 1..11
       have mean 6; h = 10 p, so P5 = 1 + 0.5 = 1.5, P10 = 2, P50 = 6,
       P90 = 10, P95 = 10.5 */
    double v[13] = {11, 3, NAN, 1, 7, 5, 9, INFINITY, 2, 4, 6, 8, 10};
    double work[13];
    struct stats_summary s;
    stats_summarise(v, 1, 13, work, &s);
    CHECK(s.n == 11 && s.missing == 2);
    CHECK_NEAR(s.mean, 6, 1e-15);
    CHECK_NEAR(s.p5, 1.5, 1e-15);
    CHECK_NEAR(s.p10, 2, 1e-15);
    CHECK_NEAR(s.p50, 6, 1e-15);
    CHECK_NEAR(s.p90, 10, 1e-15);
    CHECK_NEAR(s.p95, 10.5, 1e-15);
    /* within 5: 1, 2, 3, 4, 5 of 13 samples */
    CHECK(stats_share_at_most(v, 1, 13, 5) == 5.0 / 13);
    /* a stride: every other value of {1, 100, 2, 100, 3, 100}: 1, 2, 3 */
    double w[6] = {1, 100, 2, 100, 3, 100};
    stats_summarise(w, 2, 3, work, &s);
    CHECK(s.n == 3 && s.p50 == 2 && s.mean == 2);
    double none[2] = {NAN, NAN};
    stats_summarise(none, 1, 2, work, &s);
    CHECK(s.n == 0 && s.missing == 2 && isnan(s.mean) && isnan(s.p50));
    CHECK(stats_share_at_most(none, 1, 2, 1e300) == 0);
    /* Spearman: y = x^3 is monotone: 1; reversed: -1 */
    double x[5] = {1, 2, 3, 4, 5}, y[5] = {1, 8, 27, 64, 125}, yr[5] = {5, 4, 3, 2, 1};
    double sw[20];
    size_t pairs;
    CHECK_NEAR(stats_spearman(x, 1, y, 1, 5, sw, &pairs), 1, 1e-15);
    CHECK_NEAR(stats_spearman(x, 1, yr, 1, 5, sw, &pairs), -1, 1e-15);

    /* the percentiles are the very doubles of gsl_sort followed by
       gsl_stats_quantile_from_sorted_data, for n from 1 to 9 and for 10,000 */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    size_t sizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10000};
    double *data = malloc(10000 * sizeof *data), *sorted = malloc(10000 * sizeof *sorted);
    double *scratch = malloc(10000 * sizeof *scratch);
    int same = 1;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        size_t m = sizes[z];
        for (size_t i = 0; i < m; i++)
            sorted[i] = data[i] = gsl_rng_uniform(rng) * gsl_rng_uniform(rng);
        if (m == 10000)
            data[17] = sorted[17] = data[18]; /* a tie */
        gsl_sort(sorted, 1, m);
        stats_summarise(data, 1, m, scratch, &s);
        same &= s.p5 == gsl_stats_quantile_from_sorted_data(sorted, 1, m, 0.05);
        same &= s.p10 == gsl_stats_quantile_from_sorted_data(sorted, 1, m, 0.10);
        same &= s.p50 == gsl_stats_quantile_from_sorted_data(sorted, 1, m, 0.50);
        same &= s.p90 == gsl_stats_quantile_from_sorted_data(sorted, 1, m, 0.90);
        same &= s.p95 == gsl_stats_quantile_from_sorted_data(sorted, 1, m, 0.95);
    }
    CHECK(same);
    free(data);
    free(sorted);
    free(scratch);
    gsl_rng_free(rng);
}

int main(void)
{
    test_linear_figure();
    test_constant();
    test_threads();
    test_errors();
    test_quiet_error();
    test_tornado();
    test_rank_correlation();
    test_streams_and_rounding();
    test_stats();
    test_pert_table();
    TEST_END("mc");
}
