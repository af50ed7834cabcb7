/*
 * loader: reading a scenario's YAML.  Each mapping of the format is a table
 * of fields, one row a key, read by one function (loader_read_map), in the
 * way netplan's parse.c drives its mapping handlers: the row says the key's
 * kind (a quantity, a string, a choice, or a reader of its own), its unit
 * kind and limits, whether it is required and what to say when it is
 * missing, its default, and where it goes (offsetof in the struct being
 * filled).  The allowed keys of a mapping are its table's keys.  Quantities
 * and choices are recorded in the parameter table as they are read.
 *
 * The tables live with the mappings: scenario_load.c (the top level,
 * generation, fine-tuning, evaluation, inference, budget, variants) and
 * scenario_backends.c (backends, throughput curves, limits).  This file
 * also has the readers those share: numbers (params_read_yaml), price
 * references, relative file names.
 *
 * Only the scenario and catalogue loaders include this header: the model,
 * the report and the writers never see libyaml.  Ownership: a struct loader
 * lives while one scenario loads; it owns its document and the backend
 * index, and borrows the scenario it fills.
 */
#ifndef RAFTCOST_LOADER_H
#define RAFTCOST_LOADER_H

#include <stddef.h>

#include "params.h"
#include "pricing.h"
#include "scenario.h"
#include "yamldoc.h"

enum { PARAM_OPTIONAL = 0, PARAM_REQUIRED = 1 };

/*
 * Reads number `key` of mapping `map` (already checked) into *out, in base
 * units × scale.  A missing key is an error when required, else *out = def.
 * With p non-NULL, the number is recorded as parameter "prefix.key" (given or
 * defaulted).  Returns 0, or -1 with the document's diag filled.
 */
int params_read_yaml(struct params *p, struct yamldoc *y, yaml_node_t *map, const char *prefix,
                     const char *key, enum qkind kind, unsigned flags, double scale, int required,
                     double def, double *out);

struct loader {
    struct yamldoc y;
    struct scenario *s;
    struct diag *d;
    struct strmap backend_index; /* backend name -> position */
};

enum field_kind {
    FIELD_QUANTITY, /* a double at offset, read with its qkind and flags; a parameter */
    FIELD_STRING,   /* a non-empty string, a char * at offset (replaced when given) */
    FIELD_CHOICE,   /* one of `choices`, its index an int at offset; a parameter */
    FIELD_CUSTOM,   /* read by `read`; NULL: read by another row's reader */
    FIELD_CHECK,    /* no key: `read` checks what spans several keys, at its place */
};

struct field;

/*
 * A row's own reader: `node` is the key's value (NULL when missing, for
 * rows with missing_too), `owner` the struct being filled, `path` the
 * mapping's path ("backends.maap"), `f` the row.  Returns 0 or -1 (diag in
 * L->y).
 */
typedef int field_reader(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f);
/* Whether a row applies to this mapping (NULL: always). */
typedef int field_when(struct loader *L, yaml_node_t *map, const void *owner);

struct field {
    const char *key; /* NULL for FIELD_CHECK */
    enum field_kind kind;
    /* Rows are read by ascending `order`, then in table order (the order of
     * the allowed-keys list), so that of several errors the same one wins. */
    int order;
    enum qkind qkind; /* FIELD_QUANTITY */
    unsigned flags;   /* FIELD_QUANTITY: enum qflag */
    int required;     /* missing: "missing 'KEY' in 'PATH' (HINT)" */
    double def;       /* FIELD_QUANTITY: the value when missing */
    size_t offset;    /* offsetof the target in the owner */
    /* For "missing" messages; a quantity without one names its kind's example. */
    const char *hint;
    const char *const *choices; /* FIELD_CHOICE: the names, NULL-terminated */
    field_reader *read;         /* FIELD_CUSTOM, FIELD_CHECK */
    field_when *when;
    int missing_too; /* FIELD_CUSTOM: `read` is called when the key is missing too */
};

#define FIELDS_COUNT(rows) (sizeof(rows) / sizeof(rows)[0])

/* Checks that node is a mapping whose keys are the rows' keys; `what` names it. */
int loader_check_keys(struct loader *L, yaml_node_t *node, const char *what,
                      const struct field *rows, size_t n);
/*
 * Reads the rows of map (already checked) into owner, recording quantities
 * and choices under "path.KEY" ("KEY" for an empty path).  Returns 0 or -1.
 */
int loader_read_fields(struct loader *L, yaml_node_t *map, const char *path,
                       const struct field *rows, size_t n, void *owner);
/* Both: the keys of node (named "'path'" in messages), then its rows. */
int loader_read_map(struct loader *L, yaml_node_t *node, const char *path, const struct field *rows,
                    size_t n, void *owner);

/* "prefix.key"; the caller frees. */
char *loader_join(const char *prefix, const char *key);
/* A file named in the scenario, relative to the scenario's folder; the caller frees. */
char *loader_resolve_path(struct loader *L, const char *rel);
/* Reads string `key` of map into *out (replacing it) when given. */
int loader_read_string(struct loader *L, yaml_node_t *map, const char *key, char **out);

/*
 * Price references: `model:` (or `instance:`, `price:`) is a catalogue name
 * or an inline price mapping.  A catalogue price is copied and its numbers
 * recorded under `path` (backends.maas.model.input_per_1k), so that --set can
 * change them.  Returns 0 or -1.
 */
int loader_model_ref(struct loader *L, yaml_node_t *node, const char *path,
                     struct model_price *out);
int loader_instance_ref(struct loader *L, yaml_node_t *node, const char *path,
                        struct instance_price *out);
int loader_training_ref(struct loader *L, yaml_node_t *node, const char *path,
                        struct training_price *out);
/*
 * An instance in the region named by region_node (NULL: its catalogue
 * entry's, or the only one): a name priced in several regions, or not in the
 * one asked for, is an error that lists the regions that price it.
 */
int loader_instance_ref_in(struct loader *L, yaml_node_t *node, const char *path,
                           yaml_node_t *region_node, struct instance_price *out);

/* scenario_backends.c: the `backends` mapping. */
int scenario_read_backends(struct loader *L, yaml_node_t *node);
/* scenario_ranges.c: the `ranges` mapping, a top-level row's reader (ranges.h). */
int scenario_read_ranges(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f);
/*
 * A calibration's `ranges:` mapping (node, in the calibration's document y)
 * merged into s->ranges (scenario_ranges.c): each range is read as the
 * scenario's are; one on a path the scenario already ranges replaces it in
 * its place, the others are added after the scenario's.  Later messages
 * about them point at (line, col), the scenario's `calibration` key.
 * Returns 0, or -1 with y's diag filled.
 */
int scenario_ranges_merge(struct yamldoc *y, struct scenario *s, yaml_node_t *node, int line,
                          int col);
/* Its readers of a deployment's `throughput` (a rate or a curve) and `limits`, for options too. */
field_reader loader_read_throughput, loader_read_limits;

/*
 * scenario_capacity.c: an inference option's serving keys and the
 * traffic's shape, as rows of the option and traffic tables
 * (docs/capacity.md).  Their numbers are parameters where the file gives
 * them.
 */
field_reader capacity_read_number, capacity_read_replicas, capacity_read_instance,
    capacity_read_slo, capacity_read_autoscale, capacity_check_option, capacity_read_profile,
    capacity_read_output_lengths, capacity_check_traffic;
/* The `model` row's condition: an option with an `instance` has no model. */
int capacity_has_no_instance(struct loader *L, yaml_node_t *map, const void *owner);

#define CAPACITY_OPTION_NUMBER(k, q, fl, member)                                                   \
    {                                                                                              \
        .key = k, .kind = FIELD_CUSTOM, .order = 1, .qkind = q, .flags = fl,                       \
        .offset = offsetof(struct deployment, member), .read = capacity_read_number                \
    }
/* After `model` and `replicas` in inference.options.NAME. */
#define CAPACITY_OPTION_ROWS                                                                       \
    {.key = "instance", .kind = FIELD_CUSTOM, .read = capacity_read_instance},                     \
        {.key = "throughput", .kind = FIELD_CUSTOM, .order = 1, .read = loader_read_throughput},   \
        {.key = "limits", .kind = FIELD_CUSTOM, .order = 1, .read = loader_read_limits},           \
        CAPACITY_OPTION_NUMBER("max_concurrency", QK_NUMBER, QF_INTEGER | QF_POSITIVE,             \
                               sizing.max_concurrency),                                            \
        CAPACITY_OPTION_NUMBER("ttft", QK_DURATION, 0, sizing.ttft_s),                             \
        CAPACITY_OPTION_NUMBER("provisioning", QK_DURATION, 0, provisioning_s),                    \
        {.key = "slo", .kind = FIELD_CUSTOM, .order = 1, .read = capacity_read_slo},               \
        CAPACITY_OPTION_NUMBER("max_utilisation", QK_FRACTION, QF_POSITIVE | QF_AT_MOST_ONE,       \
                               sizing.max_utilisation),                                            \
        {.key = "autoscale", .kind = FIELD_CUSTOM, .order = 1, .read = capacity_read_autoscale},   \
    {                                                                                              \
        .kind = FIELD_CHECK, .order = 2, .read = capacity_check_option                             \
    }

/* After `growth` in inference.traffic. */
#define CAPACITY_TRAFFIC_ROWS                                                                      \
    {.key = "peak",                                                                                \
     .kind = FIELD_CUSTOM,                                                                         \
     .qkind = QK_RATIO,                                                                            \
     .flags = QF_POSITIVE,                                                                         \
     .offset = offsetof(struct inference, shape.peak),                                             \
     .read = capacity_read_number},                                                                \
        {.key = "profile", .kind = FIELD_CUSTOM, .read = capacity_read_profile},                   \
        {.key = "output_lengths", .kind = FIELD_CUSTOM, .read = capacity_read_output_lengths},     \
    {                                                                                              \
        .kind = FIELD_CHECK, .order = 1, .read = capacity_check_traffic                            \
    }

/*
 * scenario_billing.c: how backends and options are billed beyond their
 * prices (docs/catalogues.md): `spot`, `cache: {hit}`, a batch backend's
 * `window`, `turnaround`, `discount` and batch limits; rows of the backend
 * and option tables call these.
 */
extern const char *const loader_spot_choices[]; /* "false", "true" */
/* A FIELD_CHECK row: the billing keys that do not fit the backend's type. */
field_reader billing_check_keys;
/* `cache: {hit: 40%}`; without it, the default recorded at the mapping. */
field_reader billing_read_cache;
/* Rows of `limits` for batch backends, and whether a row applies. */
field_when billing_per_token;
field_when billing_not_batch;
/* `spot` is a parameter where the instance has a spot price or the backend says `spot`. */
field_when billing_spot_applies;
/* Options on machines of their own (`instance`) may be billed at the spot price too. */
field_when billing_option_spot_applies;
/* A FIELD_CHECK row of an option: `spot` needs an `instance`. */
field_reader billing_check_option_keys;
/*
 * scenario_preempt.c: a dedicated backend's `preemption` (its spot
 * instances taken back, in the simulation); an option's is an error.
 */
field_reader preempt_read_backend, preempt_read_option;
/* scenario_sim.c: the `simulation` mapping (a row reader; its defaults when missing). */
field_reader scenario_read_simulation;

#endif
