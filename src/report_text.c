/*
 * report_text: the report for a planning meeting, as aligned plain text.
 * Money has thousands separators and two decimals, tokens are 10.0M,
 * durations 2 h 56 min.  Every figure comes from struct report; nothing is
 * computed here but display conversions.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "phrases.h"
#include "report.h"

/* Buffers for the fmt_ functions; not every writer needs all six. */
#define U __attribute__((unused))
#define F                                                                                          \
    char b1[FMT_SIZE] U, b2[FMT_SIZE] U, b3[FMT_SIZE] U, b4[FMT_SIZE] U, b5[FMT_SIZE] U,           \
        b6[FMT_SIZE] U

static void write_plan(FILE *out, const struct report *r);

static void catalogue_line(FILE *out, const struct report *r)
{
    if (r->ncatalogues == 0) {
        fprintf(out, "Prices: written inline in the scenario\n");
        return;
    }
    for (size_t i = 0; i < r->ncatalogues; i++) {
        const struct catalogue_use *u = &r->catalogues[i];
        const struct catalogue *c = u->catalogue;
        fprintf(out, "%s %s (%s, as of %s)\n", i ? "       " : "Prices:", c->file, c->source,
                c->as_of);
        fprintf(out, "        %s", u->nused ? "used for " : "none of its prices used\n");
        for (size_t k = 0; k < u->nused; k++)
            fprintf(out, "%s%s", u->used[k], k + 1 < u->nused ? ", " : "\n");
    }
}

static const char *price_origin(const struct catalogue *from)
{
    return from ? from->file : "inline";
}

static void write_generation(FILE *out, const struct report *r)
{
    const struct gen_result *g = &r->generation;
    const struct scenario *s = r->scenario;
    const char *cur = s->currency;
    F;
    fprintf(out, "\nGENERATION");
    if (s->generation.teacher)
        fprintf(out, " with %s", s->generation.teacher);
    fprintf(out, "\n");
    if (g->has_volume) {
        /* The derivation, so that a reader can check it. */
        char *lines[PHRASES_VOLUME];
        phrases_volume(r, lines);
        for (int i = 0; i < PHRASES_VOLUME; i++) {
            fprintf(out, "%s%s\n", i ? "    " : "  dataset: ", lines[i]);
            free(lines[i]);
        }
    }
    fprintf(out, "  %s examples, %s input and %s output tokens, %s requests\n",
            fmt_count(b1, g->examples), fmt_tokens(b2, g->input_tokens),
            fmt_tokens(b3, g->output_tokens), fmt_count(b4, g->requests));
    fprintf(out, "  %s routing over %zu backend%s: %s tok/s together\n\n",
            s->generation.routing == ROUTING_CAPACITY ? "capacity" : "equal", g->nbackends,
            g->nbackends == 1 ? "" : "s", fmt_count(b1, g->throughput_tok_s));
    fprintf(out, "  %-12s %-10s %10s %7s %8s %8s %14s %12s\n", "backend", "type", "tok/s", "share",
            "input", "output", "serving", "cost");
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        char tps[FMT_SIZE];
        snprintf(tps, sizeof tps, "%.4g", b->throughput_tok_s);
        fprintf(out, "  %-12s %-10s %10s %7s %8s %8s %14s %12s\n", b->backend->name,
                b->backend->type == DEPLOY_SERVERLESS ? "serverless" : "dedicated", tps,
                fmt_percent(b1, b->share), fmt_tokens(b2, b->input_tokens),
                fmt_tokens(b3, b->output_tokens), fmt_duration(b4, b->busy_s),
                fmt_money(b5, cur, b->cost));
    }
    fprintf(out, "  %-12s %-10s %10s %7s %8s %8s %14s %12s\n", "total", "",
            fmt_count(b6, g->throughput_tok_s), "100.0%", fmt_tokens(b1, g->input_tokens),
            fmt_tokens(b2, g->output_tokens), fmt_duration(b3, g->wall_s),
            fmt_money(b4, cur, g->cost));

    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        const struct deployment *be = b->backend;
        if (be->type == DEPLOY_SERVERLESS)
            fprintf(
                out, "  %s: %s in at %s/1K, %s out at %s/1K (%s)\n", be->name,
                fmt_tokens(b1, b->input_tokens), fmt_unit_price(b2, cur, be->model.input_per_1k),
                fmt_tokens(b3, b->output_tokens), fmt_unit_price(b4, cur, be->model.output_per_1k),
                be->model.name ? be->model.name : "inline prices");
        else
            fprintf(out,
                    "  %s: %.0f x %s at %s/h for %s (%s provisioning + %s serving + %s "
                    "teardown)\n",
                    be->name, b->count, be->instance.name ? be->instance.name : "instance",
                    fmt_money(b1, cur, be->instance.per_hour), fmt_duration(b2, b->billed_s),
                    fmt_duration(b3, be->provisioning_s), fmt_duration(b4, b->busy_s),
                    fmt_duration(b5, be->teardown_s));
        if (b->rate.from_curve) {
            const struct throughput_curve *c = be->curve;
            fprintf(out,
                    "  %s: %.4g tok/s%s from a %s curve at concurrency %.4g%s (R^2 %.4f, %zu "
                    "points from %s)\n",
                    be->name, b->rate.unit_tok_s,
                    be->type == DEPLOY_DEDICATED ? " per instance" : "", b->rate.curve_model,
                    b->rate.concurrency,
                    b->rate.why == DEPLOY_CONCURRENCY_LIMIT  ? ", its limits.concurrency"
                    : b->rate.why == DEPLOY_CONCURRENCY_KNEE ? ", its knee"
                                                             : "",
                    c->fit.r2, c->fit.n, c->source ? c->source : "the scenario");
            if (b->rate.outside_measured)
                fprintf(out, "  %s: warning: concurrency %.4g lies outside the measured %g to %g\n",
                        be->name, b->rate.concurrency, c->measured_min, c->measured_max);
            if (b->rate.poor_fit)
                fprintf(out, "  %s: warning: a poor fit (R^2 %.3f below 0.9): try another curve\n",
                        be->name, c->fit.r2);
        }
        if (b->limited_by)
            fprintf(out, "  %s: throughput capped at %.4g tok/s by its %s limit\n", be->name,
                    b->throughput_tok_s, b->limited_by == 1 ? "tpm" : "rpm");
        if (b->idle)
            fprintf(out,
                    "  %s: serves nothing: it is ready only after the job is done (it is "
                    "billed until then)\n",
                    be->name);
    }
    if (g->nbackends > 1) {
        fprintf(out, "\n  each backend alone:\n");
        for (size_t i = 0; i < g->nbackends; i++) {
            const struct gen_backend_result *b = &g->backends[i];
            fprintf(out, "  %-12s %14s %12s\n", b->backend->name, fmt_duration(b1, b->alone_wall_s),
                    fmt_money(b2, cur, b->alone_cost));
        }
        fprintf(out, "  %-12s %14s %12s\n", "the mix", fmt_duration(b1, g->wall_s),
                fmt_money(b2, cur, g->cost));
    }
    if (g->plan.present)
        write_plan(out, r);
}

/* "maas + 2 x maap": the backends of a mix with their counts. */
static void write_mix_label(FILE *out, const struct scenario *s, const struct gen_mix *m, int width)
{
    char label[256];
    size_t len = 0;
    label[0] = '\0';
    for (size_t i = 0; i < s->generation.nbackends && len < sizeof label; i++) {
        const struct deployment *b = &s->backends[s->generation.backends[i]];
        if (m->counts[i] == 0)
            continue;
        int n = b->type == DEPLOY_SERVERLESS
                    ? snprintf(label + len, sizeof label - len, "%s%s", len ? " + " : "", b->name)
                    : snprintf(label + len, sizeof label - len, "%s%.0f x %s", len ? " + " : "",
                               m->counts[i], b->name);
        len += n > 0 ? (size_t)n : 0;
    }
    fprintf(out, "%-*s", width, label);
}

static void write_plan(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct gen_plan *p = &r->generation.plan;
    F;
    fprintf(out, "\n  deadline %s:\n", fmt_duration(b1, p->deadline_s));
    if (!p->has_fastest) {
        fprintf(out, "    no mix of backends can do the job\n");
        return;
    }
    if (p->has_cheapest) {
        fprintf(out, "    cheapest that makes it: ");
        write_mix_label(out, s, &p->cheapest, 0);
        fprintf(out, ": %s, %s\n", fmt_duration(b1, p->cheapest.wall_s),
                fmt_money(b2, s->currency, p->cheapest.cost));
    } else {
        fprintf(out, "    no mix makes it: the fastest misses by %s\n",
                fmt_duration(b1, p->misses_by_s));
    }
    fprintf(out, "    fastest: ");
    write_mix_label(out, s, &p->fastest, 0);
    fprintf(out, ": %s, %s\n", fmt_duration(b1, p->fastest.wall_s),
            fmt_money(b2, s->currency, p->fastest.cost));
    fprintf(out, "    time against cost (no mix is both faster and cheaper than these):\n");
    for (size_t i = 0; i < p->nfrontier; i++) {
        fprintf(out, "      ");
        write_mix_label(out, s, &p->frontier[i], 34);
        fprintf(out, " %14s %12s%s\n", fmt_duration(b1, p->frontier[i].wall_s),
                fmt_money(b2, s->currency, p->frontier[i].cost),
                p->frontier[i].makes_deadline ? "" : "  (too slow)");
    }
}

static void write_fine_tuning(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct fine_tuning *in = &s->fine_tuning;
    F;
    fprintf(out, "\nFINE-TUNING");
    if (in->student)
        fprintf(out, " of %s", in->student);
    fprintf(out, "\n");
    if (in->has_estimate) {
        char *lines[PHRASES_ESTIMATE];
        phrases_estimate(r, lines);
        for (int i = 0; i < PHRASES_ESTIMATE; i++) {
            fprintf(out, "%s%s\n", i ? "    " : "  estimate: ", lines[i]);
            free(lines[i]);
        }
    }
    char *cost = phrase_fine_tuning_cost(r);
    fprintf(out, "  %s\n", cost);
    free(cost);
    if (in->price.name)
        fprintf(out, "  price: %s (%s)\n", in->price.name, price_origin(in->price.from));
    else
        fprintf(out, "  price: written inline in the scenario\n");
}

static void write_evaluation(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct evaluation *in = &s->evaluation;
    const struct eval_result *e = &r->evaluation;
    F;
    fprintf(out, "\nEVALUATION\n");
    fprintf(out, "  %s questions", fmt_count(b1, e->questions));
    if (in->questions_is_share)
        fprintf(out, " (%s of %s examples)", fmt_percent(b1, in->questions),
                fmt_count(b2, r->generation.examples));
    fprintf(out, ", each answered by %zu model%s (%.0f in, %.0f out tokens)\n", in->nmodels,
            in->nmodels == 1 ? "" : "s", in->answer_input_tokens, in->answer_output_tokens);
    for (size_t i = 0; i < in->nmodels; i++)
        fprintf(out, "    %s: %s\n", in->models[i].name ? in->models[i].name : "(inline prices)",
                fmt_money(b1, s->currency, e->model_costs[i]));
    fprintf(out, "  answers  %14s\n", fmt_money(b1, s->currency, e->answer_cost));
    if (in->has_judge)
        fprintf(out,
                "  judge    %14s  (%s, %.0f metric%s x %s answers, %.0f in, %.0f out tokens "
                "each)\n",
                fmt_money(b1, s->currency, e->judge_cost),
                in->judge.name ? in->judge.name : "inline prices", in->metrics,
                in->metrics == 1 ? "" : "s", fmt_count(b2, e->answers), in->judge_input_tokens,
                in->judge_output_tokens);
    fprintf(out, "  total    %14s\n", fmt_money(b1, s->currency, e->cost));
}

static void write_claim(FILE *out, const struct report *r)
{
    const struct comparison *c = &r->inference.comparison;
    char *verdict = phrase_claim(c);
    fprintf(out, "  claim %gx: %s\n", c->claim, verdict);
    free(verdict);
}

static void write_inference(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct inference *in = &s->inference;
    const struct inference_result *inf = &r->inference;
    const char *cur = s->currency;
    F;
    fprintf(out, "\nINFERENCE over %d month%s\n", inf->months, inf->months == 1 ? "" : "s");
    fprintf(out, "  %s requests/day, %s input + %s output tokens each, growth %s a month\n\n",
            fmt_count(b1, inf->requests_per_day), fmt_count(b2, in->input_tokens),
            fmt_count(b3, in->output_tokens), fmt_percent(b4, in->growth));
    fprintf(out, "  %-12s %-34s %13s %12s %13s %14s\n", "option", "model", "hosting/month",
            "per request", "month 1", "horizon");
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        const struct model_price *m = &o->option->model;
        int candidate = in->has_compare && i == in->candidate;
        fprintf(out, "  %-12s %-34s %13s %12s %13s %14s%s\n", o->option->name,
                m->name ? m->name : "(inline prices)",
                o->hosted ? fmt_money(b1, cur, o->hosting_per_month) : "-",
                fmt_unit_price(b2, cur, o->token_cost_per_request),
                fmt_money(b3, cur, o->first_month_cost), fmt_money(b4, cur, o->horizon_cost),
                candidate && r->one_off > 0 ? " *" : "");
    }
    if (in->has_compare && r->one_off > 0)
        fprintf(out, "  * includes the one-off costs of %s\n", fmt_money(b1, cur, r->one_off));
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        if (o->hosted && o->replicas != 1)
            fprintf(out, "  %s: %.0f replicas\n", o->option->name, o->replicas);
    }
    if (!in->has_compare)
        return;
    const struct comparison *c = &inf->comparison;
    fprintf(out, "\nCOMPARISON: %s against %s\n", c->candidate->name, c->baseline->name);
    fprintf(out, "  price ratio       %s input, %s output\n", fmt_ratio(b1, c->input_price_ratio),
            fmt_ratio(b2, c->output_price_ratio));
    fprintf(out,
            "  asymptotic ratio  %s (token costs per request at this mix: the ratio at "
            "unlimited traffic)\n",
            fmt_ratio(b1, c->asymptotic_ratio));
    fprintf(out, "  month-1 ratio     %s\n", fmt_ratio(b1, c->first_month_ratio));
    fprintf(out, "  horizon ratio     %s (one-off costs included)\n",
            fmt_ratio(b1, c->horizon_ratio));
    if (isnan(c->breakeven_requests_per_day))
        fprintf(out, "  breakeven         never: %s costs no less per request\n",
                c->candidate->name);
    else
        fprintf(out, "  breakeven         %s requests/day (%s tokens/month)\n",
                fmt_count(b1, c->breakeven_requests_per_day),
                fmt_tokens(b2, c->breakeven_tokens_per_month));
    if (isnan(c->payback_days))
        fprintf(out, "  payback           never within the horizon\n");
    else
        fprintf(out, "  payback           %.1f days\n", c->payback_days);
    if (c->claim > 0)
        write_claim(out, r);
}

static void budget_line(FILE *out, const char *currency, const char *what, double value,
                        double budget, int over)
{
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    if (budget <= 0)
        return;
    if (isnan(value)) {
        fprintf(out, "  %-10s %14s  budget %s: nothing to check\n", what, "-",
                fmt_money(b2, currency, budget));
        return;
    }
    fprintf(out, "  %-10s %14s  budget %s: %s", what, fmt_money(b1, currency, value),
            fmt_money(b2, currency, budget), over ? "OVER by " : "within\n");
    if (over)
        fprintf(out, "%s\n", fmt_money(b3, currency, value - budget));
}

int report_write_text(const struct report *r, FILE *out)
{
    const struct scenario *s = r->scenario;
    F;
    fprintf(out, "%s\n", s->name);
    fprintf(out, "Scenario: %s; currency %s\n", s->file, s->currency);
    catalogue_line(out, r);
    if (r->generation.present)
        write_generation(out, r);
    if (r->fine_tuning.present)
        write_fine_tuning(out, r);
    if (r->evaluation.present)
        write_evaluation(out, r);
    if (r->inference.present)
        write_inference(out, r);
    fprintf(out, "\nTOTALS\n");
    fprintf(out, "  one-off (generation, fine-tuning, evaluation) %14s\n",
            fmt_money(b1, s->currency, r->one_off));
    if (r->inference.present && s->inference.has_compare)
        fprintf(out, "  over %d month%s with %-23s %14s\n", r->inference.months,
                r->inference.months == 1 ? "" : "s", r->inference.comparison.candidate->name,
                fmt_money(b2, s->currency, r->horizon_total));
    const struct budget *bud = &s->budget;
    if (bud->one_off > 0 || bud->monthly > 0 || bud->horizon > 0) {
        fprintf(out, "\nBUDGET%s\n", r->budget.over ? ": OVER" : "");
        budget_line(out, s->currency, "one-off", r->one_off, bud->one_off, r->budget.over_one_off);
        budget_line(out, s->currency, "monthly", r->budget.monthly, bud->monthly,
                    r->budget.over_monthly);
        budget_line(out, s->currency, "horizon", r->horizon_total, bud->horizon,
                    r->budget.over_horizon);
    }
    return ferror(out) ? -1 : 0;
}
