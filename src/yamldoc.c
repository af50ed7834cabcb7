/*
 * yamldoc: see yamldoc.h.  libyaml's marks are 0-based; positions here are
 * 1-based.
 */
#include "yamldoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int yamldoc_line(const yaml_node_t *node)
{
    return (int)node->start_mark.line + 1;
}

int yamldoc_col(const yaml_node_t *node)
{
    return (int)node->start_mark.column + 1;
}

static int error_at_mark(struct yamldoc *y, yaml_mark_t mark, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int error_at_mark(struct yamldoc *y, yaml_mark_t mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_set(y->diag, y->file, y->src, y->srclen, (int)mark.line + 1, (int)mark.column + 1, "%s",
             msg);
    free(msg);
    return -1;
}

int yamldoc_error(struct yamldoc *y, const yaml_node_t *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if (node)
        diag_set(y->diag, y->file, y->src, y->srclen, yamldoc_line(node), yamldoc_col(node), "%s",
                 msg);
    else
        diag_set(y->diag, y->file, NULL, 0, 0, 0, "%s", msg);
    free(msg);
    return -1;
}

int yamldoc_error_in(struct yamldoc *y, const yaml_node_t *map, const char *fmt, ...)
{
    const yaml_node_t *at = map;
    if (map && y->key_of) {
        int id = (int)(map - y->doc.nodes.start) + 1;
        if (y->key_of[id])
            at = yamldoc_node(y, y->key_of[id]);
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    yamldoc_error(y, at, "%s", msg);
    free(msg);
    return -1;
}

/* Which key names each node, for errors about a mapping as a whole. */
static void index_keys(struct yamldoc *y)
{
    size_t n = (size_t)(y->doc.nodes.top - y->doc.nodes.start);
    y->key_of = xcalloc(n + 1, sizeof *y->key_of);
    for (yaml_node_t *node = y->doc.nodes.start; node < y->doc.nodes.top; node++) {
        if (node->type != YAML_MAPPING_NODE)
            continue;
        for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
             pair < node->data.mapping.pairs.top; pair++)
            if (pair->value >= 1 && (size_t)pair->value <= n)
                y->key_of[pair->value] = pair->key;
    }
}

static int parser_error(struct yamldoc *y, const yaml_parser_t *parser)
{
    const char *problem = parser->problem ? parser->problem : "cannot parse";
    if (parser->error == YAML_READER_ERROR) {
        /* Encoding errors come with a byte offset instead of a mark. */
        yaml_mark_t mark = {parser->problem_offset, 0, 0};
        for (size_t i = 0; i < parser->problem_offset && i < y->srclen; i++, mark.column++)
            if (y->src[i] == '\n') {
                mark.line++;
                mark.column = (size_t)-1;
            }
        return error_at_mark(y, mark, "invalid YAML: %s (the file must be UTF-8)", problem);
    }
    if (parser->context)
        return error_at_mark(y, parser->problem_mark, "invalid YAML: %s (%s)", problem,
                             parser->context);
    return error_at_mark(y, parser->problem_mark, "invalid YAML: %s", problem);
}

/*
 * The event pass: refuses what a plain-data file must not hold, before the
 * document (whose size an alias bomb or deep nesting could blow up) exists.
 */
static int precheck(struct yamldoc *y)
{
    yaml_parser_t parser;
    yaml_event_t event;
    int depth = 0, documents = 0, rc = -1;

    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)y->src, y->srclen);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            parser_error(y, &parser);
            goto out;
        }
        yaml_event_type_t type = event.type;
        const yaml_char_t *anchor = NULL, *tag = NULL;
        int explicit_tag = 0;
        switch (type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                error_at_mark(y, event.start_mark,
                              "a second YAML document: a file holds exactly one");
                goto fail_event;
            }
            break;
        case YAML_ALIAS_EVENT:
            error_at_mark(y, event.start_mark,
                          "aliases ('*%s') are not allowed: write the value out",
                          (const char *)event.data.alias.anchor);
            goto fail_event;
        case YAML_SCALAR_EVENT:
            anchor = event.data.scalar.anchor;
            tag = event.data.scalar.tag;
            explicit_tag =
                tag && !event.data.scalar.plain_implicit && !event.data.scalar.quoted_implicit;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            anchor = type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor
                                                       : event.data.mapping_start.anchor;
            tag = type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.tag
                                                    : event.data.mapping_start.tag;
            explicit_tag = tag != NULL;
            if (++depth > YAMLDOC_MAX_DEPTH) {
                error_at_mark(y, event.start_mark, "nesting deeper than %d levels",
                              YAMLDOC_MAX_DEPTH);
                goto fail_event;
            }
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        default:
            break;
        }
        if (anchor) {
            error_at_mark(y, event.start_mark,
                          "anchors ('&%s') are not allowed: a scenario is plain data",
                          (const char *)anchor);
            goto fail_event;
        }
        if (explicit_tag) {
            /* Show the tag as written: '!!str', not 'tag:yaml.org,2002:str'. */
            const char *t = (const char *)tag;
            int core = strncmp(t, "tag:yaml.org,2002:", 18) == 0;
            error_at_mark(y, event.start_mark,
                          "tags ('%s%s') are not allowed: a scenario is plain data",
                          core ? "!!" : "", core ? t + 18 : t);
            goto fail_event;
        }
        yaml_event_delete(&event);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    rc = 0;
    goto out;
fail_event:
    yaml_event_delete(&event);
out:
    yaml_parser_delete(&parser);
    return rc;
}

/* Parses y->src, read from the file y->file names. */
static int parse(struct yamldoc *y, struct diag *d)
{
    const char *path = y->file;
    const char *nul = memchr(y->src, '\0', y->srclen);
    if (nul) {
        /* The byte's line and column; its line is shown only when what precedes it is text. */
        int line, col;
        diag_position(y->src, y->srclen, (size_t)(nul - y->src), &line, &col);
        const char *start = nul - (col - 1);
        int printable = 1;
        for (const char *p = start; p < nul; p++)
            if (!((*p >= ' ' && *p <= '~') || *p == '\t'))
                printable = 0;
        diag_set(d, path, printable && nul > start ? y->src : NULL, y->srclen, line, col,
                 "not a text file (it holds a NUL byte)");
        return -1;
    }
    if (precheck(y) != 0)
        return -1;

    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)y->src, y->srclen);
    int ok = yaml_parser_load(&parser, &y->doc);
    if (!ok) {
        parser_error(y, &parser);
        yaml_parser_delete(&parser);
        return -1;
    }
    yaml_parser_delete(&parser);
    y->loaded = 1;
    index_keys(y);
    if (!yaml_document_get_root_node(&y->doc)) {
        diag_set(d, path, NULL, 0, 0, 0, "the file is empty");
        return -1;
    }
    return 0;
}

int yamldoc_load(struct yamldoc *y, const char *path, struct diag *d)
{
    memset(y, 0, sizeof *y);
    y->file = xstrdup(path);
    y->diag = d;
    char *why;
    if (read_input_file(path, INPUT_MAX_BYTES, &y->src, &y->srclen, &why) != 0) {
        diag_set(d, path, NULL, 0, 0, 0, "cannot read the file: %s", why);
        free(why);
        return -1;
    }
    return parse(y, d);
}

int yamldoc_load_text(struct yamldoc *y, const char *name, const char *text, size_t len,
                      struct diag *d)
{
    memset(y, 0, sizeof *y);
    y->file = xstrdup(name);
    y->diag = d;
    y->src = xmalloc(len + 1);
    memcpy(y->src, text, len);
    y->src[len] = '\0';
    y->srclen = len;
    return parse(y, d);
}

void yamldoc_release(struct yamldoc *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    free(y->key_of);
    y->key_of = NULL;
    free(y->src);
    free(y->file);
    y->src = y->file = NULL;
    y->loaded = 0;
}

yaml_node_t *yamldoc_root(struct yamldoc *y)
{
    return yaml_document_get_root_node(&y->doc);
}

yaml_node_t *yamldoc_node(struct yamldoc *y, int id)
{
    return yaml_document_get_node(&y->doc, id);
}

const char *yamldoc_type_name(const yaml_node_t *node)
{
    switch (node->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_SCALAR_NODE:
        return node->data.scalar.length ? "a scalar" : "nothing";
    default:
        return "nothing";
    }
}

size_t yamldoc_map_size(const yaml_node_t *map)
{
    return (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
}

const char *yamldoc_key_at(struct yamldoc *y, yaml_node_t *map, size_t i, yaml_node_t **key,
                           yaml_node_t **value)
{
    yaml_node_pair_t *pair = map->data.mapping.pairs.start + i;
    *key = yamldoc_node(y, pair->key);
    *value = yamldoc_node(y, pair->value);
    return (*key)->type == YAML_SCALAR_NODE ? (const char *)(*key)->data.scalar.value : NULL;
}

static char *allowed_list(const char *const *allowed)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; allowed[i]; i++)
        strbuf_printf(&sb, "%s'%s'", i ? ", " : "", allowed[i]);
    return strbuf_detach(&sb);
}

struct named_key {
    const char *name;
    size_t index;
};

static int by_name_then_index(const void *a, const void *b)
{
    const struct named_key *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/*
 * first[i] is the index of the first key with the name of key i (i itself
 * when it is the first).  Sorting keeps a mapping of n keys at n log n:
 * comparing every pair would make a big file take quadratic time.
 */
static size_t *first_of_names(struct yamldoc *y, yaml_node_t *node, size_t n)
{
    struct named_key *keys = xmalloc((n ? n : 1) * sizeof *keys);
    size_t *first = xmalloc((n ? n : 1) * sizeof *first);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        first[i] = i;
        if (name)
            keys[m++] = (struct named_key){name, i};
    }
    qsort(keys, m, sizeof *keys, by_name_then_index);
    for (size_t i = 1; i < m; i++)
        if (strcmp(keys[i].name, keys[i - 1].name) == 0)
            first[keys[i].index] = first[keys[i - 1].index];
    free(keys);
    return first;
}

int yamldoc_check_map(struct yamldoc *y, yaml_node_t *node, const char *what,
                      const char *const *allowed)
{
    if (node->type != YAML_MAPPING_NODE)
        return yamldoc_error(y, node, "%s must be a mapping, got %s", what,
                             yamldoc_type_name(node));
    size_t n = yamldoc_map_size(node);
    size_t *first = first_of_names(y, node, n);
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        if (!name) {
            yamldoc_error(y, key, "keys of %s must be plain names, got %s", what,
                          yamldoc_type_name(key));
            goto out;
        }
        if (strcmp(name, "<<") == 0) {
            yamldoc_error(y, key, "merge keys ('<<') are not allowed: a scenario is plain data");
            goto out;
        }
        if (first[i] != i) {
            yaml_node_t *k2, *v2;
            yamldoc_key_at(y, node, first[i], &k2, &v2);
            yamldoc_error(y, key, "'%s' is given twice in %s (first at line %d)", name, what,
                          yamldoc_line(k2));
            goto out;
        }
        if (!allowed)
            continue;
        int known = 0;
        const char *best = NULL;
        size_t best_dist = (size_t)-1;
        for (size_t a = 0; allowed[a]; a++) {
            if (strcmp(allowed[a], name) == 0) {
                known = 1;
                break;
            }
            size_t dist = edit_distance(allowed[a], name);
            if (dist < best_dist) {
                best_dist = dist;
                best = allowed[a];
            }
        }
        if (known)
            continue;
        char *list = allowed_list(allowed);
        if (best && best_dist <= strlen(name) / 3 + 1)
            yamldoc_error(y, key, "unknown key '%s' in %s; did you mean '%s'? (allowed: %s)", name,
                          what, best, list);
        else
            yamldoc_error(y, key, "unknown key '%s' in %s (allowed: %s)", name, what, list);
        free(list);
        goto out;
    }
    rc = 0;
out:
    free(first);
    return rc;
}

yaml_node_t *yamldoc_get(struct yamldoc *y, yaml_node_t *map, const char *key)
{
    size_t n = yamldoc_map_size(map);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *k, *v;
        const char *name = yamldoc_key_at(y, map, i, &k, &v);
        if (name && strcmp(name, key) == 0)
            return v;
    }
    return NULL;
}

const char *yamldoc_scalar(struct yamldoc *y, yaml_node_t *node, const char *what)
{
    if (node->type != YAML_SCALAR_NODE) {
        yamldoc_error(y, node, "%s must be a single value, got %s", what, yamldoc_type_name(node));
        return NULL;
    }
    return (const char *)node->data.scalar.value;
}

const char *yamldoc_string(struct yamldoc *y, yaml_node_t *node, const char *what)
{
    const char *s = yamldoc_scalar(y, node, what);
    if (!s)
        return NULL;
    if (s[0] == '\0' || (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                         (strcmp(s, "~") == 0 || strcmp(s, "null") == 0))) {
        yamldoc_error(y, node, "%s must not be empty", what);
        return NULL;
    }
    return s;
}
