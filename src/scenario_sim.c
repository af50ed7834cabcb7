/*
 * scenario_sim: the `simulation` mapping as key tables (loader.h), and the
 * checks of scenario_sim.h.  Every key is read with its default when the
 * mapping (or a sub-mapping) is missing, at the place of the mapping that
 * would hold it, so that every path exists for --set and variants.  The
 * defaults are those of the tools the simulation follows: raft.py's
 * --workers (2), the OpenAI Python SDK's retries (2, 0.5 s doubling to 8 s,
 * 25% jitter, retry-afters up to 60 s honoured) and LiteLLM's router
 * (simple-shuffle, allowed_fails 3, cooldown 5 s, 10 latencies remembered).
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include "loader.h"
#include "scenario.h"
#include "util.h"

/* In the order of the enums (the first name is the default). */
static const char *const patterns[] = {"raft", "independent", NULL};
static const char *const routings[] = {"simple-shuffle", "least-busy",  "usage-based",
                                       "latency-based",  "round-robin", NULL};
static const char *const dists[] = {"fixed", "lognormal", "exponential", NULL};
static const char *const services[] = {"auto", "stream", NULL};

#define SIM_MAX_WORKERS 10000000.0
#define SIM_MAX_REPLICATIONS 100000.0
#define SIM_MAX_LATENCY_WINDOW 1000000.0

#define NUMBER(k, T, member, q, fl, dflt)                                                          \
    {                                                                                              \
        .key = k, .kind = FIELD_QUANTITY, .qkind = q, .flags = fl, .def = dflt,                    \
        .offset = offsetof(T, member)                                                              \
    }
#define WHOLE QF_INTEGER
#define COUNT (QF_INTEGER | QF_POSITIVE)

static const struct field retry_fields[] = {
    NUMBER("max", struct sim_retry_settings, max, QK_NUMBER, WHOLE, 2),
    NUMBER("initial", struct sim_retry_settings, initial_s, QK_DURATION, QF_POSITIVE, 0.5),
    NUMBER("max_delay", struct sim_retry_settings, max_delay_s, QK_DURATION, QF_POSITIVE, 8),
    NUMBER("jitter", struct sim_retry_settings, jitter, QK_FRACTION, QF_AT_MOST_ONE, 0.25),
    NUMBER("max_retry_after", struct sim_retry_settings, max_retry_after_s, QK_DURATION, 0, 60),
};

static const struct field output_fields[] = {
    {.key = "dist",
     .kind = FIELD_CHOICE,
     .choices = dists,
     .offset = offsetof(struct sim_output_settings, dist)},
    NUMBER("cv", struct sim_output_settings, cv, QK_FRACTION, 0, 0),
    NUMBER("max", struct sim_output_settings, max_tokens, QK_NUMBER, WHOLE, 0),
};

/* A sub-mapping (retries, output_tokens): its table, or its defaults at the parent. */
static int read_sub(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                    const char *path, const struct field *f)
{
    struct sim_settings *sim = owner;
    int retries = f->offset == offsetof(struct sim_settings, retries);
    const struct field *rows = retries ? retry_fields : output_fields;
    size_t n = retries ? FIELDS_COUNT(retry_fields) : FIELDS_COUNT(output_fields);
    void *target = retries ? (void *)&sim->retries : (void *)&sim->output;
    char *sp = loader_join(path, f->key);
    int rc = node ? loader_read_map(L, node, sp, rows, n, target)
                  : loader_read_fields(L, map, sp, rows, n, target);
    free(sp);
    return rc;
}

/* raft.py's default of 2 workers; an open loop has no cap unless one is given. */
static int read_workers(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                        const char *path, const struct field *f)
{
    (void)node;
    struct sim_settings *sim = owner;
    double def = yamldoc_get(&L->y, map, "arrival_rate") ? 0 : 2;
    return params_read_yaml(&L->s->params, &L->y, map, path, f->key, QK_NUMBER, WHOLE, 1.0, 0, def,
                            &sim->workers);
}

static const struct field simulation_fields[] = {
    {.key = "workers", .kind = FIELD_CUSTOM, .missing_too = 1, .read = read_workers},
    {.key = "pattern",
     .kind = FIELD_CHOICE,
     .choices = patterns,
     .offset = offsetof(struct sim_settings, pattern)},
    NUMBER("arrival_rate", struct sim_settings, arrival_rate_s, QK_RATE, 0, 0),
    {.key = "routing",
     .kind = FIELD_CHOICE,
     .choices = routings,
     .offset = offsetof(struct sim_settings, routing)},
    {.key = "service",
     .kind = FIELD_CHOICE,
     .choices = services,
     .offset = offsetof(struct sim_settings, service)},
    NUMBER("allowed_fails", struct sim_settings, allowed_fails, QK_NUMBER, WHOLE, 3),
    NUMBER("cooldown", struct sim_settings, cooldown_s, QK_DURATION, 0, 5),
    NUMBER("reroutes", struct sim_settings, reroutes, QK_NUMBER, WHOLE, 0),
    NUMBER("latency_window", struct sim_settings, latency_window, QK_NUMBER, COUNT, 10),
    {.key = "retries",
     .kind = FIELD_CUSTOM,
     .missing_too = 1,
     .offset = offsetof(struct sim_settings, retries),
     .read = read_sub},
    {.key = "output_tokens",
     .kind = FIELD_CUSTOM,
     .missing_too = 1,
     .offset = offsetof(struct sim_settings, output),
     .read = read_sub},
    NUMBER("seed", struct sim_settings, seed, QK_NUMBER, WHOLE, 1),
    NUMBER("replications", struct sim_settings, replications, QK_NUMBER, COUNT, 1),
    NUMBER("warmup", struct sim_settings, warmup, QK_NUMBER, WHOLE, 0),
    NUMBER("timeline_step", struct sim_settings, timeline_step_s, QK_DURATION, QF_POSITIVE, 60),
};

int scenario_read_simulation(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                             const char *path, const struct field *f)
{
    (void)path;
    struct sim_settings *sim = &((struct scenario *)owner)->simulation;
    if (node) {
        sim->present = 1;
        return loader_read_map(L, node, f->key, simulation_fields, FIELDS_COUNT(simulation_fields),
                               sim);
    }
    /* Without the mapping, the defaults sit at the top of the file (which has none of these). */
    return loader_read_fields(L, map, f->key, simulation_fields, FIELDS_COUNT(simulation_fields),
                              sim);
}

/* ---- cross-checks ---- */

/* A backend with a per-request speed and no throughput is bounded for the analytic model. */
static int check_backends(const struct scenario *s, struct diag *d)
{
    for (size_t i = 0; i < s->nbackends; i++) {
        const struct deployment *b = &s->backends[i];
        if (!(b->sim.stream_tok_s > 0))
            continue;
        char *path = xasprintf("backends.%s.stream", b->name);
        int rc = 0;
        /* With a throughput too, that is the analytic rate: nothing to bound. */
        if (b->curve || b->throughput_tok_s > 0)
            rc = 0;
        else if (b->concurrency <= 0 && b->sim.max_concurrency <= 0 && b->tpm <= 0 && b->rpm <= 0)
            rc = scenario_error_at(
                s, path, d,
                "backend '%s' has a per-request speed but nothing that bounds its "
                "throughput: give 'limits.concurrency', 'max_concurrency', "
                "'limits.tpm' or 'limits.rpm'",
                b->name);
        free(path);
        if (rc)
            return rc;
    }
    return 0;
}

/* The largest mean output of the job's kinds of call. */
static double largest_call_output(const struct generation *g)
{
    if (g->has_dataset)
        return fmax(g->dataset.questions_per_chunk * g->dataset.question_tokens,
                    g->dataset.answer_tokens);
    double requests = g->requests > 0 ? g->requests : g->examples;
    return g->output_tokens / requests;
}

int scenario_sim_validate(const struct scenario *s, struct diag *d)
{
    const struct sim_settings *sim = &s->simulation;
    const struct generation *g = &s->generation;
    if (check_backends(s, d))
        return -1;
    if (sim->present && !g->present)
        return scenario_error_at(s, "simulation.workers", d,
                                 "'simulation' needs a 'generation' phase: the job it simulates");
    if (sim->arrival_rate_s == 0 && sim->workers == 0)
        return scenario_error_at(
            s, "simulation.workers", d,
            "'workers' must be at least 1, or give 'arrival_rate' (an open loop)");
    if (sim->workers > SIM_MAX_WORKERS)
        return scenario_error_at(s, "simulation.workers", d,
                                 "'workers' must be at most %.0f, got %.0f", SIM_MAX_WORKERS,
                                 sim->workers);
    if (sim->arrival_rate_s > 0 && g->has_dataset)
        return scenario_error_at(
            s, "simulation.arrival_rate", d,
            "'arrival_rate' needs a job of plain calls, not a 'dataset' (whose answer "
            "calls wait for their question call)");
    if (sim->replications > SIM_MAX_REPLICATIONS)
        return scenario_error_at(s, "simulation.replications", d,
                                 "'replications' must be at most %.0f, got %.0f",
                                 SIM_MAX_REPLICATIONS, sim->replications);
    if (sim->latency_window > SIM_MAX_LATENCY_WINDOW)
        return scenario_error_at(s, "simulation.latency_window", d,
                                 "'latency_window' must be at most %.0f, got %.0f",
                                 SIM_MAX_LATENCY_WINDOW, sim->latency_window);
    if (!(sim->retries.jitter < 1))
        return scenario_error_at(
            s, "simulation.retries.jitter", d,
            "'jitter' must be below 100%%: a backoff of 0 would retry at once");
    if (sim->output.dist == SIM_OUTPUT_LOGNORMAL && !(sim->output.cv > 0))
        return scenario_error_at(
            s, "simulation.output_tokens.cv", d,
            "a lognormal output needs 'cv' above 0 (the standard deviation over the "
            "mean, such as 0.4)");
    double largest = g->present ? largest_call_output(g) : 0;
    if (sim->output.max_tokens > 0 && sim->output.max_tokens < largest * (1 - 1e-12))
        return scenario_error_at(
            s, "simulation.output_tokens.max", d,
            "'max' (%.0f tokens) is below the mean output of a call (%.4g tokens): "
            "most answers would be cut",
            sim->output.max_tokens, largest);
    return 0;
}
