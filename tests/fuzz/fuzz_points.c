/*
 * Fuzzes the benchmark results reader (a CSV table with named columns, the
 * GenAI-Perf/AIPerf exports, vLLM's and llmperf's JSON, as `fit` and
 * `points_file` read them) and the curve fits over what was read: each
 * model, then the fitted curve evaluated at a few concurrencies.
 */
#include <stdlib.h>

#include "bench.h"
#include "curve.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct curve_points pts;
    struct diag d = DIAG_INIT;
    if (bench_parse("fuzz.csv", text, size, &pts, &d) == 0) {
        for (int m = 0; m < CURVE_MODEL_COUNT; m++) {
            struct curve_fit fit;
            if (curve_fit(&pts, (enum curve_model)m, &fit, &d) == 0) {
                curve_eval(&fit, 1);
                curve_eval(&fit, 64);
                curve_eval(&fit, 1e9);
                curve_fit_release(&fit);
            }
            fuzz_diag(&d);
        }
        curve_points_release(&pts);
    }
    fuzz_diag(&d);
    free(text);
    return 0;
}
