/*
 * calib_plan: a job's plan against what its usage log says it has done:
 * per backend and for the whole generation job, tokens, requests, cost,
 * time, throughput and 429s, each beside the plan for the whole job, the
 * plan at the progress the job has made, and the deviation from it; per
 * call kind, the calls' mean sizes against the dataset model; for a job
 * still running, the projected finish and cost (calibrate.h's projection)
 * and whether they break a budget or the deadline.  docs/calibration.md
 * defines every figure.
 *
 * The progress is the share of the planned calls done: f = successful
 * completion calls / planned calls (the report's question + answer calls,
 * or generation.requests), at most 1.  The plan at the progress is f x the
 * plan's figure (its rate for a throughput, 0 for 429s): a job on plan
 * shows no deviation at any point of its run.  The deviation is actual /
 * (plan at the progress) - 1.
 *
 * Costs: a serverless backend's calls cost the log's spend, or, where the
 * log has none, their tokens at the backend's prices; a dedicated backend
 * costs count x per_hour from its provisioning on (provisioning + the time
 * since the job's first request, + teardown once finished), and the log's
 * spend at its deployments is not counted.  A deployment mapped to no
 * backend costs its spend where the log has one.
 *
 * Ownership: a struct plan_actual owns its arrays; names are borrowed from
 * the scenario and the log.  plan_actual_compute rewrites the spend of the
 * log's records to the cost it counts for them (see above): the log is the
 * caller's, and must outlive the result.  Pure: no I/O.
 */
#ifndef RAFTCOST_CALIB_PLAN_H
#define RAFTCOST_CALIB_PLAN_H

#include <stddef.h>

#include "calib_map.h"
#include "calibrate.h"
#include "diag.h"
#include "report.h"
#include "usage_log.h"

/* The figures compared; each is NaN where it does not exist. */
struct pa_figures {
    double requests; /* completion calls, any status (planned: calls) */
    double input_tokens, output_tokens;
    double cost;
    double seconds;      /* a backend: its serving time; the job: its wall time */
    double output_tok_s; /* output_tokens / seconds */
    double rejected;     /* 429s */
};

enum pa_figure {
    PA_REQUESTS,
    PA_INPUT,
    PA_OUTPUT,
    PA_COST,
    PA_SECONDS,
    PA_TOK_S,
    PA_REJECTED,
    PA_NFIGURES
};

/* A figure of a pa_figures by its index (enum pa_figure). */
double pa_get(const struct pa_figures *f, enum pa_figure which);
/* "requests", "input_tokens", "output_tokens", "cost", "hours", "output_tok_s", "rejected". */
const char *pa_key(enum pa_figure which);

struct pa_group {
    const char *name;    /* the backend's; NULL: the job, or the unmatched deployments */
    size_t backend;      /* index into scenario.backends; CALIB_NO_BACKEND for the others */
    int dedicated;       /* a dedicated backend: billed by the hour */
    size_t ndeployments; /* log deployments mapped to it */
    double succeeded;    /* successful completion calls */
    struct pa_figures planned, expected, actual, deviation;
};

/* A call kind: the plan's calls and mean sizes, the log's, and the deviations. */
struct pa_kind {
    double planned_calls, planned_prompt, planned_output; /* sizes: per call */
    double calls, prompt, output;                         /* the log's: n and means */
    double prompt_deviation, output_deviation;            /* actual / planned - 1 */
};

struct plan_actual_options {
    double now_s;      /* NaN: the last time in the log */
    double window_s;   /* the projection's rate window; 0: the whole run */
    double deadline_s; /* an absolute finish to meet (Unix seconds); NaN: none */
};

struct plan_actual {
    double first_start_s, now_s, elapsed_s;
    double planned_requests, done, fraction;
    int finished;
    struct pa_group total;
    struct pa_group *backends; /* the generation's backends in the plan, in plan order */
    size_t nbackends;
    struct pa_group unmatched; /* deployments mapped to no backend */
    int has_unmatched;
    int has_kinds; /* the plan has a dataset and the log's calls were told apart */
    enum calib_rule rule;
    struct pa_kind question, answer;
    size_t unpriced; /* records of unmatched deployments without a spend */
    /* The dedicated backends' cost: hourly_start (their provisioning) at the
     * first request, then hourly_per_s a second, and hourly_end (their
     * teardown) once the job is finished. */
    double hourly_start, hourly_per_s, hourly_end;

    /* The finish, at the rate of the window (actual_project on the costed log). */
    struct projection projection;
    struct pa_figures projected;           /* the whole job: requests planned, tokens, cost, time */
    struct pa_figures projected_deviation; /* projected / planned - 1 */
    double finish_s;                       /* Unix seconds; INFINITY: stalled */

    /* Budgets and deadlines the projection may break. */
    double plan_one_off, projected_one_off, budget_one_off; /* budget 0: none */
    double plan_horizon, projected_horizon, budget_horizon;
    double deadline_s;    /* the scenario's generation.deadline (a duration); 0: none */
    double deadline_at_s; /* the option's absolute deadline; NaN: none */
    int over_one_off, over_horizon, over_deadline, over_deadline_at;
    int over; /* any of them */
};

/*
 * Compares the job planned in r (the report of scenario s, which must have
 * a generation phase) with the log, its deployments mapped by map.  Records
 * after options->now_s must already be dropped (plan_actual_cut).  Rewrites
 * the log's spends (see above).  Returns 0 and fills *out (release with
 * plan_actual_release), or -1 with d filled when the log has no time.
 */
int plan_actual_compute(const struct scenario *s, const struct report *r, struct usage_log *log,
                        const struct calib_map *map, const struct plan_actual_options *options,
                        struct plan_actual *out, struct diag *d);
void plan_actual_release(struct plan_actual *pa);

/*
 * Drops the records whose time (end, or start without one) is after now_s:
 * the log as it stood then.  Returns the number dropped.
 */
size_t plan_actual_cut(struct usage_log *log, double now_s);

/* The cumulative cost and tokens over time, for the plot: plan, actual, projection. */
#define PA_SERIES_MAX 600

struct pa_series {
    size_t n;       /* actual points, in time order: at most PA_SERIES_MAX + 2 */
    double *t_s;    /* since the first request */
    double *cost;   /* cumulative: calls' costs, and dedicated hours from provisioning on */
    double *input;  /* cumulative input tokens of successful calls */
    double *output; /* and output tokens */
    double now_s;   /* since the first request */
    double plan_s;  /* the plan's wall time */
    double plan_cost_start, plan_cost, plan_input, plan_output; /* at 0 and at plan_s */
    double projected_s; /* the projected run time; NaN or INFINITY: none */
    double projected_cost, projected_input, projected_output;
};

/* The series of a computed comparison, from the same (costed, cut) log. */
void plan_actual_series(const struct plan_actual *pa, const struct usage_log *log,
                        struct pa_series *out);
void pa_series_release(struct pa_series *series);

#endif
