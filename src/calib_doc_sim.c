/*
 * calib_doc_sim: the part of `raftcost calibrate`'s report that predicts
 * the full job by simulation (see calib_view.h): the plan and the
 * calibrated plan, each simulated request by request with the same client,
 * side by side; then the Monte Carlo run of the ranges from the pilot's
 * spread (report_doc_unc.c's section, each sample a replication).  Every
 * figure comes from the reports' simulation and uncertainty.
 */
#include <math.h>
#include <stdio.h>

#include "calib_view.h"
#include "format.h"
#include "report_doc.h"
#include "sim.h"

/* Figure, plan, calibrated, change. */
static const struct doc_column sim_columns[] = {
    {DOC_LEFT, 10, 0}, {DOC_RIGHT, 12, 2}, {DOC_RIGHT, 12, 2}, {DOC_RIGHT, 8, 2}};
static const char *const sim_header[] = {"figure", "plan", "calibrated", "change"};

static void row(struct doc_block *t, const char *figure, const char *plan, const char *cal,
                double before, double after)
{
    char c[FMT_SIZE];
    struct doc_row *r = doc_row(t);
    doc_text(doc_cell(r, 0), figure);
    doc_text(doc_cell(r, 1), plan);
    doc_text(doc_cell(r, 2), cal);
    doc_text(doc_cell(r, 3), calib_fmt_deviation(c, before > 0 ? after / before - 1 : NAN));
}

static void count_row(struct doc_block *t, const char *figure, double before, double after)
{
    char a[FMT_SIZE], b[FMT_SIZE];
    row(t, figure, fmt_count(a, before), fmt_count(b, after), before, after);
}

static void sim_section(const struct calib_view *v, struct doc_block *title)
{
    const struct sim_result *p = &v->plan->simulation.run, *q = &v->calibrated->simulation.run;
    const struct sim_settings *in = &v->calibrated->scenario->simulation;
    const char *cur = v->scenario->currency;
    char a[FMT_SIZE], b[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "the job simulated");
    doc_textf(&sec->heading, ": request by request, %s worker%s", fmt_count(a, v->workers),
              v->workers == 1 ? "" : "s");
    if (v->workers_from_pilot)
        doc_text(&sec->heading, " (the pilot's most calls in flight at once)");
    doc_textf(&sec->heading, ", %s routing; seed %llu",
              sim_routing_name((enum sim_routing)in->routing),
              (unsigned long long)v->calibrated->simulation.seed);
    struct doc_block *t = doc_table(sec, sim_columns, 4);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, sim_header);
    row(t, "time", calib_fmt_duration(a, p->wall_s), calib_fmt_duration(b, q->wall_s), p->wall_s,
        q->wall_s);
    snprintf(a, sizeof a, "%.4g tok/s", p->tok_s);
    snprintf(b, sizeof b, "%.4g tok/s", q->tok_s);
    row(t, "throughput", a, b, p->tok_s, q->tok_s);
    row(t, "generation cost", calib_fmt_money(a, cur, p->cost), calib_fmt_money(b, cur, q->cost),
        p->cost, q->cost);
    /* The one-off total with the simulated generation in place of the analytic one. */
    double po = v->plan->one_off - v->plan->generation.cost + p->cost;
    double qo = v->calibrated->one_off - v->calibrated->generation.cost + q->cost;
    row(t, "one-off total", calib_fmt_money(a, cur, po), calib_fmt_money(b, cur, qo), po, qo);
    count_row(t, "429s", (double)p->rejected, (double)q->rejected);
    count_row(t, "retries", (double)p->retries, (double)q->retries);
    count_row(t, "lost examples", (double)p->lost_examples, (double)q->lost_examples);
    struct doc_block *notes = doc_list(sec);
    doc_text(doc_item(notes, 0),
             "both plans with the same client, router and retries (the scenario's 'simulation' "
             "settings); the calibrated plan serves each call as the pilot measured: the "
             "calibrated variant's 'simulation.service', 'rejects' and 'output_tokens'");
    doc_text(doc_item(notes, 0),
             "one-off total: the analytic one-off total with the simulated generation cost in "
             "place of the analytic one");
}

void calib_doc_prediction(const struct calib_view *v, struct doc_block *title)
{
    if (v->simulated) {
        sim_section(v, title);
    } else if (v->sim_error) {
        struct doc_block *sec = doc_section(title, 2, "the job simulated");
        struct doc_inline *p = doc_paragraph(sec);
        doc_text(p, "not simulated: ");
        doc_text(p, v->sim_error);
    }
    if (v->calibrated->uncertainty)
        report_doc_uncertainty_as(v->calibrated, title, "ranges from the pilot");
}
