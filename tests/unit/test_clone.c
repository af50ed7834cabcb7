/*
 * Unit tests of scenario_clone and the parameter table: a clone changed
 * through its own table leaves the original untouched, and each gives the
 * report worked out by hand for its numbers; a clone with a curve, variants,
 * evaluation models and inference options owns all of them (released in
 * either order, under ASan and valgrind); clones share the catalogues, which
 * the last one frees.  Units: K = 1,000 tokens.
 */
#include <stdlib.h>
#include <unistd.h>

#include "model.h"
#include "params.h"
#include "scenario.h"
#include "scenario_test.h"
#include "test.h"

#define REL 1e-9

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

/* The talk's job on a serverless endpoint (70 tok/s) and 2 A100 VMs (140 tok/s each). */
static const char two_backends[] =
    "raftcost: 1\n"
    "backends:\n"
    "  maas: {type: serverless, model: {input_per_1k: 0.00378, output_per_1k: 0.01134},"
    " throughput: 70 tok/s}\n"
    "  maap: {type: dedicated, instance: {per_hour: 14.69}, count: 2, throughput: 140 tok/s}\n"
    "generation:\n"
    "  examples: 18k\n"
    "  tokens: {input: 10M, output: 3.7M}\n";

static void test_clone_independent(void)
{
    struct scenario s, c;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_test_load(two_backends, &s) != 0) {
        CHECK(!"scenario loads");
        return;
    }
    scenario_clone(&s, &c);
    struct param *count = params_find(&c.params, "backends.maap.count");
    CHECK(count != NULL);
    if (!count) {
        scenario_release(&c);
        scenario_release(&s);
        return;
    }
    CHECK(params_set(&c, count, 3, 0, 0, &d) == 0);
    CHECK_NEAR(c.backends[1].count, 3, 0);
    CHECK_NEAR(s.backends[1].count, 2, 0);
    CHECK_NEAR(params_get(&s, params_find(&s.params, "backends.maap.count")), 2, 0);
    /* The clone's table records the change; the original's keeps the file's line. */
    CHECK(count->line == 0);
    CHECK(params_find(&s.params, "backends.maap.count")->line == 4);

    if (run(&s, &r) == 0) {
        /* 70 + 2 × 140 = 350 tok/s: T = 3.7M / 350 = 10,571.43 s.  maas serves
         * 70/350 = 20%: 2M in × 0.00378/1K + 740K out × 0.01134/1K = 7.56 + 8.3916;
         * the VMs: 2 × 14.69 × 10,571.43 / 3600 = 86.274603; in all 102.226203 */
        CHECK_NEAR(r.generation.throughput_tok_s, 350, REL);
        CHECK_NEAR(r.generation.wall_s, 3.7e6 / 350, REL);
        CHECK_NEAR(r.generation.cost, 7.56 + 8.3916 + 2 * 14.69 * (3.7e6 / 350) / 3600, REL);
        CHECK_NEAR(r.generation.cost, 102.226203175, 1e-9);
        report_release(&r);
    }
    if (run(&c, &r) == 0) {
        /* 70 + 3 × 140 = 490 tok/s: T = 3.7M / 490 = 7,551.02 s.  maas serves
         * 1/7: 1,428,571 in × 0.00378/1K = 5.4, 528,571 out × 0.01134/1K = 5.994;
         * the VMs: 3 × 14.69 × 7,551.02 / 3600 = 92.437075; in all 103.831075 */
        CHECK_NEAR(r.generation.throughput_tok_s, 490, REL);
        CHECK_NEAR(r.generation.wall_s, 3.7e6 / 490, REL);
        CHECK_NEAR(r.generation.cost, 5.4 + 5.994 + 3 * 14.69 * (3.7e6 / 490) / 3600, REL);
        CHECK_NEAR(r.generation.cost, 103.831074830, 1e-9);
        report_release(&r);
    }
    /* The text form works on the clone alone too. */
    CHECK(params_set_text(&c, "backends.maas.model.output_per_1k=0.02", "--set", &d) == 0);
    CHECK_NEAR(c.backends[0].model.output_per_1k, 0.02, 0);
    CHECK_NEAR(s.backends[0].model.output_per_1k, 0.01134, 0);
    /* A value outside the limits is refused and changes nothing. */
    CHECK(params_set(&c, count, 2.5, 0, 0, &d) == -1);
    CHECK_STR(d.message, "--set backends.maap.count: 'count' must be a whole number, got '2.5'");
    CHECK_NEAR(c.backends[1].count, 3, 0);
    diag_release(&d);
    /* The original goes first: the clone holds nothing of it. */
    scenario_release(&s);
    if (run(&c, &r) == 0) {
        CHECK_NEAR(r.generation.wall_s, 3.7e6 / 490, REL);
        report_release(&r);
    }
    scenario_release(&c);
}

/*
 * A scenario with everything a clone must copy: a fitted curve (a table
 * model, whose fit holds arrays), variants, evaluation models and a judge,
 * inference options, fine-tuning with an estimate.
 */
static const char everything[] =
    "raftcost: 1\n"
    "name: all of it\n"
    "backends:\n"
    "  gpu:\n"
    "    type: dedicated\n"
    "    instance: {per_hour: 10}\n"
    "    throughput: {curve: table, points: [[1, 100], [2, 180], [4, 300], [8, 400]],"
    " concurrency: 4}\n"
    "generation:\n"
    "  teacher: big\n"
    "  examples: 1k\n"
    "  tokens: {input: 1M, output: 360k}\n"
    "fine_tuning:\n"
    "  student: small\n"
    "  price: {per_hour: 20}\n"
    "  estimate: {parameters: 1B, gpus: 1, gpu_flops: 1e15, mfu: 50%, example_tokens: 500}\n"
    "evaluation:\n"
    "  questions: 100\n"
    "  answer_tokens: {input: 1000, output: 100}\n"
    "  models: [{input_per_1k: 0.001, output_per_1k: 0.002}, {input_per_1k: 0.01,"
    " output_per_1k: 0.02}]\n"
    "  judge: {input_per_1k: 0.005, output_per_1k: 0.005}\n"
    "  judge_tokens: {input: 500, output: 50}\n"
    "inference:\n"
    "  horizon: 2 months\n"
    "  traffic: {requests: 1k/day, input_tokens: 100, output_tokens: 10}\n"
    "  options:\n"
    "    api: {model: {input_per_1k: 0.01, output_per_1k: 0.01}}\n"
    "    own: {model: {input_per_1k: 0.001, output_per_1k: 0.001, hosting_per_hour: 1},"
    " replicas: 2}\n"
    "  compare: {baseline: api, candidate: own}\n"
    "variants:\n"
    "  slow: {backends.gpu.throughput.concurrency: 2}\n"
    "  cheap: {evaluation.models.2.input_per_1k: 0.005}\n";

static void test_clone_everything(void)
{
    struct scenario s, c;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_test_load(everything, &s) != 0) {
        CHECK(!"scenario loads");
        return;
    }
    scenario_clone(&s, &c);
    /* Every pointer is the clone's own. */
    CHECK(c.backends != s.backends && c.backends[0].curve != s.backends[0].curve);
    CHECK(c.backends[0].curve->fit.table_tok_s != s.backends[0].curve->fit.table_tok_s);
    CHECK(c.backends[0].curve->points.tok_s != s.backends[0].curve->points.tok_s);
    CHECK(c.evaluation.models != s.evaluation.models);
    CHECK(c.inference.options != s.inference.options);
    CHECK(c.variants != s.variants && c.params.items != s.params.items);
    CHECK_STR(c.name, "all of it");
    CHECK_STR(c.generation.teacher, "big");
    CHECK_STR(c.fine_tuning.student, "small");
    CHECK_STR(c.variants[1].settings[0].path, "evaluation.models.2.input_per_1k");

    /* A variant on the clone: the curve at 2 in flight, 180 tok/s (a table point). */
    CHECK(scenario_apply_variant(&c, "slow", &d) == 0);
    CHECK(scenario_apply_variant(&c, "cheap", &d) == 0);
    CHECK_NEAR(c.backends[0].curve->concurrency, 2, 0);
    CHECK_NEAR(s.backends[0].curve->concurrency, 4, 0);
    CHECK_NEAR(c.evaluation.models[1].input_per_1k, 0.005, 0);
    CHECK_NEAR(s.evaluation.models[1].input_per_1k, 0.01, 0);
    /* An option's replicas through the clone's table. */
    CHECK(params_set_text(&c, "inference.options.own.replicas=3", "--set", &d) == 0);
    CHECK_NEAR(c.inference.options[1].count, 3, 0);
    CHECK_NEAR(s.inference.options[1].count, 2, 0);
    diag_release(&d);

    if (run(&s, &r) == 0) {
        /* The table curve at 4 in flight: 300 tok/s; 360k / 300 = 1,200 s */
        CHECK_NEAR(r.generation.wall_s, 1200, REL);
        /* answers: 100 × (1000 × 0.001 + 100 × 0.002 + 1000 × 0.01 + 100 × 0.02) / 1K
         * = 100 × 13.2 / 1000 = 1.32; judge: 200 answers × (500 + 50) × 0.005 / 1K = 0.55 */
        CHECK_NEAR(r.evaluation.cost, 1.32 + 0.55, REL);
        report_release(&r);
    }
    /* The original goes first again; the clone still runs on its own copies. */
    scenario_release(&s);
    if (run(&c, &r) == 0) {
        /* at 2 in flight: 180 tok/s; 360k / 180 = 2,000 s */
        CHECK_NEAR(r.generation.wall_s, 2000, REL);
        /* the second model's input at 0.005: 100 × (1.2 + 1000 × 0.005 + 2) / 1K = 0.82 */
        CHECK_NEAR(r.evaluation.cost, 0.82 + 0.55, REL);
        /* own: 3 replicas × 1/h × 730 h = 2,190 hosting in month 1 */
        CHECK_NEAR(r.inference.options[1].hosting_per_month, 2190, REL);
        report_release(&r);
    }
    scenario_release(&c);
}

/* Clones share the catalogues: each may go first; the last one frees them. */
static void test_clone_catalogues(void)
{
    struct scenario s, a, b;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_load(&s, "scenarios/raft-build24.yaml", &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"scenario loads");
        return;
    }
    scenario_clone(&s, &a);
    scenario_clone(&a, &b);
    CHECK(a.pricing.n == s.pricing.n && a.pricing.items[0] == s.pricing.items[0]);
    CHECK(b.pricing.items != a.pricing.items && b.pricing.items[0] == s.pricing.items[0]);
    double base = 0;
    if (run(&s, &r) == 0) {
        base = r.generation.cost;
        report_release(&r);
    }
    scenario_release(&s);
    scenario_release(&a);
    /* b alone holds the catalogues now; its prices still name them. */
    if (run(&b, &r) == 0) {
        CHECK_NEAR(r.generation.cost, base, 0);
        CHECK(r.ncatalogues == 1 && r.catalogues[0].nused > 0);
        report_release(&r);
    }
    scenario_release(&b);
    diag_release(&d);
}

int main(void)
{
    test_clone_independent();
    test_clone_everything();
    test_clone_catalogues();
    TEST_END("clone");
}
