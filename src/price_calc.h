/*
 * price_calc: what one request costs at a model's catalogue prices, and what
 * an instance costs per hour, on demand or spot.  The rules are LiteLLM's
 * where LiteLLM has one (docs/catalogues.md says which, and where raftcost
 * differs): the long-context tier is chosen per request by its input tokens,
 * cache hits are billed at the cached price, a batch request at the batch
 * price or at a discount.
 *
 * Pure functions of their arguments: no I/O, no globals, no allocation except
 * the messages of price_status_message and instance_status_message (the
 * caller frees them), so that the model and the simulation may call them for
 * every request.
 */
#ifndef RAFTCOST_PRICE_CALC_H
#define RAFTCOST_PRICE_CALC_H

#include "pricing.h"

struct price_request {
    double input_tokens;  /* of this request, cached ones included */
    double output_tokens; /* of this request */
    double cache_hit;     /* share of the input tokens billed at the cached price, 0 to 1 */
    int batch;            /* sent through the provider's batch API */
    /*
     * For a batch where the catalogue gives no batch price: the share of the
     * on-demand price a batch pays (0.5 for half price).  0: none known, and
     * such a batch request is PRICE_NO_BATCH_PRICE.
     */
    double batch_discount;
};

enum price_status {
    PRICE_OK = 0,
    PRICE_BAD_REQUEST,       /* negative or non-finite tokens, a share outside 0..1 */
    PRICE_NO_TOKEN_PRICES,   /* the catalogue entry has no input or no output price */
    PRICE_OVER_INPUT_LIMIT,  /* input tokens above the model's max_input_tokens */
    PRICE_OVER_OUTPUT_LIMIT, /* output tokens above the model's max_output_tokens */
    PRICE_NO_BATCH_PRICE,    /* batch asked, no batch price and no discount */
    PRICE_NO_SPOT_PRICE,     /* spot asked, the instance has no spot price */
};

/* Where a batch request's price came from, for each side. */
enum price_batch_source {
    PRICE_NOT_BATCH = 0,
    PRICE_BATCH_CATALOGUE, /* the catalogue's batch price */
    PRICE_BATCH_DISCOUNT,  /* batch_discount × the on-demand price */
};

/* The prices per 1,000 tokens that apply to one request. */
struct price_rates {
    double input_per_1k, cached_input_per_1k, output_per_1k;
    const struct price_tier *tier; /* the long-context tier applied, or NULL */
    enum price_batch_source input_from, output_from;
};

struct price_breakdown {
    double input_cost;  /* the input tokens that were not cache hits */
    double cached_cost; /* the cache hits */
    double output_cost;
    double total;
    struct price_rates rates;
};

/*
 * The long-context tier for a request of `input_tokens`: the one with the
 * highest threshold below it (at or below it when tier_at_threshold), or
 * NULL for the base prices.
 */
const struct price_tier *model_price_tier(const struct model_price *m, double input_tokens);

/* The rates for request r (its tokens choose the tier).  PRICE_OK or why not. */
enum price_status price_rates(const struct model_price *m, const struct price_request *r,
                              struct price_rates *out);
/*
 * The cost of request r: input tokens not hit × input rate + hits × cached
 * rate + output tokens × output rate, rates per 1,000 tokens.  Checks the
 * model's context limits.  On an error *out is zero.
 */
enum price_status price_request_cost(const struct model_price *m, const struct price_request *r,
                                     struct price_breakdown *out);
/* A message for a status other than PRICE_OK, naming the model; the caller frees it. */
char *price_status_message(enum price_status s, const struct model_price *m,
                           const struct price_request *r);

/* An instance's price per hour: spot (spot != 0) or on demand. */
enum price_status instance_price_per_hour(const struct instance_price *i, int spot,
                                          double *per_hour);
/* A message for instance_price_per_hour's status; the caller frees it. */
char *instance_status_message(enum price_status s, const struct instance_price *i);

#endif
