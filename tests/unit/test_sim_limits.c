/*
 * Unit tests of the simulation's rate limits, retries and router: a token
 * bucket that admits exactly k requests a minute, a TPM limit never exceeded
 * in any 60-second window (from the admission records), the two TPM cost
 * rules, retries and backoff with jitter 0, lost requests and examples,
 * cooldowns, and what each routing policy picks.  The hand computation is in
 * the comment beside each expectation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "sim_test.h"
#include "test.h"

/* Admission and rejection records from the trace hook. */
struct records {
    size_t n, cap;
    struct sim_trace *e;
};

static void record(void *ctx, const struct sim_trace *t)
{
    struct records *rec = ctx;
    if (rec->n == rec->cap) {
        rec->cap = rec->cap ? 2 * rec->cap : 256;
        rec->e = realloc(rec->e, rec->cap * sizeof *rec->e);
        if (!rec->e)
            abort();
    }
    rec->e[rec->n++] = *t;
}

static void trace_into(struct sim_config *c, struct records *rec)
{
    memset(rec, 0, sizeof *rec);
    c->hooks.trace = record;
    c->hooks.trace_ctx = rec;
}

static void test_rpm_bucket_k_per_minute(void)
{
    /*
     * RPM 6, a bucket of one minute's allowance (6) refilled at 6 / 60 =
     * 0.1 a second, full at the start.  20 workers hammer it with 30 fast
     * requests (0.01 s each); retries are unlimited and jitter 0.  At 0 the
     * 6 in the bucket go; every later admission waits for one refill: 10 s
     * (= 60 / k) after the previous, honouring the retry-after of 10 s.  So
     * after the first burst, every minute admits exactly k = 6.
     */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.stream_tok_s = 1000;
    dep.limits.rpm = 6;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 20;
    c.client.retry.max = 1000;
    c.client.retry.jitter = 0;
    sim_test_plain_job(&c, 30, 10, 10);
    struct records rec;
    trace_into(&c, &rec);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    double admit[64];
    size_t na = 0;
    for (size_t i = 0; i < rec.n; i++)
        if (rec.e[i].kind == SIM_TRACE_ADMIT && na < 64)
            admit[na++] = rec.e[i].time_s;
    CHECK(na == 30);
    int ok = 1;
    for (size_t i = 0; i < 6; i++)
        ok &= admit[i] == 0;
    for (size_t i = 6; i < na; i++)
        ok &= fabs(admit[i] - admit[i - 1] - 10) < 1e-9;
    CHECK(ok);
    /* Minutes [61, 121) and [121, 181): 70..120 and 130..180, 6 each. */
    for (int m = 1; m <= 2; m++) {
        int count = 0;
        for (size_t i = 0; i < na; i++)
            count += admit[i] >= 60 * m + 1 && admit[i] < 60 * m + 61;
        CHECK(count == 6);
    }
    /* The last admission at 24 * 10 = 240 s, served in 0.01 s. */
    CHECK_NEAR(r.wall_s, 240.01, 1e-9);
    CHECK(r.requests == 30 && r.lost_requests == 0);
    free(rec.e);
    sim_result_release(&r);
}

/* Sum of admitted costs in (t - window, t] for each admission at t: the
 * most.  The window's open end allows a nanosecond, as the limit does: a
 * retry at a computed expiry lands on the edge give or take a rounding. */
static double max_window_tokens(const struct records *rec, double window)
{
    double best = 0;
    for (size_t j = 0; j < rec->n; j++) {
        if (rec->e[j].kind != SIM_TRACE_ADMIT)
            continue;
        double sum = 0;
        for (size_t i = 0; i <= j; i++)
            if (rec->e[i].kind == SIM_TRACE_ADMIT &&
                rec->e[i].time_s > rec->e[j].time_s - window + 1e-9)
                sum += rec->e[i].cost_tokens;
        if (sum > best)
            best = sum;
    }
    return best;
}

static void test_tpm_window(void)
{
    /*
     * TPM 20,000, 16 workers asking for ~1,300-token calls (1,000 in, a
     * lognormal 300 out, cv 0.5, at most 1,200) that take ~8 s each: about
     * 150,000 tokens a minute wanted, so the limit binds all the way.
     * Sliding window: in any 60 s no more than 20,000 tokens are admitted,
     * counted at input + actual output.
     */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.stream_tok_s = 40;
    dep.ttft_s = 0.5;
    dep.limits.tpm = 20000;
    dep.limits.kind = SIM_LIMIT_SLIDING;
    dep.limits.cost = SIM_COST_ACTUAL;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 16;
    c.client.retry.max = 1000;
    sim_test_plain_job(&c, 400, 1000, 300);
    c.job.request.max_tokens = 1200;
    c.job.output_dist = SIM_DIST_LOGNORMAL;
    c.job.output_cv = 0.5;
    c.seed = 7;
    struct records rec;
    trace_into(&c, &rec);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    double most = max_window_tokens(&rec, 60);
    CHECK(most <= 20000 * (1 + 1e-9));
    CHECK(most > 18000); /* it binds: the check above can fail */
    CHECK(r.rejected > 100 && r.lost_requests == 0 && r.requests == 400);
    /* The costs are input + output: 400 * 1000 + the output drawn. */
    double cost = 0;
    for (size_t i = 0; i < rec.n; i++)
        if (rec.e[i].kind == SIM_TRACE_ADMIT)
            cost += rec.e[i].cost_tokens;
    CHECK_NEAR(cost, r.input_tokens + r.output_tokens, 1e-12);
    /* ~1,300 tokens a call at 20,000 a minute: 400 calls take ~26 min. */
    CHECK(r.wall_s > 23 * 60 && r.wall_s < 30 * 60);
    free(rec.e);
    sim_result_release(&r);

    /*
     * The continuous bucket (capacity one minute, full at the start) only
     * promises capacity + rate * T in any T seconds: up to 2 x 20,000 in a
     * minute, and its first minute does take the burst.  Over the whole run
     * no more than capacity + rate * wall is admitted.
     */
    dep.limits.kind = SIM_LIMIT_BUCKET;
    trace_into(&c, &rec);
    if (sim_test_run(&c, &r) != 0)
        return;
    most = max_window_tokens(&rec, 60);
    CHECK(most > 20000 * 1.3);
    CHECK(most <= 40000 * (1 + 1e-9));
    double total = 0;
    for (size_t i = 0; i < rec.n; i++)
        if (rec.e[i].kind == SIM_TRACE_ADMIT)
            total += rec.e[i].cost_tokens;
    CHECK(total <= 20000 + 20000 / 60.0 * r.wall_s + 1e-6);
    free(rec.e);
    sim_result_release(&r);
}

static void test_tpm_cost_rule(void)
{
    /*
     * TPM 6,000 (bucket, full at 0), calls of 100 in and 100 out with
     * max_tokens 500, 40 workers at once.  Counted as Azure estimates
     * (input + max_tokens = 600) the bucket admits 10 at 0; counted at the
     * actual output (200) it admits 30.
     */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.stream_tok_s = 10; /* 10 s a call: nothing finishes before the check */
    dep.limits.tpm = 6000;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 40;
    c.client.retry.max = 0;
    sim_test_plain_job(&c, 40, 100, 100);
    c.job.request.max_tokens = 500;
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.requests == 10 && r.lost_requests == 30);
    sim_result_release(&r);
    dep.limits.cost = SIM_COST_ACTUAL;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.requests == 30 && r.lost_requests == 10);
    sim_result_release(&r);
}

static void test_retries_backoff(void)
{
    /*
     * Concurrency limit 1 at an endpoint where a call takes 10 s; 3 workers,
     * 5 calls; retries max 2, 0.5 s doubling, jitter 0.  The first call is
     * admitted.  The 2nd and 3rd get 429s with no retry-after at 0, back off
     * 0.5 s (to 0.5), then 1 s (to 1.5), and are lost there.  Their workers
     * take calls 4 and 5 at 1.5: lost the same way at 3.0.  The first ends
     * at 10 s.  4 lost calls x 3 attempts = 12 rejections, 8 retries.
     */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.stream_tok_s = 10;
    dep.limits.concurrency = 1;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 3;
    c.client.retry.jitter = 0;
    sim_test_plain_job(&c, 5, 10, 100);
    struct records rec;
    trace_into(&c, &rec);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.requests == 1 && r.lost_requests == 4 && r.lost_examples == 4);
    CHECK(r.rejected == 12 && r.retries == 8 && r.attempts == 13);
    CHECK_NEAR(r.wall_s, 10, 1e-12);
    double lost_at[4];
    size_t nl = 0;
    for (size_t i = 0; i < rec.n; i++)
        if (rec.e[i].kind == SIM_TRACE_LOST && nl < 4)
            lost_at[nl++] = rec.e[i].time_s;
    CHECK(nl == 4);
    CHECK_NEAR(lost_at[0], 1.5, 1e-12);
    CHECK_NEAR(lost_at[1], 1.5, 1e-12);
    CHECK_NEAR(lost_at[2], 3.0, 1e-12);
    CHECK_NEAR(lost_at[3], 3.0, 1e-12);
    free(rec.e);
    sim_result_release(&r);

    /* A call bigger than the TPM bucket can never go: 6 retries wait 0.5,
     * 1, 2, 4, 8 and 8 (the cap), so it is lost at 23.5 s. */
    sim_deployment_init(&dep);
    dep.stream_tok_s = 10;
    dep.limits.tpm = 1000;
    c.client.workers = 1;
    c.client.retry.max = 6;
    sim_test_plain_job(&c, 1, 2000, 10);
    memset(&c.hooks, 0, sizeof c.hooks);
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.lost_requests == 1 && r.retries == 6 && r.rejected == 7);
    CHECK_NEAR(r.wall_s, 23.5, 1e-12);
    sim_result_release(&r);

    /* With jitter 25% each wait is between 75% and 100% of that. */
    c.client.retry.jitter = 0.25;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.wall_s >= 0.75 * 23.5 && r.wall_s < 23.5);
    sim_result_release(&r);
}

static void test_retry_after(void)
{
    /* RPM 1: the second of two calls gets a retry-after of 60 s (one
     * refill of 1 at 1/60 a second), honoured: admitted at 60, done at 61. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.stream_tok_s = 100;
    dep.limits.rpm = 1;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.workers = 2;
    c.client.retry.jitter = 0;
    sim_test_plain_job(&c, 2, 10, 100);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.requests == 2 && r.retries == 1);
    CHECK_NEAR(r.wall_s, 61, 1e-9);
    CHECK_NEAR(r.latency.max, 61, 1e-9);
    sim_result_release(&r);
    /* A client that ignores retry-afters over 30 s backs off instead: 0.5
     * then 1 s, and the call is lost at 1.5 s; the first ends at 1 s. */
    c.client.retry.retry_after_max_s = 30;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.requests == 1 && r.lost_requests == 1 && r.retries == 2);
    CHECK_NEAR(r.wall_s, 1.5, 1e-12);
    sim_result_release(&r);
}

static void test_lost_examples(void)
{
    /* RAFT job, 3 chunks of 4 questions; the question call (3,000 tokens
     * in) is over the TPM bucket (2,000) and no retries: each question is
     * lost at once, losing its chunk's 4 examples; no answer is made. */
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.stream_tok_s = 100;
    dep.limits.tpm = 2000;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.client.retry.max = 0;
    c.job.kind = SIM_JOB_RAFT;
    c.job.chunks = 3;
    c.job.questions = 4;
    c.job.question.input_tokens = 3000;
    c.job.question.output_tokens = 100;
    c.job.answer.input_tokens = 500;
    c.job.answer.output_tokens = 100;
    struct sim_result r;
    for (int pattern = 0; pattern < 2; pattern++) {
        c.client.pattern = (enum sim_pattern)pattern;
        if (sim_test_run(&c, &r) != 0)
            return;
        CHECK(r.calls == 3 && r.lost_requests == 3 && r.lost_examples == 12);
        CHECK(r.examples == 0 && r.requests == 0);
        CHECK(r.wall_s == 0);
        sim_result_release(&r);
    }
    /* The answers over the limit instead: 2 chunks of 3; both questions
     * succeed (1 s each), the 6 answers are lost: 6 examples. */
    c.job.chunks = 2;
    c.job.questions = 3;
    c.job.question.input_tokens = 500;
    c.job.answer.input_tokens = 3000;
    for (int pattern = 0; pattern < 2; pattern++) {
        c.client.pattern = (enum sim_pattern)pattern;
        if (sim_test_run(&c, &r) != 0)
            return;
        CHECK(r.calls == 8 && r.requests == 2 && r.lost_requests == 6);
        CHECK(r.lost_examples == 6 && r.examples == 0);
        CHECK_NEAR(r.wall_s, 2, 1e-12); /* one worker: two questions in a row */
        sim_result_release(&r);
    }
}

static void test_cooldown(void)
{
    /*
     * Round robin over two 100 tok/s endpoints, calls of 100 tokens (1 s),
     * one worker, 15 calls.  The second has RPM 1: it serves the call at
     * 1 s, then answers 429.  allowed_fails 0 and a cooldown of 5 s: the
     * first 429 (at 3 s) cools it down until 8 s; the router re-routes at
     * once (router retries 1) to the first; at 8 s it is tried again, fails
     * again, and cools down until 13.  Its 429s: 3, 8, 13; the client never
     * retries.
     */
    struct sim_deployment deps[2];
    for (int i = 0; i < 2; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].stream_tok_s = 100;
    }
    deps[1].limits.rpm = 1;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = deps;
    c.ndeployments = 2;
    c.router.policy = SIM_ROUTE_ROUND_ROBIN;
    c.router.allowed_fails = 0;
    c.router.cooldown_s = 5;
    c.router.retries = 1;
    sim_test_plain_job(&c, 15, 10, 100);
    struct records rec;
    trace_into(&c, &rec);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    double fails[8];
    size_t nf = 0;
    for (size_t i = 0; i < rec.n; i++)
        if (rec.e[i].kind == SIM_TRACE_REJECT && nf < 8)
            fails[nf++] = rec.e[i].deployment == 1 ? rec.e[i].time_s : -1;
    CHECK(nf == 3);
    CHECK(fails[0] == 3 && fails[1] == 8 && fails[2] == 13);
    CHECK(r.retries == 0 && r.requests == 15);
    CHECK(r.deployments[0].requests == 14 && r.deployments[1].requests == 1);
    CHECK_NEAR(r.wall_s, 15, 1e-12);
    free(rec.e);
    sim_result_release(&r);

    /*
     * allowed_fails 1: a cooldown needs a second failure within 5 s of the
     * first.  Fails at 3 (count 1) and 4 (count 2 > 1: cools until 9); at 9
     * the count has expired (5 s since 4): count 1; at 10 count 2: cools
     * until 15.  Its 429s: 3, 4, 9, 10.
     */
    c.router.allowed_fails = 1;
    trace_into(&c, &rec);
    if (sim_test_run(&c, &r) != 0)
        return;
    nf = 0;
    for (size_t i = 0; i < rec.n; i++)
        if (rec.e[i].kind == SIM_TRACE_REJECT && nf < 8)
            fails[nf++] = rec.e[i].time_s;
    CHECK(nf == 4);
    CHECK(fails[0] == 3 && fails[1] == 4 && fails[2] == 9 && fails[3] == 10);
    free(rec.e);
    sim_result_release(&r);

    /* A single deployment never cools down (there is nowhere else to go):
     * the client's retries meet the deployment itself, not the router. */
    c.ndeployments = 1;
    c.deployments = &deps[1];
    c.client.retry.jitter = 0;
    sim_test_plain_job(&c, 2, 10, 100);
    c.client.workers = 2;
    trace_into(&c, &rec);
    if (sim_test_run(&c, &r) != 0)
        return;
    int router_429 = 0;
    for (size_t i = 0; i < rec.n; i++)
        router_429 += rec.e[i].kind == SIM_TRACE_REJECT && rec.e[i].deployment < 0;
    CHECK(router_429 == 0);
    CHECK(r.requests == 2); /* the second waits for its 60 s retry-after */
    free(rec.e);
    sim_result_release(&r);
}

static void test_simple_shuffle(void)
{
    /*
     * Weights 3 and 1 over two fast endpoints, 4,000 sequential calls: the
     * first gets a binomial share with p = 0.75, sd sqrt(p (1 - p) / n) =
     * 0.0068; allow 4 sd.  Without weights, 0.5 with sd 0.0079.
     */
    struct sim_deployment deps[2];
    for (int i = 0; i < 2; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].stream_tok_s = 1000;
    }
    deps[0].weight = 3;
    deps[1].weight = 1;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = deps;
    c.ndeployments = 2;
    sim_test_plain_job(&c, 4000, 1, 1);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    double share = (double)r.deployments[0].requests / 4000;
    CHECK(fabs(share - 0.75) < 4 * sqrt(0.75 * 0.25 / 4000));
    sim_result_release(&r);
    deps[0].weight = deps[1].weight = 0;
    if (sim_test_run(&c, &r) != 0)
        return;
    share = (double)r.deployments[0].requests / 4000;
    CHECK(fabs(share - 0.5) < 4 * sqrt(0.25 / 4000));
    sim_result_release(&r);
    /* No weight: rpm decides (3,000 and 1,000; far above the demand). */
    deps[0].limits.rpm = 30000;
    deps[1].limits.rpm = 10000;
    if (sim_test_run(&c, &r) != 0)
        return;
    share = (double)r.deployments[0].requests / 4000;
    CHECK(fabs(share - 0.75) < 4 * sqrt(0.75 * 0.25 / 4000));
    sim_result_release(&r);
}

static void test_usage_and_latency_based(void)
{
    /*
     * Usage-based, two equal endpoints, one worker, 100 calls of 0.5 s, all
     * within the first minute: a call goes to the one with fewer tokens
     * this minute; after each pair both have served the same: exactly 50
     * and 50.
     */
    struct sim_deployment deps[2];
    for (int i = 0; i < 2; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].stream_tok_s = 100;
    }
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = deps;
    c.ndeployments = 2;
    c.router.policy = SIM_ROUTE_USAGE_BASED;
    sim_test_plain_job(&c, 100, 50, 50);
    struct sim_result r;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.deployments[0].requests == 50 && r.deployments[1].requests == 50);
    sim_result_release(&r);
    /* A TPM of 1,000 on the first: once its tokens this minute (100 a call)
     * plus a call's 50 input pass 1,000 it is left out: after 9 calls
     * (900 + 50 <= 1,000; 1,000 + 50 > 1,000 after the 10th). */
    deps[0].limits.tpm = 1000;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.deployments[0].requests == 10 && r.deployments[1].requests == 90);
    sim_result_release(&r);

    /*
     * Latency-based: 100 tok/s and 10 tok/s per stream, one worker.  The
     * first call goes to either (both 0); then the unused one (0) is
     * lowest; from then on the fast one (0.01 s a token) beats the slow
     * (0.1).  The slow one serves at most one call.
     */
    deps[0].limits.tpm = 0;
    deps[1].stream_tok_s = 10;
    c.router.policy = SIM_ROUTE_LATENCY_BASED;
    c.job.requests = 50;
    if (sim_test_run(&c, &r) != 0)
        return;
    CHECK(r.deployments[1].requests <= 1 && r.deployments[0].requests >= 49);
    sim_result_release(&r);
}

int main(void)
{
    test_rpm_bucket_k_per_minute();
    test_tpm_window();
    test_tpm_cost_rule();
    test_retries_backoff();
    test_retry_after();
    test_lost_examples();
    test_cooldown();
    test_simple_shuffle();
    test_usage_and_latency_based();
    TEST_END("sim_limits");
}
