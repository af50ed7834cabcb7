/*
 * report_json_billing: what the JSON report (report_json.c) says about
 * prices beyond the catalogue's plain ones: each catalogue's format, date
 * and its provenance (whether the date is the file's modification date), and
 * the rates each backend and option is billed at (billing.h).  Keys are
 * listed in docs/reference.md, section 6.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "json_out.h"
#include "report.h"
#include "units.h"

static void add_text(cJSON *obj, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(obj, key, s);
    else
        cJSON_AddNullToObject(obj, key);
}

/* A limit: its value, or null for none. */
static void add_limit(cJSON *obj, const char *key, double v)
{
    json_add_number(obj, key, v > 0 ? v : NAN);
}

void report_json_catalogue(cJSON *o, const struct catalogue *c)
{
    cJSON_AddStringToObject(o, "format", catalogue_format_name(c->format));
    cJSON_AddBoolToObject(o, "format_by_content", c->format_by_content);
    cJSON_AddBoolToObject(o, "as_of_from_file", c->as_of_from_file);
    add_text(o, "entry", c->entry);
    add_text(o, "region", c->region);
    add_text(o, "cloud", c->cloud);
    char *sentence = pricing_provenance(c);
    cJSON_AddStringToObject(o, "provenance", sentence);
    free(sentence);
}

static const char *batch_source(enum price_batch_source s)
{
    return s == PRICE_BATCH_CATALOGUE ? "catalogue" : "discount";
}

void report_json_bill(cJSON *parent, const struct bill *b, const struct deployment *d)
{
    cJSON *o = cJSON_AddObjectToObject(parent, "billing");
    if (!b->per_token) {
        json_add_number(o, "per_hour", b->per_hour);
        json_add_number(o, "on_demand_per_hour", b->on_demand_per_hour);
        cJSON_AddBoolToObject(o, "spot", b->spot);
        json_add_number(o, "spot_per_hour", d->instance.has_spot ? d->instance.spot_per_hour : NAN);
        add_text(o, "region", d->instance.region);
        report_json_preempt_settings(o, d);
        return;
    }
    json_add_number(o, "input_per_1k", b->input_per_1k);
    json_add_number(o, "cached_input_per_1k", b->cached_input_per_1k);
    json_add_number(o, "output_per_1k", b->output_per_1k);
    json_add_number(o, "cache_hit", b->cache_hit);
    json_add_number(o, "tier_above_tokens", b->tier_above_tokens);
    json_add_number(o, "request_input_tokens", b->request_input_tokens);
    json_add_number(o, "request_output_tokens", b->request_output_tokens);
    if (!b->batch) {
        cJSON_AddNullToObject(o, "batch");
        return;
    }
    const struct deploy_billing *db = &d->billing;
    cJSON *bo = cJSON_AddObjectToObject(o, "batch");
    cJSON_AddStringToObject(bo, "input_price", batch_source(b->input_from));
    cJSON_AddStringToObject(bo, "output_price", batch_source(b->output_from));
    json_add_number(bo, "discount", db->discount);
    json_add_number(bo, "window_hours", db->window_s / HOUR_S);
    json_add_number(bo, "turnaround_hours",
                    (db->turnaround_s > 0 ? db->turnaround_s : db->window_s) / HOUR_S);
    json_add_number(bo, "waves", b->batch_waves);
    add_limit(bo, "requests_per_batch", db->requests_per_batch);
    add_limit(bo, "tokens_per_batch", db->tokens_per_batch);
    add_limit(bo, "batches_in_flight", db->batches_in_flight);
}
