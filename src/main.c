/*
 * raftcost: the dispatcher.  `raftcost NAME ...` runs the command NAME of
 * the table in commands.c; anything else is the report of a scenario
 * (cmd_report).  Every path ends in cli_finish, which checks that standard
 * output was written, so the exit status says whether the output is whole.
 */
#include "cli.h"
#include "commands.h"

int main(int argc, char **argv)
{
    const struct opts_subcommand *c = argc > 1 ? opts_subcommand_find(commands, argv[1]) : NULL;
    int status = c ? c->run(argc - 1, argv + 1) : cmd_report(argc, argv);
    return cli_finish(status);
}
