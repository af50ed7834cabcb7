/*
 * pricing_yaml: the parts of pricing (pricing.h) that read YAML: inline price
 * mappings in a scenario, recorded in its parameter table.  Kept apart so
 * that pricing.h, and everything that includes it, does not need libyaml.
 * Ownership as in pricing.h: the records filled belong to the caller.
 */
#ifndef RAFTCOST_PRICING_YAML_H
#define RAFTCOST_PRICING_YAML_H

#include "loader.h"
#include "pricing.h"
#include "yamldoc.h"

/*
 * Reads an inline price mapping (as in catalogues) into *out.  With params,
 * its numbers are recorded under `path`.  Returns 0 or -1 (diag in y).
 */
int pricing_read_model(struct yamldoc *y, yaml_node_t *node, const char *path,
                       struct params *params, struct model_price *out);
int pricing_read_instance(struct yamldoc *y, yaml_node_t *node, const char *path,
                          struct params *params, struct instance_price *out);
int pricing_read_training(struct yamldoc *y, yaml_node_t *node, const char *path,
                          struct params *params, struct training_price *out);
/*
 * Reads one item of a `pricing:` list (a scalar file name or an entry
 * mapping) into *out, which borrows y and its nodes for later messages.
 * Returns 0, or -1 with the document's diag filled.
 */
int pricing_read_entry(struct yamldoc *y, yaml_node_t *node, struct pricing_entry *out);

#endif
