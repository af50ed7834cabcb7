/*
 * price_resolve: see price_resolve.h.
 */
#include "price_resolve.h"

#include <stddef.h>
#include <stdlib.h>

#include "util.h"

/* Suggestions a name found in no catalogue gets. */
#define PRICE_SUGGESTIONS 5

static char *unknown(const struct pricing *p, const char *section, const char *what,
                     const char *name)
{
    if (p->n == 0)
        return xasprintf("unknown %s '%s': the scenario names no catalogue under 'pricing' (or "
                         "give the price inline)",
                         what, name);
    char *near = pricing_suggestions(p, section, name, PRICE_SUGGESTIONS);
    char *msg = near ? xasprintf("unknown %s '%s' (not in any catalogue under 'pricing'); did "
                                 "you mean %s?",
                                 what, name, near)
                     : xasprintf("unknown %s '%s' (not in any catalogue under 'pricing', such "
                                 "as '%s')",
                                 what, name, p->items[p->n - 1]->file);
    free(near);
    return msg;
}

int price_resolve_model(const struct pricing *p, const char *name, const struct model_price **out,
                        char **message)
{
    const struct model_price *m = pricing_model(p, name);
    if (!m) {
        *message = unknown(p, "models", "model", name);
        return -1;
    }
    /* Every use of a model sends it chat or completion requests. */
    char *why = model_price_why_not_generation(m);
    if (why) {
        *message = why;
        return -1;
    }
    *out = m;
    return 0;
}

int price_resolve_instance(const struct pricing *p, const char *name, const char *region,
                           const struct instance_price **out, char **message,
                           enum price_region_problem *problem)
{
    char *why = NULL;
    *problem = PRICE_REGION_OK;
    switch (pricing_find_instance(p, name, region, out, &why)) {
    case PRICING_FOUND:
        return 0;
    case PRICING_UNKNOWN:
        *message = unknown(p, "instances", "instance", name);
        return -1;
    case PRICING_NEEDS_REGION:
        *problem = PRICE_REGION_NEEDED;
        break;
    case PRICING_NOT_IN_REGION:
        *problem = PRICE_REGION_MISSING;
        break;
    }
    *message = why;
    return -1;
}

int price_resolve_training(const struct pricing *p, const char *name,
                           const struct training_price **out, char **message)
{
    *out = pricing_training(p, name);
    if (!*out) {
        *message = unknown(p, "training", "training price", name);
        return -1;
    }
    return 0;
}

size_t price_model_keys(const struct model_price *m, struct price_key keys[PRICE_MAX_KEYS])
{
    size_t n = 0;
    keys[n++] = (struct price_key){"input_per_1k", offsetof(struct model_price, input_per_1k)};
    keys[n++] = (struct price_key){"output_per_1k", offsetof(struct model_price, output_per_1k)};
    if (m->has_hosting)
        keys[n++] =
            (struct price_key){"hosting_per_hour", offsetof(struct model_price, hosting_per_hour)};
    if (m->has_cached)
        keys[n++] = (struct price_key){"cached_input_per_1k",
                                       offsetof(struct model_price, cached_input_per_1k)};
    if (m->has_batch_input)
        keys[n++] = (struct price_key){"batch_input_per_1k",
                                       offsetof(struct model_price, batch_input_per_1k)};
    if (m->has_batch_output)
        keys[n++] = (struct price_key){"batch_output_per_1k",
                                       offsetof(struct model_price, batch_output_per_1k)};
    return n;
}

size_t price_instance_keys(const struct instance_price *m, struct price_key keys[PRICE_MAX_KEYS])
{
    size_t n = 0;
    keys[n++] = (struct price_key){"per_hour", offsetof(struct instance_price, per_hour)};
    if (m->has_spot)
        keys[n++] =
            (struct price_key){"spot_per_hour", offsetof(struct instance_price, spot_per_hour)};
    return n;
}
