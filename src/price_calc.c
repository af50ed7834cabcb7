/*
 * price_calc: see price_calc.h.  The rules, and LiteLLM's code they follow,
 * are in docs/catalogues.md ("Tiers", "Cache hits", "Batch").
 */
#include "price_calc.h"

#include <math.h>
#include <string.h>

#include "util.h"

const struct price_tier *model_price_tier(const struct model_price *m, double input_tokens)
{
    /* Tiers are ascending: the last one the request passes applies. */
    for (size_t i = m->ntiers; i-- > 0;) {
        double above = m->tiers[i].above_tokens;
        if (input_tokens > above || (m->tier_at_threshold && input_tokens == above))
            return &m->tiers[i];
    }
    return NULL;
}

static int bad_request(const struct price_request *r)
{
    return !(isfinite(r->input_tokens) && r->input_tokens >= 0) ||
           !(isfinite(r->output_tokens) && r->output_tokens >= 0) ||
           !(r->cache_hit >= 0 && r->cache_hit <= 1) ||
           !(r->batch_discount >= 0 && r->batch_discount <= 1);
}

enum price_status price_rates(const struct model_price *m, const struct price_request *r,
                              struct price_rates *out)
{
    memset(out, 0, sizeof *out);
    if (bad_request(r))
        return PRICE_BAD_REQUEST;
    if (m->missing)
        return PRICE_NO_TOKEN_PRICES;
    const struct price_tier *t = model_price_tier(m, r->input_tokens);
    double input = m->input_per_1k, output = m->output_per_1k;
    /* Without a cached price a cache hit saves nothing: it pays the input price. */
    double cached = m->has_cached ? m->cached_input_per_1k : input;
    if (t) {
        input = t->input_per_1k;
        if (t->has_output)
            output = t->output_per_1k;
        cached = t->has_cached   ? t->cached_input_per_1k
                 : m->has_cached ? m->cached_input_per_1k
                                 : input;
    }
    out->tier = t;
    if (r->batch) {
        /* A catalogue batch price is flat (no tier, no cache discount), as in LiteLLM. */
        if (m->has_batch_input) {
            input = cached = m->batch_input_per_1k;
            out->input_from = PRICE_BATCH_CATALOGUE;
        } else if (r->batch_discount > 0) {
            input *= r->batch_discount;
            cached *= r->batch_discount;
            out->input_from = PRICE_BATCH_DISCOUNT;
        } else {
            return PRICE_NO_BATCH_PRICE;
        }
        if (m->has_batch_output) {
            output = m->batch_output_per_1k;
            out->output_from = PRICE_BATCH_CATALOGUE;
        } else if (r->batch_discount > 0) {
            output *= r->batch_discount;
            out->output_from = PRICE_BATCH_DISCOUNT;
        } else {
            return PRICE_NO_BATCH_PRICE;
        }
        if (out->input_from == PRICE_BATCH_CATALOGUE)
            out->tier = NULL;
    }
    out->input_per_1k = input;
    out->cached_input_per_1k = cached;
    out->output_per_1k = output;
    return PRICE_OK;
}

enum price_status price_request_cost(const struct model_price *m, const struct price_request *r,
                                     struct price_breakdown *out)
{
    memset(out, 0, sizeof *out);
    enum price_status s = price_rates(m, r, &out->rates);
    if (s != PRICE_OK) {
        memset(out, 0, sizeof *out);
        return s;
    }
    if (m->max_input_tokens > 0 && r->input_tokens > m->max_input_tokens)
        s = PRICE_OVER_INPUT_LIMIT;
    else if (m->max_output_tokens > 0 && r->output_tokens > m->max_output_tokens)
        s = PRICE_OVER_OUTPUT_LIMIT;
    if (s != PRICE_OK) {
        memset(out, 0, sizeof *out);
        return s;
    }
    double hits = r->input_tokens * r->cache_hit;
    out->input_cost = (r->input_tokens - hits) / 1000 * out->rates.input_per_1k;
    out->cached_cost = hits / 1000 * out->rates.cached_input_per_1k;
    out->output_cost = r->output_tokens / 1000 * out->rates.output_per_1k;
    out->total = out->input_cost + out->cached_cost + out->output_cost;
    return PRICE_OK;
}

char *price_status_message(enum price_status s, const struct model_price *m,
                           const struct price_request *r)
{
    const char *name = m->name ? m->name : "the inline model";
    switch (s) {
    case PRICE_OK:
        return NULL;
    case PRICE_BAD_REQUEST:
        return xasprintf("a request to '%s' needs tokens of 0 or more and shares from 0 to 1",
                         name);
    case PRICE_NO_TOKEN_PRICES:
        return model_price_why_not_generation(m);
    case PRICE_OVER_INPUT_LIMIT:
        return xasprintf("a request of %.0f input tokens is over the %.0f tokens '%s' takes "
                         "(max_input_tokens)",
                         r->input_tokens, m->max_input_tokens, name);
    case PRICE_OVER_OUTPUT_LIMIT:
        return xasprintf("a request of %.0f output tokens is over the %.0f tokens '%s' writes "
                         "(max_output_tokens)",
                         r->output_tokens, m->max_output_tokens, name);
    case PRICE_NO_BATCH_PRICE:
        return xasprintf("'%s' has no batch price in its catalogue: give the batch discount "
                         "(such as 50%%)",
                         name);
    case PRICE_NO_SPOT_PRICE:
        break;
    }
    return xasprintf("'%s' cannot be priced", name);
}

enum price_status instance_price_per_hour(const struct instance_price *i, int spot,
                                          double *per_hour)
{
    if (spot && !i->has_spot) {
        *per_hour = 0;
        return PRICE_NO_SPOT_PRICE;
    }
    *per_hour = spot ? i->spot_per_hour : i->per_hour;
    return PRICE_OK;
}

char *instance_status_message(enum price_status s, const struct instance_price *i)
{
    const char *name = i->name ? i->name : "the inline instance";
    if (s == PRICE_OK)
        return NULL;
    if (s == PRICE_NO_SPOT_PRICE)
        return i->region
                   ? xasprintf("'%s' has no spot price in %s in its catalogue", name, i->region)
                   : xasprintf("'%s' has no spot price in its catalogue", name);
    return xasprintf("'%s' cannot be priced", name);
}
