/*
 * billing: what a deployment pays, as rates that the model computes once
 * and the writers print: the per-token rates of a request of a given size
 * (the long-context tier its input tokens reach, its cache hits, the batch
 * price or discount) and an instance's hourly price, on demand or spot
 * (docs/catalogues.md).  price_calc.h does the arithmetic of one request;
 * this file applies it to deployments, and holds the time a batch API takes
 * (waves of batches, each returned after the turnaround).
 *
 * Pure functions of their arguments: no I/O, no globals, no allocation, so
 * that model_run may call them on every run.  This header compiles without
 * libyaml.
 */
#ifndef RAFTCOST_BILLING_H
#define RAFTCOST_BILLING_H

#include "deploy.h"
#include "price_calc.h"

/* The rates one deployment (or one model) is billed at. */
struct bill {
    int per_token; /* 1: billed per token; 0: per instance-hour */
    /* Per token, per 1,000 tokens: */
    double input_per_1k;        /* input tokens that are not cache hits */
    double cached_input_per_1k; /* cache hits */
    double output_per_1k;
    double cache_hit;         /* share of the input tokens billed at the cached rate */
    double tier_above_tokens; /* the long-context tier applied: its threshold; NAN: base prices */
    double request_input_tokens, request_output_tokens; /* the request the rates are for */
    int batch;                                          /* through a batch API */
    enum price_batch_source input_from, output_from;    /* where a batch's rates came from */
    /* Per hour: */
    int spot;
    double per_hour;           /* the price billed: spot or on demand */
    double on_demand_per_hour; /* for comparison */
    int ok;             /* 0: the prices cannot serve such a request (validation reports why) */
    double batch_waves; /* batch, in a job: the waves of batches its share takes */
};

/*
 * The rates model m is billed at for requests of this size (a mean, for a
 * job), with deployment d's cache hits and batch settings (d NULL: neither).
 * Returns PRICE_OK or why not; on an error *out holds NAN rates and ok = 0.
 * The context limits are not checked here (billing_check_request does).
 */
enum price_status billing_tokens(const struct model_price *m, const struct deployment *d,
                                 double input_per_request, double output_per_request,
                                 struct bill *out);
/*
 * What an inference option pays a replica-hour: its instance's spot price
 * when billing.spot (per replica-hour), else its on-demand price; without an
 * instance, its model's hosting_per_hour.
 */
double billing_option_per_hour(const struct deployment *o);
/* A dedicated deployment's hourly price: its spot price when billing.spot, else on demand. */
enum price_status billing_instance(const struct deployment *d, struct bill *out);
/* The deployment's bill: billing_tokens (model, cache, batch) or billing_instance by its type. */
enum price_status billing_deployment(const struct deployment *d, double input_per_request,
                                     double output_per_request, struct bill *out);

/*
 * Tokens at a bill's rates: input tokens (hits included), of which the
 * bill's cache share is billed at the cached rate; and output tokens.
 */
double bill_input_cost(const struct bill *b, double input_tokens);  /* tokens not hit */
double bill_cached_cost(const struct bill *b, double input_tokens); /* the hits */
double bill_output_cost(const struct bill *b, double output_tokens);
double bill_token_cost(const struct bill *b, double input_tokens, double output_tokens);

/*
 * The status of one request of these sizes to model m (with d's cache and
 * batch settings, d NULL: neither): price_request_cost's, context limits
 * included.
 */
enum price_status billing_check_request(const struct model_price *m, const struct deployment *d,
                                        double input_tokens, double output_tokens);
/* The price request d makes for a request of these sizes (d NULL: plain). */
struct price_request billing_request(const struct deployment *d, double input_tokens,
                                     double output_tokens);

/* ---- batch APIs ---- */

/* The most waves of batches a job may take on one batch backend (validation). */
#define BATCH_MAX_WAVES 10000

/* The time a batch takes: the turnaround, or the window when none is given. */
double batch_turnaround_s(const struct deployment *d);
/*
 * Requests one batch holds: requests_per_batch, and tokens_per_batch over
 * the input tokens of a request, whole; INFINITY without limits; 0 when one
 * request is over tokens_per_batch.
 */
double batch_requests_per_batch(const struct deployment *d, double input_per_request);
/*
 * Waves of batches `requests` take: ceil(batches / batches_in_flight), the
 * batches ceil(requests / requests a batch); 1 without limits, 0 for no
 * requests.
 */
double batch_waves(const struct deployment *d, double requests, double input_per_request);
/*
 * Output tokens one wave returns (batches in flight × requests a batch ×
 * output tokens a request); INFINITY when all requests fit one wave.
 */
double batch_wave_output(const struct deployment *d, double input_per_request,
                         double output_per_request);

#endif
