/*
 * plot_curve: see plot_curve.h.  The data file has four blocks, which
 * plots/curve.gp reads by index: 0 the sampled curves, 1 the measured
 * points, 2 each curve's knee and peak, 3 (a scenario's backend) the
 * concurrency used and the throughput there.
 */
#include "plot_curve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "gp.h"
#include "util.h"

/* The texts of a curve plot; the numbers come from the series. */
struct curve_texts {
    int best; /* curves[best] is the best fit; -1: none named */
    const char *title, *subtitle, *points_title, *ylabel;
    const char *used_why; /* "", or why the scenario uses that concurrency */
};

/* A number for a picture: "0.5", "59.4", "137", "13,396". */
static char *fmt_plot_number(char *buf, double v)
{
    if (fabs(v) >= 100)
        return fmt_count(buf, v);
    snprintf(buf, FMT_SIZE, "%.3g", v);
    return buf;
}

/* Line type of a model in the template: the same colour in every picture. */
static int model_linetype(enum curve_model model)
{
    switch (model) {
    case CURVE_USL:
        return 1;
    case CURVE_SATURATING:
        return 2;
    case CURVE_TABLE:
        break;
    }
    return 3;
}

/* A curve's entry in the key: its model, R^2, knee and peak. */
static char *key_title(const struct model_curve_mark *m, int best, double xmax)
{
    char a[FMT_SIZE], b[FMT_SIZE];
    struct strbuf t = STRBUF_INIT;
    if (m->model == CURVE_TABLE)
        strbuf_puts(&t, "table (through the points)");
    else if (isnan(m->r2))
        strbuf_puts(&t, m->model_name);
    else
        strbuf_printf(&t, "%s, R\xc2\xb2 %.4f", m->model_name, m->r2);
    if (best)
        strbuf_puts(&t, " (best)");
    if (isnan(m->knee))
        strbuf_puts(&t, ": no knee");
    else
        strbuf_printf(&t, ": knee at %s%s", fmt_plot_number(a, m->knee),
                      m->knee <= xmax ? "" : " (off the plot)");
    if (!isnan(m->peak_at))
        strbuf_printf(&t, ", peak %s tok/s at %s%s", fmt_plot_number(a, m->peak_tok_s),
                      fmt_plot_number(b, m->peak_at), m->peak_at <= xmax ? "" : " (off the plot)");
    return strbuf_detach(&t);
}

/* The data file: the four blocks; *ymax gets the highest throughput in them. */
static void series_data(struct strbuf *d, const struct model_curve_series *s, size_t *nknees,
                        size_t *npeaks, double *ymax)
{
    const struct curve_points *p = s->points;
    *ymax = 0;
    struct strbuf head = STRBUF_INIT;
    strbuf_puts(&head, "Throughput (output tokens/s) of each fitted curve against concurrency\n"
                       "(requests in flight): concurrency, then a column per curve:");
    for (size_t i = 0; i < s->ncurves; i++)
        strbuf_printf(&head, " %s", s->curves[i].model_name);
    gp_comment(d, head.buf);
    strbuf_release(&head);
    for (size_t k = 0; k < s->n; k++) {
        gp_number(d, s->concurrency[k]);
        for (size_t i = 0; i < s->ncurves; i++) {
            double v = s->tok_s[k * s->ncurves + i];
            gp_data_number(d, v);
            if (isfinite(v))
                *ymax = fmax(*ymax, v);
        }
        strbuf_puts(d, "\n");
    }

    gp_data_block(d, "The measured points: concurrency, output tokens/s");
    for (size_t i = 0; i < p->n; i++) {
        gp_number(d, p->concurrency[i]);
        gp_data_number(d, p->tok_s[i]);
        strbuf_puts(d, "\n");
        *ymax = fmax(*ymax, p->tok_s[i]);
    }

    gp_data_block(d, "Each curve's marks: curve (its column in block 0, less 1), the knee\n"
                     "(concurrency, output tokens/s there), the usl peak (the same); NaN: none");
    *nknees = *npeaks = 0;
    for (size_t i = 0; i < s->ncurves; i++) {
        const struct model_curve_mark *m = &s->curves[i];
        *nknees += isfinite(m->knee) && m->knee <= s->x_max;
        *npeaks += isfinite(m->peak_at) && m->peak_at <= s->x_max;
        strbuf_printf(d, "%zu", i + 1);
        gp_data_number(d, m->knee);
        gp_data_number(d, m->knee_tok_s);
        gp_data_number(d, m->peak_at);
        gp_data_number(d, m->peak_tok_s);
        strbuf_puts(d, "\n");
    }

    if (isfinite(s->used)) {
        gp_data_block(d, "The concurrency the scenario uses, and the output tokens/s there");
        gp_number(d, s->used);
        gp_data_number(d, s->used_tok_s);
        strbuf_puts(d, "\n");
        *ymax = fmax(*ymax, s->used_tok_s);
    }
}

/* The data and the script's variables of a curve plot. */
static void build_plot(struct plot_job *j, const struct model_curve_series *s,
                       const struct curve_texts *t)
{
    const struct curve_points *p = s->points;
    const double first = p->concurrency[0], last = p->concurrency[p->n - 1];
    const int has_used = isfinite(s->used);
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE];
    size_t nknees, npeaks;
    double ymax;
    series_data(&j->data, s, &nknees, &npeaks, &ymax);

    struct strbuf *sb = &j->script;
    gp_set_string(sb, "title_text", t->title);
    gp_set_string(sb, "subtitle", t->subtitle);
    gp_set_string(sb, "ylabel_text", t->ylabel);
    gp_set_number(sb, "xmax", s->x_max);
    gp_set_number(sb, "ymax", ymax > 0 ? ymax * 1.15 : 1);
    gp_set_number(sb, "measured_min", first);
    gp_set_number(sb, "measured_max", last);
    gp_set_int(sb, "nfits", (long)s->ncurves);
    gp_set_int(sb, "nknees", (long)nknees);
    gp_set_int(sb, "npeaks", (long)npeaks);
    gp_set_int(sb, "has_used", has_used);
    int *linetypes = xcalloc(s->ncurves ? s->ncurves : 1, sizeof *linetypes);
    struct gp_labels titles = GP_LABELS_INIT;
    for (size_t i = 0; i < s->ncurves; i++) {
        linetypes[i] = model_linetype(s->curves[i].model);
        gp_labels_add(&titles, key_title(&s->curves[i], (int)i == t->best, s->x_max));
    }
    gp_set_ints(sb, "fit_lt", linetypes, s->ncurves);
    gp_labels_set(sb, "fit_titles", &titles);
    gp_labels_release(&titles);
    free(linetypes);
    gp_set_string(sb, "points_title", t->points_title);

    char *used = xstrdup(""), *warning = xstrdup("");
    if (has_used) {
        free(used);
        used = xasprintf("this scenario: %s in flight%s, %s tok/s", fmt_plot_number(b1, s->used),
                         t->used_why, fmt_plot_number(b2, s->used_tok_s));
        if (s->used < first || s->used > last) {
            free(warning);
            warning = xasprintf("warning: %s in flight lies outside the measured %s to %s",
                                fmt_plot_number(b1, s->used), fmt_plot_number(b3, first),
                                fmt_plot_number(b4, last));
        }
    }
    gp_set_string(sb, "used_label", used);
    gp_set_string(sb, "warning", warning);
    free(used);
    free(warning);
}

void plot_curve_add_backend(struct plot_batch *b, const struct report *r, size_t backend,
                            const struct model_curve_series *s)
{
    const struct deployment *dep = &r->scenario->backends[backend];
    const struct deploy_rate *rate = &r->backend_rates[backend];
    const struct throughput_curve *c = dep->curve;
    char *name = xasprintf("curve-%s", dep->name);
    struct plot_job *j =
        plot_batch_add(b, name, "curve", "Throughput of a backend against concurrency");
    free(name);
    const char *src = c->source ? strrchr(c->source, '/') : NULL;
    src = src ? src + 1 : c->source;
    char *title = xasprintf("Backend %s: throughput against concurrency", dep->name);
    char *from = src ? xasprintf("measured: %s", src)
                     : xasprintf("measured (%zu point%s in the scenario)", c->points.n,
                                 c->points.n == 1 ? "" : "s");
    struct curve_texts t = {
        .best = -1,
        .title = title,
        .subtitle = r->scenario->name,
        .points_title = from,
        .ylabel = dep->type == DEPLOY_DEDICATED ? "output tokens/s per instance"
                                                : "output tokens/s of the endpoint",
        .used_why = rate->why == DEPLOY_CONCURRENCY_LIMIT  ? " (limits.concurrency)"
                    : rate->why == DEPLOY_CONCURRENCY_KNEE ? " (the knee)"
                                                           : "",
    };
    build_plot(j, s, &t);
    free(title);
    free(from);
}

void plot_curve_add_fit(struct plot_batch *b, const char *csv, const struct model_curve_series *s,
                        int best)
{
    /* NAME: the file's base name without its extension. */
    const char *slash = strrchr(csv, '/');
    const char *base = slash ? slash + 1 : csv;
    const char *dot = strrchr(base, '.');
    char *stem = xstrndup(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
    char *name = xasprintf("curve-%s", stem);
    struct plot_job *j =
        plot_batch_add(b, name, "curve", "Throughput curves fitted to benchmark points");
    size_t n = s->points->n;
    char *from = xasprintf("measured (%zu point%s)", n, n == 1 ? "" : "s");
    struct curve_texts t = {
        .best = best,
        .title = "Throughput against concurrency",
        .subtitle = base,
        .points_title = from,
        .ylabel = "output tokens/s",
        .used_why = "",
    };
    build_plot(j, s, &t);
    free(from);
    free(name);
    free(stem);
}
