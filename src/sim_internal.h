/*
 * sim_internal: the run state shared by the simulation's source files
 * (sim.c the loop, sim_server.c service, sim_limits.c rate limits,
 * sim_router.c routing, sim_client.c the job and the client, sim_stats.c
 * latency statistics, sim_preempt.c spot instances taken back).  Nothing outside these files
 * includes it.
 *
 * Requests are slots in one growable array, recycled through a free list:
 * they are referred to by index, since the array may move when it grows.
 * Every ring buffer has a power-of-two capacity (16 or 64, doubling), so
 * its indices wrap with a mask.
 */
#ifndef RAFTCOST_SIM_INTERNAL_H
#define RAFTCOST_SIM_INTERNAL_H

#include <gsl/gsl_histogram.h>
#include <gsl/gsl_rng.h>

#include "evq.h"
#include "sim.h"

#define SIM_NONE UINT32_MAX

/* Event kinds in the queue; arg is a request slot unless said otherwise. */
enum {
    EV_ATTEMPT,     /* the client tries (again) */
    EV_TTFT,        /* first token: decode starts */
    EV_STREAM_DONE, /* a per-stream request finished decoding */
    EV_ARRIVAL,     /* open loop: the next call arrives (arg unused) */
    EV_TICK,        /* timeline step ends (arg unused) */
    EV_PREEMPT      /* a spot instance is taken back (arg: the deployment) */
};

struct sim_req {
    uint64_t call;  /* index in the job's order */
    uint64_t chunk; /* RAFT: the chunk */
    double input, output, max_tokens;
    double cost_tokens;   /* what it costs against TPM at its deployment */
    double issued_s;      /* first attempt (open loop: arrival) */
    double admitted_s;    /* admission of the attempt that was served */
    double first_token_s; /* decode start */
    uint32_t worker;      /* RAFT pattern: its worker */
    uint32_t retries;     /* client retries so far */
    uint32_t dep;         /* serving deployment, SIM_NONE before admission */
    uint32_t next_free;
    uint8_t kind;   /* enum sim_call_kind */
    uint8_t orphan; /* preempted with an event still queued: that event frees the slot */
};

/* A TPM or RPM limit. */
struct sim_bucket {
    double allowance; /* limit * window / 60: capacity, or most per window */
    double rate;      /* refill per second (bucket) */
    double window_s;
    int sliding;
    double level, level_t; /* bucket: tokens at level_t */
    /* sliding: admissions in the last window, oldest first */
    double *log_t, *log_cost;
    size_t log_head, log_len, log_cap;
    double log_sum;
};

struct sim_stream {
    double tag; /* virtual time at which it has received all its tokens */
    uint64_t call;
    uint32_t req;
};

/* Throughput at n streams in decode, with the two quotients the clock needs. */
struct sim_rate {
    double x;          /* X(n), tok/s */
    double per_stream; /* X(n) / n: tokens a second for each stream */
    double inv;        /* n / X(n): seconds for each token of the virtual clock */
};

struct sim_dep {
    const struct sim_deployment *cfg;
    int shared;     /* processor sharing (1) or per-stream (0) */
    int has_limits; /* tpm, rpm or concurrency */
    double ready_s;
    /* processor sharing: min-heap of finish tags, virtual clock */
    struct sim_stream *streams;
    size_t nstreams, cap_streams;
    double vclock;          /* service each stream in decode has received, tokens */
    struct sim_rate *rates; /* by n; x NaN: not computed yet */
    size_t nrates;
    double peak_x;     /* highest X seen (constant: X) */
    double x_now;      /* X(n) for the streams in decode now; 0 when idle */
    double per_stream; /* x_now / n */
    double next_done_s;
    size_t heap_pos; /* in the completion heap */
    /* per-stream decode count */
    unsigned ndecoding;
    /* service and queue */
    unsigned in_service; /* prefill or decode */
    unsigned in_flight;  /* admitted: queued or in service */
    unsigned peak_in_flight;
    uint32_t *queue; /* FIFO of slots waiting for max_concurrency */
    size_t q_head, q_len, q_cap;
    /* limits */
    struct sim_bucket tpm, rpm;
    /* router state */
    unsigned fails;
    double last_fail_s, cooldown_until_s;
    int64_t minute; /* floor(t / 60) of the counters below */
    double minute_tokens, minute_requests;
    double *latency; /* last latency_window latencies per output token */
    size_t lat_len, lat_next;
    uint32_t tried_stamp; /* router retries: tried in the attempt with this stamp */
    /* accounting, integrated up to acct_s */
    double acct_s;
    double busy_s;
    /* timeline of the current step */
    double tl_tokens, tl_in_flight_s;
    uint64_t tl_completed, tl_rejected;
    /* results */
    uint64_t requests, rejected;
    double input_tokens, output_tokens;
    /* preemption (sim_preempt.c) */
    gsl_rng *preempt_rng; /* its own stream; NULL: never preempted */
    double down_until_s;  /* serves again from then on (0: never preempted) */
    double last_preempt_s;
    uint64_t preemptions, rerun_requests;
    double rerun_tokens, down_s, unbilled_s;
};

/* When the deployment serves: after provisioning, and after a preemption's downtime. */
static inline double sim_dep_ready_at(const struct sim_dep *d)
{
    return d->down_until_s > d->ready_s ? d->down_until_s : d->ready_s;
}

/* A log-binned latency histogram (GSL) with exact count, sum and maximum. */
struct sim_hist {
    gsl_histogram *h;
    double lo, hi; /* the first and last geometric edges */
    uint64_t n;
    double sum, min, max;
};

struct sim_ready { /* independent pattern: a chunk whose answers may go */
    uint64_t chunk;
    unsigned left;
};

struct sim_worker { /* RAFT pattern */
    uint64_t chunk;
    unsigned answers_made; /* answer calls of the chunk made so far */
    int active;
};

struct sim {
    const struct sim_config *cfg;
    struct diag *d;
    int failed;
    gsl_rng *rng;
    double now;
    struct evq evq;
    int tick_pending;
    double tick_start_s;
    /* events that do not keep the run going: preemptions to come, orphans' stale events */
    size_t preempt_background;
    /* deployments and the heap of their next completions */
    struct sim_dep *deps;
    size_t ndeps;
    uint32_t *done_heap;
    /* requests */
    struct sim_req *reqs;
    size_t nreqs, cap_reqs;
    uint32_t free_head;
    size_t live, peak_live;
    /* attempts due now, first in first out */
    uint32_t *nowq;
    size_t nowq_head, nowq_len, nowq_cap;
    /* router */
    size_t rr_next;
    uint32_t attempt_stamp;
    /* client */
    unsigned in_flight;  /* calls made and not yet finished or lost */
    uint64_t next_call;  /* calls created */
    uint64_t next_chunk; /* RAFT: chunks taken */
    uint64_t requests_made;
    struct sim_worker *workers;
    struct sim_ready *ready; /* ring */
    size_t ready_head, ready_len, ready_cap;
    uint32_t *waiting; /* open loop: arrived, waiting for a worker (ring) */
    size_t wait_head, wait_len, wait_cap;
    double lognormal_mu, lognormal_sigma;
    /* statistics */
    struct sim_hist latency, ttft;
    uint64_t events;
    uint64_t tl_rejected, tl_retries, tl_lost;
    struct sim_timeline_deployment *tl_buf;
    struct sim_result *res;
};

/* sim.c */
uint32_t sim_req_alloc(struct sim *s);
void sim_req_free(struct sim *s, uint32_t slot);
void sim_nowq_push(struct sim *s, uint32_t slot);
void sim_trace(struct sim *s, enum sim_trace_kind kind, uint32_t slot, int dep, double retry_after);
void sim_fail(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sim_server.c: service at a deployment */
int sim_server_init(struct sim *s);
void sim_server_release(struct sim *s);
void sim_dep_touch(struct sim *s, struct sim_dep *d);
void sim_dep_admit(struct sim *s, uint32_t dep, uint32_t slot);
void sim_dep_first_token(struct sim *s, uint32_t slot);
void sim_dep_stream_done(struct sim *s, uint32_t slot);
double sim_next_completion(const struct sim *s, uint32_t *dep);
void sim_dep_complete(struct sim *s, uint32_t dep);
/* The next completion of d after its streams changed other than by the calls above. */
void sim_dep_reschedule(struct sim *s, struct sim_dep *d);
const struct sim_rate *sim_dep_rate(struct sim *s, struct sim_dep *d, size_t n);

/* sim_limits.c */
void sim_bucket_init(struct sim_bucket *b, double limit_per_min, double window_s, int sliding);
void sim_bucket_release(struct sim_bucket *b);
/* Seconds until cost fits (0: fits now; INFINITY: never); consumes nothing. */
double sim_bucket_wait(struct sim_bucket *b, double now, double cost);
void sim_bucket_take(struct sim_bucket *b, double now, double cost);
/* 0 when admitted (and counted), else the retry-after (-1: none given). */
double sim_limits_admit(struct sim *s, struct sim_dep *d, struct sim_req *r);
double sim_tpm_cost(const struct sim_dep *d, const struct sim_req *r);

/* sim_router.c */
void sim_attempt(struct sim *s, uint32_t slot);
void sim_router_done(struct sim *s, struct sim_dep *d, const struct sim_req *r);

/* sim_client.c */
int sim_client_init(struct sim *s);
void sim_client_release(struct sim *s);
void sim_client_start(struct sim *s);
void sim_client_arrival(struct sim *s);
void sim_client_rejected(struct sim *s, uint32_t slot, double retry_after);
void sim_client_finished(struct sim *s, uint32_t slot);

/* sim_preempt.c */
int sim_preempt_check(const struct sim_deployment *p, const char *label, struct diag *d);
void sim_preempt_init(struct sim *s); /* after sim_server_init */
void sim_preempt_release(struct sim *s);
void sim_preempt_event(struct sim *s, uint32_t dep);
/* 1 when slot is an orphan whose stale event this is (and frees it), else 0. */
int sim_preempt_stale(struct sim *s, uint32_t slot);
/* Fills o's preemption figures and takes the downtime out of o->available_s. */
void sim_preempt_results(struct sim *s, struct sim_dep *d, struct sim_deployment_result *o);

/* sim_stats.c */
void sim_hist_init(struct sim_hist *h);
void sim_hist_release(struct sim_hist *h);
void sim_hist_add(struct sim_hist *h, double x);
void sim_hist_summary(const struct sim_hist *h, struct sim_latency *out);

#endif
