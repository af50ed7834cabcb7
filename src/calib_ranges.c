/*
 * calib_ranges: the calibrated variant's `simulation` and `ranges` blocks
 * (calibrate_out_internal.h; docs/calibration.md, "Ranges from the
 * pilot's spread").  A range is written for a value the variant sets, from
 * the spread the pilot shows of the statistic behind it:
 *
 *   a mean m of n calls with standard deviation sd (token counts): the
 *     90% interval of the mean, m +- 1.6449 sd / sqrt(n);
 *   a median (per-stream speed, time to first token): the order statistics
 *     x(l) .. x(n + 1 - l) of the calls (calib_median_rank);
 *   a delivered throughput: itself times the stream's interval over the
 *     stream's p50.
 *
 * Each is written `LOW..HIGH`, a 90% interval in the scenario's range
 * syntax (a lognormal with those 5% and 95% points); an interval of no
 * width is the value alone (a constant); a value from fewer than two calls,
 * or whose interval reaches zero, gets a comment instead.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "calibrate_out_internal.h"
#include "util.h"

#define Z95 1.6448536269514722

/* Prompt and output tokens of the log's successful completion calls. */
static void all_calls(const struct usage_log *log, struct calib_stat *prompt,
                      struct calib_stat *output)
{
    double *p = xmalloc((log->n ? log->n : 1) * sizeof *p);
    double *o = xmalloc((log->n ? log->n : 1) * sizeof *o);
    size_t n = 0;
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (r->status != USAGE_OK || r->kind == USAGE_KIND_OTHER)
            continue;
        p[n] = r->prompt_tokens;
        o[n++] = r->completion_tokens;
    }
    *prompt = (struct calib_stat){n, NAN, NAN};
    *output = (struct calib_stat){n, NAN, NAN};
    if (n >= 1) {
        prompt->mean = gsl_stats_mean(p, 1, n);
        output->mean = gsl_stats_mean(o, 1, n);
    }
    if (n >= 2) {
        prompt->sd = gsl_stats_sd_m(p, 1, n, prompt->mean);
        output->sd = gsl_stats_sd_m(o, 1, n, output->mean);
    }
    free(p);
    free(o);
}

/* ---- simulation ---- */

void calib_out_simulation(const struct calibration *cal, const struct usage_log *log,
                          const struct calib_out_backend *backends, size_t nbackends,
                          const char *source, struct strbuf *out)
{
    char a[32], b[32], c[32];
    int streams = 0;
    for (size_t k = 0; k < nbackends; k++)
        streams |= (backends[k].keys & CALIB_KEY_STREAM) &&
                   cal->deployments[backends[k].deployment].stream_n > 0;
    strbuf_puts(out, "simulation:\n");
    if (streams)
        strbuf_puts(out, "  service: stream   # the simulation serves each backend above per "
                         "request at its stream, as the pilot measured it (its throughput is "
                         "what the pilot's workers got)\n");
    /* The output lengths' spread: the answer calls', else the question calls', else all. */
    struct calib_stat st = cal->answer.output_tokens, prompt;
    const char *what = "answer calls";
    if (cal->answer.n < 2) {
        st = cal->question.output_tokens;
        what = "question calls";
    }
    if (cal->answer.n < 2 && cal->question.n < 2) {
        all_calls(log, &prompt, &st);
        what = "successful calls";
    }
    if (st.n < 2 || !(st.mean > 0) || isnan(st.sd)) {
        strbuf_puts(out, "  # output_tokens: no spread: fewer than 2 calls to measure it\n");
    } else if (st.sd == 0) {
        strbuf_printf(out,
                      "  output_tokens:\n    dist: fixed   # every one of %zu %s has the same "
                      "output, %s\n",
                      st.n, what, source);
    } else {
        strbuf_printf(out,
                      "  output_tokens:\n    dist: lognormal   # the calls' output lengths vary "
                      "as the pilot's did\n    cv: %s%%   # sd / mean of the output of %zu %s "
                      "(%s / %s), %s\n",
                      calib_out_num(a, sizeof a, 100 * st.sd / st.mean, 1), st.n, what,
                      calib_out_num(b, sizeof b, st.sd, 1), calib_out_num(c, sizeof c, st.mean, 1),
                      source);
    }
    if (cal->peak_in_flight > 0)
        strbuf_printf(out,
                      "  # workers: the pilot had at most %zu %s in flight at once; the job's "
                      "client sets its own (simulation.workers)\n",
                      cal->peak_in_flight, cal->peak_in_flight == 1 ? "call" : "calls");
}

/* ---- ranges ---- */

/* The range of a mean: center +- Z95 se, se = sd / sqrt(n) (both scaled as the value is). */
static void mean_range(struct strbuf *out, const char *path, double center, double sd, size_t n,
                       const char *what, const char *source)
{
    char a[32], b[32], c[32], e[32];
    if (n < 2 || isnan(sd)) {
        strbuf_printf(out, "  # %s: no range: %zu %s, no spread to measure\n", path, n,
                      n == 1 ? "call" : "calls");
        return;
    }
    if (sd == 0) {
        strbuf_printf(out, "  %s: %s   # no spread in %zu calls: a constant (%s), %s\n", path,
                      calib_out_num(a, sizeof a, center, 2), n, what, source);
        return;
    }
    double se = sd / sqrt((double)n), lo = center - Z95 * se, hi = center + Z95 * se;
    if (strcmp(calib_out_num(a, sizeof a, lo, 2), calib_out_num(b, sizeof b, hi, 2)) == 0) {
        strbuf_printf(out,
                      "  %s: %s   # no spread to 2 decimals in %zu calls: a constant (%s), %s\n",
                      path, a, n, what, source);
        return;
    }
    if (!(lo > 0)) {
        strbuf_printf(out,
                      "  # %s: no range: the 90%% interval of the mean, %s +- %s, reaches 0 (too "
                      "few calls)\n",
                      path, calib_out_num(a, sizeof a, center, 2),
                      calib_out_num(b, sizeof b, Z95 * se, 2));
        return;
    }
    strbuf_printf(out, "  %s: %s..%s   # mean %s +- 1.6449 x sd %s / sqrt(%zu) (%s), %s\n", path,
                  calib_out_num(a, sizeof a, lo, 2), calib_out_num(b, sizeof b, hi, 2),
                  calib_out_num(c, sizeof c, center, 2), calib_out_num(e, sizeof e, sd, 2), n, what,
                  source);
}

/* The range of a median from its order statistics (calibrate.h), in unit. */
static void median_range(struct strbuf *out, const char *path, double lo, double hi, size_t n,
                         const char *unit, int decimals, const char *what, const char *source)
{
    char a[32], b[32];
    size_t l = calib_median_rank(n);
    if (!l || isnan(lo) || isnan(hi)) {
        strbuf_printf(out, "  # %s: no range: %zu %s, no spread to measure\n", path, n,
                      n == 1 ? "call" : "calls");
        return;
    }
    /* As written: ends that print alike are one value (times carry rounding). */
    if (strcmp(calib_out_num(a, sizeof a, lo, decimals),
               calib_out_num(b, sizeof b, hi, decimals)) == 0) {
        strbuf_printf(out,
                      "  %s: %s %s   # the p50's 90%% interval, calls %zu and %zu of %zu sorted by "
                      "%s, is one value: a constant, %s\n",
                      path, a, unit, l, n + 1 - l, n, what, source);
        return;
    }
    if (!(lo > 0)) {
        strbuf_printf(out, "  # %s: no range: its 90%% interval starts at 0\n", path);
        return;
    }
    strbuf_printf(out,
                  "  %s: %s..%s %s   # the p50's 90%% interval: calls %zu and %zu of %zu sorted "
                  "by %s, %s\n",
                  path, calib_out_num(a, sizeof a, lo, decimals),
                  calib_out_num(b, sizeof b, hi, decimals), unit, l, n + 1 - l, n, what, source);
}

static void dataset_ranges(const struct calibration *cal, const struct calib_out_options *o,
                           const char *source, struct strbuf *out)
{
    const struct calib_calls *q = &cal->question, *ans = &cal->answer;
    char what[160], c1[32], c2[32];
    int has_chunk = o->chunk_tokens > 0 && isfinite(o->chunk_tokens);
    double per_chunk =
        o->questions_per_chunk > 0 ? o->questions_per_chunk : cal->answers_per_question;
    int has_q = per_chunk > 0 && isfinite(per_chunk);
    /* The rounded question_tokens, as the value's line subtracts it (calibrate_out.c). */
    double qt = q->n && has_q ? fmax(round(q->output_tokens.mean / per_chunk), 1) : NAN;
    if (q->n && has_chunk && round(q->prompt_tokens.mean - o->chunk_tokens) > 0) {
        snprintf(what, sizeof what, "question calls' prompt - chunk_tokens %s",
                 calib_out_num(c1, sizeof c1, o->chunk_tokens, 1));
        mean_range(out, "generation.dataset.question_prompt_tokens",
                   q->prompt_tokens.mean - o->chunk_tokens, q->prompt_tokens.sd, q->n, what,
                   source);
    }
    if (ans->n && has_chunk && !isnan(qt) &&
        round(ans->prompt_tokens.mean - o->chunk_tokens - qt) > 0) {
        snprintf(what, sizeof what, "answer calls' prompt - chunk_tokens %s - question_tokens %s",
                 calib_out_num(c1, sizeof c1, o->chunk_tokens, 1),
                 calib_out_num(c2, sizeof c2, qt, 0));
        mean_range(out, "generation.dataset.answer_prompt_tokens",
                   ans->prompt_tokens.mean - o->chunk_tokens - qt, ans->prompt_tokens.sd, ans->n,
                   what, source);
    }
    if (!isnan(qt)) {
        snprintf(what, sizeof what, "question calls' output / %s questions",
                 calib_out_num(c1, sizeof c1, per_chunk, 2));
        mean_range(out, "generation.dataset.question_tokens", q->output_tokens.mean / per_chunk,
                   q->output_tokens.sd / per_chunk, q->n, what, source);
    }
    if (ans->n)
        mean_range(out, "generation.dataset.answer_tokens", ans->output_tokens.mean,
                   ans->output_tokens.sd, ans->n, "answer calls' output", source);
}

static void tokens_ranges(const struct usage_log *log, const struct calib_out_options *o,
                          const char *source, struct strbuf *out)
{
    struct calib_stat prompt, output;
    char what[160], c1[32];
    if (!(o->requests > 0 && isfinite(o->requests)))
        return;
    all_calls(log, &prompt, &output);
    if (prompt.n == 0)
        return;
    snprintf(what, sizeof what, "%s requests x the successful calls' mean prompt",
             calib_out_num(c1, sizeof c1, o->requests, 0));
    mean_range(out, "generation.tokens.input", o->requests * prompt.mean, o->requests * prompt.sd,
               prompt.n, what, source);
    snprintf(what, sizeof what, "%s requests x the successful calls' mean output",
             calib_out_num(c1, sizeof c1, o->requests, 0));
    mean_range(out, "generation.tokens.output", o->requests * output.mean, o->requests * output.sd,
               output.n, what, source);
}

static void backend_ranges(const struct calibration *cal, const struct calib_out_backend *b,
                           const char *source, struct strbuf *out)
{
    const struct calib_deployment *d = &cal->deployments[b->deployment];
    char path[300], what[160], c1[32], c2[32];
    if ((b->keys & CALIB_KEY_STREAM) && d->stream_n) {
        snprintf(path, sizeof path, "backends.%s.stream", b->name);
        median_range(out, path, d->stream_lo90_tok_s, d->stream_hi90_tok_s, d->stream_n, "tok/s", 2,
                     "speed", source);
    }
    if ((b->keys & CALIB_KEY_TTFT) && d->ttft_n) {
        snprintf(path, sizeof path, "backends.%s.ttft", b->name);
        median_range(out, path, d->ttft_lo90_s, d->ttft_hi90_s, d->ttft_n, "s", 3,
                     "time to first token", source);
    }
    int stream_range = !isnan(d->stream_lo90_tok_s) && d->stream_p50_tok_s > 0;
    if ((b->keys & CALIB_KEY_THROUGHPUT) && d->output_tokens > 0 && cal->span_s > 0 &&
        stream_range) {
        snprintf(path, sizeof path, "backends.%s.throughput", b->name);
        double lo = d->effective_tok_s * d->stream_lo90_tok_s / d->stream_p50_tok_s;
        double hi = d->effective_tok_s * d->stream_hi90_tok_s / d->stream_p50_tok_s;
        snprintf(what, sizeof what, "delivered %s tok/s x the stream's interval / its p50 %s",
                 calib_out_num(c1, sizeof c1, d->effective_tok_s, 2),
                 calib_out_num(c2, sizeof c2, d->stream_p50_tok_s, 2));
        calib_out_num(c1, sizeof c1, lo, 2);
        if (strcmp(c1, calib_out_num(c2, sizeof c2, hi, 2)) == 0)
            strbuf_printf(out, "  %s: %s tok/s   # %s: a constant, %s\n", path, c1, what, source);
        else
            strbuf_printf(out, "  %s: %s..%s tok/s   # %s, %s\n", path,
                          calib_out_num(c1, sizeof c1, lo, 2), calib_out_num(c2, sizeof c2, hi, 2),
                          what, source);
    }
}

void calib_out_ranges(const struct calibration *cal, const struct usage_log *log,
                      const struct calib_out_options *o, const struct calib_out_backend *backends,
                      size_t nbackends, const char *source, struct strbuf *out)
{
    struct strbuf body = STRBUF_INIT;
    if (o->no_dataset)
        tokens_ranges(log, o, source, &body);
    else
        dataset_ranges(cal, o, source, &body);
    for (size_t k = 0; k < nbackends; k++)
        backend_ranges(cal, &backends[k], source, &body);
    if (body.len) {
        strbuf_puts(out, "ranges:\n"
                         "  # From the pilot's spread: 90% intervals of what it measured (a mean's "
                         "m +- 1.6449 sd / sqrt(n),\n"
                         "  # a median's the calls' order statistics around it); each replaces "
                         "the scenario's own range\n"
                         "  # on its path (docs/calibration.md).\n");
        strbuf_add(out, body.buf, body.len);
    }
    strbuf_release(&body);
}
