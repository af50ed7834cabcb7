/*
 * deploy: see deploy.h.
 */
#include "deploy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *deploy_type_name(int type)
{
    return type == DEPLOY_SERVERLESS  ? "serverless"
           : type == DEPLOY_DEDICATED ? "dedicated"
                                      : "batch";
}

int deployment_plan_varies(const struct deployment *d)
{
    return d->type == DEPLOY_DEDICATED && d->max_count > 0;
}

double deployment_plan_max(const struct deployment *d)
{
    return deployment_plan_varies(d) ? d->max_count : d->count;
}

void deployment_rate(const struct deployment *d, struct deploy_rate *rate)
{
    memset(rate, 0, sizeof *rate);
    if (!d->curve && d->throughput_tok_s == 0 && d->sim.stream_tok_s > 0) {
        /* Each request at its own speed: as many at once as the limits or the queue allow. */
        rate->from_stream = 1;
        rate->concurrency = INFINITY;
        rate->why = DEPLOY_CONCURRENCY_NONE;
        if (d->concurrency > 0) {
            rate->concurrency = d->concurrency;
            rate->why = DEPLOY_CONCURRENCY_LIMIT;
        }
        if (d->sim.max_concurrency > 0 && d->sim.max_concurrency < rate->concurrency) {
            rate->concurrency = d->sim.max_concurrency;
            rate->why = DEPLOY_CONCURRENCY_QUEUE;
        }
        rate->unit_tok_s = d->sim.stream_tok_s * rate->concurrency;
        return;
    }
    if (!d->curve && d->throughput_tok_s == 0 && d->type == DEPLOY_SERVERLESS) {
        /* The endpoint's tpm or rpm limit caps this (scenario_validate checks there is one). */
        rate->from_limits = 1;
        rate->unit_tok_s = INFINITY;
        rate->concurrency = NAN;
        rate->concurrency_unused = d->concurrency > 0;
        return;
    }
    if (!d->curve) {
        rate->unit_tok_s = d->throughput_tok_s;
        rate->concurrency = NAN;
        rate->concurrency_unused = d->concurrency > 0;
        return;
    }
    const struct throughput_curve *c = d->curve;
    rate->from_curve = 1;
    rate->curve_model = curve_model_name(c->fit.model);
    rate->concurrency = c->concurrency;
    rate->why = c->concurrency_is_knee ? DEPLOY_CONCURRENCY_KNEE : DEPLOY_CONCURRENCY_GIVEN;
    if (d->concurrency > 0 && d->concurrency < c->concurrency) {
        rate->concurrency = d->concurrency;
        rate->why = DEPLOY_CONCURRENCY_LIMIT;
    }
    rate->unit_tok_s = curve_eval(&c->fit, rate->concurrency);
    rate->outside_measured =
        rate->concurrency < c->measured_min || rate->concurrency > c->measured_max;
    rate->poor_fit = c->fit.model != CURVE_TABLE && !(c->fit.r2 >= DEPLOY_POOR_FIT_R2);
}

double deployment_unit_throughput(const struct deployment *d)
{
    struct deploy_rate rate;
    deployment_rate(d, &rate);
    return rate.unit_tok_s;
}

static double *copy_doubles(const double *src, size_t n)
{
    if (!src)
        return NULL;
    double *dst = xmalloc((n ? n : 1) * sizeof *dst);
    memcpy(dst, src, n * sizeof *dst);
    return dst;
}

static void copy_points(struct curve_points *dst, const struct curve_points *src)
{
    *dst = *src;
    dst->file = xstrdup(src->file);
    dst->concurrency = copy_doubles(src->concurrency, src->n);
    dst->tok_s = copy_doubles(src->tok_s, src->n);
    dst->ttft_ms = copy_doubles(src->ttft_ms, src->n);
    dst->itl_ms = copy_doubles(src->itl_ms, src->n);
    if (src->line) {
        dst->line = xmalloc((src->n ? src->n : 1) * sizeof *dst->line);
        memcpy(dst->line, src->line, src->n * sizeof *dst->line);
    }
}

void deployment_copy(struct deployment *dst, const struct deployment *src)
{
    *dst = *src;
    dst->name = xstrdup(src->name);
    model_price_copy(&dst->model, &src->model);
    instance_price_copy(&dst->instance, &src->instance);
    if (!src->curve)
        return;
    const struct throughput_curve *c = src->curve;
    struct throughput_curve *n = xmalloc(sizeof *n);
    *n = *c;
    /* A table fit keeps its own copy of the points; the other models hold numbers only. */
    n->fit.table_concurrency = copy_doubles(c->fit.table_concurrency, c->fit.n);
    n->fit.table_tok_s = copy_doubles(c->fit.table_tok_s, c->fit.n);
    copy_points(&n->points, &c->points);
    n->source = xstrdup(c->source);
    dst->curve = n;
}

enum curve_refit throughput_curve_fit(struct throughput_curve *c, char **message)
{
    struct curve_fit fit;
    struct diag d = DIAG_INIT;
    if (curve_fit(&c->points, (enum curve_model)c->model, &fit, &d) != 0) {
        *message = xstrdup(d.message);
        diag_release(&d);
        return CURVE_REFIT_FAILED;
    }
    if (c->concurrency_is_knee && isnan(fit.knee)) {
        *message = xasprintf("the %s curve has no knee (90%% of its maximum): give "
                             "'concurrency'",
                             curve_model_name(fit.model));
        curve_fit_release(&fit);
        return CURVE_REFIT_NO_KNEE;
    }
    curve_fit_release(&c->fit);
    c->fit = fit;
    c->measured_min = c->points.concurrency[0];
    c->measured_max = c->points.concurrency[c->points.n - 1];
    if (c->concurrency_is_knee)
        c->concurrency = fit.knee;
    return CURVE_REFIT_OK;
}

void deployment_release(struct deployment *d)
{
    if (d->curve) {
        curve_fit_release(&d->curve->fit);
        curve_points_release(&d->curve->points);
        free(d->curve->source);
        free(d->curve);
    }
    free(d->name);
    model_price_release(&d->model);
    instance_price_release(&d->instance);
    memset(d, 0, sizeof *d);
}
