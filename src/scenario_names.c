/*
 * scenario_names: name parameters (params.h), the names a what-if may
 * change: a model or an instance taken from the catalogues (a backend's, an
 * option's, the evaluation's), the comparison's baseline and candidate, and
 * labels (the teacher, the student).  A new model or instance is looked up
 * with price_resolve, the one look-up the loader uses too, and its price
 * copied in as the loader would have copied it, its numbers recorded under
 * the parameter's path so that --set and sweeps can change them.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "price_resolve.h"
#include "scenario.h"
#include "util.h"

const char *scenario_name_of(const struct scenario *s, const struct param *param)
{
    void *t = params_target((struct scenario *)s, param);
    switch (param->name_kind) {
    case PARAM_NAME_MODEL:
        return ((const struct model_price *)t)->name;
    case PARAM_NAME_INSTANCE:
        return ((const struct instance_price *)t)->name;
    case PARAM_NAME_OPTION:
        return s->inference.options[*(const size_t *)t].name;
    case PARAM_NAME_TEXT:
        return *(char *const *)t;
    }
    return NULL;
}

/* The option named `name`: 0 and *index, or -1 with *message listing the options. */
static int find_option(const struct scenario *s, const struct param *param, const char *name,
                       size_t *index, char **message)
{
    const struct inference *inf = &s->inference;
    for (size_t i = 0; i < inf->noptions; i++)
        if (strcmp(inf->options[i].name, name) == 0) {
            *index = i;
            return 0;
        }
    struct strbuf known = STRBUF_INIT;
    for (size_t k = 0; k < inf->noptions; k++)
        strbuf_printf(&known, "%s'%s'", k ? ", " : "", inf->options[k].name);
    *message =
        xasprintf("'%s' names no option: '%s' (options: %s)", params_key(param), name, known.buf);
    strbuf_release(&known);
    return -1;
}

/*
 * The instance named `name`, in the region the current one is priced in
 * when the new one is priced there too, else in its own entry's region.
 */
static int find_instance(const struct scenario *s, const struct instance_price *now,
                         const char *name, const struct instance_price **out, char **message)
{
    enum price_region_problem problem;
    if (now->region &&
        price_resolve_instance(&s->pricing, name, now->region, out, message, &problem) == 0)
        return 0;
    if (now->region) {
        free(*message);
        *message = NULL;
    }
    if (price_resolve_instance(&s->pricing, name, NULL, out, message, &problem) == 0)
        return 0;
    if (problem == PRICE_REGION_NEEDED) {
        char *m = xasprintf("%s; give 'region' on the backend in the scenario", *message);
        free(*message);
        *message = m;
    }
    return -1;
}

int scenario_check_name(const struct scenario *s, const struct param *param, const char *name,
                        char **message)
{
    if (!*name) {
        *message = xasprintf("'%s' needs a %s, got nothing", params_key(param),
                             params_name_kind_text(param->name_kind));
        return -1;
    }
    void *t = params_target((struct scenario *)s, param);
    const struct model_price *m;
    const struct instance_price *inst;
    size_t index;
    switch (param->name_kind) {
    case PARAM_NAME_MODEL:
        return price_resolve_model(&s->pricing, name, &m, message);
    case PARAM_NAME_INSTANCE:
        return find_instance(s, t, name, &inst, message);
    case PARAM_NAME_OPTION:
        return find_option(s, param, name, &index, message);
    case PARAM_NAME_TEXT:
        return 0;
    }
    return 0;
}

/*
 * Records the price numbers of the record at `at` (a model's or an
 * instance's) under path: those it has now.  A path recorded before keeps
 * its entry (it points at the same place).
 */
static void record_keys(struct scenario *s, const char *path, struct param_ref at,
                        const struct price_key *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *kp = xasprintf("%s.%s", path, keys[i].key);
        struct param_ref ref = at;
        ref.offset += keys[i].offset;
        params_add_at(&s->params, kp, ref, 1.0, QK_NUMBER, 0, 0, 0);
        free(kp);
    }
}

int scenario_set_name(struct scenario *s, const struct param *param, const char *name,
                      char **message)
{
    if (scenario_check_name(s, param, name, message) != 0)
        return -1;
    /* The table may grow below: keep what is needed of param. */
    char *path = xstrdup(param->path);
    struct param_ref at = param->at;
    enum param_name_kind kind = param->name_kind;
    void *t = params_target(s, param);
    struct price_key keys[PRICE_MAX_KEYS];
    switch (kind) {
    case PARAM_NAME_MODEL: {
        const struct model_price *m = NULL;
        price_resolve_model(&s->pricing, name, &m, message);
        struct model_price *now = t, fresh;
        model_price_copy(&fresh, m);
        model_price_release(now);
        *now = fresh;
        record_keys(s, path, at, keys, price_model_keys(now, keys));
        break;
    }
    case PARAM_NAME_INSTANCE: {
        const struct instance_price *m = NULL;
        struct instance_price *now = t, fresh;
        find_instance(s, now, name, &m, message);
        instance_price_copy(&fresh, m);
        instance_price_release(now);
        *now = fresh;
        record_keys(s, path, at, keys, price_instance_keys(now, keys));
        break;
    }
    case PARAM_NAME_OPTION:
        find_option(s, param, name, (size_t *)t, message);
        break;
    case PARAM_NAME_TEXT:
        free(*(char **)t);
        *(char **)t = xstrdup(name);
        break;
    }
    free(path);
    return 0;
}
