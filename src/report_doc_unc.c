/*
 * report_doc_unc: the uncertainty section of the report's document (see
 * report_doc.h), when a Monte Carlo run is attached to the report
 * (r->uncertainty): each headline figure's point estimate beside its mean
 * and percentiles, the chance that each budget holds, that the deadline is
 * met and that the claim holds, and the ranges behind them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "report_doc.h"
#include "unc.h"

/* Figure, estimate, mean, P5, P10, P50, P90, P95. */
static const struct doc_column figure_columns[] = {
    {DOC_LEFT, 24, 0},  {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1},
    {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}};
static const char *const figure_header[] = {"figure", "estimate", "mean", "P5",
                                            "P10",    "P50",      "P90",  "P95"};
/* What is checked, its chance. */
static const struct doc_column chance_columns[] = {{DOC_LEFT, 46, 0}, {DOC_RIGHT, 7, 1}};
/* Input, range, P10, P90. */
static const struct doc_column input_columns[] = {
    {DOC_LEFT, 30, 0}, {DOC_LEFT, 30, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}};

static void value(struct doc_inline *in, const struct unc_figure *f, double v, const char *cur)
{
    char buf[FMT_SIZE];
    struct figure fig = f->fig;
    fig.value = v;
    doc_text(in, figure_format(buf, &fig, cur));
}

static void figures_table(const struct report *r, const struct unc_result *u, struct doc_block *sec)
{
    const char *cur = r->scenario->currency;
    struct doc_block *t = doc_table(sec, figure_columns, 8);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, figure_header);
    for (size_t i = 0; i < u->nfigures; i++) {
        const struct unc_figure *f = &u->figures[i];
        const struct stats_summary *s = &f->summary;
        if (!f->shown)
            continue;
        struct doc_row *row = doc_row(t);
        figure_label_doc(doc_cell(row, 0), &f->fig);
        value(doc_cell(row, 1), f, f->fig.value, cur);
        const double v[] = {s->mean, s->p5, s->p10, s->p50, s->p90, s->p95};
        for (size_t k = 0; k < 6; k++)
            value(doc_cell(row, k + 2), f, v[k], cur);
        if (s->missing > 0) {
            char pct[FMT_SIZE];
            doc_textf(&row->note, "%s in %s of the samples",
                      f->fig.unit == FIG_MONEY || f->fig.unit == FIG_HOURS ? "none" : "never",
                      fmt_percent(pct, (double)s->missing / (double)(s->n + s->missing)));
        }
    }
}

/* "one-off total within its budget of $150.00" and the like. */
static void chance_label(struct doc_inline *in, const struct report *r,
                         const struct unc_probability *p)
{
    char buf[FMT_SIZE];
    const char *cur = r->scenario->currency;
    if (strncmp(p->key, "budget.", 7) == 0) {
        const char *what = strcmp(p->key, "budget.one_off") == 0   ? "one-off total"
                           : strcmp(p->key, "budget.monthly") == 0 ? "dearest month"
                                                                   : "project over the horizon";
        doc_textf(in, "%s within its budget of %s", what, fmt_money(buf, cur, p->limit));
    } else if (strcmp(p->key, "deadline") == 0) {
        doc_textf(in, "generation within the deadline of %s",
                  fmt_duration(buf, r->scenario->generation.deadline_s));
    } else {
        doc_textf(in, "claim of %gx holds (month-1 ratio)", p->limit);
    }
}

static void chances_table(const struct report *r, const struct unc_result *u, struct doc_block *sec)
{
    char buf[FMT_SIZE];
    if (u->nprobabilities == 0)
        return;
    struct doc_block *t = doc_table(sec, chance_columns, 2);
    t->table.fit = DOC_FIT_ALL;
    t->table.header_forms = DOC_FULL;
    doc_header_words(t, (const char *const[]){"chance that", "share of samples"});
    for (size_t i = 0; i < u->nprobabilities; i++) {
        struct doc_row *row = doc_row(t);
        doc_text_in(doc_cell(row, 0), DOC_TERSE, "chance: ");
        chance_label(doc_cell(row, 0), r, &u->probabilities[i]);
        doc_text(doc_cell(row, 1), fmt_percent(buf, u->probabilities[i].share));
    }
}

static void inputs_table(const struct report *r, const struct unc_result *u, struct doc_block *sec)
{
    const char *cur = r->scenario->currency;
    char b[FMT_SIZE];
    struct doc_block *t = doc_table(sec, input_columns, 4);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, (const char *const[]){"input", "range", "P10", "P90"});
    for (size_t i = 0; i < u->ninputs; i++) {
        const struct unc_input *in = &u->inputs[i];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), in->path);
        if (in->is_default)
            doc_text(doc_cell(row, 1), in->text);
        else if (in->is_fit)
            doc_text(doc_cell(row, 1), "from the fit's covariance");
        else
            doc_user(doc_cell(row, 1), in->text);
        doc_text(doc_cell(row, 2), unc_format_input(b, in, in->p10, cur));
        doc_text(doc_cell(row, 3), unc_format_input(b, in, in->p90, cur));
    }
}

void report_doc_uncertainty(const struct report *r, struct doc_block *title)
{
    report_doc_uncertainty_as(r, title, "uncertainty");
}

void report_doc_uncertainty_as(const struct report *r, struct doc_block *title, const char *heading)
{
    const struct unc_result *u = r->uncertainty;
    char b[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, heading);
    doc_textf(&sec->heading, ": %s sample%s, %s, seed %lu", fmt_count(b, (double)u->samples),
              u->samples == 1 ? "" : "s",
              u->method == SAMPLE_LHS ? "Latin hypercube" : "plain Monte Carlo", u->seed);
    if (u->simulated)
        doc_text(doc_paragraph(sec),
                 "generation simulated: in each sample, the generation's time, cost, lost "
                 "examples and 429s are those of one replication of the simulation with the "
                 "sample's own draws, and the totals follow from them; the estimates are the "
                 "simulation's replication 0");
    figures_table(r, u, sec);
    doc_gap(sec);
    chances_table(r, u, sec);
    doc_gap(sec);
    inputs_table(r, u, sec);
}
