/*
 * model_batch: see model_batch.h.  The arithmetic is in docs/catalogues.md
 * ("Batch backends").
 */
#include "model_batch.h"

#include <math.h>
#include <stdlib.h>

#include "billing.h"
#include "util.h"

/* A guard: validation lets no backend need more than BATCH_MAX_WAVES waves. */
#define MAX_EVENTS 10000000.0

int model_batch_in_mix(const struct gen_result *g)
{
    for (size_t i = 0; i < g->nbackends; i++)
        if (g->backends[i].backend->type == DEPLOY_BATCH)
            return 1;
    return 0;
}

/* A backend that serves continuously: its throughput and when it is ready. */
struct stream {
    double x, p;
};

static int by_ready(const void *a, const void *b)
{
    const struct stream *x = a, *y = b;
    return (x->p > y->p) - (x->p < y->p);
}

/*
 * The earliest T at which the streams (sorted by readiness) have served
 * `tokens`: T = (tokens + sum X_i P_i) / sum X_i over those ready by then;
 * 0 for nothing to serve, INFINITY without streams.
 */
static double streams_time(const struct stream *st, size_t n, double tokens)
{
    if (tokens <= 0)
        return 0;
    double sum_x = 0, sum_xp = 0;
    for (size_t k = 0; k < n; k++) {
        sum_x += st[k].x;
        sum_xp += st[k].x * st[k].p;
        double t = (tokens + sum_xp) / sum_x;
        if (k + 1 == n || t <= st[k + 1].p)
            return t;
    }
    return INFINITY;
}

/* A batch backend's figures for the job's mean request. */
struct batcher {
    struct gen_backend_result *b;
    double turnaround_s;
    double wave_output; /* output tokens a wave returns; INFINITY: the whole job */
    double waves;       /* waves returned so far (the event loop) */
};

static void finish_batch(struct gen_backend_result *b, double output, double in_req, double out_req)
{
    const struct deployment *d = b->backend;
    b->output_tokens = output;
    double waves = batch_waves(d, output / out_req, in_req);
    b->bill.batch_waves = waves;
    b->busy_s = waves * batch_turnaround_s(d);
    b->throughput_tok_s = b->busy_s > 0 ? output / b->busy_s : 0;
}

/* Equal routing: the same share for each; the wall time is the slowest's. */
static void route_equal(struct gen_result *g, double in_req, double out_req)
{
    double share = g->volume.output_tokens / (double)g->nbackends;
    g->wall_s = 0;
    for (size_t i = 0; i < g->nbackends; i++) {
        struct gen_backend_result *b = &g->backends[i];
        if (b->backend->type == DEPLOY_BATCH) {
            finish_batch(b, share, in_req, out_req);
            g->wall_s = fmax(g->wall_s, b->busy_s);
            g->throughput_tok_s += b->throughput_tok_s;
        } else {
            b->output_tokens = share;
            b->busy_s = share / b->throughput_tok_s;
            g->wall_s = fmax(g->wall_s, b->backend->provisioning_s + b->busy_s);
        }
    }
}

/*
 * Capacity routing: the earliest T where the streams' output by T plus the
 * waves returned by T reach the job.  Between two returns of waves the
 * batches' output B is constant, so T is the later of that return and the
 * time the streams need for the rest; the loop visits the returns in order
 * until one finishes the job or comes after the best T found.
 */
static double capacity_time(struct stream *st, size_t ns, struct batcher *bt, size_t nb, double out)
{
    double best = streams_time(st, ns, out), returned = 0;
    for (double events = 0; events < MAX_EVENTS; events++) {
        double t = INFINITY;
        for (size_t j = 0; j < nb; j++)
            t = fmin(t, (bt[j].waves + 1) * bt[j].turnaround_s);
        if (!(t < best))
            break;
        for (size_t j = 0; j < nb; j++)
            if ((bt[j].waves + 1) * bt[j].turnaround_s == t) {
                bt[j].waves++;
                returned += bt[j].wave_output;
            }
        if (returned >= out * (1 - 1e-12))
            return t;
        best = fmin(best, fmax(t, streams_time(st, ns, out - returned)));
    }
    return best;
}

static void route_capacity(struct gen_result *g, double in_req, double out_req)
{
    double out = g->volume.output_tokens;
    struct stream *st = xcalloc(g->nbackends, sizeof *st);
    struct batcher *bt = xcalloc(g->nbackends, sizeof *bt);
    size_t ns = 0, nb = 0;
    for (size_t i = 0; i < g->nbackends; i++) {
        struct gen_backend_result *b = &g->backends[i];
        if (b->backend->type == DEPLOY_BATCH) {
            bt[nb].b = b;
            bt[nb].turnaround_s = batch_turnaround_s(b->backend);
            bt[nb].wave_output = batch_wave_output(b->backend, in_req, out_req);
            nb++;
        } else {
            st[ns++] = (struct stream){b->throughput_tok_s, b->backend->provisioning_s};
        }
    }
    qsort(st, ns, sizeof *st, by_ready);
    g->wall_s = capacity_time(st, ns, bt, nb, out);

    /* The streams serve until T; the batches return the rest, by their capacity at T. */
    double served = 0;
    for (size_t i = 0; i < g->nbackends; i++) {
        struct gen_backend_result *b = &g->backends[i];
        if (b->backend->type == DEPLOY_BATCH)
            continue;
        b->busy_s = fmax(0.0, g->wall_s - b->backend->provisioning_s);
        b->output_tokens = b->throughput_tok_s * b->busy_s;
        served += b->output_tokens;
    }
    double rest = fmax(0.0, out - served), finite = 0;
    size_t unlimited = 0;
    for (size_t j = 0; j < nb; j++) {
        bt[j].waves = floor(g->wall_s / bt[j].turnaround_s * (1 + 1e-12));
        if (bt[j].waves >= 1 && isinf(bt[j].wave_output))
            unlimited++;
        else
            finite += bt[j].waves * bt[j].wave_output;
    }
    for (size_t j = 0; j < nb; j++) {
        double part = 0;
        if (unlimited)
            part = bt[j].waves >= 1 && isinf(bt[j].wave_output) ? rest / (double)unlimited : 0;
        else if (finite > 0)
            part = rest * bt[j].waves * bt[j].wave_output / finite;
        finish_batch(bt[j].b, part, in_req, out_req);
        g->throughput_tok_s += bt[j].b->throughput_tok_s;
    }
    free(st);
    free(bt);
}

void model_batch_route(const struct scenario *s, struct gen_result *g)
{
    const struct volume *v = &g->volume;
    double in_req = v->input_tokens / v->requests, out_req = v->output_tokens / v->requests;
    /* A batch backend streams nothing: its rate is what it returned over its time. */
    g->throughput_tok_s = 0;
    for (size_t i = 0; i < g->nbackends; i++) {
        struct gen_backend_result *b = &g->backends[i];
        if (b->backend->type == DEPLOY_BATCH)
            b->throughput_tok_s = 0;
        g->throughput_tok_s += b->throughput_tok_s;
    }
    if (s->generation.routing == ROUTING_EQUAL)
        route_equal(g, in_req, out_req);
    else
        route_capacity(g, in_req, out_req);
}

double model_batch_alone_s(const struct deployment *d, const struct volume *v)
{
    double in_req = v->input_tokens / v->requests;
    return batch_waves(d, v->requests, in_req) * batch_turnaround_s(d);
}
