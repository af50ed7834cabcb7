/*
 * raftcost simulate SCENARIO.yaml: runs the scenario's generation job
 * request by request (model_sim.h) and writes the simulation beside the
 * analytic figures (text, JSON or Markdown), and, when asked, replication
 * 0's timeline as CSV and its plots.  A scenario without a `simulation`
 * mapping is simulated with the defaults; --seed and --replications are
 * --set simulation.seed and simulation.replications.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "diag.h"
#include "json_out.h"
#include "model.h"
#include "model_sim.h"
#include "plot_sim.h"
#include "render.h"
#include "report.h"
#include "report_doc.h"
#include "scenario.h"
#include "units.h"
#include "util.h"

enum sim_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_MD };

#define THREADS_UNSET ULONG_MAX
#define MAX_THREADS 1024

struct simulate_options {
    struct cli_sets assign; /* --set, --seed and --replications; first, for cli_opt_set */
    int format;             /* an enum sim_format */
    const char *output;
    const char *variant;
    unsigned long threads;
    const char *timeline;
    const char *plots;
    int plot_format;
    const char *scenario;
    int quiet; /* -q */
};
_Static_assert(offsetof(struct simulate_options, assign) == 0,
               "cli_opt_set finds the assignments first");

/* --seed N is --set simulation.seed=N; --replications N is simulation.replications. */
static int add_sim_number(void *args, const char *value, const char *option, struct diag *d)
{
    struct simulate_options *o = args;
    (void)d;
    int seed = strcmp(option, "--seed") == 0;
    cli_sets_add_owned(&o->assign,
                       xasprintf("simulation.%s=%s", seed ? "seed" : "replications", value),
                       seed ? "--seed" : "--replications");
    return 0;
}

static const struct opts_choice simulate_formats[] = {
    {"text", FORMAT_TEXT}, {"json", FORMAT_JSON}, {"md", FORMAT_MD}, {NULL, 0}};

static const struct simulate_options simulate_defaults = {
    .format = FORMAT_TEXT, .threads = THREADS_UNSET, .plot_format = -1};

static const struct opt simulate_table[] = {
    OPT_CALLBACK(0, "seed", add_sim_number, "N",
                 "seed of the random generators (the scenario's\n"
                 "simulation.seed, default 1)",
                 .missing = "{opt} needs a whole number"),
    OPT_CALLBACK(0, "replications", add_sim_number, "N",
                 "independent runs; the report gives the mean and\n"
                 "P10, P50, P90 of time and cost (default 1)",
                 .missing = "{opt} needs a whole number"),
    OPT_UINT('j', "jobs", &simulate_defaults.threads, "N",
             "threads for the replications (default: one per\n"
             "processor); the results are the same for any N",
             .missing = "{opt} needs a number of threads",
             .invalid = "{opt} needs a whole number of threads, got '{arg}'"),
    OPT_STRING(0, "timeline", &simulate_defaults.timeline, "FILE",
               "write replication 0's timeline to FILE as CSV\n"
               "(atomically): a row per step and deployment",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a file name"),
    OPT_CHOICE('f', "format", &simulate_defaults.format, simulate_formats, NULL,
               "report format (default text)", .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown format '{arg}' for 'simulate' (use {choices})"),
    OPT_STRING('o', "output", &simulate_defaults.output, "FILE",
               "write the report to FILE (atomically)", .flags = OPTS_NONEMPTY,
               .missing = "{opt} needs a file name"),
    OPT_STRING(0, "plots", &simulate_defaults.plots, "DIR",
               "draw sim-timeline (tok/s of each deployment\n"
               "against time, 429s marked) and sim-latency into\n"
               "DIR with gnuplot",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a folder for the plots"),
    OPT_CHOICE(0, "plot-format", &simulate_defaults.plot_format, cli_plot_formats, NULL,
               "picture format for --plots (default png)",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown plot format '{arg}' (use {choices})"),
    OPT_CALLBACK(0, "set", cli_opt_set, "PATH=VALUE",
                 "change one number or choice for this run;\n"
                 "repeatable (e.g. --set simulation.workers=16)",
                 .missing = "{opt} needs PATH=VALUE, such as 'simulation.workers=16'"),
    OPT_STRING(0, "variant", &simulate_defaults.variant, "NAME",
               "apply the scenario's variant NAME first",
               .missing = "{opt} needs the name of a variant"),
    CLI_OPT_QUIET(&simulate_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARG(&simulate_defaults.scenario, "SCENARIO.yaml",
            .missing = "'simulate' needs a scenario file: raftcost simulate SCENARIO.yaml",
            .invalid = "'simulate' takes one scenario, got '{first}' and '{arg}'"),
    OPT_END(),
};

const struct opts_spec cmd_simulate_spec = {
    .name = "simulate",
    .options = simulate_table,
    .defaults = &simulate_defaults,
    .size = sizeof simulate_defaults,
    .usage = "usage: raftcost simulate SCENARIO.yaml [--seed N] [--replications N] [-j N]\n"
             "                         [--timeline FILE] [-f text|json|md] [-o FILE]\n"
             "                         [--plots DIR] [--set PATH=VALUE ...] [--variant NAME]\n",
    .description =
        "\n"
        "Runs the scenario's generation job request by request: the client's workers\n"
        "make the calls, the router spreads them over the deployments (each dedicated\n"
        "instance is one), rate limits answer 429, the client retries, and each\n"
        "deployment shares its throughput among the requests it serves.  Prints the\n"
        "simulated time and cost beside the analytic ones, each deployment's share,\n"
        "the 429s, retries and lost calls, and the latency percentiles.  The scenario's\n"
        "'simulation' mapping sets the client and the router (defaults without it).\n"
        "\n"
        "options:\n",
    .epilogue = "\n"
                "example:\n"
                "  raftcost simulate scenarios/raft-build24-sim.yaml\n"
                "  raftcost simulate scenarios/serverless-limits.yaml --replications 20 "
                "--timeline t.csv\n",
    .help_column = 29,
    .missing = "{opt} needs a value",
    .unknown = "unknown option '{opt}' for 'simulate'{suggest}",
};

/* Returns -1 to go on, or an exit status (help, error). */
static int parse_options(int argc, char **argv, struct simulate_options *o)
{
    int status = cli_parse(&cmd_simulate_spec, argc, argv, o);
    if (status >= 0)
        return status;
    if (o->plot_format >= 0 && !o->plots)
        return cli_spec_error(&cmd_simulate_spec,
                              "--plot-format needs --plots DIR to say where the plots go");
    if (o->threads != THREADS_UNSET && (o->threads == 0 || o->threads > MAX_THREADS))
        return cli_spec_error(&cmd_simulate_spec, "-j needs 1 to %d threads, got %lu", MAX_THREADS,
                              o->threads);
    if (o->plot_format < 0)
        o->plot_format = PLOT_PNG;
    return -1;
}

/* The title, the scenario, then the simulation section: text or Markdown. */
static char *render_text_doc(const struct report *r, enum render_as as)
{
    const struct scenario *s = r->scenario;
    struct doc d;
    doc_init(&d);
    struct doc_block *title = doc_section(&d.body, 1, NULL);
    doc_user(&title->heading, s->name);
    struct doc_inline *p = doc_paragraph(title);
    doc_text(p, "Scenario: ");
    doc_user(p, s->file);
    doc_text(p, "; currency ");
    doc_user(p, s->currency);
    report_doc_simulation(r, title);
    char *text = render_doc_string(&d, as);
    doc_release(&d);
    return text;
}

static char *render_json(const struct report *r)
{
    const struct scenario *s = r->scenario;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "raftcost_simulation", 1);
    cJSON *sc = cJSON_AddObjectToObject(root, "scenario");
    cJSON_AddStringToObject(sc, "name", s->name);
    cJSON_AddStringToObject(sc, "file", s->file);
    cJSON_AddStringToObject(root, "currency", s->currency);
    cJSON *analytic = cJSON_AddObjectToObject(root, "generation");
    cJSON_AddNumberToObject(analytic, "hours", r->generation.wall_s / HOUR_S);
    cJSON_AddNumberToObject(analytic, "cost", r->generation.cost);
    cJSON_AddNumberToObject(analytic, "throughput_tok_s", r->generation.throughput_tok_s);
    cJSON_AddItemToObject(root, "simulation", report_json_simulation(r));
    char *text = json_print(root);
    if (!text) {
        fputs("raftcost: out of memory\n", stderr);
        abort();
    }
    return text;
}

static int draw_plots(const struct report *r, const struct simulate_options *o)
{
    struct diag d = DIAG_INIT;
    int status = cli_plot_status(plot_sim_write(r, o->plots, o->plot_format, &d), o->plots, &d);
    diag_release(&d);
    return status;
}

int cmd_simulate(int argc, char **argv)
{
    struct simulate_options opt;
    struct diag d = DIAG_INIT;
    struct scenario s;
    struct report r;
    int loaded = 0, ran = 0;
    char *text = NULL, *csv = NULL;
    int status = parse_options(argc, argv, &opt);
    if (status >= 0)
        goto out;

    status = CLI_INVALID;
    if (cli_load(&s, opt.scenario, opt.variant, opt.assign.sets, opt.assign.origins, opt.assign.n,
                 &d) != 0)
        goto fail;
    loaded = 1;
    if (!s.generation.present) {
        diag_set(&d, s.file, NULL, 0, 0, 0,
                 "nothing to simulate: the scenario has no 'generation' phase");
        goto fail;
    }
    if (model_run(&s, &r, &d) != 0)
        goto fail;
    ran = 1;
    unsigned threads =
        opt.threads == THREADS_UNSET ? model_sim_default_threads() : (unsigned)opt.threads;
    if (cli_simulate(&s, &r, threads, &d) != 0)
        goto fail;
    text = opt.format == FORMAT_JSON
               ? render_json(&r)
               : render_text_doc(&r, opt.format == FORMAT_MD ? RENDER_MD : RENDER_TEXT);
    status = cli_write_output(opt.output, text);
    if (status == CLI_OK && opt.timeline) {
        csv = report_sim_timeline_csv(&r);
        if (write_output_file(opt.timeline, csv, strlen(csv)) != 0) {
            fprintf(stderr, "raftcost: error: cannot write '%s': %s\n", opt.timeline,
                    strerror(errno));
            status = CLI_RUNTIME;
        }
    }
    if (status == CLI_OK && opt.plots)
        status = draw_plots(&r, &opt);
    goto out;
fail:
    diag_render(&d, stderr);
out:
    free(text);
    free(csv);
    if (ran)
        report_release(&r);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    cli_sets_release(&opt.assign);
    return status;
}
