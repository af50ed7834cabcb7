/*
 * Unit tests of calibrations applied to a scenario: values under nested
 * and dotted keys set the scenario's parameters, the plan follows (hand
 * arithmetic below), the `calibration:` key applies a file before --set,
 * and every error points into the calibration file.
 *
 * tests/calib/data/pilot-job.yaml: 10 chunks, 4 questions a chunk, maas at
 * 20 tok/s and maap at 40 tok/s.  Calibrated with tests/logs/pilot.csv
 * (question_prompt_tokens 192, answer_prompt_tokens 474, question_tokens
 * 14, answer_tokens 190, throughputs 18.4 and 9.2 tok/s):
 *   input  = 10 x (192 + 128) + 40 x (474 + 128 + 14) = 3,200 + 24,640 = 27,840
 *   output = 10 x 4 x 14 + 40 x 190 = 560 + 7,600 = 8,160
 *   wall   = 8,160 / (18.4 + 9.2) = 295.652 s
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model.h"
#include "scenario_calib.h"
#include "test.h"

#define JOB "tests/calib/data/pilot-job.yaml"

static const char calibration[] = "generation:\n"
                                  "  dataset:\n"
                                  "    question_prompt_tokens: 192\n"
                                  "    answer_prompt_tokens: 474   # a comment\n"
                                  "    question_tokens: 14\n"
                                  "  dataset.answer_tokens: 190\n"
                                  "backends:\n"
                                  "  maas: {throughput: 18.4 tok/s}\n"
                                  "backends.maap.throughput: 9.2\n";

static void test_apply(void)
{
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (scenario_load(&s, JOB, &d) != 0) {
        diag_render(&d, stderr);
        CHECK(!"loads");
        return;
    }
    struct scenario_calib_settings set = SCENARIO_CALIB_SETTINGS_INIT;
    CHECK(scenario_calib_apply(&s, "cal.yaml", calibration, strlen(calibration), 0, 0, &set, &d) ==
          0);
    diag_render(&d, stderr);
    CHECK(set.n == 6);
    if (set.n == 6) {
        CHECK_STR(set.items[0].path, "generation.dataset.question_prompt_tokens");
        CHECK_NEAR(set.items[0].before, 190, 0);
        CHECK_NEAR(set.items[0].after, 192, 0);
        CHECK_STR(set.items[3].path, "generation.dataset.answer_tokens");
        CHECK_STR(set.items[4].path, "backends.maas.throughput");
        CHECK_NEAR(set.items[4].before, 20, 0);
        CHECK_NEAR(set.items[4].after, 18.4, 1e-15);
        CHECK(set.items[4].kind == QK_THROUGHPUT);
        CHECK_STR(set.items[5].path, "backends.maap.throughput");
    }
    scenario_calib_settings_release(&set);
    CHECK(scenario_validate(&s, &d) == 0);
    struct report r;
    CHECK(model_run(&s, &r, &d) == 0);
    CHECK_NEAR(r.generation.input_tokens, 27840, 1e-12);
    CHECK_NEAR(r.generation.output_tokens, 8160, 1e-12);
    CHECK_NEAR(r.generation.wall_s, 8160 / 27.6, 1e-12);
    report_release(&r);
    scenario_release(&s);
}

/* The message and position of applying text to the job. */
static void check_error(const char *text, const char *message, int line, int col)
{
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (scenario_load(&s, JOB, &d) != 0) {
        CHECK(!"loads");
        return;
    }
    CHECK(scenario_calib_apply(&s, "cal.yaml", text, strlen(text), 0, 0, NULL, &d) == -1);
    CHECK_STR(d.message, message);
    CHECK_STR(d.file, "cal.yaml");
    CHECK(d.line == line && d.col == col);
    if (d.line != line || d.col != col)
        fprintf(stderr, "  at %d:%d, want %d:%d\n", d.line, d.col, line, col);
    diag_release(&d);
    scenario_release(&s);
}

static void test_errors(void)
{
    check_error("backends:\n  maas:\n    prefill: 2000 tok/s\n",
                "unknown parameter 'backends.maas.prefill': the scenario has no such key", 3, 5);
    check_error("backends:\n  nope: {throughput: 3}\n",
                "unknown parameter 'backends.nope.throughput' for a calibration; did you mean "
                "'backends.maas.throughput', 'backends.maap.throughput'?",
                2, 10);
    check_error("generation:\n  dataset:\n    answer_tokens: [1, 2]\n",
                "'generation.dataset.answer_tokens' is a list: a calibration holds values under "
                "keys, such as 'generation: {dataset: {answer_tokens: 190}}'",
                3, 20);
    check_error("generation:\n  dataset:\n    answer_tokens:\n",
                "'generation.dataset.answer_tokens' has no value", 3, 19);
    check_error("backends: {maas: {throughput: 2 s}}\n",
                "'throughput' needs a throughput such as '70 tok/s'; unit 's' does not fit (use "
                "tok/s, tok/min or tok/h)",
                1, 31);
    check_error("generation.dataset.answer_tokens: -5\n",
                "'answer_tokens' must not be negative, got '-5'", 1, 35);
    check_error("- a\n- b\n", "a calibration is a mapping of the scenario's keys, got a list", 1,
                1);
    check_error("generation:\n  dataset: {answer_tokens: 1, answer_tokens: 2}\n",
                "'answer_tokens' is given twice in 'generation.dataset' (first at line 2)", 2, 31);
}

static void test_key(void)
{
    /* The scenario's `calibration:` key: the same values as test_apply's. */
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (cli_load(&s, "tests/calib/data/pilot-job-calibrated.yaml", NULL, NULL, NULL, 0, &d) != 0) {
        diag_render(&d, stderr);
        CHECK(!"loads");
        return;
    }
    struct report r;
    CHECK(model_run(&s, &r, &d) == 0);
    CHECK_NEAR(r.generation.input_tokens, 27840, 1e-12);
    CHECK_NEAR(r.generation.wall_s, 8160 / 27.6, 1e-12);
    report_release(&r);
    scenario_release(&s);

    /* --set comes after the calibration: 8,160 / (18.4 + 40.8). */
    const char *sets[] = {"backends.maap.throughput=40.8"};
    CHECK(cli_load(&s, "tests/calib/data/pilot-job-calibrated.yaml", NULL, sets, NULL, 1, &d) == 0);
    CHECK(model_run(&s, &r, &d) == 0);
    CHECK_NEAR(r.generation.wall_s, 8160 / 59.2, 1e-12);
    report_release(&r);
    scenario_release(&s);

    /* A bad value in the file is reported in the file. */
    CHECK(scenario_load(&s, "tests/calib/data/bad-calibration.yaml", &d) == -1);
    CHECK_STR(d.file, "tests/calib/data/bad-calibration-values.yaml");
    CHECK_STR(d.message, "unknown parameter 'backends.maas.prefill': the scenario has no such key");
    CHECK(d.line == 4 && d.col == 5);
    diag_release(&d);

    /* A file that is not there is an error at the key. */
    CHECK(scenario_load(&s, "tests/calib/data/missing-calibration.yaml", &d) == -1);
    CHECK_STR(d.file, "tests/calib/data/missing-calibration.yaml");
    CHECK_STR(d.message, "cannot read the calibration 'tests/calib/data/no-such-file.yaml': No "
                         "such file or directory");
    CHECK(d.line == 2 && d.col == 14);
    diag_release(&d);
}

/*
 * A calibration's ranges merge into the scenario's: one on a path the
 * scenario ranges replaces it in its place, the others follow the
 * scenario's; their later messages point at the calibration key (here
 * line 7, column 3, as the caller says).
 */
static void test_ranges(void)
{
    const char *job = "raftcost: 1\n"
                      "backends:\n"
                      "  maas: {type: serverless, model: {input_per_1k: 0.001, output_per_1k: "
                      "0.003}, throughput: 20 tok/s}\n"
                      "generation: {examples: 50, tokens: {input: 10k, output: 5k}}\n"
                      "ranges:\n"
                      "  backends.maas.throughput: 10..30 tok/s\n"
                      "  generation.tokens.input: 9k..11k\n";
    const char *cal = "backends: {maas: {stream: 25 tok/s}}\n"
                      "ranges:\n"
                      "  generation.tokens.input: 9.5k..10.5k   # the pilot's\n"
                      "  backends.maas.stream: 24..26 tok/s\n";
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (scenario_load_text(&s, "job.yaml", job, strlen(job), &d) != 0) {
        diag_render(&d, stderr);
        CHECK(!"loads");
        return;
    }
    CHECK(scenario_calib_apply(&s, "cal.yaml", cal, strlen(cal), 7, 3, NULL, &d) == 0);
    diag_render(&d, stderr);
    CHECK(s.ranges.present && s.ranges.n == 3);
    if (s.ranges.n == 3) {
        /* The scenario's throughput range stays first, untouched, at its own key (line 6). */
        CHECK_STR(s.ranges.items[0].path, "backends.maas.throughput");
        CHECK_STR(s.ranges.items[0].text, "10..30 tok/s");
        CHECK(s.ranges.items[0].line == 6);
        /* The input's range is the calibration's, in the scenario's place: a lognormal
           with its 5% and 95% at 9,500 and 10,500 (the median sqrt(9500 x 10500)). */
        CHECK_STR(s.ranges.items[1].path, "generation.tokens.input");
        CHECK_STR(s.ranges.items[1].text, "9.5k..10.5k");
        CHECK(s.ranges.items[1].line == 7 && s.ranges.items[1].col == 3);
        CHECK_NEAR(dist_quantile(&s.ranges.items[1].dist, 0.5), sqrt(9500.0 * 10500.0), 1e-6);
        CHECK_NEAR(dist_quantile(&s.ranges.items[1].dist, 0.05), 9500, 1e-6);
        /* The stream's is added after them. */
        CHECK_STR(s.ranges.items[2].path, "backends.maas.stream");
    }
    scenario_release(&s);
    /* A range the calibration cannot hold is an error in the calibration file. */
    if (scenario_load_text(&s, "job.yaml", job, strlen(job), &d) != 0)
        return;
    const char *bad = "ranges:\n  backends.maas.stream: 30..20 tok/s\n";
    CHECK(scenario_calib_apply(&s, "cal.yaml", bad, strlen(bad), 7, 3, NULL, &d) == -1);
    CHECK_STR(d.file, "cal.yaml");
    CHECK(d.line == 2);
    diag_release(&d);
    scenario_release(&s);
}

int main(void)
{
    test_apply();
    test_errors();
    test_key();
    test_ranges();
    TEST_END("scenario_calib");
}
