/*
 * completion: see completion.h.  The scripts are shell code: only names from
 * the tables go into them (option names, choice names, command names),
 * checked to be plain words; help texts go in quoted, escaped for zsh.
 */
#include "completion.h"

#include <stdlib.h>
#include <string.h>

#include "version.h"

/* A name that needs no quoting in either shell: letters, digits, '_', '.', '-'. */
static int plain_word(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *s))
            return 0;
    return 1;
}

static int is_positional(const struct opt *o)
{
    return o->kind == OPT_KIND_ARG || o->kind == OPT_KIND_ARGS;
}

static int takes_value(const struct opt *o)
{
    return o->kind == OPT_KIND_STRING || o->kind == OPT_KIND_LIST || o->kind == OPT_KIND_CHOICE ||
           o->kind == OPT_KIND_UINT || o->kind == OPT_KIND_CALLBACK;
}

static int repeatable(const struct opt *o)
{
    return o->kind == OPT_KIND_LIST || o->kind == OPT_KIND_CALLBACK;
}

enum completion_kind completion_kind_of(const struct opt *o, char *pattern, size_t size)
{
    pattern[0] = '\0';
    if (o->kind == OPT_KIND_CHOICE)
        return COMPLETE_CHOICE;
    const char *a = o->argh;
    if (!a || o->kind == OPT_KIND_UINT)
        return COMPLETE_NOTHING;
    if (strncmp(a, "PATH", 4) == 0)
        return COMPLETE_PARAM;
    if (strcmp(a, "DIR") == 0)
        return COMPLETE_DIR;
    if (strcmp(a, "COMMAND") == 0)
        return COMPLETE_COMMAND;
    /* FILE, FILE.csv, SCENARIO.yaml, A.yaml: a file, of the kind its extension says. */
    const char *dot = strchr(a, '.');
    size_t stem = dot ? (size_t)(dot - a) : strlen(a);
    int upper = stem > 0;
    for (size_t i = 0; i < stem; i++)
        upper = upper && a[i] >= 'A' && a[i] <= 'Z';
    if (!upper || (!dot && strcmp(a, "FILE") != 0))
        return COMPLETE_NOTHING;
    if (dot) {
        size_t ext = strspn(dot + 1, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (ext == 0)
            return COMPLETE_FILE;
        if ((ext == 4 && strncmp(dot + 1, "yaml", 4) == 0) ||
            (ext == 3 && strncmp(dot + 1, "yml", 3) == 0))
            snprintf(pattern, size, "*.y*ml");
        else
            snprintf(pattern, size, "*.%.*s", (int)ext, dot + 1);
    }
    return COMPLETE_FILE;
}

/* The first positional row, or NULL. */
static const struct opt *first_positional(const struct opts_spec *spec)
{
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++)
        if (is_positional(o))
            return o;
    return NULL;
}

/* ---- bash ----------------------------------------------------------------- */

static const char bash_helpers[] =
    "# Files (and the folders to reach them) for $1; those matching the glob $2\n"
    "# when it is not empty.\n"
    "_raftcost_files() {\n"
    "    local IFS='\n"
    "'\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    if [ -n \"$2\" ]; then\n"
    "        COMPREPLY+=($(compgen -d -- \"$1\") $(compgen -f -X \"!$2\" -- \"$1\"))\n"
    "    else\n"
    "        COMPREPLY+=($(compgen -f -- \"$1\"))\n"
    "    fi\n"
    "}\n"
    "\n"
    "_raftcost_dirs() {\n"
    "    local IFS='\n"
    "'\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    COMPREPLY+=($(compgen -d -- \"$1\"))\n"
    "}\n"
    "\n"
    "# The parameter paths of the scenario $2 that start with $3, each followed\n"
    "# by '=', from \"$1 --list-params $2\" ($1: the raftcost being completed).\n"
    "_raftcost_params() {\n"
    "    [ -n \"$2\" ] && [ -r \"$2\" ] || return 0\n"
    "    local paths\n"
    "    paths=$(command \"$1\" --list-params \"$2\" 2>/dev/null | cut -f1) || return 0\n"
    "    COMPREPLY+=($(compgen -W \"$paths\" -S = -- \"$3\"))\n"
    "    compopt -o nospace 2>/dev/null\n"
    "}\n"
    "\n";

static const char bash_start[] =
    "_raftcost() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev= opt cmd= scenario= i\n"
    "    local bin=${COMP_WORDS[0]} after_equals=\n"
    "    COMPREPLY=()\n"
    "    [ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
    "    # bash splits \"--format=md\" at '=': the option is then the word before it.\n"
    "    opt=$prev\n"
    "    if [ \"$cur\" = = ]; then\n"
    "        cur=\n"
    "        after_equals=1\n"
    "    elif [ \"$prev\" = = ] && [ \"$COMP_CWORD\" -ge 2 ]; then\n"
    "        opt=${COMP_WORDS[COMP_CWORD-2]}\n"
    "        after_equals=1\n"
    "    fi\n"
    "    # The value in PATH=VALUE is free.\n"
    "    if [ -n \"$after_equals\" ]; then\n"
    "        case $opt in -*) ;; *) return 0 ;; esac\n"
    "    fi\n"
    "    # The scenario on the line: the first word naming a YAML file.\n"
    "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
    "        case ${COMP_WORDS[i]} in\n"
    "        *.yaml | *.yml)\n"
    "            scenario=${COMP_WORDS[i]}\n"
    "            break\n"
    "            ;;\n"
    "        esac\n"
    "    done\n"
    "    case $bin in \"~/\"*) bin=$HOME/${bin#\"~/\"} ;; esac\n"
    "    case $scenario in \"~/\"*) scenario=$HOME/${scenario#\"~/\"} ;; esac\n";

/* "compare sweep fit help", the command names as one word list. */
static void command_names(const struct opts_subcommand *commands, const char *sep,
                          struct strbuf *sb)
{
    int first = 1;
    for (const struct opts_subcommand *c = commands; c->name; c++) {
        if (!plain_word(c->name))
            continue;
        strbuf_printf(sb, "%s%s", first ? "" : sep, c->name);
        first = 0;
    }
}

/* The bash words that complete what kind says. */
static void bash_action(const struct opt *o, const struct opts_subcommand *commands,
                        struct strbuf *sb)
{
    char pattern[32];
    switch (completion_kind_of(o, pattern, sizeof pattern)) {
    case COMPLETE_CHOICE:
        strbuf_puts(sb, "COMPREPLY=($(compgen -W '");
        for (const struct opts_choice *ch = o->choices; ch->name; ch++)
            if (plain_word(ch->name))
                strbuf_printf(sb, "%s%s", ch == o->choices ? "" : " ", ch->name);
        strbuf_puts(sb, "' -- \"$cur\"))");
        break;
    case COMPLETE_FILE:
        strbuf_printf(sb, "_raftcost_files \"$cur\" '%s'", pattern);
        break;
    case COMPLETE_DIR:
        strbuf_puts(sb, "_raftcost_dirs \"$cur\"");
        break;
    case COMPLETE_PARAM:
        strbuf_puts(sb, "_raftcost_params \"$bin\" \"$scenario\" \"$cur\"");
        break;
    case COMPLETE_COMMAND:
        strbuf_puts(sb, "COMPREPLY=($(compgen -W '");
        command_names(commands, " ", sb);
        strbuf_puts(sb, "' -- \"$cur\"))");
        break;
    case COMPLETE_NOTHING:
        strbuf_puts(sb, ":");
        break;
    }
}

/* One command's branch: its options' values, its option names, its arguments. */
static void bash_command(const struct opts_spec *spec, const struct opts_subcommand *commands,
                         int is_main, struct strbuf *sb)
{
    strbuf_puts(sb, "        case $opt in\n");
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++) {
        if (!takes_value(o) || (!o->long_name && !o->short_name))
            continue;
        if (o->long_name && !plain_word(o->long_name))
            continue;
        strbuf_puts(sb, "        ");
        if (o->short_name)
            strbuf_printf(sb, "-%c%s", o->short_name, o->long_name ? " | " : "");
        if (o->long_name)
            strbuf_printf(sb, "--%s", o->long_name);
        strbuf_puts(sb, ")\n            ");
        bash_action(o, commands, sb);
        strbuf_puts(sb, "\n            return 0\n            ;;\n");
    }
    strbuf_puts(sb, "        esac\n"
                    "        case $cur in\n"
                    "        -*)\n"
                    "            COMPREPLY=($(compgen -W '");
    int first = 1;
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++) {
        if (is_positional(o))
            continue;
        if (o->long_name && plain_word(o->long_name)) {
            strbuf_printf(sb, "%s--%s", first ? "" : " ", o->long_name);
            first = 0;
        }
        if (o->short_name && plain_word((char[]){o->short_name, '\0'})) {
            strbuf_printf(sb, "%s-%c", first ? "" : " ", o->short_name);
            first = 0;
        }
    }
    strbuf_puts(sb, "' -- \"$cur\"))\n"
                    "            ;;\n"
                    "        *)\n");
    if (is_main) {
        strbuf_puts(sb, "            if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
                        "                COMPREPLY=($(compgen -W '");
        command_names(commands, " ", sb);
        strbuf_puts(sb, "' -- \"$cur\"))\n"
                        "            fi\n");
    }
    const struct opt *arg = first_positional(spec);
    strbuf_puts(sb, "            ");
    if (arg)
        bash_action(arg, commands, sb);
    else
        strbuf_puts(sb, ":");
    strbuf_puts(sb, "\n            ;;\n"
                    "        esac\n"
                    "        ;;\n");
}

void completion_bash(const struct opts_spec *main, const struct opts_subcommand *commands,
                     struct strbuf *sb)
{
    strbuf_puts(sb, "# bash completion for raftcost " RAFTCOST_VERSION
                    ", written from its command line tables.\n"
                    "# Installed as share/bash-completion/completions/raftcost; without\n"
                    "# installing: source this file (then `complete -F _raftcost PROGRAM` for\n"
                    "# a raftcost called by another name, such as build/raftcost).\n"
                    "\n");
    strbuf_puts(sb, bash_helpers);
    strbuf_puts(sb, bash_start);
    strbuf_puts(sb, "    # The command: the first word, when it names one.\n"
                    "    if [ \"$COMP_CWORD\" -gt 1 ]; then\n"
                    "        case ${COMP_WORDS[1]} in\n"
                    "        ");
    command_names(commands, " | ", sb);
    strbuf_puts(sb, ") cmd=${COMP_WORDS[1]} ;;\n"
                    "        esac\n"
                    "    fi\n"
                    "    case $cmd in\n"
                    "    '')\n");
    bash_command(main, commands, 1, sb);
    for (const struct opts_subcommand *c = commands; c->name; c++) {
        if (!plain_word(c->name))
            continue;
        strbuf_printf(sb, "    %s)\n", c->name);
        bash_command(c->spec, commands, 0, sb);
    }
    strbuf_puts(sb, "    esac\n"
                    "    return 0\n"
                    "}\n"
                    "\n"
                    "complete -F _raftcost raftcost\n");
}

/* ---- zsh ------------------------------------------------------------------ */

/* Text inside '...' of a zsh spec: ' as '\'', and \ [ ] : escaped for _arguments. */
static void zsh_quoted(struct strbuf *sb, const char *s, size_t n, int colon)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\'')
            strbuf_puts(sb, "'\\''");
        else if (c == '\\' || c == '[' || c == ']' || (colon && c == ':'))
            strbuf_printf(sb, "\\%c", c);
        else if (c == '\n')
            strbuf_puts(sb, " ");
        else
            strbuf_add(sb, &c, 1);
    }
}

/* The action of a value: (a b c), _files, _raftcost_params, ... */
static void zsh_action(const struct opt *o, struct strbuf *sb)
{
    char pattern[32];
    switch (completion_kind_of(o, pattern, sizeof pattern)) {
    case COMPLETE_CHOICE:
        strbuf_puts(sb, "(");
        for (const struct opts_choice *ch = o->choices; ch->name; ch++)
            if (plain_word(ch->name))
                strbuf_printf(sb, "%s%s", ch == o->choices ? "" : " ", ch->name);
        strbuf_puts(sb, ")");
        break;
    case COMPLETE_FILE:
        if (strcmp(pattern, "*.y*ml") == 0)
            strbuf_puts(sb, "_files -g \"*.(yaml|yml)\"");
        else if (*pattern)
            strbuf_printf(sb, "_files -g \"%s\"", pattern);
        else
            strbuf_puts(sb, "_files");
        break;
    case COMPLETE_DIR:
        strbuf_puts(sb, "_files -/");
        break;
    case COMPLETE_PARAM:
        strbuf_puts(sb, "_raftcost_params");
        break;
    case COMPLETE_COMMAND:
        strbuf_puts(sb, "_raftcost_commands");
        break;
    case COMPLETE_NOTHING:
        strbuf_puts(sb, " ");
        break;
    }
}

/* A help text, its lines joined, for the description in brackets. */
static void zsh_description(struct strbuf *sb, const char *help)
{
    help = help ? help : "";
    strbuf_puts(sb, "[");
    zsh_quoted(sb, help, strlen(help), 0);
    strbuf_puts(sb, "]");
}

static void zsh_option(const struct opt *o, struct strbuf *sb)
{
    if (o->long_name && !plain_word(o->long_name))
        return;
    int value = takes_value(o);
    const char *attach_short = value ? "+" : "", *attach_long = value ? "=" : "";
    strbuf_puts(sb, "    ");
    if (o->kind == OPT_KIND_HELP || o->kind == OPT_KIND_VERSION)
        strbuf_puts(sb, "'(- *)'");
    else if (repeatable(o))
        strbuf_puts(sb, "'*'");
    else if (o->short_name && o->long_name)
        strbuf_printf(sb, "'(-%c --%s)'", o->short_name, o->long_name);
    if (o->short_name && o->long_name)
        strbuf_printf(sb, "{-%c%s,--%s%s}'", o->short_name, attach_short, o->long_name,
                      attach_long);
    else if (o->short_name)
        strbuf_printf(sb, "'-%c%s", o->short_name, attach_short);
    else
        strbuf_printf(sb, "'--%s%s", o->long_name, attach_long);
    zsh_description(sb, o->help);
    if (value) {
        const char *message = o->argh ? o->argh : o->long_name ? o->long_name : "value";
        strbuf_puts(sb, ":");
        zsh_quoted(sb, message, strlen(message), 1);
        strbuf_puts(sb, ":");
        zsh_action(o, sb);
    }
    strbuf_puts(sb, "' \\\n");
}

/* One command's function: _arguments with every row of its table. */
static void zsh_command(const char *function, const struct opts_spec *spec, int is_main,
                        struct strbuf *sb)
{
    strbuf_printf(sb, "%s() {\n", function);
    if (is_main)
        strbuf_puts(sb, "  local state line\n");
    strbuf_puts(sb, "  _arguments -S : \\\n");
    int position = 1;
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++) {
        if (!is_positional(o)) {
            zsh_option(o, sb);
            continue;
        }
        const char *name = o->argh ? o->argh : "argument";
        if (is_main && position == 1 && o->kind == OPT_KIND_ARG) {
            /* raftcost's first argument: a command or a scenario (the state below). */
            strbuf_puts(sb, "    '1: :->first' \\\n");
            position++;
            continue;
        }
        if (o->kind == OPT_KIND_ARGS)
            strbuf_puts(sb, "    '*:");
        else
            strbuf_printf(sb, "    '%d:%s", position++, (o->flags & OPTS_OPTIONAL) ? ":" : "");
        zsh_quoted(sb, name, strlen(name), 1);
        strbuf_puts(sb, ":");
        zsh_action(o, sb);
        strbuf_puts(sb, "' \\\n");
    }
    strbuf_puts(sb, "    && return 0\n");
    if (is_main)
        strbuf_puts(sb, "  if [[ $state == first ]]; then\n"
                        "    _alternative 'commands:command:_raftcost_commands' \\\n"
                        "      'files:scenario:_files -g \"*.(yaml|yml)\"'\n"
                        "  fi\n");
    strbuf_puts(sb, "}\n\n");
}

static const char zsh_params[] =
    "# The parameter paths of the scenario on the line (the first word naming a\n"
    "# YAML file), from `raftcost --list-params`, each followed by '='.\n"
    "_raftcost_params() {\n"
    "  local scenario w\n"
    "  local -a lines params\n"
    "  if compset -P '*='; then\n"
    "    _message -e values 'value'\n"
    "    return\n"
    "  fi\n"
    "  for w in ${_raftcost_words[@]}; do\n"
    "    case $w in\n"
    "      (*.yaml|*.yml) scenario=$w; break ;;\n"
    "    esac\n"
    "  done\n"
    "  scenario=${scenario/#\\~/$HOME}\n"
    "  if [[ -z $scenario || ! -r $scenario ]]; then\n"
    "    _message 'parameter path (name the scenario first)'\n"
    "    return 1\n"
    "  fi\n"
    "  lines=(${(f)\"$(_call_program parameters ${(q)_raftcost_prog} --list-params "
    "${(q)scenario} 2>/dev/null)\"})\n"
    "  params=(${lines/$'\\t'/:})\n"
    "  _describe -t parameters 'parameter' params -S '='\n"
    "}\n"
    "\n";

void completion_zsh(const struct opts_spec *main, const struct opts_subcommand *commands,
                    struct strbuf *sb)
{
    strbuf_puts(sb, "#compdef raftcost\n"
                    "# zsh completion for raftcost " RAFTCOST_VERSION
                    ", written from its command line tables.\n"
                    "# Installed as share/zsh/site-functions/_raftcost: a folder on $fpath.\n"
                    "\n");
    strbuf_puts(sb, zsh_params);
    strbuf_puts(sb, "_raftcost_commands() {\n"
                    "  local -a commands\n"
                    "  commands=(\n");
    for (const struct opts_subcommand *c = commands; c->name; c++) {
        if (!plain_word(c->name))
            continue;
        strbuf_printf(sb, "    '%s:", c->name);
        zsh_quoted(sb, c->summary, strlen(c->summary), 0);
        strbuf_puts(sb, "'\n");
    }
    strbuf_puts(sb, "  )\n"
                    "  _describe -t commands 'command' commands\n"
                    "}\n"
                    "\n");
    zsh_command("_raftcost_main", main, 1, sb);
    for (const struct opts_subcommand *c = commands; c->name; c++) {
        if (!plain_word(c->name))
            continue;
        char *function = xasprintf("_raftcost_cmd_%s", c->name);
        zsh_command(function, c->spec, 0, sb);
        free(function);
    }
    strbuf_puts(sb, "local _raftcost_prog=$words[1]\n"
                    "local -a _raftcost_words\n"
                    "_raftcost_words=(\"${(@)words[2,-1]}\")\n"
                    "if (( CURRENT > 2 )); then\n"
                    "  case $words[2] in\n"
                    "    (");
    command_names(commands, "|", sb);
    strbuf_puts(sb, ")\n"
                    "      local cmd=$words[2]\n"
                    "      words=(\"${(@)words[2,-1]}\")\n"
                    "      (( CURRENT-- ))\n"
                    "      _raftcost_cmd_$cmd\n"
                    "      return\n"
                    "      ;;\n"
                    "  esac\n"
                    "fi\n"
                    "_raftcost_main\n");
}
