/*
 * opts: a command's command line as one table (the idea of git's
 * parse-options.h).  The same table parses argv and writes the option list
 * of the help, so an option cannot be accepted without being listed.
 *
 * Ownership: specs and tables are static const data.  opts_parse copies the
 * spec's defaults into the caller's struct and fills it; the values are
 * pointers into argv, except the arrays of list rows, which opts_parse
 * allocates and the caller frees (opts_release, or free() of each array).
 * This module prints nothing: errors come back in a struct diag.
 *
 * A command declares, at the top of its file:
 *
 *   struct fit_args { const char *csv; int format; const char *output; };
 *   static const struct fit_args fit_defaults = {.format = FORMAT_TEXT};
 *   static const struct opt fit_options[] = {
 *       OPT_CHOICE('f', "format", &fit_defaults.format, fit_formats, "FMT",
 *                  "text (default) or json"),
 *       OPT_STRING('o', "output", &fit_defaults.output, "FILE", "write the report to FILE"),
 *       OPT_HELP("show this help"),
 *       OPT_ARG(&fit_defaults.csv, "FILE.csv", .missing = "'fit' needs a CSV file"),
 *       OPT_END(),
 *   };
 *
 * Each row points at a field of the defaults object; opts_parse writes the
 * value to the same field of the caller's struct (same offset).  The macros
 * check the field's type at compile time.
 *
 * Command lines: "--name VALUE", "--name=VALUE", "-x VALUE", "-xVALUE"; a
 * value is taken as it is, even when it starts with '-'; "--" ends the
 * options; "-" alone is an argument.  Long names match exactly (no
 * abbreviations); short options do not bundle.
 *
 * Messages are templates: {opt} the option as typed (without "=VALUE"; the
 * whole argument for an unknown option), {arg} the value or argument, {first}
 * the argument a positional row already took, {choices} a choice row's names
 * ("text, json or md"), {suggest} "; did you mean '--model'?" or nothing.
 */
#ifndef RAFTCOST_OPTS_H
#define RAFTCOST_OPTS_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

enum opt_kind {
    OPT_KIND_END,
    OPT_KIND_FLAG,     /* no value: sets an int to 1 */
    OPT_KIND_STRING,   /* a value: sets a const char * */
    OPT_KIND_LIST,     /* repeatable: appends to a const char ** array and its size_t count */
    OPT_KIND_CHOICE,   /* one of a list of names: sets an int to the name's value */
    OPT_KIND_UINT,     /* a whole number (decimal, no sign): sets an unsigned long */
    OPT_KIND_CALLBACK, /* a value handed to a function */
    OPT_KIND_HELP,     /* -h, --help: opts_parse returns OPTS_SHOW_HELP */
    OPT_KIND_VERSION,  /* --version: opts_parse returns OPTS_SHOW_VERSION */
    OPT_KIND_ARG,      /* a positional argument: sets a const char * */
    OPT_KIND_ARGS,     /* every further positional argument: a list */
};

/* Row flags. */
enum {
    OPTS_NONEMPTY = 1 << 0, /* an empty value is an error (the row's invalid message) */
    OPTS_OPTIONAL = 1 << 1, /* a positional row that may be left out */
};

/* A name a choice row accepts and the int it stores.  A table ends with {NULL, 0}. */
struct opts_choice {
    const char *name;
    int value;
};

/*
 * Called with the caller's whole struct, the value and the option as typed
 * ("--budget", valid during the call only); returns 0, or -1 with an error
 * in d.  What it allocates in args, the command frees.
 */
typedef int opts_callback(void *args, const char *value, const char *option, struct diag *d);

struct opt {
    enum opt_kind kind;
    char short_name;       /* 'f', or 0 */
    const char *long_name; /* "format" (no dashes), or NULL */
    const void *value;     /* the field in the spec's defaults this row sets */
    const void *count;     /* list rows: the size_t count field */
    const char *argh;      /* the value's name in the help ("FILE"); NULL: none, or for a
                              choice row its names ("text|json") */
    const char *help;      /* the help text; '\n' starts a new line */
    const struct opts_choice *choices;
    opts_callback *callback;
    unsigned flags;
    const char *missing; /* no value / positional missing; NULL: the spec's */
    const char *invalid; /* not a choice or a whole number, empty with OPTS_NONEMPTY, a
                            positional too many */
};

/* The field's address, checked to be a `type` field of a const defaults object. */
#define OPTS_FIELD(type, field) _Generic((field), type const * : (field))

/* Each macro ends with the help text, then optional designated fields (.missing = ...). */
#define OPT_FLAG(s, l, field, ...)                                                                 \
    {                                                                                              \
        .kind = OPT_KIND_FLAG, .short_name = (s), .long_name = (l),                                \
        .value = OPTS_FIELD(int, field), .help = __VA_ARGS__                                       \
    }
#define OPT_STRING(s, l, field, a, ...)                                                            \
    {                                                                                              \
        .kind = OPT_KIND_STRING, .short_name = (s), .long_name = (l),                              \
        .value = OPTS_FIELD(const char *, field), .argh = (a), .help = __VA_ARGS__                 \
    }
#define OPT_LIST(s, l, items, n, a, ...)                                                           \
    {                                                                                              \
        .kind = OPT_KIND_LIST, .short_name = (s), .long_name = (l),                                \
        .value = OPTS_FIELD(const char **, items), .count = OPTS_FIELD(size_t, n), .argh = (a),    \
        .help = __VA_ARGS__                                                                        \
    }
#define OPT_CHOICE(s, l, field, names, a, ...)                                                     \
    {                                                                                              \
        .kind = OPT_KIND_CHOICE, .short_name = (s), .long_name = (l),                              \
        .value = OPTS_FIELD(int, field), .choices = (names), .argh = (a), .help = __VA_ARGS__      \
    }
#define OPT_UINT(s, l, field, a, ...)                                                              \
    {                                                                                              \
        .kind = OPT_KIND_UINT, .short_name = (s), .long_name = (l),                                \
        .value = OPTS_FIELD(unsigned long, field), .argh = (a), .help = __VA_ARGS__                \
    }
#define OPT_CALLBACK(s, l, fn, a, ...)                                                             \
    {                                                                                              \
        .kind = OPT_KIND_CALLBACK, .short_name = (s), .long_name = (l), .callback = (fn),          \
        .argh = (a), .help = __VA_ARGS__                                                           \
    }
#define OPT_HELP(...)                                                                              \
    {                                                                                              \
        .kind = OPT_KIND_HELP, .short_name = 'h', .long_name = "help", .help = __VA_ARGS__         \
    }
#define OPT_VERSION(...)                                                                           \
    {                                                                                              \
        .kind = OPT_KIND_VERSION, .long_name = "version", .help = __VA_ARGS__                      \
    }
/* Positional rows take designated fields only: OPT_ARG(&d.file, "FILE", .missing = "..."). */
#define OPT_ARG(field, a, ...)                                                                     \
    {                                                                                              \
        .kind = OPT_KIND_ARG, .value = OPTS_FIELD(const char *, field), .argh = (a), __VA_ARGS__   \
    }
#define OPT_ARGS(items, n, a, ...)                                                                 \
    {                                                                                              \
        .kind = OPT_KIND_ARGS, .value = OPTS_FIELD(const char **, items),                          \
        .count = OPTS_FIELD(size_t, n), .argh = (a), __VA_ARGS__                                   \
    }
#define OPT_END()                                                                                  \
    {                                                                                              \
        .kind = OPT_KIND_END                                                                       \
    }

struct opts_spec;

/* A row of the table of commands: `raftcost NAME ...` runs run(argc, argv) from NAME on. */
struct opts_subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const struct opts_spec *spec;
    const char *synopsis; /* after "raftcost NAME " in the main usage */
    const char *summary;  /* one line saying what it does */
};

/* Spec flags. */
enum {
    OPTS_HINT_USAGE = 1 << 0, /* errors end with the first usage line, not "(see ... --help)" */
};

/*
 * One command's command line.  Its help is usage, then "       raftcost
 * NAME SYNOPSIS" for each subcommand, description, the option list (the
 * option texts, then each help text from column help_column) and epilogue.
 */
struct opts_spec {
    const char *name; /* "fit"; NULL for raftcost itself */
    const struct opt *options;
    const void *defaults; /* the fields the rows point at, with their defaults */
    size_t size;          /* sizeof *defaults */
    const char *usage, *description, *epilogue;
    const struct opts_subcommand *subcommands; /* ends with {NULL}; NULL for none */
    int help_column;
    const char *missing;                /* a value is missing; NULL: "{opt} needs a value" */
    const char *unknown;                /* an unknown option; NULL: "unknown option '{opt}'" */
    void (*version)(struct strbuf *sb); /* what --version prints */
    unsigned flags;
};

enum opts_outcome { OPTS_RUN, OPTS_SHOW_HELP, OPTS_SHOW_VERSION, OPTS_ERROR };

/*
 * Copies spec->defaults into args (spec->size bytes), then reads argv[1..]:
 * OPTS_RUN when the command should run, OPTS_SHOW_HELP or
 * OPTS_SHOW_VERSION when asked for (the rest of argv is not read), or
 * OPTS_ERROR with the message in d.  Except on OPTS_RUN, the lists are
 * released again (opts_release).
 */
enum opts_outcome opts_parse(const struct opts_spec *spec, int argc, char **argv, void *args,
                             struct diag *d);

/* Frees the arrays of args's list rows and sets them to NULL and 0. */
void opts_release(const struct opts_spec *spec, void *args);

/* Appends the help text to sb. */
void opts_help(const struct opts_spec *spec, struct strbuf *sb);

/* Appends the names of a choice table as "a, b or c". */
void opts_choice_list(const struct opts_choice *choices, struct strbuf *sb);

/* The subcommand called name, or NULL. */
const struct opts_subcommand *opts_subcommand_find(const struct opts_subcommand *commands,
                                                   const char *name);

#endif
