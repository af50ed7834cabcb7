/*
 * actual_doc: the report of `raftcost actual` (see calib_view.h): the
 * job's progress, its figures beside the plan (for the job, then each
 * backend), the call kinds against the dataset model, and for a job still
 * running the projected finish and cost with the budgets and deadlines they
 * meet or break; as a document, JSON and CSV.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib_view.h"
#include "format.h"
#include "json_out.h"
#include "render_csv.h"
#include "timestamp.h"
#include "units.h"

/* Figure, plan, plan at the progress, actual, deviation. */
static const struct doc_column fig_columns[] = {{DOC_LEFT, 14, 0},
                                                {DOC_RIGHT, 12, 1},
                                                {DOC_RIGHT, 14, 2},
                                                {DOC_RIGHT, 12, 1},
                                                {DOC_RIGHT, 9, 2}};
/* Kind, planned calls, done, prompt: plan, actual, change; output: plan, actual, change. */
static const struct doc_column kind_columns[] = {
    {DOC_LEFT, 8, 0},  {DOC_RIGHT, 8, 1},  {DOC_RIGHT, 6, 1}, {DOC_RIGHT, 11, 2}, {DOC_RIGHT, 8, 1},
    {DOC_RIGHT, 8, 1}, {DOC_RIGHT, 11, 2}, {DOC_RIGHT, 8, 1}, {DOC_RIGHT, 8, 1}};
static const char *const kind_header[] = {"calls",       "planned", "done",
                                          "prompt plan", "actual",  "vs plan",
                                          "output plan", "actual",  "vs plan"};
/* Figure, plan, projected, deviation. */
static const struct doc_column proj_columns[] = {
    {DOC_LEFT, 14, 0}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 12, 1}, {DOC_RIGHT, 9, 2}};
static const char *const proj_header[] = {"figure", "plan", "projected", "vs plan"};

static const char *const figure_names[PA_NFIGURES] = {
    "requests", "input tokens", "output tokens", "cost", "time", "output tok/s", "429s"};

/* A figure for people. */
static char *figure_text(char *buf, enum pa_figure which, double v, const char *currency)
{
    if (isnan(v)) {
        snprintf(buf, FMT_SIZE, "-");
        return buf;
    }
    switch (which) {
    case PA_REQUESTS:
    case PA_REJECTED:
        return fmt_count(buf, v);
    case PA_INPUT:
    case PA_OUTPUT:
        return fmt_tokens(buf, v);
    case PA_COST:
        return calib_fmt_money(buf, currency, v);
    case PA_SECONDS:
        return calib_fmt_duration(buf, v);
    case PA_TOK_S:
    case PA_NFIGURES:
        break;
    }
    snprintf(buf, FMT_SIZE, "%.4g", v);
    return buf;
}

static void figures_table(const struct actual_view *v, const struct pa_group *g,
                          struct doc_block *sec)
{
    const char *cur = v->scenario->currency;
    char a[FMT_SIZE], b[FMT_SIZE], c[FMT_SIZE], e[FMT_SIZE];
    struct doc_block *t = doc_table(sec, fig_columns, 5);
    doc_text(doc_header(t, 0), "figure");
    doc_text(doc_header(t, 1), "plan");
    doc_textf(doc_header(t, 2), "plan at %s", fmt_percent(a, v->pa->fraction));
    doc_text(doc_header(t, 3), "actual");
    doc_text(doc_header(t, 4), "vs plan");
    for (int k = 0; k < PA_NFIGURES; k++) {
        enum pa_figure f = (enum pa_figure)k;
        struct doc_row *row = doc_row(t);
        doc_text(doc_cell(row, 0), figure_names[k]);
        doc_text(doc_cell(row, 1), figure_text(a, f, pa_get(&g->planned, f), cur));
        doc_text(doc_cell(row, 2), figure_text(b, f, pa_get(&g->expected, f), cur));
        doc_text(doc_cell(row, 3), figure_text(c, f, pa_get(&g->actual, f), cur));
        doc_text(doc_cell(row, 4), calib_fmt_deviation(e, pa_get(&g->deviation, f)));
    }
}

/* "a, b and 2 more": the deployments mapped to backend b (CALIB_NO_BACKEND: to none). */
static void deployment_names(const struct actual_view *v, size_t b, struct doc_inline *in)
{
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < v->map->n; i++) {
        if (v->map->items[i].backend != b)
            continue;
        if (shown < 4) {
            doc_text(in, shown ? ", " : "");
            doc_user(in, v->map->items[i].deployment);
            shown++;
        }
        total++;
    }
    if (total > shown)
        doc_textf(in, " and %zu more", total - shown);
    if (!total)
        doc_text(in, "none in the log");
}

static const char *one_decimal(char *buf, double v)
{
    if (isfinite(v))
        snprintf(buf, FMT_SIZE, "%.1f", v);
    else
        snprintf(buf, FMT_SIZE, "-");
    return buf;
}

static void kinds_table(const struct plan_actual *pa, struct doc_block *sec)
{
    char b[FMT_SIZE];
    struct doc_block *t = doc_table(sec, kind_columns, 9);
    doc_header_words(t, kind_header);
    const struct pa_kind *k[2] = {&pa->question, &pa->answer};
    const char *names[2] = {"question", "answer"};
    for (int i = 0; i < 2; i++) {
        struct doc_row *row = doc_row(t);
        doc_text(doc_cell(row, 0), names[i]);
        doc_text(doc_cell(row, 1), fmt_count(b, k[i]->planned_calls));
        doc_text(doc_cell(row, 2), fmt_count(b, k[i]->calls));
        doc_textf(doc_cell(row, 3), "%.1f", k[i]->planned_prompt);
        doc_text(doc_cell(row, 4), one_decimal(b, k[i]->prompt));
        doc_text(doc_cell(row, 5), calib_fmt_deviation(b, k[i]->prompt_deviation));
        doc_textf(doc_cell(row, 6), "%.1f", k[i]->planned_output);
        doc_text(doc_cell(row, 7), one_decimal(b, k[i]->output));
        doc_text(doc_cell(row, 8), calib_fmt_deviation(b, k[i]->output_deviation));
    }
}

static void progress_paragraph(const struct actual_view *v, struct doc_block *sec)
{
    const struct plan_actual *pa = v->pa;
    char a[FMT_SIZE], b[FMT_SIZE], c[FMT_SIZE], e[FMT_SIZE], when[32];
    struct doc_inline *p = doc_paragraph(sec);
    timestamp_format(pa->now_s, when, sizeof when);
    doc_textf(p, "progress at %s: %s of %s planned calls (%s) in %s", when, fmt_count(a, pa->done),
              fmt_count(b, pa->planned_requests), fmt_percent(c, pa->fraction),
              calib_fmt_duration(e, pa->total.actual.seconds));
    doc_text(p, pa->finished ? "; finished" : "; running");
    if (v->dropped)
        doc_textf(doc_paragraph(sec), "%s record%s after that time left out",
                  fmt_count(a, (double)v->dropped), v->dropped == 1 ? "" : "s");
}

static void projection_section(const struct actual_view *v, struct doc_block *title)
{
    const struct plan_actual *pa = v->pa;
    const struct projection *pj = &pa->projection;
    const char *cur = v->scenario->currency;
    char a[FMT_SIZE], b[FMT_SIZE], c[FMT_SIZE], when[32];
    struct doc_block *sec = doc_section(title, 2, "projection");
    struct doc_inline *p = doc_paragraph(sec);
    if (pa->finished) {
        timestamp_format(pa->finish_s, when, sizeof when);
        doc_textf(p, "the job is finished: its last call ended at %s", when);
    } else {
        doc_textf(p, "at the rate of the last %s (%s calls, %s an hour)",
                  calib_fmt_duration(a, pj->window_s), fmt_count(b, pj->done_in_window),
                  fmt_count(c, pj->rate_per_s * HOUR_S));
        if (!(v->window_s > 0) || pj->window_s < v->window_s)
            doc_text(p, ", the whole run so far");
        struct doc_inline *f = doc_paragraph(sec);
        if (isfinite(pa->finish_s)) {
            timestamp_format(pa->finish_s, when, sizeof when);
            doc_textf(f, "finish: %s, in %s", when, calib_fmt_duration(a, pj->remaining_s));
        } else {
            doc_text(f, "finish: never at this rate (no call ended in the window)");
        }
    }
    struct doc_block *t = doc_table(sec, proj_columns, 4);
    doc_header_words(t, proj_header);
    const enum pa_figure rows[] = {PA_SECONDS, PA_COST, PA_INPUT, PA_OUTPUT, PA_TOK_S, PA_REJECTED};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        enum pa_figure f = rows[i];
        struct doc_row *row = doc_row(t);
        doc_text(doc_cell(row, 0), figure_names[f]);
        doc_text(doc_cell(row, 1), figure_text(a, f, pa_get(&pa->total.planned, f), cur));
        doc_text(doc_cell(row, 2), figure_text(b, f, pa_get(&pa->projected, f), cur));
        doc_text(doc_cell(row, 3), calib_fmt_deviation(c, pa_get(&pa->projected_deviation, f)));
    }
    if (!(pa->budget_one_off > 0 || pa->budget_horizon > 0 || pa->deadline_s > 0 ||
          !isnan(pa->deadline_at_s)))
        return;
    struct doc_block *checks = doc_list(sec);
    if (pa->budget_one_off > 0) {
        struct doc_inline *item = doc_item(checks, 0);
        doc_textf(item,
                  "budget one_off %s: the plan's one-off costs with the projected "
                  "generation come to %s",
                  calib_fmt_money(a, cur, pa->budget_one_off),
                  calib_fmt_money(b, cur, pa->projected_one_off));
        doc_text(pa->over_one_off ? doc_strong(item) : item,
                 pa->over_one_off ? ": over budget" : ": within");
    }
    if (pa->budget_horizon > 0) {
        struct doc_inline *item = doc_item(checks, 0);
        doc_textf(item, "budget horizon %s: projected %s",
                  calib_fmt_money(a, cur, pa->budget_horizon),
                  calib_fmt_money(b, cur, pa->projected_horizon));
        doc_text(pa->over_horizon ? doc_strong(item) : item,
                 pa->over_horizon ? ": over budget" : ": within");
    }
    if (pa->deadline_s > 0) {
        struct doc_inline *item = doc_item(checks, 0);
        doc_textf(item, "deadline %s from the first request: projected %s",
                  calib_fmt_duration(a, pa->deadline_s),
                  calib_fmt_duration(b, pa->projected.seconds));
        doc_text(pa->over_deadline ? doc_strong(item) : item,
                 pa->over_deadline ? ": missed" : ": met");
    }
    if (!isnan(pa->deadline_at_s)) {
        struct doc_inline *item = doc_item(checks, 0);
        timestamp_format(pa->deadline_at_s, when, sizeof when);
        doc_textf(item, "deadline %s: ", when);
        if (isfinite(pa->finish_s)) {
            timestamp_format(pa->finish_s, when, sizeof when);
            doc_textf(item, "projected finish %s", when);
        } else {
            doc_text(item, "no projected finish");
        }
        doc_text(pa->over_deadline_at ? doc_strong(item) : item,
                 pa->over_deadline_at ? ": missed" : ": met");
    }
}

void actual_view_doc(const struct actual_view *v, struct doc *d)
{
    const struct plan_actual *pa = v->pa;
    const struct scenario *s = v->scenario;
    struct doc_block *title = doc_section(&d->body, 1, NULL);
    doc_user(&title->heading, s->name);
    doc_text(&title->heading, ": plan against actual");
    struct doc_inline *p = doc_paragraph(title);
    doc_text(p, "Scenario: ");
    doc_user(p, s->file);
    calib_doc_log_line(doc_paragraph(title), v->log, v->log_name);

    struct doc_block *sec = doc_section(title, 2, "generation");
    if (s->generation.teacher) {
        doc_text(&sec->heading, " with ");
        doc_user(&sec->heading, s->generation.teacher);
    }
    progress_paragraph(v, sec);
    figures_table(v, &pa->total, sec);
    struct doc_block *notes = doc_list(sec);
    doc_text(doc_item(notes, 0),
             "plan at the progress: the plan for the whole job times the share of its calls "
             "done (a rate as planned); vs plan: actual against it");
    if (pa->hourly_per_s > 0)
        doc_text(doc_item(notes, 0), "dedicated backends cost their instance-hours since the "
                                     "first request, with their provisioning");
    if (pa->unpriced)
        doc_textf(doc_item(notes, 0),
                  "%zu record%s of deployments mapped to no backend had no spend: not in the cost",
                  pa->unpriced, pa->unpriced == 1 ? "" : "s");
    if (pa->has_kinds) {
        doc_gap(sec);
        kinds_table(pa, sec);
        doc_textf(doc_paragraph(sec), "calls told apart by: %s; sizes are tokens a call",
                  calib_rule_name(pa->rule));
    }
    for (size_t k = 0; k < pa->nbackends; k++) {
        const struct pa_group *g = &pa->backends[k];
        struct doc_block *sub = doc_section(sec, 3, NULL);
        doc_user(&sub->heading, g->name);
        doc_text(&sub->heading, g->dedicated ? " (dedicated)" : " (serverless)");
        struct doc_inline *dl = doc_paragraph(sub);
        doc_text(dl, "deployments: ");
        deployment_names(v, g->backend, dl);
        figures_table(v, g, sub);
    }
    if (pa->has_unmatched) {
        struct doc_block *sub = doc_section(sec, 3, "deployments mapped to no backend");
        struct doc_inline *dl = doc_paragraph(sub);
        deployment_names(v, CALIB_NO_BACKEND, dl);
        doc_text(dl, " (name them with --map DEPLOYMENT=BACKEND); other calls, such as "
                     "embeddings, are here too");
        figures_table(v, &pa->unmatched, sub);
    }
    projection_section(v, title);
}

/* ---- JSON ---- */

/* A figure in the JSON's units: hours for a time, else as it is. */
static double json_value(enum pa_figure f, double v)
{
    return f == PA_SECONDS ? v / HOUR_S : v;
}

static cJSON *figures_json(const struct pa_figures *fig, int deviation)
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < PA_NFIGURES; k++) {
        double v = pa_get(fig, (enum pa_figure)k);
        json_add_number(o, pa_key((enum pa_figure)k),
                        deviation ? v : json_value((enum pa_figure)k, v));
    }
    return o;
}

static cJSON *group_json(const struct actual_view *v, const struct pa_group *g, int named)
{
    cJSON *o = cJSON_CreateObject();
    if (named) {
        if (g->name)
            cJSON_AddStringToObject(o, "name", g->name);
        else
            cJSON_AddNullToObject(o, "name");
        if (g->backend != CALIB_NO_BACKEND)
            cJSON_AddStringToObject(o, "type", g->dedicated ? "dedicated" : "serverless");
        cJSON *deps = cJSON_AddArrayToObject(o, "deployments");
        for (size_t i = 0; i < v->map->n; i++)
            if (v->map->items[i].backend == g->backend)
                cJSON_AddItemToArray(deps, cJSON_CreateString(v->map->items[i].deployment));
    }
    cJSON_AddItemToObject(o, "planned", figures_json(&g->planned, 0));
    cJSON_AddItemToObject(o, "expected", figures_json(&g->expected, 0));
    cJSON_AddItemToObject(o, "actual", figures_json(&g->actual, 0));
    cJSON_AddItemToObject(o, "deviation", figures_json(&g->deviation, 1));
    return o;
}

static cJSON *kind_json(const struct pa_kind *k)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "planned_calls", k->planned_calls);
    json_add_number(o, "calls", k->calls);
    json_add_number(o, "planned_prompt_tokens", k->planned_prompt);
    json_add_number(o, "prompt_tokens", k->prompt);
    json_add_number(o, "prompt_deviation", k->prompt_deviation);
    json_add_number(o, "planned_output_tokens", k->planned_output);
    json_add_number(o, "output_tokens", k->output);
    json_add_number(o, "output_deviation", k->output_deviation);
    return o;
}

static cJSON *check_json(double plan, double projected, double limit, int over)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "plan", plan);
    json_add_number(o, "projected", projected);
    json_add_number(o, "budget", limit);
    cJSON_AddBoolToObject(o, "over", over);
    return o;
}

cJSON *actual_view_json(const struct actual_view *v)
{
    const struct plan_actual *pa = v->pa;
    const struct projection *pj = &pa->projection;
    const struct scenario *s = v->scenario;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "raftcost_actual", 1);
    cJSON *sc = cJSON_AddObjectToObject(root, "scenario");
    cJSON_AddStringToObject(sc, "name", s->name);
    cJSON_AddStringToObject(sc, "file", s->file);
    cJSON_AddStringToObject(root, "currency", s->currency);
    cJSON *log = calib_json_log(v->log, v->log_name);
    cJSON_AddNumberToObject(log, "left_out_after_now", (double)v->dropped);
    cJSON_AddItemToObject(root, "log", log);

    cJSON *actual = cJSON_AddObjectToObject(root, "actual");
    json_add_time(actual, "now", pa->now_s);
    json_add_time(actual, "first_request", pa->first_start_s);
    cJSON *prog = cJSON_AddObjectToObject(actual, "progress");
    json_add_number(prog, "planned_requests", pa->planned_requests);
    json_add_number(prog, "done_requests", pa->done);
    json_add_number(prog, "fraction", pa->fraction);
    cJSON_AddBoolToObject(prog, "finished", pa->finished);
    json_add_number(prog, "hours", pa->total.actual.seconds / HOUR_S);

    cJSON *phases = cJSON_AddObjectToObject(actual, "phases");
    cJSON *gen = group_json(v, &pa->total, 0);
    cJSON_AddItemToObject(phases, "generation", gen);
    if (pa->has_kinds) {
        cJSON *calls = cJSON_AddObjectToObject(gen, "calls");
        cJSON_AddStringToObject(calls, "rule", calib_rule_name(pa->rule));
        cJSON_AddItemToObject(calls, "question", kind_json(&pa->question));
        cJSON_AddItemToObject(calls, "answer", kind_json(&pa->answer));
    }
    cJSON *backends = cJSON_AddArrayToObject(gen, "backends");
    for (size_t k = 0; k < pa->nbackends; k++)
        cJSON_AddItemToArray(backends, group_json(v, &pa->backends[k], 1));
    if (pa->has_unmatched)
        cJSON_AddItemToObject(gen, "unmatched", group_json(v, &pa->unmatched, 1));
    json_add_number(gen, "unpriced_records", (double)pa->unpriced);

    cJSON *proj = cJSON_AddObjectToObject(actual, "projection");
    json_add_number(proj, "hours", pa->projected.seconds / HOUR_S);
    json_add_number(proj, "cost", pa->projected.cost);
    json_add_time(proj, "finish", pa->finish_s);
    json_add_number(proj, "remaining_hours", pj->remaining_s / HOUR_S);
    cJSON_AddBoolToObject(proj, "stalled", isinf(pj->remaining_s));
    json_add_number(proj, "window_hours", pj->window_s / HOUR_S);
    json_add_number(proj, "requests_per_hour", pj->rate_per_s * HOUR_S);
    json_add_number(proj, "input_tokens", pa->projected.input_tokens);
    json_add_number(proj, "output_tokens", pa->projected.output_tokens);
    json_add_number(proj, "rejected", pa->projected.rejected);
    cJSON *dev = cJSON_AddObjectToObject(proj, "deviation");
    json_add_number(dev, "hours", pa->projected_deviation.seconds);
    json_add_number(dev, "cost", pa->projected_deviation.cost);
    json_add_number(dev, "input_tokens", pa->projected_deviation.input_tokens);
    json_add_number(dev, "output_tokens", pa->projected_deviation.output_tokens);

    cJSON *checks = cJSON_AddObjectToObject(actual, "checks");
    if (pa->budget_one_off > 0)
        cJSON_AddItemToObject(checks, "one_off",
                              check_json(pa->plan_one_off, pa->projected_one_off,
                                         pa->budget_one_off, pa->over_one_off));
    if (pa->budget_horizon > 0)
        cJSON_AddItemToObject(checks, "horizon",
                              check_json(pa->plan_horizon, pa->projected_horizon,
                                         pa->budget_horizon, pa->over_horizon));
    if (pa->deadline_s > 0) {
        cJSON *o = cJSON_AddObjectToObject(checks, "deadline");
        json_add_number(o, "hours", pa->deadline_s / HOUR_S);
        json_add_number(o, "projected_hours", pa->projected.seconds / HOUR_S);
        cJSON_AddBoolToObject(o, "over", pa->over_deadline);
    }
    if (!isnan(pa->deadline_at_s)) {
        cJSON *o = cJSON_AddObjectToObject(checks, "deadline_at");
        json_add_time(o, "time", pa->deadline_at_s);
        json_add_time(o, "projected_finish", pa->finish_s);
        cJSON_AddBoolToObject(o, "over", pa->over_deadline_at);
    }
    cJSON_AddBoolToObject(checks, "over", pa->over);
    return root;
}

/* ---- CSV ---- */

static const char *csv_unit(enum pa_figure f, const char *currency)
{
    switch (f) {
    case PA_REQUESTS:
    case PA_REJECTED:
        return "calls";
    case PA_INPUT:
    case PA_OUTPUT:
        return "tokens";
    case PA_COST:
        return currency;
    case PA_SECONDS:
        return "h";
    case PA_TOK_S:
    case PA_NFIGURES:
        break;
    }
    return "tok/s";
}

static void csv_number(struct strbuf *out, double v, int last)
{
    char buf[40];
    if (isfinite(v))
        snprintf(buf, sizeof buf, "%.10g", v);
    else
        buf[0] = '\0';
    render_csv_number(out, buf, last);
}

static void csv_group(struct strbuf *out, const char *group, const char *name,
                      const struct pa_group *g, const char *currency)
{
    for (int k = 0; k < PA_NFIGURES; k++) {
        enum pa_figure f = (enum pa_figure)k;
        render_csv_text(out, group, 0);
        render_csv_text(out, name, 0);
        render_csv_text(out, pa_key(f), 0);
        render_csv_text(out, csv_unit(f, currency), 0);
        csv_number(out, json_value(f, pa_get(&g->planned, f)), 0);
        csv_number(out, json_value(f, pa_get(&g->expected, f)), 0);
        csv_number(out, json_value(f, pa_get(&g->actual, f)), 0);
        csv_number(out, pa_get(&g->deviation, f), 1);
    }
}

void actual_view_csv(const struct actual_view *v, struct strbuf *out)
{
    const struct plan_actual *pa = v->pa;
    const char *cur = v->scenario->currency;
    strbuf_puts(out, "group,name,figure,unit,planned,plan_at_progress,actual,deviation\n");
    csv_group(out, "generation", "", &pa->total, cur);
    for (size_t k = 0; k < pa->nbackends; k++)
        csv_group(out, "backend", pa->backends[k].name, &pa->backends[k], cur);
    if (pa->has_unmatched)
        csv_group(out, "unmatched", "", &pa->unmatched, cur);
    /* The projection: the plan, nothing at the progress, the projected figure. */
    for (int k = 0; k < PA_NFIGURES; k++) {
        enum pa_figure f = (enum pa_figure)k;
        render_csv_text(out, "projection", 0);
        render_csv_text(out, "", 0);
        render_csv_text(out, pa_key(f), 0);
        render_csv_text(out, csv_unit(f, cur), 0);
        csv_number(out, json_value(f, pa_get(&pa->total.planned, f)), 0);
        render_csv_number(out, "", 0);
        csv_number(out, json_value(f, pa_get(&pa->projected, f)), 0);
        csv_number(out, pa_get(&pa->projected_deviation, f), 1);
    }
    render_csv_text(out, "progress", 0);
    render_csv_text(out, "", 0);
    render_csv_text(out, "fraction", 0);
    render_csv_text(out, "share", 0);
    csv_number(out, 1, 0);
    render_csv_number(out, "", 0);
    csv_number(out, pa->fraction, 0);
    render_csv_number(out, "", 1);
}
