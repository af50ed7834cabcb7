/*
 * Tests of spot instances through scenarios: a dedicated backend's
 * `preemption` simulated with a fixed interval (every figure worked out by
 * hand beside its check), the same job without preemption and on demand,
 * `spot: false` turning preemption off, the keys as parameters, the same
 * figures on 1 and 2 threads with exponential intervals; and an inference
 * option on spot instances, billed at the spot price per replica-hour, with
 * a fixed count and sized.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "model_capacity.h"
#include "model_sim.h"
#include "scenario.h"
#include "scenario_test.h"
#include "test.h"

#define EXACT 1e-9

/* Loads, applies "PATH=VALUE" settings (NULL-terminated), runs the model and, when asked, the
 * simulation on `threads` threads. */
static int load_run(const char *yaml, const char *const *sets, int simulate, unsigned threads,
                    struct scenario *s, struct report *r)
{
    if (scenario_test_load(yaml, s) != 0) {
        CHECK(!"the scenario loads");
        return -1;
    }
    struct diag d = DIAG_INIT;
    for (size_t i = 0; sets && sets[i]; i++)
        if (params_set_text(s, sets[i], "--set", &d) != 0)
            goto fail;
    if (scenario_validate(s, &d) != 0 || model_run(s, r, &d) != 0)
        goto fail;
    if (simulate && model_sim_run(s, r, threads, NULL, &d) != 0) {
        report_release(r);
        goto fail;
    }
    return 0;
fail:
    diag_render(&d, stderr);
    diag_release(&d);
    scenario_release(s);
    CHECK(!"the scenario runs");
    return -1;
}

static void done(struct scenario *s, struct report *r)
{
    report_release(r);
    scenario_release(s);
}

/*
 * A VM at $36/h on demand and $3.60/h spot ($0.001 a second), 100 tok/s, one worker, 10 calls
 * of 100 tokens out (1 s each), preempted every 2.5 s of serving exactly, 1 s down each time.
 */
#define SPOT_VM                                                                                    \
    "raftcost: 1\n"                                                                                \
    "backends:\n"                                                                                  \
    "  vm:\n"                                                                                      \
    "    type: dedicated\n"                                                                        \
    "    instance: {per_hour: 36, spot_per_hour: 3.6}\n"                                           \
    "    spot: true\n"                                                                             \
    "    throughput: 100 tok/s\n"                                                                  \
    "    preemption: {mean_interval: 2.5 s, restart: 1 s, dist: fixed}\n"                          \
    "generation: {examples: 10, tokens: {input: 1000, output: 1000}}\n"                            \
    "simulation: {workers: 1}\n"

static void test_fixed_interval(void)
{
    /*
     * Calls 0, 1 run 0-2; call 2 from 2 is preempted at 2.5 (50 tokens done), down 2.5-3.5,
     * runs again 3.5-4.5; the next preemption is 3.5 + 2.5 = 6: call 3 4.5-5.5, call 4 from
     * 5.5 preempted at 6, down 6-7, again 7-8; next 9.5: call 5 8-9, call 6 from 9 preempted at
     * 9.5, down to 10.5, again 10.5-11.5; next 13: call 7 11.5-12.5, call 8 from 12.5 preempted
     * at 13, down to 14, again 14-15; next 16.5: call 9 15-16.  Wall 16 s: 4 preemptions,
     * 4 calls re-run with 4 x 50 = 200 tokens thrown away, 4 s down.
     * Billed 16 s at $0.001/s = $0.016, $0.004 of it while down.  Without preemption: 10 s,
     * $0.010 (the analytic figures); on demand $0.10.
     */
    struct scenario s;
    struct report r;
    if (load_run(SPOT_VM, NULL, 1, 1, &s, &r) != 0)
        return;
    const struct sim_report *sr = &r.simulation;
    const struct sim_deployment_result *o = &sr->run.deployments[0];
    CHECK_NEAR(r.generation.wall_s, 10, EXACT); /* the analytic model ignores preemption */
    CHECK_NEAR(r.generation.cost, 0.01, EXACT);
    CHECK_NEAR(sr->run.wall_s, 16, EXACT);
    CHECK_NEAR(sr->run.cost, 0.016, EXACT);
    CHECK(o->preemptions == 4 && o->rerun_requests == 4);
    CHECK_NEAR(o->rerun_tokens, 200, EXACT);
    CHECK_NEAR(o->down_s, 4, EXACT);
    CHECK_NEAR(o->down_cost, 0.004, EXACT);
    CHECK(sr->run.retries == 0 && sr->run.requests == 10);
    const struct sim_preempt_report *p = &sr->preemption;
    CHECK(p->present);
    CHECK(p->preemptions == 4 && p->rerun_requests == 4);
    CHECK_NEAR(p->without_wall_s, 10, EXACT);
    CHECK_NEAR(p->without_cost, 0.01, EXACT);
    CHECK_NEAR(p->on_demand_cost, 0.10, EXACT);
    CHECK_NEAR(p->down_cost, 0.004, EXACT);
    /* One replication: the spreads are its figures. */
    CHECK_NEAR(p->without_wall.mean, 10, EXACT);
    CHECK_NEAR(p->mean_on_demand_cost, 0.10, EXACT);
    /* The analytic note's share: 1 s down in every 2.5 + 1 s = 0.285714. */
    CHECK_NEAR(model_preempt_down_share(&s.backends[0]), 1 / 3.5, EXACT);
    done(&s, &r);

    /*
     * Half of each downtime with no VM: the same timeline, billed 16 - 4 x 0.5 = 14 s = $0.014,
     * of which 4 x 0.5 s = $0.002 while restarting.  The parameters take the new values.
     */
    const char *const split[] = {"backends.vm.preemption.wait=0.5 s",
                                 "backends.vm.preemption.restart=0.5 s", NULL};
    if (load_run(SPOT_VM, split, 1, 1, &s, &r) != 0)
        return;
    o = &r.simulation.run.deployments[0];
    CHECK_NEAR(r.simulation.run.wall_s, 16, EXACT);
    CHECK_NEAR(o->unbilled_s, 2, EXACT);
    CHECK_NEAR(o->billed_s, 14, EXACT);
    CHECK_NEAR(r.simulation.run.cost, 0.014, EXACT);
    CHECK_NEAR(o->down_cost, 0.002, EXACT);
    done(&s, &r);

    /* On demand (a variant or --set may turn spot off): not preempted, 10 s at $0.01 a second. */
    const char *const on_demand[] = {"backends.vm.spot=false", NULL};
    if (load_run(SPOT_VM, on_demand, 1, 1, &s, &r) != 0)
        return;
    CHECK_NEAR(r.simulation.run.wall_s, 10, EXACT);
    CHECK_NEAR(r.simulation.run.cost, 0.10, EXACT);
    CHECK(r.simulation.run.preemptions == 0);
    CHECK(!r.simulation.preemption.present);
    CHECK(isnan(model_preempt_down_share(&s.backends[0])));
    done(&s, &r);
}

static void test_parameters(void)
{
    struct scenario s;
    if (scenario_test_load(SPOT_VM, &s) != 0) {
        CHECK(!"the scenario loads");
        return;
    }
    const struct deploy_preemption *p = &s.backends[0].preemption;
    CHECK(p->present);
    CHECK_NEAR(p->mean_interval_s, 2.5, EXACT);
    CHECK_NEAR(p->restart_s, 1, EXACT);
    CHECK_NEAR(p->wait_s, 0, EXACT); /* the default */
    CHECK(p->dist == DEPLOY_PREEMPT_FIXED);
    const char *paths[] = {"backends.vm.preemption.mean_interval", "backends.vm.preemption.restart",
                           "backends.vm.preemption.wait", "backends.vm.preemption.dist"};
    for (size_t i = 0; i < 4; i++)
        CHECK(params_find(&s.params, paths[i]) != NULL);
    /* A clone carries the preemption (Monte Carlo and sweeps work on clones). */
    struct scenario c;
    scenario_clone(&s, &c);
    CHECK(c.backends[0].preemption.present && c.backends[0].preemption.restart_s == 1);
    scenario_release(&c);
    scenario_release(&s);
}

static void test_threads(void)
{
    /*
     * Two spot VMs preempted at random (exponential, every 20 s on average, 3 s down) and an
     * endpoint, least-busy, 8 replications: the same figures on 1 and 2 threads, bit for bit,
     * the runs without preemption included.
     */
    const char *yaml = "raftcost: 1\n"
                       "backends:\n"
                       "  ep: {type: serverless, model: {input_per_1k: 0.001, output_per_1k: "
                       "0.002}, throughput: 50 tok/s}\n"
                       "  vm:\n"
                       "    type: dedicated\n"
                       "    instance: {per_hour: 36, spot_per_hour: 3.6}\n"
                       "    count: 2\n"
                       "    spot: true\n"
                       "    throughput: 100 tok/s\n"
                       "    preemption: {mean_interval: 20 s, restart: 2 s, wait: 1 s}\n"
                       "generation: {examples: 400, tokens: {input: 40k, output: 40k}}\n"
                       "simulation: {workers: 8, routing: least-busy, replications: 8, seed: 3}\n";
    struct scenario s1, s2;
    struct report r1, r2;
    if (load_run(yaml, NULL, 1, 1, &s1, &r1) != 0)
        return;
    if (load_run(yaml, NULL, 1, 2, &s2, &r2) != 0) {
        done(&s1, &r1);
        return;
    }
    const struct sim_report *a = &r1.simulation, *b = &r2.simulation;
    CHECK(a->run.wall_s == b->run.wall_s && a->run.cost == b->run.cost);
    CHECK(a->wall_s.mean == b->wall_s.mean && a->cost.p90 == b->cost.p90);
    CHECK(a->preemption.preemptions == b->preemption.preemptions);
    CHECK(a->preemption.without_wall.mean == b->preemption.without_wall.mean);
    CHECK(a->preemption.mean_on_demand_cost == b->preemption.mean_on_demand_cost);
    /* 400 calls of 100 tokens over 250 tok/s: about 160 s, so about 2 x 160 / 23 = 14
     * preemptions a run; the mean time with preemption is above the one without. */
    CHECK(a->preemption.preemptions > 0);
    CHECK(a->wall_s.mean > a->preemption.without_wall.mean);
    done(&s1, &r1);
    done(&s2, &r2);
}

/* An API, and an option on its own VMs at $36/h on demand, $3.60/h spot. */
#define SERVING(extra)                                                                             \
    "raftcost: 1\n"                                                                                \
    "inference:\n"                                                                                 \
    "  horizon: 2 months\n"                                                                        \
    "  traffic: {requests: 86.4k/day, input_tokens: 100, output_tokens: 100}\n"                    \
    "  options:\n"                                                                                 \
    "    api: {model: {input_per_1k: 0.001, output_per_1k: 0.002}}\n"                              \
    "    own:\n"                                                                                   \
    "      instance: {per_hour: 36, spot_per_hour: 3.6}\n"                                         \
    "      spot: true\n" extra

static void test_option_spot(void)
{
    /* 2 replicas at $3.60 a replica-hour: 2 x 3.6 x 730 = $5,256 a month, $10,512 in 2. */
    struct scenario s;
    struct report r;
    if (load_run(SERVING("      replicas: 2\n"), NULL, 0, 1, &s, &r) != 0)
        return;
    const struct option_result *o = &r.inference.options[1];
    CHECK_NEAR(o->hosting_per_month, 5256, EXACT);
    CHECK_NEAR(o->horizon_cost, 10512, EXACT);
    done(&s, &r);
    /* On demand: ten times that, 2 x 36 x 730 = $52,560 a month. */
    const char *const on_demand[] = {"inference.options.own.spot=false", NULL};
    if (load_run(SERVING("      replicas: 2\n"), on_demand, 0, 1, &s, &r) != 0)
        return;
    CHECK_NEAR(r.inference.options[1].hosting_per_month, 52560, EXACT);
    done(&s, &r);
    /*
     * Sized: 86,400 requests a day is 1 a second; 100 tok/s over 100 output tokens at 50% is
     * 0.5 a second a replica: 2 replicas, 2 x 730 = 1,460 replica-hours a month at $3.60 =
     * $5,256 a month.
     */
    if (load_run(SERVING("      throughput: 100 tok/s\n"
                         "      max_utilisation: 50%\n"
                         "      replicas: auto\n"),
                 NULL, 0, 1, &s, &r) != 0)
        return;
    const struct capacity_option *c = model_capacity_of(&r.inference, 1);
    CHECK(c != NULL);
    if (c) {
        CHECK_NEAR(c->hosting_per_hour, 3.6, EXACT);
        CHECK_NEAR(c->replicas[0], 2, EXACT);
        CHECK_NEAR(c->replica_hours[0], 1460, EXACT);
        CHECK_NEAR(c->hosting_cost[0], 5256, EXACT);
        CHECK_NEAR(c->hosting_cost[1], 5256, EXACT);
    }
    done(&s, &r);
}

int main(void)
{
    test_fixed_interval();
    test_parameters();
    test_threads();
    test_option_spot();
    TEST_END("model_preempt");
}
