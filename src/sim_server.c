/*
 * sim_server: how a deployment serves the requests it admitted.
 *
 * An admitted request waits in a FIFO queue while max_concurrency requests
 * are in service, then spends ttft_s in prefill, then decodes its output
 * tokens.  Shared service is processor sharing: the n requests in decode
 * share X(n), each decoding at X(n) / n.  A virtual clock V counts the
 * tokens each stream in decode has received since the deployment was last
 * idle; a request entering decode with k tokens to go gets the finish tag
 * V + k, and the smallest tag finishes first, at now + (tag - V) * n / X(n).
 * Arrivals and departures change n, hence the speed of V, never the tags: an
 * event costs O(log n) (the tag heap) plus O(log D) (the heap of the
 * deployments' next completions).  Per-stream service is an infinite
 * server: each request finishes stream_tok_s after its first token, an
 * event in the queue.
 *
 * Accounting (busy time, tokens decoded, requests in flight) is integrated
 * between state changes by sim_dep_touch, which every change calls first;
 * X(n) and X(n) / n are kept from the last change of n (ps_reschedule, which
 * every change of the streams ends with).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "util.h"

/* --- the heap of deployments by next completion (time, then index) --- */

static int done_before(const struct sim *s, uint32_t a, uint32_t b)
{
    double ta = s->deps[a].next_done_s, tb = s->deps[b].next_done_s;
    return ta < tb || (ta == tb && a < b);
}

static void done_place(struct sim *s, size_t i, uint32_t dep)
{
    s->done_heap[i] = dep;
    s->deps[dep].heap_pos = i;
}

static void done_fix(struct sim *s, uint32_t dep)
{
    size_t i = s->deps[dep].heap_pos, n = s->ndeps;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!done_before(s, dep, s->done_heap[parent]))
            break;
        done_place(s, i, s->done_heap[parent]);
        i = parent;
    }
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && done_before(s, s->done_heap[child + 1], s->done_heap[child]))
            child++;
        if (!done_before(s, s->done_heap[child], dep))
            break;
        done_place(s, i, s->done_heap[child]);
        i = child;
    }
    done_place(s, i, dep);
}

double sim_next_completion(const struct sim *s, uint32_t *dep)
{
    *dep = s->done_heap[0];
    return s->deps[*dep].next_done_s;
}

/* --- throughput --- */

const struct sim_rate *sim_dep_rate(struct sim *s, struct sim_dep *d, size_t n)
{
    if (n < d->nrates && !isnan(d->rates[n].x))
        return &d->rates[n];
    if (n >= d->nrates) {
        size_t cap = d->nrates ? d->nrates : 64;
        while (cap <= n)
            cap *= 2;
        d->rates = xrealloc(d->rates, cap * sizeof *d->rates);
        for (size_t i = d->nrates; i < cap; i++)
            d->rates[i].x = NAN;
        d->nrates = cap;
    }
    const struct sim_deployment *c = d->cfg;
    double x = c->rate_tok_s ? c->rate_tok_s(c->rate_ctx, (double)n) : c->throughput_tok_s;
    if (!(x > 0) || !isfinite(x) || !isfinite((double)n / x)) {
        sim_fail(
            s,
            "deployment '%s': the throughput at %zu requests in decode is %g tok/s; it must be "
            "positive",
            c->name ? c->name : "?", n, x);
        x = 1; /* keeps the arithmetic finite until the loop stops */
    }
    struct sim_rate *r = &d->rates[n];
    r->x = x;
    r->per_stream = x / (double)n;
    r->inv = (double)n / x;
    if (x > d->peak_x)
        d->peak_x = x;
    return r;
}

/* --- setup --- */

int sim_server_init(struct sim *s)
{
    const struct sim_config *cfg = s->cfg;
    s->ndeps = cfg->ndeployments;
    s->deps = xcalloc(s->ndeps, sizeof *s->deps);
    s->done_heap = xmalloc(s->ndeps * sizeof *s->done_heap);
    for (size_t i = 0; i < s->ndeps; i++) {
        struct sim_dep *d = &s->deps[i];
        const struct sim_deployment *c = &cfg->deployments[i];
        d->cfg = c;
        d->shared = !(c->stream_tok_s > 0);
        d->has_limits = c->limits.tpm > 0 || c->limits.rpm > 0 || c->limits.concurrency > 0 ||
                        c->limits.reject_share > 0;
        d->ready_s = c->provisioning_s;
        d->next_done_s = INFINITY;
        d->peak_x = c->rate_tok_s ? 0 : c->throughput_tok_s;
        int sliding = c->limits.kind == SIM_LIMIT_SLIDING;
        sim_bucket_init(&d->tpm, c->limits.tpm, c->limits.window_s, sliding);
        sim_bucket_init(&d->rpm, c->limits.rpm, c->limits.window_s, sliding);
        d->last_fail_s = -INFINITY;
        d->cooldown_until_s = -INFINITY;
        d->minute = -1;
        d->latency = xmalloc(cfg->router.latency_window * sizeof *d->latency);
        done_place(s, i, (uint32_t)i);
    }
    return 0;
}

void sim_server_release(struct sim *s)
{
    for (size_t i = 0; s->deps && i < s->ndeps; i++) {
        struct sim_dep *d = &s->deps[i];
        free(d->streams);
        free(d->rates);
        free(d->queue);
        free(d->latency);
        sim_bucket_release(&d->tpm);
        sim_bucket_release(&d->rpm);
    }
    free(s->deps);
    free(s->done_heap);
    s->deps = NULL;
    s->done_heap = NULL;
}

/* --- accounting --- */

void sim_dep_touch(struct sim *s, struct sim_dep *d)
{
    double dt = s->now - d->acct_s;
    if (!(dt > 0))
        return;
    if (d->in_service)
        d->busy_s += dt;
    if (d->shared) {
        d->vclock += dt * d->per_stream;
        d->tl_tokens += dt * d->x_now;
    } else {
        d->tl_tokens += dt * (double)d->ndecoding * d->cfg->stream_tok_s;
    }
    d->tl_in_flight_s += dt * (double)d->in_flight;
    d->acct_s = s->now;
}

/* --- processor sharing --- */

static int stream_before(const struct sim_stream *a, const struct sim_stream *b)
{
    return a->tag < b->tag || (a->tag == b->tag && a->call < b->call);
}

static void stream_push(struct sim_dep *d, struct sim_stream e)
{
    if (d->nstreams == d->cap_streams) {
        d->cap_streams = d->cap_streams ? 2 * d->cap_streams : 16;
        d->streams = xrealloc(d->streams, d->cap_streams * sizeof *d->streams);
    }
    size_t i = d->nstreams++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!stream_before(&e, &d->streams[parent]))
            break;
        d->streams[i] = d->streams[parent];
        i = parent;
    }
    d->streams[i] = e;
}

static struct sim_stream stream_pop(struct sim_dep *d)
{
    struct sim_stream top = d->streams[0];
    struct sim_stream last = d->streams[--d->nstreams];
    size_t n = d->nstreams, i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && stream_before(&d->streams[child + 1], &d->streams[child]))
            child++;
        if (!stream_before(&d->streams[child], &last))
            break;
        d->streams[i] = d->streams[child];
        i = child;
    }
    if (n > 0)
        d->streams[i] = last;
    return top;
}

/* Recomputes the next completion; the deployment was touched at now. */
static void ps_reschedule(struct sim *s, struct sim_dep *d)
{
    uint32_t dep = (uint32_t)(d - s->deps);
    if (d->nstreams == 0) {
        d->vclock = 0; /* idle: restart the clock, keeping its numbers small */
        d->x_now = d->per_stream = 0;
        d->next_done_s = INFINITY;
    } else {
        const struct sim_rate *rate = sim_dep_rate(s, d, d->nstreams);
        d->x_now = rate->x;
        d->per_stream = rate->per_stream;
        double left = d->streams[0].tag - d->vclock;
        d->next_done_s = s->now + (left > 0 ? left * rate->inv : 0);
    }
    done_fix(s, dep);
}

void sim_dep_reschedule(struct sim *s, struct sim_dep *d)
{
    ps_reschedule(s, d);
}

/* --- a request's life at the deployment --- */

static void start_service(struct sim *s, struct sim_dep *d, uint32_t slot)
{
    d->in_service++;
    double ttft = d->cfg->ttft_s;
    if (ttft > 0)
        evq_push(&s->evq, s->now + ttft, EV_TTFT, slot);
    else
        sim_dep_first_token(s, slot);
}

void sim_dep_admit(struct sim *s, uint32_t dep, uint32_t slot)
{
    struct sim_dep *d = &s->deps[dep];
    struct sim_req *r = &s->reqs[slot];
    sim_dep_touch(s, d);
    r->dep = dep;
    r->admitted_s = s->now;
    d->in_flight++;
    if (d->in_flight > d->peak_in_flight)
        d->peak_in_flight = d->in_flight;
    sim_trace(s, SIM_TRACE_ADMIT, slot, (int)dep, -1);
    unsigned cap = d->cfg->max_concurrency;
    if (cap && d->in_service >= cap) {
        if (d->q_len == d->q_cap) {
            size_t ncap = d->q_cap ? 2 * d->q_cap : 16;
            uint32_t *q = xmalloc(ncap * sizeof *q);
            for (size_t k = 0; k < d->q_len; k++)
                q[k] = d->queue[(d->q_head + k) & (d->q_cap - 1)];
            free(d->queue);
            d->queue = q;
            d->q_head = 0;
            d->q_cap = ncap;
        }
        d->queue[(d->q_head + d->q_len++) & (d->q_cap - 1)] = slot;
        return;
    }
    start_service(s, d, slot);
}

void sim_dep_first_token(struct sim *s, uint32_t slot)
{
    struct sim_req *r = &s->reqs[slot];
    struct sim_dep *d = &s->deps[r->dep];
    sim_dep_touch(s, d);
    r->first_token_s = s->now;
    if (d->shared) {
        struct sim_stream e = {d->vclock + r->output, r->call, slot};
        stream_push(d, e);
        ps_reschedule(s, d);
    } else {
        d->ndecoding++;
        evq_push(&s->evq, s->now + r->output / d->cfg->stream_tok_s, EV_STREAM_DONE, slot);
    }
}

/* The request decoded its last token: free its place, start the next. */
static void finish(struct sim *s, struct sim_dep *d, uint32_t slot)
{
    struct sim_req *r = &s->reqs[slot];
    d->in_service--;
    d->in_flight--;
    d->requests++;
    d->input_tokens += r->input;
    d->output_tokens += r->output;
    d->tl_completed++;
    sim_router_done(s, d, r);
    sim_trace(s, SIM_TRACE_DONE, slot, (int)r->dep, -1);
    if (d->q_len && !(d->cfg->max_concurrency && d->in_service >= d->cfg->max_concurrency)) {
        uint32_t next = d->queue[d->q_head];
        d->q_head = (d->q_head + 1) & (d->q_cap - 1);
        d->q_len--;
        start_service(s, d, next);
    }
    sim_client_finished(s, slot);
}

void sim_dep_stream_done(struct sim *s, uint32_t slot)
{
    struct sim_dep *d = &s->deps[s->reqs[slot].dep];
    sim_dep_touch(s, d);
    d->ndecoding--;
    finish(s, d, slot);
}

void sim_dep_complete(struct sim *s, uint32_t dep)
{
    struct sim_dep *d = &s->deps[dep];
    sim_dep_touch(s, d);
    /* Every stream whose tag the clock has reached (ties, rounding) goes. */
    struct sim_stream first = stream_pop(d);
    if (first.tag > d->vclock)
        d->vclock = first.tag;
    double reach = d->vclock + 1e-9 * fmax(1.0, fabs(d->vclock));
    size_t ndone = 0;
    uint32_t *done = NULL, small[16];
    done = small;
    size_t cap = 16;
    done[ndone++] = first.req;
    while (d->nstreams && d->streams[0].tag <= reach) {
        if (ndone == cap) {
            uint32_t *bigger = xmalloc(2 * cap * sizeof *bigger);
            memcpy(bigger, done, ndone * sizeof *done);
            if (done != small)
                free(done);
            done = bigger;
            cap *= 2;
        }
        done[ndone++] = stream_pop(d).req;
    }
    for (size_t i = 0; i < ndone; i++)
        finish(s, d, done[i]);
    if (done != small)
        free(done);
    ps_reschedule(s, d);
}
