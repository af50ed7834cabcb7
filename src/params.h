/*
 * params: the parameter table.  Loading records every number of a scenario
 * (given or defaulted) under its dotted path with its unit kind, its limits,
 * the place it was written and a pointer to where the scenario keeps it.
 * --set, variants, sweeps and ranges all change numbers through this table;
 * nothing else parses paths or units.  The table points into the scenario: it
 * lives and dies with it.
 */
#ifndef RAFTCOST_PARAMS_H
#define RAFTCOST_PARAMS_H

#include <stddef.h>

#include "diag.h"
#include "quantity.h"
#include "util.h"

struct param {
    char *path;    /* "backends.maap.count" */
    double *value; /* where the scenario keeps it, in base units */
    double scale;  /* stored value = parsed value × scale (per_1m prices) */
    enum qkind kind;
    unsigned flags; /* enum qflag */
    int line, col;  /* where it was written, or the mapping it defaults in; 0: --set */
    int given;      /* 0: a default */
};

struct params {
    struct param *items;
    size_t n, cap;
    struct strmap index; /* path -> position in items */
};

void params_init(struct params *p);
void params_release(struct params *p);
void params_add(struct params *p, const char *path, double *value, double scale, enum qkind kind,
                unsigned flags, int line, int col, int given);
/* NULL when no parameter has this path. */
struct param *params_find(const struct params *p, const char *path);
/*
 * Up to `max` paths close to `path` (edit distance, or sharing the last
 * segment), as "'a', 'b'"; the caller frees; NULL when none is close.
 */
char *params_suggest(const struct params *p, const char *path, size_t max);
/*
 * Parses text for parameter `param` with its kind and limits.  Returns 0 and
 * the stored value, or -1 with *message (the caller frees) and *offset.
 */
int params_parse(const struct param *param, const char *text, double *value, char **message,
                 int *offset);
/*
 * Applies "PATH=VALUE" (as given to --set).  `origin` names where it came
 * from in messages ("--set").  Returns 0 or -1 with d filled.
 */
int params_set_assignment(struct params *p, const char *assignment, const char *origin,
                          struct diag *d);

#endif
