/*
 * plot_unc: the plots of a Monte Carlo run (see plot_unc.h).  The
 * histograms and CDFs come computed from unc.c, the tornado's rows from
 * unc_tornado_run: this file writes them as data and scripts and formats
 * the labels, as the report's plots do.
 */
#include "plot_unc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "gp.h"
#include "plot_report.h"
#include "unc.h"
#include "util.h"

/* A value of a figure in its axis unit (hours for times). */
static double in_unit(const struct unc_figure *f, double v)
{
    struct figure fig = f->fig;
    fig.value = v;
    return figure_value_in_unit(&fig);
}

static char *formatted(char *buf, const struct unc_figure *f, double v, const char *cur)
{
    struct figure fig = f->fig;
    fig.value = v;
    return figure_format(buf, &fig, cur);
}

static const char *axis_name(const struct unc_figure *f, const char *cur, char *buf, size_t size)
{
    const char *unit = f->fig.unit == FIG_HOURS ? "hours" : figure_unit_name(f->fig.unit, cur);
    snprintf(buf, size, "%s (%s)", f->fig.label, unit);
    return buf;
}

static void histogram_plot(struct plot_job *j, const struct report *r,
                           const struct unc_histogram *h, const char *title, const char *mark_word)
{
    const struct unc_result *u = r->uncertainty;
    const struct unc_figure *f = &u->figures[h->figure];
    const char *cur = r->scenario->currency;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], axis[160];
    struct strbuf *d = &j->data;
    gp_commentf(d,
                "Histogram of %s over %zu samples: bin's left edge, right edge, share of all\n"
                "samples in it (%%); the middle 99%% of the samples (%zu outside)",
                f->fig.key, u->samples, h->outside);
    double top = 0;
    for (size_t b = 0; b < UNC_HIST_BINS; b++) {
        double left = h->lo + (double)b * h->width;
        gp_number(d, in_unit(f, left));
        gp_data_number(d, in_unit(f, left + h->width));
        gp_data_number(d, 100 * h->share[b]);
        strbuf_puts(d, "\n");
        top = fmax(top, 100 * h->share[b]);
    }
    gp_data_block(d, "The empirical CDF: a value, the share of all samples below it (%)");
    for (size_t i = 0; i < UNC_CDF_POINTS; i++) {
        gp_number(d, in_unit(f, h->cdf_x[i]));
        gp_data_number(d, 100 * h->cdf_p[i]);
        strbuf_puts(d, "\n");
    }

    struct strbuf *sb = &j->script;
    plot_report_script_begin(j, r);
    char *t = xasprintf("%s over %s sample%s", title, fmt_count(b1, (double)u->samples),
                        u->samples == 1 ? "" : "s");
    gp_set_string(sb, "title_text", t);
    free(t);
    gp_set_string(sb, "x_label", axis_name(f, cur, axis, sizeof axis));
    gp_set_int(sb, "x_is_money", f->fig.unit == FIG_MONEY);
    gp_set_number(sb, "ymax", top);
    double lo = h->lo, hi = h->lo + UNC_HIST_BINS * h->width;
    double est = f->fig.value;
    if (isfinite(est)) {
        lo = fmin(lo, est);
        hi = fmax(hi, est);
    }
    if (isfinite(h->mark)) {
        lo = fmin(lo, h->mark);
        hi = fmax(hi, h->mark);
    }
    double pad = 0.04 * (hi - lo);
    gp_set_number(sb, "xmin", in_unit(f, lo - pad));
    gp_set_number(sb, "xmax", in_unit(f, hi + pad));
    gp_set_number(sb, "estimate", in_unit(f, est));
    char *el = xasprintf("estimate %s", formatted(b1, f, est, cur));
    gp_set_string(sb, "estimate_label", el);
    free(el);
    gp_set_number(sb, "mark", isfinite(h->mark) ? in_unit(f, h->mark) : NAN);
    char *ml = isfinite(h->mark)
                   ? xasprintf("%s %s: %s of samples within", mark_word,
                               formatted(b1, f, h->mark, cur), fmt_percent(b2, h->mark_share))
                   : xstrdup("");
    gp_set_string(sb, "mark_label", ml);
    free(ml);
    const struct stats_summary *s = &f->summary;
    char *pl = xasprintf("P10 %s, P50 %s, P90 %s", formatted(b1, f, s->p10, cur),
                         formatted(b2, f, s->p50, cur), formatted(b3, f, s->p90, cur));
    gp_set_string(sb, "percentiles_label", pl);
    free(pl);
}

void plot_unc_add(struct plot_batch *b, const struct report *r)
{
    const struct unc_result *u = r->uncertainty;
    if (!u)
        return;
    if (u->one_off.present) {
        struct plot_job *j =
            plot_batch_add(b, "uncertainty-one-off", "uncertainty",
                           "The one-off total over the Monte Carlo samples: histogram and CDF");
        histogram_plot(j, r, &u->one_off, "One-off total", "budget");
    }
    if (u->generation_time.present) {
        struct plot_job *j =
            plot_batch_add(b, "uncertainty-generation", "uncertainty",
                           "The generation time over the Monte Carlo samples: histogram and CDF");
        histogram_plot(j, r, &u->generation_time, "Generation time", "deadline");
    }
}

void plot_unc_add_tornado(struct plot_batch *b, const struct report *r, const struct unc_tornado *t)
{
    const struct unc_result *u = r->uncertainty;
    const struct unc_figure *f = &u->figures[t->figure];
    const char *cur = r->scenario->currency;
    char buf[FMT_SIZE], axis[160];
    struct plot_job *j = plot_batch_add(
        b, "tornado", "tornado",
        "Tornado: the figure with each input at its P10 and P90, the others at their base");
    struct strbuf *d = &j->data;
    struct gp_labels names = GP_LABELS_INIT, ranges = GP_LABELS_INIT, low = GP_LABELS_INIT,
                     high = GP_LABELS_INIT;
    gp_commentf(d,
                "Tornado of %s: a row per input, largest swing first: row (1 at the top),\n"
                "the figure with the input at its P10, at its P90 (NaN: does not exist)",
                f->fig.key);
    double lo = t->base, hi = t->base;
    for (size_t i = 0; i < t->n; i++) {
        const struct unc_tornado_row *row = &t->rows[i];
        const struct unc_input *in = &u->inputs[row->input];
        strbuf_printf(d, "%zu", i + 1);
        gp_data_number(d, in_unit(f, row->at_p10));
        gp_data_number(d, in_unit(f, row->at_p90));
        strbuf_puts(d, "\n");
        char p10[FMT_SIZE], p90[FMT_SIZE];
        gp_labels_add(&names, xstrdup(in->path));
        gp_labels_add(&ranges, xasprintf("P10 %s, P90 %s", unc_format_input(p10, in, in->p10, cur),
                                         unc_format_input(p90, in, in->p90, cur)));
        gp_labels_add(&low, xstrdup(formatted(buf, f, row->at_p10, cur)));
        gp_labels_add(&high, xstrdup(formatted(buf, f, row->at_p90, cur)));
        if (isfinite(row->at_p10)) {
            lo = fmin(lo, row->at_p10);
            hi = fmax(hi, row->at_p10);
        }
        if (isfinite(row->at_p90)) {
            lo = fmin(lo, row->at_p90);
            hi = fmax(hi, row->at_p90);
        }
    }
    struct strbuf *sb = &j->script;
    plot_report_script_begin(j, r);
    gp_set_int(sb, "nrows", (long)t->n);
    char *title = xasprintf("Tornado: %s", f->fig.label);
    gp_set_string(sb, "title_text", title);
    free(title);
    gp_set_string(sb, "x_label", axis_name(f, cur, axis, sizeof axis));
    gp_set_int(sb, "x_is_money", f->fig.unit == FIG_MONEY);
    double pad = hi > lo ? 0.12 * (hi - lo) : fmax(fabs(t->base) * 0.05, 1e-9);
    gp_set_number(sb, "xmin", in_unit(f, lo - pad));
    gp_set_number(sb, "xmax", in_unit(f, hi + pad));
    gp_set_number(sb, "base", in_unit(f, t->base));
    char *bl = xasprintf("every input at its base: %s", formatted(buf, f, t->base, cur));
    gp_set_string(sb, "base_label", bl);
    free(bl);
    gp_labels_set(sb, "row_names", &names);
    gp_labels_set(sb, "row_ranges", &ranges);
    gp_labels_set(sb, "low_labels", &low);
    gp_labels_set(sb, "high_labels", &high);
    gp_labels_release(&names);
    gp_labels_release(&ranges);
    gp_labels_release(&low);
    gp_labels_release(&high);
}
