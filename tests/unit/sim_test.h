/*
 * What the simulation engine's unit tests share: a run that must succeed
 * (a failure prints the engine's message and counts as a failed check) and
 * a job of plain requests.  Static inline, so that a test that uses one of
 * them only compiles without an unused-function warning.
 */
#ifndef RAFTCOST_SIM_TEST_H
#define RAFTCOST_SIM_TEST_H

#include <stdint.h>
#include <stdio.h>

#include "sim.h"
#include "test.h"

/* sim_run, which must succeed: 0, or its status after a failed check. */
static inline int sim_test_run(const struct sim_config *c, struct sim_result *r)
{
    struct diag d = DIAG_INIT;
    int status = sim_run(c, r, &d);
    if (status != 0) {
        fprintf(stderr, "sim_run: %s\n", d.message ? d.message : "?");
        CHECK(!"sim_run failed");
    }
    diag_release(&d);
    return status;
}

/* A REQUESTS job of n calls with fixed tokens. */
static inline void sim_test_plain_job(struct sim_config *c, uint64_t n, double input, double output)
{
    c->job.kind = SIM_JOB_REQUESTS;
    c->job.requests = n;
    c->job.request.input_tokens = input;
    c->job.request.output_tokens = output;
}

#endif
