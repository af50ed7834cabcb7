/*
 * plot_calib: see plot_calib.h.  stream.dat holds one block a deployment
 * (concurrency, tok/s a call); the lines are drawn by the template from the
 * intercepts and slopes the script sets.  actual.dat holds three blocks
 * (time in seconds since the first request, cumulative cost, input and
 * output tokens): 0 the log, 1 the plan, 2 the projection.
 */
#include "plot_calib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib_view.h"
#include "format.h"
#include "gp.h"
#include "util.h"

/* Points a deployment shows at most: every k-th call beyond this. */
#define STREAM_POINTS_MAX 2000

static void money_prefix(struct strbuf *sb, const struct scenario *s)
{
    gp_set_string(sb, "scenario", s->name);
    gp_set_string(sb, "currency", s->currency);
    char *prefix = strcmp(s->currency, "USD") == 0 ? xstrdup("$") : xasprintf("%s ", s->currency);
    gp_set_string(sb, "money_prefix", prefix);
    free(prefix);
}

void plot_calib_add_stream(struct plot_batch *b, const struct scenario *s,
                           const struct calibration *cal, const char *log_name)
{
    size_t shown = 0;
    for (size_t k = 0; k < cal->ndeployments; k++)
        shown += cal->deployments[k].npoints > 0;
    if (!shown)
        return;
    struct plot_job *j = plot_batch_add(b, "stream", "stream",
                                        "Per-stream decode speed against concurrency, a point a "
                                        "call, with the calibrated line of each deployment");
    struct strbuf *d = &j->data;
    struct gp_labels names = GP_LABELS_INIT;
    double *a = xmalloc(shown * sizeof *a), *slope = xmalloc(shown * sizeof *slope);
    double *lo = xmalloc(shown * sizeof *lo), *hi = xmalloc(shown * sizeof *hi);
    double xmax = 1, ymax = 1;
    size_t i = 0;
    char n1[FMT_SIZE];
    for (size_t k = 0; k < cal->ndeployments; k++) {
        const struct calib_deployment *dp = &cal->deployments[k];
        if (!dp->npoints)
            continue;
        if (i > 0)
            gp_data_block(d, "the next deployment: concurrency, tok/s");
        else
            gp_comment(d, "Each deployment's calls: time-weighted concurrency, per-stream "
                          "decode speed (tok/s); a block a deployment");
        size_t step = (dp->npoints + STREAM_POINTS_MAX - 1) / STREAM_POINTS_MAX;
        lo[i] = INFINITY;
        hi[i] = 0;
        for (size_t p = 0; p < dp->npoints; p++) {
            const struct calib_point *pt = &dp->points[p];
            lo[i] = pt->concurrency < lo[i] ? pt->concurrency : lo[i];
            hi[i] = pt->concurrency > hi[i] ? pt->concurrency : hi[i];
            ymax = pt->tok_s > ymax ? pt->tok_s : ymax;
            if (p % step)
                continue;
            gp_number(d, pt->concurrency);
            gp_data_number(d, pt->tok_s);
            strbuf_puts(d, "\n");
        }
        xmax = hi[i] > xmax ? hi[i] : xmax;
        const struct calib_fit *f = &dp->stream_vs_concurrency;
        /* A URL's scheme says nothing in a key: shown without it. */
        const char *name = dp->name;
        if (strncmp(name, "https://", 8) == 0)
            name += 8;
        else if (strncmp(name, "http://", 7) == 0)
            name += 7;
        /* Long names are cut, at a character's start, so that the key fits. */
        char shortened[52];
        if (strlen(name) > 48) {
            size_t cut = 45;
            while (cut > 0 && ((unsigned char)name[cut] & 0xc0) == 0x80)
                cut--;
            snprintf(shortened, sizeof shortened, "%.*s...", (int)cut, name);
            name = shortened;
        }
        char *label;
        if (!isnan(f->slope)) {
            a[i] = f->intercept;
            slope[i] = f->slope;
            label = xasprintf("%s: %.3g %s %.3g x concurrency tok/s (%s calls, R\xc2\xb2 %.2f)",
                              name, f->intercept, f->slope < 0 ? "-" : "+", fabs(f->slope),
                              fmt_count(n1, (double)dp->npoints), f->r2);
        } else {
            a[i] = dp->stream_p50_tok_s;
            slope[i] = 0;
            label = xasprintf("%s: p50 %.3g tok/s (%s calls)", name, dp->stream_p50_tok_s,
                              fmt_count(n1, (double)dp->npoints));
        }
        gp_labels_add(&names, label);
        /* A line over a single concurrency is a short mark around it. */
        if (hi[i] - lo[i] < 0.1) {
            lo[i] -= 0.1;
            hi[i] += 0.1;
        }
        i++;
    }
    struct strbuf *sc = &j->script;
    money_prefix(sc, s);
    gp_set_string(sc, "log_name", log_name);
    gp_set_int(sc, "ndep", (long)shown);
    gp_labels_set(sc, "dep_names", &names);
    gp_set_numbers(sc, "line_a", a, shown);
    gp_set_numbers(sc, "line_b", slope, shown);
    gp_set_numbers(sc, "line_lo", lo, shown);
    gp_set_numbers(sc, "line_hi", hi, shown);
    gp_set_number(sc, "xmax", ceil(xmax * 1.1));
    gp_set_number(sc, "ymax", ymax * 1.15);
    gp_labels_release(&names);
    free(a);
    free(slope);
    free(lo);
    free(hi);
}

void plot_calib_add_actual(struct plot_batch *b, const struct scenario *s,
                           const struct plan_actual *pa, const struct pa_series *ser)
{
    struct plot_job *j =
        plot_batch_add(b, "actual", "actual",
                       "Cumulative cost and tokens of the job against time: the plan, the log "
                       "so far and the projection to the finish");
    struct strbuf *d = &j->data;
    gp_comment(d, "The log: seconds since the first request, cumulative cost, input tokens and "
                  "output tokens of successful calls");
    for (size_t i = 0; i < ser->n; i++) {
        gp_number(d, ser->t_s[i]);
        gp_data_number(d, ser->cost[i]);
        gp_data_number(d, ser->input[i]);
        gp_data_number(d, ser->output[i]);
        strbuf_puts(d, "\n");
    }
    gp_data_block(d, "The plan: from the first request to its planned end");
    const double plan[2][4] = {{0, ser->plan_cost_start, 0, 0},
                               {ser->plan_s, ser->plan_cost, ser->plan_input, ser->plan_output}};
    for (int i = 0; i < 2; i++) {
        gp_number(d, plan[i][0]);
        for (int k = 1; k < 4; k++)
            gp_data_number(d, plan[i][k]);
        strbuf_puts(d, "\n");
    }
    int projected = isfinite(ser->projected_s);
    gp_data_block(d, "The projection: from now to the projected finish");
    size_t last = ser->n - 1;
    const double proj[2][4] = {
        {ser->now_s, ser->cost[last], ser->input[last], ser->output[last]},
        {ser->projected_s, ser->projected_cost, ser->projected_input, ser->projected_output}};
    for (int i = 0; i < 2; i++) {
        gp_number(d, projected ? proj[i][0] : NAN);
        for (int k = 1; k < 4; k++)
            gp_data_number(d, projected ? proj[i][k] : NAN);
        strbuf_puts(d, "\n");
    }

    double end = ser->plan_s > ser->now_s ? ser->plan_s : ser->now_s;
    if (projected && ser->projected_s > end)
        end = ser->projected_s;
    double deadline = pa->deadline_s > 0 ? pa->deadline_s : NAN;
    if (!isnan(pa->deadline_at_s))
        deadline = pa->deadline_at_s - pa->first_start_s;
    if (deadline > end && deadline < 3 * end)
        end = deadline;
    double tscale = end < 2 * 3600 ? 60 : 3600;
    double cost_max = ser->plan_cost, tok_max = ser->plan_input;
    for (size_t i = 0; i < ser->n; i++) {
        cost_max = ser->cost[i] > cost_max ? ser->cost[i] : cost_max;
        tok_max = ser->input[i] > tok_max ? ser->input[i] : tok_max;
        tok_max = ser->output[i] > tok_max ? ser->output[i] : tok_max;
    }
    if (projected) {
        cost_max = ser->projected_cost > cost_max ? ser->projected_cost : cost_max;
        tok_max = ser->projected_input > tok_max ? ser->projected_input : tok_max;
    }
    const char *cur = s->currency;
    char a1[FMT_SIZE], a2[FMT_SIZE], a3[FMT_SIZE];
    struct strbuf *sc = &j->script;
    money_prefix(sc, s);
    gp_set_number(sc, "tscale", tscale);
    gp_set_string(sc, "tunit", tscale == 60 ? "min" : "h");
    gp_set_number(sc, "xmax", end * 1.05 / tscale);
    gp_set_number(sc, "cost_max", cost_max > 0 ? cost_max * 1.05 : 1);
    gp_set_number(sc, "tok_max", tok_max > 0 ? tok_max * 1.05 : 1);
    gp_set_number(sc, "now_t", ser->now_s / tscale);
    gp_set_number(sc, "deadline_t", deadline / tscale);
    gp_set_int(sc, "has_projection", projected);
    char *label = xasprintf("plan: %s in %s", calib_fmt_money(a1, cur, ser->plan_cost),
                            calib_fmt_duration(a2, ser->plan_s));
    gp_set_string(sc, "plan_label", label);
    free(label);
    label = xasprintf("%s: %s in %s (%s of the calls)", pa->finished ? "actual" : "so far",
                      calib_fmt_money(a1, cur, ser->cost[last]), calib_fmt_duration(a2, ser->now_s),
                      fmt_percent(a3, pa->fraction));
    gp_set_string(sc, "actual_label", label);
    free(label);
    label = projected
                ? xasprintf("projected: %s in %s", calib_fmt_money(a1, cur, ser->projected_cost),
                            calib_fmt_duration(a2, ser->projected_s))
                : xstrdup(pa->finished ? "finished" : "no projection: stalled");
    gp_set_string(sc, "projection_label", label);
    free(label);
    label =
        isnan(deadline) ? xstrdup("") : xasprintf("deadline %s", calib_fmt_duration(a1, deadline));
    gp_set_string(sc, "deadline_label", label);
    free(label);
}

enum plot_status plot_write_calibration(const struct scenario *s, const struct calibration *cal,
                                        const char *log_name, const struct plan_actual *pa,
                                        const struct pa_series *series, const char *dir,
                                        enum plot_format format, struct diag *d)
{
    struct plot_batch b;
    if (plot_batch_open(&b, dir, format, d) != 0)
        return PLOT_FAILED;
    if (pa && series)
        plot_calib_add_actual(&b, s, pa, series);
    if (cal)
        plot_calib_add_stream(&b, s, cal, log_name);
    enum plot_status st = b.njobs ? plot_batch_run(&b, d) : PLOT_DRAWN;
    plot_batch_release(&b);
    return st;
}
