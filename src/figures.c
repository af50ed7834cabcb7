/*
 * figures: see figures.h.
 */
#include "figures.h"

#include <cjson/cJSON.h>
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
    add(f, cap, xasprintf("inference.options.%s.%s", name, key_end),
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
        add(f, &cap, xstrdup("inference.comparison.first_month_ratio"), xstrdup("month-1 ratio"),
            FIG_RATIO, c->first_month_ratio);
        add(f, &cap, xstrdup("inference.comparison.breakeven_requests_per_day"),
            xstrdup("breakeven"), FIG_PER_DAY, c->breakeven_requests_per_day);
        add(f, &cap, xstrdup("inference.comparison.payback_days"), xstrdup("payback"), FIG_DAYS,
            c->payback_days);
        if (c->claim > 0) {
            add(f, &cap, xstrdup("inference.comparison.claim.holds"),
                xasprintf("claim %gx holds", c->claim), FIG_YESNO, c->claim_holds);
            add(f, &cap, xstrdup("inference.comparison.claim.requests_per_day_needed"),
                xasprintf("claim %gx needs", c->claim), FIG_PER_DAY, c->claim_requests_per_day);
        }
    }
    const struct budget *b = &r->scenario->budget;
    if (b->one_off > 0 || b->monthly > 0 || b->horizon > 0)
        add(f, &cap, xstrdup("budget.over"), xstrdup("over budget"), FIG_YESNO, r->budget.over);
}

/* A number at key of o: NAN when missing or null; a boolean as 1 or 0. */
static double json_number(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsNumber(v))
        return v->valuedouble;
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? 1 : 0;
    return NAN;
}

static const cJSON *json_object(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsObject(v) ? v : NULL;
}

int figures_json_value(const cJSON *root, const char *path, double *value)
{
    const cJSON *at = root;
    const char *p = path;
    while (at && *p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        char *seg = xstrndup(p, len);
        const cJSON *next = NULL;
        if (cJSON_IsObject(at)) {
            next = cJSON_GetObjectItemCaseSensitive(at, seg);
        } else if (cJSON_IsArray(at)) {
            const cJSON *e;
            cJSON_ArrayForEach(e, at)
            {
                const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
                if (cJSON_IsString(name) && strcmp(name->valuestring, seg) == 0) {
                    next = e;
                    break;
                }
            }
            if (!next && len > 0 && strspn(seg, "0123456789") == len)
                next = cJSON_GetArrayItem(at, atoi(seg));
        }
        free(seg);
        at = next;
        p = dot ? dot + 1 : p + len;
    }
    if (cJSON_IsNumber(at))
        *value = at->valuedouble;
    else if (cJSON_IsBool(at))
        *value = cJSON_IsTrue(at) ? 1 : 0;
    else if (cJSON_IsNull(at))
        *value = NAN;
    else
        return -1;
    return 0;
}

int figures_from_json(const cJSON *report, struct figures *f, char **why)
{
    size_t cap = 0;
    f->items = NULL;
    f->n = 0;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(report, "raftcost_report");
    if (!cJSON_IsObject(report) || !cJSON_IsNumber(version)) {
        *why = xstrdup("not a raftcost report (raftcost -f json SCENARIO.yaml writes one)");
        return -1;
    }
    if (version->valuedouble != 1) {
        *why = xasprintf("a raftcost report of version %g (this raftcost reads 1)",
                         version->valuedouble);
        return -1;
    }
    /* In the order of figures_collect, so that rows line up with a run's. */
    const cJSON *g = json_object(report, "generation");
    if (g) {
        add(f, &cap, xstrdup("generation.cost"), xstrdup("generation cost"), FIG_MONEY,
            json_number(g, "cost"));
        add(f, &cap, xstrdup("generation.hours"), xstrdup("generation time"), FIG_HOURS,
            json_number(g, "hours") * 3600.0);
    }
    const cJSON *ft = json_object(report, "fine_tuning");
    if (ft)
        add(f, &cap, xstrdup("fine_tuning.cost"), xstrdup("fine-tuning cost"), FIG_MONEY,
            json_number(ft, "cost"));
    const cJSON *ev = json_object(report, "evaluation");
    if (ev)
        add(f, &cap, xstrdup("evaluation.cost"), xstrdup("evaluation cost"), FIG_MONEY,
            json_number(ev, "cost"));
    const cJSON *totals = json_object(report, "totals");
    add(f, &cap, xstrdup("totals.one_off"), xstrdup("one-off total"), FIG_MONEY,
        json_number(totals, "one_off"));
    const cJSON *inf = json_object(report, "inference");
    const cJSON *options = inf ? cJSON_GetObjectItemCaseSensitive(inf, "options") : NULL;
    const char *const ends[] = {"first_month_cost", "horizon_cost"};
    const char *const labels[] = {"month 1", "horizon"};
    for (int k = 0; k < 2 && cJSON_IsArray(options); k++) {
        const cJSON *o;
        cJSON_ArrayForEach(o, options)
        {
            const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
            if (cJSON_IsString(name))
                add_option(f, &cap, name->valuestring, ends[k], labels[k], json_number(o, ends[k]));
        }
    }
    if (inf)
        add(f, &cap, xstrdup("totals.horizon"), xstrdup("project over the horizon"), FIG_MONEY,
            json_number(totals, "horizon"));
    const cJSON *c = inf ? json_object(inf, "comparison") : NULL;
    if (c) {
        add(f, &cap, xstrdup("inference.comparison.first_month_ratio"), xstrdup("month-1 ratio"),
            FIG_RATIO, json_number(c, "first_month_ratio"));
        add(f, &cap, xstrdup("inference.comparison.breakeven_requests_per_day"),
            xstrdup("breakeven"), FIG_PER_DAY, json_number(c, "breakeven_requests_per_day"));
        add(f, &cap, xstrdup("inference.comparison.payback_days"), xstrdup("payback"), FIG_DAYS,
            json_number(c, "payback_days"));
        const cJSON *claim = json_object(c, "claim");
        if (claim) {
            double k = json_number(claim, "ratio");
            add(f, &cap, xstrdup("inference.comparison.claim.holds"),
                xasprintf("claim %gx holds", k), FIG_YESNO, json_number(claim, "holds"));
            add(f, &cap, xstrdup("inference.comparison.claim.requests_per_day_needed"),
                xasprintf("claim %gx needs", k), FIG_PER_DAY,
                json_number(claim, "requests_per_day_needed"));
        }
    }
    const cJSON *budget = json_object(report, "budget");
    if (budget)
        add(f, &cap, xstrdup("budget.over"), xstrdup("over budget"), FIG_YESNO,
            json_number(budget, "over"));
    return 0;
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
    case FIG_NUMBER:
        return "";
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
                 : fig->unit == FIG_MONEY || fig->unit == FIG_HOURS || fig->unit == FIG_YESNO
                     ? "-"
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
    case FIG_NUMBER:
        snprintf(buf, FMT_SIZE, "%.6g", v);
        return buf;
    }
    buf[0] = '\0';
    return buf;
}

double figure_change(double a, double b)
{
    double diff = b - a;
    /* A saved JSON report keeps 15 digits: closer than that is no change. */
    return fabs(diff) <= 1e-12 * fmax(fabs(a), fabs(b)) ? 0 : diff;
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
    double diff = figure_change(a, b);
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
