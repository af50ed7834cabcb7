/*
 * model: the cost and throughput model.  A pure function of a validated
 * scenario: no printing, no files, no globals.  What it allocates in the
 * report, report_release frees.
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

#endif
