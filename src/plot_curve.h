/*
 * plot_curve: the curve plots, throughput against concurrency, drawn by
 * plots/curve.gp: the measured points, each sampled curve with its knee
 * (and a usl curve's peak), and for a scenario's backend the concurrency
 * the scenario runs it at.  One picture for each backend whose throughput
 * is a curve (`raftcost SCENARIO --plots`, named curve-BACKEND), one for
 * `raftcost fit --plots` (curve-NAME, NAME the CSV file's name without its
 * extension).
 *
 * It formats a struct model_curve_series (model_series.h) and the report's
 * fields; it calls no curve, pricing or scenario function.
 *
 * Ownership: the functions add a job to the batch (which owns it) and keep
 * no pointer to their arguments.
 */
#ifndef RAFTCOST_PLOT_CURVE_H
#define RAFTCOST_PLOT_CURVE_H

#include "model_series.h"
#include "plot_run.h"
#include "report.h"

/* The curve plot of the scenario backend r->scenario->backends[backend], whose series is s. */
void plot_curve_add_backend(struct plot_batch *b, const struct report *r, size_t backend,
                            const struct model_curve_series *s);

/*
 * The curve plot of `fit --plots` for the points of the file csv: every
 * curve of s, s->curves[best] named the best fit (best -1: none), each with
 * its R^2 (the table excepted).
 */
void plot_curve_add_fit(struct plot_batch *b, const char *csv, const struct model_curve_series *s,
                        int best);

#endif
