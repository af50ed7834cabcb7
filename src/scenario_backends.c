/*
 * scenario_backends: the `backends` mapping of a scenario (loader.h): each
 * backend's type, price, count, throughput (a constant, or a curve fitted to
 * benchmark points), limits and provisioning, as key tables.  A backend's
 * keys of the other type are errors, not silently ignored.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "loader.h"
#include "util.h"

static const char *const backend_types[] = {"serverless", "dedicated", "batch", NULL};
static const char *const curve_models[] = {"saturating", "usl", "table", NULL};
/* In the order of enum deploy_limit_mode and enum deploy_tpm_counts: the first is the default. */
static const char *const limit_modes[] = {"sliding", "bucket", NULL};
static const char *const tpm_counts[] = {"max_tokens", "output", NULL};

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
 * `points_file` or `points` (one of them), then the fit, once: the model
 * evaluates it at the concurrency, which --set may change, and a new
 * `curve` refits the kept points (throughput_curve_fit).
 */
static int read_curve_points(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                             const char *path, const struct field *f)
{
    (void)node;
    (void)f;
    struct yamldoc *y = &L->y;
    struct throughput_curve *c = owner;
    yaml_node_t *file = yamldoc_get(y, map, "points_file");
    yaml_node_t *points = yamldoc_get(y, map, "points");
    struct curve_points pts = CURVE_POINTS_INIT;
    if ((file != NULL) == (points != NULL))
        return yamldoc_error(y, file ? file : map,
                             "'%s' needs 'points_file' or 'points' (one of them)", path);
    if (file) {
        const char *rel = yamldoc_string(y, file, "'points_file'");
        if (!rel)
            return -1;
        c->source = loader_resolve_path(L, rel);
        if (access(c->source, R_OK) != 0)
            return yamldoc_error(y, file, "cannot read points file '%s': %s", c->source,
                                 strerror(errno));
        if (bench_read((const char *const[]){c->source}, 1, &pts, L->d) != 0)
            return -1;
    } else if (read_inline_points(L, points, &pts)) {
        return -1;
    }
    /* The curve keeps its points: the plots draw them, and a new model refits them. */
    c->points = pts;
    c->concurrency_is_knee = yamldoc_get(y, map, "concurrency") == NULL;
    char *msg = NULL;
    switch (throughput_curve_fit(c, &msg)) {
    case CURVE_REFIT_OK:
        return 0;
    case CURVE_REFIT_FAILED:
        yamldoc_error(y, yamldoc_get(y, map, "curve"), "%s", msg);
        break;
    case CURVE_REFIT_NO_KNEE:
        yamldoc_error(y, map, "%s", msg);
        break;
    }
    free(msg);
    return -1;
}

/* Not given: the fit's knee (checked to exist by the fit). */
static int read_curve_concurrency(struct loader *L, yaml_node_t *map, yaml_node_t *node,
                                  void *owner, const char *path, const struct field *f)
{
    (void)node;
    struct throughput_curve *c = owner;
    return params_read_yaml(&L->s->params, &L->y, map, path, f->key, QK_NUMBER, QF_POSITIVE, 1.0, 0,
                            c->fit.knee, &c->concurrency);
}

/* throughput: {curve: usl, points_file: F | points: [...], concurrency: N} */
static const struct field curve_fields[] = {
    {.key = "curve",
     .kind = FIELD_CHOICE,
     .required = 1,
     .hint = "'saturating', 'usl' or 'table'",
     .choices = curve_models,
     .offset = offsetof(struct throughput_curve, model)},
    {.key = "points_file", .kind = FIELD_CUSTOM, .missing_too = 1, .read = read_curve_points},
    {.key = "points", .kind = FIELD_CUSTOM}, /* read with points_file */
    {.key = "concurrency", .kind = FIELD_CUSTOM, .missing_too = 1, .read = read_curve_concurrency},
};

/* Whether the backend's `limits` name a tpm or an rpm limit (which can give its throughput). */
static int has_rate_limit(struct loader *L, yaml_node_t *map)
{
    yaml_node_t *limits = yamldoc_get(&L->y, map, "limits");
    return limits && limits->type == YAML_MAPPING_NODE &&
           (yamldoc_get(&L->y, limits, "tpm") || yamldoc_get(&L->y, limits, "rpm"));
}

/*
 * A constant (`throughput: 70 tok/s`), or a curve mapping; of a backend or an
 * inference option.  A serverless backend bounded by a tpm or rpm limit
 * needs none: the limit is its throughput (0 recorded, so that --set can
 * still give one).
 */
int loader_read_throughput(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                           const char *path, const struct field *f)
{
    struct deployment *b = owner;
    struct scenario *s = L->s;
    /* With a per-request speed, the throughput may be left out (deploy.h: deployment_rate). */
    if (!node && yamldoc_get(&L->y, map, "stream"))
        return 0;
    if (!node && b->type == DEPLOY_SERVERLESS) {
        if (!has_rate_limit(L, map))
            return yamldoc_error_in(&L->y, map,
                                    "missing 'throughput' in '%s' (a throughput such as '70 "
                                    "tok/s', a per-request 'stream', or a 'tpm' or 'rpm' limit "
                                    "that bounds the endpoint)",
                                    path);
        return params_read_yaml(&s->params, &L->y, map, path, f->key, QK_THROUGHPUT, QF_POSITIVE,
                                1.0, 0, 0, &b->throughput_tok_s);
    }
    if (!node || node->type != YAML_MAPPING_NODE)
        return params_read_yaml(&s->params, &L->y, map, path, f->key, QK_THROUGHPUT, QF_POSITIVE,
                                1.0, 1, 0, &b->throughput_tok_s);
    b->curve = xcalloc(1, sizeof *b->curve);
    int is_backend = s->backends && b >= s->backends && b < s->backends + s->nbackends;
    if (is_backend)
        params_add_region(&s->params, PARAM_OWNER_CURVE, (size_t)(b - s->backends), b->curve,
                          sizeof *b->curve);
    else
        params_add_region(&s->params, PARAM_OWNER_OPTION_CURVE, (size_t)(b - s->inference.options),
                          b->curve, sizeof *b->curve);
    char *tp = loader_join(path, f->key);
    int rc = loader_read_map(L, node, tp, curve_fields, FIELDS_COUNT(curve_fields), b->curve);
    free(tp);
    return rc;
}

/*
 * 0 is no limit: the default, and what --set may set to lift one.  Batch
 * backends have their own limits (requests and tokens a batch, batches in
 * flight).
 */
static const struct field limit_fields[] = {
    {.key = "tpm",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .offset = offsetof(struct deployment, tpm)},
    {.key = "rpm",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .offset = offsetof(struct deployment, rpm)},
    {.key = "concurrency",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER,
     .offset = offsetof(struct deployment, concurrency)},
    {.key = "requests_per_batch",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_POSITIVE | QF_INTEGER,
     .offset = offsetof(struct deployment, billing.requests_per_batch),
     .when = billing_per_token},
    {.key = "tokens_per_batch",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_POSITIVE,
     .offset = offsetof(struct deployment, billing.tokens_per_batch),
     .when = billing_per_token},
    {.key = "batches_in_flight",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_POSITIVE | QF_INTEGER,
     .offset = offsetof(struct deployment, billing.batches_in_flight),
     .when = billing_per_token},
};

/* How the simulation counts the limits (deploy.h's struct deploy_sim). */
#define WINDOW_DEFAULT_S 60.0
static const struct field sim_limit_fields[] = {
    {.key = "window",
     .kind = FIELD_QUANTITY,
     .qkind = QK_DURATION,
     .flags = QF_POSITIVE,
     .def = WINDOW_DEFAULT_S,
     .offset = offsetof(struct deployment, sim.window_s)},
    {.key = "mode",
     .kind = FIELD_CHOICE,
     .choices = limit_modes,
     .offset = offsetof(struct deployment, sim.limit_mode)},
    {.key = "tpm_counts",
     .kind = FIELD_CHOICE,
     .choices = tpm_counts,
     .offset = offsetof(struct deployment, sim.tpm_counts)},
};

/*
 * Without `limits`, the simulation's defaults, recorded at the mapping: not
 * read from it, where `window` may be a batch backend's own key.
 */
static void sim_limit_defaults(struct loader *L, yaml_node_t *map, const char *lp,
                               struct deployment *b)
{
    struct params *p = &L->s->params;
    int line = yamldoc_line(map), col = yamldoc_col(map);
    char *path = loader_join(lp, "window");
    b->sim.window_s = WINDOW_DEFAULT_S;
    params_add(p, path, &b->sim.window_s, 1.0, QK_DURATION, QF_POSITIVE, line, col, 0);
    free(path);
    path = loader_join(lp, "mode");
    b->sim.limit_mode = DEPLOY_LIMIT_SLIDING;
    params_add_choice(p, path, &b->sim.limit_mode, limit_modes, line, col, 0);
    free(path);
    path = loader_join(lp, "tpm_counts");
    b->sim.tpm_counts = DEPLOY_TPM_MAX_TOKENS;
    params_add_choice(p, path, &b->sim.tpm_counts, tpm_counts, line, col, 0);
    free(path);
}

/*
 * Without `limits`, the defaults are still parameters that --set can change,
 * placed at the backend (whose own mapping has none of these keys).
 */
int loader_read_limits(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                       const char *path, const struct field *f)
{
    enum { NL = FIELDS_COUNT(limit_fields), NS = FIELDS_COUNT(sim_limit_fields) };
    char *lp = loader_join(path, f->key);
    int rc;
    if (node) {
        /* The keys of both tables are the mapping's allowed keys. */
        struct field all[NL + NS];
        memcpy(all, limit_fields, sizeof limit_fields);
        memcpy(all + NL, sim_limit_fields, sizeof sim_limit_fields);
        char *what = xasprintf("'%s'", lp);
        rc = loader_check_keys(L, node, what, all, NL + NS) ||
             loader_read_fields(L, node, lp, limit_fields, NL, owner) ||
             loader_read_fields(L, node, lp, sim_limit_fields, NS, owner);
        free(what);
    } else {
        rc = loader_read_fields(L, map, lp, limit_fields, NL, owner);
        if (!rc)
            sim_limit_defaults(L, map, lp, owner);
    }
    free(lp);
    return rc ? -1 : 0;
}

/* Serverless or batch: billed per token at a model's prices. */
static int is_serverless(struct loader *L, yaml_node_t *map, const void *owner)
{
    return billing_per_token(L, map, owner);
}

static int is_dedicated(struct loader *L, yaml_node_t *map, const void *owner)
{
    return !is_serverless(L, map, owner);
}

/* Keys that belong to the other type are errors, not silently ignored. */
static int check_type_keys(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                           const char *path, const struct field *f)
{
    (void)node;
    (void)path;
    (void)f;
    static const char *const dedicated_only[] = {"instance", "count",     "provisioning",
                                                 "teardown", "max_count", NULL};
    struct yamldoc *y = &L->y;
    const struct deployment *b = owner;
    for (int i = 0; b->type != DEPLOY_DEDICATED && dedicated_only[i]; i++) {
        yaml_node_t *k = yamldoc_get(y, map, dedicated_only[i]);
        if (k)
            return yamldoc_error(y, k,
                                 "'%s' is for dedicated backends; '%s' is %s (billed per "
                                 "token)",
                                 dedicated_only[i], b->name, deploy_type_name(b->type));
    }
    if (b->type == DEPLOY_DEDICATED && yamldoc_get(y, map, "model"))
        return yamldoc_error(y, yamldoc_get(y, map, "model"),
                             "'model' is for serverless backends; '%s' is dedicated (billed per "
                             "instance-hour: give 'instance')",
                             b->name);
    return 0;
}

static int read_backend_model(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                              const char *path, const struct field *f)
{
    (void)map;
    struct deployment *b = owner;
    char *mp = loader_join(path, f->key);
    int rc = loader_model_ref(L, node, mp, &b->model);
    free(mp);
    if (rc)
        return -1;
    b->has_model = 1;
    b->count = 1;
    return 0;
}

static int read_backend_instance(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                                 const char *path, const struct field *f)
{
    struct deployment *b = owner;
    char *ip = loader_join(path, f->key);
    int rc = loader_instance_ref_in(L, node, ip, yamldoc_get(&L->y, map, "region"), &b->instance);
    free(ip);
    if (rc)
        return -1;
    b->has_instance = 1;
    return 0;
}

/*
 * backends.NAME.  Read in this order: the type, the keys of the other type,
 * the price, the dedicated numbers, the throughput, the limits.
 */
static const struct field backend_fields[] = {
    {.key = "type",
     .kind = FIELD_CHOICE,
     .required = 1,
     .hint = "'serverless', 'dedicated' or 'batch'",
     .choices = backend_types,
     .offset = offsetof(struct deployment, type)},
    {.kind = FIELD_CHECK, .order = 1, .read = check_type_keys},
    {.kind = FIELD_CHECK, .order = 1, .read = billing_check_keys},
    {.key = "model",
     .kind = FIELD_CUSTOM,
     .order = 2,
     .required = 1,
     .hint = "the model whose per-token prices it pays",
     .read = read_backend_model,
     .when = is_serverless},
    {.key = "instance",
     .kind = FIELD_CUSTOM,
     .order = 2,
     .required = 1,
     .hint = "the machine billed per hour",
     .read = read_backend_instance,
     .when = is_dedicated},
    {.key = "count",
     .kind = FIELD_QUANTITY,
     .order = 2,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .def = 1,
     .offset = offsetof(struct deployment, count),
     .when = is_dedicated},
    {.key = "throughput",
     .kind = FIELD_CUSTOM,
     .order = 3,
     .missing_too = 1,
     .read = loader_read_throughput,
     .when = billing_not_batch},
    {.key = "limits",
     .kind = FIELD_CUSTOM,
     .order = 3,
     .missing_too = 1,
     .read = loader_read_limits},
    {.key = "provisioning",
     .kind = FIELD_QUANTITY,
     .order = 2,
     .qkind = QK_DURATION,
     .offset = offsetof(struct deployment, provisioning_s),
     .when = is_dedicated},
    {.key = "teardown",
     .kind = FIELD_QUANTITY,
     .order = 2,
     .qkind = QK_DURATION,
     .offset = offsetof(struct deployment, teardown_s),
     .when = is_dedicated},
    {.key = "max_count",
     .kind = FIELD_QUANTITY,
     .order = 2,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER,
     .offset = offsetof(struct deployment, max_count),
     .when = is_dedicated},
    /* Read by the instance's reader: the region whose price it pays. */
    {.key = "region", .kind = FIELD_CUSTOM, .when = is_dedicated},
    {.key = "spot",
     .kind = FIELD_CHOICE,
     .order = 2,
     .choices = loader_spot_choices,
     .offset = offsetof(struct deployment, billing.spot),
     .when = billing_spot_applies},
    {.key = "cache",
     .kind = FIELD_CUSTOM,
     .order = 2,
     .missing_too = 1,
     .read = billing_read_cache,
     .when = is_serverless},
    {.key = "preemption", .kind = FIELD_CUSTOM, .order = 3, .read = preempt_read_backend},
    {.key = "window",
     .kind = FIELD_QUANTITY,
     .order = 2,
     .qkind = QK_DURATION,
     .flags = QF_POSITIVE,
     .def = 86400,
     .offset = offsetof(struct deployment, billing.window_s),
     .when = is_serverless},
    {.key = "turnaround",
     .kind = FIELD_QUANTITY,
     .order = 2,
     .qkind = QK_DURATION,
     .flags = QF_POSITIVE,
     .offset = offsetof(struct deployment, billing.turnaround_s),
     .when = is_serverless},
    {.key = "discount",
     .kind = FIELD_QUANTITY,
     .order = 2,
     .qkind = QK_FRACTION,
     .flags = QF_AT_MOST_ONE,
     .offset = offsetof(struct deployment, billing.discount),
     .when = is_serverless},
    /* How it serves requests one by one (the simulation; stream also the analytic rate). */
    {.key = "stream",
     .kind = FIELD_QUANTITY,
     .order = 3,
     .qkind = QK_THROUGHPUT,
     .flags = QF_POSITIVE,
     .offset = offsetof(struct deployment, sim.stream_tok_s)},
    {.key = "ttft",
     .kind = FIELD_QUANTITY,
     .order = 3,
     .qkind = QK_DURATION,
     .offset = offsetof(struct deployment, sim.ttft_s)},
    {.key = "max_concurrency",
     .kind = FIELD_QUANTITY,
     .order = 3,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .offset = offsetof(struct deployment, sim.max_concurrency)},
    {.key = "weight",
     .kind = FIELD_QUANTITY,
     .order = 3,
     .qkind = QK_NUMBER,
     .flags = QF_POSITIVE,
     .offset = offsetof(struct deployment, sim.weight)},
    {.key = "rejects",
     .kind = FIELD_QUANTITY,
     .order = 3,
     .qkind = QK_FRACTION,
     .flags = QF_AT_MOST_ONE,
     .offset = offsetof(struct deployment, sim.reject_share)},
};

int scenario_read_backends(struct loader *L, yaml_node_t *node)
{
    struct yamldoc *y = &L->y;
    struct scenario *s = L->s;
    if (yamldoc_check_map(y, node, "'backends'", NULL))
        return -1;
    size_t n = yamldoc_map_size(node);
    if (n == 0)
        return yamldoc_error(y, node, "'backends' is empty: name at least one backend");
    s->backends = xcalloc(n, sizeof *s->backends);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        struct deployment *b = &s->backends[i];
        params_add_region(&s->params, PARAM_OWNER_BACKEND, i, b, sizeof *b);
        b->name = xstrdup(name);
        s->nbackends = i + 1;
        strmap_put(&L->backend_index, b->name, i);
        if (strchr(name, '.'))
            return yamldoc_error(y, key,
                                 "backend name '%s' must not contain '.' (it is part of "
                                 "parameter paths)",
                                 name);
        char *path = loader_join("backends", b->name);
        int rc = loader_read_map(L, value, path, backend_fields, FIELDS_COUNT(backend_fields), b);
        free(path);
        if (rc)
            return -1;
    }
    return 0;
}
