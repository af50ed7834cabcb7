/*
 * scenario: see scenario.h.  What is not reading YAML: the checks that span
 * several numbers (again after --set, variants and sweeps change them),
 * variants, what follows a change of a parameter, clones and their shared
 * catalogues, release, and figures derived from the scenario as it stands.
 * Loading is scenario_load.c and scenario_backends.c.
 */
#include "scenario.h"

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "util.h"

#define MAX_HORIZON_MONTHS 1200

struct used_names {
    const char **names;
    size_t n;
    struct strmap seen;
};

static void note_use(struct used_names *u, const struct catalogue *c, const char *name,
                     const struct catalogue *from)
{
    size_t unused;
    if (from != c || !name || strmap_get(&u->seen, name, &unused))
        return;
    u->names = xrealloc(u->names, (u->n + 1) * sizeof *u->names);
    u->names[u->n] = name;
    strmap_put(&u->seen, name, u->n++);
}

const char **scenario_prices_used(const struct scenario *s, const struct catalogue *c, size_t *n)
{
    struct used_names u = {NULL, 0, STRMAP_INIT};
    for (size_t i = 0; i < s->nbackends; i++) {
        const struct deployment *b = &s->backends[i];
        note_use(&u, c, b->model.name, b->model.from);
        note_use(&u, c, b->instance.name, b->instance.from);
    }
    note_use(&u, c, s->fine_tuning.price.name, s->fine_tuning.price.from);
    for (size_t i = 0; i < s->evaluation.nmodels; i++)
        note_use(&u, c, s->evaluation.models[i].name, s->evaluation.models[i].from);
    note_use(&u, c, s->evaluation.judge.name, s->evaluation.judge.from);
    for (size_t i = 0; i < s->inference.noptions; i++) {
        const struct deployment *o = &s->inference.options[i];
        note_use(&u, c, o->model.name, o->model.from);
        note_use(&u, c, o->instance.name, o->instance.from);
    }
    strmap_release(&u.seen);
    *n = u.n;
    return u.names;
}

int scenario_horizon_months(const struct scenario *s)
{
    return (int)lround(s->inference.horizon_s / MONTH_S);
}

int scenario_error_at(const struct scenario *s, const char *path, struct diag *d, const char *fmt,
                      ...)
{
    const struct param *p = params_find(&s->params, path);
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if (p && p->line == 0)
        diag_plain(d, "--set %s: %s", path, msg);
    else
        diag_set(d, s->file, s->src, s->srclen, p ? p->line : 0, p ? p->col : 0, "%s", msg);
    free(msg);
    return -1;
}

#define MAX_PLAN_MIXES 100000

double scenario_plan_size(const struct scenario *s)
{
    const struct generation *g = &s->generation;
    double mixes = 1;
    if (!g->present || g->deadline_s <= 0)
        return 1;
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct deployment *b = &s->backends[g->backends[i]];
        /* Every count up to max_count, or with and without the backend. */
        mixes *= deployment_plan_varies(b) ? deployment_plan_max(b) + 1 : 2;
    }
    return mixes;
}

int scenario_validate(const struct scenario *s, struct diag *d)
{
    for (size_t i = 0; i < s->nbackends; i++) {
        const struct deployment *b = &s->backends[i];
        if (b->curve && !(deployment_unit_throughput(b) > 0)) {
            char *path = xasprintf("backends.%s.throughput.concurrency", b->name);
            int rc =
                scenario_error_at(s, path, d, "the curve gives no throughput at concurrency %g",
                                  b->curve->concurrency);
            free(path);
            return rc;
        }
    }
    if (scenario_check_billing(s, d))
        return -1;
    if (scenario_plan_size(s) > MAX_PLAN_MIXES)
        return scenario_error_at(s, "generation.deadline", d,
                                 "deadline planning would try %.0f mixes of backend counts; lower "
                                 "'max_count' so that there are at most %d",
                                 scenario_plan_size(s), MAX_PLAN_MIXES);
    if (s->inference.present) {
        double months = s->inference.horizon_s / MONTH_S;
        double whole = round(months);
        if (whole < 1 || fabs(months - whole) > 1e-9 * whole)
            return scenario_error_at(s, "inference.horizon", d,
                                     "'horizon' must be a whole number of months (a month is "
                                     "730 h), got %.4g months",
                                     months);
        if (whole > MAX_HORIZON_MONTHS)
            return scenario_error_at(s, "inference.horizon", d,
                                     "'horizon' is longer than %d months (100 years)",
                                     MAX_HORIZON_MONTHS);
        if (scenario_validate_capacity(s, d) != 0)
            return -1;
        /* After --set or a variant named another option. */
        if (s->inference.has_compare && s->inference.baseline == s->inference.candidate)
            return scenario_error_at(s, "inference.compare.candidate", d,
                                     "the candidate must differ from the baseline ('%s')",
                                     s->inference.options[s->inference.baseline].name);
    }
    if (ranges_validate(s, d) != 0)
        return -1;
    return scenario_sim_validate(s, d);
}

int scenario_apply_variant(struct scenario *s, const char *name, struct diag *d)
{
    for (size_t i = 0; i < s->nvariants; i++) {
        const struct variant *v = &s->variants[i];
        if (strcmp(v->name, name) != 0)
            continue;
        for (size_t j = 0; j < v->nsettings; j++) {
            const struct variant_setting *st = &v->settings[j];
            struct param *p = params_find(&s->params, st->path);
            double value;
            char *msg = NULL;
            int off;
            if (p && p->type == PARAM_NAME) {
                if (params_set_name(s, p, st->value, st->line, st->col, d) != 0)
                    return -1;
                continue;
            }
            /* Checked at load; a parameter can't vanish since. */
            if (!p || params_parse(p, st->value, &value, &msg, &off)) {
                diag_set(d, s->file, s->src, s->srclen, st->line, st->col, "%s",
                         msg ? msg : "unknown parameter");
                free(msg);
                return -1;
            }
            /* Later checks of this value point at the variant that set it. */
            if (params_set(s, p, value, st->line, st->col, d) != 0)
                return -1;
        }
        return scenario_validate(s, d);
    }
    struct strbuf known = STRBUF_INIT;
    for (size_t i = 0; i < s->nvariants; i++)
        strbuf_printf(&known, "%s'%s'", i ? ", " : "", s->variants[i].name);
    if (s->nvariants)
        diag_plain(d, "unknown variant '%s' (the scenario has %s)", name, known.buf);
    else
        diag_plain(d, "unknown variant '%s': the scenario defines no variants", name);
    strbuf_release(&known);
    return -1;
}

struct scenario_shared {
    atomic_int refs; /* scenarios holding the catalogues */
};

struct scenario_shared *scenario_shared_new(void)
{
    struct scenario_shared *sh = xmalloc(sizeof *sh);
    atomic_init(&sh->refs, 1);
    return sh;
}

/*
 * A model price the record did not have, now set (after a change of name to
 * a model without it): the record has it from now on.  The record is the
 * one its path's model parameter names ("backends.api.model" for
 * "backends.api.model.cached_input_per_1k").
 */
static void price_given(struct scenario *s, const struct param *param)
{
    static const struct {
        const char *key;
        size_t flag;
    } prices[] = {
        {"hosting_per_hour", offsetof(struct model_price, has_hosting)},
        {"cached_input_per_1k", offsetof(struct model_price, has_cached)},
        {"batch_input_per_1k", offsetof(struct model_price, has_batch_input)},
        {"batch_output_per_1k", offsetof(struct model_price, has_batch_output)},
    };
    const char *key = params_key(param);
    if (key == param->path)
        return;
    for (size_t i = 0; i < sizeof prices / sizeof prices[0]; i++) {
        if (strcmp(key, prices[i].key) != 0)
            continue;
        char *prefix = xstrndup(param->path, (size_t)(key - 1 - param->path));
        const struct param *model = params_find(&s->params, prefix);
        free(prefix);
        if (model && model->type == PARAM_NAME && model->name_kind == PARAM_NAME_MODEL) {
            char *record = params_target(s, model);
            *(int *)(void *)(record + prices[i].flag) = 1;
        }
    }
}

int scenario_param_changed(struct scenario *s, const struct param *param, char **message)
{
    const struct param_ref *at = &param->at;
    if (param->type == PARAM_NUMBER)
        price_given(s, param);
    if (at->owner == PARAM_OWNER_CURVE || at->owner == PARAM_OWNER_OPTION_CURVE) {
        struct throughput_curve *c = at->owner == PARAM_OWNER_CURVE
                                         ? s->backends[at->index].curve
                                         : s->inference.options[at->index].curve;
        if (at->offset == offsetof(struct throughput_curve, concurrency)) {
            /* A concurrency that is set is the one given, not the knee's. */
            c->concurrency_is_knee = 0;
        } else if (at->offset == offsetof(struct throughput_curve, model) &&
                   c->fit.model != (enum curve_model)c->model &&
                   throughput_curve_fit(c, message) != CURVE_REFIT_OK) {
            return -1;
        }
        return 0;
    }
    if (at->owner == PARAM_OWNER_BACKEND && at->offset == offsetof(struct deployment, type)) {
        const struct deployment *b = &s->backends[at->index];
        if (b->type == DEPLOY_DEDICATED && !b->has_instance) {
            *message = xasprintf("backend '%s' cannot be dedicated: it has no 'instance' (the "
                                 "machine billed per hour)",
                                 b->name);
            return -1;
        }
        if (b->type == DEPLOY_SERVERLESS && !b->has_model) {
            *message = xasprintf("backend '%s' cannot be serverless: it has no 'model' (the "
                                 "model whose per-token prices it pays)",
                                 b->name);
            return -1;
        }
    }
    return 0;
}

static struct deployment *copy_deployments(const struct deployment *src, size_t n)
{
    if (!src)
        return NULL;
    struct deployment *dst = xcalloc(n ? n : 1, sizeof *dst);
    for (size_t i = 0; i < n; i++)
        deployment_copy(&dst[i], &src[i]);
    return dst;
}

static struct model_price *copy_models(const struct model_price *src, size_t n)
{
    if (!src)
        return NULL;
    struct model_price *dst = xcalloc(n ? n : 1, sizeof *dst);
    for (size_t i = 0; i < n; i++)
        model_price_copy(&dst[i], &src[i]);
    return dst;
}

static void copy_variants(struct scenario *dst, const struct scenario *src)
{
    if (!src->variants)
        return;
    dst->variants = xcalloc(src->nvariants ? src->nvariants : 1, sizeof *dst->variants);
    for (size_t i = 0; i < src->nvariants; i++) {
        const struct variant *v = &src->variants[i];
        struct variant *w = &dst->variants[i];
        w->name = xstrdup(v->name);
        w->nsettings = v->nsettings;
        w->settings = xcalloc(v->nsettings ? v->nsettings : 1, sizeof *w->settings);
        for (size_t j = 0; j < v->nsettings; j++) {
            w->settings[j] = v->settings[j];
            w->settings[j].path = xstrdup(v->settings[j].path);
            w->settings[j].value = xstrdup(v->settings[j].value);
        }
    }
}

void scenario_clone(const struct scenario *src, struct scenario *dst)
{
    /* Numbers, flags and the nested structs by value; then every pointer anew. */
    *dst = *src;
    dst->file = xstrdup(src->file);
    if (src->src) {
        dst->src = xmalloc(src->srclen + 1);
        memcpy(dst->src, src->src, src->srclen + 1);
    }
    dst->name = xstrdup(src->name);
    dst->currency = xstrdup(src->currency);
    /* The catalogues: one set for the scenario and all its clones. */
    struct scenario_shared *sh = src->shared;
    if (sh) {
        atomic_fetch_add(&sh->refs, 1);
    } else if (src->pricing.n) {
        /* Catalogues nobody counts would be freed twice: clone loaded scenarios only. */
        abort();
    }
    dst->pricing.items =
        xmalloc((src->pricing.n ? src->pricing.n : 1) * sizeof *dst->pricing.items);
    if (src->pricing.n)
        memcpy(dst->pricing.items, src->pricing.items, src->pricing.n * sizeof *src->pricing.items);
    dst->backends = copy_deployments(src->backends, src->nbackends);
    struct generation *g = &dst->generation;
    g->teacher = xstrdup(src->generation.teacher);
    if (src->generation.backends) {
        size_t n = src->generation.nbackends;
        g->backends = xmalloc((n ? n : 1) * sizeof *g->backends);
        memcpy(g->backends, src->generation.backends, n * sizeof *g->backends);
    }
    dst->fine_tuning.student = xstrdup(src->fine_tuning.student);
    training_price_copy(&dst->fine_tuning.price, &src->fine_tuning.price);
    dst->evaluation.models = copy_models(src->evaluation.models, src->evaluation.nmodels);
    model_price_copy(&dst->evaluation.judge, &src->evaluation.judge);
    dst->inference.options = copy_deployments(src->inference.options, src->inference.noptions);
    copy_variants(dst, src);
    params_copy(&dst->params, &src->params);
    ranges_copy(&dst->ranges, &src->ranges);
}

void scenario_release(struct scenario *s)
{
    for (size_t i = 0; i < s->nbackends; i++)
        deployment_release(&s->backends[i]);
    free(s->backends);
    free(s->generation.teacher);
    free(s->generation.backends);
    free(s->fine_tuning.student);
    training_price_release(&s->fine_tuning.price);
    for (size_t i = 0; i < s->inference.noptions; i++)
        deployment_release(&s->inference.options[i]);
    free(s->inference.options);
    for (size_t i = 0; i < s->evaluation.nmodels; i++)
        model_price_release(&s->evaluation.models[i]);
    free(s->evaluation.models);
    model_price_release(&s->evaluation.judge);
    for (size_t i = 0; i < s->nvariants; i++) {
        for (size_t j = 0; j < s->variants[i].nsettings; j++) {
            free(s->variants[i].settings[j].path);
            free(s->variants[i].settings[j].value);
        }
        free(s->variants[i].settings);
        free(s->variants[i].name);
    }
    free(s->variants);
    params_release(&s->params);
    ranges_release(&s->ranges);
    /* The last scenario holding the catalogues frees them. */
    if (!s->shared || atomic_fetch_sub(&s->shared->refs, 1) == 1) {
        pricing_release(&s->pricing);
        free(s->shared);
    } else {
        free(s->pricing.items);
    }
    free(s->name);
    free(s->currency);
    free(s->src);
    free(s->file);
    memset(s, 0, sizeof *s);
}
