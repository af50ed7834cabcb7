/*
 * scenario_calib: see scenario_calib.h.  The file is read with yamldoc (no
 * anchors, aliases or tags; linear in its size); its mappings are walked
 * depth first, and every scalar is a "PATH: VALUE" setting applied in the
 * order of the file, except under the top-level key `ranges`, whose ranges
 * are merged into the scenario's (scenario_ranges_merge).
 */
#include "scenario_calib.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct walk {
    struct yamldoc *y;
    struct scenario *s;
    int line, col;
    struct scenario_calib_settings *out;
};

static void settings_add(struct scenario_calib_settings *list, const struct param *p, double before,
                         double after)
{
    if (list->n == list->cap) {
        list->cap = list->cap ? 2 * list->cap : 8;
        list->items = xrealloc(list->items, list->cap * sizeof *list->items);
    }
    list->items[list->n++] =
        (struct scenario_calib_setting){xstrdup(p->path),
                                        before,
                                        after,
                                        p->type == PARAM_CHOICE ? QK_NUMBER : p->kind,
                                        p->scale,
                                        p->type == PARAM_CHOICE ? p->choices : NULL};
}

static int set_one(struct walk *w, const char *path, yaml_node_t *key, yaml_node_t *value)
{
    struct yamldoc *y = w->y;
    struct param *p = params_find(&w->s->params, path);
    if (!p) {
        char *near = params_suggest(&w->s->params, path, 3);
        if (near)
            yamldoc_error(y, key, "unknown parameter '%s' for a calibration; did you mean %s?",
                          path, near);
        else
            yamldoc_error(y, key, "unknown parameter '%s': the scenario has no such key", path);
        free(near);
        return -1;
    }
    const char *text = yamldoc_scalar(y, value, path);
    if (!text)
        return -1;
    if (!*text || (value->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(text, "~") == 0))
        return yamldoc_error(y, value, "'%s' has no value", path);
    double v;
    char *msg = NULL;
    int off;
    if (params_parse(p, text, &v, &msg, &off) != 0) {
        yamldoc_error(y, value, "%s", msg);
        free(msg);
        return -1;
    }
    double before = params_get(w->s, p);
    struct diag tmp = DIAG_INIT;
    /* The value's later messages point at the scenario's calibration key. */
    if (params_set(w->s, p, v, w->line, w->col, &tmp) != 0) {
        yamldoc_error(y, value, "%s", tmp.message ? tmp.message : "cannot set this value");
        diag_release(&tmp);
        return -1;
    }
    p->given = 1;
    if (w->out)
        settings_add(w->out, p, before, v);
    return 0;
}

static int walk_map(struct walk *w, yaml_node_t *map, const char *prefix, int depth)
{
    struct yamldoc *y = w->y;
    char *what = prefix ? xasprintf("'%s'", prefix) : xstrdup("a calibration");
    int rc = yamldoc_check_map(y, map, what, NULL);
    free(what);
    if (rc)
        return -1;
    size_t n = yamldoc_map_size(map);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, map, i, &key, &value);
        char *path = prefix ? loader_join(prefix, name) : xstrdup(name);
        if (!prefix && strcmp(name, "ranges") == 0)
            rc = scenario_ranges_merge(y, w->s, value, w->line, w->col);
        else if (value->type == YAML_MAPPING_NODE)
            rc = depth >= YAMLDOC_MAX_DEPTH ? yamldoc_error(y, value, "nested too deeply")
                                            : walk_map(w, value, path, depth + 1);
        else if (value->type == YAML_SCALAR_NODE)
            rc = set_one(w, path, key, value);
        else
            rc = yamldoc_error(y, value,
                               "'%s' is a list: a calibration holds values under keys, such as "
                               "'generation: {dataset: {answer_tokens: 190}}'",
                               path);
        free(path);
        if (rc)
            return -1;
    }
    return 0;
}

static int apply_doc(struct yamldoc *y, struct scenario *s, int line, int col,
                     struct scenario_calib_settings *out)
{
    struct walk w = {y, s, line, col, out};
    yaml_node_t *root = yamldoc_root(y);
    if (root->type != YAML_MAPPING_NODE)
        return yamldoc_error(y, root, "a calibration is a mapping of the scenario's keys, got %s",
                             yamldoc_type_name(root));
    return walk_map(&w, root, NULL, 1);
}

int scenario_calib_apply(struct scenario *s, const char *name, const char *text, size_t len,
                         int line, int col, struct scenario_calib_settings *out, struct diag *d)
{
    struct yamldoc y;
    int rc = yamldoc_load_text(&y, name, text, len, d);
    if (!rc)
        rc = apply_doc(&y, s, line, col, out);
    yamldoc_release(&y);
    return rc ? -1 : 0;
}

void scenario_calib_settings_release(struct scenario_calib_settings *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i].path);
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}

int scenario_read_calibration(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                              const char *path, const struct field *f)
{
    (void)map;
    (void)path;
    (void)f;
    struct scenario *s = owner;
    const char *rel = yamldoc_string(&L->y, node, "'calibration'");
    if (!rel)
        return -1;
    char *file = loader_resolve_path(L, rel);
    int rc;
    if (access(file, R_OK) != 0) {
        rc = yamldoc_error(&L->y, node, "cannot read the calibration '%s': %s", file,
                           strerror(errno));
    } else {
        struct yamldoc y;
        rc = yamldoc_load(&y, file, L->d);
        if (!rc)
            rc = apply_doc(&y, s, yamldoc_line(node), yamldoc_col(node), NULL);
        yamldoc_release(&y);
    }
    free(file);
    return rc ? -1 : 0;
}
