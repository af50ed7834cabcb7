/*
 * calibrate: the calibration of a plan from a pilot's log (see calibrate.h
 * and docs/calibration.md): token statistics per call kind, and per
 * deployment the time to first token, the per-stream decode speed and its
 * dependence on concurrency, and the shares of 429s and failures.
 */
#include "calibrate.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static struct calib_stat stat_of(const double *x, size_t n)
{
    struct calib_stat s = {n, NAN, NAN};
    if (n >= 1)
        s.mean = gsl_stats_mean(x, 1, n);
    if (n >= 2)
        s.sd = gsl_stats_sd_m(x, 1, n, s.mean);
    return s;
}

/* Sorts x in place and returns its p-quantile (GSL's interpolation); NaN for none. */
static double quantile(double *x, size_t n, double p)
{
    if (n == 0)
        return NAN;
    gsl_sort(x, 1, n);
    return gsl_stats_quantile_from_sorted_data(x, 1, n, p);
}

/* The standard normal's 95th percentile: a two-sided 90% interval. */
#define Z95 1.6448536269514722

size_t calib_median_rank(size_t n)
{
    if (n < 2)
        return 0;
    /* The number of values below the median is binomial (n, 1/2): about normal, sd sqrt(n) / 2. */
    double l = floor(((double)n + 1) / 2 - Z95 * sqrt((double)n) / 2);
    return l < 1 ? 1 : (size_t)l;
}

/* The 90% interval of the median of sorted x[0..n): x(l) and x(n + 1 - l); NaN below 2 values. */
static void median_interval(const double *x, size_t n, double *lo, double *hi)
{
    size_t k = calib_median_rank(n);
    *lo = k ? x[k - 1] : NAN;
    *hi = k ? x[n - k] : NAN;
}

/* The most intervals [start, end) in progress at once; a tie of an end and a start is no overlap.
 */
static size_t peak_overlap(double *start, double *end, size_t n)
{
    gsl_sort(start, 1, n);
    gsl_sort(end, 1, n);
    size_t now = 0, peak = 0, j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < n && end[j] <= start[i]) {
            j++;
            now--;
        }
        if (++now > peak)
            peak = now;
    }
    return peak;
}

static void calls_of(const struct usage_log *log, const struct calib_kinds *kinds,
                     enum calib_kind kind, struct calib_calls *out, double *prompt, double *output)
{
    size_t n = 0;
    for (size_t i = 0; i < log->n; i++)
        if (kinds->kind[i] == kind) {
            prompt[n] = log->records[i].prompt_tokens;
            output[n] = log->records[i].completion_tokens;
            n++;
        }
    out->n = n;
    out->prompt_tokens = stat_of(prompt, n);
    out->output_tokens = stat_of(output, n);
}

/* The number of values in sorted x[0..n) that are <= t. */
static size_t count_at_most(const double *x, size_t n, double t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * The integral up to t of the number of intervals in progress:
 * sum over starts <= t of (t - start) minus sum over ends <= t of (t - end),
 * with prefix sums of the sorted starts and ends.
 */
static double in_flight_integral(const double *s, const double *s_sum, const double *e,
                                 const double *e_sum, size_t n, double t)
{
    size_t ns = count_at_most(s, n, t), ne = count_at_most(e, n, t);
    return (t * (double)ns - s_sum[ns]) - (t * (double)ne - e_sum[ne]);
}

void calib_concurrency(const double *start, const double *end, size_t n, const double *from,
                       const double *to, size_t m, double *concurrency)
{
    if (n == 0) {
        for (size_t i = 0; i < m; i++)
            concurrency[i] = 0;
        return;
    }
    /* Times relative to the earliest start keep the products below exact enough. */
    double t0 = start[0];
    for (size_t j = 1; j < n; j++)
        if (start[j] < t0)
            t0 = start[j];
    double *s = xmalloc(n * sizeof *s), *e = xmalloc(n * sizeof *e);
    double *s_sum = xmalloc((n + 1) * sizeof *s_sum), *e_sum = xmalloc((n + 1) * sizeof *e_sum);
    for (size_t j = 0; j < n; j++) {
        s[j] = start[j] - t0;
        e[j] = end[j] - t0;
    }
    gsl_sort(s, 1, n);
    gsl_sort(e, 1, n);
    s_sum[0] = e_sum[0] = 0;
    for (size_t j = 0; j < n; j++) {
        s_sum[j + 1] = s_sum[j] + s[j];
        e_sum[j + 1] = e_sum[j] + e[j];
    }
    for (size_t i = 0; i < m; i++) {
        double a = from[i] - t0, b = to[i] - t0;
        if (!(b > a)) {
            concurrency[i] = NAN;
            continue;
        }
        concurrency[i] = (in_flight_integral(s, s_sum, e, e_sum, n, b) -
                          in_flight_integral(s, s_sum, e, e_sum, n, a)) /
                         (b - a);
    }
    free(s);
    free(e);
    free(s_sum);
    free(e_sum);
}

static struct calib_fit fit_line(const double *x, const double *y, size_t n)
{
    struct calib_fit f = {n, NAN, NAN, NAN};
    if (n < 3 || gsl_stats_variance(x, 1, n) <= 0)
        return f;
    double c0, c1, cov00, cov01, cov11, sumsq;
    gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    double tss = gsl_stats_tss(y, 1, n);
    f.intercept = c0;
    f.slope = c1;
    f.r2 = tss > 0 ? 1 - sumsq / tss : NAN;
    return f;
}

/* The length of the union of the intervals [start[j], end[j]], j < n. */
static double union_length(const double *start, const double *end, size_t n)
{
    if (n == 0)
        return 0;
    size_t *order = xmalloc(n * sizeof *order);
    gsl_sort_index(order, start, 1, n);
    double total = 0, from = start[order[0]], to = end[order[0]];
    for (size_t k = 1; k < n; k++) {
        size_t j = order[k];
        if (start[j] > to) {
            total += to - from;
            from = start[j];
            to = end[j];
        } else if (end[j] > to) {
            to = end[j];
        }
    }
    free(order);
    return total + (to - from);
}

/* The figures of one deployment from the records at idx[0..n); span_s is the log's. */
static void deployment_of(const struct usage_log *log, const size_t *idx, size_t n, double span_s,
                          int keep_points, struct calib_deployment *d)
{
    double *ttft = xmalloc((n ? n : 1) * sizeof *ttft);
    double *speed = xmalloc((n ? n : 1) * sizeof *speed);
    double *from = xmalloc((n ? n : 1) * sizeof *from), *to = xmalloc((n ? n : 1) * sizeof *to);
    double *start = xmalloc((n ? n : 1) * sizeof *start), *end = xmalloc((n ? n : 1) * sizeof *end);
    double *conc = xmalloc((n ? n : 1) * sizeof *conc);
    size_t nt = 0, ns = 0, nf = 0;
    for (size_t k = 0; k < n; k++) {
        const struct usage_record *r = &log->records[idx[k]];
        d->requests++;
        if (r->status == USAGE_RATE_LIMITED)
            d->rate_limited++;
        else if (r->status == USAGE_FAILED)
            d->failed++;
        if (r->status != USAGE_OK)
            continue;
        d->succeeded++;
        d->output_tokens += r->completion_tokens;
        if (!isnan(r->first_token_s))
            ttft[nt++] = r->first_token_s - r->start_s;
        if (isnan(r->end_s))
            continue;
        start[nf] = r->start_s;
        end[nf] = r->end_s;
        nf++;
        /* Decode speed over first token..end, or start..end without a first token. */
        double from_s = isnan(r->first_token_s) ? r->start_s : r->first_token_s;
        if (r->completion_tokens == 0 || !(r->end_s > from_s))
            continue;
        speed[ns] = r->completion_tokens / (r->end_s - from_s);
        from[ns] = from_s;
        to[ns] = r->end_s;
        d->stream_from_start_n += isnan(r->first_token_s);
        ns++;
    }
    d->rate_limited_share = d->requests ? (double)d->rate_limited / (double)d->requests : NAN;
    d->failed_share = d->requests ? (double)d->failed / (double)d->requests : NAN;
    d->ttft_n = nt;
    d->ttft_p50_s = quantile(ttft, nt, 0.5);
    d->ttft_p90_s = quantile(ttft, nt, 0.9);
    median_interval(ttft, nt, &d->ttft_lo90_s, &d->ttft_hi90_s); /* sorted by quantile */
    d->stream_n = ns;
    calib_concurrency(start, end, nf, from, to, ns, conc);
    d->concurrency_mean = ns ? gsl_stats_mean(conc, 1, ns) : NAN;
    d->concurrency_max = ns ? gsl_stats_max(conc, 1, ns) : NAN;
    d->stream_vs_concurrency = fit_line(conc, speed, ns);
    if (keep_points && ns) {
        d->points = xmalloc(ns * sizeof *d->points);
        d->npoints = ns;
        for (size_t k = 0; k < ns; k++)
            d->points[k] = (struct calib_point){conc[k], speed[k]};
    }
    d->busy_s = union_length(start, end, nf);
    d->busy_tok_s = d->busy_s > 0 ? d->output_tokens / d->busy_s : NAN;
    d->effective_tok_s = span_s > 0 ? d->output_tokens / span_s : NAN;
    d->stream_p50_tok_s = quantile(speed, ns, 0.5);
    d->stream_p90_tok_s = quantile(speed, ns, 0.9);
    median_interval(speed, ns, &d->stream_lo90_tok_s, &d->stream_hi90_tok_s);
    free(ttft);
    free(speed);
    free(from);
    free(to);
    free(start);
    free(end);
    free(conc);
}

int calibrate(const struct usage_log *log, const struct calib_options *options,
              struct calibration *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    size_t ok = 0;
    for (size_t i = 0; i < log->n; i++)
        ok += log->records[i].status == USAGE_OK && log->records[i].kind != USAGE_KIND_OTHER;
    if (ok == 0) {
        diag_set(d, log->file, NULL, 0, 0, 0,
                 "the log has no successful completion call to calibrate from");
        return -1;
    }
    calib_classify(log, options ? options->questions_per_chunk : 0, &out->kinds);
    double *prompt = xmalloc(log->n * sizeof *prompt), *output = xmalloc(log->n * sizeof *output);
    calls_of(log, &out->kinds, CALIB_QUESTION, &out->question, prompt, output);
    calls_of(log, &out->kinds, CALIB_ANSWER, &out->answer, prompt, output);
    free(prompt);
    free(output);
    out->answers_per_question =
        out->question.n ? (double)out->answer.n / (double)out->question.n : NAN;

    /* The span of the completion calls: the first start to the last end. */
    out->first_start_s = out->last_end_s = NAN;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (r->kind == USAGE_KIND_OTHER)
            continue;
        double t = isnan(r->end_s) ? r->start_s : r->end_s;
        if (!isnan(r->start_s) && !(r->start_s >= out->first_start_s))
            out->first_start_s = r->start_s;
        if (!isnan(t) && !(t <= out->last_end_s))
            out->last_end_s = t;
    }
    out->span_s = out->last_end_s > out->first_start_s ? out->last_end_s - out->first_start_s : 0;

    /* The pilot's concurrency: completion attempts in flight at once. */
    double *starts = xmalloc((log->n ? log->n : 1) * sizeof *starts);
    double *ends = xmalloc((log->n ? log->n : 1) * sizeof *ends);
    size_t timed = 0;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (r->kind == USAGE_KIND_OTHER || isnan(r->start_s) || !(r->end_s > r->start_s))
            continue;
        starts[timed] = r->start_s;
        ends[timed++] = r->end_s;
    }
    out->peak_in_flight = peak_overlap(starts, ends, timed);
    free(starts);
    free(ends);

    /* Group the completion calls by deployment, in order of first appearance. */
    size_t *slot = xmalloc((log->nstrings ? log->nstrings : 1) * sizeof *slot);
    for (size_t s = 0; s < log->nstrings; s++)
        slot[s] = SIZE_MAX;
    size_t *count = xcalloc(log->nstrings ? log->nstrings : 1, sizeof *count);
    size_t nd = 0;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (r->kind == USAGE_KIND_OTHER || r->deployment == USAGE_NONE)
            continue;
        if (slot[r->deployment] == SIZE_MAX)
            slot[r->deployment] = nd++;
        count[slot[r->deployment]]++;
    }
    size_t *first = xcalloc(nd + 1, sizeof *first);
    for (size_t k = 0; k < nd; k++)
        first[k + 1] = first[k] + count[k];
    size_t *idx = xmalloc((first[nd] ? first[nd] : 1) * sizeof *idx);
    size_t *fill = xcalloc(nd ? nd : 1, sizeof *fill);
    out->deployments = xcalloc(nd ? nd : 1, sizeof *out->deployments);
    out->ndeployments = nd;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (r->kind == USAGE_KIND_OTHER || r->deployment == USAGE_NONE)
            continue;
        size_t k = slot[r->deployment];
        if (fill[k] == 0)
            out->deployments[k].name = usage_log_str(log, r->deployment);
        idx[first[k] + fill[k]++] = i;
    }
    for (size_t k = 0; k < nd; k++)
        deployment_of(log, idx + first[k], count[k], out->span_s,
                      options ? options->keep_points : 0, &out->deployments[k]);
    free(slot);
    free(count);
    free(first);
    free(idx);
    free(fill);
    return 0;
}

void calibration_release(struct calibration *cal)
{
    if (!cal)
        return;
    calib_kinds_release(&cal->kinds);
    for (size_t k = 0; k < cal->ndeployments; k++)
        free(cal->deployments[k].points);
    free(cal->deployments);
    memset(cal, 0, sizeof *cal);
}
