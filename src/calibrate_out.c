/*
 * calibrate_out: see calibrate_out.h.  The YAML is written line by line
 * with two-space indentation; every value a plain number or a quantity
 * with its unit, every comment free of line breaks.
 */
#include "calibrate_out.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate_out_internal.h"
#include "json_out.h"
#include "timestamp.h"

/* v with at most `decimals` decimals, trailing zeros dropped: 14.2, 192. */
static const char *num(char *buf, size_t size, double v, int decimals)
{
    snprintf(buf, size, "%.*f", decimals, v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

const char *calib_out_num(char *buf, size_t size, double v, int decimals)
{
    return num(buf, size, v, decimals);
}

/* v rounded to a whole number, at least least (the dataset's keys are whole tokens). */
static double whole(double v, double least)
{
    double r = round(v);
    return r > least ? r : least;
}

/* Seconds with three significant digits: 0.61, 1.16, 12.3. */
static const char *secs(char *buf, size_t size, double v)
{
    if (v >= 100)
        return num(buf, size, v, 0);
    snprintf(buf, size, "%.3g", v);
    return buf;
}

/* A name in a comment: no line breaks or other control characters. */
static void put_clean(struct strbuf *out, const char *s)
{
    for (; *s; s++)
        strbuf_add(out, (unsigned char)*s < 0x20 || *s == 0x7f ? "?" : s, 1);
}

void calib_out_clean(struct strbuf *out, const char *s)
{
    put_clean(out, s);
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void write_dataset(const struct calibration *cal, const struct calib_out_options *o,
                          const char *source, struct strbuf *out)
{
    char a[32], b[32], c[32], e[32], f[32];
    const struct calib_calls *q = &cal->question, *ans = &cal->answer;
    int has_chunk = o->chunk_tokens > 0 && isfinite(o->chunk_tokens);
    double per_chunk =
        o->questions_per_chunk > 0 ? o->questions_per_chunk : cal->answers_per_question;
    int has_q = per_chunk > 0 && isfinite(per_chunk);
    strbuf_puts(out, "generation:\n  dataset:\n");
    if (has_chunk)
        strbuf_printf(out,
                      "    chunk_tokens: %s   # the scenario's: a log cannot tell a chunk from "
                      "the prompt's instructions\n",
                      num(a, sizeof a, o->chunk_tokens, 1));
    else
        strbuf_puts(out, "    # chunk_tokens: not in the scenario, so the prompts below are not "
                         "split into chunk and instructions\n");

    /* The keys are whole numbers of tokens: each value is rounded, and
     * question_tokens first, as answer_prompt_tokens subtracts it. */
    double question_tokens = NAN, question_exact = NAN;
    if (q->n && has_q) {
        question_exact = q->output_tokens.mean / per_chunk;
        question_tokens = whole(question_exact, 1);
    }

    if (q->n && has_chunk) {
        double v = whole(q->prompt_tokens.mean - o->chunk_tokens, 0);
        strbuf_printf(out,
                      "    question_prompt_tokens: %s   # mean prompt of %zu question %s (%s, sd "
                      "%s) - chunk_tokens %s%s, %s\n",
                      num(a, sizeof a, v, 0), q->n, plural(q->n, "call", "calls"),
                      num(b, sizeof b, q->prompt_tokens.mean, 1),
                      isnan(q->prompt_tokens.sd) ? "-" : num(c, sizeof c, q->prompt_tokens.sd, 1),
                      num(e, sizeof e, o->chunk_tokens, 1),
                      v > 0 ? "" : " (0 or below, written as 0: is chunk_tokens too large?)",
                      source);
    } else if (q->n) {
        strbuf_printf(out,
                      "    # question_prompt_tokens: question calls' mean prompt is %s tokens (%zu "
                      "calls), chunk included, %s\n",
                      num(a, sizeof a, q->prompt_tokens.mean, 1), q->n, source);
    } else {
        strbuf_puts(out, "    # question_prompt_tokens: not calibrated: no question calls told "
                         "apart\n");
    }

    if (ans->n && has_chunk && !isnan(question_tokens)) {
        double v = whole(ans->prompt_tokens.mean - o->chunk_tokens - question_tokens, 0);
        strbuf_printf(
            out,
            "    answer_prompt_tokens: %s   # mean prompt of %zu answer %s (%s, sd %s) "
            "- chunk_tokens %s - question_tokens %s%s, %s\n",
            num(a, sizeof a, v, 0), ans->n, plural(ans->n, "call", "calls"),
            num(b, sizeof b, ans->prompt_tokens.mean, 1),
            isnan(ans->prompt_tokens.sd) ? "-" : num(c, sizeof c, ans->prompt_tokens.sd, 1),
            num(e, sizeof e, o->chunk_tokens, 1), num(f, sizeof f, question_tokens, 0),
            v > 0 ? "" : " (0 or below, written as 0: is chunk_tokens too large?)", source);
    } else if (ans->n) {
        strbuf_printf(out,
                      "    # answer_prompt_tokens: answer calls' mean prompt is %s tokens (%zu "
                      "calls), chunk and question included, %s\n",
                      num(a, sizeof a, ans->prompt_tokens.mean, 1), ans->n, source);
    } else {
        strbuf_puts(out, "    # answer_prompt_tokens: not calibrated: no answer calls told "
                         "apart\n");
    }

    if (!isnan(question_tokens)) {
        strbuf_printf(out,
                      "    question_tokens: %s   # mean of %zu question %s' output / %s questions "
                      "(%s / %s",
                      num(a, sizeof a, question_tokens, 0), q->n, plural(q->n, "call", "calls"),
                      num(b, sizeof b, per_chunk, 2), num(c, sizeof c, q->output_tokens.mean, 1),
                      num(e, sizeof e, per_chunk, 2));
        if (fabs(question_exact - question_tokens) > 1e-9)
            strbuf_printf(out, " = %s, rounded", num(a, sizeof a, question_exact, 2));
        strbuf_printf(
            out, ", sd %s), %s\n",
            isnan(q->output_tokens.sd) ? "-" : num(f, sizeof f, q->output_tokens.sd / per_chunk, 2),
            source);
    } else {
        strbuf_puts(out, "    # question_tokens: not calibrated: no question calls, or no "
                         "questions per chunk\n");
    }

    if (ans->n)
        strbuf_printf(
            out, "    answer_tokens: %s   # mean output of %zu answer %s (%s, sd %s), %s\n",
            num(a, sizeof a, whole(ans->output_tokens.mean, 1), 0), ans->n,
            plural(ans->n, "call", "calls"), num(c, sizeof c, ans->output_tokens.mean, 1),
            isnan(ans->output_tokens.sd) ? "-" : num(b, sizeof b, ans->output_tokens.sd, 1),
            source);
    else
        strbuf_puts(out, "    # answer_tokens: not calibrated: no answer calls told apart\n");
    if (q->n && !(o->questions_per_chunk > 0))
        strbuf_printf(out,
                      "    # questions per chunk from the log: %s answer calls a question "
                      "call\n",
                      num(a, sizeof a, cal->answers_per_question, 2));
    else if (q->n && fabs(cal->answers_per_question - o->questions_per_chunk) > 1e-9)
        strbuf_printf(out,
                      "    # note: the log has %s answer calls a question call, the scenario %s "
                      "questions a chunk\n",
                      num(a, sizeof a, cal->answers_per_question, 2),
                      num(b, sizeof b, o->questions_per_chunk, 2));
}

/* The shares and the concurrency fit of a deployment, as comment lines. */
static void write_notes(const struct calib_deployment *d, const char *indent, struct strbuf *out)
{
    char a[32], b[32], c[32], e[32];
    strbuf_printf(out, "%s# failures other than 429s: %zu of %zu requests (%s%%)\n", indent,
                  d->failed, d->requests, num(b, sizeof b, 100 * d->failed_share, 1));
    const struct calib_fit *f = &d->stream_vs_concurrency;
    if (!isnan(f->slope))
        strbuf_printf(out,
                      "%s# per-stream speed = %s %s %s x concurrency tok/s (least squares over "
                      "%zu calls, R^2 %s; mean concurrency %s)\n",
                      indent, num(a, sizeof a, f->intercept, 2), f->slope < 0 ? "-" : "+",
                      num(b, sizeof b, fabs(f->slope), 3), f->n, num(c, sizeof c, f->r2, 2),
                      num(e, sizeof e, d->concurrency_mean, 2));
    else if (d->stream_n)
        strbuf_printf(out, "%s# concurrency: mean %s, max %s (too little spread for a fit)\n",
                      indent, num(a, sizeof a, d->concurrency_mean, 2),
                      num(b, sizeof b, d->concurrency_max, 2));
}

/* "1 min 29 s", "12 s", "2 h 5 min": a span for comments. */
static const char *span(char *buf, size_t size, double seconds)
{
    long s = lround(seconds);
    if (s < 60)
        snprintf(buf, size, "%.3g s", seconds);
    else if (s < 3600)
        snprintf(buf, size, "%ld min %ld s", s / 60, s % 60);
    else
        snprintf(buf, size, "%ld h %ld min", s / 3600, (s % 3600) / 60);
    return buf;
}

static void write_speeds(const struct calibration *cal, const struct calib_deployment *d,
                         const char *indent, const char *source, unsigned keys, const char *backend,
                         struct strbuf *out)
{
    char a[32], b[32], c[32];
    const char *hash = keys & CALIB_KEY_STREAM ? "" : "# ";
    if (d->stream_n)
        strbuf_printf(out,
                      "%s%sstream: %s tok/s   # p50 per-stream decode speed of %zu %s, %s, %s\n",
                      indent, hash, num(a, sizeof a, d->stream_p50_tok_s, 1), d->stream_n,
                      plural(d->stream_n, "call", "calls"),
                      d->stream_from_start_n == d->stream_n
                          ? "output / (end - start): no first-token times, so time to first "
                            "token included"
                      : d->stream_from_start_n
                          ? "output / (end - first token), or / (end - start) without one"
                          : "output / (end - first token)",
                      source);
    else
        strbuf_printf(out, "%s# stream: no timed successful call\n", indent);
    hash = keys & CALIB_KEY_TTFT ? "" : "# ";
    if (d->ttft_n)
        strbuf_printf(out, "%s%sttft: %s s   # p50 time to first token of %zu %s (p90 %s s), %s\n",
                      indent, hash, secs(a, sizeof a, d->ttft_p50_s), d->ttft_n,
                      plural(d->ttft_n, "call", "calls"), secs(b, sizeof b, d->ttft_p90_s), source);
    else
        strbuf_printf(out, "%s# ttft: the log has no first-token times\n", indent);
    hash = keys & CALIB_KEY_THROUGHPUT ? "" : "# ";
    if (d->output_tokens > 0 && cal->span_s > 0) {
        strbuf_printf(out,
                      "%s%sthroughput: %s tok/s   # delivered: %s output tokens of %zu %s over "
                      "the log's %s, with the pilot's workers",
                      indent, hash, num(a, sizeof a, d->effective_tok_s, 1),
                      num(b, sizeof b, d->output_tokens, 0), d->succeeded,
                      plural(d->succeeded, "call", "calls"), span(c, sizeof c, cal->span_s));
        if (!isnan(d->busy_tok_s))
            strbuf_printf(out, " (%s tok/s while busy)", num(a, sizeof a, d->busy_tok_s, 1));
        strbuf_printf(out, ", %s\n", source);
    } else {
        strbuf_printf(out, "%s# throughput: no output tokens over a span of time\n", indent);
    }
    hash = keys & CALIB_KEY_REJECTS ? "" : "# ";
    if (d->requests)
        strbuf_printf(out,
                      "%s%srejects: %s%%   # 429s: %zu of %zu requests, answered at random by the "
                      "simulation, %s\n",
                      indent, hash, num(a, sizeof a, 100 * d->rate_limited_share, 1),
                      d->rate_limited, d->requests, source);
    if (backend && keys != CALIB_KEYS_ALL) {
        strbuf_printf(out, "%s# not set (the scenario has no such key for '", indent);
        put_clean(out, backend);
        strbuf_puts(out, "'):");
        if (!(keys & CALIB_KEY_STREAM))
            strbuf_puts(out, " stream");
        if (!(keys & CALIB_KEY_TTFT))
            strbuf_puts(out, " ttft");
        if (!(keys & CALIB_KEY_THROUGHPUT))
            strbuf_puts(out, " throughput (a curve, or none)");
        if (!(keys & CALIB_KEY_REJECTS))
            strbuf_puts(out, " rejects");
        strbuf_puts(out, "\n");
    }
}

/* Without generation.dataset: the calls' sizes as comments, and the job's token totals. */
static void write_tokens(const struct calibration *cal, const struct usage_log *log,
                         const struct calib_out_options *o, const char *source, struct strbuf *out)
{
    char a[32], b[32], c[32];
    struct actual act;
    actual_compute(log, &act);
    size_t n = act.total.succeeded;
    int tokens = o->requests > 0 && isfinite(o->requests) && n > 0;
    const char *head = tokens ? "  # " : "# ";
    if (tokens)
        strbuf_puts(out, "generation:\n");
    strbuf_printf(out, "%sthe scenario has no generation.dataset; the calls, for reference:\n",
                  head);
    const struct calib_calls *k[2] = {&cal->question, &cal->answer};
    const char *names[2] = {"question", "answer"};
    for (int i = 0; i < 2; i++)
        if (k[i]->n)
            strbuf_printf(out, "%s  %zu %s %s: mean prompt %s, mean output %s\n", head, k[i]->n,
                          names[i], plural(k[i]->n, "call", "calls"),
                          num(a, sizeof a, k[i]->prompt_tokens.mean, 1),
                          num(b, sizeof b, k[i]->output_tokens.mean, 1));
    if (tokens) {
        double in = act.total.input_tokens / (double)n, outp = act.total.output_tokens / (double)n;
        strbuf_puts(out, "  tokens:\n");
        strbuf_printf(out,
                      "    input: %s   # %s requests x %s, the mean prompt of %zu successful "
                      "%s, %s\n",
                      num(a, sizeof a, o->requests * in, 0), num(b, sizeof b, o->requests, 0),
                      num(c, sizeof c, in, 1), n, plural(n, "call", "calls"), source);
        strbuf_printf(out,
                      "    output: %s   # %s requests x %s, the mean output of %zu successful "
                      "%s, %s\n",
                      num(a, sizeof a, o->requests * outp, 0), num(b, sizeof b, o->requests, 0),
                      num(c, sizeof c, outp, 1), n, plural(n, "call", "calls"), source);
    }
    actual_release(&act);
}

void calib_out_yaml(const struct calibration *cal, const struct usage_log *log,
                    const struct calib_out_options *options, struct strbuf *out)
{
    struct calib_out_options none = {NULL, 0, 0, NULL, NULL, 0, 0};
    const struct calib_out_options *o = options ? options : &none;
    const char *source = o->log_name ? o->log_name : log->file ? log->file : "the log";
    char a[32], b[32];
    struct actual act;
    actual_compute(log, &act);
    timestamp_format(act.total.first_start_s, a, sizeof a);
    timestamp_format(act.total.last_end_s, b, sizeof b);
    strbuf_puts(out, "# Calibrated from ");
    put_clean(out, source);
    strbuf_printf(out, " (%s): %zu %s, %s to %s.\n", usage_format_name(log->format), log->n,
                  plural(log->n, "record", "records"), a, b);
    actual_release(&act);
    strbuf_printf(out, "# Question and answer calls told apart by: %s",
                  calib_rule_name(cal->kinds.rule));
    if (cal->kinds.rule == CALIB_RULE_PATTERN)
        strbuf_printf(out, " (%zu worker %s)", cal->kinds.chains,
                      plural(cal->kinds.chains, "sequence", "sequences"));
    else if (cal->kinds.rule == CALIB_RULE_CLUSTERS)
        strbuf_printf(out, " (split at %s output tokens)",
                      num(a, sizeof a, cal->kinds.threshold, 1));
    strbuf_printf(out, "; %zu question %s, %zu answer %s.\n", cal->question.n,
                  plural(cal->question.n, "call", "calls"), cal->answer.n,
                  plural(cal->answer.n, "call", "calls"));
    strbuf_puts(out,
                "# A scenario uses it with 'calibration: FILE': these values replace its own.\n");

    struct strbuf src = STRBUF_INIT;
    put_clean(&src, source);
    if (o->no_dataset)
        write_tokens(cal, log, o, src.buf, out);
    else
        write_dataset(cal, o, src.buf, out);

    /* Backends: each mapped name once, from its deployment with the most timed calls. */
    size_t nd = cal->ndeployments, written = 0;
    struct calib_out_backend *chosen = xcalloc(nd ? nd : 1, sizeof *chosen);
    for (size_t k = 0; k < nd; k++) {
        const char *name = o->backends ? o->backends[k] : NULL;
        if (!name)
            continue;
        int seen = 0;
        for (size_t j = 0; j < k; j++)
            seen |= o->backends[j] && strcmp(o->backends[j], name) == 0;
        if (seen)
            continue;
        size_t best = k, count = 0;
        for (size_t j = k; j < nd; j++)
            if (o->backends[j] && strcmp(o->backends[j], name) == 0) {
                count++;
                if (cal->deployments[j].stream_n > cal->deployments[best].stream_n)
                    best = j;
            }
        if (written++ == 0)
            strbuf_puts(out, "backends:\n");
        strbuf_printf(out, "  %s:\n", name);
        const struct calib_deployment *d = &cal->deployments[best];
        strbuf_puts(out, "    # from deployment '");
        put_clean(out, d->name);
        strbuf_puts(out, "'");
        if (count > 1)
            strbuf_printf(out, ", the one with the most timed calls of the %zu this backend has",
                          count);
        strbuf_puts(out, "\n");
        unsigned keys = o->keys ? o->keys[best] : CALIB_KEYS_ALL;
        chosen[written - 1] = (struct calib_out_backend){name, best, keys};
        write_speeds(cal, d, "    ", src.buf, keys, name, out);
        write_notes(d, "    ", out);
    }
    for (size_t k = 0; k < nd; k++) {
        if (o->backends && o->backends[k])
            continue;
        const struct calib_deployment *d = &cal->deployments[k];
        strbuf_puts(out, "# deployment '");
        put_clean(out, d->name);
        strbuf_printf(out, "' (%zu %s) is not a backend of the scenario:\n", d->requests,
                      plural(d->requests, "request", "requests"));
        write_speeds(cal, d, "#   ", src.buf, CALIB_KEYS_ALL, NULL, out);
        write_notes(d, "#   ", out);
    }
    calib_out_simulation(cal, log, chosen, written, src.buf, out);
    calib_out_ranges(cal, log, o, chosen, written, src.buf, out);
    free(chosen);
    strbuf_release(&src);
}

/* ---- JSON ---- */

static cJSON *stat_json(const struct calib_stat *s)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "mean", s->mean);
    json_add_number(o, "sd", s->sd);
    return o;
}

static cJSON *calls_json(const struct calib_calls *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", (double)c->n);
    cJSON_AddItemToObject(o, "prompt_tokens", stat_json(&c->prompt_tokens));
    cJSON_AddItemToObject(o, "output_tokens", stat_json(&c->output_tokens));
    return o;
}

cJSON *calib_out_json(const struct calibration *cal)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "rule", calib_rule_name(cal->kinds.rule));
    cJSON *calls = cJSON_AddObjectToObject(root, "calls");
    cJSON_AddItemToObject(calls, "question", calls_json(&cal->question));
    cJSON_AddItemToObject(calls, "answer", calls_json(&cal->answer));
    json_add_number(root, "answers_per_question", cal->answers_per_question);
    cJSON *list = cJSON_AddArrayToObject(root, "deployments");
    for (size_t k = 0; k < cal->ndeployments; k++) {
        const struct calib_deployment *d = &cal->deployments[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", d->name ? d->name : "");
        cJSON_AddNumberToObject(o, "requests", (double)d->requests);
        cJSON_AddNumberToObject(o, "succeeded", (double)d->succeeded);
        cJSON_AddNumberToObject(o, "rejected", (double)d->rate_limited);
        cJSON_AddNumberToObject(o, "failed", (double)d->failed);
        cJSON *ttft = cJSON_AddObjectToObject(o, "ttft_s");
        cJSON_AddNumberToObject(ttft, "n", (double)d->ttft_n);
        json_add_number(ttft, "p50", d->ttft_p50_s);
        json_add_number(ttft, "p90", d->ttft_p90_s);
        cJSON *stream = cJSON_AddObjectToObject(o, "stream_tok_s");
        cJSON_AddNumberToObject(stream, "n", (double)d->stream_n);
        cJSON_AddNumberToObject(stream, "from_start", (double)d->stream_from_start_n);
        json_add_number(stream, "p50", d->stream_p50_tok_s);
        json_add_number(stream, "p90", d->stream_p90_tok_s);
        cJSON *fit = cJSON_AddObjectToObject(stream, "vs_concurrency");
        cJSON_AddNumberToObject(fit, "n", (double)d->stream_vs_concurrency.n);
        json_add_number(fit, "intercept", d->stream_vs_concurrency.intercept);
        json_add_number(fit, "slope", d->stream_vs_concurrency.slope);
        json_add_number(fit, "r2", d->stream_vs_concurrency.r2);
        json_add_number(o, "concurrency_mean", d->concurrency_mean);
        json_add_number(o, "rejected_share", d->rate_limited_share);
        json_add_number(o, "failed_share", d->failed_share);
        cJSON_AddItemToArray(list, o);
    }
    return root;
}

static cJSON *group_json(const struct actual_group *g)
{
    cJSON *o = cJSON_CreateObject();
    if (g->name)
        cJSON_AddStringToObject(o, "name", g->name);
    cJSON_AddNumberToObject(o, "requests", (double)g->requests);
    cJSON_AddNumberToObject(o, "succeeded", (double)g->succeeded);
    cJSON_AddNumberToObject(o, "rejected", (double)g->rate_limited);
    cJSON_AddNumberToObject(o, "failed", (double)g->failed);
    cJSON_AddNumberToObject(o, "other", (double)g->other);
    cJSON_AddNumberToObject(o, "input_tokens", g->input_tokens);
    cJSON_AddNumberToObject(o, "output_tokens", g->output_tokens);
    json_add_number(o, "cost", g->spend);
    json_add_number(o, "hours", g->elapsed_s / 3600);
    json_add_number(o, "output_tok_s", g->output_tok_s);
    json_add_number(o, "requests_per_hour", g->requests_per_h);
    return o;
}

cJSON *calib_out_actual_json(const struct actual *actual, const struct projection *projection)
{
    cJSON *root = group_json(&actual->total);
    cJSON *list = cJSON_AddArrayToObject(root, "deployments");
    for (size_t k = 0; k < actual->ndeployments; k++)
        cJSON_AddItemToArray(list, group_json(&actual->deployments[k]));
    if (projection) {
        const struct projection *p = projection;
        cJSON *o = cJSON_AddObjectToObject(root, "projection");
        json_add_number(o, "hours", p->total_s / 3600);
        json_add_number(o, "cost", p->projected_spend);
        cJSON_AddNumberToObject(o, "planned_requests", p->planned);
        cJSON_AddNumberToObject(o, "done_requests", p->done);
        cJSON_AddNumberToObject(o, "fraction", p->fraction);
        cJSON_AddBoolToObject(o, "finished", p->finished);
        json_add_number(o, "window_hours", p->window_s / 3600);
        json_add_number(o, "requests_per_hour", p->rate_per_s * 3600);
        json_add_number(o, "remaining_hours", p->remaining_s / 3600);
        if (isfinite(p->finish_s)) {
            char when[32];
            timestamp_format(p->finish_s, when, sizeof when);
            char *space = strchr(when, ' ');
            if (space)
                *space = 'T';
            cJSON_AddStringToObject(o, "finish", when);
        } else {
            cJSON_AddNullToObject(o, "finish");
        }
        json_add_number(o, "input_tokens", p->projected_input_tokens);
        json_add_number(o, "output_tokens", p->projected_output_tokens);
    }
    return root;
}
