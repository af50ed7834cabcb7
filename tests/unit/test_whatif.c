/*
 * Unit tests of the what-if features: deadline planning and budgets
 * (figures by hand in the comments), the change column of compare, and the
 * sweep's promise that each of its JSON reports is exactly the report of
 * `raftcost -f json --set PATH=VALUE`.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "commands.h"
#include "figures.h"
#include "model.h"
#include "scenario.h"
#include "scenario_test.h"
#include "test.h"
#include "util.h"

/* Two backends: a serverless endpoint at 70 tok/s and A100 VMs at 140 tok/s
 * each, $14.69/h, 15 min provisioning and 5 min teardown, 0 to 6 of them. */
static const char plan_scenario[] =
    "raftcost: 1\n"
    "backends:\n"
    "  maas: {type: serverless, model: {input_per_1k: 0.00378, output_per_1k: 0.01134},"
    " throughput: 70 tok/s}\n"
    "  maap: {type: dedicated, instance: {per_hour: 14.69}, count: 2, throughput: 140 tok/s,"
    " provisioning: 15 min, teardown: 5 min, max_count: 6}\n"
    "generation:\n"
    "  examples: 18k\n"
    "  tokens: {input: 10M, output: 3.7M}\n"
    "  deadline: 2 h\n"
    "budget: {one_off: 120}\n";

static void test_plan_and_budget(void)
{
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_test_load(plan_scenario, &s) != 0 || model_run(&s, &r, &d) != 0) {
        CHECK(!"scenario runs");
        return;
    }
    const struct gen_plan *p = &r.generation.plan;
    CHECK(p->present && p->has_cheapest && p->has_fastest);
    /* Cheapest within 2 h: maas + 4 VMs.  Capacity routing: maas alone would
     * take 3.7M / 70 = 52,857 s, past the VMs' 900 s, so both serve:
     * T = (3.7M + 560 × 900) / (70 + 560) = 4,204,000 / 630 = 6,673.016 s. */
    CHECK_NEAR(p->cheapest.counts[0], 1, 0);
    CHECK_NEAR(p->cheapest.counts[1], 4, 0);
    CHECK_NEAR(p->cheapest.wall_s, 4204000.0 / 630, 1e-12);
    /* maas serves 70 × T = 467,111.1 output tokens, share 0.126246, so
     * 1,262,462 input: 1262.462 × 0.00378 + 467.111 × 0.01134 = 10.0693;
     * the VMs: 4 × 14.69 × (900 + 5773.016 + 300) / 3600 = 113.8150. */
    double t = 4204000.0 / 630, share = 70 * t / 3.7e6;
    double maas = 10e6 * share / 1000 * 0.00378 + 70 * t / 1000 * 0.01134;
    double vms = 4 * 14.69 * (900 + (t - 900) + 300) / 3600;
    CHECK_NEAR(p->cheapest.cost, maas + vms, 1e-12);
    CHECK_NEAR(p->cheapest.cost, 123.8843, 1e-6);
    /* Fastest: 6 VMs, T = (3.7M + 840 × 900) / 910 = 4,456,000 / 910 = 4,896.7 s. */
    CHECK_NEAR(p->fastest.counts[1], 6, 0);
    CHECK_NEAR(p->fastest.wall_s, 4456000.0 / 910, 1e-12);
    /* The frontier: 6, 5, 4, 3, 2, 1, 0 VMs, each slower and cheaper; the
     * last is maas alone, 52,857 s for 10M × 0.00378/1K + 3.7M × 0.01134/1K. */
    CHECK(p->nfrontier == 7);
    CHECK_NEAR(p->frontier[6].counts[1], 0, 0);
    CHECK_NEAR(p->frontier[6].cost, 79.758, 1e-12);
    for (size_t i = 1; i < p->nfrontier; i++)
        CHECK(p->frontier[i].wall_s > p->frontier[i - 1].wall_s &&
              p->frontier[i].cost < p->frontier[i - 1].cost);
    /* The scenario's own mix (2 VMs) is what the report shows, and the plan's
     * 2-VM point is the same computation. */
    CHECK_NEAR(p->frontier[4].cost, r.generation.cost, 1e-15);
    /* Budget: one-off = generation only = 111.64 > 120?  No: within. */
    CHECK(!r.budget.over_one_off && !r.budget.over);
    report_release(&r);
    /* The same budget at 100 is exceeded. */
    s.budget.one_off = 100;
    if (model_run(&s, &r, &d) == 0) {
        CHECK(r.budget.over_one_off && r.budget.over);
        report_release(&r);
    }
    scenario_release(&s);
    diag_release(&d);
}

static void test_change_text(void)
{
    char buf[FIG_CHANGE_SIZE];
    struct figure base = {"generation.cost", "generation cost", FIG_MONEY, 79.76, 0};
    struct figure mix = {"generation.cost", "generation cost", FIG_MONEY, 166.03, 0};
    /* 166.03 - 79.76 = 86.27, 86.27 / 79.76 = 108.2% */
    CHECK_STR(figure_format_change(buf, &base, &mix, "USD"), "+$86.27 (+108%)");
    struct figure slow = {"generation.hours", "generation time", FIG_HOURS, 14.68 * 3600, 0};
    struct figure fast = {"generation.hours", "generation time", FIG_HOURS, 2.94 * 3600, 0};
    /* 11.74 h less = 11 h 44 min (11.74 × 60 = 704.4 min), -80% */
    CHECK_STR(figure_format_change(buf, &slow, &fast, "USD"), "-11 h 44 min (-80%)");
    CHECK_STR(figure_format_change(buf, &base, &base, "USD"), "");
    struct figure never = {"comparison.payback_days", "payback", FIG_DAYS, NAN, 0};
    struct figure days = {"comparison.payback_days", "payback", FIG_DAYS, 2, 0};
    CHECK_STR(figure_format_change(buf, &never, &days, "USD"), "changed");
}

/* Each sweep report equals the report of the same scenario with --set. */
static void test_sweep_reports(void)
{
    char out[] = "/tmp/raftcost-sweep-XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0) {
        CHECK(!"temporary file");
        return;
    }
    close(fd);
    char *argv[] = {"sweep",  "scenarios/raft-build24.yaml",
                    "--vary", "inference.traffic.requests=5k/day..50k/day:3",
                    "-f",     "json",
                    "-o",     out,
                    NULL};
    CHECK(cmd_sweep(8, argv) == 0);
    char *text = NULL;
    size_t len;
    if (read_whole_file(out, &text, &len) != 0) {
        CHECK(!"sweep output");
        unlink(out);
        return;
    }
    unlink(out);
    cJSON *root = cJSON_Parse(text);
    free(text);
    cJSON *reports = cJSON_GetObjectItem(root, "reports");
    cJSON *values = cJSON_GetObjectItem(root, "values");
    CHECK(cJSON_GetArraySize(reports) == 3);
    /* 5k, 27.5k and 50k a day, evenly spaced */
    const char *sets[] = {"inference.traffic.requests=5000/day",
                          "inference.traffic.requests=27500/day",
                          "inference.traffic.requests=50000/day"};
    for (int i = 0; i < 3; i++) {
        CHECK_NEAR(cJSON_GetArrayItem(values, i)->valuedouble, 5000 + 22500.0 * i, 1e-12);
        struct scenario s;
        struct report r;
        struct diag d = DIAG_INIT;
        if (scenario_load(&s, "scenarios/raft-build24.yaml", &d) != 0 ||
            params_set_assignment(&s.params, sets[i], "--set", &d) != 0 ||
            model_run(&s, &r, &d) != 0) {
            CHECK(!"reference run");
            diag_release(&d);
            continue;
        }
        cJSON *want = report_json_object(&r);
        CHECK(cJSON_Compare(cJSON_GetArrayItem(reports, i), want, 1));
        cJSON_Delete(want);
        report_release(&r);
        scenario_release(&s);
    }
    cJSON_Delete(root);
}

/* A baseline with dear hosting: the ratio falls from Hb / Hc towards cb / cc. */
static void test_claim_falling(void)
{
    static const char text[] =
        "raftcost: 1\n"
        "inference:\n"
        "  horizon: 1 month\n"
        "  traffic: {requests: 1k/day, input_tokens: 1000, output_tokens: 1000}\n"
        "  options:\n"
        "    big: {model: {input_per_1k: 1, output_per_1k: 1, hosting_per_hour: 100}}\n"
        "    small: {model: {input_per_1k: 0.5, output_per_1k: 0.5, hosting_per_hour: 1}}\n"
        "  compare: {baseline: big, candidate: small, claim: 150x}\n";
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_test_load(text, &s) != 0 || model_run(&s, &r, &d) != 0) {
        CHECK(!"scenario runs");
        return;
    }
    const struct comparison *c = &r.inference.comparison;
    /* Hb = 100 × 730 = 73,000, Hc = 730: 100x with no traffic; cb / cc = 2 / 1 = 2x */
    CHECK_NEAR(c->asymptotic_ratio, 2, 1e-12);
    CHECK_NEAR(c->best_ratio, 100, 1e-12);
    CHECK(!c->claim_rises_with_traffic || isnan(c->claim_requests_per_day));
    /* 150x is above anything this mix gives: unreachable */
    CHECK(isnan(c->claim_requests_per_day) && !c->claim_holds);
    report_release(&r);
    /* 50x holds up to R where 73,000 + 2 R = 50 (730 + R): R = 36,500 / 48 a month,
     * = 760.4167 a month = 25.0 a day (760.4167 / (730 / 24)) */
    s.inference.claim = 50;
    if (model_run(&s, &r, &d) == 0) {
        CHECK(!c->claim_rises_with_traffic);
        CHECK_NEAR(r.inference.comparison.claim_requests_per_day, 36500.0 / 48 / (730.0 / 24),
                   1e-12);
        report_release(&r);
    }
    scenario_release(&s);
    diag_release(&d);
}

/* Hosting given by --set to an inline model that had none is billed; with
 * hosting for the baseline only, the ratio has no bound at low traffic. */
static void test_hosting_by_set(void)
{
    static const char text[] =
        "raftcost: 1\n"
        "inference:\n"
        "  horizon: 1 month\n"
        "  traffic: {requests: 1k/day, input_tokens: 1000, output_tokens: 100}\n"
        "  options:\n"
        "    hosted: {model: {input_per_1k: 0.001, output_per_1k: 0.001, hosting_per_hour: 10}}\n"
        "    api: {model: {input_per_1k: 0.0005, output_per_1k: 0.0005}}\n"
        "  compare: {baseline: hosted, candidate: api, claim: 1000x}\n";
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_test_load(text, &s) != 0 || model_run(&s, &r, &d) != 0) {
        CHECK(!"scenario runs");
        return;
    }
    /* api pays no hosting: the ratio grows without bound as traffic falls */
    CHECK_NEAR(r.inference.options[1].hosting_per_month, 0, 0);
    CHECK(isnan(r.inference.comparison.best_ratio));
    /* 1000x holds at low traffic, up to 7,300 + 0.0011 R = 1000 × 0.00055 R:
     * R = 7,300 / 0.5489 = 13,299.3 a month = 437.24 a day */
    CHECK(!r.inference.comparison.claim_rises_with_traffic);
    CHECK_NEAR(r.inference.comparison.claim_requests_per_day, 7300 / 0.5489 / (730.0 / 24), 1e-9);
    report_release(&r);
    CHECK(params_set_assignment(&s.params, "inference.options.api.model.hosting_per_hour=2",
                                "--set", &d) == 0);
    if (model_run(&s, &r, &d) == 0) {
        /* 2 × 730 = 1,460 a month */
        CHECK_NEAR(r.inference.options[1].hosting_per_month, 1460, 1e-12);
        /* now the best ratio is Hb / Hc = 7,300 / 1,460 = 5x */
        CHECK_NEAR(r.inference.comparison.best_ratio, 5, 1e-12);
        report_release(&r);
    }
    scenario_release(&s);
    diag_release(&d);
}

int main(void)
{
    test_hosting_by_set();
    test_claim_falling();
    test_plan_and_budget();
    test_change_text();
    test_sweep_reports();
    TEST_END("whatif");
}
