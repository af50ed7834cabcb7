/*
 * report_doc_capacity: the capacity sections of the report's document (see
 * report_capacity.h): for each option that reports a capacity, what one
 * replica serves and why, the check by simulation, and its sizing month by
 * month; then, with more than two options, every option against the
 * candidate.
 */
#include <math.h>
#include <stdlib.h>

#include "format.h"
#include "model_capacity.h"
#include "phrases.h"
#include "report_capacity.h"
#include "report_doc.h"
#include "units.h"

/* Month, replicas, replica-hours, utilisation, peak load a replica, p95 at peak, hosting, per 1M.
 */
static const struct doc_column month_columns[] = {
    {DOC_RIGHT, 5, 0},  {DOC_RIGHT, 8, 2},  {DOC_RIGHT, 13, 2}, {DOC_RIGHT, 11, 2},
    {DOC_RIGHT, 11, 2}, {DOC_RIGHT, 11, 2}, {DOC_RIGHT, 12, 2}, {DOC_RIGHT, 13, 2}};
static const char *const month_header[] = {"month",       "replicas",     "replica-hours",
                                           "utilisation", "peak/replica", "p95 at peak",
                                           "hosting",     "per 1M tokens"};

/* Baseline, month-1 ratio, horizon ratio, breakeven, payback, best ratio, claim. */
static const struct doc_column against_columns[] = {
    {DOC_LEFT, 12, 0},  {DOC_RIGHT, 13, 2}, {DOC_RIGHT, 13, 2}, {DOC_RIGHT, 14, 2},
    {DOC_RIGHT, 10, 2}, {DOC_RIGHT, 10, 2}, {DOC_LEFT, 0, 2}};

/* "2.41 requests/s" */
static char *fmt_rate(char *buf, double per_s)
{
    snprintf(buf, FMT_SIZE, isfinite(per_s) ? "%.3g requests/s" : "-", per_s);
    return buf;
}

/* "2.41/s", for the table's cells. */
static char *fmt_rate_short(char *buf, double per_s)
{
    snprintf(buf, FMT_SIZE, isfinite(per_s) ? "%.3g/s" : "-", per_s);
    return buf;
}

/* "1.05 s"; "-" where unknown. */
static char *fmt_seconds(char *buf, double s)
{
    if (!isfinite(s))
        snprintf(buf, FMT_SIZE, "-");
    else
        snprintf(buf, FMT_SIZE, s < 10 ? "%.2f s" : s < 100 ? "%.1f s" : "%.0f s", s);
    return buf;
}

/* What one replica is, and what it serves fully used (the least of its throughput and limits). */
static void replica_line(const struct report *r, const struct capacity_option *c,
                         struct doc_block *list)
{
    const struct scenario *s = r->scenario;
    const struct deployment *o = &s->inference.options[c->option];
    double out = s->inference.output_tokens, per_request = s->inference.input_tokens + out;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    struct doc_inline *item = doc_item(list, 0);
    doc_text(item, "a replica: ");
    if (o->has_instance && o->instance.name)
        doc_user(item, o->instance.name);
    else if (o->has_instance)
        doc_text(item, "an instance priced inline");
    else
        report_doc_model(item, &o->model, o->name, "'s model, priced inline");
    doc_textf(item, " at %s/h", fmt_money(b1, s->currency, c->hosting_per_hour));
    report_doc_option_spot(item, r, o);
    if (isfinite(c->throughput_rate)) {
        item = doc_item(list, 1);
        doc_textf(item, "throughput %s tok/s", fmt_count(b1, c->peak_tok_s));
        if (isfinite(c->peak_concurrency))
            doc_textf(item, " (the curve's highest, at %.0f in flight)", c->peak_concurrency);
        doc_textf(item, " / %.0f output tokens = %s", out, fmt_rate(b2, c->throughput_rate));
        if (c->max_concurrency > 0)
            doc_textf(item, "; %.0f in service at once, the others queue", c->max_concurrency);
    }
    if (isfinite(c->tpm_rate)) {
        item = doc_item(list, 1);
        doc_textf(item, "tpm %s / %.0f tokens a request / 60 s = %s", fmt_count(b1, o->tpm),
                  per_request, fmt_rate(b2, c->tpm_rate));
    }
    if (isfinite(c->rpm_rate)) {
        item = doc_item(list, 1);
        doc_textf(item, "rpm %s / 60 s = %s", fmt_count(b1, o->rpm), fmt_rate(b2, c->rpm_rate));
    }
    item = doc_item(list, 1);
    doc_textf(item, "fully used: %s", fmt_rate(b3, c->full_rate));
}

static void target_lines(const struct report *r, const struct capacity_option *c,
                         struct doc_block *list)
{
    const struct deployment *o = &r->scenario->inference.options[c->option];
    const struct deploy_sizing *z = &o->sizing;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE];
    struct doc_inline *item = doc_item(list, 0);
    doc_textf(item, "capacity: %s a replica", fmt_rate(b1, c->requests_per_s));
    switch (c->bound) {
    case CAPACITY_BOUND_UTILISATION:
        doc_textf(item, ": %s of full use (max_utilisation)",
                  fmt_percent(b1, z->max_utilisation > 0 ? z->max_utilisation : 1));
        break;
    case CAPACITY_BOUND_SLO:
        doc_text(item, ": the highest rate at which the latency target holds");
        break;
    case CAPACITY_BOUND_TPM:
        doc_text(item, ": what its tpm limit admits");
        break;
    case CAPACITY_BOUND_RPM:
        doc_text(item, ": what its rpm limit admits");
        break;
    }
    if (!c->checked)
        return;
    item = doc_item(list, 1);
    doc_text(item, "target: p95");
    if (z->latency_p95_s > 0)
        doc_textf(item, " latency %s", fmt_seconds(b1, z->latency_p95_s));
    if (z->ttft_p95_s > 0)
        doc_textf(item, "%s time to first token %s", z->latency_p95_s > 0 ? "," : "",
                  fmt_seconds(b1, z->ttft_p95_s));
    doc_textf(item, "; the estimate holds up to %s", fmt_rate(b1, c->analytic_rate));
    item = doc_item(list, 1);
    doc_textf(item, "simulated at %s (%s Poisson arrivals, seed %llu): latency p95 %s, ttft p95 %s",
              fmt_rate(b1, c->requests_per_s), fmt_count(b2, (double)c->check_requests),
              (unsigned long long)c->seed, fmt_seconds(b3, c->check_latency_p95_s),
              fmt_seconds(b4, c->check_ttft_p95_s));
    if (c->check_lowered)
        doc_text(item, "; the estimate missed the target there, so the capacity is the highest "
                       "rate at which the simulation holds");
}

static void sizing_line(const struct report *r, const struct capacity_option *c,
                        struct doc_block *list)
{
    const struct deployment *o = &r->scenario->inference.options[c->option];
    const struct deploy_sizing *z = &o->sizing;
    char b1[FMT_SIZE];
    struct doc_inline *item = doc_item(list, 0);
    if (!c->sized) {
        doc_textf(item, "replicas: %.0f, fixed", o->count);
    } else {
        doc_textf(item, "replicas: auto, at least %.0f", z->min_replicas);
        if (z->max_replicas > 0)
            doc_textf(item, ", at most %.0f", z->max_replicas);
        if (c->hourly)
            doc_textf(item,
                      "; they follow the hourly profile, each scale-up paying %s of "
                      "provisioning",
                      fmt_duration(b1, o->provisioning_s));
        else
            doc_text(item, "; the peak hour's count all month");
    }
    doc_textf(item, "; the peak hour is %.2fx the mean", c->peak_factor);
}

static void months_table(const struct report *r, const struct capacity_option *c,
                         struct doc_block *sec)
{
    const struct inference_result *inf = &r->inference;
    const char *cur = r->scenario->currency;
    char b[FMT_SIZE];
    struct doc_block *t = doc_table(sec, month_columns, 8);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, month_header);
    for (int m = 0; m < inf->months; m++) {
        struct doc_row *row = doc_row(t);
        doc_textf(doc_cell(row, 0), "%d", m + 1);
        doc_textf(doc_cell(row, 1), "%.0f%s", c->replicas[m], c->over_capacity[m] ? "!" : "");
        doc_text(doc_cell(row, 2), fmt_count(b, c->replica_hours[m]));
        doc_text(doc_cell(row, 3), fmt_percent(b, c->utilisation[m]));
        doc_text(doc_cell(row, 4), fmt_rate_short(b, c->peak_load[m]));
        doc_text(doc_cell(row, 5), fmt_seconds(b, c->latency_p95_s[m]));
        doc_text(doc_cell(row, 6), fmt_money(b, cur, c->hosting_cost[m]));
        doc_text(doc_cell(row, 7), fmt_unit_price(b, cur, c->cost_per_million_tokens[m]));
    }
    struct doc_block *notes = doc_list(sec);
    doc_text(doc_item(notes, 0),
             !isfinite(c->throughput_rate) ? "p95 at peak: not known without a throughput"
             : c->latency_simulated
                 ? "p95 at peak: latency simulated at each month's peak load a replica"
                 : "p95 at peak: latency from the analytic estimate (docs/capacity.md)");
    if (c->any_over)
        doc_text(doc_item(notes, 0), "!: the peak hour needs more replicas than 'max'; the "
                                     "target does not hold then");
}

static void option_section(const struct report *r, const struct capacity_option *c,
                           struct doc_block *title)
{
    const struct deployment *o = &r->scenario->inference.options[c->option];
    struct doc_block *sec = doc_section(title, 2, "capacity");
    doc_text(&sec->heading, ": ");
    doc_user(&sec->heading, o->name);
    struct doc_block *list = doc_list(sec);
    replica_line(r, c, list);
    target_lines(r, c, list);
    sizing_line(r, c, list);
    doc_gap(sec);
    months_table(r, c, sec);
}

static void against_section(const struct report *r, struct doc_block *title)
{
    const struct capacity_report *cr = &r->inference.capacity;
    const struct comparison *main = &r->inference.comparison;
    char b[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "against the candidate");
    doc_text(&sec->heading, " ");
    doc_user(&sec->heading, main->candidate->name);
    struct doc_block *t = doc_table(sec, against_columns, 7);
    /* Long names widen their column rather than push the next ones. */
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, (const char *const[]){"baseline", "month-1 ratio", "horizon ratio",
                                              "breakeven/day", "payback", "best ratio", "claim"});
    for (size_t i = 0; i < cr->nagainst; i++) {
        const struct comparison *c = &cr->against[i];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), c->baseline->name);
        doc_text(doc_cell(row, 1), fmt_ratio(b, c->first_month_ratio));
        doc_text(doc_cell(row, 2), fmt_ratio(b, c->horizon_ratio));
        doc_text(doc_cell(row, 3), isnan(c->breakeven_requests_per_day)
                                       ? "never"
                                       : fmt_count(b, c->breakeven_requests_per_day));
        if (isnan(c->payback_days))
            doc_text(doc_cell(row, 4), "never");
        else
            doc_textf(doc_cell(row, 4), "%.1f days", c->payback_days);
        doc_text(doc_cell(row, 5), fmt_ratio(b, c->best_ratio));
        struct doc_inline *claim = doc_cell(row, 6);
        if (c->claim <= 0)
            doc_text(claim, "-");
        else if (c->claim_holds)
            doc_textf(claim, "%gx holds", c->claim);
        else if (isnan(c->claim_requests_per_day))
            doc_textf(claim, "%gx unreachable", c->claim);
        else
            doc_textf(claim, "%gx %s %s/day", c->claim,
                      c->claim_rises_with_traffic ? "from" : "up to",
                      fmt_count(b, c->claim_requests_per_day));
    }
}

void report_doc_capacity(const struct report *r, struct doc_block *title)
{
    const struct capacity_report *cr = &r->inference.capacity;
    for (size_t i = 0; i < cr->n; i++)
        option_section(r, &cr->options[i], title);
    if (cr->nagainst > 0)
        against_section(r, title);
}
