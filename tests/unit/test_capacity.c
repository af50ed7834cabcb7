/*
 * Unit tests of serving capacity (docs/capacity.md): a replica's capacity,
 * replicas month by month, hourly autoscaling, a TPM-limited managed
 * endpoint, the comparison over the staircase, the analytic estimate, and
 * the simulation check against a closed form.  Each expectation is worked
 * out by hand in the comment beside it.  Units: a month is 730 h =
 * 2,628,000 s = 730/24 = 30.41667 days.
 */
#include <stdlib.h>
#include <unistd.h>

#include "model.h"
#include "model_capacity.h"
#include "replica.h"
#include "scenario.h"
#include "scenario_test.h"
#include "test.h"

#define REL 1e-9

static int load_run(const char *yaml, struct scenario *s, struct report *r)
{
    if (scenario_test_load(yaml, s) != 0) {
        CHECK(!"scenario loads");
        return -1;
    }
    struct diag d = DIAG_INIT;
    if (model_run(s, r, &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        scenario_release(s);
        CHECK(!"model runs");
        return -1;
    }
    return 0;
}

/* An API at $0.88 per 1M tokens in and out: 1,800 tokens a request cost $0.001584. */
#define API "    api: {model: {input_per_1m: 0.88, output_per_1m: 0.88}}\n"
/* A VM at $3.673/h serving 2,000 tok/s, sized at 70% of that. */
#define VM(extra)                                                                                  \
    "    own:\n"                                                                                   \
    "      instance: {per_hour: 3.673}\n"                                                          \
    "      throughput: 2000 tok/s\n"                                                               \
    "      max_utilisation: 70%\n" extra

static void test_constant_replica(void)
{
    struct scenario s;
    struct report r;
    if (load_run(
            "raftcost: 1\n"
            "inference:\n"
            "  horizon: 3 months\n"
            "  traffic: {requests: 500k/day, input_tokens: 1500, output_tokens: 300,\n"
            "            peak: 3x}\n"
            "  options:\n" API VM(
                "      replicas: auto\n") "  compare: {baseline: api, candidate: own, claim: 2x}\n",
            &s, &r))
        return;
    const struct capacity_option *c = model_capacity_of(&r.inference, 1);
    CHECK(c != NULL && c->sized);
    if (!c)
        goto out;
    /* throughput / output tokens × max_utilisation = 2000 / 300 × 0.7 = 4.6667 requests/s */
    CHECK_NEAR(c->requests_per_s, 2000.0 / 300 * 0.7, REL);
    CHECK_NEAR(c->full_rate, 2000.0 / 300, REL);
    /* peak = 500,000 / 86,400 × 3 = 17.3611/s; / 4.6667 = 3.72: 4 replicas all month */
    CHECK_NEAR(c->replicas[0], 4, REL);
    CHECK_NEAR(c->replica_hours[0], 4 * 730.0, REL);
    /* 2,920 h × $3.673 = $10,725.16 */
    CHECK_NEAR(c->hosting_cost[0], 10725.16, REL);
    CHECK_NEAR(r.inference.options[1].first_month_cost, 10725.16, REL);
    /* utilisation: mean 5.7870/s over 4 × 6.6667/s = 0.21701 */
    CHECK_NEAR(c->utilisation[0], 500000.0 / 86400 / (4 * 2000.0 / 300), REL);
    /*
     * p95 at peak, the estimate: 17.3611 / 4 = 4.3403/s a replica, rho =
     * 4.3403 / 6.6667 = 0.65104; N is geometric, P(N <= n) = 1 - rho^(n+1)
     * >= 0.95 first at n = 6 (rho^7 = 0.0496); k = 7 requests share 2,000
     * tok/s: 7 × 300 / 2000 = 1.05 s.
     */
    CHECK_NEAR(c->latency_p95_s[0], 1.05, REL);
    /* cost per 1M tokens: 10,725.16 / (15,208,333 × 1,800) × 1e6 = $0.391787 */
    CHECK_NEAR(c->cost_per_million_tokens[0], 10725.16 / (500000 * 730.0 / 24 * 1800) * 1e6, REL);

    const struct comparison *k = &r.inference.comparison;
    CHECK(k->staircase);
    /*
     * Best ratio: whole replicas fully used at the peak hour, a request's
     * hosting 3.673 × 3 / (3600 × 4.6667) = $0.000655893; 0.001584 /
     * 0.000655893 = 2.41503.
     */
    CHECK_NEAR(k->best_ratio, 0.001584 / (3.673 * 3 / (3600 * 2000.0 / 300 * 0.7)), 1e-9);
    /*
     * Breakeven: one replica ($2,681.29 a month) until the peak fills it at
     * 4.6667 × 2,628,000 / 3 = 4,088,000 requests a month; the API costs as
     * much at 2,681.29 / 0.001584 = 1,692,733 a month = 55,651.5/day.  After
     * each step the candidate stays cheaper (ratio n/(n+1) × 2.415 >= 1.21).
     */
    CHECK_NEAR(k->breakeven_requests_per_day, 730 * 3.673 / 0.001584 / (730.0 / 24), 1e-9);
    /*
     * Claim 2x: first reached with one replica at 2 × 2,681.29 / 0.001584 =
     * 3,385,467 a month (111,303/day).  After the step from n to n+1
     * replicas the ratio drops to n / (n+1) × 2.41503, below 2 for n <= 4;
     * the last time it falls below, it comes back at 2 × 5 × 2,681.29 /
     * 0.001584 = 16,927,336 a month = 556,515/day, and holds from there.
     */
    double month_days = 730.0 / 24, one = 730 * 3.673;
    CHECK_NEAR(k->claim_requests_per_day, 2 * one / 0.001584 / month_days, 1e-9);
    CHECK_NEAR(k->claim_for_good_requests_per_day, 10 * one / 0.001584 / month_days, 1e-9);
    CHECK(k->claim_rises_with_traffic);
    CHECK(k->claim_holds); /* month 1: 24,090 / 10,725.16 = 2.246 >= 2 */
    CHECK_NEAR(k->first_month_ratio, 500000 * month_days * 0.001584 / 10725.16, REL);
out:
    report_release(&r);
    scenario_release(&s);
}

static void test_growth_crosses_a_boundary(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\n"
                 "inference:\n"
                 "  horizon: 12 months\n"
                 "  traffic: {requests: 100k/day, input_tokens: 1500, output_tokens: 300,\n"
                 "            growth: 10%, peak: 2x}\n"
                 "  options:\n" API VM(
                     "      replicas: {auto: true, min: 1, max: 4}\n") "  compare: {baseline: api, "
                                                                       "candidate: own}\n",
                 &s, &r))
        return;
    const struct capacity_option *c = model_capacity_of(&r.inference, 1);
    if (!c) {
        CHECK(!"a capacity");
        goto out;
    }
    /*
     * Peak month m = 100,000 / 86,400 × 2 × 1.1^(m-1) = 2.3148 × 1.1^(m-1)
     * against 4.6667 a replica: month 8, 2.3148 × 1.9487 = 4.511, one
     * replica; month 9, 2.3148 × 2.1436 = 4.962, two.
     */
    for (int m = 0; m < 8; m++)
        CHECK_NEAR(c->replicas[m], 1, REL);
    for (int m = 8; m < 12; m++)
        CHECK_NEAR(c->replicas[m], 2, REL);
    CHECK(!c->any_over);
    /* 8 months of 730 h and 4 of 1,460: 11,680 replica-hours, $42,900.64 */
    CHECK_NEAR(r.inference.options[1].hosting_hours, 8 * 730.0 + 4 * 1460.0, REL);
    CHECK_NEAR(r.inference.options[1].serving_cost, 11680 * 3.673, REL);
    /* month 9's p95 at peak: 4.962 / 2 = 2.481/s, rho 0.3722, n95 = 3 (rho^4 = 0.0192
     * and rho^3 = 0.0516): 4 × 300 / 2000 = 0.6 s */
    CHECK_NEAR(c->latency_p95_s[8], 0.6, REL);
out:
    report_release(&r);
    scenario_release(&s);
}

static void test_hourly_profile(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\n"
                 "inference:\n"
                 "  horizon: 1 month\n"
                 "  traffic:\n"
                 "    requests: 691.2k/day\n"
                 "    input_tokens: 1500\n"
                 "    output_tokens: 300\n"
                 "    profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,\n"
                 "              3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n"
                 "  options:\n" API VM(
                     "      provisioning: 15 min\n"
                     "      replicas: auto\n"
                     "      autoscale: hourly\n") "  compare: {baseline: api, candidate: own}\n",
                 &s, &r))
        return;
    const struct capacity_option *c = model_capacity_of(&r.inference, 1);
    if (!c) {
        CHECK(!"a capacity");
        goto out;
    }
    /*
     * Mean 691,200 / 86,400 = 8/s; the weights average 2, so hours 0-11 run
     * at 0.5 × 8 = 4/s (4 / 4.6667 = 0.857: 1 replica) and hours 12-23 at
     * 1.5 × 8 = 12/s (2.571: 3 replicas).  A day: 12 × 1 + 12 × 3 = 48
     * replica-hours, and one scale-up from 1 to 3 (2 replicas started);
     * a month holds 730 / 24 = 30.4167 days: 48 × 30.4167 = 1,460 h, plus
     * 2 × 30.4167 = 60.833 scale-ups × 0.25 h = 15.208 h: 1,475.208 h.
     */
    double days = 730.0 / 24;
    CHECK_NEAR(c->replicas[0], 3, REL);
    CHECK_NEAR(c->scale_ups[0], 2 * days, REL);
    CHECK_NEAR(c->replica_hours[0], 48 * days + 2 * days * 0.25, REL);
    CHECK_NEAR(c->hosting_cost[0], (48 * days + 2 * days * 0.25) * 3.673, REL);
    CHECK_NEAR(c->peak_factor, 1.5, REL);
    CHECK_NEAR(c->peak_load[0], 4, REL); /* 12/s over 3 replicas */
out:
    report_release(&r);
    scenario_release(&s);
}

static void test_tpm_limited_endpoint(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\n"
                 "inference:\n"
                 "  horizon: 1 month\n"
                 "  traffic: {requests: 500k/day, input_tokens: 1500, output_tokens: 300,\n"
                 "            peak: 3x}\n"
                 "  options:\n"
                 "    api: {model: {input_per_1m: 3.78, output_per_1m: 11.34}}\n"
                 "    managed:\n"
                 "      model: {input_per_1k: 0.00052, output_per_1k: 0.00067,\n"
                 "              hosting_per_hour: 3.09}\n"
                 "      limits: {tpm: 400k, rpm: 1000}\n"
                 "      replicas: auto\n"
                 "  compare: {baseline: api, candidate: managed}\n",
                 &s, &r))
        return;
    const struct capacity_option *c = model_capacity_of(&r.inference, 1);
    if (!c) {
        CHECK(!"a capacity");
        goto out;
    }
    /*
     * A deployment admits 400,000 tokens a minute: 400,000 / 60 / 1,800 =
     * 3.7037 requests/s (its rpm, 1,000 / 60 = 16.67/s, binds later).  The
     * peak, 17.3611/s, needs 17.3611 / 3.7037 = 4.69: 5 deployments.
     */
    CHECK_NEAR(c->requests_per_s, 400000.0 / 60 / 1800, REL);
    CHECK(c->bound == CAPACITY_BOUND_TPM);
    CHECK_NEAR(c->replicas[0], 5, REL);
    /* 5 × 730 × 3.09 = 11,278.50 hosting; tokens 15,208,333 × 0.000981 = 14,919.375 */
    CHECK_NEAR(c->hosting_cost[0], 11278.5, REL);
    CHECK_NEAR(r.inference.options[1].first_month_cost,
               11278.5 + 500000 * 730.0 / 24 * (1.5 * 0.00052 + 0.3 * 0.00067), REL);
    CHECK(isnan(c->latency_p95_s[0])); /* no throughput: no latency */
out:
    report_release(&r);
    scenario_release(&s);
}

static void test_fixed_replicas_unchanged(void)
{
    /* replicas: 2 keeps today's cost: 2 × 3.09 × 730 = 4,511.40 hosting a month. */
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\n"
                 "inference:\n"
                 "  horizon: 1 month\n"
                 "  traffic: {requests: 20k/day, input_tokens: 1500, output_tokens: 300}\n"
                 "  options:\n"
                 "    raft: {model: {input_per_1k: 0.00052, output_per_1k: 0.00067,\n"
                 "           hosting_per_hour: 3.09}, replicas: 2}\n",
                 &s, &r))
        return;
    CHECK(!r.inference.capacity.present);
    CHECK_NEAR(r.inference.options[0].hosting_per_month, 4511.4, REL);
    report_release(&r);
    scenario_release(&s);
}

static void test_estimate(void)
{
    /*
     * A curve-free replica of 100 tok/s, 100 output tokens: mu = 1/s.  At
     * lambda = 0.5, N is geometric with rho 0.5: P(N <= n) = 1 - 0.5^(n+1)
     * >= 0.95 first at n = 4 (0.5^5 = 0.03125); k = 5: 5 s.  With M = 2
     * the arrival finds 4 others, 3 of them beyond M: TTFT = (5 - 2) × 100 /
     * 100 = 3 s, and the latency 5 × 100 / 100 = 5 s again.
     */
    struct replica rep = {.throughput_tok_s = 100, .output_tokens = 100, .input_tokens = 10};
    double latency, ttft;
    CHECK(replica_estimate(&rep, 0.5, &latency, &ttft) == 0);
    CHECK_NEAR(latency, 5, REL);
    CHECK_NEAR(ttft, 0, REL);
    rep.max_concurrency = 2;
    CHECK(replica_estimate(&rep, 0.5, &latency, &ttft) == 0);
    CHECK_NEAR(latency, 5, REL);
    CHECK_NEAR(ttft, 3, REL);
    /* At or above mu the queue is unstable. */
    CHECK(replica_estimate(&rep, 1, &latency, &ttft) == -1);
    /*
     * The highest rate with latency p95 <= 5 s: k <= 5, n95 <= 4, that is
     * rho^5 <= 0.05: rho = 0.05^(1/5) = 0.54928.
     */
    CHECK_NEAR(replica_target_rate(&rep, 5, 0), pow(0.05, 0.2), 1e-6);
    /*
     * Output lengths: lognormal of mean 300 and cv 0.5, sigma^2 = ln 1.25 =
     * 0.223144, mu = ln 300 - sigma^2 / 2 = 5.592216; its 95th percentile
     * exp(mu + 1.644854 sigma) = exp(5.592216 + 0.777000) = 583.9 tokens,
     * cut at max 500; exponential: 300 ln 20 = 898.7.
     */
    struct replica lengths = {
        .throughput_tok_s = 100, .output_tokens = 300, .output_dist = 1, .output_cv = 0.5};
    double sigma = sqrt(log(1.25));
    CHECK_NEAR(replica_output_p95(&lengths),
               exp(log(300) - log(1.25) / 2 + 1.6448536269514722 * sigma), 1e-9);
    lengths.output_max = 500;
    CHECK_NEAR(replica_output_p95(&lengths), 500, REL);
    lengths.output_max = 0;
    lengths.output_dist = 2;
    CHECK_NEAR(replica_output_p95(&lengths), 300 * log(20), 1e-9);
    /* At a low load the long request decides: 898.7 tokens alone at 100 tok/s = 8.99 s. */
    CHECK(replica_estimate(&lengths, 1e-6, &latency, &ttft) == 0);
    CHECK_NEAR(latency, 300 * log(20) / 100, 1e-6);
    /* One request alone: out / X(1) = 1 s; a target of 0.5 s cannot be met. */
    CHECK_NEAR(replica_alone_latency(&rep), 1, REL);
    CHECK(replica_target_rate(&rep, 0.5, 0) == 0);
}

static void test_check_against_mm1(void)
{
    /*
     * One request served at a time (max_concurrency 1) at 100 tok/s,
     * exponential output lengths of mean 100: M/M/1 first come first
     * served, mu = 1/s.  Its sojourn time is exponential with rate
     * mu - lambda, so p95 = ln 20 / (mu - lambda) (processor sharing has no
     * such closed form for its percentiles, only for its mean).  The
     * target 8 s: the estimate allows rho^8 <= 0.05, lambda = 0.6877, where
     * the closed form gives ln 20 / 0.3123 = 9.59 s: the simulation finds
     * the estimate too kind and lowers the capacity towards
     * 1 - ln 20 / 8 = 0.6255.  At the rate it settles on, the simulated p95
     * (50,000 requests, the first tenth left out) is within 10% of
     * ln 20 / (1 - rate), and the rate within 5% of 0.6255.
     */
    struct replica rep = {.throughput_tok_s = 100,
                          .output_tokens = 100,
                          .input_tokens = 10,
                          .max_concurrency = 1,
                          .output_dist = 2};
    double analytic = replica_target_rate(&rep, 8, 0);
    CHECK_NEAR(analytic, pow(0.05, 1.0 / 8), 1e-6);
    double checked;
    int lowered;
    struct replica_run run;
    struct diag d = DIAG_INIT;
    if (replica_check(&rep, analytic, 8, 0, 50000, 7, &checked, &lowered, &run, &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"the check runs");
        return;
    }
    CHECK(lowered);
    CHECK(run.latency_p95_s <= 8);
    double closed = log(20) / (1 - checked);
    CHECK(fabs(run.latency_p95_s - closed) / closed < 0.10);
    CHECK(fabs(checked - (1 - log(20) / 8)) / (1 - log(20) / 8) < 0.05);
    /* And at a fixed rate of 0.5/s: ln 20 / 0.5 = 5.99 s. */
    if (replica_simulate(&rep, 0.5, 50000, 7, 3, &run, &d) == 0)
        CHECK(fabs(run.latency_p95_s - log(20) / 0.5) / (log(20) / 0.5) < 0.10);
    else
        CHECK(!"the simulation runs");
    diag_release(&d);
}

static void test_slo_option(void)
{
    /*
     * An option with an slo: the capacity is the estimate, checked by the
     * simulation at that rate, and never above the stable rate (2000 / 300
     * = 6.667/s); the check is recorded with its seed.
     */
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\n"
                 "inference:\n"
                 "  horizon: 2 months\n"
                 "  traffic: {requests: 500k/day, input_tokens: 1500, output_tokens: 300,\n"
                 "            peak: 3x, output_lengths: {dist: exponential}}\n"
                 "  options:\n" API "    own:\n"
                 "      instance: {per_hour: 3.673}\n"
                 "      throughput: 2000 tok/s\n"
                 "      replicas: auto\n"
                 "      slo: {latency_p95: 2 s, seed: 5, check_requests: 20k}\n",
                 &s, &r))
        return;
    const struct capacity_option *c = model_capacity_of(&r.inference, 1);
    if (!c) {
        CHECK(!"a capacity");
        goto out;
    }
    CHECK(c->checked);
    CHECK(c->seed == 5 && c->check_requests == 20000);
    CHECK(c->requests_per_s <= c->analytic_rate);
    CHECK(c->requests_per_s < 2000.0 / 300);
    CHECK(c->check_latency_p95_s <= 2);
    CHECK(c->latency_simulated);
    /* replicas: the peak 17.3611/s over the capacity, rounded up */
    CHECK_NEAR(c->replicas[0], ceil(500000.0 / 86400 * 3 / c->requests_per_s), REL);
out:
    report_release(&r);
    scenario_release(&s);
}

int main(void)
{
    test_constant_replica();
    test_growth_crosses_a_boundary();
    test_hourly_profile();
    test_tpm_limited_endpoint();
    test_fixed_replicas_unchanged();
    test_estimate();
    test_check_against_mm1();
    test_slo_option();
    TEST_END("capacity");
}
