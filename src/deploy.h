/*
 * deploy: what serves requests, for generation (a backend) and for
 * inference (an option): its prices, how many of it there are, its
 * throughput (a constant, or a curve fitted to benchmark points and read at
 * a concurrency), its limits, and the time it takes to start and stop.
 *
 * Ownership: a deployment owns its name, its price records (the catalogue
 * they came from is borrowed) and its curve, and the curve owns its fit, its
 * points and its source name; deployment_release frees them all and accepts
 * a zeroed struct.  A struct deployment must not be copied with '=': the
 * copy would share the curve and the strings; deployment_copy makes an
 * independent one (sharing only the catalogues).
 */
#ifndef RAFTCOST_DEPLOY_H
#define RAFTCOST_DEPLOY_H

#include "curve.h"
#include "pricing.h"
#include "sizing.h"

enum deploy_type {
    DEPLOY_SERVERLESS, /* pay per token; one endpoint */
    DEPLOY_DEDICATED,  /* billed per instance-hour while provisioned */
    DEPLOY_BATCH,      /* a provider's batch API: per token, results within a window */
};

/* "serverless", "dedicated" or "batch". */
const char *deploy_type_name(int type);

/*
 * How a deployment is billed beyond its price records (docs/catalogues.md):
 * spot instances, cache hits, and a batch API's window, discount and limits.
 * Numbers only, so that a deployment still copies with '=' here.
 */
struct deploy_billing {
    int spot;                  /* dedicated: 1 bills the spot price; a choice parameter */
    double cache_hit;          /* per-token: share of input tokens billed at the cached price */
    double window_s;           /* batch: the completion window the provider promises */
    double turnaround_s;       /* batch: the time a batch typically takes; 0: the window */
    double discount;           /* batch: off the on-demand price, where no batch price is given */
    double requests_per_batch; /* batch limits; 0: none */
    double tokens_per_batch;   /* input tokens of the requests in one batch */
    double batches_in_flight;
};

/*
 * How the cloud takes a spot instance back, for the simulation (the key
 * `preemption` of a dedicated backend; docs/catalogues.md).  It applies
 * while billing.spot is on: an on-demand instance is not preempted.  Its
 * numbers and choice are parameters where the file gives the mapping.
 */
struct deploy_preemption {
    int present;            /* the backend has a `preemption` mapping */
    double mean_interval_s; /* mean time serving between preemptions */
    double restart_s;       /* the replacement boots and loads the model: billed */
    double wait_s;          /* before it, no VM (no spot capacity): not billed */
    int dist;               /* enum deploy_preempt_dist; a choice parameter */
};

enum deploy_preempt_dist {
    DEPLOY_PREEMPT_EXPONENTIAL, /* intervals drawn from an exponential (the default) */
    DEPLOY_PREEMPT_FIXED,       /* every mean_interval exactly */
};

/*
 * A throughput that depends on concurrency, fitted to benchmark points.  The
 * points are kept, so that a change of `model` refits the curve from them
 * (throughput_curve_fit, the one place a curve is fitted).
 */
struct throughput_curve {
    int model; /* enum curve_model: what to fit; a choice parameter */
    struct curve_fit fit;
    struct curve_points points;        /* what the fit was made from, for the plots */
    char *source;                      /* the points file, or NULL when inline */
    double measured_min, measured_max; /* concurrency range of the points */
    double concurrency;                /* requests in flight per instance */
    int concurrency_is_knee;           /* not given: the fit's knee */
};

/*
 * How a deployment serves requests one by one, for the simulation (the keys
 * stream, ttft, max_concurrency, weight, rejects and limits.window, .mode and
 * .tpm_counts; docs/simulation.md).  Every field is a parameter.
 */
struct deploy_sim {
    double stream_tok_s;    /* per-request output speed, instead of throughput; 0: none */
    double ttft_s;          /* time to first token before decode */
    double max_concurrency; /* requests in service per instance, the others queue; 0: no cap */
    double weight;          /* simple-shuffle weight of each of its deployments; 0: none */
    double window_s;        /* the window of the tpm and rpm allowances (default 60 s) */
    int limit_mode;         /* enum deploy_limit_mode; a choice parameter */
    int tpm_counts;         /* enum deploy_tpm_counts; a choice parameter */
    double reject_share;    /* rejects: the share of attempts answered 429 at random; 0: none */
};

enum deploy_limit_mode {
    DEPLOY_LIMIT_SLIDING, /* at most the allowance in any window (the default) */
    DEPLOY_LIMIT_BUCKET,  /* a token bucket of one window's allowance, refilled continuously */
};

enum deploy_tpm_counts {
    DEPLOY_TPM_MAX_TOKENS, /* input + max_tokens at admission (input + output without one) */
    DEPLOY_TPM_OUTPUT,     /* input + the actual output */
};

struct deployment {
    char *name;
    int type;                       /* enum deploy_type; a choice parameter */
    struct model_price model;       /* serverless, and inference options */
    struct instance_price instance; /* dedicated */
    int has_model, has_instance;    /* which of the two prices the scenario gave */
    struct deploy_billing billing;  /* spot, cache hits, batch settings */
    double count;                   /* instances, or an option's replicas; serverless: 1 */
    double throughput_tok_s;        /* output tokens/s: per instance, or the endpoint; 0: none
                                       given (serverless: its tpm or rpm limit gives it) */
    struct throughput_curve *curve; /* NULL: throughput_tok_s is constant */
    double tpm, rpm, concurrency;   /* limits; 0 = none */
    double provisioning_s, teardown_s;
    double max_count;            /* deadline planning tries 0..max_count; 0 = count is fixed */
    struct deploy_sizing sizing; /* inference options: capacity and replicas (sizing.h) */
    struct deploy_sim sim;       /* how it serves one request: stream, ttft, queue, limits */
    struct deploy_preemption preemption; /* spot instances taken back, in the simulation */
};

/*
 * Deadline planning tries every count from 0 to max_count of a dedicated
 * backend that has one (deployment_plan_varies), and every other backend
 * (serverless, batch, a dedicated one with a fixed count) with its count or
 * left out.  deployment_plan_max is the highest count tried.
 */
int deployment_plan_varies(const struct deployment *d);
double deployment_plan_max(const struct deployment *d);

/* Why a curve is read at the concurrency it is read at. */
enum deploy_concurrency {
    DEPLOY_CONCURRENCY_GIVEN, /* throughput.concurrency */
    DEPLOY_CONCURRENCY_KNEE,  /* not given: the fit's knee */
    DEPLOY_CONCURRENCY_LIMIT, /* capped by limits.concurrency */
    DEPLOY_CONCURRENCY_QUEUE, /* per-request speed: held at max_concurrency */
    DEPLOY_CONCURRENCY_NONE,  /* per-request speed, no bound: only tpm and rpm cap it */
};

/* The rate of one instance (or of the endpoint), and how it was read. */
struct deploy_rate {
    double unit_tok_s; /* output tokens a second: the constant, or the curve there */
    int from_curve;
    /* With a curve: */
    const char *curve_model; /* "usl", ...: a static string */
    double concurrency;      /* the curve's own, capped by limits.concurrency */
    enum deploy_concurrency why;
    int outside_measured; /* the concurrency lies outside the measured points */
    int poor_fit;         /* R² below DEPLOY_POOR_FIT_R2 (a table never is) */
    /* With a per-request speed (sim.stream_tok_s) instead of a throughput: unit_tok_s is
     * that speed × the requests it holds at once (concurrency, why LIMIT or QUEUE), or
     * infinite (why NONE) for the tpm and rpm limits to cap. */
    int from_stream;
    /* A constant throughput with limits.concurrency: the limit changes no analytic figure. */
    int concurrency_unused;
    /* No throughput given (a serverless endpoint with a tpm or rpm limit): unit_tok_s is
     * infinite, and the limits give the throughput. */
    int from_limits;
};

#define DEPLOY_POOR_FIT_R2 0.9

/* Fills *rate for d as it stands (after --set and variants). */
void deployment_rate(const struct deployment *d, struct deploy_rate *rate);
/* Output tokens a second of one instance (or of the endpoint): rate.unit_tok_s. */
double deployment_unit_throughput(const struct deployment *d);

/* An independent copy of src into dst (the catalogues the prices came from are shared). */
void deployment_copy(struct deployment *dst, const struct deployment *src);
void deployment_release(struct deployment *d);

enum curve_refit {
    CURVE_REFIT_OK,
    CURVE_REFIT_FAILED,  /* the model does not fit the points */
    CURVE_REFIT_NO_KNEE, /* the concurrency is the knee, and the new fit has none */
};

/*
 * Fits c->points with c->model.  On success, replaces c->fit and the
 * measured range, and when the concurrency is the knee, moves it to the new
 * knee.  Otherwise returns why, with *message (the caller frees) and c
 * unchanged.  Not safe to call from several threads at once (curve_fit).
 */
enum curve_refit throughput_curve_fit(struct throughput_curve *c, char **message);

#endif
