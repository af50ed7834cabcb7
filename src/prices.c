/*
 * prices: the rows of `raftcost prices`; see prices.h.  Matching uses POSIX
 * fnmatch for globs on lower-case copies of the names.
 */
#include "prices.h"

#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "util.h"

static char *lower(const char *s)
{
    char *t = xstrdup(s ? s : "");
    for (char *p = t; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return t;
}

/* The pattern, lower-cased, and whether it is a glob. */
struct matcher {
    char *pattern;
    int glob;
};

static int matches(const struct matcher *mt, const char *name)
{
    if (!mt->pattern)
        return 1;
    char *n = lower(name);
    int ok = mt->glob ? fnmatch(mt->pattern, n, 0) == 0 : strstr(n, mt->pattern) != NULL;
    free(n);
    return ok;
}

static int gpu_matches(const char *want, const char *gpu)
{
    if (!want)
        return 1;
    if (!gpu)
        return 0;
    size_t n = strlen(want);
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)want[i]) != tolower((unsigned char)gpu[i]))
            return 0;
    return gpu[n] == '\0' || gpu[n] == '-';
}

static int same_text(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* 12 significant digits: per-token prices times a million print as 2.5, not 2.5000000000000004. */
static double tidy(double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.12g", v);
    return strtod(buf, NULL);
}

static double per_1m(double per_1k, int given)
{
    return given ? tidy(per_1k * 1000) : NAN;
}

static int by_blended(const void *a, const void *b)
{
    const struct model_row *x = a, *y = b;
    int xn = isnan(x->blended_per_1m), yn = isnan(y->blended_per_1m);
    if (xn != yn)
        return xn - yn;
    if (!xn && x->blended_per_1m != y->blended_per_1m)
        return x->blended_per_1m < y->blended_per_1m ? -1 : 1;
    return strcmp(x->m->name, y->m->name);
}

static int by_per_hour(const void *a, const void *b)
{
    const struct instance_row *x = a, *y = b;
    if (x->per_hour != y->per_hour)
        return x->per_hour < y->per_hour ? -1 : 1;
    int c = strcmp(x->i->name, y->i->name);
    if (c)
        return c;
    return strcmp(x->i->region ? x->i->region : "", y->i->region ? y->i->region : "");
}

static void collect_models(const struct pricing *p, const struct matcher *mt,
                           struct price_rows *out)
{
    struct strmap seen = STRMAP_INIT;
    size_t unused, cap = 0;
    for (size_t c = p->n; c-- > 0;) {
        const struct catalogue *cat = p->items[c];
        for (size_t j = 0; j < cat->nmodels; j++) {
            const struct model_price *m = &cat->models[j];
            if (strmap_get(&seen, m->name, &unused))
                continue;
            strmap_put(&seen, m->name, j);
            if (!matches(mt, m->name))
                continue;
            if (out->nmodels == cap) {
                cap = cap ? 2 * cap : 64;
                out->models = xrealloc(out->models, cap * sizeof *out->models);
            }
            struct model_row *r = &out->models[out->nmodels++];
            r->m = m;
            r->input_per_1m = per_1m(m->input_per_1k, !(m->missing & PRICE_MISSING_INPUT));
            r->output_per_1m = per_1m(m->output_per_1k, !(m->missing & PRICE_MISSING_OUTPUT));
            r->cached_input_per_1m = per_1m(m->cached_input_per_1k, m->has_cached);
            r->batch_input_per_1m = per_1m(m->batch_input_per_1k, m->has_batch_input);
            r->batch_output_per_1m = per_1m(m->batch_output_per_1k, m->has_batch_output);
            r->context = m->max_input_tokens;
            r->max_output = m->max_output_tokens;
            r->blended_per_1m =
                m->missing ? NAN : tidy((3 * r->input_per_1m + r->output_per_1m) / 4);
        }
    }
    strmap_release(&seen);
    if (out->nmodels)
        gsl_heapsort(out->models, out->nmodels, sizeof *out->models, by_blended);
}

static void collect_instances(const struct pricing *p, const struct matcher *mt,
                              const struct prices_query *q, struct price_rows *out)
{
    struct strmap seen = STRMAP_INIT;
    size_t unused, cap = 0;
    for (size_t c = p->n; c-- > 0;) {
        const struct catalogue *cat = p->items[c];
        for (size_t j = 0; j < cat->ninstances; j++) {
            const struct instance_price *i = &cat->instances[j];
            /* One row per name and region: the catalogue's own keys ("name\tregion"). */
            const char *key =
                cat->instance_keys && cat->instance_keys[j] ? cat->instance_keys[j] : i->name;
            if (strmap_get(&seen, key, &unused))
                continue;
            strmap_put(&seen, key, j);
            if (!matches(mt, i->name) || !gpu_matches(q->gpu, i->gpu) ||
                (q->region && (!i->region || !same_text(q->region, i->region))))
                continue;
            if (out->ninstances == cap) {
                cap = cap ? 2 * cap : 64;
                out->instances = xrealloc(out->instances, cap * sizeof *out->instances);
            }
            struct instance_row *r = &out->instances[out->ninstances++];
            r->i = i;
            r->per_hour = i->per_hour;
            r->spot_per_hour = i->has_spot ? i->spot_per_hour : NAN;
        }
    }
    strmap_release(&seen);
    if (out->ninstances)
        gsl_heapsort(out->instances, out->ninstances, sizeof *out->instances, by_per_hour);
}

void prices_collect(const struct pricing *p, const struct prices_query *q, struct price_rows *out)
{
    memset(out, 0, sizeof *out);
    unsigned kinds = q->kinds;
    if (!kinds)
        kinds = q->gpu || q->region ? PRICES_INSTANCES : PRICES_MODELS | PRICES_INSTANCES;
    struct matcher mt = {NULL, 0};
    if (q->pattern && *q->pattern) {
        mt.pattern = lower(q->pattern);
        mt.glob = strpbrk(q->pattern, "*?[") != NULL;
    }
    if (kinds & PRICES_MODELS)
        collect_models(p, &mt, out);
    if (kinds & PRICES_INSTANCES)
        collect_instances(p, &mt, q, out);
    free(mt.pattern);
}

void price_rows_release(struct price_rows *r)
{
    free(r->models);
    free(r->instances);
    memset(r, 0, sizeof *r);
}
