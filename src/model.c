/*
 * model: see model.h.  The formulas are those of the scenario format
 * (README, "How raftcost computes"): capacity routing solves
 * sum X_i * max(0, T - P_i) = output tokens for the wall time T; prices are
 * per 1,000 tokens and per hour; a month is 730 hours.
 */
#include "model.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"
#include "model_batch.h"
#include "model_capacity.h"
#include "units.h"
#include "util.h"

/* floor() that forgives the rounding error of a product like 0.29 × 100. */
static double floor_count(double x)
{
    return floor(x * (1 + 1e-12));
}

/*
 * The token volume of the job: given as totals, or derived from the dataset
 * the way the RAFT generator spends tokens: one call per chunk for Q
 * questions, one call per question for its chain-of-thought answer.
 */
static void compute_volume(const struct generation *g, struct volume *v)
{
    if (!g->has_dataset) {
        v->examples = g->examples;
        v->requests = g->requests > 0 ? g->requests : g->examples;
        v->input_tokens = g->input_tokens;
        v->output_tokens = g->output_tokens;
        return;
    }
    const struct dataset *d = &g->dataset;
    double corpus = d->corpus_tokens > 0 ? d->corpus_tokens : d->documents * d->document_tokens;
    v->chunks = ceil(corpus / d->chunk_tokens);
    /* Stopping after max_examples answers (as raft.py's --qa-threshold does), the
     * generator still finishes the chunk it is on: every question of it is answered. */
    v->chunks_used = v->chunks;
    if (d->max_examples > 0)
        v->chunks_used = fmin(v->chunks, ceil(d->max_examples / d->questions_per_chunk));
    v->question_calls = v->chunks_used;
    v->answer_calls = v->chunks_used * d->questions_per_chunk;
    v->requests = v->question_calls + v->answer_calls;
    double answers = v->answer_calls;
    if (d->max_examples > 0)
        answers = fmin(answers, d->max_examples);
    v->examples = floor_count(answers * d->keep);
    v->input_tokens =
        v->question_calls * (d->question_prompt_tokens + d->chunk_tokens) +
        v->answer_calls * (d->answer_prompt_tokens + d->chunk_tokens + d->question_tokens);
    v->output_tokens = v->question_calls * d->questions_per_chunk * d->question_tokens +
                       v->answer_calls * d->answer_tokens;
    /* Each document wrapped in <DOCUMENT>...</DOCUMENT>: about 7 tokens of tags. */
    v->example_tokens = (d->distractors + 1) * (d->chunk_tokens + 7) + d->question_tokens +
                        d->answer_tokens + d->example_overhead_tokens;
}

/*
 * Output tokens per second of `count` instances of a backend at `rate`,
 * capped by its limits: b->limited_by says which cap applies, and the caps
 * are kept for the report.  Without a throughput (rate->from_limits) the
 * rate is infinite, so a limit always applies.
 */
static double effective_throughput(struct gen_backend_result *b, double count,
                                   const struct volume *g)
{
    const struct deployment *d = b->backend;
    double x = count * b->rate.unit_tok_s;
    b->limited_by = 0;
    b->tpm_cap_tok_s = b->rpm_cap_tok_s = NAN;
    if (d->tpm > 0) {
        /* tpm counts input and output tokens: output is this share of them. */
        b->tpm_cap_tok_s = d->tpm / 60.0 * g->output_tokens / (g->input_tokens + g->output_tokens);
        if (b->tpm_cap_tok_s < x) {
            x = b->tpm_cap_tok_s;
            b->limited_by = 1;
        }
    }
    if (d->rpm > 0) {
        b->rpm_cap_tok_s = d->rpm / 60.0 * g->output_tokens / g->requests;
        if (b->rpm_cap_tok_s < x) {
            x = b->rpm_cap_tok_s;
            b->limited_by = 2;
        }
    }
    return x;
}

/*
 * Cost of `count` of a backend billed at `bill` (billing.h: tiers, cache
 * hits, batch and spot prices) that serve the given tokens and are busy for
 * busy_s after provisioning_s of provisioning (billed, serving nothing).
 */
static double backend_cost(const struct deployment *b, const struct bill *bill, double count,
                           double input_tokens, double output_tokens, double provisioning_s,
                           double busy_s, double *billed_s)
{
    if (b->type != DEPLOY_DEDICATED) {
        *billed_s = 0;
        return bill_token_cost(bill, input_tokens, output_tokens);
    }
    *billed_s = provisioning_s + busy_s + b->teardown_s;
    return count * bill->per_hour * *billed_s / HOUR_S;
}

static int by_provisioning(const void *a, const void *b)
{
    const struct gen_backend_result *x = *(const struct gen_backend_result *const *)a;
    const struct gen_backend_result *y = *(const struct gen_backend_result *const *)b;
    return (x->backend->provisioning_s > y->backend->provisioning_s) -
           (x->backend->provisioning_s < y->backend->provisioning_s);
}

/*
 * Capacity routing: every backend serves from when it is ready until the job
 * is done.  Taking backends in order of readiness, the wall time with the
 * first k is T = (O + sum X_i P_i) / sum X_i; it is the answer once it comes
 * before the next backend is ready.
 */
static double capacity_wall_time(struct gen_backend_result *res, size_t n, double output)
{
    struct gen_backend_result **order = xmalloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = &res[i];
    qsort(order, n, sizeof *order, by_provisioning);
    double sum_x = 0, sum_xp = 0, t = 0;
    for (size_t k = 0; k < n; k++) {
        double x = order[k]->throughput_tok_s, p = order[k]->backend->provisioning_s;
        sum_x += x;
        sum_xp += x * p;
        t = (output + sum_xp) / sum_x;
        if (k + 1 == n || t <= order[k + 1]->backend->provisioning_s)
            break;
    }
    free(order);
    return t;
}

/*
 * The job served by the generation's backends, counts[i] instances of the
 * i-th (a count of 0 leaves it out).  g->volume must be computed.  With no
 * backend left, the wall time is infinite.
 */
static void serve(const struct scenario *s, const struct deploy_rate *rates, const double *counts,
                  struct gen_result *g)
{
    const struct generation *in = &s->generation;
    const struct volume *v = &g->volume;
    g->backends = xcalloc(in->nbackends, sizeof *g->backends);
    g->nbackends = 0;
    g->throughput_tok_s = 0;
    for (size_t i = 0; i < in->nbackends; i++) {
        if (counts[i] == 0)
            continue;
        struct gen_backend_result *b = &g->backends[g->nbackends++];
        b->backend = &s->backends[in->backends[i]];
        b->rate = rates[in->backends[i]];
        b->count = counts[i];
        b->throughput_tok_s = effective_throughput(b, b->count, v);
        g->throughput_tok_s += b->throughput_tok_s;
        /* Its rates, for the job's mean request (the tier it reaches). */
        billing_deployment(b->backend, v->input_tokens / v->requests,
                           v->output_tokens / v->requests, &b->bill);
    }
    g->cost = 0;
    if (g->nbackends == 0) {
        g->wall_s = INFINITY;
        return;
    }

    double out = v->output_tokens;
    if (model_batch_in_mix(g)) {
        model_batch_route(s, g);
    } else if (in->routing == ROUTING_CAPACITY) {
        g->wall_s = capacity_wall_time(g->backends, g->nbackends, out);
        for (size_t i = 0; i < g->nbackends; i++) {
            struct gen_backend_result *b = &g->backends[i];
            b->busy_s = fmax(0.0, g->wall_s - b->backend->provisioning_s);
            b->output_tokens = b->throughput_tok_s * b->busy_s;
        }
    } else {
        g->wall_s = 0;
        for (size_t i = 0; i < g->nbackends; i++) {
            struct gen_backend_result *b = &g->backends[i];
            b->output_tokens = out / (double)g->nbackends;
            b->busy_s = b->output_tokens / b->throughput_tok_s;
            g->wall_s = fmax(g->wall_s, b->backend->provisioning_s + b->busy_s);
        }
    }
    for (size_t i = 0; i < g->nbackends; i++) {
        struct gen_backend_result *b = &g->backends[i];
        b->share = b->output_tokens / out;
        b->input_tokens = v->input_tokens * b->share;
        /* Under capacity routing, a backend not ready when the job is done is
         * stopped then: it pays its provisioning up to the end of the job only. */
        double provisioning = b->backend->provisioning_s;
        if (in->routing == ROUTING_CAPACITY) {
            provisioning = fmin(provisioning, g->wall_s);
            b->idle = b->busy_s == 0;
        }
        b->cost = backend_cost(b->backend, &b->bill, b->count, b->input_tokens, b->output_tokens,
                               provisioning, b->busy_s, &b->billed_s);
        g->cost += b->cost;
        double alone_busy = b->backend->type == DEPLOY_BATCH ? model_batch_alone_s(b->backend, v)
                                                             : out / b->throughput_tok_s,
               unused;
        b->alone_wall_s = b->backend->provisioning_s + alone_busy;
        b->alone_cost = backend_cost(b->backend, &b->bill, b->count, v->input_tokens, out,
                                     b->backend->provisioning_s, alone_busy, &unused);
    }
}

struct tried_mix {
    size_t first; /* index of its counts in the flat array */
    double wall_s, cost;
};

static int by_time_then_cost(const void *a, const void *b)
{
    const struct tried_mix *x = a, *y = b;
    if (x->wall_s != y->wall_s)
        return x->wall_s < y->wall_s ? -1 : 1;
    return (x->cost > y->cost) - (x->cost < y->cost);
}

/* Within the deadline, forgiving the rounding error of a sum of products. */
static int makes_deadline(double wall_s, double deadline_s)
{
    return wall_s <= deadline_s * (1 + 1e-12);
}

static void keep_mix(struct gen_mix *dst, const struct tried_mix *m, const double *counts, size_t n,
                     double deadline_s)
{
    dst->counts = xmalloc(n * sizeof *dst->counts);
    memcpy(dst->counts, counts + m->first, n * sizeof *dst->counts);
    dst->wall_s = m->wall_s;
    dst->cost = m->cost;
    dst->makes_deadline = makes_deadline(m->wall_s, deadline_s);
}

/*
 * Deadline planning: every count from 0 to max_count of each dedicated
 * backend that has one, and each other backend with its count or left out
 * (a serverless endpoint too: a dearer one may only add cost), each mix
 * computed by serve() exactly as a report would.  The frontier holds the
 * mixes that no other beats on both time and cost, fastest first.
 */
static void plan_generation(const struct scenario *s, const struct deploy_rate *rates,
                            struct gen_result *g)
{
    const struct generation *in = &s->generation;
    struct gen_plan *plan = &g->plan;
    size_t n = in->nbackends;
    size_t total = (size_t)scenario_plan_size(s);
    double deadline = in->deadline_s;
    double *counts = xcalloc(total * n, sizeof *counts);
    struct tried_mix *mixes = xcalloc(total, sizeof *mixes);
    double *current = xcalloc(n, sizeof *current);
    size_t nmixes = 0;

    plan->present = 1;
    plan->deadline_s = in->deadline_s;
    /* Every backend starts left out; the mix of none is skipped below (it never ends). */
    for (size_t m = 0; m < total; m++) {
        struct gen_result tried = {.volume = g->volume};
        serve(s, rates, current, &tried);
        free(tried.backends);
        if (isfinite(tried.wall_s)) {
            memcpy(counts + nmixes * n, current, n * sizeof *current);
            mixes[nmixes] = (struct tried_mix){nmixes * n, tried.wall_s, tried.cost};
            nmixes++;
        }
        /* Next mix: an odometer over the backends, each 0..max_count or 0 and its count. */
        for (size_t i = 0; i < n; i++) {
            const struct deployment *b = &s->backends[in->backends[i]];
            double top = deployment_plan_max(b);
            if (current[i] < top) {
                current[i] = deployment_plan_varies(b) ? current[i] + 1 : top;
                break;
            }
            current[i] = 0;
        }
    }
    if (nmixes > 0) {
        qsort(mixes, nmixes, sizeof *mixes, by_time_then_cost);
        keep_mix(&plan->fastest, &mixes[0], counts, n, deadline);
        plan->frontier = xcalloc(nmixes, sizeof *plan->frontier);
        double best_cost = INFINITY;
        const struct tried_mix *cheapest = NULL;
        for (size_t m = 0; m < nmixes; m++) {
            if (mixes[m].cost < best_cost) {
                best_cost = mixes[m].cost;
                keep_mix(&plan->frontier[plan->nfrontier++], &mixes[m], counts, n, deadline);
            }
            if (makes_deadline(mixes[m].wall_s, deadline) &&
                (!cheapest || mixes[m].cost < cheapest->cost))
                cheapest = &mixes[m];
        }
        if (cheapest) {
            plan->has_cheapest = 1;
            keep_mix(&plan->cheapest, cheapest, counts, n, deadline);
        }
    }
    plan->has_fastest = nmixes > 0;
    plan->misses_by_s =
        plan->has_fastest && !plan->has_cheapest ? plan->fastest.wall_s - deadline : NAN;
    free(current);
    free(mixes);
    free(counts);
}

static void run_generation(const struct scenario *s, const struct deploy_rate *rates,
                           struct gen_result *g, int lean)
{
    const struct generation *in = &s->generation;
    const struct volume *v = &g->volume;
    g->present = 1;
    g->has_volume = in->has_dataset;
    compute_volume(in, &g->volume);
    g->examples = v->examples;
    g->requests = v->requests;
    g->input_tokens = v->input_tokens;
    g->output_tokens = v->output_tokens;
    double *counts = xmalloc(in->nbackends * sizeof *counts);
    for (size_t i = 0; i < in->nbackends; i++)
        counts[i] = s->backends[in->backends[i]].count;
    serve(s, rates, counts, g);
    free(counts);
    if (in->deadline_s > 0 && !lean)
        plan_generation(s, rates, g);
}

/*
 * A run's time from FLOPs: training tokens = examples × train_share × tokens
 * an example × epochs; FLOPs = 4 (LoRA) or 6 (full) × parameters × tokens;
 * time = FLOPs / (gpus × peak FLOP/s × MFU) + overhead.
 */
static void estimate_run(const struct ft_estimate *e, const struct gen_result *g,
                         struct ft_result *f)
{
    double examples = e->examples > 0 ? e->examples : g->examples;
    double example_tokens = e->example_tokens > 0 ? e->example_tokens : g->volume.example_tokens;
    f->training_tokens_per_run = examples * e->train_share * example_tokens * e->epochs;
    f->flops = (e->full ? 6.0 : 4.0) * e->parameters * f->training_tokens_per_run;
    f->run_s = f->flops / (e->gpus * e->gpu_flops * e->mfu) + e->overhead_s;
}

static void run_fine_tuning(const struct scenario *s, const struct gen_result *g,
                            struct ft_result *f)
{
    const struct fine_tuning *in = &s->fine_tuning;
    f->present = 1;
    f->runs = in->runs;
    if (in->has_estimate) {
        estimate_run(&in->estimate, g, f);
    } else {
        f->run_s = in->duration_s;
        f->training_tokens_per_run = in->training_tokens;
    }
    f->duration_s = in->runs * f->run_s;
    f->training_tokens = in->runs * f->training_tokens_per_run;
    if (in->price.per_token)
        f->cost = f->training_tokens / 1000.0 * in->price.per_1k_training_tokens;
    else
        f->cost = in->runs * (f->run_s / HOUR_S) * in->price.per_hour;
}

/*
 * Evaluation: each question answered by every model, and each answer graded
 * by the judge once per metric.
 */
static void run_evaluation(const struct scenario *s, const struct gen_result *g,
                           struct eval_result *e)
{
    const struct evaluation *in = &s->evaluation;
    e->present = 1;
    e->questions =
        in->questions_is_share ? floor_count(g->examples * in->questions) : in->questions;
    e->answer_cost = 0;
    e->model_costs = xcalloc(in->nmodels, sizeof *e->model_costs);
    e->model_bills = xcalloc(in->nmodels, sizeof *e->model_bills);
    /* Each call at the rates of its size (a long-context tier applies per request). */
    for (size_t i = 0; i < in->nmodels; i++) {
        struct bill *bill = &e->model_bills[i];
        billing_tokens(&in->models[i], NULL, in->answer_input_tokens, in->answer_output_tokens,
                       bill);
        e->model_costs[i] =
            e->questions * bill_token_cost(bill, in->answer_input_tokens, in->answer_output_tokens);
        e->answer_cost += e->model_costs[i];
    }
    e->answer_input_tokens = e->questions * in->answer_input_tokens;
    e->answer_output_tokens = e->questions * in->answer_output_tokens;
    e->answers = e->questions * (double)in->nmodels;
    e->judged = in->has_judge ? e->answers * in->metrics : 0;
    e->judge_input_tokens = e->judged * in->judge_input_tokens;
    e->judge_output_tokens = e->judged * in->judge_output_tokens;
    e->judge_cost = 0;
    if (in->has_judge) {
        billing_tokens(&in->judge, NULL, in->judge_input_tokens, in->judge_output_tokens,
                       &e->judge_bill);
        e->judge_cost = e->judged * bill_token_cost(&e->judge_bill, in->judge_input_tokens,
                                                    in->judge_output_tokens);
    }
    e->cost = e->answer_cost + e->judge_cost;
}

static void run_option(const struct scenario *s, size_t index, struct inference_result *inf,
                       struct option_result *r)
{
    const struct inference *in = &s->inference;
    const struct deployment *o = &in->options[index];
    int months = inf->months;
    /* An option on machines of its own pays their hourly price per replica. */
    double per_hour = billing_option_per_hour(o); /* spot or on demand */
    r->option = o;
    r->hosted = o->has_instance || model_price_hosted(&o->model);
    r->replicas = r->hosted ? o->count : 0;
    r->hosting_per_month = r->hosted ? o->count * per_hour * MONTH_HOURS : 0;
    r->hosting_hours = r->replicas * MONTH_HOURS * months;
    r->hosting_cost = r->hosting_per_month * months;
    /* Its requests at the rates of their size, with its cache hits. */
    billing_tokens(&o->model, o, in->input_tokens, in->output_tokens, &r->bill);
    r->token_cost_per_request = bill_token_cost(&r->bill, in->input_tokens, in->output_tokens);
    r->monthly = xcalloc((size_t)months, sizeof *r->monthly);
    r->cumulative = xcalloc((size_t)months + 1, sizeof *r->cumulative);
    r->serving_cost = 0;
    for (int m = 0; m < months; m++) {
        r->monthly[m] = r->hosting_per_month + inf->monthly_requests[m] * r->token_cost_per_request;
        r->serving_cost += r->monthly[m];
    }
    r->first_month_cost = r->monthly[0];
    r->horizon_cost = r->serving_cost;
    /* Sized replicas replace the fixed hosting (model_capacity.c). */
    model_capacity_option_costs(s, inf, index, r);
}

/* Cumulative costs at the end of each month; the candidate starts at its one-off costs. */
static void accumulate(struct option_result *r, int months, double start)
{
    r->cumulative[0] = start;
    for (int m = 0; m < months; m++)
        r->cumulative[m + 1] = r->cumulative[m] + r->monthly[m];
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* Option k's monthly cost at a traffic of R requests a day (no growth); sized hosting follows R. */
static double monthly_cost_at(const struct scenario *s, const struct inference_result *inf,
                              size_t k, double requests_per_day)
{
    const struct option_result *o = &inf->options[k];
    if (model_capacity_is_sized(inf, k))
        return model_capacity_cost_at(s, inf, k, requests_per_day * MONTH_DAYS);
    return o->hosting_per_month + requests_per_day * MONTH_DAYS * o->token_cost_per_request;
}

/* Option bi (the baseline) against option ki (the candidate) into c. */
static void compare(const struct scenario *s, struct inference_result *inf, size_t bi, size_t ki,
                    double one_off, struct comparison *c)
{
    const struct inference *in = &s->inference;
    const struct option_result *b = &inf->options[bi];
    const struct option_result *k = &inf->options[ki];
    const struct model_price *bm = &b->option->model, *km = &k->option->model;
    double tokens_per_request = in->input_tokens + in->output_tokens;

    c->present = 1;
    c->baseline = b->option;
    c->candidate = k->option;
    c->input_price_ratio = ratio(bm->input_per_1k, km->input_per_1k);
    c->output_price_ratio = ratio(bm->output_per_1k, km->output_per_1k);
    c->asymptotic_ratio = ratio(b->token_cost_per_request, k->token_cost_per_request);
    c->first_month_ratio = ratio(b->first_month_cost, k->first_month_cost);
    c->horizon_ratio = ratio(b->serving_cost, k->serving_cost + one_off);

    /* Monthly costs are equal where Hb + R cb = Hc + R cc (R requests a month). */
    double hb = b->hosting_per_month, hc = k->hosting_per_month;
    double cb = b->token_cost_per_request, cc = k->token_cost_per_request;
    if (cb > cc) {
        double r = fmax(0.0, (hc - hb) / (cb - cc));
        c->breakeven_requests_per_day = r / MONTH_DAYS;
        c->breakeven_tokens_per_month = r * tokens_per_request;
        c->breakeven_monthly_cost = monthly_cost_at(s, inf, bi, c->breakeven_requests_per_day);
    } else {
        c->breakeven_requests_per_day = NAN;
        c->breakeven_tokens_per_month = NAN;
        c->breakeven_monthly_cost = NAN;
    }

    /* Payback: cumulative monthly savings reach the one-off costs, linear in a month. */
    /* With no one-off costs, it pays back at once if it saves from the start. */
    c->payback_days = c->payback_months = c->payback_cumulative_cost = NAN;
    double saved = 0;
    for (int m = 0; m < inf->months; m++) {
        double month_saving = b->monthly[m] - k->monthly[m];
        if (month_saving > 0 && saved + month_saving >= one_off) {
            double part = fmax(0.0, m + (one_off - saved) / month_saving) - m;
            c->payback_months = m + part;
            c->payback_days = c->payback_months * MONTH_DAYS;
            /* The candidate's cumulative cost there, linear within the month. */
            c->payback_cumulative_cost = k->cumulative[m] + part * k->monthly[m];
            break;
        }
        saved += month_saving;
    }

    /*
     * The claim K: (Hb + R cb) = K (Hc + R cc) at R = (K Hc - Hb) / (cb - K cc).
     * With cb > K cc the ratio ends above K: the claim holds from R up.  Else
     * it can hold only at low traffic, below R, and only if Hb > K Hc.
     */
    /*
     * The ratio moves monotonically from Hb / Hc (no traffic) to cb / cc
     * (unlimited traffic): the best is the higher end.  An end x / 0 with
     * x > 0 has no bound (the candidate's hosting, or its tokens, cost
     * nothing while the baseline's do), so there is no best ratio: NAN, as
     * for any figure that does not exist; an end 0 / 0 says nothing.
     */
    c->best_ratio = NAN;
    if ((hc == 0 && hb > 0) || (cc == 0 && cb > 0)) {
        c->best_ratio = NAN;
    } else {
        if (cc > 0)
            c->best_ratio = cb / cc;
        if (hc > 0 && (isnan(c->best_ratio) || hb / hc > c->best_ratio))
            c->best_ratio = hb / hc;
    }
    c->claim = in->claim;
    c->claim_requests_per_day = NAN;
    c->claim_rises_with_traffic = 1;
    if (in->claim > 0) {
        double kk = in->claim;
        c->claim_holds = c->first_month_ratio >= kk * (1 - 1e-12);
        double num = kk * hc - hb, den = cb - kk * cc;
        if (den > 0) {
            c->claim_requests_per_day = fmax(0.0, num / den) / MONTH_DAYS;
        } else if (den < 0 && num < 0) {
            c->claim_rises_with_traffic = 0;
            c->claim_requests_per_day = num / den / MONTH_DAYS;
        }
    }
    /* Sized hosting: the breakeven, the claim and the best ratio over its staircase. */
    if (model_capacity_is_sized(inf, bi) || model_capacity_is_sized(inf, ki))
        model_capacity_compare(s, inf, bi, ki, c);
}

/* How far the traffic axis reaches beyond the points of interest. */
#define TRAFFIC_MARGIN 10.0

/*
 * The traffics of the series: around the scenario's traffic and the points
 * worth seeing (breakeven, the claim's traffic, where an option's tokens cost
 * as much as its hosting), twelve decades at most.
 */
static void traffic_range(const struct inference_result *inf, double *lo, double *hi)
{
    const struct comparison *c = &inf->comparison;
    double low = inf->requests_per_day, high = inf->requests_per_day;
    double marks[3] = {NAN, NAN, NAN};
    if (c->present) {
        marks[0] = c->breakeven_requests_per_day;
        marks[1] = c->claim_requests_per_day;
    }
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        if (o->hosting_per_month > 0 && o->token_cost_per_request > 0) {
            double bend = o->hosting_per_month / o->token_cost_per_request / MONTH_DAYS;
            marks[2] = isnan(marks[2]) ? bend : fmax(marks[2], bend);
        }
    }
    for (size_t i = 0; i < 3; i++)
        if (isfinite(marks[i]) && marks[i] > 0) {
            low = fmin(low, marks[i]);
            high = fmax(high, marks[i]);
        }
    /* Sized hosting: far enough to see its first steps. */
    double steps = model_capacity_range_mark(inf);
    if (steps > 0)
        high = fmax(high, steps / TRAFFIC_MARGIN);
    *lo = low / TRAFFIC_MARGIN;
    *hi = high * TRAFFIC_MARGIN;
    if (*hi / *lo > 1e12) {
        *lo = fmax(*lo, inf->requests_per_day / 1e6);
        *hi = fmin(*hi, inf->requests_per_day * 1e6);
    }
}

static void traffic_series(const struct scenario *s, struct inference_result *inf)
{
    struct traffic_series *t = &inf->traffic;
    struct capacity_report *cap = &inf->capacity;
    size_t nopt = inf->noptions;
    traffic_range(inf, &t->lo, &t->hi);
    double *points = NULL;
    /* Sized hosting is a staircase: its steps join the series, both corners of each. */
    if (cap->sized) {
        t->n = model_capacity_traffic_points(s, inf, t->lo, t->hi, TRAFFIC_POINTS, &points);
    } else {
        t->n = TRAFFIC_POINTS;
        points = xcalloc(t->n, sizeof *points);
        for (size_t i = 0; i < t->n; i++)
            points[i] = t->lo * pow(t->hi / t->lo, (double)i / (double)(t->n - 1));
    }
    t->requests_per_day = points;
    t->monthly_cost = xcalloc(t->n * nopt, sizeof *t->monthly_cost);
    size_t bi = s->inference.baseline, ki = s->inference.candidate;
    if (inf->comparison.present) {
        t->ratio = xcalloc(t->n, sizeof *t->ratio);
        if (cap->present || nopt > 2)
            cap->traffic_ratio = xcalloc(t->n * nopt, sizeof *cap->traffic_ratio);
    }
    for (size_t i = 0; i < t->n; i++) {
        double r = t->requests_per_day[i];
        /* Past what its `max` replicas carry, a sized option has no cost to show. */
        for (size_t k = 0; k < nopt; k++)
            t->monthly_cost[i * nopt + k] = model_capacity_serves(s, inf, k, r * MONTH_DAYS)
                                                ? monthly_cost_at(s, inf, k, r)
                                                : NAN;
        if (t->ratio) {
            double cb = t->monthly_cost[i * nopt + bi], cc = t->monthly_cost[i * nopt + ki];
            t->ratio[i] = cc > 0 ? cb / cc : NAN;
            for (size_t k = 0; cap->traffic_ratio && k < nopt; k++)
                cap->traffic_ratio[i * nopt + k] =
                    cc > 0 ? t->monthly_cost[i * nopt + k] / cc : NAN;
        }
    }
}

static int run_inference(const struct scenario *s, struct inference_result *inf, double one_off,
                         int lean, struct diag *d)
{
    const struct inference *in = &s->inference;
    inf->present = 1;
    inf->months = scenario_horizon_months(s);
    assert(inf->months >= 1);
    inf->requests_per_day = in->requests_per_s * DAY_S;
    inf->requests_per_month = in->requests_per_s * MONTH_S;
    /* Traffic grows by `growth` a month, compounding; month 1 has the base traffic. */
    inf->monthly_requests = xcalloc((size_t)inf->months, sizeof *inf->monthly_requests);
    double requests = inf->requests_per_month;
    inf->horizon_requests = 0;
    for (int m = 0; m < inf->months; m++) {
        inf->monthly_requests[m] = requests;
        inf->horizon_requests += requests;
        requests *= 1.0 + in->growth;
    }
    inf->horizon_input_tokens = inf->horizon_requests * in->input_tokens;
    inf->horizon_output_tokens = inf->horizon_requests * in->output_tokens;
    inf->noptions = in->noptions;
    inf->options = xcalloc(in->noptions, sizeof *inf->options);
    if (model_capacity_size(s, inf, d) != 0)
        return -1;
    for (size_t i = 0; i < in->noptions; i++)
        run_option(s, i, inf, &inf->options[i]);
    for (size_t i = 0; i < in->noptions; i++) {
        int candidate = in->has_compare && i == in->candidate;
        accumulate(&inf->options[i], inf->months, candidate ? one_off : 0);
    }
    if (in->has_compare) {
        inf->options[in->candidate].horizon_cost += one_off;
        compare(s, inf, in->baseline, in->candidate, one_off, &inf->comparison);
        /* With more than two options: every other option against the candidate. */
        struct capacity_report *cap = &inf->capacity;
        if (in->noptions > 2) {
            cap->against = xcalloc(in->noptions, sizeof *cap->against);
            for (size_t i = 0; i < in->noptions; i++)
                if (i != in->candidate)
                    compare(s, inf, i, in->candidate, one_off, &cap->against[cap->nagainst++]);
        }
    }
    if (!lean)
        traffic_series(s, inf);
    return 0;
}

/*
 * Budgets: the one-off total, the dearest month of serving (the candidate's
 * when there is a comparison, else any option's) and the horizon total.
 */
static void check_budget(const struct scenario *s, struct report *r)
{
    const struct budget *b = &s->budget;
    struct budget_result *out = &r->budget;
    const struct inference_result *inf = &r->inference;
    out->monthly = NAN;
    for (size_t i = 0; i < inf->noptions; i++) {
        if (s->inference.has_compare && i != s->inference.candidate)
            continue;
        for (int m = 0; m < inf->months; m++)
            if (isnan(out->monthly) || inf->options[i].monthly[m] > out->monthly)
                out->monthly = inf->options[i].monthly[m];
    }
    out->over_one_off = b->one_off > 0 && r->one_off > b->one_off;
    out->over_monthly = b->monthly > 0 && !isnan(out->monthly) && out->monthly > b->monthly;
    out->over_horizon = b->horizon > 0 && r->horizon_total > b->horizon;
    out->over = out->over_one_off || out->over_monthly || out->over_horizon;
}

/* The parameters that feed each kind of figure, by the start of their paths. */
static const char *const generation_inputs[] = {"backends.", "generation.", NULL};
static const char *const one_off_inputs[] = {"backends.", "generation.", "fine_tuning.",
                                             "evaluation.", NULL};
static const char *const inference_inputs[] = {"inference.", NULL};
static const char *const all_inputs[] = {"", NULL};

/*
 * A figure that overflowed: its name for the error message, and in *inputs
 * the paths of the parameters it comes from.
 */
static const char *overflowed(const struct report *r, const char *const **inputs)
{
    const struct comparison *c = &r->inference.comparison;
    *inputs = generation_inputs;
    for (size_t i = 0; i < r->generation.nbackends; i++)
        if (!isfinite(r->generation.backends[i].cost) ||
            !isfinite(r->generation.backends[i].alone_cost))
            return "the generation cost";
    if (r->generation.present &&
        (!isfinite(r->generation.wall_s) || !isfinite(r->generation.throughput_tok_s)))
        return "the generation time";
    *inputs = one_off_inputs;
    if (!isfinite(r->one_off))
        return "the one-off costs";
    *inputs = inference_inputs;
    for (size_t i = 0; i < r->inference.noptions; i++)
        if (!isfinite(r->inference.options[i].horizon_cost))
            return "an inference option's cost over the horizon";
    /* NAN means "does not exist" there; only infinity is an overflow. */
    if (c->present && (isinf(c->input_price_ratio) || isinf(c->output_price_ratio) ||
                       isinf(c->asymptotic_ratio) || isinf(c->first_month_ratio) ||
                       isinf(c->horizon_ratio) || isinf(c->breakeven_requests_per_day) ||
                       isinf(c->breakeven_tokens_per_month) || isinf(c->claim_requests_per_day)))
        return "the comparison's ratios";
    *inputs = all_inputs;
    if (!isfinite(r->horizon_total))
        return "the horizon total";
    return NULL;
}

/*
 * The number to blame for an overflow: of the numbers written in the file or
 * set on the command line that feed the figure, the largest.  NULL: none.
 */
static const struct param *overflow_culprit(const struct scenario *s, const char *const *inputs)
{
    /* Growth compounding over the horizon overflows however small the traffic. */
    if (inputs == inference_inputs && s->inference.growth > 0 &&
        !(pow(1.0 + s->inference.growth, scenario_horizon_months(s)) < 1e300)) {
        const struct param *g = params_find(&s->params, "inference.traffic.growth");
        if (g)
            return g;
    }
    const struct param *best = NULL;
    double best_value = 0;
    for (size_t i = 0; i < s->params.n; i++) {
        const struct param *p = &s->params.items[i];
        if (p->type != PARAM_NUMBER || !(p->given || p->line == 0))
            continue;
        int feeds = 0;
        for (size_t k = 0; inputs[k] && !feeds; k++)
            feeds = strncmp(p->path, inputs[k], strlen(inputs[k])) == 0;
        double v = fabs(params_get(s, p));
        if (feeds && v > best_value) {
            best = p;
            best_value = v;
        }
    }
    return best;
}

/* A parameter's value for a message, in a unit of its kind ("1000% a month", "1200 months"). */
static const char *value_text(const struct scenario *s, const struct param *p, char text[96])
{
    double v = params_get(s, p) / p->scale;
    if (p->kind == QK_FRACTION && strcmp(p->path, "inference.traffic.growth") == 0)
        snprintf(text, 96, "%g%% a month over %d months", v * 100, scenario_horizon_months(s));
    else if (p->kind == QK_FRACTION)
        snprintf(text, 96, "%g%%", v * 100);
    else if (p->kind == QK_DURATION)
        snprintf(text, 96, "%g h", v / HOUR_S);
    else if (p->kind == QK_RATE)
        snprintf(text, 96, "%g/day", v * DAY_S);
    else if (p->kind == QK_THROUGHPUT)
        snprintf(text, 96, "%g tok/s", v);
    else
        snprintf(text, 96, "%g", v);
    return text;
}

/* lean: leave out what only the report's text and plots show (model_run_lean). */
static int run(const struct scenario *s, struct report *r, struct diag *d, int lean,
               model_generation_hook hook, void *hook_ctx)
{
    memset(r, 0, sizeof *r);
    r->scenario = s;
    if (!lean) {
        r->ncatalogues = s->pricing.n;
        r->catalogues = xcalloc(s->pricing.n ? s->pricing.n : 1, sizeof *r->catalogues);
        for (size_t i = 0; i < s->pricing.n; i++) {
            struct catalogue_use *u = &r->catalogues[i];
            u->catalogue = s->pricing.items[i];
            u->used = scenario_prices_used(s, u->catalogue, &u->nused);
        }
    }
    r->backend_rates = xcalloc(s->nbackends ? s->nbackends : 1, sizeof *r->backend_rates);
    for (size_t i = 0; i < s->nbackends; i++)
        deployment_rate(&s->backends[i], &r->backend_rates[i]);
    if (s->generation.present)
        run_generation(s, r->backend_rates, &r->generation, lean);
    if (hook && hook(hook_ctx, s, r, d) != 0) {
        report_release(r);
        return -1;
    }
    if (s->fine_tuning.present)
        run_fine_tuning(s, &r->generation, &r->fine_tuning);
    if (s->evaluation.present)
        run_evaluation(s, &r->generation, &r->evaluation);
    r->one_off = r->generation.cost + r->fine_tuning.cost + r->evaluation.cost;
    r->horizon_total = r->one_off;
    if (s->inference.present) {
        if (run_inference(s, &r->inference, r->one_off, lean, d) != 0) {
            report_release(r);
            return -1;
        }
        if (s->inference.has_compare)
            r->horizon_total = r->inference.options[s->inference.candidate].horizon_cost;
    }
    check_budget(s, r);
    const char *const *inputs;
    char text[96];
    const char *bad = overflowed(r, &inputs);
    if (bad) {
        /* Point at the number that is too large, where it was written or set. */
        const struct param *p = overflow_culprit(s, inputs);
        if (!p)
            diag_set(d, s->file, NULL, 0, 0, 0,
                     "overflow in %s: the scenario's numbers are too large to compute with", bad);
        else if (p->line == 0)
            diag_plain(d, "--set %s: overflow in %s: '%s' (%s) is too large to compute with",
                       p->path, bad, params_key(p), value_text(s, p, text));
        else
            diag_set(d, s->file, s->src, s->srclen, p->line, p->col,
                     "overflow in %s: '%s' (%s) is too large to compute with", bad, params_key(p),
                     value_text(s, p, text));
        report_release(r);
        return -1;
    }
    return 0;
}

int model_run(const struct scenario *s, struct report *r, struct diag *d)
{
    return run(s, r, d, 0, NULL, NULL);
}

int model_run_lean(const struct scenario *s, struct report *r, struct diag *d)
{
    return run(s, r, d, 1, NULL, NULL);
}

int model_run_lean_hooked(const struct scenario *s, model_generation_hook hook, void *ctx,
                          struct report *r, struct diag *d)
{
    return run(s, r, d, 1, hook, ctx);
}

void report_release(struct report *r)
{
    struct gen_plan *plan = &r->generation.plan;
    for (size_t i = 0; i < plan->nfrontier; i++)
        free(plan->frontier[i].counts);
    free(plan->frontier);
    free(plan->fastest.counts);
    free(plan->cheapest.counts);
    free(r->generation.backends);
    free(r->evaluation.model_costs);
    free(r->evaluation.model_bills);
    for (size_t i = 0; i < r->inference.noptions; i++) {
        free(r->inference.options[i].monthly);
        free(r->inference.options[i].cumulative);
    }
    free(r->inference.options);
    free(r->inference.monthly_requests);
    free(r->inference.traffic.requests_per_day);
    free(r->inference.traffic.monthly_cost);
    free(r->inference.traffic.ratio);
    model_capacity_release(&r->inference.capacity);
    for (size_t i = 0; i < r->ncatalogues; i++)
        free(r->catalogues[i].used);
    free(r->catalogues);
    free(r->backend_rates);
    model_sim_release(&r->simulation);
    memset(r, 0, sizeof *r);
}
