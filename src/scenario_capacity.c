/*
 * scenario_capacity: the keys of serving capacity (docs/capacity.md), read
 * as rows of the option and traffic tables of scenario_load.c
 * (CAPACITY_OPTION_ROWS, CAPACITY_TRAFFIC_ROWS in loader.h), and their
 * checks across keys, part of scenario_validate.  An option's keys are
 * parameters only where the file gives them, so an option that does not
 * serve (a per-token API) has the parameters it always had.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "replica.h"
#include "util.h"

const char *const capacity_autoscale_choices[] = {"none", "hourly", NULL};
static const char *const output_dists[] = {"none", "lognormal", "exponential", NULL};

/* The most requests the SLO check may simulate, and the largest queue cap. */
#define MAX_CHECK_REQUESTS 10e6
#define MAX_CONCURRENCY 1e6

/* A quantity read only where the file gives it (the row says its kind, flags and offset). */
int capacity_read_number(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)node;
    return params_read_yaml(&L->s->params, &L->y, map, path, f->key, f->qkind, f->flags, 1.0, 0, 0,
                            (double *)(void *)((char *)owner + f->offset));
}

int capacity_has_no_instance(struct loader *L, yaml_node_t *map, const void *owner)
{
    (void)owner;
    return yamldoc_get(&L->y, map, "instance") == NULL;
}

int capacity_read_instance(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                           const char *path, const struct field *f)
{
    (void)map;
    struct deployment *o = owner;
    char *ip = loader_join(path, f->key);
    int rc = loader_instance_ref(L, node, ip, &o->instance);
    free(ip);
    o->has_instance = !rc;
    return rc;
}

/* `auto: true` in `replicas: {auto: true, min: 1, max: 16}`. */
static int read_auto(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                     const char *path, const struct field *f)
{
    (void)map;
    (void)owner;
    (void)path;
    (void)f;
    const char *text = yamldoc_scalar(&L->y, node, "'auto'");
    if (!text)
        return -1;
    if (strcmp(text, "true") == 0)
        return 0;
    if (strcmp(text, "false") == 0)
        return yamldoc_error(&L->y, node,
                             "'auto: false': give the number of replicas instead, such as "
                             "'replicas: 2'");
    return yamldoc_error(&L->y, node, "'auto' must be true, got '%s'", text);
}

static const struct field replicas_fields[] = {
    {.key = "auto", .kind = FIELD_CUSTOM, .read = read_auto},
    {.key = "min",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER,
     .def = 1,
     .offset = offsetof(struct deployment, sizing.min_replicas)},
    {.key = "max",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .offset = offsetof(struct deployment, sizing.max_replicas)},
};

/*
 * `replicas: 2` (today's fixed count, default 1), `replicas: auto`, or
 * `replicas: {auto: true, min: 1, max: 16}`.  With auto, min and max are
 * parameters (replicas.min, replicas.max) whether given or not.
 */
int capacity_read_replicas(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                           const char *path, const struct field *f)
{
    struct deployment *o = owner;
    struct params *p = &L->s->params;
    int is_auto = node && node->type == YAML_SCALAR_NODE &&
                  strcmp((const char *)node->data.scalar.value, "auto") == 0;
    if (!is_auto && !(node && node->type == YAML_MAPPING_NODE))
        return params_read_yaml(p, &L->y, map, path, f->key, QK_NUMBER, QF_INTEGER | QF_POSITIVE,
                                1.0, 0, 1, &o->count);
    o->sizing.autosize = 1;
    o->count = 1;
    char *rp = loader_join(path, f->key);
    int rc;
    if (is_auto) {
        /* Defaults placed at `replicas: auto`, where later messages about them point. */
        rc = loader_read_fields(L, map, rp, replicas_fields + 1, 2, o);
        for (int i = 1; i < 3 && !rc; i++) {
            char *mp = loader_join(rp, replicas_fields[i].key);
            struct param *param = params_find(p, mp);
            free(mp);
            if (param) {
                param->line = yamldoc_line(node);
                param->col = yamldoc_col(node);
            }
        }
    } else {
        rc = loader_read_map(L, node, rp, replicas_fields, FIELDS_COUNT(replicas_fields), o);
    }
    free(rp);
    return rc;
}

static int check_slo(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                     const char *path, const struct field *f)
{
    (void)node;
    (void)owner;
    (void)f;
    if (!yamldoc_get(&L->y, map, "latency_p95") && !yamldoc_get(&L->y, map, "ttft_p95"))
        return yamldoc_error_in(&L->y, map,
                                "'%s' needs 'latency_p95' or 'ttft_p95' (such as "
                                "'{ttft_p95: 1 s, latency_p95: 8 s}')",
                                path);
    return 0;
}

static const struct field slo_fields[] = {
    {.key = "ttft_p95",
     .kind = FIELD_QUANTITY,
     .qkind = QK_DURATION,
     .flags = QF_POSITIVE,
     .offset = offsetof(struct deployment, sizing.ttft_p95_s)},
    {.key = "latency_p95",
     .kind = FIELD_QUANTITY,
     .qkind = QK_DURATION,
     .flags = QF_POSITIVE,
     .offset = offsetof(struct deployment, sizing.latency_p95_s)},
    {.key = "check_requests",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .def = 20000,
     .offset = offsetof(struct deployment, sizing.check_requests)},
    {.key = "seed",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER,
     .def = 1,
     .offset = offsetof(struct deployment, sizing.seed)},
    {.kind = FIELD_CHECK, .order = -1, .read = check_slo},
};

int capacity_read_slo(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                      const char *path, const struct field *f)
{
    (void)map;
    struct deployment *o = owner;
    char *sp = loader_join(path, f->key);
    int rc = loader_read_map(L, node, sp, slo_fields, FIELDS_COUNT(slo_fields), o);
    free(sp);
    o->sizing.has_slo = !rc;
    return rc;
}

int capacity_read_autoscale(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                            const char *path, const struct field *f)
{
    (void)node;
    (void)f;
    static const struct field row = {.key = "autoscale",
                                     .kind = FIELD_CHOICE,
                                     .choices = capacity_autoscale_choices,
                                     .offset = offsetof(struct deployment, sizing.autoscale)};
    return loader_read_fields(L, map, path, &row, 1, owner);
}

int capacity_check_option(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                          const char *path, const struct field *f)
{
    (void)node;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    struct deployment *o = owner;
    yaml_node_t *instance = yamldoc_get(y, map, "instance");
    if (instance && yamldoc_get(y, map, "model"))
        return yamldoc_error(y, instance,
                             "give 'model' (a managed endpoint) or 'instance' (a machine billed "
                             "per hour), not both");
    yaml_node_t *autoscale = yamldoc_get(y, map, "autoscale");
    if (autoscale && !o->sizing.autosize)
        return yamldoc_error(y, autoscale,
                             "'autoscale' needs 'replicas: auto' (a fixed number of replicas "
                             "does not scale)");
    o->sizing.has_capacity =
        o->sizing.autosize || o->sizing.has_slo || o->sizing.max_utilisation > 0;
    return 0;
}

/* ---- the traffic's shape ---- */

/* n weights, each a parameter PATH.i; zero is allowed (no traffic that hour). */
static int read_weights(struct loader *L, yaml_node_t *node, const char *path, double *out,
                        size_t n, const char *what)
{
    struct yamldoc *y = &L->y;
    if (node->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, node, "'%s' needs a list of %zu weights, got %s", what, n,
                             yamldoc_type_name(node));
    size_t got = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    if (got != n)
        return yamldoc_error(y, node, "'%s' needs %zu weights (%s), got %zu", what, n,
                             n == SHAPE_HOURS ? "hour 0 to 23" : "Monday to Sunday", got);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *v = yamldoc_node(y, node->data.sequence.items.start[i]);
        const char *text = yamldoc_scalar(y, v, "a weight");
        char *msg = NULL;
        int off;
        if (!text)
            return -1;
        if (quantity_parse(text, QK_NUMBER, 0, "a weight", &out[i], &msg, &off)) {
            yamldoc_error(y, v, "%s", msg);
            free(msg);
            return -1;
        }
        char *ip = xasprintf("%s.%zu", path, i);
        params_add(&L->s->params, ip, &out[i], 1.0, QK_NUMBER, 0, yamldoc_line(v), yamldoc_col(v),
                   1);
        free(ip);
    }
    return 0;
}

/* `profile: [24 weights]`, or `profile: {hourly: [24 weights], daily: [7 weights]}`. */
int capacity_read_profile(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                          const char *path, const struct field *f)
{
    (void)map;
    struct yamldoc *y = &L->y;
    struct traffic_shape *sh = &((struct inference *)owner)->shape;
    static const char *const keys[] = {"hourly", "daily", NULL};
    yaml_node_t *hourly = node, *daily = NULL;
    char *pp = loader_join(path, f->key);
    char *hp = loader_join(pp, "hourly"), *dp = loader_join(pp, "daily");
    int rc = -1;
    if (node->type == YAML_MAPPING_NODE) {
        char *what = xasprintf("'%s'", pp);
        int bad = yamldoc_check_map(y, node, what, keys);
        free(what);
        if (bad)
            goto out;
        hourly = yamldoc_get(y, node, "hourly");
        daily = yamldoc_get(y, node, "daily");
        if (!hourly) {
            yamldoc_error_in(y, node, "missing 'hourly' in '%s' (24 weights, hour 0 first)", pp);
            goto out;
        }
    } else if (node->type != YAML_SEQUENCE_NODE) {
        yamldoc_error(y, node,
                      "'profile' needs 24 hourly weights ([...], hour 0 first) or "
                      "'{hourly: [...], daily: [...]}', got %s",
                      yamldoc_type_name(node));
        goto out;
    }
    if (read_weights(L, hourly, hp, sh->hourly, SHAPE_HOURS,
                     node == hourly ? "profile" : "hourly") ||
        (daily && read_weights(L, daily, dp, sh->daily, SHAPE_DAYS, "daily")))
        goto out;
    sh->has_profile = 1;
    sh->has_daily = daily != NULL;
    rc = 0;
out:
    free(pp);
    free(hp);
    free(dp);
    return rc;
}

static const struct field output_lengths_fields[] = {
    {.key = "dist",
     .kind = FIELD_CHOICE,
     .choices = output_dists,
     .offset = offsetof(struct inference, shape.output_dist)},
    {.key = "cv",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .offset = offsetof(struct inference, shape.output_cv)},
    {.key = "max",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_POSITIVE,
     .offset = offsetof(struct inference, shape.output_max)},
};

int capacity_read_output_lengths(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                                 const char *path, const struct field *f)
{
    (void)map;
    char *op = loader_join(path, f->key);
    int rc = loader_read_map(L, node, op, output_lengths_fields,
                             FIELDS_COUNT(output_lengths_fields), owner);
    free(op);
    return rc;
}

int capacity_check_traffic(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                           const char *path, const struct field *f)
{
    (void)node;
    (void)owner;
    (void)path;
    (void)f;
    yaml_node_t *profile = yamldoc_get(&L->y, map, "profile");
    if (profile && yamldoc_get(&L->y, map, "peak"))
        return yamldoc_error(&L->y, profile,
                             "give 'peak' or 'profile', not both (a profile sets its own peak)");
    return 0;
}

/* ---- checks across keys, again after --set and variants ---- */

static int check_weights(const struct scenario *s, const double *w, size_t n, const char *path,
                         struct diag *d)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    if (sum > 0)
        return 0;
    char *first = xasprintf("%s.0", path);
    int rc = scenario_error_at(s, first, d,
                               "the weights of '%s' are all 0: give the traffic's shape", path);
    free(first);
    return rc;
}

static int check_shape(const struct scenario *s, struct diag *d)
{
    const struct traffic_shape *sh = &s->inference.shape;
    if (params_find(&s->params, "inference.traffic.peak") && sh->peak < 1)
        return scenario_error_at(
            s, "inference.traffic.peak", d,
            "'peak' is the peak hour's rate over the daily mean: at least 1x, got "
            "%gx",
            sh->peak);
    if (sh->has_profile &&
        check_weights(s, sh->hourly, SHAPE_HOURS, "inference.traffic.profile.hourly", d))
        return -1;
    if (sh->has_daily &&
        check_weights(s, sh->daily, SHAPE_DAYS, "inference.traffic.profile.daily", d))
        return -1;
    if (sh->output_dist == 1 && !(sh->output_cv > 0))
        return scenario_error_at(
            s, "inference.traffic.output_lengths.dist", d,
            "a lognormal 'dist' needs 'cv' (its standard deviation over its mean), "
            "such as 'cv: 0.5'");
    return 0;
}

/* The option's parameter PATH ("slo.latency_p95"), for messages; the caller frees. */
static char *option_path(const struct deployment *o, const char *key)
{
    return xasprintf("inference.options.%s.%s", o->name, key);
}

static int option_error(const struct scenario *s, const struct deployment *o, const char *key,
                        struct diag *d, const char *msg)
{
    /* `replicas: auto` is no number: its place is that of replicas.min. */
    if (strcmp(key, "replicas") == 0 && o->sizing.autosize)
        key = "replicas.min";
    char *path = option_path(o, key);
    int rc = scenario_error_at(s, path, d, "%s", msg);
    free(path);
    return rc;
}

static int check_slo_reachable(const struct scenario *s, const struct deployment *o,
                               const struct replica *rep, struct diag *d)
{
    const struct deploy_sizing *z = &o->sizing;
    double alone = replica_alone_latency(rep);
    char *msg = NULL;
    const char *key = NULL;
    if (!(replica_tok_s(rep, 1) > 0)) {
        key = "throughput";
        msg = xasprintf("the curve of '%s' gives no throughput at 1 request in flight", o->name);
    } else if (z->latency_p95_s > 0 && alone >= z->latency_p95_s) {
        key = "slo.latency_p95";
        msg = xasprintf("one request alone takes %.3g s on a replica of '%s' (time to first token "
                        "+ the 95th percentile of output tokens / throughput at 1 in flight): the "
                        "target must be above it",
                        alone, o->name);
    } else if (z->ttft_p95_s > 0 && rep->ttft_s >= z->ttft_p95_s) {
        key = "slo.ttft_p95";
        msg = xasprintf("the time to first token of '%s' is %.3g s: the target must be above it",
                        o->name, rep->ttft_s);
    } else if (z->check_requests > MAX_CHECK_REQUESTS) {
        key = "slo.check_requests";
        msg = xasprintf("'check_requests' is at most %.0f", MAX_CHECK_REQUESTS);
    }
    if (!msg)
        return 0;
    int rc = option_error(s, o, key, d, msg);
    free(msg);
    return rc;
}

static int check_option(const struct scenario *s, const struct deployment *o, struct diag *d)
{
    const struct inference *in = &s->inference;
    const struct deploy_sizing *z = &o->sizing;
    struct replica rep;
    replica_from_option(&rep, o, in);
    int has_tp = replica_has_throughput(&rep), has_limits = o->tpm > 0 || o->rpm > 0;
    if (z->max_concurrency > MAX_CONCURRENCY)
        return option_error(s, o, "max_concurrency", d, "'max_concurrency' is at most 1000000");
    if (!z->has_capacity)
        return 0;
    const char *target = z->has_slo ? (z->latency_p95_s > 0 ? "slo.latency_p95" : "slo.ttft_p95")
                                    : "max_utilisation";
    if (z->autosize) {
        if (z->max_replicas > 0 && z->min_replicas > z->max_replicas) {
            char *msg =
                xasprintf("'min' (%g) is above 'max' (%g)", z->min_replicas, z->max_replicas);
            /* Point at whichever of the two a --set changed, else at max. */
            char *min_path = option_path(o, "replicas.min");
            const struct param *pm = params_find(&s->params, min_path);
            free(min_path);
            int rc =
                option_error(s, o, pm && pm->line == 0 ? "replicas.min" : "replicas.max", d, msg);
            free(msg);
            return rc;
        }
        if (!has_tp && !has_limits)
            return option_error(s, o, "replicas", d,
                                "'replicas: auto' needs what one replica serves: a 'throughput' "
                                "(a rate or a curve), or 'limits' (tpm, rpm)");
        if (has_tp && !z->has_slo && !(z->max_utilisation > 0))
            return option_error(s, o, "replicas", d,
                                "'replicas: auto' with a 'throughput' needs a target: 'slo' "
                                "(latency_p95, ttft_p95) or 'max_utilisation'");
        if (!o->has_instance && !model_price_hosted(&o->model))
            return option_error(s, o, "replicas", d,
                                "'replicas: auto' needs a price per replica: an 'instance', or a "
                                "model with 'hosting_per_hour'");
        if (z->autoscale == SIZING_AUTOSCALE_HOURLY && !in->shape.has_profile)
            return option_error(s, o, "autoscale", d,
                                "'autoscale: hourly' needs 'inference.traffic.profile' (24 "
                                "hourly weights) to follow");
    } else if (!has_tp && !has_limits) {
        return option_error(s, o, target, d,
                            "a target needs what one replica serves: a 'throughput' (a rate or "
                            "a curve), or 'limits' (tpm, rpm)");
    }
    if (z->has_slo && !has_tp)
        return option_error(s, o, target, d,
                            "'slo' needs a 'throughput' (a rate or a curve) to estimate latency");
    if (z->has_slo)
        return check_slo_reachable(s, o, &rep, d);
    return 0;
}

int scenario_validate_capacity(const struct scenario *s, struct diag *d)
{
    if (check_shape(s, d))
        return -1;
    for (size_t i = 0; i < s->inference.noptions; i++)
        if (check_option(s, &s->inference.options[i], d))
            return -1;
    return 0;
}
