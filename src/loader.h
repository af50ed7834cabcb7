/*
 * loader: what reading a scenario's YAML needs beyond yamldoc: numbers read
 * into the parameter table.  Only the scenario and catalogue loaders include
 * this header: the model, the report and the writers never see libyaml.
 */
#ifndef RAFTCOST_LOADER_H
#define RAFTCOST_LOADER_H

#include "params.h"
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

#endif
