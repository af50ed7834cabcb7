/*
 * loader: see loader.h.
 */
#include "loader.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

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
