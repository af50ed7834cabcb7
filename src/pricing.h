/*
 * pricing: price catalogues (the YAML files under pricing/) and the prices a scenario uses.
 * Every price remembers the catalogue it came from (file, source, date), or
 * that it was written inline in the scenario, so that a report can name the
 * source behind each figure.  Prices are kept per 1,000 tokens and per hour.
 */
#ifndef RAFTCOST_PRICING_H
#define RAFTCOST_PRICING_H

#include <stddef.h>

#include "diag.h"
#include "params.h"
#include "util.h"

struct catalogue;

struct model_price {
    char *name; /* catalogue name; NULL when inline */
    double input_per_1k, output_per_1k;
    double hosting_per_hour;
    int has_hosting;
    const struct catalogue *from; /* NULL when inline */
};

struct instance_price {
    char *name;
    double per_hour;
    double gpus; /* 0 when not known */
    char *gpu;   /* NULL when not known */
    const struct catalogue *from;
};

struct training_price {
    char *name;
    int per_token; /* 1: per_1k_training_tokens; 0: per_hour */
    double per_hour;
    double per_1k_training_tokens;
    const struct catalogue *from;
};

struct catalogue {
    char *file; /* as the user would name it */
    char *source, *as_of, *currency;
    struct model_price *models;
    size_t nmodels;
    struct instance_price *instances;
    size_t ninstances;
    struct training_price *training;
    size_t ntraining;
    struct strmap model_index, instance_index, training_index; /* name -> position */
};

/* The catalogues of one scenario, in order: a later one overrides. */
struct pricing {
    struct catalogue **items;
    size_t n;
};

void pricing_init(struct pricing *p);
void pricing_release(struct pricing *p);
/* Loads a catalogue file and appends it.  Returns 0 or -1 with d filled. */
int pricing_load(struct pricing *p, const char *path, struct diag *d);

/* Look-ups by name, the last catalogue first; NULL when no catalogue has it. */
const struct model_price *pricing_model(const struct pricing *p, const char *name);
const struct instance_price *pricing_instance(const struct pricing *p, const char *name);
const struct training_price *pricing_training(const struct pricing *p, const char *name);
/* Names close to `name` in one section ("models", ...), for "did you mean". */
char *pricing_suggest(const struct pricing *p, const char *section, const char *name);

/*
 * Whether a model is billed for hosting: it has a hosting price in its
 * catalogue or inline, or --set gave it one.
 */
int model_price_hosted(const struct model_price *m);

/* Deep copies and releases of price records (the catalogue link is shared). */
void model_price_copy(struct model_price *dst, const struct model_price *src);
void model_price_release(struct model_price *m);
void instance_price_copy(struct instance_price *dst, const struct instance_price *src);
void instance_price_release(struct instance_price *m);
void training_price_copy(struct training_price *dst, const struct training_price *src);
void training_price_release(struct training_price *m);

#endif
