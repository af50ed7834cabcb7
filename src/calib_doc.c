/*
 * calib_doc: the report of `raftcost calibrate` (see calib_view.h): what
 * the log holds, the calls told apart and their sizes, each deployment's
 * speeds and shares and the backend it calibrates, the values of the
 * calibrated variant against the scenario's, and the job planned with them
 * beside the plan as it stands.  Also the amount formats both reports use.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib_view.h"
#include "calibrate_out.h"
#include "format.h"
#include "json_out.h"
#include "timestamp.h"
#include "units.h"

char *calib_fmt_money(char *buf, const char *currency, double amount)
{
    if (isnan(amount))
        snprintf(buf, FMT_SIZE, "-");
    else if (isinf(amount))
        snprintf(buf, FMT_SIZE, "unbounded");
    else if (fabs(amount) < 1 && amount != 0)
        fmt_unit_price(buf, currency, amount);
    else
        fmt_money(buf, currency, amount);
    return buf;
}

char *calib_fmt_duration(char *buf, double seconds)
{
    if (isnan(seconds))
        snprintf(buf, FMT_SIZE, "-");
    else if (isinf(seconds))
        snprintf(buf, FMT_SIZE, "stalled");
    else if (seconds < 600 && round(seconds) >= 60) {
        long s = lround(seconds);
        if (s % 60)
            snprintf(buf, FMT_SIZE, "%ld min %ld s", s / 60, s % 60);
        else
            snprintf(buf, FMT_SIZE, "%ld min", s / 60);
    } else {
        fmt_duration(buf, seconds);
    }
    return buf;
}

char *calib_fmt_deviation(char *buf, double deviation)
{
    if (!isfinite(deviation))
        snprintf(buf, FMT_SIZE, "-");
    else
        snprintf(buf, FMT_SIZE, "%+.1f%%", 100 * deviation);
    if (strcmp(buf, "+0.0%") == 0 || strcmp(buf, "-0.0%") == 0)
        snprintf(buf, FMT_SIZE, "0.0%%");
    return buf;
}

/* Times in a log: the span of its records. */
static void log_span(const struct usage_log *log, double *first, double *last)
{
    *first = *last = NAN;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        double t = isnan(r->end_s) ? r->start_s : r->end_s;
        if (!isnan(r->start_s) && !(r->start_s >= *first))
            *first = r->start_s;
        if (!isnan(t) && !(t <= *last))
            *last = t;
    }
}

void calib_doc_log_line(struct doc_inline *in, const struct usage_log *log, const char *name)
{
    char a[32], b[32], c[FMT_SIZE], e[FMT_SIZE];
    double first, last;
    log_span(log, &first, &last);
    timestamp_format(first, a, sizeof a);
    timestamp_format(last, b, sizeof b);
    doc_text(in, "log: ");
    doc_user(in, name);
    doc_textf(in, " (%s), %s record%s, %s to %s (%s)", usage_format_name(log->format),
              fmt_count(c, (double)log->n), log->n == 1 ? "" : "s", a, b,
              calib_fmt_duration(e, last - first));
}

cJSON *calib_json_log(const struct usage_log *log, const char *name)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", name);
    cJSON_AddStringToObject(o, "format", usage_format_name(log->format));
    cJSON_AddNumberToObject(o, "records", (double)log->n);
    double first, last;
    log_span(log, &first, &last);
    json_add_time(o, "first", first);
    json_add_time(o, "last", last);
    json_add_number(o, "hours", (last - first) / HOUR_S);
    return o;
}

/* ---- the document ---- */

/* Kind, calls, prompt mean and sd, output mean and sd. */
static const struct doc_column calls_columns[] = {{DOC_LEFT, 10, 0},  {DOC_RIGHT, 7, 1},
                                                  {DOC_RIGHT, 12, 2}, {DOC_RIGHT, 7, 1},
                                                  {DOC_RIGHT, 12, 2}, {DOC_RIGHT, 7, 1}};
static const char *const calls_header[] = {"calls", "n", "prompt mean", "sd", "output mean", "sd"};
/* Deployment, backend, rule, requests, 429s, failures. */
static const struct doc_column dep_columns[] = {{DOC_LEFT, 10, 0}, {DOC_LEFT, 8, 2},
                                                {DOC_LEFT, 6, 1},  {DOC_RIGHT, 8, 2},
                                                {DOC_RIGHT, 6, 1}, {DOC_RIGHT, 6, 1}};
static const char *const dep_header[] = {"deployment", "backend", "by",
                                         "requests",   "429s",    "failed"};
/* Deployment, ttft p50, p90, stream p50, p90, delivered, busy, concurrency. */
static const struct doc_column speed_columns[] = {
    {DOC_LEFT, 10, 0},  {DOC_RIGHT, 8, 2},  {DOC_RIGHT, 8, 1},  {DOC_RIGHT, 10, 2},
    {DOC_RIGHT, 10, 1}, {DOC_RIGHT, 10, 2}, {DOC_RIGHT, 10, 1}, {DOC_RIGHT, 11, 2}};
static const char *const speed_header[] = {"deployment", "ttft p50",  "ttft p90",   "stream p50",
                                           "stream p90", "delivered", "while busy", "concurrency"};
/* Parameter, plan, calibrated, change. */
static const struct doc_column value_columns[] = {
    {DOC_LEFT, 10, 0}, {DOC_RIGHT, 10, 2}, {DOC_RIGHT, 10, 2}, {DOC_RIGHT, 8, 2}};
static const char *const value_header[] = {"parameter", "plan", "calibrated", "change"};
/* Figure, plan, calibrated, change. */
static const struct doc_column plan_columns[] = {
    {DOC_LEFT, 10, 0}, {DOC_RIGHT, 12, 2}, {DOC_RIGHT, 12, 2}, {DOC_RIGHT, 8, 2}};
static const char *const plan_header[] = {"figure", "plan", "calibrated", "change"};

static const char *or_dash(char *buf, double v, const char *fmt)
{
    if (!isfinite(v))
        snprintf(buf, FMT_SIZE, "-");
    else
        snprintf(buf, FMT_SIZE, fmt, v);
    return buf;
}

static void calls_table(const struct calibration *cal, struct doc_block *sec)
{
    char b[FMT_SIZE];
    struct doc_block *t = doc_table(sec, calls_columns, 6);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, calls_header);
    const struct calib_calls *k[2] = {&cal->question, &cal->answer};
    const char *names[2] = {"question", "answer"};
    for (int i = 0; i < 2; i++) {
        struct doc_row *row = doc_row(t);
        doc_text(doc_cell(row, 0), names[i]);
        doc_text(doc_cell(row, 1), fmt_count(b, (double)k[i]->n));
        doc_text(doc_cell(row, 2), or_dash(b, k[i]->prompt_tokens.mean, "%.1f"));
        doc_text(doc_cell(row, 3), or_dash(b, k[i]->prompt_tokens.sd, "%.1f"));
        doc_text(doc_cell(row, 4), or_dash(b, k[i]->output_tokens.mean, "%.1f"));
        doc_text(doc_cell(row, 5), or_dash(b, k[i]->output_tokens.sd, "%.1f"));
    }
}

static const struct calib_map_entry *entry_of(const struct calib_view *v, const char *name)
{
    return calib_map_find(v->map, name);
}

static void deployments_tables(const struct calib_view *v, struct doc_block *sec)
{
    const struct calibration *cal = v->cal;
    const struct scenario *s = v->scenario;
    char b[FMT_SIZE];
    struct doc_block *t = doc_table(sec, dep_columns, 6);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, dep_header);
    for (size_t k = 0; k < cal->ndeployments; k++) {
        const struct calib_deployment *dp = &cal->deployments[k];
        const struct calib_map_entry *e = entry_of(v, dp->name);
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), dp->name);
        if (e && e->backend != CALIB_NO_BACKEND)
            doc_user(doc_cell(row, 1), s->backends[e->backend].name);
        else
            doc_text(doc_cell(row, 1), "-");
        doc_text(doc_cell(row, 2), calib_match_name(e ? e->why : CALIB_MATCH_NONE));
        doc_text(doc_cell(row, 3), fmt_count(b, (double)dp->requests));
        doc_textf(doc_cell(row, 4), "%zu", dp->rate_limited);
        doc_textf(doc_cell(row, 5), "%zu", dp->failed);
    }
    doc_gap(sec);
    t = doc_table(sec, speed_columns, 8);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, speed_header);
    for (size_t k = 0; k < cal->ndeployments; k++) {
        const struct calib_deployment *dp = &cal->deployments[k];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), dp->name);
        doc_text(doc_cell(row, 1), or_dash(b, dp->ttft_p50_s, "%.3g s"));
        doc_text(doc_cell(row, 2), or_dash(b, dp->ttft_p90_s, "%.3g s"));
        doc_text(doc_cell(row, 3), or_dash(b, dp->stream_p50_tok_s, "%.1f"));
        doc_text(doc_cell(row, 4), or_dash(b, dp->stream_p90_tok_s, "%.1f"));
        doc_text(doc_cell(row, 5), or_dash(b, dp->effective_tok_s, "%.1f"));
        doc_text(doc_cell(row, 6), or_dash(b, dp->busy_tok_s, "%.1f"));
        doc_text(doc_cell(row, 7), or_dash(b, dp->concurrency_mean, "%.2f"));
    }
    struct doc_block *notes = doc_list(sec);
    doc_text(doc_item(notes, 0),
             "ttft and stream: p50 and p90 of the successful calls; stream and delivered in "
             "tok/s; delivered: output tokens over the log's span, with the pilot's workers; "
             "while busy: over the time the deployment had a call in flight");
    for (size_t k = 0; k < cal->ndeployments; k++) {
        const struct calib_deployment *dp = &cal->deployments[k];
        const struct calib_fit *f = &dp->stream_vs_concurrency;
        if (!isnan(f->slope)) {
            struct doc_inline *item = doc_item(notes, 0);
            doc_user(item, dp->name);
            doc_textf(item,
                      ": per-stream speed = %.2f %s %.3f x concurrency tok/s (least squares over "
                      "%zu calls, R² %.2f)",
                      f->intercept, f->slope < 0 ? "-" : "+", fabs(f->slope), f->n, f->r2);
        }
        const struct calib_map_entry *e = entry_of(v, dp->name);
        if (!e || e->backend == CALIB_NO_BACKEND) {
            struct doc_inline *item = doc_item(notes, 0);
            doc_user(item, dp->name);
            doc_text(item, ": mapped to no backend of the scenario, so it calibrates none (name "
                           "one with --map DEPLOYMENT=BACKEND)");
        }
    }
}

/* A parameter's value for people, in the unit it is written in. */
static char *value_text(char *buf, const struct scenario_calib_setting *st, double v)
{
    double shown = v / st->scale;
    if (st->choices) {
        snprintf(buf, FMT_SIZE, "%s", st->choices[(size_t)v]);
        return buf;
    }
    switch (st->kind) {
    case QK_THROUGHPUT:
        snprintf(buf, FMT_SIZE, "%.4g tok/s", shown);
        break;
    case QK_DURATION:
        snprintf(buf, FMT_SIZE, "%.3g s", shown);
        break;
    case QK_FRACTION:
        fmt_percent(buf, shown);
        break;
    default:
        snprintf(buf, FMT_SIZE, "%.6g", shown);
        break;
    }
    return buf;
}

static void values_section(const struct calib_view *v, struct doc_block *title)
{
    char a[FMT_SIZE], b[FMT_SIZE], c[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "calibrated values");
    struct doc_inline *p = doc_paragraph(sec);
    if (v->variant_file) {
        /* The key names the file from the scenario's folder. */
        const char *key = v->variant_file, *slash = strrchr(v->scenario->file, '/');
        size_t dir = slash ? (size_t)(slash - v->scenario->file) + 1 : 0;
        if (key[0] != '/' && dir && strncmp(key, v->scenario->file, dir) == 0)
            key += dir;
        doc_text(p, "written to ");
        doc_user(p, v->variant_file);
        doc_text(p, "; the scenario uses them with 'calibration: ");
        doc_user(p, key);
        doc_text(p, "'");
        if (key == v->variant_file && key[0] != '/' && dir)
            doc_text(p, " (a file relative to the scenario's folder)");
    } else {
        doc_text(p, "not written: give -o FILE to write the calibrated variant");
    }
    if (!v->settings->n) {
        doc_text(doc_paragraph(sec), "no value of the scenario could be calibrated");
        return;
    }
    struct doc_block *t = doc_table(sec, value_columns, 4);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, value_header);
    for (size_t i = 0; i < v->settings->n; i++) {
        const struct scenario_calib_setting *st = &v->settings->items[i];
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), st->path);
        doc_text(doc_cell(row, 1), value_text(a, st, st->before));
        doc_text(doc_cell(row, 2), value_text(b, st, st->after));
        doc_text(doc_cell(row, 3),
                 calib_fmt_deviation(c, st->before > 0 && !st->choices ? st->after / st->before - 1
                                                                       : NAN));
    }
}

static void plan_row(struct doc_block *t, const char *figure, const char *plan, const char *cal,
                     double before, double after)
{
    char c[FMT_SIZE];
    struct doc_row *row = doc_row(t);
    doc_text(doc_cell(row, 0), figure);
    doc_text(doc_cell(row, 1), plan);
    doc_text(doc_cell(row, 2), cal);
    doc_text(doc_cell(row, 3), calib_fmt_deviation(c, before > 0 ? after / before - 1 : NAN));
}

static void plan_section(const struct calib_view *v, struct doc_block *title)
{
    const struct gen_result *p = &v->plan->generation, *q = &v->calibrated->generation;
    const char *cur = v->scenario->currency;
    char a[FMT_SIZE], b[FMT_SIZE];
    struct doc_block *sec = doc_section(title, 2, "the job");
    doc_text(&sec->heading, ": the plan against the plan calibrated by the pilot (analytic model)");
    if (!p->present) {
        doc_text(doc_paragraph(sec), "the scenario has no generation phase");
        return;
    }
    struct doc_block *t = doc_table(sec, plan_columns, 4);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, plan_header);
    plan_row(t, "requests", fmt_count(a, p->requests), fmt_count(b, q->requests), p->requests,
             q->requests);
    plan_row(t, "input tokens", fmt_tokens(a, p->input_tokens), fmt_tokens(b, q->input_tokens),
             p->input_tokens, q->input_tokens);
    plan_row(t, "output tokens", fmt_tokens(a, p->output_tokens), fmt_tokens(b, q->output_tokens),
             p->output_tokens, q->output_tokens);
    snprintf(a, sizeof a, "%.4g tok/s", p->throughput_tok_s);
    snprintf(b, sizeof b, "%.4g tok/s", q->throughput_tok_s);
    plan_row(t, "throughput", a, b, p->throughput_tok_s, q->throughput_tok_s);
    plan_row(t, "time", calib_fmt_duration(a, p->wall_s), calib_fmt_duration(b, q->wall_s),
             p->wall_s, q->wall_s);
    plan_row(t, "generation cost", calib_fmt_money(a, cur, p->cost),
             calib_fmt_money(b, cur, q->cost), p->cost, q->cost);
    plan_row(t, "one-off total", calib_fmt_money(a, cur, v->plan->one_off),
             calib_fmt_money(b, cur, v->calibrated->one_off), v->plan->one_off,
             v->calibrated->one_off);
    for (size_t i = 0; i < p->nbackends; i++) {
        const struct gen_backend_result *x = &p->backends[i];
        const struct gen_backend_result *y = NULL;
        for (size_t j = 0; j < q->nbackends; j++)
            if (strcmp(q->backends[j].backend->name, x->backend->name) == 0)
                y = &q->backends[j];
        if (!y)
            continue;
        struct doc_row *row = doc_row(t);
        doc_user(doc_cell(row, 0), x->backend->name);
        doc_text(doc_cell(row, 0), ": cost");
        doc_text(doc_cell(row, 1), calib_fmt_money(a, cur, x->cost));
        doc_text(doc_cell(row, 2), calib_fmt_money(b, cur, y->cost));
        doc_text(doc_cell(row, 3),
                 calib_fmt_deviation(a, x->cost > 0 ? y->cost / x->cost - 1 : NAN));
    }
    struct doc_block *notes = doc_list(sec);
    doc_text(doc_item(notes, 0),
             "the calibrated plan is the scenario with the calibrated values in place of its "
             "own: 'raftcost SCENARIO.yaml' gives it in full once the scenario names the file "
             "under 'calibration:'");
    doc_text(doc_item(notes, 0),
             "a throughput calibrated from the pilot holds for the pilot's workers and routing: "
             "a job run with other workers or another router runs at another rate");
}

void calib_view_doc(const struct calib_view *v, struct doc *d)
{
    const struct calibration *cal = v->cal;
    char a[FMT_SIZE], b[FMT_SIZE];
    struct doc_block *title = doc_section(&d->body, 1, NULL);
    doc_user(&title->heading, v->scenario->name);
    doc_text(&title->heading, ": calibration from a pilot");
    struct doc_inline *p = doc_paragraph(title);
    doc_text(p, "Scenario: ");
    doc_user(p, v->scenario->file);
    calib_doc_log_line(doc_paragraph(title), v->log, v->log_name);

    struct doc_block *sec = doc_section(title, 2, "calls");
    p = doc_paragraph(sec);
    doc_textf(p, "question and answer calls told apart by: %s", calib_rule_name(cal->kinds.rule));
    if (cal->kinds.rule == CALIB_RULE_PATTERN)
        doc_textf(p, " (%zu worker sequence%s)", cal->kinds.chains,
                  cal->kinds.chains == 1 ? "" : "s");
    else if (cal->kinds.rule == CALIB_RULE_CLUSTERS)
        doc_textf(p, " (split at %.0f output tokens)", cal->kinds.threshold);
    doc_textf(p, ": %s question and %s answer calls", fmt_count(a, (double)cal->question.n),
              fmt_count(b, (double)cal->answer.n));
    if (isfinite(cal->answers_per_question))
        doc_textf(p, ", %.2f answers a question", cal->answers_per_question);
    calls_table(cal, sec);

    sec = doc_section(title, 2, "deployments");
    deployments_tables(v, sec);
    values_section(v, title);
    plan_section(v, title);
    calib_doc_prediction(v, title);
}

/* ---- JSON ---- */

static cJSON *scenario_json(const struct scenario *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddStringToObject(o, "file", s->file);
    return o;
}

cJSON *calib_view_json(const struct calib_view *v)
{
    const struct scenario *s = v->scenario;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "raftcost_calibration", 1);
    cJSON_AddItemToObject(root, "scenario", scenario_json(s));
    cJSON_AddStringToObject(root, "currency", s->currency);
    cJSON_AddItemToObject(root, "log", calib_json_log(v->log, v->log_name));
    cJSON *cal = calib_out_json(v->cal);
    cJSON *deps = cJSON_GetObjectItemCaseSensitive(cal, "deployments");
    for (size_t k = 0; k < v->cal->ndeployments; k++) {
        const struct calib_deployment *dp = &v->cal->deployments[k];
        cJSON *o = cJSON_GetArrayItem(deps, (int)k);
        const struct calib_map_entry *e = calib_map_find(v->map, dp->name);
        if (e && e->backend != CALIB_NO_BACKEND)
            cJSON_AddStringToObject(o, "backend", s->backends[e->backend].name);
        else
            cJSON_AddNullToObject(o, "backend");
        cJSON_AddStringToObject(o, "mapped_by", calib_match_name(e ? e->why : CALIB_MATCH_NONE));
        json_add_number(o, "output_tokens", dp->output_tokens);
        json_add_number(o, "delivered_tok_s", dp->effective_tok_s);
        json_add_number(o, "busy_tok_s", dp->busy_tok_s);
    }
    json_add_number(cal, "hours", v->cal->span_s / HOUR_S);
    cJSON_AddItemToObject(root, "calibration", cal);
    cJSON *variant = cJSON_AddObjectToObject(root, "variant");
    if (v->variant_file)
        cJSON_AddStringToObject(variant, "file", v->variant_file);
    else
        cJSON_AddNullToObject(variant, "file");
    cJSON *values = cJSON_AddArrayToObject(variant, "values");
    for (size_t i = 0; i < v->settings->n; i++) {
        const struct scenario_calib_setting *st = &v->settings->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", st->path);
        if (st->choices) {
            cJSON_AddStringToObject(o, "plan", st->choices[(size_t)st->before]);
            cJSON_AddStringToObject(o, "calibrated", st->choices[(size_t)st->after]);
        } else {
            json_add_number(o, "plan", st->before / st->scale);
            json_add_number(o, "calibrated", st->after / st->scale);
        }
        cJSON_AddItemToArray(values, o);
    }
    /* How the job was simulated; the figures are in plan.simulation and calibrated.simulation,
     * the ranges' in calibrated.uncertainty. */
    cJSON *sim = cJSON_AddObjectToObject(root, "prediction");
    cJSON_AddBoolToObject(sim, "simulated", v->simulated);
    if (v->simulated) {
        cJSON_AddNumberToObject(sim, "workers", v->workers);
        cJSON_AddStringToObject(sim, "workers_from", v->workers_from_pilot ? "pilot" : "scenario");
    } else if (v->sim_error) {
        cJSON_AddStringToObject(sim, "why_not", v->sim_error);
    }
    cJSON_AddBoolToObject(sim, "ranges", v->calibrated->uncertainty != NULL);
    cJSON_AddItemToObject(root, "plan", report_json_object(v->plan));
    cJSON_AddItemToObject(root, "calibrated", report_json_object(v->calibrated));
    return root;
}
