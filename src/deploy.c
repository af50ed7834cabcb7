/*
 * deploy: see deploy.h.
 */
#include "deploy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void deployment_rate(const struct deployment *d, struct deploy_rate *rate)
{
    memset(rate, 0, sizeof *rate);
    if (!d->curve) {
        rate->unit_tok_s = d->throughput_tok_s;
        rate->concurrency = NAN;
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
