/*
 * scenario: see scenario.h.  Each YAML mapping is checked against its table
 * of allowed keys first, then read key by key; every number goes through
 * params_read_yaml, which records it in the parameter table.  Catalogue
 * prices a scenario uses are copied into it and recorded too, under the path
 * where they are used (backends.maas.model.input_per_1k), so that --set can
 * change them.  The loader never prints.
 */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"
#include "pricing_yaml.h"
#include "units.h"
#include "util.h"

#define MAX_HORIZON_MONTHS 1200

struct loader {
    struct yamldoc y;
    struct scenario *s;
    struct diag *d;
    struct strmap backend_index; /* backend name -> position */
};

static char *join(const char *prefix, const char *key)
{
    return xasprintf("%s.%s", prefix, key);
}

/* "a/b/../c" -> "a/c"; keeps leading "..", drops "." segments. */
static char *normalize_path(const char *path)
{
    char *copy = xstrdup(path);
    char **segs = xmalloc((strlen(path) + 1) * sizeof *segs);
    size_t n = 0;
    int absolute = path[0] == '/';
    for (char *tok = strtok(copy, "/"); tok; tok = strtok(NULL, "/")) {
        if (strcmp(tok, ".") == 0)
            continue;
        if (strcmp(tok, "..") == 0 && n > 0 && strcmp(segs[n - 1], "..") != 0) {
            n--;
            continue;
        }
        segs[n++] = tok;
    }
    struct strbuf sb = STRBUF_INIT;
    if (absolute)
        strbuf_puts(&sb, "/");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&sb, "%s%s", i ? "/" : "", segs[i]);
    if (sb.len == 0)
        strbuf_puts(&sb, ".");
    free(segs);
    free(copy);
    return strbuf_detach(&sb);
}

static char *resolve_relative(const char *base_file, const char *rel)
{
    if (rel[0] == '/')
        return normalize_path(rel);
    const char *slash = strrchr(base_file, '/');
    char *joined =
        slash ? xasprintf("%.*s/%s", (int)(slash - base_file), base_file, rel) : xstrdup(rel);
    char *norm = normalize_path(joined);
    free(joined);
    return norm;
}

static const char *catalogue_list(const struct pricing *p)
{
    return p->n ? p->items[p->n - 1]->file : NULL;
}

/* Records the prices of a catalogue record under the path where it is used. */
/* Records one copied catalogue price as parameter "path.key", placed at the name. */
static void record_price(struct loader *L, const char *path, const char *key, double *value,
                         const yaml_node_t *at)
{
    char *p = join(path, key);
    params_add(&L->s->params, p, value, 1.0, QK_NUMBER, 0, yamldoc_line(at), yamldoc_col(at), 0);
    free(p);
}

static void record_model_params(struct loader *L, struct model_price *m, const char *path,
                                const yaml_node_t *at)
{
    record_price(L, path, "input_per_1k", &m->input_per_1k, at);
    record_price(L, path, "output_per_1k", &m->output_per_1k, at);
    if (m->has_hosting)
        record_price(L, path, "hosting_per_hour", &m->hosting_per_hour, at);
}

static int unknown_price(struct loader *L, yaml_node_t *node, const char *section, const char *what,
                         const char *name)
{
    if (L->s->pricing.n == 0)
        return yamldoc_error(&L->y, node,
                             "unknown %s '%s': the scenario names no catalogue under 'pricing' "
                             "(or give the price inline)",
                             what, name);
    char *near = pricing_suggest(&L->s->pricing, section, name);
    if (near)
        yamldoc_error(&L->y, node,
                      "unknown %s '%s' (not in any catalogue under 'pricing'); did "
                      "you mean '%s'?",
                      what, name, near);
    else
        yamldoc_error(&L->y, node,
                      "unknown %s '%s' (not in any catalogue under 'pricing', such "
                      "as '%s')",
                      what, name, catalogue_list(&L->s->pricing));
    free(near);
    return -1;
}

/* `model:` is a catalogue name or an inline price mapping. */
static int read_model_ref(struct loader *L, yaml_node_t *node, const char *path,
                          struct model_price *out)
{
    if (node->type == YAML_MAPPING_NODE) {
        if (pricing_read_model(&L->y, node, path, &L->s->params, out))
            return -1;
        return 0;
    }
    const char *name = yamldoc_string(&L->y, node, "'model'");
    if (!name)
        return -1;
    const struct model_price *m = pricing_model(&L->s->pricing, name);
    if (!m)
        return unknown_price(L, node, "models", "model", name);
    model_price_copy(out, m);
    record_model_params(L, out, path, node);
    return 0;
}

static int read_instance_ref(struct loader *L, yaml_node_t *node, const char *path,
                             struct instance_price *out)
{
    if (node->type == YAML_MAPPING_NODE)
        return pricing_read_instance(&L->y, node, path, &L->s->params, out);
    const char *name = yamldoc_string(&L->y, node, "'instance'");
    if (!name)
        return -1;
    const struct instance_price *m = pricing_instance(&L->s->pricing, name);
    if (!m)
        return unknown_price(L, node, "instances", "instance", name);
    instance_price_copy(out, m);
    record_price(L, path, "per_hour", &out->per_hour, node);
    return 0;
}

static int read_training_ref(struct loader *L, yaml_node_t *node, const char *path,
                             struct training_price *out)
{
    if (node->type == YAML_MAPPING_NODE)
        return pricing_read_training(&L->y, node, path, &L->s->params, out);
    const char *name = yamldoc_string(&L->y, node, "'price'");
    if (!name)
        return -1;
    const struct training_price *m = pricing_training(&L->s->pricing, name);
    if (!m)
        return unknown_price(L, node, "training", "training price", name);
    training_price_copy(out, m);
    if (m->per_token)
        record_price(L, path, "per_1k_training_tokens", &out->per_1k_training_tokens, node);
    else
        record_price(L, path, "per_hour", &out->per_hour, node);
    return 0;
}

static int read_string(struct loader *L, yaml_node_t *map, const char *key, char **out)
{
    yaml_node_t *node = yamldoc_get(&L->y, map, key);
    if (!node)
        return 0;
    char *what = xasprintf("'%s'", key);
    const char *s = yamldoc_string(&L->y, node, what);
    free(what);
    if (!s)
        return -1;
    free(*out);
    *out = xstrdup(s);
    return 0;
}

/* Reads `key` as one of `choices`; *out = its index (default 0). */
static int read_choice(struct loader *L, yaml_node_t *map, const char *key,
                       const char *const *choices, int *out)
{
    yaml_node_t *node = yamldoc_get(&L->y, map, key);
    *out = 0;
    if (!node)
        return 0;
    char *what = xasprintf("'%s'", key);
    const char *s = yamldoc_string(&L->y, node, what);
    free(what);
    if (!s)
        return -1;
    struct strbuf list = STRBUF_INIT;
    for (int i = 0; choices[i]; i++) {
        if (strcmp(choices[i], s) == 0) {
            *out = i;
            strbuf_release(&list);
            return 0;
        }
        strbuf_printf(&list, "%s'%s'", i ? " or " : "", choices[i]);
    }
    yamldoc_error(&L->y, node, "'%s' must be %s, got '%s'", key, list.buf, s);
    strbuf_release(&list);
    return -1;
}

/* `points: [[1, 51.7], [5, 218.5], ...]`: each number read with its position. */
static int read_inline_points(struct loader *L, yaml_node_t *node, struct curve_points *pts)
{
    struct yamldoc *y = &L->y;
    if (node->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, node,
                             "'points' must be a list of [concurrency, tok/s] pairs, "
                             "got %s",
                             yamldoc_type_name(node));
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    double *c = xcalloc(n ? n : 1, sizeof *c), *x = xcalloc(n ? n : 1, sizeof *x);
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *pair = yamldoc_node(y, node->data.sequence.items.start[i]);
        if (pair->type != YAML_SEQUENCE_NODE ||
            pair->data.sequence.items.top - pair->data.sequence.items.start != 2) {
            yamldoc_error(y, pair, "a point is a pair [concurrency, tok/s], such as [8, 350]");
            goto out;
        }
        double *targets[2] = {&c[i], &x[i]};
        const char *names[2] = {"concurrency", "tok/s"};
        for (int k = 0; k < 2; k++) {
            yaml_node_t *v = yamldoc_node(y, pair->data.sequence.items.start[k]);
            const char *text = yamldoc_scalar(y, v, names[k]);
            char *msg = NULL;
            int off;
            if (!text)
                goto out;
            if (quantity_parse(text, QK_NUMBER, QF_POSITIVE, names[k], targets[k], &msg, &off)) {
                yamldoc_error(y, v, "%s", msg);
                free(msg);
                goto out;
            }
        }
    }
    struct diag d = DIAG_INIT;
    if (curve_points_from_arrays(c, x, n, pts, &d) != 0) {
        yamldoc_error(y, node, "%s", d.message);
        diag_release(&d);
        goto out;
    }
    rc = 0;
out:
    free(c);
    free(x);
    return rc;
}

/*
 * throughput: {curve: usl, points_file: F | points: [...], concurrency: N}.
 * The fit happens here, once; the model evaluates it at the concurrency,
 * which --set may change.
 */
static int read_throughput_curve(struct loader *L, struct deployment *b, yaml_node_t *node,
                                 const char *path)
{
    static const char *const keys[] = {"curve", "points_file", "points", "concurrency", NULL};
    static const char *const models[] = {"saturating", "usl", "table", NULL};
    struct yamldoc *y = &L->y;
    char *tp = join(path, "throughput");
    char *what = xasprintf("'%s'", tp);
    struct curve_points pts = CURVE_POINTS_INIT;
    int rc = -1;
    if (yamldoc_check_map(y, node, what, keys))
        goto out;
    int model;
    b->curve = xcalloc(1, sizeof *b->curve);
    params_add_region(&L->s->params, PARAM_OWNER_CURVE, (size_t)(b - L->s->backends), b->curve,
                      sizeof *b->curve);
    if (!yamldoc_get(y, node, "curve")) {
        yamldoc_error_in(y, node, "missing 'curve' in '%s' ('saturating', 'usl' or 'table')", tp);
        goto out;
    }
    if (read_choice(L, node, "curve", models, &model))
        goto out;
    yaml_node_t *file = yamldoc_get(y, node, "points_file");
    yaml_node_t *points = yamldoc_get(y, node, "points");
    if ((file != NULL) == (points != NULL)) {
        yamldoc_error(y, file ? file : node, "'%s' needs 'points_file' or 'points' (one of them)",
                      tp);
        goto out;
    }
    if (file) {
        const char *rel = yamldoc_string(y, file, "'points_file'");
        if (!rel)
            goto out;
        char *csv = resolve_relative(L->s->file, rel);
        b->curve->source = csv;
        if (access(csv, R_OK) != 0) {
            yamldoc_error(y, file, "cannot read points file '%s': %s", csv, strerror(errno));
            goto out;
        }
        if (curve_points_read_csv(csv, &pts, L->d) != 0)
            goto out;
    } else if (read_inline_points(L, points, &pts)) {
        goto out;
    }
    /* The curve keeps its points: the plots draw them, and a new model refits them. */
    b->curve->model = model;
    b->curve->points = pts;
    pts = (struct curve_points)CURVE_POINTS_INIT;
    char *msg = NULL;
    if (throughput_curve_fit(b->curve, &msg) != CURVE_REFIT_OK) {
        yamldoc_error(y, yamldoc_get(y, node, "curve"), "%s", msg);
        free(msg);
        goto out;
    }
    if (!yamldoc_get(y, node, "concurrency")) {
        if (isnan(b->curve->fit.knee)) {
            yamldoc_error(y, node,
                          "the %s curve has no knee (90%% of its maximum): give "
                          "'concurrency'",
                          models[model]);
            goto out;
        }
        b->curve->concurrency_is_knee = 1;
    }
    if (params_read_yaml(&L->s->params, y, node, tp, "concurrency", QK_NUMBER, QF_POSITIVE, 1.0, 0,
                         b->curve->fit.knee, &b->curve->concurrency))
        goto out;
    rc = 0;
out:
    curve_points_release(&pts);
    free(tp);
    free(what);
    return rc;
}

static int read_backend(struct loader *L, struct deployment *b, yaml_node_t *node)
{
    static const char *const keys[] = {"type",       "model",  "instance",     "count",
                                       "throughput", "limits", "provisioning", "teardown",
                                       "max_count",  NULL};
    static const char *const types[] = {"serverless", "dedicated", NULL};
    static const char *const limit_keys[] = {"tpm", "rpm", "concurrency", NULL};
    struct params *P = &L->s->params;
    struct yamldoc *y = &L->y;
    char *path = xasprintf("backends.%s", b->name);
    char *what = xasprintf("'%s'", path);
    int rc = -1;

    if (yamldoc_check_map(y, node, what, keys))
        goto out;
    if (!yamldoc_get(y, node, "type")) {
        yamldoc_error_in(y, node, "missing 'type' in '%s' ('serverless' or 'dedicated')", path);
        goto out;
    }
    if (read_choice(L, node, "type", types, &b->type))
        goto out;
    /* Keys that belong to the other type are errors, not silently ignored. */
    static const char *const dedicated_only[] = {"instance", "count",     "provisioning",
                                                 "teardown", "max_count", NULL};
    for (int i = 0; b->type == DEPLOY_SERVERLESS && dedicated_only[i]; i++) {
        yaml_node_t *k = yamldoc_get(y, node, dedicated_only[i]);
        if (k) {
            yamldoc_error(y, k,
                          "'%s' is for dedicated backends; '%s' is serverless (billed per "
                          "token)",
                          dedicated_only[i], b->name);
            goto out;
        }
    }
    if (b->type == DEPLOY_DEDICATED && yamldoc_get(y, node, "model")) {
        yamldoc_error(y, yamldoc_get(y, node, "model"),
                      "'model' is for serverless backends; '%s' is dedicated (billed per "
                      "instance-hour: give 'instance')",
                      b->name);
        goto out;
    }
    if (b->type == DEPLOY_SERVERLESS) {
        yaml_node_t *m = yamldoc_get(y, node, "model");
        if (!m) {
            yamldoc_error_in(y, node,
                             "missing 'model' in '%s' (the model whose per-token prices "
                             "it pays)",
                             path);
            goto out;
        }
        char *mp = join(path, "model");
        int r = read_model_ref(L, m, mp, &b->model);
        free(mp);
        if (r)
            goto out;
        b->has_model = 1;
        b->count = 1;
    } else {
        yaml_node_t *inst = yamldoc_get(y, node, "instance");
        if (!inst) {
            yamldoc_error_in(y, node, "missing 'instance' in '%s' (the machine billed per hour)",
                             path);
            goto out;
        }
        char *ip = join(path, "instance");
        int r = read_instance_ref(L, inst, ip, &b->instance);
        free(ip);
        if (r)
            goto out;
        b->has_instance = 1;
        if (params_read_yaml(P, y, node, path, "count", QK_NUMBER, QF_INTEGER | QF_POSITIVE, 1.0, 0,
                             1, &b->count) ||
            params_read_yaml(P, y, node, path, "provisioning", QK_DURATION, 0, 1.0, 0, 0,
                             &b->provisioning_s) ||
            params_read_yaml(P, y, node, path, "teardown", QK_DURATION, 0, 1.0, 0, 0,
                             &b->teardown_s) ||
            params_read_yaml(P, y, node, path, "max_count", QK_NUMBER, QF_INTEGER, 1.0, 0, 0,
                             &b->max_count))
            goto out;
    }
    yaml_node_t *throughput = yamldoc_get(y, node, "throughput");
    if (throughput && throughput->type == YAML_MAPPING_NODE) {
        if (read_throughput_curve(L, b, throughput, path))
            goto out;
    } else if (params_read_yaml(P, y, node, path, "throughput", QK_THROUGHPUT, QF_POSITIVE, 1.0, 1,
                                0, &b->throughput_tok_s)) {
        goto out;
    }
    /* Without 'limits', the defaults are still parameters that --set can change;
     * the backend's own mapping has none of these keys (checked above). */
    yaml_node_t *limits = yamldoc_get(y, node, "limits");
    {
        char *lp = join(path, "limits");
        char *lw = xasprintf("'%s'", lp);
        if (!limits)
            limits = node;
        int r =
            (limits != node && yamldoc_check_map(y, limits, lw, limit_keys)) ||
            params_read_yaml(P, y, limits, lp, "tpm", QK_NUMBER, QF_POSITIVE, 1.0, 0, 0, &b->tpm) ||
            params_read_yaml(P, y, limits, lp, "rpm", QK_NUMBER, QF_POSITIVE, 1.0, 0, 0, &b->rpm) ||
            params_read_yaml(P, y, limits, lp, "concurrency", QK_NUMBER, QF_POSITIVE | QF_INTEGER,
                             1.0, 0, 0, &b->concurrency);
        free(lp);
        free(lw);
        if (r)
            goto out;
    }
    rc = 0;
out:
    free(path);
    free(what);
    return rc;
}

static int read_backends(struct loader *L, yaml_node_t *node)
{
    struct yamldoc *y = &L->y;
    if (yamldoc_check_map(y, node, "'backends'", NULL))
        return -1;
    size_t n = yamldoc_map_size(node);
    if (n == 0)
        return yamldoc_error(y, node, "'backends' is empty: name at least one backend");
    /* Allocated once: the parameter table points into this array. */
    L->s->backends = xcalloc(n, sizeof *L->s->backends);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        struct deployment *b = &L->s->backends[i];
        params_add_region(&L->s->params, PARAM_OWNER_BACKEND, i, b, sizeof *b);
        b->name = xstrdup(name);
        L->s->nbackends = i + 1;
        strmap_put(&L->backend_index, b->name, i);
        if (strchr(name, '.'))
            return yamldoc_error(y, key,
                                 "backend name '%s' must not contain '.' (it is part of "
                                 "parameter paths)",
                                 name);
        if (read_backend(L, b, value))
            return -1;
    }
    return 0;
}

/*
 * generation.dataset: the corpus and the RAFT recipe's settings.  The
 * defaults are those of the public RAFT generator (raft.py: 5 questions a
 * chunk, 3 distractors, 512-character chunks, about 128 tokens) and measured
 * sizes of its Llama prompt templates and outputs.
 */
static int read_dataset(struct loader *L, yaml_node_t *node)
{
    static const char *const keys[] = {"corpus_tokens",
                                       "documents",
                                       "document_tokens",
                                       "chunk_tokens",
                                       "questions_per_chunk",
                                       "distractors",
                                       "question_prompt_tokens",
                                       "answer_prompt_tokens",
                                       "question_tokens",
                                       "answer_tokens",
                                       "keep",
                                       "example_overhead_tokens",
                                       NULL};
    struct yamldoc *y = &L->y;
    struct params *P = &L->s->params;
    struct dataset *ds = &L->s->generation.dataset;
    const char *dp = "generation.dataset";
    const unsigned whole = QF_INTEGER, count = QF_INTEGER | QF_POSITIVE;

    if (yamldoc_check_map(y, node, "'generation.dataset'", keys))
        return -1;
    yaml_node_t *corpus = yamldoc_get(y, node, "corpus_tokens");
    yaml_node_t *docs = yamldoc_get(y, node, "documents");
    yaml_node_t *doc_tokens = yamldoc_get(y, node, "document_tokens");
    if (corpus && (docs || doc_tokens))
        return yamldoc_error(
            y, docs ? docs : doc_tokens,
            "give 'corpus_tokens' or 'documents' with 'document_tokens', not both");
    if (!corpus && !(docs && doc_tokens))
        return yamldoc_error(y,
                             docs         ? docs
                             : doc_tokens ? doc_tokens
                                          : node,
                             "'generation.dataset' needs 'corpus_tokens', or 'documents' with "
                             "'document_tokens'");
    if (corpus) {
        if (params_read_yaml(P, y, node, dp, "corpus_tokens", QK_NUMBER, count, 1.0, 1, 0,
                             &ds->corpus_tokens))
            return -1;
    } else if (params_read_yaml(P, y, node, dp, "documents", QK_NUMBER, count, 1.0, 1, 0,
                                &ds->documents) ||
               params_read_yaml(P, y, node, dp, "document_tokens", QK_NUMBER, QF_POSITIVE, 1.0, 1,
                                0, &ds->document_tokens)) {
        return -1;
    }
    if (params_read_yaml(P, y, node, dp, "chunk_tokens", QK_NUMBER, count, 1.0, 0, 128,
                         &ds->chunk_tokens) ||
        params_read_yaml(P, y, node, dp, "questions_per_chunk", QK_NUMBER, count, 1.0, 0, 5,
                         &ds->questions_per_chunk) ||
        params_read_yaml(P, y, node, dp, "distractors", QK_NUMBER, whole, 1.0, 0, 3,
                         &ds->distractors) ||
        params_read_yaml(P, y, node, dp, "question_prompt_tokens", QK_NUMBER, whole, 1.0, 0, 190,
                         &ds->question_prompt_tokens) ||
        params_read_yaml(P, y, node, dp, "answer_prompt_tokens", QK_NUMBER, whole, 1.0, 0, 470,
                         &ds->answer_prompt_tokens) ||
        params_read_yaml(P, y, node, dp, "question_tokens", QK_NUMBER, count, 1.0, 0, 12,
                         &ds->question_tokens) ||
        params_read_yaml(P, y, node, dp, "answer_tokens", QK_NUMBER, count, 1.0, 0, 190,
                         &ds->answer_tokens) ||
        params_read_yaml(P, y, node, dp, "keep", QK_FRACTION, QF_POSITIVE | QF_AT_MOST_ONE, 1.0, 0,
                         1.0, &ds->keep) ||
        params_read_yaml(P, y, node, dp, "example_overhead_tokens", QK_NUMBER, whole, 1.0, 0, 0,
                         &ds->example_overhead_tokens))
        return -1;
    return 0;
}

static int read_generation(struct loader *L, yaml_node_t *node)
{
    static const char *const keys[] = {"teacher", "examples", "tokens",   "requests", "backends",
                                       "routing", "dataset",  "deadline", NULL};
    static const char *const token_keys[] = {"input", "output", NULL};
    static const char *const routings[] = {"capacity", "equal", NULL};
    struct yamldoc *y = &L->y;
    struct params *P = &L->s->params;
    struct generation *g = &L->s->generation;

    if (yamldoc_check_map(y, node, "'generation'", keys))
        return -1;
    g->present = 1;
    if (read_string(L, node, "teacher", &g->teacher))
        return -1;
    yaml_node_t *dataset = yamldoc_get(y, node, "dataset");
    yaml_node_t *tokens = yamldoc_get(y, node, "tokens");
    if (dataset) {
        /* The volume derives from the dataset: giving it too would contradict. */
        static const char *const derived[] = {"tokens", "examples", "requests", NULL};
        for (int i = 0; derived[i]; i++) {
            yaml_node_t *k = yamldoc_get(y, node, derived[i]);
            if (k)
                return yamldoc_error(y, k,
                                     "'%s' is derived from 'dataset': give one or the "
                                     "other",
                                     derived[i]);
        }
        g->has_dataset = 1;
        if (read_dataset(L, dataset))
            return -1;
    } else if (params_read_yaml(P, y, node, "generation", "examples", QK_NUMBER,
                                QF_INTEGER | QF_POSITIVE, 1.0, 1, 0, &g->examples) ||
               params_read_yaml(P, y, node, "generation", "requests", QK_NUMBER,
                                QF_INTEGER | QF_POSITIVE, 1.0, 0, 0, &g->requests)) {
        return -1;
    }
    if (!dataset) {
        if (!tokens)
            return yamldoc_error_in(y, node,
                                    "missing 'tokens' in 'generation' (totals for the job, "
                                    "such as '{input: 10M, output: 3.7M}'), or a 'dataset'");
        if (yamldoc_check_map(y, tokens, "'generation.tokens'", token_keys) ||
            params_read_yaml(P, y, tokens, "generation.tokens", "input", QK_NUMBER, 0, 1.0, 1, 0,
                             &g->input_tokens) ||
            params_read_yaml(P, y, tokens, "generation.tokens", "output", QK_NUMBER, QF_POSITIVE,
                             1.0, 1, 0, &g->output_tokens))
            return -1;
    }
    if (read_choice(L, node, "routing", routings, &g->routing) ||
        params_read_yaml(P, y, node, "generation", "deadline", QK_DURATION, 0, 1.0, 0, 0,
                         &g->deadline_s))
        return -1;

    yaml_node_t *list = yamldoc_get(y, node, "backends");
    if (!list) {
        if (L->s->nbackends == 0)
            return yamldoc_error(y, node,
                                 "'generation' needs a backend: define one under "
                                 "'backends'");
        g->nbackends = L->s->nbackends;
        g->backends = xmalloc(g->nbackends * sizeof *g->backends);
        for (size_t i = 0; i < g->nbackends; i++)
            g->backends[i] = i;
        return 0;
    }
    if (list->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, list,
                             "'generation.backends' must be a list of backend names, got "
                             "%s",
                             yamldoc_type_name(list));
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (n == 0)
        return yamldoc_error(y, list, "'generation.backends' is empty: name at least one backend");
    g->backends = xmalloc(n * sizeof *g->backends);
    /* Which backends are listed already, so that each name costs the same. */
    char *listed = xcalloc(L->s->nbackends ? L->s->nbackends : 1, 1);
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yamldoc_node(y, list->data.sequence.items.start[i]);
        const char *name = yamldoc_string(y, item, "a backend name");
        if (!name)
            goto out;
        size_t idx;
        if (!strmap_get(&L->backend_index, name, &idx)) {
            struct strbuf known = STRBUF_INIT;
            for (size_t k = 0; k < L->s->nbackends && k < 10; k++)
                strbuf_printf(&known, "%s'%s'", k ? ", " : "", L->s->backends[k].name);
            if (L->s->nbackends > 10)
                strbuf_printf(&known, " and %zu more", L->s->nbackends - 10);
            yamldoc_error(y, item, "unknown backend '%s' (defined: %s)", name,
                          known.len ? known.buf : "none");
            strbuf_release(&known);
            goto out;
        }
        if (listed[idx]) {
            yamldoc_error(y, item, "backend '%s' is listed twice", name);
            goto out;
        }
        listed[idx] = 1;
        g->backends[g->nbackends++] = idx;
    }
    rc = 0;
out:
    free(listed);
    return rc;
}

/* fine_tuning.estimate: the time of a run from FLOPs. */
static int read_estimate(struct loader *L, yaml_node_t *node)
{
    static const char *const keys[] = {"parameters", "method",         "epochs", "train_share",
                                       "gpus",       "gpu_flops",      "mfu",    "overhead",
                                       "examples",   "example_tokens", NULL};
    static const char *const methods[] = {"lora", "full", NULL};
    struct yamldoc *y = &L->y;
    struct params *P = &L->s->params;
    const struct generation *g = &L->s->generation;
    const char *ep = "fine_tuning.estimate";
    struct ft_estimate *e = &L->s->fine_tuning.estimate;

    if (yamldoc_check_map(y, node, "'fine_tuning.estimate'", keys))
        return -1;
    int method;
    if (read_choice(L, node, "method", methods, &method))
        return -1;
    e->full = method == 1;
    if (params_read_yaml(P, y, node, ep, "parameters", QK_NUMBER, QF_POSITIVE, 1.0, 1, 0,
                         &e->parameters) ||
        params_read_yaml(P, y, node, ep, "epochs", QK_NUMBER, QF_POSITIVE, 1.0, 0, 1, &e->epochs) ||
        params_read_yaml(P, y, node, ep, "train_share", QK_FRACTION, QF_POSITIVE | QF_AT_MOST_ONE,
                         1.0, 0, 0.8, &e->train_share) ||
        params_read_yaml(P, y, node, ep, "gpus", QK_NUMBER, QF_POSITIVE | QF_INTEGER, 1.0, 1, 0,
                         &e->gpus) ||
        params_read_yaml(P, y, node, ep, "gpu_flops", QK_NUMBER, QF_POSITIVE, 1.0, 1, 0,
                         &e->gpu_flops) ||
        params_read_yaml(P, y, node, ep, "mfu", QK_FRACTION, QF_POSITIVE | QF_AT_MOST_ONE, 1.0, 1,
                         0, &e->mfu) ||
        params_read_yaml(P, y, node, ep, "overhead", QK_DURATION, 0, 1.0, 0, 0, &e->overhead_s))
        return -1;
    /* Examples and their size come from generation unless given here. */
    int need_examples = !g->present;
    int need_tokens = !g->has_dataset;
    if (params_read_yaml(P, y, node, ep, "examples", QK_NUMBER, QF_POSITIVE | QF_INTEGER, 1.0, 0, 0,
                         &e->examples) ||
        params_read_yaml(P, y, node, ep, "example_tokens", QK_NUMBER, QF_POSITIVE, 1.0, 0, 0,
                         &e->example_tokens))
        return -1;
    if (need_examples && !yamldoc_get(y, node, "examples"))
        return yamldoc_error_in(y, node,
                                "missing 'examples' in 'fine_tuning.estimate' (there is no "
                                "'generation' to take them from)");
    if (need_tokens && !yamldoc_get(y, node, "example_tokens"))
        return yamldoc_error_in(y, node,
                                "missing 'example_tokens' in 'fine_tuning.estimate' (tokens "
                                "in one training example; 'generation.dataset' would "
                                "derive it)");
    return 0;
}

static int read_fine_tuning(struct loader *L, yaml_node_t *node)
{
    static const char *const keys[] = {"student",         "price",    "duration", "runs",
                                       "training_tokens", "estimate", NULL};
    struct yamldoc *y = &L->y;
    struct params *P = &L->s->params;
    struct fine_tuning *f = &L->s->fine_tuning;

    if (yamldoc_check_map(y, node, "'fine_tuning'", keys))
        return -1;
    f->present = 1;
    if (read_string(L, node, "student", &f->student))
        return -1;
    yaml_node_t *price = yamldoc_get(y, node, "price");
    if (!price)
        return yamldoc_error_in(y, node,
                                "missing 'price' in 'fine_tuning' (a catalogue training "
                                "line, or inline such as '{per_hour: 35}')");
    if (read_training_ref(L, price, "fine_tuning.price", &f->price))
        return -1;
    int hourly = !f->price.per_token;
    yaml_node_t *estimate = yamldoc_get(y, node, "estimate");
    if (estimate) {
        /* The estimate gives the duration and the training tokens. */
        static const char *const derived[] = {"duration", "training_tokens", NULL};
        for (int i = 0; derived[i]; i++) {
            yaml_node_t *k = yamldoc_get(y, node, derived[i]);
            if (k)
                return yamldoc_error(y, k,
                                     "'%s' is derived from 'estimate': give one or the "
                                     "other",
                                     derived[i]);
        }
        f->has_estimate = 1;
        if (read_estimate(L, estimate))
            return -1;
    } else if (params_read_yaml(P, y, node, "fine_tuning", "duration", QK_DURATION, QF_POSITIVE,
                                1.0, hourly, 0, &f->duration_s) ||
               params_read_yaml(P, y, node, "fine_tuning", "training_tokens", QK_NUMBER,
                                QF_POSITIVE, 1.0, !hourly, 0, &f->training_tokens)) {
        return -1;
    }
    return params_read_yaml(P, y, node, "fine_tuning", "runs", QK_NUMBER, QF_INTEGER | QF_POSITIVE,
                            1.0, 0, 1, &f->runs);
}

/* A pair {input, output} of token counts. */
static int read_token_pair(struct loader *L, yaml_node_t *map, const char *prefix, const char *key,
                           double *input, double *output)
{
    static const char *const keys[] = {"input", "output", NULL};
    struct yamldoc *y = &L->y;
    yaml_node_t *node = yamldoc_get(y, map, key);
    if (!node)
        return yamldoc_error_in(
            y, map, "missing '%s' in '%s' (such as '{input: 800, output: 200}')", key, prefix);
    char *path = join(prefix, key);
    char *what = xasprintf("'%s'", path);
    int rc =
        yamldoc_check_map(y, node, what, keys) ||
        params_read_yaml(&L->s->params, y, node, path, "input", QK_NUMBER, 0, 1.0, 1, 0, input) ||
        params_read_yaml(&L->s->params, y, node, path, "output", QK_NUMBER, 0, 1.0, 1, 0, output);
    free(path);
    free(what);
    return rc ? -1 : 0;
}

static int read_evaluation(struct loader *L, yaml_node_t *node)
{
    static const char *const keys[] = {"questions", "answer_tokens", "models", "judge",
                                       "metrics",   "judge_tokens",  NULL};
    struct yamldoc *y = &L->y;
    struct params *P = &L->s->params;
    struct evaluation *e = &L->s->evaluation;
    const char *ep = "evaluation";

    if (yamldoc_check_map(y, node, "'evaluation'", keys))
        return -1;
    e->present = 1;
    yaml_node_t *q = yamldoc_get(y, node, "questions");
    if (!q)
        return yamldoc_error_in(y, node,
                                "missing 'questions' in 'evaluation' (a share of the "
                                "examples such as '10%%', or a count)");
    /* A share of the examples ('10%') or a count ('500'). */
    e->questions_is_share =
        q->type == YAML_SCALAR_NODE && strchr((const char *)q->data.scalar.value, '%') != NULL;
    if (e->questions_is_share && !L->s->generation.present)
        return yamldoc_error(y, q,
                             "'questions' is a share of the examples, but there is no "
                             "'generation': give a count");
    if (params_read_yaml(P, y, node, ep, "questions",
                         e->questions_is_share ? QK_FRACTION : QK_NUMBER,
                         QF_POSITIVE | (e->questions_is_share ? QF_AT_MOST_ONE : QF_INTEGER), 1.0,
                         1, 0, &e->questions) ||
        read_token_pair(L, node, ep, "answer_tokens", &e->answer_input_tokens,
                        &e->answer_output_tokens))
        return -1;
    yaml_node_t *models = yamldoc_get(y, node, "models");
    if (!models)
        return yamldoc_error_in(y, node,
                                "missing 'models' in 'evaluation' (the models that answer "
                                "the questions)");
    if (models->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, models, "'evaluation.models' must be a list of models, got %s",
                             yamldoc_type_name(models));
    size_t n = (size_t)(models->data.sequence.items.top - models->data.sequence.items.start);
    if (n == 0)
        return yamldoc_error(y, models, "'evaluation.models' is empty: name at least one model");
    e->models = xcalloc(n, sizeof *e->models);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yamldoc_node(y, models->data.sequence.items.start[i]);
        params_add_region(P, PARAM_OWNER_EVAL_MODEL, i, &e->models[i], sizeof e->models[i]);
        char *mp = xasprintf("evaluation.models.%zu", i + 1);
        int r = read_model_ref(L, item, mp, &e->models[i]);
        free(mp);
        e->nmodels = i + 1;
        if (r)
            return -1;
    }
    yaml_node_t *judge = yamldoc_get(y, node, "judge");
    if (!judge) {
        static const char *const judged[] = {"metrics", "judge_tokens", NULL};
        for (int i = 0; judged[i]; i++) {
            yaml_node_t *k = yamldoc_get(y, node, judged[i]);
            if (k)
                return yamldoc_error(y, k,
                                     "'%s' needs a 'judge' (the model that grades the "
                                     "answers)",
                                     judged[i]);
        }
        return 0;
    }
    e->has_judge = 1;
    if (read_model_ref(L, judge, "evaluation.judge", &e->judge) ||
        params_read_yaml(P, y, node, ep, "metrics", QK_NUMBER, QF_POSITIVE | QF_INTEGER, 1.0, 0, 1,
                         &e->metrics) ||
        read_token_pair(L, node, ep, "judge_tokens", &e->judge_input_tokens,
                        &e->judge_output_tokens))
        return -1;
    return 0;
}

static int find_option(const struct inference *inf, const char *name, size_t *index)
{
    for (size_t i = 0; i < inf->noptions; i++)
        if (strcmp(inf->options[i].name, name) == 0) {
            *index = i;
            return 1;
        }
    return 0;
}

static int read_option_name(struct loader *L, yaml_node_t *map, const char *key, size_t *index)
{
    struct yamldoc *y = &L->y;
    const struct inference *inf = &L->s->inference;
    yaml_node_t *node = yamldoc_get(y, map, key);
    if (!node)
        return yamldoc_error_in(y, map,
                                "missing '%s' in 'inference.compare' (the name of an option)", key);
    char *what = xasprintf("'%s'", key);
    const char *name = yamldoc_string(y, node, what);
    free(what);
    if (!name)
        return -1;
    if (find_option(inf, name, index))
        return 0;
    struct strbuf known = STRBUF_INIT;
    for (size_t k = 0; k < inf->noptions; k++)
        strbuf_printf(&known, "%s'%s'", k ? ", " : "", inf->options[k].name);
    yamldoc_error(y, node, "'%s' names no option: '%s' (options: %s)", key, name, known.buf);
    strbuf_release(&known);
    return -1;
}

static int read_inference(struct loader *L, yaml_node_t *node)
{
    static const char *const keys[] = {"horizon", "traffic", "options", "compare", NULL};
    static const char *const traffic_keys[] = {"requests", "input_tokens", "output_tokens",
                                               "growth", NULL};
    static const char *const option_keys[] = {"model", "replicas", NULL};
    static const char *const compare_keys[] = {"baseline", "candidate", "claim", NULL};
    struct yamldoc *y = &L->y;
    struct params *P = &L->s->params;
    struct inference *inf = &L->s->inference;

    if (yamldoc_check_map(y, node, "'inference'", keys))
        return -1;
    inf->present = 1;
    if (params_read_yaml(P, y, node, "inference", "horizon", QK_DURATION, QF_POSITIVE, 1.0, 1, 0,
                         &inf->horizon_s))
        return -1;
    yaml_node_t *traffic = yamldoc_get(y, node, "traffic");
    if (!traffic)
        return yamldoc_error_in(y, node,
                                "missing 'traffic' in 'inference' (requests, input_tokens, "
                                "output_tokens)");
    const char *tp = "inference.traffic";
    if (yamldoc_check_map(y, traffic, "'inference.traffic'", traffic_keys) ||
        params_read_yaml(P, y, traffic, tp, "requests", QK_RATE, QF_POSITIVE, 1.0, 1, 0,
                         &inf->requests_per_s) ||
        params_read_yaml(P, y, traffic, tp, "input_tokens", QK_NUMBER, 0, 1.0, 1, 0,
                         &inf->input_tokens) ||
        params_read_yaml(P, y, traffic, tp, "output_tokens", QK_NUMBER, QF_POSITIVE, 1.0, 1, 0,
                         &inf->output_tokens) ||
        params_read_yaml(P, y, traffic, tp, "growth", QK_FRACTION, QF_ABOVE_MINUS_ONE, 1.0, 0, 0,
                         &inf->growth))
        return -1;

    yaml_node_t *options = yamldoc_get(y, node, "options");
    if (!options)
        return yamldoc_error_in(y, node,
                                "missing 'options' in 'inference' (the ways to serve, such "
                                "as 'baseline: {model: ...}')");
    if (yamldoc_check_map(y, options, "'inference.options'", NULL))
        return -1;
    size_t n = yamldoc_map_size(options);
    if (n == 0)
        return yamldoc_error(y, options, "'inference.options' is empty: name at least one option");
    inf->options = xcalloc(n, sizeof *inf->options);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, options, i, &key, &value);
        struct deployment *o = &inf->options[i];
        params_add_region(P, PARAM_OWNER_OPTION, i, o, sizeof *o);
        o->name = xstrdup(name);
        inf->noptions = i + 1;
        if (strchr(name, '.'))
            return yamldoc_error(y, key,
                                 "option name '%s' must not contain '.' (it is part of "
                                 "parameter paths)",
                                 name);
        char *op = xasprintf("inference.options.%s", name);
        char *ow = xasprintf("'%s'", op);
        char *mp = join(op, "model");
        int r = yamldoc_check_map(y, value, ow, option_keys);
        if (!r && !yamldoc_get(y, value, "model"))
            r = yamldoc_error_in(y, value, "missing 'model' in '%s'", op);
        if (!r)
            r = read_model_ref(L, yamldoc_get(y, value, "model"), mp, &o->model);
        o->has_model = !r;
        if (!r)
            r = params_read_yaml(P, y, value, op, "replicas", QK_NUMBER, QF_INTEGER | QF_POSITIVE,
                                 1.0, 0, 1, &o->count);
        free(op);
        free(ow);
        free(mp);
        if (r)
            return -1;
    }

    yaml_node_t *compare = yamldoc_get(y, node, "compare");
    if (!compare)
        return 0;
    if (yamldoc_check_map(y, compare, "'inference.compare'", compare_keys) ||
        read_option_name(L, compare, "baseline", &inf->baseline) ||
        read_option_name(L, compare, "candidate", &inf->candidate) ||
        params_read_yaml(P, y, compare, "inference.compare", "claim", QK_RATIO, QF_POSITIVE, 1.0, 0,
                         0, &inf->claim))
        return -1;
    if (inf->baseline == inf->candidate)
        return yamldoc_error(y, yamldoc_get(y, compare, "candidate"),
                             "the candidate must differ from the baseline");
    inf->has_compare = 1;
    return 0;
}

/* The budget is always in the table, so that --budget can set what the file leaves out. */
static int read_budget(struct loader *L, yaml_node_t *node)
{
    static const char *const keys[] = {"one_off", "monthly", "horizon", NULL};
    struct yamldoc *y = &L->y;
    struct params *P = &L->s->params;
    struct budget *b = &L->s->budget;
    if (node && yamldoc_check_map(y, node, "'budget'", keys))
        return -1;
    /* Without a budget mapping, the defaults sit at the top of the file. */
    yaml_node_t *map = node ? node : yamldoc_root(y);
    const char *const names[] = {"one_off", "monthly", "horizon"};
    double *const fields[] = {&b->one_off, &b->monthly, &b->horizon};
    for (int i = 0; i < 3; i++) {
        if (node) {
            if (params_read_yaml(P, y, map, "budget", names[i], QK_NUMBER, QF_POSITIVE, 1.0, 0, 0,
                                 fields[i]))
                return -1;
        } else {
            char *path = xasprintf("budget.%s", names[i]);
            params_add(P, path, fields[i], 1.0, QK_NUMBER, QF_POSITIVE, yamldoc_line(map),
                       yamldoc_col(map), 0);
            free(path);
        }
    }
    return 0;
}

static int read_variants(struct loader *L, yaml_node_t *node)
{
    struct yamldoc *y = &L->y;
    struct scenario *s = L->s;
    if (yamldoc_check_map(y, node, "'variants'", NULL))
        return -1;
    size_t n = yamldoc_map_size(node);
    s->variants = xcalloc(n ? n : 1, sizeof *s->variants);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        struct variant *v = &s->variants[i];
        v->name = xstrdup(name);
        s->nvariants = i + 1;
        char *what = xasprintf("'variants.%s'", name);
        int r = yamldoc_check_map(y, value, what, NULL);
        free(what);
        if (r)
            return -1;
        size_t m = yamldoc_map_size(value);
        v->settings = xcalloc(m ? m : 1, sizeof *v->settings);
        for (size_t j = 0; j < m; j++) {
            yaml_node_t *pk, *pv;
            const char *path = yamldoc_key_at(y, value, j, &pk, &pv);
            const struct param *param = params_find(&s->params, path);
            if (!param) {
                char *near = params_suggest(&s->params, path, 3);
                if (near)
                    yamldoc_error(y, pk, "unknown parameter '%s'; did you mean %s?", path, near);
                else
                    yamldoc_error(y, pk, "unknown parameter '%s'", path);
                free(near);
                return -1;
            }
            const char *text = yamldoc_scalar(y, pv, path);
            if (!text)
                return -1;
            double unused;
            char *msg = NULL;
            int off;
            if (params_parse(param, text, &unused, &msg, &off)) {
                yamldoc_error(y, pv, "%s", msg);
                free(msg);
                return -1;
            }
            struct variant_setting *st = &v->settings[v->nsettings++];
            st->path = xstrdup(path);
            st->value = xstrdup(text);
            st->line = yamldoc_line(pv);
            st->col = yamldoc_col(pv);
        }
    }
    return 0;
}

/* Loads the catalogue that `item` names; a file that is not there is an error at item. */
static int load_catalogue(struct loader *L, yaml_node_t *item, const char *rel)
{
    char *path = resolve_relative(L->s->file, rel);
    int r = access(path, R_OK) == 0 ? pricing_load(&L->s->pricing, path, L->d)
                                    : yamldoc_error(&L->y, item, "cannot read catalogue '%s': %s",
                                                    path, strerror(errno));
    free(path);
    return r;
}

static int read_pricing(struct loader *L, yaml_node_t *node)
{
    struct yamldoc *y = &L->y;
    if (node->type == YAML_SCALAR_NODE) {
        /* One catalogue may be written without the list. */
        const char *rel = yamldoc_string(y, node, "'pricing'");
        if (!rel)
            return -1;
        return load_catalogue(L, node, rel);
    }
    if (node->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, node, "'pricing' must be a list of catalogue files, got %s",
                             yamldoc_type_name(node));
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yamldoc_node(y, node->data.sequence.items.start[i]);
        const char *rel = yamldoc_string(y, item, "a catalogue file");
        if (!rel || load_catalogue(L, item, rel))
            return -1;
    }
    return 0;
}

static char *default_name(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

static int load(struct loader *L, const char *path)
{
    static const char *const keys[] = {"raftcost",  "name",       "currency",    "pricing",
                                       "backends",  "generation", "fine_tuning", "evaluation",
                                       "inference", "budget",     "variants",    NULL};
    struct yamldoc *y = &L->y;
    struct scenario *s = L->s;
    if (yamldoc_load(y, path, L->d))
        return -1;
    yaml_node_t *root = yamldoc_root(y);
    if (yamldoc_check_map(y, root, "a scenario", keys))
        return -1;
    yaml_node_t *version = yamldoc_get(y, root, "raftcost");
    if (!version)
        return yamldoc_error_in(y, root, "missing 'raftcost: 1' (the scenario format version)");
    const char *v = yamldoc_scalar(y, version, "'raftcost'");
    if (!v)
        return -1;
    if (strcmp(v, "1") != 0)
        return yamldoc_error(y, version, "unsupported format version '%s' (this raftcost reads 1)",
                             v);
    s->name = default_name(path);
    s->currency = xstrdup("USD");
    if (read_string(L, root, "name", &s->name) || read_string(L, root, "currency", &s->currency))
        return -1;
    yaml_node_t *node;
    if ((node = yamldoc_get(y, root, "currency"))) {
        const char *c = s->currency;
        if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' ||
            c[2] > 'Z')
            return yamldoc_error(y, node, "'currency' must be an ISO code such as 'USD', got '%s'",
                                 c);
    }
    if ((node = yamldoc_get(y, root, "pricing")) && read_pricing(L, node))
        return -1;
    for (size_t i = 0; i < s->pricing.n; i++) {
        const struct catalogue *c = s->pricing.items[i];
        /* Point at the entry that names the catalogue (catalogues load in list order). */
        yaml_node_t *at = yamldoc_get(y, root, "pricing");
        if (at->type == YAML_SEQUENCE_NODE)
            at = yamldoc_node(y, at->data.sequence.items.start[i]);
        if (strcmp(c->currency, s->currency) != 0)
            return yamldoc_error(y, at, "catalogue '%s' is in %s but the scenario is in %s",
                                 c->file, c->currency, s->currency);
    }
    if ((node = yamldoc_get(y, root, "backends")) && read_backends(L, node))
        return -1;
    if ((node = yamldoc_get(y, root, "generation")) && read_generation(L, node))
        return -1;
    if ((node = yamldoc_get(y, root, "fine_tuning")) && read_fine_tuning(L, node))
        return -1;
    if ((node = yamldoc_get(y, root, "evaluation")) && read_evaluation(L, node))
        return -1;
    if ((node = yamldoc_get(y, root, "inference")) && read_inference(L, node))
        return -1;
    if (read_budget(L, yamldoc_get(y, root, "budget")))
        return -1;
    /* Last: variants name parameters of everything above. */
    if ((node = yamldoc_get(y, root, "variants")) && read_variants(L, node))
        return -1;
    return 0;
}

struct scenario_shared {
    atomic_int refs; /* scenarios holding the catalogues */
};

int scenario_load(struct scenario *s, const char *path, struct diag *d)
{
    memset(s, 0, sizeof *s);
    s->file = xstrdup(path);
    pricing_init(&s->pricing);
    params_init(&s->params);
    params_add_region(&s->params, PARAM_OWNER_SCENARIO, 0, s, sizeof *s);
    s->shared = xmalloc(sizeof *s->shared);
    atomic_init(&s->shared->refs, 1);
    struct loader L = {.s = s, .d = d};
    int rc = load(&L, path);
    params_forget_regions(&s->params);
    strmap_release(&L.backend_index);
    /* Keep the text for positions in messages about --set and variants. */
    s->src = L.y.src;
    s->srclen = L.y.srclen;
    L.y.src = NULL;
    yamldoc_release(&L.y);
    if (!rc)
        rc = scenario_validate(s, d);
    if (rc)
        scenario_release(s);
    return rc;
}

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
    for (size_t i = 0; i < s->inference.noptions; i++)
        note_use(&u, c, s->inference.options[i].model.name, s->inference.options[i].model.from);
    strmap_release(&u.seen);
    *n = u.n;
    return u.names;
}

int scenario_horizon_months(const struct scenario *s)
{
    return (int)lround(s->inference.horizon_s / MONTH_S);
}

static int error_at_param(const struct scenario *s, const char *path, struct diag *d,
                          const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int error_at_param(const struct scenario *s, const char *path, struct diag *d,
                          const char *fmt, ...)
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
        if (b->type == DEPLOY_DEDICATED && b->max_count > 0)
            mixes *= b->max_count + 1;
    }
    return mixes;
}

int scenario_validate(const struct scenario *s, struct diag *d)
{
    for (size_t i = 0; i < s->nbackends; i++) {
        const struct deployment *b = &s->backends[i];
        if (b->curve && !(deployment_unit_throughput(b) > 0)) {
            char *path = xasprintf("backends.%s.throughput.concurrency", b->name);
            int rc = error_at_param(s, path, d, "the curve gives no throughput at concurrency %g",
                                    b->curve->concurrency);
            free(path);
            return rc;
        }
    }
    if (scenario_plan_size(s) > MAX_PLAN_MIXES)
        return error_at_param(s, "generation.deadline", d,
                              "deadline planning would try %.0f mixes of backend counts; lower "
                              "'max_count' so that there are at most %d",
                              scenario_plan_size(s), MAX_PLAN_MIXES);
    if (s->inference.present) {
        double months = s->inference.horizon_s / MONTH_S;
        double whole = round(months);
        if (whole < 1 || fabs(months - whole) > 1e-9 * whole)
            return error_at_param(s, "inference.horizon", d,
                                  "'horizon' must be a whole number of months (a month is "
                                  "730 h), got %.4g months",
                                  months);
        if (whole > MAX_HORIZON_MONTHS)
            return error_at_param(s, "inference.horizon", d,
                                  "'horizon' is longer than %d months (100 years)",
                                  MAX_HORIZON_MONTHS);
    }
    return 0;
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

int scenario_param_changed(struct scenario *s, const struct param *param, char **message)
{
    const struct param_ref *at = &param->at;
    if (at->owner == PARAM_OWNER_CURVE) {
        struct throughput_curve *c = s->backends[at->index].curve;
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
