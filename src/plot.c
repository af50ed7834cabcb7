/*
 * plot: see plot.h.  Only the order of things lives here: the report's
 * plots, then a curve plot for each backend whose throughput is a curve,
 * all drawn at once by one batch.  A backend's curve is sampled by the
 * model layer (model_curve_series, at the concurrency and with the rate the
 * report holds for it); this file only passes the series on.
 */
#include "plot.h"

#include "model_series.h"
#include "plot_capacity.h"
#include "plot_curve.h"
#include "plot_report.h"
#include "plot_run.h"
#include "plot_sim.h"
#include "plot_unc.h"

enum plot_status plot_write(const struct report *r, const char *dir, enum plot_format format,
                            struct diag *d)
{
    const struct scenario *s = r->scenario;
    struct plot_batch batch;
    if (plot_batch_open(&batch, dir, format, d) != 0)
        return PLOT_FAILED;

    plot_report_add(&batch, r);
    if (plot_capacity_add(&batch, r, d) != 0) {
        plot_batch_release(&batch);
        return PLOT_FAILED;
    }
    if (r->simulation.present)
        plot_sim_add(&batch, r);
    /* A curve plot for each backend whose throughput is a curve, as the model samples it. */
    for (size_t i = 0; i < s->nbackends; i++) {
        const struct deployment *b = &s->backends[i];
        if (!b->curve)
            continue;
        struct model_curve_series series;
        model_curve_series(&b->curve->points, &b->curve->fit, 1, r->backend_rates[i].concurrency,
                           r->backend_rates[i].unit_tok_s, &series);
        plot_curve_add_backend(&batch, r, i, &series);
        model_curve_series_release(&series);
    }
    plot_unc_add(&batch, r);
    enum plot_status status = plot_batch_run(&batch, d);
    plot_batch_release(&batch);
    return status;
}

enum plot_status plot_write_tornado(const struct report *r, const struct unc_tornado *t,
                                    const char *dir, enum plot_format format, struct diag *d)
{
    struct plot_batch batch;
    if (plot_batch_open(&batch, dir, format, d) != 0)
        return PLOT_FAILED;
    plot_unc_add_tornado(&batch, r, t);
    enum plot_status status = plot_batch_run(&batch, d);
    plot_batch_release(&batch);
    return status;
}

enum plot_status plot_write_fit(const char *csv, const struct model_curve_series *series, int best,
                                const char *dir, enum plot_format format, struct diag *d)
{
    struct plot_batch batch;
    if (plot_batch_open(&batch, dir, format, d) != 0)
        return PLOT_FAILED;
    plot_curve_add_fit(&batch, csv, series, best);
    enum plot_status status = plot_batch_run(&batch, d);
    plot_batch_release(&batch);
    return status;
}
