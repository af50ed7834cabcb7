/*
 * unc_cli: the command-line options of a Monte Carlo run, shared by the
 * report and `tornado`: --samples, --seed, --method, -j, and --samples-out
 * for the report.  Like cli.h, this may print errors; it never exits.
 *
 * A command puts `struct unc_cli` in its options struct, UNC_CLI_DEFAULTS
 * in its defaults and UNC_CLI_OPTIONS(defaults.member) in its table.
 */
#ifndef RAFTCOST_UNC_CLI_H
#define RAFTCOST_UNC_CLI_H

#include <limits.h>

#include "opts.h"
#include "scenario.h"
#include "unc.h"

struct unc_cli {
    unsigned long samples; /* ULONG_MAX: not given (the default, 10,000); 0: no run */
    unsigned long seed;
    int method;            /* enum sample_method, or -1 when not given (lhs) */
    unsigned long threads; /* 0: one a processor */
    const char *samples_out;
};

#define UNC_CLI_DEFAULTS                                                                           \
    {                                                                                              \
        .samples = ULONG_MAX, .seed = UNC_DEFAULT_SEED, .method = -1, .threads = 0,                \
        .samples_out = NULL                                                                        \
    }

extern const struct opts_choice unc_cli_methods[];

#define UNC_CLI_OPTIONS(d)                                                                         \
    OPT_UINT(0, "samples", &(d).samples, "N",                                                      \
             "Monte Carlo samples of the scenario's ranges\n"                                      \
             "(default 10,000; 0: none)"),                                                         \
        OPT_UINT(0, "seed", &(d).seed, "N", "seed of the samples' random streams (default 1)"),    \
        OPT_CHOICE(0, "method", &(d).method, unc_cli_methods, NULL,                                \
                   "sampling: Latin hypercube (default) or plain\nMonte Carlo",                    \
                   .missing = "{opt} needs a method: {choices}",                                   \
                   .invalid = "unknown sampling method '{arg}' (use {choices})"),                  \
        OPT_UINT('j', "jobs", &(d).threads, "N",                                                   \
                 "threads for the samples (default: one a\n"                                       \
                 "processor); the results do not depend on it")

/* Checks what the rows cannot alone.  Returns 0, or CLI_INVALID after printing why. */
int unc_cli_check(const struct opts_spec *spec, const struct unc_cli *o);
/*
 * Whether the report runs the samples: never with --samples 0; always with
 * --samples-out; with ranges in the scenario or --samples N when the
 * report's format shows them (shown).
 */
int unc_cli_wanted(const struct unc_cli *o, const struct scenario *s, int shown);
/* unc_run with the options.  Returns 0, or -1 with d filled. */
int unc_cli_run(const struct scenario *s, const struct unc_cli *o, struct unc_result *u,
                struct diag *d);
/* unc_run with a progress line over the samples (progress.h), as every command runs it. */
int unc_cli_sample(const struct scenario *s, struct unc_options *uo, struct unc_result *u,
                   struct diag *d);
/* Writes the samples' CSV to path (atomically).  Returns an enum cli_status. */
int unc_cli_write_samples(const struct unc_result *u, const char *path);

#endif
