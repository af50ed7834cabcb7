/*
 * plot_sim: see plot_sim.h.  The timeline's data are steps drawn as
 * stairs: each step is two rows, at its start and at its end, with the
 * same rates, so that the stacked areas show exactly what each step
 * decoded.
 */
#include "plot_sim.h"

#include <math.h>
#include <stdlib.h>

#include "format.h"
#include "gp.h"
#include "plot_report.h"
#include "units.h"
#include "util.h"

/* More deployments than this are stacked per backend, not per instance. */
#define MAX_LAYERS 8

/* The layers of the stack: each deployment, or each backend when there are many. */
struct layers {
    size_t n;
    size_t *of; /* layer of each deployment */
    struct gp_labels names;
};

static void make_layers(const struct report *r, struct layers *l)
{
    const struct sim_report *sr = &r->simulation;
    l->of = xcalloc(sr->ndeployments ? sr->ndeployments : 1, sizeof *l->of);
    l->names = (struct gp_labels)GP_LABELS_INIT;
    int per_backend = sr->ndeployments > MAX_LAYERS;
    l->n = 0;
    for (size_t i = 0; i < sr->ndeployments; i++) {
        const struct sim_report_deployment *d = &sr->deployments[i];
        if (per_backend && i > 0 && sr->deployments[i - 1].backend == d->backend) {
            l->of[i] = l->n - 1;
            continue;
        }
        l->of[i] = l->n++;
        const char *backend = r->scenario->backends[d->backend].name;
        gp_labels_add(&l->names, per_backend ? xstrdup(backend) : xstrdup(d->name));
    }
}

static void timeline_plot(struct plot_job *j, const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_result *run = &sr->run;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE];
    struct layers l;
    make_layers(r, &l);
    /* Minutes for a job of up to three hours, else hours. */
    double end_s = fmax(run->wall_s, r->generation.wall_s);
    int minutes = end_s <= 3 * HOUR_S;
    double unit = minutes ? MINUTE_S : HOUR_S;
    double *rates = xcalloc(l.n ? l.n : 1, sizeof *rates);
    struct strbuf *d = &j->data;
    gp_commentf(d,
                "Simulated output tok/s of each layer (%zu columns after the time, in %s),\n"
                "two rows a step (its start and its end).",
                l.n, minutes ? "minutes" : "hours");
    double top = 0, most_rejected = 0;
    for (size_t t = 0; t < sr->nsteps; t++) {
        const struct sim_report_step *st = &sr->steps[t];
        for (size_t k = 0; k < l.n; k++)
            rates[k] = 0;
        double sum = 0;
        for (size_t i = 0; i < sr->ndeployments; i++) {
            rates[l.of[i]] += sr->step_deployments[t * sr->ndeployments + i].tok_s;
            sum += sr->step_deployments[t * sr->ndeployments + i].tok_s;
        }
        top = fmax(top, sum);
        most_rejected = fmax(most_rejected, (double)st->rejected);
        for (int edge = 0; edge < 2; edge++) {
            gp_number(d, (edge ? st->end_s : st->start_s) / unit);
            for (size_t k = 0; k < l.n; k++)
                gp_data_number(d, rates[k]);
            strbuf_puts(d, "\n");
        }
    }
    gp_data_block(d, "429s in each step: its start, its 429s (a last row at the end)");
    for (size_t t = 0; t < sr->nsteps; t++) {
        gp_number(d, sr->steps[t].start_s / unit);
        gp_data_number(d, (double)sr->steps[t].rejected);
        strbuf_puts(d, "\n");
    }
    if (sr->nsteps > 0) {
        gp_number(d, sr->steps[sr->nsteps - 1].end_s / unit);
        gp_data_number(d, (double)sr->steps[sr->nsteps - 1].rejected);
        strbuf_puts(d, "\n");
    } else {
        gp_number(d, NAN);
        gp_data_number(d, NAN);
        strbuf_puts(d, "\n");
    }
    /* Provisioning: until each dedicated instance is ready (also as the script's array). */
    double *ready = xcalloc(run->ndeployments ? run->ndeployments : 1, sizeof *ready);
    size_t nready = 0;
    gp_data_block(d, "provisioning: from, to (the time a dedicated instance is ready)");
    for (size_t i = 0; i < run->ndeployments; i++) {
        if (!(run->deployments[i].ready_s > 0))
            continue;
        ready[nready] = fmin(run->deployments[i].ready_s, end_s) / unit;
        gp_number(d, 0);
        gp_data_number(d, ready[nready++]);
        strbuf_puts(d, "\n");
    }
    if (nready == 0) {
        gp_number(d, NAN);
        gp_data_number(d, NAN);
        strbuf_puts(d, "\n");
    }
    free(rates);

    struct strbuf *sb = &j->script;
    gp_set_int(sb, "nlayers", (long)l.n);
    gp_labels_set(sb, "layer_names", &l.names);
    gp_set_string(sb, "time_unit", minutes ? "minutes" : "hours");
    gp_set_number(sb, "analytic_end", r->generation.wall_s / unit);
    gp_set_number(sb, "simulated_end", run->wall_s / unit);
    gp_set_number(sb, "xmax", end_s / unit);
    gp_set_number(sb, "ymax", top > 0 ? top : 1);
    gp_set_number(sb, "rejected_max", most_rejected);
    gp_set_int(sb, "nready", (long)nready);
    gp_set_numbers(sb, "ready_at", ready, nready);
    free(ready);
    char *label = xasprintf("analytic %s", fmt_duration(b1, r->generation.wall_s));
    gp_set_string(sb, "analytic_label", label);
    free(label);
    label = xasprintf("simulated %s", fmt_duration(b1, run->wall_s));
    gp_set_string(sb, "simulated_label", label);
    free(label);
    label =
        xasprintf("%s routing; %s calls, %s rejected (429), %s retries, %s lost",
                  sim_routing_name((enum sim_routing)r->scenario->simulation.routing),
                  fmt_count(b1, (double)run->calls), fmt_count(b2, (double)run->rejected),
                  fmt_count(b3, (double)run->retries), fmt_count(b4, (double)run->lost_requests));
    gp_set_string(sb, "subtitle", label);
    free(label);
    gp_labels_release(&l.names);
    free(l.of);
}

static void latency_plot(struct plot_job *j, const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    const struct sim_latency *lat = &sr->run.latency;
    char b1[FMT_SIZE];
    struct strbuf *d = &j->data;
    gp_comment(d, "Latency of each request (first attempt to last token), replication 0:\n"
                  "bins from (s), to (s), requests.");
    double top = 0;
    for (size_t i = 0; i < sr->nlatency_bins; i++) {
        const struct sim_report_bin *b = &sr->latency_bins[i];
        gp_number(d, b->lo_s);
        gp_data_number(d, b->hi_s);
        gp_data_number(d, (double)b->count);
        strbuf_puts(d, "\n");
        top = fmax(top, (double)b->count);
    }
    if (sr->nlatency_bins == 0) {
        gp_number(d, NAN);
        gp_data_number(d, NAN);
        gp_data_number(d, NAN);
        strbuf_puts(d, "\n");
    }
    struct strbuf *sb = &j->script;
    gp_set_number(sb, "xmin", sr->nlatency_bins ? sr->latency_bins[0].lo_s : 0.1);
    gp_set_number(sb, "xmax",
                  sr->nlatency_bins ? sr->latency_bins[sr->nlatency_bins - 1].hi_s : 10);
    gp_set_number(sb, "ymax", top > 0 ? top : 1);
    gp_set_number(sb, "p50", lat->p50);
    gp_set_number(sb, "p90", lat->p90);
    gp_set_number(sb, "p99", lat->p99);
    char *label = xasprintf("%s requests; p50 %.3g s, p90 %.3g s, p99 %.3g s",
                            fmt_count(b1, (double)lat->n), lat->p50, lat->p90, lat->p99);
    gp_set_string(sb, "subtitle", label);
    free(label);
}

void plot_sim_add(struct plot_batch *b, const struct report *r)
{
    struct plot_job *j = plot_batch_add(b, "sim-timeline", "sim-timeline",
                                        "Simulated output tok/s of each deployment against time");
    plot_report_script_begin(j, r);
    timeline_plot(j, r);
    j = plot_batch_add(b, "sim-latency", "sim-latency", "Simulated latency of each request");
    plot_report_script_begin(j, r);
    latency_plot(j, r);
}

enum plot_status plot_sim_write(const struct report *r, const char *dir, enum plot_format format,
                                struct diag *d)
{
    struct plot_batch batch;
    if (plot_batch_open(&batch, dir, format, d) != 0)
        return PLOT_FAILED;
    plot_sim_add(&batch, r);
    enum plot_status status = plot_batch_run(&batch, d);
    plot_batch_release(&batch);
    return status;
}
