/*
 * Fuzzes the reader of SkyPilot's VM catalogue CSV files, as a scenario's
 * `pricing:` entry with `format: skypilot` loads them: the first byte picks
 * no choice, a region or a cloud (the entry's `region:` and `cloud:`).
 */
#include <stdlib.h>

#include "fuzz.h"
#include "pricing.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *path = fuzz_file(data + 1, size - 1, ".csv");
    struct pricing p;
    struct pricing_entry e;
    struct diag d = DIAG_INIT;
    pricing_init(&p);
    pricing_entry_init(&e);
    e.format = CATALOGUE_SKYPILOT;
    if (data[0] % 3 == 1)
        e.region = xstrdup("eastus");
    else if (data[0] % 3 == 2)
        e.cloud = xstrdup("azure");
    if (pricing_load_entry(&p, path, &e, &d) == 0) {
        pricing_instance(&p, "Standard_NC96ads_A100_v4");
        free(pricing_suggestions(&p, "instances", "Standard_NC", 3));
    }
    fuzz_diag(&d);
    pricing_entry_release(&e);
    pricing_release(&p);
    return 0;
}
