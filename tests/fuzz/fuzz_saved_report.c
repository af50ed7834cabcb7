/*
 * Fuzzes the reader of a saved JSON report, as `compare --against OLD.json`
 * loads it: cJSON's parse, then the key figures read at their paths
 * (figures_from_json), each figure's value in its unit and its text as the
 * comparison shows it.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "figures.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *json = cJSON_ParseWithLength((const char *)data, size);
    if (!json)
        return 0;
    struct figures f;
    char *why = NULL;
    if (figures_from_json(json, &f, &why) == 0) {
        double sum = 0;
        for (size_t i = 0; i < f.n; i++) {
            double v = figure_value_in_unit(&f.items[i]);
            if (!isnan(v))
                sum += v;
        }
        fprintf(fuzz_sink(), "%g\n", sum);
        figures_release(&f);
    }
    free(why);
    cJSON_Delete(json);
    return 0;
}
