/*
 * Unit tests of the calibrated variant and the JSON objects: the pilot's
 * YAML equals tests/logs/pilot-calibrated.yaml, parses as YAML, and its
 * values are quantities the scenario format reads; values the log cannot
 * give become comments; the JSON carries the report's stable keys.
 *
 * The pilot's values (see test_calibrate.c), with the scenario's
 * chunk_tokens 128 and 4 questions a chunk:
 *   question_prompt_tokens = 320 - 128 = 192
 *   question_tokens        = 56 / 4 = 14 (sd 4 / 4 = 1)
 *   answer_prompt_tokens   = 616 - 128 - 14 = 474
 *   answer_tokens          = 190
 *   maas: stream 20 tok/s, ttft 0.5 s (p90 0.61); maap: 40 tok/s, 1 s (p90 1.16)
 *   throughput over the log's 88.8 s: maas 1632 output tokens / 88.8 = 18.4 tok/s
 *   (52+170+180+200+210+60+180+190+190+200 = 1632; busy 86.3 s: 18.9 tok/s), maap
 *   816 / 88.8 = 9.2 tok/s (56+175+185+195+205 = 816; busy 2.2+5.375+5.825+5.775+6.1 =
 *   25.275 s: 32.3 tok/s)
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calibrate_out.h"
#include "quantity.h"
#include "ranges.h"
#include "scenario.h"
#include "scenario_calib.h"
#include "test.h"
#include "yamldoc.h"

static int load_pilot(const char *path, struct usage_log *log, struct calibration *cal)
{
    struct diag d = DIAG_INIT;
    struct calib_options opt = {.questions_per_chunk = 4};
    if (usage_log_read(path, USAGE_AUTO, NULL, log, &d) != 0 || calibrate(log, &opt, cal, &d)) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"calibration failed");
        return -1;
    }
    return 0;
}

/* The scalar at a path of mapping keys, or NULL. */
static const char *scalar_at(struct yamldoc *y, const char *const *path)
{
    yaml_node_t *node = yamldoc_root(y);
    for (; *path; path++) {
        if (!node || node->type != YAML_MAPPING_NODE)
            return NULL;
        yaml_node_t *next = NULL;
        for (size_t i = 0; i < yamldoc_map_size(node); i++) {
            yaml_node_t *k, *v;
            const char *name = yamldoc_key_at(y, node, i, &k, &v);
            if (name && strcmp(name, *path) == 0)
                next = v;
        }
        node = next;
    }
    return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

static double quantity_at(struct yamldoc *y, const char *const *path, enum qkind kind)
{
    const char *text = scalar_at(y, path);
    double v = NAN;
    char *message = NULL;
    int offset;
    if (!text || quantity_parse(text, kind, 0, path[0], &v, &message, &offset) != 0) {
        fprintf(stderr, "%s: %s\n", text ? text : "(missing)", message ? message : "");
        free(message);
        return NAN;
    }
    return v;
}

static void test_yaml(void)
{
    struct usage_log log;
    struct calibration cal;
    if (load_pilot("tests/logs/pilot.csv", &log, &cal))
        return;
    const char *backends[] = {"maas", "maap"};
    struct calib_out_options opt = {.log_name = "pilot.csv",
                                    .chunk_tokens = 128,
                                    .questions_per_chunk = 4,
                                    .backends = backends};
    struct strbuf out = STRBUF_INIT;
    calib_out_yaml(&cal, &log, &opt, &out);

    char *want = NULL;
    size_t want_len = 0;
    CHECK(read_whole_file("tests/logs/pilot-calibrated.yaml", &want, &want_len) == 0);
    CHECK(want && want_len == out.len && memcmp(want, out.buf, out.len) == 0);
    if (want && (want_len != out.len || memcmp(want, out.buf, out.len) != 0))
        fprintf(stderr, "got:\n%s", out.buf);
    free(want);

    /* It is YAML, and its values are the scenario format's quantities. */
    char path[] = "/tmp/raftcost-calib-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, out.buf, out.len) == (ssize_t)out.len);
        close(fd);
        struct yamldoc y = {0};
        struct diag d = DIAG_INIT;
        CHECK(yamldoc_load(&y, path, &d) == 0);
        diag_render(&d, stderr);
        diag_release(&d);
        const char *qp[] = {"generation", "dataset", "question_prompt_tokens", NULL};
        const char *ap[] = {"generation", "dataset", "answer_prompt_tokens", NULL};
        const char *qt[] = {"generation", "dataset", "question_tokens", NULL};
        const char *at[] = {"generation", "dataset", "answer_tokens", NULL};
        const char *ct[] = {"generation", "dataset", "chunk_tokens", NULL};
        const char *ms[] = {"backends", "maas", "stream", NULL};
        const char *mt[] = {"backends", "maas", "ttft", NULL};
        const char *ps[] = {"backends", "maap", "stream", NULL};
        const char *pt[] = {"backends", "maap", "ttft", NULL};
        const char *mx[] = {"backends", "maas", "throughput", NULL};
        const char *px[] = {"backends", "maap", "throughput", NULL};
        CHECK_NEAR(quantity_at(&y, qp, QK_NUMBER), 192, 0);
        CHECK_NEAR(quantity_at(&y, ap, QK_NUMBER), 474, 0);
        CHECK_NEAR(quantity_at(&y, qt, QK_NUMBER), 14, 0);
        CHECK_NEAR(quantity_at(&y, at, QK_NUMBER), 190, 0);
        CHECK_NEAR(quantity_at(&y, ct, QK_NUMBER), 128, 0);
        CHECK_NEAR(quantity_at(&y, ms, QK_THROUGHPUT), 20, 0);
        CHECK_NEAR(quantity_at(&y, mt, QK_DURATION), 0.5, 0);
        CHECK_NEAR(quantity_at(&y, ps, QK_THROUGHPUT), 40, 0);
        CHECK_NEAR(quantity_at(&y, pt, QK_DURATION), 1, 0);
        CHECK_NEAR(quantity_at(&y, mx, QK_THROUGHPUT), 18.4, 1e-12);
        CHECK_NEAR(quantity_at(&y, px, QK_THROUGHPUT), 9.2, 1e-12);
        yamldoc_release(&y);
        unlink(path);
    }
    strbuf_release(&out);

    /* No chunk size, no backends: prompts and speeds only as comments; Q
     * from the log (4 answer calls a question call). */
    struct calib_out_options bare = {
        .log_name = NULL, .chunk_tokens = 0, .questions_per_chunk = 0, .backends = NULL};
    calib_out_yaml(&cal, &log, &bare, &out);
    CHECK(strstr(out.buf, "# Calibrated from tests/logs/pilot.csv (usage CSV)") == out.buf);
    CHECK(strstr(out.buf, "\n    # question_prompt_tokens: question calls' mean prompt is 320 "
                          "tokens (3 calls), chunk included"));
    CHECK(strstr(out.buf, "\n    question_tokens: 14   #"));
    CHECK(strstr(out.buf, "# questions per chunk from the log: 4 answer calls a question call"));
    CHECK(!strstr(out.buf, "\nbackends:"));
    CHECK(strstr(out.buf, "\n# deployment 'maas' (12 requests) is not a backend of the "
                          "scenario:\n#   stream: 20 tok/s"));
    strbuf_release(&out);

    /* Two deployments for one backend: the one with more timed calls (maas,
     * 10 against 5) speaks for it, and the key appears once. */
    const char *same[] = {"pool", "pool"};
    struct calib_out_options pooled = {
        .log_name = "pilot.csv", .chunk_tokens = 128, .questions_per_chunk = 4, .backends = same};
    calib_out_yaml(&cal, &log, &pooled, &out);
    CHECK(strstr(out.buf, "\n  pool:\n    # from deployment 'maas', the one with the most timed "
                          "calls of the 2 this backend has\n    stream: 20 tok/s"));
    const char *second = strstr(out.buf, "  pool:");
    CHECK(second && !strstr(second + 1, "  pool:"));
    strbuf_release(&out);

    /* A scenario without the keys: maas takes only a throughput, maap only
     * stream and ttft; the others become comments, with a note saying why. */
    const unsigned keys[] = {CALIB_KEY_THROUGHPUT, CALIB_KEY_STREAM | CALIB_KEY_TTFT};
    struct calib_out_options limited = {.log_name = "pilot.csv",
                                        .chunk_tokens = 128,
                                        .questions_per_chunk = 4,
                                        .backends = backends,
                                        .keys = keys};
    calib_out_yaml(&cal, &log, &limited, &out);
    CHECK(strstr(out.buf, "\n    # stream: 20 tok/s   # p50"));
    CHECK(strstr(out.buf, "\n    # ttft: 0.5 s   # p50"));
    CHECK(strstr(out.buf, "\n    throughput: 18.4 tok/s   # delivered: 1632 output tokens of 10 "
                          "calls over the log's 1 min 29 s"));
    CHECK(strstr(out.buf, "\n    # not set (the scenario has no such key for 'maas'): stream "
                          "ttft rejects\n"));
    CHECK(strstr(out.buf, "\n    stream: 40 tok/s   # p50"));
    CHECK(strstr(out.buf, "\n    # throughput: 9.2 tok/s   #"));
    CHECK(strstr(out.buf, "\n    # not set (the scenario has no such key for 'maap'): "
                          "throughput (a curve, or none) rejects\n"));
    /* Only the keys written get a range: maas's throughput, maap's stream and ttft. */
    CHECK(!strstr(out.buf, "\n  backends.maas.stream:"));
    CHECK(strstr(out.buf, "\n  backends.maas.throughput: 18.38 tok/s   #"));
    CHECK(strstr(out.buf, "\n  backends.maap.stream: 40..41 tok/s   #"));
    CHECK(!strstr(out.buf, "\n  backends.maap.throughput:"));
    strbuf_release(&out);

    /* No dataset: the calls as comments and the job's tokens from the mean
     * successful call: 15 calls, prompts 3 x 320 + 12 x 616 = 8352 (556.8 a
     * call), outputs 168 + 2280 = 2448 (163.2 a call); 1,000 requests give
     * 556,800 and 163,200 tokens. */
    struct calib_out_options totals = {
        .log_name = "pilot.csv", .backends = backends, .no_dataset = 1, .requests = 1000};
    calib_out_yaml(&cal, &log, &totals, &out);
    CHECK(!strstr(out.buf, "dataset:"));
    CHECK(strstr(out.buf, "\ngeneration:\n  # the scenario has no generation.dataset; the calls, "
                          "for reference:\n  #   3 question calls: mean prompt 320, mean output "
                          "56\n  #   12 answer calls: mean prompt 616, mean output 190\n  tokens:\n"
                          "    input: 556800   # 1000 requests x 556.8, the mean prompt of 15 "
                          "successful calls, pilot.csv\n    output: 163200   # 1000 requests x "
                          "163.2,"));
    strbuf_release(&out);
    /* Without requests: nothing under generation, only comments. */
    totals.requests = 0;
    calib_out_yaml(&cal, &log, &totals, &out);
    CHECK(!strstr(out.buf, "\ngeneration:"));
    CHECK(strstr(out.buf, "\n# the scenario has no generation.dataset;"));
    strbuf_release(&out);

    /* A chunk size larger than the question calls' prompts: 0, with a note. */
    struct calib_out_options big = {
        .log_name = "pilot.csv", .chunk_tokens = 400, .questions_per_chunk = 4, .backends = NULL};
    calib_out_yaml(&cal, &log, &big, &out);
    CHECK(strstr(out.buf, "\n    question_prompt_tokens: 0   # mean prompt of 3 question calls "
                          "(320, sd 10) - chunk_tokens 400 (0 or below, written as 0"));
    /* 616 - 400 - 14 = 202 */
    CHECK(strstr(out.buf, "\n    answer_prompt_tokens: 202   #"));
    strbuf_release(&out);
    /* Values are whole tokens: with 3 questions a chunk, 56 / 3 = 18.67 gives
     * 19, and 616 - 128 - 19 = 469. */
    struct calib_out_options three = {
        .log_name = "pilot.csv", .chunk_tokens = 128, .questions_per_chunk = 3};
    calib_out_yaml(&cal, &log, &three, &out);
    CHECK(strstr(out.buf, "\n    question_tokens: 19   # mean of 3 question calls' output / 3 "
                          "questions (56 / 3 = 18.67, rounded, sd 1.33), pilot.csv\n"));
    CHECK(strstr(out.buf, "\n    answer_prompt_tokens: 469   #"));
    strbuf_release(&out);
    calibration_release(&cal);
    usage_log_release(&log);

    /* The concurrency fit appears as a note (3 overlapping requests: see
     * test_calibrate.c, speed = 15 - 3 x concurrency, R^2 0.75). */
    const char *text = "start,end,prompt_tokens,completion_tokens,deployment,status\n"
                       "1717243200,1717243210,500,100,x,success\n"
                       "1717243205,1717243215,500,80,x,success\n"
                       "1717243205,1717243210,500,30,x,success\n";
    struct diag d = DIAG_INIT;
    CHECK(usage_log_parse("mem.csv", text, strlen(text), USAGE_CSV, NULL, &log, &d) == 0);
    CHECK(calibrate(&log, NULL, &cal, &d) == 0);
    const char *x[] = {"x"};
    struct calib_out_options one = {
        .log_name = "mem.csv", .chunk_tokens = 128, .questions_per_chunk = 4, .backends = x};
    calib_out_yaml(&cal, &log, &one, &out);
    CHECK(strstr(out.buf, "    stream: 8 tok/s   # p50 per-stream decode speed of 3 calls, "
                          "output / (end - start): no first-token times"));
    CHECK(strstr(out.buf, "    # ttft: the log has no first-token times\n"));
    CHECK(strstr(out.buf, "    # per-stream speed = 15 - 3 x concurrency tok/s (least squares "
                          "over 3 calls, R^2 0.75; mean concurrency 2.33)\n"));
    strbuf_release(&out);
    calibration_release(&cal);
    usage_log_release(&log);
}

/*
 * The ranges from the pilot's spread (tests/logs/pilot.csv), by hand:
 *   answer_tokens: outputs 170 180 200 210 175 185 195 205 180 190 190 200,
 *     mean 190, squared deviations 400 100 100 400 225 25 25 225 100 0 0 100 =
 *     1,700, sd sqrt(1700 / 11) = 12.4316, se 12.4316 / sqrt(12) = 3.5887,
 *     x 1.6449 = 5.9031: 184.10 .. 195.90;
 *   question_prompt_tokens: prompts 310 320 330, mean 320, sd 10, se 5.7735,
 *     x 1.6449 = 9.4968, less chunk_tokens 128: 182.50 .. 201.50;
 *   question_tokens: outputs 52 56 60 over 4 questions, mean 14, sd 1, se
 *     0.57735, x 1.6449 = 0.94968: 13.05 .. 14.95;
 *   answer_prompt_tokens: prompts 600 .. 632 (mean 616, sd 9.7214), less 128
 *     and question_tokens 14: 474, se 2.8063 x 1.6449 = 4.6161: 469.38 .. 478.62;
 *   maap (5 calls): l = floor(3 - 1.6449 x sqrt(5) / 2) = floor(1.161) = 1, so
 *     the first and the fifth: stream 40 .. 41 tok/s, ttft 0.8 .. 1.2 s, and
 *     its throughput 816 / 88.8 = 9.1892 x (40 .. 41) / 40 = 9.19 .. 9.42;
 *   maas (10 calls): l = floor(5.5 - 2.6008) = 2: stream x(2) = x(9) = 20, a
 *     constant, and so its throughput, 1632 / 88.8 = 18.38; ttft 0.4 .. 0.6 s.
 * The output's spread for the simulation: 12.4316 / 190 = 6.5%.
 */
static void test_ranges(void)
{
    struct usage_log log;
    struct calibration cal;
    if (load_pilot("tests/logs/pilot.csv", &log, &cal))
        return;
    const char *backends[] = {"maas", "maap"};
    struct calib_out_options opt = {.log_name = "pilot.csv",
                                    .chunk_tokens = 128,
                                    .questions_per_chunk = 4,
                                    .backends = backends};
    struct strbuf out = STRBUF_INIT;
    calib_out_yaml(&cal, &log, &opt, &out);
    static const char *const lines[] = {
        "\n  generation.dataset.question_prompt_tokens: 182.5..201.5   # mean 192 +- 1.6449 x "
        "sd 10 / sqrt(3) (question calls' prompt - chunk_tokens 128), pilot.csv\n",
        "\n  generation.dataset.answer_prompt_tokens: 469.38..478.62   #",
        "\n  generation.dataset.question_tokens: 13.05..14.95   #",
        "\n  generation.dataset.answer_tokens: 184.1..195.9   # mean 190 +- 1.6449 x sd 12.43 / "
        "sqrt(12) (answer calls' output), pilot.csv\n",
        "\n  backends.maas.stream: 20 tok/s   # the p50's 90% interval, calls 2 and 9 of 10 "
        "sorted by speed, is one value: a constant, pilot.csv\n",
        "\n  backends.maas.ttft: 0.4..0.6 s   #",
        "\n  backends.maas.throughput: 18.38 tok/s   #",
        "\n  backends.maap.stream: 40..41 tok/s   # the p50's 90% interval: calls 1 and 5 of 5 "
        "sorted by speed, pilot.csv\n",
        "\n  backends.maap.ttft: 0.8..1.2 s   #",
        "\n  backends.maap.throughput: 9.19..9.42 tok/s   #",
        "\n    rejects: 16.7%   # 429s: 2 of 12 requests",
        "\n    rejects: 0%   # 429s: 0 of 6 requests",
        "\nsimulation:\n  service: stream   #",
        "\n    dist: lognormal   #",
        "\n    cv: 6.5%   # sd / mean of the output of 12 answer calls (12.4 / 190), pilot.csv\n",
        "\n  # workers: the pilot had at most 2 calls in flight at once;",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (!strstr(out.buf, lines[i])) {
            CHECK(!"a line of the ranges");
            fprintf(stderr, "missing: %s\n", lines[i]);
        }

    /* Applied to the job, the answer_tokens range is a lognormal with those 5% and 95% points. */
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (scenario_load(&s, "tests/calib/data/pilot-job.yaml", &d) == 0) {
        CHECK(scenario_calib_apply(&s, "cal.yaml", out.buf, out.len, 0, 0, NULL, &d) == 0);
        diag_render(&d, stderr);
        const struct range *rg = ranges_find(&s.ranges, "generation.dataset.answer_tokens");
        CHECK(rg != NULL);
        if (rg) {
            CHECK_NEAR(dist_quantile(&rg->dist, 0.05), 184.1, 1e-9);
            CHECK_NEAR(dist_quantile(&rg->dist, 0.95), 195.9, 1e-9);
        }
        rg = ranges_find(&s.ranges, "backends.maas.stream");
        CHECK(rg && dist_quantile(&rg->dist, 0.01) == 20 && dist_quantile(&rg->dist, 0.99) == 20);
        CHECK(scenario_validate(&s, &d) == 0);
        scenario_release(&s);
    }
    diag_release(&d);
    strbuf_release(&out);
    calibration_release(&cal);
    usage_log_release(&log);
}

static double number_at(const cJSON *o, const char *a, const char *b, const char *c)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b)
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    if (c)
        v = cJSON_GetObjectItemCaseSensitive(v, c);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void test_json(void)
{
    struct usage_log log;
    struct calibration cal;
    if (load_pilot("tests/logs/pilot.csv", &log, &cal))
        return;
    cJSON *j = calib_out_json(&cal);
    const cJSON *calls = cJSON_GetObjectItemCaseSensitive(j, "calls");
    CHECK_NEAR(number_at(calls, "question", "n", NULL), 3, 0);
    CHECK_NEAR(number_at(cJSON_GetObjectItemCaseSensitive(calls, "question"), "prompt_tokens",
                         "mean", NULL),
               320, 0);
    CHECK_NEAR(
        number_at(cJSON_GetObjectItemCaseSensitive(calls, "answer"), "output_tokens", "sd", NULL),
        sqrt(1700.0 / 11), 1e-12);
    const cJSON *deps = cJSON_GetObjectItemCaseSensitive(j, "deployments");
    CHECK(cJSON_GetArraySize(deps) == 2);
    const cJSON *maas = cJSON_GetArrayItem(deps, 0);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(maas, "name")), "maas");
    CHECK_NEAR(number_at(maas, "requests", NULL, NULL), 12, 0);
    CHECK_NEAR(number_at(maas, "ttft_s", "p50", NULL), 0.5, 1e-6);
    CHECK_NEAR(number_at(maas, "ttft_s", "p90", NULL), 0.61, 1e-6);
    CHECK_NEAR(number_at(maas, "stream_tok_s", "p50", NULL), 20, 1e-6);
    CHECK_NEAR(number_at(maas, "rejected_share", NULL, NULL), 2.0 / 12, 1e-15);
    /* No fit: null, not a number. */
    const cJSON *fit = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(maas, "stream_tok_s"), "vs_concurrency");
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(fit, "slope")));
    cJSON_Delete(j);

    /* Plan against actual with the projection of a 50-call job (see
     * test_calibrate.c): 296 s from the first request, finishing at
     * 12:00:00 + 296 s = 12:04:56, costing 0.05232. */
    struct actual a;
    actual_compute(&log, &a);
    struct projection p;
    struct projection_options po = {50, NAN, 0};
    struct diag d = DIAG_INIT;
    CHECK(actual_project(&log, &po, &p, &d) == 0);
    j = calib_out_actual_json(&a, &p);
    CHECK_NEAR(number_at(j, "requests", NULL, NULL), 18, 0);
    CHECK_NEAR(number_at(j, "rejected", NULL, NULL), 2, 0);
    CHECK_NEAR(number_at(j, "cost", NULL, NULL), 0.015696, 1e-12);
    CHECK_NEAR(number_at(j, "hours", NULL, NULL), 88.8 / 3600, 1e-9);
    CHECK_NEAR(number_at(j, "projection", "hours", NULL), 296.0 / 3600, 1e-9);
    CHECK_NEAR(number_at(j, "projection", "cost", NULL), 0.05232, 1e-12);
    CHECK_NEAR(number_at(j, "projection", "fraction", NULL), 0.3, 1e-15);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
                  cJSON_GetObjectItemCaseSensitive(j, "projection"), "finish")),
              "2024-06-01T12:04:56Z");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "deployments")) == 2);
    cJSON_Delete(j);
    j = calib_out_actual_json(&a, NULL);
    CHECK(!cJSON_GetObjectItemCaseSensitive(j, "projection"));
    cJSON_Delete(j);
    actual_release(&a);
    calibration_release(&cal);
    usage_log_release(&log);
}

int main(void)
{
    test_ranges();
    test_yaml();
    test_json();
    TEST_END("calibrate_out");
}
