/*
 * bench_sim: how fast the simulation runs on one core.
 *
 *   bench_sim                  events per second on two 1,000,000-call jobs
 *                              (processor sharing only; a RAFT job over a
 *                              per-stream endpoint with a TPM limit and two
 *                              dedicated instances), and the peak memory
 *                              after a 100,000-call and a 1,000,000-call job
 *   bench_sim --reference N W  the deterministic case of sim_reference.py:
 *                              prints "wall_s W run_s T events E"
 *
 * Timings are wall-clock (CLOCK_MONOTONIC) of sim_run alone; memory is
 * getrusage's peak resident set size, which only grows: if the larger job
 * does not raise it, memory is flat in the number of calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* The reference case's output lengths: 50 .. 449 tokens, no randomness. */
static double reference_tokens(const void *ctx, uint64_t call, enum sim_call_kind kind)
{
    (void)ctx;
    (void)kind;
    return (double)(50 + (call * 7919) % 400);
}

/* Three shared deployments of 70, 140, 140 tok/s, least-busy, W workers. */
static void reference_config(struct sim_config *c, struct sim_deployment deps[3], uint64_t n,
                             unsigned workers)
{
    const double tok_s[3] = {70, 140, 140};
    for (int i = 0; i < 3; i++) {
        sim_deployment_init(&deps[i]);
        deps[i].throughput_tok_s = tok_s[i];
    }
    sim_config_init(c);
    c->deployments = deps;
    c->ndeployments = 3;
    c->client.workers = workers;
    c->router.policy = SIM_ROUTE_LEAST_BUSY;
    c->job.kind = SIM_JOB_REQUESTS;
    c->job.requests = n;
    c->job.request.input_tokens = 1000;
    c->job.output_tokens_fn = reference_tokens;
}

/* A RAFT job of about `calls` calls over the talk's three backends. */
static void raft_config(struct sim_config *c, struct sim_deployment deps[3], uint64_t calls)
{
    for (int i = 0; i < 3; i++)
        sim_deployment_init(&deps[i]);
    deps[0].stream_tok_s = 30;
    deps[0].ttft_s = 0.6;
    deps[0].limits.tpm = 2e6;
    deps[0].input_per_1k = 0.00268;
    deps[0].output_per_1k = 0.00354;
    for (int i = 1; i < 3; i++) {
        deps[i].throughput_tok_s = 140 * 20; /* fast enough that many calls share it */
        deps[i].max_concurrency = 64;
        deps[i].provisioning_s = 600;
        deps[i].per_hour = 4.8;
    }
    sim_config_init(c);
    c->deployments = deps;
    c->ndeployments = 3;
    c->client.workers = 256;
    c->client.pattern = SIM_PATTERN_INDEPENDENT;
    c->router.policy = SIM_ROUTE_SIMPLE_SHUFFLE;
    c->job.kind = SIM_JOB_RAFT;
    c->job.questions = 5;
    c->job.chunks = calls / 6;
    c->job.question = (struct sim_call){1200, 250, 600};
    c->job.answer = (struct sim_call){1400, 180, 512};
    c->job.output_dist = SIM_DIST_LOGNORMAL;
    c->job.output_cv = 0.4;
}

static int timed_run(const char *label, const struct sim_config *c, struct sim_result *r)
{
    struct diag d = DIAG_INIT;
    double start = now_s();
    if (sim_run(c, r, &d) != 0) {
        fprintf(stderr, "bench_sim: %s: %s\n", label, d.message ? d.message : "failed");
        diag_release(&d);
        return -1;
    }
    double elapsed = now_s() - start;
    printf("sim %s: %.2f s for %llu calls, %llu events: %.2f M events/s, %.2f M calls/s "
           "(simulated %.1f h, %llu 429s)\n",
           label, elapsed, (unsigned long long)r->calls, (unsigned long long)r->events,
           (double)r->events / elapsed / 1e6, (double)r->calls / elapsed / 1e6, r->wall_s / 3600,
           (unsigned long long)r->rejected);
    return 0;
}

static int reference(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: bench_sim --reference N WORKERS\n", stderr);
        return 2;
    }
    char *end;
    unsigned long long n = strtoull(argv[2], &end, 10);
    unsigned long w = *end ? 0 : strtoul(argv[3], &end, 10);
    if (*end || n == 0 || w == 0) {
        fputs("bench_sim: N and WORKERS must be positive whole numbers\n", stderr);
        return 2;
    }
    struct sim_deployment deps[3];
    struct sim_config c;
    reference_config(&c, deps, n, (unsigned)w);
    struct sim_result r;
    struct diag d = DIAG_INIT;
    double start = now_s();
    if (sim_run(&c, &r, &d) != 0) {
        fprintf(stderr, "bench_sim: %s\n", d.message ? d.message : "failed");
        diag_release(&d);
        return 1;
    }
    double elapsed = now_s() - start;
    printf("wall_s %.17g run_s %.6f events %llu\n", r.wall_s, elapsed,
           (unsigned long long)r.events);
    sim_result_release(&r);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--reference") == 0)
        return reference(argc, argv);
    if (argc > 1) {
        fputs("usage: bench_sim [--reference N WORKERS]\n", stderr);
        return 2;
    }
    struct sim_deployment deps[3];
    struct sim_config c;
    struct sim_result r;

    reference_config(&c, deps, 1000000, 256);
    c.job.output_tokens_fn = NULL;
    c.job.request.output_tokens = 250;
    c.job.output_dist = SIM_DIST_LOGNORMAL;
    c.job.output_cv = 0.4;
    if (timed_run("processor sharing, 256 workers", &c, &r) != 0)
        return 1;
    sim_result_release(&r);

    raft_config(&c, deps, 100000);
    if (timed_run("RAFT job, 100k calls", &c, &r) != 0)
        return 1;
    sim_result_release(&r);
    long rss_100k = peak_rss_kb();
    raft_config(&c, deps, 1000000);
    if (timed_run("RAFT job, 1M calls", &c, &r) != 0)
        return 1;
    printf("sim memory: peak RSS %ld KB after 100k calls, %ld KB after 1M calls "
           "(%zu requests held at most)\n",
           rss_100k, peak_rss_kb(), r.peak_requests);
    sim_result_release(&r);
    return 0;
}
