/*
 * pricing: see pricing.h.  A catalogue is YAML:
 *   raftcost_pricing: 1, source, as_of, currency,
 *   models: {NAME: {input_per_1k|input_per_1m, output_per_1k|output_per_1m,
 *                   hosting_per_hour}},
 *   instances: {NAME: {per_hour, gpus, gpu}},
 *   training: {NAME: {per_hour | per_1k_training_tokens}}
 */
#include "pricing.h"
#include "pricing_yaml.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void pricing_init(struct pricing *p)
{
    p->items = NULL;
    p->n = 0;
}

int model_price_hosted(const struct model_price *m)
{
    return m->has_hosting || m->hosting_per_hour > 0;
}

void model_price_copy(struct model_price *dst, const struct model_price *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
}

void model_price_release(struct model_price *m)
{
    free(m->name);
    m->name = NULL;
}

void instance_price_copy(struct instance_price *dst, const struct instance_price *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->gpu = xstrdup(src->gpu);
}

void instance_price_release(struct instance_price *m)
{
    free(m->name);
    free(m->gpu);
    m->name = m->gpu = NULL;
}

void training_price_copy(struct training_price *dst, const struct training_price *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
}

void training_price_release(struct training_price *m)
{
    free(m->name);
    m->name = NULL;
}

static void catalogue_free(struct catalogue *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nmodels; i++)
        model_price_release(&c->models[i]);
    for (size_t i = 0; i < c->ninstances; i++)
        instance_price_release(&c->instances[i]);
    for (size_t i = 0; i < c->ntraining; i++)
        training_price_release(&c->training[i]);
    free(c->models);
    free(c->instances);
    free(c->training);
    strmap_release(&c->model_index);
    strmap_release(&c->instance_index);
    strmap_release(&c->training_index);
    free(c->file);
    free(c->source);
    free(c->as_of);
    free(c->currency);
    free(c);
}

void pricing_release(struct pricing *p)
{
    for (size_t i = 0; i < p->n; i++)
        catalogue_free(p->items[i]);
    free(p->items);
    pricing_init(p);
}

/* Reads one of two alternative keys (per 1k or per 1M tokens) into a per-1k price. */
static int read_token_price(struct yamldoc *y, yaml_node_t *node, const char *path,
                            struct params *params, const char *k1k, const char *k1m, double *out)
{
    yaml_node_t *a = yamldoc_get(y, node, k1k), *b = yamldoc_get(y, node, k1m);
    if (a && b)
        return yamldoc_error(y, b, "give '%s' or '%s', not both", k1k, k1m);
    if (!a && !b)
        return yamldoc_error_in(y, node, "missing '%s' (or '%s') in '%s'", k1k, k1m, path);
    if (a)
        return params_read_yaml(params, y, node, path, k1k, QK_NUMBER, 0, 1.0, 1, 0, out);
    return params_read_yaml(params, y, node, path, k1m, QK_NUMBER, 0, 1.0 / 1000, 1, 0, out);
}

int pricing_read_model(struct yamldoc *y, yaml_node_t *node, const char *path,
                       struct params *params, struct model_price *out)
{
    static const char *const keys[] = {"input_per_1k",  "output_per_1k",    "input_per_1m",
                                       "output_per_1m", "hosting_per_hour", NULL};
    char *what = xasprintf("'%s'", path);
    int rc = yamldoc_check_map(y, node, what, keys);
    free(what);
    if (rc)
        return -1;
    if (read_token_price(y, node, path, params, "input_per_1k", "input_per_1m",
                         &out->input_per_1k) ||
        read_token_price(y, node, path, params, "output_per_1k", "output_per_1m",
                         &out->output_per_1k))
        return -1;
    out->has_hosting = yamldoc_get(y, node, "hosting_per_hour") != NULL;
    return params_read_yaml(params, y, node, path, "hosting_per_hour", QK_NUMBER, 0, 1.0, 0, 0,
                            &out->hosting_per_hour);
}

int pricing_read_instance(struct yamldoc *y, yaml_node_t *node, const char *path,
                          struct params *params, struct instance_price *out)
{
    static const char *const keys[] = {"per_hour", "gpus", "gpu", NULL};
    char *what = xasprintf("'%s'", path);
    int rc = yamldoc_check_map(y, node, what, keys);
    free(what);
    if (rc)
        return -1;
    if (params_read_yaml(params, y, node, path, "per_hour", QK_NUMBER, 0, 1.0, 1, 0,
                         &out->per_hour) ||
        params_read_yaml(params, y, node, path, "gpus", QK_NUMBER, QF_INTEGER | QF_POSITIVE, 1.0, 0,
                         0, &out->gpus))
        return -1;
    yaml_node_t *gpu = yamldoc_get(y, node, "gpu");
    if (gpu) {
        const char *s = yamldoc_string(y, gpu, "'gpu'");
        if (!s)
            return -1;
        out->gpu = xstrdup(s);
    }
    return 0;
}

int pricing_read_training(struct yamldoc *y, yaml_node_t *node, const char *path,
                          struct params *params, struct training_price *out)
{
    static const char *const keys[] = {"per_hour", "per_1k_training_tokens", NULL};
    char *what = xasprintf("'%s'", path);
    int rc = yamldoc_check_map(y, node, what, keys);
    free(what);
    if (rc)
        return -1;
    yaml_node_t *hour = yamldoc_get(y, node, "per_hour");
    yaml_node_t *tok = yamldoc_get(y, node, "per_1k_training_tokens");
    if (hour && tok)
        return yamldoc_error(y, tok, "give 'per_hour' or 'per_1k_training_tokens', not both");
    if (!hour && !tok)
        return yamldoc_error_in(y, node, "missing 'per_hour' (or 'per_1k_training_tokens') in '%s'",
                                path);
    out->per_token = tok != NULL;
    if (hour)
        return params_read_yaml(params, y, node, path, "per_hour", QK_NUMBER, 0, 1.0, 1, 0,
                                &out->per_hour);
    return params_read_yaml(params, y, node, path, "per_1k_training_tokens", QK_NUMBER, 0, 1.0, 1,
                            0, &out->per_1k_training_tokens);
}

static int valid_currency(const char *s)
{
    if (strlen(s) != 3)
        return 0;
    for (int i = 0; i < 3; i++)
        if (!isupper((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Reads a section (models, instances, training): a map of name -> price. */
static int read_section(struct yamldoc *y, yaml_node_t *root, struct catalogue *c,
                        const char *section)
{
    yaml_node_t *node = yamldoc_get(y, root, section);
    if (!node)
        return 0;
    char *what = xasprintf("'%s'", section);
    int rc = yamldoc_check_map(y, node, what, NULL);
    free(what);
    if (rc)
        return -1;
    size_t n = yamldoc_map_size(node);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        char *path = xasprintf("%s.%s", section, name);
        if (strcmp(section, "models") == 0) {
            struct model_price m = {0};
            rc = pricing_read_model(y, value, path, NULL, &m);
            m.name = xstrdup(name);
            m.from = c;
            c->models = xrealloc(c->models, (c->nmodels + 1) * sizeof *c->models);
            c->models[c->nmodels++] = m;
            strmap_put(&c->model_index, c->models[c->nmodels - 1].name, c->nmodels - 1);
        } else if (strcmp(section, "instances") == 0) {
            struct instance_price m = {0};
            rc = pricing_read_instance(y, value, path, NULL, &m);
            m.name = xstrdup(name);
            m.from = c;
            c->instances = xrealloc(c->instances, (c->ninstances + 1) * sizeof *c->instances);
            c->instances[c->ninstances++] = m;
            strmap_put(&c->instance_index, c->instances[c->ninstances - 1].name, c->ninstances - 1);
        } else {
            struct training_price m = {0};
            rc = pricing_read_training(y, value, path, NULL, &m);
            m.name = xstrdup(name);
            m.from = c;
            c->training = xrealloc(c->training, (c->ntraining + 1) * sizeof *c->training);
            c->training[c->ntraining++] = m;
            strmap_put(&c->training_index, c->training[c->ntraining - 1].name, c->ntraining - 1);
        }
        free(path);
        if (rc)
            return -1;
    }
    return 0;
}

static int read_text(struct yamldoc *y, yaml_node_t *root, const char *key, char **out)
{
    yaml_node_t *node = yamldoc_get(y, root, key);
    if (!node)
        return yamldoc_error(y, root,
                             "a catalogue needs '%s' (where its prices come from, and "
                             "when)",
                             key);
    char *what = xasprintf("'%s'", key);
    const char *s = yamldoc_string(y, node, what);
    free(what);
    if (!s)
        return -1;
    *out = xstrdup(s);
    return 0;
}

int pricing_load(struct pricing *p, const char *path, struct diag *d)
{
    static const char *const keys[] = {"raftcost_pricing", "source",    "as_of",    "currency",
                                       "models",           "instances", "training", NULL};
    struct yamldoc y;
    struct catalogue *c = xcalloc(1, sizeof *c);
    int rc = -1;
    c->file = xstrdup(path);
    if (yamldoc_load(&y, path, d) != 0)
        goto out;
    yaml_node_t *root = yamldoc_root(&y);
    if (yamldoc_check_map(&y, root, "a catalogue", keys) != 0)
        goto out;
    yaml_node_t *version = yamldoc_get(&y, root, "raftcost_pricing");
    if (!version) {
        yamldoc_error_in(&y, root, "missing 'raftcost_pricing: 1' (the catalogue format version)");
        goto out;
    }
    const char *v = yamldoc_scalar(&y, version, "'raftcost_pricing'");
    if (!v)
        goto out;
    if (strcmp(v, "1") != 0) {
        yamldoc_error(&y, version, "unsupported catalogue version '%s' (this raftcost reads 1)", v);
        goto out;
    }
    if (read_text(&y, root, "source", &c->source) || read_text(&y, root, "as_of", &c->as_of))
        goto out;
    yaml_node_t *cur = yamldoc_get(&y, root, "currency");
    if (cur) {
        const char *s = yamldoc_scalar(&y, cur, "'currency'");
        if (!s)
            goto out;
        if (!valid_currency(s)) {
            yamldoc_error(&y, cur, "'currency' must be an ISO code such as 'USD', got '%s'", s);
            goto out;
        }
        c->currency = xstrdup(s);
    } else {
        c->currency = xstrdup("USD");
    }
    if (read_section(&y, root, c, "models") || read_section(&y, root, c, "instances") ||
        read_section(&y, root, c, "training"))
        goto out;
    p->items = xrealloc(p->items, (p->n + 1) * sizeof *p->items);
    p->items[p->n++] = c;
    c = NULL;
    rc = 0;
out:
    catalogue_free(c);
    yamldoc_release(&y);
    return rc;
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

char *pricing_suggest(const struct pricing *p, const char *section, const char *name)
{
    const char *best = NULL;
    size_t best_dist = (size_t)-1;
    for (size_t i = 0; i < p->n; i++) {
        const struct catalogue *c = p->items[i];
        size_t n = strcmp(section, "models") == 0      ? c->nmodels
                   : strcmp(section, "instances") == 0 ? c->ninstances
                                                       : c->ntraining;
        for (size_t j = 0; j < n; j++) {
            const char *cand = strcmp(section, "models") == 0      ? c->models[j].name
                               : strcmp(section, "instances") == 0 ? c->instances[j].name
                                                                   : c->training[j].name;
            size_t dist = edit_distance(cand, name);
            if (dist < best_dist) {
                best_dist = dist;
                best = cand;
            }
        }
    }
    if (!best || best_dist > strlen(name) / 2 + 1)
        return NULL;
    return xstrdup(best);
}
