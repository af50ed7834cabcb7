/*
 * Unit tests of spot preemption in the simulation engine (sim_preempt.c).
 * The exact cases use a fixed interval (SIM_PREEMPT_FIXED), so that every
 * preemption falls at a known instant and the wall time, the billing and
 * the re-run work can be worked out by hand in the comment beside each
 * check: a lone instance, a request re-run elsewhere while its instance is
 * still down at the end (the downtime and the unbilled wait cut at the
 * end), requests caught in prefill and in per-stream decode (their queued
 * events left to orphans), processor sharing's partial tokens, and a
 * deployment that can never finish.  Then the exponential intervals: a
 * Poisson count within four standard deviations, the same results on 1
 * and 2 threads bit for bit, and the seeds.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "sim_replicate.h"
#include "sim_test.h"
#include "test.h"

#define EXACT 1e-9

static void plain_job(struct sim_config *c, uint64_t n, double output)
{
    c->job.kind = SIM_JOB_REQUESTS;
    c->job.requests = n;
    c->job.request.input_tokens = 0;
    c->job.request.output_tokens = output;
}

static void fixed(struct sim_deployment *dep, double every_s, double wait_s, double restart_s)
{
    dep->preemption.mean_interval_s = every_s;
    dep->preemption.wait_s = wait_s;
    dep->preemption.restart_s = restart_s;
    dep->preemption.dist = SIM_PREEMPT_FIXED;
}

static void test_lone_instance(void)
{
    /*
     * 10 tok/s, one worker, 5 calls of 100 tokens: 10 s each.  Preempted 25 s after it serves,
     * back 5 s later, and again 25 s after that:
     *   call 0: 0-10, call 1: 10-20, call 2: 20-25 preempted (50 tokens thrown away);
     *   down 25-30, call 2 again 30-40 (it waited for the instance: the only one);
     *   call 3: 40-50, call 4: 50-55 preempted (50 tokens); down 55-60; call 4 60-70.
     * The next preemption (60 + 25 = 85) comes after the job: wall 70 s.
     * At $3,600/h ($1 a second): billed 70 s = $70, of which 2 x 5 s = $10 while down.
     */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.name = "vm";
    dep.throughput_tok_s = 10;
    dep.per_hour = 3600;
    fixed(&dep, 25, 0, 5);
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 1;
    plain_job(&c, 5, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    const struct sim_deployment_result *o = &r.deployments[0];
    CHECK_NEAR(r.wall_s, 70, EXACT);
    CHECK(r.requests == 5);
    CHECK(r.retries == 0);  /* a re-run is not a retry */
    CHECK(r.attempts == 7); /* 5 calls + 2 re-runs */
    CHECK(r.lost_requests == 0);
    CHECK(r.preemptions == 2 && o->preemptions == 2);
    CHECK(r.rerun_requests == 2 && o->rerun_requests == 2);
    CHECK_NEAR(o->rerun_tokens, 100, EXACT);
    CHECK_NEAR(o->down_s, 10, EXACT);
    CHECK_NEAR(o->unbilled_s, 0, EXACT);
    CHECK_NEAR(o->billed_s, 70, EXACT);
    CHECK_NEAR(o->cost, 70, EXACT);
    CHECK_NEAR(r.cost, 70, EXACT);
    CHECK_NEAR(o->down_cost, 10, EXACT);
    /* Serving 0-25, 30-55, 60-70 = 60 s, busy all of it. */
    CHECK_NEAR(o->available_s, 60, EXACT);
    CHECK_NEAR(o->busy_s, 60, EXACT);
    CHECK_NEAR(o->utilisation, 1, EXACT);
    CHECK(o->output_tokens == 500); /* finished requests only: the thrown-away 100 are not in */
    /* Calls 2 and 4 each took 20 s from their first attempt: 20-40 and 50-70. */
    CHECK_NEAR(r.latency.max, 20, EXACT);
    sim_result_release(&r);

    /*
     * The same downtime split into 3 s with no VM (not billed) and a 2 s restart (billed):
     * the same run, billed 70 - 2 x 3 = 64 s = $64, of which 2 x 2 s = $4 while down.
     */
    fixed(&dep, 25, 3, 2);
    if (sim_test_run(&c, &r) != 0)
        return;
    o = &r.deployments[0];
    CHECK_NEAR(r.wall_s, 70, EXACT);
    CHECK_NEAR(o->down_s, 10, EXACT);
    CHECK_NEAR(o->unbilled_s, 6, EXACT);
    CHECK_NEAR(o->billed_s, 64, EXACT);
    CHECK_NEAR(o->cost, 64, EXACT);
    CHECK_NEAR(o->down_cost, 4, EXACT);
    sim_result_release(&r);

    /* With no preemption the same job takes 50 s and $50: the time and money they cost. */
    memset(&dep.preemption, 0, sizeof dep.preemption);
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 50, EXACT);
    CHECK_NEAR(r.cost, 50, EXACT);
    CHECK(r.preemptions == 0 && r.deployments[0].down_s == 0);
    sim_result_release(&r);
}

static void test_rerun_elsewhere(void)
{
    /*
     * A (preempted 25 s after it serves, 50 s with no VM and 100 s to restart) and B, 10 tok/s
     * each, least-busy (ties to A), 2 workers, 5 calls of 100 tokens:
     *   0-10: call 0 on A, call 1 on B; 10-20: call 2 on A, call 3 on B;
     *   20: call 4 on A (B still holds call 3 when A's completion is handled first);
     *   25: A preempted with call 4 half done (50 tokens); call 4 again on B, 25-35.
     * Wall 35 s.  A is down 25-35 (of its 150 s, the job ends first), all of it without a VM
     * (the wait runs to 75): billed 35 - 10 = 25 s = $25, nothing billed while down; B 35 s.
     */
    struct sim_deployment deps[2];
    for (int i = 0; i < 2; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].throughput_tok_s = 10;
        deps[i].per_hour = 3600;
    }
    deps[0].name = "A";
    deps[1].name = "B";
    fixed(&deps[0], 25, 50, 100);
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = deps;
    c.ndeployments = 2;
    c.client.workers = 2;
    c.router.policy = SIM_ROUTE_LEAST_BUSY;
    plain_job(&c, 5, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    const struct sim_deployment_result *a = &r.deployments[0], *b = &r.deployments[1];
    CHECK_NEAR(r.wall_s, 35, EXACT);
    CHECK(a->requests == 2 && b->requests == 3);
    CHECK(a->preemptions == 1 && a->rerun_requests == 1 && b->preemptions == 0);
    CHECK_NEAR(a->rerun_tokens, 50, EXACT);
    CHECK_NEAR(a->down_s, 10, EXACT);
    CHECK_NEAR(a->unbilled_s, 10, EXACT);
    CHECK_NEAR(a->billed_s, 25, EXACT);
    CHECK_NEAR(a->down_cost, 0, EXACT);
    CHECK_NEAR(b->billed_s, 35, EXACT);
    CHECK_NEAR(r.cost, 60, EXACT);
    /* A served 0-25, busy throughout; B busy 0-20 and 25-35 of its 35 s. */
    CHECK_NEAR(a->available_s, 25, EXACT);
    CHECK_NEAR(a->utilisation, 1, EXACT);
    CHECK_NEAR(b->utilisation, 30.0 / 35, EXACT);
    CHECK(r.retries == 0);
    CHECK_NEAR(r.latency.max, 15, EXACT); /* call 4: 20-35 */
    sim_result_release(&r);
}

static void test_queued_events(void)
{
    /*
     * Per-stream service at 10 tok/s after a 2 s time to first token: a call of 100 tokens
     * takes 12 s.  One worker, 3 calls, preempted 15 s after it serves, 5 s to restart:
     *   call 0: 0-12; call 1: prefill 12-14, decode 14-24, preempted at 15 with 10 tokens;
     *   down 15-20, call 1 again 20-32 (its stale completion at 24 is an orphan's);
     *   next preemption 20 + 15 = 35: call 2, 32-44, preempted at 35 with 10 tokens;
     *   down 35-40, call 2 again 40-52.  Wall 52 s.
     */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.name = "ep";
    dep.stream_tok_s = 10;
    dep.ttft_s = 2;
    fixed(&dep, 15, 0, 5);
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 1;
    plain_job(&c, 3, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 52, EXACT);
    CHECK(r.requests == 3 && r.preemptions == 2 && r.rerun_requests == 2);
    CHECK_NEAR(r.deployments[0].rerun_tokens, 20, EXACT);
    CHECK_NEAR(r.deployments[0].down_s, 10, EXACT);
    CHECK(r.peak_requests == 2); /* the orphan and its call's fresh slot, for 20-24 */
    /* Time to first token of call 2: issued 32, first token 42 (after its re-run). */
    CHECK_NEAR(r.ttft.max, 10, EXACT);
    sim_result_release(&r);

    /*
     * Preempted 13 s after it serves, in prefill each time:
     *   call 0: 0-12; call 1: prefill 12-14, preempted at 13 (no token; its first token at 14
     *   is an orphan's); down 13-18; call 1: 18-30; next preemption 18 + 13 = 31: call 2 in
     *   prefill (30-32); down 31-36; call 2: 36-48; the next (49) after the job.  Wall 48 s.
     */
    fixed(&dep, 13, 0, 5);
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 48, EXACT);
    CHECK(r.requests == 3 && r.preemptions == 2);
    CHECK_NEAR(r.deployments[0].rerun_tokens, 0, EXACT);
    sim_result_release(&r);

    /*
     * Processor sharing with a 2 s time to first token: 20 tok/s shared, 2 workers, 4 calls of
     * 100 tokens: two at a time, 2 s prefill then 10 tok/s each for 10 s: 0-12, 12-24.
     * Preempted at 15: calls 2 and 3 have 1 s of decode, 10 tokens each; down 15-20; both
     * again 20-32; next preemption 20 + 15 = 35.  Wall 32 s, 20 tokens thrown away.
     */
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 20;
    dep.ttft_s = 2;
    fixed(&dep, 15, 0, 5);
    c.client.workers = 2;
    plain_job(&c, 4, 100);
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 32, EXACT);
    CHECK(r.requests == 4 && r.preemptions == 1 && r.rerun_requests == 2);
    CHECK_NEAR(r.deployments[0].rerun_tokens, 20, EXACT);
    sim_result_release(&r);
}

static void test_partial_tokens_and_queue(void)
{
    /*
     * 20 tok/s shared by 2 workers' calls of 100 tokens, at most 1 in service (the other
     * queues): one at a time at 20 tok/s, 5 s each.  5 calls, preempted 12 s after it serves,
     * 3 s to restart: calls 0, 1 by 10; call 2 in service 10-15 and call 3 queued when it is
     * preempted at 12 (call 2 has 40 tokens); down 12-15; calls 2, 3, 4 at 15-20, 20-25,
     * 25-30; the next preemption is at 15 + 12 = 27, during call 4 (40 tokens): down 27-30,
     * call 4 again 30-35.  Wall 35 s; 2 preemptions re-ran 2 + 1 calls, 80 tokens.
     */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 20;
    dep.max_concurrency = 1;
    fixed(&dep, 12, 0, 3);
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 2;
    plain_job(&c, 5, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 35, EXACT);
    CHECK(r.preemptions == 2 && r.rerun_requests == 3);
    CHECK_NEAR(r.deployments[0].rerun_tokens, 80, EXACT);
    CHECK(r.requests == 5 && r.deployments[0].requests == 5);
    sim_result_release(&r);
}

static void test_never_finishes(void)
{
    /* Calls of 10 s preempted every 5 s exactly: none can finish, and the run says so. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.name = "doomed";
    dep.throughput_tok_s = 10;
    fixed(&dep, 5, 0, 1);
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    plain_job(&c, 1, 100);
    struct sim_result r;
    struct diag d = DIAG_INIT;
    CHECK(sim_run(&c, &r, &d) == -1);
    CHECK(d.message && strstr(d.message, "'doomed' was preempted 100000 times"));
    diag_release(&d);
    /* A negative restart is refused before the run. */
    fixed(&dep, 5, 0, -1);
    CHECK(sim_run(&c, &r, &d) == -1);
    CHECK(d.message && strstr(d.message, "preemption time"));
    diag_release(&d);
    fixed(&dep, 5, 0, 1);
    dep.preemption.dist = (enum sim_preempt_dist)7;
    CHECK(sim_run(&c, &r, &d) == -1);
    diag_release(&d);
}

/* A busy instance preempted as a Poisson process of rate 1 / 100 s, restart 0. */
static void poisson_config(struct sim_deployment *deps, struct sim_config *c)
{
    for (int i = 0; i < 2; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].throughput_tok_s = 200;
        deps[i].per_hour = 36;
        deps[i].preemption.mean_interval_s = 100;
    }
    deps[1].preemption.restart_s = 30;
    deps[1].preemption.wait_s = 10;
    sim_config_init(c);
    c->deployments = deps;
    c->ndeployments = 1;
    c->client.workers = 1;
    c->seed = 7;
    plain_job(c, 20000, 10); /* 0.05 s each: 1,000 s of work */
}

static void test_exponential(void)
{
    /*
     * With no downtime the preemptions of an instance that runs W seconds are a Poisson count
     * of mean W / 100 s; one worker re-runs one call each time, and a re-run loses under
     * 0.05 s, so W is 1,000 s and a bit.  Over 40 replications the count is Poisson with mean
     * sum(W) / 100 = about 400: within 4 standard deviations (4 x 20 = 80) of it.
     */
    struct sim_deployment deps[2];
    struct sim_config c;
    poisson_config(deps, &c);
    struct sim_replicates reps;
    struct diag d = DIAG_INIT;
    if (sim_replicate(&c, 40, 2, NULL, &reps, &d) != 0) {
        fprintf(stderr, "sim_replicate: %s\n", d.message);
        CHECK(!"replications run");
        diag_release(&d);
        return;
    }
    double count = 0, wall = 0;
    int rerun_one_each = 1;
    for (size_t i = 0; i < reps.n; i++) {
        count += (double)reps.results[i].preemptions;
        wall += reps.results[i].wall_s;
        rerun_one_each &= reps.results[i].rerun_requests == reps.results[i].preemptions;
    }
    double mean = wall / 100;
    CHECK(fabs(count - mean) <= 4 * sqrt(mean));
    CHECK(rerun_one_each);
    CHECK(wall > 40 * 1000 && wall < 40 * 1000 * 1.001);
    sim_replicates_release(&reps);
}

static void test_threads(void)
{
    /* Two preempted instances (one with a wait and a restart), least-busy: the same results on
     * 1 and 2 threads, bit for bit. */
    struct sim_deployment deps[2];
    struct sim_config c;
    poisson_config(deps, &c);
    c.ndeployments = 2;
    c.client.workers = 4;
    c.router.policy = SIM_ROUTE_SIMPLE_SHUFFLE;
    struct sim_replicates one, two;
    struct diag d = DIAG_INIT;
    if (sim_replicate(&c, 6, 1, NULL, &one, &d) != 0 ||
        sim_replicate(&c, 6, 2, NULL, &two, &d) != 0) {
        fprintf(stderr, "sim_replicate: %s\n", d.message);
        CHECK(!"replications run");
        diag_release(&d);
        return;
    }
    int same = 1;
    uint64_t total = 0;
    for (size_t i = 0; i < one.n; i++) {
        const struct sim_result *a = &one.results[i], *b = &two.results[i];
        same &= a->wall_s == b->wall_s && a->cost == b->cost && a->preemptions == b->preemptions;
        for (size_t k = 0; k < 2; k++)
            same &= a->deployments[k].rerun_tokens == b->deployments[k].rerun_tokens &&
                    a->deployments[k].down_s == b->deployments[k].down_s &&
                    a->deployments[k].billed_s == b->deployments[k].billed_s;
        total += a->preemptions;
    }
    CHECK(same);
    CHECK(total > 0); /* about 6 x 2 x 500 s / 100 s = 60 */
    CHECK(one.wall_s.mean == two.wall_s.mean && one.cost.p90 == two.cost.p90);
    /* Replications differ from each other. */
    CHECK(one.results[0].wall_s != one.results[1].wall_s);
    sim_replicates_release(&one);
    sim_replicates_release(&two);
}

static void test_seeds(void)
{
    CHECK(sim_preempt_seed(1, 0, 0) != sim_preempt_seed(1, 0, 1));
    CHECK(sim_preempt_seed(1, 0, 0) != sim_preempt_seed(1, 1, 0));
    CHECK(sim_preempt_seed(1, 0, 0) != sim_preempt_seed(2, 0, 0));
    CHECK(sim_preempt_seed(1, 0, 0) != sim_stream_seed(1, 0));
    CHECK(sim_preempt_seed(3, 2, 1) == sim_preempt_seed(3, 2, 1));
}

int main(void)
{
    test_lone_instance();
    test_rerun_elsewhere();
    test_queued_events();
    test_partial_tokens_and_queue();
    test_never_finishes();
    test_exponential();
    test_threads();
    test_seeds();
    TEST_END("sim_preempt");
}
