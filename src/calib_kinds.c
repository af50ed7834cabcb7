/*
 * calib_kinds: telling question calls from answer calls (see calibrate.h;
 * docs/calibration.md states the rules for users).
 *
 *   tags      a call tagged question or answer is that kind; untagged calls
 *             stay unclassified.  Applies when any call has such a tag.
 *   pattern   raft.py makes, for each chunk, one question call and then
 *             one answer call for each question, one after another, each
 *             worker taking the next chunk.  The completion attempts (calls,
 *             429s and failures, ordered by start, ties by row) are split
 *             into worker sequences: a 429 or a failure belongs to its
 *             worker's sequence, since the retry follows it.  An attempt
 *             starting at s continues a sequence whose last attempt has
 *             ended by s: of those that ended within CALIB_PATTERN_GAP_S
 *             before s and at least the shortest pause before it, the one
 *             whose pause is closest to the typical pause (a sequence that
 *             ended more recently than the shortest pause has a worker still
 *             pausing, not the one starting); else the one that ended last
 *             before the gap (a retry after a back-off); else the earliest
 *             of those that ended too recently; ties: the sequence opened
 *             first.  The typical pause is the median, over the attempts, of
 *             the gap between an attempt's start and the latest end before
 *             it (within the gap); the shortest, half their 10th
 *             percentile.  With no sequence ended, the attempt opens a new
 *             one.  Each sequence is read as blocks of 1 + Q calls (Q questions per
 *             chunk): the first of a block is the question call, the others
 *             its answers; a sequence's last block may be incomplete.  The
 *             rule applies when there is at least one complete block and
 *             every question call's prompt is shorter than the prompt of
 *             each answer of its own block (an answer's prompt holds the
 *             same chunk plus the question and a longer instruction) and of
 *             each answer of the block before it in the sequence (which
 *             catches blocks read out of step, as a wrong Q gives).  Without
 *             end times there is one sequence, in order.
 *   clusters  the exact 1-D 2-means split of output lengths: the split
 *             between two distinct sorted values that minimises the sum of
 *             squared deviations from the two means (the first such split
 *             on a tie).  The cluster whose mean prompt is shorter is the
 *             question calls (on equal means, the shorter outputs).
 *             Applies when the calls have two distinct output lengths.
 */
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "util.h"

const char *calib_rule_name(enum calib_rule rule)
{
    switch (rule) {
    case CALIB_RULE_TAGS:
        return "tags";
    case CALIB_RULE_PATTERN:
        return "generator pattern";
    case CALIB_RULE_CLUSTERS:
        return "output-length clusters";
    case CALIB_RULE_NONE:
        break;
    }
    return "none";
}

static int is_call(const struct usage_record *r)
{
    return r->status == USAGE_OK && r->kind != USAGE_KIND_OTHER;
}

/* The successful completion calls' record indices; returns how many. */
static size_t collect_calls(const struct usage_log *log, size_t **out)
{
    size_t *calls = xmalloc((log->n ? log->n : 1) * sizeof *calls), m = 0;
    for (size_t i = 0; i < log->n; i++)
        if (is_call(&log->records[i]))
            calls[m++] = i;
    *out = calls;
    return m;
}

/*
 * A permutation of 0..n-1 that orders key ascending, equal keys by index,
 * so that the order never depends on the sort's tie handling.
 */
static size_t *order_by(const double *key, size_t n)
{
    size_t *p = xmalloc((n ? n : 1) * sizeof *p);
    if (n == 0)
        return p;
    gsl_sort_index(p, key, 1, n);
    double *idx = NULL;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && key[p[b]] == key[p[a]])
            b++;
        if (b - a > 1) {
            size_t run = b - a;
            idx = xrealloc(idx, run * sizeof *idx);
            for (size_t k = 0; k < run; k++)
                idx[k] = (double)p[a + k];
            gsl_sort(idx, 1, run);
            for (size_t k = 0; k < run; k++)
                p[a + k] = (size_t)idx[k];
        }
        a = b;
    }
    free(idx);
    return p;
}

static void reset(const struct usage_log *log, struct calib_kinds *out)
{
    free(out->kind);
    memset(out, 0, sizeof *out);
    out->n = log->n;
    out->kind = xcalloc(log->n ? log->n : 1, 1);
    out->threshold = NAN;
}

static int rule_tags(const struct usage_log *log, struct calib_kinds *out)
{
    for (size_t i = 0; i < log->n; i++) {
        const struct usage_record *r = &log->records[i];
        if (!is_call(r))
            continue;
        if (r->kind == USAGE_KIND_QUESTION) {
            out->kind[i] = CALIB_QUESTION;
            out->questions++;
        } else if (r->kind == USAGE_KIND_ANSWER) {
            out->kind[i] = CALIB_ANSWER;
            out->answers++;
        }
    }
    return out->questions + out->answers > 0 ? 0 : -1;
}

/* A sequence's last end, kept sorted by (end, chain) to find the one to continue. */
struct chain_end {
    double end;
    size_t chain;
};

static int chain_end_before(const struct chain_end *a, double end, size_t chain)
{
    return a->end < end || (a->end == end && a->chain < chain);
}

/* The last entry of ends[0..n) whose end is at or before t, plus one (0: none). */
static size_t ends_upto(const struct chain_end *ends, size_t n, double t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ends[mid].end <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * A worker's pause between two calls: *typical, the median of each
 * attempt's gap to the latest end before its start (within the gap), and
 * *shortest, half their 10th percentile.  Most of those gaps are the
 * worker's own pause; a worker that ended later than that and has not
 * started again has a shorter gap, and is not the one starting.
 */
static void pauses(const double *start, const double *end, size_t m, double *typical,
                   double *shortest)
{
    double *ends = xmalloc((m ? m : 1) * sizeof *ends), *gaps = xmalloc((m ? m : 1) * sizeof *gaps);
    memcpy(ends, end, m * sizeof *ends);
    gsl_sort(ends, 1, m);
    size_t ng = 0;
    for (size_t k = 0; k < m; k++) {
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (ends[mid] <= start[k])
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo > 0 && start[k] - ends[lo - 1] <= CALIB_PATTERN_GAP_S)
            gaps[ng++] = start[k] - ends[lo - 1];
    }
    *typical = *shortest = 0;
    if (ng) {
        gsl_sort(gaps, 1, ng);
        *typical = gsl_stats_median_from_sorted_data(gaps, 1, ng);
        *shortest = 0.5 * gsl_stats_quantile_from_sorted_data(gaps, 1, ng, 0.1);
    }
    free(ends);
    free(gaps);
}

static int rule_pattern(const struct usage_log *log, double questions_per_chunk,
                        struct calib_kinds *out)
{
    if (!(questions_per_chunk >= 1) || questions_per_chunk != floor(questions_per_chunk))
        return -1;
    size_t block = (size_t)questions_per_chunk + 1;
    /* Every completion attempt with a start: a 429 or a failure is its
     * worker's too (the retry follows it), but only calls make blocks. */
    size_t *calls = xmalloc((log->n ? log->n : 1) * sizeof *calls), m = 0;
    for (size_t i = 0; i < log->n; i++)
        if (log->records[i].kind != USAGE_KIND_OTHER && !isnan(log->records[i].start_s))
            calls[m++] = i;
    double *start = xmalloc((m ? m : 1) * sizeof *start);
    double *end = xmalloc((m ? m : 1) * sizeof *end);
    int has_end = 1;
    for (size_t k = 0; k < m; k++) {
        start[k] = log->records[calls[k]].start_s;
        end[k] = log->records[calls[k]].end_s;
        has_end &= !isnan(end[k]);
    }
    double typical = 0, shortest = 0;
    if (has_end)
        pauses(start, end, m, &typical, &shortest);
    size_t *order = order_by(start, m);
    struct chain_end *ends = xmalloc(CALIB_MAX_CHAINS * sizeof *ends);
    size_t nends = 0, nchains = 0;
    size_t *len = xcalloc(CALIB_MAX_CHAINS, sizeof *len);
    uint32_t *question_prompt = xcalloc(CALIB_MAX_CHAINS, sizeof *question_prompt);
    /* The shortest answer prompt of each sequence's block before and of this one. */
    uint32_t *prev_min = xmalloc(CALIB_MAX_CHAINS * sizeof *prev_min);
    uint32_t *cur_min = xmalloc(CALIB_MAX_CHAINS * sizeof *cur_min);
    for (size_t c = 0; c < CALIB_MAX_CHAINS; c++)
        prev_min[c] = cur_min[c] = UINT32_MAX;
    int rc = -1;
    for (size_t k = 0; k < m; k++) {
        size_t i = calls[order[k]];
        const struct usage_record *r = &log->records[i];
        size_t chain = 0;
        if (has_end) {
            size_t ended = ends_upto(ends, nends, r->start_s);
            if (ended > 0) {
                /* Of the ends within the gap that leave at least the shortest
                 * pause, the one whose pause is closest to the typical one
                 * (the earlier on a tie); else the latest end before the gap
                 * (a retry after a back-off); else the earliest of those that
                 * ended just now. */
                size_t upto = ends_upto(ends, ended, r->start_s - shortest), a = upto;
                double best = INFINITY;
                for (size_t e = upto; e-- > 0 && ends[e].end >= r->start_s - CALIB_PATTERN_GAP_S;) {
                    double off = fabs(r->start_s - ends[e].end - typical);
                    if (off <= best) {
                        best = off;
                        a = e;
                    }
                }
                if (a == upto)
                    a = upto > 0 ? upto - 1 : 0;
                /* Among equal ends, the sequence opened first. */
                while (a > 0 && ends[a - 1].end == ends[a].end)
                    a--;
                chain = ends[a].chain;
                memmove(&ends[a], &ends[a + 1], (nends - a - 1) * sizeof *ends);
                nends--;
            } else if (nchains == CALIB_MAX_CHAINS) {
                goto out;
            } else {
                chain = nchains++;
            }
            size_t at = 0;
            while (at < nends && chain_end_before(&ends[at], r->end_s, chain))
                at++;
            memmove(&ends[at + 1], &ends[at], (nends - at) * sizeof *ends);
            ends[at] = (struct chain_end){r->end_s, chain};
            nends++;
        } else {
            nchains = 1;
        }
        if (!is_call(r))
            continue;
        size_t pos = len[chain]++;
        if (pos % block == 0) {
            prev_min[chain] = cur_min[chain];
            cur_min[chain] = UINT32_MAX;
            if (r->prompt_tokens >= prev_min[chain])
                goto out;
            out->kind[i] = CALIB_QUESTION;
            question_prompt[chain] = r->prompt_tokens;
        } else if (r->prompt_tokens > question_prompt[chain]) {
            out->kind[i] = CALIB_ANSWER;
            if (r->prompt_tokens < cur_min[chain])
                cur_min[chain] = r->prompt_tokens;
        } else {
            goto out;
        }
    }
    size_t complete = 0;
    for (size_t c = 0; c < nchains; c++)
        complete += len[c] / block;
    if (complete == 0)
        goto out;
    out->chains = nchains;
    for (size_t k = 0; k < m; k++) {
        out->questions += out->kind[calls[k]] == CALIB_QUESTION;
        out->answers += out->kind[calls[k]] == CALIB_ANSWER;
    }
    rc = 0;
out:
    free(calls);
    free(start);
    free(end);
    free(order);
    free(ends);
    free(len);
    free(question_prompt);
    free(prev_min);
    free(cur_min);
    return rc;
}

static int rule_clusters(const struct usage_log *log, struct calib_kinds *out)
{
    size_t *calls, m = collect_calls(log, &calls);
    double *x = xmalloc((m ? m : 1) * sizeof *x);
    size_t *order = NULL;
    int rc = -1;
    if (m < 2)
        goto out;
    double mean = 0;
    for (size_t k = 0; k < m; k++) {
        x[k] = log->records[calls[k]].completion_tokens;
        mean += x[k];
    }
    mean /= (double)m;
    order = order_by(x, m);
    /* Centred sums, so that the differences below keep their digits. */
    double total = 0, total2 = 0;
    for (size_t k = 0; k < m; k++) {
        double v = x[k] - mean;
        total += v;
        total2 += v * v;
    }
    double best = INFINITY, low_sum = 0;
    size_t split = 0;
    for (size_t k = 1; k < m; k++) {
        low_sum += x[order[k - 1]] - mean;
        if (x[order[k - 1]] == x[order[k]])
            continue;
        double high_sum = total - low_sum;
        double sse = total2 - low_sum * low_sum / (double)k - high_sum * high_sum / (double)(m - k);
        if (sse < best) {
            best = sse;
            split = k;
        }
    }
    if (split == 0)
        goto out;
    double low_prompt = 0, high_prompt = 0;
    for (size_t k = 0; k < m; k++) {
        double p = log->records[calls[order[k]]].prompt_tokens;
        if (k < split)
            low_prompt += p;
        else
            high_prompt += p;
    }
    low_prompt /= (double)split;
    high_prompt /= (double)(m - split);
    int low_is_question = low_prompt <= high_prompt;
    out->threshold = low_is_question ? x[order[split - 1]] : x[order[split]];
    for (size_t k = 0; k < m; k++) {
        int question = (k < split) == low_is_question;
        out->kind[calls[order[k]]] = question ? CALIB_QUESTION : CALIB_ANSWER;
        out->questions += question;
        out->answers += !question;
    }
    rc = 0;
out:
    free(calls);
    free(x);
    free(order);
    return rc;
}

int calib_classify_with(const struct usage_log *log, enum calib_rule rule,
                        double questions_per_chunk, struct calib_kinds *out)
{
    memset(out, 0, sizeof *out);
    reset(log, out);
    int rc = -1;
    switch (rule) {
    case CALIB_RULE_TAGS:
        rc = rule_tags(log, out);
        break;
    case CALIB_RULE_PATTERN:
        rc = rule_pattern(log, questions_per_chunk, out);
        break;
    case CALIB_RULE_CLUSTERS:
        rc = rule_clusters(log, out);
        break;
    case CALIB_RULE_NONE:
        return 0;
    }
    if (rc != 0) {
        reset(log, out);
        return -1;
    }
    out->rule = rule;
    return 0;
}

void calib_classify(const struct usage_log *log, double questions_per_chunk,
                    struct calib_kinds *out)
{
    static const enum calib_rule rules[] = {CALIB_RULE_TAGS, CALIB_RULE_PATTERN,
                                            CALIB_RULE_CLUSTERS};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (calib_classify_with(log, rules[i], questions_per_chunk, out) == 0)
            return;
        calib_kinds_release(out);
    }
    calib_classify_with(log, CALIB_RULE_NONE, questions_per_chunk, out);
}

void calib_kinds_release(struct calib_kinds *kinds)
{
    if (!kinds)
        return;
    free(kinds->kind);
    memset(kinds, 0, sizeof *kinds);
}
