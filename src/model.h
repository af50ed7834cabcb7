/*
 * model: the cost and throughput model.  A pure function of a validated
 * scenario: no printing, no files, no globals, so model_run may run on
 * several scenarios (clones, say) at once.  It reads each backend's rate
 * live from the deployment (deployment_rate), so a value changed through the
 * parameter table is what the next run sees.  This header, and everything it
 * includes, compiles without libyaml (tests/unit/test_headers.c checks it).
 *
 * Ownership: what model_run allocates in the report, report_release frees;
 * the report borrows from the scenario, which must outlive it.
 */
#ifndef RAFTCOST_MODEL_H
#define RAFTCOST_MODEL_H

#include "diag.h"
#include "report.h"
#include "scenario.h"

/*
 * Computes every figure of the scenario into r (which it initialises).
 * Returns 0, or -1 with d filled when a figure overflows (r is released).
 */
int model_run(const struct scenario *s, struct report *r, struct diag *d);

/*
 * model_run for Monte Carlo, which runs the model once a sample: the same
 * figures, without what only the report's text and plots show: the
 * catalogues used (ncatalogues 0), the traffic series (traffic.n 0) and
 * deadline planning's mixes (generation.plan absent).
 */
int model_run_lean(const struct scenario *s, struct report *r, struct diag *d);

/*
 * model_run_lean with a hook called once the generation's figures are in r,
 * before fine-tuning, evaluation, the totals, inference and the budget
 * check.  The hook may replace r->generation.wall_s and r->generation.cost
 * (a Monte Carlo sample whose generation is simulated): the one-off and
 * horizon totals, the options' cumulative costs, the comparison and the
 * budget check follow from them.  It returns 0, or -1 with d filled; then
 * model_run_lean_hooked releases r and returns -1.
 */
typedef int (*model_generation_hook)(void *ctx, const struct scenario *s, struct report *r,
                                     struct diag *d);
int model_run_lean_hooked(const struct scenario *s, model_generation_hook hook, void *ctx,
                          struct report *r, struct diag *d);

#endif
