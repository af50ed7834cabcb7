/*
 * commands: the commands of raftcost and the table main dispatches over.
 * Each takes the arguments from the command name on (argv[0] is the
 * command's name; for cmd_report, the program's), prints its own output and
 * errors, and returns an enum cli_status (cli.h); main closes stdout after
 * it (cli_finish).  Unlike the modules, a command may print; like them, it
 * never calls exit().  Each command's command line is an opts_spec (opts.h)
 * defined in its file, giving its parser and its help.
 */
#ifndef RAFTCOST_COMMANDS_H
#define RAFTCOST_COMMANDS_H

#include "opts.h"

/*
 * raftcost [OPTIONS] SCENARIO.yaml
 * The report of one scenario (text, JSON, Markdown or CSV) and its plots.
 */
int cmd_report(int argc, char **argv);
extern const struct opts_spec cmd_report_spec;

/*
 * raftcost compare A.yaml [B.yaml ...] [-f text|md|csv|json] [-o FILE]
 * Puts scenarios (or one scenario and its variants) side by side.
 */
int cmd_compare(int argc, char **argv);
extern const struct opts_spec cmd_compare_spec;

/*
 * raftcost sweep SCENARIO.yaml --vary PATH=FROM..TO[:N][:log] [-f text|csv|json] [-o FILE]
 * Runs the model for each value (a grid for several --vary) and prints a row for each.
 */
int cmd_sweep(int argc, char **argv);
extern const struct opts_spec cmd_sweep_spec;

/*
 * raftcost fit FILE.csv [--model saturating|usl|table|all] [-f text|json] [-o FILE]
 * Fits throughput curves to benchmark points (see curve.h) and reports them.
 */
int cmd_fit(int argc, char **argv);
extern const struct opts_spec cmd_fit_spec;

/*
 * raftcost simulate SCENARIO.yaml [--seed N] [--replications N] [-j N] [--timeline FILE] ...
 * Runs the generation job request by request (model_sim.h) beside the analytic figures.
 */
int cmd_simulate(int argc, char **argv);
extern const struct opts_spec cmd_simulate_spec;

/*
 * raftcost tornado SCENARIO.yaml [--figure KEY] [-f text|json|md] [--plots DIR]
 * Each range at its P10 and P90, sorted by swing, and rank correlations (unc.h).
 */
int cmd_tornado(int argc, char **argv);
extern const struct opts_spec cmd_tornado_spec;

/*
 * raftcost prices [PATTERN] [--gpu G] [--region R] [-f text|json|csv]
 *                 [SCENARIO.yaml | --catalogue FILE ...]
 * raftcost prices --lint FILE
 * Lists catalogue prices that match, cheapest first (prices.h), or lints one catalogue.
 */
int cmd_prices(int argc, char **argv);
extern const struct opts_spec cmd_prices_spec;

/*
 * raftcost help [COMMAND]
 * The help of raftcost, or of one command.
 */
int cmd_help(int argc, char **argv);
extern const struct opts_spec cmd_help_spec;

/*
 * raftcost calibrate SCENARIO.yaml LOG [-o calibrated.yaml] [-f text|md|json]
 * A plan calibrated from a pilot's usage log, and the calibrated variant.
 */
int cmd_calibrate(int argc, char **argv);
extern const struct opts_spec cmd_calibrate_spec;

/*
 * raftcost actual SCENARIO.yaml LOG [-f text|md|json|csv] [--now TIME]
 * A job's plan against its usage log, and the projected finish.
 */
int cmd_actual(int argc, char **argv);
extern const struct opts_spec cmd_actual_spec;

/*
 * The commands after "raftcost": name, function, command line, synopsis in
 * the main usage, one-line summary; ends with {NULL}.  Without one of these
 * names, raftcost runs cmd_report.
 */
extern const struct opts_subcommand commands[];

#endif
