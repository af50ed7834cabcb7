/*
 * Fuzzes the scenario loader and everything a report goes through: the
 * loader tables, validation, the variants (each applied to a clone of the
 * scenario), the model, the key figures, and every writer (text, Markdown,
 * CSV, JSON).  The scenario is named "tests/fuzz/scenarios/fuzz.yaml", so
 * that, run from the repository, the seeds' '../pricing/...' catalogues and
 * 'curves/...' points are found in tests/fuzz/: links to the shipped files,
 * but for a LiteLLM file of the four entries the seeds use (the whole one
 * takes 10 ms to read, and would be read at every run).
 */
#include <stdlib.h>

#include "figures.h"
#include "fuzz.h"
#include "model.h"
#include "report.h"
#include "scenario.h"

static void run(const struct scenario *s)
{
    struct report r;
    struct diag d = DIAG_INIT;
    if (model_run(s, &r, &d) != 0) {
        fuzz_diag(&d);
        return;
    }
    FILE *sink = fuzz_sink();
    report_write_text(&r, sink);
    report_write_md(&r, sink);
    report_write_csv(&r, sink);
    char *json = report_json(&r);
    free(json);
    struct figures f;
    figures_collect(&r, &f);
    figures_release(&f);
    report_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (scenario_load_text(&s, "tests/fuzz/scenarios/fuzz.yaml", (const char *)data, size, &d) !=
        0) {
        fuzz_diag(&d);
        return 0;
    }
    run(&s);
    /* A few variants, each on its own clone, as compare makes them. */
    for (size_t v = 0; v < s.nvariants && v < 4; v++) {
        struct scenario c;
        scenario_clone(&s, &c);
        if (scenario_apply_variant(&c, s.variants[v].name, &d) == 0)
            run(&c);
        fuzz_diag(&d);
        scenario_release(&c);
    }
    scenario_release(&s);
    return 0;
}
