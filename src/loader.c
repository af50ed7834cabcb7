/*
 * loader: see loader.h.  loader_read_fields is the one reader of field
 * tables; the rest are the readers several mappings share.  The loader never
 * prints: errors go into the document's diag with their position.
 */
#include "loader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "price_resolve.h"
#include "pricing_yaml.h"
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

char *loader_join(const char *prefix, const char *key)
{
    return prefix && *prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
}

int loader_check_keys(struct loader *L, yaml_node_t *node, const char *what,
                      const struct field *rows, size_t n)
{
    const char **keys = xmalloc((n + 1) * sizeof *keys);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].key)
            keys[k++] = rows[i].key;
    keys[k] = NULL;
    int rc = yamldoc_check_map(&L->y, node, what, keys);
    free(keys);
    return rc;
}

/* "missing 'KEY' in 'PATH' (HINT)", at the key that names the mapping. */
static int missing(struct loader *L, yaml_node_t *map, const char *path, const struct field *f)
{
    const char *where = path && *path ? path : "the top level";
    if (f->hint)
        return yamldoc_error_in(&L->y, map, "missing '%s' in '%s' (%s)", f->key, where, f->hint);
    return yamldoc_error_in(&L->y, map, "missing '%s' in '%s'", f->key, where);
}

/* A choice: its index into the int at target; recorded as parameter path.key. */
static int read_choice(struct loader *L, yaml_node_t *map, yaml_node_t *node, const char *path,
                       const struct field *f, int *target)
{
    struct yamldoc *y = &L->y;
    char *full = loader_join(path, f->key);
    int rc = -1;
    if (!node) {
        *target = 0;
        params_add_choice(&L->s->params, full, target, f->choices, yamldoc_line(map),
                          yamldoc_col(map), 0);
        rc = 0;
        goto out;
    }
    char *what = xasprintf("'%s'", f->key);
    const char *text = yamldoc_string(y, node, what);
    free(what);
    if (!text)
        goto out;
    for (int i = 0; f->choices[i]; i++)
        if (strcmp(f->choices[i], text) == 0) {
            *target = i;
            params_add_choice(&L->s->params, full, target, f->choices, yamldoc_line(node),
                              yamldoc_col(node), 1);
            rc = 0;
            goto out;
        }
    char *list = params_choices_text(f->choices);
    yamldoc_error(y, node, "'%s' must be %s, got '%s'", f->key, list, text);
    free(list);
out:
    free(full);
    return rc;
}

/* Row indexes in reading order: by `order`, then table order (an insertion sort: tables are short).
 */
static size_t *reading_order(const struct field *rows, size_t n)
{
    size_t *at = xmalloc((n ? n : 1) * sizeof *at);
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && rows[at[j - 1]].order > rows[i].order) {
            at[j] = at[j - 1];
            j--;
        }
        at[j] = i;
    }
    return at;
}

static int read_field(struct loader *L, yaml_node_t *map, const char *path, const struct field *f,
                      void *owner)
{
    struct yamldoc *y = &L->y;
    char *target = (char *)owner + f->offset;
    if (f->kind == FIELD_CHECK)
        return f->read(L, map, NULL, owner, path, f);
    yaml_node_t *node = yamldoc_get(y, map, f->key);
    switch (f->kind) {
    case FIELD_QUANTITY:
        if (!node && f->required && f->hint)
            return missing(L, map, path, f);
        return params_read_yaml(&L->s->params, y, map, path, f->key, f->qkind, f->flags, 1.0,
                                f->required, f->def, (double *)(void *)target);
    case FIELD_STRING: {
        if (!node && f->required)
            return missing(L, map, path, f);
        if (node && loader_read_string(L, map, f->key, (char **)(void *)target))
            return -1;
        /* A label is a parameter of its own (a variant may rename the teacher). */
        char *sp = loader_join(path, f->key);
        const yaml_node_t *at = node ? node : map;
        params_add_name(&L->s->params, sp, target, sizeof(char *), PARAM_NAME_TEXT,
                        yamldoc_line(at), yamldoc_col(at), node != NULL);
        free(sp);
        return 0;
    }
    case FIELD_CHOICE:
        if (!node && f->required)
            return missing(L, map, path, f);
        return read_choice(L, map, node, path, f, (int *)(void *)target);
    case FIELD_CUSTOM:
        if (!node && f->required)
            return missing(L, map, path, f);
        if (!f->read || (!node && !f->missing_too))
            return 0;
        return f->read(L, map, node, owner, path, f);
    case FIELD_CHECK:
        break;
    }
    return 0;
}

int loader_read_fields(struct loader *L, yaml_node_t *map, const char *path,
                       const struct field *rows, size_t n, void *owner)
{
    size_t *at = reading_order(rows, n);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct field *f = &rows[at[i]];
        if (f->when && !f->when(L, map, owner))
            continue;
        rc = read_field(L, map, path, f, owner);
    }
    free(at);
    return rc ? -1 : 0;
}

int loader_read_map(struct loader *L, yaml_node_t *node, const char *path, const struct field *rows,
                    size_t n, void *owner)
{
    char *what = xasprintf("'%s'", path);
    int rc = loader_check_keys(L, node, what, rows, n);
    free(what);
    return rc ? -1 : loader_read_fields(L, node, path, rows, n, owner);
}

int loader_read_string(struct loader *L, yaml_node_t *map, const char *key, char **out)
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

char *loader_resolve_path(struct loader *L, const char *rel)
{
    const char *base_file = L->s->file;
    const char *slash = strrchr(base_file, '/');
    char *joined = rel[0] == '/' || !slash
                       ? xstrdup(rel)
                       : xasprintf("%.*s/%s", (int)(slash - base_file), base_file, rel);
    /* The tidy text only where the kernel finds the same file: past a symlink, "l/../x" is not "x".
     */
    char *norm = normalize_path(joined);
    if (!path_same_target(joined, norm)) {
        free(norm);
        return joined;
    }
    free(joined);
    return norm;
}

/* Records one copied catalogue price as parameter "path.key", placed at the name. */
static void record_price(struct loader *L, const char *path, const char *key, double *value,
                         const yaml_node_t *at)
{
    char *p = loader_join(path, key);
    params_add(&L->s->params, p, value, 1.0, QK_NUMBER, 0, yamldoc_line(at), yamldoc_col(at), 0);
    free(p);
}

/* Records the copied price's numbers (price_resolve.h's keys) under path, placed at the name. */
static void record_prices(struct loader *L, const char *path, void *price,
                          const struct price_key *keys, size_t n, const yaml_node_t *at)
{
    for (size_t i = 0; i < n; i++)
        record_price(L, path, keys[i].key, (double *)(void *)((char *)price + keys[i].offset), at);
}

int loader_model_ref(struct loader *L, yaml_node_t *node, const char *path, struct model_price *out)
{
    if (node->type == YAML_MAPPING_NODE) {
        if (pricing_read_model(&L->y, node, path, &L->s->params, out))
            return -1;
    } else {
        const char *name = yamldoc_string(&L->y, node, "'model'");
        const struct model_price *m;
        char *msg = NULL;
        if (!name)
            return -1;
        if (price_resolve_model(&L->s->pricing, name, &m, &msg)) {
            yamldoc_error(&L->y, node, "%s", msg);
            free(msg);
            return -1;
        }
        model_price_copy(out, m);
        struct price_key keys[PRICE_MAX_KEYS];
        record_prices(L, path, out, keys, price_model_keys(out, keys), node);
    }
    /* The name is a parameter too: --set PATH=NAME takes another catalogue model. */
    params_add_name(&L->s->params, path, out, sizeof *out, PARAM_NAME_MODEL, yamldoc_line(node),
                    yamldoc_col(node), 1);
    return 0;
}

int loader_instance_ref_in(struct loader *L, yaml_node_t *node, const char *path,
                           yaml_node_t *region_node, struct instance_price *out)
{
    const char *region = NULL;
    if (region_node && !(region = yamldoc_string(&L->y, region_node, "'region'")))
        return -1;
    if (node->type == YAML_MAPPING_NODE) {
        if (region_node)
            return yamldoc_error(&L->y, region_node,
                                 "'region' chooses a catalogue's row for the instance; this one "
                                 "is written inline");
        if (pricing_read_instance(&L->y, node, path, &L->s->params, out))
            return -1;
    } else {
        const char *name = yamldoc_string(&L->y, node, "'instance'");
        if (!name)
            return -1;
        const struct instance_price *m = NULL;
        char *msg = NULL;
        enum price_region_problem problem;
        if (price_resolve_instance(&L->s->pricing, name, region, &m, &msg, &problem)) {
            if (problem == PRICE_REGION_NEEDED)
                yamldoc_error(&L->y, node, "%s, or with 'region' on the backend", msg);
            else
                yamldoc_error(&L->y,
                              problem == PRICE_REGION_MISSING && region_node ? region_node : node,
                              "%s", msg);
            free(msg);
            return -1;
        }
        instance_price_copy(out, m);
        struct price_key keys[PRICE_MAX_KEYS];
        record_prices(L, path, out, keys, price_instance_keys(out, keys), node);
    }
    params_add_name(&L->s->params, path, out, sizeof *out, PARAM_NAME_INSTANCE, yamldoc_line(node),
                    yamldoc_col(node), 1);
    return 0;
}

int loader_instance_ref(struct loader *L, yaml_node_t *node, const char *path,
                        struct instance_price *out)
{
    return loader_instance_ref_in(L, node, path, NULL, out);
}

int loader_training_ref(struct loader *L, yaml_node_t *node, const char *path,
                        struct training_price *out)
{
    if (node->type == YAML_MAPPING_NODE)
        return pricing_read_training(&L->y, node, path, &L->s->params, out);
    const char *name = yamldoc_string(&L->y, node, "'price'");
    if (!name)
        return -1;
    const struct training_price *m;
    char *msg = NULL;
    if (price_resolve_training(&L->s->pricing, name, &m, &msg)) {
        yamldoc_error(&L->y, node, "%s", msg);
        free(msg);
        return -1;
    }
    training_price_copy(out, m);
    if (m->per_token)
        record_price(L, path, "per_1k_training_tokens", &out->per_1k_training_tokens, node);
    else
        record_price(L, path, "per_hour", &out->per_hour, node);
    return 0;
}
