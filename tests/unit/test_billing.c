/*
 * Unit tests of billing with catalogues: scenarios on the small catalogues
 * in tests/catalogues/ (LiteLLM's JSON and SkyPilot's CSV, prices per token
 * and per hour), run through the model, each figure worked out by hand in
 * the comment beside it; and the errors a scenario gets for prices that
 * cannot serve it.  Units: K = 1,000 tokens; prices in the files are per
 * token, so 1e-06 a token is 0.001 per 1K.
 *
 * The test catalogues, as used here:
 *   tiny-chat   in 1e-06, out 2e-06, cached 2.5e-07, batch 5e-07 / 1e-06,
 *               max 1,000 input and 200 output tokens a request
 *   long-chat   in 2e-06, out 8e-06, cached 5e-07; above 128k: in 4e-06,
 *               out 1.6e-05, cached 1e-06; above 200k: in 6e-06; max 1M in
 *   bare-chat   in 1e-06, out 2e-06, nothing else (no mode, no limits)
 *   azure/Standard_NC96ads_A100_v4   centralus 16.602 (spot 1.82622),
 *                                    eastus 14.692 (spot 1.777732)
 *   lambda/gpu_1x_a10 (lambda-crlf.csv)  us-east-1 0.75, no spot price
 */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "billing.h"
#include "model.h"
#include "params.h"
#include "scenario.h"
#include "test.h"

#define REL 1e-9

static char cwd[PATH_MAX];

/*
 * Writes yaml to a temporary file, with every "@" replaced by the absolute
 * path of tests/catalogues/, and loads it.  0, or -1 with d filled.
 */
static int load_text(const char *yaml, struct scenario *s, struct diag *d)
{
    const char *dir = getenv("TMPDIR");
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/test_billing.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return -1;
    }
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = yaml; *p; p++)
        if (*p == '@')
            strbuf_printf(&sb, "%s/tests/catalogues/", cwd);
        else
            strbuf_printf(&sb, "%c", *p);
    int ok = write(fd, sb.buf, sb.len) == (ssize_t)sb.len;
    close(fd);
    strbuf_release(&sb);
    int rc = ok ? scenario_load(s, path, d) : -1;
    unlink(path);
    return rc;
}

/* Loads, applies the --set assignments (NULL-terminated) and runs; -1 counts a failed check. */
static int run(const char *yaml, const char *const *sets, struct scenario *s, struct report *r)
{
    struct diag d = DIAG_INIT;
    int rc = load_text(yaml, s, &d);
    for (size_t i = 0; rc == 0 && sets && sets[i]; i++) {
        rc = params_set_text(s, sets[i], "--set", &d);
        if (rc)
            scenario_release(s);
    }
    if (rc == 0 && (rc = scenario_validate(s, &d)) != 0)
        scenario_release(s);
    if (rc == 0 && (rc = model_run(s, r, &d)) != 0)
        scenario_release(s);
    if (rc) {
        diag_render(&d, stderr);
        CHECK(!"scenario loads and runs");
    }
    diag_release(&d);
    return rc;
}

static void done(struct scenario *s, struct report *r)
{
    report_release(r);
    scenario_release(s);
}

/* Loading (and the --set assignments, then validation) must fail with `part` in the message. */
static void check_error(const char *yaml, const char *const *sets, int line, const char *part)
{
    struct scenario s;
    struct diag d = DIAG_INIT;
    int rc = load_text(yaml, &s, &d);
    if (rc == 0) {
        for (size_t i = 0; rc == 0 && sets && sets[i]; i++)
            rc = params_set_text(&s, sets[i], "--set", &d);
        if (rc == 0)
            rc = scenario_validate(&s, &d);
        scenario_release(&s);
    }
    CHECK(rc != 0);
    CHECK(d.message && strstr(d.message, part));
    if (line)
        CHECK(d.line == line);
    if (rc == 0 || !d.message || !strstr(d.message, part) || (line && d.line != line)) {
        fprintf(stderr, "  expected line %d and '%s', got:\n", line, part);
        diag_render(&d, stderr);
    }
    diag_release(&d);
}

/* 5,000 requests of 200 input and 100 output tokens: within tiny-chat's 1,000 and 200. */
#define JOB "generation: {examples: 5000, tokens: {input: 1M, output: 500k}}\n"

static void test_per_token_conversion(void)
{
    struct scenario s;
    struct report r;
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json']\n"
            "backends:\n"
            "  api: {type: serverless, model: tiny-chat, throughput: 100 tok/s}\n" JOB,
            NULL, &s, &r))
        return;
    const struct gen_backend_result *b = &r.generation.backends[0];
    /* 1e-06 a token × 1,000 = 0.001 per 1K; 2e-06 → 0.002. */
    CHECK_NEAR(s.backends[0].model.input_per_1k, 0.001, 1e-12);
    CHECK_NEAR(b->bill.input_per_1k, 0.001, 1e-12);
    CHECK_NEAR(b->bill.output_per_1k, 0.002, 1e-12);
    /* 1,000K × 0.001 + 500K × 0.002 = 1 + 1 = 2.00. */
    CHECK_NEAR(r.generation.cost, 2.0, REL);
    /* The mean request: 1M / 5,000 = 200 input tokens, 100 output. */
    CHECK_NEAR(b->bill.request_input_tokens, 200, REL);
    CHECK(isnan(b->bill.tier_above_tokens));
    /* The cached and batch prices are parameters, as the others. */
    CHECK(params_find(&s.params, "backends.api.model.cached_input_per_1k") != NULL);
    CHECK(params_find(&s.params, "backends.api.model.batch_input_per_1k") != NULL);
    done(&s, &r);

    /* --set of the cached price: 40% hits at 0.0005 instead of 0.00025. */
    const char *const sets[] = {"backends.api.cache.hit=40%",
                                "backends.api.model.cached_input_per_1k=0.0005", NULL};
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json']\n"
            "backends:\n"
            "  api: {type: serverless, model: tiny-chat, throughput: 100 tok/s}\n" JOB,
            sets, &s, &r))
        return;
    /* 600K × 0.001 + 400K × 0.0005 + 500K × 0.002 = 0.6 + 0.2 + 1 = 1.80. */
    CHECK_NEAR(r.generation.cost, 1.8, REL);
    done(&s, &r);
}

static void test_cache_share(void)
{
    struct scenario s;
    struct report r;
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json']\n"
            "backends:\n"
            "  api: {type: serverless, model: tiny-chat, cache: {hit: 40%}, throughput: 100 "
            "tok/s}\n" JOB,
            NULL, &s, &r))
        return;
    const struct gen_backend_result *b = &r.generation.backends[0];
    CHECK_NEAR(b->bill.cache_hit, 0.4, REL);
    /* 2.5e-07 a token: 0.00025 per 1K. */
    CHECK_NEAR(b->bill.cached_input_per_1k, 0.00025, 1e-12);
    /* 600K × 0.001 = 0.6; 400K × 0.00025 = 0.1; 500K × 0.002 = 1.0: 1.70. */
    CHECK_NEAR(bill_input_cost(&b->bill, 1e6), 0.6, REL);
    CHECK_NEAR(bill_cached_cost(&b->bill, 1e6), 0.1, REL);
    CHECK_NEAR(r.generation.cost, 1.7, REL);
    done(&s, &r);

    /* A model with no cached price bills its hits at the input price: bare-chat, 2.00 still. */
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json']\n"
            "backends:\n"
            "  api: {type: serverless, model: bare-chat, cache: {hit: 40%}, throughput: 100 "
            "tok/s}\n" JOB,
            NULL, &s, &r))
        return;
    CHECK_NEAR(r.generation.cost, 2.0, REL);
    done(&s, &r);
}

static void test_batch_prices(void)
{
    struct scenario s;
    struct report r;
    /* The catalogue's batch prices: 5e-07 and 1e-06, so 0.0005 and 0.001 per 1K. */
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json']\n"
            "backends:\n"
            "  bulk: {type: batch, model: tiny-chat, window: 24 h, turnaround: 2 h}\n" JOB,
            NULL, &s, &r))
        return;
    const struct gen_backend_result *b = &r.generation.backends[0];
    CHECK(b->bill.batch && b->bill.input_from == PRICE_BATCH_CATALOGUE);
    /* 1,000K × 0.0005 + 500K × 0.001 = 0.5 + 0.5 = 1.00, in one wave of 2 h. */
    CHECK_NEAR(r.generation.cost, 1.0, REL);
    CHECK_NEAR(r.generation.wall_s, 7200, REL);
    CHECK(b->bill.batch_waves == 1);
    /* Alone: the same. */
    CHECK_NEAR(b->alone_cost, 1.0, REL);
    CHECK_NEAR(b->alone_wall_s, 7200, REL);
    done(&s, &r);

    /* No batch price in the catalogue: 50% off the on-demand 0.001 and 0.002: 0.5 + 0.5. */
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json']\n"
            "backends:\n"
            "  bulk: {type: batch, model: bare-chat, discount: 50%}\n" JOB,
            NULL, &s, &r))
        return;
    b = &r.generation.backends[0];
    CHECK(b->bill.input_from == PRICE_BATCH_DISCOUNT &&
          b->bill.output_from == PRICE_BATCH_DISCOUNT);
    CHECK_NEAR(r.generation.cost, 1.0, REL);
    /* Without a turnaround the window: 24 h, the default. */
    CHECK_NEAR(r.generation.wall_s, 86400, REL);
    done(&s, &r);

    /* A serverless backend switched to batch by --set: tiny-chat's batch prices, 24 h. */
    const char *const to_batch[] = {"backends.api.type=batch", NULL};
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json']\n"
            "backends:\n"
            "  api: {type: serverless, model: tiny-chat, throughput: 100 tok/s}\n" JOB,
            to_batch, &s, &r))
        return;
    CHECK_NEAR(r.generation.cost, 1.0, REL);
    CHECK_NEAR(r.generation.wall_s, 86400, REL);
    done(&s, &r);
}

/*
 * A stream and a batch with limits, capacity routing.  Requests of 1,000 in
 * and 100 out; a wave is 2 batches × 100 requests × 100 = 20,000 output
 * tokens, back every hour; the stream does 10 tok/s = 36,000 an hour.
 */
static const char waves_yaml[] =
    "raftcost: 1\n"
    "pricing: ['@mini-litellm.json']\n"
    "backends:\n"
    "  api: {type: serverless, model: bare-chat, throughput: 10 tok/s}\n"
    "  bulk: {type: batch, model: bare-chat, discount: 50%, window: 24 h, turnaround: 1 h,\n"
    "         limits: {requests_per_batch: 100, batches_in_flight: 2}}\n"
    "generation: {examples: 1000, tokens: {input: 1M, output: 100k}}\n";

static void test_batch_waves(void)
{
    struct scenario s;
    struct report r;
    if (run(waves_yaml, NULL, &s, &r))
        return;
    const struct gen_result *g = &r.generation;
    const struct gen_backend_result *api = &g->backends[0], *bulk = &g->backends[1];
    /*
     * T: after 1 h the batches have 20,000 and the stream needs (100,000 −
     * 20,000) / 10 = 8,000 s; after 2 h, 40,000 and 6,000 s, so T = 7,200 s
     * (sooner than the stream alone, 10,000 s, or 8,000 s).
     */
    CHECK_NEAR(g->wall_s, 7200, REL);
    /* The stream serves 10 × 7,200 = 72,000; the batch the other 28,000 (280 requests). */
    CHECK_NEAR(api->output_tokens, 72000, REL);
    CHECK_NEAR(bulk->output_tokens, 28000, REL);
    /* 280 requests: 3 batches, 2 in flight: 2 waves, back at 2 h. */
    CHECK(bulk->bill.batch_waves == 2);
    CHECK_NEAR(bulk->busy_s, 7200, REL);
    /*
     * api: 720K in × 0.001 + 72K out × 0.002 = 0.72 + 0.144 = 0.864;
     * bulk at half price: 280K × 0.0005 + 28K × 0.001 = 0.14 + 0.028 = 0.168.
     */
    CHECK_NEAR(api->cost, 0.864, REL);
    CHECK_NEAR(bulk->cost, 0.168, REL);
    CHECK_NEAR(g->cost, 1.032, REL);
    /* bulk alone: 1,000 requests, 10 batches, 5 waves: 5 h; 1,000K × 0.0005 + 100K × 0.001. */
    CHECK_NEAR(bulk->alone_wall_s, 5 * 3600, REL);
    CHECK_NEAR(bulk->alone_cost, 0.6, REL);
    /* api alone: 100,000 / 10 = 10,000 s; 1,000K × 0.001 + 100K × 0.002 = 1.2. */
    CHECK_NEAR(api->alone_wall_s, 10000, REL);
    CHECK_NEAR(api->alone_cost, 1.2, REL);
    done(&s, &r);

    /* Equal routing: 50,000 each; the stream 5,000 s; 500 requests, 5 batches, 3 waves: 3 h. */
    const char *const equal[] = {"generation.routing=equal", NULL};
    if (run(waves_yaml, equal, &s, &r))
        return;
    CHECK_NEAR(r.generation.backends[0].busy_s, 5000, REL);
    CHECK(r.generation.backends[1].bill.batch_waves == 3);
    CHECK_NEAR(r.generation.wall_s, 3 * 3600, REL);
    done(&s, &r);

    /* Deadline planning tries each backend in and out: 3 mixes; within 2 h 30 min the cheaper. */
    const char *const plan[] = {"generation.deadline=2.5h", NULL};
    if (run(waves_yaml, plan, &s, &r))
        return;
    const struct gen_plan *p = &r.generation.plan;
    CHECK(p->has_cheapest);
    /* api alone takes 10,000 s, too slow; with the batch 7,200 s, $1.032. */
    CHECK(p->has_cheapest && p->cheapest.counts[1] == 1);
    CHECK_NEAR(p->cheapest.cost, 1.032, REL);
    /*
     * The frontier: the mix (7,200 s, $1.032), then the batch alone (5 h, $0.60: slower
     * and cheaper); api alone (10,000 s, $1.20) is slower and dearer than the mix.
     */
    CHECK(p->nfrontier == 2);
    CHECK(p->nfrontier == 2 && p->frontier[1].counts[0] == 0 && p->frontier[1].counts[1] == 1);
    CHECK(p->nfrontier == 2 && fabs(p->frontier[1].cost - 0.6) < 1e-9);
    done(&s, &r);
}

/* An inference option whose requests are at the tier boundary of long-chat. */
static const char tier_yaml[] =
    "raftcost: 1\n"
    "pricing: ['@mini-litellm.json']\n"
    "inference:\n"
    "  horizon: 1 month\n"
    "  traffic: {requests: 1k/day, input_tokens: 128000, output_tokens: 1000}\n"
    "  options: {long: {model: long-chat}}\n";

static void test_tier_boundary(void)
{
    struct scenario s;
    struct report r;
    if (run(tier_yaml, NULL, &s, &r))
        return;
    /* Exactly 128,000 tokens: base prices, 128 × 0.002 + 1 × 0.008 = 0.264. */
    CHECK(isnan(r.inference.options[0].bill.tier_above_tokens));
    CHECK_NEAR(r.inference.options[0].token_cost_per_request, 0.264, REL);
    done(&s, &r);
    /* One more: the tier above 128k for all tokens, 128.001 × 0.004 + 1 × 0.016 = 0.528004. */
    const char *const above[] = {"inference.traffic.input_tokens=128001", NULL};
    if (run(tier_yaml, above, &s, &r))
        return;
    CHECK_NEAR(r.inference.options[0].bill.tier_above_tokens, 128000, REL);
    CHECK_NEAR(r.inference.options[0].token_cost_per_request, 0.528004, REL);
    done(&s, &r);
    /* Above 200k: input 0.006, output the base 0.008: 200.001 × 0.006 + 0.008 = 1.208006. */
    const char *const above2[] = {"inference.traffic.input_tokens=200001", NULL};
    if (run(tier_yaml, above2, &s, &r))
        return;
    CHECK_NEAR(r.inference.options[0].token_cost_per_request, 1.208006, REL);
    done(&s, &r);
    /*
     * Half of 128,001 tokens hit the cache, at the tier's cached price (1e-06, 0.001):
     * 64.0005 × 0.004 + 64.0005 × 0.001 + 1 × 0.016 = 0.256002 + 0.0640005 + 0.016.
     */
    const char *const cached[] = {"inference.traffic.input_tokens=128001",
                                  "inference.options.long.cache.hit=50%", NULL};
    if (run(tier_yaml, cached, &s, &r))
        return;
    CHECK_NEAR(r.inference.options[0].token_cost_per_request, 0.3360025, REL);
    done(&s, &r);
    /* Over max_input_tokens (1M): an error at validation. */
    const char *const over[] = {"inference.traffic.input_tokens=1000001", NULL};
    check_error(tier_yaml, over, 0, "is over the 1000000 tokens 'long-chat' takes");
}

static const char vms_yaml[] =
    "raftcost: 1\n"
    "pricing: [{file: '@mini-vms.csv', region: eastus, cloud: azure}]\n"
    "backends:\n"
    "  gpus: {type: dedicated, instance: azure/Standard_NC96ads_A100_v4, count: 2,\n"
    "         throughput: 100 tok/s, spot: true}\n"
    "generation: {examples: 1000, tokens: {input: 720k, output: 720k}}\n";

static void test_spot_and_region(void)
{
    struct scenario s;
    struct report r;
    if (run(vms_yaml, NULL, &s, &r))
        return;
    /* 720,000 / (2 × 100) = 3,600 s; 2 × 1.777732 (spot, eastus) × 1 h = 3.555464. */
    CHECK_NEAR(r.generation.wall_s, 3600, REL);
    CHECK(r.generation.backends[0].bill.spot);
    CHECK_NEAR(r.generation.backends[0].bill.per_hour, 1.777732, REL);
    CHECK_NEAR(r.generation.cost, 3.555464, REL);
    CHECK_STR(s.backends[0].instance.region, "eastus");
    done(&s, &r);
    /* On demand: 2 × 14.692 = 29.384. */
    const char *const on_demand[] = {"backends.gpus.spot=false", NULL};
    if (run(vms_yaml, on_demand, &s, &r))
        return;
    CHECK_NEAR(r.generation.cost, 29.384, REL);
    done(&s, &r);
    /* The spot price itself is a parameter: 2 × 1.5 = 3. */
    const char *const cheaper[] = {"backends.gpus.instance.spot_per_hour=1.5", NULL};
    if (run(vms_yaml, cheaper, &s, &r))
        return;
    CHECK_NEAR(r.generation.cost, 3.0, REL);
    done(&s, &r);
    /* A backend's own region: centralus, 2 × 1.82622 = 3.65244 spot. */
    if (run("raftcost: 1\n"
            "pricing: [{file: '@mini-vms.csv', cloud: azure}]\n"
            "backends:\n"
            "  gpus: {type: dedicated, instance: azure/Standard_NC96ads_A100_v4, count: 2,\n"
            "         region: centralus, throughput: 100 tok/s, spot: true}\n"
            "generation: {examples: 1000, tokens: {input: 720k, output: 720k}}\n",
            NULL, &s, &r))
        return;
    CHECK_STR(s.backends[0].instance.region, "centralus");
    CHECK_NEAR(r.generation.cost, 3.65244, REL);
    done(&s, &r);
}

static void test_errors(void)
{
    /* Priced in two regions, none chosen: the error lists them, at the instance (line 4). */
    check_error("raftcost: 1\n"
                "pricing: [{file: '@mini-vms.csv', cloud: azure}]\n"
                "backends:\n"
                "  gpus: {type: dedicated, instance: azure/Standard_NC96ads_A100_v4,\n"
                "         throughput: 100 tok/s}\n",
                NULL, 4, "is priced in 2 regions ('centralus', 'eastus')");
    /* A region that does not price it: at the region (line 5). */
    check_error("raftcost: 1\n"
                "pricing: [{file: '@mini-vms.csv', cloud: azure}]\n"
                "backends:\n"
                "  gpus: {type: dedicated, instance: azure/Standard_NC96ads_A100_v4,\n"
                "         region: westus2, throughput: 100 tok/s}\n",
                NULL, 5, "has no price in region 'westus2'");
    /* Spot without a spot price (lambda has none), at 'spot'. */
    check_error("raftcost: 1\n"
                "pricing: [{file: '@lambda-crlf.csv', cloud: lambda}]\n"
                "backends:\n"
                "  gpus: {type: dedicated, instance: lambda/gpu_1x_a10, region: us-east-1,\n"
                "         throughput: 100 tok/s,\n"
                "         spot: true}\n",
                NULL, 6, "has no spot price in us-east-1");
    /* An embedding model cannot serve generation. */
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  api: {type: serverless, model: embed-small, throughput: 100 tok/s}\n",
                NULL, 4, "is an 'embedding' model: only chat and completion models");
    /* A job whose mean request is over tiny-chat's 1,000 input tokens: 2M / 1,000 = 2,000. */
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  api: {type: serverless, model: tiny-chat, throughput: 100 tok/s}\n"
                "generation: {examples: 1000, tokens: {input: 2M, output: 100k}}\n",
                NULL, 4, "a request of 2000 input tokens is over the 1000 tokens 'tiny-chat'");
    /* A batch with no batch price and no discount: at the backend (where 'discount' goes). */
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  bulk: {type: batch, model: bare-chat}\n" JOB,
                NULL, 4, "has no batch price in its catalogue: give the batch API's 'discount'");
    /* Keys of another type. */
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  api: {type: serverless, model: tiny-chat, throughput: 9 tok/s, window: 24 h}\n",
                NULL, 4, "'window' is for batch backends ('type: batch'); 'api' is serverless");
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  bulk: {type: batch, model: tiny-chat, throughput: 9 tok/s}\n",
                NULL, 4, "'throughput' is not for batch backends");
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  bulk: {type: batch, model: tiny-chat, limits: {tpm: 1M}}\n",
                NULL, 4, "'tpm' limits an endpoint that streams");
    /* A batch switched back to serverless has no throughput. */
    const char *const to_serverless[] = {"backends.bulk.type=serverless", NULL};
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  bulk: {type: batch, model: tiny-chat}\n" JOB,
                to_serverless, 0, "cannot be serverless: it has no 'throughput'");
    /* A dedicated backend switched to batch has no model to pay per token. */
    const char *const to_batch[] = {"backends.gpus.type=batch", NULL};
    check_error("raftcost: 1\n"
                "pricing: [{file: '@mini-vms.csv', region: eastus, cloud: azure}]\n"
                "backends:\n"
                "  gpus: {type: dedicated, instance: azure/Standard_NC96ads_A100_v4,\n"
                "         throughput: 100 tok/s}\n",
                to_batch, 0, "backend 'gpus' cannot be batch: it has no 'model'");
    /* A batch that would take more than 10,000 waves: 5,000 requests, 1 a wave. */
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  bulk: {type: batch, model: tiny-chat,\n"
                "         limits: {requests_per_batch: 1, batches_in_flight: 1}}\n"
                "generation: {examples: 20000, tokens: {input: 4M, output: 2M}}\n",
                NULL, 0, "would take 20000 waves of batches");
    /* A turnaround longer than the window. */
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  bulk: {type: batch, model: tiny-chat, window: 24 h, turnaround: 25 h}\n" JOB,
                NULL, 4, "is longer than its 'window'");
    /* A name in no catalogue: the closest names (a typo, then none far off). */
    check_error("raftcost: 1\n"
                "pricing: ['@mini-litellm.json']\n"
                "backends:\n"
                "  api: {type: serverless, model: tiny-chta, throughput: 9 tok/s}\n",
                NULL, 4, "did you mean 'tiny-chat'?");
}

/* A catalogue without 'as_of': its date is the file's, and every report says so. */
static void test_date_from_file(void)
{
    struct scenario s;
    struct report r;
    if (run("raftcost: 1\n"
            "pricing: ['@mini-litellm.json', {file: '@mini-vms.csv', as_of: 2026-07-18}]\n"
            "backends:\n"
            "  api: {type: serverless, model: tiny-chat, throughput: 100 tok/s}\n" JOB,
            NULL, &s, &r))
        return;
    CHECK(s.pricing.items[0]->as_of_from_file);
    CHECK(!s.pricing.items[1]->as_of_from_file);
    CHECK_STR(s.pricing.items[1]->as_of, "2026-07-18");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    CHECK(mem && report_write_text(&r, mem) == 0 && report_write_md(&r, mem) == 0);
    fclose(mem);
    /* Once in text and once in Markdown, for the first catalogue only. */
    const char *note = "the file's modification date: no 'as_of' in its pricing entry";
    const char *at = buf ? strstr(buf, note) : NULL;
    CHECK(at != NULL);
    CHECK(at && strstr(at + 1, note) != NULL);
    CHECK(at && strstr(at + 1, note) && !strstr(strstr(at + 1, note) + 1, note));
    free(buf);
    char *json = report_json(&r);
    CHECK(strstr(json, "\"as_of_from_file\":\ttrue") != NULL);
    CHECK(strstr(json, "\"as_of_from_file\":\tfalse") != NULL);
    CHECK(strstr(json, "(the file's modification date: its pricing entry gives no 'as_of')") !=
          NULL);
    free(json);
    done(&s, &r);
}

int main(void)
{
    if (!getcwd(cwd, sizeof cwd)) {
        perror("getcwd");
        return 1;
    }
    test_per_token_conversion();
    test_cache_share();
    test_batch_prices();
    test_batch_waves();
    test_tier_boundary();
    test_spot_and_region();
    test_errors();
    test_date_from_file();
    TEST_END("billing");
}
