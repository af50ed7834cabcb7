/*
 * plot_report: see plot_report.h.  Data files hold numbers only, blocks
 * separated by two blank lines (gnuplot's `index`); every string a picture
 * shows is set in the script with gp.h.
 */
#include "plot_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "gp.h"
#include "units.h"
#include "util.h"

/* ---- what every report plot's script sets ------------------------------ */

void plot_report_script_begin(struct plot_job *j, const struct report *r)
{
    const struct scenario *s = r->scenario;
    struct strbuf *sb = &j->script;
    gp_set_string(sb, "scenario", s->name);
    gp_set_string(sb, "currency", s->currency);
    char *prefix = strcmp(s->currency, "USD") == 0 ? xstrdup("$") : xasprintf("%s ", s->currency);
    gp_set_string(sb, "money_prefix", prefix);
    free(prefix);
}

/* ---- phases: one-off costs as stacked bars ---------------------------- */

static void phases_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct gen_result *g = &r->generation;
    char buf[FMT_SIZE];
    struct gp_labels seg_names = GP_LABELS_INIT, seg_values = GP_LABELS_INIT,
                     bar_names = GP_LABELS_INIT, bar_totals = GP_LABELS_INIT;
    size_t nseg = 0;
    double *seg = xcalloc(g->nbackends + 2, sizeof *seg);
    size_t gen_first = 0, gen_count = 0, ft_at = 0, eval_at = 0;

    /* Segments: each generation backend, then fine-tuning, then evaluation. */
    if (g->present) {
        gen_first = nseg;
        for (size_t i = 0; i < g->nbackends; i++) {
            gp_labels_add(&seg_names, xasprintf("generation: %s", g->backends[i].backend->name));
            seg[nseg++] = g->backends[i].cost;
        }
        gen_count = nseg - gen_first;
    }
    if (r->fine_tuning.present) {
        ft_at = nseg;
        gp_labels_add(&seg_names, xstrdup("fine-tuning"));
        seg[nseg++] = r->fine_tuning.cost;
    }
    if (r->evaluation.present) {
        eval_at = nseg;
        gp_labels_add(&seg_names, xstrdup("evaluation"));
        seg[nseg++] = r->evaluation.cost;
    }
    for (size_t k = 0; k < nseg; k++)
        gp_labels_add(&seg_values, xstrdup(fmt_money(buf, cur, seg[k])));

    /* Bars: one per phase, then the total, each a row of segment values. */
    struct strbuf *d = &j->data;
    struct strbuf head = STRBUF_INIT;
    strbuf_printf(&head,
                  "One-off costs (%s) by phase: a row per bar, a column per segment,\n"
                  "the bar's total last.  Segments:",
                  cur);
    for (size_t k = 0; k < nseg; k++)
        strbuf_printf(&head, " %zu", k + 1);
    strbuf_puts(&head, " (names in phases.gp)");
    gp_comment(d, head.buf);
    strbuf_release(&head);
    /* A bar stacks the segments from..from+count-1. */
    struct bar {
        const char *name;
        size_t from, count;
        double total;
    } bars[4];
    size_t nbars = 0;
    if (g->present)
        bars[nbars++] = (struct bar){"generation", gen_first, gen_count, g->cost};
    if (r->fine_tuning.present)
        bars[nbars++] = (struct bar){"fine-tuning", ft_at, 1, r->fine_tuning.cost};
    if (r->evaluation.present)
        bars[nbars++] = (struct bar){"evaluation", eval_at, 1, r->evaluation.cost};
    bars[nbars++] = (struct bar){"one-off total", 0, nseg, r->one_off};
    double top = 0;
    for (size_t b = 0; b < nbars; b++) {
        strbuf_printf(d, "%zu", b);
        for (size_t k = 0; k < nseg; k++)
            gp_data_number(d, k >= bars[b].from && k < bars[b].from + bars[b].count ? seg[k] : 0);
        gp_data_number(d, bars[b].total);
        strbuf_puts(d, "\n");
        gp_labels_add(&bar_names, xstrdup(bars[b].name));
        gp_labels_add(&bar_totals, xstrdup(fmt_money(buf, cur, bars[b].total)));
        top = fmax(top, bars[b].total);
    }
    /* Block 2: where a segment's value is written (bar, middle height, segment). */
    gp_data_block(d, "Segment labels: bar, height of the segment's middle, segment");
    size_t nseglabels = 0;
    for (size_t b = 0; b < nbars; b++) {
        double below = 0;
        for (size_t k = bars[b].from; k < bars[b].from + bars[b].count; k++) {
            if (bars[b].count > 1 && seg[k] >= 0.06 * top) {
                nseglabels++;
                strbuf_printf(d, "%zu", b);
                gp_data_number(d, below + seg[k] / 2);
                strbuf_printf(d, " %zu\n", k + 1);
            }
            below += seg[k];
        }
    }

    struct strbuf *sb = &j->script;
    gp_set_int(sb, "nseg", (long)nseg);
    gp_set_int(sb, "nbars", (long)nbars);
    gp_set_int(sb, "nseglabels", (long)nseglabels);
    gp_set_number(sb, "ymax", top);
    gp_labels_set(sb, "seg_names", &seg_names);
    gp_labels_set(sb, "seg_values", &seg_values);
    gp_labels_set(sb, "bar_names", &bar_names);
    gp_labels_set(sb, "bar_totals", &bar_totals);
    gp_labels_release(&seg_names);
    gp_labels_release(&seg_values);
    gp_labels_release(&bar_names);
    gp_labels_release(&bar_totals);
    free(seg);
}

/* ---- generation: time against cost ------------------------------------ */

static void generation_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct gen_result *g = &r->generation;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct gp_labels names = GP_LABELS_INIT, details = GP_LABELS_INIT;
    struct strbuf *d = &j->data;
    gp_commentf(d,
                "Generation: wall time (hours) and cost (%s) of each backend doing the\n"
                "whole job alone, then (block 2) of the mix.",
                cur);
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        gp_data_number(d, b->alone_wall_s / HOUR_S);
        gp_data_number(d, b->alone_cost);
        strbuf_puts(d, "\n");
        gp_labels_add(&names, xasprintf("%s alone", b->backend->name));
        gp_labels_add(&details, xasprintf("%s, %s", fmt_duration(b1, b->alone_wall_s),
                                          fmt_money(b2, cur, b->alone_cost)));
    }
    gp_data_block(d, "the mix");
    gp_data_number(d, g->wall_s / HOUR_S);
    gp_data_number(d, g->cost);
    strbuf_puts(d, "\n");

    struct strbuf *sb = &j->script;
    double xmax = g->wall_s, ymax = g->cost;
    for (size_t i = 0; i < g->nbackends; i++) {
        xmax = fmax(xmax, g->backends[i].alone_wall_s);
        ymax = fmax(ymax, g->backends[i].alone_cost);
    }
    gp_set_int(sb, "npoints", (long)g->nbackends);
    gp_set_int(sb, "has_mix", g->nbackends > 1);
    gp_set_number(sb, "xmax", xmax / HOUR_S);
    gp_set_number(sb, "ymax", ymax);
    gp_labels_set(sb, "point_names", &names);
    gp_labels_set(sb, "point_details", &details);
    struct strbuf mix = STRBUF_INIT;
    if (g->nbackends > 1) {
        strbuf_puts(&mix, "the mix (");
        for (size_t i = 0; i < g->nbackends; i++)
            strbuf_printf(&mix, "%s%s", i ? " + " : "", g->backends[i].backend->name);
        strbuf_puts(&mix, ")");
    } else {
        strbuf_puts(&mix, g->backends[0].backend->name);
    }
    gp_set_string(sb, "mix_name", mix.buf);
    strbuf_release(&mix);
    char *detail = xasprintf("%s, %s", fmt_duration(b1, g->wall_s), fmt_money(b2, cur, g->cost));
    gp_set_string(sb, "mix_detail", detail);
    free(detail);
    gp_labels_release(&names);
    gp_labels_release(&details);
}

/* ---- monthly: each option's monthly and cumulative cost --------------- */

static void monthly_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct inference_result *inf = &r->inference;
    const struct inference *in = &r->scenario->inference;
    const struct comparison *c = &inf->comparison;
    char buf[FMT_SIZE];
    struct gp_labels names = GP_LABELS_INIT, ends = GP_LABELS_INIT;
    struct strbuf *d = &j->data;
    int cand = c->present ? (int)in->candidate : -1;

    gp_commentf(d,
                "Monthly cost (%s) of each option: month, then one column per option\n"
                "(names in monthly.gp)",
                cur);
    for (int m = 0; m < inf->months; m++) {
        strbuf_printf(d, "%d", m + 1);
        for (size_t i = 0; i < inf->noptions; i++)
            gp_data_number(d, inf->options[i].monthly[m]);
        strbuf_puts(d, "\n");
    }
    strbuf_puts(d, "\n\n");
    gp_commentf(d,
                "Cumulative cost (%s) at the end of each month, month 0 the start;\n"
                "the candidate's includes the one-off costs from month 0",
                cur);
    for (int m = 0; m <= inf->months; m++) {
        strbuf_printf(d, "%d", m);
        for (size_t i = 0; i < inf->noptions; i++)
            gp_data_number(d, inf->options[i].cumulative[m]);
        strbuf_puts(d, "\n");
    }
    for (size_t i = 0; i < inf->noptions; i++) {
        gp_labels_add(&names, xstrdup(inf->options[i].option->name));
        gp_labels_add(&ends, xstrdup(fmt_money(buf, cur, inf->options[i].cumulative[inf->months])));
    }

    struct strbuf *sb = &j->script;
    gp_set_int(sb, "nopt", (long)inf->noptions);
    gp_set_int(sb, "months", inf->months);
    gp_set_int(sb, "candidate", cand + 1);
    gp_labels_set(sb, "option_names", &names);
    gp_labels_set(sb, "option_totals", &ends);
    /* Payback: where the candidate's cumulative cost meets the baseline's. */
    int pb = c->present && !isnan(c->payback_days) && r->one_off > 0;
    double pb_months = pb ? c->payback_months : NAN;
    double pb_cost = pb ? c->payback_cumulative_cost : NAN;
    gp_set_number(sb, "payback_months", pb_months);
    gp_set_number(sb, "payback_cost", pb_cost);
    char *label, *note;
    if (!c->present)
        label = xstrdup("");
    else if (r->one_off <= 0)
        label = xstrdup("no one-off costs to pay back");
    else if (isnan(c->payback_days))
        label = xasprintf("no payback within %d months", inf->months);
    else
        label = xasprintf("payback after %.1f days", c->payback_days);
    if (c->present && r->one_off > 0)
        note = xasprintf("one-off costs: %s", fmt_money(buf, cur, r->one_off));
    else
        note = xstrdup("");
    gp_set_string(sb, "payback_label", label);
    gp_set_string(sb, "payback_note", note);
    free(label);
    free(note);
    gp_labels_release(&names);
    gp_labels_release(&ends);
}

/* ---- curves over traffic ---------------------------------------------- */

static void breakeven_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct inference_result *inf = &r->inference;
    const struct comparison *c = &inf->comparison;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct gp_labels names = GP_LABELS_INIT, costs = GP_LABELS_INIT;
    struct strbuf *d = &j->data;
    const struct traffic_series *ts = &inf->traffic;
    double lo = ts->lo, hi = ts->hi;

    gp_commentf(d,
                "Monthly cost (%s) of each option against traffic: requests/day, then\n"
                "one column per option (names in breakeven.gp)",
                cur);
    for (size_t i = 0; i < ts->n; i++) {
        gp_data_number(d, ts->requests_per_day[i]);
        for (size_t k = 0; k < inf->noptions; k++)
            gp_data_number(d, ts->monthly_cost[i * inf->noptions + k]);
        strbuf_puts(d, "\n");
    }
    gp_data_block(d, "The scenario's traffic and each option's month-1 cost");
    gp_data_number(d, inf->requests_per_day);
    for (size_t k = 0; k < inf->noptions; k++) {
        gp_data_number(d, inf->options[k].first_month_cost);
        gp_labels_add(&names, xstrdup(inf->options[k].option->name));
        gp_labels_add(&costs, xstrdup(fmt_money(b1, cur, inf->options[k].first_month_cost)));
    }
    strbuf_puts(d, "\n");
    int has_breakeven =
        c->present && c->breakeven_requests_per_day > 0 && isfinite(c->breakeven_requests_per_day);
    gp_data_block(d, "Breakeven: requests/day, and the monthly cost there");
    if (has_breakeven) {
        gp_data_number(d, c->breakeven_requests_per_day);
        gp_data_number(d, c->breakeven_monthly_cost);
        strbuf_puts(d, "\n");
    } else {
        strbuf_puts(d, "NaN NaN\n");
    }

    struct strbuf *sb = &j->script;
    gp_set_int(sb, "nopt", (long)inf->noptions);
    gp_set_int(sb, "has_breakeven", has_breakeven);
    gp_set_number(sb, "xmin", lo);
    gp_set_number(sb, "xmax", hi);
    gp_set_number(sb, "traffic", inf->requests_per_day);
    gp_set_number(sb, "breakeven", has_breakeven ? c->breakeven_requests_per_day : NAN);
    gp_set_number(sb, "breakeven_cost", has_breakeven ? c->breakeven_monthly_cost : NAN);
    gp_labels_set(sb, "option_names", &names);
    gp_labels_set(sb, "option_costs", &costs);
    char *label = xasprintf("this scenario:\n%s/day", fmt_count(b1, inf->requests_per_day));
    gp_set_lines(sb, "traffic_label", label);
    free(label);
    if (has_breakeven)
        label = xasprintf("breakeven:\n%s/day\n%s a month",
                          fmt_count(b1, c->breakeven_requests_per_day),
                          fmt_money(b2, cur, c->breakeven_monthly_cost));
    else if (c->present && isnan(c->breakeven_requests_per_day))
        label = xasprintf("no breakeven: %s costs no less per request", c->candidate->name);
    else if (c->present)
        label = xasprintf("%s is cheaper at any traffic", c->candidate->name);
    else
        label = xstrdup("");
    gp_set_lines(sb, "breakeven_label", label);
    free(label);
    gp_labels_release(&names);
    gp_labels_release(&costs);
}

static void ratio_plot(struct plot_job *j, const struct report *r)
{
    const struct inference_result *inf = &r->inference;
    const struct comparison *c = &inf->comparison;
    const struct traffic_series *ts = &inf->traffic;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct strbuf *d = &j->data;
    double lo = ts->lo, hi = ts->hi;

    gp_comment(d, "Cost ratio baseline/candidate of the monthly costs against traffic:\n"
                  "requests/day, ratio");
    for (size_t i = 0; i < ts->n; i++) {
        gp_data_number(d, ts->requests_per_day[i]);
        gp_data_number(d, ts->ratio[i]);
        strbuf_puts(d, "\n");
    }
    gp_data_block(d, "The scenario's traffic and its month-1 ratio");
    gp_data_number(d, inf->requests_per_day);
    gp_data_number(d, c->first_month_ratio);
    strbuf_puts(d, "\n");

    struct strbuf *sb = &j->script;
    gp_set_number(sb, "xmin", lo);
    gp_set_number(sb, "xmax", hi);
    gp_set_number(sb, "traffic", inf->requests_per_day);
    gp_set_number(sb, "asymptote", c->asymptotic_ratio);
    gp_set_number(sb, "claim", c->claim > 0 ? c->claim : NAN);
    gp_set_number(sb, "claim_traffic", c->claim > 0 ? c->claim_requests_per_day : NAN);
    gp_set_int(sb, "claim_rises", c->claim_rises_with_traffic);
    gp_set_number(sb, "breakeven",
                  c->breakeven_requests_per_day > 0 ? c->breakeven_requests_per_day : NAN);
    gp_set_string(sb, "baseline_name", c->baseline->name);
    gp_set_string(sb, "candidate_name", c->candidate->name);
    char *label = c->breakeven_requests_per_day > 0
                      ? xasprintf("same cost: %s/day", fmt_count(b1, c->breakeven_requests_per_day))
                      : xstrdup("");
    gp_set_string(sb, "breakeven_label", label);
    free(label);
    label = xasprintf("this scenario: %s at %s/day", fmt_ratio(b1, c->first_month_ratio),
                      fmt_count(b2, inf->requests_per_day));
    gp_set_string(sb, "traffic_label", label);
    free(label);
    label = isnan(c->asymptotic_ratio)
                ? xstrdup("")
                : xasprintf("asymptote %s (token prices only)", fmt_ratio(b1, c->asymptotic_ratio));
    gp_set_string(sb, "asymptote_label", label);
    free(label);
    if (c->claim <= 0)
        label = xstrdup("");
    else if (isnan(c->claim_requests_per_day))
        label = xasprintf("claimed %gx: unreachable at any traffic; the ratio stays below %s",
                          c->claim, fmt_ratio(b1, c->best_ratio));
    else
        label = xasprintf("claimed %gx: holds %s %s requests/day (shaded)", c->claim,
                          c->claim_rises_with_traffic ? "from" : "up to",
                          fmt_count(b1, c->claim_requests_per_day));
    gp_set_string(sb, "claim_label", label);
    free(label);
    label = c->claim > 0 ? xasprintf("claimed %gx", c->claim) : xstrdup("");
    gp_set_string(sb, "claim_short", label);
    free(label);
}

/* ---- the list ---------------------------------------------------------- */

void plot_report_add(struct plot_batch *b, const struct report *r)
{
    const struct inference_result *inf = &r->inference;
    struct {
        const char *name, *what;
        int wanted;
        void (*build)(struct plot_job *, const struct report *);
    } kinds[] = {
        {"phases", "One-off costs by phase",
         r->generation.present || r->fine_tuning.present || r->evaluation.present, phases_plot},
        {"generation", "Generation: time against cost", r->generation.present, generation_plot},
        {"monthly", "Monthly and cumulative cost of each inference option", inf->present,
         monthly_plot},
        {"breakeven", "Monthly cost of each inference option against traffic", inf->present,
         breakeven_plot},
        /* With sized hosting the ratio is a staircase: plot_capacity.c draws it. */
        {"ratio", "Cost ratio baseline/candidate against traffic",
         inf->comparison.present && !inf->capacity.sized, ratio_plot},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (!kinds[k].wanted)
            continue;
        struct plot_job *j = plot_batch_add(b, kinds[k].name, kinds[k].name, kinds[k].what);
        plot_report_script_begin(j, r);
        kinds[k].build(j, r);
    }
}
