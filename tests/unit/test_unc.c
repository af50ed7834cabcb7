/*
 * Unit tests of the Monte Carlo run of a scenario (unc.h) on scenarios in
 * tests/unc/data whose answers are worked out by hand beside each check.
 * Random results carry a tolerance derived from N: with Latin hypercube
 * sampling, the sorted sample j of one uniform input lies in stratum j, so
 * the percentile at p (GSL's, between the order statistics floor(h) and
 * floor(h)+1, h = (N-1) p) is within 2 w / N of the true quantile, w the
 * width of the figure's range; the mean within w / N.  Plain Monte Carlo
 * gets 5 standard errors: w sqrt(p (1 - p) / N) for a percentile of a
 * uniform, w / sqrt(12 N) for its mean.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model_sim.h"
#include "quantity.h"
#include "scenario.h"
#include "test.h"
#include "unc.h"

static int load(struct scenario *s, const char *path)
{
    struct diag d = DIAG_INIT;
    int rc = scenario_load(s, path, &d);
    if (rc != 0) {
        diag_render(&d, stderr);
        CHECK(rc == 0);
    }
    diag_release(&d);
    return rc;
}

static int run(const struct scenario *s, size_t n, enum sample_method method, size_t threads,
               struct unc_result *u)
{
    struct unc_options o = UNC_OPTIONS_INIT;
    struct diag d = DIAG_INIT;
    o.samples = n;
    o.method = method;
    o.threads = threads;
    o.seed = 2024;
    int rc = unc_run(s, &o, u, &d);
    if (rc != 0) {
        diag_render(&d, stderr);
        CHECK(rc == 0);
    }
    diag_release(&d);
    return rc;
}

static const struct unc_figure *figure(const struct unc_result *u, const char *key)
{
    int i = unc_figure_find(u, key);
    CHECK(i >= 0);
    return i >= 0 ? &u->figures[i] : &u->figures[0];
}

/* A uniform range on a linear figure: cost = 35 x hours, hours uniform on 1 .. 2. */
static void test_uniform_linear(enum sample_method method)
{
    struct scenario s;
    struct unc_result u;
    const size_t n = 20000;
    if (load(&s, "tests/unc/data/linear.yaml") != 0)
        return;
    if (run(&s, n, method, 2, &u) != 0) {
        scenario_release(&s);
        return;
    }
    const double w = 35, lo = 35; /* the cost is uniform on $35 .. $70 */
    const double ps[] = {0.05, 0.10, 0.50, 0.90, 0.95};
    const struct unc_figure *f = figure(&u, "fine_tuning.cost");
    const struct stats_summary *sm = &f->summary;
    const double got[] = {sm->p5, sm->p10, sm->p50, sm->p90, sm->p95};
    CHECK(sm->n == n && sm->missing == 0);
    /* The point estimate: 1.5 h x $35 = $52.50. */
    CHECK_NEAR(f->fig.value, 52.5, 1e-12);
    for (size_t k = 0; k < 5; k++) {
        /* P5 = 36.75, P10 = 38.5, P50 = 52.5, P90 = 66.5, P95 = 68.25 */
        double want = lo + w * ps[k];
        double tol = method == SAMPLE_LHS ? 2 * w / (double)n
                                          : 5 * w * sqrt(ps[k] * (1 - ps[k]) / (double)n);
        CHECK(fabs(got[k] - want) <= tol);
    }
    /* The mean: (35 + 70) / 2 = 52.5. */
    double mean_tol = method == SAMPLE_LHS ? w / (double)n : 5 * w / sqrt(12.0 * (double)n);
    CHECK(fabs(sm->mean - 52.5) <= mean_tol);
    /* The fine-tuning time is the duration: mean 1.5 h = 5400 s. */
    const struct unc_figure *h = figure(&u, "fine_tuning.hours");
    CHECK(fabs(h->summary.mean - 5400) <=
          (method == SAMPLE_LHS ? 3600.0 / (double)n : 5 * 3600 / sqrt(12.0 * n)));

    /* The budget of $56: P(cost <= 56) = (56 - 35) / 35 = 0.6.  LHS puts 0.6 N strata below,
       give or take the one the budget cuts: 2 / N; plain: 5 sqrt(0.24 / N). */
    CHECK(u.nprobabilities == 1);
    CHECK_STR(u.probabilities[0].key, "budget.one_off");
    double share = u.probabilities[0].share;
    CHECK(fabs(share - 0.6) <= (method == SAMPLE_LHS ? 2.0 / n : 5 * sqrt(0.24 / n)));
    /* And it is the share of samples under it, counted here. */
    int col = unc_figure_find(&u, "totals.one_off");
    size_t under = 0;
    for (size_t i = 0; i < n; i++)
        under += u.mc.outputs[i * u.mc.n_outputs + (size_t)col] <= 56;
    CHECK(share == (double)under / (double)n);
    /* The input: its P10 and P90 are 1.1 h and 1.9 h. */
    CHECK(u.ninputs == 1);
    CHECK_STR(u.inputs[0].path, "fine_tuning.duration");
    CHECK_NEAR(u.inputs[0].p10, 1.1 * 3600, 1e-12);
    CHECK_NEAR(u.inputs[0].p90, 1.9 * 3600, 1e-12);
    CHECK_NEAR(u.inputs[0].base, 1.5 * 3600, 1e-12);
    unc_result_release(&u);
    scenario_release(&s);
}

/* A pinned range: every statistic is exactly the one value, $70. */
static void test_constant(void)
{
    struct scenario s;
    struct unc_result u;
    if (load(&s, "tests/unc/data/constant.yaml") != 0)
        return;
    if (run(&s, 1000, SAMPLE_LHS, 2, &u) == 0) {
        const struct stats_summary *sm = &figure(&u, "fine_tuning.cost")->summary;
        CHECK(sm->mean == 70 && sm->p5 == 70 && sm->p10 == 70 && sm->p50 == 70 && sm->p90 == 70 &&
              sm->p95 == 70);
        /* The point estimate is the file's 1.5 h: $52.50; the range pins 2 h. */
        CHECK_NEAR(figure(&u, "fine_tuning.cost")->fig.value, 52.5, 1e-12);
        unc_result_release(&u);
    }
    scenario_release(&s);
}

/* The same seed gives the same tables on 1, 2 and 3 threads, bit for bit. */
static void test_threads(void)
{
    struct scenario s;
    struct unc_result a, b, c;
    if (load(&s, "scenarios/raft-build24-ranges.yaml") != 0)
        return;
    const size_t n = 3001; /* not a multiple of the chunk size */
    for (int m = 0; m < 2; m++) {
        enum sample_method method = m ? SAMPLE_PLAIN : SAMPLE_LHS;
        if (run(&s, n, method, 1, &a) || run(&s, n, method, 2, &b) || run(&s, n, method, 3, &c))
            break;
        size_t outs = n * a.mc.n_outputs * sizeof(double), ins = n * a.mc.n_inputs * sizeof(double);
        CHECK(a.mc.n_outputs == b.mc.n_outputs && a.mc.n_outputs == c.mc.n_outputs);
        CHECK(memcmp(a.mc.outputs, b.mc.outputs, outs) == 0);
        CHECK(memcmp(a.mc.outputs, c.mc.outputs, outs) == 0);
        CHECK(memcmp(a.mc.inputs, c.mc.inputs, ins) == 0);
        for (size_t f = 0; f < a.nfigures; f++)
            CHECK(memcmp(&a.figures[f].summary, &c.figures[f].summary,
                         sizeof a.figures[f].summary) == 0);
        for (size_t p = 0; p < a.nprobabilities; p++)
            CHECK(a.probabilities[p].share == c.probabilities[p].share);
        unc_result_release(&a);
        unc_result_release(&b);
        unc_result_release(&c);
    }
    scenario_release(&s);
}

/*
 * The tornado of the one-off total (= runs x hours x per_hour) at the base
 * 1 run x 1.5 h x $35 = $52.50:
 *   runs      uniform 0.5 .. 3.5: P10 0.8 -> 1, P90 3.2 -> 3: $52.50 .. $157.50, swing 105
 *   duration  uniform 1 .. 3 h: P10 1.2 h, P90 2.8 h: $42 .. $98, swing 56
 *   per_hour  uniform 30 .. 40: P10 31, P90 39: 1.5 x 31 = $46.50 .. $58.50, swing 12
 */
static void test_tornado(void)
{
    struct scenario s;
    struct unc_result u;
    struct unc_tornado t;
    struct diag d = DIAG_INIT;
    if (load(&s, "tests/unc/data/tornado.yaml") != 0)
        return;
    if (run(&s, 3000, SAMPLE_LHS, 2, &u) != 0) {
        scenario_release(&s);
        return;
    }
    int f = unc_figure_find(&u, "totals.one_off");
    CHECK(f >= 0);
    CHECK(unc_tornado_run(&s, &u, (size_t)f, 2, &t, &d) == 0);
    CHECK(t.n == 3);
    CHECK_NEAR(t.base, 52.5, 1e-12);
    const char *order[] = {"fine_tuning.runs", "fine_tuning.duration",
                           "fine_tuning.price.per_hour"};
    const double low[] = {52.5, 42, 46.5}, high[] = {157.5, 98, 58.5}, swing[] = {105, 56, 12};
    for (size_t i = 0; i < 3 && i < t.n; i++) {
        CHECK_STR(u.inputs[t.rows[i].input].path, order[i]);
        CHECK_NEAR(t.rows[i].at_p10, low[i], 1e-12);
        CHECK_NEAR(t.rows[i].at_p90, high[i], 1e-12);
        CHECK_NEAR(t.rows[i].swing, swing[i], 1e-12);
        /* Each input raises the total: a positive rank correlation. */
        CHECK(t.rows[i].rho > 0.1);
    }
    /* The count: uniform 0.5 .. 3.5 over 3,000 LHS samples is exactly 1,000 each of 1, 2, 3. */
    size_t runs = 0, count[4] = {0};
    for (size_t k = 0; k < u.ninputs; k++)
        if (strcmp(u.inputs[k].path, "fine_tuning.runs") == 0)
            runs = k;
    for (size_t i = 0; i < u.samples; i++) {
        double v = u.input_values[i * u.ninputs + runs];
        if (v >= 1 && v <= 3 && v == floor(v))
            count[(int)v]++;
    }
    CHECK(count[1] == 1000 && count[2] == 1000 && count[3] == 1000);
    unc_tornado_release(&t);
    unc_result_release(&u);
    scenario_release(&s);
    diag_release(&d);
}

/*
 * Default ranges on the derived scenario: the MFU (40% written) as a
 * triangular 12%, 24%, 40%, and the dataset's question and answer tokens
 * (12 and 190) as lognormal 90% intervals m / 1.12 .. 1.12 m; its overhead
 * is 15 min, not 0, so no default there.  The triangular's P10 (u = 0.1
 * below F(mode) = 0.12 / 0.28): 0.12 + sqrt(0.1 x 0.28 x 0.12) = 0.17797;
 * its P90: 0.4 - sqrt(0.1 x 0.28 x 0.16) = 0.33307.
 */
static void test_defaults(void)
{
    struct scenario s;
    struct unc_result u;
    if (load(&s, "scenarios/raft-build24-derived.yaml") != 0)
        return;
    CHECK(unc_count_inputs(&s) == 3);
    if (run(&s, 2000, SAMPLE_LHS, 2, &u) == 0) {
        CHECK(u.ninputs == 3);
        CHECK_STR(u.inputs[0].path, "fine_tuning.estimate.mfu");
        CHECK(u.inputs[0].is_default);
        CHECK_NEAR(u.inputs[0].p10, 0.12 + sqrt(0.1 * 0.28 * 0.12), 1e-12);
        CHECK_NEAR(u.inputs[0].p90, 0.4 - sqrt(0.1 * 0.28 * 0.16), 1e-12);
        CHECK_NEAR(u.inputs[0].mean, (0.12 + 0.24 + 0.4) / 3, 1e-12);
        CHECK_STR(u.inputs[1].path, "generation.dataset.question_tokens");
        CHECK_STR(u.inputs[2].path, "generation.dataset.answer_tokens");
        /* The fine-tuning time grows: its mean is above the estimate (MFU's mean 0.63 m). */
        const struct unc_figure *ft = figure(&u, "fine_tuning.hours");
        CHECK(ft->summary.mean > ft->fig.value);
        unc_result_release(&u);
    }
    scenario_release(&s);
    /* No default range without the estimate and the dataset: nothing to sample. */
    struct scenario talk;
    if (load(&talk, "scenarios/raft-build24.yaml") == 0) {
        CHECK(unc_count_inputs(&talk) == 0);
        struct unc_options o = UNC_OPTIONS_INIT;
        struct diag d = DIAG_INIT;
        CHECK(unc_run(&talk, &o, &u, &d) != 0 && d.message && strstr(d.message, "nothing"));
        diag_release(&d);
        scenario_release(&talk);
    }
}

/*
 * A fitted curve's parameters drawn from the covariance: the throughput's
 * spread over the samples agrees with the delta method's, whose P10 and
 * P90 the input reports (theta moved along Sigma g / sqrt(g' Sigma g)):
 * sd = (P90 - P10) / (2 x 1.2816).  The curve is nearly linear in its
 * parameters over their spread, so 5% covers the curvature and the
 * sampling error (about 1.6% for 4,000 samples: 1 / sqrt(2 (N - 1))).
 */
static void test_fit(void)
{
    struct scenario s;
    struct unc_result u;
    if (load(&s, "tests/unc/data/fit.yaml") != 0)
        return;
    const struct curve_fit *fit = &s.backends[0].curve->fit;
    /* The covariance's diagonal is the squared standard errors. */
    for (size_t k = 0; k < fit->nparams; k++)
        CHECK_NEAR(sqrt(fit->covariance[k][k]), fit->std_error[k], 1e-9);
    CHECK_NEAR(fit->covariance[0][1], fit->covariance[1][0], 1e-12);
    double theta[CURVE_MAX_PARAMS];
    memcpy(theta, fit->params, sizeof theta);
    if (run(&s, 4000, SAMPLE_LHS, 2, &u) == 0) {
        const struct unc_input *in = &u.inputs[0];
        CHECK(in->is_fit && u.ninputs == 1);
        CHECK(in->p10 < in->base && in->base < in->p90);
        double sum = 0, sq = 0;
        for (size_t i = 0; i < u.samples; i++) {
            double v = u.input_values[i];
            sum += v;
            sq += v * v;
        }
        double mean = sum / (double)u.samples;
        double sd = sqrt((sq - sum * mean) / (double)(u.samples - 1));
        CHECK_NEAR(sd, (in->p90 - in->p10) / (2 * 1.2815515655446004), 0.05);
        CHECK_NEAR(mean, in->base, 0.01);
        /* The scenario's own fit is untouched: the draws went to the clones. */
        CHECK(memcmp(theta, fit->params, sizeof theta) == 0);
        unc_result_release(&u);
    }
    scenario_release(&s);
}

/* model_run_lean gives the figures model_run gives. */
static void test_lean(void)
{
    struct scenario s;
    struct report a, b;
    struct diag d = DIAG_INIT;
    if (load(&s, "scenarios/raft-build24-ranges.yaml") != 0)
        return;
    CHECK(model_run(&s, &a, &d) == 0 && model_run_lean(&s, &b, &d) == 0);
    CHECK(a.one_off == b.one_off && a.horizon_total == b.horizon_total);
    CHECK(a.generation.wall_s == b.generation.wall_s && a.generation.cost == b.generation.cost);
    CHECK(a.inference.comparison.payback_days == b.inference.comparison.payback_days);
    CHECK(a.inference.comparison.first_month_ratio == b.inference.comparison.first_month_ratio);
    CHECK(a.budget.over == b.budget.over);
    /* What only the text and plots show is left out. */
    CHECK(b.ncatalogues == 0 && b.inference.traffic.n == 0 && !b.generation.plan.present);
    CHECK(a.generation.plan.present);
    report_release(&a);
    report_release(&b);
    scenario_release(&s);
    diag_release(&d);
}

/* quantity_valid says what quantity_check says, for every flag and awkward value. */
static void test_quantity_valid(void)
{
    const double values[] = {0, 1, -1, 0.5, 1.5, -0.5, -1.5, 1e16, 2, NAN, INFINITY, -INFINITY};
    for (unsigned flags = 0; flags < 32; flags++)
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
            char *msg = NULL;
            int ok = quantity_check(values[i], flags, "x", "v", &msg) == 0;
            free(msg);
            CHECK(ok == quantity_valid(values[i], flags));
        }
}

/*
 * A simulating scenario: each sample's generation is one replication.  In
 * tests/unc/data/sim-linear.yaml one worker makes 100 calls one after
 * another, each waiting 0.5 s for its first token and decoding at 100 tok/s,
 * so the simulated wall time is 100 x 0.5 + O / 100 = 50 + O / 100 s for an
 * output of O tokens (the analytic model, without the time to first token,
 * says O / 100), and the cost O / 1000 x $2.  O is uniform on 40k .. 60k:
 * the time is uniform on 450 .. 650 s (w = 200 s), the cost on $80 .. $120.
 */
static void test_simulated_linear(void)
{
    struct scenario s;
    struct unc_result u;
    const size_t n = 2000;
    if (load(&s, "tests/unc/data/sim-linear.yaml") != 0)
        return;
    if (run(&s, n, SAMPLE_LHS, 2, &u) != 0) {
        scenario_release(&s);
        return;
    }
    CHECK(u.simulated);
    const struct unc_figure *h = figure(&u, "generation.hours"), *c = figure(&u, "generation.cost");
    /* The estimates, O = 50k: 50 + 500 = 550 s (the analytic 500 s is not it), $100. */
    CHECK_NEAR(h->fig.value, 550, 1e-9);
    CHECK_NEAR(c->fig.value, 100, 1e-9);
    /* Every sample, exactly: its time is 50 + O / 100 and its cost O / 500 for its own O. */
    int hc = unc_figure_find(&u, "generation.hours"), cc = unc_figure_find(&u, "generation.cost");
    int oc = unc_figure_find(&u, "totals.one_off");
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        double o = u.input_values[i * u.ninputs];
        const double *row = &u.mc.outputs[i * u.mc.n_outputs];
        bad += fabs(row[hc] - (50 + o / 100)) > 1e-9 * 650 || fabs(row[cc] - o / 500) > 1e-9 ||
               row[oc] != row[cc];
    }
    CHECK(bad == 0);
    /* Mean 550 s within w / N, P10 = 450 + 0.1 x 200 = 470 s and P90 = 630 s within 2 w / N;
       the cost's mean $100 within $40 / N. */
    CHECK(fabs(h->summary.mean - 550) <= 200.0 / n);
    CHECK(fabs(h->summary.p10 - 470) <= 400.0 / n);
    CHECK(fabs(h->summary.p90 - 630) <= 400.0 / n);
    CHECK(fabs(c->summary.mean - 100) <= 40.0 / n);
    /* No 429s, nothing lost. */
    CHECK(figure(&u, "generation.lost_examples")->summary.p95 == 0);
    CHECK(figure(&u, "generation.rejected")->summary.p95 == 0);
    unc_result_release(&u);
    scenario_release(&s);
}

/*
 * tests/unc/data/sim-draws.yaml draws in every replication (output lengths,
 * jittered backoffs after 429s): the tables are the same on 1 and 2
 * threads, bit for bit, and sample i is the replication seeded with
 * sample_stream_seed(seed, SAMPLE_STREAM_REPLICATION, i) of the scenario
 * with sample i's input.
 */
static void test_simulated_threads(void)
{
    struct scenario s;
    struct unc_result a, b;
    const size_t n = 61;
    if (load(&s, "tests/unc/data/sim-draws.yaml") != 0)
        return;
    if (run(&s, n, SAMPLE_LHS, 1, &a) != 0) {
        scenario_release(&s);
        return;
    }
    if (run(&s, n, SAMPLE_LHS, 2, &b) == 0) {
        CHECK(a.mc.n_outputs == b.mc.n_outputs);
        CHECK(memcmp(a.mc.outputs, b.mc.outputs, n * a.mc.n_outputs * sizeof(double)) == 0);
        unc_result_release(&b);
    }
    int hc = unc_figure_find(&a, "generation.hours"),
        rc = unc_figure_find(&a, "generation.rejected");
    CHECK(hc >= 0 && rc >= 0);
    /* The replications differ: 429s vary from sample to sample. */
    CHECK(figure(&a, "generation.rejected")->summary.p95 >
          figure(&a, "generation.rejected")->summary.p5);
    const size_t check[] = {0, 17, 60};
    for (size_t k = 0; k < 3 && hc >= 0; k++) {
        size_t i = check[k];
        struct scenario c;
        struct report r;
        struct sim_result res;
        struct diag d = DIAG_INIT;
        scenario_clone(&s, &c);
        struct param *p = params_find(&c.params, "backends.vm.throughput");
        CHECK(params_set(&c, p, a.input_values[i * a.ninputs], PARAMS_KEEP_POSITION, 0, &d) == 0);
        CHECK(model_run(&c, &r, &d) == 0);
        CHECK(model_sim_replication(&c, &r, sample_stream_seed(2024, SAMPLE_STREAM_REPLICATION, i),
                                    &res, &d) == 0);
        CHECK(res.wall_s == a.mc.outputs[i * a.mc.n_outputs + (size_t)hc]);
        CHECK((double)res.rejected == a.mc.outputs[i * a.mc.n_outputs + (size_t)rc]);
        sim_result_release(&res);
        report_release(&r);
        scenario_release(&c);
        diag_release(&d);
    }
    unc_result_release(&a);
    scenario_release(&s);
}

int main(void)
{
    test_uniform_linear(SAMPLE_LHS);
    test_uniform_linear(SAMPLE_PLAIN);
    test_constant();
    test_threads();
    test_tornado();
    test_defaults();
    test_fit();
    test_lean();
    test_quantity_valid();
    test_simulated_linear();
    test_simulated_threads();
    TEST_END("unc");
}
