/*
 * plot: see plot.h.  This file turns the report's figures into data files
 * and small gnuplot scripts, then runs gnuplot on them.  It computes no
 * cost of its own but the points of the curves over traffic, from the two
 * figures the model gives for each option: an option's monthly cost at R
 * requests a month is hosting_per_month + R × token_cost_per_request.
 *
 * Data files hold numbers only; every string that a picture shows is set in
 * the script, single-quoted (gnuplot expands backquotes and macros in
 * double-quoted strings only).  It must never let a user string reach a
 * comment or a double-quoted string: a comment line ending in '\' goes on
 * to the next line, and a double-quoted string runs `backquoted` commands.
 */
/* realpath is in POSIX's XSI part. */
#define _XOPEN_SOURCE 700

#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>

#include "format.h"
#include "units.h"
#include "util.h"

extern char **environ;

/* At most this much gnuplot error text goes into the message. */
#define MAX_ERROR_TEXT 2000

static const char *const template_names[] = {"common",    "phases", "generation", "monthly",
                                             "breakeven", "ratio",  "curve"};

static const char *const format_names[] = {"png", "svg", "pdf"};

int plot_format_from_name(const char *name, enum plot_format *format)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *format = (enum plot_format)i;
            return 0;
        }
    return -1;
}

/* One picture: its data, its script, and the gnuplot drawing it. */
struct plot_job {
    char *name;           /* NAME of NAME.dat, NAME.gp and the picture: [A-Za-z0-9._-] only */
    const char *template; /* plots/TEMPLATE.gp draws it */
    struct strbuf data, script;
    char *picture;     /* DIR/NAME.EXT */
    char *tmp_name;    /* the temporary picture's name, in DIR */
    char *tmp_picture; /* DIR/tmp_name */
    FILE *err;         /* gnuplot's standard error */
    pid_t pid;
    int spawned;
    double started_s; /* when gnuplot started, for its time limit */
};

/*
 * How long one gnuplot may run, in seconds: RAFTCOST_PLOT_TIMEOUT, else 120.
 * A plot of a few thousand points takes well under a second.
 */
static double plot_timeout_s(void)
{
    const char *env = getenv("RAFTCOST_PLOT_TIMEOUT");
    char *end;
    double t = env ? strtod(env, &end) : 0;
    return env && end != env && *end == '\0' && t > 0 ? t : 120.0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* waitpid with a deadline: a gnuplot that hangs is killed, and *timed_out set. */
static pid_t wait_until(pid_t pid, int *st, double deadline, int *timed_out)
{
    const struct timespec pause = {0, 5 * 1000 * 1000};
    *timed_out = 0;
    for (;;) {
        pid_t w = waitpid(pid, st, WNOHANG);
        if (w != 0 && !(w < 0 && errno == EINTR))
            return w;
        if (now_s() > deadline) {
            kill(pid, SIGKILL);
            *timed_out = 1;
            do
                w = waitpid(pid, st, 0);
            while (w < 0 && errno == EINTR);
            return w;
        }
        nanosleep(&pause, NULL);
    }
}

/* ---- gnuplot syntax ---------------------------------------------------- */

/* A user string as a single-quoted gnuplot string: ' doubled, no control characters. */
static void gp_quote(struct strbuf *sb, const char *s)
{
    strbuf_puts(sb, "'");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'')
            strbuf_puts(sb, "''");
        else if (c < 0x20 || c == 0x7f)
            strbuf_puts(sb, " ");
        else
            strbuf_add(sb, s, 1);
    }
    strbuf_puts(sb, "'");
}

static void gp_set_string(struct strbuf *sb, const char *var, const char *value)
{
    strbuf_printf(sb, "%s = ", var);
    gp_quote(sb, value);
    strbuf_puts(sb, "\n");
}

static void gp_number(struct strbuf *sb, double v)
{
    if (isnan(v))
        strbuf_puts(sb, "NaN");
    else
        strbuf_printf(sb, "%.12g", v);
}

static void gp_set_number(struct strbuf *sb, const char *var, double v)
{
    strbuf_printf(sb, "%s = ", var);
    gp_number(sb, v);
    strbuf_puts(sb, "\n");
}

/* A string of several lines: each quoted, joined with a double-quoted "\n". */
static void gp_set_lines(struct strbuf *sb, const char *var, const char *text)
{
    strbuf_printf(sb, "%s = ", var);
    for (;;) {
        const char *nl = strchr(text, '\n');
        char *line = xstrndup(text, nl ? (size_t)(nl - text) : strlen(text));
        gp_quote(sb, line);
        free(line);
        if (!nl)
            break;
        strbuf_puts(sb, " . \"\\n\" . ");
        text = nl + 1;
    }
    strbuf_puts(sb, "\n");
}

/* `array var[n]` of strings, set one by one. */
static void gp_set_strings(struct strbuf *sb, const char *var, char *const *values, size_t n)
{
    strbuf_printf(sb, "array %s[%zu]\n", var, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(sb, "%s[%zu] = ", var, i + 1);
        gp_quote(sb, values[i]);
        strbuf_puts(sb, "\n");
    }
}

/* A list of strings that the caller fills with xasprintf. */
struct labels {
    char **items;
    size_t n;
};

static void labels_add(struct labels *l, char *s)
{
    l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
    l->items[l->n++] = s;
}

static void labels_release(struct labels *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

static void data_number(struct strbuf *sb, double v)
{
    strbuf_puts(sb, " ");
    gp_number(sb, v);
}

/* ---- what every script starts with ------------------------------------ */

/* `what` goes into a comment: a fixed text, never a user string. */
static void script_head(struct plot_job *j, enum plot_format format, const char *what)
{
    struct strbuf *sb = &j->script;
    strbuf_printf(sb,
                  "# %s, drawn by raftcost.\n"
                  "# To redraw by hand, run 'gnuplot %s.gp' in this folder.  The look is in the\n"
                  "# template loaded at the end; set 'out' first to draw to another file.\n",
                  what, j->name);
    gp_set_string(sb, "plot_format", format_names[format]);
    strbuf_printf(sb, "if (!exists(\"out\")) out = '%s.%s'\n", j->name, format_names[format]);
    strbuf_printf(sb, "data = '%s.dat'\n", j->name);
}

static void script_begin(struct plot_job *j, const struct report *r, enum plot_format format,
                         const char *what)
{
    const struct scenario *s = r->scenario;
    struct strbuf *sb = &j->script;
    script_head(j, format, what);
    gp_set_string(sb, "scenario", s->name);
    gp_set_string(sb, "currency", s->currency);
    char *prefix = strcmp(s->currency, "USD") == 0 ? xstrdup("$") : xasprintf("%s ", s->currency);
    gp_set_string(sb, "money_prefix", prefix);
    free(prefix);
}

static void script_end(struct plot_job *j, const char *templates)
{
    gp_set_string(&j->script, "template_dir", templates);
    strbuf_printf(&j->script, "load template_dir . '/%s.gp'\n", j->template);
}

/* ---- phases: one-off costs as stacked bars ---------------------------- */

static void phases_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct gen_result *g = &r->generation;
    char buf[FMT_SIZE];
    struct labels seg_names = {0}, seg_values = {0}, bar_names = {0}, bar_totals = {0};
    size_t nseg = 0;
    double *seg = xcalloc(g->nbackends + 2, sizeof *seg);
    size_t gen_first = 0, gen_count = 0, ft_at = 0, eval_at = 0;

    /* Segments: each generation backend, then fine-tuning, then evaluation. */
    if (g->present) {
        gen_first = nseg;
        for (size_t i = 0; i < g->nbackends; i++) {
            labels_add(&seg_names, xasprintf("generation: %s", g->backends[i].backend->name));
            seg[nseg++] = g->backends[i].cost;
        }
        gen_count = nseg - gen_first;
    }
    if (r->fine_tuning.present) {
        ft_at = nseg;
        labels_add(&seg_names, xstrdup("fine-tuning"));
        seg[nseg++] = r->fine_tuning.cost;
    }
    if (r->evaluation.present) {
        eval_at = nseg;
        labels_add(&seg_names, xstrdup("evaluation"));
        seg[nseg++] = r->evaluation.cost;
    }
    for (size_t k = 0; k < nseg; k++)
        labels_add(&seg_values, xstrdup(fmt_money(buf, cur, seg[k])));

    /* Bars: one per phase, then the total, each a row of segment values. */
    struct strbuf *d = &j->data;
    strbuf_printf(d,
                  "# One-off costs (%s) by phase: a row per bar, a column per segment,\n"
                  "# the bar's total last.  Segments:",
                  cur);
    for (size_t k = 0; k < nseg; k++)
        strbuf_printf(d, " %zu", k + 1);
    strbuf_puts(d, " (names in phases.gp)\n");
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
            data_number(d, k >= bars[b].from && k < bars[b].from + bars[b].count ? seg[k] : 0);
        data_number(d, bars[b].total);
        strbuf_puts(d, "\n");
        labels_add(&bar_names, xstrdup(bars[b].name));
        labels_add(&bar_totals, xstrdup(fmt_money(buf, cur, bars[b].total)));
        top = fmax(top, bars[b].total);
    }
    /* Block 2: where a segment's value is written (bar, middle height, segment). */
    strbuf_puts(d, "\n\n# Segment labels: bar, height of the segment's middle, segment\n");
    size_t nseglabels = 0;
    for (size_t b = 0; b < nbars; b++) {
        double below = 0;
        for (size_t k = bars[b].from; k < bars[b].from + bars[b].count; k++) {
            if (bars[b].count > 1 && seg[k] >= 0.06 * top) {
                nseglabels++;
                strbuf_printf(d, "%zu", b);
                data_number(d, below + seg[k] / 2);
                strbuf_printf(d, " %zu\n", k + 1);
            }
            below += seg[k];
        }
    }

    struct strbuf *sb = &j->script;
    strbuf_printf(sb, "nseg = %zu\nnbars = %zu\nnseglabels = %zu\n", nseg, nbars, nseglabels);
    gp_set_number(sb, "ymax", top);
    gp_set_strings(sb, "seg_names", seg_names.items, seg_names.n);
    gp_set_strings(sb, "seg_values", seg_values.items, seg_values.n);
    gp_set_strings(sb, "bar_names", bar_names.items, bar_names.n);
    gp_set_strings(sb, "bar_totals", bar_totals.items, bar_totals.n);
    labels_release(&seg_names);
    labels_release(&seg_values);
    labels_release(&bar_names);
    labels_release(&bar_totals);
    free(seg);
}

/* ---- generation: time against cost ------------------------------------ */

static void generation_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct gen_result *g = &r->generation;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct labels names = {0}, details = {0};
    struct strbuf *d = &j->data;
    strbuf_printf(d,
                  "# Generation: wall time (hours) and cost (%s) of each backend doing the\n"
                  "# whole job alone, then (block 2) of the mix.\n",
                  cur);
    for (size_t i = 0; i < g->nbackends; i++) {
        const struct gen_backend_result *b = &g->backends[i];
        data_number(d, b->alone_wall_s / 3600.0);
        data_number(d, b->alone_cost);
        strbuf_puts(d, "\n");
        labels_add(&names, xasprintf("%s alone", b->backend->name));
        labels_add(&details, xasprintf("%s, %s", fmt_duration(b1, b->alone_wall_s),
                                       fmt_money(b2, cur, b->alone_cost)));
    }
    strbuf_puts(d, "\n\n# the mix\n");
    data_number(d, g->wall_s / 3600.0);
    data_number(d, g->cost);
    strbuf_puts(d, "\n");

    struct strbuf *sb = &j->script;
    double xmax = g->wall_s, ymax = g->cost;
    for (size_t i = 0; i < g->nbackends; i++) {
        xmax = fmax(xmax, g->backends[i].alone_wall_s);
        ymax = fmax(ymax, g->backends[i].alone_cost);
    }
    strbuf_printf(sb, "npoints = %zu\nhas_mix = %d\n", g->nbackends, g->nbackends > 1);
    gp_set_number(sb, "xmax", xmax / 3600.0);
    gp_set_number(sb, "ymax", ymax);
    gp_set_strings(sb, "point_names", names.items, names.n);
    gp_set_strings(sb, "point_details", details.items, details.n);
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
    labels_release(&names);
    labels_release(&details);
}

/* ---- monthly: each option's monthly and cumulative cost --------------- */

static void monthly_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct inference_result *inf = &r->inference;
    const struct inference *in = &r->scenario->inference;
    const struct comparison *c = &inf->comparison;
    char buf[FMT_SIZE];
    struct labels names = {0}, ends = {0};
    struct strbuf *d = &j->data;
    int cand = c->present ? (int)in->candidate : -1;

    strbuf_printf(d,
                  "# Monthly cost (%s) of each option: month, then one column per option\n"
                  "# (names in monthly.gp)\n",
                  cur);
    for (int m = 0; m < inf->months; m++) {
        strbuf_printf(d, "%d", m + 1);
        for (size_t i = 0; i < inf->noptions; i++)
            data_number(d, inf->options[i].monthly[m]);
        strbuf_puts(d, "\n");
    }
    strbuf_printf(d,
                  "\n\n# Cumulative cost (%s) at the end of each month, month 0 the start;\n"
                  "# the candidate's includes the one-off costs from month 0\n",
                  cur);
    for (int m = 0; m <= inf->months; m++) {
        strbuf_printf(d, "%d", m);
        for (size_t i = 0; i < inf->noptions; i++)
            data_number(d, inf->options[i].cumulative[m]);
        strbuf_puts(d, "\n");
    }
    for (size_t i = 0; i < inf->noptions; i++) {
        labels_add(&names, xstrdup(inf->options[i].option->name));
        labels_add(&ends, xstrdup(fmt_money(buf, cur, inf->options[i].cumulative[inf->months])));
    }

    struct strbuf *sb = &j->script;
    strbuf_printf(sb, "nopt = %zu\nmonths = %d\ncandidate = %d\n", inf->noptions, inf->months,
                  cand + 1);
    gp_set_strings(sb, "option_names", names.items, names.n);
    gp_set_strings(sb, "option_totals", ends.items, ends.n);
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
    labels_release(&names);
    labels_release(&ends);
}

/* ---- curves over traffic ---------------------------------------------- */

static void breakeven_plot(struct plot_job *j, const struct report *r)
{
    const char *cur = r->scenario->currency;
    const struct inference_result *inf = &r->inference;
    const struct comparison *c = &inf->comparison;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct labels names = {0}, costs = {0};
    struct strbuf *d = &j->data;
    const struct traffic_series *ts = &inf->traffic;
    double lo = ts->lo, hi = ts->hi;

    strbuf_printf(d,
                  "# Monthly cost (%s) of each option against traffic: requests/day, then\n"
                  "# one column per option (names in breakeven.gp)\n",
                  cur);
    for (size_t i = 0; i < ts->n; i++) {
        data_number(d, ts->requests_per_day[i]);
        for (size_t k = 0; k < inf->noptions; k++)
            data_number(d, ts->monthly_cost[i * inf->noptions + k]);
        strbuf_puts(d, "\n");
    }
    strbuf_puts(d, "\n\n# The scenario's traffic and each option's month-1 cost\n");
    data_number(d, inf->requests_per_day);
    for (size_t k = 0; k < inf->noptions; k++) {
        data_number(d, inf->options[k].first_month_cost);
        labels_add(&names, xstrdup(inf->options[k].option->name));
        labels_add(&costs, xstrdup(fmt_money(b1, cur, inf->options[k].first_month_cost)));
    }
    strbuf_puts(d, "\n");
    int has_breakeven =
        c->present && c->breakeven_requests_per_day > 0 && isfinite(c->breakeven_requests_per_day);
    strbuf_puts(d, "\n\n# Breakeven: requests/day, and the monthly cost there\n");
    if (has_breakeven) {
        data_number(d, c->breakeven_requests_per_day);
        data_number(d, c->breakeven_monthly_cost);
        strbuf_puts(d, "\n");
    } else {
        strbuf_puts(d, "NaN NaN\n");
    }

    struct strbuf *sb = &j->script;
    strbuf_printf(sb, "nopt = %zu\nhas_breakeven = %d\n", inf->noptions, has_breakeven);
    gp_set_number(sb, "xmin", lo);
    gp_set_number(sb, "xmax", hi);
    gp_set_number(sb, "traffic", inf->requests_per_day);
    gp_set_number(sb, "breakeven", has_breakeven ? c->breakeven_requests_per_day : NAN);
    gp_set_number(sb, "breakeven_cost", has_breakeven ? c->breakeven_monthly_cost : NAN);
    gp_set_strings(sb, "option_names", names.items, names.n);
    gp_set_strings(sb, "option_costs", costs.items, costs.n);
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
    labels_release(&names);
    labels_release(&costs);
}

static void ratio_plot(struct plot_job *j, const struct report *r)
{
    const struct inference_result *inf = &r->inference;
    const struct comparison *c = &inf->comparison;
    const struct traffic_series *ts = &inf->traffic;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct strbuf *d = &j->data;
    double lo = ts->lo, hi = ts->hi;

    strbuf_puts(d, "# Cost ratio baseline/candidate of the monthly costs against traffic:\n"
                   "# requests/day, ratio\n");
    for (size_t i = 0; i < ts->n; i++) {
        data_number(d, ts->requests_per_day[i]);
        data_number(d, ts->ratio[i]);
        strbuf_puts(d, "\n");
    }
    strbuf_puts(d, "\n\n# The scenario's traffic and its month-1 ratio\n");
    data_number(d, inf->requests_per_day);
    data_number(d, c->first_month_ratio);
    strbuf_puts(d, "\n");

    struct strbuf *sb = &j->script;
    gp_set_number(sb, "xmin", lo);
    gp_set_number(sb, "xmax", hi);
    gp_set_number(sb, "traffic", inf->requests_per_day);
    gp_set_number(sb, "asymptote", c->asymptotic_ratio);
    gp_set_number(sb, "claim", c->claim > 0 ? c->claim : NAN);
    gp_set_number(sb, "claim_traffic", c->claim > 0 ? c->claim_requests_per_day : NAN);
    strbuf_printf(sb, "claim_rises = %d\n", c->claim_rises_with_traffic);
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

/* ---- curve: throughput against concurrency ---------------------------- */

/* Evenly spaced concurrencies on the curves, besides the points and the marks. */
#define CURVE_SAMPLES 400
/* A knee or a peak beyond this many times the last measured concurrency stays off the plot. */
#define CURVE_REACH 4.0

/* What a curve plot shows; fits[best] is the best fit (best -1: none named). */
struct curve_plot {
    const struct curve_points *points;
    const struct curve_fit *fits;
    size_t nfits;
    int best;
    const char *title, *subtitle, *points_title, *ylabel;
    double used; /* the concurrency a scenario uses; NaN: a fit on its own */
    double used_tok_s;
    const char *used_why; /* "", or why the scenario uses that concurrency */
};

/* "curve-" and name, every character but A-Z a-z 0-9 . _ - made '_'; the caller frees. */
static char *curve_plot_name(const char *name)
{
    char *out = xasprintf("curve-%s", name);
    for (char *p = out; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            *p = '_';
    }
    return out;
}

/* A number for a picture: "0.5", "59.4", "137", "13,396". */
static char *fmt_plot_number(char *buf, double v)
{
    if (fabs(v) >= 100)
        return fmt_count(buf, v);
    snprintf(buf, FMT_SIZE, "%.3g", v);
    return buf;
}

/* A USL curve that rises to a peak and falls beyond it. */
static int has_peak(const struct curve_fit *fit)
{
    return fit->model == CURVE_USL && isfinite(fit->max_at) && isfinite(fit->max_tok_s);
}

/* Line type of a model in the template: the same colour in every picture. */
static int model_linetype(enum curve_model model)
{
    switch (model) {
    case CURVE_USL:
        return 1;
    case CURVE_SATURATING:
        return 2;
    case CURVE_TABLE:
        break;
    }
    return 3;
}

/* A curve's entry in the key: its model, R^2, knee and peak. */
static char *fit_title(const struct curve_fit *fit, int best, double xmax)
{
    char a[FMT_SIZE], b[FMT_SIZE];
    struct strbuf t = STRBUF_INIT;
    if (fit->model == CURVE_TABLE)
        strbuf_puts(&t, "table (through the points)");
    else if (isnan(fit->r2))
        strbuf_puts(&t, curve_model_name(fit->model));
    else
        strbuf_printf(&t, "%s, R\xc2\xb2 %.4f", curve_model_name(fit->model), fit->r2);
    if (best)
        strbuf_puts(&t, " (best)");
    if (isnan(fit->knee))
        strbuf_puts(&t, ": no knee");
    else
        strbuf_printf(&t, ": knee at %s%s", fmt_plot_number(a, fit->knee),
                      fit->knee <= xmax ? "" : " (off the plot)");
    if (has_peak(fit))
        strbuf_printf(&t, ", peak %s tok/s at %s%s", fmt_plot_number(a, fit->max_tok_s),
                      fmt_plot_number(b, fit->max_at),
                      fit->max_at <= xmax ? "" : " (off the plot)");
    return strbuf_detach(&t);
}

/*
 * The data and the script's variables of a curve plot.  The curves are
 * sampled evenly and at every point, knee, peak and the scenario's
 * concurrency, so that the table's corners and the marks lie on them.
 */
static void curve_plot(struct plot_job *j, const struct curve_plot *cp)
{
    const struct curve_points *p = cp->points;
    const double last = p->concurrency[p->n - 1];
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE];

    /* The axis: the points, the marks within reach, and the scenario's concurrency. */
    double xmax = last;
    for (size_t i = 0; i < cp->nfits; i++) {
        if (isfinite(cp->fits[i].knee) && cp->fits[i].knee <= CURVE_REACH * last)
            xmax = fmax(xmax, cp->fits[i].knee);
        if (has_peak(&cp->fits[i]) && cp->fits[i].max_at <= CURVE_REACH * last)
            xmax = fmax(xmax, cp->fits[i].max_at);
    }
    int has_used = isfinite(cp->used);
    if (has_used)
        xmax = fmax(xmax, cp->used);
    xmax *= 1.08;

    size_t cap = CURVE_SAMPLES + 1 + p->n + 2 * cp->nfits + 1, n = 0;
    double *x = xcalloc(cap, sizeof *x);
    for (int i = 0; i <= CURVE_SAMPLES; i++)
        x[n++] = xmax * i / CURVE_SAMPLES;
    for (size_t i = 0; i < p->n; i++)
        x[n++] = p->concurrency[i];
    for (size_t i = 0; i < cp->nfits; i++) {
        if (isfinite(cp->fits[i].knee) && cp->fits[i].knee <= xmax)
            x[n++] = cp->fits[i].knee;
        if (has_peak(&cp->fits[i]) && cp->fits[i].max_at <= xmax)
            x[n++] = cp->fits[i].max_at;
    }
    if (has_used)
        x[n++] = cp->used;
    gsl_sort(x, 1, n);

    struct strbuf *d = &j->data;
    double ymax = 0;
    strbuf_puts(d, "# Throughput (output tokens/s) of each fitted curve against concurrency\n"
                   "# (requests in flight): concurrency, then a column per curve:");
    for (size_t i = 0; i < cp->nfits; i++)
        strbuf_printf(d, " %s", curve_model_name(cp->fits[i].model));
    strbuf_puts(d, "\n");
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && x[k] == x[k - 1])
            continue;
        gp_number(d, x[k]);
        for (size_t i = 0; i < cp->nfits; i++) {
            double v = curve_eval(&cp->fits[i], x[k]);
            data_number(d, v);
            if (isfinite(v))
                ymax = fmax(ymax, v);
        }
        strbuf_puts(d, "\n");
    }
    free(x);

    strbuf_puts(d, "\n\n# The measured points: concurrency, output tokens/s\n");
    for (size_t i = 0; i < p->n; i++) {
        gp_number(d, p->concurrency[i]);
        data_number(d, p->tok_s[i]);
        strbuf_puts(d, "\n");
        ymax = fmax(ymax, p->tok_s[i]);
    }

    strbuf_puts(d, "\n\n# Each curve's marks: curve (its column in block 0, less 1), the knee\n"
                   "# (concurrency, output tokens/s there), the usl peak (the same); NaN: none\n");
    size_t nknees = 0, npeaks = 0;
    for (size_t i = 0; i < cp->nfits; i++) {
        const struct curve_fit *f = &cp->fits[i];
        int knee = isfinite(f->knee), peak = has_peak(f);
        nknees += knee && f->knee <= xmax;
        npeaks += peak && f->max_at <= xmax;
        strbuf_printf(d, "%zu", i + 1);
        data_number(d, knee ? f->knee : NAN);
        data_number(d, knee ? curve_eval(f, f->knee) : NAN);
        data_number(d, peak ? f->max_at : NAN);
        data_number(d, peak ? f->max_tok_s : NAN);
        strbuf_puts(d, "\n");
    }

    if (has_used) {
        strbuf_puts(d, "\n\n# The concurrency the scenario uses, and the output tokens/s there\n");
        gp_number(d, cp->used);
        data_number(d, cp->used_tok_s);
        strbuf_puts(d, "\n");
        ymax = fmax(ymax, cp->used_tok_s);
    }

    struct strbuf *sb = &j->script;
    gp_set_string(sb, "title_text", cp->title);
    gp_set_string(sb, "subtitle", cp->subtitle);
    gp_set_string(sb, "ylabel_text", cp->ylabel);
    gp_set_number(sb, "xmax", xmax);
    gp_set_number(sb, "ymax", ymax > 0 ? ymax * 1.15 : 1);
    gp_set_number(sb, "measured_min", p->concurrency[0]);
    gp_set_number(sb, "measured_max", last);
    strbuf_printf(sb, "nfits = %zu\nnknees = %zu\nnpeaks = %zu\nhas_used = %d\n", cp->nfits, nknees,
                  npeaks, has_used);
    strbuf_printf(sb, "array fit_lt[%zu]\n", cp->nfits ? cp->nfits : 1);
    for (size_t i = 0; i < cp->nfits; i++)
        strbuf_printf(sb, "fit_lt[%zu] = %d\n", i + 1, model_linetype(cp->fits[i].model));
    struct labels titles = {0};
    for (size_t i = 0; i < cp->nfits; i++)
        labels_add(&titles, fit_title(&cp->fits[i], (int)i == cp->best, xmax));
    gp_set_strings(sb, "fit_titles", titles.items, titles.n);
    labels_release(&titles);
    gp_set_string(sb, "points_title", cp->points_title);

    char *used = xstrdup(""), *warning = xstrdup("");
    if (has_used) {
        free(used);
        used = xasprintf("this scenario: %s in flight%s, %s tok/s", fmt_plot_number(b1, cp->used),
                         cp->used_why, fmt_plot_number(b2, cp->used_tok_s));
        if (cp->used < p->concurrency[0] || cp->used > last) {
            free(warning);
            warning = xasprintf("warning: %s in flight lies outside the measured %s to %s",
                                fmt_plot_number(b1, cp->used),
                                fmt_plot_number(b3, p->concurrency[0]), fmt_plot_number(b4, last));
        }
    }
    gp_set_string(sb, "used_label", used);
    gp_set_string(sb, "warning", warning);
    free(used);
    free(warning);
}

/* The curve plot of a scenario's backend: its fit, its points, the concurrency it runs at. */
static void backend_curve_plot(struct plot_job *j, const struct report *r,
                               const struct deployment *b, const struct deploy_rate *rate)
{
    const struct throughput_curve *c = b->curve;
    const char *src = c->source ? strrchr(c->source, '/') : NULL;
    src = src ? src + 1 : c->source;
    char *title = xasprintf("Backend %s: throughput against concurrency", b->name);
    char *from = src ? xasprintf("measured: %s", src)
                     : xasprintf("measured (%zu point%s in the scenario)", c->points.n,
                                 c->points.n == 1 ? "" : "s");
    /* The concurrency the model evaluates the curve at. */
    double used = rate->concurrency;
    const char *why = rate->why == DEPLOY_CONCURRENCY_LIMIT  ? " (limits.concurrency)"
                      : rate->why == DEPLOY_CONCURRENCY_KNEE ? " (the knee)"
                                                             : "";
    struct curve_plot cp = {
        .points = &c->points,
        .fits = &c->fit,
        .nfits = 1,
        .best = -1,
        .title = title,
        .subtitle = r->scenario->name,
        .points_title = from,
        .ylabel = b->type == DEPLOY_DEDICATED ? "output tokens/s per instance"
                                              : "output tokens/s of the endpoint",
        .used = used,
        .used_tok_s = rate->unit_tok_s,
        .used_why = why,
    };
    curve_plot(j, &cp);
    free(title);
    free(from);
}

/* ---- files and folders ------------------------------------------------ */

/* mkdir -p.  Returns 0 or -1 with errno set. */
static int make_dirs(const char *dir)
{
    char *path = xstrdup(dir);
    int rc = 0;
    /* Each parent in turn, then the folder itself. */
    for (char *p = path + 1; rc == 0; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(path);
    if (rc != 0)
        return -1;
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

static int has_templates(const char *dir)
{
    for (size_t i = 0; i < sizeof template_names / sizeof template_names[0]; i++) {
        char *path = xasprintf("%s/%s.gp", dir, template_names[i]);
        int ok = access(path, R_OK) == 0;
        free(path);
        if (!ok)
            return 0;
    }
    return 1;
}

/* The templates' folder as an absolute path the caller frees, or NULL with d filled. */
static char *find_templates(struct diag *d)
{
    const char *env = getenv("RAFTCOST_PLOTS");
    if (env && *env) {
        char *abs = has_templates(env) ? realpath(env, NULL) : NULL;
        if (!abs)
            diag_plain(d,
                       "RAFTCOST_PLOTS is '%s', which holds no plot templates (common.gp, "
                       "phases.gp, ...)",
                       env);
        return abs;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *found = NULL;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const beside[] = {"../share/raftcost/plots", "../plots", "../../plots"};
        for (size_t i = 0; i < sizeof beside / sizeof beside[0] && !found; i++) {
            char *dir = xasprintf("%s/%s", exe, beside[i]);
            if (has_templates(dir))
                found = realpath(dir, NULL);
            free(dir);
        }
    }
    if (!found && has_templates("plots"))
        found = realpath("plots", NULL);
    if (!found)
        diag_plain(d, "cannot find the plot templates (common.gp, phases.gp, ...): set "
                      "RAFTCOST_PLOTS to raftcost's plots/ folder");
    return found;
}

static int write_file(const char *dir, const char *name, const char *ext, struct strbuf *sb,
                      struct diag *d)
{
    char *path = xasprintf("%s/%s.%s", dir, name, ext);
    int rc = write_file_atomic(path, sb->buf ? sb->buf : "", sb->len);
    if (rc != 0)
        diag_plain(d, "cannot write '%s': %s", path, strerror(errno));
    free(path);
    return rc;
}

/* ---- running gnuplot -------------------------------------------------- */

/*
 * Starts gnuplot on one script, in the plots' folder, drawing to the
 * temporary name.  Returns 0, or the error number of posix_spawnp.
 */
static int spawn_gnuplot(struct plot_job *j, const char *dir)
{
    j->err = tmpfile();
    if (!j->err)
        return errno;
    struct strbuf cmd = STRBUF_INIT;
    strbuf_puts(&cmd, "cd ");
    gp_quote(&cmd, dir);
    strbuf_puts(&cmd, "; out = ");
    gp_quote(&cmd, j->tmp_name);
    char *script = xasprintf("%s.gp", j->name);
    char *argv[] = {"gnuplot", "-e", cmd.buf, script, NULL};
    posix_spawn_file_actions_t actions;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc == 0) {
        rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        if (rc == 0)
            rc = posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        if (rc == 0)
            rc = posix_spawn_file_actions_adddup2(&actions, fileno(j->err), 2);
        if (rc == 0) {
            j->started_s = now_s();
            rc = posix_spawnp(&j->pid, "gnuplot", &actions, NULL, argv, environ);
        }
        posix_spawn_file_actions_destroy(&actions);
    }
    j->spawned = rc == 0;
    free(script);
    strbuf_release(&cmd);
    return rc;
}

/* gnuplot's error text, trimmed; the caller frees. */
static char *gnuplot_message(FILE *err)
{
    char text[MAX_ERROR_TEXT + 1];
    size_t n = 0;
    if (err && fseek(err, 0, SEEK_SET) == 0)
        n = fread(text, 1, MAX_ERROR_TEXT, err);
    text[n] = '\0';
    char *start = text;
    while (*start == '\n' || *start == ' ')
        start++;
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = '\0';
    return xstrdup(start);
}

/* Waits for one gnuplot; returns 0 when the picture is in place, else -1 with why. */
static int finish(struct plot_job *j, char **why)
{
    int st = 0, timed_out;
    pid_t w = wait_until(j->pid, &st, j->started_s + plot_timeout_s(), &timed_out);
    struct stat sb;
    char *msg = gnuplot_message(j->err);
    int rc = -1;
    if (w < 0)
        *why = xasprintf("cannot wait for gnuplot: %s", strerror(errno));
    else if (timed_out)
        *why = xasprintf("gnuplot took longer than %g s and was stopped", plot_timeout_s());
    else if (WIFSIGNALED(st))
        *why = xasprintf("gnuplot was killed by signal %d", WTERMSIG(st));
    else if (WEXITSTATUS(st) != 0)
        *why =
            xasprintf("gnuplot exited with status %d%s%s", WEXITSTATUS(st), *msg ? ":\n" : "", msg);
    else if (stat(j->tmp_picture, &sb) != 0 || sb.st_size == 0)
        *why = xasprintf("gnuplot drew nothing%s%s", *msg ? ":\n" : "", msg);
    else if (rename(j->tmp_picture, j->picture) != 0)
        *why = xasprintf("cannot rename '%s' to '%s': %s", j->tmp_picture, j->picture,
                         strerror(errno));
    else
        rc = 0;
    free(msg);
    if (rc != 0)
        unlink(j->tmp_picture);
    return rc;
}

/* Names a job and its pictures; the caller fills its data and script next. */
static void job_init(struct plot_job *j, const char *dir, const char *name, const char *template,
                     enum plot_format format)
{
    const char *ext = format_names[format];
    memset(j, 0, sizeof *j);
    j->name = xstrdup(name);
    j->template = template;
    j->picture = xasprintf("%s/%s.%s", dir, name, ext);
    j->tmp_name = xasprintf(".%s.%ld.tmp.%s", name, (long)getpid(), ext);
    j->tmp_picture = xasprintf("%s/%s", dir, j->tmp_name);
}

static void job_release(struct plot_job *j)
{
    free(j->name);
    strbuf_release(&j->data);
    strbuf_release(&j->script);
    free(j->picture);
    free(j->tmp_name);
    free(j->tmp_picture);
    if (j->err)
        fclose(j->err);
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* The plots' folder made and the templates found: their folder, or NULL with d filled. */
static char *plots_prepare(const char *dir, struct diag *d)
{
    if (has_control(dir)) {
        diag_plain(d, "the plots' folder name has a line break or another control character");
        return NULL;
    }
    if (make_dirs(dir) != 0) {
        diag_plain(d, "cannot create the plots' folder '%s': %s", dir, strerror(errno));
        return NULL;
    }
    return find_templates(d);
}

/*
 * Writes each job's data and script into dir, then runs every gnuplot at
 * once and waits for them all.  Returns what happened; with PLOT_FAILED, d
 * says why.
 */
static enum plot_status plots_run(struct plot_job *jobs, size_t njobs, const char *dir,
                                  struct diag *d)
{
    enum plot_status status = PLOT_FAILED;
    for (size_t i = 0; i < njobs; i++)
        if (write_file(dir, jobs[i].name, "dat", &jobs[i].data, d) != 0 ||
            write_file(dir, jobs[i].name, "gp", &jobs[i].script, d) != 0)
            return PLOT_FAILED;

    int spawn_error = 0;
    for (size_t i = 0; i < njobs && !spawn_error; i++)
        spawn_error = spawn_gnuplot(&jobs[i], dir);
    size_t failed = 0;
    char *first_why = NULL;
    const char *first_name = NULL;
    for (size_t i = 0; i < njobs; i++) {
        char *why = NULL;
        if (!jobs[i].spawned)
            continue;
        if (finish(&jobs[i], &why) != 0) {
            if (!first_why) {
                first_why = why;
                first_name = jobs[i].picture;
            } else {
                free(why);
            }
            failed++;
        }
    }
    if (spawn_error == ENOENT && !jobs[0].spawned) {
        status = PLOT_NO_GNUPLOT;
    } else if (failed) {
        char more[64] = "";
        if (failed > 1)
            snprintf(more, sizeof more, " (and %zu more plots)", failed - 1);
        diag_plain(d, "cannot draw '%s'%s: %s", first_name, more, first_why);
    } else if (spawn_error) {
        diag_plain(d, "cannot run gnuplot: %s", strerror(spawn_error));
    } else {
        status = PLOT_DRAWN;
    }
    free(first_why);
    return status;
}

/* Whether an earlier job has this name. */
static int name_taken(const struct plot_job *jobs, size_t njobs, const char *name)
{
    for (size_t i = 0; i < njobs; i++)
        if (strcmp(jobs[i].name, name) == 0)
            return 1;
    return 0;
}

enum plot_status plot_write(const struct report *r, const char *dir, enum plot_format format,
                            struct diag *d)
{
    enum plot_status status = PLOT_FAILED;
    const struct scenario *s = r->scenario;
    const struct inference_result *inf = &r->inference;
    char *templates = plots_prepare(dir, d);
    if (!templates)
        return PLOT_FAILED;

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
        {"ratio", "Cost ratio baseline/candidate against traffic", inf->comparison.present,
         ratio_plot},
    };
    size_t nkinds = sizeof kinds / sizeof kinds[0];
    struct plot_job *jobs = xcalloc(nkinds + s->nbackends, sizeof *jobs);
    size_t njobs = 0;
    for (size_t k = 0; k < nkinds; k++) {
        if (!kinds[k].wanted)
            continue;
        struct plot_job *j = &jobs[njobs++];
        job_init(j, dir, kinds[k].name, kinds[k].name, format);
        script_begin(j, r, format, kinds[k].what);
        kinds[k].build(j, r);
        script_end(j, templates);
    }
    /* A curve plot for each backend whose throughput is a curve. */
    for (size_t i = 0; i < s->nbackends; i++) {
        const struct deployment *b = &s->backends[i];
        if (!b->curve)
            continue;
        char *name = curve_plot_name(b->name);
        for (int n = 2; name_taken(jobs, njobs, name); n++) {
            char *base = curve_plot_name(b->name);
            free(name);
            name = xasprintf("%s-%d", base, n);
            free(base);
        }
        struct plot_job *j = &jobs[njobs++];
        job_init(j, dir, name, "curve", format);
        free(name);
        script_head(j, format, "Throughput of a backend against concurrency");
        backend_curve_plot(j, r, b, &r->backend_rates[i]);
        script_end(j, templates);
    }
    status = plots_run(jobs, njobs, dir, d);
    for (size_t i = 0; i < njobs; i++)
        job_release(&jobs[i]);
    free(jobs);
    free(templates);
    return status;
}

enum plot_status plot_write_fit(const char *csv, const struct curve_points *points,
                                const struct curve_fit *fits, size_t nfits, int best,
                                const char *dir, enum plot_format format, struct diag *d)
{
    char *templates = plots_prepare(dir, d);
    if (!templates)
        return PLOT_FAILED;
    /* NAME: the file's base name without its extension. */
    const char *slash = strrchr(csv, '/');
    const char *base = slash ? slash + 1 : csv;
    const char *dot = strrchr(base, '.');
    char *stem = xstrndup(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
    char *name = curve_plot_name(stem);
    struct plot_job job;
    job_init(&job, dir, name, "curve", format);
    script_head(&job, format, "Throughput curves fitted to benchmark points");
    char *from = xasprintf("measured (%zu point%s)", points->n, points->n == 1 ? "" : "s");
    struct curve_plot cp = {
        .points = points,
        .fits = fits,
        .nfits = nfits,
        .best = best,
        .title = "Throughput against concurrency",
        .subtitle = base,
        .points_title = from,
        .ylabel = "output tokens/s",
        .used = NAN,
    };
    curve_plot(&job, &cp);
    script_end(&job, templates);
    enum plot_status status = plots_run(&job, 1, dir, d);
    job_release(&job);
    free(from);
    free(name);
    free(stem);
    free(templates);
    return status;
}
