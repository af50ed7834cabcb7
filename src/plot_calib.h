/*
 * plot_calib: the plots of a pilot and of a running job (see plot.h for
 * the files each plot makes and plot_run.h for how gnuplot runs):
 *
 *   stream   each deployment's per-stream decode speed against the
 *            concurrency it ran at, one point a call, with the calibrated
 *            line (the least-squares fit, or the p50 speed where the
 *            concurrency did not vary): `calibrate --plots` and
 *            `actual --plots` (plots/stream.gp)
 *   actual   the job's cumulative cost (top) and tokens (bottom) against
 *            time: the plan, what the log shows so far and the projection
 *            to the finish, the deadline marked: `actual --plots`
 *            (plots/actual.gp)
 *
 * The figures come from the calibration (calibrate.h, with keep_points) and
 * from the comparison's series (calib_plan.h); this file formats them.
 * Deployment names reach gnuplot only through gp.h.
 *
 * Ownership: nothing is kept.  Does I/O (through plot_run.h).
 */
#ifndef RAFTCOST_PLOT_CALIB_H
#define RAFTCOST_PLOT_CALIB_H

#include "calib_plan.h"
#include "calibrate.h"
#include "diag.h"
#include "plot_run.h"
#include "scenario.h"

/* Adds the stream plot of cal (calibrated with keep_points) to a batch. */
void plot_calib_add_stream(struct plot_batch *b, const struct scenario *s,
                           const struct calibration *cal, const char *log_name);
/* Adds the actual plot of a comparison and its series to a batch. */
void plot_calib_add_actual(struct plot_batch *b, const struct scenario *s,
                           const struct plan_actual *pa, const struct pa_series *series);

/*
 * Draws the stream plot, and with pa and series non-NULL the actual plot,
 * into dir (created when missing).  Returns as plot_write (plot.h).
 */
enum plot_status plot_write_calibration(const struct scenario *s, const struct calibration *cal,
                                        const char *log_name, const struct plan_actual *pa,
                                        const struct pa_series *series, const char *dir,
                                        enum plot_format format, struct diag *d);

#endif
