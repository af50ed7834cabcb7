/*
 * pricing_find: look-ups by name (constant time through strmaps, whatever a
 * catalogue holds), the region choice for instances, and "did you mean"
 * suggestions.  See pricing.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "catalogue.h"
#include "pricing.h"
#include "util.h"

size_t catalogue_index_instances(struct catalogue *c, const char *region)
{
    size_t n = c->ninstances, in_region = 0, j;
    /* multi[j]: the name whose first row is j is priced in more than one region. */
    unsigned char *multi = xcalloc(n ? n : 1, 1);
    c->instance_keys = xcalloc(n ? n : 1, sizeof *c->instance_keys);
    for (size_t i = 0; i < n; i++) {
        const struct instance_price *r = &c->instances[i];
        if (strmap_get(&c->instance_any, r->name, &j))
            multi[j] = 1;
        else
            strmap_put(&c->instance_any, r->name, i);
        if (r->region) {
            c->instance_keys[i] = xasprintf("%s\t%s", r->name, r->region);
            strmap_put(&c->instance_at, c->instance_keys[i], i);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct instance_price *r = &c->instances[i];
        int ok;
        if (region) {
            ok = !r->region || strcmp(r->region, region) == 0;
        } else {
            strmap_get(&c->instance_any, r->name, &j);
            ok = j == i && !multi[j];
        }
        if (ok)
            strmap_put(&c->instance_index, r->name, i);
        if (ok && region && r->region)
            in_region++;
    }
    free(multi);
    return region ? in_region : n;
}

const struct model_price *pricing_model(const struct pricing *p, const char *name)
{
    size_t j;
    for (size_t i = p->n; i-- > 0;)
        if (strmap_get(&p->items[i]->model_index, name, &j))
            return &p->items[i]->models[j];
    return NULL;
}

const struct instance_price *pricing_instance(const struct pricing *p, const char *name)
{
    size_t j;
    for (size_t i = p->n; i-- > 0;)
        if (strmap_get(&p->items[i]->instance_index, name, &j))
            return &p->items[i]->instances[j];
    return NULL;
}

const struct training_price *pricing_training(const struct pricing *p, const char *name)
{
    size_t j;
    for (size_t i = p->n; i-- > 0;)
        if (strmap_get(&p->items[i]->training_index, name, &j))
            return &p->items[i]->training[j];
    return NULL;
}

/* The regions of one catalogue that price `name`, as "'a', 'b'". */
static void regions_of(const struct catalogue *c, const char *name, struct strbuf *sb,
                       size_t *count)
{
    for (size_t i = 0; i < c->ninstances; i++) {
        const struct instance_price *r = &c->instances[i];
        if (!r->region || strcmp(r->name, name) != 0)
            continue;
        if (*count < 12)
            strbuf_printf(sb, "%s'%s'", *count ? ", " : "", r->region);
        else if (*count == 12)
            strbuf_puts(sb, ", ...");
        (*count)++;
    }
}

enum pricing_found pricing_find_instance(const struct pricing *p, const char *name,
                                         const char *region, const struct instance_price **out,
                                         char **why)
{
    size_t j;
    int named = 0;
    *out = NULL;
    if (why)
        *why = NULL;
    for (size_t i = p->n; i-- > 0;) {
        const struct catalogue *c = p->items[i];
        if (!strmap_get(&c->instance_any, name, &j))
            continue;
        named = 1;
        if (!region && strmap_get(&c->instance_index, name, &j)) {
            *out = &c->instances[j];
            return PRICING_FOUND;
        }
        if (region) {
            char *key = xasprintf("%s\t%s", name, region);
            int found = strmap_get(&c->instance_at, key, &j);
            free(key);
            /* A row with no region (raftcost's YAML) serves any region. */
            if (!found && strmap_get(&c->instance_any, name, &j) && !c->instances[j].region)
                found = 1;
            if (found) {
                *out = &c->instances[j];
                return PRICING_FOUND;
            }
        }
    }
    if (!named)
        return PRICING_UNKNOWN;
    if (why) {
        struct strbuf sb = STRBUF_INIT;
        size_t count = 0;
        for (size_t i = p->n; i-- > 0;)
            regions_of(p->items[i], name, &sb, &count);
        char *list = strbuf_detach(&sb);
        if (region)
            *why = xasprintf("instance '%s' has no price in region '%s' (it has in %s)", name,
                             region, list);
        else
            *why = xasprintf("instance '%s' is priced in %zu regions (%s): choose one with "
                             "'region' in its pricing entry",
                             name, count, list);
        free(list);
    }
    return region ? PRICING_NOT_IN_REGION : PRICING_NEEDS_REGION;
}

/* ---- suggestions ---- */

struct candidate {
    const char *name;
    int rank;    /* 0: same but for case; 1: contains the name or ends with it; 2: close */
    size_t dist; /* edit distance (rank 2) or length difference (rank 1) */
};

static int by_rank(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    if (x->dist != y->dist)
        return x->dist < y->dist ? -1 : 1;
    return strcmp(x->name, y->name);
}

static char *lower(const char *s)
{
    char *t = xstrdup(s);
    for (char *q = t; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return t;
}

/* The part after the last '/' ("Llama-3.3-70B" of "together_ai/meta-llama/Llama-3.3-70B"). */
static const char *last_segment(const char *s)
{
    const char *slash = strrchr(s, '/');
    return slash ? slash + 1 : s;
}

static int rate(const char *cand, const char *name, const char *name_lower, struct candidate *out)
{
    size_t lc = strlen(cand), ln = strlen(name);
    out->name = cand;
    char *cl = lower(cand);
    int rc = 1;
    if (strcmp(cl, name_lower) == 0) {
        out->rank = 0;
        out->dist = 0;
    } else if (ln >= 3 && (strstr(cl, name_lower) ||
                           strcmp(last_segment(cl), last_segment(name_lower)) == 0)) {
        out->rank = 1;
        out->dist = lc > ln ? lc - ln : ln - lc;
    } else {
        out->rank = 2;
        out->dist = edit_distance(cand, name);
        rc = out->dist <= ln / 2 + 1;
    }
    free(cl);
    return rc;
}

static size_t section_size(const struct catalogue *c, const char *section)
{
    return strcmp(section, "models") == 0      ? c->nmodels
           : strcmp(section, "instances") == 0 ? c->ninstances
                                               : c->ntraining;
}

static const char *section_name(const struct catalogue *c, const char *section, size_t j)
{
    return strcmp(section, "models") == 0      ? c->models[j].name
           : strcmp(section, "instances") == 0 ? c->instances[j].name
                                               : c->training[j].name;
}

/* The close names, best first, each once; *n of them.  The caller frees the array. */
static struct candidate *close_names(const struct pricing *p, const char *section, const char *name,
                                     size_t *n)
{
    struct candidate *list = NULL;
    size_t count = 0, cap = 0, unused;
    struct strmap seen = STRMAP_INIT;
    char *name_lower = lower(name);
    for (size_t i = 0; i < p->n; i++) {
        const struct catalogue *c = p->items[i];
        size_t m = section_size(c, section);
        for (size_t j = 0; j < m; j++) {
            const char *cand = section_name(c, section, j);
            struct candidate k;
            /* The name itself is no suggestion (an instance found but for its region). */
            if (strcmp(cand, name) == 0 || strmap_get(&seen, cand, &unused) ||
                !rate(cand, name, name_lower, &k))
                continue;
            strmap_put(&seen, cand, count);
            if (count == cap) {
                cap = cap ? 2 * cap : 16;
                list = xrealloc(list, cap * sizeof *list);
            }
            list[count++] = k;
        }
    }
    if (count)
        gsl_heapsort(list, count, sizeof *list, by_rank);
    /*
     * Names only as close as an edit distance are kept when they are not
     * much further than the closest of them: a typo's one correction does not
     * come with names that merely share a prefix.
     */
    size_t first2 = 0;
    while (first2 < count && list[first2].rank < 2)
        first2++;
    if (first2 < count) {
        size_t keep = first2, within = list[first2].dist * 2;
        if (within < 3)
            within = 3;
        while (keep < count && list[keep].dist <= within)
            keep++;
        count = keep;
    }
    strmap_release(&seen);
    free(name_lower);
    *n = count;
    return list;
}

char *pricing_suggestions(const struct pricing *p, const char *section, const char *name,
                          size_t max)
{
    size_t n;
    struct candidate *list = close_names(p, section, name, &n);
    char *out = NULL;
    if (n && max) {
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < n && i < max; i++)
            strbuf_printf(&sb, "%s'%s'", i ? ", " : "", list[i].name);
        out = strbuf_detach(&sb);
    }
    free(list);
    return out;
}

char *pricing_suggest(const struct pricing *p, const char *section, const char *name)
{
    size_t n;
    struct candidate *list = close_names(p, section, name, &n);
    char *out = n ? xstrdup(list[0].name) : NULL;
    free(list);
    return out;
}
