/*
 * cli: see cli.h.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "util.h"

const struct opts_choice cli_plot_formats[] = {
    {"png", PLOT_PNG},
    {"svg", PLOT_SVG},
    {"pdf", PLOT_PDF},
    {NULL, 0},
};

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

int cli_load(struct scenario *s, const char *path, const char *variant, const char *const *sets,
             const char *const *origins, size_t nsets, struct diag *d)
{
    if (scenario_load(s, path, d) != 0)
        return -1;
    if (variant && scenario_apply_variant(s, variant, d) != 0)
        goto fail;
    for (size_t i = 0; i < nsets; i++)
        if (params_set_assignment(&s->params, sets[i], origins ? origins[i] : "--set", d) != 0)
            goto fail;
    /* scenario_load and scenario_apply_variant validate; --set changes need a check. */
    if (nsets && scenario_validate(s, d) != 0)
        goto fail;
    return 0;
fail:
    scenario_release(s);
    return -1;
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
    /* A write error that fflush did not see (or a command that never wrote) shows here. */
    int failed = ferror(stdout);
    if ((fclose(stdout) != 0 || failed) && status == CLI_OK) {
        fprintf(stderr, "raftcost: error: cannot write the output: %s\n", strerror(errno));
        return CLI_RUNTIME;
    }
    return status;
}
