/*
 * calib_actual: what a job has done so far (tokens, requests, spend, time,
 * throughput, 429s, per deployment and in total) and, for a job still
 * running, where it will end at the rate it shows now.  See calibrate.h
 * and docs/calibration.md for the definitions.
 *
 * A record's time is its end, or its start when the log has no end (Batch
 * API output); a record with neither is counted but has no time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "util.h"

static int is_call(const struct usage_record *r)
{
    return r->status == USAGE_OK && r->kind != USAGE_KIND_OTHER;
}

static double time_of(const struct usage_record *r)
{
    return isnan(r->end_s) ? r->start_s : r->end_s;
}

static void group_init(struct actual_group *g, const char *name, int has_spend)
{
    memset(g, 0, sizeof *g);
    g->name = name;
    g->spend = has_spend ? 0 : NAN;
    g->first_start_s = g->last_end_s = NAN;
}

static void group_add(struct actual_group *g, const struct usage_record *r)
{
    if (r->kind == USAGE_KIND_OTHER) {
        g->other++;
    } else {
        g->requests++;
        g->succeeded += r->status == USAGE_OK;
        g->rate_limited += r->status == USAGE_RATE_LIMITED;
        g->failed += r->status == USAGE_FAILED;
        if (r->status == USAGE_OK) {
            g->input_tokens += r->prompt_tokens;
            g->output_tokens += r->completion_tokens;
        }
    }
    if (!isnan(r->spend))
        g->spend += r->spend;
    if (!isnan(r->start_s) && !(r->start_s >= g->first_start_s))
        g->first_start_s = r->start_s;
    double t = time_of(r);
    if (!isnan(t) && !(t <= g->last_end_s))
        g->last_end_s = t;
}

static void group_finish(struct actual_group *g)
{
    g->elapsed_s = g->last_end_s - g->first_start_s;
    g->output_tok_s = g->elapsed_s > 0 ? g->output_tokens / g->elapsed_s : NAN;
    g->requests_per_h = g->elapsed_s > 0 ? (double)g->succeeded / (g->elapsed_s / 3600) : NAN;
}

void actual_compute(const struct usage_log *log, struct actual *out)
{
    memset(out, 0, sizeof *out);
    group_init(&out->total, NULL, log->has_spend);
    size_t *slot = xmalloc((log->nstrings ? log->nstrings : 1) * sizeof *slot);
    for (size_t s = 0; s < log->nstrings; s++)
        slot[s] = SIZE_MAX;
    out->deployments = xmalloc((log->nstrings ? log->nstrings : 1) * sizeof *out->deployments);
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        group_add(&out->total, r);
        if (r->deployment == USAGE_NONE)
            continue;
        if (slot[r->deployment] == SIZE_MAX) {
            slot[r->deployment] = out->ndeployments;
            group_init(&out->deployments[out->ndeployments++], usage_log_str(log, r->deployment),
                       log->has_spend);
        }
        group_add(&out->deployments[slot[r->deployment]], r);
    }
    group_finish(&out->total);
    for (size_t k = 0; k < out->ndeployments; k++)
        group_finish(&out->deployments[k]);
    free(slot);
}

void actual_release(struct actual *actual)
{
    if (!actual)
        return;
    free(actual->deployments);
    memset(actual, 0, sizeof *actual);
}

int actual_project(const struct usage_log *log, const struct projection_options *options,
                   struct projection *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    if (!(options->planned_requests > 0) || !isfinite(options->planned_requests)) {
        diag_plain(d, "the planned number of requests must be positive");
        return -1;
    }
    if (!(options->window_s >= 0)) {
        diag_plain(d, "the projection's window must be 0 (the whole run) or a positive time");
        return -1;
    }
    double first = NAN, last = NAN;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (!isnan(r->start_s) && !(r->start_s >= first))
            first = r->start_s;
        double t = time_of(r);
        if (!isnan(t) && !(t <= last))
            last = t;
    }
    if (isnan(first)) {
        diag_set(d, log->file, NULL, 0, 0, 0, "the log has no times to project from");
        return -1;
    }
    double now = isnan(options->now_s) ? last : options->now_s;
    if (now < first) {
        diag_plain(d, "the projection's time is before the log's first request");
        return -1;
    }
    double span = now - first;
    double window = options->window_s > 0 && options->window_s < span ? options->window_s : span;
    double done = 0, in_window = 0, last_done = first;
    double spend = 0, spend_window = 0, input = 0, output = 0, input_window = 0, output_window = 0;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        double t = time_of(r);
        if (isnan(t) || t > now)
            continue;
        int windowed = t >= now - window;
        if (!isnan(r->spend)) {
            spend += r->spend;
            spend_window += windowed ? r->spend : 0;
        }
        if (!is_call(r))
            continue;
        done++;
        input += r->prompt_tokens;
        output += r->completion_tokens;
        if (t > last_done)
            last_done = t;
        if (windowed) {
            in_window++;
            input_window += r->prompt_tokens;
            output_window += r->completion_tokens;
        }
    }
    double planned = options->planned_requests;
    out->planned = planned;
    out->done = done;
    out->first_start_s = first;
    out->now_s = now;
    out->window_s = window;
    out->done_in_window = in_window;
    out->spend_so_far = log->has_spend ? spend : NAN;
    double remaining = planned - done;
    if (remaining <= 0) {
        out->finished = 1;
        out->fraction = 1;
        out->rate_per_s = window > 0 ? in_window / window : NAN;
        out->remaining_s = 0;
        out->finish_s = last_done;
        remaining = 0;
    } else {
        out->fraction = done / planned;
        out->rate_per_s = window > 0 ? in_window / window : NAN;
        out->remaining_s = out->rate_per_s > 0 ? remaining / out->rate_per_s : INFINITY;
        out->finish_s = now + out->remaining_s;
    }
    out->total_s = out->finish_s - first;
    out->spend_per_request = log->has_spend && in_window > 0 ? spend_window / in_window : NAN;
    out->input_per_request = in_window > 0 ? input_window / in_window : NAN;
    out->output_per_request = in_window > 0 ? output_window / in_window : NAN;
    out->projected_spend =
        remaining == 0 ? out->spend_so_far : out->spend_so_far + remaining * out->spend_per_request;
    out->projected_input_tokens =
        remaining == 0 ? input : input + remaining * out->input_per_request;
    out->projected_output_tokens =
        remaining == 0 ? output : output + remaining * out->output_per_request;
    return 0;
}
