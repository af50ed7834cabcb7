/*
 * params: see params.h.
 */
#include "params.h"

#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "util.h"

void params_init(struct params *p)
{
    p->items = NULL;
    p->n = p->cap = 0;
    p->index = (struct strmap)STRMAP_INIT;
}

void params_release(struct params *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].path);
    free(p->items);
    strmap_release(&p->index);
    params_init(p);
}

void params_add(struct params *p, const char *path, double *value, double scale, enum qkind kind,
                unsigned flags, int line, int col, int given)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 32;
        p->items = xrealloc(p->items, p->cap * sizeof *p->items);
    }
    struct param *it = &p->items[p->n++];
    it->path = xstrdup(path);
    it->value = value;
    it->scale = scale;
    it->kind = kind;
    it->flags = flags;
    it->line = line;
    it->col = col;
    it->given = given;
    /* A path recorded twice keeps its first entry, as a linear search would find. */
    size_t unused;
    if (!strmap_get(&p->index, it->path, &unused))
        strmap_put(&p->index, it->path, p->n - 1);
}

struct param *params_find(const struct params *p, const char *path)
{
    size_t i;
    return strmap_get(&p->index, path, &i) ? &p->items[i] : NULL;
}

static const char *last_segment(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : path;
}

char *params_suggest(const struct params *p, const char *path, size_t max)
{
    struct strbuf sb = STRBUF_INIT;
    size_t found = 0;
    /* A third of a long path would make every sibling "near": a typo is a few edits. */
    size_t limit = strlen(path) / 3 + 1 < 3 ? strlen(path) / 3 + 1 : 3;
    /* Two rounds: near misses first, then paths with the same last segment. */
    for (int round = 0; round < 2 && found < max; round++) {
        for (size_t i = 0; i < p->n && found < max; i++) {
            const char *cand = p->items[i].path;
            size_t dist = edit_distance(path, cand);
            int close = round == 0
                            ? dist <= limit
                            : dist > limit && strcmp(last_segment(cand), last_segment(path)) == 0;
            if (!close)
                continue;
            strbuf_printf(&sb, "%s'%s'", found ? ", " : "", cand);
            found++;
        }
    }
    return found ? strbuf_detach(&sb) : NULL;
}

int params_parse(const struct param *param, const char *text, double *value, char **message,
                 int *offset)
{
    double v;
    if (quantity_parse(text, param->kind, param->flags, last_segment(param->path), &v, message,
                       offset) != 0)
        return -1;
    *value = v * param->scale;
    return 0;
}

int params_set_assignment(struct params *p, const char *assignment, const char *origin,
                          struct diag *d)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        diag_plain(d, "%s '%s': expected PATH=VALUE, such as 'backends.maap.count=3'", origin,
                   assignment);
        return -1;
    }
    char *path = xstrndup(assignment, (size_t)(eq - assignment));
    struct param *param = params_find(p, path);
    int rc = -1;
    if (!param) {
        char *near = params_suggest(p, path, 3);
        if (near)
            diag_plain(d, "%s: unknown parameter '%s'; did you mean %s?", origin, path, near);
        else
            diag_plain(d, "%s: unknown parameter '%s'", origin, path);
        free(near);
        goto out;
    }
    double v;
    char *msg = NULL;
    int off;
    if (params_parse(param, eq + 1, &v, &msg, &off) != 0) {
        diag_plain(d, "%s %s: %s", origin, path, msg);
        free(msg);
        goto out;
    }
    *param->value = v;
    /* From now on the number comes from the command line, not from its line in the file. */
    param->line = param->col = 0;
    rc = 0;
out:
    free(path);
    return rc;
}

int params_read_yaml(struct params *p, struct yamldoc *y, yaml_node_t *map, const char *prefix,
                     const char *key, enum qkind kind, unsigned flags, double scale, int required,
                     double def, double *out)
{
    char *path = prefix && *prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
    yaml_node_t *node = yamldoc_get(y, map, key);
    int rc = -1;
    if (!node) {
        if (required) {
            yamldoc_error_in(y, map, "missing '%s' in '%s' (%s)", key,
                             prefix && *prefix ? prefix : "the top level",
                             quantity_kind_example(kind));
            goto out;
        }
        *out = def;
        if (p)
            params_add(p, path, out, scale, kind, flags, yamldoc_line(map), yamldoc_col(map), 0);
        rc = 0;
        goto out;
    }
    if (node->type != YAML_SCALAR_NODE) {
        yamldoc_error(y, node, "'%s' needs %s, got %s", key, quantity_kind_example(kind),
                      yamldoc_type_name(node));
        goto out;
    }
    const char *text = (const char *)node->data.scalar.value;
    double v;
    char *msg = NULL;
    int offset = 0;
    if (quantity_parse(text, kind, flags, key, &v, &msg, &offset) != 0) {
        /* Point into the scalar where the problem is (plain scalars only). */
        int col = yamldoc_col(node);
        if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
            col += offset;
        else if (node->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                 node->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
            col += offset + 1;
        diag_set(y->diag, y->file, y->src, y->srclen, yamldoc_line(node), col, "%s", msg);
        free(msg);
        goto out;
    }
    *out = v * scale;
    if (p)
        params_add(p, path, out, scale, kind, flags, yamldoc_line(node), yamldoc_col(node), 1);
    rc = 0;
out:
    free(path);
    return rc;
}
