/*
 * report_csv: the report's line items, one row each, for a spreadsheet.
 *
 * Header: phase,item,quantity,unit,unit_price,cost.  Fields are quoted as
 * RFC 4180 says (a field with a comma, a double quote or a line break is
 * put in double quotes, a double quote doubled); lines end with LF.  Numbers
 * are plain decimals with up to 15 significant digits, in the scenario's
 * currency; units:
 *
 *   1K tokens       tokens / 1000, at a price per 1K tokens
 *   instance-hour   count × billed hours of a dedicated backend
 *   hour            hours of fine-tuning (all runs)
 *   replica-hour    replicas × 730 h × months of hosting, or the replica-hours
 *                   billed to sized replicas (docs/capacity.md)
 *
 * Rows, by phase:
 *
 *   generation         per backend: "NAME input tokens" and "NAME output
 *                      tokens" (serverless and batch, at the rates billed:
 *                      a tier, a batch price), with cache hits "NAME cached
 *                      input tokens" between them (input tokens are then
 *                      those not hit), or "NAME instance-hours"
 *                      (dedicated: provisioning + serving + teardown, at the
 *                      spot price with spot)
 *   fine_tuning        "training hours" (an hourly price) or "training
 *                      tokens" (a price per 1K training tokens), all runs
 *   evaluation         per answering model: "answers by MODEL input
 *                      tokens" and "... output tokens"; with a judge,
 *                      "judge MODEL input tokens" and "... output tokens"
 *   inference.OPTION   per option, over the whole horizon: "hosting" (when
 *                      the model has a hosting price), "input tokens",
 *                      ("cached input tokens"), "output tokens"; the
 *                      option's serving cost
 *   total              no line items: the sums, one row per phase above
 *                      (item = the phase), then "one_off" (generation +
 *                      fine-tuning + evaluation) and "horizon" (the
 *                      project's cost over the horizon, as in the JSON
 *                      report's totals); quantity, unit and price empty
 *
 * The cost of each line item is quantity × unit_price, and the costs of a
 * phase's rows add up to that phase's cost in the report (and to its row in
 * phase "total"), up to the last printed digit.  Sum a whole file without
 * the "total" rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_csv.h"
#include "report.h"
#include "units.h"
#include "util.h"

/* Writes one text field, quoted when it must be, with no separator after it. */
static void csv_field(FILE *out, const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    render_csv_text(&sb, s, 0);
    sb.buf[--sb.len] = '\0'; /* the comma: the callers write their separators */
    fputs(sb.buf, out);
    strbuf_release(&sb);
}

static void csv_number(FILE *out, double v)
{
    /* -0 would look odd in a spreadsheet. */
    fprintf(out, "%.15g", v == 0 ? 0.0 : v);
}

/* A line item: cost = quantity × unit_price (the caller passes the model's figure). */
static void item(FILE *out, const char *phase, const char *name, double quantity, const char *unit,
                 double unit_price, double cost)
{
    csv_field(out, phase);
    fputc(',', out);
    csv_field(out, name);
    fputc(',', out);
    csv_number(out, quantity);
    fputc(',', out);
    csv_field(out, unit);
    fputc(',', out);
    csv_number(out, unit_price);
    fputc(',', out);
    csv_number(out, cost);
    fputc('\n', out);
}

static void total(FILE *out, const char *name, double cost)
{
    fputs("total,", out);
    csv_field(out, name);
    fputs(",,,,", out);
    csv_number(out, cost);
    fputc('\n', out);
}

/*
 * Input and output tokens at the rates billed (billing.h), as two rows, or
 * three with cache hits: the input row then counts the tokens not hit.
 */
static void token_items(FILE *out, const char *phase, const char *who, double input_tokens,
                        double output_tokens, const struct bill *b)
{
    const char *sep = *who ? " " : "";
    char *name = xasprintf("%s%sinput tokens", who, sep);
    item(out, phase, name, input_tokens * (1 - b->cache_hit) / 1000.0, "1K tokens", b->input_per_1k,
         bill_input_cost(b, input_tokens));
    free(name);
    if (b->cache_hit > 0) {
        name = xasprintf("%s%scached input tokens", who, sep);
        item(out, phase, name, input_tokens * b->cache_hit / 1000.0, "1K tokens",
             b->cached_input_per_1k, bill_cached_cost(b, input_tokens));
        free(name);
    }
    name = xasprintf("%s%soutput tokens", who, sep);
    item(out, phase, name, output_tokens / 1000.0, "1K tokens", b->output_per_1k,
         bill_output_cost(b, output_tokens));
    free(name);
}

static void generation_rows(FILE *out, const struct report *r)
{
    const struct gen_result *g = &r->generation;
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        const struct deployment *be = b->backend;
        if (be->type != DEPLOY_DEDICATED) {
            token_items(out, "generation", be->name, b->input_tokens, b->output_tokens, &b->bill);
        } else {
            char *name = xasprintf("%s instance-hours", be->name);
            item(out, "generation", name, be->count * b->billed_s / HOUR_S, "instance-hour",
                 b->bill.per_hour, b->cost);
            free(name);
        }
    }
}

static void fine_tuning_rows(FILE *out, const struct report *r)
{
    const struct fine_tuning *in = &r->scenario->fine_tuning;
    const struct ft_result *f = &r->fine_tuning;
    if (in->price.per_token)
        item(out, "fine_tuning", "training tokens", f->training_tokens / 1000.0, "1K tokens",
             in->price.per_1k_training_tokens, f->cost);
    else
        item(out, "fine_tuning", "training hours", f->duration_s / HOUR_S, "hour",
             in->price.per_hour, f->cost);
}

static void evaluation_rows(FILE *out, const struct report *r)
{
    const struct evaluation *in = &r->scenario->evaluation;
    const struct eval_result *e = &r->evaluation;
    for (size_t i = 0; i < in->nmodels; i++) {
        const struct model_price *m = &in->models[i];
        char *who = xasprintf("answers by %s", m->name ? m->name : "inline prices");
        token_items(out, "evaluation", who, e->answer_input_tokens, e->answer_output_tokens,
                    &e->model_bills[i]);
        free(who);
    }
    if (in->has_judge) {
        char *who = xasprintf("judge %s", in->judge.name ? in->judge.name : "inline prices");
        token_items(out, "evaluation", who, e->judge_input_tokens, e->judge_output_tokens,
                    &e->judge_bill);
        free(who);
    }
}

/* An option over the horizon: hosting plus tokens is the option's serving cost. */
static void option_rows(FILE *out, const struct report *r, const struct option_result *o)
{
    const struct inference_result *inf = &r->inference;
    const struct model_price *m = &o->option->model;
    char *phase = xasprintf("inference.%s", o->option->name);
    double per_hour = o->option->has_instance ? o->option->instance.per_hour : m->hosting_per_hour;
    if (o->hosted)
        item(out, phase, "hosting", o->hosting_hours, "replica-hour", per_hour, o->hosting_cost);
    token_items(out, phase, "", inf->horizon_input_tokens, inf->horizon_output_tokens, &o->bill);
    free(phase);
}

int report_write_csv(const struct report *r, FILE *out)
{
    const struct inference_result *inf = &r->inference;
    fputs("phase,item,quantity,unit,unit_price,cost\n", out);
    if (r->generation.present)
        generation_rows(out, r);
    if (r->fine_tuning.present)
        fine_tuning_rows(out, r);
    if (r->evaluation.present)
        evaluation_rows(out, r);
    if (inf->present)
        for (size_t i = 0; i < inf->noptions; i++)
            option_rows(out, r, &inf->options[i]);
    if (r->generation.present)
        total(out, "generation", r->generation.cost);
    if (r->fine_tuning.present)
        total(out, "fine_tuning", r->fine_tuning.cost);
    if (r->evaluation.present)
        total(out, "evaluation", r->evaluation.cost);
    if (inf->present)
        for (size_t i = 0; i < inf->noptions; i++) {
            char *phase = xasprintf("inference.%s", inf->options[i].option->name);
            total(out, phase, inf->options[i].serving_cost);
            free(phase);
        }
    total(out, "one_off", r->one_off);
    total(out, "horizon", r->horizon_total);
    return ferror(out) ? -1 : 0;
}
