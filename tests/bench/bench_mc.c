/*
 * bench_mc: the cost of the sampler and the runner themselves.  Times N
 * Latin hypercube samples of a small synthetic analytic model with 8
 * uncertain inputs (one of each kind, a count among them) and 6 output
 * figures on J threads, then the statistics (mean and percentiles of every
 * figure, the share within a budget), then the rank correlations of every
 * input with the total; and, single-threaded, one quantile of each kind.
 * tests/bench/mc_reference.py is the same model and sampling in numpy.
 *
 * usage: bench_mc [-n N] [-j THREADS]      (defaults: 100000 samples, 2 threads)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mc.h"

#define N_INPUTS 8
#define N_OUTPUTS 6
#define CALLS 30000.0
#define BUDGET 20000.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The model: keep it equal to model() in mc_reference.py. */
static int model(void *ctx, size_t sample, const double *x, double *out, struct diag *err)
{
    (void)ctx;
    (void)sample;
    (void)err;
    double prompt = x[0], output = x[1], tok_s = x[2], price = x[3];
    double mfu = x[4], overhead = x[5], growth = x[6], replicas = x[7];
    double gen_tokens = CALLS * (prompt + output);
    double gen_cost = CALLS * (prompt * price / 4 + output * price) / 1e6;
    double gen_hours = CALLS * output / (tok_s * 64) / 3600;
    double ft_flops = 6 * 8e9 * gen_tokens * 3;
    double ft_hours = ft_flops / (8 * 989e12 * mfu) / 3600 * (1 + overhead);
    double ft_cost = ft_hours * 8 * 2.5;
    double month = replicas * 730 * 0.4, serve = 0;
    for (int m = 0; m < 12; m++) {
        serve += month;
        month *= 1 + growth;
    }
    out[0] = gen_cost;
    out[1] = gen_hours;
    out[2] = ft_hours;
    out[3] = ft_cost;
    out[4] = serve;
    out[5] = gen_cost + ft_cost + serve;
    return 0;
}

static int interval(struct sample_input *in, const char *text, enum qkind kind, unsigned flags)
{
    char *msg = NULL;
    int off;
    memset(in, 0, sizeof *in);
    if (dist_parse_interval(text, kind, flags, "bench", &in->dist, &msg, &off) != 0) {
        fprintf(stderr, "bench_mc: %s\n", msg);
        free(msg);
        return -1;
    }
    return 0;
}

static int bounded(struct sample_input *in, enum dist_kind kind, double low, double mode,
                   double high, unsigned flags)
{
    struct dist_args a = DIST_ARGS_INIT;
    char *msg = NULL;
    enum dist_arg at;
    memset(in, 0, sizeof *in);
    dist_args_set(&a, DIST_ARG_LOW, low, NULL);
    if (kind != DIST_UNIFORM)
        dist_args_set(&a, DIST_ARG_MODE, mode, NULL);
    dist_args_set(&a, DIST_ARG_HIGH, high, NULL);
    if (dist_from_args(kind, &a, "bench", flags, &in->dist, &msg, &at)) {
        fprintf(stderr, "bench_mc: %s\n", msg);
        free(msg);
        return -1;
    }
    return 0;
}

/* Nanoseconds per quantile of d, single-threaded. */
static double quantile_ns(const struct dist *d, long n)
{
    double sum = 0, start = now_s();
    for (long i = 0; i < n; i++)
        sum += dist_quantile(d, (i + 0.5) / (double)n);
    double ns = (now_s() - start) / (double)n * 1e9;
    if (sum == -1)
        puts("impossible");
    return ns;
}

int main(int argc, char **argv)
{
    long n = 100000, threads = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        char *end;
        long v = strtol(argv[i + 1], &end, 10);
        if (*end || v <= 0 || (strcmp(argv[i], "-n") && strcmp(argv[i], "-j"))) {
            fprintf(stderr, "usage: bench_mc [-n N] [-j THREADS]\n");
            return 2;
        }
        *(strcmp(argv[i], "-n") == 0 ? &n : &threads) = v;
    }
    struct sample_input in[N_INPUTS];
    if (interval(&in[0], "1500..2500", QK_NUMBER, QF_POSITIVE) ||
        interval(&in[1], "300..700", QK_NUMBER, QF_POSITIVE) ||
        interval(&in[2], "50..90 tok/s", QK_THROUGHPUT, QF_POSITIVE) ||
        bounded(&in[3], DIST_UNIFORM, 0.5, 0, 0.8, 0) ||
        bounded(&in[4], DIST_TRIANGULAR, 0.25, 0.40, 0.50, QF_AT_MOST_ONE) ||
        bounded(&in[5], DIST_PERT, 0.05, 0.15, 0.40, 0) ||
        interval(&in[6], "-10%..30%", QK_FRACTION, QF_ABOVE_MINUS_ONE) ||
        bounded(&in[7], DIST_UNIFORM, 0.5, 0, 6.5, QF_POSITIVE))
        return 1;
    in[7].whole = 1;
    in[7].whole_min = 1;

    struct sample_plan plan;
    struct mc_result res = MC_RESULT_INIT;
    struct diag d = DIAG_INIT;
    void **ctx = calloc((size_t)threads, sizeof *ctx);
    struct stats_summary s[N_OUTPUTS];
    double rho[N_INPUTS];
    if (!ctx || sample_plan_init(&plan, SAMPLE_LHS, 2024, (size_t)n, in, N_INPUTS, &d) != 0) {
        fprintf(stderr, "bench_mc: %s\n", d.message ? d.message : "out of memory");
        return 1;
    }
    double t0 = now_s();
    if (mc_run(&plan, N_OUTPUTS, (size_t)threads, ctx, model, &res, &d, NULL) != 0) {
        fprintf(stderr, "bench_mc: %s\n", d.message);
        return 1;
    }
    double t1 = now_s();
    mc_summarise(&res, (size_t)threads, s);
    double share = mc_share_at_most(&res, N_OUTPUTS - 1, BUDGET);
    double t2 = now_s();
    mc_rank_correlations(&res, N_OUTPUTS - 1, (size_t)threads, rho);
    double t3 = now_s();

    double run_ms = (t1 - t0) * 1e3, stats_ms = (t2 - t1) * 1e3;
    printf("mc: %ld LHS samples x %d inputs x %d figures on %ld threads\n", n, N_INPUTS, N_OUTPUTS,
           threads);
    printf("  sampling + model: %.1f ms (%.0f ns per sample, %.1f ns per sample per input)\n",
           run_ms, run_ms * 1e6 / (double)n, run_ms * 1e6 / (double)n / N_INPUTS);
    printf("  statistics:       %.1f ms (mean, P5..P95 of %d figures; budget share)\n", stats_ms,
           N_OUTPUTS);
    printf("  total:            %.1f ms\n", run_ms + stats_ms);
    printf("  rank correlations: %.1f ms (%d inputs with the total)\n", (t3 - t2) * 1e3, N_INPUTS);
    printf("  total figure: mean %.2f, P5 %.2f, P50 %.2f, P95 %.2f; P(total <= %.0f) = %.3f\n",
           s[5].mean, s[5].p5, s[5].p50, s[5].p95, BUDGET, share);
    printf("  quantile per draw, one thread:");
    /* inputs 2 to 6: lognormal, uniform, triangular, pert, normal */
    for (int k = 2; k <= 6; k++)
        printf(" %s %.0f ns%s", dist_kind_name(in[k].dist.kind), quantile_ns(&in[k].dist, 200000),
               k < 6 ? "," : "\n");
    /* the sampler draws a PERT from its table */
    double sum = 0, start = now_s();
    for (long i = 0; i < 200000; i++)
        sum += sample_plan_value(&plan, 5, (i + 0.5) / 200000);
    printf("  pert from the plan's table: %.0f ns%s\n", (now_s() - start) / 200000 * 1e9,
           sum < 0 ? " (impossible)" : "");
    mc_result_release(&res);
    sample_plan_release(&plan);
    free(ctx);
    return 0;
}
