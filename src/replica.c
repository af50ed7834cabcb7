/*
 * replica: see replica.h.  The number in the system of a processor-sharing
 * server whose total rate depends only on how many it serves is a
 * birth-death process whatever the distribution of output lengths (the
 * symmetric queues' insensitivity), so its stationary law is
 * P(N = n) ∝ prod_{j=1..n} lambda / mu(j), mu(j) = X(min(j, M)) / out, and
 * from M on it is geometric with ratio lambda / mu(M).  Weights are kept as
 * logarithms so that no product overflows.
 */
#include "replica.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

#include "sim.h"

/* The percentile of every target. */
#define REPLICA_P 0.95

void replica_from_option(struct replica *r, const struct deployment *o, const struct inference *in)
{
    memset(r, 0, sizeof *r);
    r->input_tokens = in->input_tokens;
    r->output_tokens = in->output_tokens;
    r->output_dist = in->shape.output_dist;
    r->output_cv = in->shape.output_cv;
    r->output_max = in->shape.output_max;
    r->ttft_s = o->sizing.ttft_s;
    r->max_concurrency = o->sizing.max_concurrency;
    if (o->curve) {
        struct deploy_rate rate;
        deployment_rate(o, &rate);
        r->curve = &o->curve->fit;
        if (r->max_concurrency <= 0)
            r->max_concurrency = fmax(1.0, floor(rate.concurrency + 0.5));
    } else {
        r->throughput_tok_s = o->throughput_tok_s;
    }
}

int replica_has_throughput(const struct replica *r)
{
    return r->curve != NULL || r->throughput_tok_s > 0;
}

/* M for the birth-death law: a constant without a cap serves at X from one request on. */
static double law_m(const struct replica *r)
{
    return r->max_concurrency > 0 ? r->max_concurrency : 1;
}

double replica_tok_s(const struct replica *r, double n)
{
    if (!r->curve)
        return r->throughput_tok_s;
    double m = r->max_concurrency > 0 ? fmin(n, r->max_concurrency) : n;
    return curve_eval(r->curve, m);
}

double replica_peak_tok_s(const struct replica *r, double *at)
{
    *at = NAN;
    if (!r->curve)
        return r->throughput_tok_s;
    double best = 0;
    for (double n = 1; n <= law_m(r); n++) {
        double x = curve_eval(r->curve, n);
        if (x > best) {
            best = x;
            *at = n;
        }
    }
    return best;
}

double replica_stable_rate(const struct replica *r)
{
    return replica_tok_s(r, law_m(r)) / r->output_tokens;
}

double replica_alone_latency(const struct replica *r)
{
    return r->ttft_s + replica_output_p95(r) / replica_tok_s(r, 1);
}

/* log(lambda / mu(j)) */
static double log_step(const struct replica *r, double lambda, double j)
{
    return log(lambda * r->output_tokens / replica_tok_s(r, j));
}

/*
 * The smallest n with P(N <= n) >= p.  Two passes over n = 0 .. M-1: the
 * normaliser (a running log-sum-exp), then the cumulative sum; past M-1 the
 * geometric tail is summed in closed form.  lambda < the stable rate.
 */
static double quantile_in_system(const struct replica *r, double lambda, double p)
{
    double m = law_m(r);
    double log_rho = log_step(r, lambda, m); /* the tail's ratio, below 0 */
    double lw = 0, top = 0, sum = 0;         /* sum of exp(lw - top) */
    for (double n = 0; n < m; n++) {
        if (n > 0)
            lw += log_step(r, lambda, n);
        if (n == 0 || lw > top) {
            sum = n == 0 ? 1 : sum * exp(top - lw) + 1;
            top = lw;
        } else {
            sum += exp(lw - top);
        }
    }
    /* lw is now log w(M-1); the tail n >= M adds w(M-1) rho / (1 - rho). */
    double rho = exp(log_rho);
    double last = lw;
    double total = sum + exp(last - top) * rho / (1 - rho);
    double want = p * total, cum = 0;
    lw = 0;
    for (double n = 0; n < m; n++) {
        if (n > 0)
            lw += log_step(r, lambda, n);
        cum += exp(lw - top);
        if (cum >= want * (1 - 1e-12))
            return n;
    }
    /* Tail: cum + e^(last-top) rho (1 - rho^j) / (1 - rho) >= want, the smallest j >= 1. */
    double need = (want - cum) * (1 - rho) / (rho * exp(last - top));
    double j = need >= 1 ? INFINITY : ceil(log1p(-need) / log_rho - 1e-9);
    return m - 1 + fmax(1.0, j);
}

double replica_output_p95(const struct replica *r)
{
    double m = r->output_tokens, q = m;
    if (r->output_dist == 1 && r->output_cv > 0) {
        double sigma2 = log1p(r->output_cv * r->output_cv);
        q = gsl_cdf_lognormal_Pinv(REPLICA_P, log(m) - sigma2 / 2, sqrt(sigma2));
    } else if (r->output_dist == 2) {
        q = gsl_cdf_exponential_Pinv(REPLICA_P, m);
    }
    return r->output_max > 0 ? fmin(q, r->output_max) : q;
}

/*
 * A request of `size` tokens that arrives to find k - 1 others: it waits
 * for k - M departures of mean-sized requests when k > M, then decodes at
 * X(n) / n among n = min(k, M).
 */
static double latency_among(const struct replica *r, double k, double size)
{
    double out = r->output_tokens;
    double n = r->max_concurrency > 0 ? fmin(k, r->max_concurrency) : k;
    double wait = k > n ? (k - n) * out / replica_tok_s(r, n) : 0;
    return r->ttft_s + wait + size * n / replica_tok_s(r, n);
}

int replica_estimate(const struct replica *r, double lambda, double *latency_p95_s,
                     double *ttft_p95_s)
{
    *latency_p95_s = *ttft_p95_s = NAN;
    if (!replica_has_throughput(r) || !(lambda < replica_stable_rate(r)))
        return -1;
    double k95 = lambda > 0 ? quantile_in_system(r, lambda, REPLICA_P) + 1 : 1;
    double k50 = lambda > 0 ? quantile_in_system(r, lambda, 0.5) + 1 : 1;
    /* A busy replica and a request of mean size, or the usual load and a long request. */
    *latency_p95_s =
        fmax(latency_among(r, k95, r->output_tokens), latency_among(r, k50, replica_output_p95(r)));
    double queued = r->max_concurrency > 0 ? fmax(0.0, k95 - r->max_concurrency) : 0;
    *ttft_p95_s =
        r->ttft_s +
        (queued > 0 ? queued * r->output_tokens / replica_tok_s(r, r->max_concurrency) : 0);
    return 0;
}

struct target {
    const struct replica *r;
    double latency_s, ttft_s;
};

/*
 * +1 where the estimate misses a target, -1 where it meets them all: only
 * the sign matters to the bisection, and a value of exactly 0 would stop it
 * at a point that is no edge.
 */
static double miss(double lambda, void *ctx)
{
    const struct target *t = ctx;
    double latency, ttft;
    if (replica_estimate(t->r, lambda, &latency, &ttft) != 0)
        return 1;
    int missed =
        (t->latency_s > 0 && latency > t->latency_s) || (t->ttft_s > 0 && ttft > t->ttft_s);
    return missed ? 1 : -1;
}

/*
 * The highest x in (lo, hi) where f <= 0, f stepping from <= 0 to > 0 once:
 * GSL's bisection, which needs only a change of sign (f(lo) <= 0 < f(hi)),
 * to a relative tol.  The bracket's lower end is where f still holds.
 */
static double last_holding(double (*f)(double, void *), void *ctx, double lo, double hi, double tol)
{
    gsl_function fn = {f, ctx};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_bisection);
    gsl_root_fsolver_set(s, &fn, lo, hi);
    double x_lo = lo;
    for (int i = 0; i < 200; i++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        x_lo = gsl_root_fsolver_x_lower(s);
        if (gsl_root_test_interval(x_lo, gsl_root_fsolver_x_upper(s), 0, tol) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    return f(x_lo, ctx) <= 0 ? x_lo : lo;
}

double replica_target_rate(const struct replica *r, double latency_s, double ttft_s)
{
    struct target t = {r, latency_s, ttft_s};
    double stable = replica_stable_rate(r);
    double lo = stable * 1e-9, hi = stable * (1 - 1e-9);
    if (miss(lo, &t) > 0)
        return 0;
    if (miss(hi, &t) <= 0)
        return hi;
    return last_holding(miss, &t, lo, hi, 1e-7);
}

static double sim_rate(const void *ctx, double n)
{
    return replica_tok_s(ctx, n);
}

int replica_simulate(const struct replica *r, double lambda, uint64_t requests, uint64_t seed,
                     uint64_t replication, struct replica_run *run, struct diag *d)
{
    struct sim_deployment dep;
    sim_deployment_init(&dep);
    dep.name = "replica";
    if (r->curve) {
        dep.rate_tok_s = sim_rate;
        dep.rate_ctx = r;
    } else {
        dep.throughput_tok_s = r->throughput_tok_s;
    }
    dep.ttft_s = r->ttft_s;
    dep.max_concurrency = (unsigned)r->max_concurrency;
    struct sim_config c;
    sim_config_init(&c);
    c.deployments = &dep;
    c.ndeployments = 1;
    c.job.kind = SIM_JOB_REQUESTS;
    c.job.requests = requests;
    c.job.request.input_tokens = r->input_tokens;
    c.job.request.output_tokens = r->output_tokens;
    c.job.request.max_tokens = r->output_max;
    c.job.output_dist = (enum sim_dist)r->output_dist;
    c.job.output_cv = r->output_cv;
    c.client.workers = 0;
    c.client.arrival_rate_s = lambda;
    c.client.warmup_requests = requests / 10;
    c.router.policy = SIM_ROUTE_LEAST_BUSY;
    c.seed = seed;
    c.replication = replication;
    struct sim_result res;
    memset(run, 0, sizeof *run);
    run->rate = lambda;
    run->requests = requests;
    run->seed = seed;
    run->replication = replication;
    if (sim_run(&c, &res, d) != 0)
        return -1;
    run->latency_p95_s = res.latency.p95;
    run->ttft_p95_s = res.ttft.p95;
    run->latency_mean_s = res.latency.mean;
    run->events = res.events;
    sim_result_release(&res);
    return 0;
}

static int run_meets(const struct replica_run *run, double latency_s, double ttft_s)
{
    return (latency_s <= 0 || run->latency_p95_s <= latency_s) &&
           (ttft_s <= 0 || run->ttft_p95_s <= ttft_s);
}

/* The simulated counterpart of miss(): each call one run with the same seed. */
struct sim_target {
    const struct replica *r;
    double latency_s, ttft_s;
    uint64_t requests, seed;
    struct diag *d;
    int failed;
};

static double sim_miss(double lambda, void *ctx)
{
    struct sim_target *t = ctx;
    struct replica_run run;
    if (t->failed || replica_simulate(t->r, lambda, t->requests, t->seed, 0, &run, t->d) != 0) {
        t->failed = 1;
        return 1;
    }
    return run_meets(&run, t->latency_s, t->ttft_s) ? -1 : 1;
}

int replica_check(const struct replica *r, double rate, double latency_s, double ttft_s,
                  uint64_t requests, uint64_t seed, double *checked, int *lowered,
                  struct replica_run *run, struct diag *d)
{
    struct sim_target t = {r, latency_s, ttft_s, requests, seed, d, 0};
    *lowered = 0;
    *checked = rate;
    if (replica_simulate(r, rate, requests, seed, 0, run, d) != 0)
        return -1;
    if (run_meets(run, latency_s, ttft_s))
        return 0;
    /* Halve until the simulation holds, then bisect between the two to 1%. */
    *lowered = 1;
    double hi = rate, lo = rate / 2;
    int holds = 0;
    while (!t.failed && lo > rate * 1e-6 && !(holds = sim_miss(lo, &t) <= 0)) {
        hi = lo;
        lo /= 2;
    }
    *checked = holds ? last_holding(sim_miss, &t, lo, hi, 0.01) : 0;
    if (t.failed || (*checked > 0 && replica_simulate(r, *checked, requests, seed, 0, run, d) != 0))
        return -1;
    return 0;
}
