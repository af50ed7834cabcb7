/*
 * raftcost [OPTIONS] SCENARIO.yaml: loads the scenario, applies --variant and
 * --set, runs the model and writes the report (text, JSON, Markdown or CSV)
 * and, with --plots, its plots.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "diag.h"
#include "format.h"
#include "model.h"
#include "model_sim.h"
#include "plot.h"
#include "report.h"
#include "scenario.h"
#include "unc.h"
#include "unc_cli.h"
#include "util.h"
#include "version.h"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_MD, FORMAT_CSV };

struct options {
    struct cli_sets assign; /* --set and --budget; first, for cli_opt_set */
    int format;             /* an enum format */
    const char *output;
    const char *variant;
    int check;
    const char *plots; /* folder for --plots, or NULL */
    int plot_format;   /* an enum plot_format, or -1 when not given */
    int quiet;
    int list_params;
    struct unc_cli unc; /* --samples, --seed, --method, -j, --samples-out */
    const char *scenario;
};
_Static_assert(offsetof(struct options, assign) == 0, "cli_opt_set finds the assignments first");

static void report_version(struct strbuf *sb)
{
    version_text(sb);
}

static const struct opts_choice report_formats[] = {
    {"text", FORMAT_TEXT}, {"json", FORMAT_JSON}, {"md", FORMAT_MD}, {"csv", FORMAT_CSV}, {NULL, 0},
};

static const struct options report_defaults = {
    .format = FORMAT_TEXT, .plot_format = -1, .unc = UNC_CLI_DEFAULTS};

static const struct opt report_options[] = {
    OPT_CHOICE('f', "format", &report_defaults.format, report_formats, NULL,
               "report format (default text)", .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown format '{arg}' (use {choices})"),
    OPT_STRING('o', "output", &report_defaults.output, "FILE",
               "write the report to FILE (atomically)", .flags = OPTS_NONEMPTY,
               .missing = "{opt} needs a file name"),
    OPT_CALLBACK(0, "set", cli_opt_set, "PATH=VALUE",
                 "change one number for this run; repeatable\n"
                 "(e.g. --set backends.maap.count=3)",
                 .missing = "{opt} needs PATH=VALUE, such as 'backends.maap.count=3'"),
    OPT_STRING(0, "variant", &report_defaults.variant, "NAME",
               "apply the scenario's variant NAME first",
               .missing = "{opt} needs the name of a variant"),
    OPT_CALLBACK(0, "budget", cli_opt_budget, "KEY=AMOUNT",
                 "check a budget: one_off, monthly or horizon;\n"
                 "repeatable (same as --set budget.KEY=AMOUNT)",
                 .missing = "{opt} needs KEY=AMOUNT, such as 'one_off=500'"),
    OPT_FLAG(0, "list-params", &report_defaults.list_params,
             "list the scenario's parameters (for --set and\n"
             "sweep's --vary): a path and its kind a line"),
    OPT_FLAG(0, "check", &report_defaults.check,
             "validate the scenario and catalogues, and check\n"
             "budgets; write no report"),
    OPT_STRING(0, "plots", &report_defaults.plots, "DIR",
               "draw the plots of the report into DIR (created\n"
               "if missing) with gnuplot: phases, generation,\n"
               "monthly, breakeven, ratio, and curve-BACKEND for\n"
               "each throughput curve; each NAME.png beside its\n"
               "data NAME.dat and script NAME.gp",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a folder for the plots"),
    OPT_CHOICE(0, "plot-format", &report_defaults.plot_format, cli_plot_formats, NULL,
               "picture format for --plots (default png)",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown plot format '{arg}' (use {choices})"),
    UNC_CLI_OPTIONS(report_defaults.unc),
    OPT_STRING(0, "samples-out", &report_defaults.unc.samples_out, "FILE",
               "write every Monte Carlo sample to FILE as CSV\n(atomically)",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a file name"),
    CLI_OPT_QUIET(&report_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_VERSION("show the version"),
    OPT_ARG(&report_defaults.scenario, "SCENARIO.yaml",
            .missing = "no scenario file given (usage: raftcost [OPTIONS] SCENARIO.yaml)",
            .invalid = "more than one scenario: '{arg}'"),
    OPT_END(),
};

const struct opts_spec cmd_report_spec = {
    .name = NULL,
    .options = report_options,
    .defaults = &report_defaults,
    .size = sizeof report_defaults,
    .usage = "usage: raftcost [OPTIONS] SCENARIO.yaml\n",
    .subcommands = commands,
    .description = "\n"
                   "Reads a RAFT plan (dataset generation with a teacher model, fine-tuning of a\n"
                   "student, serving it against paying per token) and prints its budget: time and\n"
                   "money for each phase, and whether fine-tuning pays off.\n"
                   "\n"
                   "options:\n",
    .epilogue =
        "\n"
        "example:\n"
        "  raftcost scenarios/raft-build24.yaml\n"
        "  raftcost -f json --set inference.traffic.requests=50k/day scenarios/raft-build24.yaml\n"
        "  raftcost -f md --plots out/plots scenarios/raft-build24.yaml\n"
        "\n"
        "The plot templates (the look of each plot) are read from $RAFTCOST_PLOTS, else\n"
        "from the plots/ folder next to the program's folder (or its parent), else from\n"
        "./plots.  Without gnuplot on the PATH the report still comes out, with a warning;\n"
        "a gnuplot still running after $RAFTCOST_PLOT_TIMEOUT seconds (default 120) is "
        "stopped.\n"
        "\n"
        "exit status: 0 success, 1 runtime failure (I/O, a plot that failed), 2 invalid "
        "input,\n"
        "3 a figure over its budget (the report is written all the same).\n",
    .help_column = 33,
    .version = report_version,
};

/* Returns -1 to go on, or an exit status (help, version, error). */
static int parse_options(int argc, char **argv, struct options *o)
{
    int status = cli_parse(&cmd_report_spec, argc, argv, o);
    if (status >= 0)
        return status;
    if (o->plot_format >= 0 && !o->plots)
        return cli_spec_error(&cmd_report_spec,
                              "--plot-format needs --plots DIR to say where the plots go");
    if (o->plot_format < 0)
        o->plot_format = PLOT_PNG;
    if (unc_cli_check(&cmd_report_spec, &o->unc) != 0)
        return CLI_INVALID;
    return -1;
}
/* Renders the report in the chosen format.  Returns a string the caller frees, or NULL. */
static char *render(const struct report *r, enum format format)
{
    if (format == FORMAT_JSON)
        return report_json(r);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return NULL;
    int rc;
    if (format == FORMAT_MD)
        rc = report_write_md(r, mem);
    else if (format == FORMAT_CSV)
        rc = report_write_csv(r, mem);
    else
        rc = report_write_text(r, mem);
    if (fclose(mem) != 0 || rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The plots after the report: a missing gnuplot is a warning, a failing one an error. */
static int draw_plots(const struct report *r, const struct options *o)
{
    struct diag d = DIAG_INIT;
    int status = cli_plot_status(plot_write(r, o->plots, o->plot_format, &d), o->plots, &d);
    diag_release(&d);
    return status;
}

/* The word for what a parameter takes, in --list-params' second column. */
static void param_kind(struct strbuf *sb, const struct param *p)
{
    if (p->type == PARAM_NAME) {
        strbuf_puts(sb, params_name_kind_text(p->name_kind));
        return;
    }
    if (p->type == PARAM_CHOICE) {
        strbuf_puts(sb, "choice");
        for (size_t i = 0; p->choices[i]; i++)
            strbuf_printf(sb, "%c%s", i ? '|' : ' ', p->choices[i]);
        return;
    }
    static const char *const kinds[] = {
        [QK_NUMBER] = "number",         [QK_DURATION] = "duration", [QK_RATE] = "rate",
        [QK_THROUGHPUT] = "throughput", [QK_FRACTION] = "fraction", [QK_RATIO] = "ratio",
    };
    if (p->kind == QK_NUMBER && (p->flags & QF_INTEGER))
        strbuf_puts(sb, "whole number");
    else
        strbuf_puts(sb, kinds[p->kind]);
}

/* --list-params: "PATH<TAB>KIND" for each parameter, in the order of the file. */
static int list_params(const struct scenario *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < s->params.n; i++) {
        strbuf_printf(&sb, "%s\t", s->params.items[i].path);
        param_kind(&sb, &s->params.items[i]);
        strbuf_puts(&sb, "\n");
    }
    char *text = strbuf_detach(&sb);
    int status = cli_write_output(NULL, text);
    free(text);
    return status;
}

/*
 * --check on success: one line, such as
 * "scenarios/a.yaml: ok: one-off $154.73, over 12 months with raft $34,384.43, within budget"
 */
static int check_summary(const struct report *r, const struct options *o)
{
    const struct scenario *s = r->scenario;
    const struct budget *b = &s->budget;
    char money[FMT_SIZE];
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, s->file);
    if (o->variant)
        strbuf_printf(&sb, " (variant %s)", o->variant);
    strbuf_printf(&sb, ": ok: one-off %s", fmt_money(money, s->currency, r->one_off));
    if (r->inference.present && s->inference.has_compare)
        strbuf_printf(&sb, ", over %d month%s with %s %s", r->inference.months,
                      r->inference.months == 1 ? "" : "s", r->inference.comparison.candidate->name,
                      fmt_money(money, s->currency, r->horizon_total));
    if (b->one_off > 0 || b->monthly > 0 || b->horizon > 0)
        strbuf_puts(&sb, ", within budget");
    strbuf_puts(&sb, "\n");
    char *text = strbuf_detach(&sb);
    int status = cli_write_output(NULL, text);
    free(text);
    return status;
}

int cmd_report(int argc, char **argv)
{
    struct options opt;
    struct diag d = DIAG_INIT;
    struct scenario s;
    struct report r;
    struct unc_result u;
    int loaded = 0, ran = 0, sampled = 0;
    char *text = NULL;
    int status = parse_options(argc, argv, &opt);
    if (status >= 0)
        goto out;

    status = CLI_INVALID;
    if (cli_load(&s, opt.scenario, opt.variant, opt.assign.sets, opt.assign.origins, opt.assign.n,
                 &d) != 0)
        goto fail;
    loaded = 1;
    if (opt.list_params) {
        status = list_params(&s);
        goto out;
    }
    if (model_run(&s, &r, &d) != 0)
        goto fail;
    ran = 1;
    /* A scenario with a `simulation` mapping: the report shows the simulation too. */
    if (s.simulation.present && cli_simulate(&s, &r, model_sim_default_threads(), &d) != 0)
        goto fail;
    /* The Monte Carlo run: with ranges, --samples or --samples-out (docs/uncertainty.md). */
    if (!opt.check && unc_cli_wanted(&opt.unc, &s, opt.format != FORMAT_CSV)) {
        if (unc_cli_run(&s, &opt.unc, &u, &d) != 0)
            goto fail;
        sampled = 1;
        r.uncertainty = &u;
    }
    /* --check writes nothing, but a plan over its budget still fails it. */
    status = CLI_OK;
    if (!opt.check) {
        text = render(&r, opt.format);
        if (!text) {
            fprintf(stderr, "raftcost: error: cannot render the report: %s\n", strerror(errno));
            status = CLI_RUNTIME;
            goto out;
        }
        status = cli_write_output(opt.output, text);
        if (status == CLI_OK && sampled && opt.unc.samples_out)
            status = unc_cli_write_samples(&u, opt.unc.samples_out);
        if (status == CLI_OK && opt.plots)
            status = draw_plots(&r, &opt);
    }
    if (status == CLI_OK && r.budget.over) {
        fprintf(stderr, "raftcost: over budget:%s%s%s\n", r.budget.over_one_off ? " one-off" : "",
                r.budget.over_monthly ? " monthly" : "", r.budget.over_horizon ? " horizon" : "");
        status = CLI_OVER_BUDGET;
    }
    if (status == CLI_OK && opt.check)
        status = check_summary(&r, &opt);
    goto out;
fail:
    diag_render(&d, stderr);
out:
    free(text);
    if (sampled)
        unc_result_release(&u);
    if (ran)
        report_release(&r);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    cli_sets_release(&opt.assign);
    return status;
}
