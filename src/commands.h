/*
 * commands: the subcommands that main dispatches to.  Each takes the
 * arguments from the command name on (argv[0] is the command's name), prints
 * its own output and errors, and returns the exit status.  Unlike the
 * modules, a command may print; like them, it never calls exit().
 */
#ifndef RAFTCOST_COMMANDS_H
#define RAFTCOST_COMMANDS_H

/* A command returns an enum cli_status (cli.h). */

/*
 * raftcost fit FILE.csv [--model saturating|usl|table|all] [-f text|json] [-o FILE]
 * Fits throughput curves to benchmark points (see curve.h) and reports them.
 */
int cmd_fit(int argc, char **argv);

/*
 * raftcost sweep SCENARIO.yaml --vary PATH=FROM..TO[:N][:log] [-f text|csv|json] [-o FILE]
 * Runs the model for each value (a grid for several --vary) and prints a row for each.
 */
int cmd_sweep(int argc, char **argv);

/*
 * raftcost compare A.yaml [B.yaml ...] [-f text|md|csv|json] [-o FILE]
 * Puts scenarios (or one scenario and its variants) side by side.
 */
int cmd_compare(int argc, char **argv);

#endif
