/*
 * Tests of the simulation through the scenario: YAML in, model_run and
 * model_sim_run, figures out.  The expectations are computed by hand beside
 * each check; the random cases use the scenario files and check properties
 * that must hold exactly (a limit never exceeded, the same results on any
 * number of threads) or within the stated tolerance.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "model_sim.h"
#include "scenario.h"
#include "scenario_test.h"
#include "test.h"

#define EXACT 1e-9

/* Applies "PATH=VALUE" settings (NULL-terminated), then the model and the simulation. */
static int run(struct scenario *s, struct report *r, const char *const *sets, unsigned threads)
{
    struct diag d = DIAG_INIT;
    for (size_t i = 0; sets && sets[i]; i++)
        if (params_set_text(s, sets[i], "--set", &d) != 0)
            goto fail;
    if (scenario_validate(s, &d) != 0 || model_run(s, r, &d) != 0)
        goto fail;
    if (model_sim_run(s, r, threads, NULL, &d) != 0) {
        report_release(r);
        goto fail;
    }
    return 0;
fail:
    diag_render(&d, stderr);
    diag_release(&d);
    CHECK(!"the scenario simulates");
    return -1;
}

static int load_and_run(const char *yaml, struct scenario *s, struct report *r,
                        const char *const *sets)
{
    if (scenario_test_load(yaml, s) != 0) {
        CHECK(!"scenario loads");
        return -1;
    }
    if (run(s, r, sets, 1) != 0) {
        scenario_release(s);
        return -1;
    }
    return 0;
}

static int load_file_and_run(const char *path, struct scenario *s, struct report *r,
                             const char *const *sets, unsigned threads)
{
    struct diag d = DIAG_INIT;
    if (scenario_load(s, path, &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"scenario file loads");
        return -1;
    }
    if (run(s, r, sets, threads) != 0) {
        scenario_release(s);
        return -1;
    }
    return 0;
}

static void done(struct scenario *s, struct report *r)
{
    report_release(r);
    scenario_release(s);
}

/* One dedicated VM at 100 tok/s, $36/h = $0.01/s; 10 calls of 100 in, 100 out. */
#define ONE_VM                                                                                     \
    "raftcost: 1\n"                                                                                \
    "backends:\n"                                                                                  \
    "  vm: {type: dedicated, instance: {per_hour: 36}, throughput: 100 tok/s}\n"                   \
    "generation: {examples: 10, tokens: {input: 1000, output: 1000}}\n"

static void test_fixed_service(void)
{
    struct scenario s;
    struct report r;
    /* 1 worker: each call 100 / 100 = 1 s, one after another: 10 s, 10 x $0.01 = $0.10. */
    if (load_and_run(ONE_VM "simulation: {workers: 1}\n", &s, &r, NULL) == 0) {
        CHECK_NEAR(r.simulation.run.wall_s, 10, EXACT);
        CHECK_NEAR(r.simulation.run.cost, 0.10, EXACT);
        CHECK(r.simulation.run.requests == 10);
        CHECK(r.simulation.run.rejected == 0);
        CHECK_NEAR(r.simulation.run.deployments[0].utilisation, 1, EXACT);
        /* the analytic figure: 1,000 / 100 = 10 s as well */
        CHECK_NEAR(r.generation.wall_s, 10, EXACT);
        done(&s, &r);
    }
    /* 2 workers share the 100 tok/s: two calls at 50 tok/s finish together at 2 s; 5 rounds. */
    if (load_and_run(ONE_VM "simulation: {workers: 2}\n", &s, &r, NULL) == 0) {
        CHECK_NEAR(r.simulation.run.wall_s, 10, EXACT);
        /* each call's latency is 2 s */
        CHECK_NEAR(r.simulation.run.latency.max, 2, EXACT);
        done(&s, &r);
    }
    /* A time to first token of 0.5 s: 1 worker, 10 x (0.5 + 1) = 15 s. */
    static const char *const ttft[] = {"backends.vm.ttft=0.5s", NULL};
    if (load_and_run(ONE_VM "simulation: {workers: 1}\n", &s, &r, ttft) == 0) {
        CHECK_NEAR(r.simulation.run.wall_s, 15, EXACT);
        CHECK_NEAR(r.simulation.run.ttft.max, 0.5, EXACT);
        done(&s, &r);
    }
    /* 2 workers: both wait 0.5 s, then share 100 tok/s for 2 s: 2.5 s a round, 5 rounds. */
    if (load_and_run(ONE_VM "simulation: {workers: 2}\n", &s, &r, ttft) == 0) {
        CHECK_NEAR(r.simulation.run.wall_s, 12.5, EXACT);
        done(&s, &r);
    }
}

static void test_stream(void)
{
    struct scenario s;
    struct report r;
    /*
     * Per-request speed 20 tok/s after 1 s, 3 at once (limits.concurrency), 3 workers, 9 calls
     * of 100 output tokens: each takes 1 + 100 / 20 = 6 s, 3 rounds: 18 s.  Analytic: 20 x 3 =
     * 60 tok/s, 900 / 60 = 15 s (the analytic model has no time to first token).  Cost: 900
     * output tokens at $2/1K = $1.80.
     */
    const char *yaml = "raftcost: 1\n"
                       "backends:\n"
                       "  ep:\n"
                       "    type: serverless\n"
                       "    model: {input_per_1k: 0, output_per_1k: 2}\n"
                       "    stream: 20 tok/s\n"
                       "    ttft: 1 s\n"
                       "    limits: {concurrency: 3}\n"
                       "generation: {examples: 9, tokens: {input: 0, output: 900}}\n"
                       "simulation: {workers: 3}\n";
    if (load_and_run(yaml, &s, &r, NULL) == 0) {
        CHECK_NEAR(r.generation.throughput_tok_s, 60, EXACT);
        CHECK_NEAR(r.generation.wall_s, 15, EXACT);
        CHECK(r.backend_rates[0].from_stream);
        CHECK(r.backend_rates[0].why == DEPLOY_CONCURRENCY_LIMIT);
        CHECK_NEAR(r.simulation.run.wall_s, 18, EXACT);
        CHECK_NEAR(r.simulation.run.cost, 1.80, EXACT);
        CHECK_NEAR(r.simulation.run.latency.p50, 6, 0.004); /* the histogram's 0.4% */
        done(&s, &r);
    }
    /*
     * max_concurrency 2 below the limit of 3: analytic 20 x 2 = 40 tok/s; the simulation queues
     * the third worker: rounds of 2 calls, 4.5 rounds -> calls 1-2 end at 6 s, 3-4 at 12, ...
     * the 9th starts at 24 and ends at 30 s.
     */
    static const char *const queue[] = {"backends.ep.max_concurrency=2", NULL};
    if (load_and_run(yaml, &s, &r, queue) == 0) {
        CHECK_NEAR(r.generation.throughput_tok_s, 40, EXACT);
        CHECK(r.backend_rates[0].why == DEPLOY_CONCURRENCY_QUEUE);
        CHECK_NEAR(r.simulation.run.wall_s, 30, EXACT);
        done(&s, &r);
    }
}

/* Both a throughput and a per-request speed: the analytic model reads the first. */
static void test_stream_and_throughput(void)
{
    struct scenario s;
    struct report r;
    /*
     * Serverless, 100 tok/s for the endpoint, 20 tok/s a request: analytic 1,000 / 100 = 10 s;
     * simulated per request, 1 worker, 10 calls of 100 at 20 tok/s = 50 s.
     */
    const char *serverless = "raftcost: 1\n"
                             "backends:\n"
                             "  ep:\n"
                             "    type: serverless\n"
                             "    model: {input_per_1k: 0, output_per_1k: 1}\n"
                             "    throughput: 100 tok/s\n"
                             "    stream: 20 tok/s\n"
                             "generation: {examples: 10, tokens: {input: 0, output: 1000}}\n"
                             "simulation: {workers: 1}\n";
    if (load_and_run(serverless, &s, &r, NULL) == 0) {
        CHECK_NEAR(r.generation.wall_s, 10, EXACT);
        CHECK_NEAR(r.simulation.run.wall_s, 50, EXACT);
        done(&s, &r);
    }
    /* Dedicated: the instance shares its 100 tok/s in the simulation too: 10 s. */
    static const char *const vm[] = {"backends.vm.stream=20", NULL};
    if (load_and_run(ONE_VM "simulation: {workers: 1}\n", &s, &r, vm) == 0) {
        CHECK_NEAR(r.generation.wall_s, 10, EXACT);
        CHECK_NEAR(r.simulation.run.wall_s, 10, EXACT);
        done(&s, &r);
    }
    /* service: stream serves it per request at 20 tok/s, as a pilot measured: 10 x 5 s = 50 s;
       the analytic model still reads the throughput (10 s). */
    if (load_and_run(ONE_VM "simulation: {workers: 1, service: stream}\n", &s, &r, vm) == 0) {
        CHECK_NEAR(r.generation.wall_s, 10, EXACT);
        CHECK_NEAR(r.simulation.run.wall_s, 50, EXACT);
        /* billed by the hour for the 50 s: 50 x $0.01 */
        CHECK_NEAR(r.simulation.run.cost, 0.50, EXACT);
        done(&s, &r);
    }
    /* A backend without a stream is served by its throughput whatever the service: 10 s. */
    if (load_and_run(ONE_VM "simulation: {workers: 1, service: stream}\n", &s, &r, NULL) == 0) {
        CHECK_NEAR(r.simulation.run.wall_s, 10, EXACT);
        done(&s, &r);
    }
}

/*
 * rejects: a share of attempts answered 429 at random.  With 100%, every
 * attempt is refused: 2 retries each, 3 attempts a call, all lost.  With
 * 50% (and no cooldown, so that every attempt reaches the endpoint), each
 * attempt is a coin: a call is lost after 3 tails, P = 1/8; its attempts
 * are 1 + 1/2 + 1/4 = 1.75 on average and its 429s 0.875, so 429s over
 * attempts is 1/2.  Tolerances: 5 standard errors, sqrt(p (1 - p) / n).
 */
static void test_rejects(void)
{
    struct scenario s;
    struct report r;
    const char *yaml = "raftcost: 1\n"
                       "backends:\n"
                       "  ep:\n"
                       "    type: serverless\n"
                       "    model: {input_per_1k: 0, output_per_1k: 1}\n"
                       "    throughput: 1000 tok/s\n"
                       "    rejects: 100%\n"
                       "generation: {examples: 2000, tokens: {input: 0, output: 20k}}\n"
                       "simulation: {workers: 4, cooldown: 0 s}\n";
    if (load_and_run(yaml, &s, &r, NULL) == 0) {
        const struct sim_result *run = &r.simulation.run;
        CHECK(run->attempts == 3 * 2000 && run->rejected == 3 * 2000);
        CHECK(run->lost_examples == 2000 && run->requests == 0);
        CHECK_NEAR(run->cost, 0, EXACT);
        done(&s, &r);
    }
    static const char *const half[] = {"backends.ep.rejects=50%", NULL};
    if (load_and_run(yaml, &s, &r, half) == 0) {
        const struct sim_result *run = &r.simulation.run;
        double n = (double)run->attempts;
        CHECK(run->requests + run->lost_requests == 2000);
        CHECK(fabs((double)run->rejected / n - 0.5) <= 5 * sqrt(0.25 / n));
        CHECK(fabs((double)run->lost_examples / 2000 - 0.125) <= 5 * sqrt(0.125 * 0.875 / 2000));
        /* Only the successful calls pay: 10 tokens each at $1/1K. */
        CHECK_NEAR(run->cost, (double)run->requests * 0.01, 1e-9);
        done(&s, &r);
    }
}

/* a at 100 tok/s, $1/s; b at 50 tok/s, $0.50/s; 4 calls of 100 output tokens. */
#define TWO_VMS                                                                                    \
    "raftcost: 1\n"                                                                                \
    "backends:\n"                                                                                  \
    "  a: {type: dedicated, instance: {per_hour: 3600}, throughput: 100 tok/s}\n"                  \
    "  b: {type: dedicated, instance: {per_hour: 1800}, throughput: 50 tok/s}\n"                   \
    "generation: {examples: 4, tokens: {input: 0, output: 400}}\n"

static void test_round_robin(void)
{
    struct scenario s;
    struct report r;
    /* 1 worker, a b a b: 1 + 2 + 1 + 2 = 6 s; both billed 6 s: $6 + $3 = $9. */
    if (load_and_run(TWO_VMS "simulation: {workers: 1, routing: round-robin}\n", &s, &r, NULL) ==
        0) {
        const struct sim_result *run = &r.simulation.run;
        CHECK_NEAR(run->wall_s, 6, EXACT);
        CHECK(run->deployments[0].requests == 2 && run->deployments[1].requests == 2);
        CHECK_NEAR(run->deployments[0].busy_s, 2, EXACT);
        CHECK_NEAR(run->deployments[1].busy_s, 4, EXACT);
        CHECK_NEAR(run->cost, 9, EXACT);
        /* utilisation: a busy 2 of 6 s, b 4 of 6 s */
        CHECK_NEAR(run->deployments[0].utilisation, 2.0 / 6, EXACT);
        done(&s, &r);
    }
    /* 2 workers: a serves calls 1 and 3 (ends at 2 s), b calls 2 and 4 (2 s each): 4 s. */
    if (load_and_run(TWO_VMS "simulation: {workers: 2, routing: round-robin}\n", &s, &r, NULL) ==
        0) {
        CHECK_NEAR(r.simulation.run.wall_s, 4, EXACT);
        CHECK_NEAR(r.simulation.run.cost, 4 + 2, EXACT);
        done(&s, &r);
    }
}

/* 6 calls of 10 output tokens at 1,000 tok/s (0.01 s each), rpm 2, one worker. */
#define RPM_TWO(mode)                                                                              \
    "raftcost: 1\n"                                                                                \
    "backends:\n"                                                                                  \
    "  ep:\n"                                                                                      \
    "    type: serverless\n"                                                                       \
    "    model: {input_per_1k: 0, output_per_1k: 1}\n"                                             \
    "    stream: 1000 tok/s\n"                                                                     \
    "    limits: {rpm: 2, mode: " mode "}\n"                                                       \
    "generation: {examples: 6, tokens: {input: 0, output: 60}}\n"                                  \
    "simulation: {workers: 1, timeline_step: 50 s, retries: {max: 5, jitter: 0%}}\n"

static void test_rpm_limits(void)
{
    struct scenario s;
    struct report r;
    /*
     * Sliding window, 2 a minute: admitted at 0 and 0.01; the third, refused at 0.02, retries
     * at the retry-after 59.98 s (when the first leaves the window) and is admitted at 60, the
     * fourth at 60.01; the fifth is refused at 60.02, admitted at 120, the sixth at 120.01,
     * done at 120.02.  Two 429s, two retries; in 50 s steps, 2 admitted in each.
     */
    if (load_and_run(RPM_TWO("sliding"), &s, &r, NULL) == 0) {
        const struct sim_report *sr = &r.simulation;
        CHECK_NEAR(sr->run.wall_s, 120.02, EXACT);
        CHECK(sr->run.rejected == 2);
        CHECK(sr->run.retries == 2);
        CHECK(sr->run.lost_requests == 0);
        CHECK(sr->nsteps == 3);
        for (size_t k = 0; k < sr->nsteps && k < 3; k++)
            CHECK(sr->step_deployments[k].admitted == 2);
        done(&s, &r);
    }
    /*
     * Token bucket of 2, refilled at one request every 30 s, full at the start: admitted at 0
     * and 0.01, then one each time the bucket has refilled one: 30, 60, 90, 120 (the retry-after
     * is the time the refill takes), done at 120.01.  Four 429s; 3 admitted in the first 50 s
     * (0, 0.01, 30), 2 in the next (60, 90), 1 in the last: the bucket admits more than 2 in a
     * minute at the start.
     */
    if (load_and_run(RPM_TWO("bucket"), &s, &r, NULL) == 0) {
        const struct sim_report *sr = &r.simulation;
        CHECK_NEAR(sr->run.wall_s, 120.01, EXACT);
        CHECK(sr->run.rejected == 4);
        CHECK(sr->run.retries == 4);
        CHECK(sr->nsteps == 3);
        if (sr->nsteps == 3) {
            CHECK(sr->step_deployments[0].admitted == 3);
            CHECK(sr->step_deployments[1].admitted == 2);
            CHECK(sr->step_deployments[2].admitted == 1);
        }
        done(&s, &r);
    }
    /*
     * With no retry allowed, the third call is lost at 0.02 s, and the worker's next calls at
     * once after it, each refused: 2 served, 4 lost at 0.02 s.
     */
    static const char *const none[] = {"simulation.retries.max=0", NULL};
    if (load_and_run(RPM_TWO("sliding"), &s, &r, none) == 0) {
        CHECK(r.simulation.run.lost_requests == 4);
        CHECK(r.simulation.run.lost_examples == 4);
        CHECK(r.simulation.run.requests == 2);
        CHECK_NEAR(r.simulation.run.wall_s, 0.02, EXACT);
        done(&s, &r);
    }
}

/* The talk's case with least-busy routing and enough workers: the analytic answer. */
static void test_analytic_agreement(void)
{
    struct scenario s;
    struct report r;
    static const char *const sets[] = {"simulation.routing=least-busy", "simulation.workers=30",
                                       NULL};
    if (load_file_and_run("scenarios/raft-build24.yaml", &s, &r, sets, 1) == 0) {
        /* 3.7M / 350 tok/s = 10,571 s; within 1% */
        CHECK_NEAR(r.generation.wall_s, 3.7e6 / 350, 1e-12);
        CHECK_NEAR(r.simulation.run.wall_s, r.generation.wall_s, 0.01);
        CHECK_NEAR(r.simulation.run.cost, r.generation.cost, 0.01);
        CHECK(r.simulation.run.requests == 18000);
        CHECK(r.simulation.ndeployments == 3); /* maas, maap/1, maap/2 */
        CHECK_STR(r.simulation.deployments[1].name, "maap/1");
        done(&s, &r);
    }
    /* simple-shuffle without weights: a third of the calls each; maas takes the longest,
     * 6,000 x 205.6 / 70 = 17,619 s, give or take the draw (within 5%) */
    static const char *const shuffle[] = {"simulation.workers=30", NULL};
    if (load_file_and_run("scenarios/raft-build24.yaml", &s, &r, shuffle, 1) == 0) {
        CHECK_NEAR(r.simulation.run.wall_s, 6000 * (3.7e6 / 18000) / 70, 0.05);
        done(&s, &r);
    }
}

/*
 * A closed loop of c workers on a backend whose throughput is a curve gives the curve's
 * throughput at c: every call is the same size, so the c calls in decode finish together.
 */
static void test_curve_closed_loop(void)
{
    const char *yaml = "raftcost: 1\n"
                       "backends:\n"
                       "  gpu:\n"
                       "    type: dedicated\n"
                       "    instance: {per_hour: 10}\n"
                       "    throughput:\n"
                       "      curve: usl\n"
                       "      points: [[1, 51.7], [5, 218.5], [10, 390], [25, 700], [50, 870], "
                       "[100, 905]]\n"
                       "      concurrency: 16\n"
                       "generation: {examples: 1600, tokens: {input: 0, output: 160000}}\n"
                       "simulation: {workers: 16}\n";
    struct scenario s;
    struct report r;
    if (load_and_run(yaml, &s, &r, NULL) == 0) {
        /* the analytic throughput is X(16); the simulated one output / wall time */
        CHECK(r.generation.throughput_tok_s > 0);
        CHECK_NEAR(r.simulation.run.tok_s, r.generation.throughput_tok_s, 1e-9);
        done(&s, &r);
    }
    /* Two instances and 32 workers under least-busy: 16 on each, 2 X(16). */
    static const char *const two[] = {"backends.gpu.count=2", "simulation.workers=32",
                                      "simulation.routing=least-busy", NULL};
    if (load_and_run(yaml, &s, &r, two) == 0) {
        CHECK_NEAR(r.simulation.run.tok_s, r.generation.throughput_tok_s, 1e-9);
        done(&s, &r);
    }
}

/* A dataset job: a question call a chunk, then its answer calls. */
static void test_dataset_job(void)
{
    struct scenario s;
    struct report r;
    if (load_file_and_run("scenarios/raft-build24-derived.yaml", &s, &r, NULL, 1) == 0) {
        /* 3,600 chunks: 3,600 question calls + 18,000 answer calls, 18,000 examples */
        CHECK(r.simulation.run.calls == 21600);
        CHECK(r.simulation.run.examples == 18000);
        /* every token of the analytic volume is served: 12,124,800 in, 3,636,000 out */
        CHECK_NEAR(r.simulation.run.input_tokens, 12124800, EXACT);
        CHECK_NEAR(r.simulation.run.output_tokens, 3636000, EXACT);
        done(&s, &r);
    }
}

/* The rate-limited scenario: the TPM is never exceeded in any 60 s, with the sliding window. */
static void test_tpm_window(void)
{
    struct scenario s;
    struct report r;
    if (load_file_and_run("scenarios/serverless-limits.yaml", &s, &r, NULL, 1) == 0) {
        const struct sim_report *sr = &r.simulation;
        CHECK(sr->run.rejected > 0); /* the limit binds */
        CHECK(sr->deployments[0].peak_tpm_60s <= 200000 * (1 + 1e-9));
        CHECK(sr->deployments[0].peak_tpm_60s > 190000);
        for (size_t t = 0; t < sr->nsteps; t++)
            CHECK(!(sr->step_deployments[t].peak_tpm_60s > 200000 * (1 + 1e-9)));
        /* the admitted TPM cost, step by step, adds up to what the deployment admitted */
        double admitted = 0;
        for (size_t t = 0; t < sr->nsteps; t++)
            admitted += sr->step_deployments[t].admitted_tokens;
        CHECK(admitted > sr->run.input_tokens);
        done(&s, &r);
    }
    /* The token bucket does exceed it: up to twice the TPM in one minute. */
    static const char *const bucket[] = {"backends.maas.limits.mode=bucket", NULL};
    if (load_file_and_run("scenarios/serverless-limits.yaml", &s, &r, bucket, 1) == 0) {
        CHECK(r.simulation.deployments[0].peak_tpm_60s > 200000 * 1.5);
        CHECK(r.simulation.deployments[0].peak_tpm_60s <= 400000 * (1 + 1e-9));
        done(&s, &r);
    }
}

static int same_spread(const struct sim_spread *a, const struct sim_spread *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* The same seed gives the same figures on 1 and on 2 threads; another seed others. */
static void test_threads(void)
{
    static const char *const sets[] = {"simulation.replications=6", NULL};
    static const char *const seed2[] = {"simulation.replications=6", "simulation.seed=2", NULL};
    struct scenario s1, s2, s3;
    struct report r1, r2, r3;
    if (load_file_and_run("scenarios/serverless-limits.yaml", &s1, &r1, sets, 1) != 0)
        return;
    if (load_file_and_run("scenarios/serverless-limits.yaml", &s2, &r2, sets, 2) != 0) {
        done(&s1, &r1);
        return;
    }
    if (load_file_and_run("scenarios/serverless-limits.yaml", &s3, &r3, seed2, 2) != 0) {
        done(&s1, &r1);
        done(&s2, &r2);
        return;
    }
    CHECK(same_spread(&r1.simulation.wall_s, &r2.simulation.wall_s));
    CHECK(same_spread(&r1.simulation.cost, &r2.simulation.cost));
    CHECK(same_spread(&r1.simulation.rejected, &r2.simulation.rejected));
    CHECK(r1.simulation.run.wall_s == r2.simulation.run.wall_s);
    CHECK(r1.simulation.run.events == r2.simulation.run.events);
    CHECK(r1.simulation.wall_s.p10 <= r1.simulation.wall_s.p90);
    CHECK(!same_spread(&r1.simulation.wall_s, &r3.simulation.wall_s));
    done(&s1, &r1);
    done(&s2, &r2);
    done(&s3, &r3);
}

/* The simulation bills at the analytic rates: spot instances, cache hits. */
static void test_billing(void)
{
    /*
     * A VM whose spot price is $3.60/h ($0.001/s) against $36/h on demand, at 100 tok/s, 1
     * worker, 10 calls of 100 out: 10 s, $0.01 at the spot price.
     */
    const char *spot = "raftcost: 1\n"
                       "backends:\n"
                       "  vm:\n"
                       "    type: dedicated\n"
                       "    instance: {per_hour: 36, spot_per_hour: 3.6}\n"
                       "    spot: true\n"
                       "    throughput: 100 tok/s\n"
                       "generation: {examples: 10, tokens: {input: 1000, output: 1000}}\n"
                       "simulation: {workers: 1}\n";
    struct scenario s;
    struct report r;
    if (load_and_run(spot, &s, &r, NULL) == 0) {
        CHECK_NEAR(r.simulation.run.wall_s, 10, EXACT);
        CHECK_NEAR(r.simulation.run.cost, 0.01, EXACT);
        CHECK_NEAR(r.simulation.run.cost, r.generation.cost, EXACT);
        done(&s, &r);
    }
    /*
     * A serverless endpoint at $1/1K in, $0.50/1K cached, $2/1K out, 40% of the input cached:
     * 1,000 in = 600 x $1/1K + 400 x $0.50/1K = $0.80, 1,000 out = $2: $2.80.
     */
    const char *cache = "raftcost: 1\n"
                        "backends:\n"
                        "  ep:\n"
                        "    type: serverless\n"
                        "    model: {input_per_1k: 1, cached_input_per_1k: 0.5, output_per_1k: 2}\n"
                        "    cache: {hit: 40%}\n"
                        "    throughput: 100 tok/s\n"
                        "generation: {examples: 10, tokens: {input: 1000, output: 1000}}\n"
                        "simulation: {workers: 1}\n";
    if (load_and_run(cache, &s, &r, NULL) == 0) {
        CHECK_NEAR(r.simulation.run.cost, 2.80, EXACT);
        CHECK_NEAR(r.generation.cost, 2.80, EXACT);
        done(&s, &r);
    }
    /* A batch backend's own 'window' (24 h here) is not its limits' window (60 s). */
    const char *batch = "raftcost: 1\n"
                        "backends:\n"
                        "  b:\n"
                        "    type: batch\n"
                        "    model: {input_per_1k: 1, output_per_1k: 2}\n"
                        "    discount: 50%\n"
                        "    window: 24 h\n"
                        "generation: {examples: 10, tokens: {input: 1000, output: 1000}}\n";
    if (scenario_test_load(batch, &s) == 0) {
        CHECK_NEAR(s.backends[0].sim.window_s, 60, EXACT);
        CHECK_NEAR(s.backends[0].billing.window_s, 86400, EXACT);
        const struct param *p = params_find(&s.params, "backends.b.limits.window");
        CHECK(p && p->given == 0);
        scenario_release(&s);
    } else {
        CHECK(!"the batch scenario loads");
    }
}

int main(void)
{
    test_fixed_service();
    test_stream();
    test_stream_and_throughput();
    test_round_robin();
    test_rpm_limits();
    test_analytic_agreement();
    test_curve_closed_loop();
    test_dataset_job();
    test_tpm_window();
    test_threads();
    test_billing();
    test_rejects();
    TEST_END("model_sim");
}
