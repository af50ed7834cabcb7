/*
 * model_preempt: see model_preempt.h.  The run without preemption is the
 * simulation's config with every deployment's preemption zeroed and no
 * hooks; its on-demand cost adds, for each instance of a spot backend, its
 * billed hours times the difference of its on-demand and spot prices (the
 * engine bills per_hour over billed_s, nothing else depends on the price).
 */
#include "model_preempt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"
#include "model_sim.h"
#include "scenario.h"
#include "units.h"
#include "util.h"

int model_preempt_applies(const struct deployment *b)
{
    return b->type == DEPLOY_DEDICATED && b->billing.spot && b->preemption.present;
}

void model_preempt_deployment(const struct deployment *b, struct sim_deployment *out)
{
    memset(&out->preemption, 0, sizeof out->preemption);
    if (!model_preempt_applies(b))
        return;
    const struct deploy_preemption *p = &b->preemption;
    out->preemption.mean_interval_s = p->mean_interval_s;
    out->preemption.restart_s = p->restart_s;
    out->preemption.wait_s = p->wait_s;
    out->preemption.dist =
        p->dist == DEPLOY_PREEMPT_FIXED ? SIM_PREEMPT_FIXED : SIM_PREEMPT_EXPONENTIAL;
}

double model_preempt_down_share(const struct deployment *b)
{
    if (!model_preempt_applies(b))
        return NAN;
    const struct deploy_preemption *p = &b->preemption;
    double down = p->wait_s + p->restart_s;
    return down / (p->mean_interval_s + down);
}

/* Per engine deployment: the extra per hour that on demand costs over spot (0 when not spot). */
static double *extra_per_hour(const struct scenario *s, const struct sim_report *sr)
{
    double *extra = xcalloc(sr->ndeployments ? sr->ndeployments : 1, sizeof *extra);
    for (size_t i = 0; i < sr->ndeployments; i++) {
        const struct deployment *b = &s->backends[sr->deployments[i].backend];
        struct bill bill;
        if (b->type != DEPLOY_DEDICATED || !b->billing.spot ||
            billing_instance(b, &bill) != PRICE_OK)
            continue;
        extra[i] = bill.on_demand_per_hour - bill.per_hour;
    }
    return extra;
}

static double on_demand(const struct sim_result *run, const double *extra)
{
    double cost = run->cost;
    for (size_t i = 0; i < run->ndeployments; i++)
        cost += run->deployments[i].billed_s * extra[i] / HOUR_S;
    return cost;
}

int model_preempt_run(const struct scenario *s, struct sim_report *sr, const struct sim_config *cfg,
                      struct diag *d)
{
    struct sim_preempt_report *p = &sr->preemption;
    memset(p, 0, sizeof *p);
    size_t n = cfg->ndeployments, preempted = 0;
    for (size_t i = 0; i < n; i++)
        preempted += cfg->deployments[i].preemption.mean_interval_s > 0;
    if (preempted == 0)
        return 0;
    const struct sim_result *run = &sr->run;
    p->preemptions = run->preemptions;
    p->rerun_requests = run->rerun_requests;
    for (size_t i = 0; i < run->ndeployments; i++) {
        p->rerun_tokens += run->deployments[i].rerun_tokens;
        p->down_s += run->deployments[i].down_s;
        p->down_cost += run->deployments[i].down_cost;
    }
    struct sim_deployment *deps = xmalloc(n * sizeof *deps);
    for (size_t i = 0; i < n; i++) {
        deps[i] = cfg->deployments[i];
        memset(&deps[i].preemption, 0, sizeof deps[i].preemption);
    }
    struct sim_config without = *cfg;
    without.deployments = deps;
    without.replication = 0;
    memset(&without.hooks, 0, sizeof without.hooks);
    double *extra = extra_per_hour(s, sr);
    struct sim_result base;
    int rc = sim_run(&without, &base, d);
    if (rc == 0) {
        p->without_wall_s = base.wall_s;
        p->without_cost = base.cost;
        p->on_demand_cost = on_demand(&base, extra);
        sim_result_release(&base);
        p->without_wall = (struct sim_spread){p->without_wall_s, p->without_wall_s,
                                              p->without_wall_s, p->without_wall_s};
        p->without_spread_cost =
            (struct sim_spread){p->without_cost, p->without_cost, p->without_cost, p->without_cost};
        p->mean_on_demand_cost = p->on_demand_cost;
    }
    if (rc == 0 && sr->replications > 1) {
        struct sim_replicates reps;
        rc = sim_replicate(&without, sr->replications, sr->threads, NULL, &reps, d);
        if (rc == 0) {
            p->without_wall = reps.wall_s;
            p->without_spread_cost = reps.cost;
            double sum = 0;
            for (size_t i = 0; i < reps.n; i++)
                sum += on_demand(&reps.results[i], extra);
            p->mean_on_demand_cost = sum / (double)reps.n;
            sim_replicates_release(&reps);
        }
    }
    free(extra);
    free(deps);
    if (rc != 0) {
        memset(p, 0, sizeof *p);
        return -1;
    }
    p->present = 1;
    return 0;
}
