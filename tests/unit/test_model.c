/*
 * Unit tests of the cost model: each test loads a small scenario (prices
 * inline, so no catalogue is involved), runs the model and checks every
 * figure against a value worked out by hand; the working is in the comment
 * beside it.  Units: K = 1,000 tokens; a month is 730 h = 730/24 days.
 */
#include <stdlib.h>
#include <unistd.h>

#include "model.h"
#include "params.h"
#include "scenario.h"
#include "scenario_test.h"
#include "test.h"

#define REL 1e-9 /* the model computes in doubles: agree to 9 digits */

/* Loads and runs; on failure counts one failed check and returns -1. */
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

static void done(struct scenario *s, struct report *r)
{
    report_release(r);
    scenario_release(s);
}

/* The talk's prices, inline: Llama 3 70B pay-as-you-go, an A100 VM, the RAFT model. */
#define MAAS                                                                                       \
    "  maas:\n"                                                                                    \
    "    type: serverless\n"                                                                       \
    "    model: {input_per_1k: 0.00378, output_per_1k: 0.01134}\n"                                 \
    "    throughput: 70 tok/s\n"
#define MAAP(extra)                                                                                \
    "  maap:\n"                                                                                    \
    "    type: dedicated\n"                                                                        \
    "    instance: {per_hour: 14.69}\n"                                                            \
    "    count: 2\n"                                                                               \
    "    throughput: 140 tok/s\n" extra
/* maap ready after 15 minutes, torn down 5 minutes after the job */
#define MAAP_LATE MAAP("    provisioning: 15 min\n    teardown: 5 min\n")
#define GENERATION(extra)                                                                          \
    "generation:\n"                                                                                \
    "  examples: 18k\n"                                                                            \
    "  tokens: {input: 10M, output: 3.7M}\n" extra

static void test_serverless_alone(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\nbackends:\n" MAAS GENERATION(""), &s, &r))
        return;
    const struct gen_result *g = &r.generation;
    const struct gen_backend_result *b = &g->backends[0];
    CHECK(g->nbackends == 1);
    CHECK_NEAR(g->throughput_tok_s, 70, REL);
    /* 10M × 0.00378/1K + 3.7M × 0.01134/1K = 37.8 + 41.958 */
    CHECK_NEAR(g->cost, 79.758, REL);
    CHECK_NEAR(b->cost, 79.758, REL);
    /* 3.7M / 70 tok/s = 52,857.142857 s = 14.682540 h */
    CHECK_NEAR(g->wall_s, 52857.142857142857, REL);
    CHECK_NEAR(b->busy_s, 52857.142857142857, REL);
    CHECK_NEAR(b->share, 1, REL);
    CHECK_NEAR(b->input_tokens, 10e6, REL);
    CHECK(b->billed_s == 0); /* serverless: billed per token, not per hour */
    CHECK(b->limited_by == 0);
    /* requests default to the examples */
    CHECK_NEAR(g->requests, 18000, REL);
    /* alone = the mix when there is one backend */
    CHECK_NEAR(b->alone_cost, 79.758, REL);
    CHECK_NEAR(b->alone_wall_s, 52857.142857142857, REL);
    /* one-off costs: generation only; no comparison, so the horizon total is the same */
    CHECK_NEAR(r.one_off, 79.758, REL);
    CHECK_NEAR(r.horizon_total, 79.758, REL);
    CHECK(!r.fine_tuning.present && !r.inference.present);
    done(&s, &r);
}

static void test_capacity_equal_provisioning(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\nbackends:\n" MAAS MAAP("") GENERATION("  routing: capacity\n"), &s,
                 &r))
        return;
    const struct gen_result *g = &r.generation;
    const struct gen_backend_result *maas = &g->backends[0], *maap = &g->backends[1];
    /* 70 + 2 × 140 = 350 tok/s */
    CHECK_NEAR(g->throughput_tok_s, 350, REL);
    CHECK_NEAR(maap->throughput_tok_s, 280, REL);
    /* T = 3.7M / 350 = 10,571.428571 s = 2.936508 h */
    CHECK_NEAR(g->wall_s, 10571.428571428571, REL);
    CHECK_NEAR(maas->busy_s, 10571.428571428571, REL);
    CHECK_NEAR(maap->busy_s, 10571.428571428571, REL);
    /* shares 70/350 = 20% and 280/350 = 80% */
    CHECK_NEAR(maas->share, 0.2, REL);
    CHECK_NEAR(maap->share, 0.8, REL);
    /* input follows the output split: 2M and 8M; output 740k and 2.96M */
    CHECK_NEAR(maas->input_tokens, 2e6, REL);
    CHECK_NEAR(maap->input_tokens, 8e6, REL);
    CHECK_NEAR(maas->output_tokens, 740e3, REL);
    CHECK_NEAR(maap->output_tokens, 2.96e6, REL);
    /* 2M × 0.00378/1K + 740k × 0.01134/1K = 7.56 + 8.3916 */
    CHECK_NEAR(maas->cost, 15.9516, REL);
    /* 2 × 14.69 × 2.936508 h = 29.38 × 2.936508 */
    CHECK_NEAR(maap->cost, 86.274603174603, REL);
    CHECK_NEAR(maap->billed_s, 10571.428571428571, REL);
    /* 15.9516 + 86.274603 */
    CHECK_NEAR(g->cost, 102.226203174603, REL);
    /* each alone: maas 3.7M/70 s for 79.758; maap 3.7M/280 = 13,214.29 s = 3.670635 h × 29.38 */
    CHECK_NEAR(maas->alone_wall_s, 52857.142857142857, REL);
    CHECK_NEAR(maas->alone_cost, 79.758, REL);
    CHECK_NEAR(maap->alone_wall_s, 13214.285714285714, REL);
    CHECK_NEAR(maap->alone_cost, 107.843253968254, REL);
    done(&s, &r);
}

static void test_capacity_different_provisioning(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\nbackends:\n" MAAS MAAP_LATE GENERATION(""), &s, &r))
        return;
    const struct gen_result *g = &r.generation;
    const struct gen_backend_result *maas = &g->backends[0], *maap = &g->backends[1];
    /*
     * maas serves from 0, maap from 900 s.  maas alone would need 52,857 s,
     * past 900 s, so both serve: 70 T + 280 (T − 900) = 3.7M
     * → T = (3,700,000 + 252,000) / 350 = 11,291.428571 s = 3.136508 h.
     */
    CHECK_NEAR(g->wall_s, 11291.428571428571, REL);
    CHECK_NEAR(maas->busy_s, 11291.428571428571, REL);
    CHECK_NEAR(maap->busy_s, 10391.428571428571, REL); /* T − 900 */
    /* maas 70 × 11,291.43 = 790,400; maap 280 × 10,391.43 = 2,909,600 (sum 3.7M) */
    CHECK_NEAR(maas->output_tokens, 790400, REL);
    CHECK_NEAR(maap->output_tokens, 2909600, REL);
    CHECK_NEAR(maas->share, 790400 / 3.7e6, REL); /* 21.36% */
    /* maas input 10M × 0.2136216 = 2,136,216.2: × 0.00378/1K + 790,400 × 0.01134/1K */
    CHECK_NEAR(maas->input_tokens, 2136216.2162162162, REL);
    CHECK_NEAR(maas->cost, 17.038033297297, REL); /* 8.074897 + 8.963136 */
    /* maap billed 900 + 10,391.43 + 300 = 11,591.43 s = 3.219841 h × 29.38 */
    CHECK_NEAR(maap->billed_s, 11591.428571428571, REL);
    CHECK_NEAR(maap->cost, 94.598936507937, REL);
    CHECK_NEAR(g->cost, 111.636969805234, REL);
    /* maap alone: ready at 900 s, 3.7M/280 = 13,214.29 s busy; billed + 300 s teardown */
    CHECK_NEAR(maap->alone_wall_s, 14114.285714285714, REL);
    CHECK_NEAR(maap->alone_cost, 117.636587301587, REL); /* 29.38 × 14,414.29/3600 */
    done(&s, &r);
}

static void test_capacity_ready_too_late(void)
{
    struct scenario s;
    struct report r;
    /* 35k output tokens: maas alone is done after 35,000/70 = 500 s, before maap is ready */
    const char *yaml = "raftcost: 1\nbackends:\n" MAAS MAAP_LATE
                       "generation:\n  examples: 100\n  tokens: {input: 100k, output: 35k}\n";
    if (load_run(yaml, &s, &r))
        return;
    const struct gen_result *g = &r.generation;
    const struct gen_backend_result *maas = &g->backends[0], *maap = &g->backends[1];
    CHECK_NEAR(g->wall_s, 500, REL);
    CHECK_NEAR(maas->share, 1, REL);
    CHECK_NEAR(maap->share, 0, REL);
    CHECK_NEAR(maap->busy_s, 0, REL);
    /* maas: 100k × 0.00378/1K + 35k × 0.01134/1K = 0.378 + 0.3969 */
    CHECK_NEAR(maas->cost, 0.7749, REL);
    /* maap is stopped when the job is done: billed for its provisioning up to then
     * and its teardown, 2 × 14.69 × (500 + 300) s / 3600 = 29.38 × 2 / 9 = 6.528889 */
    CHECK_NEAR(maap->cost, 29.38 * 800 / 3600, REL);
    done(&s, &r);
}

static void test_equal_routing(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\nbackends:\n" MAAS MAAP("    provisioning: 15 min\n")
                     GENERATION("  routing: equal\n"),
                 &s, &r))
        return;
    const struct gen_result *g = &r.generation;
    const struct gen_backend_result *maas = &g->backends[0], *maap = &g->backends[1];
    /* each serves 3.7M / 2 = 1.85M output and 5M input */
    CHECK_NEAR(maas->share, 0.5, REL);
    CHECK_NEAR(maap->share, 0.5, REL);
    CHECK_NEAR(maap->input_tokens, 5e6, REL);
    /* maas busy 1.85M / 70 = 26,428.571 s; maap 1.85M / 280 = 6,607.143 s */
    CHECK_NEAR(maas->busy_s, 26428.571428571429, REL);
    CHECK_NEAR(maap->busy_s, 6607.142857142857, REL);
    /* wall = the slowest: max(0 + 26,428.57, 900 + 6,607.14) = 26,428.57 s = 7.341 h */
    CHECK_NEAR(g->wall_s, 26428.571428571429, REL);
    /* maas 5M × 0.00378/1K + 1.85M × 0.01134/1K = 18.9 + 20.979 */
    CHECK_NEAR(maas->cost, 39.879, REL);
    /* maap 29.38 × (900 + 6,607.14) s / 3600 = 29.38 × 2.085317 h */
    CHECK_NEAR(maap->cost, 61.266626984127, REL);
    done(&s, &r);
}

static void test_equal_routing_provisioning_dominates(void)
{
    struct scenario s;
    struct report r;
    /* maap ready after 8 h: 28,800 + 6,607.14 = 35,407.14 s beats maas's 26,428.57 s */
    if (load_run("raftcost: 1\nbackends:\n" MAAS MAAP("    provisioning: 8 h\n")
                     GENERATION("  routing: equal\n"),
                 &s, &r))
        return;
    CHECK_NEAR(r.generation.wall_s, 35407.142857142857, REL);
    done(&s, &r);
}

static void test_tpm_limit(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\nbackends:\n" MAAS "    limits: {tpm: 12k}\n" GENERATION(""), &s, &r))
        return;
    const struct gen_backend_result *b = &r.generation.backends[0];
    /* 12k tokens a minute = 200/s, of which output is 3.7/13.7: 54.0146 < 70 */
    CHECK_NEAR(b->throughput_tok_s, 54.014598540146, REL);
    CHECK(b->limited_by == 1);
    /* 13.7M tokens in and out at 200/s = 68,500 s = 19.03 h */
    CHECK_NEAR(r.generation.wall_s, 68500, REL);
    /* the limit slows the job; the token bill is the same */
    CHECK_NEAR(r.generation.cost, 79.758, REL);
    done(&s, &r);
}

static void test_rpm_limit(void)
{
    struct scenario s;
    struct report r;
    /* 15 requests a minute, 18k requests (the examples): 1,200 min = 20 h */
    if (load_run("raftcost: 1\nbackends:\n" MAAS "    limits: {rpm: 15}\n" GENERATION(""), &s, &r))
        return;
    const struct gen_backend_result *b = &r.generation.backends[0];
    /* 15/60 × 3.7M/18k = 0.25 × 205.56 = 51.389 tok/s < 70 */
    CHECK_NEAR(b->throughput_tok_s, 51.388888888889, REL);
    CHECK(b->limited_by == 2);
    CHECK_NEAR(r.generation.wall_s, 72000, REL);
    done(&s, &r);

    /* with generation.requests = 36k calls: 2,400 min = 40 h */
    if (load_run("raftcost: 1\nbackends:\n" MAAS
                 "    limits: {rpm: 15}\n" GENERATION("  requests: 36k\n"),
                 &s, &r))
        return;
    CHECK_NEAR(r.generation.requests, 36000, REL);
    CHECK_NEAR(r.generation.backends[0].throughput_tok_s, 25.694444444444, REL);
    CHECK_NEAR(r.generation.wall_s, 144000, REL);
    done(&s, &r);

    /* a limit above the throughput caps nothing: rpm 60 allows 205.56 tok/s > 70 */
    if (load_run("raftcost: 1\nbackends:\n" MAAS "    limits: {rpm: 60, tpm: 1M}\n" GENERATION(""),
                 &s, &r))
        return;
    CHECK_NEAR(r.generation.backends[0].throughput_tok_s, 70, REL);
    CHECK(r.generation.backends[0].limited_by == 0);
    done(&s, &r);

    /* both limits: the tighter wins (tpm 54.01 tok/s against rpm 51.39 tok/s) */
    if (load_run("raftcost: 1\nbackends:\n" MAAS "    limits: {rpm: 15, tpm: 12k}\n" GENERATION(""),
                 &s, &r))
        return;
    CHECK_NEAR(r.generation.backends[0].throughput_tok_s, 51.388888888889, REL);
    CHECK(r.generation.backends[0].limited_by == 2);
    done(&s, &r);
}

static void test_dedicated_alone_teardown(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\nbackends:\n" MAAP("    provisioning: 15 min\n    teardown: 30 min\n")
                     GENERATION(""),
                 &s, &r))
        return;
    const struct gen_result *g = &r.generation;
    const struct gen_backend_result *b = &g->backends[0];
    /* wall = 900 + 3.7M / 280 = 900 + 13,214.29 = 14,114.29 s: teardown is after the job */
    CHECK_NEAR(g->wall_s, 14114.285714285714, REL);
    CHECK_NEAR(b->busy_s, 13214.285714285714, REL);
    /* billed 900 + 13,214.29 + 1,800 = 15,914.29 s = 4.420635 h × 2 × 14.69 */
    CHECK_NEAR(b->billed_s, 15914.285714285714, REL);
    CHECK_NEAR(g->cost, 129.878253968254, REL);
    CHECK_NEAR(b->alone_cost, 129.878253968254, REL);
    done(&s, &r);
}

static void test_fine_tuning(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\nfine_tuning:\n  price: {per_hour: 35}\n  duration: 90 min\n"
                 "  runs: 3\n",
                 &s, &r))
        return;
    /* 3 runs × 1.5 h = 4.5 h; × 35/h = 157.5 */
    CHECK_NEAR(r.fine_tuning.runs, 3, REL);
    CHECK_NEAR(r.fine_tuning.duration_s, 4.5 * 3600, REL);
    CHECK_NEAR(r.fine_tuning.cost, 157.5, REL);
    CHECK_NEAR(r.one_off, 157.5, REL);
    done(&s, &r);

    if (load_run("raftcost: 1\nfine_tuning:\n  price: {per_1k_training_tokens: 0.008}\n"
                 "  training_tokens: 2M\n  runs: 2\n",
                 &s, &r))
        return;
    /* 2 runs × 2M tokens = 4M; 4M / 1K × 0.008 = 32 */
    CHECK_NEAR(r.fine_tuning.training_tokens, 4e6, REL);
    CHECK_NEAR(r.fine_tuning.cost, 32, REL);
    done(&s, &r);

    /* runs default to 1: 1.5 h × 35 = 52.5 */
    if (load_run("raftcost: 1\nfine_tuning:\n  price: {per_hour: 35}\n  duration: 1.5 h\n", &s, &r))
        return;
    CHECK_NEAR(r.fine_tuning.runs, 1, REL);
    CHECK_NEAR(r.fine_tuning.cost, 52.5, REL);
    done(&s, &r);
}

/* Inference: the talk's two options, 20k requests a day of 1,500 in + 300 out tokens. */
#define BASELINE "    baseline: {model: {input_per_1k: 0.00378, output_per_1k: 0.01134}}\n"
#define RAFT(replicas)                                                                             \
    "    raft:\n"                                                                                  \
    "      model: {input_per_1k: 0.00052, output_per_1k: 0.00067, hosting_per_hour: 3.09}\n"       \
    "      replicas: " replicas "\n"
#define INFERENCE(horizon, requests, growth, compare)                                              \
    "inference:\n"                                                                                 \
    "  horizon: " horizon "\n"                                                                     \
    "  traffic: {requests: " requests ", input_tokens: 1500, output_tokens: 300, growth: " growth  \
    "}\n"                                                                                          \
    "  options:\n" BASELINE RAFT("1") compare

/*
 * Per request: baseline 1.5 × 0.00378 + 0.3 × 0.01134 = 0.00567 + 0.003402
 * = 0.009072; raft 1.5 × 0.00052 + 0.3 × 0.00067 = 0.00078 + 0.000201 =
 * 0.000981.  20k/day × 730/24 days = 608,333.33 requests in a month.
 */

static void test_inference_growth_replicas(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\ninference:\n  horizon: 3 months\n"
                 "  traffic: {requests: 20k/day, input_tokens: 1500, output_tokens: 300, "
                 "growth: 10%}\n"
                 "  options:\n" BASELINE RAFT("2"),
                 &s, &r))
        return;
    const struct inference_result *inf = &r.inference;
    const struct option_result *b = &inf->options[0], *k = &inf->options[1];
    CHECK(inf->months == 3);
    CHECK_NEAR(inf->requests_per_day, 20000, REL);
    CHECK_NEAR(inf->requests_per_month, 608333.33333333333, REL);
    CHECK_NEAR(b->token_cost_per_request, 0.009072, REL);
    CHECK_NEAR(k->token_cost_per_request, 0.000981, REL);
    CHECK_NEAR(b->hosting_per_month, 0, REL); /* no hosting price */
    /* 2 replicas × 3.09/h × 730 h */
    CHECK_NEAR(k->hosting_per_month, 4511.4, REL);
    /* baseline: 608,333.33 × 0.009072 = 5,518.80, then × 1.1 and × 1.21 */
    CHECK_NEAR(b->monthly[0], 5518.8, REL);
    CHECK_NEAR(b->monthly[1], 6070.68, REL);
    CHECK_NEAR(b->monthly[2], 6677.748, REL);
    CHECK_NEAR(b->first_month_cost, 5518.8, REL);
    CHECK_NEAR(b->horizon_cost, 18267.228, REL); /* 5,518.8 × 3.31 */
    /* raft: 4,511.4 + 608,333.33 × 0.000981 (596.775) × 1, 1.1, 1.21 */
    CHECK_NEAR(k->monthly[0], 5108.175, REL);
    CHECK_NEAR(k->monthly[1], 5167.8525, REL);
    CHECK_NEAR(k->monthly[2], 5233.49775, REL);
    CHECK_NEAR(k->serving_cost, 15509.52525, REL); /* 3 × 4,511.4 + 596.775 × 3.31 */
    /* no comparison: no one-off costs added anywhere */
    CHECK(!inf->comparison.present);
    CHECK_NEAR(k->horizon_cost, 15509.52525, REL);
    CHECK_NEAR(r.horizon_total, 0, REL);
    done(&s, &r);

    /* negative growth: −50% a month halves the traffic; month 2 = 5,518.8 / 2 */
    if (load_run("raftcost: 1\n" INFERENCE("2 months", "20k/day", "-50%", ""), &s, &r))
        return;
    CHECK_NEAR(r.inference.options[0].monthly[1], 2759.4, REL);
    /* raft month 2: 2,255.7 hosting + 596.775 / 2 */
    CHECK_NEAR(r.inference.options[1].monthly[1], 2554.0875, REL);
    done(&s, &r);
}

/* One-off costs: serverless generation (79.758) and 1.5 h of fine-tuning at 35/h (52.5). */
#define ONE_OFF(ft_duration)                                                                       \
    "backends:\n" MAAS GENERATION("") "fine_tuning:\n"                                             \
                                      "  price: {per_hour: 35}\n"                                  \
                                      "  duration: " ft_duration "\n"

static void test_comparison(void)
{
    struct scenario s;
    struct report r;
    if (load_run("raftcost: 1\n" ONE_OFF("1.5 h")
                     INFERENCE("12 months", "20k/day", "0%",
                               "  compare: {baseline: baseline, candidate: raft, claim: 100x}\n"),
                 &s, &r))
        return;
    const struct inference_result *inf = &r.inference;
    const struct comparison *c = &inf->comparison;
    const struct option_result *b = &inf->options[0], *k = &inf->options[1];
    /* 79.758 + 52.5 */
    CHECK_NEAR(r.one_off, 132.258, REL);
    /* baseline 12 × 5,518.8; raft 12 × (2,255.7 + 596.775) = 12 × 2,852.475 */
    CHECK_NEAR(b->horizon_cost, 66225.6, REL);
    CHECK_NEAR(k->first_month_cost, 2852.475, REL);
    CHECK_NEAR(k->serving_cost, 34229.7, REL);
    /* the candidate carries the one-off costs: 34,229.7 + 132.258 */
    CHECK_NEAR(k->horizon_cost, 34361.958, REL);
    CHECK_NEAR(r.horizon_total, 34361.958, REL);
    CHECK(c->present);
    /* price ratios: 0.00378 / 0.00052 and 0.01134 / 0.00067 */
    CHECK_NEAR(c->input_price_ratio, 7.269230769231, REL);
    CHECK_NEAR(c->output_price_ratio, 16.925373134328, REL);
    /* asymptotic: 0.009072 / 0.000981 = 9.2477 */
    CHECK_NEAR(c->asymptotic_ratio, 9.247706422018, REL);
    /* month 1: 5,518.8 / 2,852.475 */
    CHECK_NEAR(c->first_month_ratio, 1.934740882917, REL);
    /* horizon: 66,225.6 / 34,361.958 */
    CHECK_NEAR(c->horizon_ratio, 1.927294131493, REL);
    /*
     * breakeven: 0 + R × 0.009072 = 2,255.7 + R × 0.000981
     * → R = 2,255.7 / 0.008091 = 278,791.25 requests a month
     * = 9,165.74 a day (÷ 730/24), × 1,800 tokens = 501.82M tokens a month
     */
    CHECK_NEAR(c->breakeven_requests_per_day, 9165.739710789765, REL);
    CHECK_NEAR(c->breakeven_tokens_per_month, 501824249.16573966, REL);
    /* payback: saving 5,518.8 − 2,852.475 = 2,666.325 a month; 132.258 / 2,666.325 × 730/24 */
    CHECK_NEAR(c->payback_days, 1.508761122519, REL);
    /* claim 100x ≥ the asymptotic 9.25x: unreachable */
    CHECK_NEAR(c->claim, 100, REL);
    CHECK(!c->claim_holds);
    CHECK(isnan(c->claim_requests_per_day));
    done(&s, &r);
}

static void test_payback(void)
{
    struct scenario s;
    struct report r;
    /* 100 h of fine-tuning: one-off 79.758 + 3,500 = 3,579.758 */
    if (load_run("raftcost: 1\n" ONE_OFF("100 h")
                     INFERENCE("12 months", "20k/day", "0%",
                               "  compare: {baseline: baseline, candidate: raft}\n"),
                 &s, &r))
        return;
    /* month 1 saves 2,666.325; the rest, 913.433, is 0.342581 of month 2: 1.342581 × 730/24 */
    CHECK_NEAR(r.inference.comparison.payback_days, 40.836846908510, REL);
    done(&s, &r);

    /* 1,100 h of fine-tuning (38,500) is more than 12 × 2,666.325 = 31,995.9: never */
    if (load_run("raftcost: 1\n" ONE_OFF("1100 h")
                     INFERENCE("12 months", "20k/day", "0%",
                               "  compare: {baseline: baseline, candidate: raft}\n"),
                 &s, &r))
        return;
    CHECK(isnan(r.inference.comparison.payback_days));
    done(&s, &r);

    /*
     * Growth 100% from 5k/day (152,083.33 requests in month 1): the monthly
     * savings are −1,025.19, 205.31, 2,666.33, 7,588.35.  One-off 132.258:
     * cumulative −1,025.19, −819.88, then month 3 covers 132.258 + 819.88 =
     * 952.14 of 2,666.33 = 0.357096: (2 + 0.357096) × 730/24 days.
     */
    if (load_run("raftcost: 1\n" ONE_OFF("1.5 h")
                     INFERENCE("4 months", "5k/day", "100%",
                               "  compare: {baseline: baseline, candidate: raft}\n"),
                 &s, &r))
        return;
    CHECK_NEAR(r.inference.options[0].monthly[0], 1379.7, REL);     /* 152,083.33 × 0.009072 */
    CHECK_NEAR(r.inference.options[1].monthly[0], 2404.89375, REL); /* 2,255.7 + 149.19375 */
    CHECK_NEAR(r.inference.comparison.payback_days, 71.695063312799, REL);
    done(&s, &r);
}

static void test_breakeven_never(void)
{
    struct scenario s;
    struct report r;
    /* the candidate pays the baseline's token prices and hosting on top */
    if (load_run("raftcost: 1\ninference:\n  horizon: 1 month\n"
                 "  traffic: {requests: 20k/day, input_tokens: 1500, output_tokens: 300}\n"
                 "  options:\n" BASELINE
                 "    hosted: {model: {input_per_1k: 0.00378, output_per_1k: 0.01134, "
                 "hosting_per_hour: 1}}\n"
                 "  compare: {baseline: baseline, candidate: hosted, claim: 2x}\n",
                 &s, &r))
        return;
    const struct comparison *c = &r.inference.comparison;
    CHECK(isnan(c->breakeven_requests_per_day));
    CHECK(isnan(c->breakeven_tokens_per_month));
    /* the candidate never saves: even with no one-off costs, it never pays back */
    CHECK(isnan(c->payback_days));
    /* asymptotic 1x: a 2x claim is unreachable */
    CHECK_NEAR(c->asymptotic_ratio, 1, REL);
    CHECK(!c->claim_holds);
    CHECK(isnan(c->claim_requests_per_day));
    /* month 1: 5,518.8 / (730 + 5,518.8) */
    CHECK_NEAR(c->first_month_ratio, 0.883177570093, REL);
    done(&s, &r);
}

static void test_claim(void)
{
    struct scenario s;
    struct report r;
    /*
     * 1.5x: month 1 is 1.93x, so it holds.  Where it starts to hold:
     * R × 0.009072 = 1.5 (2,255.7 + R × 0.000981) → R = 3,383.55 / 0.0076005
     * = 445,174.66 a month = 14,635.88 a day.
     */
    if (load_run("raftcost: 1\n" INFERENCE(
                     "1 month", "20k/day", "0%",
                     "  compare: {baseline: baseline, candidate: raft, claim: 1.5x}\n"),
                 &s, &r))
        return;
    CHECK(r.inference.comparison.claim_holds);
    CHECK(r.inference.comparison.claim_rises_with_traffic);
    CHECK_NEAR(r.inference.comparison.claim_requests_per_day, 14635.879218472, REL);
    done(&s, &r);

    /* 5x: does not hold; R = 5 × 2,255.7 / (0.009072 − 0.004905) = 2,706,623.47 a month */
    if (load_run("raftcost: 1\n" INFERENCE(
                     "1 month", "20k/day", "0%",
                     "  compare: {baseline: baseline, candidate: raft, claim: 5x}\n"),
                 &s, &r))
        return;
    CHECK(!r.inference.comparison.claim_holds);
    CHECK_NEAR(r.inference.comparison.claim_requests_per_day, 88984.881209503, REL);
    done(&s, &r);

    /* 9.3x is just above the asymptotic 9.2477x: unreachable */
    if (load_run("raftcost: 1\n" INFERENCE(
                     "1 month", "20k/day", "0%",
                     "  compare: {baseline: baseline, candidate: raft, claim: 9.3x}\n"),
                 &s, &r))
        return;
    CHECK(!r.inference.comparison.claim_holds);
    CHECK(isnan(r.inference.comparison.claim_requests_per_day));
    done(&s, &r);

    /*
     * A hosted baseline (10/h = 7,300 a month) against an unhosted candidate:
     * the ratio falls with traffic towards 9.25x.  At 20k/day it is
     * (7,300 + 5,518.8) / 596.775 = 21.48x, so a 20x claim holds, up to
     * 7,300 = R (20 × 0.000981 − 0.009072) → R = 692,074.33 a month = 22,753.13
     * a day.  The candidate is cheaper at any volume: breakeven 0.
     */
    if (load_run("raftcost: 1\ninference:\n  horizon: 1 month\n"
                 "  traffic: {requests: 20k/day, input_tokens: 1500, output_tokens: 300}\n"
                 "  options:\n"
                 "    baseline: {model: {input_per_1k: 0.00378, output_per_1k: 0.01134, "
                 "hosting_per_hour: 10}}\n"
                 "    small: {model: {input_per_1k: 0.00052, output_per_1k: 0.00067}}\n"
                 "  compare: {baseline: baseline, candidate: small, claim: 20x}\n",
                 &s, &r))
        return;
    const struct comparison *c = &r.inference.comparison;
    CHECK_NEAR(c->first_month_ratio, 21.480122324159, REL);
    CHECK(c->claim_holds);
    CHECK(!c->claim_rises_with_traffic);
    CHECK_NEAR(c->claim_requests_per_day, 22753.128555176, REL);
    CHECK_NEAR(c->breakeven_requests_per_day, 0, REL);
    done(&s, &r);
}

static void test_set_then_run(void)
{
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_test_load("raftcost: 1\nbackends:\n" MAAS MAAP("") GENERATION("")
                               INFERENCE("12 months", "20k/day", "0%",
                                         "  compare: {baseline: baseline, candidate: raft}\n"),
                           &s))
        return;
    CHECK(params_set_assignment(&s.params, "backends.maap.count=3", "--set", &d) == 0);
    CHECK(params_set_assignment(&s.params, "inference.traffic.requests=50k/day", "--set", &d) == 0);
    CHECK(params_set_assignment(&s.params, "backends.maap.instance.per_hour=10", "--set", &d) == 0);
    CHECK(!diag_failed(&d));
    if (model_run(&s, &r, &d) != 0) {
        CHECK(!"model runs after --set");
        scenario_release(&s);
        diag_release(&d);
        return;
    }
    const struct gen_result *g = &r.generation;
    /* 70 + 3 × 140 = 490 tok/s; T = 3.7M / 490 = 7,551.02 s */
    CHECK_NEAR(g->throughput_tok_s, 490, REL);
    CHECK_NEAR(g->wall_s, 7551.020408163265, REL);
    /* maap: 3 × 10/h × 2.097506 h */
    CHECK_NEAR(g->backends[1].cost, 62.925170068027, REL);
    /* baseline month 1: 50k × 730/24 × 0.009072 */
    CHECK_NEAR(r.inference.options[0].first_month_cost, 13797, REL);
    done(&s, &r);

    /* a bad value leaves the number as it was */
    if (scenario_test_load("raftcost: 1\nbackends:\n" MAAP("") GENERATION(""), &s))
        return;
    CHECK(params_set_assignment(&s.params, "backends.maap.count=2.5", "--set", &d) == -1);
    CHECK_STR(d.message, "--set backends.maap.count: 'count' must be a whole number, got '2.5'");
    CHECK_NEAR(s.backends[0].count, 2, REL);
    diag_release(&d);
    CHECK(params_set_assignment(&s.params, "backends.maap.cout=3", "--set", &d) == -1);
    /* 'ttft' is three edits from 'cout' too: listed after the nearer 'count'. */
    CHECK_STR(d.message, "--set: unknown parameter 'backends.maap.cout'; did you mean "
                         "'backends.maap.count', 'backends.maap.ttft'?");
    diag_release(&d);
    scenario_release(&s);
}

static void test_variant(void)
{
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    if (scenario_test_load("raftcost: 1\nbackends:\n" MAAS MAAP("") GENERATION(
                               "") "variants:\n  late: {backends.maap.provisioning: 15 min}\n",
                           &s))
        return;
    CHECK(scenario_apply_variant(&s, "late", &d) == 0);
    if (model_run(&s, &r, &d) != 0) {
        CHECK(!"model runs after the variant");
        scenario_release(&s);
        diag_release(&d);
        return;
    }
    /* as in test_capacity_different_provisioning: (3.7M + 280 × 900) / 350 */
    CHECK_NEAR(r.generation.wall_s, 11291.428571428571, REL);
    done(&s, &r);
    diag_release(&d);
}

static void test_overflow(void)
{
    struct scenario s;
    struct report r;
    struct diag d = DIAG_INIT;
    /* 1e300 tokens a request at 1e10 a 1K tokens: 1e307 a request, times 608k a month */
    if (scenario_test_load("raftcost: 1\ninference:\n  horizon: 1 month\n"
                           "  traffic: {requests: 20k/day, input_tokens: 1e300, output_tokens: 1}\n"
                           "  options:\n    big: {model: {input_per_1k: 1e10, output_per_1k: 1}}\n",
                           &s))
        return;
    CHECK(model_run(&s, &r, &d) == -1);
    CHECK(d.message && strstr(d.message, "overflow"));
    diag_release(&d);
    scenario_release(&s);
}

int main(void)
{
    test_serverless_alone();
    test_capacity_equal_provisioning();
    test_capacity_different_provisioning();
    test_capacity_ready_too_late();
    test_equal_routing();
    test_equal_routing_provisioning_dominates();
    test_tpm_limit();
    test_rpm_limit();
    test_dedicated_alone_teardown();
    test_fine_tuning();
    test_inference_growth_replicas();
    test_comparison();
    test_payback();
    test_breakeven_never();
    test_claim();
    test_set_then_run();
    test_variant();
    test_overflow();
    TEST_END("model");
}
