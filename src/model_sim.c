/*
 * model_sim: see model_sim.h.  The scenario becomes a sim_config here and
 * nowhere else:
 *   - each generation backend is one deployment (serverless) or `count`
 *     deployments (dedicated, one an instance); a dedicated backend's tpm
 *     and rpm are split evenly over its instances, its limits.concurrency
 *     and max_concurrency hold for each instance;
 *   - service: a constant throughput or a curve X(n), shared by the calls
 *     in decode (the curve read at their number n), or a per-request speed
 *     (stream); a serverless backend with both is simulated per request
 *     (the throughput is the analytic model's), a dedicated one shares its
 *     throughput, unless simulation.service is `stream` (a pilot's speeds:
 *     every backend with a stream per request);
 *   - a backend's `rejects` answers that share of attempts 429 at random;
 *   - the job: a dataset's chunks (a question call of question_prompt +
 *     chunk tokens in and Q x question tokens out, then Q answer calls of
 *     answer_prompt + chunk + question in and answer tokens out), or
 *     `requests` plain calls with the job's mean tokens;
 *   - prices: a serverless backend's model prices, a dedicated instance's
 *     per_hour from 0 (provisioning) to the end of the job plus teardown.
 * Replication 0 runs with the engine's hooks: the timeline, and the
 * admission and completion records, from which come each step's admitted
 * TPM tokens, the largest TPM cost in any 60 s window, and the latency
 * histogram.
 */
#include "model_sim.h"

#include <gsl/gsl_histogram.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "billing.h"
#include "curve.h"
#include "report.h"
#include "scenario.h"
#include "util.h"

/* The window of the "never above the TPM in any 60 seconds" figure. */
#define PEAK_WINDOW_S 60.0
/* The engine's slack at a window's edge (sim_limits.c). */
#define EDGE_EPS_S 1e-9
/* Latency histogram: 20 log-spaced bins a decade from 1 ms to 10^7 s. */
#define BINS_PER_DECADE 20
#define BIN_LO_S 1e-3
#define BIN_DECADES 10
/* More deployments than this is a mistake, not a plan. */
#define MAX_DEPLOYMENTS 100000

static double curve_rate(const void *ctx, double n)
{
    return curve_eval(ctx, n);
}

/* Admissions of the last 60 s at one deployment, oldest first (a ring). */
struct window {
    double *t, *cost;
    size_t head, len, cap; /* cap a power of two */
    double sum;
};

static void window_add(struct window *w, double t, double cost)
{
    while (w->len && w->t[w->head] + PEAK_WINDOW_S <= t + EDGE_EPS_S) {
        w->sum -= w->cost[w->head];
        w->head = (w->head + 1) & (w->cap - 1);
        w->len--;
    }
    if (w->len == 0)
        w->sum = 0; /* no drift from many additions and subtractions */
    if (w->len == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 64;
        double *nt = xmalloc(cap * sizeof *nt), *nc = xmalloc(cap * sizeof *nc);
        for (size_t k = 0; k < w->len; k++) {
            nt[k] = w->t[(w->head + k) & (w->cap - 1)];
            nc[k] = w->cost[(w->head + k) & (w->cap - 1)];
        }
        free(w->t);
        free(w->cost);
        w->t = nt;
        w->cost = nc;
        w->head = 0;
        w->cap = cap;
    }
    size_t i = (w->head + w->len++) & (w->cap - 1);
    w->t[i] = t;
    w->cost[i] = cost;
    w->sum += cost;
}

/* What replication 0's hooks gather. */
struct collect {
    struct sim_report *sr;
    uint64_t warmup;
    size_t cap_steps;
    struct sim_report_step_deployment *now; /* the current step's admissions, per deployment */
    /* Admissions at the very instant the current step ends, before the engine closes it: they
     * belong to the next step, whose steps are [start, end). */
    struct sim_report_step_deployment *next;
    struct window *windows; /* per deployment with a tpm limit */
    gsl_histogram *latency;
};

static void on_trace(void *ctx, const struct sim_trace *e)
{
    struct collect *c = ctx;
    struct sim_report *sr = c->sr;
    if (e->kind == SIM_TRACE_DONE && e->call >= c->warmup) {
        double x = e->time_s - e->issued_s;
        double lo = gsl_histogram_min(c->latency), hi = gsl_histogram_max(c->latency);
        /* Outside the bins: in the first or the last, so that every request counts. */
        x = x < lo ? lo : x >= hi ? nextafter(hi, 0) : x;
        gsl_histogram_increment(c->latency, x);
        return;
    }
    if (e->kind != SIM_TRACE_ADMIT || e->deployment < 0)
        return;
    size_t i = (size_t)e->deployment;
    int later = floor(e->time_s / sr->step_s) > (double)sr->nsteps;
    struct sim_report_step_deployment *now = later ? &c->next[i] : &c->now[i];
    now->admitted++;
    now->admitted_tokens += e->cost_tokens;
    if (sr->deployments[i].tpm > 0) {
        struct window *w = &c->windows[i];
        window_add(w, e->time_s, e->cost_tokens);
        if (isnan(now->peak_tpm_60s) || w->sum > now->peak_tpm_60s)
            now->peak_tpm_60s = w->sum;
        if (isnan(sr->deployments[i].peak_tpm_60s) || w->sum > sr->deployments[i].peak_tpm_60s)
            sr->deployments[i].peak_tpm_60s = w->sum;
    }
}

/* The next step's admissions become the current step's; the next starts empty. */
static void next_step(struct collect *c)
{
    for (size_t i = 0; i < c->sr->ndeployments; i++) {
        c->now[i] = c->next[i];
        memset(&c->next[i], 0, sizeof c->next[i]);
        c->next[i].peak_tpm_60s = NAN;
    }
}

static void on_step(void *ctx, const struct sim_timeline_step *step)
{
    struct collect *c = ctx;
    struct sim_report *sr = c->sr;
    size_t nd = sr->ndeployments;
    if (sr->nsteps == c->cap_steps) {
        c->cap_steps = c->cap_steps ? 2 * c->cap_steps : 64;
        sr->steps = xrealloc(sr->steps, c->cap_steps * sizeof *sr->steps);
        sr->step_deployments =
            xrealloc(sr->step_deployments, c->cap_steps * nd * sizeof *sr->step_deployments);
    }
    sr->steps[sr->nsteps] = (struct sim_report_step){step->start_s, step->end_s, step->rejected,
                                                     step->retries, step->lost};
    struct sim_report_step_deployment *row = &sr->step_deployments[sr->nsteps * nd];
    for (size_t i = 0; i < nd; i++) {
        const struct sim_timeline_deployment *t = &step->deployments[i];
        row[i] = c->now[i];
        row[i].output_tokens = t->output_tokens;
        row[i].tok_s = t->tok_s;
        row[i].mean_in_flight = t->mean_in_flight;
        row[i].completed = t->completed;
        row[i].rejected = t->rejected;
    }
    sr->nsteps++;
    next_step(c);
}

/* Admissions after the last step closed (none unless the job ends at an admission): the last. */
static void fold_leftovers(struct collect *c)
{
    struct sim_report *sr = c->sr;
    if (sr->nsteps == 0)
        return;
    for (size_t i = 0; i < sr->ndeployments; i++) {
        const struct sim_report_step_deployment *left[2] = {&c->now[i], &c->next[i]};
        struct sim_report_step_deployment *last =
            &sr->step_deployments[(sr->nsteps - 1) * sr->ndeployments + i];
        for (int k = 0; k < 2; k++) {
            last->admitted += left[k]->admitted;
            last->admitted_tokens += left[k]->admitted_tokens;
            if (!isnan(left[k]->peak_tpm_60s) &&
                (isnan(last->peak_tpm_60s) || left[k]->peak_tpm_60s > last->peak_tpm_60s))
                last->peak_tpm_60s = left[k]->peak_tpm_60s;
        }
    }
}

/* The non-empty span of the histogram, as the report's bins. */
static void keep_bins(struct sim_report *sr, const gsl_histogram *h)
{
    size_t n = gsl_histogram_bins(h), first = n, last = 0;
    for (size_t i = 0; i < n; i++)
        if (gsl_histogram_get(h, i) > 0) {
            if (first == n)
                first = i;
            last = i;
        }
    if (first == n)
        return;
    sr->nlatency_bins = last - first + 1;
    sr->latency_bins = xcalloc(sr->nlatency_bins, sizeof *sr->latency_bins);
    for (size_t i = first; i <= last; i++) {
        struct sim_report_bin *b = &sr->latency_bins[i - first];
        gsl_histogram_get_range(h, i, &b->lo_s, &b->hi_s);
        b->count = (uint64_t)gsl_histogram_get(h, i);
    }
}

/* Number of engine deployments for the generation's backends. */
static size_t count_deployments(const struct scenario *s)
{
    size_t n = 0;
    for (size_t k = 0; k < s->generation.nbackends; k++) {
        const struct deployment *b = &s->backends[s->generation.backends[k]];
        n += b->type == DEPLOY_DEDICATED ? (size_t)b->count : 1;
    }
    return n;
}

/* One engine deployment for instance `instance` (of `count`) of backend b, billed at `bill`. */
static void make_deployment(const struct deployment *b, const struct bill *bill, size_t count,
                            size_t instance, int by_stream, struct sim_deployment *out,
                            struct sim_report_deployment *info)
{
    sim_deployment_init(out);
    info->name = count > 1 ? xasprintf("%s/%zu", b->name, instance) : xstrdup(b->name);
    info->instance = (unsigned)instance;
    info->peak_tpm_60s = NAN;
    out->name = info->name;
    /* A per-request speed is how an endpoint serves one by one (a throughput beside it is the
     * analytic model's); a dedicated instance with a throughput shares it even so. */
    int shared = b->curve || b->throughput_tok_s > 0;
    if (b->sim.stream_tok_s > 0 && (by_stream || !(b->type == DEPLOY_DEDICATED && shared))) {
        out->stream_tok_s = b->sim.stream_tok_s;
    } else if (b->curve) {
        out->rate_tok_s = curve_rate;
        out->rate_ctx = &b->curve->fit;
    } else {
        out->throughput_tok_s = b->throughput_tok_s;
    }
    out->ttft_s = b->sim.ttft_s;
    out->max_concurrency = (unsigned)b->sim.max_concurrency;
    out->weight = b->sim.weight;
    info->tpm = b->tpm / (double)count;
    info->rpm = b->rpm / (double)count;
    out->limits.tpm = info->tpm;
    out->limits.rpm = info->rpm;
    out->limits.concurrency = (unsigned)b->concurrency;
    out->limits.window_s = b->sim.window_s;
    out->limits.kind =
        b->sim.limit_mode == DEPLOY_LIMIT_BUCKET ? SIM_LIMIT_BUCKET : SIM_LIMIT_SLIDING;
    out->limits.cost =
        b->sim.tpm_counts == DEPLOY_TPM_OUTPUT ? SIM_COST_ACTUAL : SIM_COST_MAX_TOKENS;
    out->limits.reject_share = b->sim.reject_share;
    if (b->type == DEPLOY_DEDICATED) {
        out->provisioning_s = b->provisioning_s;
        out->teardown_s = b->teardown_s;
        out->per_hour = bill->per_hour; /* on demand or spot */
        model_preempt_deployment(b, out);
    } else {
        /* A thousand input tokens, cache hits at their rate; the tier of the job's mean call. */
        out->input_per_1k = bill_input_cost(bill, 1000) + bill_cached_cost(bill, 1000);
        out->output_per_1k = bill_output_cost(bill, 1000);
    }
}

/* The job: a dataset's chunks of calls, or plain calls with the job's mean tokens. */
static void make_job(const struct scenario *s, const struct report *r, struct sim_job *job)
{
    const struct generation *g = &s->generation;
    const struct volume *v = &r->generation.volume;
    const struct sim_output_settings *o = &s->simulation.output;
    if (g->has_dataset) {
        const struct dataset *ds = &g->dataset;
        job->kind = SIM_JOB_RAFT;
        job->chunks = (uint64_t)v->chunks;
        job->questions = (unsigned)ds->questions_per_chunk;
        job->question.input_tokens = ds->question_prompt_tokens + ds->chunk_tokens;
        job->question.output_tokens = ds->questions_per_chunk * ds->question_tokens;
        job->question.max_tokens = o->max_tokens;
        job->answer.input_tokens =
            ds->answer_prompt_tokens + ds->chunk_tokens + ds->question_tokens;
        job->answer.output_tokens = ds->answer_tokens;
        job->answer.max_tokens = o->max_tokens;
    } else {
        job->kind = SIM_JOB_REQUESTS;
        job->requests = (uint64_t)v->requests;
        job->request.input_tokens = v->input_tokens / v->requests;
        job->request.output_tokens = v->output_tokens / v->requests;
        job->request.max_tokens = o->max_tokens;
    }
    job->output_dist = o->dist == SIM_OUTPUT_LOGNORMAL     ? SIM_DIST_LOGNORMAL
                       : o->dist == SIM_OUTPUT_EXPONENTIAL ? SIM_DIST_EXPONENTIAL
                                                           : SIM_DIST_NONE;
    job->output_cv = o->cv;
}

static void make_config(const struct scenario *s, const struct report *r, struct sim_report *sr,
                        struct sim_deployment *deps, struct sim_config *cfg)
{
    const struct sim_settings *in = &s->simulation;
    const struct volume *v = &r->generation.volume;
    size_t at = 0;
    for (size_t k = 0; k < s->generation.nbackends; k++) {
        size_t bi = s->generation.backends[k];
        const struct deployment *b = &s->backends[bi];
        size_t count = b->type == DEPLOY_DEDICATED ? (size_t)b->count : 1;
        /* The rates the analytic model bills it at (billing.h), for the job's mean call. */
        struct bill bill;
        billing_deployment(b, v->input_tokens / v->requests, v->output_tokens / v->requests, &bill);
        for (size_t j = 1; j <= count; j++, at++) {
            make_deployment(b, &bill, count, j, in->service == SIM_SERVICE_STREAM, &deps[at],
                            &sr->deployments[at]);
            sr->deployments[at].backend = bi;
        }
    }
    sim_config_init(cfg);
    cfg->deployments = deps;
    cfg->ndeployments = sr->ndeployments;
    make_job(s, r, &cfg->job);
    cfg->client.workers = (unsigned)in->workers;
    cfg->client.pattern =
        in->pattern == SIM_PATTERN_CHOICE_INDEPENDENT ? SIM_PATTERN_INDEPENDENT : SIM_PATTERN_RAFT;
    cfg->client.arrival_rate_s = in->arrival_rate_s;
    cfg->client.warmup_requests = (uint64_t)in->warmup;
    cfg->client.retry.max = (unsigned)in->retries.max;
    cfg->client.retry.initial_s = in->retries.initial_s;
    cfg->client.retry.max_delay_s = in->retries.max_delay_s;
    cfg->client.retry.jitter = in->retries.jitter;
    cfg->client.retry.retry_after_max_s = in->retries.max_retry_after_s;
    cfg->router.policy = (enum sim_routing)in->routing;
    cfg->router.allowed_fails = (unsigned)in->allowed_fails;
    cfg->router.cooldown_s = in->cooldown_s;
    cfg->router.retries = (unsigned)in->reroutes;
    cfg->router.latency_window = (unsigned)in->latency_window;
    cfg->seed = (uint64_t)in->seed;
    cfg->replication = 0;
    cfg->hooks.timeline_step_s = in->timeline_step_s;
}

static void spread_of(struct sim_spread *out, double v)
{
    out->mean = out->p10 = out->p50 = out->p90 = v;
}

/*
 * What every run checks and builds: the deployments (into sr) and the
 * engine's config (into *cfg, its deployments in *deps, the caller's to
 * free).  Returns 0, or -1 with d filled and nothing allocated.
 */
static int prepare(const struct scenario *s, const struct report *r, struct sim_report *sr,
                   struct sim_deployment **deps, struct sim_config *cfg, struct diag *d)
{
    for (size_t k = 0; k < s->generation.nbackends; k++) {
        const struct deployment *b = &s->backends[s->generation.backends[k]];
        if (b->type == DEPLOY_BATCH) {
            diag_set(d, s->file, NULL, 0, 0, 0,
                     "backend '%s' is a batch API: its calls come back together after the "
                     "batch's turnaround, so the simulation, which serves calls one by one, "
                     "cannot run it (leave it out of 'generation.backends' to simulate the others)",
                     b->name);
            return -1;
        }
    }
    size_t nd = count_deployments(s);
    if (nd > MAX_DEPLOYMENTS) {
        diag_plain(d,
                   "simulation: %zu deployments (every dedicated instance is one) is more than "
                   "the %d it simulates",
                   nd, MAX_DEPLOYMENTS);
        return -1;
    }
    sr->ndeployments = nd;
    sr->deployments = xcalloc(sr->ndeployments ? sr->ndeployments : 1, sizeof *sr->deployments);
    *deps = xcalloc(sr->ndeployments ? sr->ndeployments : 1, sizeof **deps);
    make_config(s, r, sr, *deps, cfg);
    return 0;
}

int model_sim_replication(const struct scenario *s, const struct report *r,
                          unsigned long stream_seed, struct sim_result *out, struct diag *d)
{
    struct sim_report sr;
    struct sim_deployment *deps = NULL;
    struct sim_config cfg;
    memset(&sr, 0, sizeof sr);
    memset(out, 0, sizeof *out);
    if (prepare(s, r, &sr, &deps, &cfg, d) != 0)
        return -1;
    cfg.stream_seed = stream_seed;
    int rc = sim_run(&cfg, out, d);
    /* The names are the report's, freed below: the result keeps none. */
    for (size_t i = 0; rc == 0 && i < out->ndeployments; i++)
        out->deployments[i].name = NULL;
    free(deps);
    model_sim_release(&sr);
    return rc;
}

int model_sim_run(const struct scenario *s, struct report *r, unsigned threads,
                  struct progress *progress, struct diag *d)
{
    struct sim_report *sr = &r->simulation;
    model_sim_release(sr);
    struct sim_deployment *deps = NULL;
    struct sim_config cfg;
    if (prepare(s, r, sr, &deps, &cfg, d) != 0) {
        model_sim_release(sr);
        return -1;
    }
    sr->seed = cfg.seed;
    sr->replications = (size_t)s->simulation.replications;
    sr->threads = threads ? threads : 1;
    sr->step_s = cfg.hooks.timeline_step_s;

    struct collect c = {.sr = sr, .warmup = cfg.client.warmup_requests};
    c.now = xcalloc(sr->ndeployments ? sr->ndeployments : 1, sizeof *c.now);
    c.next = xcalloc(sr->ndeployments ? sr->ndeployments : 1, sizeof *c.next);
    c.windows = xcalloc(sr->ndeployments ? sr->ndeployments : 1, sizeof *c.windows);
    c.latency = gsl_histogram_alloc(BINS_PER_DECADE * BIN_DECADES);
    if (!c.latency)
        abort();
    double *edges = xmalloc((BINS_PER_DECADE * BIN_DECADES + 1) * sizeof *edges);
    for (size_t i = 0; i <= BINS_PER_DECADE * BIN_DECADES; i++)
        edges[i] = BIN_LO_S * pow(10.0, (double)i / BINS_PER_DECADE);
    gsl_histogram_set_ranges(c.latency, edges, BINS_PER_DECADE * BIN_DECADES + 1);
    free(edges);
    next_step(&c);
    next_step(&c);
    cfg.hooks.timeline = on_step;
    cfg.hooks.timeline_ctx = &c;
    cfg.hooks.trace = on_trace;
    cfg.hooks.trace_ctx = &c;

    int rc = sim_run(&cfg, &sr->run, d);
    if (rc == 0) {
        keep_bins(sr, c.latency);
        fold_leftovers(&c);
        if (sr->replications > 1) {
            struct sim_replicates reps;
            rc = sim_replicate(&cfg, sr->replications, sr->threads, progress, &reps, d);
            if (rc == 0) {
                sr->wall_s = reps.wall_s;
                sr->cost = reps.cost;
                sr->lost_examples = reps.lost_examples;
                sr->rejected = reps.rejected;
                sim_replicates_release(&reps);
            }
        } else {
            spread_of(&sr->wall_s, sr->run.wall_s);
            spread_of(&sr->cost, sr->run.cost);
            spread_of(&sr->lost_examples, (double)sr->run.lost_examples);
            spread_of(&sr->rejected, (double)sr->run.rejected);
        }
        if (rc == 0) /* the same job without preemption, when spot instances are preempted */
            rc = model_preempt_run(s, sr, &cfg, d);
    }
    for (size_t i = 0; i < sr->ndeployments; i++) {
        free(c.windows[i].t);
        free(c.windows[i].cost);
    }
    free(c.windows);
    free(c.now);
    free(c.next);
    gsl_histogram_free(c.latency);
    free(deps);
    if (rc != 0) {
        model_sim_release(sr);
        return -1;
    }
    sr->present = 1;
    return 0;
}

void model_sim_release(struct sim_report *sr)
{
    if (!sr)
        return;
    sim_result_release(&sr->run);
    for (size_t i = 0; i < sr->ndeployments; i++)
        free(sr->deployments[i].name);
    free(sr->deployments);
    free(sr->steps);
    free(sr->step_deployments);
    free(sr->latency_bins);
    memset(sr, 0, sizeof *sr);
}

unsigned model_sim_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}
