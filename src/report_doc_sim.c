/*
 * report_doc_sim: the simulation section of the report's document (see
 * report_doc.h): the job as simulated beside the analytic figures, each
 * deployment's requests, 429s, tokens, rate, busy time, utilisation and
 * cost, the latency percentiles and the spread over the replications.
 */
#include <math.h>
#include <stdio.h>

#include "format.h"
#include "report_doc.h"

/* Deployment, requests, 429s, input, output, tok/s, busy, utilisation, cost. */
static const struct doc_column deployment_columns[] = {
    {DOC_LEFT, 12, 0}, {DOC_RIGHT, 9, 1},  {DOC_RIGHT, 7, 1}, {DOC_RIGHT, 8, 1}, {DOC_RIGHT, 8, 1},
    {DOC_RIGHT, 8, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 7, 1}, {DOC_RIGHT, 12, 1}};
static const char *const deployment_header[] = {"deployment", "requests", "429s", "input", "output",
                                                "tok/s",      "busy",     "util", "cost"};

/* Seconds for a latency: "2.94 s" below a minute, "3 min", "1 h 2 min" above. */
static char *fmt_latency(char *buf, double seconds)
{
    if (isnan(seconds))
        snprintf(buf, FMT_SIZE, "-");
    else if (seconds < 60)
        snprintf(buf, FMT_SIZE, "%.3g s", seconds);
    else
        fmt_duration(buf, seconds);
    return buf;
}

/* "p50 2.94 s, p90 3.1 s, p99 3.4 s" */
static void percentiles(struct doc_inline *in, const struct sim_latency *l)
{
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    if (l->n == 0) {
        doc_text(in, "none measured");
        return;
    }
    doc_textf(in, "p50 %s, p90 %s, p99 %s", fmt_latency(b1, l->p50), fmt_latency(b2, l->p90),
              fmt_latency(b3, l->p99));
}

/* "18,000 calls from 2 workers (raft pattern), simple-shuffle routing over 3 deployments" */
static void setup_line(const struct report *r, struct doc_block *sec)
{
    const struct sim_settings *in = &r->scenario->simulation;
    const struct sim_report *sr = &r->simulation;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct doc_inline *p = doc_paragraph(sec);
    doc_textf(p, "%s calls", fmt_count(b1, (double)sr->run.calls));
    if (in->arrival_rate_s > 0) {
        doc_textf(p, " arriving at %.4g a second", in->arrival_rate_s);
        if (in->workers > 0)
            doc_textf(p, ", at most %s in flight", fmt_count(b2, in->workers));
    } else {
        doc_textf(p, " from %s worker%s", fmt_count(b2, in->workers), in->workers == 1 ? "" : "s");
        if (r->scenario->generation.has_dataset)
            doc_text(p, in->pattern == SIM_PATTERN_CHOICE_RAFT ? " (raft pattern)"
                                                               : " (independent pattern)");
    }
    doc_textf(p, ", %s routing over %zu deployment%s; seed %llu",
              sim_routing_name((enum sim_routing)in->routing), sr->ndeployments,
              sr->ndeployments == 1 ? "" : "s", (unsigned long long)sr->seed);
    if (in->service == SIM_SERVICE_STREAM)
        doc_text(p, "; every backend with a per-stream speed served at it");
}

/* "analytic 2 h 56 min, $102.23; simulated 3 h 12 min (+9.1%), $104.10, ..." */
static void headline(const struct report *r, struct doc_block *sec)
{
    const struct sim_result *run = &r->simulation.run;
    const struct gen_result *g = &r->generation;
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct doc_inline *p = doc_paragraph(sec);
    doc_textf(p, "analytic %s, ", fmt_duration(b1, g->wall_s));
    report_doc_money(p, r, g->cost);
    doc_textf(p, "; simulated %s", fmt_duration(b1, run->wall_s));
    if (g->wall_s > 0 && isfinite(g->wall_s)) {
        /* Rounded first, so that a hair below the analytic time reads +0.0%, not -0.0%. */
        double pct = round((run->wall_s / g->wall_s - 1) * 1000) / 10;
        doc_textf(p, " (%+.1f%%)", pct == 0 ? 0.0 : pct);
    }
    doc_text(p, ", ");
    report_doc_money(p, r, run->cost);
    if (run->rejected == 0)
        doc_text(p, ", no request rejected");
    else if (run->rejected == run->retries)
        doc_textf(p, ", %s requests rejected and retried", fmt_count(b1, (double)run->rejected));
    else
        doc_textf(p, ", %s requests rejected (429), %s retries",
                  fmt_count(b1, (double)run->rejected), fmt_count(b2, (double)run->retries));
    if (run->lost_requests > 0) {
        char b3[FMT_SIZE];
        doc_textf(p, "; %s lost after their retries (%s of %s examples)",
                  fmt_count(b1, (double)run->lost_requests),
                  fmt_count(b2, (double)run->lost_examples),
                  fmt_count(b3, (double)(run->examples + run->lost_examples)));
    }
}

static void deployments_table(const struct report *r, struct doc_block *sec)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_result *run = &sr->run;
    char b[FMT_SIZE];
    doc_gap(sec);
    struct doc_block *t = doc_table(sec, deployment_columns, 9);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, deployment_header);
    uint64_t rejected = 0;
    for (size_t i = 0; i < run->ndeployments; i++) {
        const struct sim_deployment_result *d = &run->deployments[i];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), sr->deployments[i].name);
        doc_text(doc_cell(row, 1), fmt_count(b, (double)d->requests));
        doc_text(doc_cell(row, 2), fmt_count(b, (double)d->rejected));
        doc_text(doc_cell(row, 3), fmt_tokens(b, d->input_tokens));
        doc_text(doc_cell(row, 4), fmt_tokens(b, d->output_tokens));
        doc_text(doc_cell(row, 5), fmt_number(b, d->tok_s));
        doc_text(doc_cell(row, 6), fmt_duration(b, d->busy_s));
        doc_text(doc_cell(row, 7), isnan(d->utilisation) ? "-" : fmt_percent(b, d->utilisation));
        report_doc_money(doc_cell(row, 8), r, d->cost);
        rejected += d->rejected;
    }
    struct doc_row *row = doc_row(t);
    doc_text(doc_strong(doc_cell(row, 0)), "total");
    doc_text(doc_cell(row, 1), fmt_count(b, (double)run->requests));
    doc_text(doc_cell(row, 2), fmt_count(b, (double)run->rejected));
    doc_text(doc_cell(row, 3), fmt_tokens(b, run->input_tokens));
    doc_text(doc_cell(row, 4), fmt_tokens(b, run->output_tokens));
    doc_text(doc_cell(row, 5), fmt_number(b, run->tok_s));
    doc_text(doc_cell(row, 6), fmt_duration(b, run->wall_s));
    report_doc_money(doc_strong(doc_cell(row, 8)), r, run->cost);
    if (run->rejected > rejected)
        doc_textf(&row->note, "%s of the 429s from the router, every deployment cooling down",
                  fmt_count(b, (double)(run->rejected - rejected)));
}

/* Latency, TTFT, the TPM peaks, the replications, the events. */
static void details(const struct report *r, struct doc_block *sec)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_result *run = &sr->run;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE];
    doc_gap(sec);
    struct doc_block *list = doc_list(sec);
    struct doc_inline *item = doc_item(list, 0);
    doc_text(item, "latency, first attempt to last token: ");
    percentiles(item, &run->latency);
    item = doc_item(list, 0);
    doc_text(item, "time to first token: ");
    percentiles(item, &run->ttft);
    for (size_t i = 0; i < sr->ndeployments; i++) {
        const struct sim_report_deployment *d = &sr->deployments[i];
        if (!(d->tpm > 0))
            continue;
        item = doc_item(list, 0);
        doc_user(item, d->name);
        doc_textf(item, ": at most %s TPM tokens admitted in any 60 s, limit %s",
                  fmt_count(b1, isnan(d->peak_tpm_60s) ? 0 : d->peak_tpm_60s),
                  fmt_count(b2, d->tpm));
    }
    if (sr->replications > 1) {
        item = doc_item(list, 0);
        doc_textf(item, "%zu replications: time mean %s (P10 %s, P50 %s, P90 %s)", sr->replications,
                  fmt_duration(b1, sr->wall_s.mean), fmt_duration(b2, sr->wall_s.p10),
                  fmt_duration(b3, sr->wall_s.p50), fmt_duration(b4, sr->wall_s.p90));
        doc_break(item, "; ");
        doc_text(item, "cost mean ");
        report_doc_money(item, r, sr->cost.mean);
        doc_text(item, " (P10 ");
        report_doc_money(item, r, sr->cost.p10);
        doc_text(item, ", P50 ");
        report_doc_money(item, r, sr->cost.p50);
        doc_text(item, ", P90 ");
        report_doc_money(item, r, sr->cost.p90);
        doc_text(item, ")");
    }
    item = doc_item(list, 0);
    doc_textf(item, "%s events, at most %s requests held at once",
              fmt_count(b1, (double)run->events), fmt_count(b2, (double)run->peak_requests));
}

void report_doc_simulation(const struct report *r, struct doc_block *title)
{
    struct doc_block *sec = doc_section(title, 2, "simulation");
    doc_text(&sec->heading, " of the generation job, request by request");
    setup_line(r, sec);
    headline(r, sec);
    deployments_table(r, sec);
    details(r, sec);
    report_doc_preemption(r, sec);
}
