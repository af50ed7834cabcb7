/*
 * opts: see opts.h.
 */
#include "opts.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The place in args of the field a row points at in the spec's defaults. */
static void *field_in(const struct opts_spec *spec, void *args, const void *field)
{
    const char *base = spec->defaults, *at = field;
    assert(at >= base && at < base + spec->size);
    return (char *)args + (at - base);
}

static int takes_value(const struct opt *o)
{
    return o->kind == OPT_KIND_STRING || o->kind == OPT_KIND_LIST || o->kind == OPT_KIND_CHOICE ||
           o->kind == OPT_KIND_UINT || o->kind == OPT_KIND_CALLBACK;
}

static int is_positional(const struct opt *o)
{
    return o->kind == OPT_KIND_ARG || o->kind == OPT_KIND_ARGS;
}

void opts_choice_list(const struct opts_choice *choices, struct strbuf *sb)
{
    size_t n = 0;
    while (choices[n].name)
        n++;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            strbuf_puts(sb, i + 1 == n ? " or " : ", ");
        strbuf_puts(sb, choices[i].name);
    }
}

/* "; did you mean '--model'?" for a long option within two edits of a row's, else nothing. */
static void suggest(const struct opts_spec *spec, const char *arg, struct strbuf *sb)
{
    if (strncmp(arg, "--", 2) != 0)
        return;
    char *name = xstrndup(arg, strcspn(arg, "="));
    const char *best = NULL;
    size_t best_distance = 3;
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++) {
        if (!o->long_name)
            continue;
        char *candidate = xasprintf("--%s", o->long_name);
        size_t distance = edit_distance(name, candidate);
        if (distance < best_distance) {
            best = o->long_name;
            best_distance = distance;
        }
        free(candidate);
    }
    if (best)
        strbuf_printf(sb, "; did you mean '--%s'?", best);
    free(name);
}

/* What the placeholders of a message stand for. */
struct context {
    const struct opts_spec *spec;
    const struct opt *row; /* NULL for an unknown option */
    const char *opt, *arg, *first;
};

static void fail(struct diag *d, const char *template, const struct context *c)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = template; *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        size_t n = end ? (size_t)(end - p - 1) : 0;
        if (end && n == 3 && strncmp(p + 1, "opt", 3) == 0)
            strbuf_puts(&sb, c->opt ? c->opt : "");
        else if (end && n == 3 && strncmp(p + 1, "arg", 3) == 0)
            strbuf_puts(&sb, c->arg ? c->arg : "");
        else if (end && n == 5 && strncmp(p + 1, "first", 5) == 0)
            strbuf_puts(&sb, c->first ? c->first : "");
        else if (end && n == 7 && strncmp(p + 1, "choices", 7) == 0 && c->row && c->row->choices)
            opts_choice_list(c->row->choices, &sb);
        else if (end && n == 7 && strncmp(p + 1, "suggest", 7) == 0)
            suggest(c->spec, c->opt ? c->opt : "", &sb);
        else {
            strbuf_add(&sb, p, 1);
            continue;
        }
        p = end;
    }
    diag_plain(d, "%s", sb.buf ? sb.buf : "");
    strbuf_release(&sb);
}

/* The message for a value that is not there. */
static const char *missing_template(const struct opts_spec *spec, const struct opt *o)
{
    if (o->missing)
        return o->missing;
    return spec->missing ? spec->missing : "{opt} needs a value";
}

static void list_add(const struct opts_spec *spec, void *args, const struct opt *o,
                     const char *value)
{
    const char ***items = field_in(spec, args, o->value);
    size_t *n = field_in(spec, args, o->count);
    *items = xrealloc(*items, (*n + 1) * sizeof **items);
    (*items)[(*n)++] = value;
}

/* Stores the value of row o, given as the option `typed`.  Returns 0, or -1 with d filled. */
static int set_value(const struct opts_spec *spec, void *args, const struct opt *o,
                     const char *typed, const char *value, struct diag *d)
{
    struct context c = {spec, o, typed, value, NULL};
    if ((o->flags & OPTS_NONEMPTY) && !*value) {
        fail(d, o->invalid ? o->invalid : missing_template(spec, o), &c);
        return -1;
    }
    switch (o->kind) {
    case OPT_KIND_STRING:
        *(const char **)field_in(spec, args, o->value) = value;
        return 0;
    case OPT_KIND_LIST:
        list_add(spec, args, o, value);
        return 0;
    case OPT_KIND_CHOICE:
        for (const struct opts_choice *ch = o->choices; ch->name; ch++)
            if (strcmp(ch->name, value) == 0) {
                *(int *)field_in(spec, args, o->value) = ch->value;
                return 0;
            }
        fail(d, o->invalid ? o->invalid : "{opt}: unknown value '{arg}' (use {choices})", &c);
        return -1;
    case OPT_KIND_UINT: {
        /* strtoul takes blanks, a sign and "-1" as ULONG_MAX: only digits here. */
        unsigned long n = 0;
        int ok = value[0] >= '0' && value[0] <= '9';
        if (ok) {
            char *end;
            errno = 0;
            n = strtoul(value, &end, 10);
            ok = *end == '\0' && errno != ERANGE;
        }
        if (!ok) {
            fail(d, o->invalid ? o->invalid : "{opt} needs a whole number, got '{arg}'", &c);
            return -1;
        }
        *(unsigned long *)field_in(spec, args, o->value) = n;
        return 0;
    }
    case OPT_KIND_CALLBACK:
        return o->callback(args, value, typed, d) == 0 ? 0 : -1;
    default:
        assert(0);
        return -1;
    }
}

/* The row of a long option ("name" of length n), or NULL. */
static const struct opt *find_long(const struct opts_spec *spec, const char *name, size_t n)
{
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++)
        if (o->long_name && strlen(o->long_name) == n && strncmp(o->long_name, name, n) == 0)
            return o;
    return NULL;
}

static const struct opt *find_short(const struct opts_spec *spec, char name)
{
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++)
        if (o->short_name && o->short_name == name)
            return o;
    return NULL;
}

/* The next positional row from o on (o included), or NULL. */
static const struct opt *next_positional(const struct opt *o)
{
    for (; o->kind != OPT_KIND_END; o++)
        if (is_positional(o))
            return o;
    return NULL;
}

static int positional(const struct opts_spec *spec, void *args, const struct opt **at,
                      const struct opt **last, const char *arg, struct diag *d)
{
    const struct opt *o = *at;
    if (!o) {
        const char *first = *last ? *(const char **)field_in(spec, args, (*last)->value) : NULL;
        struct context c = {spec, *last, NULL, arg, first};
        fail(d, *last && (*last)->invalid ? (*last)->invalid : "unexpected argument '{arg}'", &c);
        return -1;
    }
    if (o->kind == OPT_KIND_ARGS) {
        list_add(spec, args, o, arg);
        return 0;
    }
    *(const char **)field_in(spec, args, o->value) = arg;
    *last = o;
    *at = next_positional(o + 1);
    return 0;
}

/* Positional rows not given: the first required one is an error. */
static int check_positionals(const struct opts_spec *spec, void *args, struct diag *d)
{
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++) {
        if (!is_positional(o) || (o->flags & OPTS_OPTIONAL))
            continue;
        int given = o->kind == OPT_KIND_ARG ? *(const char **)field_in(spec, args, o->value) != NULL
                                            : *(size_t *)field_in(spec, args, o->count) > 0;
        if (!given) {
            struct context c = {spec, o, NULL, o->argh, NULL};
            fail(d, o->missing ? o->missing : "missing {arg}", &c);
            return -1;
        }
    }
    return 0;
}

static enum opts_outcome parse(const struct opts_spec *spec, int argc, char **argv, void *args,
                               struct diag *d)
{
    const struct opt *at = next_positional(spec->options), *last = NULL;
    int only_arguments = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_arguments || a[0] != '-' || a[1] == '\0') {
            if (positional(spec, args, &at, &last, a, d) != 0)
                return OPTS_ERROR;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_arguments = 1;
            continue;
        }
        const struct opt *o;
        const char *value = NULL; /* attached: "--name=VALUE", "-xVALUE" */
        size_t typed_len;
        if (a[1] == '-') {
            size_t n = strcspn(a + 2, "=");
            o = find_long(spec, a + 2, n);
            typed_len = n + 2;
            if (a[typed_len] == '=')
                value = a + typed_len + 1;
        } else {
            o = find_short(spec, a[1]);
            typed_len = 2;
            if (a[2])
                value = a + 2;
        }
        /* A flag given a value ("--check=1", "-hx") is no option of ours. */
        if (!o || (!takes_value(o) && value)) {
            struct context c = {spec, NULL, a, NULL, NULL};
            fail(d, spec->unknown ? spec->unknown : "unknown option '{opt}'", &c);
            return OPTS_ERROR;
        }
        if (o->kind == OPT_KIND_HELP)
            return OPTS_SHOW_HELP;
        if (o->kind == OPT_KIND_VERSION)
            return OPTS_SHOW_VERSION;
        if (o->kind == OPT_KIND_FLAG) {
            *(int *)field_in(spec, args, o->value) = 1;
            continue;
        }
        char *typed = xstrndup(a, typed_len);
        int rc = 0;
        if (!value && i + 1 >= argc) {
            struct context c = {spec, o, typed, NULL, NULL};
            fail(d, missing_template(spec, o), &c);
            rc = -1;
        } else {
            rc = set_value(spec, args, o, typed, value ? value : argv[++i], d);
        }
        free(typed);
        if (rc != 0)
            return OPTS_ERROR;
    }
    return check_positionals(spec, args, d) == 0 ? OPTS_RUN : OPTS_ERROR;
}

enum opts_outcome opts_parse(const struct opts_spec *spec, int argc, char **argv, void *args,
                             struct diag *d)
{
    memcpy(args, spec->defaults, spec->size);
    enum opts_outcome outcome = parse(spec, argc, argv, args, d);
    if (outcome != OPTS_RUN)
        opts_release(spec, args);
    return outcome;
}

void opts_release(const struct opts_spec *spec, void *args)
{
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++) {
        if (o->kind != OPT_KIND_LIST && o->kind != OPT_KIND_ARGS)
            continue;
        const char ***items = field_in(spec, args, o->value);
        free(*items);
        *items = NULL;
        *(size_t *)field_in(spec, args, o->count) = 0;
    }
}

/* "  -f, --format FMT" padded to the help column, or on a line of its own when too wide. */
static void help_row(const struct opts_spec *spec, const struct opt *o, struct strbuf *sb)
{
    size_t start = sb->len;
    int column = spec->help_column > 0 ? spec->help_column : 26;
    if (o->short_name)
        strbuf_printf(sb, "  -%c%s", o->short_name, o->long_name ? ", " : "");
    else
        strbuf_puts(sb, "      ");
    if (o->long_name)
        strbuf_printf(sb, "--%s", o->long_name);
    if (o->argh) {
        strbuf_printf(sb, " %s", o->argh);
    } else if (o->kind == OPT_KIND_CHOICE) {
        for (const struct opts_choice *ch = o->choices; ch->name; ch++)
            strbuf_printf(sb, "%c%s", ch == o->choices ? ' ' : '|', ch->name);
    }
    size_t width = sb->len - start;
    if (width + 2 > (size_t)column) {
        strbuf_puts(sb, "\n");
        width = 0;
    }
    const char *help = o->help ? o->help : "";
    if (!*help) {
        strbuf_puts(sb, "\n");
        return;
    }
    for (;;) {
        size_t n = strcspn(help, "\n");
        strbuf_printf(sb, "%*s%.*s\n", (int)((size_t)column - width), "", (int)n, help);
        width = 0;
        if (!help[n])
            break;
        help += n + 1;
    }
}

void opts_help(const struct opts_spec *spec, struct strbuf *sb)
{
    if (spec->usage)
        strbuf_puts(sb, spec->usage);
    for (const struct opts_subcommand *c = spec->subcommands; c && c->name; c++)
        strbuf_printf(sb, "       raftcost %s %s\n", c->name, c->synopsis);
    if (spec->description)
        strbuf_puts(sb, spec->description);
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++)
        if (!is_positional(o))
            help_row(spec, o, sb);
    if (spec->epilogue)
        strbuf_puts(sb, spec->epilogue);
}

const struct opts_subcommand *opts_subcommand_find(const struct opts_subcommand *commands,
                                                   const char *name)
{
    for (const struct opts_subcommand *c = commands; name && c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
