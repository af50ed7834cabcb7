/*
 * report_doc_gen: the generation section of the report's document (see
 * report_doc.h): the dataset's derivation, the backends' table and notes,
 * each backend alone, and the deadline plan.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "format.h"
#include "phrases.h"
#include "report_doc.h"

/* Backend, type, tok/s, share, input, output, serving, cost. */
static const struct doc_column backend_columns[] = {
    {DOC_LEFT, 12, 0}, {DOC_LEFT, 10, 1}, {DOC_RIGHT, 10, 1}, {DOC_RIGHT, 7, 1},
    {DOC_RIGHT, 8, 1}, {DOC_RIGHT, 8, 1}, {DOC_RIGHT, 14, 1}, {DOC_RIGHT, 12, 1}};
static const char *const backend_header[] = {"backend", "type",   "tok/s",   "share",
                                             "input",   "output", "serving", "cost"};
/* Backend (or the mix), time, cost. */
static const struct doc_column alone_columns[] = {
    {DOC_LEFT, 12, 0}, {DOC_RIGHT, 14, 1}, {DOC_RIGHT, 12, 1}};
/* Mix, time, cost, whether it makes the deadline. */
static const struct doc_column frontier_columns[] = {
    {DOC_LEFT, 34, 0}, {DOC_RIGHT, 14, 1}, {DOC_RIGHT, 12, 1}, {DOC_LEFT, 0, 2}};

static void dataset(const struct report *r, struct doc_block *sec)
{
    char *lines[PHRASES_VOLUME];
    phrases_volume(r, lines);
    struct doc_inline *p = doc_paragraph(sec);
    doc_text(p, "dataset: ");
    doc_text(p, lines[0]);
    struct doc_block *list = doc_list(sec);
    for (int i = 1; i < PHRASES_VOLUME; i++)
        doc_text(doc_item(list, 1), lines[i]);
    for (int i = 0; i < PHRASES_VOLUME; i++)
        free(lines[i]);
}

static void backends_table(const struct report *r, struct doc_block *sec)
{
    const struct gen_result *g = &r->generation;
    const char *cur = r->scenario->currency;
    char b[FMT_SIZE];
    struct doc_block *t = doc_table(sec, backend_columns, 8);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, backend_header);
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *be = &g->backends[i];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), be->backend->name);
        doc_text(doc_cell(row, 1), deploy_type_name(be->backend->type));
        doc_text(doc_cell(row, 2), fmt_number(b, be->throughput_tok_s));
        doc_text(doc_cell(row, 3), fmt_percent(b, be->share));
        doc_text(doc_cell(row, 4), fmt_tokens(b, be->input_tokens));
        doc_text(doc_cell(row, 5), fmt_tokens(b, be->output_tokens));
        doc_text(doc_cell(row, 6), fmt_duration(b, be->busy_s));
        doc_text(doc_cell(row, 7), fmt_money(b, cur, be->cost));
    }
    struct doc_row *row = doc_row(t);
    doc_text(doc_strong(doc_cell(row, 0)), "total");
    doc_text(doc_cell(row, 2), fmt_number(b, g->throughput_tok_s));
    doc_text(doc_cell(row, 3), "100.0%");
    doc_text(doc_cell(row, 4), fmt_tokens(b, g->input_tokens));
    doc_text(doc_cell(row, 5), fmt_tokens(b, g->output_tokens));
    doc_text(doc_cell(row, 6), fmt_duration(b, g->wall_s));
    doc_text(doc_strong(doc_cell(row, 7)), fmt_money(b, cur, g->cost));
}

/* A note about a backend: "maas: ..." */
static struct doc_inline *note(struct doc_block *notes, const struct deployment *be)
{
    struct doc_inline *item = doc_item(notes, 0);
    doc_user(item, be->name);
    doc_text(item, ": ");
    return item;
}

/*
 * Which bound gives a backend with a tpm or rpm limit its throughput: the
 * limit (with or without a throughput of its own), or its own throughput,
 * with what the limits would allow.
 */
static void bound_note(struct doc_block *notes, const struct gen_backend_result *b)
{
    const char *names[3] = {NULL, "tpm", "rpm"};
    double caps[3] = {NAN, b->tpm_cap_tok_s, b->rpm_cap_tok_s};
    if (isnan(caps[1]) && isnan(caps[2]))
        return;
    struct doc_inline *item = note(notes, b->backend);
    char x[FMT_SIZE];
    fmt_number(x, b->throughput_tok_s);
    if (b->rate.from_limits)
        doc_textf(item, "throughput %s tok/s from its %s limit (no 'throughput' given)", x,
                  names[b->limited_by]);
    else if (b->limited_by)
        doc_textf(item, "throughput capped at %s tok/s by its %s limit", x, names[b->limited_by]);
    else
        doc_textf(item, "its own %s applies, %s tok/s",
                  b->rate.from_stream ? "per-request speed" : "throughput", x);
    for (int k = 1; k <= 2; k++)
        if (k != b->limited_by && !isnan(caps[k]))
            doc_textf(item, "; its %s limit allows %s tok/s", names[k], fmt_number(x, caps[k]));
}

/* How each backend is billed, how its curve was read, and what capped it. */
static void backend_notes(const struct report *r, struct doc_block *sec)
{
    const struct gen_result *g = &r->generation;
    struct doc_block *notes = doc_list(sec);
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        const struct deployment *be = b->backend;
        struct doc_inline *item = note(notes, be);
        report_doc_backend_bill(item, r, b);
        if (be->type == DEPLOY_BATCH && b->bill.batch_waves > 0)
            report_doc_batch_note(note(notes, be), b);
        if (b->rate.from_curve) {
            const struct throughput_curve *c = be->curve;
            item = note(notes, be);
            char x[FMT_SIZE], cc[FMT_SIZE];
            doc_textf(item,
                      "%s tok/s%s from a %s curve at concurrency %s%s (R² %.4f, %zu points from ",
                      fmt_number(x, b->rate.unit_tok_s),
                      be->type == DEPLOY_DEDICATED ? " per instance" : "", b->rate.curve_model,
                      fmt_number(cc, b->rate.concurrency),
                      b->rate.why == DEPLOY_CONCURRENCY_LIMIT  ? ", its limits.concurrency"
                      : b->rate.why == DEPLOY_CONCURRENCY_KNEE ? ", its knee"
                                                               : "",
                      c->fit.r2, c->fit.n);
            if (c->source)
                doc_user(item, c->source);
            else
                doc_text(item, "the scenario");
            doc_text(item, ")");
            if (b->rate.outside_measured) {
                item = note(notes, be);
                doc_text(doc_strong(item), "warning");
                char lo[FMT_SIZE], hi[FMT_SIZE];
                doc_textf(item, ": concurrency %s lies outside the measured %s to %s",
                          fmt_number(cc, b->rate.concurrency), fmt_number(lo, c->measured_min),
                          fmt_number(hi, c->measured_max));
            }
            if (b->rate.poor_fit) {
                item = note(notes, be);
                doc_text(doc_strong(item), "warning");
                doc_textf(item, ": a poor fit (R² %.3f below 0.9): try another curve", c->fit.r2);
            }
        }
        if (b->rate.concurrency_unused) {
            char *text = phrase_concurrency_unused(be);
            doc_text(note(notes, be), text);
            free(text);
        }
        bound_note(notes, b);
        if (b->idle)
            doc_text(note(notes, be),
                     be->type == DEPLOY_BATCH
                         ? "serves nothing: its first batches would be back after the job is done"
                         : "serves nothing: it is ready only after the job is done "
                           "(it is billed until then)");
    }
}

static void alone_table(const struct report *r, struct doc_block *sec)
{
    const struct gen_result *g = &r->generation;
    char b[FMT_SIZE];
    doc_gap(sec);
    struct doc_inline *caption = doc_paragraph(sec);
    doc_text(caption, "each backend alone");
    doc_text_in(caption, DOC_FULL, ", against the mix");
    doc_text(caption, ":");
    struct doc_block *t = doc_table(sec, alone_columns, 3);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    t->table.header_forms = DOC_FULL;
    doc_header_words(t, (const char *const[]){"backend", "time", "cost"});
    for (size_t i = 0; i < g->nbackends; i++) {
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), g->backends[i].backend->name);
        doc_text(doc_cell(row, 1), fmt_duration(b, g->backends[i].alone_wall_s));
        report_doc_money(doc_cell(row, 2), r, g->backends[i].alone_cost);
    }
    struct doc_row *row = doc_row(t);
    doc_text(doc_cell(row, 0), "the mix");
    doc_text(doc_cell(row, 1), fmt_duration(b, g->wall_s));
    report_doc_money(doc_cell(row, 2), r, g->cost);
}

/* "maas + 2 x maap": the backends of a mix with their counts. */
static void mix_label(struct doc_inline *in, const struct scenario *s, const struct gen_mix *m)
{
    int first = 1;
    for (size_t i = 0; i < s->generation.nbackends; i++) {
        const struct deployment *b = &s->backends[s->generation.backends[i]];
        if (m->counts[i] == 0)
            continue;
        if (!first)
            doc_text(in, " + ");
        if (b->type == DEPLOY_DEDICATED)
            doc_textf(in, "%.0f x ", m->counts[i]);
        doc_user(in, b->name);
        first = 0;
    }
}

/* "fastest: maas + 2 x maap: 2 h 6 min, $103.83" */
static void mix_line(struct doc_inline *in, const struct report *r, const struct gen_mix *m)
{
    char b[FMT_SIZE];
    mix_label(in, r->scenario, m);
    doc_textf(in, ": %s, ", fmt_duration(b, m->wall_s));
    report_doc_money(in, r, m->cost);
}

static void plan_section(const struct report *r, struct doc_block *parent)
{
    const struct gen_plan *p = &r->generation.plan;
    char b[FMT_SIZE];
    struct doc_block *sec = doc_section(parent, 3, "deadline ");
    doc_text(&sec->heading, fmt_duration(b, p->deadline_s));
    if (!p->has_fastest) {
        struct doc_inline *none = doc_paragraph(sec);
        doc_text(none, "no mix of backends can do the job");
        doc_text_in(none, DOC_FULL, ".");
        return;
    }
    struct doc_block *list = doc_list(sec);
    struct doc_inline *item = doc_item(list, 0);
    if (p->has_cheapest) {
        doc_text(item, "cheapest that makes it: ");
        mix_line(item, r, &p->cheapest);
    } else {
        doc_text(doc_strong(item), "no mix makes it");
        doc_textf(item, ": the fastest misses by %s", fmt_duration(b, p->misses_by_s));
    }
    item = doc_item(list, 0);
    doc_text(item, "fastest: ");
    mix_line(item, r, &p->fastest);
    doc_text(doc_paragraph(sec),
             "time against cost (no mix is both faster and cheaper than these):");
    struct doc_block *t = doc_table(sec, frontier_columns, 4);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    t->indent = 2;
    t->table.header_forms = DOC_FULL;
    doc_header_words(t, (const char *const[]){"mix", "time", "cost", "deadline"});
    for (size_t i = 0; i < p->nfrontier; i++) {
        const struct gen_mix *m = &p->frontier[i];
        struct doc_row *row = doc_row(t);
        mix_label(doc_cell(row, 0), r->scenario, m);
        doc_text(doc_cell(row, 1), fmt_duration(b, m->wall_s));
        report_doc_money(doc_cell(row, 2), r, m->cost);
        struct doc_inline *verdict = doc_cell(row, 3);
        if (m->makes_deadline) {
            doc_text_in(verdict, DOC_FULL, "makes it");
        } else {
            doc_text_in(verdict, DOC_TERSE, "(");
            doc_text(verdict, "too slow");
            doc_text_in(verdict, DOC_TERSE, ")");
        }
    }
}

void report_doc_generation(const struct report *r, struct doc_block *title)
{
    const struct gen_result *g = &r->generation;
    const struct scenario *s = r->scenario;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "generation");
    if (s->generation.teacher) {
        doc_text(&sec->heading, " with ");
        doc_user(&sec->heading, s->generation.teacher);
    }
    if (g->has_volume)
        dataset(r, sec);
    struct doc_inline *p = doc_paragraph(sec);
    doc_textf(p, "%s examples, %s input and %s output tokens, %s requests",
              fmt_count(b1, g->examples), fmt_tokens(b2, g->input_tokens),
              fmt_tokens(b3, g->output_tokens), fmt_count(b4, g->requests));
    doc_break(p, "; ");
    doc_textf(p, "%s routing over %zu backend%s: %s tok/s together",
              s->generation.routing == ROUTING_CAPACITY ? "capacity" : "equal", g->nbackends,
              g->nbackends == 1 ? "" : "s", fmt_count(b1, g->throughput_tok_s));
    doc_gap(sec);
    backends_table(r, sec);
    if (g->nbackends > 0)
        backend_notes(r, sec);
    if (g->nbackends > 1)
        alone_table(r, sec);
    if (g->plan.present)
        plan_section(r, sec);
}
