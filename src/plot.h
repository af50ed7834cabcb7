/*
 * plot: the report as pictures, drawn by gnuplot; what main and `fit` call.
 *
 * For each kind of plot that the report's phases allow, plot_write puts
 * three files in a folder: NAME.dat (the figures, numbers only), NAME.gp (a
 * short script that sets variables, user strings among them, and then loads
 * the template plots/TEMPLATE.gp, where the look lives) and the picture
 * NAME.png, NAME.svg or NAME.pdf.  A user can restyle a template or the
 * script and redraw by hand: cd to the folder, then `gnuplot NAME.gp`.
 * The plots are phases, generation, monthly, breakeven and ratio
 * (plot_report.h), then curve-B for each backend B whose throughput is a
 * curve (plot_curve.h).  plot_write_fit draws the one picture of `raftcost
 * fit --plots`, curve-NAME.  In file names, B and NAME keep only A-Z a-z 0-9
 * . _ - (others become '_').
 *
 * The layers, each in files of its own, each using only those below it:
 *   plot.[ch]          these entry points: which plots, in which order
 *   plot_report.[ch]   the report plots: figures of struct report as data
 *   plot_curve.[ch]    the curve plots: a series model_series.h sampled
 *   plot_run.[ch]      jobs, the folder, the templates, running gnuplot
 *   gp.[ch]            gnuplot syntax and quoting: the security boundary
 * No plot file computes a figure: the model does (report.h, model_series.h).
 *
 * gnuplot runs as child processes (one per plot, all at once) from an
 * argument vector, never through a shell.  User strings reach gnuplot only
 * single-quoted, with ' doubled and control characters made spaces, and all
 * text is drawn noenhanced.  A picture appears under its name only once
 * gnuplot has succeeded: it is drawn in a private folder made with mkdtemp
 * inside the plots' folder, then renamed into place.
 *
 * Ownership: the functions keep no pointer to their arguments; the report
 * (or the series) is only read.  This module does I/O: main calls it, the
 * model never does.
 */
#ifndef RAFTCOST_PLOT_H
#define RAFTCOST_PLOT_H

#include "diag.h"
#include "model_series.h"
#include "plot_run.h"
#include "report.h"

/*
 * Writes the plots of r into dir, which is created when missing.  Returns
 * what happened; with PLOT_FAILED, d holds the message (gnuplot's own
 * error included) and no picture of the failed kinds is left behind.
 */
enum plot_status plot_write(const struct report *r, const char *dir, enum plot_format format,
                            struct diag *d);

/*
 * Writes the plot of curves fitted to the points of the file csv into dir,
 * created when missing: curve-NAME.dat, .gp and the picture, NAME being
 * csv's base name without its extension.  It shows series: the points and
 * the sampled curves (model_curve_series), each with R^2 (the table
 * excepted), its knee and, for usl, its peak; series->curves[best] is named
 * the best fit (best -1: none).  Returns as plot_write.
 */
enum plot_status plot_write_fit(const char *csv, const struct model_curve_series *series, int best,
                                const char *dir, enum plot_format format, struct diag *d);

/*
 * Writes the picture of `raftcost tornado` into dir, created when missing:
 * tornado.dat, .gp and the picture (plot_unc.h).  r->uncertainty is the run
 * t was made from.  Returns as plot_write.
 */
struct unc_tornado;
enum plot_status plot_write_tornado(const struct report *r, const struct unc_tornado *t,
                                    const char *dir, enum plot_format format, struct diag *d);

#endif
