/*
 * Unit tests of the command-line tables (opts.h): the parser on a table with
 * every kind of row, the help it writes, and, for every command of
 * raftcost, that the help lists every option of its table.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>

#include "commands.h"
#include "opts.h"
#include "test.h"

enum { FMT_TEXT = 10, FMT_JSON = 11, FMT_MD = 12 };

struct args {
    int check;
    const char *output;
    const char **sets;
    size_t nsets;
    int format;
    unsigned long seed;
    const char *file;
    char budget[64]; /* the last --budget value, from the callback */
};

static int take_budget(void *args, const char *value, const char *option, struct diag *d)
{
    struct args *a = args;
    if (strcmp(value, "bad") == 0) {
        diag_plain(d, "%s: a bad budget", option);
        return -1;
    }
    snprintf(a->budget, sizeof a->budget, "%s", value);
    return 0;
}

static const struct opts_choice formats[] = {
    {"text", FMT_TEXT}, {"json", FMT_JSON}, {"md", FMT_MD}, {NULL, 0}};

static const struct args defaults = {.format = FMT_TEXT};

static const struct opt table[] = {
    OPT_FLAG(0, "check", &defaults.check, "check only"),
    OPT_STRING('o', "output", &defaults.output, "FILE", "write to FILE\nor to -",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a file name"),
    OPT_LIST(0, "set", &defaults.sets, &defaults.nsets, "P=V", "change P; repeatable"),
    OPT_CHOICE('f', "format", &defaults.format, formats, NULL, "the format",
               .invalid = "unknown format '{arg}' (use {choices})"),
    OPT_CALLBACK(0, "budget", take_budget, "K=A", "a budget"),
    OPT_UINT('j', "seed", &defaults.seed, "N", "the seed"),
    OPT_HELP("show this help"),
    OPT_VERSION("show the version"),
    OPT_ARG(&defaults.file, "FILE.yaml", .missing = "no file given",
            .invalid = "two files: '{first}' and '{arg}'"),
    OPT_END(),
};

static const struct opts_spec spec = {
    .name = "demo",
    .options = table,
    .defaults = &defaults,
    .size = sizeof defaults,
    .usage = "usage: raftcost demo FILE.yaml\n",
    .description = "\nDoes nothing.\n\n",
    .epilogue = "\nThe end.\n",
    .help_column = 20,
    .unknown = "unknown option '{opt}' for 'demo'{suggest}",
};

/* Parses the NULL-terminated words after "demo"; returns the outcome, the message in *msg. */
static enum opts_outcome parse(struct args *a, char **msg, ...)
{
    char *argv[32] = {"demo"};
    int argc = 1;
    va_list ap;
    va_start(ap, msg);
    for (char *w; (w = va_arg(ap, char *)) != NULL && argc < 31;)
        argv[argc++] = w;
    va_end(ap);
    struct diag d = DIAG_INIT;
    enum opts_outcome outcome = opts_parse(&spec, argc, argv, a, &d);
    *msg = d.message ? xstrdup(d.message) : NULL;
    diag_release(&d);
    return outcome;
}

/* The outcome must be an error with the message want. */
#define CHECK_ERROR(want, ...)                                                                     \
    do {                                                                                           \
        struct args a_;                                                                            \
        char *m_;                                                                                  \
        CHECK(parse(&a_, &m_, __VA_ARGS__, (char *)NULL) == OPTS_ERROR);                           \
        CHECK_STR(m_, want);                                                                       \
        CHECK(a_.sets == NULL && a_.nsets == 0); /* released on error */                           \
        free(m_);                                                                                  \
    } while (0)

static void test_forms(void)
{
    struct args a;
    char *msg;
    /* Defaults only, and the positional argument. */
    CHECK(parse(&a, &msg, "x.yaml", (char *)NULL) == OPTS_RUN);
    CHECK(msg == NULL);
    CHECK_STR(a.file, "x.yaml");
    CHECK(a.format == FMT_TEXT && a.check == 0 && a.output == NULL && a.nsets == 0);
    opts_release(&spec, &a);

    /* Long with '=' and with the next word, short attached and apart; options after the file. */
    CHECK(parse(&a, &msg, "--output=r.txt", "x.yaml", "-fjson", "--check", (char *)NULL) ==
          OPTS_RUN);
    CHECK_STR(a.output, "r.txt");
    CHECK(a.format == FMT_JSON && a.check == 1);
    opts_release(&spec, &a);
    CHECK(parse(&a, &msg, "--output", "r.txt", "-f", "md", "x.yaml", (char *)NULL) == OPTS_RUN);
    CHECK_STR(a.output, "r.txt");
    CHECK(a.format == FMT_MD);
    opts_release(&spec, &a);
    CHECK(parse(&a, &msg, "-or.txt", "--format=text", "x.yaml", (char *)NULL) == OPTS_RUN);
    CHECK_STR(a.output, "r.txt");
    CHECK(a.format == FMT_TEXT);
    opts_release(&spec, &a);

    /* A value is taken as it is, even "-" or "-x"; the last of a repeated single option wins. */
    CHECK(parse(&a, &msg, "-o", "-", "-o", "-x", "x.yaml", (char *)NULL) == OPTS_RUN);
    CHECK_STR(a.output, "-x");
    opts_release(&spec, &a);

    /* A list keeps every value in order: 3 --set, 3 items. */
    CHECK(parse(&a, &msg, "--set", "a=1", "x.yaml", "--set=b=2", "--set", "a=3", (char *)NULL) ==
          OPTS_RUN);
    CHECK(a.nsets == 3);
    if (a.nsets == 3) {
        CHECK_STR(a.sets[0], "a=1");
        CHECK_STR(a.sets[1], "b=2");
        CHECK_STR(a.sets[2], "a=3");
    }
    opts_release(&spec, &a);
    CHECK(a.sets == NULL && a.nsets == 0);

    /* The callback gets the value. */
    CHECK(parse(&a, &msg, "--budget", "one_off=5", "x.yaml", (char *)NULL) == OPTS_RUN);
    CHECK_STR(a.budget, "one_off=5");
    opts_release(&spec, &a);

    /* Whole numbers, up to the largest unsigned long. */
    CHECK(parse(&a, &msg, "--seed=42", "x.yaml", (char *)NULL) == OPTS_RUN);
    CHECK(a.seed == 42);
    opts_release(&spec, &a);
    char *max = xasprintf("%lu", ULONG_MAX);
    CHECK(parse(&a, &msg, "-j", max, "x.yaml", (char *)NULL) == OPTS_RUN);
    CHECK(a.seed == ULONG_MAX);
    opts_release(&spec, &a);
    free(max);

    /* "-" is an argument; after "--" everything is. */
    CHECK(parse(&a, &msg, "-", (char *)NULL) == OPTS_RUN);
    CHECK_STR(a.file, "-");
    opts_release(&spec, &a);
    CHECK(parse(&a, &msg, "--check", "--", "--output", (char *)NULL) == OPTS_RUN);
    CHECK_STR(a.file, "--output");
    CHECK(a.check == 1 && a.output == NULL);
    opts_release(&spec, &a);

    /* Help and version stop the parse: the unknown option after -h is not read. */
    CHECK(parse(&a, &msg, "-h", "--frobnicate", (char *)NULL) == OPTS_SHOW_HELP);
    CHECK(msg == NULL);
    CHECK(parse(&a, &msg, "--set", "a=1", "--help", (char *)NULL) == OPTS_SHOW_HELP);
    CHECK(a.sets == NULL); /* released: the command does not run */
    CHECK(parse(&a, &msg, "--version", (char *)NULL) == OPTS_SHOW_VERSION);
}

static void test_errors(void)
{
    /* Missing values: the row's message, else the spec's default "{opt} needs a value". */
    CHECK_ERROR("-o needs a file name", "x.yaml", "-o");
    CHECK_ERROR("--output needs a file name", "x.yaml", "--output");
    CHECK_ERROR("--set needs a value", "--set", "a=1", "x.yaml", "--set");
    CHECK_ERROR("-f needs a value", "x.yaml", "-f");
    /* An empty value with OPTS_NONEMPTY: "--output=" is typed as "--output". */
    CHECK_ERROR("--output needs a file name", "--output=", "x.yaml");
    CHECK_ERROR("-o needs a file name", "-o", "", "x.yaml");
    /* Choices: the list comes from the table, in its order. */
    CHECK_ERROR("unknown format 'xml' (use text, json or md)", "-f", "xml", "x.yaml");
    CHECK_ERROR("unknown format 'TEXT' (use text, json or md)", "--format=TEXT", "x.yaml");
    /* Whole numbers: no sign, no blank, no fraction, no overflow, no unit. */
    CHECK_ERROR("--seed needs a whole number, got '-1'", "--seed", "-1", "x.yaml");
    CHECK_ERROR("-j needs a whole number, got '+1'", "-j+1", "x.yaml");
    CHECK_ERROR("--seed needs a whole number, got ' 1'", "--seed= 1", "x.yaml");
    CHECK_ERROR("--seed needs a whole number, got '1.5'", "--seed=1.5", "x.yaml");
    CHECK_ERROR("--seed needs a whole number, got '10k'", "--seed=10k", "x.yaml");
    CHECK_ERROR("--seed needs a whole number, got ''", "--seed=", "x.yaml");
    CHECK_ERROR("--seed needs a whole number, got '99999999999999999999999'",
                "--seed=99999999999999999999999", "x.yaml");
    /* Unknown options, with a suggestion within two edits of a long name. */
    CHECK_ERROR("unknown option '--frobnicate' for 'demo'", "--frobnicate", "x.yaml");
    CHECK_ERROR("unknown option '--outptu' for 'demo'; did you mean '--output'?", "--outptu");
    CHECK_ERROR("unknown option '--chek=1' for 'demo'; did you mean '--check'?", "--chek=1");
    CHECK_ERROR("unknown option '-x' for 'demo'", "-x");
    /* No abbreviations, no bundling, no value for a flag. */
    /* "--out" is 3 edits from "--output" but 2 from "--set" (o->s, u->e, t kept). */
    CHECK_ERROR("unknown option '--out=r.txt' for 'demo'; did you mean '--set'?", "--out=r.txt");
    CHECK_ERROR("unknown option '-hx' for 'demo'", "-hx");
    CHECK_ERROR("unknown option '--check=1' for 'demo'; did you mean '--check'?", "--check=1");
    /* Positional arguments: one too many names both; none at all. */
    CHECK_ERROR("two files: 'a.yaml' and 'b.yaml'", "a.yaml", "--set", "k=v", "b.yaml");
    CHECK_ERROR("no file given", "--set", "k=v", "--check");
    /* A callback's error, with the option as typed. */
    CHECK_ERROR("--budget: a bad budget", "--set", "k=v", "--budget=bad", "x.yaml");
    /* The first error wins: the unknown option comes before the missing value. */
    CHECK_ERROR("unknown option '--nope' for 'demo'", "--nope", "-o");
}

/* Every command line with a list of positional arguments: extra words go to it. */
struct many {
    const char **files;
    size_t nfiles;
};
static const struct many many_defaults = {0};
static const struct opt many_table[] = {
    OPT_HELP("show this help"),
    OPT_ARGS(&many_defaults.files, &many_defaults.nfiles, "FILE", .missing = "no {arg}"),
    OPT_END(),
};
static const struct opts_spec many_spec = {
    .name = "many", .options = many_table, .defaults = &many_defaults, .size = sizeof(struct many)};

static void test_list_of_arguments(void)
{
    char *argv[] = {"many", "a", "-", "--", "-h", NULL};
    struct many m;
    struct diag d = DIAG_INIT;
    CHECK(opts_parse(&many_spec, 5, argv, &m, &d) == OPTS_RUN);
    CHECK(m.nfiles == 3); /* a, -, -h: "--" ends the options */
    if (m.nfiles == 3) {
        CHECK_STR(m.files[0], "a");
        CHECK_STR(m.files[1], "-");
        CHECK_STR(m.files[2], "-h");
    }
    opts_release(&many_spec, &m);
    CHECK(opts_parse(&many_spec, 1, argv, &m, &d) == OPTS_ERROR);
    CHECK_STR(d.message, "no FILE"); /* {arg} of a missing positional is its name */
    diag_release(&d);
}

static void test_help(void)
{
    struct strbuf sb = STRBUF_INIT;
    opts_help(&spec, &sb);
    /*
     * Column 20: "      --check" is 13 wide, padded to 20; "  -o, --output FILE" is 19, and
     * 19 + 2 > 20 puts its help on the next line; a choice row without argh shows its names.
     */
    CHECK_STR(sb.buf, "usage: raftcost demo FILE.yaml\n"
                      "\n"
                      "Does nothing.\n"
                      "\n"
                      "      --check       check only\n"
                      "  -o, --output FILE\n"
                      "                    write to FILE\n"
                      "                    or to -\n"
                      "      --set P=V     change P; repeatable\n"
                      "  -f, --format text|json|md\n"
                      "                    the format\n"
                      "      --budget K=A  a budget\n"
                      "  -j, --seed N      the seed\n"
                      "  -h, --help        show this help\n"
                      "      --version     show the version\n"
                      "\n"
                      "The end.\n");
    strbuf_release(&sb);

    struct strbuf list = STRBUF_INIT;
    opts_choice_list(formats, &list);
    CHECK_STR(list.buf, "text, json or md");
    strbuf_release(&list);
}

/* A row's option text at the start of a line of the help, and its first help line after it. */
static int lists(const char *help, const struct opt *o)
{
    char *text = o->short_name ? xasprintf("\n  -%c, --%s", o->short_name, o->long_name)
                               : xasprintf("\n      --%s", o->long_name);
    const char *at = strstr(help, text);
    int found = 0;
    if (at) {
        at += strlen(text);
        size_t n = o->help ? strcspn(o->help, "\n") : 0;
        char *first = xstrndup(o->help ? o->help : "", n);
        found = (*at == ' ' || *at == '\n') && n > 0 && strstr(at, first) != NULL;
        free(first);
    }
    free(text);
    return found;
}

static void check_command(const struct opts_spec *s, const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    opts_help(s, &sb);
    int has_help = 0;
    for (const struct opt *o = s->options; o->kind != OPT_KIND_END; o++) {
        if (o->kind == OPT_KIND_ARG || o->kind == OPT_KIND_ARGS)
            continue;
        has_help |= o->kind == OPT_KIND_HELP;
        /* Every option has a long name and a help text, and the help lists it. */
        if (!o->long_name || !lists(sb.buf, o)) {
            test_failed++;
            fprintf(stderr, "%s: the help of '%s' does not list --%s\n", __FILE__, name,
                    o->long_name ? o->long_name : "(no long name)");
        } else {
            test_passed++;
        }
    }
    CHECK(has_help);
    /* The help starts with its usage line. */
    CHECK(strncmp(sb.buf, "usage: raftcost ", 16) == 0);
    strbuf_release(&sb);
}

static void test_every_command(void)
{
    check_command(&cmd_report_spec, "raftcost");
    size_t n = 0;
    for (const struct opts_subcommand *c = commands; c->name; c++, n++) {
        CHECK(c->run != NULL && c->spec != NULL && c->synopsis && c->summary);
        CHECK_STR(c->spec->name, c->name);
        check_command(c->spec, c->name);
        /* The main usage shows each command's synopsis. */
        struct strbuf sb = STRBUF_INIT;
        opts_help(&cmd_report_spec, &sb);
        char *line = xasprintf("\n       raftcost %s %s\n", c->name, c->synopsis);
        CHECK(strstr(sb.buf, line) != NULL);
        free(line);
        strbuf_release(&sb);
        CHECK(opts_subcommand_find(commands, c->name) == c);
    }
    CHECK(n >= 4); /* compare, sweep, fit, help, and the commands added since */
    CHECK(opts_subcommand_find(commands, "scenarios/a.yaml") == NULL);
    CHECK(opts_subcommand_find(commands, NULL) == NULL);
}

int main(void)
{
    test_forms();
    test_errors();
    test_list_of_arguments();
    test_help();
    test_every_command();
    TEST_END("opts");
}
