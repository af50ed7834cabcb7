/*
 * sizing: what the scenario says about serving capacity (docs/capacity.md).
 * An inference option may say how much one replica serves (a throughput,
 * limits), what it must hold to (a latency target or a utilisation ceiling)
 * and how its replicas are counted (a fixed number, or `replicas: auto`,
 * sized from the traffic's peak hour, optionally following the daily
 * profile).  The traffic may have a shape: a peak factor or hourly (and
 * daily) weights, and a distribution of output lengths.
 *
 * These are plain values: a struct deployment holds a struct deploy_sizing
 * and a struct inference a struct traffic_shape, copied with them.  Every
 * number and choice in them is a parameter (inference.options.NAME.slo.
 * latency_p95, inference.traffic.profile.hourly.7, ...).  Nothing here
 * allocates.
 */
#ifndef RAFTCOST_SIZING_H
#define RAFTCOST_SIZING_H

enum sizing_autoscale {
    SIZING_AUTOSCALE_NONE,   /* the peak hour's replicas all month */
    SIZING_AUTOSCALE_HOURLY, /* replicas follow the hourly profile */
};

/* The keys of an inference option that serves (inference.options.NAME). */
struct deploy_sizing {
    int has_capacity;       /* a target or `replicas: auto`: the option reports its capacity */
    int autosize;           /* replicas: auto */
    double min_replicas;    /* auto: default 1 */
    double max_replicas;    /* auto: 0 = no limit */
    double max_utilisation; /* share of a replica's full rate the peak may use; 0 = not given */
    int has_slo;
    double ttft_p95_s, latency_p95_s; /* slo: 0 = not part of the target */
    double check_requests;            /* slo: requests simulated in the check (default 20k) */
    double seed;                      /* slo: the simulation's seed (default 1) */
    int autoscale;                    /* enum sizing_autoscale; a choice parameter */
    double max_concurrency; /* requests in service at once, the rest queue; 0 = the default */
    double ttft_s;          /* time to first token of a request in service (default 0) */
};

#define SHAPE_HOURS 24
#define SHAPE_DAYS 7

/* inference.traffic: its shape over the day and the week, and its output lengths. */
struct traffic_shape {
    double peak;     /* peak hour's rate over the daily mean; 0 = not given */
    int has_profile; /* hourly weights given */
    int has_daily;   /* daily weights given too */
    double hourly[SHAPE_HOURS];
    double daily[SHAPE_DAYS];
    int output_dist;   /* 0 none, 1 lognormal, 2 exponential (as enum sim_dist); a choice */
    double output_cv;  /* lognormal: standard deviation over mean */
    double output_max; /* max_tokens: a longer answer is cut there; 0 = none */
};

#endif
