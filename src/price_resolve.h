/*
 * price_resolve: a catalogue name to the price a scenario copies.  The one
 * place names are looked up, with the checks and the messages that go with
 * them, for a name written in the scenario (the loader) and for one set
 * later (--set, a variant: params_set_name), so that both say the same.
 * It also lists which numbers of a copied price are parameters, so that the
 * loader and a change of name record the same paths.
 *
 * Ownership: found prices are borrowed from the catalogues; a message is
 * the caller's to free.  No state; no I/O.
 */
#ifndef RAFTCOST_PRICE_RESOLVE_H
#define RAFTCOST_PRICE_RESOLVE_H

#include <stddef.h>

#include "pricing.h"

/*
 * The model `name` of the catalogues, able to serve chat or completion
 * requests.  Returns 0 and *out, or -1 with *message: an unknown name (with
 * the closest names), or a model that cannot serve requests.
 */
int price_resolve_model(const struct pricing *p, const char *name, const struct model_price **out,
                        char **message);

enum price_region_problem {
    PRICE_REGION_OK,
    PRICE_REGION_NEEDED,  /* priced in several regions, none chosen */
    PRICE_REGION_MISSING, /* not priced in the region chosen */
};

/*
 * The instance `name` in `region` (NULL: its catalogue entry's region, or
 * the only one).  Returns 0 and *out, or -1 with *message and *problem
 * saying whether the region is what is wrong.  A NEEDED message ends so
 * that the caller may add how to choose a region.
 */
int price_resolve_instance(const struct pricing *p, const char *name, const char *region,
                           const struct instance_price **out, char **message,
                           enum price_region_problem *problem);

/* A training price line of the catalogues: 0 and *out, or -1 with *message. */
int price_resolve_training(const struct pricing *p, const char *name,
                           const struct training_price **out, char **message);

/* A number of a copied price that is a parameter: PATH.key, at offset in the price record. */
struct price_key {
    const char *key;
    size_t offset;
};

#define PRICE_MAX_KEYS 6

/* The price keys of a model (input, output, and hosting, cached, batch where it has them). */
size_t price_model_keys(const struct model_price *m, struct price_key keys[PRICE_MAX_KEYS]);
/* The price keys of an instance (per_hour, and spot_per_hour where it has one). */
size_t price_instance_keys(const struct instance_price *m, struct price_key keys[PRICE_MAX_KEYS]);

#endif
