/*
 * pricing: price catalogues and the prices a scenario uses.  Three readers
 * fill one kind of catalogue: raftcost's YAML files (under pricing/), LiteLLM's
 * model_prices_and_context_window.json and SkyPilot's VM CSV files
 * (docs/catalogues.md).  Every price remembers the catalogue it came from
 * (file, source, date, the pricing entry that named it), or that it was
 * written inline in the scenario, so that a report can name the source behind
 * each figure.  Prices are kept per 1,000 tokens and per hour, whatever the
 * file wrote.
 *
 * Ownership: a struct pricing owns its catalogues; a catalogue owns its price
 * records and their strings.  Look-ups return records borrowed from the
 * catalogue (valid until pricing_release); model_price_copy and friends make
 * deep copies the caller releases.  Nothing here prints.
 */
#ifndef RAFTCOST_PRICING_H
#define RAFTCOST_PRICING_H

#include <stddef.h>

#include "diag.h"
#include "params.h"
#include "util.h"

struct catalogue;

/*
 * A long-context tier: a request whose input tokens (cached ones included)
 * are above `above_tokens` pays these prices for all its tokens, as LiteLLM
 * bills its `*_above_128k_tokens` keys (docs/catalogues.md, "Tiers").
 */
struct price_tier {
    double above_tokens;
    double input_per_1k;
    double output_per_1k;       /* used when has_output, else the base output price */
    double cached_input_per_1k; /* used when has_cached, else the base cached price */
    int has_output, has_cached;
};

/* Token prices a catalogue entry does not give (model_price.missing). */
enum {
    PRICE_MISSING_INPUT = 1u << 0,
    PRICE_MISSING_OUTPUT = 1u << 1,
};

struct model_price {
    char *name; /* catalogue name; NULL when inline */
    double input_per_1k, output_per_1k;
    double hosting_per_hour;
    int has_hosting;
    const struct catalogue *from; /* NULL when inline */
    /* The fields below are zero (not given) unless a catalogue or an inline price gives them. */
    unsigned missing;           /* PRICE_MISSING_* bits: input/output price not in the entry */
    double cached_input_per_1k; /* a cache hit's input price; used when has_cached */
    int has_cached;
    double batch_input_per_1k, batch_output_per_1k; /* batch API prices, when has_batch_* */
    int has_batch_input, has_batch_output;
    struct price_tier *tiers; /* ascending above_tokens; owned */
    size_t ntiers;
    int tier_at_threshold;   /* 1: a tier applies from exactly above_tokens (LiteLLM: xai) */
    double max_input_tokens; /* the context a request may use; 0 when not known */
    double max_output_tokens;
    char *mode;     /* LiteLLM's mode ("chat", "embedding", ...); NULL when not given */
    char *provider; /* LiteLLM's litellm_provider; NULL when not given */
    int line, col;  /* where the entry is in its catalogue file; 0 when not known */
};

struct instance_price {
    char *name;
    double per_hour;
    double gpus; /* 0 when not known */
    char *gpu;   /* NULL when not known */
    const struct catalogue *from;
    /* The fields below are zero (not given) unless a catalogue or an inline price gives them. */
    double spot_per_hour; /* used when has_spot */
    int has_spot;
    char *region;      /* NULL: any region (raftcost's YAML) */
    double vcpus;      /* 0 when not known */
    double memory_gib; /* 0 when not known */
    int line, col;     /* where the row is in its catalogue file; 0 when not known */
};

struct training_price {
    char *name;
    int per_token; /* 1: per_1k_training_tokens; 0: per_hour */
    double per_hour;
    double per_1k_training_tokens;
    const struct catalogue *from;
};

enum catalogue_format {
    CATALOGUE_AUTO = 0, /* recognised by content */
    CATALOGUE_RAFTCOST, /* raftcost's YAML */
    CATALOGUE_LITELLM,  /* LiteLLM's model_prices_and_context_window.json */
    CATALOGUE_SKYPILOT, /* SkyPilot's VM CSV */
};

/* Something odd a reader saw but accepted: lint shows these as warnings. */
struct catalogue_note {
    int line, col;
    char *name; /* the entry concerned, or NULL */
    char *message;
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
    /* Added with the LiteLLM and SkyPilot readers. */
    enum catalogue_format format; /* as read (never CATALOGUE_AUTO) */
    int format_by_content;        /* 1: recognised by content, the entry did not say */
    int as_of_from_file;          /* 1: as_of is the file's modification date (UTC) */
    char *entry;                  /* the pricing entry, as "{file: F, format: ..., ...}" */
    char *region, *cloud;         /* the entry's choices, or NULL */
    struct strmap instance_any;   /* name -> first row of that name, any region */
    struct strmap instance_at;    /* "name\tregion" -> row */
    char **instance_keys;         /* the keys of instance_at, one a row (NULL for none) */
    struct catalogue_note *notes;
    size_t nnotes;
    char *identity; /* the file (device and inode) and the entry's choices: read once */
};

/* The catalogues of one scenario, in order: a later one overrides. */
struct pricing {
    struct catalogue **items;
    size_t n;
};

/*
 * One item of a scenario's `pricing:` list: a file name, or
 * {file: F, format: litellm|skypilot|raftcost, region: R, cloud: C, as_of: DATE}.
 */
struct pricing_entry {
    char *file;                   /* as written; the caller resolves it against the scenario */
    enum catalogue_format format; /* CATALOGUE_AUTO when not given */
    char *region, *cloud, *as_of; /* NULL when not given */
    /* Where the entry was written, for errors about it; borrowed, NULL outside a YAML file. */
    struct yamldoc *y;
    struct yaml_node_s *node, *region_node, *cloud_node, *as_of_node, *format_node;
};

void pricing_init(struct pricing *p);
void pricing_release(struct pricing *p);
/* Loads a catalogue file (format recognised by content) and appends it.  0 or -1 with d. */
int pricing_load(struct pricing *p, const char *path, struct diag *d);

void pricing_entry_init(struct pricing_entry *e);
void pricing_entry_release(struct pricing_entry *e);
/*
 * Loads the catalogue at `path` (entry->file resolved by the caller) as the
 * entry says and appends it.  Errors about the entry's choices (a region no
 * row has) point at the entry when it came from a YAML file.  0 or -1 with d.
 */
int pricing_load_entry(struct pricing *p, const char *path, const struct pricing_entry *entry,
                       struct diag *d);
/* "litellm", "skypilot", "raftcost" (or "auto"). */
const char *catalogue_format_name(enum catalogue_format f);
/*
 * One sentence naming a catalogue's file, source, date (saying when the date
 * is the file's modification date), format and entry.  The caller frees it.
 */
char *pricing_provenance(const struct catalogue *c);

/*
 * Look-ups by name, the last catalogue first; NULL when no catalogue has it.
 * An instance priced in several regions of a SkyPilot file resolves here only
 * through its entry's region; pricing_find_instance says what is missing.
 */
const struct model_price *pricing_model(const struct pricing *p, const char *name);
const struct instance_price *pricing_instance(const struct pricing *p, const char *name);
const struct training_price *pricing_training(const struct pricing *p, const char *name);
/* Names close to `name` in one section ("models", ...), for "did you mean". */
char *pricing_suggest(const struct pricing *p, const char *section, const char *name);
/*
 * Up to `max` names of one section close to `name`: names that contain it or
 * end with it (long LiteLLM keys such as 'together_ai/meta-llama/...'), then
 * by edit distance; as "'a', 'b'", or NULL when none is close.  The caller
 * frees it.  Time linear in the catalogues' names.
 */
char *pricing_suggestions(const struct pricing *p, const char *section, const char *name,
                          size_t max);

enum pricing_found {
    PRICING_FOUND = 0,
    PRICING_UNKNOWN,       /* no catalogue names it */
    PRICING_NEEDS_REGION,  /* priced in several regions and no region was chosen */
    PRICING_NOT_IN_REGION, /* named, but not priced in the region asked for */
};
/*
 * Looks an instance up in `region`, or with region NULL in the region its
 * catalogue entry chose (or the only region that prices it).  The last
 * catalogue that prices the name in that region wins; a record with no region
 * (raftcost's YAML) serves any region.  Except for PRICING_FOUND and
 * PRICING_UNKNOWN, *why (when why is non-NULL; the caller frees) says which
 * regions do price it.
 */
enum pricing_found pricing_find_instance(const struct pricing *p, const char *name,
                                         const char *region, const struct instance_price **out,
                                         char **why);

/*
 * Whether a model is billed for hosting: it has a hosting price in its
 * catalogue or inline, or --set gave it one.
 */
int model_price_hosted(const struct model_price *m);
/*
 * Whether a model may serve generation requests: its mode is chat or
 * completion (or not given, as in raftcost's YAML) and it has both token
 * prices.  model_price_why_not_generation says why not (the caller frees), or
 * returns NULL when it may.
 */
int model_price_serves_generation(const struct model_price *m);
char *model_price_why_not_generation(const struct model_price *m);

/* Deep copies and releases of price records (the catalogue link is shared). */
void model_price_copy(struct model_price *dst, const struct model_price *src);
void model_price_release(struct model_price *m);
void instance_price_copy(struct instance_price *dst, const struct instance_price *src);
void instance_price_release(struct instance_price *m);
void training_price_copy(struct training_price *dst, const struct training_price *src);
void training_price_release(struct training_price *m);

#endif
