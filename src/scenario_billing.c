/*
 * scenario_billing: how backends and inference options are billed beyond
 * their price records (docs/catalogues.md): the loader's readers for
 * `spot` (a backend's, or an option's on an `instance`), `cache: {hit}` and
 * the keys of a batch backend, and the checks
 * that span a price and the requests it serves (run again after --set and
 * variants): a request over a model's context, a batch with no batch price
 * and no discount, spot without a spot price, a batch whose limits cannot
 * hold the job.  Never prints.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"
#include "loader.h"
#include "util.h"

const char *const loader_spot_choices[] = {"false", "true", NULL};

int billing_per_token(struct loader *L, yaml_node_t *map, const void *owner)
{
    (void)L;
    (void)map;
    return ((const struct deployment *)owner)->type != DEPLOY_DEDICATED;
}

int billing_not_batch(struct loader *L, yaml_node_t *map, const void *owner)
{
    (void)L;
    (void)map;
    return ((const struct deployment *)owner)->type != DEPLOY_BATCH;
}

int billing_spot_applies(struct loader *L, yaml_node_t *map, const void *owner)
{
    const struct deployment *b = owner;
    return b->type == DEPLOY_DEDICATED &&
           (b->instance.has_spot || yamldoc_get(&L->y, map, "spot") != NULL);
}

int billing_option_spot_applies(struct loader *L, yaml_node_t *map, const void *owner)
{
    const struct deployment *o = owner;
    return o->has_instance && (o->instance.has_spot || yamldoc_get(&L->y, map, "spot") != NULL);
}

int billing_check_option_keys(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                              const char *path, const struct field *f)
{
    (void)node;
    (void)path;
    (void)f;
    const struct deployment *o = owner;
    yaml_node_t *spot = yamldoc_get(&L->y, map, "spot");
    if (spot && !o->has_instance)
        return yamldoc_error(&L->y, spot,
                             "'spot' is for options on machines of their own ('instance'); '%s' "
                             "is a managed endpoint ('model')",
                             o->name);
    return 0;
}

static const char *const batch_keys[] = {"window", "turnaround", "discount", NULL};
static const char *const batch_limit_keys[] = {"requests_per_batch", "tokens_per_batch",
                                               "batches_in_flight", NULL};
static const char *const stream_limit_keys[] = {"tpm", "rpm", "concurrency", NULL};

/* The first of keys that map has, or NULL. */
static yaml_node_t *first_key(struct loader *L, yaml_node_t *map, const char *const *keys,
                              const char **which)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (int i = 0; keys[i]; i++) {
        yaml_node_t *k = yamldoc_get(&L->y, map, keys[i]);
        if (k) {
            *which = keys[i];
            return k;
        }
    }
    return NULL;
}

int billing_check_keys(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                       const char *path, const struct field *f)
{
    (void)node;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    const struct deployment *b = owner;
    const char *type = deploy_type_name(b->type), *key = NULL;
    yaml_node_t *limits = yamldoc_get(y, map, "limits"), *k;
    if (b->type != DEPLOY_DEDICATED) {
        static const char *const dedicated[] = {"region", "spot", NULL};
        if ((k = first_key(L, map, dedicated, &key)))
            return yamldoc_error(y, k,
                                 "'%s' is for dedicated backends; '%s' is %s (billed per token)",
                                 key, b->name, type);
    } else if ((k = yamldoc_get(y, map, "cache"))) {
        return yamldoc_error(y, k,
                             "'cache' prices cache hits of a model billed per token; '%s' is "
                             "dedicated (billed per instance-hour)",
                             b->name);
    }
    if (b->type != DEPLOY_BATCH) {
        if ((k = first_key(L, map, batch_keys, &key)) ||
            (k = first_key(L, limits, batch_limit_keys, &key)))
            return yamldoc_error(y, k, "'%s' is for batch backends ('type: batch'); '%s' is %s",
                                 key, b->name, type);
        return 0;
    }
    if ((k = yamldoc_get(y, map, "throughput")))
        return yamldoc_error(y, k,
                             "'throughput' is not for batch backends: '%s' returns its requests "
                             "one 'turnaround' after they are sent",
                             b->name);
    if ((k = first_key(L, limits, stream_limit_keys, &key)))
        return yamldoc_error(y, k,
                             "'%s' limits an endpoint that streams; a batch API has "
                             "'requests_per_batch', 'tokens_per_batch' and 'batches_in_flight'",
                             key);
    return 0;
}

static const struct field cache_fields[] = {
    {.key = "hit",
     .kind = FIELD_QUANTITY,
     .qkind = QK_FRACTION,
     .flags = QF_AT_MOST_ONE,
     .offset = offsetof(struct deployment, billing.cache_hit)},
};

int billing_read_cache(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                       const char *path, const struct field *f)
{
    char *cp = loader_join(path, f->key);
    int rc = node ? loader_read_map(L, node, cp, cache_fields, FIELDS_COUNT(cache_fields), owner)
                  : loader_read_fields(L, map, cp, cache_fields, FIELDS_COUNT(cache_fields), owner);
    free(cp);
    return rc;
}

/* ---- checks ---- */

/* An error at the place parameter `path` was written (or the --set that set it). */
static int error_at(const struct scenario *s, struct diag *d, const char *path, const char *msg)
{
    return scenario_error_at(s, path, d, "%s", msg);
}

static int error_atf(const struct scenario *s, struct diag *d, const char *fmt_path,
                     const char *name, char *msg)
{
    char *path = xasprintf(fmt_path, name);
    error_at(s, d, path, msg);
    free(path);
    free(msg);
    return -1;
}

/* One kind of request, and how many of them to one of the first kind. */
struct call {
    double input, output, weight;
};

/* The generation's calls: with a dataset, question and answer calls; else the mean request. */
static size_t generation_calls(const struct generation *g, struct call *calls)
{
    if (!g->has_dataset) {
        double requests = g->requests > 0 ? g->requests : g->examples;
        calls[0] = (struct call){g->input_tokens / requests, g->output_tokens / requests, 1};
        return 1;
    }
    const struct dataset *ds = &g->dataset;
    calls[0] = (struct call){ds->question_prompt_tokens + ds->chunk_tokens,
                             ds->questions_per_chunk * ds->question_tokens, 1};
    calls[1] = (struct call){ds->answer_prompt_tokens + ds->chunk_tokens + ds->question_tokens,
                             ds->answer_tokens, ds->questions_per_chunk};
    return 2;
}

/* A request of these sizes to m must fit its context; `at` is the path to point at. */
static int check_request(const struct scenario *s, struct diag *d, const struct model_price *m,
                         double input, double output, const char *at)
{
    /* Without the deployment: a missing batch price is check_batch's, with its own place. */
    enum price_status st = billing_check_request(m, NULL, input, output);
    if (st == PRICE_OK)
        return 0;
    struct price_request r = billing_request(NULL, input, output);
    char *msg = price_status_message(st, m, &r);
    error_at(s, d, at, msg);
    free(msg);
    return -1;
}

static int in_generation(const struct scenario *s, size_t backend)
{
    for (size_t i = 0; i < s->generation.nbackends; i++)
        if (s->generation.backends[i] == backend)
            return 1;
    return 0;
}

static int check_batch(const struct scenario *s, struct diag *d, const struct deployment *b,
                       const struct call *mean)
{
    const struct deploy_billing *bb = &b->billing;
    struct bill bill;
    if (billing_tokens(&b->model, b, mean->input, mean->output, &bill) == PRICE_NO_BATCH_PRICE)
        return error_atf(s, d, "backends.%s.discount", b->name,
                         xasprintf("'%s' has no batch price in its catalogue: give the batch API's "
                                   "'discount' on backend '%s' (such as 50%%)",
                                   b->model.name ? b->model.name : "the inline model", b->name));
    if (bb->turnaround_s > bb->window_s)
        return error_atf(s, d, "backends.%s.turnaround", b->name,
                         xasprintf("the 'turnaround' of '%s' is longer than its 'window' (the "
                                   "time the provider promises)",
                                   b->name));
    if (!s->generation.present)
        return 0;
    if (batch_requests_per_batch(b, mean->input) < 1)
        return error_atf(s, d, "backends.%s.limits.tokens_per_batch", b->name,
                         xasprintf("a request of %.0f input tokens does not fit a batch of %.0f "
                                   "tokens ('tokens_per_batch' of '%s')",
                                   mean->input, bb->tokens_per_batch, b->name));
    double requests;
    if (s->generation.has_dataset) {
        const struct dataset *ds = &s->generation.dataset;
        double corpus =
            ds->corpus_tokens > 0 ? ds->corpus_tokens : ds->documents * ds->document_tokens;
        requests = ceil(corpus / ds->chunk_tokens) * (1 + ds->questions_per_chunk);
    } else {
        requests = s->generation.requests > 0 ? s->generation.requests : s->generation.examples;
    }
    double waves = batch_waves(b, requests, mean->input);
    if (waves > BATCH_MAX_WAVES)
        return error_atf(s, d, "backends.%s.limits.requests_per_batch", b->name,
                         xasprintf("'%s' would take %.0f waves of batches for the job (at most "
                                   "%d): raise its batch limits",
                                   b->name, waves, BATCH_MAX_WAVES));
    return 0;
}

/*
 * A serverless backend with neither a throughput nor a tpm or rpm limit
 * (which would give it one): at the limit that was lifted to 0, else at its
 * type (switched from batch by --set).
 */
static int no_throughput(const struct scenario *s, struct diag *d, const struct deployment *b)
{
    static const char *const limits[] = {"tpm", "rpm"};
    for (int k = 0; k < 2; k++) {
        char *path = xasprintf("backends.%s.limits.%s", b->name, limits[k]);
        const struct param *p = params_find(&s->params, path);
        if (p && (p->given || p->line == 0)) {
            char *msg = xasprintf("backend '%s' has no throughput: give 'throughput', "
                                  "'stream', or a 'tpm' or 'rpm' limit above 0 that gives it",
                                  b->name);
            error_at(s, d, path, msg);
            free(msg);
            free(path);
            return -1;
        }
        free(path);
    }
    return error_atf(s, d, "backends.%s.type", b->name,
                     xasprintf("backend '%s' cannot be serverless: it has no 'throughput' or "
                               "'stream', nor a 'tpm' or 'rpm' limit that gives it",
                               b->name));
}

static int check_backend(const struct scenario *s, struct diag *d, size_t i)
{
    const struct deployment *b = &s->backends[i];
    if (b->type == DEPLOY_DEDICATED) {
        if (b->billing.spot && !b->instance.has_spot)
            return error_atf(s, d, "backends.%s.spot", b->name,
                             instance_status_message(PRICE_NO_SPOT_PRICE, &b->instance));
    } else if (!b->has_model) {
        /* A dedicated backend switched by --set (serverless is params.c's check). */
        return error_atf(s, d, "backends.%s.type", b->name,
                         xasprintf("backend '%s' cannot be %s: it has no 'model' (the model whose "
                                   "per-token prices it pays)",
                                   b->name, deploy_type_name(b->type)));
    } else if (b->type == DEPLOY_SERVERLESS && !b->curve && !(b->throughput_tok_s > 0) &&
               !(b->sim.stream_tok_s > 0) && !(b->tpm > 0) && !(b->rpm > 0)) {
        return no_throughput(s, d, b);
    }
    if (b->type == DEPLOY_DEDICATED || !s->generation.present || !in_generation(s, i))
        return 0;
    struct call calls[2], mean = {0, 0, 0};
    size_t n = generation_calls(&s->generation, calls);
    char *at = xasprintf("backends.%s.model.input_per_1k", b->name);
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++) {
        rc = check_request(s, d, &b->model, calls[k].input, calls[k].output, at);
        mean.input += calls[k].input * calls[k].weight;
        mean.output += calls[k].output * calls[k].weight;
        mean.weight += calls[k].weight;
    }
    free(at);
    if (rc)
        return -1;
    mean.input /= mean.weight;
    mean.output /= mean.weight;
    return b->type == DEPLOY_BATCH ? check_batch(s, d, b, &mean) : 0;
}

int scenario_check_billing(const struct scenario *s, struct diag *d)
{
    for (size_t i = 0; i < s->nbackends; i++)
        if (check_backend(s, d, i))
            return -1;
    const struct inference *inf = &s->inference;
    for (size_t i = 0; inf->present && i < inf->noptions; i++) {
        const struct deployment *o = &inf->options[i];
        if (o->has_instance && o->billing.spot && !o->instance.has_spot)
            return error_atf(s, d, "inference.options.%s.spot", o->name,
                             instance_status_message(PRICE_NO_SPOT_PRICE, &o->instance));
        char *at = xasprintf("inference.options.%s.model.input_per_1k", inf->options[i].name);
        int rc =
            check_request(s, d, &inf->options[i].model, inf->input_tokens, inf->output_tokens, at);
        free(at);
        if (rc)
            return -1;
    }
    const struct evaluation *e = &s->evaluation;
    for (size_t i = 0; e->present && i < e->nmodels; i++) {
        char *at = xasprintf("evaluation.models.%zu.input_per_1k", i + 1);
        int rc =
            check_request(s, d, &e->models[i], e->answer_input_tokens, e->answer_output_tokens, at);
        free(at);
        if (rc)
            return -1;
    }
    if (e->present && e->has_judge &&
        check_request(s, d, &e->judge, e->judge_input_tokens, e->judge_output_tokens,
                      "evaluation.judge.input_per_1k"))
        return -1;
    return 0;
}
