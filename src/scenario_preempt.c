/*
 * scenario_preempt: the `preemption` key of a dedicated backend, how its
 * cloud takes its spot instances back in the simulation (docs/catalogues.md):
 *
 *   preemption: {mean_interval: 6 h, restart: 10 min, wait: 0 s, dist: exponential}
 *
 * mean_interval and restart are required; wait (time with no VM, not
 * billed) defaults to 0 and dist (exponential or fixed) to exponential.
 * Every number and the choice are parameters (backends.NAME.preemption.KEY).
 * It applies while the backend is billed at its spot price: on demand
 * (spot: false, or a variant or --set that turns spot off) it is kept and
 * ignored, so that one file compares spot and on-demand.  An inference
 * option does not take it: serving capacity does not model preemption.
 * Never prints.
 */
#include <stddef.h>
#include <stdlib.h>

#include "loader.h"
#include "util.h"

static const char *const preempt_dists[] = {"exponential", "fixed", NULL};

static const struct field preemption_fields[] = {
    {.key = "mean_interval",
     .kind = FIELD_QUANTITY,
     .qkind = QK_DURATION,
     .flags = QF_POSITIVE,
     .required = 1,
     .hint = "the mean time a spot instance serves between preemptions, such as '6 h'",
     .offset = offsetof(struct deployment, preemption.mean_interval_s)},
    {.key = "restart",
     .kind = FIELD_QUANTITY,
     .qkind = QK_DURATION,
     .required = 1,
     .hint = "the time a replacement takes to boot and load the model, such as '10 min'",
     .offset = offsetof(struct deployment, preemption.restart_s)},
    {.key = "wait",
     .kind = FIELD_QUANTITY,
     .qkind = QK_DURATION,
     .offset = offsetof(struct deployment, preemption.wait_s)},
    {.key = "dist",
     .kind = FIELD_CHOICE,
     .choices = preempt_dists,
     .offset = offsetof(struct deployment, preemption.dist)},
};

int preempt_read_backend(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                         const char *path, const struct field *f)
{
    (void)map;
    struct deployment *b = owner;
    if (b->type != DEPLOY_DEDICATED)
        return yamldoc_error(&L->y, node,
                             "'preemption' is for the spot instances of dedicated backends; '%s' "
                             "is %s (billed per token)",
                             b->name, deploy_type_name(b->type));
    char *pp = loader_join(path, f->key);
    int rc = loader_read_map(L, node, pp, preemption_fields, FIELDS_COUNT(preemption_fields), b);
    free(pp);
    b->preemption.present = !rc;
    return rc;
}

int preempt_read_option(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                        const char *path, const struct field *f)
{
    (void)map;
    (void)owner;
    (void)path;
    (void)f;
    return yamldoc_error(&L->y, node,
                         "'preemption' is simulated for generation backends; serving capacity "
                         "does not model it (leave it out, and keep headroom with "
                         "'max_utilisation')");
}
