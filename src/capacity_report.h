/*
 * capacity_report: the figures of serving capacity in a report
 * (report.h's inference_result.capacity), filled by model_capacity.c:
 * each serving option's capacity per replica and its sizing month by month,
 * and the comparison of every option against the candidate.  Base units:
 * requests a second, hours for replica-hours, seconds, currency.  A figure
 * that does not exist is NAN.
 *
 * Ownership: the report owns every array here; model_capacity_release
 * (called by report_release) frees them.
 */
#ifndef RAFTCOST_CAPACITY_REPORT_H
#define RAFTCOST_CAPACITY_REPORT_H

#include <stddef.h>
#include <stdint.h>

/* What sets a replica's capacity. */
enum capacity_bound {
    CAPACITY_BOUND_UTILISATION, /* max_utilisation of the full rate */
    CAPACITY_BOUND_SLO,         /* the latency target (analytic, checked by simulation) */
    CAPACITY_BOUND_TPM,         /* the tokens-per-minute limit */
    CAPACITY_BOUND_RPM,         /* the requests-per-minute limit */
};

struct capacity_option {
    size_t option;           /* index into the scenario's inference.options */
    int sized;               /* replicas: auto (else a fixed count) */
    int hourly;              /* autoscale: hourly */
    double hosting_per_hour; /* one replica */
    double peak_factor;      /* peak hour's rate over the month's mean rate */
    /* One replica, requests a second: */
    double peak_tok_s;       /* the highest X(n) for n up to M (a constant: X); NAN without */
    double peak_concurrency; /* where a curve reaches it; NAN for a constant */
    double max_concurrency;  /* M, requests in service at once; 0: no cap */
    double throughput_rate;  /* peak X / output tokens; NAN without a throughput */
    double tpm_rate;         /* tpm / 60 / tokens per request; NAN without */
    double rpm_rate;         /* rpm / 60; NAN without */
    double full_rate;        /* the least of the three: a replica fully used */
    double utilisation_rate; /* max_utilisation (default 100%) × full_rate */
    double analytic_rate;    /* the SLO's analytic estimate; NAN without an slo */
    double requests_per_s;   /* the capacity: what sizing divides by */
    enum capacity_bound bound;
    /* The SLO's simulation check, at requests_per_s (checked = 0: no slo). */
    int checked, check_lowered;
    double check_latency_p95_s, check_ttft_p95_s;
    uint64_t check_requests, seed, check_events;
    /* Month by month (months of them): */
    double *replicas;      /* at the peak hour */
    double *replica_hours; /* billed, provisioning of scale-ups included */
    double *scale_ups;     /* replicas started in the month (hourly autoscaling) */
    double *utilisation;   /* requests / (replica-hours × full rate) */
    double *peak_load;     /* requests a second per replica at the peak hour */
    double *latency_p95_s; /* at the peak hour; NAN where not known or overloaded */
    double *ttft_p95_s;
    double *hosting_cost;            /* replica-hours × hosting_per_hour */
    double *cost_per_million_tokens; /* the option's month (hosting and tokens) / its tokens */
    int *over_capacity;              /* the peak needs more than `max` replicas */
    int latency_simulated;           /* the monthly p95s come from the simulation */
    int any_over;
};

struct comparison;

struct capacity_report {
    int present; /* some option reports its capacity */
    int sized;   /* some option's replicas are sized: its costs follow the traffic */
    struct capacity_option *options;
    size_t n;
    /* With a comparison: every option but the candidate against it, in option order. */
    struct comparison *against;
    size_t nagainst;
    /* Each option's monthly cost over the candidate's at each traffic of the series. */
    double *traffic_ratio; /* traffic.n × options, row by row; NULL without a comparison */
};

#endif
