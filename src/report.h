/*
 * report: the figures of one model run, in base units (tokens, seconds,
 * currency units).  model_run fills it; the report document
 * (report_doc.c), the JSON and CSV writers and the plots turn it into text
 * and pictures without computing a figure of their own.  A report points into the scenario
 * it was computed from (names, prices): the scenario must outlive it.  A
 * figure that does not exist ("never", "unreachable") is NAN.
 */
#ifndef RAFTCOST_REPORT_H
#define RAFTCOST_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "billing.h"
#include "capacity_report.h"
#include "model_sim.h"
#include "scenario.h"

struct gen_backend_result {
    const struct deployment *backend;
    struct deploy_rate rate; /* one instance's throughput, and how a curve was read */
    double count;            /* instances (1 for serverless) */
    double throughput_tok_s; /* effective: count × throughput, capped by limits */
    int limited_by;          /* 0 none, 1 tpm, 2 rpm: what capped the throughput */
    /* What the tpm and rpm limits allow (output tokens/s); NAN: no such limit. */
    double tpm_cap_tok_s, rpm_cap_tok_s;
    double share; /* of the output tokens */
    double input_tokens, output_tokens;
    double busy_s;   /* time serving */
    double billed_s; /* dedicated: provisioning + busy + teardown */
    double cost;
    struct bill bill; /* the rates it is billed at (billing.h) */
    int idle;         /* capacity routing: ready only after the job is done, so it serves nothing */
    /* The same backend doing the whole job alone. */
    double alone_wall_s, alone_cost;
};

/* The token volume a RAFT dataset costs (generation.dataset). */
struct volume {
    double chunks;      /* of the corpus */
    double chunks_used; /* what the generator reads: fewer when max_examples stops it */
    double question_calls, answer_calls, requests, examples;
    double input_tokens, output_tokens;
    double example_tokens; /* tokens in one training example; 0 when not known */
};

/* A mix of backend counts tried by deadline planning. */
struct gen_mix {
    double *counts; /* one per generation backend, in generation order */
    double wall_s, cost;
    int makes_deadline;
};

struct gen_plan {
    int present;
    double deadline_s;
    int has_cheapest, has_fastest; /* cheapest: within the deadline */
    struct gen_mix cheapest, fastest;
    double misses_by_s;       /* no mix makes it: how late the fastest is; else NAN */
    struct gen_mix *frontier; /* fastest first */
    size_t nfrontier;
};

struct gen_result {
    int present;
    int has_volume;
    struct volume volume;
    double examples, requests, input_tokens, output_tokens;
    double throughput_tok_s; /* sum of the backends' effective throughputs */
    double wall_s;
    double cost;
    struct gen_backend_result *backends; /* the backends in the mix (count > 0) */
    size_t nbackends;
    struct gen_plan plan;
};

struct ft_result {
    int present;
    double runs;
    double duration_s;      /* runs × a run's duration */
    double training_tokens; /* all runs; 0 when not known */
    double training_tokens_per_run;
    double flops; /* per run, with an estimate; 0 otherwise */
    double run_s; /* one run */
    double cost;
};

struct eval_result {
    int present;
    double questions;
    double *model_costs;      /* the answers of each evaluated model */
    struct bill *model_bills; /* the rates of each evaluated model's answers */
    struct bill judge_bill;   /* the rates of the judge's calls */
    double answer_input_tokens, answer_output_tokens; /* of one model's answers, all questions */
    double answers;                                   /* questions × models */
    double judged;                                    /* answers × metrics: the judge's calls */
    double judge_input_tokens, judge_output_tokens;   /* all the judge's calls */
    double answer_cost, judge_cost, cost;
};

struct option_result {
    const struct deployment *option;
    int hosted;                    /* billed for hosting (a hosting price) */
    double replicas;               /* hosted: replicas billed */
    double hosting_per_month;      /* replicas × hosting × 730 */
    double token_cost_per_request; /* at this traffic mix */
    struct bill bill;              /* the rates of its requests (tier, cache hits) */
    double first_month_cost;
    double hosting_hours; /* replica-hours over the horizon */
    double hosting_cost;  /* over the horizon */
    double serving_cost;  /* over the horizon: hosting and tokens */
    double horizon_cost;  /* serving, plus the one-off costs for the candidate */
    double *monthly;      /* months costs */
    double *cumulative;   /* months + 1: at the end of each month, month 0 the start; the
                             candidate's includes the one-off costs from month 0 */
};

/*
 * Each option's monthly cost (and the comparison's ratio) at traffics
 * spread on a log scale around the scenario's, its breakeven and its claim,
 * for the plots against traffic.
 */
#define TRAFFIC_POINTS 241
struct traffic_series {
    size_t n;
    double lo, hi; /* requests a day at the ends */
    double *requests_per_day;
    double *monthly_cost; /* n × options, row by row */
    double *ratio;        /* baseline / candidate; NULL without a comparison */
};

struct comparison {
    int present;
    const struct deployment *baseline, *candidate;
    double input_price_ratio, output_price_ratio;
    double asymptotic_ratio;
    double first_month_ratio, horizon_ratio;
    double breakeven_requests_per_day, breakeven_tokens_per_month;
    double breakeven_monthly_cost; /* what each option costs a month there; NAN: none */
    double payback_days;
    double payback_months;          /* payback_days in months; NAN: never */
    double payback_cumulative_cost; /* the candidate's cumulative cost then; NAN: never */
    double claim;                   /* 0 = no claim */
    int claim_holds;
    double claim_requests_per_day; /* NAN: unreachable */
    int claim_rises_with_traffic;  /* 1: the ratio grows with traffic */
    double best_ratio;             /* the highest ratio any traffic of this mix gives */
    /* Sized hosting (capacity_report.h): the ratio against traffic is a staircase. */
    int staircase;
    double claim_for_good_requests_per_day; /* from there on the claim holds at any traffic */
    int scan_capped; /* the staircase was followed only so far (docs/capacity.md) */
};

struct inference_result {
    int present;
    int months;
    double requests_per_day;
    double requests_per_month; /* month 1 */
    double *monthly_requests;  /* months: each month's requests, as traffic grows */
    double horizon_requests;   /* over the horizon */
    double horizon_input_tokens, horizon_output_tokens;
    struct option_result *options;
    size_t noptions;
    struct comparison comparison;
    struct traffic_series traffic;
    struct capacity_report capacity; /* replicas sized from traffic (model_capacity.c) */
};

/* Budget checks: a figure over its budget makes raftcost exit with status 3. */
struct budget_result {
    double monthly; /* the dearest month of the candidate, or of any option; NAN: none */
    int over_one_off, over_monthly, over_horizon;
    int over; /* any of them */
};

struct unc_result; /* unc.h */

/* A catalogue and the names of its prices that the scenario uses, in order of use. */
struct catalogue_use {
    const struct catalogue *catalogue;
    const char **used; /* borrowed names */
    size_t nused;
};

struct report {
    const struct scenario *scenario;
    struct catalogue_use *catalogues; /* one per scenario catalogue */
    size_t ncatalogues;
    struct deploy_rate *backend_rates; /* one per scenario backend, in scenario order */
    struct gen_result generation;
    struct ft_result fine_tuning;
    struct eval_result evaluation;
    struct inference_result inference;
    double one_off;
    double horizon_total;
    struct budget_result budget;
    struct sim_report simulation; /* model_sim.h: filled by model_sim_run, not model_run */
    /* A Monte Carlo run of the scenario (unc.h) that the command attached after
       model_run; NULL: none.  Borrowed: the command owns it. */
    const struct unc_result *uncertainty;
};

/* Releases what model_run allocated; the struct may be reused. */
void report_release(struct report *r);

/* Writers.  Each returns 0, or -1 when the stream failed (errno set). */
int report_write_text(const struct report *r, FILE *out);
/* Markdown: the text report's content as headings and tables. */
int report_write_md(const struct report *r, FILE *out);
/* CSV: one row per line item (report_csv.c says which rows and units). */
int report_write_csv(const struct report *r, FILE *out);
/* Returns the JSON text (the caller frees). */
char *report_json(const struct report *r);
/* The same as a cJSON tree (the caller frees it with cJSON_Delete). */
struct cJSON *report_json_object(const struct report *r);
/* Replication 0's timeline as CSV (report_csv_sim.c); the caller frees. */
char *report_sim_timeline_csv(const struct report *r);
/* The `simulation` object (report_json_sim.c), when r->simulation.present. */
struct cJSON *report_json_simulation(const struct report *r);
/* report_json_unc.c: the `uncertainty` object, for a report with r->uncertainty. */
struct cJSON *report_json_uncertainty(const struct report *r);
/*
 * report_json_billing.c: a catalogue's format, date, choices and provenance
 * added to its object in `prices`; a backend's or option's rates as its
 * "billing" object.
 */
void report_json_catalogue(struct cJSON *o, const struct catalogue *c);
void report_json_bill(struct cJSON *parent, const struct bill *b, const struct deployment *d);
/*
 * report_json_preempt.c: a preempted deployment's `preemption` in
 * simulation.backends[i], the simulation's `preemption`, a backend's
 * preemption settings in its "billing", an option's spot price per
 * replica-hour; each only where it applies.
 */
void report_json_preempt_deployment(struct cJSON *o, const struct report *r, size_t i);
void report_json_preemption(struct cJSON *o, const struct report *r);
void report_json_preempt_settings(struct cJSON *billing, const struct deployment *d);
void report_json_option_spot(struct cJSON *o, const struct deployment *option);

#endif
