/*
 * raftcost help [COMMAND]: the help of raftcost, or of one of its commands
 * (the text `raftcost COMMAND --help` prints), from the table of commands.
 */
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "util.h"

struct help_args {
    const char *command;
};

static const struct help_args help_defaults = {0};

static const struct opt help_options[] = {
    OPT_HELP("show this help"),
    OPT_ARG(&help_defaults.command, "COMMAND", .flags = OPTS_OPTIONAL,
            .invalid = "one command at a time: '{arg}'"),
    OPT_END(),
};

const struct opts_spec cmd_help_spec = {
    .name = "help",
    .options = help_options,
    .defaults = &help_defaults,
    .size = sizeof help_defaults,
    .usage = "usage: raftcost help [COMMAND]\n",
    .description = "\n"
                   "Shows the help of raftcost, or of COMMAND: the text 'raftcost COMMAND --help'\n"
                   "prints.  'man raftcost' and 'man raftcost-COMMAND' say more.\n"
                   "\n"
                   "options:\n",
    .epilogue = "\n"
                "examples:\n"
                "  raftcost help\n"
                "  raftcost help sweep\n",
    .help_column = 22,
    .unknown = "unknown option '{opt}' for 'help'",
};

/* "'compare', 'sweep', ..." and the nearest name within two edits, for the error. */
static int unknown_command(const char *name)
{
    struct strbuf list = STRBUF_INIT;
    const char *near = NULL;
    size_t best = 3;
    for (const struct opts_subcommand *c = commands; c->name; c++) {
        strbuf_printf(&list, "%s'%s'", c == commands ? "" : ", ", c->name);
        size_t distance = edit_distance(name, c->name);
        if (distance < best) {
            best = distance;
            near = c->name;
        }
    }
    int status;
    if (near)
        status =
            cli_spec_error(&cmd_help_spec, "unknown command '%s'; did you mean '%s'?", name, near);
    else
        status = cli_spec_error(&cmd_help_spec, "unknown command '%s' (the commands: %s)", name,
                                list.buf);
    strbuf_release(&list);
    return status;
}

int cmd_help(int argc, char **argv)
{
    struct help_args a;
    int status = cli_parse(&cmd_help_spec, argc, argv, &a);
    if (status >= 0)
        return status;
    const struct opts_spec *spec = &cmd_report_spec;
    if (a.command) {
        const struct opts_subcommand *c = opts_subcommand_find(commands, a.command);
        if (!c)
            return unknown_command(a.command);
        spec = c->spec;
    }
    struct strbuf sb = STRBUF_INIT;
    opts_help(spec, &sb);
    char *text = strbuf_detach(&sb);
    status = cli_write_output(NULL, text);
    free(text);
    return status;
}
