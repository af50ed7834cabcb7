/*
 * raftcost: the command line.  Parses options, loads the scenario, applies
 * --variant and --set, runs the model and writes the report.  Only this file
 * prints errors and picks the exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "diag.h"
#include "model.h"
#include "plot.h"
#include "report.h"
#include "scenario.h"
#include "util.h"

#define RAFTCOST_VERSION "0.1.0"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_MD, FORMAT_CSV };

static const char usage_text[] =
    "usage: raftcost [OPTIONS] SCENARIO.yaml\n"
    "       raftcost compare A.yaml [B.yaml ...]    (see raftcost compare --help)\n"
    "       raftcost sweep SCENARIO.yaml --vary PATH=FROM..TO[:N][:log]\n"
    "       raftcost fit FILE.csv [--model saturating|usl|table|all] [-f text|json]\n"
    "\n"
    "Reads a RAFT plan (dataset generation with a teacher model, fine-tuning of a\n"
    "student, serving it against paying per token) and prints its budget: time and\n"
    "money for each phase, and whether fine-tuning pays off.\n"
    "\n"
    "options:\n"
    "  -f, --format text|json|md|csv  report format (default text)\n"
    "  -o, --output FILE              write the report to FILE (atomically)\n"
    "      --set PATH=VALUE           change one number for this run; repeatable\n"
    "                                 (e.g. --set backends.maap.count=3)\n"
    "      --variant NAME             apply the scenario's variant NAME first\n"
    "      --budget KEY=AMOUNT        check a budget: one_off, monthly or horizon;\n"
    "                                 repeatable (same as --set budget.KEY=AMOUNT)\n"
    "      --check                    validate the scenario and catalogues, and check\n"
    "                                 budgets; write no report\n"
    "      --plots DIR                draw the plots of the report into DIR (created\n"
    "                                 if missing) with gnuplot: phases, generation,\n"
    "                                 monthly, breakeven, ratio, and curve-BACKEND for\n"
    "                                 each throughput curve; each NAME.png beside its\n"
    "                                 data NAME.dat and script NAME.gp\n"
    "      --plot-format png|svg|pdf  picture format for --plots (default png)\n"
    "  -h, --help                     show this help\n"
    "      --version                  show the version\n"
    "\n"
    "example:\n"
    "  raftcost scenarios/raft-build24.yaml\n"
    "  raftcost -f json --set inference.traffic.requests=50k/day scenarios/raft-build24.yaml\n"
    "  raftcost -f md --plots out/plots scenarios/raft-build24.yaml\n"
    "\n"
    "The plot templates (the look of each plot) are read from $RAFTCOST_PLOTS, else\n"
    "from the plots/ folder next to the program's folder (or its parent), else from\n"
    "./plots.  Without gnuplot on the PATH the report still comes out, with a warning;\n"
    "a gnuplot still running after $RAFTCOST_PLOT_TIMEOUT seconds (default 120) is stopped.\n"
    "\n"
    "exit status: 0 success, 1 runtime failure (I/O, a plot that failed), 2 invalid input,\n"
    "3 a figure over its budget (the report is written all the same).\n";

struct options {
    enum format format;
    const char *output;
    const char **sets;    /* PATH=VALUE, from --set and --budget */
    const char **origins; /* the option each came from, for messages */
    size_t nsets;
    const char *variant;
    char **budgets; /* "budget.KEY=AMOUNT" for each --budget; sets points to them */
    size_t nbudgets;
    int check;
    const char *plots; /* folder for --plots, or NULL */
    enum plot_format plot_format;
    int plot_format_given;
    const char *scenario;
};

static void add_assignment(struct options *o, const char *assignment, const char *origin)
{
    o->sets = xrealloc(o->sets, (o->nsets + 1) * sizeof *o->sets);
    o->origins = xrealloc(o->origins, (o->nsets + 1) * sizeof *o->origins);
    o->sets[o->nsets] = assignment;
    o->origins[o->nsets++] = origin;
}

/* The value of an option of the main command, or -1 when it is missing (see cli_option). */
#define OPTION(long_name, short_name) (m = cli_option(argc, argv, &i, long_name, short_name, &v))

/* Returns -1 to go on, or an exit status (help, version, error). */
static int parse_options(int argc, char **argv, struct options *o)
{
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        int m;
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->scenario)
                return cli_usage_error(NULL, "more than one scenario: '%s'", a);
            o->scenario = a;
        } else if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return CLI_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("raftcost %s\n", RAFTCOST_VERSION);
            return CLI_OK;
        } else if (strcmp(a, "--check") == 0) {
            o->check = 1;
        } else if (OPTION("--format", 'f')) {
            if (m < 0)
                return cli_usage_error(NULL, "%s needs a format: text, json, md or csv", a);
            if (strcmp(v, "text") == 0)
                o->format = FORMAT_TEXT;
            else if (strcmp(v, "json") == 0)
                o->format = FORMAT_JSON;
            else if (strcmp(v, "md") == 0)
                o->format = FORMAT_MD;
            else if (strcmp(v, "csv") == 0)
                o->format = FORMAT_CSV;
            else
                return cli_usage_error(NULL, "unknown format '%s' (use text, json, md or csv)", v);
        } else if (OPTION("--output", 'o')) {
            if (m < 0 || !*v)
                return cli_usage_error(NULL, "%s needs a file name", a);
            o->output = v;
        } else if (OPTION("--set", 0)) {
            if (m < 0)
                return cli_usage_error(NULL,
                                       "%s needs PATH=VALUE, such as "
                                       "'backends.maap.count=3'",
                                       a);
            add_assignment(o, v, "--set");
        } else if (OPTION("--budget", 0)) {
            if (m < 0)
                return cli_usage_error(NULL, "%s needs KEY=AMOUNT, such as 'one_off=500'", a);
            /* A budget is a parameter: --budget one_off=500 is --set budget.one_off=500. */
            o->budgets = xrealloc(o->budgets, (o->nbudgets + 1) * sizeof *o->budgets);
            o->budgets[o->nbudgets] = xasprintf("budget.%s", v);
            add_assignment(o, o->budgets[o->nbudgets++], "--budget");
        } else if (OPTION("--variant", 0)) {
            if (m < 0)
                return cli_usage_error(NULL, "%s needs the name of a variant", a);
            o->variant = v;
        } else if (OPTION("--plots", 0)) {
            if (m < 0 || !*v)
                return cli_usage_error(NULL, "%s needs a folder for the plots", a);
            o->plots = v;
        } else if (OPTION("--plot-format", 0)) {
            if (m < 0)
                return cli_usage_error(NULL, "%s needs a format: png, svg or pdf", a);
            if (plot_format_from_name(v, &o->plot_format) != 0)
                return cli_usage_error(NULL, "unknown plot format '%s' (use png, svg or pdf)", v);
            o->plot_format_given = 1;
        } else {
            return cli_usage_error(NULL, "unknown option '%s'", a);
        }
    }
    if (o->plot_format_given && !o->plots)
        return cli_usage_error(NULL, "--plot-format needs --plots DIR to say where the plots go");
    if (!o->scenario)
        return cli_usage_error(NULL, "no scenario file given (usage: raftcost [OPTIONS] "
                                     "SCENARIO.yaml)");
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
    int status = CLI_OK;
    switch (plot_write(r, o->plots, o->plot_format, &d)) {
    case PLOT_DRAWN:
        break;
    case PLOT_NO_GNUPLOT:
        fprintf(stderr,
                "raftcost: warning: gnuplot is not on the PATH: no plots drawn (their "
                "data and scripts are in '%s')\n",
                o->plots);
        break;
    case PLOT_FAILED:
        diag_render(&d, stderr);
        status = CLI_RUNTIME;
        break;
    }
    diag_release(&d);
    return status;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "fit") == 0)
        return cmd_fit(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "sweep") == 0)
        return cmd_sweep(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "compare") == 0)
        return cmd_compare(argc - 1, argv + 1);
    struct options opt = {0};
    struct diag d = DIAG_INIT;
    struct scenario s;
    struct report r;
    int loaded = 0, ran = 0;
    char *text = NULL;
    int status = parse_options(argc, argv, &opt);
    if (status >= 0)
        goto out;

    status = CLI_INVALID;
    if (cli_load(&s, opt.scenario, opt.variant, opt.sets, opt.origins, opt.nsets, &d) != 0)
        goto fail;
    loaded = 1;
    if (model_run(&s, &r, &d) != 0)
        goto fail;
    ran = 1;
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
        if (status == CLI_OK && opt.plots)
            status = draw_plots(&r, &opt);
    }
    if (status == CLI_OK && r.budget.over) {
        fprintf(stderr, "raftcost: over budget:%s%s%s\n", r.budget.over_one_off ? " one-off" : "",
                r.budget.over_monthly ? " monthly" : "", r.budget.over_horizon ? " horizon" : "");
        status = CLI_OVER_BUDGET;
    }
    goto out;
fail:
    diag_render(&d, stderr);
out:
    free(text);
    if (ran)
        report_release(&r);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    free(opt.sets);
    free(opt.origins);
    for (size_t i = 0; i < opt.nbudgets; i++)
        free(opt.budgets[i]);
    free(opt.budgets);
    if (fclose(stdout) != 0 && status == CLI_OK) {
        fprintf(stderr, "raftcost: error: cannot write the report: %s\n", strerror(errno));
        status = CLI_RUNTIME;
    }
    return status;
}
