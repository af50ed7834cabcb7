/*
 * plot_sweep: the plots of `raftcost sweep --plots DIR`, drawn by
 * plots/sweep.gp: each chosen figure against the swept value (the last
 * --vary), a line for each value of the other axes, named sweep-KEY.  The
 * figures are numbers the sweep collected from its reports; this file only
 * writes them out, with their names and units.
 *
 * Ownership: plot_sweep_write keeps no pointer to its arguments.
 */
#ifndef RAFTCOST_PLOT_SWEEP_H
#define RAFTCOST_PLOT_SWEEP_H

#include <stddef.h>

#include "diag.h"
#include "plot_run.h"

struct plot_sweep_data {
    const char *scenario;  /* its name, for the title */
    const char *axis_path; /* the last axis: its path and the unit its values are in */
    const char *axis_unit;
    int axis_log;          /* spread on a log scale: a log x axis */
    const double *x;       /* nx values (a choice's or a name's: 0, 1, ...) */
    char *const *x_labels; /* a choice's or a name's values, NULL for numbers */
    size_t nx;
    const char *series_title; /* the other axes' paths, NULL with one series */
    char *const *series;      /* nseries labels, the other axes' values, NULL with one */
    size_t nseries;
    const char *const *keys, *const *labels, *const *units; /* nfigures each */
    size_t nfigures;
    /* [series][x][figure]: series s, value i at (s * nx + i) * nfigures + f, in its unit. */
    const double *values;
};

/* Draws one picture for each figure into dir.  What happened; with PLOT_FAILED, d says why. */
enum plot_status plot_sweep_write(const struct plot_sweep_data *data, const char *dir,
                                  enum plot_format format, struct diag *d);

#endif
