/*
 * report_json_preempt: spot preemption in the JSON report (docs/reference.md,
 * section 6): a preempted deployment's `preemption` object in
 * simulation.backends, the simulation's `preemption` object (replication 0,
 * the same run without preemption and on demand, the means over the
 * replications), a dedicated backend's `preemption` settings in its
 * `billing` object, and an option's spot price per replica-hour.  Every key
 * is added only where it applies, so that reports without spot instances
 * keep their keys.  Times are hours unless the key says seconds.
 */
#include <cjson/cJSON.h>
#include <math.h>

#include "billing.h"
#include "json_out.h"
#include "report.h"
#include "units.h"

static void add_mean(cJSON *obj, const char *key, const struct sim_spread *sp, double scale)
{
    cJSON *o = cJSON_AddObjectToObject(obj, key);
    json_add_number(o, "mean", sp->mean / scale);
    json_add_number(o, "p10", sp->p10 / scale);
    json_add_number(o, "p50", sp->p50 / scale);
    json_add_number(o, "p90", sp->p90 / scale);
}

void report_json_preempt_deployment(cJSON *o, const struct report *r, size_t i)
{
    const struct sim_report *sr = &r->simulation;
    if (!model_preempt_applies(&r->scenario->backends[sr->deployments[i].backend]))
        return;
    const struct sim_deployment_result *d = &sr->run.deployments[i];
    cJSON *p = cJSON_AddObjectToObject(o, "preemption");
    json_add_number(p, "preemptions", (double)d->preemptions);
    json_add_number(p, "rerun_requests", (double)d->rerun_requests);
    json_add_number(p, "rerun_tokens", d->rerun_tokens);
    json_add_number(p, "down_hours", d->down_s / HOUR_S);
    json_add_number(p, "unbilled_hours", d->unbilled_s / HOUR_S);
    json_add_number(p, "down_cost", d->down_cost);
}

void report_json_preemption(cJSON *o, const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_preempt_report *pr = &sr->preemption;
    if (!pr->present)
        return;
    cJSON *p = cJSON_AddObjectToObject(o, "preemption");
    json_add_number(p, "preemptions", (double)pr->preemptions);
    json_add_number(p, "rerun_requests", (double)pr->rerun_requests);
    json_add_number(p, "rerun_tokens", pr->rerun_tokens);
    json_add_number(p, "down_hours", pr->down_s / HOUR_S);
    json_add_number(p, "down_cost", pr->down_cost);
    json_add_number(p, "extra_hours", (sr->run.wall_s - pr->without_wall_s) / HOUR_S);
    json_add_number(p, "extra_cost", sr->run.cost - pr->without_cost);
    cJSON *w = cJSON_AddObjectToObject(p, "without");
    json_add_number(w, "hours", pr->without_wall_s / HOUR_S);
    json_add_number(w, "cost", pr->without_cost);
    json_add_number(w, "on_demand_cost", pr->on_demand_cost);
    cJSON *reps = cJSON_AddObjectToObject(w, "replications");
    add_mean(reps, "hours", &pr->without_wall, HOUR_S);
    add_mean(reps, "cost", &pr->without_spread_cost, 1);
    json_add_number(reps, "on_demand_cost_mean", pr->mean_on_demand_cost);
}

void report_json_preempt_settings(cJSON *billing, const struct deployment *d)
{
    const struct deploy_preemption *pp = &d->preemption;
    if (d->type != DEPLOY_DEDICATED || !pp->present)
        return;
    cJSON *p = cJSON_AddObjectToObject(billing, "preemption");
    cJSON_AddBoolToObject(p, "applies", model_preempt_applies(d));
    json_add_number(p, "mean_interval_hours", pp->mean_interval_s / HOUR_S);
    json_add_number(p, "restart_hours", pp->restart_s / HOUR_S);
    json_add_number(p, "wait_hours", pp->wait_s / HOUR_S);
    cJSON_AddStringToObject(p, "dist", pp->dist == DEPLOY_PREEMPT_FIXED ? "fixed" : "exponential");
    json_add_number(p, "down_share", model_preempt_down_share(d));
}

void report_json_option_spot(cJSON *o, const struct deployment *option)
{
    if (!option->has_instance)
        return;
    cJSON_AddBoolToObject(o, "spot", option->billing.spot != 0);
    json_add_number(o, "replica_per_hour", billing_option_per_hour(option));
    json_add_number(o, "on_demand_per_hour", option->instance.per_hour);
}
