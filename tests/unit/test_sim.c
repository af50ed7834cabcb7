/*
 * Unit tests of the simulation engine, exact cases: fixed service times,
 * processor sharing with a constant throughput, round robin, a server's
 * FIFO queue, provisioning and billing, the timeline, memory bounded by the
 * workers, and the rejection of inconsistent configs.  Every expectation is
 * computed by hand in the comment beside it.  Rate limits, retries and the
 * router are in test_sim_limits.c; statistical checks in test_sim_stats.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "sim_test.h"
#include "test.h"

static void test_fixed_service_times(void)
{
    /* Per-stream service: every request takes ttft + tokens / speed =
     * 0.4 + 100 / 50 = 2.4 s whatever the load.  3 workers, 10 requests:
     * ceil(10 / 3) = 4 rounds, wall 4 * 2.4 = 9.6 s. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.name = "maas";
    dep.stream_tok_s = 50;
    dep.ttft_s = 0.4;
    dep.input_per_1k = 0.5;
    dep.output_per_1k = 2;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 3;
    sim_test_plain_job(&c, 10, 300, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 9.6, 1e-12);
    CHECK(r.requests == 10);
    CHECK(r.calls == 10);
    CHECK(r.examples == 10);
    CHECK(r.rejected == 0 && r.retries == 0 && r.lost_requests == 0);
    /* Every latency is 2.4 s and every TTFT 0.4 s: the clamp to the exact
     * minimum and maximum makes the percentiles exact. */
    CHECK_NEAR(r.latency.p50, 2.4, 1e-12);
    CHECK_NEAR(r.latency.p99, 2.4, 1e-12);
    CHECK_NEAR(r.latency.mean, 2.4, 1e-12);
    CHECK_NEAR(r.ttft.p90, 0.4, 1e-12);
    CHECK(r.latency.n == 10);
    /* Tokens 10 * 300 in, 10 * 100 out: 3 * 0.5 + 1 * 2 = 3.5. */
    CHECK_NEAR(r.input_tokens, 3000, 1e-12);
    CHECK_NEAR(r.output_tokens, 1000, 1e-12);
    CHECK_NEAR(r.cost, 3.5, 1e-12);
    CHECK_NEAR(r.tok_s, 1000 / 9.6, 1e-12);
    /* Busy whenever a request is in service: the whole 9.6 s. */
    CHECK_NEAR(r.deployments[0].utilisation, 1, 1e-12);
    CHECK(isnan(r.deployments[0].throughput_fraction));
    CHECK(r.deployments[0].peak_in_flight == 3);
    CHECK_STR(r.deployments[0].name, "maas");
    /* Events: 10 first tokens + 10 completions. */
    CHECK(r.events == 20);
    CHECK(r.seed == 1);
    sim_result_release(&r);
}

static void test_processor_sharing_constant(void)
{
    /* 4 workers share 100 tok/s: each stream decodes at 25 tok/s, so 4
     * requests of 50 tokens finish together after 2 s.  12 requests: 3
     * rounds, 6 s = 12 * 50 / 100. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 100;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 4;
    sim_test_plain_job(&c, 12, 10, 50);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 6, 1e-12);
    CHECK_NEAR(r.latency.mean, 2, 1e-12);
    CHECK_NEAR(r.ttft.max, 0, 1e-12);
    CHECK_NEAR(r.deployments[0].throughput_fraction, 1, 1e-12);
    CHECK_NEAR(r.deployments[0].utilisation, 1, 1e-12);
    /* Three batches of four simultaneous completions: 3 events. */
    CHECK(r.events == 3);
    sim_result_release(&r);

    struct sim_config c2;
    sim_config_init(&c2);
    c2.deployments = &dep;
    c2.ndeployments = 1;
    c2.client.workers = 2;
    c2.job.kind = SIM_JOB_RAFT; /* question 300 tokens, then 1 answer of 100 */
    c2.job.chunks = 1;
    c2.job.questions = 1;
    c2.job.question.output_tokens = 300;
    c2.job.answer.output_tokens = 100;
    c2.client.pattern = SIM_PATTERN_INDEPENDENT;
    /* Independent pattern: one chunk, so only the question can go first
     * (3 s alone), then the answer (1 s): 4 s, one worker idle throughout. */
    if (sim_test_run(&c2, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 4, 1e-12);
    CHECK(r.requests == 2 && r.examples == 1);
    CHECK(r.deployments[0].peak_in_flight == 1);
    sim_result_release(&r);
}

static double sizes_100_300(const void *ctx, uint64_t call, enum sim_call_kind kind)
{
    (void)ctx;
    (void)kind;
    return call == 0 ? 100 : 300;
}

static void test_processor_sharing_unequal(void)
{
    /* Two overlapping requests of 100 and 300 tokens at 100 tok/s shared:
     * both at 50 tok/s until the first ends at 100 / 50 = 2 s; the second
     * then has 200 left alone at 100 tok/s: 2 s more.  Latencies 2 s and
     * 4 s; wall 4 s = 400 / 100 (the server never idles). */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 100;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 2;
    sim_test_plain_job(&c, 2, 0, 0);
    c.job.output_tokens_fn = sizes_100_300;
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 4, 1e-12);
    CHECK_NEAR(r.latency.mean, 3, 1e-12);
    CHECK_NEAR(r.output_tokens, 400, 1e-12);
    CHECK(r.events == 2);
    sim_result_release(&r);

    /* Three requests 100, 300, 300 on 3 workers: at 100/3 tok/s each the
     * first ends at 3 s; the two others have 200 left at 50 tok/s: 4 s
     * more, ending together at 7 s = 700 / 100. */
    c.client.workers = 3;
    c.job.requests = 3;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 7, 1e-12);
    CHECK_NEAR(r.latency.mean, (3 + 7 + 7) / 3.0, 1e-12);
    sim_result_release(&r);
}

static void test_least_busy_ties(void)
{
    /* One worker, three idle identical deployments: every call finds all
     * three with nothing in flight, and a tie goes to the first. */
    struct sim_deployment deps[3];
    for (int i = 0; i < 3; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].throughput_tok_s = 100;
    }
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = deps;
    c.ndeployments = 3;
    c.router.policy = SIM_ROUTE_LEAST_BUSY;
    sim_test_plain_job(&c, 5, 0, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.deployments[0].requests == 5 && r.deployments[1].requests == 0);
    sim_result_release(&r);
    /* Four workers: calls at 0 go to 0, 1, 2, then 0 (in flight 1 1 1). */
    c.client.workers = 4;
    c.job.requests = 4;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.deployments[0].requests == 2 && r.deployments[1].requests == 1 &&
          r.deployments[2].requests == 1);
    sim_result_release(&r);
}

static void test_raft_pattern(void)
{
    /* RAFT job, raft pattern: 2 chunks of 1 question call (200 tokens) + 3
     * answer calls (100 tokens), 2 workers on a per-stream 100 tok/s
     * endpoint.  Each worker: 2 s + 3 * 1 s = 5 s for its chunk, in
     * parallel: wall 5 s; 8 calls, 6 examples. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.stream_tok_s = 100;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 2;
    c.job.kind = SIM_JOB_RAFT;
    c.job.chunks = 2;
    c.job.questions = 3;
    c.job.question.output_tokens = 200;
    c.job.answer.output_tokens = 100;
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 5, 1e-12);
    CHECK(r.calls == 8 && r.requests == 8 && r.examples == 6);
    sim_result_release(&r);

    /* Independent pattern, same job, 4 workers: both questions at 0 (2 s),
     * then 6 answers on 4 workers: 4 at 2 s, 2 at 3 s, ending at 4 s. */
    c.client.workers = 4;
    c.client.pattern = SIM_PATTERN_INDEPENDENT;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 4, 1e-12);
    CHECK(r.examples == 6);
    CHECK(r.deployments[0].peak_in_flight == 4);
    sim_result_release(&r);

    /* Raft pattern with 4 workers and 2 chunks: two workers never get a
     * chunk, the wall stays 5 s. */
    c.client.pattern = SIM_PATTERN_RAFT;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 5, 1e-12);
    CHECK(r.deployments[0].peak_in_flight == 2);
    sim_result_release(&r);
}

static void test_round_robin(void)
{
    /* Two deployments of 100 tok/s, 2 workers, round robin, requests of 100
     * tokens: each deployment serves one at a time in 1 s.  11 requests:
     * the first deployment takes 0, 2, ..., 10 (6), the second 5; wall 6 s. */
    struct sim_deployment deps[2];
    for (int i = 0; i < 2; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].throughput_tok_s = 100;
    }
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = deps;
    c.ndeployments = 2;
    c.client.workers = 2;
    c.router.policy = SIM_ROUTE_ROUND_ROBIN;
    sim_test_plain_job(&c, 11, 0, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.deployments[0].requests == 6);
    CHECK(r.deployments[1].requests == 5);
    CHECK_NEAR(r.wall_s, 6, 1e-12);
    /* The second deployment idles for the last second: 5 of 6 s. */
    CHECK_NEAR(r.deployments[1].utilisation, 5.0 / 6, 1e-12);
    CHECK_NEAR(r.deployments[0].tok_s + r.deployments[1].tok_s, r.tok_s, 1e-12);
    sim_result_release(&r);

    /* 10 requests split exactly 5 and 5, wall 5 s. */
    c.job.requests = 10;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.deployments[0].requests == 5 && r.deployments[1].requests == 5);
    CHECK_NEAR(r.wall_s, 5, 1e-12);
    sim_result_release(&r);
}

static void test_server_queue(void)
{
    /* max_concurrency 2 at a 100 tok/s server, 4 workers, 8 requests of 100
     * tokens.  Two in service at 50 tok/s each: 2 s a pair, 4 pairs: 8 s.
     * Latencies: the first pair 2 s; the second pair waits 0..2 and is
     * served 2..4: 4 s; the workers freed at 2 s issue the third pair,
     * which waits 2..4 and is served 4..6: 4 s; the fourth likewise: 4 s.
     * Mean (2 * 2 + 6 * 4) / 8 = 3.5 s; TTFT (time to decode start, ttft
     * 0): 0, 0, then 2 s six times: mean 1.5 s. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 100;
    dep.max_concurrency = 2;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 4;
    sim_test_plain_job(&c, 8, 0, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 8, 1e-12);
    CHECK_NEAR(r.latency.mean, 3.5, 1e-12);
    CHECK_NEAR(r.latency.max, 4, 1e-12);
    CHECK_NEAR(r.ttft.mean, 1.5, 1e-12);
    CHECK(r.deployments[0].peak_in_flight == 4);
    sim_result_release(&r);
}

struct steps {
    int n;
    double start[16], end[16], tokens[16][2];
    uint64_t completed[2];
};

static void on_step(void *ctx, const struct sim_timeline_step *step)
{
    struct steps *s = ctx;
    if (s->n < 16) {
        s->start[s->n] = step->start_s;
        s->end[s->n] = step->end_s;
        for (size_t i = 0; i < step->ndeployments && i < 2; i++)
            s->tokens[s->n][i] = step->deployments[i].output_tokens;
    }
    for (size_t i = 0; i < step->ndeployments && i < 2; i++)
        s->completed[i] += step->deployments[i].completed;
    s->n++;
}

static void test_provisioning_and_billing(void)
{
    /*
     * A serverless endpoint S (100 tok/s shared; 0.001 per 1K in, 0.002
     * per 1K out) and a dedicated instance D (100 tok/s; ready after 100 s;
     * 36 per hour; teardown 50 s); least-busy; 2 workers; 40 requests of
     * 500 in, 1000 out.  Until 100 s only S serves: 2 streams at 50 tok/s,
     * 20 s a pair, 10 requests by 100 s.  At 100 s both finish together;
     * the first worker's next call goes to S (tie, first deployment), the
     * second to D (S has one in flight).  From then each serves one at a
     * time, 10 s each: 15 more each, ending at 100 + 150 = 250 s.
     * S: 25 requests, 12,500 in -> 0.0125, 25,000 out -> 0.05: 0.0625.
     * D: billed 0 .. 250 + 50 = 300 s at 36/h: 3.0.  Total 3.0625.
     */
    struct sim_deployment deps[2];
    sim_deployment_init(&deps[0]);
    deps[0].name = "S";
    deps[0].throughput_tok_s = 100;
    deps[0].input_per_1k = 0.001;
    deps[0].output_per_1k = 0.002;
    sim_deployment_init(&deps[1]);
    deps[1].name = "D";
    deps[1].throughput_tok_s = 100;
    deps[1].provisioning_s = 100;
    deps[1].teardown_s = 50;
    deps[1].per_hour = 36;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = deps;
    c.ndeployments = 2;
    c.client.workers = 2;
    c.router.policy = SIM_ROUTE_LEAST_BUSY;
    sim_test_plain_job(&c, 40, 500, 1000);
    struct steps st;
    memset(&st, 0, sizeof st);
    c.hooks.timeline = on_step;
    c.hooks.timeline_ctx = &st;
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK_NEAR(r.wall_s, 250, 1e-12);
    CHECK(r.deployments[0].requests == 25 && r.deployments[1].requests == 15);
    CHECK_NEAR(r.deployments[0].cost, 0.0625, 1e-12);
    CHECK_NEAR(r.deployments[1].billed_s, 300, 1e-12);
    CHECK_NEAR(r.deployments[1].cost, 3.0, 1e-12);
    CHECK_NEAR(r.cost, 3.0625, 1e-12);
    CHECK_NEAR(r.deployments[0].billed_s, 0, 1e-12);
    CHECK_NEAR(r.deployments[1].ready_s, 100, 1e-12);
    CHECK_NEAR(r.deployments[1].available_s, 150, 1e-12);
    CHECK_NEAR(r.deployments[1].utilisation, 1, 1e-12);
    /*
     * Timeline, steps of 60 s: [0,60) [60,120) [120,180) [180,240) and the
     * partial [240,250].  S decodes 100 tok/s throughout: 6,000 a step,
     * 1,000 in the last.  D decodes from 100 s: 2,000 in the second step,
     * 6,000, 6,000, then 1,000: 15,000 = 15 requests.
     */
    CHECK(st.n == 5);
    CHECK_NEAR(st.start[4], 240, 1e-12);
    CHECK_NEAR(st.end[4], 250, 1e-12);
    CHECK_NEAR(st.tokens[0][0], 6000, 1e-9);
    CHECK_NEAR(st.tokens[0][1], 0, 1e-9);
    CHECK_NEAR(st.tokens[1][1], 2000, 1e-9);
    CHECK_NEAR(st.tokens[2][1], 6000, 1e-9);
    CHECK_NEAR(st.tokens[4][0], 1000, 1e-9);
    double sum = 0;
    for (int i = 0; i < 5; i++)
        sum += st.tokens[i][0] + st.tokens[i][1];
    CHECK_NEAR(sum, 40000, 1e-9);
    CHECK(st.completed[0] == 25 && st.completed[1] == 15);
    sim_result_release(&r);
}

static void test_memory_flat(void)
{
    /* 100,000 requests by 8 workers: never more than 8 requests held. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 1000;
    dep.ttft_s = 0.1;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 8;
    sim_test_plain_job(&c, 100000, 100, 100);
    c.job.output_dist = SIM_DIST_LOGNORMAL;
    c.job.output_cv = 0.5;
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.peak_requests == 8);
    CHECK(r.requests == 100000);
    sim_result_release(&r);
}

/* sim_run's diagnostic for a config, or "" when it ran. */
static char *why(const struct sim_config *c)
{
    struct sim_result r;
    struct diag d = DIAG_INIT;
    static char msg[512];
    msg[0] = 0;
    if (sim_run(c, &r, &d) != 0) {
        snprintf(msg, sizeof msg, "%s", d.message ? d.message : "?");
        CHECK(r.deployments == NULL);
    } else {
        sim_result_release(&r);
    }
    diag_release(&d);
    return msg;
}

static double zero_rate(const void *ctx, double n)
{
    (void)ctx;
    return n < 3 ? 10 * n : 0; /* breaks down at 3 concurrent requests */
}

static void test_rejects_bad_config(void)
{
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 100;
    struct sim_config c;
    sim_config_init(&c);
    sim_test_plain_job(&c, 10, 1, 1);
    CHECK(strstr(why(&c), "no deployment"));
    c.deployments = &dep;
    c.ndeployments = 1;
    CHECK_STR(why(&c), "");
    c.client.workers = 0;
    CHECK(strstr(why(&c), "at least one worker"));
    c.client.workers = 2;
    dep.throughput_tok_s = 0;
    CHECK(strstr(why(&c), "needs a throughput"));
    dep.throughput_tok_s = 100;
    dep.stream_tok_s = 30;
    CHECK(strstr(why(&c), "more than one of"));
    dep.stream_tok_s = 0;
    dep.ttft_s = -1;
    CHECK(strstr(why(&c), "negative, NaN or infinite"));
    dep.ttft_s = NAN;
    CHECK(strstr(why(&c), "negative, NaN or infinite"));
    dep.ttft_s = 0;
    dep.limits.window_s = 0;
    CHECK(strstr(why(&c), "limit window"));
    dep.limits.window_s = 60;
    c.router.policy = (enum sim_routing)99;
    CHECK(strstr(why(&c), "unknown routing policy"));
    c.router.policy = SIM_ROUTE_LEAST_BUSY;
    c.client.retry.jitter = 2;
    CHECK(strstr(why(&c), "jitter"));
    c.client.retry.jitter = 0;
    c.client.retry.initial_s = 0;
    CHECK(strstr(why(&c), "retry delays must be positive"));
    c.client.retry.initial_s = 0.5;
    dep.throughput_tok_s = 1e-9;
    CHECK(strstr(why(&c), "slower than a millionth"));
    dep.throughput_tok_s = 100;
    c.client.arrival_rate_s = 1;
    c.job.kind = SIM_JOB_RAFT;
    c.job.questions = 2;
    CHECK(strstr(why(&c), "open-loop"));
    c.client.arrival_rate_s = 0;
    c.job.questions = 0;
    CHECK(strstr(why(&c), "at least one question"));
    c.job.kind = SIM_JOB_REQUESTS;
    c.job.request.output_tokens = -5;
    CHECK(strstr(why(&c), "request call's tokens"));
    c.job.request.output_tokens = 1;
    c.client.workers = 20000000;
    CHECK(strstr(why(&c), "more than the"));
    c.client.workers = 4;
    /* A curve that returns 0 at 3 requests stops the run with a message. */
    dep.throughput_tok_s = 0;
    dep.rate_tok_s = zero_rate;
    dep.name = "flat";
    CHECK(strstr(why(&c), "'flat': the throughput at 3 requests in decode is 0 tok/s"));
    c.client.workers = 2;
    CHECK_STR(why(&c), "");
    /* Names and their inverses. */
    CHECK(sim_routing_from_name("least-busy") == SIM_ROUTE_LEAST_BUSY);
    CHECK(sim_routing_from_name("latency-based") == SIM_ROUTE_LATENCY_BASED);
    CHECK(sim_routing_from_name("fastest") == -1);
    CHECK_STR(sim_routing_name(SIM_ROUTE_USAGE_BASED), "usage-based");
    CHECK(sim_pattern_from_name("independent") == SIM_PATTERN_INDEPENDENT);
    CHECK(sim_pattern_from_name("RAFT") == -1);
    CHECK_STR(sim_pattern_name(SIM_PATTERN_RAFT), "raft");
}

static void test_empty_job(void)
{
    /* No calls: wall 0, and a dedicated instance is billed its teardown
     * only: 60 s at 3.6/h = 0.06. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.throughput_tok_s = 100;
    dep.per_hour = 3.6;
    dep.teardown_s = 60;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.wall_s == 0 && r.requests == 0 && r.events == 0);
    CHECK(isnan(r.latency.p50));
    CHECK_NEAR(r.cost, 0.06, 1e-12);
    sim_result_release(&r);
    sim_result_release(NULL);
}

int main(void)
{
    test_fixed_service_times();
    test_processor_sharing_constant();
    test_processor_sharing_unequal();
    test_least_busy_ties();
    test_raft_pattern();
    test_round_robin();
    test_server_queue();
    test_provisioning_and_billing();
    test_memory_flat();
    test_rejects_bad_config();
    test_empty_job();
    TEST_END("sim");
}
