/*
 * report_md: the text report's content as Markdown (CommonMark with GitHub's
 * tables), to paste into a wiki page or a pull request.  Headings for the
 * phases, a table for each list of figures, the same formatted numbers as
 * the text report.  Every figure comes from struct report.
 *
 * Text from the user (names, file names, catalogue sources) is escaped, so
 * that a '|' cannot split a table cell nor a '*' start emphasis; a newline
 * in it becomes a space.  Money keeps its plain '$': no line here puts a
 * '$' right after a non-space character, so renderers with TeX math
 * ($...$) leave the amounts alone.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "phrases.h"
#include "report.h"

#define U __attribute__((unused))
#define F                                                                                          \
    char b1[FMT_SIZE] U, b2[FMT_SIZE] U, b3[FMT_SIZE] U, b4[FMT_SIZE] U, b5[FMT_SIZE] U,           \
        b6[FMT_SIZE] U

/* Writes user text with Markdown's special characters escaped. */
static void md_text(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        /* An '_' inside a word (Standard_NC96) emphasises nothing: keep it plain. */
        int inside_word =
            c == '_' && p > s && isalnum((unsigned char)p[-1]) && isalnum((unsigned char)p[1]);
        if (c == '\n' || c == '\r' || c == '\t')
            fputc(' ', out);
        else if (c != '\0' && strchr("\\`*_[]<>|#~!&$", c) && !inside_word)
            fprintf(out, "\\%c", c);
        else
            fputc(c, out);
    }
}

/* A table row from cells already formatted (no user text in them). */
static void row(FILE *out, int ncells, const char *const *cells)
{
    fputs("|", out);
    for (int i = 0; i < ncells; i++)
        fprintf(out, " %s |", cells[i]);
    fputs("\n", out);
}

static void write_header(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    fputs("# ", out);
    md_text(out, s->name);
    fputs("\n\nScenario: ", out);
    md_text(out, s->file);
    fprintf(out, "; currency %s\n\n", s->currency);
    if (r->ncatalogues == 0) {
        fputs("Prices: written inline in the scenario\n", out);
        return;
    }
    fputs("Prices:\n\n", out);
    for (size_t i = 0; i < r->ncatalogues; i++) {
        const struct catalogue *c = r->catalogues[i].catalogue;
        size_t n = r->catalogues[i].nused;
        const char *const *used = r->catalogues[i].used;
        fputs("- ", out);
        md_text(out, c->file);
        fputs(" (", out);
        md_text(out, c->source);
        fputs(", as of ", out);
        md_text(out, c->as_of);
        fputs(n ? "): used for " : "): none of its prices used", out);
        for (size_t k = 0; k < n; k++) {
            md_text(out, used[k]);
            fputs(k + 1 < n ? ", " : "", out);
        }
        fputs("\n", out);
    }
}

static void write_volume(FILE *out, const struct report *r)
{
    char *lines[PHRASES_VOLUME];
    phrases_volume(r, lines);
    for (int i = 0; i < PHRASES_VOLUME; i++) {
        fprintf(out, "%s%s\n%s", i ? "- " : "Dataset: ", lines[i],
                i == 0 || i + 1 == PHRASES_VOLUME ? "\n" : "");
        free(lines[i]);
    }
}

static void write_backend_notes(FILE *out, const struct report *r)
{
    const struct gen_result *g = &r->generation;
    const struct scenario *s = r->scenario;
    const char *cur = s->currency;
    F;
    fputs("\n", out);
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        const struct deployment *be = b->backend;
        fputs("- ", out);
        md_text(out, be->name);
        if (be->type == DEPLOY_SERVERLESS) {
            fprintf(out, ": %s in at %s/1K, %s out at %s/1K (", fmt_tokens(b1, b->input_tokens),
                    fmt_unit_price(b2, cur, be->model.input_per_1k),
                    fmt_tokens(b3, b->output_tokens),
                    fmt_unit_price(b4, cur, be->model.output_per_1k));
            md_text(out, be->model.name ? be->model.name : "inline prices");
            fputs(")\n", out);
        } else {
            fprintf(out, ": %.0f x ", b->count);
            md_text(out, be->instance.name ? be->instance.name : "instance");
            fprintf(out, " at %s/h for %s (%s provisioning + %s serving + %s teardown)\n",
                    fmt_money(b1, cur, be->instance.per_hour), fmt_duration(b2, b->billed_s),
                    fmt_duration(b3, be->provisioning_s), fmt_duration(b4, b->busy_s),
                    fmt_duration(b5, be->teardown_s));
        }
        if (b->rate.from_curve) {
            const struct throughput_curve *c = be->curve;
            fputs("- ", out);
            md_text(out, be->name);
            fprintf(out,
                    ": %.4g tok/s%s from a %s curve at concurrency %.4g%s (R² %.4f, %zu "
                    "points from ",
                    b->rate.unit_tok_s, be->type == DEPLOY_DEDICATED ? " per instance" : "",
                    b->rate.curve_model, b->rate.concurrency,
                    b->rate.why == DEPLOY_CONCURRENCY_LIMIT  ? ", its limits.concurrency"
                    : b->rate.why == DEPLOY_CONCURRENCY_KNEE ? ", its knee"
                                                             : "",
                    c->fit.r2, c->fit.n);
            md_text(out, c->source ? c->source : "the scenario");
            fputs(")\n", out);
            if (b->rate.outside_measured) {
                fputs("- ", out);
                md_text(out, be->name);
                fprintf(out, ": **warning**: concurrency %.4g lies outside the measured %g to %g\n",
                        b->rate.concurrency, c->measured_min, c->measured_max);
            }
            if (b->rate.poor_fit) {
                fputs("- ", out);
                md_text(out, be->name);
                fprintf(out, ": **warning**: a poor fit (R² %.3f below 0.9): try another curve\n",
                        c->fit.r2);
            }
        }
        if (b->limited_by) {
            fputs("- ", out);
            md_text(out, be->name);
            fprintf(out, ": throughput capped at %.4g tok/s by its %s limit\n", b->throughput_tok_s,
                    b->limited_by == 1 ? "tpm" : "rpm");
        }
        if (b->idle) {
            fputs("- ", out);
            md_text(out, be->name);
            fputs(": serves nothing: it is ready only after the job is done (it is billed until "
                  "then)\n",
                  out);
        }
    }
}

/* "maas + 2 x maap": the backends of a mix with their counts. */
static void write_mix_label(FILE *out, const struct scenario *s, const struct gen_mix *m)
{
    int first = 1;
    for (size_t i = 0; i < s->generation.nbackends; i++) {
        const struct deployment *b = &s->backends[s->generation.backends[i]];
        if (m->counts[i] == 0)
            continue;
        fputs(first ? "" : " + ", out);
        if (b->type == DEPLOY_DEDICATED)
            fprintf(out, "%.0f x ", m->counts[i]);
        md_text(out, b->name);
        first = 0;
    }
}

static void write_plan(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct gen_plan *p = &r->generation.plan;
    F;
    fprintf(out, "\n### Deadline %s\n\n", fmt_duration(b1, p->deadline_s));
    if (!p->has_fastest) {
        fputs("No mix of backends can do the job.\n", out);
        return;
    }
    if (p->has_cheapest) {
        fputs("- cheapest that makes it: ", out);
        write_mix_label(out, s, &p->cheapest);
        fprintf(out, ": %s, %s\n", fmt_duration(b1, p->cheapest.wall_s),
                fmt_money(b2, s->currency, p->cheapest.cost));
    } else {
        fprintf(out, "- **no mix makes it**: the fastest misses by %s\n",
                fmt_duration(b1, p->misses_by_s));
    }
    fputs("- fastest: ", out);
    write_mix_label(out, s, &p->fastest);
    fprintf(out, ": %s, %s\n", fmt_duration(b1, p->fastest.wall_s),
            fmt_money(b2, s->currency, p->fastest.cost));
    fputs("\nTime against cost (no mix is both faster and cheaper than these):\n\n"
          "| mix | time | cost | deadline |\n| :--- | ---: | ---: | :--- |\n",
          out);
    for (size_t i = 0; i < p->nfrontier; i++) {
        fputs("| ", out);
        write_mix_label(out, s, &p->frontier[i]);
        fprintf(out, " | %s | %s | %s |\n", fmt_duration(b1, p->frontier[i].wall_s),
                fmt_money(b2, s->currency, p->frontier[i].cost),
                p->frontier[i].makes_deadline ? "makes it" : "too slow");
    }
}

static void write_generation(FILE *out, const struct report *r)
{
    const struct gen_result *g = &r->generation;
    const struct scenario *s = r->scenario;
    const char *cur = s->currency;
    F;
    fputs("\n## Generation", out);
    if (s->generation.teacher) {
        fputs(" with ", out);
        md_text(out, s->generation.teacher);
    }
    fputs("\n\n", out);
    if (g->has_volume)
        write_volume(out, r);
    fprintf(out, "%s examples, %s input and %s output tokens, %s requests; ",
            fmt_count(b1, g->examples), fmt_tokens(b2, g->input_tokens),
            fmt_tokens(b3, g->output_tokens), fmt_count(b4, g->requests));
    fprintf(out, "%s routing over %zu backend%s: %s tok/s together\n\n",
            s->generation.routing == ROUTING_CAPACITY ? "capacity" : "equal", g->nbackends,
            g->nbackends == 1 ? "" : "s", fmt_count(b1, g->throughput_tok_s));
    fputs("| backend | type | tok/s | share | input | output | serving | cost |\n"
          "| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
          out);
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        char tps[FMT_SIZE];
        snprintf(tps, sizeof tps, "%.4g", b->throughput_tok_s);
        fputs("| ", out);
        md_text(out, b->backend->name);
        fprintf(out, " | %s | %s | %s | %s | %s | %s | %s |\n",
                b->backend->type == DEPLOY_SERVERLESS ? "serverless" : "dedicated", tps,
                fmt_percent(b1, b->share), fmt_tokens(b2, b->input_tokens),
                fmt_tokens(b3, b->output_tokens), fmt_duration(b4, b->busy_s),
                fmt_money(b5, cur, b->cost));
    }
    fprintf(out, "| **total** | | %s | 100.0%% | %s | %s | %s | **%s** |\n",
            fmt_count(b6, g->throughput_tok_s), fmt_tokens(b1, g->input_tokens),
            fmt_tokens(b2, g->output_tokens), fmt_duration(b3, g->wall_s),
            fmt_money(b4, cur, g->cost));
    write_backend_notes(out, r);
    if (g->nbackends > 1) {
        fputs("\nEach backend alone, against the mix:\n\n"
              "| backend | time | cost |\n"
              "| :--- | ---: | ---: |\n",
              out);
        for (size_t i = 0; i < g->nbackends; i++) {
            const struct gen_backend_result *b = &g->backends[i];
            fputs("| ", out);
            md_text(out, b->backend->name);
            fprintf(out, " | %s | %s |\n", fmt_duration(b1, b->alone_wall_s),
                    fmt_money(b2, cur, b->alone_cost));
        }
        const char *mix[] = {"the mix", fmt_duration(b1, g->wall_s), fmt_money(b2, cur, g->cost)};
        row(out, 3, mix);
    }
    if (g->plan.present)
        write_plan(out, r);
}

static void write_fine_tuning(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct fine_tuning *in = &s->fine_tuning;
    F;
    fputs("\n## Fine-tuning", out);
    if (in->student) {
        fputs(" of ", out);
        md_text(out, in->student);
    }
    fputs("\n\n", out);
    if (in->has_estimate) {
        char *lines[PHRASES_ESTIMATE];
        phrases_estimate(r, lines);
        for (int i = 0; i < PHRASES_ESTIMATE; i++) {
            fprintf(out, "- %s%s\n", i ? "" : "estimate: ", lines[i]);
            free(lines[i]);
        }
    }
    char *cost = phrase_fine_tuning_cost(r);
    fprintf(out, "- %s\n", cost);
    free(cost);
    if (in->price.name) {
        fputs("- price: ", out);
        md_text(out, in->price.name);
        fputs(" (", out);
        md_text(out, in->price.from ? in->price.from->file : "inline");
        fputs(")\n", out);
    } else {
        fputs("- price: written inline in the scenario\n", out);
    }
}

static void write_evaluation(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct evaluation *in = &s->evaluation;
    const struct eval_result *e = &r->evaluation;
    F;
    fputs("\n## Evaluation\n\n", out);
    fprintf(out, "%s questions", fmt_count(b1, e->questions));
    if (in->questions_is_share)
        fprintf(out, " (%s of %s examples)", fmt_percent(b1, in->questions),
                fmt_count(b2, r->generation.examples));
    fprintf(out, ", each answered by %zu model%s (%.0f in, %.0f out tokens)\n\n", in->nmodels,
            in->nmodels == 1 ? "" : "s", in->answer_input_tokens, in->answer_output_tokens);
    fputs("| item | cost |\n| :--- | ---: |\n", out);
    for (size_t i = 0; i < in->nmodels; i++) {
        const struct model_price *m = &in->models[i];
        fputs("| answers by ", out);
        md_text(out, m->name ? m->name : "(inline prices)");
        fprintf(out, " | %s |\n", fmt_money(b1, s->currency, e->model_costs[i]));
    }
    fprintf(out, "| answers | %s |\n", fmt_money(b1, s->currency, e->answer_cost));
    if (in->has_judge) {
        fputs("| judge: ", out);
        md_text(out, in->judge.name ? in->judge.name : "inline prices");
        fprintf(out, ", %.0f metric%s x %s answers, %.0f in, %.0f out tokens each | %s |\n",
                in->metrics, in->metrics == 1 ? "" : "s", fmt_count(b2, e->answers),
                in->judge_input_tokens, in->judge_output_tokens,
                fmt_money(b1, s->currency, e->judge_cost));
    }
    fprintf(out, "| **total** | **%s** |\n", fmt_money(b1, s->currency, e->cost));
}

static void write_claim(FILE *out, const struct report *r)
{
    const struct comparison *c = &r->inference.comparison;
    char *verdict = phrase_claim(c);
    fprintf(out, "| claim %gx | %s |\n", c->claim, verdict);
    free(verdict);
}

static void write_comparison(FILE *out, const struct report *r)
{
    const struct comparison *c = &r->inference.comparison;
    F;
    fputs("\n## Comparison: ", out);
    md_text(out, c->candidate->name);
    fputs(" against ", out);
    md_text(out, c->baseline->name);
    fputs("\n\n| figure | value |\n| :--- | :--- |\n", out);
    fprintf(out, "| price ratio | %s input, %s output |\n", fmt_ratio(b1, c->input_price_ratio),
            fmt_ratio(b2, c->output_price_ratio));
    fprintf(out,
            "| asymptotic ratio | %s (token costs per request at this mix: the ratio at "
            "unlimited traffic) |\n",
            fmt_ratio(b1, c->asymptotic_ratio));
    fprintf(out, "| month-1 ratio | %s |\n", fmt_ratio(b1, c->first_month_ratio));
    fprintf(out, "| horizon ratio | %s (one-off costs included) |\n",
            fmt_ratio(b1, c->horizon_ratio));
    if (isnan(c->breakeven_requests_per_day)) {
        fputs("| breakeven | never: ", out);
        md_text(out, c->candidate->name);
        fputs(" costs no less per request |\n", out);
    } else {
        fprintf(out, "| breakeven | %s requests/day (%s tokens/month) |\n",
                fmt_count(b1, c->breakeven_requests_per_day),
                fmt_tokens(b2, c->breakeven_tokens_per_month));
    }
    if (isnan(c->payback_days))
        fputs("| payback | never within the horizon |\n", out);
    else
        fprintf(out, "| payback | %.1f days |\n", c->payback_days);
    if (c->claim > 0)
        write_claim(out, r);
}

static void write_inference(FILE *out, const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct inference *in = &s->inference;
    const struct inference_result *inf = &r->inference;
    const char *cur = s->currency;
    F;
    fprintf(out, "\n## Inference over %d month%s\n\n", inf->months, inf->months == 1 ? "" : "s");
    fprintf(out, "%s requests/day, %s input + %s output tokens each, growth %s a month\n\n",
            fmt_count(b1, inf->requests_per_day), fmt_count(b2, in->input_tokens),
            fmt_count(b3, in->output_tokens), fmt_percent(b4, in->growth));
    fputs("| option | model | hosting/month | per request | month 1 | horizon |\n"
          "| :--- | :--- | ---: | ---: | ---: | ---: |\n",
          out);
    int starred = in->has_compare && r->one_off > 0;
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        const struct model_price *m = &o->option->model;
        fputs("| ", out);
        md_text(out, o->option->name);
        fputs(" | ", out);
        md_text(out, m->name ? m->name : "(inline prices)");
        fprintf(out, " | %s | %s | %s | %s%s |\n",
                o->hosted ? fmt_money(b1, cur, o->hosting_per_month) : "-",
                fmt_unit_price(b2, cur, o->token_cost_per_request),
                fmt_money(b3, cur, o->first_month_cost), fmt_money(b4, cur, o->horizon_cost),
                starred && i == in->candidate ? " \\*" : "");
    }
    if (starred)
        fprintf(out, "\n\\* includes the one-off costs of %s\n", fmt_money(b1, cur, r->one_off));
    int replicas_noted = 0;
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        if (o->hosted && o->replicas != 1) {
            fputs(replicas_noted++ ? "- " : "\n- ", out);
            md_text(out, o->option->name);
            fprintf(out, ": %.0f replicas\n", o->replicas);
        }
    }
    if (in->has_compare)
        write_comparison(out, r);
}

int report_write_md(const struct report *r, FILE *out)
{
    const struct scenario *s = r->scenario;
    F;
    write_header(out, r);
    if (r->generation.present)
        write_generation(out, r);
    if (r->fine_tuning.present)
        write_fine_tuning(out, r);
    if (r->evaluation.present)
        write_evaluation(out, r);
    if (r->inference.present)
        write_inference(out, r);
    fputs("\n## Totals\n\n| total | cost |\n| :--- | ---: |\n", out);
    fprintf(out, "| one-off (generation, fine-tuning, evaluation) | %s |\n",
            fmt_money(b1, s->currency, r->one_off));
    if (r->inference.present && s->inference.has_compare) {
        fprintf(out, "| over %d month%s with ", r->inference.months,
                r->inference.months == 1 ? "" : "s");
        md_text(out, r->inference.comparison.candidate->name);
        fprintf(out, " | **%s** |\n", fmt_money(b2, s->currency, r->horizon_total));
    }
    const struct budget *bud = &s->budget;
    if (bud->one_off > 0 || bud->monthly > 0 || bud->horizon > 0) {
        fprintf(out,
                "\n## Budget%s\n\n| figure | value | budget | |\n| :--- | ---: | ---: | :--- |\n",
                r->budget.over ? ": over" : "");
        const char *names[] = {"one-off", "monthly (dearest month)", "horizon"};
        const double limits[] = {bud->one_off, bud->monthly, bud->horizon};
        const double values[] = {r->one_off, r->budget.monthly, r->horizon_total};
        const int over[] = {r->budget.over_one_off, r->budget.over_monthly, r->budget.over_horizon};
        for (int i = 0; i < 3; i++) {
            if (limits[i] <= 0)
                continue;
            fprintf(out, "| %s | %s | %s | %s |\n", names[i],
                    isnan(values[i]) ? "-" : fmt_money(b1, s->currency, values[i]),
                    fmt_money(b2, s->currency, limits[i]),
                    isnan(values[i]) ? "nothing to check"
                    : over[i]        ? "**over**"
                                     : "within");
        }
    }
    return ferror(out) ? -1 : 0;
}
