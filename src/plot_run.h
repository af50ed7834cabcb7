/*
 * plot_run: running gnuplot.  A batch of plot jobs goes into one folder;
 * each job is a data file NAME.dat and a script NAME.gp that its builder
 * fills (with gp.h only), and the picture NAME.EXT that gnuplot draws from
 * them by loading the template plots/TEMPLATE.gp.
 *
 * plot_batch_open checks the folder's name, creates the folder and finds
 * the templates: $RAFTCOST_PLOTS, then beside the executable
 * (EXEDIR/../share/raftcost/plots, EXEDIR/../plots, EXEDIR/../../plots),
 * then ./plots.  plot_batch_add names a job and writes the head of its
 * script; plot_batch_run ends every script (loading its template), writes
 * the data and scripts, then runs one gnuplot per job, all at once, each
 * from an argument vector (posix_spawnp, never a shell), each stopped after
 * $RAFTCOST_PLOT_TIMEOUT seconds (default 120), with gnuplot's standard
 * error kept for the message.  gnuplot draws into a private folder made by
 * mkdtemp inside the plots' folder, whose name no one can predict or plant
 * a symlink in, and each finished picture is renamed into place from there:
 * a picture appears under its name only once gnuplot has succeeded, and a
 * failed one leaves nothing behind.
 *
 * Ownership: a batch owns its jobs, their buffers and names;
 * plot_batch_release frees them all and accepts a zeroed batch.  A job
 * returned by plot_batch_add stays valid until the batch is released.
 * Neither struct may be copied with '='.  This module does I/O: main and
 * the commands call it (through plot.h), the model never does.
 */
#ifndef RAFTCOST_PLOT_RUN_H
#define RAFTCOST_PLOT_RUN_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

enum plot_format { PLOT_PNG, PLOT_SVG, PLOT_PDF };

enum plot_status {
    PLOT_DRAWN = 0,  /* every picture written */
    PLOT_NO_GNUPLOT, /* data and scripts written; gnuplot is not on the PATH */
    PLOT_FAILED,     /* d says why */
};

/* "png", "svg" or "pdf".  Returns 0, or -1 for another name. */
int plot_format_from_name(const char *name, enum plot_format *format);
/* The file extension of a format, a static string: "png", "svg", "pdf". */
const char *plot_format_name(enum plot_format format);

/* One picture: what its builder fills. */
struct plot_job {
    char *name;           /* NAME of NAME.dat, NAME.gp and the picture: [A-Za-z0-9._-] only */
    const char *template; /* plots/TEMPLATE.gp draws it: a static string */
    struct strbuf data;   /* the data file: numbers, and comments from gp_comment */
    struct strbuf script; /* gp_set_* lines, after the head plot_batch_add wrote */
};

struct plot_batch {
    char *dir;       /* the plots' folder, as given */
    char *templates; /* the templates' folder, an absolute path */
    enum plot_format format;
    struct plot_job **jobs;
    size_t njobs;
};

/*
 * Prepares a batch drawing into dir (created when missing, with its
 * parents).  Returns 0, or -1 with d filled: a control character in dir,
 * a folder that cannot be made, templates not found.
 */
int plot_batch_open(struct plot_batch *b, const char *dir, enum plot_format format, struct diag *d);

/*
 * Adds a job drawn by plots/TEMPLATE.gp (template: a static string).  Its
 * NAME is name made safe with gp_file_name, then "-2", "-3"... appended
 * while an earlier job has it.  The script starts with comments (what: a
 * fixed text saying what the picture shows) and sets plot_format, out (unless
 * already set: redrawing by hand to another file) and data.
 */
struct plot_job *plot_batch_add(struct plot_batch *b, const char *name, const char *template,
                                const char *what);

/*
 * Ends each script with template_dir and the load of its template, writes
 * every data file and script, then draws every picture.  Returns what
 * happened; with PLOT_FAILED, d says why (the first failure, how many
 * more, and gnuplot's own message), and no picture of the failed jobs is
 * left, whole or in part.  Call it once.
 */
enum plot_status plot_batch_run(struct plot_batch *b, struct diag *d);

void plot_batch_release(struct plot_batch *b);

#endif
