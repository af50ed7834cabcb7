/*
 * sim_router: which deployment an attempt goes to, following LiteLLM's
 * router (the files of litellm/router_strategy and router_utils/cooldown_handlers.py;
 * docs/simulation.md says where this differs):
 *
 *   simple-shuffle  random; weighted by weight when a deployment has one,
 *                   else by rpm, else by tpm, else uniform
 *   least-busy      fewest requests in flight (admitted, not finished); ties
 *                   to the first deployment
 *   usage-based     lowest tokens (input + output of successes) this minute,
 *                   among those whose tokens this minute plus the request's
 *                   input stay within tpm and whose requests this minute plus
 *                   one stay within rpm; ties at random
 *   latency-based   lowest mean of the last latency_window latencies per
 *                   output token (none yet: 0), under the same limits; ties
 *                   at random
 *   round-robin     the next available deployment after the last one picked
 *
 * Available means ready (provisioned, and not down after a preemption) and not cooling down.  A
 * deployment that answers a 429 more than allowed_fails times, each within cooldown_s of the
 * previous one, cools down for cooldown_s (never the only deployment).  When none is available the
 * router itself answers 429, with a retry-after: the end of the first cooldown, or the next minute
 * for the usage filters.  When none is ready yet, the attempt waits for the first to be.  On a 429
 * from a deployment the router may re-route at once to one not yet tried (router.retries times)
 * before the client sees the 429.
 */
#include <math.h>

#include <gsl/gsl_rng.h>

#include "sim_internal.h"

enum { PICK_NONE = -1, PICK_WAIT = -2 };

static int available(const struct sim *s, const struct sim_dep *d, uint32_t stamp)
{
    return sim_dep_ready_at(d) <= s->now && d->cooldown_until_s <= s->now &&
           d->tried_stamp != stamp;
}

static void minute_roll(const struct sim *s, struct sim_dep *d)
{
    int64_t m = (int64_t)floor(s->now / 60);
    if (m != d->minute) {
        d->minute = m;
        d->minute_tokens = 0;
        d->minute_requests = 0;
    }
}

/* LiteLLM's pre-call check for usage- and latency-based routing. */
static int under_limits(const struct sim *s, struct sim_dep *d, const struct sim_req *r)
{
    const struct sim_limits *lim = &d->cfg->limits;
    minute_roll(s, d);
    if (lim->tpm > 0 && d->minute_tokens + r->input > lim->tpm)
        return 0;
    if (lim->rpm > 0 && d->minute_requests + 1 > lim->rpm)
        return 0;
    return 1;
}

static double mean_latency(const struct sim_dep *d)
{
    if (d->lat_len == 0)
        return 0;
    double sum = 0;
    for (size_t i = 0; i < d->lat_len; i++)
        sum += d->latency[i];
    return sum / (double)d->lat_len;
}

static int pick_shuffle(struct sim *s, uint32_t stamp)
{
    /* The weight LiteLLM would use: weight, else rpm, else tpm. */
    int by = 0; /* 0 uniform, 1 weight, 2 rpm, 3 tpm */
    size_t navail = 0;
    for (size_t i = 0; i < s->ndeps; i++) {
        const struct sim_dep *d = &s->deps[i];
        if (!available(s, d, stamp))
            continue;
        navail++;
        if (d->cfg->weight > 0)
            by = 1;
        else if (by != 1 && d->cfg->limits.rpm > 0)
            by = 2;
        else if (by == 0 && d->cfg->limits.tpm > 0)
            by = 3;
    }
    double total = 0;
    for (size_t i = 0; by && i < s->ndeps; i++) {
        const struct sim_dep *d = &s->deps[i];
        if (available(s, d, stamp))
            total += by == 1 ? d->cfg->weight : by == 2 ? d->cfg->limits.rpm : d->cfg->limits.tpm;
    }
    if (!(total > 0)) {
        size_t k = gsl_rng_uniform_int(s->rng, navail);
        for (size_t i = 0; i < s->ndeps; i++)
            if (available(s, &s->deps[i], stamp) && k-- == 0)
                return (int)i;
    }
    double u = gsl_rng_uniform(s->rng) * total, acc = 0;
    int last = PICK_NONE;
    for (size_t i = 0; i < s->ndeps; i++) {
        const struct sim_dep *d = &s->deps[i];
        if (!available(s, d, stamp))
            continue;
        double w = by == 1 ? d->cfg->weight : by == 2 ? d->cfg->limits.rpm : d->cfg->limits.tpm;
        if (!(w > 0))
            continue;
        acc += w;
        last = (int)i;
        if (u < acc)
            return (int)i;
    }
    return last; /* u rounded up to the total */
}

/* Lowest score among the available ones under their limits; ties at random. */
static int pick_lowest(struct sim *s, const struct sim_req *r, uint32_t stamp, int latency)
{
    double best = INFINITY;
    size_t nbest = 0;
    for (size_t i = 0; i < s->ndeps; i++) {
        struct sim_dep *d = &s->deps[i];
        if (!available(s, d, stamp) || !under_limits(s, d, r))
            continue;
        double score = latency ? mean_latency(d) : d->minute_tokens;
        if (score < best) {
            best = score;
            nbest = 1;
        } else if (score == best) {
            nbest++;
        }
    }
    if (nbest == 0)
        return PICK_NONE;
    size_t k = nbest > 1 ? gsl_rng_uniform_int(s->rng, nbest) : 0;
    for (size_t i = 0; i < s->ndeps; i++) {
        struct sim_dep *d = &s->deps[i];
        if (!available(s, d, stamp) || !under_limits(s, d, r))
            continue;
        double score = latency ? mean_latency(d) : d->minute_tokens;
        if (score == best && k-- == 0)
            return (int)i;
    }
    return PICK_NONE;
}

/*
 * Picks a deployment, or PICK_WAIT (none provisioned yet; *wait_until is
 * when the first will be), or PICK_NONE (the router answers 429 with the
 * retry-after *retry_after, -1 for none).
 */
static int pick(struct sim *s, const struct sim_req *r, uint32_t stamp, double *retry_after,
                double *wait_until)
{
    double first_ready = INFINITY, first_cool = INFINITY;
    size_t navail = 0, nready = 0;
    for (size_t i = 0; i < s->ndeps; i++) {
        const struct sim_dep *d = &s->deps[i];
        double ready = sim_dep_ready_at(d); /* provisioned, and up again after a preemption */
        if (ready > s->now) {
            if (ready < first_ready)
                first_ready = ready;
            continue;
        }
        nready++;
        if (d->cooldown_until_s > s->now && d->cooldown_until_s < first_cool)
            first_cool = d->cooldown_until_s;
        if (available(s, d, stamp))
            navail++;
    }
    *retry_after = -1;
    if (nready == 0) {
        *wait_until = first_ready;
        return PICK_WAIT;
    }
    if (navail == 0) {
        if (isfinite(first_cool))
            *retry_after = first_cool - s->now;
        return PICK_NONE;
    }
    int dep = PICK_NONE;
    switch (s->cfg->router.policy) {
    case SIM_ROUTE_SIMPLE_SHUFFLE:
        dep = pick_shuffle(s, stamp);
        break;
    case SIM_ROUTE_LEAST_BUSY: {
        unsigned best = UINT32_MAX;
        for (size_t i = 0; i < s->ndeps; i++)
            if (available(s, &s->deps[i], stamp) && s->deps[i].in_flight < best) {
                best = s->deps[i].in_flight;
                dep = (int)i;
            }
        break;
    }
    case SIM_ROUTE_USAGE_BASED:
    case SIM_ROUTE_LATENCY_BASED:
        dep = pick_lowest(s, r, stamp, s->cfg->router.policy == SIM_ROUTE_LATENCY_BASED);
        if (dep == PICK_NONE)
            *retry_after = (floor(s->now / 60) + 1) * 60 - s->now;
        break;
    case SIM_ROUTE_ROUND_ROBIN:
        for (size_t k = 0; k < s->ndeps; k++) {
            size_t i = (s->rr_next + k) % s->ndeps;
            if (available(s, &s->deps[i], stamp)) {
                dep = (int)i;
                s->rr_next = i + 1;
                break;
            }
        }
        break;
    }
    return dep;
}

static void cooldown_fail(struct sim *s, struct sim_dep *d)
{
    const struct sim_router *rt = &s->cfg->router;
    if (s->ndeps < 2)
        return;
    /* LiteLLM keeps the count with a time to live of cooldown_s. */
    if (s->now - d->last_fail_s >= rt->cooldown_s)
        d->fails = 0;
    d->fails++;
    d->last_fail_s = s->now;
    if (d->fails > rt->allowed_fails) {
        d->cooldown_until_s = s->now + rt->cooldown_s;
        d->fails = 0;
    }
}

void sim_attempt(struct sim *s, uint32_t slot)
{
    uint32_t stamp = ++s->attempt_stamp;
    if (stamp == 0) { /* wrapped: no deployment may keep an old stamp */
        for (size_t i = 0; i < s->ndeps; i++)
            s->deps[i].tried_stamp = 0;
        stamp = ++s->attempt_stamp;
    }
    double retry_after = -1;
    for (unsigned tries = 0;; tries++) {
        double ra, wait_until = INFINITY;
        int dep = pick(s, &s->reqs[slot], stamp, &ra, &wait_until);
        if (dep == PICK_WAIT) {
            evq_push(&s->evq, wait_until, EV_ATTEMPT, slot);
            return;
        }
        if (dep == PICK_NONE) {
            if (tries > 0) { /* re-routing found no one else: the last 429 stands */
                sim_client_rejected(s, slot, retry_after);
                return;
            }
            s->res->attempts++;
            s->res->rejected++;
            s->tl_rejected++;
            sim_trace(s, SIM_TRACE_REJECT, slot, -1, ra);
            sim_client_rejected(s, slot, ra);
            return;
        }
        struct sim_dep *d = &s->deps[dep];
        s->res->attempts++;
        if (s->cfg->router.policy == SIM_ROUTE_USAGE_BASED ||
            s->cfg->router.policy == SIM_ROUTE_LATENCY_BASED) {
            minute_roll(s, d);
            d->minute_requests++;
        }
        ra = sim_limits_admit(s, d, &s->reqs[slot]);
        if (ra == 0) {
            sim_dep_admit(s, (uint32_t)dep, slot);
            return;
        }
        sim_dep_touch(s, d);
        d->rejected++;
        d->tl_rejected++;
        s->res->rejected++;
        s->tl_rejected++;
        sim_trace(s, SIM_TRACE_REJECT, slot, dep, ra);
        cooldown_fail(s, d);
        d->tried_stamp = stamp;
        retry_after = ra;
        if (tries >= s->cfg->router.retries) {
            sim_client_rejected(s, slot, ra);
            return;
        }
    }
}

void sim_router_done(struct sim *s, struct sim_dep *d, const struct sim_req *r)
{
    enum sim_routing policy = s->cfg->router.policy;
    if (policy != SIM_ROUTE_USAGE_BASED && policy != SIM_ROUTE_LATENCY_BASED)
        return; /* only these two read what follows */
    minute_roll(s, d);
    d->minute_tokens += r->input + r->output;
    size_t window = s->cfg->router.latency_window;
    double per_token = (s->now - r->admitted_s) / fmax(r->output, 1);
    d->latency[d->lat_next] = per_token;
    d->lat_next = (d->lat_next + 1) % window;
    if (d->lat_len < window)
        d->lat_len++;
}
