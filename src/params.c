/*
 * params: see params.h.  A parameter's value is found from the scenario it
 * belongs to: the owner's base address (the scenario, or an element of one of
 * its arrays) plus the offset.  params_set is the only writer; what follows a
 * change (a refit, a check) is the scenario's, in scenario_param_changed.
 */
#include "params.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "util.h"

void params_init(struct params *p)
{
    p->items = NULL;
    p->n = p->cap = 0;
    p->index = (struct strmap)STRMAP_INIT;
    p->regions = NULL;
    p->nregions = p->capregions = 0;
}

void params_release(struct params *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].path);
    free(p->items);
    strmap_release(&p->index);
    free(p->regions);
    params_init(p);
}

static void index_item(struct params *p, size_t i)
{
    /* A path recorded twice keeps its first entry, as a linear search would find. */
    size_t unused;
    if (!strmap_get(&p->index, p->items[i].path, &unused))
        strmap_put(&p->index, p->items[i].path, i);
}

void params_copy(struct params *dst, const struct params *src)
{
    params_init(dst);
    dst->n = dst->cap = src->n;
    dst->items = xmalloc((src->n ? src->n : 1) * sizeof *dst->items);
    for (size_t i = 0; i < src->n; i++) {
        dst->items[i] = src->items[i];
        dst->items[i].path = xstrdup(src->items[i].path);
        index_item(dst, i);
    }
}

void params_add_region(struct params *p, enum param_owner owner, size_t index, const void *base,
                       size_t size)
{
    if (p->nregions == p->capregions) {
        p->capregions = p->capregions ? 2 * p->capregions : 16;
        p->regions = xrealloc(p->regions, p->capregions * sizeof *p->regions);
    }
    p->regions[p->nregions++] = (struct param_region){owner, index, base, size};
}

void params_forget_regions(struct params *p)
{
    free(p->regions);
    p->regions = NULL;
    p->nregions = p->capregions = 0;
}

/*
 * The owner and offset of a value at `value`.  The newest region first: the
 * loader adds an element's region just before reading it, so the search
 * stays short however many backends a file has.
 */
static struct param_ref locate(const struct params *p, const void *value, size_t size)
{
    uintptr_t v = (uintptr_t)value;
    for (size_t i = p->nregions; i-- > 0;) {
        const struct param_region *r = &p->regions[i];
        uintptr_t base = (uintptr_t)r->base;
        if (v >= base && v + size <= base + r->size)
            return (struct param_ref){r->owner, r->index, (size_t)(v - base)};
    }
    /* A value outside every owner would be a pointer the table could not follow. */
    abort();
}

static struct param *new_item(struct params *p, const char *path, int line, int col, int given)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 32;
        p->items = xrealloc(p->items, p->cap * sizeof *p->items);
    }
    struct param *it = &p->items[p->n++];
    memset(it, 0, sizeof *it);
    it->path = xstrdup(path);
    it->line = line;
    it->col = col;
    it->given = given;
    return it;
}

void params_add(struct params *p, const char *path, double *value, double scale, enum qkind kind,
                unsigned flags, int line, int col, int given)
{
    struct param_ref at = locate(p, value, sizeof *value);
    struct param *it = new_item(p, path, line, col, given);
    it->at = at;
    it->type = PARAM_NUMBER;
    it->scale = scale;
    it->kind = kind;
    it->flags = flags;
    index_item(p, p->n - 1);
}

void params_add_choice(struct params *p, const char *path, int *value, const char *const *choices,
                       int line, int col, int given)
{
    struct param_ref at = locate(p, value, sizeof *value);
    struct param *it = new_item(p, path, line, col, given);
    it->at = at;
    it->type = PARAM_CHOICE;
    it->scale = 1.0;
    it->choices = choices;
    index_item(p, p->n - 1);
}

void params_add_name(struct params *p, const char *path, void *value, size_t size,
                     enum param_name_kind kind, int line, int col, int given)
{
    struct param_ref at = locate(p, value, size);
    struct param *it = new_item(p, path, line, col, given);
    it->at = at;
    it->type = PARAM_NAME;
    it->scale = 1.0;
    it->name_kind = kind;
    index_item(p, p->n - 1);
}

void params_add_at(struct params *p, const char *path, struct param_ref at, double scale,
                   enum qkind kind, unsigned flags, int line, int col)
{
    if (params_find(p, path))
        return;
    struct param *it = new_item(p, path, line, col, 1);
    it->at = at;
    it->type = PARAM_NUMBER;
    it->scale = scale;
    it->kind = kind;
    it->flags = flags;
    index_item(p, p->n - 1);
}

const char *params_name_kind_text(enum param_name_kind kind)
{
    static const char *const texts[] = {
        [PARAM_NAME_MODEL] = "model name",
        [PARAM_NAME_INSTANCE] = "instance name",
        [PARAM_NAME_OPTION] = "option name",
        [PARAM_NAME_TEXT] = "text",
    };
    return texts[kind];
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

const char *params_key(const struct param *param)
{
    return last_segment(param->path);
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

char *params_unknown(const struct params *p, const char *path)
{
    /* A mapping of parameters (a curve, limits): name what it holds. */
    struct strbuf below = STRBUF_INIT;
    size_t len = strlen(path), found = 0;
    int curve = 0;
    for (size_t i = 0; i < p->n; i++) {
        const char *cand = p->items[i].path;
        if (strncmp(cand, path, len) != 0 || cand[len] != '.' || strchr(cand + len + 1, '.'))
            continue;
        curve = curve || p->items[i].at.owner == PARAM_OWNER_CURVE;
        strbuf_printf(&below, "%s'%s'", found ? ", " : "", cand);
        found++;
    }
    if (found) {
        char *msg =
            curve ? xasprintf("'%s' is a throughput curve, not a number: set its "
                              "parameters %s",
                              path, below.buf)
                  : xasprintf("'%s' holds parameters, it is not one: set %s", path, below.buf);
        strbuf_release(&below);
        return msg;
    }
    strbuf_release(&below);
    char *near = params_suggest(p, path, 3);
    char *msg = near ? xasprintf("unknown parameter '%s'; did you mean %s?", path, near)
                     : xasprintf("unknown parameter '%s'", path);
    free(near);
    return msg;
}

static size_t choice_count(const struct param *param)
{
    size_t n = 0;
    while (param->choices[n])
        n++;
    return n;
}

char *params_choices_text(const char *const *choices)
{
    struct strbuf list = STRBUF_INIT;
    for (size_t i = 0; choices[i]; i++)
        strbuf_printf(&list, "%s'%s'", i ? " or " : "", choices[i]);
    return strbuf_detach(&list);
}

int params_parse(const struct param *param, const char *text, double *value, char **message,
                 int *offset)
{
    if (param->type == PARAM_NAME) {
        /* A name is no number: params_set_name takes it. */
        *message = xasprintf("'%s' takes a %s, set as PATH=NAME", params_key(param),
                             params_name_kind_text(param->name_kind));
        *offset = 0;
        return -1;
    }
    if (param->type == PARAM_CHOICE) {
        for (size_t i = 0; param->choices[i]; i++)
            if (strcmp(param->choices[i], text) == 0) {
                *value = (double)i;
                return 0;
            }
        char *list = params_choices_text(param->choices);
        *message = xasprintf("'%s' must be %s, got '%s'", params_key(param), list, text);
        *offset = 0;
        free(list);
        return -1;
    }
    double v;
    if (quantity_parse(text, param->kind, param->flags, params_key(param), &v, message, offset) !=
        0)
        return -1;
    *value = v * param->scale;
    return 0;
}

void *params_target(struct scenario *s, const struct param *param)
{
    const struct param_ref *at = &param->at;
    char *base = NULL;
    switch (at->owner) {
    case PARAM_OWNER_SCENARIO:
        base = (char *)s;
        break;
    case PARAM_OWNER_BACKEND:
        base = (char *)&s->backends[at->index];
        break;
    case PARAM_OWNER_CURVE:
        base = (char *)s->backends[at->index].curve;
        break;
    case PARAM_OWNER_OPTION:
        base = (char *)&s->inference.options[at->index];
        break;
    case PARAM_OWNER_EVAL_MODEL:
        base = (char *)&s->evaluation.models[at->index];
        break;
    case PARAM_OWNER_OPTION_CURVE:
        base = (char *)s->inference.options[at->index].curve;
        break;
    }
    return base + at->offset;
}

double params_get(const struct scenario *s, const struct param *param)
{
    if (param->type == PARAM_NAME)
        return 0;
    /* Reading only: the cast lets one resolver serve both. */
    void *t = params_target((struct scenario *)s, param);
    return param->type == PARAM_CHOICE ? (double)*(int *)t : *(double *)t;
}

/*
 * Writes value into s; NULL, or a message (the caller frees) with s as it
 * was.  The message does not name the path: the callers add where it came from.
 */
static char *set_value(struct scenario *s, const struct param *param, double value)
{
    char *msg = NULL;
    void *t = params_target(s, param);
    if (param->type == PARAM_NAME)
        return xasprintf("'%s' takes a %s, not a number", params_key(param),
                         params_name_kind_text(param->name_kind));
    if (param->type == PARAM_CHOICE) {
        if (!(value >= 0 && value < (double)choice_count(param) && value == floor(value))) {
            char *list = params_choices_text(param->choices);
            msg = xasprintf("'%s' must be %s, got choice %g", params_key(param), list, value);
            free(list);
            return msg;
        }
        int old = *(int *)t;
        *(int *)t = (int)value;
        if (scenario_param_changed(s, param, &msg) != 0)
            *(int *)t = old;
        return msg;
    }
    /* The text of the value is only needed for a message: Monte Carlo sets
       values a million times. */
    if (!quantity_valid(value / param->scale, param->flags)) {
        char text[64];
        snprintf(text, sizeof text, "%.15g", value / param->scale);
        if (quantity_check(value / param->scale, param->flags, params_key(param), text, &msg) != 0)
            return msg;
    }
    double old = *(double *)t;
    *(double *)t = value;
    if (scenario_param_changed(s, param, &msg) != 0)
        *(double *)t = old;
    return msg;
}

int params_set(struct scenario *s, struct param *param, double value, int line, int col,
               struct diag *d)
{
    if (line == PARAMS_KEEP_POSITION) {
        line = param->line;
        col = param->col;
    }
    char *msg = set_value(s, param, value);
    if (!msg) {
        param->line = line;
        param->col = col;
        return 0;
    }
    /* Where the value came from: a line of the file, or the command line. */
    if (line > 0)
        diag_set(d, s->file, s->src, s->srclen, line, col, "%s", msg);
    else
        diag_plain(d, "--set %s: %s", param->path, msg);
    free(msg);
    return -1;
}

int params_set_name(struct scenario *s, struct param *param, const char *name, int line, int col,
                    struct diag *d)
{
    if (line == PARAMS_KEEP_POSITION) {
        line = param->line;
        col = param->col;
    }
    /* The table may grow (a model with a hosting price): keep the path, not the pointer. */
    char *path = xstrdup(param->path);
    char *msg = NULL;
    int rc = 0;
    if (scenario_set_name(s, param, name, &msg) != 0) {
        if (line > 0)
            diag_set(d, s->file, s->src, s->srclen, line, col, "%s", msg);
        else
            diag_plain(d, "--set %s: %s", path, msg);
        rc = -1;
    } else {
        param = params_find(&s->params, path);
        param->line = line;
        param->col = col;
    }
    free(msg);
    free(path);
    return rc;
}

int params_check_name(const struct scenario *s, const struct param *param, const char *name,
                      char **message)
{
    return scenario_check_name(s, param, name, message);
}

const char *params_get_name(const struct scenario *s, const struct param *param)
{
    return scenario_name_of(s, param);
}

int params_set_text(struct scenario *s, const char *assignment, const char *origin, struct diag *d)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        diag_plain(d, "%s '%s': expected PATH=VALUE, such as 'backends.maap.count=3'", origin,
                   assignment);
        return -1;
    }
    char *path = xstrndup(assignment, (size_t)(eq - assignment));
    struct param *param = params_find(&s->params, path);
    char *msg = NULL;
    int rc = -1;
    if (!param) {
        msg = params_unknown(&s->params, path);
        diag_plain(d, "%s: %s", origin, msg);
        goto out;
    }
    if (param->type == PARAM_NAME) {
        char *why = NULL;
        if (scenario_set_name(s, param, eq + 1, &why) != 0) {
            diag_plain(d, "%s %s: %s", origin, path, why);
            free(why);
            goto out;
        }
        param = params_find(&s->params, path);
        param->line = param->col = 0;
        rc = 0;
        goto out;
    }
    double v;
    int off;
    if (params_parse(param, eq + 1, &v, &msg, &off) != 0 || (msg = set_value(s, param, v))) {
        diag_plain(d, "%s %s: %s", origin, path, msg);
        goto out;
    }
    /* From now on the value comes from the command line, not from its line in the file. */
    param->line = param->col = 0;
    rc = 0;
out:
    free(msg);
    free(path);
    return rc;
}

int params_set_assignment(struct params *p, const char *assignment, const char *origin,
                          struct diag *d)
{
    /* A table is always the `params` member of its scenario (params.h). */
    struct scenario *s = (struct scenario *)(void *)((char *)p - offsetof(struct scenario, params));
    return params_set_text(s, assignment, origin, d);
}
