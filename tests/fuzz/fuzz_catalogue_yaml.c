/*
 * Fuzzes raftcost's YAML price catalogues (the files of pricing/) as a scenario's
 * `pricing:` loads them, from a file (the reader takes a path), and the
 * look-ups and suggestions over what was read.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "pricing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".yaml");
    struct pricing p;
    struct pricing_entry e;
    struct diag d = DIAG_INIT;
    pricing_init(&p);
    pricing_entry_init(&e);
    e.format = CATALOGUE_RAFTCOST;
    if (pricing_load_entry(&p, path, &e, &d) == 0) {
        pricing_model(&p, "azure/Meta-Llama-3-70B-Instruct");
        pricing_instance(&p, "azure/Standard_NC96ads_A100_v4");
        pricing_training(&p, "x");
        free(pricing_suggest(&p, "models", "azure/Llama"));
        for (size_t i = 0; i < p.n; i++)
            free(pricing_provenance(p.items[i]));
    }
    fuzz_diag(&d);
    pricing_entry_release(&e);
    pricing_release(&p);
    return 0;
}
