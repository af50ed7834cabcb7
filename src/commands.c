/*
 * commands: the table of commands (see commands.h).  A new command is one
 * row here and its file; its synopsis then shows in `raftcost --help`.
 */
#include "commands.h"

const struct opts_subcommand commands[] = {
    {"compare", cmd_compare, &cmd_compare_spec,
     "A.yaml [B.yaml ...]    (see raftcost compare --help)",
     "put scenarios, or a scenario's variants, side by side"},
    {"sweep", cmd_sweep, &cmd_sweep_spec, "SCENARIO.yaml --vary PATH=FROM..TO[:N][:log]",
     "run the model over a range of values of one or more parameters"},
    {"fit", cmd_fit, &cmd_fit_spec, "FILE.csv [--model saturating|usl|table|all] [-f text|json]",
     "fit throughput curves to benchmark points"},
    {"simulate", cmd_simulate, &cmd_simulate_spec,
     "SCENARIO.yaml [--seed N] [--replications N] [-j N] [--timeline FILE]",
     "run the generation job request by request: limits, 429s, retries, routing"},
    {"prices", cmd_prices, &cmd_prices_spec, "[PATTERN] [SCENARIO.yaml | --catalogue FILE ...]",
     "list catalogue prices, cheapest first; --lint FILE checks a catalogue"},
    {"calibrate", cmd_calibrate, &cmd_calibrate_spec,
     "SCENARIO.yaml LOG [-o FILE] [-f text|md|json]",
     "calibrate a plan from a pilot run's usage log"},
    {"actual", cmd_actual, &cmd_actual_spec, "SCENARIO.yaml LOG [-f text|md|json|csv] [--now TIME]",
     "compare a job's usage log with its plan, and project its finish"},
    {"tornado", cmd_tornado, &cmd_tornado_spec, "SCENARIO.yaml [--figure KEY] [-f text|json|md]",
     "which uncertain input matters most: each range at its P10 and P90"},
    {"help", cmd_help, &cmd_help_spec, "[COMMAND]", "show the help of raftcost or of one command"},
    {NULL, NULL, NULL, NULL, NULL},
};
