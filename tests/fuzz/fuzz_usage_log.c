/*
 * Fuzzes the usage-log readers: the first byte picks the format (detected
 * from the content, raftcost's plain CSV, LiteLLM's CSV, LiteLLM's JSON,
 * OpenAI-compatible JSON lines), the rest is the log.  A log that reads is
 * then calibrated and measured, as calibrate and actual would.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "fuzz.h"
#include "usage_log.h"
#include "util.h"

static const enum usage_format formats[] = {USAGE_AUTO, USAGE_CSV, USAGE_LITELLM_CSV,
                                            USAGE_LITELLM_JSON, USAGE_OPENAI_JSONL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    enum usage_format format = formats[data[0] % (sizeof formats / sizeof formats[0])];
    /* The readers take a buffer with no NUL after it (a mapped file): a copy of that size. */
    char *text = xmalloc(size - 1);
    memcpy(text, data + 1, size - 1);
    struct usage_log log;
    struct diag d = DIAG_INIT;
    if (usage_log_parse("fuzz.log", text, size - 1, format, NULL, &log, &d) == 0) {
        struct calib_options options = {.questions_per_chunk = data[0] & 8 ? 1.0 : 0.0,
                                        .keep_points = (data[0] & 16) != 0};
        struct calibration cal;
        if (calibrate(&log, &options, &cal, &d) == 0)
            calibration_release(&cal);
        fuzz_diag(&d);
        struct actual actual;
        actual_compute(&log, &actual);
        actual_release(&actual);
        struct projection_options popt = {100, NAN, PROJECTION_WINDOW_S};
        struct projection proj;
        actual_project(&log, &popt, &proj, &d);
        fuzz_diag(&d);
        usage_log_release(&log);
    }
    fuzz_diag(&d);
    free(text);
    return 0;
}
