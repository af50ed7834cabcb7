/*
 * sim_preempt: spot instances that the cloud takes back.
 *
 * A deployment with preemption.mean_interval_s > 0 is preempted after an
 * interval of serving: an exponential draw of that mean (preemptions as a
 * Poisson process while the instance runs), or exactly the mean with
 * SIM_PREEMPT_FIXED.  The draws come from the deployment's own GSL
 * generator, seeded from (seed, replication, deployment), so that neither
 * the number of threads nor the other deployments' draws move them.  The
 * first interval starts when the deployment first serves (after its
 * provisioning), each next one when it serves again.
 *
 * At a preemption every request admitted there (queued, in prefill or in
 * decode) goes back to the router at once as a fresh attempt.  It is not a
 * retry: the call did not fail, its server went away, so it costs nothing
 * of the client's retry budget.  What it had decoded there is thrown away
 * (rerun_tokens).  The deployment serves again after wait_s, when there is
 * no VM (the cloud has no spot capacity yet; not billed), and restart_s,
 * while the replacement boots and loads the model (billed: the clouds
 * bill a VM from when it runs, and not while it is evicted).
 *
 * A request in prefill, or in per-stream decode, has an event in the queue
 * that cannot be taken out.  It moves to a fresh slot; the old slot stays
 * an orphan until its event comes and frees it (sim_preempt_stale).  The
 * loop does not wait for the preemptions to come or the orphans' events
 * (struct sim's preempt_background) to decide that the job is over.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim_internal.h"
#include "util.h"

/* A deployment preempted more often than this cannot finish its calls between preemptions. */
#define SIM_MAX_PREEMPTIONS 100000u

unsigned long sim_preempt_seed(uint64_t seed, uint64_t replication, uint64_t deployment)
{
    /* splitmix64 rounds over (seed, replication, deployment), apart from sim_stream_seed's */
    uint64_t z = seed ^ 0x5bd1e9955bd1e995u;
    const uint64_t mix[3] = {replication * 0xd1b54a32d192ed03u, deployment * 0x8cb92ba72f3d8dd7u,
                             0};
    for (int round = 0; round < 3; round++) {
        z += 0x9e3779b97f4a7c15u;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        z ^= mix[round];
    }
    unsigned long s = (unsigned long)(z & 0xffffffffu);
    return s ? s : 1;
}

int sim_preempt_check(const struct sim_deployment *p, const char *label, struct diag *d)
{
    const struct sim_preemption *pr = &p->preemption;
    const double nums[] = {pr->mean_interval_s, pr->wait_s, pr->restart_s};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
        if (!(nums[k] >= 0) || isinf(nums[k])) {
            diag_plain(d,
                       "simulation: deployment %s has a preemption time that is negative, NaN or "
                       "infinite",
                       label);
            return -1;
        }
    if ((unsigned)pr->dist > SIM_PREEMPT_FIXED) {
        diag_plain(d, "simulation: deployment %s has an unknown preemption distribution", label);
        return -1;
    }
    return 0;
}

/* The next interval of serving before a preemption. */
static double interval(struct sim_dep *d)
{
    const struct sim_preemption *p = &d->cfg->preemption;
    if (p->dist == SIM_PREEMPT_FIXED)
        return p->mean_interval_s;
    return gsl_ran_exponential(d->preempt_rng, p->mean_interval_s);
}

void sim_preempt_init(struct sim *s)
{
    for (size_t i = 0; i < s->ndeps; i++) {
        struct sim_dep *d = &s->deps[i];
        if (!(d->cfg->preemption.mean_interval_s > 0))
            continue;
        /* taus2: GSL's small generator, so that thousands of instances stay cheap. */
        d->preempt_rng = gsl_rng_alloc(gsl_rng_taus2);
        if (!d->preempt_rng)
            abort();
        gsl_rng_set(d->preempt_rng, sim_preempt_seed(s->cfg->seed, s->cfg->replication, i));
        evq_push(&s->evq, d->ready_s + interval(d), EV_PREEMPT, (uint32_t)i);
        s->preempt_background++;
    }
}

void sim_preempt_release(struct sim *s)
{
    for (size_t i = 0; s->deps && i < s->ndeps; i++) {
        gsl_rng_free(s->deps[i].preempt_rng);
        s->deps[i].preempt_rng = NULL;
    }
}

int sim_preempt_stale(struct sim *s, uint32_t slot)
{
    if (!s->reqs[slot].orphan)
        return 0;
    sim_req_free(s, slot);
    s->preempt_background--;
    return 1;
}

/* A request taken off a preempted deployment. */
struct evicted {
    uint32_t slot;
    uint64_t call;
    double tokens; /* output decoded there */
    int queued;    /* an event of it is still in the queue */
};

static int by_call(const void *a, const void *b)
{
    uint64_t x = ((const struct evicted *)a)->call, y = ((const struct evicted *)b)->call;
    return x < y ? -1 : x > y;
}

static void take(struct sim *s, struct evicted *list, size_t *n, uint32_t slot, double tokens,
                 int queued)
{
    struct sim_req *r = &s->reqs[slot];
    double kept = tokens < 0 ? 0 : tokens > r->output ? r->output : tokens;
    list[(*n)++] = (struct evicted){slot, r->call, kept, queued};
    r->dep = SIM_NONE; /* taken: the scan for the others does not find it again */
}

/* Sends one evicted request back to the router; a slot with a queued event stays an orphan. */
static void rerun(struct sim *s, const struct evicted *e)
{
    uint32_t slot = e->slot;
    if (e->queued) {
        uint32_t fresh = sim_req_alloc(s); /* may move s->reqs */
        s->reqs[fresh] = s->reqs[slot];
        s->reqs[slot].orphan = 1;
        s->preempt_background++;
        slot = fresh;
    }
    struct sim_req *r = &s->reqs[slot];
    r->orphan = 0;
    r->dep = SIM_NONE;
    r->admitted_s = r->first_token_s = NAN;
    r->cost_tokens = 0;
    sim_nowq_push(s, slot);
}

void sim_preempt_event(struct sim *s, uint32_t dep)
{
    struct sim_dep *d = &s->deps[dep];
    const struct sim_preemption *p = &d->cfg->preemption;
    if (d->preemptions >= SIM_MAX_PREEMPTIONS) {
        sim_fail(s,
                 "deployment '%s' was preempted %u times: its calls cannot finish between "
                 "preemptions (a longer mean interval, or a shorter restart)",
                 d->cfg->name ? d->cfg->name : "?", SIM_MAX_PREEMPTIONS);
        return;
    }
    sim_dep_touch(s, d);
    size_t n = 0, cap = d->in_flight ? d->in_flight : 1;
    struct evicted *list = xmalloc(cap * sizeof *list);
    /* Waiting in its queue, then in decode sharing its throughput: no event of theirs queued. */
    for (size_t k = 0; k < d->q_len && n < cap; k++)
        take(s, list, &n, d->queue[(d->q_head + k) & (d->q_cap - 1)], 0, 0);
    for (size_t k = 0; d->shared && k < d->nstreams && n < cap; k++) {
        const struct sim_stream *st = &d->streams[k];
        take(s, list, &n, st->req, s->reqs[st->req].output - (st->tag - d->vclock), 0);
    }
    /* The others are in prefill or decode at their own speed, each with its event queued. */
    for (size_t i = 0; i < s->nreqs && n < cap; i++) {
        const struct sim_req *r = &s->reqs[i];
        if (r->dep != dep || r->orphan)
            continue;
        double tokens = !d->shared && !isnan(r->first_token_s)
                            ? (s->now - r->first_token_s) * d->cfg->stream_tok_s
                            : 0;
        take(s, list, &n, (uint32_t)i, tokens, 1);
    }
    if (n != d->in_flight) {
        free(list);
        sim_fail(s, "deployment '%s': %zu requests found at a preemption, %u admitted there",
                 d->cfg->name ? d->cfg->name : "?", n, d->in_flight);
        return;
    }
    d->in_service = d->in_flight = d->ndecoding = 0;
    d->nstreams = 0;
    d->q_head = d->q_len = 0;
    sim_dep_reschedule(s, d);
    /* Back to the router in the order the calls were made. */
    qsort(list, n, sizeof *list, by_call);
    for (size_t k = 0; k < n; k++) {
        d->rerun_tokens += list[k].tokens;
        rerun(s, &list[k]);
    }
    free(list);
    d->preemptions++;
    d->rerun_requests += n;
    d->last_preempt_s = s->now;
    d->down_until_s = s->now + p->wait_s + p->restart_s;
    d->down_s += p->wait_s + p->restart_s;
    d->unbilled_s += p->wait_s;
    evq_push(&s->evq, d->down_until_s + interval(d), EV_PREEMPT, dep);
}

void sim_preempt_results(struct sim *s, struct sim_dep *d, struct sim_deployment_result *o)
{
    if (!d->preempt_rng)
        return;
    const struct sim_preemption *p = &d->cfg->preemption;
    double wall = s->now, down = d->down_s, unbilled = d->unbilled_s;
    /* A downtime still running when the job ends counts up to the end. */
    if (d->preemptions && d->down_until_s > wall) {
        down -= d->down_until_s - wall;
        double wait_end = d->last_preempt_s + p->wait_s;
        if (wait_end > wall)
            unbilled -= wait_end - wall;
    }
    o->preemptions = d->preemptions;
    o->rerun_requests = d->rerun_requests;
    o->rerun_tokens = d->rerun_tokens;
    o->down_s = down;
    o->unbilled_s = unbilled;
    o->down_cost = d->cfg->per_hour * (down - unbilled) / 3600;
    o->available_s = o->available_s > down ? o->available_s - down : 0;
    s->res->preemptions += d->preemptions;
    s->res->rerun_requests += d->rerun_requests;
}
