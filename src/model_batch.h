/*
 * model_batch: generation with a batch API in the mix (model.c calls it).
 * A batch backend returns its requests in waves: all its batches that may
 * be in flight at once come back one turnaround after they were sent, so
 * the output it has returned by time T is a step function,
 * floor(T / turnaround) × what a wave holds (everything, without limits).
 * Capacity routing then finds the earliest T at which the other backends'
 * output by T (sum X_i × max(0, T − P_i)) and the batches' add up to the
 * job; equal routing gives each backend the same share and waits for the
 * slowest.  Pure: no I/O, no globals.
 */
#ifndef RAFTCOST_MODEL_BATCH_H
#define RAFTCOST_MODEL_BATCH_H

#include "report.h"

/* Whether the mix in g has a batch backend. */
int model_batch_in_mix(const struct gen_result *g);
/*
 * Routes the job of g (its volume computed, its backends' throughputs and
 * counts set) over a mix with batch backends: sets g->wall_s and each
 * backend's busy_s and output_tokens, a batch backend's throughput_tok_s
 * (what it returned over its busy time) and g->throughput_tok_s.
 */
void model_batch_route(const struct scenario *s, struct gen_result *g);
/* A batch backend doing the whole job alone: its waves × the turnaround. */
double model_batch_alone_s(const struct deployment *d, const struct volume *v);

#endif
