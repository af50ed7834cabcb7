/*
 * scenario_ranges: the `ranges:` mapping (see ranges.h), read after every
 * other key so that each path it names is in the parameter table, and the
 * ranges' own lifecycle and cross-checks.  Every number of a range is read
 * like the field it is a range of (quantity_parse with the parameter's kind
 * and limits), and every error points at the key or the scalar at fault.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "ranges.h"
#include "util.h"

void ranges_copy(struct ranges *dst, const struct ranges *src)
{
    *dst = *src;
    if (!src->items)
        return;
    dst->items = xcalloc(src->n ? src->n : 1, sizeof *dst->items);
    for (size_t i = 0; i < src->n; i++) {
        dst->items[i] = src->items[i];
        dst->items[i].path = xstrdup(src->items[i].path);
        dst->items[i].text = xstrdup(src->items[i].text);
    }
}

void ranges_release(struct ranges *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].path);
        free(r->items[i].text);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}

const struct range *ranges_find(const struct ranges *r, const char *path)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].path, path) == 0)
            return &r->items[i];
    return NULL;
}

int ranges_validate(const struct scenario *s, struct diag *d)
{
    for (size_t i = 0; i < s->ranges.n; i++) {
        const struct range *rg = &s->ranges.items[i];
        if (rg->kind != RANGE_FIT)
            continue;
        const struct throughput_curve *c = s->backends[rg->backend].curve;
        const char *why = NULL;
        if (!c || c->fit.model == CURVE_TABLE)
            why = "a 'table' curve has no fit to draw from; use the 'saturating' or 'usl' model";
        else if (!(c->fit.covariance[0][0] == c->fit.covariance[0][0]))
            why = "its fit has as many points as parameters, so no covariance to draw from; "
                  "give more points";
        if (why) {
            diag_set(d, s->file, s->src, s->srclen, rg->line, rg->col, "'%s': %s", rg->path, why);
            return -1;
        }
    }
    return 0;
}

/* The column of offset into a scalar's text. */
static int scalar_col(const yaml_node_t *node, int offset)
{
    int col = yamldoc_col(node);
    if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        return col + offset;
    if (node->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
        node->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        return col + offset + 1;
    return col;
}

static int error_in_scalar(struct yamldoc *y, const yaml_node_t *node, int offset, char *msg)
{
    diag_set(y->diag, y->file, y->src, y->srclen, yamldoc_line(node), scalar_col(node, offset),
             "%s", msg);
    free(msg);
    return -1;
}

/* Why a parameter takes no range, or NULL; the caller frees. */
static char *no_range_reason(const struct param *p)
{
    if (p->type == PARAM_CHOICE) {
        char *list = params_choices_text(p->choices);
        char *why =
            xasprintf("'%s' is a choice (%s), not a number: it takes no range", p->path, list);
        free(list);
        return why;
    }
    if (strncmp(p->path, "budget.", 7) == 0)
        return xasprintf("'%s' is a budget, a limit to check the figures against: it takes no "
                         "range",
                         p->path);
    if (strcmp(p->path, "generation.deadline") == 0)
        return xasprintf("'%s' is a deadline, a limit to check the time against: it takes no "
                         "range",
                         p->path);
    if (strcmp(p->path, "inference.compare.claim") == 0)
        return xasprintf("'%s' is a claim to check, not an estimate: it takes no range", p->path);
    if (strcmp(p->path, "inference.horizon") == 0)
        return xasprintf("'%s' sets the months the report covers: it takes no range", p->path);
    if (p->at.owner == PARAM_OWNER_BACKEND &&
        p->at.offset == offsetof(struct deployment, max_count))
        return xasprintf("'%s' bounds deadline planning, which a sample does not run: it takes "
                         "no range",
                         p->path);
    return NULL;
}

/* `backends.B.throughput: {uncertain: fit}`. */
static int read_fit(struct yamldoc *y, struct scenario *s, yaml_node_t *key, yaml_node_t *value,
                    const char *path, struct range *rg)
{
    static const char *const fit_keys[] = {"uncertain", NULL};
    char *what = xasprintf("'ranges.%s'", path);
    int rc = yamldoc_check_map(y, value, what, fit_keys);
    free(what);
    if (rc)
        return -1;
    yaml_node_t *u = yamldoc_get(y, value, "uncertain");
    const char *text = yamldoc_scalar(y, u, "'uncertain'");
    if (!text)
        return -1;
    if (strcmp(text, "fit") != 0)
        return yamldoc_error(y, u,
                             "'uncertain' must be 'fit' (draw the curve from its fit), got "
                             "'%s'",
                             text);
    size_t len = strlen(path);
    const char *suffix = ".throughput";
    size_t slen = strlen(suffix);
    if (strncmp(path, "backends.", 9) != 0 || len <= 9 + slen ||
        strcmp(path + len - slen, suffix) != 0)
        return yamldoc_error(y, key,
                             "'uncertain: fit' goes on a backend's throughput curve, "
                             "'backends.NAME.throughput', not on '%s'",
                             path);
    char *name = xstrndup(path + 9, len - 9 - slen);
    size_t b = s->nbackends;
    for (size_t i = 0; i < s->nbackends; i++)
        if (strcmp(s->backends[i].name, name) == 0)
            b = i;
    if (b == s->nbackends) {
        yamldoc_error(y, key, "unknown backend '%s' in '%s'", name, path);
        free(name);
        return -1;
    }
    free(name);
    if (!s->backends[b].curve)
        return yamldoc_error(y, key,
                             "'%s' is a constant, not a fitted curve: write a range such as "
                             "'50..90 tok/s'",
                             path);
    rg->kind = RANGE_FIT;
    rg->backend = b;
    rg->text = xstrdup("fit");
    return 0;
}

static const char *const dist_keys[] = {"dist", "value", "low",   "mode", "high", "mean",
                                        "sd",   "mu",    "sigma", "p5",   "p95",  NULL};

/* `{dist: KIND, ARG: VALUE, ...}`: every argument read like the field. */
static int read_mapping(struct yamldoc *y, yaml_node_t *key, yaml_node_t *value,
                        const struct param *p, struct range *rg)
{
    char *what = xasprintf("'ranges.%s'", p->path);
    int rc = yamldoc_check_map(y, value, what, dist_keys);
    free(what);
    if (rc)
        return -1;
    yaml_node_t *kind_node = yamldoc_get(y, value, "dist");
    if (!kind_node)
        return yamldoc_error(y, key,
                             "'%s': a range mapping needs 'dist' (constant, uniform, "
                             "triangular, pert, normal or lognormal)",
                             p->path);
    const char *kind_name = yamldoc_scalar(y, kind_node, "'dist'");
    if (!kind_name)
        return -1;
    enum dist_kind kind;
    char *msg = NULL;
    if (dist_kind_parse(kind_name, p->path, &kind, &msg) != 0)
        return error_in_scalar(y, kind_node, 0, msg);

    struct dist_args args = DIST_ARGS_INIT;
    yaml_node_t *arg_node[DIST_ARG_COUNT] = {0};
    struct strbuf text = STRBUF_INIT;
    strbuf_puts(&text, kind_name);
    size_t n = yamldoc_map_size(value);
    rc = -1;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *k, *v;
        const char *name = yamldoc_key_at(y, value, i, &k, &v);
        if (strcmp(name, "dist") == 0)
            continue;
        enum dist_arg arg = dist_arg_from_name(name);
        const char *scalar = yamldoc_scalar(y, v, name);
        if (!scalar)
            goto out;
        enum qkind qk;
        unsigned fl;
        dist_arg_quantity(arg, p->kind, p->flags, &qk, &fl);
        double number;
        int offset = 0;
        if (quantity_parse(scalar, qk, fl, p->path, &number, &msg, &offset) != 0) {
            error_in_scalar(y, v, offset, msg);
            goto out;
        }
        dist_args_set(&args, arg, number, scalar);
        arg_node[arg] = v;
        strbuf_printf(&text, "%s %s %s", text.len > strlen(kind_name) ? "," : "", name, scalar);
    }
    enum dist_arg at = DIST_ARG_NONE;
    if (dist_from_args(kind, &args, p->path, p->flags, &rg->dist, &msg, &at) != 0) {
        yaml_node_t *where = at != DIST_ARG_NONE && arg_node[at] ? arg_node[at] : key;
        yamldoc_error(y, where, "%s", msg);
        free(msg);
        goto out;
    }
    rg->text = strbuf_detach(&text);
    rc = 0;
out:
    strbuf_release(&text);
    return rc;
}

static int read_range(struct yamldoc *y, struct scenario *s, yaml_node_t *key, yaml_node_t *value,
                      const char *path, struct range *rg)
{
    rg->path = xstrdup(path);
    rg->line = yamldoc_line(key);
    rg->col = yamldoc_col(key);
    if (value->type == YAML_MAPPING_NODE && yamldoc_get(y, value, "uncertain"))
        return read_fit(y, s, key, value, path, rg);
    const struct param *p = params_find(&s->params, path);
    if (!p) {
        char *near = params_suggest(&s->params, path, 3);
        if (near)
            yamldoc_error(y, key, "unknown parameter '%s'; did you mean %s?", path, near);
        else
            yamldoc_error(y, key, "unknown parameter '%s'", path);
        free(near);
        return -1;
    }
    char *why = no_range_reason(p);
    if (why) {
        yamldoc_error(y, key, "%s", why);
        free(why);
        return -1;
    }
    rg->kind = RANGE_PARAM;
    if (value->type == YAML_MAPPING_NODE)
        return read_mapping(y, key, value, p, rg);
    if (value->type != YAML_SCALAR_NODE)
        return yamldoc_error(y, value,
                             "'%s' needs a range such as '50..90 tok/s' or a mapping such as "
                             "'{dist: triangular, low: 25%%, mode: 40%%, high: 50%%}', got %s",
                             path, yamldoc_type_name(value));
    const char *text = (const char *)value->data.scalar.value;
    char *msg = NULL;
    int offset = 0;
    if (dist_parse_interval(text, p->kind, p->flags, path, &rg->dist, &msg, &offset) != 0)
        return error_in_scalar(y, value, offset, msg);
    rg->text = xstrdup(text);
    return 0;
}

int scenario_read_ranges(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)map;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    struct ranges *r = &((struct scenario *)owner)->ranges;
    if (yamldoc_check_map(y, node, "'ranges'", NULL))
        return -1;
    r->present = 1;
    size_t n = yamldoc_map_size(node);
    r->items = xcalloc(n ? n : 1, sizeof *r->items);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        /* Counted first, so that release frees what a failing range holds. */
        r->n = i + 1;
        if (read_range(y, L->s, key, value, name, &r->items[i]) != 0)
            return -1;
    }
    return 0;
}

int scenario_ranges_merge(struct yamldoc *y, struct scenario *s, yaml_node_t *node, int line,
                          int col)
{
    struct ranges *r = &s->ranges;
    if (yamldoc_check_map(y, node, "'ranges'", NULL))
        return -1;
    size_t n = yamldoc_map_size(node);
    r->present = 1;
    r->items = xrealloc(r->items, (r->n + n + 1) * sizeof *r->items);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        struct range rg;
        memset(&rg, 0, sizeof rg);
        if (read_range(y, s, key, value, name, &rg) != 0) {
            free(rg.path);
            free(rg.text);
            return -1;
        }
        /* Later messages point at the scenario's calibration key. */
        rg.line = line;
        rg.col = col;
        struct range *old = NULL;
        for (size_t k = 0; k < r->n; k++)
            if (strcmp(r->items[k].path, rg.path) == 0)
                old = &r->items[k];
        if (old) { /* in place: the other inputs keep their draws */
            free(old->path);
            free(old->text);
            *old = rg;
        } else {
            r->items[r->n++] = rg;
        }
    }
    return 0;
}
