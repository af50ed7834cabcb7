/*
 * sim_client: the job and the client that runs it.
 *
 * Calls are made lazily, when a worker is free: a RAFT job is chunks, each
 * a question call and then `questions` answer calls that may start only
 * once the question call finished; a REQUESTS job is plain calls.  Closed
 * loop: at most `workers` calls in flight.  With the raft pattern each worker
 * takes the next chunk and makes its calls one after another; with the
 * independent pattern any ready call goes (answers of finished questions
 * first, then the next chunk's question).  Open loop: calls arrive as a
 * Poisson process and wait for a worker when `workers` is set.
 *
 * A 429 is retried as the OpenAI SDK does (_calculate_retry_timeout in its
 * _base_client.py): a retry-after in (0, retry_after_max_s] is honoured,
 * else the k-th retry waits min(initial * 2^(k-1), max_delay) times
 * 1 - jitter * U[0,1).  A call whose retries are spent is lost; a lost
 * question loses its chunk's answers, which are never made.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "sim_internal.h"
#include "util.h"

static const struct sim_call *call_of(const struct sim_job *job, enum sim_call_kind kind)
{
    return kind == SIM_CALL_QUESTION ? &job->question
           : kind == SIM_CALL_ANSWER ? &job->answer
                                     : &job->request;
}

static int raft_workers(const struct sim *s)
{
    return s->cfg->job.kind == SIM_JOB_RAFT && s->cfg->client.pattern == SIM_PATTERN_RAFT &&
           !(s->cfg->client.arrival_rate_s > 0);
}

int sim_client_init(struct sim *s)
{
    const struct sim_job *job = &s->cfg->job;
    if (raft_workers(s))
        s->workers = xcalloc(s->cfg->client.workers, sizeof *s->workers);
    if (job->output_dist == SIM_DIST_LOGNORMAL) {
        double cv = job->output_cv;
        s->lognormal_sigma = sqrt(log1p(cv * cv));
        /* mu = ln(mean) - sigma^2 / 2 for each call kind, applied at the draw */
        s->lognormal_mu = -s->lognormal_sigma * s->lognormal_sigma / 2;
    }
    return 0;
}

void sim_client_release(struct sim *s)
{
    free(s->workers);
    free(s->ready);
    free(s->waiting);
    s->workers = NULL;
    s->ready = NULL;
    s->waiting = NULL;
}

static double draw_output(struct sim *s, const struct sim_call *c, uint64_t call,
                          enum sim_call_kind kind)
{
    const struct sim_job *job = &s->cfg->job;
    double out = c->output_tokens;
    if (job->output_tokens_fn) {
        out = job->output_tokens_fn(job->output_tokens_ctx, call, kind);
    } else if (out > 0) {
        if (job->output_dist == SIM_DIST_LOGNORMAL && job->output_cv > 0)
            out = gsl_ran_lognormal(s->rng, log(out) + s->lognormal_mu, s->lognormal_sigma);
        else if (job->output_dist == SIM_DIST_EXPONENTIAL)
            out = gsl_ran_exponential(s->rng, out);
    }
    if (!(out > 0)) /* also NaN from a callback */
        out = 0;
    /* Clamped, not redrawn: max_tokens cuts a long answer off, as a server does. */
    if (c->max_tokens > 0 && out > c->max_tokens)
        out = c->max_tokens;
    return out;
}

/* A new call in a fresh slot, not yet issued. */
static uint32_t make_call(struct sim *s, enum sim_call_kind kind, uint64_t chunk, uint32_t worker)
{
    const struct sim_call *c = call_of(&s->cfg->job, kind);
    uint32_t slot = sim_req_alloc(s);
    struct sim_req *r = &s->reqs[slot];
    r->call = s->next_call++;
    r->chunk = chunk;
    r->kind = (uint8_t)kind;
    r->worker = worker;
    r->input = c->input_tokens;
    r->max_tokens = c->max_tokens;
    r->output = draw_output(s, c, r->call, kind);
    r->cost_tokens = 0;
    r->issued_s = s->now;
    r->admitted_s = r->first_token_s = NAN;
    r->retries = 0;
    r->dep = SIM_NONE;
    s->res->calls++;
    return slot;
}

static void issue(struct sim *s, uint32_t slot)
{
    s->in_flight++;
    sim_nowq_push(s, slot);
}

/* RAFT pattern: the worker's next call, or nothing when the job is done. */
static void worker_next(struct sim *s, uint32_t w)
{
    struct sim_worker *wk = &s->workers[w];
    const struct sim_job *job = &s->cfg->job;
    if (wk->active && wk->answers_made < job->questions) {
        wk->answers_made++;
        issue(s, make_call(s, SIM_CALL_ANSWER, wk->chunk, w));
        return;
    }
    if (s->next_chunk < job->chunks) {
        wk->chunk = s->next_chunk++;
        wk->answers_made = 0;
        wk->active = 1;
        issue(s, make_call(s, SIM_CALL_QUESTION, wk->chunk, w));
        return;
    }
    wk->active = 0;
}

/* Independent pattern and REQUESTS jobs: fill the free workers. */
static void dispatch(struct sim *s)
{
    const struct sim_job *job = &s->cfg->job;
    unsigned workers = s->cfg->client.workers;
    while (s->in_flight < workers) {
        if (job->kind == SIM_JOB_REQUESTS) {
            if (s->requests_made >= job->requests)
                return;
            s->requests_made++;
            issue(s, make_call(s, SIM_CALL_REQUEST, 0, 0));
        } else if (s->ready_len) {
            struct sim_ready *front = &s->ready[s->ready_head];
            uint64_t chunk = front->chunk;
            if (--front->left == 0) {
                s->ready_head = (s->ready_head + 1) & (s->ready_cap - 1);
                s->ready_len--;
            }
            issue(s, make_call(s, SIM_CALL_ANSWER, chunk, 0));
        } else if (s->next_chunk < job->chunks) {
            issue(s, make_call(s, SIM_CALL_QUESTION, s->next_chunk++, 0));
        } else {
            return;
        }
    }
}

static void ready_push(struct sim *s, uint64_t chunk, unsigned left)
{
    if (s->ready_len == s->ready_cap) {
        size_t cap = s->ready_cap ? 2 * s->ready_cap : 16;
        struct sim_ready *ring = xmalloc(cap * sizeof *ring);
        for (size_t k = 0; k < s->ready_len; k++)
            ring[k] = s->ready[(s->ready_head + k) & (s->ready_cap - 1)];
        free(s->ready);
        s->ready = ring;
        s->ready_head = 0;
        s->ready_cap = cap;
    }
    s->ready[(s->ready_head + s->ready_len++) & (s->ready_cap - 1)] =
        (struct sim_ready){chunk, left};
}

static void wait_push(struct sim *s, uint32_t slot)
{
    if (s->wait_len == s->wait_cap) {
        size_t cap = s->wait_cap ? 2 * s->wait_cap : 16;
        uint32_t *ring = xmalloc(cap * sizeof *ring);
        for (size_t k = 0; k < s->wait_len; k++)
            ring[k] = s->waiting[(s->wait_head + k) & (s->wait_cap - 1)];
        free(s->waiting);
        s->waiting = ring;
        s->wait_head = 0;
        s->wait_cap = cap;
    }
    s->waiting[(s->wait_head + s->wait_len++) & (s->wait_cap - 1)] = slot;
}

static double next_arrival_gap(struct sim *s)
{
    return gsl_ran_exponential(s->rng, 1 / s->cfg->client.arrival_rate_s);
}

void sim_client_start(struct sim *s)
{
    const struct sim_config *cfg = s->cfg;
    if (cfg->client.arrival_rate_s > 0) {
        if (cfg->job.requests > 0)
            evq_push(&s->evq, next_arrival_gap(s), EV_ARRIVAL, 0);
        return;
    }
    if (raft_workers(s)) {
        for (uint32_t w = 0; w < cfg->client.workers; w++)
            worker_next(s, w);
        return;
    }
    dispatch(s);
}

void sim_client_arrival(struct sim *s)
{
    const struct sim_config *cfg = s->cfg;
    s->requests_made++;
    uint32_t slot = make_call(s, SIM_CALL_REQUEST, 0, 0);
    if (cfg->client.workers == 0 || s->in_flight < cfg->client.workers)
        issue(s, slot);
    else
        wait_push(s, slot);
    if (s->requests_made < cfg->job.requests)
        evq_push(&s->evq, s->now + next_arrival_gap(s), EV_ARRIVAL, 0);
}

/* The call is over (finished or lost): free it, make the next. */
static void call_over(struct sim *s, uint32_t slot)
{
    const struct sim_config *cfg = s->cfg;
    uint32_t worker = s->reqs[slot].worker;
    s->in_flight--;
    sim_req_free(s, slot);
    if (cfg->client.arrival_rate_s > 0) {
        if (s->wait_len && (cfg->client.workers == 0 || s->in_flight < cfg->client.workers)) {
            uint32_t next = s->waiting[s->wait_head];
            s->wait_head = (s->wait_head + 1) & (s->wait_cap - 1);
            s->wait_len--;
            issue(s, next);
        }
    } else if (raft_workers(s)) {
        worker_next(s, worker);
    } else {
        dispatch(s);
    }
}

static void lost(struct sim *s, uint32_t slot)
{
    struct sim_req *r = &s->reqs[slot];
    const struct sim_job *job = &s->cfg->job;
    s->res->lost_requests++;
    s->tl_lost++;
    sim_trace(s, SIM_TRACE_LOST, slot, -1, -1);
    if (r->kind == SIM_CALL_QUESTION) {
        s->res->lost_examples += job->questions;
        if (raft_workers(s))
            s->workers[r->worker].answers_made = job->questions; /* never made */
    } else {
        s->res->lost_examples++;
    }
    call_over(s, slot);
}

static double backoff(struct sim *s, unsigned retry)
{
    const struct sim_retry *rt = &s->cfg->client.retry;
    /* The SDK caps the exponent at 1,000 retries too. */
    double sleep = ldexp(rt->initial_s, (int)(retry > 1000 ? 1000 : retry));
    if (sleep > rt->max_delay_s)
        sleep = rt->max_delay_s;
    if (rt->jitter > 0)
        sleep *= 1 - rt->jitter * gsl_rng_uniform(s->rng);
    return sleep;
}

void sim_client_rejected(struct sim *s, uint32_t slot, double retry_after)
{
    const struct sim_retry *rt = &s->cfg->client.retry;
    struct sim_req *r = &s->reqs[slot];
    if (r->retries >= rt->max) {
        lost(s, slot);
        return;
    }
    /* A billionth of slack: a computed 60 s must not read as 60.000000001. */
    int honoured = retry_after > 0 && retry_after <= rt->retry_after_max_s * (1 + 1e-9);
    double delay = honoured ? retry_after : backoff(s, r->retries);
    r->retries++;
    s->res->retries++;
    s->tl_retries++;
    evq_push(&s->evq, s->now + delay, EV_ATTEMPT, slot);
}

void sim_client_finished(struct sim *s, uint32_t slot)
{
    struct sim_req *r = &s->reqs[slot];
    const struct sim_config *cfg = s->cfg;
    struct sim_result *res = s->res;
    res->requests++;
    res->input_tokens += r->input;
    res->output_tokens += r->output;
    if (r->call >= cfg->client.warmup_requests) {
        sim_hist_add(&s->latency, s->now - r->issued_s);
        sim_hist_add(&s->ttft, r->first_token_s - r->issued_s);
    }
    if (r->kind == SIM_CALL_QUESTION) {
        if (!raft_workers(s) && cfg->job.questions)
            ready_push(s, r->chunk, cfg->job.questions);
    } else {
        res->examples++;
    }
    call_over(s, slot);
}
