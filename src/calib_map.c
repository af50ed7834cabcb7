/*
 * calib_map: see calib_map.h for the rules.
 */
#include "calib_map.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static int is_alnum(char c)
{
    return isalnum((unsigned char)c);
}

int calib_map_word_in(const char *text, const char *word)
{
    size_t n = strlen(word);
    if (n == 0)
        return 0;
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, word, n) != 0)
            continue;
        if (p > text && is_alnum(p[-1]))
            continue;
        const char *after = p + n;
        while (isdigit((unsigned char)*after))
            after++;
        if (!is_alnum(*after))
            return 1;
    }
    return 0;
}

/* The generation backend whose name is in text by rule 2, or CALIB_NO_BACKEND. */
static size_t backend_in(const struct scenario *s, const char *text)
{
    if (!text)
        return CALIB_NO_BACKEND;
    size_t best = CALIB_NO_BACKEND, best_len = 0;
    int tie = 0;
    for (size_t k = 0; k < s->generation.nbackends; k++) {
        size_t b = s->generation.backends[k];
        const char *name = s->backends[b].name;
        if (!calib_map_word_in(text, name))
            continue;
        size_t len = strlen(name);
        if (len > best_len) {
            best = b;
            best_len = len;
            tie = 0;
        } else if (len == best_len) {
            tie = 1;
        }
    }
    return tie ? CALIB_NO_BACKEND : best;
}

/* The generation backend called name, or CALIB_NO_BACKEND. */
static size_t generation_backend(const struct scenario *s, const char *name)
{
    for (size_t k = 0; k < s->generation.nbackends; k++) {
        size_t b = s->generation.backends[k];
        if (strcmp(s->backends[b].name, name) == 0)
            return b;
    }
    return CALIB_NO_BACKEND;
}

static char *backend_list(const struct scenario *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < s->generation.nbackends; k++)
        strbuf_printf(&sb, "%s'%s'", k ? ", " : "", s->backends[s->generation.backends[k]].name);
    return strbuf_detach(&sb);
}

int calib_map_build(const struct scenario *s, const struct usage_log *log, const char *const *rules,
                    size_t nrules, struct calib_map *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    /* The rules first: each must name a backend. */
    char **patterns = xcalloc(nrules ? nrules : 1, sizeof *patterns);
    size_t *targets = xcalloc(nrules ? nrules : 1, sizeof *targets);
    size_t *used = xcalloc(nrules ? nrules : 1, sizeof *used);
    int rc = -1;
    for (size_t i = 0; i < nrules; i++) {
        const char *eq = strrchr(rules[i], '=');
        if (!eq || eq == rules[i] || !eq[1]) {
            diag_plain(d, "--map '%s': expected DEPLOYMENT=BACKEND, such as 'http://maap-*=maap'",
                       rules[i]);
            goto out;
        }
        patterns[i] = xstrndup(rules[i], (size_t)(eq - rules[i]));
        targets[i] = generation_backend(s, eq + 1);
        if (targets[i] == CALIB_NO_BACKEND) {
            char *list = backend_list(s);
            diag_plain(d, "--map '%s': '%s' is not a generation backend of the scenario (%s)",
                       rules[i], eq + 1, *list ? list : "it has none");
            free(list);
            goto out;
        }
    }

    /* The deployments of completion calls, in order of first appearance. */
    size_t *slot = xmalloc((log->nstrings ? log->nstrings : 1) * sizeof *slot);
    for (size_t i = 0; i < log->nstrings; i++)
        slot[i] = SIZE_MAX;
    out->items = xcalloc(log->nstrings ? log->nstrings : 1, sizeof *out->items);
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (r->kind == USAGE_KIND_OTHER || r->deployment == USAGE_NONE ||
            slot[r->deployment] != SIZE_MAX)
            continue;
        slot[r->deployment] = out->n;
        struct calib_map_entry *e = &out->items[out->n++];
        e->deployment = usage_log_str(log, r->deployment);
        e->ref = r->deployment;
        e->backend = CALIB_NO_BACKEND;
        for (size_t k = 0; k < nrules && e->backend == CALIB_NO_BACKEND; k++)
            if (fnmatch(patterns[k], e->deployment, 0) == 0) {
                e->backend = targets[k];
                e->why = CALIB_MATCH_OPTION;
                e->rule = k;
                used[k]++;
            }
        if (e->backend == CALIB_NO_BACKEND &&
            (e->backend = backend_in(s, e->deployment)) != CALIB_NO_BACKEND)
            e->why = CALIB_MATCH_NAME;
        if (e->backend == CALIB_NO_BACKEND) {
            e->backend = backend_in(s, usage_log_str(log, r->model));
            if (e->backend == CALIB_NO_BACKEND)
                e->backend = backend_in(s, usage_log_str(log, r->model_group));
            if (e->backend != CALIB_NO_BACKEND)
                e->why = CALIB_MATCH_MODEL;
        }
        if (e->backend == CALIB_NO_BACKEND && s->generation.nbackends == 1) {
            e->backend = s->generation.backends[0];
            e->why = CALIB_MATCH_ONLY;
        }
        out->unmatched += e->backend == CALIB_NO_BACKEND;
    }
    free(slot);
    for (size_t k = 0; k < nrules; k++)
        if (!used[k]) {
            struct strbuf names = STRBUF_INIT;
            for (size_t i = 0; i < out->n && i < 5; i++)
                strbuf_printf(&names, "%s'%s'", i ? ", " : "", out->items[i].deployment);
            if (out->n > 5)
                strbuf_printf(&names, " and %zu more", out->n - 5);
            diag_plain(d, "--map '%s': no deployment of the log matches '%s' (the log has %s)",
                       rules[k], patterns[k], out->n ? names.buf : "none");
            strbuf_release(&names);
            calib_map_release(out);
            goto out;
        }
    rc = 0;
out:
    for (size_t i = 0; i < nrules; i++)
        free(patterns[i]);
    free(patterns);
    free(targets);
    free(used);
    return rc;
}

void calib_map_release(struct calib_map *map)
{
    if (!map)
        return;
    free(map->items);
    memset(map, 0, sizeof *map);
}

const struct calib_map_entry *calib_map_find(const struct calib_map *map, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->items[i].deployment, name) == 0)
            return &map->items[i];
    return NULL;
}

const char *calib_match_name(enum calib_match why)
{
    switch (why) {
    case CALIB_MATCH_OPTION:
        return "--map";
    case CALIB_MATCH_NAME:
        return "name";
    case CALIB_MATCH_MODEL:
        return "model";
    case CALIB_MATCH_ONLY:
        return "the only backend";
    case CALIB_MATCH_NONE:
        break;
    }
    return "unmatched";
}
