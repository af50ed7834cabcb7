/*
 * params: the parameter table.  Loading records every number and every
 * choice of a scenario (given or defaulted) under its dotted path, with its
 * kind, its limits and the place it was written.  --set, variants, sweeps
 * and ranges all change values through this table, and only through
 * params_set (or params_set_text, its "PATH=VALUE" form); nothing else
 * parses paths or units.
 *
 * A parameter does not point into the scenario: it names its value by owner
 * and offset, as a struct param_ref: the owner is the scenario itself or one
 * element of one of its arrays (backends[i], the curve of backends[i],
 * inference.options[i], the curve of inference.options[i],
 * evaluation.models[i]), and the offset is the value's
 * offsetof within that owner.  So a table copied with its scenario
 * (scenario_clone) works on the copy: resolve a parameter against the
 * scenario it belongs to.
 *
 * Ownership: a struct params owns its items and their paths; params_release
 * frees them (it accepts an initialised, empty table).  A struct params must
 * not be copied with '=' (params_copy makes an independent copy).  A table
 * lives inside the struct scenario it describes, as its `params` member:
 * params_set_assignment relies on that.
 */
#ifndef RAFTCOST_PARAMS_H
#define RAFTCOST_PARAMS_H

#include <stddef.h>

#include "diag.h"
#include "quantity.h"
#include "util.h"

struct scenario;

/* What a parameter's value lives in. */
enum param_owner {
    PARAM_OWNER_SCENARIO,     /* the struct scenario itself */
    PARAM_OWNER_BACKEND,      /* scenario.backends[index], a struct deployment */
    PARAM_OWNER_CURVE,        /* *scenario.backends[index].curve, a struct throughput_curve */
    PARAM_OWNER_OPTION,       /* scenario.inference.options[index], a struct deployment */
    PARAM_OWNER_EVAL_MODEL,   /* scenario.evaluation.models[index], a struct model_price */
    PARAM_OWNER_OPTION_CURVE, /* *scenario.inference.options[index].curve */
};

/* Where a value lives: offset bytes into owner number index of a scenario. */
struct param_ref {
    enum param_owner owner;
    size_t index; /* 0 for PARAM_OWNER_SCENARIO */
    size_t offset;
};

enum param_type {
    PARAM_NUMBER, /* a double in base units */
    PARAM_CHOICE, /* an int: the index of one of `choices` */
    PARAM_NAME,   /* a name, checked against the catalogues or the scenario (name_kind) */
};

/* What a name parameter names, and what its value is at its place. */
enum param_name_kind {
    PARAM_NAME_MODEL,    /* a catalogue model: the struct model_price there */
    PARAM_NAME_INSTANCE, /* a catalogue instance: the struct instance_price there */
    PARAM_NAME_OPTION,   /* an inference option: its index, a size_t */
    PARAM_NAME_TEXT,     /* a label, any text: a char * */
};

struct param {
    char *path; /* "backends.maap.count" */
    struct param_ref at;
    enum param_type type;
    /* Numbers: */
    double scale; /* stored value = parsed value × scale (per_1m prices) */
    enum qkind kind;
    unsigned flags; /* enum qflag */
    /* Choices: the names, NULL-terminated, static; the value is the index. */
    const char *const *choices;
    enum param_name_kind name_kind; /* names */
    int line, col; /* where it was written, or the mapping it defaults in; 0: --set */
    int given;     /* 0: a default */
};

/*
 * While a scenario loads, the regions its owners occupy: params_add turns a
 * pointer into an owner and an offset with them.
 */
struct param_region {
    enum param_owner owner;
    size_t index;
    const char *base;
    size_t size;
};

struct params {
    struct param *items;
    size_t n, cap;
    struct strmap index;          /* path -> position in items */
    struct param_region *regions; /* only while loading */
    size_t nregions, capregions;
};

void params_init(struct params *p);
void params_release(struct params *p);
/* An independent copy of src (without its loading regions) into dst. */
void params_copy(struct params *dst, const struct params *src);

/*
 * While loading: the owner (owner, index) occupies [base, base + size).
 * Later regions are searched first.  params_forget_regions drops them all,
 * once the scenario is loaded.
 */
void params_add_region(struct params *p, enum param_owner owner, size_t index, const void *base,
                       size_t size);
void params_forget_regions(struct params *p);

/*
 * Records a number (params_add) or a choice (params_add_choice) whose value
 * is at `value`, which must lie in a region added before.  A path recorded
 * twice keeps its first entry.
 */
void params_add(struct params *p, const char *path, double *value, double scale, enum qkind kind,
                unsigned flags, int line, int col, int given);
void params_add_choice(struct params *p, const char *path, int *value, const char *const *choices,
                       int line, int col, int given);

/*
 * Records a name parameter whose value (a price record, an index, a char *)
 * of `size` bytes is at `value`, in a region added before.
 */
void params_add_name(struct params *p, const char *path, void *value, size_t size,
                     enum param_name_kind kind, int line, int col, int given);
/*
 * Records a number at a known place, once a scenario is loaded (a name that
 * changes records the prices it brings).  Pointers to parameters may move:
 * find them again by path.  A path recorded already is left as it is.
 */
void params_add_at(struct params *p, const char *path, struct param_ref at, double scale,
                   enum qkind kind, unsigned flags, int line, int col);

/* NULL when no parameter has this path. */
struct param *params_find(const struct params *p, const char *path);
/*
 * Up to `max` paths close to `path` (edit distance, or sharing the last
 * segment), as "'a', 'b'"; the caller frees; NULL when none is close.
 */
char *params_suggest(const struct params *p, const char *path, size_t max);

/*
 * What to say of a path that is no parameter: "unknown parameter 'PATH'"
 * with suggestions, or, when parameters lie below it (a throughput curve,
 * limits), what they are.  The caller frees.
 */
char *params_unknown(const struct params *p, const char *path);

/* The last segment of a parameter's path: the key it was written under. */
const char *params_key(const struct param *param);
/* "'capacity' or 'equal'": a NULL-terminated list of choices; the caller frees. */
char *params_choices_text(const char *const *choices);

/*
 * Parses text for parameter `param` with its kind and limits: a number in
 * base units, or the index of a choice.  Returns 0 and the value, or -1 with
 * *message (the caller frees) and *offset.
 */
int params_parse(const struct param *param, const char *text, double *value, char **message,
                 int *offset);

/*
 * The name a name parameter holds in s: a catalogue name, an option's name
 * or a label; NULL for a price written inline (or a label not given).
 */
const char *params_get_name(const struct scenario *s, const struct param *param);
/* "model name", "instance name", "option name" or "text". */
const char *params_name_kind_text(enum param_name_kind kind);

/* The value of param in scenario s (a choice's index as a double; a name: 0). */
double params_get(const struct scenario *s, const struct param *param);
/* Where param's value lives in s: a double, or an int for a choice. */
void *params_target(struct scenario *s, const struct param *param);

/* For params_set: keep the position the parameter has (a sweep). */
#define PARAMS_KEEP_POSITION (-1)

/*
 * Sets param of scenario s to value (base units, or a choice's index), the
 * one way a value changes.  The value is checked against the parameter's
 * limits, and what depends on it follows (a curve refits when its model
 * changes; a backend's type is checked against the prices it has).  line
 * and col say where the value comes from for later messages: a line of the
 * file (a variant), 0 (the command line), or PARAMS_KEEP_POSITION.  Returns
 * 0, or -1 with d filled and s unchanged.
 */
int params_set(struct scenario *s, struct param *param, double value, int line, int col,
               struct diag *d);
/*
 * Sets name parameter `param` of s to `name`, the one way a name changes:
 * a model or an instance is looked up in the scenario's catalogues (an
 * unknown name gets the closest ones), its price copied in, and the numbers
 * of that price recorded under the parameter's path; an option must exist.
 * line and col as for params_set.  `param` may move (the table grows): find
 * it again by path.  Returns 0, or -1 with d filled and s unchanged.
 */
int params_set_name(struct scenario *s, struct param *param, const char *name, int line, int col,
                    struct diag *d);
/* Whether name would do for param (a variant checked at load).  0, or -1 with *message. */
int params_check_name(const struct scenario *s, const struct param *param, const char *name,
                      char **message);

/*
 * Applies "PATH=VALUE" (as given to --set).  `origin` names where it came
 * from in messages ("--set").  Returns 0 or -1 with d filled (s unchanged).
 */
int params_set_text(struct scenario *s, const char *assignment, const char *origin, struct diag *d);
/* params_set_text for the scenario whose `params` member p is. */
int params_set_assignment(struct params *p, const char *assignment, const char *origin,
                          struct diag *d);

#endif
