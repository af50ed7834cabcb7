/*
 * cli: see cli.h.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_sim.h"
#include "plot.h"
#include "progress.h"
#include "util.h"

const struct opts_choice cli_plot_formats[] = {
    {"png", PLOT_PNG},
    {"svg", PLOT_SVG},
    {"pdf", PLOT_PDF},
    {NULL, 0},
};

/* -q: no warnings and no progress. */
static int quiet;

int cli_quiet(void)
{
    return quiet;
}

void cli_warning(const char *fmt, ...)
{
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "raftcost: warning: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* The value of the table's "quiet" flag row in args, or 0 when it has none. */
static int quiet_flag(const struct opts_spec *spec, const void *args)
{
    for (const struct opt *o = spec->options; o->kind != OPT_KIND_END; o++)
        if (o->kind == OPT_KIND_FLAG && o->long_name && strcmp(o->long_name, "quiet") == 0) {
            size_t offset = (size_t)((const char *)o->value - (const char *)spec->defaults);
            return *(const int *)((const char *)args + offset);
        }
    return 0;
}

/* After an error: where to read how the command line goes. */
static void print_hint(const struct opts_spec *spec)
{
    if (spec->flags & OPTS_HINT_USAGE) {
        const char *u = spec->usage ? spec->usage : "";
        fprintf(stderr, "%.*s\n", (int)strcspn(u, "\n"), u);
    } else {
        fprintf(stderr, "(see 'raftcost %s%s--help')\n", spec->name ? spec->name : "",
                spec->name ? " " : "");
    }
}

static int show(const struct opts_spec *spec, enum opts_outcome outcome)
{
    struct strbuf sb = STRBUF_INIT;
    if (outcome == OPTS_SHOW_HELP)
        opts_help(spec, &sb);
    else if (spec->version)
        spec->version(&sb);
    char *text = strbuf_detach(&sb);
    int status = cli_write_output(NULL, text);
    free(text);
    return status;
}

int cli_parse(const struct opts_spec *spec, int argc, char **argv, void *args)
{
    struct diag d = DIAG_INIT;
    enum opts_outcome outcome = opts_parse(spec, argc, argv, args, &d);
    int status = -1;
    if (outcome == OPTS_SHOW_HELP || outcome == OPTS_SHOW_VERSION) {
        status = show(spec, outcome);
    } else if (outcome == OPTS_ERROR) {
        diag_render(&d, stderr);
        print_hint(spec);
        status = CLI_INVALID;
    } else {
        quiet = quiet_flag(spec, args);
    }
    diag_release(&d);
    return status;
}

/* "raftcost: error: MESSAGE", the message as diag_render shows one (cut, escaped). */
static void print_error(const char *fmt, va_list ap)
{
    struct diag d = DIAG_INIT;
    char *msg = xvasprintf(fmt, ap);
    diag_plain(&d, "%s", msg);
    diag_render(&d, stderr);
    diag_release(&d);
    free(msg);
}

int cli_spec_error(const struct opts_spec *spec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_error(fmt, ap);
    va_end(ap);
    print_hint(spec);
    return CLI_INVALID;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_error(fmt, ap);
    va_end(ap);
    fprintf(stderr, "(see 'raftcost %s%s--help')\n", command ? command : "", command ? " " : "");
    return CLI_INVALID;
}

/* Standard input, read once: compare loads its scenario once for each column. */
static struct {
    int state; /* 0 not read yet, 1 read, -1 failed with errno err */
    int err;
    char *text;
    size_t len;
} stdin_scenario;

/* A scenario from the file at path, or from standard input for "-". */
static int load_scenario(struct scenario *s, const char *path, struct diag *d)
{
    if (strcmp(path, "-") != 0)
        return scenario_load(s, path, d);
    if (stdin_scenario.state == 0) {
        stdin_scenario.state = 1;
        if (read_whole_stream(stdin, &stdin_scenario.text, &stdin_scenario.len) != 0) {
            stdin_scenario.state = -1;
            stdin_scenario.err = errno;
        }
    }
    if (stdin_scenario.state < 0) {
        if (stdin_scenario.err == EFBIG)
            diag_set(d, CLI_STDIN_NAME, NULL, 0, 0, 0,
                     "standard input holds more than %zu MiB: too much for a scenario",
                     INPUT_MAX_BYTES >> 20);
        else
            diag_set(d, CLI_STDIN_NAME, NULL, 0, 0, 0, "cannot read standard input: %s",
                     strerror(stdin_scenario.err));
        return -1;
    }
    return scenario_load_text(s, CLI_STDIN_NAME, stdin_scenario.text, stdin_scenario.len, d);
}

void cli_sets_add(struct cli_sets *c, const char *assignment, const char *origin)
{
    c->sets = xrealloc(c->sets, (c->n + 1) * sizeof *c->sets);
    c->origins = xrealloc(c->origins, (c->n + 1) * sizeof *c->origins);
    c->sets[c->n] = assignment;
    c->origins[c->n++] = origin;
}

void cli_sets_add_owned(struct cli_sets *c, char *assignment, const char *origin)
{
    c->owned = xrealloc(c->owned, (c->nowned + 1) * sizeof *c->owned);
    c->owned[c->nowned++] = assignment;
    cli_sets_add(c, assignment, origin);
}

void cli_sets_release(struct cli_sets *c)
{
    free(c->sets);
    free(c->origins);
    for (size_t i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
}

int cli_opt_set(void *args, const char *value, const char *option, struct diag *d)
{
    (void)option;
    (void)d;
    cli_sets_add(args, value, "--set");
    return 0;
}

/* A budget is a parameter: --budget one_off=500 is --set budget.one_off=500. */
int cli_opt_budget(void *args, const char *value, const char *option, struct diag *d)
{
    (void)option;
    (void)d;
    cli_sets_add_owned(args, xasprintf("budget.%s", value), "--budget");
    return 0;
}

int cli_plot_status(enum plot_status st, const char *dir, const struct diag *d)
{
    switch (st) {
    case PLOT_DRAWN:
        return CLI_OK;
    case PLOT_NO_GNUPLOT:
        cli_warning("gnuplot is not on the PATH: no plots drawn (their data and scripts are in "
                    "'%s')",
                    dir);
        return CLI_OK;
    case PLOT_FAILED:
        break;
    }
    diag_render(d, stderr);
    return CLI_RUNTIME;
}

int cli_simulate(const struct scenario *s, struct report *r, unsigned threads, struct diag *d)
{
    size_t n = (size_t)s->simulation.replications;
    struct progress p;
    progress_init(&p, n > 1 ? progress_stream(cli_quiet()) : NULL, "simulation", "replications", n);
    int rc = model_sim_run(s, r, threads, &p, d);
    progress_finish(&p);
    return rc;
}

int cli_apply(struct scenario *s, const char *variant, const char *const *sets,
              const char *const *origins, size_t nsets, struct diag *d)
{
    if (variant && scenario_apply_variant(s, variant, d) != 0)
        return -1;
    for (size_t i = 0; i < nsets; i++)
        if (params_set_assignment(&s->params, sets[i], origins ? origins[i] : "--set", d) != 0)
            return -1;
    /* scenario_load and scenario_apply_variant validate; --set changes need a check. */
    if (nsets && scenario_validate(s, d) != 0)
        return -1;
    return 0;
}

int cli_load(struct scenario *s, const char *path, const char *variant, const char *const *sets,
             const char *const *origins, size_t nsets, struct diag *d)
{
    if (load_scenario(s, path, d) != 0)
        return -1;
    if (cli_apply(s, variant, sets, origins, nsets, d) != 0) {
        scenario_release(s);
        return -1;
    }
    return 0;
}

int cli_write_output(const char *path, const char *text)
{
    size_t len = strlen(text);
    if (path && strcmp(path, "-") != 0) {
        if (write_output_file(path, text, len) != 0) {
            fprintf(stderr, "raftcost: error: cannot write '%s': %s\n", path, strerror(errno));
            return CLI_RUNTIME;
        }
        return CLI_OK;
    }
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "raftcost: error: cannot write the output: %s\n", strerror(errno));
        return CLI_RUNTIME;
    }
    return CLI_OK;
}

int cli_finish(int status)
{
    free(stdin_scenario.text);
    stdin_scenario.text = NULL;
    /* A write error that fflush did not see (or a command that never wrote) shows here. */
    int failed = ferror(stdout);
    if ((fclose(stdout) != 0 || failed) && status == CLI_OK) {
        fprintf(stderr, "raftcost: error: cannot write the output: %s\n", strerror(errno));
        return CLI_RUNTIME;
    }
    return status;
}
