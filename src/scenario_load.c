/*
 * scenario_load: the mappings of the scenario format as key tables
 * (loader.h), and scenario_load, which reads them.  Each table lists a
 * mapping's keys in the order of its allowed-keys list; a row's `order` says
 * when it is read where that differs, so that of several errors in one file
 * the same one is reported as always.  Readers of their own are there for
 * what a row cannot say: keys that exclude each other, lists, names.
 * Catalogue prices a scenario uses are copied into it and recorded under the
 * path where they are used (loader.c).  The loader never prints.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"
#include "pricing_yaml.h"
#include "scenario_calib.h"
#include "util.h"

static const char *const routings[] = {"capacity", "equal", NULL};
static const char *const methods[] = {"lora", "full", NULL};

/* Rows that read a quantity into a double member of T. */
#define NUMBER(k, T, member, q, fl, dflt)                                                          \
    {                                                                                              \
        .key = k, .kind = FIELD_QUANTITY, .qkind = q, .flags = fl, .def = dflt,                    \
        .offset = offsetof(T, member)                                                              \
    }
#define NUMBER_REQUIRED(k, T, member, q, fl)                                                       \
    {                                                                                              \
        .key = k, .kind = FIELD_QUANTITY, .qkind = q, .flags = fl, .required = 1,                  \
        .offset = offsetof(T, member)                                                              \
    }

/* Flags of counts that may be 0 (WHOLE) or not (COUNT). */
#define WHOLE QF_INTEGER
#define COUNT (QF_INTEGER | QF_POSITIVE)

/* ---- generation.dataset ---- */

static int corpus_given(struct loader *L, yaml_node_t *map, const void *owner)
{
    (void)owner;
    return yamldoc_get(&L->y, map, "corpus_tokens") != NULL;
}

static int corpus_from_documents(struct loader *L, yaml_node_t *map, const void *owner)
{
    return !corpus_given(L, map, owner);
}

static int check_corpus(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                        const char *path, const struct field *f)
{
    (void)node;
    (void)owner;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    yaml_node_t *corpus = yamldoc_get(y, map, "corpus_tokens");
    yaml_node_t *docs = yamldoc_get(y, map, "documents");
    yaml_node_t *doc_tokens = yamldoc_get(y, map, "document_tokens");
    if (corpus && (docs || doc_tokens))
        return yamldoc_error(
            y, docs ? docs : doc_tokens,
            "give 'corpus_tokens' or 'documents' with 'document_tokens', not both");
    if (!corpus && !(docs && doc_tokens))
        return yamldoc_error(y,
                             docs         ? docs
                             : doc_tokens ? doc_tokens
                                          : map,
                             "'generation.dataset' needs 'corpus_tokens', or 'documents' with "
                             "'document_tokens'");
    return 0;
}

/*
 * The corpus and the RAFT recipe's settings.  The defaults are those of the
 * public RAFT generator (raft.py: 5 questions a chunk, 3 distractors,
 * 512-character chunks, about 128 tokens) and measured sizes of its Llama
 * prompt templates and outputs.
 */
static const struct field dataset_fields[] = {
    {.key = "corpus_tokens",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .required = 1,
     .offset = offsetof(struct dataset, corpus_tokens),
     .when = corpus_given},
    {.key = "documents",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .required = 1,
     .offset = offsetof(struct dataset, documents),
     .when = corpus_from_documents},
    {.key = "document_tokens",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_POSITIVE,
     .required = 1,
     .offset = offsetof(struct dataset, document_tokens),
     .when = corpus_from_documents},
    NUMBER("chunk_tokens", struct dataset, chunk_tokens, QK_NUMBER, COUNT, 128),
    NUMBER("questions_per_chunk", struct dataset, questions_per_chunk, QK_NUMBER, COUNT, 5),
    NUMBER("distractors", struct dataset, distractors, QK_NUMBER, WHOLE, 3),
    NUMBER("question_prompt_tokens", struct dataset, question_prompt_tokens, QK_NUMBER, WHOLE, 190),
    NUMBER("answer_prompt_tokens", struct dataset, answer_prompt_tokens, QK_NUMBER, WHOLE, 470),
    NUMBER("question_tokens", struct dataset, question_tokens, QK_NUMBER, COUNT, 12),
    NUMBER("answer_tokens", struct dataset, answer_tokens, QK_NUMBER, COUNT, 190),
    NUMBER("keep", struct dataset, keep, QK_FRACTION, QF_POSITIVE | QF_AT_MOST_ONE, 1.0),
    NUMBER("example_overhead_tokens", struct dataset, example_overhead_tokens, QK_NUMBER, WHOLE, 0),
    NUMBER("max_examples", struct dataset, max_examples, QK_NUMBER, WHOLE, 0), /* 0: no limit */
    {.kind = FIELD_CHECK, .order = -1, .read = check_corpus},
};

/* ---- generation ---- */

static int without_dataset(struct loader *L, yaml_node_t *map, const void *owner)
{
    (void)owner;
    return yamldoc_get(&L->y, map, "dataset") == NULL;
}

static int read_dataset(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                        const char *path, const struct field *f)
{
    struct generation *g = owner;
    /* The volume derives from the dataset: giving it too would contradict. */
    static const char *const derived[] = {"tokens", "examples", "requests", NULL};
    for (int i = 0; derived[i]; i++) {
        yaml_node_t *k = yamldoc_get(&L->y, map, derived[i]);
        if (k)
            return yamldoc_error(&L->y, k,
                                 "'%s' is derived from 'dataset': give one or the "
                                 "other",
                                 derived[i]);
    }
    g->has_dataset = 1;
    char *dp = loader_join(path, f->key);
    int rc =
        loader_read_map(L, node, dp, dataset_fields, FIELDS_COUNT(dataset_fields), &g->dataset);
    free(dp);
    return rc;
}

static const struct field job_token_fields[] = {
    NUMBER_REQUIRED("input", struct generation, input_tokens, QK_NUMBER, 0),
    NUMBER_REQUIRED("output", struct generation, output_tokens, QK_NUMBER, QF_POSITIVE),
};

static int read_job_tokens(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                           const char *path, const struct field *f)
{
    if (!node)
        return yamldoc_error_in(&L->y, map,
                                "missing 'tokens' in 'generation' (totals for the job, "
                                "such as '{input: 10M, output: 3.7M}'), or a 'dataset'");
    char *tp = loader_join(path, f->key);
    int rc = loader_read_map(L, node, tp, job_token_fields, FIELDS_COUNT(job_token_fields), owner);
    free(tp);
    return rc;
}

/* `backends: [a, b]`, each name once; without it, every backend in file order. */
static int read_generation_backends(struct loader *L, yaml_node_t *map, yaml_node_t *list,
                                    void *owner, const char *path, const struct field *f)
{
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    struct scenario *s = L->s;
    struct generation *g = owner;
    if (!list) {
        if (s->nbackends == 0)
            return yamldoc_error(y, map,
                                 "'generation' needs a backend: define one under "
                                 "'backends'");
        g->nbackends = s->nbackends;
        g->backends = xmalloc(g->nbackends * sizeof *g->backends);
        for (size_t i = 0; i < g->nbackends; i++)
            g->backends[i] = i;
        return 0;
    }
    if (list->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, list,
                             "'generation.backends' must be a list of backend names, got "
                             "%s",
                             yamldoc_type_name(list));
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (n == 0)
        return yamldoc_error(y, list, "'generation.backends' is empty: name at least one backend");
    g->backends = xmalloc(n * sizeof *g->backends);
    /* Which backends are listed already, so that each name costs the same. */
    char *listed = xcalloc(s->nbackends ? s->nbackends : 1, 1);
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yamldoc_node(y, list->data.sequence.items.start[i]);
        const char *name = yamldoc_string(y, item, "a backend name");
        if (!name)
            goto out;
        size_t idx;
        if (!strmap_get(&L->backend_index, name, &idx)) {
            struct strbuf known = STRBUF_INIT;
            for (size_t k = 0; k < s->nbackends && k < 10; k++)
                strbuf_printf(&known, "%s'%s'", k ? ", " : "", s->backends[k].name);
            if (s->nbackends > 10)
                strbuf_printf(&known, " and %zu more", s->nbackends - 10);
            yamldoc_error(y, item, "unknown backend '%s' (defined: %s)", name,
                          known.len ? known.buf : "none");
            strbuf_release(&known);
            goto out;
        }
        if (listed[idx]) {
            yamldoc_error(y, item, "backend '%s' is listed twice", name);
            goto out;
        }
        listed[idx] = 1;
        g->backends[g->nbackends++] = idx;
    }
    rc = 0;
out:
    free(listed);
    return rc;
}

/*
 * Read in this order: the teacher, the volume (a dataset, or examples and
 * requests), the token totals, routing and deadline, the backends.
 */
static const struct field generation_fields[] = {
    {.key = "teacher", .kind = FIELD_STRING, .offset = offsetof(struct generation, teacher)},
    {.key = "examples",
     .kind = FIELD_QUANTITY,
     .order = 1,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .required = 1,
     .offset = offsetof(struct generation, examples),
     .when = without_dataset},
    {.key = "tokens",
     .kind = FIELD_CUSTOM,
     .order = 2,
     .missing_too = 1,
     .read = read_job_tokens,
     .when = without_dataset},
    {.key = "requests",
     .kind = FIELD_QUANTITY,
     .order = 1,
     .qkind = QK_NUMBER,
     .flags = QF_INTEGER | QF_POSITIVE,
     .offset = offsetof(struct generation, requests),
     .when = without_dataset},
    {.key = "backends",
     .kind = FIELD_CUSTOM,
     .order = 4,
     .missing_too = 1,
     .read = read_generation_backends},
    {.key = "routing",
     .kind = FIELD_CHOICE,
     .order = 3,
     .choices = routings,
     .offset = offsetof(struct generation, routing)},
    {.key = "dataset", .kind = FIELD_CUSTOM, .order = 1, .read = read_dataset},
    {.key = "deadline",
     .kind = FIELD_QUANTITY,
     .order = 3,
     .qkind = QK_DURATION,
     .offset = offsetof(struct generation, deadline_s)},
};

/* ---- fine_tuning ---- */

/* Examples and their size come from generation unless given here. */
static int check_estimate(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                          const char *path, const struct field *f)
{
    (void)node;
    (void)owner;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    const struct generation *g = &L->s->generation;
    if (!g->present && !yamldoc_get(y, map, "examples"))
        return yamldoc_error_in(y, map,
                                "missing 'examples' in 'fine_tuning.estimate' (there is no "
                                "'generation' to take them from)");
    if (!g->has_dataset && !yamldoc_get(y, map, "example_tokens"))
        return yamldoc_error_in(y, map,
                                "missing 'example_tokens' in 'fine_tuning.estimate' (tokens "
                                "in one training example; 'generation.dataset' would "
                                "derive it)");
    return 0;
}

/* fine_tuning.estimate: the time of a run from FLOPs; the method is read first. */
static const struct field estimate_fields[] = {
    NUMBER_REQUIRED("parameters", struct ft_estimate, parameters, QK_NUMBER, QF_POSITIVE),
    {.key = "method",
     .kind = FIELD_CHOICE,
     .order = -1,
     .choices = methods,
     .offset = offsetof(struct ft_estimate, full)},
    NUMBER("epochs", struct ft_estimate, epochs, QK_NUMBER, QF_POSITIVE, 1),
    NUMBER("train_share", struct ft_estimate, train_share, QK_FRACTION,
           QF_POSITIVE | QF_AT_MOST_ONE, 0.8),
    NUMBER_REQUIRED("gpus", struct ft_estimate, gpus, QK_NUMBER, QF_POSITIVE | QF_INTEGER),
    NUMBER_REQUIRED("gpu_flops", struct ft_estimate, gpu_flops, QK_NUMBER, QF_POSITIVE),
    NUMBER_REQUIRED("mfu", struct ft_estimate, mfu, QK_FRACTION, QF_POSITIVE | QF_AT_MOST_ONE),
    NUMBER("overhead", struct ft_estimate, overhead_s, QK_DURATION, 0, 0),
    NUMBER("examples", struct ft_estimate, examples, QK_NUMBER, QF_POSITIVE | QF_INTEGER, 0),
    NUMBER("example_tokens", struct ft_estimate, example_tokens, QK_NUMBER, QF_POSITIVE, 0),
    {.kind = FIELD_CHECK, .order = 1, .read = check_estimate},
};

static int without_estimate(struct loader *L, yaml_node_t *map, const void *owner)
{
    (void)owner;
    return yamldoc_get(&L->y, map, "estimate") == NULL;
}

static int read_training_price(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                               const char *path, const struct field *f)
{
    (void)map;
    struct fine_tuning *ft = owner;
    char *pp = loader_join(path, f->key);
    int rc = loader_training_ref(L, node, pp, &ft->price);
    free(pp);
    return rc;
}

/* An hourly price needs the duration of a run; a per-token one its training tokens. */
static int read_run_size(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)node;
    struct fine_tuning *ft = owner;
    int hourly = !ft->price.per_token;
    if (strcmp(f->key, "duration") == 0)
        return params_read_yaml(&L->s->params, &L->y, map, path, f->key, QK_DURATION, QF_POSITIVE,
                                1.0, hourly, 0, &ft->duration_s);
    return params_read_yaml(&L->s->params, &L->y, map, path, f->key, QK_NUMBER, QF_POSITIVE, 1.0,
                            !hourly, 0, &ft->training_tokens);
}

static int read_estimate(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    struct fine_tuning *ft = owner;
    /* The estimate gives the duration and the training tokens. */
    static const char *const derived[] = {"duration", "training_tokens", NULL};
    for (int i = 0; derived[i]; i++) {
        yaml_node_t *k = yamldoc_get(&L->y, map, derived[i]);
        if (k)
            return yamldoc_error(&L->y, k,
                                 "'%s' is derived from 'estimate': give one or the "
                                 "other",
                                 derived[i]);
    }
    ft->has_estimate = 1;
    char *ep = loader_join(path, f->key);
    int rc =
        loader_read_map(L, node, ep, estimate_fields, FIELDS_COUNT(estimate_fields), &ft->estimate);
    free(ep);
    return rc;
}

/* Read in this order: student, price, the run's size (or the estimate), runs. */
static const struct field fine_tuning_fields[] = {
    {.key = "student", .kind = FIELD_STRING, .offset = offsetof(struct fine_tuning, student)},
    {.key = "price",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "a catalogue training line, or inline such as '{per_hour: 35}'",
     .read = read_training_price},
    {.key = "duration",
     .kind = FIELD_CUSTOM,
     .order = 1,
     .missing_too = 1,
     .read = read_run_size,
     .when = without_estimate},
    NUMBER("runs", struct fine_tuning, runs, QK_NUMBER, QF_INTEGER | QF_POSITIVE, 1),
    {.key = "training_tokens",
     .kind = FIELD_CUSTOM,
     .order = 1,
     .missing_too = 1,
     .read = read_run_size,
     .when = without_estimate},
    {.key = "estimate", .kind = FIELD_CUSTOM, .order = 1, .read = read_estimate},
};

/* ---- evaluation ---- */

static const struct field answer_token_fields[] = {
    NUMBER_REQUIRED("input", struct evaluation, answer_input_tokens, QK_NUMBER, 0),
    NUMBER_REQUIRED("output", struct evaluation, answer_output_tokens, QK_NUMBER, 0),
};

static const struct field judge_token_fields[] = {
    NUMBER_REQUIRED("input", struct evaluation, judge_input_tokens, QK_NUMBER, 0),
    NUMBER_REQUIRED("output", struct evaluation, judge_output_tokens, QK_NUMBER, 0),
};

/* A pair {input, output} of token counts. */
static int read_token_pair(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                           const char *path, const struct field *f)
{
    (void)map;
    int judge = strcmp(f->key, "judge_tokens") == 0;
    char *tp = loader_join(path, f->key);
    int rc = judge ? loader_read_map(L, node, tp, judge_token_fields,
                                     FIELDS_COUNT(judge_token_fields), owner)
                   : loader_read_map(L, node, tp, answer_token_fields,
                                     FIELDS_COUNT(answer_token_fields), owner);
    free(tp);
    return rc;
}

/* A share of the examples ('10%') or a count ('500'), as the file writes it. */
static int read_questions(struct loader *L, yaml_node_t *map, yaml_node_t *q, void *owner,
                          const char *path, const struct field *f)
{
    struct evaluation *e = owner;
    e->questions_is_share =
        q->type == YAML_SCALAR_NODE && strchr((const char *)q->data.scalar.value, '%') != NULL;
    if (e->questions_is_share && !L->s->generation.present)
        return yamldoc_error(&L->y, q,
                             "'questions' is a share of the examples, but there is no "
                             "'generation': give a count");
    return params_read_yaml(&L->s->params, &L->y, map, path, f->key,
                            e->questions_is_share ? QK_FRACTION : QK_NUMBER,
                            QF_POSITIVE | (e->questions_is_share ? QF_AT_MOST_ONE : QF_INTEGER),
                            1.0, 1, 0, &e->questions);
}

static int read_eval_models(struct loader *L, yaml_node_t *map, yaml_node_t *models, void *owner,
                            const char *path, const struct field *f)
{
    (void)map;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    struct evaluation *e = owner;
    if (models->type != YAML_SEQUENCE_NODE)
        return yamldoc_error(y, models, "'evaluation.models' must be a list of models, got %s",
                             yamldoc_type_name(models));
    size_t n = (size_t)(models->data.sequence.items.top - models->data.sequence.items.start);
    if (n == 0)
        return yamldoc_error(y, models, "'evaluation.models' is empty: name at least one model");
    e->models = xcalloc(n, sizeof *e->models);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yamldoc_node(y, models->data.sequence.items.start[i]);
        params_add_region(&L->s->params, PARAM_OWNER_EVAL_MODEL, i, &e->models[i],
                          sizeof e->models[i]);
        char *mp = xasprintf("evaluation.models.%zu", i + 1);
        int r = loader_model_ref(L, item, mp, &e->models[i]);
        free(mp);
        e->nmodels = i + 1;
        if (r)
            return -1;
    }
    return 0;
}

static int read_judge(struct loader *L, yaml_node_t *map, yaml_node_t *judge, void *owner,
                      const char *path, const struct field *f)
{
    struct evaluation *e = owner;
    if (!judge) {
        static const char *const judged[] = {"metrics", "judge_tokens", NULL};
        for (int i = 0; judged[i]; i++) {
            yaml_node_t *k = yamldoc_get(&L->y, map, judged[i]);
            if (k)
                return yamldoc_error(&L->y, k,
                                     "'%s' needs a 'judge' (the model that grades the "
                                     "answers)",
                                     judged[i]);
        }
        return 0;
    }
    e->has_judge = 1;
    char *jp = loader_join(path, f->key);
    int rc = loader_model_ref(L, judge, jp, &e->judge);
    free(jp);
    return rc;
}

static int has_judge(struct loader *L, yaml_node_t *map, const void *owner)
{
    (void)L;
    (void)map;
    return ((const struct evaluation *)owner)->has_judge;
}

static const struct field evaluation_fields[] = {
    {.key = "questions",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "a share of the examples such as '10%', or a count",
     .read = read_questions},
    {.key = "answer_tokens",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "such as '{input: 800, output: 200}'",
     .read = read_token_pair},
    {.key = "models",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "the models that answer the questions",
     .read = read_eval_models},
    {.key = "judge", .kind = FIELD_CUSTOM, .missing_too = 1, .read = read_judge},
    {.key = "metrics",
     .kind = FIELD_QUANTITY,
     .qkind = QK_NUMBER,
     .flags = QF_POSITIVE | QF_INTEGER,
     .def = 1,
     .offset = offsetof(struct evaluation, metrics),
     .when = has_judge},
    {.key = "judge_tokens",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "such as '{input: 800, output: 200}'",
     .read = read_token_pair,
     .when = has_judge},
};

/* ---- inference ---- */

static const struct field traffic_fields[] = {
    NUMBER_REQUIRED("requests", struct inference, requests_per_s, QK_RATE, QF_POSITIVE),
    NUMBER_REQUIRED("input_tokens", struct inference, input_tokens, QK_NUMBER, 0),
    NUMBER_REQUIRED("output_tokens", struct inference, output_tokens, QK_NUMBER, QF_POSITIVE),
    NUMBER("growth", struct inference, growth, QK_FRACTION, QF_ABOVE_MINUS_ONE, 0),
    CAPACITY_TRAFFIC_ROWS,
};

static int read_traffic(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                        const char *path, const struct field *f)
{
    (void)map;
    char *tp = loader_join(path, f->key);
    int rc = loader_read_map(L, node, tp, traffic_fields, FIELDS_COUNT(traffic_fields), owner);
    free(tp);
    return rc;
}

static int read_option_model(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                             const char *path, const struct field *f)
{
    (void)map;
    struct deployment *o = owner;
    char *mp = loader_join(path, f->key);
    int rc = loader_model_ref(L, node, mp, &o->model);
    free(mp);
    o->has_model = !rc;
    return rc;
}

/*
 * inference.options.NAME: an option is a deployment; its count is its
 * replicas.  It may serve on machines of its own (`instance`), and say what
 * a replica serves and how replicas are counted (scenario_capacity.c).
 */
static const struct field option_fields[] = {
    {.key = "model",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .read = read_option_model,
     .when = capacity_has_no_instance},
    {.key = "replicas", .kind = FIELD_CUSTOM, .missing_too = 1, .read = capacity_read_replicas},
    CAPACITY_OPTION_ROWS,
    {.key = "cache", .kind = FIELD_CUSTOM, .missing_too = 1, .read = billing_read_cache},
    {.key = "spot",
     .kind = FIELD_CHOICE,
     .order = 1,
     .choices = loader_spot_choices,
     .offset = offsetof(struct deployment, billing.spot),
     .when = billing_option_spot_applies},
    {.kind = FIELD_CHECK, .order = 1, .read = billing_check_option_keys},
    {.key = "preemption", .kind = FIELD_CUSTOM, .read = preempt_read_option},
};

static int read_options(struct loader *L, yaml_node_t *map, yaml_node_t *options, void *owner,
                        const char *path, const struct field *f)
{
    (void)map;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    struct inference *inf = owner;
    if (yamldoc_check_map(y, options, "'inference.options'", NULL))
        return -1;
    size_t n = yamldoc_map_size(options);
    if (n == 0)
        return yamldoc_error(y, options, "'inference.options' is empty: name at least one option");
    inf->options = xcalloc(n, sizeof *inf->options);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, options, i, &key, &value);
        struct deployment *o = &inf->options[i];
        params_add_region(&L->s->params, PARAM_OWNER_OPTION, i, o, sizeof *o);
        o->name = xstrdup(name);
        inf->noptions = i + 1;
        if (strchr(name, '.'))
            return yamldoc_error(y, key,
                                 "option name '%s' must not contain '.' (it is part of "
                                 "parameter paths)",
                                 name);
        char *op = xasprintf("inference.options.%s", name);
        int rc = loader_read_map(L, value, op, option_fields, FIELDS_COUNT(option_fields), o);
        free(op);
        if (rc)
            return -1;
    }
    return 0;
}

/* `baseline:` or `candidate:`: the name of an option, kept as its index. */
static int read_option_name(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                            const char *path, const struct field *f)
{
    (void)map;
    struct yamldoc *y = &L->y;
    struct inference *inf = owner;
    char *what = xasprintf("'%s'", f->key);
    const char *name = yamldoc_string(y, node, what);
    free(what);
    if (!name)
        return -1;
    for (size_t i = 0; i < inf->noptions; i++)
        if (strcmp(inf->options[i].name, name) == 0) {
            size_t *target = (size_t *)(void *)((char *)owner + f->offset);
            *target = i;
            /* A name parameter: --set inference.compare.candidate=other compares another. */
            char *np = loader_join(path, f->key);
            params_add_name(&L->s->params, np, target, sizeof *target, PARAM_NAME_OPTION,
                            yamldoc_line(node), yamldoc_col(node), 1);
            free(np);
            return 0;
        }
    struct strbuf known = STRBUF_INIT;
    for (size_t k = 0; k < inf->noptions; k++)
        strbuf_printf(&known, "%s'%s'", k ? ", " : "", inf->options[k].name);
    yamldoc_error(y, node, "'%s' names no option: '%s' (options: %s)", f->key, name, known.buf);
    strbuf_release(&known);
    return -1;
}

static int check_compare(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)node;
    (void)path;
    (void)f;
    struct inference *inf = owner;
    if (inf->baseline == inf->candidate)
        return yamldoc_error(&L->y, yamldoc_get(&L->y, map, "candidate"),
                             "the candidate must differ from the baseline");
    inf->has_compare = 1;
    return 0;
}

static const struct field compare_fields[] = {
    {.key = "baseline",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "the name of an option",
     .offset = offsetof(struct inference, baseline),
     .read = read_option_name},
    {.key = "candidate",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "the name of an option",
     .offset = offsetof(struct inference, candidate),
     .read = read_option_name},
    NUMBER("claim", struct inference, claim, QK_RATIO, 0, 0), /* 0: no claim */
    {.kind = FIELD_CHECK, .order = 1, .read = check_compare},
};

static int read_compare(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                        const char *path, const struct field *f)
{
    (void)map;
    char *cp = loader_join(path, f->key);
    int rc = loader_read_map(L, node, cp, compare_fields, FIELDS_COUNT(compare_fields), owner);
    free(cp);
    return rc;
}

static const struct field inference_fields[] = {
    NUMBER_REQUIRED("horizon", struct inference, horizon_s, QK_DURATION, QF_POSITIVE),
    {.key = "traffic",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "requests, input_tokens, output_tokens",
     .read = read_traffic},
    {.key = "options",
     .kind = FIELD_CUSTOM,
     .required = 1,
     .hint = "the ways to serve, such as 'baseline: {model: ...}'",
     .read = read_options},
    {.key = "compare", .kind = FIELD_CUSTOM, .read = read_compare},
};

/* ---- budget ---- */

/* 0: no budget for that figure (the default, and what --budget KEY=0 says). */
static const struct field budget_fields[] = {
    NUMBER("one_off", struct budget, one_off, QK_NUMBER, 0, 0),
    NUMBER("monthly", struct budget, monthly, QK_NUMBER, 0, 0),
    NUMBER("horizon", struct budget, horizon, QK_NUMBER, 0, 0),
};

/*
 * The budget is always in the table, so that --budget can set what the file
 * leaves out; without a budget mapping, the defaults sit at the top of the
 * file (which has none of these keys).
 */
static int read_budget(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                       const char *path, const struct field *f)
{
    (void)path;
    struct budget *b = &((struct scenario *)owner)->budget;
    if (node)
        return loader_read_map(L, node, f->key, budget_fields, FIELDS_COUNT(budget_fields), b);
    return loader_read_fields(L, map, f->key, budget_fields, FIELDS_COUNT(budget_fields), b);
}

/* ---- the top level ---- */

static int read_variants(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)map;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    struct scenario *s = owner;
    if (yamldoc_check_map(y, node, "'variants'", NULL))
        return -1;
    size_t n = yamldoc_map_size(node);
    s->variants = xcalloc(n ? n : 1, sizeof *s->variants);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *key, *value;
        const char *name = yamldoc_key_at(y, node, i, &key, &value);
        struct variant *v = &s->variants[i];
        v->name = xstrdup(name);
        s->nvariants = i + 1;
        char *what = xasprintf("'variants.%s'", name);
        int r = yamldoc_check_map(y, value, what, NULL);
        free(what);
        if (r)
            return -1;
        size_t m = yamldoc_map_size(value);
        v->settings = xcalloc(m ? m : 1, sizeof *v->settings);
        for (size_t j = 0; j < m; j++) {
            yaml_node_t *pk, *pv;
            const char *vpath = yamldoc_key_at(y, value, j, &pk, &pv);
            const struct param *param = params_find(&s->params, vpath);
            if (!param) {
                char *msg = params_unknown(&s->params, vpath);
                yamldoc_error(y, pk, "%s", msg);
                free(msg);
                return -1;
            }
            const char *text = yamldoc_scalar(y, pv, vpath);
            if (!text)
                return -1;
            double unused;
            char *msg = NULL;
            int off;
            if (param->type == PARAM_NAME ? params_check_name(s, param, text, &msg)
                                          : params_parse(param, text, &unused, &msg, &off)) {
                yamldoc_error(y, pv, "%s", msg);
                free(msg);
                return -1;
            }
            struct variant_setting *st = &v->settings[v->nsettings++];
            st->path = xstrdup(vpath);
            st->value = xstrdup(text);
            st->line = yamldoc_line(pv);
            st->col = yamldoc_col(pv);
        }
    }
    return 0;
}

/*
 * Loads the catalogue that `item` names: a file name, or an entry
 * {file, format, region, cloud, as_of} (pricing_read_entry); a file that is
 * not there is an error at item.
 */
static int load_catalogue(struct loader *L, yaml_node_t *item)
{
    struct pricing_entry entry;
    if (pricing_read_entry(&L->y, item, &entry)) {
        pricing_entry_release(&entry);
        return -1;
    }
    char *path = loader_resolve_path(L, entry.file);
    int r = access(path, R_OK) == 0 ? pricing_load_entry(&L->s->pricing, path, &entry, L->d)
                                    : yamldoc_error(&L->y, item, "cannot read catalogue '%s': %s",
                                                    path, strerror(errno));
    free(path);
    pricing_entry_release(&entry);
    return r;
}

/* `pricing:` one catalogue file, or a list; each in the scenario's currency. */
static int read_pricing(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                        const char *path, const struct field *f)
{
    (void)map;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    struct scenario *s = owner;
    if (node->type == YAML_SCALAR_NODE) {
        /* One catalogue may be written without the list. */
        if (!yamldoc_string(y, node, "'pricing'") || load_catalogue(L, node))
            return -1;
    } else if (node->type != YAML_SEQUENCE_NODE) {
        return yamldoc_error(y, node, "'pricing' must be a list of catalogue files, got %s",
                             yamldoc_type_name(node));
    } else {
        size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *item = yamldoc_node(y, node->data.sequence.items.start[i]);
            if (load_catalogue(L, item))
                return -1;
        }
    }
    for (size_t i = 0; i < s->pricing.n; i++) {
        const struct catalogue *c = s->pricing.items[i];
        /* Point at the entry that names the catalogue (catalogues load in list order). */
        yaml_node_t *at = node;
        if (at->type == YAML_SEQUENCE_NODE)
            at = yamldoc_node(y, at->data.sequence.items.start[i]);
        if (strcmp(c->currency, s->currency) != 0)
            return yamldoc_error(y, at, "catalogue '%s' is in %s but the scenario is in %s",
                                 c->file, c->currency, s->currency);
    }
    return 0;
}

static int read_version(struct loader *L, yaml_node_t *map, yaml_node_t *version, void *owner,
                        const char *path, const struct field *f)
{
    (void)owner;
    (void)path;
    (void)f;
    struct yamldoc *y = &L->y;
    if (!version)
        return yamldoc_error_in(y, map, "missing 'raftcost: 1' (the scenario format version)");
    const char *v = yamldoc_scalar(y, version, "'raftcost'");
    if (!v)
        return -1;
    if (strcmp(v, "1") != 0)
        return yamldoc_error(y, version, "unsupported format version '%s' (this raftcost reads 1)",
                             v);
    return 0;
}

static int read_currency(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)path;
    struct scenario *s = owner;
    if (loader_read_string(L, map, f->key, &s->currency))
        return -1;
    const char *c = s->currency;
    if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' ||
        c[2] > 'Z')
        return yamldoc_error(&L->y, node, "'currency' must be an ISO code such as 'USD', got '%s'",
                             c);
    return 0;
}

static int read_backends(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)map;
    (void)owner;
    (void)path;
    (void)f;
    return scenario_read_backends(L, node);
}

/* A phase: present, then its own table, under its key. */
static int read_phase(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                      const char *path, const struct field *f)
{
    (void)map;
    (void)path;
    struct scenario *s = owner;
    if (strcmp(f->key, "generation") == 0) {
        s->generation.present = 1;
        return loader_read_map(L, node, f->key, generation_fields, FIELDS_COUNT(generation_fields),
                               &s->generation);
    }
    if (strcmp(f->key, "fine_tuning") == 0) {
        s->fine_tuning.present = 1;
        return loader_read_map(L, node, f->key, fine_tuning_fields,
                               FIELDS_COUNT(fine_tuning_fields), &s->fine_tuning);
    }
    if (strcmp(f->key, "evaluation") == 0) {
        s->evaluation.present = 1;
        return loader_read_map(L, node, f->key, evaluation_fields, FIELDS_COUNT(evaluation_fields),
                               &s->evaluation);
    }
    s->inference.present = 1;
    return loader_read_map(L, node, f->key, inference_fields, FIELDS_COUNT(inference_fields),
                           &s->inference);
}

/* The top level, in file-format order; variants last: they name parameters of all above. */
static const struct field top_fields[] = {
    {.key = "raftcost", .kind = FIELD_CUSTOM, .missing_too = 1, .read = read_version},
    {.key = "name", .kind = FIELD_STRING, .offset = offsetof(struct scenario, name)},
    {.key = "currency", .kind = FIELD_CUSTOM, .read = read_currency},
    {.key = "pricing", .kind = FIELD_CUSTOM, .read = read_pricing},
    {.key = "backends", .kind = FIELD_CUSTOM, .read = read_backends},
    {.key = "generation", .kind = FIELD_CUSTOM, .read = read_phase},
    {.key = "fine_tuning", .kind = FIELD_CUSTOM, .read = read_phase},
    {.key = "evaluation", .kind = FIELD_CUSTOM, .read = read_phase},
    {.key = "inference", .kind = FIELD_CUSTOM, .read = read_phase},
    {.key = "budget", .kind = FIELD_CUSTOM, .missing_too = 1, .read = read_budget},
    {.key = "simulation", .kind = FIELD_CUSTOM, .missing_too = 1, .read = scenario_read_simulation},
    {.key = "variants", .kind = FIELD_CUSTOM, .read = read_variants},
    {.key = "ranges", .kind = FIELD_CUSTOM, .read = scenario_read_ranges},
    {.key = "calibration", .kind = FIELD_CUSTOM, .order = 100, .read = scenario_read_calibration},
};

static char *default_name(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

/* From the file at path, or from text (len bytes) named path in messages. */
static int load(struct scenario *s, const char *path, const char *text, size_t len, struct diag *d)
{
    memset(s, 0, sizeof *s);
    s->file = xstrdup(path);
    s->name = default_name(path);
    s->currency = xstrdup("USD");
    pricing_init(&s->pricing);
    s->shared = scenario_shared_new();
    params_init(&s->params);
    params_add_region(&s->params, PARAM_OWNER_SCENARIO, 0, s, sizeof *s);
    struct loader L = {.s = s, .d = d};
    int rc = text ? yamldoc_load_text(&L.y, path, text, len, d) : yamldoc_load(&L.y, path, d);
    if (!rc) {
        yaml_node_t *root = yamldoc_root(&L.y);
        rc = loader_check_keys(&L, root, "a scenario", top_fields, FIELDS_COUNT(top_fields)) ||
             loader_read_fields(&L, root, "", top_fields, FIELDS_COUNT(top_fields), s);
    }
    params_forget_regions(&s->params);
    strmap_release(&L.backend_index);
    /* Keep the text for positions in messages about --set and variants. */
    s->src = L.y.src;
    s->srclen = L.y.srclen;
    L.y.src = NULL;
    yamldoc_release(&L.y);
    if (!rc)
        rc = scenario_validate(s, d);
    if (rc)
        scenario_release(s);
    return rc ? -1 : 0;
}

int scenario_load(struct scenario *s, const char *path, struct diag *d)
{
    return load(s, path, NULL, 0, d);
}

int scenario_load_text(struct scenario *s, const char *name, const char *text, size_t len,
                       struct diag *d)
{
    return load(s, name, text, len, d);
}
