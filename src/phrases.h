/*
 * phrases: sentences of the report, built from its figures: the dataset's
 * derivation, the fine-tuning estimate and cost, and the claim's verdict.
 * None holds user text, so the report's document takes them as DOC_TEXT
 * runs.  Each returns new strings the caller frees.
 */
#ifndef RAFTCOST_PHRASES_H
#define RAFTCOST_PHRASES_H

#include <stddef.h>

#include "report.h"

#define PHRASES_VOLUME 4
#define PHRASES_ESTIMATE 2

/* "460.8k corpus tokens / 128 a chunk = 3,600 chunks", then the calls and examples. */
void phrases_volume(const struct report *r, char *lines[PHRASES_VOLUME]);
/* The training tokens and FLOPs of a run, then the GPUs and the time. */
void phrases_estimate(const struct report *r, char *lines[PHRASES_ESTIMATE]);
/* "1 run x 1 h 30 min at $35.00/h = $52.50", or the per-token form. */
char *phrase_fine_tuning_cost(const struct report *r);
/* "unreachable at any traffic; the best ratio this traffic mix allows is 9.25x". */
char *phrase_claim(const struct comparison *c);
/*
 * A backend's note when its limits.concurrency changes nothing (a constant
 * throughput): "limits.concurrency 300 has no effect on the analytic
 * throughput (a constant, not a curve)".
 */
char *phrase_concurrency_unused(const struct deployment *backend);

#endif
