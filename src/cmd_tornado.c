/*
 * raftcost tornado SCENARIO.yaml [--figure KEY]: which guess matters most.
 * Loads the scenario (with --variant and --set), runs the Monte Carlo
 * samples of its ranges (for the rank correlations), then each range at its
 * P10 and at its P90 with every other input at its base (unc_tornado_run),
 * and writes the rows, largest swing first, as text with bars, Markdown or
 * JSON, and with --plots the picture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "model.h"
#include "plot.h"
#include "tornado_out.h"
#include "unc.h"
#include "unc_cli.h"
#include "util.h"

struct tornado_options {
    int format; /* an enum tornado_format */
    const char *output;
    const char **sets;
    size_t nsets;
    const char *variant;
    const char *figure;
    const char *plots;
    int plot_format; /* an enum plot_format, or -1 when not given */
    struct unc_cli unc;
    int quiet;
    const char *scenario;
};

static const struct opts_choice tornado_formats[] = {
    {"text", TORNADO_TEXT}, {"json", TORNADO_JSON}, {"md", TORNADO_MD}, {NULL, 0}};

static const struct tornado_options tornado_defaults = {
    .format = TORNADO_TEXT, .figure = "totals.one_off", .plot_format = -1, .unc = UNC_CLI_DEFAULTS};

static const struct opt tornado_table[] = {
    OPT_STRING(0, "figure", &tornado_defaults.figure, "KEY",
               "the figure to explain (default totals.one_off),\n"
               "a key of the report's uncertainty section",
               .flags = OPTS_NONEMPTY,
               .missing = "{opt} needs a figure's key, such as "
                          "'totals.one_off'"),
    OPT_CHOICE('f', "format", &tornado_defaults.format, tornado_formats, NULL,
               "output format (default text)", .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown format '{arg}' for 'tornado' (use {choices})"),
    OPT_STRING('o', "output", &tornado_defaults.output, "FILE",
               "write the tornado to FILE (atomically)", .flags = OPTS_NONEMPTY,
               .missing = "{opt} needs a file name"),
    OPT_LIST(0, "set", &tornado_defaults.sets, &tornado_defaults.nsets, "PATH=VALUE",
             "change one number first; repeatable", .missing = "{opt} needs PATH=VALUE"),
    OPT_STRING(0, "variant", &tornado_defaults.variant, "NAME",
               "apply the scenario's variant NAME first", .missing = "{opt} needs a name"),
    OPT_STRING(0, "plots", &tornado_defaults.plots, "DIR",
               "draw the tornado into DIR (tornado.png beside\ntornado.dat and tornado.gp)",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a folder for the plots"),
    OPT_CHOICE(0, "plot-format", &tornado_defaults.plot_format, cli_plot_formats, NULL,
               "picture format for --plots (default png)",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown plot format '{arg}' (use {choices})"),
    UNC_CLI_OPTIONS(tornado_defaults.unc),
    CLI_OPT_QUIET(&tornado_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARG(&tornado_defaults.scenario, "SCENARIO.yaml", .missing = "no scenario file given",
            .invalid = "more than one scenario: '{arg}'"),
    OPT_END(),
};

const struct opts_spec cmd_tornado_spec = {
    .name = "tornado",
    .options = tornado_table,
    .defaults = &tornado_defaults,
    .size = sizeof tornado_defaults,
    .usage =
        "usage: raftcost tornado SCENARIO.yaml [--figure KEY] [-f text|json|md] [--plots DIR]\n",
    .description = "\n"
                   "Which guess matters most: each range of the scenario (its 'ranges' and the\n"
                   "default ranges) at its P10 and at its P90 with every other input at its base,\n"
                   "sorted by the swing of the figure, and each input's rank correlation with the\n"
                   "figure over the Monte Carlo samples.\n"
                   "\n",
    .epilogue = "\n"
                "example:\n"
                "  raftcost tornado scenarios/raft-build24-ranges.yaml --plots out/plots\n"
                "  raftcost tornado scenarios/raft-build24-ranges.yaml --figure totals.horizon\n",
    .help_column = 30,
    .missing = "'{opt}' needs a value",
    .unknown = "unknown option '{opt}' for 'tornado'{suggest}",
    .flags = OPTS_HINT_USAGE,
};

static int draw(const struct report *r, const struct unc_tornado *t,
                const struct tornado_options *o)
{
    struct diag d = DIAG_INIT;
    int status = cli_plot_status(
        plot_write_tornado(r, t, o->plots, (enum plot_format)o->plot_format, &d), o->plots, &d);
    diag_release(&d);
    return status;
}

int cmd_tornado(int argc, char **argv)
{
    struct tornado_options opt;
    struct diag d = DIAG_INIT;
    struct scenario s;
    struct report r;
    struct unc_result u;
    struct unc_tornado t;
    int loaded = 0, ran = 0, sampled = 0, turned = 0;
    char *text = NULL;
    int status = cli_parse(&cmd_tornado_spec, argc, argv, &opt);
    if (status >= 0)
        return status;
    status = CLI_INVALID;
    if (opt.plot_format >= 0 && !opt.plots) {
        status = cli_spec_error(&cmd_tornado_spec,
                                "--plot-format needs --plots DIR to say where the plots go");
        goto out;
    }
    if (opt.plot_format < 0)
        opt.plot_format = PLOT_PNG;
    if (unc_cli_check(&cmd_tornado_spec, &opt.unc) != 0)
        goto out;
    if (opt.unc.samples == 0) {
        status =
            cli_spec_error(&cmd_tornado_spec, "--samples 0: the tornado needs samples for its rank "
                                              "correlations");
        goto out;
    }
    if (cli_load(&s, opt.scenario, opt.variant, opt.sets, NULL, opt.nsets, &d) != 0)
        goto fail;
    loaded = 1;
    if (model_run(&s, &r, &d) != 0)
        goto fail;
    ran = 1;
    if (unc_cli_run(&s, &opt.unc, &u, &d) != 0)
        goto fail;
    sampled = 1;
    r.uncertainty = &u;
    int figure = unc_figure_find(&u, opt.figure);
    if (figure < 0 || !u.figures[figure].shown) {
        char *keys = unc_figure_keys(&u);
        const char *near = NULL;
        size_t best = strlen(opt.figure) / 3 + 2;
        for (size_t i = 0; i < u.nfigures; i++) {
            size_t dist = edit_distance(opt.figure, u.figures[i].fig.key);
            if (u.figures[i].shown && dist < best) {
                best = dist;
                near = u.figures[i].fig.key;
            }
        }
        if (near)
            diag_plain(&d,
                       "--figure: unknown figure '%s'; did you mean '%s'? (this scenario has %s)",
                       opt.figure, near, keys);
        else
            diag_plain(&d, "--figure: unknown figure '%s' (this scenario has %s)", opt.figure,
                       keys);
        free(keys);
        goto fail;
    }
    if (unc_tornado_run(&s, &u, (size_t)figure, opt.unc.threads, &t, &d) != 0)
        goto fail;
    turned = 1;
    text = tornado_output(&r, &t, (enum tornado_format)opt.format);
    status = cli_write_output(opt.output, text);
    if (status == CLI_OK && opt.plots)
        status = draw(&r, &t, &opt);
    goto out;
fail:
    diag_render(&d, stderr);
out:
    free(text);
    if (turned)
        unc_tornado_release(&t);
    if (sampled)
        unc_result_release(&u);
    if (ran)
        report_release(&r);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    opts_release(&cmd_tornado_spec, &opt);
    return status;
}
