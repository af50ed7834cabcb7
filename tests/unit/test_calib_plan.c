/*
 * Unit tests of plan against actual: tests/logs/pilot.csv as the first 88.8
 * s of the job tests/calib/data/pilot-job.yaml (10 chunks, 4 questions a
 * chunk: 50 calls), and the mapping of deployments to backends.  Every
 * expectation is computed by hand beside it.
 *
 * The plan (see the scenario's comment): 50 calls, 27,580 input and 8,080
 * output tokens, 134.667 s at 60 tok/s, cost 0.15194; maas a third (16.667
 * calls, 9,193.3 in, 2,693.3 out, 0.0172733), maap two thirds (0.134667).
 *
 * The log: 15 successful calls of 18 (2 429s, 1 failure): progress f =
 * 15 / 50 = 0.3.  Input 3 question prompts 960 + 12 answer prompts 7,392 =
 * 8,352; output 168 + 2,280 = 2,448.  maas's spend 0.010464 (its ten
 * successful calls); maap is dedicated: 88.8 s at 0.001 a second = 0.0888,
 * its spend in the log not counted.  Cost so far 0.099264.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calib_map.h"
#include "calib_plan.h"
#include "cli.h"
#include "model.h"
#include "test.h"

#define T0 1717243200.0
#define TIME_TOL 1e-6

struct fixture {
    struct scenario s;
    struct report r;
    struct usage_log log;
    struct calib_map map;
};

static int setup(struct fixture *f, const char *const *sets, size_t nsets)
{
    struct diag d = DIAG_INIT;
    int rc = cli_load(&f->s, "tests/calib/data/pilot-job.yaml", NULL, sets, NULL, nsets, &d);
    if (rc == 0 && (rc = model_run(&f->s, &f->r, &d)) != 0)
        scenario_release(&f->s);
    if (rc == 0 && (rc = usage_log_read("tests/logs/pilot.csv", USAGE_AUTO, f->s.generation.teacher,
                                        &f->log, &d)) != 0) {
        report_release(&f->r);
        scenario_release(&f->s);
    }
    if (rc == 0 && (rc = calib_map_build(&f->s, &f->log, NULL, 0, &f->map, &d)) != 0) {
        usage_log_release(&f->log);
        report_release(&f->r);
        scenario_release(&f->s);
    }
    diag_render(&d, stderr);
    diag_release(&d);
    CHECK(rc == 0);
    return rc;
}

static void teardown(struct fixture *f)
{
    calib_map_release(&f->map);
    usage_log_release(&f->log);
    report_release(&f->r);
    scenario_release(&f->s);
}

static void test_running(void)
{
    struct fixture f;
    if (setup(&f, NULL, 0))
        return;
    /* Both deployments are named like their backends. */
    CHECK(f.map.n == 2 && f.map.unmatched == 0);
    CHECK(f.map.items[0].why == CALIB_MATCH_NAME && f.map.items[0].backend == 0);
    CHECK(f.map.items[1].why == CALIB_MATCH_NAME && f.map.items[1].backend == 1);

    struct plan_actual pa;
    struct diag d = DIAG_INIT;
    struct plan_actual_options o = {NAN, PROJECTION_WINDOW_S, NAN};
    CHECK(plan_actual_compute(&f.s, &f.r, &f.log, &f.map, &o, &pa, &d) == 0);
    CHECK_NEAR(pa.planned_requests, 50, 0);
    CHECK_NEAR(pa.done, 15, 0);
    CHECK_NEAR(pa.fraction, 0.3, 1e-15);
    CHECK(!pa.finished);
    CHECK_NEAR(pa.elapsed_s, 88.8, TIME_TOL);

    const struct pa_group *t = &pa.total;
    CHECK_NEAR(t->planned.input_tokens, 27580, 1e-12);
    CHECK_NEAR(t->planned.seconds, 8080.0 / 60, 1e-12);
    CHECK_NEAR(t->planned.cost, 0.15194, 1e-9);
    /* The plan at 30%: 15 calls, 8,274 and 2,424 tokens, 40.4 s, 0.045582. */
    CHECK_NEAR(t->expected.requests, 15, 1e-12);
    CHECK_NEAR(t->expected.input_tokens, 8274, 1e-12);
    CHECK_NEAR(t->expected.output_tokens, 2424, 1e-12);
    CHECK_NEAR(t->expected.seconds, 40.4, 1e-12);
    CHECK_NEAR(t->expected.cost, 0.045582, 1e-9);
    CHECK_NEAR(t->expected.output_tok_s, 60, 1e-12);
    /* Actual: 18 requests (+20%), 8,352 in (+0.943%), 2,448 out (+0.990%),
     * 88.8 s (+119.8%), 0.099264 (+117.8%), 2,448 / 88.8 = 27.57 tok/s
     * (-54.1%), 2 429s against none planned (no deviation). */
    CHECK_NEAR(t->actual.requests, 18, 0);
    CHECK_NEAR(t->deviation.requests, 0.2, 1e-12);
    CHECK_NEAR(t->actual.input_tokens, 8352, 0);
    CHECK_NEAR(t->deviation.input_tokens, 8352.0 / 8274 - 1, 1e-9);
    CHECK_NEAR(t->actual.output_tokens, 2448, 0);
    CHECK_NEAR(t->deviation.output_tokens, 2448.0 / 2424 - 1, 1e-9);
    CHECK_NEAR(t->actual.seconds, 88.8, TIME_TOL);
    CHECK_NEAR(t->deviation.seconds, 88.8 / 40.4 - 1, 1e-6);
    CHECK_NEAR(t->actual.cost, 0.099264, 1e-9);
    CHECK_NEAR(t->deviation.cost, 0.099264 / 0.045582 - 1, 1e-6);
    CHECK_NEAR(t->actual.output_tok_s, 2448 / 88.8, 1e-6);
    CHECK_NEAR(t->deviation.output_tok_s, 2448 / 88.8 / 60 - 1, 1e-6);
    CHECK_NEAR(t->actual.rejected, 2, 0);
    CHECK(isnan(t->deviation.rejected));

    CHECK(pa.nbackends == 2 && !pa.has_unmatched);
    const struct pa_group *maas = &pa.backends[0], *maap = &pa.backends[1];
    CHECK_STR(maas->name, "maas");
    CHECK(!maas->dedicated && maap->dedicated);
    /* maas: planned 50 / 3 calls, 9,193.3 in; at 30%: 5 calls, 2,758 in.
     * Actual: 12 requests, prompts 310 + 330 + 2,424 + 2,504 = 5,568, output
     * 1,632, spend 0.010464, 0 to 88.8 s. */
    CHECK_NEAR(maas->planned.requests, 50.0 / 3, 1e-12);
    CHECK_NEAR(maas->expected.requests, 5, 1e-12);
    CHECK_NEAR(maas->expected.input_tokens, 27580.0 / 3 * 0.3, 1e-9);
    CHECK_NEAR(maas->actual.requests, 12, 0);
    CHECK_NEAR(maas->actual.input_tokens, 5568, 0);
    CHECK_NEAR(maas->actual.output_tokens, 1632, 0);
    CHECK_NEAR(maas->actual.cost, 0.010464, 1e-9);
    CHECK_NEAR(maas->actual.seconds, 88.8, TIME_TOL);
    CHECK_NEAR(maas->planned.output_tok_s, 20, 1e-12);
    CHECK_NEAR(maas->actual.output_tok_s, 1632 / 88.8, 1e-6);
    /* maap: 6 requests, 320 + 610 + 614 + 618 + 622 = 2,784 in, 816 out,
     * 0.05 to 28.225 s = 28.175 s; billed 88.8 s x 0.001. */
    CHECK_NEAR(maap->actual.requests, 6, 0);
    CHECK_NEAR(maap->actual.input_tokens, 2784, 0);
    CHECK_NEAR(maap->actual.seconds, 28.175, TIME_TOL);
    CHECK_NEAR(maap->actual.cost, 0.0888, 1e-6);
    CHECK_NEAR(maap->planned.cost, 8080.0 / 60 * 0.001, 1e-9);

    /* Call kinds: questions planned 190 + 128 = 318 in and 4 x 12 = 48 out,
     * the log's 320 and 56: +0.629% and +16.7%; answers planned 470 + 128 +
     * 12 = 610 and 190, the log's 616 and 190: +0.984% and 0. */
    CHECK(pa.has_kinds && pa.rule == CALIB_RULE_PATTERN);
    CHECK_NEAR(pa.question.planned_calls, 10, 0);
    CHECK_NEAR(pa.question.planned_prompt, 318, 0);
    CHECK_NEAR(pa.question.planned_output, 48, 0);
    CHECK_NEAR(pa.question.calls, 3, 0);
    CHECK_NEAR(pa.question.prompt_deviation, 320.0 / 318 - 1, 1e-12);
    CHECK_NEAR(pa.question.output_deviation, 56.0 / 48 - 1, 1e-12);
    CHECK_NEAR(pa.answer.planned_calls, 40, 0);
    CHECK_NEAR(pa.answer.planned_prompt, 610, 0);
    CHECK_NEAR(pa.answer.prompt_deviation, 616.0 / 610 - 1, 1e-12);
    CHECK_NEAR(pa.answer.output_deviation, 0, 1e-12);

    /* The finish at the whole run's rate (the window of an hour is longer):
     * 15 calls in 88.8 s, 35 left: 207.2 s more, 296 s in all, at 12:04:56.
     * Calls cost 0.010464 / 15 = 0.0006976 each: 0.010464 + 35 x 0.0006976 =
     * 0.03488, and maap 296 s x 0.001 = 0.296: 0.33088 (+117.8% on 0.15194).
     * Tokens: 8,352 x 50 / 15 = 27,840 in, 2,448 x 50 / 15 = 8,160 out; 429s
     * 2 / 15 x 50 = 6.67. */
    CHECK_NEAR(pa.projected.seconds, 296, 1e-6);
    CHECK_NEAR(pa.finish_s, T0 + 296, 1e-6);
    CHECK_NEAR(pa.projected.cost, 0.33088, 1e-6);
    CHECK_NEAR(pa.projected_deviation.cost, 0.33088 / 0.15194 - 1, 1e-5);
    CHECK_NEAR(pa.projected.input_tokens, 27840, 1e-9);
    CHECK_NEAR(pa.projected.output_tokens, 8160, 1e-9);
    CHECK_NEAR(pa.projected.rejected, 2.0 / 15 * 50, 1e-12);
    CHECK_NEAR(pa.projected_deviation.seconds, 296 / (8080.0 / 60) - 1, 1e-6);
    CHECK(!pa.over);

    /* The series: from 0 to 88.8 s, ending at the figures so far. */
    struct pa_series ser;
    plan_actual_series(&pa, &f.log, &ser);
    CHECK(ser.n >= 2 && ser.n <= 20);
    CHECK_NEAR(ser.t_s[0], 0, 0);
    CHECK_NEAR(ser.cost[0], 0, 0);
    CHECK_NEAR(ser.t_s[ser.n - 1], 88.8, TIME_TOL);
    CHECK_NEAR(ser.cost[ser.n - 1], 0.099264, 1e-6);
    CHECK_NEAR(ser.input[ser.n - 1], 8352, 0);
    CHECK_NEAR(ser.output[ser.n - 1], 2448, 0);
    CHECK_NEAR(ser.plan_s, 8080.0 / 60, 1e-12);
    CHECK_NEAR(ser.projected_s, 296, 1e-6);
    int ordered = 1;
    for (size_t i = 1; i < ser.n; i++)
        ordered &= ser.t_s[i] >= ser.t_s[i - 1] && ser.cost[i] >= ser.cost[i - 1];
    CHECK(ordered);
    pa_series_release(&ser);
    plan_actual_release(&pa);

    /* Budgets and deadlines: one-off 0.33088 against 0.3; 296 s against a
     * 290 s deadline, and a finish at T0 + 296 against one at T0 + 295. */
    f.s.budget.one_off = 0.3;
    f.s.generation.deadline_s = 290;
    o.deadline_s = T0 + 295;
    CHECK(plan_actual_compute(&f.s, &f.r, &f.log, &f.map, &o, &pa, &d) == 0);
    CHECK(pa.over_one_off && pa.over_deadline && pa.over_deadline_at && !pa.over_horizon);
    CHECK_NEAR(pa.projected_one_off, 0.33088, 1e-6);
    CHECK(pa.over);
    plan_actual_release(&pa);
    f.s.budget.one_off = 0.34;
    f.s.generation.deadline_s = 300;
    o.deadline_s = T0 + 297;
    CHECK(plan_actual_compute(&f.s, &f.r, &f.log, &f.map, &o, &pa, &d) == 0);
    CHECK(!pa.over);
    plan_actual_release(&pa);
    f.s.budget.one_off = 0;
    f.s.generation.deadline_s = 0;
    teardown(&f);
}

static void test_now_and_window(void)
{
    struct fixture f;
    if (setup(&f, NULL, 0))
        return;
    /* At 58.8 s: a3-2y (ends 58.9), a3-2, a3-3 and a3-4 had not ended yet. */
    CHECK(plan_actual_cut(&f.log, T0 + 58.8) == 4);
    CHECK(f.log.n == 14);
    /* The last 30 s, [28.8, 58.8]: a1-3 (33.9), a1-4 (45), q3 (48.5), a3-1
     * (58.2) ended in it: 4 calls, 0.1333 a second; 12 done, 38 left: 285 s
     * more, 343.8 s in all.  Their spend: 0.001208 + 0.001242 + 0.000510 +
     * 0.001160 = 0.00412, 0.00103 a call; maas spend so far 0.010464 -
     * 0.001194 - 0.001198 - 0.001232 = 0.00684; 0.00684 + 38 x 0.00103 =
     * 0.04598, maap 343.8 x 0.001: 0.38978. */
    struct plan_actual pa;
    struct diag d = DIAG_INIT;
    struct plan_actual_options o = {T0 + 58.8, 30, NAN};
    CHECK(plan_actual_compute(&f.s, &f.r, &f.log, &f.map, &o, &pa, &d) == 0);
    CHECK_NEAR(pa.done, 12, 0);
    CHECK_NEAR(pa.fraction, 12.0 / 50, 1e-15);
    CHECK_NEAR(pa.projection.rate_per_s, 4.0 / 30, 1e-9);
    CHECK_NEAR(pa.projected.seconds, 58.8 + 38 * 7.5, 1e-6);
    CHECK_NEAR(pa.projected.cost, 0.00684 + 38 * 0.00103 + 343.8 * 0.001, 1e-6);
    CHECK_NEAR(pa.total.actual.cost, 0.00684 + 0.0588, 1e-6);
    plan_actual_release(&pa);
    teardown(&f);
}

static void test_finished(void)
{
    /* A 3-chunk job is all the pilot did: 15 calls, finished at 88.8 s. */
    const char *sets[] = {"generation.dataset.corpus_tokens=384"};
    struct fixture f;
    if (setup(&f, sets, 1))
        return;
    struct plan_actual pa;
    struct diag d = DIAG_INIT;
    struct plan_actual_options o = {T0 + 100, PROJECTION_WINDOW_S, NAN};
    CHECK(plan_actual_compute(&f.s, &f.r, &f.log, &f.map, &o, &pa, &d) == 0);
    CHECK(pa.finished);
    CHECK_NEAR(pa.fraction, 1, 0);
    /* The run ended with its last call, not at --now. */
    CHECK_NEAR(pa.total.actual.seconds, 88.8, TIME_TOL);
    CHECK_NEAR(pa.projected.seconds, 88.8, TIME_TOL);
    CHECK_NEAR(pa.projected.cost, 0.010464 + 0.0888, 1e-6);
    CHECK_NEAR(pa.total.expected.cost, pa.total.planned.cost, 1e-15);
    plan_actual_release(&pa);
    teardown(&f);
}

static void test_map(void)
{
    CHECK(calib_map_word_in("http://maap-0.internal:8000/v1", "maap"));
    CHECK(calib_map_word_in("MAAP1", "maap"));
    CHECK(calib_map_word_in("maas", "maas"));
    CHECK(!calib_map_word_in("maapx", "maap"));
    CHECK(!calib_map_word_in("xmaap", "maap"));
    CHECK(!calib_map_word_in("maap1x", "maap"));
    CHECK(calib_map_word_in("https://maas-llama3.eastus2.models.ai.azure.com", "maas"));

    struct fixture f;
    if (setup(&f, NULL, 0))
        return;
    struct calib_map map;
    struct diag d = DIAG_INIT;
    /* An option comes first: both deployments to maap. */
    const char *rules[] = {"ma*=maap"};
    CHECK(calib_map_build(&f.s, &f.log, rules, 1, &map, &d) == 0);
    CHECK(map.n == 2 && map.items[0].backend == 1 && map.items[0].why == CALIB_MATCH_OPTION);
    calib_map_release(&map);
    const char *bad[] = {"maas=nope"};
    CHECK(calib_map_build(&f.s, &f.log, bad, 1, &map, &d) == -1);
    CHECK_STR(d.message,
              "--map 'maas=nope': 'nope' is not a generation backend of the scenario ('maas', "
              "'maap')");
    diag_release(&d);
    const char *unused[] = {"x*=maas"};
    CHECK(calib_map_build(&f.s, &f.log, unused, 1, &map, &d) == -1);
    CHECK_STR(d.message, "--map 'x*=maas': no deployment of the log matches 'x*' (the log has "
                         "'maas', 'maap')");
    diag_release(&d);
    const char *no_eq[] = {"maas"};
    CHECK(calib_map_build(&f.s, &f.log, no_eq, 1, &map, &d) == -1);
    CHECK_STR(d.message, "--map 'maas': expected DEPLOYMENT=BACKEND, such as 'http://maap-*=maap'");
    diag_release(&d);
    teardown(&f);

    /* LiteLLM's names: maap's api_base names it; maas's does not, nor do its
     * model and group: unmatched. */
    struct scenario s;
    CHECK(cli_load(&s, "tests/calib/data/pilot-job.yaml", NULL, NULL, NULL, 0, &d) == 0);
    struct usage_log log;
    CHECK(usage_log_read("tests/logs/pilot-litellm.csv", USAGE_AUTO, NULL, &log, &d) == 0);
    CHECK(calib_map_build(&s, &log, NULL, 0, &map, &d) == 0);
    CHECK(map.n == 2 && map.unmatched == 1);
    CHECK(map.items[0].backend == CALIB_NO_BACKEND && map.items[0].why == CALIB_MATCH_NONE);
    CHECK(map.items[1].backend == 1 && map.items[1].why == CALIB_MATCH_NAME);
    CHECK(calib_map_find(&map, "http://maap-0.internal:8000/v1") == &map.items[1]);
    CHECK(calib_map_find(&map, "https://emb.openai.azure.com") == NULL);
    calib_map_release(&map);
    /* With one generation backend, everything is it. */
    s.generation.nbackends = 1;
    CHECK(calib_map_build(&s, &log, NULL, 0, &map, &d) == 0);
    CHECK(map.unmatched == 0 && map.items[0].why == CALIB_MATCH_ONLY);
    calib_map_release(&map);
    s.generation.nbackends = 2;
    usage_log_release(&log);
    scenario_release(&s);
}

int main(void)
{
    test_running();
    test_now_and_window();
    test_finished();
    test_map();
    TEST_END("calib_plan");
}
