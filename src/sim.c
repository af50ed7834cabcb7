/*
 * sim: defaults, validation, the event loop and the results of one
 * replication.  The loop takes, at each step, the earliest of the event
 * queue's head and the deployments' next completion (a completion first when
 * they are due at the same time); attempts made at the current instant wait
 * in a FIFO and are routed before time moves on, so that nothing recurses
 * however many calls are lost in a row.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "sim_internal.h"
#include "util.h"

/* More workers than this is a mistake, not a client. */
#define SIM_MAX_WORKERS 10000000u
/* Slower than this, times overflow: tok/s. */
#define SIM_MIN_RATE 1e-6

static const char *const routing_names[SIM_ROUTE_COUNT] = {
    "simple-shuffle", "least-busy", "usage-based", "latency-based", "round-robin",
};

int sim_routing_from_name(const char *name)
{
    for (int i = 0; i < SIM_ROUTE_COUNT; i++)
        if (name && strcmp(name, routing_names[i]) == 0)
            return i;
    return -1;
}

const char *sim_routing_name(enum sim_routing routing)
{
    return (unsigned)routing < SIM_ROUTE_COUNT ? routing_names[routing] : "?";
}

int sim_pattern_from_name(const char *name)
{
    if (name && strcmp(name, "raft") == 0)
        return SIM_PATTERN_RAFT;
    if (name && strcmp(name, "independent") == 0)
        return SIM_PATTERN_INDEPENDENT;
    return -1;
}

const char *sim_pattern_name(enum sim_pattern pattern)
{
    return pattern == SIM_PATTERN_RAFT          ? "raft"
           : pattern == SIM_PATTERN_INDEPENDENT ? "independent"
                                                : "?";
}

void sim_deployment_init(struct sim_deployment *dep)
{
    memset(dep, 0, sizeof *dep);
    dep->limits.window_s = 60;
    dep->limits.kind = SIM_LIMIT_BUCKET;
    dep->limits.cost = SIM_COST_MAX_TOKENS;
}

void sim_config_init(struct sim_config *c)
{
    memset(c, 0, sizeof *c);
    c->job.kind = SIM_JOB_REQUESTS;
    c->job.output_dist = SIM_DIST_NONE;
    c->client.workers = 1;
    c->client.pattern = SIM_PATTERN_RAFT;
    c->client.retry.max = 2;
    c->client.retry.initial_s = 0.5;
    c->client.retry.max_delay_s = 8;
    c->client.retry.jitter = 0.25;
    c->client.retry.retry_after_max_s = 60;
    c->router.policy = SIM_ROUTE_SIMPLE_SHUFFLE;
    c->router.allowed_fails = 3;
    c->router.cooldown_s = 5;
    c->router.retries = 0;
    c->router.latency_window = 10;
    c->seed = 1;
    c->hooks.timeline_step_s = 60;
}

void sim_result_release(struct sim_result *r)
{
    if (!r)
        return;
    free(r->deployments);
    r->deployments = NULL;
    r->ndeployments = 0;
}

unsigned long sim_stream_seed(uint64_t seed, uint64_t replication)
{
    /* splitmix64 of the seed, xor the replication, and splitmix64 again */
    uint64_t z = seed;
    for (int round = 0; round < 2; round++) {
        z += 0x9e3779b97f4a7c15u;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        if (round == 0)
            z ^= replication * 0xd1b54a32d192ed03u;
    }
    /* MT19937 takes 32 bits; 0 would select its default seed. */
    unsigned long s = (unsigned long)(z & 0xffffffffu);
    return s ? s : 1;
}

unsigned long sim_config_stream_seed(const struct sim_config *cfg)
{
    return cfg->stream_seed ? cfg->stream_seed : sim_stream_seed(cfg->seed, cfg->replication);
}

/* --- validation --- */

static int bad_number(double x)
{
    return !(x >= 0) || isinf(x);
}

static int check_call(const struct sim_call *c, const char *what, struct diag *d)
{
    if (bad_number(c->input_tokens) || bad_number(c->output_tokens) || bad_number(c->max_tokens)) {
        diag_plain(d, "simulation: the %s call's tokens must be finite and not negative", what);
        return -1;
    }
    return 0;
}

static int check_deployment(const struct sim_deployment *p, size_t i, struct diag *d)
{
    char label[64];
    if (p->name)
        snprintf(label, sizeof label, "'%.50s'", p->name);
    else
        snprintf(label, sizeof label, "#%zu", i + 1);
    const double nums[] = {p->throughput_tok_s, p->stream_tok_s, p->ttft_s,       p->provisioning_s,
                           p->teardown_s,       p->per_hour,     p->input_per_1k, p->output_per_1k,
                           p->weight,           p->limits.tpm,   p->limits.rpm};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
        if (bad_number(nums[k])) {
            diag_plain(d,
                       "simulation: deployment %s has a number that is negative, NaN or infinite",
                       label);
            return -1;
        }
    if ((p->throughput_tok_s > 0 && p->throughput_tok_s < SIM_MIN_RATE) ||
        (p->stream_tok_s > 0 && p->stream_tok_s < SIM_MIN_RATE)) {
        diag_plain(d, "simulation: deployment %s is slower than a millionth of a token a second",
                   label);
        return -1;
    }
    int shared = p->throughput_tok_s > 0 || p->rate_tok_s;
    int stream = p->stream_tok_s > 0;
    if (!shared && !stream) {
        diag_plain(d,
                   "simulation: deployment %s needs a throughput, a throughput curve or a "
                   "per-stream speed",
                   label);
        return -1;
    }
    if (stream + (p->throughput_tok_s > 0) + (p->rate_tok_s != NULL) > 1) {
        diag_plain(d,
                   "simulation: deployment %s has more than one of throughput, throughput curve "
                   "and per-stream speed",
                   label);
        return -1;
    }
    if (!(p->limits.window_s > 0) || isinf(p->limits.window_s)) {
        diag_plain(d, "simulation: deployment %s needs a positive limit window", label);
        return -1;
    }
    if (!(p->limits.reject_share >= 0 && p->limits.reject_share <= 1)) {
        diag_plain(d, "simulation: deployment %s needs a share of random 429s from 0 to 1", label);
        return -1;
    }
    if ((unsigned)p->limits.kind > SIM_LIMIT_SLIDING ||
        (unsigned)p->limits.cost > SIM_COST_ACTUAL) {
        diag_plain(d, "simulation: deployment %s has an unknown kind of limit", label);
        return -1;
    }
    return sim_preempt_check(p, label, d);
}

int sim_validate(const struct sim_config *c, struct diag *d)
{
    if (!c->deployments || c->ndeployments == 0) {
        diag_plain(d, "simulation: no deployment to serve the requests");
        return -1;
    }
    if (c->ndeployments > UINT32_MAX / 2) {
        diag_plain(d, "simulation: too many deployments (%zu)", c->ndeployments);
        return -1;
    }
    for (size_t i = 0; i < c->ndeployments; i++)
        if (check_deployment(&c->deployments[i], i, d) != 0)
            return -1;
    const struct sim_job *job = &c->job;
    if (job->kind == SIM_JOB_RAFT) {
        if (job->questions == 0) {
            diag_plain(d, "simulation: a RAFT job needs at least one question per chunk");
            return -1;
        }
        if (check_call(&job->question, "question", d) || check_call(&job->answer, "answer", d))
            return -1;
    } else if (job->kind == SIM_JOB_REQUESTS) {
        if (check_call(&job->request, "request", d))
            return -1;
    } else {
        diag_plain(d, "simulation: unknown kind of job");
        return -1;
    }
    if ((unsigned)job->output_dist > SIM_DIST_EXPONENTIAL || bad_number(job->output_cv)) {
        diag_plain(d, "simulation: the output distribution needs a known kind and a cv >= 0");
        return -1;
    }
    const struct sim_client *cl = &c->client;
    double rate = cl->arrival_rate_s;
    if (!(rate >= 0) || isinf(rate)) {
        diag_plain(d, "simulation: the arrival rate must be finite and not negative");
        return -1;
    }
    if (rate > 0 && job->kind != SIM_JOB_REQUESTS) {
        diag_plain(d,
                   "simulation: open-loop arrivals need a job of plain requests, not a RAFT job");
        return -1;
    }
    if (rate == 0 && cl->workers == 0) {
        diag_plain(d, "simulation: the client needs at least one worker");
        return -1;
    }
    if (cl->workers > SIM_MAX_WORKERS) {
        diag_plain(d, "simulation: %u workers is more than the %u a client may have", cl->workers,
                   SIM_MAX_WORKERS);
        return -1;
    }
    if ((unsigned)cl->pattern > SIM_PATTERN_INDEPENDENT) {
        diag_plain(d, "simulation: unknown client pattern");
        return -1;
    }
    const struct sim_retry *rt = &cl->retry;
    /* A backoff of 0 would retry a refused call at the same instant forever. */
    if (bad_number(rt->initial_s) || bad_number(rt->max_delay_s) || !(rt->initial_s > 0) ||
        !(rt->max_delay_s > 0) || bad_number(rt->retry_after_max_s) ||
        !(rt->jitter >= 0 && rt->jitter < 1)) {
        diag_plain(d, "simulation: retry delays must be positive and finite, and jitter at least "
                      "0 and below 1");
        return -1;
    }
    const struct sim_router *ro = &c->router;
    if ((unsigned)ro->policy >= SIM_ROUTE_COUNT) {
        diag_plain(d, "simulation: unknown routing policy");
        return -1;
    }
    if (bad_number(ro->cooldown_s) || ro->latency_window == 0) {
        diag_plain(d, "simulation: the router needs a cooldown >= 0 and a latency window >= 1");
        return -1;
    }
    if (c->hooks.timeline && (!(c->hooks.timeline_step_s > 0) || isinf(c->hooks.timeline_step_s))) {
        diag_plain(d, "simulation: the timeline needs a positive step");
        return -1;
    }
    return 0;
}

/* --- helpers shared by the simulation's files --- */

uint32_t sim_req_alloc(struct sim *s)
{
    uint32_t slot = s->free_head;
    if (slot == SIM_NONE) {
        if (s->nreqs == s->cap_reqs) {
            s->cap_reqs = s->cap_reqs ? 2 * s->cap_reqs : 64;
            s->reqs = xrealloc(s->reqs, s->cap_reqs * sizeof *s->reqs);
        }
        slot = (uint32_t)s->nreqs++;
    } else {
        s->free_head = s->reqs[slot].next_free;
    }
    s->reqs[slot].orphan = 0;
    if (++s->live > s->peak_live)
        s->peak_live = s->live;
    return slot;
}

void sim_req_free(struct sim *s, uint32_t slot)
{
    s->reqs[slot].next_free = s->free_head;
    s->reqs[slot].dep = SIM_NONE; /* a preemption looks for the requests still at a deployment */
    s->free_head = slot;
    s->live--;
}

void sim_nowq_push(struct sim *s, uint32_t slot)
{
    if (s->nowq_len == s->nowq_cap) {
        size_t cap = s->nowq_cap ? 2 * s->nowq_cap : 64;
        uint32_t *ring = xmalloc(cap * sizeof *ring);
        for (size_t k = 0; k < s->nowq_len; k++)
            ring[k] = s->nowq[(s->nowq_head + k) & (s->nowq_cap - 1)];
        free(s->nowq);
        s->nowq = ring;
        s->nowq_head = 0;
        s->nowq_cap = cap;
    }
    s->nowq[(s->nowq_head + s->nowq_len++) & (s->nowq_cap - 1)] = slot;
}

void sim_trace(struct sim *s, enum sim_trace_kind kind, uint32_t slot, int dep, double retry_after)
{
    const struct sim_hooks *h = &s->cfg->hooks;
    if (!h->trace)
        return;
    const struct sim_req *r = &s->reqs[slot];
    struct sim_trace t = {
        kind,      s->now,         dep,         r->call,    (enum sim_call_kind)r->kind, r->input,
        r->output, r->cost_tokens, retry_after, r->issued_s};
    h->trace(h->trace_ctx, &t);
}

void sim_fail(struct sim *s, const char *fmt, ...)
{
    if (s->failed)
        return;
    s->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_plain(s->d, "simulation: %s", msg);
    free(msg);
}

/* --- timeline --- */

static void timeline_emit(struct sim *s)
{
    const struct sim_hooks *h = &s->cfg->hooks;
    double len = s->now - s->tick_start_s;
    for (size_t i = 0; i < s->ndeps; i++) {
        struct sim_dep *d = &s->deps[i];
        sim_dep_touch(s, d);
        struct sim_timeline_deployment *t = &s->tl_buf[i];
        t->output_tokens = d->tl_tokens;
        t->tok_s = len > 0 ? d->tl_tokens / len : 0;
        t->mean_in_flight = len > 0 ? d->tl_in_flight_s / len : 0;
        t->completed = d->tl_completed;
        t->rejected = d->tl_rejected;
        d->tl_tokens = d->tl_in_flight_s = 0;
        d->tl_completed = d->tl_rejected = 0;
    }
    struct sim_timeline_step step = {s->tick_start_s, s->now,   s->tl_rejected, s->tl_retries,
                                     s->tl_lost,      s->ndeps, s->tl_buf};
    h->timeline(h->timeline_ctx, &step);
    s->tl_rejected = s->tl_retries = s->tl_lost = 0;
    s->tick_start_s = s->now;
}

/* --- the loop --- */

static void handle(struct sim *s, const struct evq_event *e)
{
    switch (e->kind) {
    case EV_ATTEMPT:
        sim_attempt(s, e->arg);
        break;
    case EV_TTFT:
        if (!sim_preempt_stale(s, e->arg))
            sim_dep_first_token(s, e->arg);
        break;
    case EV_STREAM_DONE:
        if (!sim_preempt_stale(s, e->arg))
            sim_dep_stream_done(s, e->arg);
        break;
    case EV_PREEMPT:
        sim_preempt_event(s, e->arg);
        break;
    case EV_ARRIVAL:
        sim_client_arrival(s);
        break;
    case EV_TICK: {
        timeline_emit(s);
        uint64_t k = (uint64_t)llround(s->now / s->cfg->hooks.timeline_step_s);
        evq_push(&s->evq, (double)(k + 1) * s->cfg->hooks.timeline_step_s, EV_TICK, 0);
        break;
    }
    }
}

static void run_loop(struct sim *s)
{
    while (!s->failed) {
        while (s->nowq_len && !s->failed) {
            uint32_t slot = s->nowq[s->nowq_head];
            s->nowq_head = (s->nowq_head + 1) & (s->nowq_cap - 1);
            s->nowq_len--;
            sim_attempt(s, slot);
        }
        if (s->failed)
            break;
        uint32_t dep;
        double t_done = sim_next_completion(s, &dep);
        const struct evq_event *top = evq_peek(&s->evq);
        size_t pending = evq_count(&s->evq) - (size_t)s->tick_pending - s->preempt_background;
        if (pending == 0 && isinf(t_done))
            break;
        if (!top || t_done <= top->time) {
            s->now = t_done;
            sim_dep_complete(s, dep);
            s->events++;
            continue;
        }
        struct evq_event e;
        evq_pop(&s->evq, &e);
        s->now = e.time;
        handle(s, &e);
        if (e.kind != EV_TICK)
            s->events++;
    }
}

static void fill_results(struct sim *s)
{
    struct sim_result *res = s->res;
    const struct sim_config *cfg = s->cfg;
    double wall = s->now;
    res->wall_s = wall;
    res->events = s->events;
    res->seed = cfg->seed;
    res->replication = cfg->replication;
    res->peak_requests = s->peak_live;
    res->tok_s = wall > 0 ? res->output_tokens / wall : 0;
    sim_hist_summary(&s->latency, &res->latency);
    sim_hist_summary(&s->ttft, &res->ttft);
    res->ndeployments = s->ndeps;
    res->deployments = xcalloc(s->ndeps, sizeof *res->deployments);
    res->cost = 0;
    for (size_t i = 0; i < s->ndeps; i++) {
        struct sim_dep *d = &s->deps[i];
        const struct sim_deployment *c = d->cfg;
        struct sim_deployment_result *o = &res->deployments[i];
        sim_dep_touch(s, d);
        o->name = c->name;
        o->requests = d->requests;
        o->rejected = d->rejected;
        o->input_tokens = d->input_tokens;
        o->output_tokens = d->output_tokens;
        o->ready_s = d->ready_s;
        o->available_s = wall > d->ready_s ? wall - d->ready_s : 0;
        sim_preempt_results(s, d, o);
        o->busy_s = d->busy_s;
        o->utilisation = o->available_s > 0 ? d->busy_s / o->available_s : NAN;
        o->throughput_fraction = NAN;
        if (d->shared && o->available_s > 0) {
            /* The peak of X(n) up to the concurrency the deployment could see. */
            size_t top = c->max_concurrency    ? c->max_concurrency
                         : cfg->client.workers ? cfg->client.workers
                                               : d->peak_in_flight;
            if (top > 100000)
                top = 100000;
            for (size_t n = 1; c->rate_tok_s && n <= top && !s->failed; n++)
                (void)sim_dep_rate(s, d, n);
            if (d->peak_x > 0)
                o->throughput_fraction = d->output_tokens / (d->peak_x * o->available_s);
        }
        o->tok_s = wall > 0 ? d->output_tokens / wall : 0;
        o->peak_in_flight = d->peak_in_flight;
        o->billed_s = c->per_hour > 0 ? wall + c->teardown_s - o->unbilled_s : 0;
        o->cost = d->input_tokens / 1000 * c->input_per_1k +
                  d->output_tokens / 1000 * c->output_per_1k + c->per_hour * o->billed_s / 3600;
        res->cost += o->cost;
    }
}

int sim_run(const struct sim_config *cfg, struct sim_result *res, struct diag *d)
{
    memset(res, 0, sizeof *res);
    if (sim_validate(cfg, d) != 0)
        return -1;
    struct sim s;
    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    s.d = d;
    s.res = res;
    s.free_head = SIM_NONE;
    s.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s.rng)
        abort();
    gsl_rng_set(s.rng, sim_config_stream_seed(cfg));
    evq_init(&s.evq);
    sim_hist_init(&s.latency);
    sim_hist_init(&s.ttft);
    sim_server_init(&s);
    sim_preempt_init(&s);
    sim_client_init(&s);
    if (cfg->hooks.timeline) {
        s.tl_buf = xcalloc(s.ndeps, sizeof *s.tl_buf);
        evq_push(&s.evq, cfg->hooks.timeline_step_s, EV_TICK, 0);
        s.tick_pending = 1;
    }
    sim_client_start(&s);
    run_loop(&s);
    if (!s.failed) {
        if (cfg->hooks.timeline && s.now > s.tick_start_s)
            timeline_emit(&s);
        fill_results(&s);
    }
    int status = s.failed ? -1 : 0; /* a curve may fail even while filling the results */
    if (s.failed) {
        sim_result_release(res);
        memset(res, 0, sizeof *res);
    }
    sim_client_release(&s);
    sim_preempt_release(&s);
    sim_server_release(&s);
    sim_hist_release(&s.latency);
    sim_hist_release(&s.ttft);
    evq_release(&s.evq);
    gsl_rng_free(s.rng);
    free(s.reqs);
    free(s.nowq);
    free(s.tl_buf);
    return status;
}
