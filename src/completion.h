/*
 * completion: bash and zsh completion scripts for raftcost, written from
 * its command line tables (opts.h), so that every command of the table of
 * commands and every option of its table completes without further work.
 *
 * What completes:
 *   - the command (the first word), beside a scenario file;
 *   - each command's options, long and short;
 *   - an option's value by what its row says: a choice row's names; a value
 *     named FILE (FILE.csv, ...: files ending so), DIR (folders) or PATH...
 *     (the parameter paths of the scenario on the line, from
 *     `raftcost --list-params SCENARIO`, followed by '=': --set, --vary);
 *     nothing for other values (numbers, names);
 *   - positional arguments by their names the same way (SCENARIO.yaml:
 *     YAML files and folders; COMMAND: the commands).
 *
 * The scripts call the raftcost being completed (the line's first word) for
 * the parameter paths; nothing else runs.  The bash script needs no
 * bash-completion package (it uses compgen; compopt where bash has it).
 *
 * Ownership: both functions append to the caller's buffer; the specs are
 * borrowed.  Prints nothing.
 */
#ifndef RAFTCOST_COMPLETION_H
#define RAFTCOST_COMPLETION_H

#include "opts.h"
#include "util.h"

/* How a value (or a positional argument) completes, from its row. */
enum completion_kind {
    COMPLETE_NOTHING,
    COMPLETE_CHOICE,  /* the row's choices */
    COMPLETE_FILE,    /* files (and folders to reach them), maybe by a pattern */
    COMPLETE_DIR,     /* folders */
    COMPLETE_PARAM,   /* the scenario's parameter paths, then '=' */
    COMPLETE_COMMAND, /* the commands of the table */
};

/*
 * What row o's value completes to.  For COMPLETE_FILE, pattern (of size
 * bytes) gets a glob: "*.csv" for FILE.csv, "*.y*ml" for a YAML name, ""
 * for any file.
 */
enum completion_kind completion_kind_of(const struct opt *o, char *pattern, size_t size);

/* The bash script: a function _raftcost and `complete -F _raftcost raftcost`. */
void completion_bash(const struct opts_spec *main, const struct opts_subcommand *commands,
                     struct strbuf *sb);

/* The zsh script (#compdef raftcost), to install as _raftcost on $fpath. */
void completion_zsh(const struct opts_spec *main, const struct opts_subcommand *commands,
                    struct strbuf *sb);

#endif
