/*
 * cli: what the subcommands' command lines share: options with values
 * ("--set X", "--set=X", "-f json", "-fjson"), loading a scenario with a
 * variant and --set changes applied, and writing the output to stdout or
 * atomically to a file.  Like main, these may print errors.
 */
#ifndef RAFTCOST_CLI_H
#define RAFTCOST_CLI_H

#include <stddef.h>

#include "diag.h"
#include "scenario.h"

enum cli_status { CLI_OK = 0, CLI_RUNTIME = 1, CLI_INVALID = 2, CLI_OVER_BUDGET = 3 };

/*
 * If argv[*i] is the option long_name (or -short_name when short_name is
 * not 0), sets *value to its value (advancing *i past it) and returns 1;
 * returns -1 when the option is there but its value is missing; 0 when
 * argv[*i] is another argument.
 */
int cli_option(int argc, char **argv, int *i, const char *long_name, char short_name,
               const char **value);

/* Prints "raftcost: error: MESSAGE" and a hint to --help; returns CLI_INVALID. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Loads a scenario, applies a variant (NULL: none) and the assignments in
 * sets, and validates the result.  origins[i] names the option sets[i] came
 * from in messages; origins NULL means "--set" for all.  Returns 0, or -1
 * with d filled (s released).
 */
int cli_load(struct scenario *s, const char *path, const char *variant, const char *const *sets,
             const char *const *origins, size_t nsets, struct diag *d);

/* Writes text to path atomically, or to stdout when path is NULL or "-". */
int cli_write_output(const char *path, const char *text);

#endif
