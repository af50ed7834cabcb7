/*
 * report_json_sim: the `simulation` object of the JSON report.  The keys of
 * the format's section 10 are stable: hours, cost, requests, rejected,
 * retries, lost, latency_s and ttft_s {p50, p90, p99}, backends [{name,
 * requests, input_tokens, output_tokens, hours, cost, utilisation}],
 * events, seed.  Times are hours unless the key says seconds (_s); a
 * deployment's `hours` is its busy time, the simulation's the wall time.
 */
#include <cjson/cJSON.h>
#include <math.h>

#include "report.h"
#include "units.h"

static void add_num(cJSON *obj, const char *key, double v)
{
    if (isnan(v) || isinf(v))
        cJSON_AddNullToObject(obj, key);
    else
        cJSON_AddNumberToObject(obj, key, v);
}

static cJSON *latency_json(const struct sim_latency *l)
{
    cJSON *o = cJSON_CreateObject();
    add_num(o, "p50", l->p50);
    add_num(o, "p90", l->p90);
    add_num(o, "p99", l->p99);
    add_num(o, "mean", l->mean);
    add_num(o, "max", l->max);
    add_num(o, "n", (double)l->n);
    return o;
}

static cJSON *spread_json(const struct sim_spread *sp, double scale)
{
    cJSON *o = cJSON_CreateObject();
    add_num(o, "mean", sp->mean / scale);
    add_num(o, "p10", sp->p10 / scale);
    add_num(o, "p50", sp->p50 / scale);
    add_num(o, "p90", sp->p90 / scale);
    return o;
}

static cJSON *deployment_json(const struct report *r, size_t i)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_report_deployment *info = &sr->deployments[i];
    const struct sim_deployment_result *d = &sr->run.deployments[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", info->name);
    cJSON_AddStringToObject(o, "backend", r->scenario->backends[info->backend].name);
    add_num(o, "instance", info->instance);
    add_num(o, "requests", (double)d->requests);
    add_num(o, "rejected", (double)d->rejected);
    add_num(o, "input_tokens", d->input_tokens);
    add_num(o, "output_tokens", d->output_tokens);
    add_num(o, "hours", d->busy_s / HOUR_S);
    add_num(o, "cost", d->cost);
    add_num(o, "utilisation", d->utilisation);
    add_num(o, "tok_s", d->tok_s);
    add_num(o, "ready_hours", d->ready_s / HOUR_S);
    add_num(o, "billed_hours", d->billed_s / HOUR_S);
    add_num(o, "throughput_fraction", d->throughput_fraction);
    add_num(o, "peak_in_flight", d->peak_in_flight);
    add_num(o, "tpm", info->tpm > 0 ? info->tpm : NAN);
    add_num(o, "peak_tpm_60s", info->peak_tpm_60s);
    report_json_preempt_deployment(o, r, i);
    return o;
}

cJSON *report_json_simulation(const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_result *run = &sr->run;
    const struct sim_settings *in = &r->scenario->simulation;
    cJSON *o = cJSON_CreateObject();
    add_num(o, "hours", run->wall_s / HOUR_S);
    add_num(o, "cost", run->cost);
    add_num(o, "requests", (double)run->requests);
    add_num(o, "rejected", (double)run->rejected);
    add_num(o, "retries", (double)run->retries);
    add_num(o, "lost", (double)run->lost_requests);
    add_num(o, "lost_examples", (double)run->lost_examples);
    add_num(o, "examples", (double)run->examples);
    add_num(o, "calls", (double)run->calls);
    add_num(o, "attempts", (double)run->attempts);
    add_num(o, "input_tokens", run->input_tokens);
    add_num(o, "output_tokens", run->output_tokens);
    add_num(o, "tok_s", run->tok_s);
    cJSON_AddItemToObject(o, "latency_s", latency_json(&run->latency));
    cJSON_AddItemToObject(o, "ttft_s", latency_json(&run->ttft));
    cJSON *backends = cJSON_AddArrayToObject(o, "backends");
    for (size_t i = 0; i < sr->ndeployments; i++)
        cJSON_AddItemToArray(backends, deployment_json(r, i));
    add_num(o, "events", (double)run->events);
    add_num(o, "seed", (double)sr->seed);
    add_num(o, "peak_requests", (double)run->peak_requests);
    add_num(o, "workers", in->workers);
    add_num(o, "arrival_rate_per_s", in->arrival_rate_s);
    cJSON_AddStringToObject(o, "pattern",
                            in->pattern == SIM_PATTERN_CHOICE_RAFT ? "raft" : "independent");
    cJSON_AddStringToObject(o, "routing", sim_routing_name((enum sim_routing)in->routing));
    cJSON *analytic = cJSON_AddObjectToObject(o, "analytic");
    add_num(analytic, "hours", r->generation.wall_s / HOUR_S);
    add_num(analytic, "cost", r->generation.cost);
    cJSON *reps = cJSON_AddObjectToObject(o, "replications");
    add_num(reps, "n", (double)sr->replications);
    cJSON_AddItemToObject(reps, "hours", spread_json(&sr->wall_s, HOUR_S));
    cJSON_AddItemToObject(reps, "cost", spread_json(&sr->cost, 1));
    cJSON_AddItemToObject(reps, "lost_examples", spread_json(&sr->lost_examples, 1));
    cJSON_AddItemToObject(reps, "rejected", spread_json(&sr->rejected, 1));
    report_json_preemption(o, r);
    return o;
}
