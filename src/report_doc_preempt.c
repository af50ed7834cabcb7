/*
 * report_doc_preempt: the report's words for spot instances (see
 * report_doc.h): in the simulation section, what preemption cost (each
 * preempted deployment's preemptions, re-run requests, tokens thrown away,
 * time down and what was billed while down; the same job without
 * preemption and on demand); in the analytic figures, a note that they
 * leave preemption out, with the share of time its restarts alone take;
 * and an inference option's spot price per replica-hour, with the note that
 * serving capacity does not model preemption.  The figures are the
 * report's; nothing is computed here but differences and shares to show.
 */
#include <math.h>
#include <stdio.h>

#include "billing.h"
#include "format.h"
#include "report_doc.h"

/* Deployment, preemptions, re-run, tokens lost, down, billed down. */
static const struct doc_column columns[] = {{DOC_LEFT, 12, 0},  {DOC_RIGHT, 12, 1},
                                            {DOC_RIGHT, 8, 1},  {DOC_RIGHT, 12, 1},
                                            {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}};
static const char *const header[] = {"deployment",  "preemptions", "re-run",
                                     "tokens lost", "down",        "billed down"};

/* "+12 min (+6.8%)" or "-3 s (-0.1%)": a difference of times against a base. */
static void time_change(struct doc_inline *p, double with, double without)
{
    char b[FMT_SIZE];
    double diff = with - without;
    doc_textf(p, "%s%s", diff < 0 ? "-" : "+", fmt_duration(b, fabs(diff)));
    if (without > 0) {
        double pct = round((with / without - 1) * 1000) / 10;
        doc_textf(p, " (%+.1f%%)", pct == 0 ? 0.0 : pct);
    }
}

static void money_change(struct doc_inline *p, const struct report *r, double diff)
{
    doc_text(p, diff < 0 ? "-" : "+");
    report_doc_money(p, r, fabs(diff));
}

/* "maap: preempted about every 6 h of serving (exponential), down 10 min each (...)". */
static void settings_line(struct doc_block *list, const struct report *r)
{
    const struct scenario *s = r->scenario;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    for (size_t k = 0; k < s->generation.nbackends; k++) {
        const struct deployment *b = &s->backends[s->generation.backends[k]];
        if (!b->preemption.present || b->type != DEPLOY_DEDICATED)
            continue;
        const struct deploy_preemption *p = &b->preemption;
        struct doc_inline *item = doc_item(list, 0);
        doc_user(item, b->name);
        if (!model_preempt_applies(b)) {
            doc_text(item, ": on demand, not preempted ('preemption' applies with 'spot: true')");
            continue;
        }
        doc_textf(item, ": spot, preempted %s %s of serving, then ",
                  p->dist == DEPLOY_PREEMPT_FIXED ? "every" : "on average every",
                  fmt_duration(b1, p->mean_interval_s));
        if (p->wait_s > 0)
            doc_textf(item, "%s with no VM (not billed) and ", fmt_duration(b2, p->wait_s));
        doc_textf(item, "%s to restart (billed)", fmt_duration(b3, p->restart_s));
    }
}

static void deployments_table(struct doc_block *sec, const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_preempt_report *pr = &sr->preemption;
    char b[FMT_SIZE];
    doc_gap(sec);
    struct doc_block *t = doc_table(sec, columns, 6);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, header);
    size_t shown = 0;
    for (size_t i = 0; i < sr->ndeployments; i++) {
        const struct deployment *be = &r->scenario->backends[sr->deployments[i].backend];
        if (!model_preempt_applies(be))
            continue;
        const struct sim_deployment_result *d = &sr->run.deployments[i];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), sr->deployments[i].name);
        doc_text(doc_cell(row, 1), fmt_count(b, (double)d->preemptions));
        doc_text(doc_cell(row, 2), fmt_count(b, (double)d->rerun_requests));
        doc_text(doc_cell(row, 3), fmt_tokens(b, d->rerun_tokens));
        doc_text(doc_cell(row, 4), fmt_duration(b, d->down_s));
        report_doc_money(doc_cell(row, 5), r, d->down_cost);
        shown++;
    }
    if (shown < 2)
        return;
    struct doc_row *row = doc_row(t);
    doc_text(doc_strong(doc_cell(row, 0)), "total");
    doc_text(doc_cell(row, 1), fmt_count(b, (double)pr->preemptions));
    doc_text(doc_cell(row, 2), fmt_count(b, (double)pr->rerun_requests));
    doc_text(doc_cell(row, 3), fmt_tokens(b, pr->rerun_tokens));
    doc_text(doc_cell(row, 4), fmt_duration(b, pr->down_s));
    report_doc_money(doc_cell(row, 5), r, pr->down_cost);
}

/* Without preemption, on demand, and over the replications. */
static void comparison(struct doc_block *sec, const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_preempt_report *pr = &sr->preemption;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    doc_gap(sec);
    struct doc_block *list = doc_list(sec);
    struct doc_inline *item = doc_item(list, 0);
    doc_textf(item, "the same run without preemption (seed %llu): %s, ",
              (unsigned long long)sr->seed, fmt_duration(b1, pr->without_wall_s));
    report_doc_money(item, r, pr->without_cost);
    doc_text(item, "; with preemption ");
    time_change(item, sr->run.wall_s, pr->without_wall_s);
    doc_text(item, " and ");
    money_change(item, r, sr->run.cost - pr->without_cost);
    item = doc_item(list, 0);
    doc_text(item, "that run on demand: ");
    report_doc_money(item, r, pr->on_demand_cost);
    if (pr->on_demand_cost > 0) {
        doc_text(item, "; spot with preemption costs ");
        report_doc_money(item, r, pr->on_demand_cost - sr->run.cost);
        doc_textf(item, " less (%s)",
                  fmt_percent(b2, (pr->on_demand_cost - sr->run.cost) / pr->on_demand_cost));
    }
    if (sr->replications < 2)
        return;
    item = doc_item(list, 0);
    doc_textf(item, "%zu replications: time mean %s with preemption (P90 %s), %s without: ",
              sr->replications, fmt_duration(b1, sr->wall_s.mean), fmt_duration(b2, sr->wall_s.p90),
              fmt_duration(b3, pr->without_wall.mean));
    time_change(item, sr->wall_s.mean, pr->without_wall.mean);
    doc_break(item, "; ");
    doc_text(item, "cost mean ");
    report_doc_money(item, r, sr->cost.mean);
    doc_text(item, " with preemption, ");
    report_doc_money(item, r, pr->without_spread_cost.mean);
    doc_text(item, " without, ");
    report_doc_money(item, r, pr->mean_on_demand_cost);
    doc_text(item, " on demand");
}

void report_doc_preemption(const struct report *r, struct doc_block *sec)
{
    const struct sim_report *sr = &r->simulation;
    const struct scenario *s = r->scenario;
    int any = 0;
    for (size_t k = 0; k < s->generation.nbackends; k++)
        any |= s->backends[s->generation.backends[k]].preemption.present;
    if (!any)
        return;
    struct doc_block *sub = doc_section(sec, 3, "spot preemption");
    settings_line(doc_list(sub), r);
    if (!sr->preemption.present)
        return;
    deployments_table(sub, r);
    comparison(sub, r);
}

void report_doc_preempt_note(struct doc_inline *item, const struct deployment *be)
{
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    if (!be->preemption.present)
        return;
    if (!model_preempt_applies(be)) {
        doc_text(item, "; not preempted: on demand ('preemption' applies with 'spot: true')");
        return;
    }
    const struct deploy_preemption *p = &be->preemption;
    doc_break(item, "; ");
    doc_textf(item,
              "spot VMs preempted about every %s, down %s each time: these figures leave that "
              "out (each VM down %s of its time, and the calls in flight re-run; 'raftcost "
              "simulate' measures it)",
              fmt_duration(b1, p->mean_interval_s), fmt_duration(b2, p->wait_s + p->restart_s),
              fmt_percent(b3, model_preempt_down_share(be)));
}

void report_doc_option_spot(struct doc_inline *item, const struct report *r,
                            const struct deployment *o)
{
    char b[FMT_SIZE];
    if (!o->has_instance || !o->billing.spot)
        return;
    doc_textf(item, " spot (%s/h on demand; preemption not modelled for serving)",
              fmt_money(b, r->scenario->currency, o->instance.per_hour));
}

void report_doc_option_spots(const struct report *r, struct doc_block *sec)
{
    const struct inference_result *inf = &r->inference;
    const char *cur = r->scenario->currency;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct doc_block *notes = NULL;
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct deployment *o = inf->options[i].option;
        if (!o->has_instance || !o->billing.spot)
            continue;
        if (!notes)
            notes = doc_list(sec);
        struct doc_inline *item = doc_item(notes, 0);
        doc_user(item, o->name);
        doc_textf(item, ": replicas at the spot price, %s/h each (%s/h on demand)",
                  fmt_money(b1, cur, billing_option_per_hour(o)),
                  fmt_money(b2, cur, o->instance.per_hour));
        doc_text(item, "; serving does not model preemption: every replica is up all month");
    }
}
