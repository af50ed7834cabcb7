/*
 * report_doc_inf: the inference and comparison sections of the report's
 * document (see report_doc.h): the options' table, its notes, and the
 * comparison's ratios, breakeven, payback and claim.
 */
#include <math.h>
#include <stdlib.h>

#include "format.h"
#include "phrases.h"
#include "report_capacity.h"
#include "report_doc.h"

/* Option, model, hosting/month, per request, month 1, horizon. */
static const struct doc_column option_columns[] = {{DOC_LEFT, 12, 0},  {DOC_LEFT, 34, 1},
                                                   {DOC_RIGHT, 13, 1}, {DOC_RIGHT, 12, 1},
                                                   {DOC_RIGHT, 13, 1}, {DOC_RIGHT, 14, 1}};
static const char *const option_header[] = {"option",      "model",   "hosting/month",
                                            "per request", "month 1", "horizon"};
/* Figure and value; text aligns the values after the figures. */
static const struct doc_column comparison_columns[] = {{DOC_LEFT, 18, 0}, {DOC_LEFT, 0, 0}};

static void options_table(const struct report *r, struct doc_block *sec)
{
    const struct inference *in = &r->scenario->inference;
    const struct inference_result *inf = &r->inference;
    const char *cur = r->scenario->currency;
    char b[FMT_SIZE];
    int starred = in->has_compare && r->one_off > 0;
    struct doc_block *t = doc_table(sec, option_columns, 6);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, option_header);
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), o->option->name);
        if (o->option->has_instance && o->option->instance.name)
            doc_user(doc_cell(row, 1), o->option->instance.name);
        else if (o->option->has_instance)
            doc_text(doc_cell(row, 1), "(inline instance)");
        else
            report_doc_model(doc_cell(row, 1), &o->option->model, o->option->name, " (inline)");
        doc_text(doc_cell(row, 2), o->hosted ? fmt_money(b, cur, o->hosting_per_month) : "-");
        doc_text(doc_cell(row, 3), fmt_unit_price(b, cur, o->token_cost_per_request));
        report_doc_money(doc_cell(row, 4), r, o->first_month_cost);
        struct doc_inline *horizon = doc_cell(row, 5);
        report_doc_money(horizon, r, o->horizon_cost);
        if (starred && i == in->candidate) {
            /* The footnote's mark, beside the amount rather than in its column. */
            doc_text(horizon, " ");
            doc_last(horizon)->overhang = 1;
            doc_user(horizon, "*");
            doc_last(horizon)->overhang = 1;
        }
    }
    if (starred) {
        struct doc_inline *p = doc_paragraph(sec);
        doc_user(p, "*");
        doc_text(p, " includes the one-off costs of ");
        report_doc_money(p, r, r->one_off);
    }
    struct doc_block *replicas = NULL;
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        /* Sized replicas have a section of their own (report_doc_capacity.c). */
        if (!o->hosted || o->replicas == 1 || o->option->sizing.autosize)
            continue;
        if (!replicas)
            replicas = doc_list(sec);
        struct doc_inline *item = doc_item(replicas, 0);
        doc_user(item, o->option->name);
        doc_textf(item, ": %.0f replicas", o->replicas);
    }
}

static struct doc_inline *figure_row(struct doc_block *t, const char *figure)
{
    struct doc_row *row = doc_row(t);
    doc_text(doc_cell(row, 0), figure);
    return doc_cell(row, 1);
}

static void comparison_section(const struct report *r, struct doc_block *title)
{
    const struct comparison *c = &r->inference.comparison;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "comparison");
    doc_text(&sec->heading, ": ");
    doc_user(&sec->heading, c->candidate->name);
    doc_text(&sec->heading, " against ");
    doc_user(&sec->heading, c->baseline->name);
    struct doc_block *t = doc_table(sec, comparison_columns, 2);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    t->table.header_forms = DOC_FULL;
    doc_header_words(t, (const char *const[]){"figure", "value"});
    doc_textf(figure_row(t, "price ratio"), "%s input, %s output",
              fmt_ratio(b1, c->input_price_ratio), fmt_ratio(b2, c->output_price_ratio));
    if (c->staircase)
        doc_textf(figure_row(t, "asymptotic ratio"),
                  "%s (token prices alone; sized hosting grows with traffic)",
                  fmt_ratio(b1, c->asymptotic_ratio));
    else
        doc_textf(figure_row(t, "asymptotic ratio"),
                  "%s (token costs per request at this mix: the ratio at unlimited traffic)",
                  fmt_ratio(b1, c->asymptotic_ratio));
    if (c->staircase)
        doc_textf(figure_row(t, "best ratio"),
                  "%s (at full use of whole replicas: the ratio is a staircase against traffic)",
                  fmt_ratio(b1, c->best_ratio));
    doc_text(figure_row(t, "month-1 ratio"), fmt_ratio(b1, c->first_month_ratio));
    doc_textf(figure_row(t, "horizon ratio"), "%s (one-off costs included)",
              fmt_ratio(b1, c->horizon_ratio));
    struct doc_inline *v = figure_row(t, "breakeven");
    if (isnan(c->breakeven_requests_per_day)) {
        doc_text(v, "never: ");
        doc_user(v, c->candidate->name);
        doc_text(v, " costs no less per request");
    } else {
        doc_textf(v, "%s requests/day (%s tokens/month)",
                  fmt_count(b1, c->breakeven_requests_per_day),
                  fmt_tokens(b2, c->breakeven_tokens_per_month));
        if (c->staircase) {
            doc_text(v, "; ");
            doc_user(v, c->candidate->name);
            doc_text(v, " is never dearer from there on");
        }
    }
    v = figure_row(t, "payback");
    if (isnan(c->payback_days))
        doc_text(v, "never within the horizon");
    else
        doc_textf(v, "%.1f days", c->payback_days);
    if (c->claim > 0) {
        struct doc_row *row = doc_row(t);
        row->loose = 1;
        doc_textf(doc_cell(row, 0), "claim %gx", c->claim);
        char *verdict = phrase_claim(c);
        doc_text(doc_cell(row, 1), verdict);
        free(verdict);
    }
}

void report_doc_inference(const struct report *r, struct doc_block *title)
{
    const struct inference *in = &r->scenario->inference;
    const struct inference_result *inf = &r->inference;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "inference");
    doc_textf(&sec->heading, " over %d month%s", inf->months, inf->months == 1 ? "" : "s");
    doc_textf(doc_paragraph(sec),
              "%s requests/day, %s input + %s output tokens each, growth %s a month",
              fmt_count(b1, inf->requests_per_day), fmt_count(b2, in->input_tokens),
              fmt_count(b3, in->output_tokens), fmt_percent(b4, in->growth));
    doc_gap(sec);
    options_table(r, sec);
    report_doc_option_bills(r, sec);
    if (in->has_compare)
        comparison_section(r, title);
    report_doc_capacity(r, title);
}
