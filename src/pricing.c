/*
 * pricing: see pricing.h.  This file holds the price records, raftcost's own
 * YAML catalogue, the `pricing:` entries and loading a catalogue in any of
 * the three formats; look-ups and suggestions are in pricing_find.c, the
 * other readers in catalogue_litellm.c and catalogue_skypilot.c.
 *
 * raftcost's catalogue is YAML:
 *   raftcost_pricing: 1, source, as_of, currency,
 *   models: {NAME: {input_per_1k|input_per_1m, output_per_1k|output_per_1m,
 *                   hosting_per_hour, cached_input_per_1k|_1m,
 *                   batch_input_per_1k|_1m, batch_output_per_1k|_1m,
 *                   max_input_tokens, max_output_tokens, mode, provider,
 *                   tiers: [{above, input_per_1k|_1m, output_per_1k|_1m,
 *                            cached_input_per_1k|_1m}]}},
 *   instances: {NAME: {per_hour, gpus, gpu, spot_per_hour, region, vcpus, memory_gib}},
 *   training: {NAME: {per_hour | per_1k_training_tokens}}
 */
#include "pricing.h"
#include "pricing_yaml.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "catalogue.h"
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

int model_price_serves_generation(const struct model_price *m)
{
    if (m->missing)
        return 0;
    return !m->mode || strcmp(m->mode, "chat") == 0 || strcmp(m->mode, "completion") == 0;
}

char *model_price_why_not_generation(const struct model_price *m)
{
    const char *name = m->name ? m->name : "the inline model";
    if (m->mode && strcmp(m->mode, "chat") != 0 && strcmp(m->mode, "completion") != 0)
        return xasprintf("'%s' is %s '%s' model: only chat and completion models serve "
                         "generation requests",
                         name, strchr("aeiou", m->mode[0]) && m->mode[0] ? "an" : "a", m->mode);
    if (m->missing)
        return xasprintf("'%s' has no %s price per token in its catalogue", name,
                         m->missing == PRICE_MISSING_INPUT    ? "input"
                         : m->missing == PRICE_MISSING_OUTPUT ? "output"
                                                              : "input or output");
    return NULL;
}

void model_price_copy(struct model_price *dst, const struct model_price *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->mode = xstrdup(src->mode);
    dst->provider = xstrdup(src->provider);
    dst->tiers = NULL;
    if (src->ntiers) {
        dst->tiers = xmalloc(src->ntiers * sizeof *dst->tiers);
        memcpy(dst->tiers, src->tiers, src->ntiers * sizeof *dst->tiers);
    }
}

void model_price_release(struct model_price *m)
{
    free(m->name);
    free(m->mode);
    free(m->provider);
    free(m->tiers);
    m->name = m->mode = m->provider = NULL;
    m->tiers = NULL;
    m->ntiers = 0;
}

void instance_price_copy(struct instance_price *dst, const struct instance_price *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
    dst->gpu = xstrdup(src->gpu);
    dst->region = xstrdup(src->region);
}

void instance_price_release(struct instance_price *m)
{
    free(m->name);
    free(m->gpu);
    free(m->region);
    m->name = m->gpu = m->region = NULL;
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

struct catalogue *catalogue_new(const char *file)
{
    struct catalogue *c = xcalloc(1, sizeof *c);
    c->file = xstrdup(file);
    return c;
}

void catalogue_free(struct catalogue *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nmodels; i++)
        model_price_release(&c->models[i]);
    for (size_t i = 0; i < c->ninstances; i++) {
        instance_price_release(&c->instances[i]);
        if (c->instance_keys)
            free(c->instance_keys[i]);
    }
    for (size_t i = 0; i < c->ntraining; i++)
        training_price_release(&c->training[i]);
    for (size_t i = 0; i < c->nnotes; i++) {
        free(c->notes[i].name);
        free(c->notes[i].message);
    }
    free(c->notes);
    free(c->instance_keys);
    free(c->models);
    free(c->instances);
    free(c->training);
    strmap_release(&c->model_index);
    strmap_release(&c->instance_index);
    strmap_release(&c->training_index);
    strmap_release(&c->instance_any);
    strmap_release(&c->instance_at);
    free(c->file);
    free(c->source);
    free(c->as_of);
    free(c->currency);
    free(c->entry);
    free(c->region);
    free(c->cloud);
    free(c->identity);
    free(c);
}

void pricing_release(struct pricing *p)
{
    for (size_t i = 0; i < p->n; i++)
        catalogue_free(p->items[i]);
    free(p->items);
    pricing_init(p);
}

void catalogue_add_model(struct catalogue *c, struct model_price *m)
{
    size_t j;
    m->from = c;
    if (strmap_get(&c->model_index, m->name, &j)) {
        /* The index keeps pointing at the first record's name: keep that string. */
        struct model_price *old = &c->models[j];
        char *name = old->name;
        old->name = NULL;
        model_price_release(old);
        free(m->name);
        m->name = name;
        *old = *m;
    } else {
        if ((c->nmodels & (c->nmodels - 1)) == 0)
            c->models = xrealloc(c->models, (c->nmodels ? 2 * c->nmodels : 1) * sizeof *c->models);
        c->models[c->nmodels] = *m;
        strmap_put(&c->model_index, c->models[c->nmodels].name, c->nmodels);
        c->nmodels++;
    }
    memset(m, 0, sizeof *m);
}

void catalogue_add_instance(struct catalogue *c, struct instance_price *m)
{
    m->from = c;
    if ((c->ninstances & (c->ninstances - 1)) == 0)
        c->instances =
            xrealloc(c->instances, (c->ninstances ? 2 * c->ninstances : 1) * sizeof *c->instances);
    c->instances[c->ninstances++] = *m;
    memset(m, 0, sizeof *m);
}

void catalogue_note(struct catalogue *c, int line, int col, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if ((c->nnotes & (c->nnotes - 1)) == 0)
        c->notes = xrealloc(c->notes, (c->nnotes ? 2 * c->nnotes : 1) * sizeof *c->notes);
    c->notes[c->nnotes++] = (struct catalogue_note){line, col, xstrdup(name), msg};
}

/* ---- raftcost's YAML catalogue and inline prices ---- */

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

/* The same for an optional price: *has says whether either key was there. */
static int read_optional_token_price(struct yamldoc *y, yaml_node_t *node, const char *path,
                                     struct params *params, const char *k1k, const char *k1m,
                                     double *out, int *has)
{
    *has = yamldoc_get(y, node, k1k) || yamldoc_get(y, node, k1m);
    return *has ? read_token_price(y, node, path, params, k1k, k1m, out) : 0;
}

/* An optional number, recorded as a parameter only when given. */
static int read_optional_number(struct yamldoc *y, yaml_node_t *node, const char *path,
                                struct params *params, const char *key, unsigned flags, double *out,
                                int *has)
{
    int given = yamldoc_get(y, node, key) != NULL;
    if (has)
        *has = given;
    return given ? params_read_yaml(params, y, node, path, key, QK_NUMBER, flags, 1.0, 1, 0, out)
                 : 0;
}

static int read_optional_string(struct yamldoc *y, yaml_node_t *node, const char *key, char **out)
{
    yaml_node_t *v = yamldoc_get(y, node, key);
    if (!v)
        return 0;
    char *what = xasprintf("'%s'", key);
    const char *s = yamldoc_string(y, v, what);
    free(what);
    if (!s)
        return -1;
    *out = xstrdup(s);
    return 0;
}

/* LiteLLM's modes (its sample_spec and the modes its file uses). */
static const char *const model_modes[] = {
    "chat",       "completion",       "responses", "embedding",    "image_generation",
    "image_edit", "audio_speech",     "realtime",  "moderation",   "rerank",
    "search",     "video_generation", "ocr",       "vector_store", "audio_transcription",
    NULL};

static int check_mode(struct yamldoc *y, yaml_node_t *node, const char *mode)
{
    const char *best = NULL;
    size_t best_dist = (size_t)-1;
    for (size_t i = 0; model_modes[i]; i++) {
        if (strcmp(model_modes[i], mode) == 0)
            return 0;
        size_t d = edit_distance(model_modes[i], mode);
        if (d < best_dist) {
            best_dist = d;
            best = model_modes[i];
        }
    }
    yaml_node_t *v = yamldoc_get(y, node, "mode");
    if (best_dist <= strlen(mode) / 3 + 1)
        return yamldoc_error(y, v,
                             "unknown mode '%s'; did you mean '%s'? (chat and completion "
                             "models serve generation)",
                             mode, best);
    return yamldoc_error(y, v, "unknown mode '%s' (chat and completion models serve generation)",
                         mode);
}

static int read_tiers(struct yamldoc *y, yaml_node_t *node, const char *path, struct params *params,
                      struct model_price *out)
{
    static const char *const keys[] = {
        "above",         "input_per_1k",        "input_per_1m",        "output_per_1k",
        "output_per_1m", "cached_input_per_1k", "cached_input_per_1m", NULL};
    yaml_node_t *list = yamldoc_get(y, node, "tiers");
    if (!list)
        return 0;
    if (list->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, list,
                             "'tiers' must be a list of {above, input_per_1m, ...}, got %s",
                             yamldoc_type_name(list));
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (n == 0)
        return 0;
    /* Allocated once: params point into it. */
    out->tiers = xcalloc(n, sizeof *out->tiers);
    out->ntiers = n;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yamldoc_node(y, list->data.sequence.items.start[i]);
        struct price_tier *t = &out->tiers[i];
        char *tp = xasprintf("%s.tiers.%zu", path, i);
        char *what = xasprintf("'%s'", tp);
        int rc = yamldoc_check_map(y, item, what, keys) ||
                 params_read_yaml(params, y, item, tp, "above", QK_NUMBER, QF_POSITIVE | QF_INTEGER,
                                  1.0, 1, 0, &t->above_tokens) ||
                 read_token_price(y, item, tp, params, "input_per_1k", "input_per_1m",
                                  &t->input_per_1k) ||
                 read_optional_token_price(y, item, tp, params, "output_per_1k", "output_per_1m",
                                           &t->output_per_1k, &t->has_output) ||
                 read_optional_token_price(y, item, tp, params, "cached_input_per_1k",
                                           "cached_input_per_1m", &t->cached_input_per_1k,
                                           &t->has_cached);
        free(what);
        free(tp);
        if (rc)
            return -1;
        /* Ascending order keeps the check linear and params pointing where they were read. */
        if (i > 0 && t->above_tokens <= out->tiers[i - 1].above_tokens)
            return yamldoc_error(y, item, "list 'tiers' by 'above', smallest first, each once");
    }
    return 0;
}

int pricing_read_model(struct yamldoc *y, yaml_node_t *node, const char *path,
                       struct params *params, struct model_price *out)
{
    static const char *const keys[] = {"input_per_1k",
                                       "output_per_1k",
                                       "input_per_1m",
                                       "output_per_1m",
                                       "hosting_per_hour",
                                       "cached_input_per_1k",
                                       "cached_input_per_1m",
                                       "batch_input_per_1k",
                                       "batch_input_per_1m",
                                       "batch_output_per_1k",
                                       "batch_output_per_1m",
                                       "max_input_tokens",
                                       "max_output_tokens",
                                       "mode",
                                       "provider",
                                       "tiers",
                                       NULL};
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
    if (params_read_yaml(params, y, node, path, "hosting_per_hour", QK_NUMBER, 0, 1.0, 0, 0,
                         &out->hosting_per_hour))
        return -1;
    if (read_optional_token_price(y, node, path, params, "cached_input_per_1k",
                                  "cached_input_per_1m", &out->cached_input_per_1k,
                                  &out->has_cached) ||
        read_optional_token_price(y, node, path, params, "batch_input_per_1k", "batch_input_per_1m",
                                  &out->batch_input_per_1k, &out->has_batch_input) ||
        read_optional_token_price(y, node, path, params, "batch_output_per_1k",
                                  "batch_output_per_1m", &out->batch_output_per_1k,
                                  &out->has_batch_output) ||
        read_optional_number(y, node, path, params, "max_input_tokens", QF_POSITIVE | QF_INTEGER,
                             &out->max_input_tokens, NULL) ||
        read_optional_number(y, node, path, params, "max_output_tokens", QF_POSITIVE | QF_INTEGER,
                             &out->max_output_tokens, NULL) ||
        read_optional_string(y, node, "mode", &out->mode) ||
        read_optional_string(y, node, "provider", &out->provider) ||
        read_tiers(y, node, path, params, out))
        return -1;
    if (out->mode && check_mode(y, node, out->mode))
        return -1;
    return 0;
}

int pricing_read_instance(struct yamldoc *y, yaml_node_t *node, const char *path,
                          struct params *params, struct instance_price *out)
{
    static const char *const keys[] = {"per_hour", "gpus",  "gpu",        "spot_per_hour",
                                       "region",   "vcpus", "memory_gib", NULL};
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
    return read_optional_number(y, node, path, params, "spot_per_hour", 0, &out->spot_per_hour,
                                &out->has_spot) ||
                   read_optional_number(y, node, path, params, "vcpus", QF_POSITIVE, &out->vcpus,
                                        NULL) ||
                   read_optional_number(y, node, path, params, "memory_gib", QF_POSITIVE,
                                        &out->memory_gib, NULL) ||
                   read_optional_string(y, node, "region", &out->region)
               ? -1
               : 0;
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
            m.line = yamldoc_line(key);
            m.col = yamldoc_col(key);
            catalogue_add_model(c, &m);
        } else if (strcmp(section, "instances") == 0) {
            struct instance_price m = {0};
            rc = pricing_read_instance(y, value, path, NULL, &m);
            m.name = xstrdup(name);
            m.line = yamldoc_line(key);
            m.col = yamldoc_col(key);
            catalogue_add_instance(c, &m);
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

/* A file named under 'pricing' that is no catalogue: the message shows none of its lines. */
#define NOT_A_CATALOGUE                                                                            \
    "not a price catalogue: no 'raftcost_pricing: 1' (raftcost's YAML), no LiteLLM price keys "    \
    "('input_cost_per_token'), no SkyPilot 'Price' column"

static int read_raftcost(struct catalogue *c, const char *path, struct diag *d)
{
    static const char *const keys[] = {"raftcost_pricing", "source",    "as_of",    "currency",
                                       "models",           "instances", "training", NULL};
    struct yamldoc y;
    struct diag mine = DIAG_INIT;
    int rc = -1;
    int loaded = yamldoc_load(&y, path, &mine) == 0;
    /*
     * A file that never says 'raftcost_pricing' is not a catalogue that went
     * wrong but some other file: say so without showing a line of it (a
     * scenario could name any file the user can read).
     */
    if (y.src && !strstr(y.src, "raftcost_pricing")) {
        diag_set(d, path, NULL, 0, 0, 0, "%s", NOT_A_CATALOGUE);
        diag_release(&mine);
        goto out;
    }
    if (!loaded) {
        /* The first error wins, as diag_set would have it. */
        if (!diag_failed(d))
            *d = mine;
        else
            diag_release(&mine);
        goto out;
    }
    y.diag = d;
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
    rc = 0;
out:
    yamldoc_release(&y);
    return rc;
}

/* ---- pricing entries ---- */

void pricing_entry_init(struct pricing_entry *e)
{
    memset(e, 0, sizeof *e);
}

void pricing_entry_release(struct pricing_entry *e)
{
    free(e->file);
    free(e->region);
    free(e->cloud);
    free(e->as_of);
    pricing_entry_init(e);
}

const char *catalogue_format_name(enum catalogue_format f)
{
    switch (f) {
    case CATALOGUE_RAFTCOST:
        return "raftcost";
    case CATALOGUE_LITELLM:
        return "litellm";
    case CATALOGUE_SKYPILOT:
        return "skypilot";
    default:
        return "auto";
    }
}

/* YYYY-MM-DD with a month and a day that can be. */
static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int entry_string(struct yamldoc *y, yaml_node_t *map, const char *key, char **out,
                        yaml_node_t **at)
{
    yaml_node_t *v = yamldoc_get(y, map, key);
    if (at)
        *at = v;
    return v ? read_optional_string(y, map, key, out) : 0;
}

int pricing_read_entry(struct yamldoc *y, yaml_node_t *node, struct pricing_entry *out)
{
    static const char *const keys[] = {"file", "format", "region", "cloud", "as_of", NULL};
    static const char *const formats[] = {"litellm", "skypilot", "raftcost", NULL};
    pricing_entry_init(out);
    out->y = y;
    out->node = node;
    if (node->type == YAML_SCALAR_NODE) {
        const char *file = yamldoc_string(y, node, "a catalogue file");
        if (!file)
            return -1;
        out->file = xstrdup(file);
        return 0;
    }
    if (node->type != YAML_MAPPING_NODE)
        return yamldoc_error(y, node,
                             "a pricing entry is a file name or {file: F, format: litellm, ...}, "
                             "got %s",
                             yamldoc_type_name(node));
    if (yamldoc_check_map(y, node, "a pricing entry", keys))
        return -1;
    if (!yamldoc_get(y, node, "file"))
        return yamldoc_error(y, node, "missing 'file' in a pricing entry (the catalogue's file)");
    char *format = NULL;
    if (entry_string(y, node, "file", &out->file, NULL) ||
        entry_string(y, node, "format", &format, &out->format_node) ||
        entry_string(y, node, "region", &out->region, &out->region_node) ||
        entry_string(y, node, "cloud", &out->cloud, &out->cloud_node) ||
        entry_string(y, node, "as_of", &out->as_of, &out->as_of_node)) {
        free(format);
        return -1;
    }
    if (format) {
        size_t i;
        for (i = 0; formats[i] && strcmp(formats[i], format) != 0; i++)
            ;
        int rc = 0;
        if (!formats[i])
            rc = yamldoc_error(y, out->format_node,
                               "unknown catalogue format '%s' (litellm, skypilot or raftcost)",
                               format);
        else
            out->format = i == 0   ? CATALOGUE_LITELLM
                          : i == 1 ? CATALOGUE_SKYPILOT
                                   : CATALOGUE_RAFTCOST;
        free(format);
        if (rc)
            return -1;
    }
    if (out->as_of && !valid_date(out->as_of))
        return yamldoc_error(y, out->as_of_node,
                             "'as_of' needs a date such as 2026-07-18, got '%s'", out->as_of);
    if (out->cloud)
        for (char *s = out->cloud; *s; s++)
            *s = (char)tolower((unsigned char)*s);
    return 0;
}

/* An error about the entry: at its node when it came from a YAML file. */
static int entry_error(const struct pricing_entry *e, yaml_node_t *at, struct diag *d,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int entry_error(const struct pricing_entry *e, yaml_node_t *at, struct diag *d,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if (e && e->y && (at || e->node))
        yamldoc_error(e->y, at ? at : e->node, "%s", msg);
    else
        diag_plain(d, "%s", msg);
    free(msg);
    return -1;
}

/* What the text looks like: a JSON object, a CSV with SkyPilot's header, else YAML. */
static enum catalogue_format recognise(const char *src, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)src[i]))
        i++;
    /* A JSON object opens with a quoted key or closes at once; YAML's flow style need not. */
    if (i < len && src[i] == '{') {
        size_t j = i + 1;
        while (j < len && isspace((unsigned char)src[j]))
            j++;
        if (j >= len || src[j] == '"' || src[j] == '}')
            return CATALOGUE_LITELLM;
    }
    const char *nl = memchr(src + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - (src + i)) : len - i;
    char *first = xstrndup(src + i, n);
    int csv = strstr(first, "InstanceType") && strchr(first, ',') && !strchr(first, ':');
    free(first);
    return csv ? CATALOGUE_SKYPILOT : CATALOGUE_RAFTCOST;
}

/*
 * Whether a file recognised by its first characters also carries a mark of
 * its format (a LiteLLM price key, SkyPilot's Price column), so that some
 * other JSON or CSV file is not read as a catalogue that went wrong, with a
 * line of it shown in the error.  raftcost's YAML is checked by read_raftcost.
 */
static int signed_as(enum catalogue_format format, const char *src)
{
    if (format == CATALOGUE_LITELLM)
        return strstr(src, "_cost_per_") || strstr(src, "litellm_provider");
    if (format == CATALOGUE_SKYPILOT) {
        size_t n = strcspn(src, "\n");
        char *first = xstrndup(src, n);
        int priced = strstr(first, "Price") != NULL;
        free(first);
        return priced;
    }
    return 1;
}

static char *describe_entry(const struct pricing_entry *e, const char *file)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "{file: %s", e && e->file ? e->file : file);
    if (e && e->format)
        strbuf_printf(&sb, ", format: %s", catalogue_format_name(e->format));
    if (e && e->region)
        strbuf_printf(&sb, ", region: %s", e->region);
    if (e && e->cloud)
        strbuf_printf(&sb, ", cloud: %s", e->cloud);
    if (e && e->as_of)
        strbuf_printf(&sb, ", as_of: %s", e->as_of);
    strbuf_puts(&sb, "}");
    return strbuf_detach(&sb);
}

static int file_date(const char *path, char **out)
{
    struct stat st;
    struct tm tm;
    char buf[16];
    if (stat(path, &st) != 0 || !gmtime_r(&st.st_mtime, &tm) ||
        strftime(buf, sizeof buf, "%Y-%m-%d", &tm) == 0)
        return -1;
    *out = xstrdup(buf);
    return 0;
}

/* The rows' regions, for a message: "'eastus', 'westus2' and 3 more". */
static char *region_list(const struct catalogue *c)
{
    struct strbuf sb = STRBUF_INIT;
    struct strmap seen = STRMAP_INIT;
    size_t shown = 0, more = 0, unused;
    for (size_t i = 0; i < c->ninstances; i++) {
        const char *r = c->instances[i].region;
        if (!r || strmap_get(&seen, r, &unused))
            continue;
        strmap_put(&seen, r, i);
        if (shown < 8)
            strbuf_printf(&sb, "%s'%s'", shown++ ? ", " : "", r);
        else
            more++;
    }
    if (more)
        strbuf_printf(&sb, " and %zu more", more);
    strmap_release(&seen);
    return strbuf_detach(&sb);
}

/* Reads a LiteLLM or SkyPilot catalogue from its text; raftcost's YAML from its file. */
static int read_by_format(struct catalogue *c, const char *path, const char *src, size_t len,
                          const struct pricing_entry *e, struct diag *d)
{
    const char *choice = e && e->region ? "region" : e && e->cloud ? "cloud" : NULL;
    yaml_node_t *choice_node = e && e->region ? e->region_node : e ? e->cloud_node : NULL;
    if (c->format == CATALOGUE_RAFTCOST) {
        if (choice)
            return entry_error(e, choice_node, d,
                               "'%s' chooses rows of a SkyPilot VM catalogue; '%s' is a raftcost "
                               "catalogue",
                               choice, c->file);
        if (e && e->as_of)
            return entry_error(e, e->as_of_node, d,
                               "'%s' states its own date ('as_of' in the file): drop 'as_of' here",
                               c->file);
        return read_raftcost(c, path, d);
    }
    if (c->format == CATALOGUE_LITELLM) {
        if (choice)
            return entry_error(e, choice_node, d,
                               "'%s' chooses rows of a SkyPilot VM catalogue; '%s' is LiteLLM's "
                               "JSON",
                               choice, c->file);
        c->source = xstrdup("LiteLLM's model_prices_and_context_window.json from BerriAI/litellm");
        return catalogue_read_litellm(c, src, len, d);
    }
    c->source = xstrdup("SkyPilot's VM catalogue from skypilot-org/skypilot-catalog");
    if (catalogue_read_skypilot(c, src, len, c->cloud, d))
        return -1;
    if (c->cloud && c->ninstances == 0)
        return entry_error(e, e->cloud_node, d, "no priced row of '%s' is in cloud '%s'", c->file,
                           c->cloud);
    return 0;
}

/*
 * What makes two loads the same: the file as the kernel names it (device and
 * inode, whatever the path's text) and the entry's choices.  NULL when the
 * file cannot be looked at (reading it then says why).
 */
static char *load_identity(const char *path, const struct pricing_entry *e)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    return xasprintf("%ju:%ju|%d|%s|%s|%s", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
                     e ? (int)e->format : 0, e && e->region ? e->region : "",
                     e && e->cloud ? e->cloud : "", e && e->as_of ? e->as_of : "");
}

/*
 * A catalogue named again is not read again: the one already read moves to
 * the end of the list.  Look-ups take the last catalogue that has a name, so
 * [A, B, A] and [B, A] price everything alike.  Returns 1 when it was there.
 */
static int move_last(struct pricing *p, const char *identity)
{
    for (size_t i = 0; identity && i < p->n; i++) {
        if (!p->items[i]->identity || strcmp(p->items[i]->identity, identity) != 0)
            continue;
        struct catalogue *c = p->items[i];
        memmove(&p->items[i], &p->items[i + 1], (p->n - i - 1) * sizeof *p->items);
        p->items[p->n - 1] = c;
        return 1;
    }
    return 0;
}

int pricing_load_entry(struct pricing *p, const char *path, const struct pricing_entry *e,
                       struct diag *d)
{
    char *identity = load_identity(path, e);
    if (move_last(p, identity)) {
        free(identity);
        return 0;
    }
    struct catalogue *c = catalogue_new(path);
    c->identity = identity;
    char *src = NULL;
    size_t len = 0;
    int rc = -1;
    c->format = e ? e->format : CATALOGUE_AUTO;
    if (c->format != CATALOGUE_RAFTCOST) {
        char *why;
        if (read_input_file(path, INPUT_MAX_BYTES, &src, &len, &why) != 0) {
            diag_plain(d, "cannot read catalogue '%s': %s", path, why);
            free(why);
            goto out;
        }
        if (c->format == CATALOGUE_AUTO) {
            c->format = recognise(src, len);
            c->format_by_content = 1;
            if (!signed_as(c->format, src)) {
                diag_set(d, path, NULL, 0, 0, 0, "%s", NOT_A_CATALOGUE);
                goto out;
            }
        }
    }
    c->entry = describe_entry(e, path);
    if (e && e->region)
        c->region = xstrdup(e->region);
    if (e && e->cloud)
        c->cloud = xstrdup(e->cloud);
    if (read_by_format(c, path, src, len, e, d))
        goto out;
    if (c->format != CATALOGUE_RAFTCOST) {
        c->currency = xstrdup("USD");
        if (e && e->as_of) {
            c->as_of = xstrdup(e->as_of);
        } else if (file_date(path, &c->as_of) == 0) {
            c->as_of_from_file = 1;
        } else {
            diag_plain(d, "cannot read the date of catalogue '%s': %s", path, strerror(errno));
            goto out;
        }
    }
    size_t in_region = catalogue_index_instances(c, c->region);
    if (c->region && in_region == 0) {
        char *regions = region_list(c);
        entry_error(e, e->region_node, d,
                    "no priced row of '%s' is in region '%s' (its regions: %s)", c->file, c->region,
                    *regions ? regions : "none");
        free(regions);
        goto out;
    }
    p->items = xrealloc(p->items, (p->n + 1) * sizeof *p->items);
    p->items[p->n++] = c;
    c = NULL;
    rc = 0;
out:
    free(src);
    catalogue_free(c);
    return rc;
}

int pricing_load(struct pricing *p, const char *path, struct diag *d)
{
    return pricing_load_entry(p, path, NULL, d);
}

char *pricing_provenance(const struct catalogue *c)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "%s: %s, as of %s", c->file, c->source ? c->source : "no source",
                  c->as_of ? c->as_of : "an unknown date");
    if (c->as_of_from_file)
        strbuf_puts(&sb, " (the file's modification date: its pricing entry gives no 'as_of')");
    strbuf_printf(&sb, "; read as %s%s", catalogue_format_name(c->format),
                  c->format_by_content ? " (recognised by its content)" : "");
    if (c->entry)
        strbuf_printf(&sb, " from the entry %s", c->entry);
    return strbuf_detach(&sb);
}
