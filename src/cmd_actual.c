/*
 * cmd_actual: `raftcost actual SCENARIO.yaml LOG`, a job's plan against its
 * usage log: per backend and for the job, tokens, requests, cost, time,
 * throughput and 429s with their deviation from the plan; for a job still
 * running, the progress, the projected finish and cost, and exit status 3
 * when the projection breaks a budget or a deadline, so that it can run
 * from cron or CI.  The figures come from calib_plan.h; this file parses
 * options, wires and writes.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib_cli.h"
#include "calib_map.h"
#include "calib_plan.h"
#include "calib_view.h"
#include "cli.h"
#include "commands.h"
#include "json_out.h"
#include "model.h"
#include "plot_calib.h"
#include "quantity.h"
#include "render.h"
#include "timestamp.h"
#include "util.h"

enum actual_format { FORMAT_TEXT, FORMAT_MD, FORMAT_JSON, FORMAT_CSV };

struct actual_options {
    struct cli_sets assign; /* --set and --budget; first, for cli_opt_set */
    const char *scenario, *log;
    const char *output;
    int format;
    int log_format;
    const char *now, *window, *deadline;
    const char **maps;
    size_t nmaps;
    const char *variant;
    const char *plots;
    int plot_format;
    int quiet; /* -q */
};
_Static_assert(offsetof(struct actual_options, assign) == 0,
               "cli_opt_set finds the assignments first");

static void options_release(struct actual_options *o)
{
    cli_sets_release(&o->assign);
    free(o->maps);
}

static const struct actual_options actual_defaults = {
    .format = FORMAT_TEXT, .log_format = USAGE_AUTO, .plot_format = -1};

static const struct opts_choice actual_formats[] = {{"text", FORMAT_TEXT},
                                                    {"md", FORMAT_MD},
                                                    {"json", FORMAT_JSON},
                                                    {"csv", FORMAT_CSV},
                                                    {NULL, 0}};

static const struct opt actual_table[] = {
    OPT_CHOICE('f', "format", &actual_defaults.format, actual_formats, NULL,
               "report format (default text)", .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown format '{arg}' for 'actual', expected {choices}"),
    OPT_STRING('o', "output", &actual_defaults.output, "FILE",
               "write the report to FILE (atomically)", .flags = OPTS_NONEMPTY,
               .missing = "{opt} needs a file name"),
    OPT_STRING(0, "now", &actual_defaults.now, "TIME",
               "the time to report at (ISO 8601 or Unix seconds;\n"
               "default: the log's last time); later records\n"
               "are left out",
               .missing = "{opt} needs a time, such as '2024-06-01T12:00:00Z'"),
    OPT_STRING(0, "window", &actual_defaults.window, "DURATION",
               "the projection's rate: over the last DURATION\n"
               "(default 1 h; 0 for the whole run)",
               .missing = "{opt} needs a duration, such as '30 min'"),
    OPT_STRING(0, "deadline", &actual_defaults.deadline, "TIME",
               "a finish to meet (ISO 8601 or Unix seconds):\n"
               "a projection after it exits with status 3",
               .missing = "{opt} needs a time, such as '2024-06-03T18:00:00Z'"),
    OPT_CALLBACK(0, "budget", cli_opt_budget, "KEY=AMOUNT",
                 "check a budget against the projection: one_off or\n"
                 "horizon (same as --set budget.KEY=AMOUNT)",
                 .missing = "{opt} needs KEY=AMOUNT, such as 'one_off=500'"),
    OPT_CHOICE(0, "format-log", &actual_defaults.log_format, calib_cli_log_formats, "FMT",
               "the log's format: auto (default), litellm,\n"
               "litellm-csv, litellm-json, jsonl or csv",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown log format '{arg}', expected {choices}"),
    OPT_LIST(0, "map", &actual_defaults.maps, &actual_defaults.nmaps, "DEPLOYMENT=BACKEND",
             "the log's deployments matching DEPLOYMENT (a glob)\n"
             "are BACKEND; repeatable, the first match wins",
             .missing = "{opt} needs DEPLOYMENT=BACKEND, such as 'http://maap-*=maap'"),
    OPT_CALLBACK(0, "set", cli_opt_set, "PATH=VALUE",
                 "change one number of the plan first; repeatable",
                 .missing = "{opt} needs PATH=VALUE, such as 'backends.maap.count=3'"),
    OPT_STRING(0, "variant", &actual_defaults.variant, "NAME",
               "apply the scenario's variant NAME first",
               .missing = "{opt} needs the name of a variant"),
    OPT_STRING(0, "plots", &actual_defaults.plots, "DIR",
               "draw actual.png (cost and tokens against time)\n"
               "and stream.png into DIR",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a folder for the plots"),
    OPT_CHOICE(0, "plot-format", &actual_defaults.plot_format, cli_plot_formats, NULL,
               "picture format for --plots (default png)",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown plot format '{arg}' (use {choices})"),
    CLI_OPT_QUIET(&actual_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARG(&actual_defaults.scenario, "SCENARIO.yaml",
            .missing = "'actual' needs a scenario and a log: raftcost actual SCENARIO.yaml LOG"),
    OPT_ARG(&actual_defaults.log, "LOG",
            .missing = "'actual' needs the job's usage log after the scenario",
            .invalid = "'actual' takes a scenario and one log, got '{arg}' too"),
    OPT_END(),
};

const struct opts_spec cmd_actual_spec = {
    .name = "actual",
    .options = actual_table,
    .defaults = &actual_defaults,
    .size = sizeof actual_defaults,
    .usage = "usage: raftcost actual SCENARIO.yaml LOG [-f text|md|json|csv] [--now TIME]\n"
             "                       [--window DURATION] [--deadline TIME]\n"
             "                       [--budget KEY=AMOUNT] [--plots DIR]\n",
    .description =
        "\n"
        "Compares a generation job with its plan from the job's usage log: per backend\n"
        "and for the job, requests, tokens, cost, time, throughput and 429s, each beside\n"
        "the plan at the progress made and its deviation; for a job still running, the\n"
        "projected finish and cost at the rate of the last hour.\n"
        "\n"
        "options:\n",
    .epilogue = "\n"
                "example (every hour from cron):\n"
                "  raftcost actual scenarios/pilot/job.yaml scenarios/pilot/running.csv \\\n"
                "      --budget one_off=20\n"
                "\n"
                "exit status: 0 on plan, 1 runtime failure (I/O, a plot that failed), 2 invalid\n"
                "input, 3 the projection breaks a budget or a deadline (the report is written\n"
                "all the same).\n",
    .help_column = 30,
    .missing = "'{opt}' needs a value",
    .unknown = "unknown option '{opt}' for 'actual'{suggest}",
};

/* A time option: ISO 8601 or Unix seconds.  NaN when not given. */
static int parse_time(const char *option, const char *text, double *out)
{
    *out = NAN;
    if (!text)
        return 0;
    const char *why = NULL;
    size_t offset = 0;
    if (timestamp_parse(text, strlen(text), TIMESTAMP_EPOCH, out, &why, &offset) != 0)
        return cli_spec_error(&cmd_actual_spec, "%s '%s' is not a time: %s", option, text, why);
    return 0;
}

static int parse_window(const char *text, double *out)
{
    *out = PROJECTION_WINDOW_S;
    if (!text)
        return 0;
    if (strcmp(text, "0") == 0) {
        *out = 0;
        return 0;
    }
    char *message = NULL;
    int offset;
    if (quantity_parse(text, QK_DURATION, 0, "--window", out, &message, &offset) != 0) {
        int rc = cli_spec_error(&cmd_actual_spec, "%s", message);
        free(message);
        return rc;
    }
    return 0;
}

static char *render(const struct actual_view *v, int format)
{
    if (format == FORMAT_JSON) {
        return json_print(actual_view_json(v));
    }
    if (format == FORMAT_CSV) {
        struct strbuf sb = STRBUF_INIT;
        actual_view_csv(v, &sb);
        return strbuf_detach(&sb);
    }
    struct doc d;
    doc_init(&d);
    actual_view_doc(v, &d);
    char *text = render_doc_string(&d, format == FORMAT_MD ? RENDER_MD : RENDER_TEXT);
    doc_release(&d);
    return text;
}

/* The plots: the job against its plan, and the log's speeds. */
static int draw(const struct actual_options *o, const struct scenario *s,
                const struct usage_log *log, const struct plan_actual *pa, struct diag *d)
{
    const struct generation *g = &s->generation;
    struct calibration cal;
    struct calib_options copt = {.questions_per_chunk =
                                     g->has_dataset ? g->dataset.questions_per_chunk : 0,
                                 .keep_points = 1};
    struct diag ignored = DIAG_INIT;
    int has_cal = calibrate(log, &copt, &cal, &ignored) == 0;
    diag_release(&ignored);
    struct pa_series series;
    plan_actual_series(pa, log, &series);
    enum plot_status st = plot_write_calibration(
        s, has_cal ? &cal : NULL, o->log, pa, &series, o->plots,
        (enum plot_format)(o->plot_format < 0 ? PLOT_PNG : o->plot_format), d);
    pa_series_release(&series);
    if (has_cal)
        calibration_release(&cal);
    return cli_plot_status(st, o->plots, d);
}

int cmd_actual(int argc, char **argv)
{
    struct actual_options o;
    struct diag d = DIAG_INIT;
    struct scenario s;
    struct report plan;
    struct usage_log log = USAGE_LOG_INIT;
    struct calib_map map = {0};
    struct plan_actual pa;
    int loaded = 0, planned = 0, compared = 0;
    char *report = NULL;
    int status = cli_parse(&cmd_actual_spec, argc, argv, &o);
    if (status >= 0)
        return status;
    double now, deadline, window;
    if (o.plot_format >= 0 && !o.plots) {
        status = cli_spec_error(&cmd_actual_spec,
                                "--plot-format needs --plots DIR to say where the plots go");
        goto out;
    }
    if ((status = parse_time("--now", o.now, &now)) != 0 ||
        (status = parse_time("--deadline", o.deadline, &deadline)) != 0 ||
        (status = parse_window(o.window, &window)) != 0)
        goto out;
    status = CLI_INVALID;
    if (cli_load(&s, o.scenario, o.variant, o.assign.sets, o.assign.origins, o.assign.n, &d) != 0)
        goto fail;
    loaded = 1;
    if (model_run(&s, &plan, &d) != 0)
        goto fail;
    planned = 1;
    if (!plan.generation.present) {
        diag_plain(&d, "'%s' has no generation phase to compare the log with", o.scenario);
        goto fail;
    }
    if (calib_cli_read_log(o.log, o.log_format, &s, &log, &d) != 0)
        goto fail;
    if (!isnan(now)) {
        double first = NAN;
        for (size_t i = 0; i < log.n; i++)
            if (!isnan(log.records[i].start_s) && !(log.records[i].start_s >= first))
                first = log.records[i].start_s;
        if (now < first) {
            char when[32];
            timestamp_format(first, when, sizeof when);
            diag_plain(&d, "--now '%s' is before the log's first request, at %s", o.now, when);
            goto fail;
        }
    }
    size_t dropped = plan_actual_cut(&log, now);
    if (calib_map_build(&s, &log, o.maps, o.nmaps, &map, &d) != 0)
        goto fail;
    struct plan_actual_options po = {now, window, deadline};
    if (plan_actual_compute(&s, &plan, &log, &map, &po, &pa, &d) != 0)
        goto fail;
    compared = 1;

    struct actual_view v = {&s, &plan, &log, o.log, &map, &pa, dropped, window};
    report = render(&v, o.format);
    if (!report) {
        fprintf(stderr, "raftcost: error: cannot render the report: %s\n", strerror(errno));
        status = CLI_RUNTIME;
        goto out;
    }
    status = cli_write_output(o.output, report);
    if (status == CLI_OK && o.plots)
        status = draw(&o, &s, &log, &pa, &d);
    if (status == CLI_OK && pa.over) {
        fprintf(stderr, "raftcost: the projection breaks:%s%s%s%s\n",
                pa.over_one_off ? " the one-off budget" : "",
                pa.over_horizon ? " the horizon budget" : "",
                pa.over_deadline ? " the deadline" : "", pa.over_deadline_at ? " --deadline" : "");
        status = CLI_OVER_BUDGET;
    }
    goto out;
fail:
    diag_render(&d, stderr);
out:
    free(report);
    if (compared)
        plan_actual_release(&pa);
    calib_map_release(&map);
    usage_log_release(&log);
    if (planned)
        report_release(&plan);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    options_release(&o);
    return status;
}
