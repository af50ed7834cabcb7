/*
 * report_json: the JSON report, written with cJSON.  The keys of the format
 * document's section 9 are stable; others may be added.  Money is in the
 * scenario's currency, times in hours unless the key says otherwise, tokens
 * are counts; a figure that does not exist is null.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "json_out.h"
#include "phrases.h"
#include "report.h"
#include "report_capacity.h"
#include "units.h"
#include "util.h"

static cJSON *prices_json(const struct report *r)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < r->ncatalogues; i++) {
        const struct catalogue_use *u = &r->catalogues[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", u->catalogue->file);
        cJSON_AddStringToObject(o, "source", u->catalogue->source);
        cJSON_AddStringToObject(o, "as_of", u->catalogue->as_of);
        cJSON_AddItemToObject(o, "used", cJSON_CreateStringArray(u->used, (int)u->nused));
        report_json_catalogue(o, u->catalogue);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

static cJSON *mix_json(const struct scenario *s, const struct gen_mix *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *counts = cJSON_AddObjectToObject(o, "counts");
    for (size_t i = 0; i < s->generation.nbackends; i++)
        cJSON_AddNumberToObject(counts, s->backends[s->generation.backends[i]].name, m->counts[i]);
    json_add_number(o, "hours", m->wall_s / HOUR_S);
    json_add_number(o, "cost", m->cost);
    return o;
}

static cJSON *plan_json(const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct gen_plan *p = &r->generation.plan;
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "deadline_hours", p->deadline_s / HOUR_S);
    if (p->has_cheapest)
        cJSON_AddItemToObject(o, "cheapest", mix_json(s, &p->cheapest));
    else
        cJSON_AddNullToObject(o, "cheapest");
    if (p->has_fastest)
        cJSON_AddItemToObject(o, "fastest", mix_json(s, &p->fastest));
    else
        cJSON_AddNullToObject(o, "fastest");
    json_add_number(o, "fastest_misses_by_hours", p->misses_by_s / HOUR_S);
    cJSON *frontier = cJSON_AddArrayToObject(o, "frontier");
    for (size_t i = 0; i < p->nfrontier; i++)
        cJSON_AddItemToArray(frontier, mix_json(s, &p->frontier[i]));
    return o;
}

static cJSON *budget_json(const struct report *r)
{
    const struct budget *b = &r->scenario->budget;
    const struct budget_result *res = &r->budget;
    cJSON *o = cJSON_CreateObject();
    const char *const names[] = {"one_off", "monthly", "horizon"};
    const double limits[] = {b->one_off, b->monthly, b->horizon};
    const double values[] = {r->one_off, res->monthly, r->horizon_total};
    const int over[] = {res->over_one_off, res->over_monthly, res->over_horizon};
    for (int i = 0; i < 3; i++) {
        if (limits[i] <= 0)
            continue;
        cJSON *e = cJSON_AddObjectToObject(o, names[i]);
        json_add_number(e, "budget", limits[i]);
        json_add_number(e, "value", values[i]);
        cJSON_AddBoolToObject(e, "over", over[i]);
    }
    cJSON_AddBoolToObject(o, "over", res->over);
    return o;
}

static cJSON *generation_json(const struct report *r)
{
    const struct gen_result *g = &r->generation;
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "examples", g->examples);
    json_add_number(o, "requests", g->requests);
    json_add_number(o, "input_tokens", g->input_tokens);
    json_add_number(o, "output_tokens", g->output_tokens);
    json_add_number(o, "throughput_tok_s", g->throughput_tok_s);
    json_add_number(o, "hours", g->wall_s / HOUR_S);
    json_add_number(o, "cost", g->cost);
    if (g->has_volume) {
        const struct volume *v = &g->volume;
        cJSON *vo = cJSON_AddObjectToObject(o, "volume");
        json_add_number(vo, "chunks", v->chunks);
        json_add_number(vo, "chunks_used", v->chunks_used);
        json_add_number(vo, "question_calls", v->question_calls);
        json_add_number(vo, "answer_calls", v->answer_calls);
        json_add_number(vo, "requests", v->requests);
        json_add_number(vo, "examples", v->examples);
        json_add_number(vo, "input_tokens", v->input_tokens);
        json_add_number(vo, "output_tokens", v->output_tokens);
        json_add_number(vo, "example_tokens", v->example_tokens);
    }
    cJSON_AddStringToObject(
        o, "routing", r->scenario->generation.routing == ROUTING_CAPACITY ? "capacity" : "equal");
    cJSON *backends = cJSON_AddArrayToObject(o, "backends");
    cJSON *alone = cJSON_AddArrayToObject(o, "alone");
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", b->backend->name);
        cJSON_AddStringToObject(e, "type", deploy_type_name(b->backend->type));
        json_add_number(e, "share", b->share);
        json_add_number(e, "input_tokens", b->input_tokens);
        json_add_number(e, "output_tokens", b->output_tokens);
        json_add_number(e, "hours", b->busy_s / HOUR_S);
        json_add_number(e, "cost", b->cost);
        json_add_number(e, "throughput_tok_s", b->throughput_tok_s);
        /* Which bound gives the throughput: the backend's own, or one of its limits. */
        static const char *const bounds[] = {NULL, "tpm", "rpm"};
        cJSON_AddStringToObject(e, "throughput_from",
                                b->limited_by         ? bounds[b->limited_by]
                                : b->rate.from_curve  ? "curve"
                                : b->rate.from_stream ? "stream"
                                                      : "throughput");
        json_add_number(e, "billed_hours", b->billed_s / HOUR_S);
        json_add_number(e, "count", b->count);
        report_json_bill(e, &b->bill, b->backend);
        const struct throughput_curve *c = b->backend->curve;
        if (b->rate.from_curve) {
            cJSON *co = cJSON_AddObjectToObject(e, "curve");
            cJSON_AddStringToObject(co, "model", b->rate.curve_model);
            json_add_number(co, "concurrency", b->rate.concurrency);
            cJSON_AddBoolToObject(co, "concurrency_is_knee", c->concurrency_is_knee);
            json_add_number(co, "unit_throughput_tok_s", b->rate.unit_tok_s);
            json_add_number(co, "r2", c->fit.r2);
            json_add_number(co, "measured_min", c->measured_min);
            json_add_number(co, "measured_max", c->measured_max);
            cJSON_AddBoolToObject(co, "outside_measured_range", b->rate.outside_measured);
            cJSON_AddBoolToObject(co, "poor_fit", b->rate.poor_fit);
        }
        if (b->rate.concurrency_unused) {
            char *text = phrase_concurrency_unused(b->backend);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(e, "notes"), cJSON_CreateString(text));
            free(text);
        }
        cJSON_AddItemToArray(backends, e);
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "name", b->backend->name);
        json_add_number(a, "hours", b->alone_wall_s / HOUR_S);
        json_add_number(a, "cost", b->alone_cost);
        cJSON_AddItemToArray(alone, a);
    }
    if (g->plan.present)
        cJSON_AddItemToObject(o, "plan", plan_json(r));
    return o;
}

static cJSON *fine_tuning_json(const struct report *r)
{
    const struct ft_result *f = &r->fine_tuning;
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "runs", f->runs);
    json_add_number(o, "hours", f->duration_s / HOUR_S);
    json_add_number(o, "cost", f->cost);
    json_add_number(o, "hours_per_run", f->run_s / HOUR_S);
    /* Per run, as the estimate's formula gives them; the total beside. */
    if (f->training_tokens > 0) {
        json_add_number(o, "training_tokens", f->training_tokens_per_run);
        json_add_number(o, "training_tokens_all_runs", f->training_tokens);
    }
    if (r->scenario->fine_tuning.has_estimate)
        json_add_number(o, "flops", f->flops);
    return o;
}

static cJSON *evaluation_json(const struct report *r)
{
    const struct eval_result *e = &r->evaluation;
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "questions", e->questions);
    json_add_number(o, "answer_cost", e->answer_cost);
    json_add_number(o, "judge_cost", e->judge_cost);
    json_add_number(o, "cost", e->cost);
    return o;
}

static cJSON *comparison_json(const struct comparison *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "baseline", c->baseline->name);
    cJSON_AddStringToObject(o, "candidate", c->candidate->name);
    json_add_number(o, "input_price_ratio", c->input_price_ratio);
    json_add_number(o, "output_price_ratio", c->output_price_ratio);
    json_add_number(o, "asymptotic_ratio", c->asymptotic_ratio);
    json_add_number(o, "first_month_ratio", c->first_month_ratio);
    json_add_number(o, "horizon_ratio", c->horizon_ratio);
    json_add_number(o, "breakeven_requests_per_day", c->breakeven_requests_per_day);
    json_add_number(o, "breakeven_tokens_per_month", c->breakeven_tokens_per_month);
    json_add_number(o, "payback_days", c->payback_days);
    if (c->claim > 0) {
        cJSON *claim = cJSON_AddObjectToObject(o, "claim");
        json_add_number(claim, "ratio", c->claim);
        cJSON_AddBoolToObject(claim, "holds", c->claim_holds);
        json_add_number(claim, "requests_per_day_needed", c->claim_requests_per_day);
        json_add_number(claim, "best_ratio", c->best_ratio);
        cJSON_AddStringToObject(claim, "holds_when",
                                c->claim_rises_with_traffic ? "at_or_above" : "at_or_below");
        if (c->staircase)
            json_add_number(claim, "requests_per_day_for_good", c->claim_for_good_requests_per_day);
    } else {
        cJSON_AddNullToObject(o, "claim");
    }
    /* Sized hosting: the ratio against traffic is a staircase (docs/capacity.md). */
    if (c->staircase)
        cJSON_AddBoolToObject(o, "staircase", 1);
    return o;
}

static cJSON *inference_json(const struct report *r)
{
    const struct inference_result *inf = &r->inference;
    const struct inference *in = &r->scenario->inference;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "horizon_months", inf->months);
    json_add_number(o, "requests_per_day", inf->requests_per_day);
    json_add_number(o, "input_tokens_per_request", in->input_tokens);
    json_add_number(o, "output_tokens_per_request", in->output_tokens);
    json_add_number(o, "growth_per_month", in->growth);
    cJSON *options = cJSON_AddArrayToObject(o, "options");
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *opt = &inf->options[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", opt->option->name);
        if (opt->option->model.name)
            cJSON_AddStringToObject(e, "model", opt->option->model.name);
        if (opt->option->instance.name)
            cJSON_AddStringToObject(e, "instance", opt->option->instance.name);
        json_add_number(e, "first_month_cost", opt->first_month_cost);
        json_add_number(e, "horizon_cost", opt->horizon_cost);
        json_add_number(e, "serving_cost", opt->serving_cost);
        json_add_number(e, "hosting_per_month", opt->hosting_per_month);
        report_json_option_spot(e, opt->option);
        json_add_number(e, "token_cost_per_request", opt->token_cost_per_request);
        report_json_bill(e, &opt->bill, opt->option);
        cJSON *monthly = cJSON_CreateDoubleArray(opt->monthly, inf->months);
        cJSON_AddItemToObject(e, "monthly", monthly);
        report_json_capacity(r, i, e);
        cJSON_AddItemToArray(options, e);
    }
    if (inf->comparison.present)
        cJSON_AddItemToObject(o, "comparison", comparison_json(&inf->comparison));
    report_json_comparisons(r, o, comparison_json);
    return o;
}

cJSON *report_json_object(const struct report *r)
{
    const struct scenario *s = r->scenario;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "raftcost_report", 1);
    cJSON *sc = cJSON_AddObjectToObject(root, "scenario");
    cJSON_AddStringToObject(sc, "name", s->name);
    cJSON_AddStringToObject(sc, "file", s->file);
    cJSON_AddStringToObject(root, "currency", s->currency);
    cJSON_AddItemToObject(root, "prices", prices_json(r));
    if (r->generation.present)
        cJSON_AddItemToObject(root, "generation", generation_json(r));
    if (r->simulation.present)
        cJSON_AddItemToObject(root, "simulation", report_json_simulation(r));
    if (r->fine_tuning.present)
        cJSON_AddItemToObject(root, "fine_tuning", fine_tuning_json(r));
    if (r->evaluation.present)
        cJSON_AddItemToObject(root, "evaluation", evaluation_json(r));
    if (r->inference.present)
        cJSON_AddItemToObject(root, "inference", inference_json(r));
    cJSON *totals = cJSON_AddObjectToObject(root, "totals");
    json_add_number(totals, "one_off", r->one_off);
    json_add_number(totals, "horizon", r->horizon_total);
    const struct budget *b = &s->budget;
    if (b->one_off > 0 || b->monthly > 0 || b->horizon > 0)
        cJSON_AddItemToObject(root, "budget", budget_json(r));
    if (r->uncertainty)
        cJSON_AddItemToObject(root, "uncertainty", report_json_uncertainty(r));
    return root;
}

char *report_json(const struct report *r)
{
    cJSON *root = report_json_object(r);
    char *text = json_print(root);
    if (!text) {
        fputs("raftcost: out of memory\n", stderr);
        abort();
    }
    return text;
}
