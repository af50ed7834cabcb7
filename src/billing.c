/*
 * billing: see billing.h.  The rules (tier by a request's input tokens,
 * cache hits at the cached price, batch prices flat or a discount) are
 * price_calc's; docs/catalogues.md gives them with LiteLLM's code.
 */
#include "billing.h"

#include <math.h>
#include <string.h>

/* ceil() that forgives the rounding error of a share times a count. */
static double ceil_count(double x)
{
    return ceil(x * (1 - 1e-12));
}

struct price_request billing_request(const struct deployment *d, double input_tokens,
                                     double output_tokens)
{
    struct price_request r = {.input_tokens = input_tokens, .output_tokens = output_tokens};
    if (!d)
        return r;
    r.cache_hit = d->billing.cache_hit;
    if (d->type == DEPLOY_BATCH) {
        r.batch = 1;
        /* The share of the on-demand price a batch pays; 0: no discount known. */
        r.batch_discount = d->billing.discount > 0 ? 1 - d->billing.discount : 0;
    }
    return r;
}

enum price_status billing_tokens(const struct model_price *m, const struct deployment *d,
                                 double input_per_request, double output_per_request,
                                 struct bill *out)
{
    memset(out, 0, sizeof *out);
    struct price_request r = billing_request(d, input_per_request, output_per_request);
    struct price_rates rates;
    enum price_status s = price_rates(m, &r, &rates);
    out->per_token = 1;
    out->cache_hit = r.cache_hit;
    out->batch = r.batch;
    out->request_input_tokens = input_per_request;
    out->request_output_tokens = output_per_request;
    out->per_hour = out->on_demand_per_hour = 0;
    if (s != PRICE_OK) {
        out->input_per_1k = out->cached_input_per_1k = out->output_per_1k = NAN;
        out->tier_above_tokens = NAN;
        return s;
    }
    out->ok = 1;
    out->input_per_1k = rates.input_per_1k;
    out->cached_input_per_1k = rates.cached_input_per_1k;
    out->output_per_1k = rates.output_per_1k;
    out->tier_above_tokens = rates.tier ? rates.tier->above_tokens : NAN;
    out->input_from = rates.input_from;
    out->output_from = rates.output_from;
    return PRICE_OK;
}

enum price_status billing_instance(const struct deployment *d, struct bill *out)
{
    memset(out, 0, sizeof *out);
    out->tier_above_tokens = NAN;
    out->spot = d->billing.spot;
    out->on_demand_per_hour = d->instance.per_hour;
    enum price_status s = instance_price_per_hour(&d->instance, d->billing.spot, &out->per_hour);
    if (s != PRICE_OK) {
        out->per_hour = NAN;
        return s;
    }
    out->ok = 1;
    return PRICE_OK;
}

double billing_option_per_hour(const struct deployment *o)
{
    if (!o->has_instance)
        return o->model.hosting_per_hour;
    double per_hour;
    /* Validation refused spot without a spot price; on demand if that ever slips through. */
    if (instance_price_per_hour(&o->instance, o->billing.spot, &per_hour) != PRICE_OK)
        return o->instance.per_hour;
    return per_hour;
}

enum price_status billing_deployment(const struct deployment *d, double input_per_request,
                                     double output_per_request, struct bill *out)
{
    if (d->type == DEPLOY_DEDICATED)
        return billing_instance(d, out);
    return billing_tokens(&d->model, d, input_per_request, output_per_request, out);
}

double bill_input_cost(const struct bill *b, double input_tokens)
{
    return input_tokens * (1 - b->cache_hit) / 1000 * b->input_per_1k;
}

double bill_cached_cost(const struct bill *b, double input_tokens)
{
    /* Without hits, no term: a NAN cached rate (none known) must not spoil the sum. */
    return b->cache_hit > 0 ? input_tokens * b->cache_hit / 1000 * b->cached_input_per_1k : 0;
}

double bill_output_cost(const struct bill *b, double output_tokens)
{
    return output_tokens / 1000 * b->output_per_1k;
}

double bill_token_cost(const struct bill *b, double input_tokens, double output_tokens)
{
    return bill_input_cost(b, input_tokens) + bill_cached_cost(b, input_tokens) +
           bill_output_cost(b, output_tokens);
}

enum price_status billing_check_request(const struct model_price *m, const struct deployment *d,
                                        double input_tokens, double output_tokens)
{
    struct price_request r = billing_request(d, input_tokens, output_tokens);
    struct price_breakdown unused;
    return price_request_cost(m, &r, &unused);
}

double batch_turnaround_s(const struct deployment *d)
{
    return d->billing.turnaround_s > 0 ? d->billing.turnaround_s : d->billing.window_s;
}

double batch_requests_per_batch(const struct deployment *d, double input_per_request)
{
    const struct deploy_billing *b = &d->billing;
    double n = INFINITY;
    if (b->requests_per_batch > 0)
        n = b->requests_per_batch;
    if (b->tokens_per_batch > 0 && input_per_request > 0)
        n = fmin(n, floor(b->tokens_per_batch / input_per_request * (1 + 1e-12)));
    return n;
}

double batch_waves(const struct deployment *d, double requests, double input_per_request)
{
    if (!(requests > 0))
        return 0;
    double per_batch = batch_requests_per_batch(d, input_per_request);
    if (isinf(per_batch))
        return 1;
    if (!(per_batch >= 1))
        return INFINITY;
    double batches = ceil_count(requests / per_batch);
    double in_flight = d->billing.batches_in_flight;
    return in_flight > 0 ? ceil_count(batches / in_flight) : 1;
}

double batch_wave_output(const struct deployment *d, double input_per_request,
                         double output_per_request)
{
    double per_batch = batch_requests_per_batch(d, input_per_request);
    if (isinf(per_batch) || !(d->billing.batches_in_flight > 0))
        return INFINITY;
    return d->billing.batches_in_flight * per_batch * output_per_request;
}
