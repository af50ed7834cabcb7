/*
 * unc_figures: the figures a Monte Carlo run keeps of every sample, read
 * from a report without allocating (a run reads them a million times): the
 * headline figures of the report, then the columns only a probability or
 * an input needs (the dearest month for a monthly budget, whether the claim
 * holds, a fitted curve's throughput).  Keys are those of figures.c where
 * both have the figure.
 */
#include "unc_figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "units.h"
#include "util.h"

static void add(struct unc_figure **items, size_t *n, size_t *cap, enum unc_what what, size_t index,
                int shown, char *key, char *label, enum figure_unit unit, size_t name_len)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *items = xrealloc(*items, *cap * sizeof **items);
    }
    struct unc_figure *f = &(*items)[(*n)++];
    memset(f, 0, sizeof *f);
    f->what = what;
    f->index = index;
    f->shown = shown;
    f->fig = (struct figure){key, label, unit, NAN, name_len};
}

void unc_figures_collect(const struct report *r, const struct sim_result *sim,
                         const size_t *fit_backends, size_t nfits, struct unc_figure **out,
                         size_t *count)
{
    const struct scenario *s = r->scenario;
    const struct inference_result *inf = &r->inference;
    struct unc_figure *items = NULL;
    size_t n = 0, cap = 0;
    if (r->generation.present) {
        add(&items, &n, &cap, UNC_GEN_COST, 0, 1, xstrdup("generation.cost"),
            xstrdup("generation cost"), FIG_MONEY, 0);
        add(&items, &n, &cap, UNC_GEN_HOURS, 0, 1, xstrdup("generation.hours"),
            xstrdup("generation time"), FIG_HOURS, 0);
        if (sim) {
            add(&items, &n, &cap, UNC_GEN_LOST, 0, 1, xstrdup("generation.lost_examples"),
                xstrdup("lost examples"), FIG_COUNT, 0);
            add(&items, &n, &cap, UNC_GEN_REJECTED, 0, 1, xstrdup("generation.rejected"),
                xstrdup("429s"), FIG_COUNT, 0);
        }
    }
    if (r->fine_tuning.present) {
        add(&items, &n, &cap, UNC_FT_COST, 0, 1, xstrdup("fine_tuning.cost"),
            xstrdup("fine-tuning cost"), FIG_MONEY, 0);
        add(&items, &n, &cap, UNC_FT_HOURS, 0, 1, xstrdup("fine_tuning.hours"),
            xstrdup("fine-tuning time"), FIG_HOURS, 0);
    }
    if (r->evaluation.present)
        add(&items, &n, &cap, UNC_EVAL_COST, 0, 1, xstrdup("evaluation.cost"),
            xstrdup("evaluation cost"), FIG_MONEY, 0);
    add(&items, &n, &cap, UNC_ONE_OFF, 0, 1, xstrdup("totals.one_off"), xstrdup("one-off total"),
        FIG_MONEY, 0);
    for (size_t i = 0; i < inf->noptions; i++) {
        const char *name = inf->options[i].option->name;
        add(&items, &n, &cap, UNC_OPTION_MONTH1, i, 1,
            xasprintf("inference.%s.first_month_cost", name), xasprintf("month 1: %s", name),
            FIG_MONEY, strlen(name));
    }
    for (size_t i = 0; i < inf->noptions; i++) {
        const char *name = inf->options[i].option->name;
        add(&items, &n, &cap, UNC_OPTION_HORIZON, i, 1,
            xasprintf("inference.%s.horizon_cost", name), xasprintf("horizon: %s", name), FIG_MONEY,
            strlen(name));
    }
    if (inf->present)
        add(&items, &n, &cap, UNC_HORIZON, 0, 1, xstrdup("totals.horizon"),
            xstrdup("project over the horizon"), FIG_MONEY, 0);
    const struct comparison *c = &inf->comparison;
    if (c->present) {
        add(&items, &n, &cap, UNC_RATIO_MONTH1, 0, 1, xstrdup("comparison.first_month_ratio"),
            xstrdup("month-1 ratio"), FIG_RATIO, 0);
        add(&items, &n, &cap, UNC_RATIO_HORIZON, 0, 1, xstrdup("comparison.horizon_ratio"),
            xstrdup("horizon ratio"), FIG_RATIO, 0);
        add(&items, &n, &cap, UNC_BREAKEVEN, 0, 1, xstrdup("comparison.breakeven_requests_per_day"),
            xstrdup("breakeven"), FIG_PER_DAY, 0);
        add(&items, &n, &cap, UNC_PAYBACK, 0, 1, xstrdup("comparison.payback_days"),
            xstrdup("payback"), FIG_DAYS, 0);
    }
    /* Columns for the probabilities and the fitted inputs, not shown as figures. */
    if (s->budget.monthly > 0 && inf->present)
        add(&items, &n, &cap, UNC_DEAREST_MONTH, 0, 0, xstrdup("budget.monthly"),
            xstrdup("dearest month"), FIG_MONEY, 0);
    if (c->present && c->claim > 0)
        add(&items, &n, &cap, UNC_CLAIM_HOLDS, 0, 0, xstrdup("comparison.claim.holds"),
            xasprintf("claim %gx holds", c->claim), FIG_YESNO, 0);
    for (size_t k = 0; k < nfits; k++) {
        const char *name = s->backends[fit_backends[k]].name;
        add(&items, &n, &cap, UNC_UNIT_THROUGHPUT, fit_backends[k], 0,
            xasprintf("backends.%s.throughput", name), xasprintf("throughput of %s", name),
            FIG_RATIO, strlen(name));
    }
    for (size_t i = 0; i < n; i++)
        items[i].fig.value = unc_figure_value(r, sim, &items[i]);
    *out = items;
    *count = n;
}

double unc_figure_value(const struct report *r, const struct sim_result *sim,
                        const struct unc_figure *f)
{
    const struct inference_result *inf = &r->inference;
    const struct comparison *c = &inf->comparison;
    switch ((enum unc_what)f->what) {
    case UNC_GEN_COST:
        return r->generation.cost;
    case UNC_GEN_HOURS:
        return r->generation.wall_s;
    case UNC_GEN_LOST:
        return sim ? (double)sim->lost_examples : NAN;
    case UNC_GEN_REJECTED:
        return sim ? (double)sim->rejected : NAN;
    case UNC_FT_COST:
        return r->fine_tuning.cost;
    case UNC_FT_HOURS:
        return r->fine_tuning.duration_s;
    case UNC_EVAL_COST:
        return r->evaluation.cost;
    case UNC_ONE_OFF:
        return r->one_off;
    case UNC_OPTION_MONTH1:
        return inf->options[f->index].first_month_cost;
    case UNC_OPTION_HORIZON:
        return inf->options[f->index].horizon_cost;
    case UNC_HORIZON:
        return r->horizon_total;
    case UNC_RATIO_MONTH1:
        return c->first_month_ratio;
    case UNC_RATIO_HORIZON:
        return c->horizon_ratio;
    case UNC_BREAKEVEN:
        return c->breakeven_requests_per_day;
    case UNC_PAYBACK:
        return c->payback_days;
    case UNC_DEAREST_MONTH:
        return r->budget.monthly;
    case UNC_CLAIM_HOLDS:
        return c->claim_holds ? 1.0 : 0.0;
    case UNC_UNIT_THROUGHPUT:
        return r->backend_rates[f->index].unit_tok_s;
    }
    return NAN;
}

void unc_figures_release(struct unc_figure *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].fig.key);
        free(items[i].fig.label);
    }
    free(items);
}

char *unc_format_input(char *buf, const struct unc_input *in, double v, const char *currency)
{
    char n[FMT_SIZE];
    if (isnan(v)) {
        snprintf(buf, FMT_SIZE, "-");
        return buf;
    }
    switch (in->kind) {
    case QK_DURATION:
        if (fabs(v) < 60) { /* a time to first token: 0.43 s, not 0 s */
            snprintf(buf, FMT_SIZE, "%.3g s", v);
            return buf;
        }
        return fmt_duration(buf, v);
    case QK_RATE:
        snprintf(buf, FMT_SIZE, "%s/day", fmt_count(n, v * DAY_S));
        return buf;
    case QK_THROUGHPUT:
        snprintf(buf, FMT_SIZE, "%.3g tok/s", v);
        return buf;
    case QK_FRACTION:
        snprintf(buf, FMT_SIZE, "%.3g%%", v * 100);
        return buf;
    case QK_RATIO:
        snprintf(buf, FMT_SIZE, "%.3gx", v);
        return buf;
    case QK_NUMBER:
        break;
    }
    if (strstr(in->path, "per_1k") || strstr(in->path, "per_1m") || strstr(in->path, "per_hour"))
        return fmt_unit_price(buf, currency, v);
    if (fabs(v) >= 10000)
        return fmt_tokens(buf, v);
    snprintf(buf, FMT_SIZE, "%.4g", v);
    return buf;
}
