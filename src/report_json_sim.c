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

#include "json_out.h"
#include "report.h"
#include "units.h"

static cJSON *latency_json(const struct sim_latency *l)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "p50", l->p50);
    json_add_number(o, "p90", l->p90);
    json_add_number(o, "p99", l->p99);
    json_add_number(o, "mean", l->mean);
    json_add_number(o, "max", l->max);
    json_add_number(o, "n", (double)l->n);
    return o;
}

static cJSON *spread_json(const struct sim_spread *sp, double scale)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "mean", sp->mean / scale);
    json_add_number(o, "p10", sp->p10 / scale);
    json_add_number(o, "p50", sp->p50 / scale);
    json_add_number(o, "p90", sp->p90 / scale);
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
    json_add_number(o, "instance", info->instance);
    json_add_number(o, "requests", (double)d->requests);
    json_add_number(o, "rejected", (double)d->rejected);
    json_add_number(o, "input_tokens", d->input_tokens);
    json_add_number(o, "output_tokens", d->output_tokens);
    json_add_number(o, "hours", d->busy_s / HOUR_S);
    json_add_number(o, "cost", d->cost);
    json_add_number(o, "utilisation", d->utilisation);
    json_add_number(o, "tok_s", d->tok_s);
    json_add_number(o, "ready_hours", d->ready_s / HOUR_S);
    json_add_number(o, "billed_hours", d->billed_s / HOUR_S);
    json_add_number(o, "throughput_fraction", d->throughput_fraction);
    json_add_number(o, "peak_in_flight", d->peak_in_flight);
    json_add_number(o, "tpm", info->tpm > 0 ? info->tpm : NAN);
    json_add_number(o, "peak_tpm_60s", info->peak_tpm_60s);
    report_json_preempt_deployment(o, r, i);
    return o;
}

cJSON *report_json_simulation(const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_result *run = &sr->run;
    const struct sim_settings *in = &r->scenario->simulation;
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "hours", run->wall_s / HOUR_S);
    json_add_number(o, "cost", run->cost);
    json_add_number(o, "requests", (double)run->requests);
    json_add_number(o, "rejected", (double)run->rejected);
    json_add_number(o, "retries", (double)run->retries);
    json_add_number(o, "lost", (double)run->lost_requests);
    json_add_number(o, "lost_examples", (double)run->lost_examples);
    json_add_number(o, "examples", (double)run->examples);
    json_add_number(o, "calls", (double)run->calls);
    json_add_number(o, "attempts", (double)run->attempts);
    json_add_number(o, "input_tokens", run->input_tokens);
    json_add_number(o, "output_tokens", run->output_tokens);
    json_add_number(o, "tok_s", run->tok_s);
    cJSON_AddItemToObject(o, "latency_s", latency_json(&run->latency));
    cJSON_AddItemToObject(o, "ttft_s", latency_json(&run->ttft));
    cJSON *backends = cJSON_AddArrayToObject(o, "backends");
    for (size_t i = 0; i < sr->ndeployments; i++)
        cJSON_AddItemToArray(backends, deployment_json(r, i));
    json_add_number(o, "events", (double)run->events);
    json_add_number(o, "seed", (double)sr->seed);
    json_add_number(o, "peak_requests", (double)run->peak_requests);
    json_add_number(o, "workers", in->workers);
    json_add_number(o, "arrival_rate_per_s", in->arrival_rate_s);
    cJSON_AddStringToObject(o, "pattern",
                            in->pattern == SIM_PATTERN_CHOICE_RAFT ? "raft" : "independent");
    cJSON_AddStringToObject(o, "routing", sim_routing_name((enum sim_routing)in->routing));
    cJSON *analytic = cJSON_AddObjectToObject(o, "analytic");
    json_add_number(analytic, "hours", r->generation.wall_s / HOUR_S);
    json_add_number(analytic, "cost", r->generation.cost);
    cJSON *reps = cJSON_AddObjectToObject(o, "replications");
    json_add_number(reps, "n", (double)sr->replications);
    cJSON_AddItemToObject(reps, "hours", spread_json(&sr->wall_s, HOUR_S));
    cJSON_AddItemToObject(reps, "cost", spread_json(&sr->cost, 1));
    cJSON_AddItemToObject(reps, "lost_examples", spread_json(&sr->lost_examples, 1));
    cJSON_AddItemToObject(reps, "rejected", spread_json(&sr->rejected, 1));
    report_json_preemption(o, r);
    return o;
}
