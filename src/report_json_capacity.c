/*
 * report_json_capacity: see report_capacity.h.  The stable keys (the format
 * document's section 10) are inference.options[].capacity's
 * requests_per_s_per_replica, replicas, replica_hours, utilisation and
 * latency_p95_s_at_peak; the others may be added to.  A figure that does
 * not exist is null.
 */
#include <math.h>

#include "json_out.h"
#include "model_capacity.h"
#include "report_capacity.h"

static void add_months(cJSON *obj, const char *key, const double *v, int months)
{
    cJSON *list = cJSON_AddArrayToObject(obj, key);
    for (int m = 0; m < months; m++)
        cJSON_AddItemToArray(list, isfinite(v[m]) ? cJSON_CreateNumber(v[m]) : cJSON_CreateNull());
}

static const char *bound_name(enum capacity_bound b)
{
    switch (b) {
    case CAPACITY_BOUND_UTILISATION:
        return "utilisation";
    case CAPACITY_BOUND_SLO:
        return "slo";
    case CAPACITY_BOUND_TPM:
        return "tpm";
    case CAPACITY_BOUND_RPM:
        return "rpm";
    }
    return "utilisation";
}

void report_json_capacity(const struct report *r, size_t option, cJSON *entry)
{
    const struct inference_result *inf = &r->inference;
    const struct capacity_option *c = model_capacity_of(inf, option);
    if (!c)
        return;
    int months = inf->months;
    cJSON *o = cJSON_AddObjectToObject(entry, "capacity");
    json_add_number(o, "requests_per_s_per_replica", c->requests_per_s);
    add_months(o, "replicas", c->replicas, months);
    add_months(o, "replica_hours", c->replica_hours, months);
    add_months(o, "utilisation", c->utilisation, months);
    add_months(o, "latency_p95_s_at_peak", c->latency_p95_s, months);
    cJSON_AddBoolToObject(o, "sized", c->sized);
    cJSON_AddStringToObject(o, "autoscale", c->hourly ? "hourly" : "none");
    cJSON_AddStringToObject(o, "bound", bound_name(c->bound));
    cJSON_AddStringToObject(o, "latency_from", c->latency_simulated ? "simulation" : "estimate");
    json_add_number(o, "full_requests_per_s", c->full_rate);
    json_add_number(o, "throughput_requests_per_s", c->throughput_rate);
    json_add_number(o, "tpm_requests_per_s", c->tpm_rate);
    json_add_number(o, "rpm_requests_per_s", c->rpm_rate);
    json_add_number(o, "analytic_requests_per_s", c->analytic_rate);
    json_add_number(o, "hosting_per_hour", c->hosting_per_hour);
    json_add_number(o, "peak_factor", c->peak_factor);
    add_months(o, "scale_ups", c->scale_ups, months);
    add_months(o, "peak_requests_per_s_per_replica", c->peak_load, months);
    add_months(o, "ttft_p95_s_at_peak", c->ttft_p95_s, months);
    add_months(o, "hosting_cost", c->hosting_cost, months);
    add_months(o, "cost_per_million_tokens", c->cost_per_million_tokens, months);
    cJSON *over = cJSON_AddArrayToObject(o, "over_capacity");
    for (int m = 0; m < months; m++)
        cJSON_AddItemToArray(over, cJSON_CreateBool(c->over_capacity[m]));
    if (!c->checked) {
        cJSON_AddNullToObject(o, "check");
        return;
    }
    cJSON *check = cJSON_AddObjectToObject(o, "check");
    json_add_number(check, "requests_per_s", c->requests_per_s);
    json_add_number(check, "latency_p95_s", c->check_latency_p95_s);
    json_add_number(check, "ttft_p95_s", c->check_ttft_p95_s);
    cJSON_AddBoolToObject(check, "lowered", c->check_lowered);
    cJSON_AddNumberToObject(check, "requests", (double)c->check_requests);
    cJSON_AddNumberToObject(check, "seed", (double)c->seed);
    cJSON_AddNumberToObject(check, "events", (double)c->check_events);
}

void report_json_comparisons(const struct report *r, cJSON *inference,
                             cJSON *(*comparison)(const struct comparison *))
{
    const struct capacity_report *cr = &r->inference.capacity;
    if (cr->nagainst == 0)
        return;
    cJSON *list = cJSON_AddArrayToObject(inference, "comparisons");
    for (size_t i = 0; i < cr->nagainst; i++)
        cJSON_AddItemToArray(list, comparison(&cr->against[i]));
}
