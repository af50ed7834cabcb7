/*
 * figures: see figures.h.
 */
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void add(struct figures *f, size_t *cap, char *key, char *label, enum figure_unit unit,
                double value)
{
    if (f->n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        f->items = xrealloc(f->items, *cap * sizeof *f->items);
    }
    f->items[f->n++] = (struct figure){key, label, unit, value, 0};
}

/* A figure of an inference option, labelled "PREFIX: NAME". */
static void add_option(struct figures *f, size_t *cap, const char *name, const char *key_end,
                       const char *label_prefix, double value)
{
    add(f, cap, xasprintf("inference.%s.%s", name, key_end),
        xasprintf("%s: %s", label_prefix, name), FIG_MONEY, value);
    f->items[f->n - 1].name_len = strlen(name);
}

void figures_collect(const struct report *r, struct figures *f)
{
    size_t cap = 0;
    f->items = NULL;
    f->n = 0;
    if (r->generation.present) {
        add(f, &cap, xstrdup("generation.cost"), xstrdup("generation cost"), FIG_MONEY,
            r->generation.cost);
        add(f, &cap, xstrdup("generation.hours"), xstrdup("generation time"), FIG_HOURS,
            r->generation.wall_s);
    }
    if (r->fine_tuning.present)
        add(f, &cap, xstrdup("fine_tuning.cost"), xstrdup("fine-tuning cost"), FIG_MONEY,
            r->fine_tuning.cost);
    if (r->evaluation.present)
        add(f, &cap, xstrdup("evaluation.cost"), xstrdup("evaluation cost"), FIG_MONEY,
            r->evaluation.cost);
    add(f, &cap, xstrdup("totals.one_off"), xstrdup("one-off total"), FIG_MONEY, r->one_off);
    const struct inference_result *inf = &r->inference;
    for (size_t i = 0; i < inf->noptions; i++)
        add_option(f, &cap, inf->options[i].option->name, "first_month_cost", "month 1",
                   inf->options[i].first_month_cost);
    for (size_t i = 0; i < inf->noptions; i++)
        add_option(f, &cap, inf->options[i].option->name, "horizon_cost", "horizon",
                   inf->options[i].horizon_cost);
    if (inf->present)
        add(f, &cap, xstrdup("totals.horizon"), xstrdup("project over the horizon"), FIG_MONEY,
            r->horizon_total);
    const struct comparison *c = &inf->comparison;
    if (c->present) {
        add(f, &cap, xstrdup("comparison.first_month_ratio"), xstrdup("month-1 ratio"), FIG_RATIO,
            c->first_month_ratio);
        add(f, &cap, xstrdup("comparison.breakeven_requests_per_day"), xstrdup("breakeven"),
            FIG_PER_DAY, c->breakeven_requests_per_day);
        add(f, &cap, xstrdup("comparison.payback_days"), xstrdup("payback"), FIG_DAYS,
            c->payback_days);
        if (c->claim > 0) {
            add(f, &cap, xstrdup("comparison.claim.holds"), xasprintf("claim %gx holds", c->claim),
                FIG_YESNO, c->claim_holds);
            add(f, &cap, xstrdup("comparison.claim.requests_per_day_needed"),
                xasprintf("claim %gx needs", c->claim), FIG_PER_DAY, c->claim_requests_per_day);
        }
    }
}

void figures_release(struct figures *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].key);
        free(f->items[i].label);
    }
    free(f->items);
    f->items = NULL;
    f->n = 0;
}

const char *figure_unit_name(enum figure_unit unit, const char *currency)
{
    switch (unit) {
    case FIG_MONEY:
        return currency;
    case FIG_HOURS:
        return "hours";
    case FIG_DAYS:
        return "days";
    case FIG_PER_DAY:
        return "requests/day";
    case FIG_RATIO:
        return "x";
    case FIG_YESNO:
        return "yes/no";
    case FIG_COUNT:
        return "count";
    }
    return "";
}

void figure_label_doc(struct doc_inline *in, const struct figure *fig)
{
    size_t len = strlen(fig->label), words = len - (fig->name_len <= len ? fig->name_len : len);
    char *text = xstrndup(fig->label, words);
    if (words > 0)
        doc_text(in, text);
    if (words < len)
        doc_user(in, fig->label + words);
    free(text);
}

double figure_value_in_unit(const struct figure *fig)
{
    return fig->unit == FIG_HOURS ? fig->value / 3600.0 : fig->value;
}

char *figure_format(char *buf, const struct figure *fig, const char *currency)
{
    double v = fig->value;
    if (isnan(v)) {
        snprintf(buf, FMT_SIZE, "%s",
                 fig->unit == FIG_PER_DAY && strstr(fig->key, "claim") ? "unreachable"
                 : fig->unit == FIG_MONEY || fig->unit == FIG_HOURS    ? "-"
                                                                       : "never");
        return buf;
    }
    switch (fig->unit) {
    case FIG_MONEY:
        return fmt_money(buf, currency, v);
    case FIG_HOURS:
        return fmt_duration(buf, v);
    case FIG_DAYS:
        snprintf(buf, FMT_SIZE, "%.1f days", v);
        return buf;
    case FIG_PER_DAY: {
        char n[FMT_SIZE];
        snprintf(buf, FMT_SIZE, "%s/day", fmt_count(n, v));
        return buf;
    }
    case FIG_RATIO:
        return fmt_ratio(buf, v);
    case FIG_YESNO:
        snprintf(buf, FMT_SIZE, "%s", v != 0 ? "yes" : "no");
        return buf;
    case FIG_COUNT:
        /* A mean or a percentile between two counts has a fraction below 1,000. */
        if (fabs(v - round(v)) < 1e-9 || fabs(v) >= 1000)
            return fmt_count(buf, round(v));
        snprintf(buf, FMT_SIZE, "%.3g", v);
        return buf;
    }
    buf[0] = '\0';
    return buf;
}

char *figure_format_change(char *buf, const struct figure *base, const struct figure *fig,
                           const char *currency)
{
    double a = base->value, b = fig->value;
    buf[0] = '\0';
    if (isnan(a) || isnan(b) || fig->unit == FIG_YESNO) {
        if (fig->unit == FIG_YESNO && !isnan(a) && !isnan(b) && a != b)
            snprintf(buf, FIG_CHANGE_SIZE, "changed");
        else if (isnan(a) != isnan(b))
            snprintf(buf, FIG_CHANGE_SIZE, "changed");
        return buf;
    }
    double diff = b - a;
    if (diff == 0)
        return buf;
    char abs_text[FMT_SIZE], pct[32];
    struct figure d = *fig;
    d.value = fabs(diff);
    figure_format(abs_text, &d, currency);
    if (a != 0)
        snprintf(pct, sizeof pct, " (%+.0f%%)", diff / fabs(a) * 100.0);
    else
        pct[0] = '\0';
    snprintf(buf, FIG_CHANGE_SIZE, "%s%s%s", diff < 0 ? "-" : "+", abs_text, pct);
    return buf;
}
