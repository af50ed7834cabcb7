/*
 * cli: what the commands share: parsing a command line from its table (see
 * opts.h) with help, version and errors printed alike, loading a scenario
 * with a variant and --set changes applied, writing the output to stdout or
 * atomically to a file, and the last check of stdout.  Like main, these may
 * print errors; nothing here exits.
 */
#ifndef RAFTCOST_CLI_H
#define RAFTCOST_CLI_H

#include <stddef.h>

#include "diag.h"
#include "opts.h"
#include "plot_run.h"
#include "scenario.h"

struct report;

enum cli_status { CLI_OK = 0, CLI_RUNTIME = 1, CLI_INVALID = 2, CLI_OVER_BUDGET = 3 };

/*
 * The -q row of a command that may warn (its field an int).  cli_parse
 * reads a table's "quiet" flag row by itself: cli_warning and progress then
 * stay silent.
 */
#define CLI_OPT_QUIET(field)                                                                       \
    OPT_FLAG('q', "quiet", field, "print no warnings and no progress, only errors")

/* Prints "raftcost: warning: MESSAGE" on standard error, unless -q was given. */
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* 1 when the command line had -q. */
int cli_quiet(void);

/* --plot-format's names, for the commands that draw plots. */
extern const struct opts_choice cli_plot_formats[];

/*
 * Parses argv into args (see opts_parse).  Returns -1 when the command
 * should run; otherwise the exit status after printing the help or the
 * version (through cli_write_output, so a failed write is CLI_RUNTIME) or an
 * error (CLI_INVALID); args then holds no list to free.
 */
int cli_parse(const struct opts_spec *spec, int argc, char **argv, void *args);

/*
 * Prints "raftcost: error: MESSAGE" and the spec's hint (the first usage
 * line, or "(see 'raftcost NAME --help')"); returns CLI_INVALID.
 */
int cli_spec_error(const struct opts_spec *spec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The same with the hint "(see 'raftcost COMMAND --help')"; command NULL: raftcost itself. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* What a scenario read from standard input ("-") is called in messages and reports. */
#define CLI_STDIN_NAME "<stdin>"

/*
 * Loads a scenario (path "-": from standard input, read once however many
 * times it is loaded), applies a variant (NULL: none) and the assignments in
 * sets, and validates the result.  origins[i] names the option sets[i] came
 * from in messages; origins NULL means "--set" for all.  Returns 0, or -1
 * with d filled (s released).
 */
int cli_load(struct scenario *s, const char *path, const char *variant, const char *const *sets,
             const char *const *origins, size_t nsets, struct diag *d);

/*
 * The assignments of a command line, in order: each --set PATH=VALUE as
 * typed, and those that other options stand for (--budget KEY=AMOUNT is
 * budget.KEY=AMOUNT), each with the option it came from, for messages
 * (cli_load's sets and origins).  A command that takes them makes this the
 * first member of its options struct, so that the OPT_CALLBACK rows
 * cli_opt_set and cli_opt_budget find it in the struct they are handed.
 * Ownership: sets points into argv or at owned, which this owns;
 * cli_sets_release frees them.
 */
struct cli_sets {
    const char **sets, **origins;
    size_t n;
    char **owned; /* assignments made for an option (budget.KEY=AMOUNT) */
    size_t nowned;
};

/* Appends assignment (not copied), which came from option origin ("--set"). */
void cli_sets_add(struct cli_sets *c, const char *assignment, const char *origin);
/* Appends an assignment made for origin (a malloc'd string, which c takes). */
void cli_sets_add_owned(struct cli_sets *c, char *assignment, const char *origin);
void cli_sets_release(struct cli_sets *c);
/* OPT_CALLBACK rows: --set PATH=VALUE, and --budget KEY=AMOUNT as budget.KEY=AMOUNT. */
int cli_opt_set(void *args, const char *value, const char *option, struct diag *d);
int cli_opt_budget(void *args, const char *value, const char *option, struct diag *d);

/*
 * Says what drawing plots into dir did: nothing when they were drawn, a
 * warning (silenced by -q) when gnuplot is not on the PATH, the error in d
 * when gnuplot failed.  Returns CLI_OK, or CLI_RUNTIME on a failure.  d is
 * not released.
 */
int cli_plot_status(enum plot_status st, const char *dir, const struct diag *d);

/*
 * Simulates s's generation into r as model_sim_run does, with a progress
 * line (progress.h) over its replications when there is more than one.
 */
int cli_simulate(const struct scenario *s, struct report *r, unsigned threads, struct diag *d);

/*
 * What cli_load does after loading: applies the variant (NULL: none) and the
 * assignments to s, and validates the result.  Returns 0, or -1 with d
 * filled; s is not released (the caller does it).
 */
int cli_apply(struct scenario *s, const char *variant, const char *const *sets,
              const char *const *origins, size_t nsets, struct diag *d);

/*
 * Writes text to path (files.h's write_output_file: atomically over a
 * regular file, keeping its mode; directly into a FIFO or a device), or to
 * stdout when path is NULL or "-", flushed.  Returns CLI_OK, or CLI_RUNTIME
 * after printing why.
 */
int cli_write_output(const char *path, const char *text);

/*
 * The end of every command: closes stdout and returns status, or
 * CLI_RUNTIME after printing why when the close fails and status was CLI_OK.
 */
int cli_finish(int status);

#endif
