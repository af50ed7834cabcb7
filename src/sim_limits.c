/*
 * sim_limits: a deployment's rate limits.  TPM and RPM are each a bucket of
 * allowance: either a token bucket refilled continuously (capacity limit *
 * window / 60 s, refill limit / 60 s per second, full at the start), or a
 * sliding window (at most limit * window / 60 s admitted in any window_s
 * seconds; an admission's cost comes back window_s after it).  A request is
 * admitted only when every limit has room, and then counts against all of
 * them; otherwise it gets a 429 whose retry-after is the time until every
 * bucket has room (none for the concurrency limit: room comes when a
 * request finishes, which no one can tell in advance).
 *
 * A deployment may also answer a share of attempts 429 at random
 * (reject_share: what a pilot measured, whatever caused it), before its
 * limits are asked and with no retry-after.
 *
 * Comparisons allow a billionth of the allowance, so that a request retried
 * exactly at its retry-after is not refused by a rounding error.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "util.h"

#define TIME_EPS_S 1e-9

void sim_bucket_init(struct sim_bucket *b, double limit_per_min, double window_s, int sliding)
{
    memset(b, 0, sizeof *b);
    b->allowance = limit_per_min * window_s / 60;
    b->rate = limit_per_min / 60;
    b->window_s = window_s;
    b->sliding = sliding;
    b->level = b->allowance;
}

void sim_bucket_release(struct sim_bucket *b)
{
    free(b->log_t);
    free(b->log_cost);
    b->log_t = b->log_cost = NULL;
}

static void refill(struct sim_bucket *b, double now)
{
    if (now > b->level_t) {
        b->level += (now - b->level_t) * b->rate;
        if (b->level > b->allowance)
            b->level = b->allowance;
        b->level_t = now;
    }
}

static void expire(struct sim_bucket *b, double now)
{
    while (b->log_len && b->log_t[b->log_head] + b->window_s <= now + TIME_EPS_S) {
        b->log_sum -= b->log_cost[b->log_head];
        b->log_head = (b->log_head + 1) & (b->log_cap - 1);
        b->log_len--;
    }
    if (b->log_len == 0)
        b->log_sum = 0; /* no drift from many additions and subtractions */
}

double sim_bucket_wait(struct sim_bucket *b, double now, double cost)
{
    double eps = 1e-9 * b->allowance;
    if (cost > b->allowance + eps)
        return INFINITY;
    if (!b->sliding) {
        refill(b, now);
        if (b->level + eps >= cost)
            return 0;
        return (cost - b->level) / b->rate;
    }
    expire(b, now);
    double need = b->log_sum + cost - b->allowance;
    if (need <= eps)
        return 0;
    double freed = 0;
    for (size_t k = 0; k < b->log_len; k++) {
        size_t i = (b->log_head + k) & (b->log_cap - 1);
        freed += b->log_cost[i];
        if (freed + eps >= need) {
            double wait = b->log_t[i] + b->window_s - now;
            return wait > 0 ? wait : 0;
        }
    }
    return INFINITY; /* not reached: cost <= allowance */
}

void sim_bucket_take(struct sim_bucket *b, double now, double cost)
{
    if (!b->sliding) {
        refill(b, now);
        b->level -= cost;
        return;
    }
    if (b->log_len == b->log_cap) {
        /* Grow the ring, unrolling it so the oldest entry comes first. */
        size_t cap = b->log_cap ? 2 * b->log_cap : 16;
        double *t = xmalloc(cap * sizeof *t), *c = xmalloc(cap * sizeof *c);
        for (size_t k = 0; k < b->log_len; k++) {
            size_t i = (b->log_head + k) & (b->log_cap - 1);
            t[k] = b->log_t[i];
            c[k] = b->log_cost[i];
        }
        free(b->log_t);
        free(b->log_cost);
        b->log_t = t;
        b->log_cost = c;
        b->log_head = 0;
        b->log_cap = cap;
    }
    size_t i = (b->log_head + b->log_len) & (b->log_cap - 1);
    b->log_t[i] = now;
    b->log_cost[i] = cost;
    b->log_len++;
    b->log_sum += cost;
}

double sim_tpm_cost(const struct sim_dep *d, const struct sim_req *r)
{
    if (d->cfg->limits.cost == SIM_COST_MAX_TOKENS && r->max_tokens > 0)
        return r->input + r->max_tokens;
    return r->input + r->output;
}

double sim_limits_admit(struct sim *s, struct sim_dep *d, struct sim_req *r)
{
    const struct sim_limits *lim = &d->cfg->limits;
    if (!d->has_limits) {
        r->cost_tokens = sim_tpm_cost(d, r);
        return 0;
    }
    /* A random 429 (the share a pilot measured), before anything is counted. */
    if (lim->reject_share > 0 && gsl_rng_uniform(s->rng) < lim->reject_share)
        return -1;
    if (lim->concurrency && d->in_flight >= lim->concurrency)
        return -1;
    double wait = 0, cost = sim_tpm_cost(d, r);
    if (lim->rpm > 0)
        wait = sim_bucket_wait(&d->rpm, s->now, 1);
    if (lim->tpm > 0) {
        double w = sim_bucket_wait(&d->tpm, s->now, cost);
        if (w > wait)
            wait = w;
    }
    if (wait > 0)
        return isinf(wait) ? -1 : wait;
    if (lim->rpm > 0)
        sim_bucket_take(&d->rpm, s->now, 1);
    if (lim->tpm > 0)
        sim_bucket_take(&d->tpm, s->now, cost);
    r->cost_tokens = cost;
    return 0;
}
