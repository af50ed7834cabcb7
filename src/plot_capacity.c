/*
 * plot_capacity: see plot_capacity.h.  Data files hold numbers only, blocks
 * separated by two blank lines; names and formatted figures are set in the
 * scripts with gp.h.
 */
#include "plot_capacity.h"

#include <math.h>
#include <stdlib.h>

#include "format.h"
#include "gp.h"
#include "model_capacity.h"
#include "plot_report.h"
#include "util.h"

static void replicas_plot(struct plot_job *j, const struct report *r,
                          const struct capacity_option *c)
{
    const struct inference_result *inf = &r->inference;
    const struct option_result *o = &inf->options[c->option];
    const char *cur = r->scenario->currency;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct strbuf *d = &j->data;
    gp_commentf(d,
                "Month, replicas at the peak hour, replica-hours, hosting (%s), the option's\n"
                "monthly cost (%s), 1 where the peak needs more replicas than 'max'",
                cur, cur);
    double top_replicas = 0, top_cost = 0;
    for (int m = 0; m < inf->months; m++) {
        strbuf_printf(d, "%d", m + 1);
        gp_data_number(d, c->replicas[m]);
        gp_data_number(d, c->replica_hours[m]);
        gp_data_number(d, c->hosting_cost[m]);
        gp_data_number(d, o->monthly[m]);
        gp_data_number(d, c->over_capacity[m]);
        strbuf_puts(d, "\n");
        top_replicas = fmax(top_replicas, c->replicas[m]);
        top_cost = fmax(top_cost, o->monthly[m]);
    }
    struct strbuf *sb = &j->script;
    gp_set_string(sb, "option_name", o->option->name);
    gp_set_int(sb, "months", inf->months);
    gp_set_number(sb, "replicas_max", top_replicas);
    gp_set_number(sb, "cost_max", top_cost);
    gp_set_int(sb, "any_over", c->any_over);
    char *label = xasprintf("%s: capacity %.3g requests/s a replica, peak hour %.2fx the mean; "
                            "%s over %d months",
                            c->sized ? (c->hourly ? "hourly autoscaling" : "sized") : "fixed",
                            c->requests_per_s, c->peak_factor, fmt_money(b1, cur, o->serving_cost),
                            inf->months);
    gp_set_string(sb, "capacity_label", label);
    free(label);
    label = xasprintf("month %d: %s", inf->months, fmt_money(b2, cur, o->monthly[inf->months - 1]));
    gp_set_string(sb, "last_label", label);
    free(label);
}

/* The comparisons of the staircase: every option but the candidate, with its comparison. */
static const struct comparison *baseline_comparison(const struct report *r, size_t k)
{
    const struct inference_result *inf = &r->inference;
    if (inf->capacity.nagainst == 0)
        return &inf->comparison;
    size_t cand = r->scenario->inference.candidate;
    return &inf->capacity.against[k < cand ? k : k - 1];
}

static void staircase_plot(struct plot_job *j, const struct report *r)
{
    const struct inference_result *inf = &r->inference;
    const struct traffic_series *ts = &inf->traffic;
    const struct comparison *main = &inf->comparison;
    size_t nopt = inf->noptions, cand = r->scenario->inference.candidate;
    char b1[FMT_SIZE];
    struct gp_labels names = GP_LABELS_INIT, month1 = GP_LABELS_INIT;
    struct strbuf *d = &j->data;
    gp_comment(d, "Monthly cost of each other option over the candidate's against traffic:\n"
                  "requests/day, then one ratio per option (names in staircase.gp)");
    for (size_t i = 0; i < ts->n; i++) {
        gp_data_number(d, ts->requests_per_day[i]);
        for (size_t k = 0; k < nopt; k++)
            if (k != cand)
                gp_data_number(d, inf->capacity.traffic_ratio
                                      ? inf->capacity.traffic_ratio[i * nopt + k]
                                      : ts->ratio[i]);
        strbuf_puts(d, "\n");
    }
    gp_data_block(d, "The scenario's traffic, then each option's month-1 ratio");
    gp_data_number(d, inf->requests_per_day);
    double *best = xcalloc(nopt, sizeof *best);
    size_t nb = 0;
    for (size_t k = 0; k < nopt; k++) {
        if (k == cand)
            continue;
        const struct comparison *c = baseline_comparison(r, k);
        gp_data_number(d, c->first_month_ratio);
        best[nb++] = c->best_ratio;
        gp_labels_add(&names, xstrdup(inf->options[k].option->name));
        gp_labels_add(&month1, xasprintf("month 1: %s, %s", fmt_ratio(b1, c->first_month_ratio),
                                         inf->options[k].option->name));
    }
    strbuf_puts(d, "\n");
    struct strbuf *sb = &j->script;
    gp_set_int(sb, "nb", (long)nb);
    gp_set_number(sb, "xmin", ts->lo);
    gp_set_number(sb, "xmax", ts->hi);
    gp_set_number(sb, "traffic", inf->requests_per_day);
    gp_set_number(sb, "claim", main->claim > 0 ? main->claim : NAN);
    gp_set_numbers(sb, "best", best, nb);
    free(best);
    gp_set_string(sb, "candidate_name", main->candidate->name);
    gp_labels_set(sb, "baseline_names", &names);
    gp_labels_set(sb, "month1_labels", &month1);
    char *label;
    if (main->claim <= 0)
        label = xstrdup("");
    else if (isnan(main->claim_requests_per_day))
        label = xasprintf("claimed %gx: unreachable against %s", main->claim, main->baseline->name);
    else
        label = xasprintf("claimed %gx: first reached against %s at %s/day", main->claim,
                          main->baseline->name, fmt_count(b1, main->claim_requests_per_day));
    gp_set_string(sb, "claim_label", label);
    free(label);
    gp_labels_release(&names);
    gp_labels_release(&month1);
}

static int latency_plot(struct plot_job *j, const struct report *r, const struct capacity_option *c,
                        struct diag *d)
{
    const struct scenario *s = r->scenario;
    const struct deployment *o = &s->inference.options[c->option];
    struct capacity_latency l;
    if (model_capacity_latency(s, c, &l, d) != 0) {
        model_capacity_latency_release(&l);
        return -1;
    }
    struct strbuf *data = &j->data;
    gp_comment(data, "One replica: requests/s, the estimate's p95 latency (s) and p95 time to\n"
                     "first token (s)");
    for (size_t i = 0; i < l.n; i++) {
        gp_number(data, l.rate[i]);
        gp_data_number(data, l.latency_p95_s[i]);
        gp_data_number(data, l.ttft_p95_s[i]);
        strbuf_puts(data, "\n");
    }
    gp_data_block(data, "The simulation: requests/s, p95 latency (s), p95 time to first token (s)");
    for (size_t i = 0; i < l.nsim; i++) {
        gp_number(data, l.sim_rate[i]);
        gp_data_number(data, l.sim_latency_p95_s[i]);
        gp_data_number(data, l.sim_ttft_p95_s[i]);
        strbuf_puts(data, "\n");
    }
    if (l.nsim == 0)
        strbuf_puts(data, "NaN NaN NaN\n");
    struct strbuf *sb = &j->script;
    const struct deploy_sizing *z = &o->sizing;
    gp_set_string(sb, "option_name", o->name);
    gp_set_number(sb, "stable_rate", l.stable_rate);
    gp_set_number(sb, "capacity", c->requests_per_s);
    gp_set_number(sb, "latency_target", z->latency_p95_s > 0 ? z->latency_p95_s : NAN);
    gp_set_number(sb, "ttft_target", z->ttft_p95_s > 0 ? z->ttft_p95_s : NAN);
    gp_set_int(sb, "has_sim", l.nsim > 0);
    double top = 0;
    for (size_t i = 0; i < l.nsim; i++)
        top = fmax(top, l.sim_latency_p95_s[i]);
    top = fmax(top, z->latency_p95_s);
    if (!(top > 0))
        for (size_t i = 0; i < l.n && l.rate[i] <= c->requests_per_s * 1.2; i++)
            top = fmax(top, l.latency_p95_s[i]);
    gp_set_number(sb, "ymax", 1.6 * top);
    char *label =
        xasprintf("capacity %.3g requests/s (%.0f%% of the %.3g at which the queue "
                  "grows without bound)",
                  c->requests_per_s, 100 * c->requests_per_s / l.stable_rate, l.stable_rate);
    gp_set_string(sb, "capacity_label", label);
    free(label);
    label = c->checked
                ? xasprintf("simulated, %llu requests a point, seed %llu",
                            (unsigned long long)c->check_requests, (unsigned long long)c->seed)
                : xstrdup("");
    gp_set_string(sb, "sim_label", label);
    free(label);
    model_capacity_latency_release(&l);
    return 0;
}

int plot_capacity_add(struct plot_batch *b, const struct report *r, struct diag *d)
{
    const struct inference_result *inf = &r->inference;
    const struct capacity_report *cr = &inf->capacity;
    if (!inf->present || !cr->present)
        return 0;
    for (size_t i = 0; i < cr->n; i++) {
        const struct capacity_option *c = &cr->options[i];
        const char *name = inf->options[c->option].option->name;
        char *job = xasprintf("replicas-%s", name);
        char *what = xasprintf("Replicas and cost of %s by month", name);
        struct plot_job *j = plot_batch_add(b, job, "replicas", what);
        free(job);
        free(what);
        plot_report_script_begin(j, r);
        replicas_plot(j, r, c);
    }
    if (inf->comparison.present && cr->sized) {
        struct plot_job *j = plot_batch_add(b, "staircase", "staircase",
                                            "Cost ratio of each option over the candidate "
                                            "against traffic, with sized hosting");
        plot_report_script_begin(j, r);
        staircase_plot(j, r);
    }
    for (size_t i = 0; i < cr->n; i++) {
        const struct capacity_option *c = &cr->options[i];
        if (!isfinite(c->throughput_rate))
            continue;
        const char *name = inf->options[c->option].option->name;
        char *job = xasprintf("latency-%s", name);
        char *what = xasprintf("Latency against the load of one replica of %s", name);
        struct plot_job *j = plot_batch_add(b, job, "latency", what);
        free(job);
        free(what);
        plot_report_script_begin(j, r);
        if (latency_plot(j, r, c, d) != 0)
            return -1;
    }
    return 0;
}
