/*
 * report_doc: the report's document (see report_doc.h): its title and
 * prices, fine-tuning, evaluation, totals and budget; generation is in
 * report_doc_gen.c, inference and the comparison in report_doc_inf.c.  Also
 * the two writers that render it, text and Markdown.
 */
#include "report_doc.h"

#include <math.h>
#include <stdlib.h>

#include "format.h"
#include "phrases.h"
#include "render.h"

void report_doc_money(struct doc_inline *in, const struct report *r, double amount)
{
    char buf[FMT_SIZE];
    doc_text(in, fmt_money(buf, r->scenario->currency, amount));
}

void report_doc_model(struct doc_inline *in, const struct model_price *m, const char *owner,
                      const char *inline_words)
{
    if (m->name) {
        doc_user(in, m->name);
        return;
    }
    if (owner)
        doc_user(in, owner);
    doc_text(in, inline_words);
}

/* "Scenario: FILE; currency USD", then each catalogue with the prices it gave. */
static void title_section(const struct report *r, struct doc_block *title)
{
    const struct scenario *s = r->scenario;
    struct doc_inline *p = doc_paragraph(title);
    doc_text(p, "Scenario: ");
    doc_user(p, s->file);
    doc_text(p, "; currency ");
    doc_user(p, s->currency);
    if (r->ncatalogues == 0) {
        doc_text(doc_paragraph(title), "Prices: written inline in the scenario");
        return;
    }
    struct doc_block *prices = doc_keyed(title, "Prices");
    for (size_t i = 0; i < r->ncatalogues; i++) {
        const struct catalogue_use *u = &r->catalogues[i];
        const struct catalogue *c = u->catalogue;
        struct doc_inline *item = doc_item(prices, 0);
        doc_user(item, c->file);
        doc_text(item, " (");
        doc_user(item, c->source);
        doc_text(item, ", as of ");
        doc_user(item, c->as_of);
        report_doc_catalogue(item, c);
        doc_text(item, ")");
        doc_break(item, ": ");
        doc_text(item, u->nused ? "used for " : "none of its prices used");
        for (size_t k = 0; k < u->nused; k++) {
            if (k > 0)
                doc_text(item, ", ");
            doc_user(item, u->used[k]);
        }
    }
}

static void fine_tuning_section(const struct report *r, struct doc_block *title)
{
    const struct fine_tuning *in = &r->scenario->fine_tuning;
    struct doc_block *sec = doc_section(title, 2, "fine-tuning");
    if (in->student) {
        doc_text(&sec->heading, " of ");
        doc_user(&sec->heading, in->student);
    }
    struct doc_block *list = doc_list(sec);
    if (in->has_estimate) {
        char *lines[PHRASES_ESTIMATE];
        phrases_estimate(r, lines);
        for (int i = 0; i < PHRASES_ESTIMATE; i++) {
            struct doc_inline *item = doc_item(list, i > 0);
            if (i == 0)
                doc_text(item, "estimate: ");
            doc_text(item, lines[i]);
            free(lines[i]);
        }
    }
    char *cost = phrase_fine_tuning_cost(r);
    doc_text(doc_item(list, 0), cost);
    free(cost);
    struct doc_inline *price = doc_item(list, 0);
    if (in->price.name) {
        doc_text(price, "price: ");
        doc_user(price, in->price.name);
        doc_text(price, " (");
        if (in->price.from)
            doc_user(price, in->price.from->file);
        else
            doc_text(price, "inline");
        doc_text(price, ")");
    } else {
        doc_text(price, "price: written inline in the scenario");
    }
}

/* Item and cost; in text, the answers of each model are lines above their total. */
static const struct doc_column eval_columns[] = {{DOC_LEFT, 7, 0}, {DOC_RIGHT, 14, 2}};

static void evaluation_section(const struct report *r, struct doc_block *title)
{
    const struct evaluation *in = &r->scenario->evaluation;
    const struct eval_result *e = &r->evaluation;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "evaluation");
    struct doc_inline *p = doc_paragraph(sec);
    doc_textf(p, "%s questions", fmt_count(b1, e->questions));
    if (in->questions_is_share)
        doc_textf(p, " (%s of %s examples)", fmt_percent(b1, in->questions),
                  fmt_count(b2, r->generation.examples));
    doc_textf(p, ", each answered by %zu model%s (%.0f in, %.0f out tokens)", in->nmodels,
              in->nmodels == 1 ? "" : "s", in->answer_input_tokens, in->answer_output_tokens);

    struct doc_block *t = doc_table(sec, eval_columns, 2);

    /* Long names widen their column rather than push the next ones. */

    t->table.fit = DOC_FIT_ALL;
    t->table.header_forms = DOC_FULL;
    doc_header_words(t, (const char *const[]){"item", "cost"});
    for (size_t i = 0; i < in->nmodels; i++) {
        struct doc_row *row = doc_row(t);
        row->loose = 1;
        row->depth = 1;
        doc_text_in(doc_cell(row, 0), DOC_FULL, "answers by ");
        report_doc_model(doc_cell(row, 0), &in->models[i], NULL, "(inline prices)");
        report_doc_money(doc_cell(row, 1), r, e->model_costs[i]);
    }
    struct doc_row *row = doc_row(t);
    doc_text(doc_cell(row, 0), "answers");
    report_doc_money(doc_cell(row, 1), r, e->answer_cost);
    if (in->has_judge) {
        row = doc_row(t);
        doc_text(doc_cell(row, 0), "judge");
        report_doc_money(doc_cell(row, 1), r, e->judge_cost);
        report_doc_model(&row->note, &in->judge, NULL, "inline prices");
        doc_textf(&row->note, ", %.0f metric%s x %s answers, %.0f in, %.0f out tokens each",
                  in->metrics, in->metrics == 1 ? "" : "s", fmt_count(b2, e->answers),
                  in->judge_input_tokens, in->judge_output_tokens);
    }
    row = doc_row(t);
    doc_text(doc_strong(doc_cell(row, 0)), "total");
    report_doc_money(doc_strong(doc_cell(row, 1)), r, e->cost);
}

static const struct doc_column totals_columns[] = {{DOC_LEFT, 0, 0}, {DOC_RIGHT, 14, 1}};

static void totals_section(const struct report *r, struct doc_block *title)
{
    const struct inference_result *inf = &r->inference;
    struct doc_block *sec = doc_section(title, 2, "totals");
    struct doc_block *t = doc_table(sec, totals_columns, 2);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    t->table.header_forms = DOC_FULL;
    doc_header_words(t, (const char *const[]){"total", "cost"});
    struct doc_row *row = doc_row(t);
    doc_text(doc_cell(row, 0), "one-off (generation, fine-tuning, evaluation)");
    report_doc_money(doc_cell(row, 1), r, r->one_off);
    if (inf->present && r->scenario->inference.has_compare) {
        row = doc_row(t);
        doc_textf(doc_cell(row, 0), "over %d month%s with ", inf->months,
                  inf->months == 1 ? "" : "s");
        doc_user(doc_cell(row, 0), inf->comparison.candidate->name);
        doc_last(doc_cell(row, 0))->width = 23;
        report_doc_money(doc_strong(doc_cell(row, 1)), r, r->horizon_total);
    }
}

/* Figure, value, budget and verdict; text says "budget $X: within" after the value. */
static const struct doc_column budget_columns[] = {
    {DOC_LEFT, 10, 0}, {DOC_RIGHT, 14, 1}, {DOC_RIGHT, 0, 2}, {DOC_LEFT, 0, 0}};

static void budget_section(const struct report *r, struct doc_block *title)
{
    const struct budget *bud = &r->scenario->budget;
    const struct budget_result *res = &r->budget;
    struct doc_block *sec = doc_section(title, 2, res->over ? "budget: over" : "budget");
    struct doc_block *t = doc_table(sec, budget_columns, 4);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    t->table.header_forms = DOC_FULL;
    doc_header_words(t, (const char *const[]){"figure", "value", "budget", ""});
    const char *names[] = {"one-off", "monthly", "horizon"};
    const double limits[] = {bud->one_off, bud->monthly, bud->horizon};
    const double values[] = {r->one_off, res->monthly, r->horizon_total};
    const int over[] = {res->over_one_off, res->over_monthly, res->over_horizon};
    for (int i = 0; i < 3; i++) {
        if (limits[i] <= 0)
            continue;
        struct doc_row *row = doc_row(t);
        doc_text(doc_cell(row, 0), names[i]);
        if (i == 1)
            doc_text_in(doc_cell(row, 0), DOC_FULL, " (dearest month)");
        if (isnan(values[i]))
            doc_text(doc_cell(row, 1), "-");
        else
            report_doc_money(doc_cell(row, 1), r, values[i]);
        doc_text_in(doc_cell(row, 2), DOC_TERSE, "budget ");
        report_doc_money(doc_cell(row, 2), r, limits[i]);
        struct doc_inline *verdict = doc_cell(row, 3);
        doc_text_in(verdict, DOC_TERSE, ": ");
        if (isnan(values[i])) {
            doc_text(verdict, "nothing to check");
        } else if (over[i]) {
            doc_text_in(verdict, DOC_TERSE, "OVER by ");
            report_doc_money(verdict, r, values[i] - limits[i]);
            doc_last(verdict)->forms = DOC_TERSE;
            doc_text(doc_strong(verdict), "over");
            doc_last(verdict)->forms = DOC_FULL;
        } else {
            doc_text(verdict, "within");
        }
    }
}

void report_doc(const struct report *r, struct doc *d)
{
    const struct budget *bud = &r->scenario->budget;
    struct doc_block *title = doc_section(&d->body, 1, NULL);
    doc_user(&title->heading, r->scenario->name);
    title_section(r, title);
    if (r->generation.present)
        report_doc_generation(r, title);
    if (r->simulation.present)
        report_doc_simulation(r, title);
    if (r->fine_tuning.present)
        fine_tuning_section(r, title);
    if (r->evaluation.present)
        evaluation_section(r, title);
    if (r->inference.present)
        report_doc_inference(r, title);
    totals_section(r, title);
    if (bud->one_off > 0 || bud->monthly > 0 || bud->horizon > 0)
        budget_section(r, title);
    if (r->uncertainty)
        report_doc_uncertainty(r, title);
}

static int write_rendered(const struct report *r, FILE *out, enum render_as as)
{
    struct doc d;
    doc_init(&d);
    report_doc(r, &d);
    char *text = render_doc_string(&d, as);
    doc_release(&d);
    fputs(text, out);
    free(text);
    return ferror(out) ? -1 : 0;
}

int report_write_text(const struct report *r, FILE *out)
{
    return write_rendered(r, out, RENDER_TEXT);
}

int report_write_md(const struct report *r, FILE *out)
{
    return write_rendered(r, out, RENDER_MD);
}
