/*
 * Fuzzes the reader of LiteLLM's model_prices_and_context_window.json, as
 * a scenario's `pricing:` entry with `format: litellm` loads it, and the
 * look-ups and suggestions over what was read.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "pricing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".json");
    struct pricing p;
    struct pricing_entry e;
    struct diag d = DIAG_INIT;
    pricing_init(&p);
    pricing_entry_init(&e);
    e.format = CATALOGUE_LITELLM;
    if (pricing_load_entry(&p, path, &e, &d) == 0) {
        pricing_model(&p, "gpt-4o");
        free(pricing_suggestions(&p, "models", "gpt", 3));
        for (size_t i = 0; i < p.n; i++)
            free(pricing_provenance(p.items[i]));
    }
    fuzz_diag(&d);
    pricing_entry_release(&e);
    pricing_release(&p);
    return 0;
}
