/*
 * model_capacity: see model_capacity.h.  The formulas are docs/capacity.md's:
 * a replica fully used serves full_rate requests a second (its throughput
 * over the output tokens, or what its limits admit); its capacity is
 * max_utilisation of that, or the highest rate at which the latency target
 * holds; the replicas of an hour are its rate over the capacity, rounded
 * up, between min and max.
 */
#include "model_capacity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"
#include "replica.h"
#include "units.h"
#include "util.h"

/* ceil() that forgives the rounding error of a rate that is exactly a whole number of replicas. */
static double ceil_count(double x)
{
    return ceil(x * (1 - 1e-12));
}

size_t model_capacity_slots(const struct traffic_shape *sh, double factors[CAPACITY_SLOTS])
{
    if (!sh->has_profile) {
        factors[0] = sh->peak > 0 ? sh->peak : 1;
        return 1;
    }
    double hour_sum = 0, day_sum = 0;
    for (size_t h = 0; h < SHAPE_HOURS; h++)
        hour_sum += sh->hourly[h];
    size_t days = sh->has_daily ? SHAPE_DAYS : 1;
    for (size_t k = 0; k < days; k++)
        day_sum += sh->has_daily ? sh->daily[k] : 1;
    for (size_t k = 0; k < days; k++)
        for (size_t h = 0; h < SHAPE_HOURS; h++)
            factors[k * SHAPE_HOURS + h] = sh->hourly[h] / (hour_sum / SHAPE_HOURS) *
                                           (sh->has_daily ? sh->daily[k] / (day_sum / days) : 1);
    return days * SHAPE_HOURS;
}

static double peak_factor(const struct traffic_shape *sh)
{
    double f[CAPACITY_SLOTS], peak = 0;
    size_t n = model_capacity_slots(sh, f);
    for (size_t t = 0; t < n; t++)
        peak = fmax(peak, f[t]);
    return peak;
}

/* Replicas for a rate: rate / capacity rounded up, at least min, at most max. */
static double replicas_for(const struct deployment *o, const struct capacity_option *c, double rate,
                           int *over)
{
    const struct deploy_sizing *z = &o->sizing;
    double n = rate > 0 ? ceil_count(rate / c->requests_per_s) : 0;
    n = fmax(n, z->min_replicas);
    if (z->max_replicas > 0 && n > z->max_replicas) {
        *over = 1;
        n = z->max_replicas;
    }
    return n;
}

void model_capacity_at(const struct scenario *s, const struct capacity_option *c,
                       double requests_per_month, struct capacity_at *at)
{
    const struct deployment *o = &s->inference.options[c->option];
    double mean_rate = requests_per_month / MONTH_S;
    memset(at, 0, sizeof *at);
    if (!c->sized) {
        at->replicas = o->count;
        at->replica_hours = o->count * MONTH_HOURS;
        at->over = mean_rate * c->peak_factor > o->count * c->requests_per_s * (1 + 1e-12);
    } else if (!c->hourly) {
        at->replicas = replicas_for(o, c, mean_rate * c->peak_factor, &at->over);
        at->replica_hours = at->replicas * MONTH_HOURS;
    } else {
        /* Each slot recurs MONTH_HOURS / slots times a month; the day (or week) is a cycle. */
        double f[CAPACITY_SLOTS];
        size_t slots = model_capacity_slots(&s->inference.shape, f);
        double cycles = MONTH_HOURS / (double)slots, sum = 0, ups = 0;
        double last = replicas_for(o, c, mean_rate * f[slots - 1], &at->over);
        for (size_t t = 0; t < slots; t++) {
            double n = replicas_for(o, c, mean_rate * f[t], &at->over);
            sum += n;
            ups += fmax(0.0, n - last);
            at->replicas = fmax(at->replicas, n);
            last = n;
        }
        at->scale_ups = ups * cycles;
        at->replica_hours = sum * cycles + at->scale_ups * o->provisioning_s / HOUR_S;
    }
    at->hosting_cost = at->replica_hours * c->hosting_per_hour;
}

const struct capacity_option *model_capacity_of(const struct inference_result *inf, size_t option)
{
    for (size_t i = 0; i < inf->capacity.n; i++)
        if (inf->capacity.options[i].option == option)
            return &inf->capacity.options[i];
    return NULL;
}

int model_capacity_is_sized(const struct inference_result *inf, size_t option)
{
    const struct capacity_option *c = model_capacity_of(inf, option);
    return c && c->sized;
}

static double nan_min(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : fmin(a, b);
}

/* What one replica serves, and the capacity sizing divides by. */
static int replica_capacity(const struct scenario *s, const struct deployment *o,
                            const struct replica *rep, struct capacity_option *c, struct diag *d)
{
    const struct inference *in = &s->inference;
    const struct deploy_sizing *z = &o->sizing;
    c->peak_tok_s = replica_has_throughput(rep) ? replica_peak_tok_s(rep, &c->peak_concurrency)
                                                : (c->peak_concurrency = NAN);
    c->max_concurrency = rep->max_concurrency;
    c->throughput_rate = c->peak_tok_s / in->output_tokens;
    c->tpm_rate = o->tpm > 0 ? o->tpm / MINUTE_S / (in->input_tokens + in->output_tokens) : NAN;
    c->rpm_rate = o->rpm > 0 ? o->rpm / MINUTE_S : NAN;
    c->full_rate = nan_min(nan_min(c->throughput_rate, c->tpm_rate), c->rpm_rate);
    c->utilisation_rate = (z->max_utilisation > 0 ? z->max_utilisation : 1) * c->full_rate;
    c->requests_per_s = c->utilisation_rate;
    c->bound = c->full_rate == c->tpm_rate   ? CAPACITY_BOUND_TPM
               : c->full_rate == c->rpm_rate ? CAPACITY_BOUND_RPM
                                             : CAPACITY_BOUND_UTILISATION;
    c->analytic_rate = NAN;
    c->check_latency_p95_s = c->check_ttft_p95_s = NAN;
    if (!z->has_slo)
        return 0;
    c->analytic_rate = replica_target_rate(rep, z->latency_p95_s, z->ttft_p95_s);
    c->checked = 1;
    c->check_requests = (uint64_t)z->check_requests;
    c->seed = (uint64_t)z->seed;
    double checked;
    struct replica_run run;
    if (replica_check(rep, c->analytic_rate, z->latency_p95_s, z->ttft_p95_s, c->check_requests,
                      c->seed, &checked, &c->check_lowered, &run, d) != 0)
        return -1;
    if (!(checked > 0)) {
        diag_plain(d, "no rate meets the target of option '%s' in the simulation", o->name);
        return -1;
    }
    c->check_latency_p95_s = run.latency_p95_s;
    c->check_ttft_p95_s = run.ttft_p95_s;
    c->check_events = run.events;
    if (checked < c->requests_per_s) {
        c->requests_per_s = checked;
        c->bound = CAPACITY_BOUND_SLO;
    }
    return 0;
}

/* The p95s at a replica's peak-hour load: simulated with an slo, else the estimate. */
static int month_latency(const struct deployment *o, const struct replica *rep,
                         const struct capacity_option *c, int month, double load, double *latency,
                         double *ttft, struct diag *d)
{
    *latency = *ttft = NAN;
    if (!replica_has_throughput(rep) || !(load < replica_stable_rate(rep)))
        return 0;
    if (!o->sizing.has_slo)
        return replica_estimate(rep, load, latency, ttft), 0;
    if (load == c->requests_per_s) {
        *latency = c->check_latency_p95_s;
        *ttft = c->check_ttft_p95_s;
        return 0;
    }
    struct replica_run run;
    if (replica_simulate(rep, load, c->check_requests, c->seed, (uint64_t)month + 1, &run, d))
        return -1;
    *latency = run.latency_p95_s;
    *ttft = run.ttft_p95_s;
    return 0;
}

static void alloc_months(struct capacity_option *c, int months)
{
    size_t m = (size_t)months;
    c->replicas = xcalloc(m, sizeof *c->replicas);
    c->replica_hours = xcalloc(m, sizeof *c->replica_hours);
    c->scale_ups = xcalloc(m, sizeof *c->scale_ups);
    c->utilisation = xcalloc(m, sizeof *c->utilisation);
    c->peak_load = xcalloc(m, sizeof *c->peak_load);
    c->latency_p95_s = xcalloc(m, sizeof *c->latency_p95_s);
    c->ttft_p95_s = xcalloc(m, sizeof *c->ttft_p95_s);
    c->hosting_cost = xcalloc(m, sizeof *c->hosting_cost);
    c->cost_per_million_tokens = xcalloc(m, sizeof *c->cost_per_million_tokens);
    c->over_capacity = xcalloc(m, sizeof *c->over_capacity);
}

static int size_option(const struct scenario *s, const struct inference_result *inf,
                       struct capacity_option *c, struct diag *d)
{
    const struct deployment *o = &s->inference.options[c->option];
    struct replica rep;
    replica_from_option(&rep, o, &s->inference);
    c->sized = o->sizing.autosize;
    c->hourly = c->sized && o->sizing.autoscale == SIZING_AUTOSCALE_HOURLY;
    c->hosting_per_hour = billing_option_per_hour(o); /* spot or on demand */
    c->peak_factor = peak_factor(&s->inference.shape);
    if (replica_capacity(s, o, &rep, c, d) != 0)
        return -1;
    alloc_months(c, inf->months);
    c->latency_simulated = o->sizing.has_slo;
    for (int m = 0; m < inf->months; m++) {
        struct capacity_at at;
        double requests = inf->monthly_requests[m];
        model_capacity_at(s, c, requests, &at);
        c->replicas[m] = at.replicas;
        c->replica_hours[m] = at.replica_hours;
        c->scale_ups[m] = at.scale_ups;
        c->hosting_cost[m] = at.hosting_cost;
        c->over_capacity[m] = at.over;
        c->any_over |= at.over;
        c->utilisation[m] = requests / (at.replica_hours * HOUR_S * c->full_rate);
        c->peak_load[m] = at.replicas > 0 ? requests / MONTH_S * c->peak_factor / at.replicas : 0;
        if (month_latency(o, &rep, c, m, c->peak_load[m], &c->latency_p95_s[m], &c->ttft_p95_s[m],
                          d))
            return -1;
    }
    return 0;
}

int model_capacity_size(const struct scenario *s, struct inference_result *inf, struct diag *d)
{
    const struct inference *in = &s->inference;
    struct capacity_report *cr = &inf->capacity;
    size_t n = 0;
    for (size_t i = 0; i < in->noptions; i++)
        n += in->options[i].sizing.has_capacity != 0;
    if (n == 0)
        return 0;
    cr->present = 1;
    cr->options = xcalloc(n, sizeof *cr->options);
    for (size_t i = 0; i < in->noptions; i++) {
        if (!in->options[i].sizing.has_capacity)
            continue;
        struct capacity_option *c = &cr->options[cr->n++];
        c->option = i;
        if (size_option(s, inf, c, d) != 0)
            return -1;
        cr->sized |= c->sized;
    }
    return 0;
}

void model_capacity_option_costs(const struct scenario *s, struct inference_result *inf,
                                 size_t option, struct option_result *r)
{
    const struct inference *in = &s->inference;
    struct capacity_option *c = (struct capacity_option *)model_capacity_of(inf, option);
    if (!c)
        return;
    if (c->sized) {
        r->hosted = 1;
        r->replicas = c->replicas[0];
        r->hosting_per_month = c->hosting_cost[0];
        r->hosting_hours = r->hosting_cost = r->serving_cost = 0;
        for (int m = 0; m < inf->months; m++) {
            r->hosting_hours += c->replica_hours[m];
            r->hosting_cost += c->hosting_cost[m];
            r->monthly[m] =
                c->hosting_cost[m] + inf->monthly_requests[m] * r->token_cost_per_request;
            r->serving_cost += r->monthly[m];
        }
        r->first_month_cost = r->monthly[0];
        r->horizon_cost = r->serving_cost;
    }
    for (int m = 0; m < inf->months; m++)
        c->cost_per_million_tokens[m] =
            r->monthly[m] / (inf->monthly_requests[m] * (in->input_tokens + in->output_tokens)) *
            1e6;
}

int model_capacity_serves(const struct scenario *s, const struct inference_result *inf, size_t k,
                          double requests_per_month)
{
    const struct capacity_option *c = model_capacity_of(inf, k);
    if (!c || !c->sized)
        return 1;
    struct capacity_at at;
    model_capacity_at(s, c, requests_per_month, &at);
    return !at.over;
}

/* Replicas at the peak hour whose steps the plots against traffic show. */
#define RANGE_REPLICAS 5

double model_capacity_range_mark(const struct inference_result *inf)
{
    double mark = 0;
    for (size_t i = 0; i < inf->capacity.n; i++) {
        const struct capacity_option *c = &inf->capacity.options[i];
        if (c->sized)
            mark = fmax(mark, RANGE_REPLICAS * c->requests_per_s * DAY_S / c->peak_factor);
    }
    return mark;
}

double model_capacity_cost_at(const struct scenario *s, const struct inference_result *inf,
                              size_t k, double requests_per_month)
{
    const struct option_result *o = &inf->options[k];
    const struct capacity_option *c = model_capacity_of(inf, k);
    double tokens = requests_per_month * o->token_cost_per_request;
    if (!c || !c->sized)
        return o->hosting_per_month + tokens;
    struct capacity_at at;
    model_capacity_at(s, c, requests_per_month, &at);
    return at.hosting_cost + tokens;
}

void model_capacity_release(struct capacity_report *cr)
{
    for (size_t i = 0; i < cr->n; i++) {
        struct capacity_option *c = &cr->options[i];
        free(c->replicas);
        free(c->replica_hours);
        free(c->scale_ups);
        free(c->utilisation);
        free(c->peak_load);
        free(c->latency_p95_s);
        free(c->ttft_p95_s);
        free(c->hosting_cost);
        free(c->cost_per_million_tokens);
        free(c->over_capacity);
    }
    free(cr->options);
    free(cr->against);
    free(cr->traffic_ratio);
    memset(cr, 0, sizeof *cr);
}

int model_capacity_latency(const struct scenario *s, const struct capacity_option *c,
                           struct capacity_latency *out, struct diag *d)
{
    const struct deployment *o = &s->inference.options[c->option];
    struct replica rep;
    replica_from_option(&rep, o, &s->inference);
    memset(out, 0, sizeof *out);
    if (!replica_has_throughput(&rep))
        return 0;
    out->stable_rate = replica_stable_rate(&rep);
    out->n = CAPACITY_LATENCY_POINTS;
    out->rate = xcalloc(out->n, sizeof *out->rate);
    out->latency_p95_s = xcalloc(out->n, sizeof *out->latency_p95_s);
    out->ttft_p95_s = xcalloc(out->n, sizeof *out->ttft_p95_s);
    for (size_t i = 0; i < out->n; i++) {
        out->rate[i] = out->stable_rate * (double)(i + 1) / (double)(out->n + 1);
        replica_estimate(&rep, out->rate[i], &out->latency_p95_s[i], &out->ttft_p95_s[i]);
    }
    if (!o->sizing.has_slo)
        return 0;
    /* Loads from a tenth of the stable rate to 95% of it, the capacity among them. */
    static const double shares[CAPACITY_SIM_POINTS - 1] = {0.1, 0.3,  0.5,  0.65,
                                                           0.8, 0.88, 0.93, 0.97};
    out->sim_rate = xcalloc(CAPACITY_SIM_POINTS, sizeof *out->sim_rate);
    out->sim_latency_p95_s = xcalloc(CAPACITY_SIM_POINTS, sizeof *out->sim_latency_p95_s);
    out->sim_ttft_p95_s = xcalloc(CAPACITY_SIM_POINTS, sizeof *out->sim_ttft_p95_s);
    for (size_t i = 0; i < CAPACITY_SIM_POINTS; i++) {
        double rate =
            i + 1 < CAPACITY_SIM_POINTS ? shares[i] * out->stable_rate : c->requests_per_s;
        struct replica_run run;
        if (replica_simulate(&rep, rate, c->check_requests, c->seed, 100 + (uint64_t)i, &run, d))
            return -1;
        out->sim_rate[out->nsim] = rate;
        out->sim_latency_p95_s[out->nsim] = run.latency_p95_s;
        out->sim_ttft_p95_s[out->nsim] = run.ttft_p95_s;
        out->nsim++;
    }
    return 0;
}

void model_capacity_latency_release(struct capacity_latency *l)
{
    free(l->rate);
    free(l->latency_p95_s);
    free(l->ttft_p95_s);
    free(l->sim_rate);
    free(l->sim_latency_p95_s);
    free(l->sim_ttft_p95_s);
    memset(l, 0, sizeof *l);
}
