/*
 * Unit tests of the calibration statistics: the call-kind rules, the
 * per-kind token statistics, the per-deployment speeds, time to first token
 * and shares, the concurrency from overlapping requests, the job figures
 * and the projection of a job in progress.  Every expectation is computed
 * by hand beside it.
 *
 * The pilot (tests/logs/pilot.csv, see test_usage_log.c): 3 chunks of 4
 * questions; worker A on 'maas' makes q1 and its 4 answers, then q3 and its
 * 4 answers (two 429s before a3-2); worker B on 'maap' makes q2 and its 4
 * answers (one failed attempt before a2-3).  Run time: 0 to 88.8 s.
 *
 *   question calls  prompts 310 320 330     outputs 52 56 60
 *   answer calls    prompts 600 604 608 612 | 610 614 618 622 | 620 624 628 632
 *                   outputs 170 180 200 210 | 175 185 195 205 | 180 190 190 200
 *   spend           prompt * 1e-6 + output * 3e-6 a successful call, 0 otherwise
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "test.h"

#define T0 1717243200.0

/* Differences of times near 1.7e9 s carry about 2.4e-7 s of rounding. */
#define TIME_TOL 1e-6

static int read_log(const char *path, struct usage_log *log)
{
    struct diag d = DIAG_INIT;
    if (usage_log_read(path, USAGE_AUTO, NULL, log, &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"read failed");
        return -1;
    }
    return 0;
}

static int parse_log(const char *text, struct usage_log *log)
{
    struct diag d = DIAG_INIT;
    if (usage_log_parse("mem.csv", text, strlen(text), USAGE_CSV, NULL, log, &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"parse failed");
        return -1;
    }
    return 0;
}

/* Records 0, 1 and 11 of the pilot are its question calls; 6, 13, 14 are not calls. */
static void check_pilot_kinds(const struct calib_kinds *k)
{
    static const unsigned char want[18] = {1, 1, 2, 2, 2, 2, 0, 2, 2, 2, 2, 1, 2, 0, 0, 2, 2, 2};
    CHECK(k->n == 18);
    for (size_t i = 0; i < 18 && i < k->n; i++)
        CHECK(k->kind[i] == want[i]);
    CHECK(k->questions == 3 && k->answers == 12);
}

static void test_rules(void)
{
    struct usage_log log;
    struct calib_kinds k;
    if (read_log("tests/logs/pilot.csv", &log))
        return;
    /* Two workers' sequences, each read in blocks of 1 + 4 calls. */
    calib_classify(&log, 4, &k);
    CHECK(k.rule == CALIB_RULE_PATTERN);
    CHECK(k.chains == 2);
    check_pilot_kinds(&k);
    calib_kinds_release(&k);

    /* Q = 3: sequence A reads [q1 a1-1 a1-2 a1-3] [a1-4 q3 ...], and q3's
     * prompt (330) is shorter than a1-4's (612): not the pattern.
     * Q = 5: [q1 a1-1..a1-4 q3] passes, but the next block's question a3-1
     * (620) is longer than q3 (330), an answer of the block before.
     * Q = 2: [a1-3 a1-4 q3]: q3 (330) is shorter than a1-3 (608). */
    CHECK(calib_classify_with(&log, CALIB_RULE_PATTERN, 3, &k) == -1);
    CHECK(k.rule == CALIB_RULE_NONE && k.questions == 0 && k.kind[0] == CALIB_UNCLASSIFIED);
    calib_kinds_release(&k);
    CHECK(calib_classify_with(&log, CALIB_RULE_PATTERN, 5, &k) == -1);
    calib_kinds_release(&k);
    CHECK(calib_classify_with(&log, CALIB_RULE_PATTERN, 2, &k) == -1);
    calib_kinds_release(&k);
    CHECK(calib_classify_with(&log, CALIB_RULE_PATTERN, 4.5, &k) == -1);
    calib_kinds_release(&k);
    /* No tags in this log. */
    CHECK(calib_classify_with(&log, CALIB_RULE_TAGS, 4, &k) == -1);
    calib_kinds_release(&k);

    /* Without Q (or with a wrong one) the output lengths split 52 56 60 |
     * 170..210; the short cluster has the shorter mean prompt (320 < 616). */
    calib_classify(&log, 0, &k);
    CHECK(k.rule == CALIB_RULE_CLUSTERS);
    CHECK(k.threshold == 60);
    check_pilot_kinds(&k);
    calib_kinds_release(&k);
    calib_classify(&log, 3, &k);
    CHECK(k.rule == CALIB_RULE_CLUSTERS);
    calib_kinds_release(&k);
    usage_log_release(&log);

    /* The kind column wins over the pattern. */
    if (read_log("tests/logs/pilot-tagged.csv", &log))
        return;
    calib_classify(&log, 4, &k);
    CHECK(k.rule == CALIB_RULE_TAGS);
    check_pilot_kinds(&k);
    calib_kinds_release(&k);
    usage_log_release(&log);

    /* 2-means on outputs 0 4 6 10: the splits {0}|{4 6 10}, {0 4}|{6 10},
     * {0 4 6}|{10} leave 18.67, 16 and 18.67: the middle one.  The low
     * cluster has the short prompts (100 against 500): questions. */
    const char *four = "start,end,prompt_tokens,completion_tokens,deployment,status\n"
                       "0,1,100,0,d,success\n"
                       "1,2,500,10,d,success\n"
                       "2,3,100,4,d,success\n"
                       "3,4,500,6,d,success\n";
    if (parse_log(four, &log))
        return;
    CHECK(calib_classify_with(&log, CALIB_RULE_CLUSTERS, 0, &k) == 0);
    CHECK(k.threshold == 4);
    CHECK(k.kind[0] == CALIB_QUESTION && k.kind[1] == CALIB_ANSWER);
    CHECK(k.kind[2] == CALIB_QUESTION && k.kind[3] == CALIB_ANSWER);
    calib_kinds_release(&k);
    usage_log_release(&log);

    /* Outputs 0 2 4: both splits leave 2; the first wins.  Here the long
     * outputs have the short prompt, so they are the questions, and the
     * threshold is the smallest output of the question cluster. */
    const char *tie = "start,end,prompt_tokens,completion_tokens,deployment,status\n"
                      "0,1,500,0,d,success\n"
                      "1,2,100,2,d,success\n"
                      "2,3,100,4,d,success\n";
    if (parse_log(tie, &log))
        return;
    CHECK(calib_classify_with(&log, CALIB_RULE_CLUSTERS, 0, &k) == 0);
    CHECK(k.threshold == 2);
    CHECK(k.kind[0] == CALIB_ANSWER && k.kind[1] == CALIB_QUESTION && k.kind[2] == CALIB_QUESTION);
    calib_kinds_release(&k);
    usage_log_release(&log);

    /* One output length: no clusters, no rule. */
    const char *same = "start,end,prompt_tokens,completion_tokens,deployment,status\n"
                       "0,1,100,5,d,success\n"
                       "1,2,200,5,d,success\n";
    if (parse_log(same, &log))
        return;
    calib_classify(&log, 0, &k);
    CHECK(k.rule == CALIB_RULE_NONE && k.questions == 0 && k.answers == 0);
    calib_kinds_release(&k);
    usage_log_release(&log);

    /* One worker, no end times: one sequence in order.  The pattern holds
     * with Q = 2 ([100 300 310] [120 330]: the last block incomplete). */
    const char *batch = "{\"custom_id\": \"a\", \"response\": {\"status_code\": 200, \"body\": "
                        "{\"created\": 10, \"usage\": {\"prompt_tokens\": 100, "
                        "\"completion_tokens\": 20}}}}\n"
                        "{\"custom_id\": \"b\", \"response\": {\"status_code\": 200, \"body\": "
                        "{\"created\": 11, \"usage\": {\"prompt_tokens\": 300, "
                        "\"completion_tokens\": 90}}}}\n"
                        "{\"custom_id\": \"c\", \"response\": {\"status_code\": 200, \"body\": "
                        "{\"created\": 12, \"usage\": {\"prompt_tokens\": 310, "
                        "\"completion_tokens\": 95}}}}\n"
                        "{\"custom_id\": \"d\", \"response\": {\"status_code\": 200, \"body\": "
                        "{\"created\": 13, \"usage\": {\"prompt_tokens\": 120, "
                        "\"completion_tokens\": 25}}}}\n"
                        "{\"custom_id\": \"e\", \"response\": {\"status_code\": 200, \"body\": "
                        "{\"created\": 14, \"usage\": {\"prompt_tokens\": 330, "
                        "\"completion_tokens\": 99}}}}\n";
    struct diag d = DIAG_INIT;
    CHECK(usage_log_parse("mem.jsonl", batch, strlen(batch), USAGE_AUTO, NULL, &log, &d) == 0);
    diag_release(&d);
    CHECK(calib_classify_with(&log, CALIB_RULE_PATTERN, 2, &k) == 0);
    CHECK(k.chains == 1 && k.questions == 2 && k.answers == 3);
    CHECK(k.kind[0] == CALIB_QUESTION && k.kind[3] == CALIB_QUESTION && k.kind[4] == CALIB_ANSWER);
    calib_kinds_release(&k);
    usage_log_release(&log);
}

static void check_pilot_calls(const struct calibration *c)
{
    /* Questions: prompts 310 320 330, mean 320, sd sqrt((100 + 0 + 100) / 2) = 10;
     * outputs 52 56 60, mean 56, sd sqrt(32 / 2) = 4. */
    CHECK(c->question.n == 3);
    CHECK_NEAR(c->question.prompt_tokens.mean, 320, 1e-12);
    CHECK_NEAR(c->question.prompt_tokens.sd, 10, 1e-12);
    CHECK_NEAR(c->question.output_tokens.mean, 56, 1e-12);
    CHECK_NEAR(c->question.output_tokens.sd, 4, 1e-12);
    /* Answers: prompts sum 2424 + 2464 + 2504 = 7392, mean 616; squared
     * deviations 256 144 64 16 36 4 4 36 16 64 144 256 = 1040, sd
     * sqrt(1040 / 11) = 9.723448; outputs sum 2280, mean 190; squared
     * deviations 400 100 100 400 | 225 25 25 225 | 100 0 0 100 = 1700, sd
     * sqrt(1700 / 11) = 12.431631. */
    CHECK(c->answer.n == 12);
    CHECK_NEAR(c->answer.prompt_tokens.mean, 616, 1e-12);
    CHECK_NEAR(c->answer.prompt_tokens.sd, sqrt(1040.0 / 11), 1e-12);
    CHECK_NEAR(c->answer.output_tokens.mean, 190, 1e-12);
    CHECK_NEAR(c->answer.output_tokens.sd, sqrt(1700.0 / 11), 1e-12);
    CHECK_NEAR(c->answers_per_question, 4, 0);
}

static void test_calibrate_pilot(void)
{
    struct usage_log log;
    if (read_log("tests/logs/pilot.csv", &log))
        return;
    struct calibration c;
    struct diag d = DIAG_INIT;
    struct calib_options opt = {.questions_per_chunk = 4};
    CHECK(calibrate(&log, &opt, &c, &d) == 0);
    CHECK(c.kinds.rule == CALIB_RULE_PATTERN);
    check_pilot_calls(&c);
    CHECK(c.ndeployments == 2);
    if (c.ndeployments != 2)
        goto out;
    const struct calib_deployment *maas = &c.deployments[0], *maap = &c.deployments[1];
    CHECK_STR(maas->name, "maas");
    CHECK_STR(maap->name, "maap");
    /* maas: 10 successes and 2 429s; maap: 5 successes and 1 failure. */
    CHECK(maas->requests == 12 && maas->succeeded == 10 && maas->rate_limited == 2);
    CHECK(maas->failed == 0);
    CHECK_NEAR(maas->rate_limited_share, 2.0 / 12, 1e-15);
    CHECK_NEAR(maas->failed_share, 0, 0);
    CHECK(maap->requests == 6 && maap->failed == 1 && maap->rate_limited == 0);
    CHECK_NEAR(maap->failed_share, 1.0 / 6, 1e-15);
    /* maas time to first token, sorted: 0.4 0.4 0.5 0.5 0.5 0.5 0.5 0.6 0.6
     * 0.7.  GSL's quantile interpolates at (n - 1) p: p50 at 4.5 gives 0.5;
     * p90 at 8.1 gives 0.6 + 0.1 * (0.7 - 0.6) = 0.61. */
    CHECK(maas->ttft_n == 10);
    CHECK_NEAR(maas->ttft_p50_s, 0.5, TIME_TOL);
    CHECK_NEAR(maas->ttft_p90_s, 0.61, TIME_TOL);
    /* maap: 0.8 0.9 1.0 1.1 1.2: p50 1.0; p90 at 3.6: 1.1 + 0.6 * 0.1 = 1.16. */
    CHECK_NEAR(maap->ttft_p50_s, 1.0, TIME_TOL);
    CHECK_NEAR(maap->ttft_p90_s, 1.16, TIME_TOL);
    /* maas per-stream speeds, output / (end - first token): 52/2.6 = 20,
     * 170/10 = 17, 180/9, 200/10, 210/10.5, 60/3, 180/9, 190/9.5, 190/9.5 = 20,
     * 200/8 = 25; sorted 17, 20 x 8, 25: p50 20, p90 at 8.1: 20 + 0.1 * 5. */
    CHECK(maas->stream_n == 10 && maas->stream_from_start_n == 0);
    CHECK_NEAR(maas->stream_p50_tok_s, 20, TIME_TOL);
    CHECK_NEAR(maas->stream_p90_tok_s, 20.5, TIME_TOL);
    /* maap: 56/1.4, 175/4.375, 185/4.625, 195/4.875 = 40, 205/5 = 41. */
    CHECK_NEAR(maap->stream_p50_tok_s, 40, TIME_TOL);
    CHECK_NEAR(maap->stream_p90_tok_s, 40.6, TIME_TOL);
    /* One request at a time on each: concurrency 1, no slope to fit. */
    CHECK_NEAR(maas->concurrency_mean, 1, 1e-9);
    CHECK_NEAR(maas->concurrency_max, 1, 1e-9);
    CHECK(maas->stream_vs_concurrency.n == 10 && isnan(maas->stream_vs_concurrency.slope));
    /* The log's span: 0 (q1's start) to 88.8 s (a3-4's end). */
    CHECK_NEAR(c.span_s, 88.8, TIME_TOL);
    CHECK_NEAR(c.first_start_s, T0, 0);
    /* maas output: 52+170+180+200+210+60+180+190+190+200 = 1632 tokens; busy
     * (the 429s are not): 3 + 10.5 + 9.5 + 10.6 + 11 + 3.4 + 9.6 + 10 + 10.2 +
     * 8.5 = 86.3 s; effective 1632 / 88.8. */
    CHECK_NEAR(maas->output_tokens, 1632, 0);
    CHECK_NEAR(maas->busy_s, 86.3, TIME_TOL);
    CHECK_NEAR(maas->busy_tok_s, 1632 / 86.3, 1e-6);
    CHECK_NEAR(maas->effective_tok_s, 1632 / 88.8, 1e-6);
    /* maap: 56+175+185+195+205 = 816 over 2.2+5.375+5.825+5.775+6.1 = 25.275 s
     * busy (the failed attempt is not). */
    CHECK_NEAR(maap->output_tokens, 816, 0);
    CHECK_NEAR(maap->busy_s, 25.275, TIME_TOL);
    CHECK_NEAR(maap->effective_tok_s, 816 / 88.8, 1e-6);
    CHECK(maas->points == NULL && maas->npoints == 0);
    /* The medians' 90% intervals, l = floor((n + 1) / 2 - 1.6449 sqrt(n) / 2): n = 10,
     * floor(5.5 - 2.6008) = 2, so x(2) and x(9): ttft 0.4 .. 0.6, stream 20 .. 20 (eight
     * calls at 20 tok/s); maap, n = 5: floor(3 - 1.8390) = 1, x(1) and x(5): ttft 0.8 ..
     * 1.2, stream 40 .. 41 (40, 40, 40, 40, 41). */
    CHECK_NEAR(maas->ttft_lo90_s, 0.4, TIME_TOL);
    CHECK_NEAR(maas->ttft_hi90_s, 0.6, TIME_TOL);
    CHECK_NEAR(maas->stream_lo90_tok_s, 20, TIME_TOL);
    CHECK_NEAR(maas->stream_hi90_tok_s, 20, TIME_TOL);
    CHECK_NEAR(maap->ttft_lo90_s, 0.8, TIME_TOL);
    CHECK_NEAR(maap->ttft_hi90_s, 1.2, TIME_TOL);
    CHECK_NEAR(maap->stream_lo90_tok_s, 40, TIME_TOL);
    CHECK_NEAR(maap->stream_hi90_tok_s, 41, TIME_TOL);
    /* Two workers: at most 2 attempts in flight (q1 and q2 at 0.05 s; a1-2 and the failed
     * a2-3x at 13.75 s). */
    CHECK(c.peak_in_flight == 2);
out:
    calibration_release(&c);
    usage_log_release(&log);

    /* The same pilot from LiteLLM's CSV (with an embedding call, left out)
     * and from its JSON (tagged) gives the same figures. */
    if (read_log("tests/logs/pilot-litellm.csv", &log))
        return;
    CHECK(calibrate(&log, &opt, &c, &d) == 0);
    CHECK(c.kinds.rule == CALIB_RULE_PATTERN);
    check_pilot_calls(&c);
    CHECK(c.ndeployments == 2);
    CHECK(c.ndeployments == 2 && c.deployments[0].rate_limited == 2);
    calibration_release(&c);
    usage_log_release(&log);
    if (read_log("tests/logs/pilot-litellm.json", &log))
        return;
    CHECK(calibrate(&log, &opt, &c, &d) == 0);
    CHECK(c.kinds.rule == CALIB_RULE_TAGS);
    check_pilot_calls(&c);
    calibration_release(&c);
    usage_log_release(&log);

    /* With keep_points, each timed call's point: maap's first is q2 at
     * concurrency 1 and 56 / 1.4 = 40 tok/s. */
    if (read_log("tests/logs/pilot.csv", &log))
        return;
    struct calib_options keep = {.questions_per_chunk = 4, .keep_points = 1};
    CHECK(calibrate(&log, &keep, &c, &d) == 0);
    CHECK(c.ndeployments == 2 && c.deployments[1].npoints == 5 && c.deployments[0].npoints == 10);
    if (c.ndeployments == 2 && c.deployments[1].npoints == 5) {
        CHECK_NEAR(c.deployments[1].points[0].concurrency, 1, 1e-9);
        CHECK_NEAR(c.deployments[1].points[0].tok_s, 40, TIME_TOL);
    }
    calibration_release(&c);
    usage_log_release(&log);

    /* A log with nothing to calibrate from. */
    const char *none = "start,end,prompt_tokens,completion_tokens,deployment,status\n"
                       "0,1,0,0,d,429\n";
    if (parse_log(none, &log))
        return;
    CHECK(calibrate(&log, &opt, &c, &d) == -1);
    CHECK_STR(d.message, "the log has no successful completion call to calibrate from");
    diag_release(&d);
    usage_log_release(&log);
}

static void test_concurrency(void)
{
    /* Three requests on one deployment, no first-token times:
     *   r1 [0, 10] 100 tokens, r2 [5, 15] 80 tokens, r3 [5, 10] 30 tokens.
     * In flight: 1 on [0, 5), 3 on [5, 10), 1 on [10, 15).
     *   r1: (5 * 1 + 5 * 3) / 10 = 2;  r2: (5 * 3 + 5 * 1) / 10 = 2;  r3: 3.
     * Speeds 100/10 = 10, 80/10 = 8, 30/5 = 6.  Least squares through
     * (2, 10) (2, 8) (3, 6): mean x 7/3, mean y 8, Sxx = 1/9 + 1/9 + 4/9 =
     * 2/3, Sxy = -2/3 + 0 - 4/3 = -2: slope -3, intercept 8 + 3 * 7/3 = 15;
     * residuals 1, -1, 0: r2 = 1 - 2/8 = 0.75. */
    const char *text = "start,end,prompt_tokens,completion_tokens,deployment,status\n"
                       "1717243200,1717243210,500,100,x,success\n"
                       "1717243205,1717243215,500,80,x,success\n"
                       "1717243205,1717243210,500,30,x,success\n";
    struct usage_log log;
    if (parse_log(text, &log))
        return;
    struct calibration c;
    struct diag d = DIAG_INIT;
    CHECK(calibrate(&log, NULL, &c, &d) == 0);
    const struct calib_deployment *x = &c.deployments[0];
    CHECK(x->stream_n == 3 && x->stream_from_start_n == 3 && x->ttft_n == 0);
    CHECK(isnan(x->ttft_p50_s));
    CHECK_NEAR(x->stream_p50_tok_s, 8, 1e-12);
    CHECK_NEAR(x->concurrency_mean, 7.0 / 3, 1e-12);
    CHECK_NEAR(x->concurrency_max, 3, 1e-12);
    CHECK(x->stream_vs_concurrency.n == 3);
    CHECK_NEAR(x->stream_vs_concurrency.slope, -3, 1e-9);
    CHECK_NEAR(x->stream_vs_concurrency.intercept, 15, 1e-9);
    CHECK_NEAR(x->stream_vs_concurrency.r2, 0.75, 1e-9);
    calibration_release(&c);
    usage_log_release(&log);

    /* Intervals asked about need not be requests: [2, 7] sees 1 on [2, 5)
     * and 3 on [5, 7): (3 + 6) / 5 = 1.8; [20, 30] sees none; [10, 10] is empty. */
    double start[] = {0, 5, 5}, end[] = {10, 15, 10};
    double from[] = {2, 20, 10}, to[] = {7, 30, 10}, conc[3];
    calib_concurrency(start, end, 3, from, to, 3, conc);
    CHECK_NEAR(conc[0], 1.8, 1e-12);
    CHECK_NEAR(conc[1], 0, 0);
    CHECK(isnan(conc[2]));
}

static void test_actual(void)
{
    struct usage_log log;
    if (read_log("tests/logs/pilot.csv", &log))
        return;
    struct actual a;
    actual_compute(&log, &a);
    /* Total: 18 requests, 15 successes, 2 429s, 1 failure; input 960 + 7392
     * = 8352, output 168 + 2280 = 2448; spend 8352e-6 + 2448 * 3e-6 =
     * 0.015696; 0 to 88.8 s: 2448 / 88.8 = 27.5676 tok/s, 15 / (88.8 / 3600)
     * = 608.108 requests an hour. */
    CHECK(a.total.name == NULL);
    CHECK(a.total.requests == 18 && a.total.succeeded == 15);
    CHECK(a.total.rate_limited == 2 && a.total.failed == 1 && a.total.other == 0);
    CHECK_NEAR(a.total.input_tokens, 8352, 0);
    CHECK_NEAR(a.total.output_tokens, 2448, 0);
    CHECK_NEAR(a.total.spend, 0.015696, 1e-12);
    CHECK_NEAR(a.total.first_start_s, T0, 0);
    CHECK_NEAR(a.total.elapsed_s, 88.8, TIME_TOL);
    CHECK_NEAR(a.total.output_tok_s, 2448 / 88.8, 1e-8);
    CHECK_NEAR(a.total.requests_per_h, 15 / (88.8 / 3600), 1e-8);
    CHECK(a.ndeployments == 2);
    if (a.ndeployments == 2) {
        /* maas: input 310 + 2424 + 330 + 2504 = 5568, output 52 + 760 + 60 +
         * 760 = 1632, spend 5568e-6 + 4896e-6 = 0.010464, 0 to 88.8 s.
         * maap: input 320 + 2464 = 2784, output 56 + 760 = 816, spend
         * 2784e-6 + 2448e-6 = 0.005232, 0.05 to 28.225 s: 816 / 28.175 tok/s. */
        CHECK_STR(a.deployments[0].name, "maas");
        CHECK(a.deployments[0].requests == 12 && a.deployments[0].rate_limited == 2);
        CHECK_NEAR(a.deployments[0].input_tokens, 5568, 0);
        CHECK_NEAR(a.deployments[0].output_tokens, 1632, 0);
        CHECK_NEAR(a.deployments[0].spend, 0.010464, 1e-12);
        CHECK_NEAR(a.deployments[1].input_tokens, 2784, 0);
        CHECK_NEAR(a.deployments[1].output_tokens, 816, 0);
        CHECK_NEAR(a.deployments[1].spend, 0.005232, 1e-12);
        CHECK_NEAR(a.deployments[1].elapsed_s, 28.175, TIME_TOL);
        CHECK_NEAR(a.deployments[1].output_tok_s, 816 / 28.175, 1e-6);
    }
    actual_release(&a);
    usage_log_release(&log);

    /* The LiteLLM export also has an embedding call: counted apart, its
     * spend (0.000051) in the total. */
    if (read_log("tests/logs/pilot-litellm.csv", &log))
        return;
    actual_compute(&log, &a);
    CHECK(a.total.requests == 18 && a.total.other == 1);
    CHECK_NEAR(a.total.spend, 0.015696 + 0.000051, 1e-12);
    CHECK_NEAR(a.total.input_tokens, 8352, 0);
    CHECK_NEAR(a.total.first_start_s, T0 - 5, TIME_TOL);
    CHECK(a.ndeployments == 3);
    actual_release(&a);
    usage_log_release(&log);

    /* A Batch API output: no spend, times are 'created' only. */
    if (read_log("tests/logs/batch-output.jsonl", &log))
        return;
    actual_compute(&log, &a);
    CHECK(isnan(a.total.spend));
    CHECK(a.total.requests == 4 && a.total.succeeded == 2 && a.total.rate_limited == 1);
    CHECK_NEAR(a.total.elapsed_s, 60, 0);
    CHECK_NEAR(a.total.output_tok_s, 250.0 / 60, 1e-12);
    actual_release(&a);
    usage_log_release(&log);
}

static void test_projection(void)
{
    struct usage_log log;
    if (read_log("tests/logs/pilot.csv", &log))
        return;
    struct projection p;
    struct diag d = DIAG_INIT;

    /* The pilot as the start of a 10-chunk job: 10 x (1 + 4) = 50 calls.
     * The whole run (window 0): 15 calls in 88.8 s; 35 to go take
     * 35 * 88.8 / 15 = 207.2 s: finish at 88.8 + 207.2 = 296 s.  Spend
     * 0.015696 / 15 = 0.0010464 a call: 0.015696 + 35 * 0.0010464 =
     * 0.05232 (= 0.015696 * 50 / 15); input 8352 * 50 / 15 = 27840,
     * output 2448 * 50 / 15 = 8160. */
    struct projection_options whole = {50, NAN, 0};
    CHECK(actual_project(&log, &whole, &p, &d) == 0);
    CHECK(!p.finished);
    CHECK_NEAR(p.done, 15, 0);
    CHECK_NEAR(p.fraction, 0.3, 1e-15);
    CHECK_NEAR(p.now_s - T0, 88.8, TIME_TOL);
    CHECK_NEAR(p.window_s, 88.8, TIME_TOL);
    CHECK_NEAR(p.rate_per_s, 15 / 88.8, 1e-8);
    CHECK_NEAR(p.remaining_s, 207.2, 1e-6);
    CHECK_NEAR(p.finish_s - T0, 296, 1e-6);
    CHECK_NEAR(p.total_s, 296, 1e-6);
    CHECK_NEAR(p.spend_so_far, 0.015696, 1e-12);
    CHECK_NEAR(p.spend_per_request, 0.0010464, 1e-12);
    CHECK_NEAR(p.projected_spend, 0.05232, 1e-12);
    CHECK_NEAR(p.projected_input_tokens, 27840, 1e-9);
    CHECK_NEAR(p.projected_output_tokens, 8160, 1e-9);

    /* The last 30 s, [58.8, 88.8]: a3-2, a3-3, a3-4 ended in it (a3-1 at
     * 58.2 did not): 0.1 calls/s, 35 take 350 s: finish at 438.8 s.  Their
     * spend (624 + 628 + 632) e-6 + (190 + 190 + 200) * 3e-6 = 0.003624, or
     * 0.001208 a call: 0.015696 + 35 * 0.001208 = 0.057976; input 1884 / 3
     * = 628 a call: 8352 + 35 * 628 = 30332. */
    struct projection_options last30 = {50, NAN, 30};
    CHECK(actual_project(&log, &last30, &p, &d) == 0);
    CHECK_NEAR(p.window_s, 30, 0);
    CHECK_NEAR(p.done_in_window, 3, 0);
    CHECK_NEAR(p.rate_per_s, 0.1, 1e-12);
    CHECK_NEAR(p.finish_s - T0, 438.8, 1e-6);
    CHECK_NEAR(p.spend_per_request, 0.001208, 1e-12);
    CHECK_NEAR(p.projected_spend, 0.057976, 1e-12);
    CHECK_NEAR(p.projected_input_tokens, 30332, 1e-9);

    /* Checked at 120 s with the default hour: the window is the 120 s run
     * so far, 15 calls: 0.125/s, 35 take 280 s: finish at 400 s. */
    struct projection_options later = {50, T0 + 120, PROJECTION_WINDOW_S};
    CHECK(actual_project(&log, &later, &p, &d) == 0);
    CHECK_NEAR(p.window_s, 120, 0);
    CHECK_NEAR(p.rate_per_s, 0.125, 1e-12);
    CHECK_NEAR(p.finish_s - T0, 400, 1e-6);

    /* At 30 s only the calls that ended by then count: q1 q2 a2-1 a1-1 a2-2
     * a1-2 a2-3 a2-4 = 8 of 50; 42 at 8 / 30 a second take 157.5 s. */
    struct projection_options early = {50, T0 + 30, 0};
    CHECK(actual_project(&log, &early, &p, &d) == 0);
    CHECK_NEAR(p.done, 8, 0);
    CHECK_NEAR(p.remaining_s, 157.5, 1e-6);

    /* Planned 15: done, finished at the last call's end. */
    struct projection_options done = {15, NAN, 0};
    CHECK(actual_project(&log, &done, &p, &d) == 0);
    CHECK(p.finished && p.fraction == 1 && p.remaining_s == 0);
    CHECK_NEAR(p.finish_s - T0, 88.8, TIME_TOL);
    CHECK_NEAR(p.projected_spend, 0.015696, 1e-12);

    /* Nothing ended in the window: stalled. */
    struct projection_options stalled = {50, T0 + 200, 60};
    CHECK(actual_project(&log, &stalled, &p, &d) == 0);
    CHECK(p.done_in_window == 0 && isinf(p.remaining_s) && isinf(p.finish_s));
    CHECK(isnan(p.projected_spend));

    struct projection_options bad = {0, NAN, 0};
    CHECK(actual_project(&log, &bad, &p, &d) == -1);
    CHECK_STR(d.message, "the planned number of requests must be positive");
    diag_release(&d);
    struct projection_options before = {50, T0 - 1, 0};
    CHECK(actual_project(&log, &before, &p, &d) == -1);
    CHECK_STR(d.message, "the projection's time is before the log's first request");
    diag_release(&d);
    usage_log_release(&log);
}

/*
 * The example pilot (scenarios/pilot/make-logs.py): raft.py's 4 workers on
 * 30 chunks of 5 questions, a few milliseconds between calls, 3 429s
 * retried after 0.5 to 1 s while the other workers go on.  The pattern
 * follows each worker: 4 sequences, 30 question calls and 150 answer calls.
 */
static void test_pattern_example(void)
{
    struct usage_log log;
    if (read_log("scenarios/pilot/pilot.csv", &log))
        return;
    struct calib_kinds k;
    CHECK(calib_classify_with(&log, CALIB_RULE_PATTERN, 5, &k) == 0);
    CHECK(k.chains == 4 && k.questions == 30 && k.answers == 150);
    /* Each call is the kind the generator made: a question call's prompt is
     * 205 + a chunk of about 124 tokens, an answer call's 445 + the chunk +
     * a question, so 450 tokens tell them apart. */
    int kinds_agree = 1;
    for (size_t i = 0; i < log.n; i++)
        if (k.kind[i] != CALIB_UNCLASSIFIED)
            kinds_agree &= (k.kind[i] == CALIB_QUESTION) == (log.records[i].prompt_tokens < 450);
    CHECK(kinds_agree);
    calib_kinds_release(&k);
    usage_log_release(&log);
}

int main(void)
{
    test_rules();
    test_calibrate_pilot();
    test_pattern_example();
    test_concurrency();
    test_actual();
    test_projection();
    TEST_END("calibrate");
}
