/*
 * calib_plan: see calib_plan.h.  One pass over the log sums each group;
 * the projection is calibrate.h's, on the log whose spends are the costs
 * counted here, with each dedicated backend's hours added.
 */
#include "calib_plan.h"

#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

double pa_get(const struct pa_figures *f, enum pa_figure which)
{
    switch (which) {
    case PA_REQUESTS:
        return f->requests;
    case PA_INPUT:
        return f->input_tokens;
    case PA_OUTPUT:
        return f->output_tokens;
    case PA_COST:
        return f->cost;
    case PA_SECONDS:
        return f->seconds;
    case PA_TOK_S:
        return f->output_tok_s;
    case PA_REJECTED:
    case PA_NFIGURES:
        break;
    }
    return f->rejected;
}

const char *pa_key(enum pa_figure which)
{
    static const char *const keys[PA_NFIGURES] = {
        "requests", "input_tokens", "output_tokens", "cost", "hours", "output_tok_s", "rejected"};
    return which < PA_NFIGURES ? keys[which] : "";
}

static double time_of(const struct usage_record *r)
{
    return isnan(r->end_s) ? r->start_s : r->end_s;
}

size_t plan_actual_cut(struct usage_log *log, double now_s)
{
    if (isnan(now_s))
        return 0;
    size_t kept = 0;
    for (size_t i = 0; i < log->n; i++)
        if (!(time_of(&log->records[i]) > now_s))
            log->records[kept++] = log->records[i];
    size_t dropped = log->n - kept;
    log->n = kept;
    return dropped;
}

static void figures_nan(struct pa_figures *f)
{
    f->requests = f->input_tokens = f->output_tokens = f->cost = NAN;
    f->seconds = f->output_tok_s = f->rejected = NAN;
}

/* A deviation: got / want - 1, or NaN where want is not positive and finite. */
static double deviation(double got, double want)
{
    return want > 0 && isfinite(want) && isfinite(got) ? got / want - 1 : NAN;
}

static void compare(struct pa_group *g, double fraction)
{
    struct pa_figures *p = &g->planned, *e = &g->expected, *a = &g->actual, *dv = &g->deviation;
    e->requests = p->requests * fraction;
    e->input_tokens = p->input_tokens * fraction;
    e->output_tokens = p->output_tokens * fraction;
    e->cost = p->cost * fraction;
    e->seconds = p->seconds * fraction;
    e->output_tok_s = p->output_tok_s;
    e->rejected = isnan(p->rejected) ? NAN : p->rejected * fraction;
    a->output_tok_s = a->seconds > 0 ? a->output_tokens / a->seconds : NAN;
    dv->requests = deviation(a->requests, e->requests);
    dv->input_tokens = deviation(a->input_tokens, e->input_tokens);
    dv->output_tokens = deviation(a->output_tokens, e->output_tokens);
    dv->cost = deviation(a->cost, e->cost);
    dv->seconds = deviation(a->seconds, e->seconds);
    dv->output_tok_s = deviation(a->output_tok_s, e->output_tok_s);
    dv->rejected = deviation(a->rejected, e->rejected);
}

/* What a group's records sum to, before the hours of a dedicated backend. */
struct sums {
    double first, last;
};

static void group_add(struct pa_group *g, struct sums *t, const struct usage_record *r)
{
    if (!isnan(r->spend))
        g->actual.cost += r->spend;
    if (r->kind == USAGE_KIND_OTHER)
        return;
    g->actual.requests++;
    g->actual.rejected += r->status == USAGE_RATE_LIMITED;
    if (r->status == USAGE_OK) {
        g->succeeded++;
        g->actual.input_tokens += r->prompt_tokens;
        g->actual.output_tokens += r->completion_tokens;
    }
    if (!isnan(r->start_s) && !(r->start_s >= t->first))
        t->first = r->start_s;
    double when = time_of(r);
    if (!isnan(when) && !(when <= t->last))
        t->last = when;
}

static void group_start(struct pa_group *g, const char *name, size_t backend, int dedicated)
{
    memset(g, 0, sizeof *g);
    g->name = name;
    g->backend = backend;
    g->dedicated = dedicated;
    figures_nan(&g->planned);
    g->actual.seconds = NAN;
}

/* The dedicated backend's cost a second while provisioned: count x per_hour / 3600. */
static double hourly_rate(const struct deployment *b)
{
    return b->type == DEPLOY_DEDICATED ? b->count * b->instance.per_hour / 3600 : 0;
}

/* The cost of a record: the log's spend, or its tokens at a serverless backend's prices. */
static double record_cost(const struct usage_record *r, const struct deployment *b,
                          size_t *unpriced)
{
    if (b && b->type == DEPLOY_DEDICATED)
        return 0;
    if (!isnan(r->spend))
        return r->spend;
    if (!b) {
        ++*unpriced;
        return 0;
    }
    if (r->status != USAGE_OK || r->kind == USAGE_KIND_OTHER)
        return 0;
    return r->prompt_tokens * b->model.input_per_1k / 1000 +
           r->completion_tokens * b->model.output_per_1k / 1000;
}

static void kinds_of(const struct scenario *s, const struct report *r, struct usage_log *log,
                     struct plan_actual *out)
{
    const struct generation *g = &s->generation;
    if (!g->has_dataset || !r->generation.has_volume)
        return;
    const struct dataset *ds = &g->dataset;
    struct calibration cal;
    struct diag d = DIAG_INIT;
    struct calib_options o = {.questions_per_chunk = ds->questions_per_chunk};
    if (calibrate(log, &o, &cal, &d) != 0) {
        diag_release(&d);
        return;
    }
    out->rule = cal.kinds.rule;
    out->has_kinds = cal.kinds.rule != CALIB_RULE_NONE;
    struct pa_kind *q = &out->question, *a = &out->answer;
    q->planned_calls = r->generation.volume.question_calls;
    q->planned_prompt = ds->question_prompt_tokens + ds->chunk_tokens;
    q->planned_output = ds->questions_per_chunk * ds->question_tokens;
    a->planned_calls = r->generation.volume.answer_calls;
    a->planned_prompt = ds->answer_prompt_tokens + ds->chunk_tokens + ds->question_tokens;
    a->planned_output = ds->answer_tokens;
    const struct calib_calls *c[2] = {&cal.question, &cal.answer};
    struct pa_kind *k[2] = {q, a};
    for (int i = 0; i < 2; i++) {
        k[i]->calls = (double)c[i]->n;
        k[i]->prompt = c[i]->prompt_tokens.mean;
        k[i]->output = c[i]->output_tokens.mean;
        k[i]->prompt_deviation = deviation(k[i]->prompt, k[i]->planned_prompt);
        k[i]->output_deviation = deviation(k[i]->output, k[i]->planned_output);
    }
    calibration_release(&cal);
}

int plan_actual_compute(const struct scenario *s, const struct report *r, struct usage_log *log,
                        const struct calib_map *map, const struct plan_actual_options *options,
                        struct plan_actual *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    const struct gen_result *gen = &r->generation;
    if (!gen->present) {
        diag_plain(d, "the scenario has no generation phase to compare the log with");
        return -1;
    }
    /* The backend of each interned deployment name. */
    size_t *backend_of = xmalloc((log->nstrings ? log->nstrings : 1) * sizeof *backend_of);
    for (size_t i = 0; i < log->nstrings; i++)
        backend_of[i] = CALIB_NO_BACKEND;
    for (size_t i = 0; i < map->n; i++)
        backend_of[map->items[i].ref] = map->items[i].backend;

    /* Each record costs what this comparison counts for it. */
    for (size_t i = 0; i < log->n; i++) {
        struct usage_record *rec = &log->records[i];
        size_t b = rec->deployment == USAGE_NONE ? CALIB_NO_BACKEND : backend_of[rec->deployment];
        rec->spend =
            record_cost(rec, b == CALIB_NO_BACKEND ? NULL : &s->backends[b], &out->unpriced);
    }
    log->has_spend = 1;

    double planned =
        gen->has_volume ? gen->volume.question_calls + gen->volume.answer_calls : gen->requests;
    struct projection_options po = {planned, options->now_s, options->window_s};
    if (actual_project(log, &po, &out->projection, d) != 0) {
        free(backend_of);
        return -1;
    }
    const struct projection *pj = &out->projection;
    out->first_start_s = pj->first_start_s;
    out->now_s = pj->now_s;
    out->elapsed_s = pj->now_s - pj->first_start_s;
    out->planned_requests = planned;
    out->done = pj->done;
    out->fraction = pj->fraction;
    out->finished = pj->finished;
    /* Run time so far: to now, or to the last call of a finished job. */
    double run_s = pj->finished ? pj->total_s : out->elapsed_s;

    /* The groups: the job, each generation backend, the unmatched deployments. */
    size_t nb = s->generation.nbackends;
    out->backends = xcalloc(nb ? nb : 1, sizeof *out->backends);
    out->nbackends = nb;
    size_t *group_of = xmalloc((s->nbackends ? s->nbackends : 1) * sizeof *group_of);
    for (size_t i = 0; i < s->nbackends; i++)
        group_of[i] = SIZE_MAX;
    group_start(&out->total, NULL, CALIB_NO_BACKEND, 0);
    group_start(&out->unmatched, NULL, CALIB_NO_BACKEND, 0);
    for (size_t k = 0; k < nb; k++) {
        size_t b = s->generation.backends[k];
        const struct deployment *be = &s->backends[b];
        group_start(&out->backends[k], be->name, b, be->type == DEPLOY_DEDICATED);
        group_of[b] = k;
        struct pa_figures *p = &out->backends[k].planned;
        *p = (struct pa_figures){0, 0, 0, 0, 0, NAN, 0};
        for (size_t j = 0; j < gen->nbackends; j++) {
            const struct gen_backend_result *res = &gen->backends[j];
            if (res->backend != be)
                continue;
            p->requests = res->share * planned;
            p->input_tokens = res->input_tokens;
            p->output_tokens = res->output_tokens;
            p->cost = res->cost;
            p->seconds = res->busy_s;
            p->output_tok_s = res->throughput_tok_s;
        }
    }
    for (size_t i = 0; i < map->n; i++)
        if (map->items[i].backend != CALIB_NO_BACKEND &&
            group_of[map->items[i].backend] != SIZE_MAX)
            out->backends[group_of[map->items[i].backend]].ndeployments++;
        else
            out->unmatched.ndeployments++;
    out->total.planned = (struct pa_figures){
        planned,   gen->input_tokens, gen->output_tokens,
        gen->cost, gen->wall_s,       gen->wall_s > 0 ? gen->output_tokens / gen->wall_s : NAN,
        0};

    struct sums *sums = xmalloc((nb + 2) * sizeof *sums);
    for (size_t k = 0; k < nb + 2; k++)
        sums[k] = (struct sums){NAN, NAN};
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *rec = &log->records[i];
        size_t b = rec->deployment == USAGE_NONE ? CALIB_NO_BACKEND : backend_of[rec->deployment];
        size_t k = b == CALIB_NO_BACKEND ? SIZE_MAX : group_of[b];
        group_add(&out->total, &sums[nb], rec);
        if (k == SIZE_MAX) {
            group_add(&out->unmatched, &sums[nb + 1], rec);
            out->has_unmatched = 1;
        } else {
            group_add(&out->backends[k], &sums[k], rec);
        }
    }
    /* Dedicated backends are billed from their provisioning on. */
    double fixed_so_far = 0, fixed_projected = 0;
    for (size_t k = 0; k < nb; k++) {
        struct pa_group *g = &out->backends[k];
        g->actual.seconds = sums[k].last - sums[k].first;
        if (!g->dedicated)
            continue;
        const struct deployment *be = &s->backends[g->backend];
        double rate = hourly_rate(be);
        double so_far = rate * (be->provisioning_s + run_s + (pj->finished ? be->teardown_s : 0));
        g->actual.cost += so_far;
        fixed_so_far += so_far;
        fixed_projected += rate * (be->provisioning_s + pj->total_s + be->teardown_s);
        out->hourly_start += rate * be->provisioning_s;
        out->hourly_per_s += rate;
        out->hourly_end += rate * be->teardown_s;
    }
    out->total.actual.cost += fixed_so_far;
    out->total.actual.seconds = run_s;
    out->unmatched.actual.seconds = sums[nb + 1].last - sums[nb + 1].first;
    compare(&out->total, out->fraction);
    for (size_t k = 0; k < nb; k++)
        compare(&out->backends[k], out->fraction);
    compare(&out->unmatched, out->fraction);
    free(sums);
    free(group_of);
    free(backend_of);

    kinds_of(s, r, log, out);

    /* The whole job at the rate of the window. */
    struct pa_figures *pr = &out->projected;
    pr->requests = planned;
    pr->input_tokens = pj->projected_input_tokens;
    pr->output_tokens = pj->projected_output_tokens;
    pr->cost = pj->projected_spend + fixed_projected;
    pr->seconds = pj->total_s;
    pr->output_tok_s = pj->total_s > 0 ? pr->output_tokens / pj->total_s : NAN;
    pr->rejected = out->done > 0 ? out->total.actual.rejected / out->done * planned : NAN;
    const struct pa_figures *pl = &out->total.planned;
    struct pa_figures *pd = &out->projected_deviation;
    pd->requests = deviation(pr->requests, pl->requests);
    pd->input_tokens = deviation(pr->input_tokens, pl->input_tokens);
    pd->output_tokens = deviation(pr->output_tokens, pl->output_tokens);
    pd->cost = deviation(pr->cost, pl->cost);
    pd->seconds = deviation(pr->seconds, pl->seconds);
    pd->output_tok_s = deviation(pr->output_tok_s, pl->output_tok_s);
    pd->rejected = NAN;
    out->finish_s = pj->finish_s;

    /* Budgets: the plan's figures with the projected generation in place of the planned. */
    out->plan_one_off = r->one_off;
    out->projected_one_off = r->one_off - gen->cost + pr->cost;
    out->budget_one_off = s->budget.one_off;
    out->plan_horizon = r->horizon_total;
    out->projected_horizon = r->horizon_total - gen->cost + pr->cost;
    out->budget_horizon = s->budget.horizon;
    out->deadline_s = s->generation.deadline_s;
    out->deadline_at_s = options->deadline_s;
    out->over_one_off = out->budget_one_off > 0 && !(out->projected_one_off <= out->budget_one_off);
    out->over_horizon = out->budget_horizon > 0 && !(out->projected_horizon <= out->budget_horizon);
    out->over_deadline = out->deadline_s > 0 && !(pr->seconds <= out->deadline_s);
    out->over_deadline_at = !isnan(out->deadline_at_s) && !(out->finish_s <= out->deadline_at_s);
    out->over =
        out->over_one_off || out->over_horizon || out->over_deadline || out->over_deadline_at;
    return 0;
}

void plan_actual_release(struct plan_actual *pa)
{
    if (!pa)
        return;
    free(pa->backends);
    memset(pa, 0, sizeof *pa);
}

/* ---- the series ---- */

void plan_actual_series(const struct plan_actual *pa, const struct usage_log *log,
                        struct pa_series *out)
{
    memset(out, 0, sizeof *out);
    double t0 = pa->first_start_s;
    size_t n = log->n ? log->n : 1, m = 0;
    double *when = xmalloc(n * sizeof *when), *cost = xmalloc(n * sizeof *cost);
    double *in = xmalloc(n * sizeof *in), *outp = xmalloc(n * sizeof *outp);
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        double t = time_of(r);
        if (isnan(t))
            continue;
        int call = r->status == USAGE_OK && r->kind != USAGE_KIND_OTHER;
        when[m] = t - t0;
        cost[m] = isnan(r->spend) ? 0 : r->spend;
        in[m] = call ? r->prompt_tokens : 0;
        outp[m] = call ? r->completion_tokens : 0;
        m++;
    }
    size_t *order = xmalloc((m ? m : 1) * sizeof *order);
    gsl_sort_index(order, when, 1, m);
    size_t step = m > PA_SERIES_MAX ? (m + PA_SERIES_MAX - 1) / PA_SERIES_MAX : 1;
    size_t cap = m / step + 3;
    out->t_s = xmalloc(cap * sizeof *out->t_s);
    out->cost = xmalloc(cap * sizeof *out->cost);
    out->input = xmalloc(cap * sizeof *out->input);
    out->output = xmalloc(cap * sizeof *out->output);
    double run_s = pa->total.actual.seconds;
#define POINT(t, c, i, o)                                                                          \
    do {                                                                                           \
        out->t_s[out->n] = (t);                                                                    \
        out->cost[out->n] = (c) + pa->hourly_start + pa->hourly_per_s * (t);                       \
        out->input[out->n] = (i);                                                                  \
        out->output[out->n] = (o);                                                                 \
        out->n++;                                                                                  \
    } while (0)
    POINT(0.0, 0.0, 0.0, 0.0);
    double c = 0, ci = 0, co = 0;
    for (size_t k = 0; k < m; k++) {
        size_t j = order[k];
        c += cost[j];
        ci += in[j];
        co += outp[j];
        if ((k + 1) % step == 0 || k + 1 == m)
            POINT(when[j] < run_s ? when[j] : run_s, c, ci, co);
    }
    if (out->t_s[out->n - 1] < run_s)
        POINT(run_s, c, ci, co);
#undef POINT
    /* A finished job has paid its teardown. */
    if (pa->finished)
        out->cost[out->n - 1] += pa->hourly_end;
    out->now_s = run_s;
    out->plan_s = pa->total.planned.seconds;
    out->plan_cost_start = pa->hourly_start;
    out->plan_cost = pa->total.planned.cost;
    out->plan_input = pa->total.planned.input_tokens;
    out->plan_output = pa->total.planned.output_tokens;
    out->projected_s = pa->finished ? NAN : pa->projected.seconds;
    out->projected_cost = pa->projected.cost;
    out->projected_input = pa->projected.input_tokens;
    out->projected_output = pa->projected.output_tokens;
    free(when);
    free(cost);
    free(in);
    free(outp);
    free(order);
}

void pa_series_release(struct pa_series *series)
{
    if (!series)
        return;
    free(series->t_s);
    free(series->cost);
    free(series->input);
    free(series->output);
    memset(series, 0, sizeof *series);
}
