/*
 * tornado_out: see tornado_out.h.
 */
#include "tornado_out.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "format.h"
#include "json_out.h"
#include "render.h"
#include "util.h"

static char *formatted(char *buf, const struct unc_figure *f, double v, const char *cur)
{
    struct figure fig = f->fig;
    fig.value = v;
    return figure_format(buf, &fig, cur);
}

/*
 * A row's bar: 2 TORNADO_BAR_HALF + 1 characters, '|' at the base, '-' from
 * there to the figure at the input's P10, '+' to the figure at its P90, '='
 * where both overlap; scale: characters per unit of the figure.
 */
static void bar(char *out, double base, double at_p10, double at_p90, double scale)
{
    int h = TORNADO_BAR_HALF;
    long e10 = isfinite(at_p10) ? lround((at_p10 - base) * scale) : 0;
    long e90 = isfinite(at_p90) ? lround((at_p90 - base) * scale) : 0;
    for (int p = -h; p <= h; p++) {
        int in10 = p != 0 && ((p < 0 && p >= e10) || (p > 0 && p <= e10));
        int in90 = p != 0 && ((p < 0 && p >= e90) || (p > 0 && p <= e90));
        out[p + h] = p == 0 ? '|' : in10 && in90 ? '=' : in10 ? '-' : in90 ? '+' : ' ';
    }
    out[2 * h + 1] = '\0';
}

/* Input, P10, P90, at P10, at P90, swing, rank correlation, bar (text only). */
static const struct doc_column columns[] = {
    {DOC_LEFT, 28, 0},  {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1},
    {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 10, 2}, {DOC_LEFT, 0, 2}};

static void build(struct doc *d, const struct report *r, const struct unc_tornado *t, int bars)
{
    const struct unc_result *u = r->uncertainty;
    const struct unc_figure *f = &u->figures[t->figure];
    const char *cur = r->scenario->currency;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct doc_block *title = doc_section(&d->body, 1, NULL);
    doc_user(&title->heading, r->scenario->name);
    struct doc_block *sec = doc_section(title, 2, "tornado");
    doc_text(&sec->heading, " of ");
    figure_label_doc(&sec->heading, &f->fig);
    doc_textf(&sec->heading, ": %s with every input at its base", formatted(b1, f, t->base, cur));
    struct doc_inline *p = doc_paragraph(sec);
    doc_text(p, "each input at its P10 and at its P90, every other input at its base, largest "
                "swing first;");
    doc_break(p, " ");
    doc_textf(p, "rank correlations with the figure over %s sample%s (%s, seed %lu)",
              fmt_count(b2, (double)u->samples), u->samples == 1 ? "" : "s",
              u->method == SAMPLE_LHS ? "Latin hypercube" : "plain Monte Carlo", u->seed);

    double dev = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (isfinite(t->rows[i].at_p10))
            dev = fmax(dev, fabs(t->rows[i].at_p10 - t->base));
        if (isfinite(t->rows[i].at_p90))
            dev = fmax(dev, fabs(t->rows[i].at_p90 - t->base));
    }
    double scale = dev > 0 ? TORNADO_BAR_HALF / dev : 0;
    doc_gap(sec);
    struct doc_block *tab = doc_table(sec, columns, bars ? 8 : 7);
    tab->table.fit = DOC_FIT_ALL;
    doc_header_words(tab, (const char *const[]){"input", "P10", "P90", "at P10", "at P90", "swing",
                                                "rank corr.", ""});
    for (size_t i = 0; i < t->n; i++) {
        const struct unc_tornado_row *row = &t->rows[i];
        const struct unc_input *in = &u->inputs[row->input];
        struct doc_row *dr = doc_row(tab);
        doc_user(doc_cell(dr, 0), in->path);
        doc_text(doc_cell(dr, 1), unc_format_input(b1, in, in->p10, cur));
        doc_text(doc_cell(dr, 2), unc_format_input(b1, in, in->p90, cur));
        doc_text(doc_cell(dr, 3), formatted(b1, f, row->at_p10, cur));
        doc_text(doc_cell(dr, 4), formatted(b1, f, row->at_p90, cur));
        struct figure swing = f->fig;
        swing.value = row->swing;
        if (swing.unit == FIG_YESNO)
            swing.unit = FIG_RATIO;
        doc_text(doc_cell(dr, 5), isnan(row->swing) ? "-" : figure_format(b1, &swing, cur));
        if (isnan(row->rho))
            doc_text(doc_cell(dr, 6), "-");
        else if (fabs(row->rho) < 0.005) /* not "-0.00" */
            doc_text(doc_cell(dr, 6), "0.00");
        else
            doc_textf(doc_cell(dr, 6), "%+.2f", row->rho);
        if (bars) {
            char strip[2 * TORNADO_BAR_HALF + 2];
            bar(strip, t->base, row->at_p10, row->at_p90, scale);
            doc_text(doc_cell(dr, 7), strip);
        }
    }
    if (bars) {
        doc_gap(sec);
        doc_text(doc_paragraph(sec), "bars: '-' the figure with the input at its P10, '+' at "
                                     "its P90, '=' both, '|' every input at its base");
    }
}

static double in_unit(const struct unc_figure *f, double v)
{
    struct figure fig = f->fig;
    fig.value = v;
    return figure_value_in_unit(&fig);
}

static char *json(const struct report *r, const struct unc_tornado *t)
{
    const struct unc_result *u = r->uncertainty;
    const struct unc_figure *f = &u->figures[t->figure];
    const char *cur = r->scenario->currency;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "raftcost_tornado", 1);
    cJSON *sc = cJSON_AddObjectToObject(root, "scenario");
    cJSON_AddStringToObject(sc, "name", r->scenario->name);
    cJSON_AddStringToObject(sc, "file", r->scenario->file);
    cJSON_AddStringToObject(root, "currency", cur);
    cJSON *fig = cJSON_AddObjectToObject(root, "figure");
    cJSON_AddStringToObject(fig, "key", f->fig.key);
    cJSON_AddStringToObject(fig, "label", f->fig.label);
    cJSON_AddStringToObject(fig, "unit", figure_unit_name(f->fig.unit, cur));
    json_add_number(fig, "base", in_unit(f, t->base));
    cJSON_AddNumberToObject(root, "samples", (double)u->samples);
    cJSON_AddNumberToObject(root, "seed", (double)u->seed);
    cJSON_AddStringToObject(root, "method", sample_method_name(u->method));
    cJSON *rows = cJSON_AddArrayToObject(root, "rows");
    for (size_t i = 0; i < t->n; i++) {
        const struct unc_tornado_row *row = &t->rows[i];
        const struct unc_input *in = &u->inputs[row->input];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "input", in->path);
        cJSON_AddStringToObject(e, "range", in->text);
        cJSON_AddBoolToObject(e, "default", in->is_default);
        json_add_number(e, "p10", in->p10);
        json_add_number(e, "p90", in->p90);
        json_add_number(e, "at_p10", in_unit(f, row->at_p10));
        json_add_number(e, "at_p90", in_unit(f, row->at_p90));
        json_add_number(e, "swing", in_unit(f, row->swing));
        json_add_number(e, "rank_correlation", row->rho);
        cJSON_AddItemToArray(rows, e);
    }
    char *text = json_print(root);
    if (!text)
        abort();
    return text;
}

char *tornado_output(const struct report *r, const struct unc_tornado *t,
                     enum tornado_format format)
{
    if (format == TORNADO_JSON)
        return json(r, t);
    struct doc d;
    doc_init(&d);
    build(&d, r, t, format == TORNADO_TEXT);
    char *text = render_doc_string(&d, format == TORNADO_TEXT ? RENDER_TEXT : RENDER_MD);
    doc_release(&d);
    return text;
}
