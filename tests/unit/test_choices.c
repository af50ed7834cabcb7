/*
 * Unit tests of choices as parameters (routing, a backend's type, a curve's
 * model, the fine-tuning method) and of what follows a change through the
 * table: a curve refits when its model changes and keeps its old fit when
 * the new one fails; a curve's concurrency read live (no cached
 * throughput); a backend's type checked against its prices.  Figures by
 * hand in the comments; K = 1,000 tokens.
 */
#include <stdlib.h>
#include <unistd.h>

#include "model.h"
#include "params.h"
#include "scenario.h"
#include "scenario_test.h"
#include "test.h"

#define REL 1e-9

/* A scenario of the test, which must load. */
static int load_text(const char *yaml, struct scenario *s)
{
    int rc = scenario_test_load(yaml, s);
    if (rc)
        CHECK(!"scenario loads");
    return rc;
}

static int run(const struct scenario *s, struct report *r)
{
    struct diag d = DIAG_INIT;
    int rc = model_run(s, r, &d);
    if (rc) {
        diag_render(&d, stderr);
        CHECK(!"model runs");
    }
    diag_release(&d);
    return rc;
}

static const char two_backends[] =
    "raftcost: 1\n"
    "backends:\n"
    "  maas: {type: serverless, model: {input_per_1k: 0.00378, output_per_1k: 0.01134},"
    " throughput: 70 tok/s}\n"
    "  maap: {type: dedicated, instance: {per_hour: 14.69}, count: 2, throughput: 140 tok/s}\n"
    "generation:\n"
    "  examples: 18k\n"
    "  tokens: {input: 10M, output: 3.7M}\n"
    "variants:\n"
    "  equal: {generation.routing: equal}\n";

static void test_routing(void)
{
    struct scenario s, c;
    struct report r;
    struct diag d = DIAG_INIT;
    if (load_text(two_backends, &s))
        return;
    struct param *routing = params_find(&s.params, "generation.routing");
    CHECK(routing && routing->type == PARAM_CHOICE && !routing->given);
    if (!routing) {
        scenario_release(&s);
        return;
    }
    CHECK_NEAR(params_get(&s, routing), ROUTING_CAPACITY, 0);
    /* The clone's table, by value; the original keeps capacity routing. */
    scenario_clone(&s, &c);
    CHECK(params_set(&c, params_find(&c.params, "generation.routing"), ROUTING_EQUAL, 0, 0, &d) ==
          0);
    CHECK(c.generation.routing == ROUTING_EQUAL && s.generation.routing == ROUTING_CAPACITY);
    if (run(&c, &r) == 0) {
        /* Equal routing: each backend serves 1.85M of the 3.7M output tokens.
         * maas: 1.85M / 70 = 26,428.57 s, 5M in × 0.00378/1K + 1.85M out ×
         * 0.01134/1K = 18.90 + 20.979 = 39.879; maap (2 × 140 = 280 tok/s):
         * 1.85M / 280 = 6,607.14 s, 2 × 14.69 × 6,607.14 / 3600 = 53.9217.
         * The job ends with the slower: 26,428.57 s; 93.8007 in all. */
        CHECK_NEAR(r.generation.wall_s, 1.85e6 / 70, REL);
        CHECK_NEAR(r.generation.backends[0].cost, 18.9 + 20.979, REL);
        CHECK_NEAR(r.generation.backends[1].cost, 2 * 14.69 * (1.85e6 / 280) / 3600, REL);
        CHECK_NEAR(r.generation.cost, 93.800626984, 1e-9);
        report_release(&r);
    }
    if (run(&s, &r) == 0) {
        /* capacity routing: 3.7M / 350 = 10,571.43 s */
        CHECK_NEAR(r.generation.wall_s, 3.7e6 / 350, REL);
        report_release(&r);
    }
    /* The text form, and a wrong name, as the loader words it. */
    CHECK(params_set_text(&s, "generation.routing=equal", "--set", &d) == 0);
    CHECK(s.generation.routing == ROUTING_EQUAL && routing->line == 0);
    CHECK(params_set_text(&s, "generation.routing=fastest", "--set", &d) == -1);
    CHECK_STR(d.message,
              "--set generation.routing: 'routing' must be 'capacity' or 'equal', got 'fastest'");
    diag_release(&d);
    /* A choice's index out of range changes nothing. */
    CHECK(params_set(&s, routing, 2, 0, 0, &d) == -1);
    CHECK(s.generation.routing == ROUTING_EQUAL);
    diag_release(&d);
    scenario_release(&s);

    /* A variant sets a choice, on a clone as on the original. */
    if (run(&c, &r) == 0)
        report_release(&r);
    scenario_release(&c);
    if (load_text(two_backends, &s))
        return;
    scenario_clone(&s, &c);
    CHECK(scenario_apply_variant(&c, "equal", &d) == 0);
    CHECK(c.generation.routing == ROUTING_EQUAL && s.generation.routing == ROUTING_CAPACITY);
    /* Later messages about the routing point at the variant: line 9, column 31. */
    const struct param *p = params_find(&c.params, "generation.routing");
    CHECK(p->line == 9 && p->col == 31);
    scenario_release(&c);
    scenario_release(&s);
    diag_release(&d);
}

static void test_backend_type(void)
{
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (load_text(two_backends, &s))
        return;
    /* A serverless backend has no instance price to be billed by the hour. */
    CHECK(params_set_text(&s, "backends.maas.type=dedicated", "--set", &d) == -1);
    CHECK_STR(d.message, "--set backends.maas.type: backend 'maas' cannot be dedicated: it has "
                         "no 'instance' (the machine billed per hour)");
    CHECK(s.backends[0].type == DEPLOY_SERVERLESS);
    diag_release(&d);
    CHECK(params_set_text(&s, "backends.maap.type=serverless", "--set", &d) == -1);
    CHECK(s.backends[1].type == DEPLOY_DEDICATED);
    diag_release(&d);
    /* Setting the type it has is no change. */
    CHECK(params_set_text(&s, "backends.maap.type=dedicated", "--set", &d) == 0);
    scenario_release(&s);
}

/* One GPU whose throughput is a table curve: 100, 180, 300, 400 tok/s at 1, 2, 4, 8. */
static const char table_curve[] =
    "raftcost: 1\n"
    "backends:\n"
    "  gpu:\n"
    "    type: dedicated\n"
    "    instance: {per_hour: 10}\n"
    "    throughput: {curve: table, points: [[1, 100], [2, 180], [4, 300], [8, 400]],"
    " concurrency: 4}\n"
    "generation:\n"
    "  examples: 1k\n"
    "  tokens: {input: 1M, output: 360k}\n";

static void test_curve(void)
{
    struct scenario s, c;
    struct report r;
    struct diag d = DIAG_INIT;
    if (load_text(table_curve, &s))
        return;
    /* At 4 in flight, 300 tok/s: 360k / 300 = 1,200 s, $10/h × 1/3 h = $3.33. */
    if (run(&s, &r) == 0) {
        CHECK_NEAR(r.generation.wall_s, 1200, REL);
        CHECK_NEAR(r.generation.cost, 10.0 / 3, REL);
        report_release(&r);
    }
    /* The concurrency is read live: at 8 in flight, 400 tok/s, 900 s, $2.50.
     * Between points the table interpolates: at 6, (300 + 400) / 2 = 350. */
    CHECK(params_set_text(&s, "backends.gpu.throughput.concurrency=8", "--set", &d) == 0);
    if (run(&s, &r) == 0) {
        CHECK_NEAR(r.backend_rates[0].unit_tok_s, 400, REL);
        CHECK_NEAR(r.generation.wall_s, 900, REL);
        CHECK_NEAR(r.generation.cost, 2.5, REL);
        report_release(&r);
    }
    CHECK(params_set_text(&s, "backends.gpu.throughput.concurrency=6", "--set", &d) == 0);
    if (run(&s, &r) == 0) {
        CHECK_NEAR(r.backend_rates[0].unit_tok_s, 350, REL);
        report_release(&r);
    }
    /* A new model refits the kept points, on the clone only. */
    scenario_clone(&s, &c);
    struct param *model = params_find(&c.params, "backends.gpu.throughput.curve");
    CHECK(model && model->type == PARAM_CHOICE && model->given);
    if (model) {
        CHECK(params_set(&c, model, CURVE_SATURATING, 0, 0, &d) == 0);
        CHECK(c.backends[0].curve->fit.model == CURVE_SATURATING);
        CHECK(c.backends[0].curve->fit.nparams == 2);
        CHECK(s.backends[0].curve->fit.model == CURVE_TABLE);
        /* And back: a table again gives the points exactly. */
        CHECK(params_set(&c, model, CURVE_TABLE, 0, 0, &d) == 0);
        if (run(&c, &r) == 0) {
            CHECK_NEAR(r.backend_rates[0].unit_tok_s, 350, REL);
            report_release(&r);
        }
    }
    scenario_release(&c);
    scenario_release(&s);
    diag_release(&d);
}

/* A fit that fails leaves the curve as it was; the knee follows a refit. */
static void test_refit(void)
{
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    if (load_text("raftcost: 1\nbackends:\n  gpu:\n    type: dedicated\n"
                  "    instance: {per_hour: 10}\n"
                  "    throughput: {curve: saturating, points: [[1, 50], [4, 160]]}\n"
                  "generation:\n  examples: 1k\n  tokens: {input: 1M, output: 360k}\n",
                  &s))
        return;
    const struct throughput_curve *c = s.backends[0].curve;
    /* Two points, X(c) = x_max c / (c_half + c): 50 (h + 1) = x and 160 (h + 4) = 4x
     * give 200 h + 200 = 160 h + 640, h = 11, x_max = 600.  The knee, 90% of
     * the maximum: c = 9 h = 99. */
    CHECK_NEAR(c->fit.params[0], 600, 1e-6);
    CHECK_NEAR(c->fit.params[1], 11, 1e-6);
    CHECK(c->concurrency_is_knee);
    CHECK_NEAR(c->concurrency, 99, 1e-6);
    /* usl needs 3 points: refused, and the saturating fit stays. */
    CHECK(params_set_text(&s, "backends.gpu.throughput.curve=usl", "--set", &d) == -1);
    CHECK_STR(
        d.message,
        "--set backends.gpu.throughput.curve: the 'usl' model needs at least 3 points, got 2");
    diag_release(&d);
    CHECK(c->model == CURVE_SATURATING && c->fit.model == CURVE_SATURATING);
    CHECK_NEAR(c->concurrency, 99, 1e-6);
    /* A table has its knee at the first point reaching 90% of 160 = 144: between
     * 1 and 4, 50 + 110 (c - 1) / 3 = 144 at c = 1 + 282 / 110 = 3.5636. */
    CHECK(params_set_text(&s, "backends.gpu.throughput.curve=table", "--set", &d) == 0);
    CHECK(c->fit.model == CURVE_TABLE && c->concurrency_is_knee);
    CHECK_NEAR(c->concurrency, 1 + 282.0 / 110, 1e-9);
    if (run(&s, &r) == 0) {
        CHECK(r.backend_rates[0].why == DEPLOY_CONCURRENCY_KNEE);
        CHECK_NEAR(r.backend_rates[0].unit_tok_s, 144, 1e-9);
        report_release(&r);
    }
    /* A concurrency that is set is no longer the knee. */
    CHECK(params_set_text(&s, "backends.gpu.throughput.concurrency=4", "--set", &d) == 0);
    if (run(&s, &r) == 0) {
        CHECK(r.backend_rates[0].why == DEPLOY_CONCURRENCY_GIVEN);
        CHECK_NEAR(r.backend_rates[0].unit_tok_s, 160, 1e-9);
        report_release(&r);
    }
    scenario_release(&s);
    diag_release(&d);
}

static void test_method(void)
{
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    if (load_text("raftcost: 1\nfine_tuning:\n  price: {per_hour: 36}\n"
                  "  estimate: {parameters: 1B, gpus: 1, gpu_flops: 1e15, mfu: 50%,"
                  " examples: 1000, example_tokens: 500}\n",
                  &s))
        return;
    CHECK(params_set_text(&s, "fine_tuning.estimate.method=full", "--set", &d) == 0);
    if (run(&s, &r) == 0) {
        /* 1,000 × 500 × 80% = 400K tokens; full: 6 × 1B × 400K = 2.4e15 FLOPs,
         * / (1e15 × 50%) = 4.8 s; $36/h × 4.8 s = $0.048 */
        CHECK_NEAR(r.fine_tuning.flops, 2.4e15, REL);
        CHECK_NEAR(r.fine_tuning.cost, 0.048, REL);
        report_release(&r);
    }
    CHECK(params_set_text(&s, "fine_tuning.estimate.method=qlora", "--set", &d) == -1);
    CHECK_STR(d.message,
              "--set fine_tuning.estimate.method: 'method' must be 'lora' or 'full', got 'qlora'");
    scenario_release(&s);
    diag_release(&d);
}

int main(void)
{
    test_routing();
    test_backend_type();
    test_curve();
    test_refit();
    test_method();
    TEST_END("choices");
}
