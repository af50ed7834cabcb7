/*
 * Unit tests of the catalogues: LiteLLM's JSON, SkyPilot's CSV and raftcost's
 * YAML read from the small files in tests/catalogues/, pricing entries, the
 * pricing functions, look-ups with suggestions, the rows of `raftcost prices`
 * and the lint.  Every expected figure is worked out by hand in the comment
 * beside it.  Units: K = 1,000 tokens; prices in the files are per token.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "price_calc.h"
#include "prices.h"
#include "pricing.h"
#include "pricing_yaml.h"
#include "test.h"

#define REL 1e-12 /* per-token prices times 1,000 are exact to about 16 digits */
#define DIR "tests/catalogues/"

/* Loads one file (format by content); 0, or -1 with the error printed. */
static int load(struct pricing *p, const char *file)
{
    struct diag d = DIAG_INIT;
    int rc = pricing_load(p, file, &d);
    if (rc) {
        fprintf(stderr, "cannot load %s:\n", file);
        diag_render(&d, stderr);
    }
    diag_release(&d);
    return rc;
}

/* Loading must fail at line:col with a message containing `part`. */
static void check_load_error(const char *file, int line, int col, const char *part)
{
    struct pricing p;
    struct diag d = DIAG_INIT;
    pricing_init(&p);
    int rc = pricing_load(&p, file, &d);
    CHECK(rc == -1);
    CHECK(p.n == 0);
    CHECK(d.line == line);
    CHECK(d.col == col);
    CHECK(d.message && strstr(d.message, part));
    if (d.line != line || d.col != col || !d.message || !strstr(d.message, part)) {
        fprintf(stderr, "  for %s:\n", file);
        diag_render(&d, stderr);
    }
    diag_release(&d);
    pricing_release(&p);
}

/* The scenario-like list of entries in entries.yaml. */
struct entries {
    struct yamldoc y;
    struct diag d;
    yaml_node_t *list;
};

static int entries_open(struct entries *e)
{
    e->d = (struct diag)DIAG_INIT;
    if (yamldoc_load(&e->y, DIR "entries.yaml", &e->d)) {
        diag_render(&e->d, stderr);
        return -1;
    }
    yaml_node_t *root = yamldoc_root(&e->y);
    e->list = yamldoc_get(&e->y, root, "pricing");
    return e->list ? 0 : -1;
}

static void entries_close(struct entries *e)
{
    yamldoc_release(&e->y);
    diag_release(&e->d);
}

/* Reads and loads entry i; 0 or -1 with e->d filled (released by the next call). */
static int load_entry(struct entries *e, struct pricing *p, size_t i)
{
    diag_release(&e->d);
    yaml_node_t *item = yamldoc_node(&e->y, e->list->data.sequence.items.start[i]);
    struct pricing_entry entry;
    int rc = pricing_read_entry(&e->y, item, &entry);
    if (rc == 0) {
        char *path = xasprintf(DIR "%s", entry.file);
        rc = pricing_load_entry(p, path, &entry, &e->d);
        free(path);
    }
    pricing_entry_release(&entry);
    return rc;
}

static void test_litellm_conversion(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, DIR "mini-litellm.json")) {
        CHECK(0);
        return;
    }
    const struct catalogue *c = p.items[0];
    CHECK(c->format == CATALOGUE_LITELLM);
    CHECK(c->format_by_content);
    /* 12 entries in the file, sample_spec not one of them. */
    CHECK(c->nmodels == 11);
    CHECK(pricing_model(&p, "sample_spec") == NULL);
    const struct model_price *m = pricing_model(&p, "tiny-chat");
    CHECK(m != NULL);
    if (!m)
        return;
    /* Per token to per 1K: 1e-06 × 1000 = 0.001, 2e-06 → 0.002, 2.5e-07 → 0.00025. */
    CHECK_NEAR(m->input_per_1k, 0.001, REL);
    CHECK_NEAR(m->output_per_1k, 0.002, REL);
    CHECK(m->has_cached);
    CHECK_NEAR(m->cached_input_per_1k, 0.00025, REL);
    /* Batch: 5e-07 → 0.0005, 1e-06 → 0.001. */
    CHECK(m->has_batch_input && m->has_batch_output);
    CHECK_NEAR(m->batch_input_per_1k, 0.0005, REL);
    CHECK_NEAR(m->batch_output_per_1k, 0.001, REL);
    CHECK(m->max_input_tokens == 1000 && m->max_output_tokens == 200);
    CHECK_STR(m->mode, "chat");
    CHECK_STR(m->provider, "testco");
    CHECK(m->missing == 0);
    CHECK(m->ntiers == 0);
    /* The key "tiny-chat" is on line 7, column 5. */
    CHECK(m->line == 7 && m->col == 5);
    CHECK(m->from == c);
    CHECK(model_price_serves_generation(m));

    /* long-chat: tiers above 128k (input, output, cached) and 200k (input only). */
    m = pricing_model(&p, "long-chat");
    CHECK(m && m->ntiers == 2);
    if (m && m->ntiers == 2) {
        CHECK(m->tiers[0].above_tokens == 128000);
        CHECK_NEAR(m->tiers[0].input_per_1k, 0.004, REL);
        CHECK(m->tiers[0].has_output && m->tiers[0].has_cached);
        CHECK_NEAR(m->tiers[0].output_per_1k, 0.016, REL);
        CHECK_NEAR(m->tiers[0].cached_input_per_1k, 0.001, REL);
        /* The _priority variant (1e-05) is another service tier, not read. */
        CHECK(m->tiers[1].above_tokens == 200000);
        CHECK_NEAR(m->tiers[1].input_per_1k, 0.006, REL);
        CHECK(!m->tiers[1].has_output && !m->tiers[1].has_cached);
        CHECK(!m->tier_at_threshold);
    }
    /* xAI's tiers start at the threshold itself; 256000.0 is a whole number. */
    m = pricing_model(&p, "xai/grok-test");
    CHECK(m && m->tier_at_threshold && m->max_input_tokens == 256000);
    /* tiered_pricing: the range from 0 is the base; the next is a tier above 32000. */
    m = pricing_model(&p, "qwen-tiered");
    CHECK(m && m->missing == 0 && m->ntiers == 1);
    if (m && m->ntiers == 1) {
        CHECK_NEAR(m->input_per_1k, 0.001, REL);
        CHECK_NEAR(m->output_per_1k, 0.004, REL);
        CHECK(m->tiers[0].above_tokens == 32000);
        CHECK_NEAR(m->tiers[0].input_per_1k, 0.002, REL);
        CHECK_NEAR(m->tiers[0].output_per_1k, 0.008, REL);
        /* LiteLLM bills a tier's cache hits at its input price when it gives none. */
        CHECK_NEAR(m->tiers[0].cached_input_per_1k, 0.002, REL);
    }
    /* Only chat and completion models serve generation; an image model has no token prices. */
    m = pricing_model(&p, "embed-small");
    CHECK(m && !model_price_serves_generation(m));
    char *why = m ? model_price_why_not_generation(m) : NULL;
    CHECK(why && strstr(why, "'embedding' model"));
    free(why);
    m = pricing_model(&p, "image-gen");
    CHECK(m && !model_price_serves_generation(m));
    CHECK(m && m->missing == (PRICE_MISSING_INPUT | PRICE_MISSING_OUTPUT));
    m = pricing_model(&p, "orphan-tier");
    CHECK(m && m->ntiers == 0 && model_price_serves_generation(m));

    /* A deep copy outlives the catalogue (ASan checks the frees). */
    struct model_price copy;
    model_price_copy(&copy, pricing_model(&p, "long-chat"));
    pricing_release(&p);
    CHECK(copy.ntiers == 2 && copy.tiers[1].above_tokens == 200000);
    CHECK_STR(copy.mode, "chat");
    model_price_release(&copy);
}

static void test_request_costs(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, DIR "mini-litellm.json")) {
        CHECK(0);
        return;
    }
    const struct model_price *tiny = pricing_model(&p, "tiny-chat");
    struct price_request r = {.input_tokens = 800, .output_tokens = 100};
    struct price_breakdown b;
    /* On demand: 0.8 K × 0.001 + 0.1 K × 0.002 = 0.0008 + 0.0002 = 0.001. */
    CHECK(price_request_cost(tiny, &r, &b) == PRICE_OK);
    CHECK_NEAR(b.input_cost, 0.0008, REL);
    CHECK_NEAR(b.output_cost, 0.0002, REL);
    CHECK_NEAR(b.total, 0.001, REL);
    CHECK(b.rates.tier == NULL && b.rates.input_from == PRICE_NOT_BATCH);
    /*
     * 40% cache hits: 320 tokens at 0.00025 = 0.00008; 480 at 0.001 = 0.00048;
     * output 0.0002; total 0.00076.
     */
    r.cache_hit = 0.4;
    CHECK(price_request_cost(tiny, &r, &b) == PRICE_OK);
    CHECK_NEAR(b.cached_cost, 0.00008, REL);
    CHECK_NEAR(b.input_cost, 0.00048, REL);
    CHECK_NEAR(b.total, 0.00076, REL);
    /*
     * Batch at the catalogue's batch prices, flat as in LiteLLM (the cache
     * share does not apply): 0.8 K × 0.0005 + 0.1 K × 0.001 = 0.0004 + 0.0001 = 0.0005.
     */
    r.batch = 1;
    CHECK(price_request_cost(tiny, &r, &b) == PRICE_OK);
    CHECK_NEAR(b.total, 0.0005, REL);
    CHECK(b.rates.input_from == PRICE_BATCH_CATALOGUE &&
          b.rates.output_from == PRICE_BATCH_CATALOGUE);
    /* Over the context: 1001 > 1000 input tokens, 201 > 200 output tokens. */
    r = (struct price_request){.input_tokens = 1001, .output_tokens = 100};
    CHECK(price_request_cost(tiny, &r, &b) == PRICE_OVER_INPUT_LIMIT);
    CHECK(b.total == 0);
    char *msg = price_status_message(PRICE_OVER_INPUT_LIMIT, tiny, &r);
    CHECK(msg && strstr(msg, "1001 input tokens") && strstr(msg, "1000 tokens 'tiny-chat'"));
    free(msg);
    r = (struct price_request){.input_tokens = 1000, .output_tokens = 201};
    CHECK(price_request_cost(tiny, &r, &b) == PRICE_OVER_OUTPUT_LIMIT);
    r.output_tokens = 200; /* exactly at both limits is fine */
    CHECK(price_request_cost(tiny, &r, &b) == PRICE_OK);
    r.cache_hit = 1.5;
    CHECK(price_request_cost(tiny, &r, &b) == PRICE_BAD_REQUEST);

    /* Tier boundary (long-chat): base 0.002/0.008, above 128k 0.004/0.016, above 200k 0.006. */
    const struct model_price *lc = pricing_model(&p, "long-chat");
    r = (struct price_request){.input_tokens = 128000, .output_tokens = 1000};
    /* Exactly 128k is not above it: 128 K × 0.002 + 1 K × 0.008 = 0.256 + 0.008 = 0.264. */
    CHECK(price_request_cost(lc, &r, &b) == PRICE_OK);
    CHECK(b.rates.tier == NULL);
    CHECK_NEAR(b.total, 0.264, REL);
    /* One above: every token at the tier: 128.001 K × 0.004 + 1 K × 0.016 = 0.512004 + 0.016. */
    r.input_tokens = 128001;
    CHECK(price_request_cost(lc, &r, &b) == PRICE_OK);
    CHECK(b.rates.tier && b.rates.tier->above_tokens == 128000);
    CHECK_NEAR(b.total, 0.528004, REL);
    /*
     * Above 200k, with half the input cached: the 200k tier gives only an input
     * price, so output and cache hits keep the base prices (as in LiteLLM):
     * 100.0005 K × 0.006 = 0.600003; 100.0005 K × 0.0005 = 0.05000025; 1 K × 0.008;
     * total 0.65800325.
     */
    r = (struct price_request){.input_tokens = 200001, .output_tokens = 1000, .cache_hit = 0.5};
    CHECK(price_request_cost(lc, &r, &b) == PRICE_OK);
    CHECK(b.rates.tier && b.rates.tier->above_tokens == 200000);
    CHECK_NEAR(b.input_cost, 0.600003, REL);
    CHECK_NEAR(b.cached_cost, 0.05000025, REL);
    CHECK_NEAR(b.output_cost, 0.008, REL);
    CHECK_NEAR(b.total, 0.65800325, REL);
    /*
     * Batch with no batch price: a discount of the on-demand price, tier included.
     * 128001 input, 1000 output at 50%: 0.5 × 0.528004 = 0.264002.
     */
    r = (struct price_request){.input_tokens = 128001, .output_tokens = 1000, .batch = 1};
    CHECK(price_request_cost(lc, &r, &b) == PRICE_NO_BATCH_PRICE);
    r.batch_discount = 0.5;
    CHECK(price_request_cost(lc, &r, &b) == PRICE_OK);
    CHECK(b.rates.input_from == PRICE_BATCH_DISCOUNT);
    CHECK_NEAR(b.total, 0.264002, REL);

    /* xAI: the tier applies at exactly 128000: 128 K × 0.006 + 1 K × 0.03 = 0.768 + 0.03. */
    const struct model_price *xai = pricing_model(&p, "xai/grok-test");
    r = (struct price_request){.input_tokens = 128000, .output_tokens = 1000};
    CHECK(price_request_cost(xai, &r, &b) == PRICE_OK);
    CHECK_NEAR(b.total, 0.798, REL);
    r.input_tokens = 127999; /* 127.999 K × 0.003 + 1 K × 0.015 = 0.383997 + 0.015 */
    CHECK(price_request_cost(xai, &r, &b) == PRICE_OK);
    CHECK_NEAR(b.total, 0.398997, REL);

    /* tiered_pricing: 32000 stays in the first range; 32001 is in the second. */
    const struct model_price *q = pricing_model(&p, "qwen-tiered");
    r = (struct price_request){.input_tokens = 32000, .output_tokens = 0};
    CHECK(price_request_cost(q, &r, &b) == PRICE_OK);
    CHECK_NEAR(b.total, 0.032, REL); /* 32 K × 0.001 */
    r.input_tokens = 32001;
    CHECK(price_request_cost(q, &r, &b) == PRICE_OK);
    CHECK_NEAR(b.total, 0.064002, REL); /* 32.001 K × 0.002 */

    /* A model without token prices cannot be priced per request. */
    CHECK(price_request_cost(pricing_model(&p, "image-gen"), &r, &b) == PRICE_NO_TOKEN_PRICES);
    pricing_release(&p);
}

static void test_malformed_json(void)
{
    /* "output_cost_per_token": "2e-06": the string value is at line 5, column 34. */
    check_load_error(DIR "bad-string-price.json", 5, 34,
                     "'output_cost_per_token' of 'string-chat' needs a price per token (a number), "
                     "got a string");
    /* -1e-07 at line 4, column 40. */
    check_load_error(DIR "bad-negative-price.json", 4, 40, "is negative");
    /* JSON has no NaN: cJSON stops at line 4, column 34. */
    check_load_error(DIR "bad-nan.json", 4, 34, "not valid JSON");
    /* 1500.5 tokens at line 2, column 102. */
    check_load_error(DIR "bad-context.json", 2, 102, "needs a whole number of tokens");
    /* A second object at line 4, column 1. */
    check_load_error(DIR "bad-trailing.json", 4, 1, "text after the JSON object");
    /* An entry that says litellm for a YAML file: not JSON from its first character. */
    struct pricing p;
    struct pricing_entry e;
    struct diag d = DIAG_INIT;
    pricing_init(&p);
    pricing_entry_init(&e);
    e.format = CATALOGUE_LITELLM;
    CHECK(pricing_load_entry(&p, DIR "mini-raftcost.yaml", &e, &d) == -1);
    CHECK(d.line == 1 && d.col == 1 && strstr(d.message, "not valid JSON"));
    diag_release(&d);
    pricing_release(&p);
}

static void test_skypilot(void)
{
    struct entries e;
    if (entries_open(&e)) {
        CHECK(0);
        return;
    }
    struct pricing p;
    pricing_init(&p);
    /* Entry 2: {file: mini-vms.csv, region: eastus, as_of: 2026-07-18}. */
    CHECK(load_entry(&e, &p, 2) == 0);
    const struct catalogue *c = p.n ? p.items[0] : NULL;
    /* 9 rows; the one without a Price (Standard_NV4as_v4 in westus) is not loaded. */
    CHECK(c && c->ninstances == 8 && c->nnotes == 1);
    CHECK(c && c->format == CATALOGUE_SKYPILOT && c->format_by_content);
    CHECK(c && strcmp(c->as_of, "2026-07-18") == 0 && !c->as_of_from_file);
    const struct instance_price *i = pricing_instance(&p, "azure/Standard_NC96ads_A100_v4");
    CHECK(i != NULL);
    if (i) {
        /* The row of eastus (line 5), not centralus (16.602). */
        CHECK_NEAR(i->per_hour, 14.692, REL);
        CHECK(i->has_spot);
        CHECK_NEAR(i->spot_per_hour, 1.777732, REL);
        CHECK_STR(i->region, "eastus");
        CHECK_STR(i->gpu, "A100-80GB");
        CHECK(i->gpus == 4 && i->vcpus == 96 && i->memory_gib == 880);
        CHECK(i->line == 5);
        double per_hour;
        /* Spot: 2 VMs for 10 h at 1.777732 = 35.55464. */
        CHECK(instance_price_per_hour(i, 1, &per_hour) == PRICE_OK);
        CHECK_NEAR(2 * 10 * per_hour, 35.55464, REL);
        CHECK(instance_price_per_hour(i, 0, &per_hour) == PRICE_OK);
        CHECK_NEAR(per_hour, 14.692, REL);
    }
    /* azure-ml's row is another instance: azure-ml/Standard_NC96ads_A100_v4. */
    i = pricing_instance(&p, "azure-ml/Standard_NC96ads_A100_v4");
    CHECK(i && i->spot_per_hour == 1.955505);
    /* The quoted GpuInfo cell (with commas) does not shift the columns. */
    i = pricing_instance(&p, "azure/Standard_NC24ads_A100_v4");
    CHECK(i && i->per_hour == 3.673 && i->gpus == 1);
    /* Lambda has no spot price: asking for one is an error the caller reports. */
    const struct instance_price *lambda;
    CHECK(pricing_find_instance(&p, "lambda/gpu_1x_h100_pcie", "us-east-1", &lambda, NULL) ==
          PRICING_FOUND);
    double ph = -1;
    CHECK(lambda && instance_price_per_hour(lambda, 1, &ph) == PRICE_NO_SPOT_PRICE && ph == 0);
    char *msg = lambda ? instance_status_message(PRICE_NO_SPOT_PRICE, lambda) : NULL;
    CHECK_STR(msg, "'lambda/gpu_1x_h100_pcie' has no spot price in us-east-1 in its catalogue");
    free(msg);
    /* Another region, asked per backend: westus2's NC24 is 4.0. */
    CHECK(pricing_find_instance(&p, "azure/Standard_NC24ads_A100_v4", "westus2", &i, NULL) ==
          PRICING_FOUND);
    CHECK(i && i->per_hour == 4.0);
    char *why = NULL;
    CHECK(pricing_find_instance(&p, "azure/Standard_NC96ads_A100_v4", "westus2", &i, &why) ==
          PRICING_NOT_IN_REGION);
    CHECK(why && strstr(why, "no price in region 'westus2' (it has in 'centralus', 'eastus')"));
    free(why);
    CHECK(pricing_find_instance(&p, "azure/nothing", NULL, &i, NULL) == PRICING_UNKNOWN);
    pricing_release(&p);

    /* Entry 3: centralus and cloud azure: 16.602 there. */
    pricing_init(&p);
    CHECK(load_entry(&e, &p, 3) == 0);
    i = pricing_instance(&p, "azure/Standard_NC96ads_A100_v4");
    CHECK(i && i->per_hour == 16.602);
    CHECK(pricing_instance(&p, "azure-ml/Standard_NC96ads_A100_v4") == NULL);
    pricing_release(&p);

    /* Entry 4: cloud Azure-ML (any case), no region: a name priced in one region only is found. */
    pricing_init(&p);
    CHECK(load_entry(&e, &p, 4) == 0);
    CHECK(p.n == 1 && p.items[0]->ninstances == 1);
    i = pricing_instance(&p, "azure-ml/Standard_NC96ads_A100_v4");
    CHECK(i && i->per_hour == 14.692);
    pricing_release(&p);

    /* Entry 5: CRLF lines, no Cloud column, the cloud from the entry. */
    pricing_init(&p);
    CHECK(load_entry(&e, &p, 5) == 0);
    i = pricing_instance(&p, "lambda/gpu_8x_h100_sxm5");
    CHECK(i && i->per_hour == 23.92 && i->gpus == 8 && !i->has_spot);
    CHECK_STR(i ? i->region : NULL, "us-east-1");
    pricing_release(&p);

    /* Entry 8: no region, several regions price the NC96: the caller is told which. */
    pricing_init(&p);
    CHECK(load_entry(&e, &p, 8) == 0);
    CHECK(pricing_instance(&p, "azure/Standard_NC96ads_A100_v4") == NULL);
    why = NULL;
    CHECK(pricing_find_instance(&p, "azure/Standard_NC96ads_A100_v4", NULL, &i, &why) ==
          PRICING_NEEDS_REGION);
    CHECK(why && strstr(why, "priced in 2 regions ('centralus', 'eastus'): choose one"));
    free(why);
    /* Found but for its region: the name is no suggestion for itself. */
    char *near = pricing_suggestions(&p, "instances", "azure/Standard_NC96ads_A100_v4", 1);
    CHECK_STR(near, "'azure-ml/Standard_NC96ads_A100_v4'");
    free(near);
    pricing_release(&p);
    entries_close(&e);
}

static void test_entries(void)
{
    struct entries e;
    if (entries_open(&e)) {
        CHECK(0);
        return;
    }
    struct pricing p;
    pricing_init(&p);
    /* Entry 1: format and as_of given. */
    CHECK(load_entry(&e, &p, 1) == 0);
    const struct catalogue *c = p.n ? p.items[0] : NULL;
    CHECK(c && !c->format_by_content && !c->as_of_from_file);
    CHECK_STR(c ? c->entry : NULL, "{file: mini-litellm.json, format: litellm, as_of: 2026-07-18}");
    char *prov = c ? pricing_provenance(c) : NULL;
    CHECK(prov && strstr(prov, "as of 2026-07-18; read as litellm from the entry {file: "
                               "mini-litellm.json, format: litellm, as_of: 2026-07-18}"));
    free(prov);
    pricing_release(&p);
    /* Entry 6: a region no row has is an error at the entry's 'region' (line 9, column 34). */
    pricing_init(&p);
    CHECK(load_entry(&e, &p, 6) == -1);
    CHECK(e.d.line == 9 && e.d.col == 34);
    CHECK(e.d.message && strstr(e.d.message, "no priced row of 'tests/catalogues/mini-vms.csv' "
                                             "is in region 'mars' (its regions: 'eastus', "
                                             "'westus2', 'centralus', 'us-east-1')"));
    /* Entry 7: a region for LiteLLM's file (line 10, column 39). */
    CHECK(load_entry(&e, &p, 7) == -1);
    CHECK(e.d.line == 10 && e.d.col == 39 && strstr(e.d.message, "is LiteLLM's JSON"));
    /* Entry 9: as_of for a raftcost catalogue, which states its own (line 12, column 39). */
    CHECK(load_entry(&e, &p, 9) == -1);
    CHECK(e.d.line == 12 && e.d.col == 39 && strstr(e.d.message, "states its own date"));
    /* Entry 10: a misspelt key, with a suggestion (line 13, column 26). */
    CHECK(load_entry(&e, &p, 10) == -1);
    CHECK(e.d.line == 13 && e.d.col == 26 &&
          strstr(e.d.message, "unknown key 'fromat' in a pricing entry; did you mean 'format'?"));
    /* Entry 11: an unknown format. */
    CHECK(load_entry(&e, &p, 11) == -1);
    CHECK(e.d.line == 14 && strstr(e.d.message, "unknown catalogue format 'sky'"));
    /* Entry 12: no Cloud column and no cloud in the entry: the CSV's 1:1. */
    CHECK(load_entry(&e, &p, 12) == -1);
    CHECK(e.d.line == 1 && e.d.col == 1 && strstr(e.d.message, "no 'Cloud' column"));
    /* Entry 13: a date that is no date. */
    CHECK(load_entry(&e, &p, 13) == -1);
    CHECK(e.d.line == 16 && strstr(e.d.message, "'as_of' needs a date such as 2026-07-18"));
    CHECK(p.n == 0);
    pricing_release(&p);
    entries_close(&e);
}

/* Without 'as_of', the date is the file's modification date (UTC), and provenance says so. */
static void test_file_date(void)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/test_catalogue.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    const char *text =
        "{\"m\": {\"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06}}";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    /* 1735776000 s after the epoch is 2025-01-02 00:00:00 UTC (20090 days × 86400 s). */
    struct timeval times[2] = {{1735776000, 0}, {1735776000, 0}};
    CHECK(utimes(path, times) == 0);
    struct pricing p;
    pricing_init(&p);
    CHECK(load(&p, path) == 0);
    if (p.n) {
        CHECK_STR(p.items[0]->as_of, "2025-01-02");
        CHECK(p.items[0]->as_of_from_file);
        char *prov = pricing_provenance(p.items[0]);
        CHECK(prov && strstr(prov, "as of 2025-01-02 (the file's modification date: its pricing "
                                   "entry gives no 'as_of'); read as litellm (recognised by its "
                                   "content)"));
        free(prov);
    }
    pricing_release(&p);
    unlink(path);
}

/* Writes `count` copies of `unit` after `head` to a temporary file; the caller unlinks it. */
static int write_hostile(char *path, size_t size, const char *head, const char *unit, size_t count)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/test_catalogue.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, head);
    for (size_t i = 0; i < count; i++)
        strbuf_puts(&sb, unit);
    int ok = write(fd, sb.buf, sb.len) == (ssize_t)sb.len;
    strbuf_release(&sb);
    close(fd);
    return ok ? 0 : -1;
}

/* A megabyte of brackets or of commas is an error at once, not a hang or a crash. */
static void test_hostile(void)
{
    char path[512];
    /* A price key first: a JSON file without one is no catalogue and never parsed. */
    if (write_hostile(path, sizeof path, "{\"m\": {\"input_cost_per_token\": 1}, \"a\": ", "[",
                      1000000) == 0) {
        /*
         * cJSON stops at its nesting limit of 1000 levels, the object being the
         * first: at the 1000th bracket, column 40 + 1000 = 1040 (the text before
         * the brackets is 40 characters long).
         */
        check_load_error(path, 1, 1040, "not valid JSON");
        unlink(path);
    } else {
        CHECK(0);
    }
    if (write_hostile(path, sizeof path,
                      "Cloud,InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,"
                      "SpotPrice,Region\n",
                      ",", 1000000) == 0) {
        /* The 10th field of line 2 starts after 9 commas: column 10. */
        check_load_error(path, 2, 10, "more than the header's 9 fields");
        unlink(path);
    } else {
        CHECK(0);
    }
}

static void test_malformed_csv(void)
{
    /* "about 15" in Price: line 3, column 53. */
    check_load_error(DIR "bad-price.csv", 3, 53,
                     "'Price' needs a price per hour (a number), got 'about 15'");
    /* strtod would take "nan": a SpotPrice of line 2, column 60. */
    check_load_error(DIR "bad-nan.csv", 2, 60, "'SpotPrice' needs a price per hour");
    /* The quote opened at line 2, column 32 is never closed. */
    check_load_error(DIR "bad-quote.csv", 2, 32, "no closing quote");
    check_load_error(DIR "bad-columns.csv", 1, 1, "missing column 'SpotPrice'");
    /* 8 fields where the header has 9; the last one starts at line 3, column 60. */
    check_load_error(DIR "bad-width.csv", 3, 60, "this row has 8 fields, the header 9");
    check_load_error(
        DIR "bad-twice.csv", 3, 1,
        "'azure/Standard_NC24ads_A100_v4' in eastus is priced twice (first at line 2)");
}

/* A key given twice keeps the later entry, with a note; YAML in flow style is not JSON. */
static void test_recognition(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, DIR "twice.json") || load(&p, DIR "flow-style.yaml")) {
        CHECK(0);
        pricing_release(&p);
        return;
    }
    const struct model_price *m = pricing_model(&p, "flow-chat");
    /* The second entry: 3e-06 per token, 0.003 per 1K; at line 3. */
    CHECK(p.items[0]->nmodels == 1);
    CHECK(m && m->line == 3);
    CHECK_NEAR(m ? m->input_per_1k : 0, 0.003, REL);
    CHECK(p.items[0]->nnotes == 1 &&
          strstr(p.items[0]->notes[0].message, "given twice (first at line 2)"));
    CHECK(p.items[1]->format == CATALOGUE_RAFTCOST);
    m = pricing_model(&p, "flow-yaml");
    CHECK_NEAR(m ? m->output_per_1k : 0, 0.002, REL);
    pricing_release(&p);
}

static void test_raftcost_yaml(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, DIR "mini-raftcost.yaml")) {
        CHECK(0);
        return;
    }
    const struct model_price *m = pricing_model(&p, "long-yaml");
    CHECK(m != NULL);
    if (m) {
        /* Per 1M to per 1K: 3 → 0.003, 15 → 0.015, 0.3 → 0.0003, 1.5 → 0.0015, 7.5 → 0.0075. */
        CHECK_NEAR(m->input_per_1k, 0.003, REL);
        CHECK_NEAR(m->output_per_1k, 0.015, REL);
        CHECK_NEAR(m->cached_input_per_1k, 0.0003, REL);
        CHECK_NEAR(m->batch_input_per_1k, 0.0015, REL);
        CHECK_NEAR(m->batch_output_per_1k, 0.0075, REL);
        CHECK(m->max_input_tokens == 1e6 && m->max_output_tokens == 64000);
        CHECK_STR(m->provider, "anthropic");
        CHECK(m->ntiers == 1 && m->tiers[0].above_tokens == 200000);
        CHECK(m->line == 6 && m->col == 3);
        /* 250000 in, 1000 out: 250 K × 0.006 + 1 K × 0.0225 = 1.5 + 0.0225. */
        struct price_request r = {.input_tokens = 250000, .output_tokens = 1000};
        struct price_breakdown b;
        CHECK(price_request_cost(m, &r, &b) == PRICE_OK);
        CHECK_NEAR(b.total, 1.5225, REL);
    }
    m = pricing_model(&p, "plain-yaml");
    CHECK(m && !m->mode && !m->has_cached && model_price_serves_generation(m));
    /* A YAML instance with no region serves any region. */
    const struct instance_price *i;
    CHECK(pricing_find_instance(&p, "test/any-region", "westus", &i, NULL) == PRICING_FOUND);
    CHECK(pricing_find_instance(&p, "test/gpu-box", "eastus", &i, NULL) == PRICING_FOUND);
    CHECK(i && i->has_spot && i->spot_per_hour == 3 && i->vcpus == 96);
    CHECK(pricing_find_instance(&p, "test/gpu-box", "westus", &i, NULL) == PRICING_NOT_IN_REGION);
    pricing_release(&p);
    /* Tiers out of order: the second item, line 10, column 9. */
    check_load_error(DIR "bad-tiers.yaml", 10, 9, "list 'tiers' by 'above', smallest first");
}

static void test_suggestions(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, DIR "mini-litellm.json") || load(&p, DIR "mini-vms.csv")) {
        CHECK(0);
        pricing_release(&p);
        return;
    }
    CHECK(pricing_model(&p, "Llama-3.3-70B-Instruct-Turbo") == NULL);
    /* A long LiteLLM key that ends with the name asked for. */
    char *s = pricing_suggestions(&p, "models", "meta-llama/Llama-3.3-70B-Instruct-Turbo", 3);
    CHECK_STR(s, "'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo', "
                 "'azure_ai/Meta-Llama-3-70B-Instruct'");
    free(s);
    /* A typo: edit distance 1. */
    s = pricing_suggestions(&p, "models", "tiny-chta", 3);
    CHECK(s && strncmp(s, "'tiny-chat'", 11) == 0);
    free(s);
    s = pricing_suggest(&p, "models", "TINY-CHAT");
    CHECK_STR(s, "tiny-chat");
    free(s);
    /* Substring matches first, shortest first: 'free-chat', 'bare-chat', 'tiny-chat', 'long-chat'.
     */
    s = pricing_suggestions(&p, "models", "chat", 2);
    CHECK_STR(s, "'bare-chat', 'free-chat'");
    free(s);
    /* Distances 1 (the '_'), then 3 (NC24 for NC96, and the '_'). */
    s = pricing_suggestions(&p, "instances", "azure/Standard_NC96ads_A100v4", 2);
    CHECK_STR(s, "'azure/Standard_NC96ads_A100_v4', 'azure/Standard_NC24ads_A100_v4'");
    free(s);
    CHECK(pricing_suggestions(&p, "models", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 3) == NULL);
    pricing_release(&p);
}

static void test_prices_rows(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, DIR "mini-litellm.json") || load(&p, DIR "mini-vms.csv")) {
        CHECK(0);
        pricing_release(&p);
        return;
    }
    struct price_rows r;
    /* A glob over models and instances. */
    struct prices_query q = {.pattern = "*-CHAT"};
    prices_collect(&p, &q, &r);
    /*
     * Blended (3 × input + output) / 4 per 1M: free-chat 0, bare-chat and
     * tiny-chat (3 × 1 + 2) / 4 = 1.25 (by name), long-chat (3 × 2 + 8) / 4 = 3.5.
     */
    CHECK(r.nmodels == 4 && r.ninstances == 0);
    if (r.nmodels == 4) {
        CHECK_STR(r.models[0].m->name, "free-chat");
        CHECK_STR(r.models[1].m->name, "bare-chat");
        CHECK_STR(r.models[2].m->name, "tiny-chat");
        CHECK_STR(r.models[3].m->name, "long-chat");
        CHECK(r.models[2].input_per_1m == 1 && r.models[2].output_per_1m == 2);
        CHECK(r.models[2].cached_input_per_1m == 0.25 && r.models[2].batch_input_per_1m == 0.5);
        CHECK(r.models[2].context == 1000);
        CHECK(isnan(r.models[1].cached_input_per_1m));
    }
    struct strbuf sb = STRBUF_INIT;
    CHECK(prices_render(&r, PRICES_TEXT, "USD", &sb) == 0);
    CHECK(sb.buf && strstr(sb.buf, "Models: 4, USD per 1M tokens"));
    CHECK(sb.buf && strstr(sb.buf, "\ntiny-chat  testco     1.00    0.25    2.00      0.50       "
                                   "1.00       1k  tests/catalogues/mini-litellm.json\n"));
    strbuf_release(&sb);
    price_rows_release(&r);

    /* Instances with an A100 (A100-80GB counts) in eastus, cheapest first. */
    q = (struct prices_query){.gpu = "a100", .region = "EastUS"};
    prices_collect(&p, &q, &r);
    CHECK(r.nmodels == 0 && r.ninstances == 3);
    if (r.ninstances == 3) {
        CHECK_STR(r.instances[0].i->name, "azure/Standard_NC24ads_A100_v4");
        /* 14.692 twice: by name, and '-' sorts before '/'. */
        CHECK_STR(r.instances[1].i->name, "azure-ml/Standard_NC96ads_A100_v4");
        CHECK_STR(r.instances[2].i->name, "azure/Standard_NC96ads_A100_v4");
        CHECK(r.instances[2].spot_per_hour == 1.777732);
    }
    CHECK(prices_render(&r, PRICES_JSON, "USD", &sb) == 0);
    cJSON *root = cJSON_Parse(sb.buf);
    CHECK(root != NULL);
    cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "instances"), 2);
    CHECK(first && cJSON_GetObjectItem(first, "per_hour")->valuedouble == 14.692);
    CHECK(first && cJSON_GetObjectItem(first, "spot_per_hour")->valuedouble == 1.777732);
    cJSON_Delete(root);
    strbuf_release(&sb);
    CHECK(prices_render(&r, PRICES_CSV, "USD", &sb) == 0);
    CHECK(sb.buf && strstr(sb.buf, "\ninstance,azure/Standard_NC24ads_A100_v4,,,,,,,,,,1,A100-80GB,"
                                   "3.673,0.444433,eastus,24,220,tests/catalogues/mini-vms.csv\n"));
    strbuf_release(&sb);
    price_rows_release(&r);

    /* No match prints a line. */
    q = (struct prices_query){.pattern = "nothing-at-all"};
    prices_collect(&p, &q, &r);
    CHECK(prices_render(&r, PRICES_TEXT, "USD", &sb) == 0);
    CHECK_STR(sb.buf, "No model or instance matches.\n");
    strbuf_release(&sb);
    price_rows_release(&r);
    pricing_release(&p);

    char buf[40];
    prices_money(buf, sizeof buf, 14.692);
    CHECK_STR(buf, "14.692");
    prices_money(buf, sizeof buf, 2.5);
    CHECK_STR(buf, "2.50");
    prices_money(buf, sizeof buf, 0.075);
    CHECK_STR(buf, "0.075");
    prices_money(buf, sizeof buf, 1.777732);
    CHECK_STR(buf, "1.77773");
}

/* Whether the report has a warning at line:col containing `part`. */
static int has_warning(const struct lint_report *r, int line, const char *part)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].line == line && strstr(r->items[i].message, part))
            return 1;
    return 0;
}

static void test_lint(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, DIR "mini-litellm.json") || load(&p, DIR "mini-vms.csv")) {
        CHECK(0);
        pricing_release(&p);
        return;
    }
    struct lint_report r;
    prices_lint(p.items[0], &r);
    /* $1.10 in and $0.37 out per 1M (line 68). */
    CHECK(has_warning(&r, 68,
                      "output price 0.37 per 1M tokens is below the input price 1.10 for a chat "
                      "model: likely reversed"));
    CHECK(has_warning(&r, 76, "input and output prices are 0"));
    CHECK(has_warning(&r, 84, "no 'mode'"));
    CHECK(has_warning(&r, 84, "no 'max_input_tokens'"));
    CHECK(has_warning(&r, 84, "no 'litellm_provider'"));
    CHECK(has_warning(&r, 88, "prices above 200000 tokens without 'input_cost_per_token_above_"));
    /* An embedding model's output price of 0 is no warning. */
    CHECK(!has_warning(&r, 56, ""));
    CHECK(!has_warning(&r, 7, ""));
    /* In the order of the file. */
    for (size_t i = 1; i < r.n; i++)
        CHECK(r.items[i - 1].line <= r.items[i].line);
    struct strbuf sb = STRBUF_INIT;
    CHECK(lint_render(&r, PRICES_TEXT, &sb) == 0);
    CHECK(sb.buf && strstr(sb.buf, "tests/catalogues/mini-litellm.json:68:5: warning: "
                                   "'azure_ai/Meta-Llama-3-70B-Instruct': output price 0.37"));
    strbuf_release(&sb);
    lint_report_release(&r);

    prices_lint(p.items[1], &r);
    CHECK(has_warning(&r, 6, "'SpotPrice' equals 'Price' in eastus"));
    CHECK(has_warning(&r, 7, "no on-demand 'Price' in westus: the row is not loaded"));
    CHECK(has_warning(&r, 8, "'Price' 0 in westus2: likely not offered there"));
    CHECK(r.n == 3);
    CHECK(lint_render(&r, PRICES_CSV, &sb) == 0);
    CHECK(sb.buf && strstr(sb.buf, "file,line,col,name,message\ntests/catalogues/mini-vms.csv,6,1,"
                                   "azure/Standard_NC40ads_H100_v5,'SpotPrice' equals") == sb.buf);
    /* A message with a comma is quoted. */
    CHECK(sb.buf &&
          strstr(sb.buf, ",\"'Price' 0 in westus2: likely not offered there, not free\"\n"));
    strbuf_release(&sb);
    lint_report_release(&r);
    pricing_release(&p);
}

/* The shipped snapshots load, and hold the prices the README quotes. */
static void test_snapshots(void)
{
    struct pricing p;
    pricing_init(&p);
    if (load(&p, "pricing/litellm-model-prices.json")) {
        CHECK(0);
        return;
    }
    CHECK(p.items[0]->nmodels > 2900);
    const struct model_price *m = pricing_model(&p, "gpt-4o");
    /* 2.5e-06 and 1e-05 per token; batch 1.25e-06 and 5e-06. */
    CHECK(m && m->input_per_1k == 2.5e-06 * 1000 && m->output_per_1k == 1e-05 * 1000);
    CHECK(m && m->batch_input_per_1k == 1.25e-06 * 1000 && m->max_input_tokens == 128000);
    struct lint_report r;
    prices_lint(p.items[0], &r);
    int reversed = 0;
    for (size_t i = 0; i < r.n; i++)
        if (r.items[i].name && strcmp(r.items[i].name, "azure_ai/Meta-Llama-3-70B-Instruct") == 0 &&
            strstr(r.items[i].message, "0.37 per 1M tokens is below the input price 1.10"))
            reversed = 1;
    CHECK(reversed);
    lint_report_release(&r);
    pricing_release(&p);

    struct entries e;
    if (entries_open(&e)) {
        CHECK(0);
        return;
    }
    pricing_init(&p);
    struct pricing_entry entry;
    pricing_entry_init(&entry);
    entry.file = xstrdup("pricing/gpu-vms.csv");
    entry.region = xstrdup("eastus");
    struct diag d = DIAG_INIT;
    CHECK(pricing_load_entry(&p, entry.file, &entry, &d) == 0);
    diag_release(&d);
    pricing_entry_release(&entry);
    const struct instance_price *i = pricing_instance(&p, "azure/Standard_NC96ads_A100_v4");
    CHECK(i && i->per_hour == 14.692 && i->spot_per_hour == 1.777732);
    pricing_release(&p);
    entries_close(&e);
}

int main(void)
{
    test_litellm_conversion();
    test_request_costs();
    test_malformed_json();
    test_skypilot();
    test_entries();
    test_file_date();
    test_malformed_csv();
    test_hostile();
    test_recognition();
    test_raftcost_yaml();
    test_suggestions();
    test_prices_rows();
    test_lint();
    test_snapshots();
    TEST_END("catalogue");
}
