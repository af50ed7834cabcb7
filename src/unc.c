/*
 * unc: see unc.h.  The order of work: the inputs (ranges, then defaults),
 * the figures (from a lean model run of the scenario as it stands), the
 * plan and one clone a thread, mc_run, then the summaries, the
 * probabilities and the histograms (unc_hist.c); a fitted curve's draws are
 * unc_fit.c's; the tornado is at the end.  Every formula is in
 * docs/uncertainty.md.
 */
#include "unc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "format.h"
#include "model.h"
#include "model_sim.h"
#include "progress.h"
#include "unc_figures.h"
#include "unc_internal.h"
#include "units.h"
#include "util.h"

/* The default ranges (docs/uncertainty.md section 7). */
#define DEFAULT_MFU_LOW 0.3
#define DEFAULT_MFU_MODE 0.6
#define DEFAULT_OVERHEAD_LOW_S (5 * MINUTE_S)
#define DEFAULT_OVERHEAD_MODE_S (15 * MINUTE_S)
#define DEFAULT_OVERHEAD_HIGH_S (2 * HOUR_S)
#define DEFAULT_TOKENS_FACTOR 1.12

/* A column of a plan: what one drawn number sets. */
enum slot_kind {
    SLOT_PARAM, /* a parameter, through params_set */
    SLOT_FIT_Z, /* a standard normal score of a fit's free parameter `component` */
    SLOT_FIT_T, /* the tornado's one step along a fit's direction */
};

struct slot {
    enum slot_kind kind;
    size_t param; /* SLOT_PARAM: index into the scenario's params.items */
    double scale; /* SLOT_PARAM: stored value = drawn value × scale */
    size_t fit;   /* SLOT_FIT_*: index into the model's fits */
    size_t component;
};

struct unc_model {
    struct slot *mc_slots; /* the plan's columns */
    struct sample_input *mc_inputs;
    size_t n_mc;
    struct slot *tornado_slots; /* one per reported input */
    struct sample_input *tornado_inputs;
    double *tornado_base;
    size_t *mc_column; /* per reported input: its plan column (a fit: its throughput figure) */
    size_t n_tornado;
    struct unc_fit *fits;
    size_t nfits;
    const struct unc_figure *figures; /* the result's */
    size_t nfigures;
    int simulate;       /* the scenario simulates: each sample's generation is one replication */
    unsigned long seed; /* of the samples' streams */
};

/* ---- inputs ---------------------------------------------------------- */

/* An input being gathered: a parameter with its distribution, or a fit. */
struct pending {
    const struct range *range; /* NULL: a default */
    const struct param *param; /* NULL: a fit */
    size_t param_index;
    struct dist dist;
    char *text;
    size_t backend;
};

struct pendings {
    struct pending *items;
    size_t n, cap;
};

static struct pending *pending_add(struct pendings *p)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 8;
        p->items = xrealloc(p->items, p->cap * sizeof *p->items);
    }
    struct pending *it = &p->items[p->n++];
    memset(it, 0, sizeof *it);
    return it;
}

static void pendings_release(struct pendings *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].text);
    free(p->items);
}

/* A default range on path unless the file writes one there (or the path does not exist). */
static const struct param *default_target(const struct scenario *s, const char *path)
{
    if (ranges_find(&s->ranges, path))
        return NULL;
    return params_find(&s->params, path);
}

static void add_triangular(struct pendings *out, const struct scenario *s, const struct param *p,
                           double low, double mode, double high, char *text)
{
    struct dist_args a = DIST_ARGS_INIT;
    dist_args_set(&a, DIST_ARG_LOW, low, NULL);
    dist_args_set(&a, DIST_ARG_MODE, mode, NULL);
    dist_args_set(&a, DIST_ARG_HIGH, high, NULL);
    struct pending *it = pending_add(out);
    char *msg = NULL;
    enum dist_arg at;
    /* Within the field's limits by construction (0 < low <= mode <= high = m). */
    if (dist_from_args(DIST_TRIANGULAR, &a, p->path, p->flags, &it->dist, &msg, &at) != 0)
        abort();
    it->param = p;
    it->param_index = (size_t)(p - s->params.items);
    it->text = text;
}

/* The default ranges of docs/uncertainty.md section 7 that apply to s. */
static void default_ranges(const struct scenario *s, struct pendings *out)
{
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    const struct param *p;
    if (s->fine_tuning.present && s->fine_tuning.has_estimate) {
        double m = s->fine_tuning.estimate.mfu;
        if ((p = default_target(s, "fine_tuning.estimate.mfu")))
            add_triangular(out, s, p, DEFAULT_MFU_LOW * m, DEFAULT_MFU_MODE * m, m,
                           xasprintf("default: triangular %s, %s, %s (0.3, 0.6 and 1 times the "
                                     "%s written)",
                                     fmt_percent(b1, DEFAULT_MFU_LOW * m),
                                     fmt_percent(b2, DEFAULT_MFU_MODE * m), fmt_percent(b3, m),
                                     fmt_percent(b3, m)));
        if (s->fine_tuning.estimate.overhead_s == 0 &&
            (p = default_target(s, "fine_tuning.estimate.overhead")))
            add_triangular(out, s, p, DEFAULT_OVERHEAD_LOW_S, DEFAULT_OVERHEAD_MODE_S,
                           DEFAULT_OVERHEAD_HIGH_S,
                           xstrdup("default: triangular 5 min, 15 min, 2 h (a managed "
                                   "service's queue and set-up)"));
    }
    if (s->generation.present && s->generation.has_dataset) {
        static const char *const paths[] = {"generation.dataset.question_tokens",
                                            "generation.dataset.answer_tokens"};
        for (size_t i = 0; i < 2; i++) {
            if (!(p = default_target(s, paths[i])))
                continue;
            double m = params_get(s, p) / p->scale;
            struct dist_args a = DIST_ARGS_INIT;
            dist_args_set(&a, DIST_ARG_P5, m / DEFAULT_TOKENS_FACTOR, NULL);
            dist_args_set(&a, DIST_ARG_P95, m * DEFAULT_TOKENS_FACTOR, NULL);
            struct pending *it = pending_add(out);
            char *msg = NULL;
            enum dist_arg at;
            if (dist_from_args(DIST_LOGNORMAL, &a, p->path, p->flags, &it->dist, &msg, &at) != 0)
                abort();
            it->param = p;
            it->param_index = (size_t)(p - s->params.items);
            it->text = xasprintf("default: %.4g..%.4g (%.4g / 1.12 .. %.4g x 1.12, a 90%% "
                                 "interval)",
                                 m / DEFAULT_TOKENS_FACTOR, m * DEFAULT_TOKENS_FACTOR, m, m);
        }
    }
}

static void gather(const struct scenario *s, struct pendings *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < s->ranges.n; i++) {
        const struct range *rg = &s->ranges.items[i];
        struct pending *it = pending_add(out);
        it->range = rg;
        it->text = xstrdup(rg->text);
        if (rg->kind == RANGE_FIT) {
            it->backend = rg->backend;
            continue;
        }
        /* The loader checked the path; --set and variants do not remove parameters. */
        it->param = params_find(&s->params, rg->path);
        it->param_index = (size_t)(it->param - s->params.items);
        it->dist = rg->dist;
    }
    default_ranges(s, out);
}

size_t unc_count_inputs(const struct scenario *s)
{
    struct pendings p;
    gather(s, &p);
    size_t n = p.n;
    pendings_release(&p);
    return n;
}

/* ---- the evaluation of one sample -------------------------------------- */

struct thread_ctx {
    const struct unc_model *m;
    struct scenario clone;
    int tornado;
    double *z;                 /* nfits × CURVE_MAX_PARAMS scores */
    double *t;                 /* nfits steps */
    struct progress *progress; /* the Monte Carlo's samples; NULL: none (the tornado) */
};

/* A simulated generation: one replication seeded with *stream_seed (model.h's hook). */
struct sim_hook {
    unsigned long stream_seed; /* 0: the simulation's own replication 0 */
    struct sim_result result;
    int ran;
};

static int simulate_generation(void *arg, const struct scenario *s, struct report *r,
                               struct diag *d)
{
    struct sim_hook *h = arg;
    if (model_sim_replication(s, r, h->stream_seed, &h->result, d) != 0)
        return -1;
    h->ran = 1;
    r->generation.wall_s = h->result.wall_s;
    r->generation.cost = h->result.cost;
    return 0;
}

/*
 * The lean model of s, its generation simulated when m says so: sample
 * `sample`'s replication, or (stream_seed 0, the tornado and the point
 * estimate) the simulation's own replication 0.  The figures into out.
 */
static int run_figures(const struct unc_model *m, const struct scenario *s, int own_replication,
                       size_t sample, double *out, struct report *keep, struct sim_result *sim,
                       struct diag *err)
{
    struct report r;
    struct sim_hook h;
    memset(&h, 0, sizeof h);
    if (m->simulate) {
        if (!own_replication)
            h.stream_seed = sample_stream_seed(m->seed, SAMPLE_STREAM_REPLICATION, sample);
        if (model_run_lean_hooked(s, simulate_generation, &h, &r, err) != 0) {
            if (h.ran)
                sim_result_release(&h.result);
            return -1;
        }
    } else if (model_run_lean(s, &r, err) != 0) {
        return -1;
    }
    for (size_t j = 0; out && j < m->nfigures; j++)
        out[j] = unc_figure_value(&r, m->simulate ? &h.result : NULL, &m->figures[j]);
    if (keep)
        *keep = r;
    else
        report_release(&r);
    if (sim)
        *sim = h.result;
    else
        sim_result_release(&h.result);
    return 0;
}

static int eval(void *arg, size_t sample, const double *x, double *out, struct diag *err)
{
    struct thread_ctx *c = arg;
    const struct unc_model *m = c->m;
    const struct slot *slots = c->tornado ? m->tornado_slots : m->mc_slots;
    size_t n = c->tornado ? m->n_tornado : m->n_mc;
    for (size_t k = 0; k < n; k++) {
        const struct slot *sl = &slots[k];
        switch (sl->kind) {
        case SLOT_PARAM:
            if (params_set(&c->clone, &c->clone.params.items[sl->param], x[k] * sl->scale,
                           PARAMS_KEEP_POSITION, 0, err) != 0)
                return -1;
            break;
        case SLOT_FIT_Z:
            c->z[sl->fit * CURVE_MAX_PARAMS + sl->component] = x[k];
            break;
        case SLOT_FIT_T:
            c->t[sl->fit] = x[k];
            break;
        }
    }
    for (size_t f = 0; f < m->nfits; f++) {
        const struct unc_fit *fd = &m->fits[f];
        /* Drawn on this thread's own clone: no refit, nothing shared. */
        unc_fit_params(fd, c->tornado ? NULL : &c->z[f * CURVE_MAX_PARAMS], c->t[f],
                       c->clone.backends[fd->backend].curve->fit.params);
    }
    /* A simulating scenario: sample i is replication i, with the stream
       (seed, SAMPLE_STREAM_REPLICATION, i); the tornado holds the point
       estimate's replication at every point (common random numbers). */
    int rc = run_figures(m, &c->clone, c->tornado, sample, out, NULL, NULL, err);
    if (rc == 0 && c->progress)
        progress_add(c->progress, 1);
    return rc;
}

static void ctx_init(struct thread_ctx *c, const struct unc_model *m, const struct scenario *s,
                     int tornado)
{
    c->m = m;
    c->tornado = tornado;
    c->progress = NULL;
    scenario_clone(s, &c->clone);
    c->z = xcalloc(m->nfits * CURVE_MAX_PARAMS + 1, sizeof *c->z);
    c->t = xcalloc(m->nfits + 1, sizeof *c->t);
}

static void ctx_release(struct thread_ctx *c)
{
    scenario_release(&c->clone);
    free(c->z);
    free(c->t);
}

/* ---- setting up ------------------------------------------------------ */

static void model_free(struct unc_model *m)
{
    if (!m)
        return;
    free(m->mc_slots);
    free(m->mc_inputs);
    free(m->tornado_slots);
    free(m->tornado_inputs);
    free(m->tornado_base);
    free(m->mc_column);
    free(m->fits);
    free(m);
}

static struct sample_input param_input(const struct param *p, const struct dist *d)
{
    struct sample_input in = {*d, (p->flags & QF_INTEGER) != 0, (p->flags & QF_POSITIVE) ? 1 : 0};
    return in;
}

static struct sample_input standard_normal(void)
{
    struct dist_args a = DIST_ARGS_INIT;
    dist_args_set(&a, DIST_ARG_MEAN, 0, NULL);
    dist_args_set(&a, DIST_ARG_SD, 1, NULL);
    struct sample_input in;
    memset(&in, 0, sizeof in);
    char *msg = NULL;
    enum dist_arg at;
    if (dist_from_args(DIST_NORMAL, &a, "z", QF_NEGATIVE, &in.dist, &msg, &at) != 0)
        abort();
    return in;
}

/* Builds the model and the reported inputs from the gathered ones. */
static int build(const struct scenario *s, const struct pendings *p, struct unc_model *m,
                 struct unc_result *r, struct diag *d)
{
    size_t nfits = 0, n_mc = 0;
    for (size_t i = 0; i < p->n; i++)
        nfits += p->items[i].param == NULL;
    m->fits = xcalloc(nfits + 1, sizeof *m->fits);
    for (size_t i = 0; i < p->n; i++) {
        const struct pending *it = &p->items[i];
        if (it->param) {
            n_mc++;
            continue;
        }
        if (unc_fit_setup(s, it->range, &m->fits[m->nfits], d) != 0)
            return -1;
        n_mc += m->fits[m->nfits++].nfree;
    }
    m->n_mc = n_mc;
    m->mc_slots = xcalloc(n_mc + 1, sizeof *m->mc_slots);
    m->mc_inputs = xcalloc(n_mc + 1, sizeof *m->mc_inputs);
    m->n_tornado = p->n;
    m->tornado_slots = xcalloc(p->n + 1, sizeof *m->tornado_slots);
    m->tornado_inputs = xcalloc(p->n + 1, sizeof *m->tornado_inputs);
    m->tornado_base = xcalloc(p->n + 1, sizeof *m->tornado_base);
    m->mc_column = xcalloc(p->n + 1, sizeof *m->mc_column);
    r->ninputs = p->n;
    r->inputs = xcalloc(p->n + 1, sizeof *r->inputs);

    size_t col = 0, fit = 0;
    for (size_t i = 0; i < p->n; i++) {
        const struct pending *it = &p->items[i];
        struct unc_input *in = &r->inputs[i];
        in->text = xstrdup(it->text);
        in->is_default = it->range == NULL;
        if (it->range) {
            in->line = it->range->line;
            in->col = it->range->col;
        }
        if (it->param) {
            const struct param *prm = it->param;
            struct slot sl = {SLOT_PARAM, it->param_index, prm->scale, 0, 0};
            in->path = xstrdup(prm->path);
            in->kind = prm->kind;
            m->mc_slots[col] = sl;
            m->mc_inputs[col] = param_input(prm, &it->dist);
            m->tornado_slots[i] = sl;
            m->tornado_inputs[i] = m->mc_inputs[col];
            m->tornado_base[i] = params_get(s, prm) / prm->scale;
            m->mc_column[i] = col++;
            in->base = m->tornado_base[i];
            in->p10 = sample_input_value(&m->tornado_inputs[i], 0.1);
            in->p90 = sample_input_value(&m->tornado_inputs[i], 0.9);
            in->mean = dist_mean(&it->dist);
            continue;
        }
        const struct unc_fit *fd = &m->fits[fit];
        const struct deployment *b = &s->backends[fd->backend];
        for (size_t k = 0; k < fd->nfree; k++) {
            m->mc_slots[col] = (struct slot){SLOT_FIT_Z, 0, 1, fit, k};
            m->mc_inputs[col++] = standard_normal();
        }
        m->tornado_slots[i] = (struct slot){SLOT_FIT_T, 0, 1, fit, 0};
        m->tornado_inputs[i] = standard_normal();
        m->tornado_base[i] = 0;
        in->path = xasprintf("backends.%s.throughput", b->name);
        in->kind = QK_THROUGHPUT;
        in->is_fit = 1;
        struct deploy_rate rate;
        deployment_rate(b, &rate);
        double prm[CURVE_MAX_PARAMS];
        in->base = rate.unit_tok_s;
        unc_fit_params(fd, NULL, -UNC_Z90, prm);
        in->p10 = unc_fit_eval(&b->curve->fit, prm, rate.concurrency);
        unc_fit_params(fd, NULL, UNC_Z90, prm);
        in->p90 = unc_fit_eval(&b->curve->fit, prm, rate.concurrency);
        in->mean = NAN; /* filled from the samples */
        fit++;
    }
    return 0;
}

/* ---- after the run: summaries, probabilities, histograms --------------- */

static void add_probability(struct unc_result *r, const char *key, int figure, double limit)
{
    if (figure < 0)
        return;
    struct unc_probability *p = &r->probabilities[r->nprobabilities++];
    p->key = key;
    p->figure = (size_t)figure;
    p->limit = limit;
    if (strcmp(key, "claim") == 0) /* the 0/1 column: not at most 0.5 is "holds" */
        p->share = 1 - mc_share_at_most(&r->mc, p->figure, 0.5);
    else
        p->share = mc_share_at_most(&r->mc, p->figure, limit);
}

static void probabilities(const struct scenario *s, struct unc_result *r)
{
    const struct budget *b = &s->budget;
    r->probabilities = xcalloc(5, sizeof *r->probabilities);
    if (b->one_off > 0)
        add_probability(r, "budget.one_off", unc_figure_find(r, "totals.one_off"), b->one_off);
    if (b->monthly > 0)
        add_probability(r, "budget.monthly", unc_figure_find(r, "budget.monthly"), b->monthly);
    if (b->horizon > 0)
        add_probability(r, "budget.horizon", unc_figure_find(r, "totals.horizon"), b->horizon);
    if (s->generation.present && s->generation.deadline_s > 0)
        /* Within the deadline as the report's planning counts it (model.c). */
        add_probability(r, "deadline", unc_figure_find(r, "generation.hours"),
                        s->generation.deadline_s * (1 + 1e-12));
    if (s->inference.has_compare && s->inference.claim > 0)
        add_probability(r, "claim", unc_figure_find(r, "comparison.claim.holds"),
                        s->inference.claim);
}

static void input_values(struct unc_result *r)
{
    const struct unc_model *m = r->model;
    size_t n = r->samples, k = r->ninputs;
    r->input_values = xmalloc((n * k > 0 ? n * k : 1) * sizeof *r->input_values);
    for (size_t j = 0; j < k; j++) {
        int fit = r->inputs[j].is_fit;
        size_t col = m->mc_column[j];
        const double *src = fit ? r->mc.outputs + col : r->mc.inputs + col;
        size_t stride = fit ? r->mc.n_outputs : r->mc.n_inputs;
        for (size_t i = 0; i < n; i++)
            r->input_values[i * k + j] = src[i * stride];
        if (fit)
            r->inputs[j].mean = gsl_stats_mean(r->input_values + j, k, n);
    }
}

/* ---- the run --------------------------------------------------------- */

int unc_run(const struct scenario *s, const struct unc_options *o, struct unc_result *out,
            struct diag *d)
{
    struct pendings p;
    struct unc_model *m = xcalloc(1, sizeof *m);
    struct report base;
    struct sample_plan plan;
    struct thread_ctx *ctx = NULL;
    void **ctxp = NULL;
    size_t threads = o->threads ? o->threads : mc_default_threads(), made = 0;
    int have_plan = 0, rc = -1;
    memset(out, 0, sizeof *out);
    out->samples = o->samples;
    out->seed = o->seed;
    out->method = o->method;
    out->model = m;
    gather(s, &p);
    if (p.n == 0) {
        if (s->ranges.present)
            diag_plain(d, "nothing to sample: the scenario's 'ranges' is empty and no input has "
                          "a default range (docs/uncertainty.md)");
        else
            diag_plain(d, "nothing to sample: the scenario has no 'ranges' and no input with a "
                          "default range (docs/uncertainty.md)");
        goto out;
    }
    if (o->samples < 1 || o->samples > UNC_MAX_SAMPLES) {
        diag_plain(d, "--samples must be from 1 to %d, got %zu", UNC_MAX_SAMPLES, o->samples);
        goto out;
    }
    if (build(s, &p, m, out, d) != 0)
        goto out;
    /* A scenario with a `simulation` mapping simulates its generation in every sample. */
    m->simulate = s->simulation.present && s->generation.present;
    m->seed = o->seed;
    out->simulated = m->simulate;
    struct sim_result base_sim;
    if (run_figures(m, s, 1, 0, NULL, &base, &base_sim, d) != 0)
        goto out;
    size_t *fit_backends = xcalloc(m->nfits + 1, sizeof *fit_backends);
    for (size_t f = 0; f < m->nfits; f++)
        fit_backends[f] = m->fits[f].backend;
    unc_figures_collect(&base, m->simulate ? &base_sim : NULL, fit_backends, m->nfits,
                        &out->figures, &out->nfigures);
    report_release(&base);
    sim_result_release(&base_sim);
    free(fit_backends);
    m->figures = out->figures;
    m->nfigures = out->nfigures;
    /* A fit's reported input is its throughput column. */
    for (size_t j = 0; j < out->ninputs; j++)
        if (out->inputs[j].is_fit)
            m->mc_column[j] = (size_t)unc_figure_find(out, out->inputs[j].path);

    if (sample_plan_init(&plan, o->method, o->seed, o->samples, m->mc_inputs, m->n_mc, d) != 0)
        goto out;
    have_plan = 1;
    if (threads > o->samples)
        threads = o->samples;
    ctx = xcalloc(threads, sizeof *ctx);
    ctxp = xcalloc(threads, sizeof *ctxp);
    for (made = 0; made < threads; made++) {
        ctx_init(&ctx[made], m, s, 0);
        ctx[made].progress = o->progress;
        ctxp[made] = &ctx[made];
    }
    size_t failed = 0;
    if (mc_run(&plan, out->nfigures, threads, ctxp, eval, &out->mc, d, &failed) != 0) {
        if (d->message) {
            char *msg =
                xasprintf("in sample %zu of the Monte Carlo run: %s", failed + 1, d->message);
            free(d->message);
            d->message = msg;
        }
        goto out;
    }
    struct stats_summary *sum = xcalloc(out->nfigures + 1, sizeof *sum);
    mc_summarise(&out->mc, threads, sum);
    for (size_t j = 0; j < out->nfigures; j++)
        out->figures[j].summary = sum[j];
    free(sum);
    input_values(out);
    probabilities(s, out);
    unc_histogram_fill(out, unc_figure_find(out, "totals.one_off"), s->budget.one_off,
                       &out->one_off);
    unc_histogram_fill(out, unc_figure_find(out, "generation.hours"),
                       s->generation.present ? s->generation.deadline_s : 0, &out->generation_time);
    rc = 0;
out:
    for (size_t t = 0; t < made; t++)
        ctx_release(&ctx[t]);
    free(ctx);
    free(ctxp);
    if (have_plan)
        sample_plan_release(&plan);
    pendings_release(&p);
    if (rc != 0)
        unc_result_release(out);
    return rc;
}

void unc_result_release(struct unc_result *r)
{
    for (size_t i = 0; i < r->ninputs; i++) {
        free(r->inputs[i].path);
        free(r->inputs[i].text);
    }
    free(r->inputs);
    unc_figures_release(r->figures, r->nfigures);
    free(r->probabilities);
    mc_result_release(&r->mc);
    free(r->input_values);
    model_free(r->model);
    memset(r, 0, sizeof *r);
}

int unc_figure_find(const struct unc_result *r, const char *key)
{
    for (size_t i = 0; i < r->nfigures; i++)
        if (strcmp(r->figures[i].fig.key, key) == 0)
            return (int)i;
    return -1;
}

char *unc_figure_keys(const struct unc_result *r)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0, k = 0; i < r->nfigures; i++)
        if (r->figures[i].shown)
            strbuf_printf(&sb, "%s'%s'", k++ ? ", " : "", r->figures[i].fig.key);
    return strbuf_detach(&sb);
}

void unc_rank_correlations(const struct unc_result *r, size_t f, size_t threads, double *rho)
{
    /* The inputs' values as the table of a run, beside the figures. */
    struct mc_result view = {r->samples, r->ninputs, r->mc.n_outputs, r->input_values,
                             r->mc.outputs};
    mc_rank_correlations(&view, f, threads ? threads : mc_default_threads(), rho);
}

/* ---- the tornado ------------------------------------------------------ */

int unc_tornado_run(const struct scenario *s, const struct unc_result *r, size_t figure,
                    size_t threads, struct unc_tornado *t, struct diag *d)
{
    const struct unc_model *m = r->model;
    struct thread_ctx ctx;
    struct mc_tornado raw = MC_TORNADO_INIT;
    memset(t, 0, sizeof *t);
    ctx_init(&ctx, m, s, 1);
    int rc = mc_tornado_run(m->tornado_inputs, m->n_tornado, m->tornado_base, r->nfigures, &ctx,
                            eval, &raw, d);
    ctx_release(&ctx);
    if (rc != 0)
        return -1;
    size_t *order = xcalloc(m->n_tornado + 1, sizeof *order);
    double *rho = xcalloc(r->ninputs + 1, sizeof *rho);
    mc_tornado_order(&raw, figure, order);
    unc_rank_correlations(r, figure, threads, rho);
    t->figure = figure;
    t->base = raw.base_out[figure];
    t->n = m->n_tornado;
    t->rows = xcalloc(t->n + 1, sizeof *t->rows);
    for (size_t i = 0; i < t->n; i++) {
        size_t k = order[i];
        struct unc_tornado_row *row = &t->rows[i];
        row->input = k;
        row->at_p10 = raw.low_out[k * raw.n_outputs + figure];
        row->at_p90 = raw.high_out[k * raw.n_outputs + figure];
        row->swing = mc_tornado_swing(&raw, k, figure);
        row->rho = rho[k];
    }
    free(order);
    free(rho);
    mc_tornado_release(&raw);
    return 0;
}

void unc_tornado_release(struct unc_tornado *t)
{
    free(t->rows);
    memset(t, 0, sizeof *t);
}
