/*
 * cmd_calibrate: `raftcost calibrate SCENARIO.yaml LOG`, a plan calibrated
 * from a pilot run.  Reads the pilot's usage log (with the scenario's
 * teacher as the expected model), tells question calls from answer calls
 * with the dataset's questions per chunk, measures each deployment, maps
 * the deployments to the scenario's backends, writes the calibrated
 * variant (with -o, atomically, and only once everything else has
 * succeeded) and reports the job planned with it beside the plan as it
 * stands.  The figures come from calibrate.h and the model; this file
 * parses options, wires and writes.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib_cli.h"
#include "calib_map.h"
#include "calib_view.h"
#include "calibrate_out.h"
#include "cli.h"
#include "commands.h"
#include "json_out.h"
#include "model.h"
#include "model_sim.h"
#include "plot_calib.h"
#include "render.h"
#include "scenario_calib.h"
#include "unc.h"
#include "unc_cli.h"
#include "util.h"

enum calibrate_format { FORMAT_TEXT, FORMAT_MD, FORMAT_JSON };

struct calibrate_options {
    const char *scenario, *log;
    const char *output; /* the calibrated variant */
    int format;
    int log_format;
    const char **maps;
    size_t nmaps;
    const char **sets;
    size_t nsets;
    const char *variant;
    const char *plots;
    int plot_format;
    struct unc_cli unc; /* --samples, --seed, --method, -j */
    int quiet;          /* -q */
};

/* Each sample simulates the whole job: fewer than the report's 10,000 by default. */
#define CALIBRATE_DEFAULT_SAMPLES 500

static const struct calibrate_options calibrate_defaults = {
    .format = FORMAT_TEXT, .log_format = USAGE_AUTO, .plot_format = -1, .unc = UNC_CLI_DEFAULTS};

static const struct opts_choice calibrate_formats[] = {
    {"text", FORMAT_TEXT}, {"md", FORMAT_MD}, {"json", FORMAT_JSON}, {NULL, 0}};

static const struct opt calibrate_table[] = {
    OPT_STRING('o', "output", &calibrate_defaults.output, "FILE",
               "write the calibrated variant to FILE (atomically);\n"
               "a scenario uses it with 'calibration: FILE'",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a file name"),
    OPT_CHOICE('f', "format", &calibrate_defaults.format, calibrate_formats, NULL,
               "report format (default text)", .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown format '{arg}' for 'calibrate', expected {choices}"),
    OPT_CHOICE(0, "format-log", &calibrate_defaults.log_format, calib_cli_log_formats, "FMT",
               "the log's format: auto (default), litellm,\n"
               "litellm-csv, litellm-json, jsonl or csv",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown log format '{arg}', expected {choices}"),
    OPT_LIST(0, "map", &calibrate_defaults.maps, &calibrate_defaults.nmaps, "DEPLOYMENT=BACKEND",
             "the log's deployments matching DEPLOYMENT (a glob)\n"
             "are BACKEND; repeatable, the first match wins",
             .missing = "{opt} needs DEPLOYMENT=BACKEND, such as 'http://maap-*=maap'"),
    OPT_LIST(0, "set", &calibrate_defaults.sets, &calibrate_defaults.nsets, "PATH=VALUE",
             "change one number of the scenario first;\nrepeatable",
             .missing = "{opt} needs PATH=VALUE, such as 'backends.maap.count=3'"),
    OPT_STRING(0, "variant", &calibrate_defaults.variant, "NAME",
               "apply the scenario's variant NAME first",
               .missing = "{opt} needs the name of a variant"),
    OPT_STRING(0, "plots", &calibrate_defaults.plots, "DIR",
               "draw stream.png into DIR: each deployment's\n"
               "per-stream speed against concurrency",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a folder for the plots"),
    OPT_CHOICE(0, "plot-format", &calibrate_defaults.plot_format, cli_plot_formats, NULL,
               "picture format for --plots (default png)",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown plot format '{arg}' (use {choices})"),
    OPT_UINT(0, "samples", &calibrate_defaults.unc.samples, "N",
             "Monte Carlo samples of the ranges from the pilot's\n"
             "spread, each a simulation of the job (default\n"
             "500; 0: none)"),
    OPT_UINT(0, "seed", &calibrate_defaults.unc.seed, "N",
             "seed of the samples' random streams (default 1)"),
    OPT_CHOICE(0, "method", &calibrate_defaults.unc.method, unc_cli_methods, NULL,
               "sampling: Latin hypercube (default) or plain\nMonte Carlo",
               .missing = "{opt} needs a method: {choices}",
               .invalid = "unknown sampling method '{arg}' (use {choices})"),
    OPT_UINT('j', "jobs", &calibrate_defaults.unc.threads, "N",
             "threads for the simulations (default: one a\n"
             "processor); the results do not depend on it"),
    CLI_OPT_QUIET(&calibrate_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARG(&calibrate_defaults.scenario, "SCENARIO.yaml",
            .missing = "'calibrate' needs a scenario and a log: raftcost calibrate SCENARIO.yaml "
                       "LOG"),
    OPT_ARG(&calibrate_defaults.log, "LOG",
            .missing = "'calibrate' needs the pilot's usage log after the scenario",
            .invalid = "'calibrate' takes a scenario and one log, got '{arg}' too"),
    OPT_END(),
};

const struct opts_spec cmd_calibrate_spec = {
    .name = "calibrate",
    .options = calibrate_table,
    .defaults = &calibrate_defaults,
    .size = sizeof calibrate_defaults,
    .usage = "usage: raftcost calibrate SCENARIO.yaml LOG [-o calibrated.yaml]\n"
             "                          [-f text|md|json] [--format-log FMT]\n"
             "                          [--map DEPLOYMENT=BACKEND] [--plots DIR]\n"
             "                          [--samples N] [--seed N] [--method lhs|mc] [-j N]\n",
    .description =
        "\n"
        "Calibrates a plan from the usage log of a pilot run: the sizes of the question\n"
        "and answer calls, and each deployment's time to first token, per-stream speed,\n"
        "throughput and share of 429s.  Writes the calibrated values under the scenario's\n"
        "own keys (-o), with ranges from the pilot's spread, and prints the job planned\n"
        "with them beside the plan as it stands: by the analytic model, simulated request\n"
        "by request (the scenario's workers, else the pilot's), and with the ranges drawn.\n"
        "Logs: LiteLLM spend logs (CSV or JSON), OpenAI batch output and chat completions\n"
        "(JSONL), and a plain CSV (start, end, first_token, prompt_tokens,\n"
        "completion_tokens, deployment, status).\n"
        "\n"
        "options:\n",
    .epilogue = "\n"
                "example:\n"
                "  raftcost calibrate scenarios/pilot/job.yaml scenarios/pilot/pilot.csv \\\n"
                "      -o calibrated.yaml\n"
                "\n"
                "exit status: 0 success, 1 runtime failure (I/O, a plot that failed), 2 invalid\n"
                "input (the scenario, the log, the command line): then nothing is written.\n",
    .help_column = 30,
    .missing = "'{opt}' needs a value",
    .unknown = "unknown option '{opt}' for 'calibrate'{suggest}",
};

/* The backend keys the scenario has parameters for (calibrate_out.h). */
static unsigned backend_keys(const struct scenario *s, const char *backend)
{
    static const struct {
        const char *key;
        unsigned bit;
    } keys[] = {{"stream", CALIB_KEY_STREAM},
                {"ttft", CALIB_KEY_TTFT},
                {"throughput", CALIB_KEY_THROUGHPUT},
                {"rejects", CALIB_KEY_REJECTS}};
    unsigned bits = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *path = xasprintf("backends.%s.%s", backend, keys[i].key);
        if (params_find(&s->params, path))
            bits |= keys[i].bit;
        free(path);
    }
    return bits;
}

/* The calibrated variant's text, following the scenario's dataset and backends. */
static char *variant_text(const struct calibrate_options *o, const struct scenario *s,
                          const struct usage_log *log, const struct calibration *cal,
                          const struct calib_map *map)
{
    size_t nd = cal->ndeployments;
    const char **backends = xcalloc(nd ? nd : 1, sizeof *backends);
    unsigned *keys = xcalloc(nd ? nd : 1, sizeof *keys);
    for (size_t k = 0; k < nd; k++) {
        const struct calib_map_entry *e = calib_map_find(map, cal->deployments[k].name);
        if (e && e->backend != CALIB_NO_BACKEND) {
            backends[k] = s->backends[e->backend].name;
            keys[k] = backend_keys(s, backends[k]);
        }
    }
    const struct generation *g = &s->generation;
    struct calib_out_options co = {
        .log_name = o->log,
        .chunk_tokens = g->has_dataset ? g->dataset.chunk_tokens : 0,
        .questions_per_chunk = g->has_dataset ? g->dataset.questions_per_chunk : 0,
        .backends = backends,
        .keys = keys,
        .no_dataset = !g->has_dataset,
        .requests = g->has_dataset ? 0 : g->requests,
    };
    struct strbuf out = STRBUF_INIT;
    calib_out_yaml(cal, log, &co, &out);
    free(backends);
    free(keys);
    return strbuf_detach(&out);
}

static char *render(const struct calib_view *v, int format)
{
    if (format == FORMAT_JSON) {
        return json_print(calib_view_json(v));
    }
    struct doc d;
    doc_init(&d);
    calib_view_doc(v, &d);
    char *text = render_doc_string(&d, format == FORMAT_MD ? RENDER_MD : RENDER_TEXT);
    doc_release(&d);
    return text;
}

/* Whether --set names path ("PATH=VALUE"). */
static int set_names(const struct calibrate_options *o, const char *path)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < o->nsets; i++)
        if (strncmp(o->sets[i], path, len) == 0 && o->sets[i][len] == '=')
            return 1;
    return 0;
}

/*
 * The full job predicted: both plans simulated with the scenario's
 * simulation settings, its workers those of its `simulation` mapping (or
 * of --set), else the pilot's most calls in flight; then the ranges from
 * the pilot's spread drawn on the calibrated plan, each sample a
 * replication (unc.h).  A scenario the simulation cannot run (a batch
 * backend) is predicted by the analytic model alone: *sim_error says why.
 * Returns 0, or -1 with d filled.
 */
static int predict(const struct calibrate_options *o, const struct calibration *cal,
                   struct scenario *s, struct scenario *c, struct report *plan,
                   struct report *calibrated, struct calib_view *v, struct unc_result *u,
                   char **sim_error, struct diag *d)
{
    unsigned threads = o->unc.threads ? (unsigned)o->unc.threads : model_sim_default_threads();
    v->workers_from_pilot =
        !s->simulation.present && !set_names(o, "simulation.workers") && cal->peak_in_flight > 0;
    struct scenario *both[2] = {s, c};
    for (int k = 0; k < 2; k++) {
        if (v->workers_from_pilot) {
            struct param *p = params_find(&both[k]->params, "simulation.workers");
            if (params_set(both[k], p, (double)cal->peak_in_flight, PARAMS_KEEP_POSITION, 0, d) !=
                0)
                return -1;
        }
        both[k]->simulation.present = 1;
        if (scenario_validate(both[k], d) != 0)
            return -1;
    }
    v->workers = s->simulation.workers;
    struct diag why = DIAG_INIT;
    if (cli_simulate(s, plan, threads, &why) == 0 &&
        cli_simulate(c, calibrated, threads, &why) == 0) {
        v->simulated = 1;
    } else {
        *sim_error = xstrdup(why.message ? why.message : "the simulation failed");
        v->sim_error = *sim_error;
        model_sim_release(&plan->simulation);
        s->simulation.present = c->simulation.present = 0;
    }
    diag_release(&why);
    if (o->unc.samples == 0 || unc_count_inputs(c) == 0)
        return 0;
    struct unc_options uo = UNC_OPTIONS_INIT;
    uo.samples = o->unc.samples == ULONG_MAX ? CALIBRATE_DEFAULT_SAMPLES : o->unc.samples;
    uo.seed = o->unc.seed;
    if (o->unc.method >= 0)
        uo.method = (enum sample_method)o->unc.method;
    uo.threads = o->unc.threads;
    if (unc_cli_sample(c, &uo, u, d) != 0)
        return -1;
    calibrated->uncertainty = u;
    return 0;
}

int cmd_calibrate(int argc, char **argv)
{
    struct calibrate_options o;
    struct diag d = DIAG_INIT;
    struct scenario s, c;
    struct report plan, calibrated;
    struct usage_log log = USAGE_LOG_INIT;
    struct calibration cal;
    struct calib_map map = {0};
    struct scenario_calib_settings settings = SCENARIO_CALIB_SETTINGS_INIT;
    struct unc_result u;
    int loaded = 0, cloned = 0, planned = 0, recalibrated = 0, calibrated_log = 0, sampled = 0;
    char *yaml = NULL, *report = NULL, *sim_error = NULL;
    int status = cli_parse(&cmd_calibrate_spec, argc, argv, &o);
    if (status >= 0)
        return status;
    if (unc_cli_check(&cmd_calibrate_spec, &o.unc) != 0) {
        status = CLI_INVALID;
        goto out;
    }
    if (o.plot_format >= 0 && !o.plots) {
        status = cli_spec_error(&cmd_calibrate_spec,
                                "--plot-format needs --plots DIR to say where the plots go");
        goto out;
    }
    status = CLI_INVALID;
    if (cli_load(&s, o.scenario, o.variant, o.sets, NULL, o.nsets, &d) != 0)
        goto fail;
    loaded = 1;
    if (!s.generation.present) {
        diag_plain(&d, "'%s' has no generation phase to calibrate", o.scenario);
        goto fail;
    }
    if (calib_cli_read_log(o.log, o.log_format, &s, &log, &d) != 0)
        goto fail;
    const struct generation *g = &s.generation;
    struct calib_options copt = {.questions_per_chunk =
                                     g->has_dataset ? g->dataset.questions_per_chunk : 0,
                                 .keep_points = o.plots != NULL};
    if (calibrate(&log, &copt, &cal, &d) != 0)
        goto fail;
    calibrated_log = 1;
    if (calib_map_build(&s, &log, o.maps, o.nmaps, &map, &d) != 0)
        goto fail;

    /* The variant is applied to a copy first: what it says must load. */
    yaml = variant_text(&o, &s, &log, &cal, &map);
    scenario_clone(&s, &c);
    cloned = 1;
    if (scenario_calib_apply(&c, o.output ? o.output : "the calibrated variant", yaml, strlen(yaml),
                             0, 0, &settings, &d) != 0 ||
        scenario_validate(&c, &d) != 0)
        goto fail;
    if (model_run(&s, &plan, &d) != 0)
        goto fail;
    planned = 1;
    if (model_run(&c, &calibrated, &d) != 0)
        goto fail;
    recalibrated = 1;

    struct calib_view v = {&s,    &log,        o.log, &cal, &map, &settings, o.output,
                           &plan, &calibrated, 0,     NULL, 0,    0};
    if (predict(&o, &cal, &s, &c, &plan, &calibrated, &v, &u, &sim_error, &d) != 0)
        goto fail;
    sampled = calibrated.uncertainty != NULL;
    report = render(&v, o.format);
    if (!report) {
        fprintf(stderr, "raftcost: error: cannot render the report: %s\n", strerror(errno));
        status = CLI_RUNTIME;
        goto out;
    }
    if (o.output && write_output_file(o.output, yaml, strlen(yaml)) != 0) {
        fprintf(stderr, "raftcost: error: cannot write '%s': %s\n", o.output, strerror(errno));
        status = CLI_RUNTIME;
        goto out;
    }
    status = cli_write_output(NULL, report);
    if (status == CLI_OK && o.plots)
        status = cli_plot_status(
            plot_write_calibration(&s, &cal, o.log, NULL, NULL, o.plots,
                                   (enum plot_format)(o.plot_format < 0 ? PLOT_PNG : o.plot_format),
                                   &d),
            o.plots, &d);
    goto out;
fail:
    diag_render(&d, stderr);
out:
    free(report);
    free(yaml);
    free(sim_error);
    if (sampled)
        unc_result_release(&u);
    scenario_calib_settings_release(&settings);
    if (recalibrated)
        report_release(&calibrated);
    if (planned)
        report_release(&plan);
    if (cloned)
        scenario_release(&c);
    calib_map_release(&map);
    if (calibrated_log)
        calibration_release(&cal);
    usage_log_release(&log);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    opts_release(&cmd_calibrate_spec, &o);
    return status;
}
