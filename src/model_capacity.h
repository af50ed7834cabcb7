/*
 * model_capacity: serving capacity in the model (docs/capacity.md).  For
 * each inference option that reports a capacity: what one replica serves
 * (its throughput, its limits, the target it must hold), checked by
 * simulation where the target is a latency; then, month by month, the
 * replicas at the peak hour, the replica-hours billed (following the
 * hourly profile when the option autoscales), the utilisation and the
 * latency at the peak.  A sized option's costs follow its replicas
 * (model_capacity_option_costs), and so do the comparison's breakeven,
 * claim and best ratio, computed over the staircase its hosting makes
 * against traffic (model_staircase.c).
 *
 * Pure, like model_run: no I/O, no globals.  Only a scenario with an option
 * that asks for it pays for any of this: model_capacity_size does nothing
 * else.  Ownership: the arrays go into the report's capacity_report and are
 * freed by model_capacity_release.
 */
#ifndef RAFTCOST_MODEL_CAPACITY_H
#define RAFTCOST_MODEL_CAPACITY_H

#include "diag.h"
#include "report.h"
#include "scenario.h"

/*
 * Fills inf->capacity from the scenario and inf->monthly_requests (which
 * must be filled).  Returns 0, or -1 with d filled (a simulation the engine
 * refused, or a target no rate meets).
 */
int model_capacity_size(const struct scenario *s, struct inference_result *inf, struct diag *d);

/* The capacity of option i, or NULL when it reports none. */
const struct capacity_option *model_capacity_of(const struct inference_result *inf, size_t option);
/* Option i's costs follow sized replicas. */
int model_capacity_is_sized(const struct inference_result *inf, size_t option);

/*
 * After run_option filled r for option i (hosting as for a fixed count):
 * a sized option's hosting and monthly costs become its replicas', and each
 * capacity option's cost per million tokens is filled.
 */
void model_capacity_option_costs(const struct scenario *s, struct inference_result *inf,
                                 size_t option, struct option_result *r);

/* Sizing at one steady traffic (no growth), requests a month. */
struct capacity_at {
    double replicas;      /* at the peak hour */
    double replica_hours; /* a month's, billed */
    double scale_ups;     /* a month's */
    double hosting_cost;  /* a month's */
    int over;             /* the peak needs more than `max` */
};
void model_capacity_at(const struct scenario *s, const struct capacity_option *c,
                       double requests_per_month, struct capacity_at *at);

/*
 * The traffic's shape as slots of one hour over a day (24) or a week (168),
 * each a factor of the mean rate (their mean is 1); without a profile, one
 * slot at the peak factor (default 1).  Returns the number of slots.
 */
#define CAPACITY_SLOTS (SHAPE_HOURS * SHAPE_DAYS)
size_t model_capacity_slots(const struct traffic_shape *sh, double factors[CAPACITY_SLOTS]);

/* Whether option k's replicas carry a steady traffic of R requests a month (not past `max`). */
int model_capacity_serves(const struct scenario *s, const struct inference_result *inf, size_t k,
                          double requests_per_month);

/* Requests a day at which every sized option has stepped up a few times (0: none sized). */
double model_capacity_range_mark(const struct inference_result *inf);

/* Option k's monthly cost at a steady traffic of R requests a month: sized hosting or fixed. */
double model_capacity_cost_at(const struct scenario *s, const struct inference_result *inf,
                              size_t k, double requests_per_month);

/*
 * model_staircase.c.  The comparison of baseline b and candidate k when
 * either is sized: replaces c's breakeven, claim traffic and best ratio by
 * their values over the staircase (the other fields stay as compare set
 * them).
 */
void model_capacity_compare(const struct scenario *s, const struct inference_result *inf, size_t b,
                            size_t k, struct comparison *c);
/*
 * The traffics (requests a day) of the series from lo to hi: n log-spaced
 * points and, for sized options, both sides of each step in between
 * (a staircase drawn with its corners).  Returns how many; *points is the
 * caller's to free.
 */
size_t model_capacity_traffic_points(const struct scenario *s, const struct inference_result *inf,
                                     double lo, double hi, size_t n, double **points);

void model_capacity_release(struct capacity_report *c);

/*
 * Latency against load on one replica of capacity option c, for a plot:
 * the analytic estimate at n rates spread over (0, the stable rate), and
 * with an slo the simulation at nsim of them (seeded as the check, the
 * replication numbered from 100).  Runs simulations: call it only to draw.
 */
#define CAPACITY_LATENCY_POINTS 120
#define CAPACITY_SIM_POINTS 9
struct capacity_latency {
    size_t n;
    double *rate, *latency_p95_s, *ttft_p95_s;
    size_t nsim;
    double *sim_rate, *sim_latency_p95_s, *sim_ttft_p95_s;
    double stable_rate; /* requests a second at which the queue grows without bound */
};
int model_capacity_latency(const struct scenario *s, const struct capacity_option *c,
                           struct capacity_latency *out, struct diag *d);
void model_capacity_latency_release(struct capacity_latency *l);

#endif
