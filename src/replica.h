/*
 * replica: how fast one replica of an inference option answers a stream of
 * requests arriving at random (a Poisson stream): the analytic estimate of
 * the 95th percentile of latency and time to first token at a rate, the
 * highest rate at which a target holds, and the same checked by simulating
 * the stream on the replica with the simulation engine (sim.h).
 * docs/capacity.md gives the formulas.
 *
 * The model: a replica serves the requests in service by processor
 * sharing, X(n) output tokens a second in all with n in service (a constant,
 * or a fitted curve), at most M at once (the others wait in a FIFO queue);
 * each request waits ttft_s before it decodes.
 *
 * Pure: no I/O, no globals.  Ownership: a struct replica borrows the curve
 * fit it points at (from the scenario's option) and owns nothing.
 */
#ifndef RAFTCOST_REPLICA_H
#define RAFTCOST_REPLICA_H

#include <stdint.h>

#include "curve.h"
#include "diag.h"
#include "scenario.h"

struct replica {
    double throughput_tok_s;            /* constant X, when curve is NULL; 0: no throughput */
    const struct curve_fit *curve;      /* X(n), borrowed; NULL: constant */
    double max_concurrency;             /* M, a whole number; 0: no cap (a constant only) */
    double ttft_s;                      /* before decode */
    double input_tokens, output_tokens; /* mean per request */
    int output_dist;                    /* as enum sim_dist */
    double output_cv, output_max;
};

/*
 * The replica an inference option describes, with the traffic's tokens and
 * output lengths.  A curve's M defaults to the concurrency the curve is read
 * at (its `concurrency`, else its knee, capped by limits.concurrency),
 * rounded to a whole number.
 */
void replica_from_option(struct replica *r, const struct deployment *o, const struct inference *in);

/* Whether the replica has a throughput (a constant or a curve). */
int replica_has_throughput(const struct replica *r);
/* X(min(n, M)) for n >= 1, tokens a second. */
double replica_tok_s(const struct replica *r, double n);
/* The highest X(n) for n = 1 .. M (a constant: X), and where (*at, NAN for a constant). */
double replica_peak_tok_s(const struct replica *r, double *at);
/* Requests a second below which the queue is stable: X(M) / output tokens (a constant: X / out). */
double replica_stable_rate(const struct replica *r);
/* The 95th percentile of output lengths (the mean when they do not vary), clamped at max. */
double replica_output_p95(const struct replica *r);
/* The p95 of one request alone: ttft + output p95 / X(1). */
double replica_alone_latency(const struct replica *r);

/*
 * The analytic estimate at a Poisson rate lambda (requests a second): the
 * number in the system N is a birth-death process with births lambda and
 * deaths X(min(n, M)) / out; k_p = (the p-th percentile of N) + 1 is the
 * requests a new arrival finds itself among.  A request of s tokens among
 * k takes
 *   T(k, s) = ttft + max(0, k - M) out / X(M) + s n / X(n),  n = min(k, M)
 * (waiting for k - M departures, then decoding at X(n) / n), and
 *   latency95 = max(T(k_95, out), T(k_50, out_95)),
 *   ttft95    = ttft + max(0, k_95 - M) out / X(M),
 * out_95 the 95th percentile of output lengths (GSL's inverse CDFs).
 * Returns 0, or -1 (and NANs) when lambda is not below the stable rate.
 */
int replica_estimate(const struct replica *r, double lambda, double *latency_p95_s,
                     double *ttft_p95_s);

/*
 * The highest rate at which the estimate keeps latency_p95 <= latency_s and
 * ttft_p95 <= ttft_s (a target of 0 is not part of it), to a relative 1e-7,
 * found by GSL's bisection.  0 when even one request alone misses it.
 */
double replica_target_rate(const struct replica *r, double latency_s, double ttft_s);

/* A simulated run of Poisson arrivals on the replica. */
struct replica_run {
    double rate;                      /* requests a second */
    double latency_p95_s, ttft_p95_s; /* over the requests after the warm-up tenth */
    double latency_mean_s;
    uint64_t requests, seed, replication;
    uint64_t events;
};

/*
 * Simulates `requests` arrivals at rate lambda (seeded from seed and
 * replication; the first tenth left out of the percentiles).  Returns 0, or
 * -1 with d filled (the engine refused the run).
 */
int replica_simulate(const struct replica *r, double lambda, uint64_t requests, uint64_t seed,
                     uint64_t replication, struct replica_run *run, struct diag *d);

/*
 * The capacity the simulation confirms: the simulated p95s at `rate` meet
 * the targets, or else the highest rate below it (to 1%) at which they do,
 * by bisection with the same seed (common random numbers).  *run holds the
 * run at the rate returned; *lowered says whether it is below `rate`.
 * Returns 0, or -1 with d filled.
 */
int replica_check(const struct replica *r, double rate, double latency_s, double ttft_s,
                  uint64_t requests, uint64_t seed, double *checked, int *lowered,
                  struct replica_run *run, struct diag *d);

#endif
