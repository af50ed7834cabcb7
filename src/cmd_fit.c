/*
 * cmd_fit: `raftcost fit FILE.csv`, throughput curves fitted to benchmark
 * points.  Reads the points, fits the chosen models with the curve module
 * and writes a text or JSON report to standard output or, atomically, to a
 * file.  All the arithmetic lives in curve.c; this file only parses options
 * and formats.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "bench.h"
#include "cli.h"
#include "commands.h"
#include "curve.h"
#include "diag.h"
#include "json_out.h"
#include "model_series.h"
#include "plot.h"
#include "util.h"

enum fit_format { FORMAT_TEXT, FORMAT_JSON };

struct fit_options {
    const char *csv; /* the first file: it names the plot */
    const char **files;
    size_t nfiles;
    int model;  /* a curve_model, or -1 for all */
    int format; /* an enum fit_format */
    const char *output;
    const char *plots; /* folder for the plot, or NULL */
    int plot_format;   /* an enum plot_format; -1 until checked */
    int quiet;
};

/* Two R^2 closer than this are a tie, which goes to the simpler model. */
#define R2_TIE 1e-9

/* ---- the command line ---- */

static const struct fit_options fit_defaults = {
    .model = -1, .format = FORMAT_TEXT, .plot_format = -1};

static const struct opts_choice fit_models[] = {
    {"saturating", CURVE_SATURATING},
    {"usl", CURVE_USL},
    {"table", CURVE_TABLE},
    {"all", -1},
    {NULL, 0},
};

static const struct opts_choice fit_formats[] = {
    {"text", FORMAT_TEXT},
    {"json", FORMAT_JSON},
    {NULL, 0},
};

static const struct opt fit_table[] = {
    OPT_CHOICE('m', "model", &fit_defaults.model, fit_models, "MODEL",
               "saturating, usl, table or all (default all)",
               .invalid = "unknown model '{arg}', expected {choices}"),
    OPT_CHOICE('f', "format", &fit_defaults.format, fit_formats, "FMT", "text (default) or json",
               .invalid = "unknown format '{arg}' for 'fit', expected {choices}"),
    OPT_STRING('o', "output", &fit_defaults.output, "FILE",
               "write the report to FILE instead of standard output"),
    OPT_STRING(0, "plots", &fit_defaults.plots, "DIR",
               "also draw the points and the fitted curves, each with its\n"
               "knee, with gnuplot into DIR: curve-NAME.png (NAME: FILE's\n"
               "name without its extension) beside its data curve-NAME.dat\n"
               "and its script curve-NAME.gp",
               .flags = OPTS_NONEMPTY, .invalid = "'{opt}' needs a folder for the plot"),
    OPT_CHOICE(0, "plot-format", &fit_defaults.plot_format, cli_plot_formats, NULL,
               "the picture's format (default png)",
               .invalid = "unknown plot format '{arg}', expected {choices}"),
    CLI_OPT_QUIET(&fit_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARGS(&fit_defaults.files, &fit_defaults.nfiles, "FILE",
             .missing = "'fit' needs a file of benchmark points: raftcost fit FILE.csv"),
    OPT_END(),
};

const struct opts_spec cmd_fit_spec = {
    .name = "fit",
    .options = fit_table,
    .defaults = &fit_defaults,
    .size = sizeof fit_defaults,
    .usage =
        "usage: raftcost fit FILE... [--model saturating|usl|table|all] [-f text|json] [-o FILE]\n"
        "                    [--plots DIR [--plot-format png|svg|pdf]]\n",
    .description = "\n"
                   "Fits throughput curves to benchmark points: a CSV table whose header names\n"
                   "the columns ('concurrency' and 'output_tok_s' or 'throughput', optionally\n"
                   "'ttft_ms' and 'itl_ms'; '#' starts a comment), or the exports of common\n"
                   "benchmark tools, a run a file: GenAI-Perf and AIPerf (profile_export_*.csv\n"
                   "or .json), vLLM's benchmark_serving result JSON, llmperf's *_summary.json.\n"
                   "Several files make one set of points.\n"
                   "\n",
    .epilogue = "\n"
                "Without gnuplot on the PATH the report still comes out, with a warning.\n",
    .help_column = 22,
    .missing = "'{opt}' needs a value",
    .unknown = "unknown option '{opt}' for 'fit'{suggest}",
    /* The first usage line is printed after an error in the options. */
    .flags = OPTS_HINT_USAGE,
};

/* Returns -1 to go on, or an exit status (help, error). */
static int parse_options(int argc, char **argv, struct fit_options *opt)
{
    int status = cli_parse(&cmd_fit_spec, argc, argv, opt);
    if (status >= 0)
        return status;
    if (opt->plot_format >= 0 && !opt->plots) {
        opts_release(&cmd_fit_spec, opt);
        return cli_spec_error(&cmd_fit_spec,
                              "'--plot-format' needs '--plots DIR' to say where the plot goes");
    }
    if (opt->plot_format < 0)
        opt->plot_format = PLOT_PNG;
    opt->csv = opt->files[0];
    return -1;
}

/*
 * The best of the fitted models: the highest R^2, the table excluded (it
 * passes through every point).  -1 when no model qualifies.
 */
static int best_fit(const struct curve_fit *fits, size_t count)
{
    int best = -1;
    for (size_t i = 0; i < count; i++) {
        if (fits[i].model == CURVE_TABLE || !isfinite(fits[i].r2))
            continue;
        if (best < 0 || fits[i].r2 > fits[best].r2 + R2_TIE)
            best = (int)i;
    }
    return best;
}

/* ---- text ---- */

/* A number for people, to `digits` significant digits; "n/a" when it does not exist. */
static const char *num(char *buf, size_t size, double v, int digits)
{
    if (isnan(v))
        snprintf(buf, size, "n/a");
    else if (isinf(v))
        snprintf(buf, size, "unbounded");
    else
        snprintf(buf, size, "%.*g", digits, v);
    return buf;
}

static const char *model_formula(enum curve_model model)
{
    switch (model) {
    case CURVE_SATURATING:
        return "X(c) = x_max * c / (c_half + c)";
    case CURVE_USL:
        return "X(N) = lambda * N / (1 + sigma * (N - 1) + kappa * N * (N - 1))";
    case CURVE_TABLE:
        break;
    }
    return "piecewise-linear through the points";
}

static const char *param_unit(const char *name)
{
    if (strcmp(name, "x_max") == 0)
        return "tok/s";
    if (strcmp(name, "c_half") == 0)
        return "concurrent requests";
    if (strcmp(name, "lambda") == 0)
        return "tok/s per request";
    return "";
}

/* Appends a formatted line without trailing blanks (empty unit columns). */
static void add_line(struct strbuf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add_line(struct strbuf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = xvasprintf(fmt, ap);
    va_end(ap);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ')
        n--;
    strbuf_add(out, line, n);
    strbuf_puts(out, "\n");
    free(line);
}

static void text_fit(struct strbuf *out, const struct curve_fit *fit)
{
    char a[32], b[32];
    add_line(out, "%-12s %s", curve_model_name(fit->model), model_formula(fit->model));
    for (size_t k = 0; k < fit->nparams; k++) {
        const char *name = fit->param_names[k], *unit = param_unit(name);
        num(a, sizeof a, fit->params[k], 6);
        if (fit->at_bound[k])
            add_line(out, "  %-10s %-12s (held at its bound)", name, a);
        else if (isnan(fit->std_error[k]))
            add_line(out, "  %-10s %-12s %s%s(no std. error: as many points as parameters)", name,
                     a, unit, *unit ? " " : "");
        else
            add_line(out, "  %-10s %-12s +/- %-10s %s", name, a,
                     num(b, sizeof b, fit->std_error[k], 3), unit);
    }
    if (fit->model != CURVE_TABLE) {
        add_line(out, "  %-10s %s", "R^2", num(a, sizeof a, fit->r2, 6));
        add_line(out, "  %-10s %s tok/s", "RMSE", num(a, sizeof a, fit->rmse, 6));
    }
    if (isinf(fit->max_tok_s))
        add_line(out, "  %-10s unbounded: throughput grows without limit", "max");
    else if (isinf(fit->max_at))
        add_line(out, "  %-10s %s tok/s, approached as concurrency grows without bound", "max",
                 num(a, sizeof a, fit->max_tok_s, 6));
    else
        add_line(out, "  %-10s %s tok/s at concurrency %s", "max",
                 num(a, sizeof a, fit->max_tok_s, 6), num(b, sizeof b, fit->max_at, 6));
    if (isnan(fit->knee))
        add_line(out, "  %-10s none: no maximum to reach 90%% of", "knee");
    else
        add_line(out, "  %-10s concurrency %s reaches 90%% of max", "knee",
                 num(a, sizeof a, fit->knee, 6));
}

static char *render_text(const struct fit_options *opt, const struct curve_points *points,
                         const struct curve_fit *fits, size_t count)
{
    struct strbuf out = STRBUF_INIT;
    (void)opt;
    strbuf_printf(&out, "fit of %s: %zu point%s\n", points->file, fits[0].n,
                  fits[0].n == 1 ? "" : "s");
    if (points->ttft_ms || points->itl_ms) {
        /* What the benchmark measured besides the throughput, as read. */
        strbuf_puts(&out, "\n");
        add_line(&out, "  %12s %12s %10s %10s", "concurrency", "tok/s", "ttft ms", "itl ms");
        for (size_t i = 0; i < points->n; i++) {
            char a[32], b[32], c[32], e[32];
            add_line(&out, "  %12s %12s %10s %10s", num(a, sizeof a, points->concurrency[i], 6),
                     num(b, sizeof b, points->tok_s[i], 6),
                     num(c, sizeof c, points->ttft_ms ? points->ttft_ms[i] : NAN, 4),
                     num(e, sizeof e, points->itl_ms ? points->itl_ms[i] : NAN, 4));
        }
    }
    for (size_t i = 0; i < count; i++) {
        strbuf_puts(&out, "\n");
        text_fit(&out, &fits[i]);
    }
    size_t ranked = 0;
    for (size_t i = 0; i < count; i++)
        ranked += fits[i].model != CURVE_TABLE;
    if (ranked > 1) {
        int best = best_fit(fits, count);
        strbuf_puts(&out, "\n");
        if (best < 0) {
            strbuf_puts(&out, "best fit: none (R^2 is undefined: all points have the same "
                              "throughput)\n");
        } else {
            const char *tie = NULL;
            for (size_t i = 0; i < count; i++)
                if ((int)i != best && fits[i].model != CURVE_TABLE &&
                    fabs(fits[i].r2 - fits[best].r2) <= R2_TIE)
                    tie = curve_model_name(fits[i].model);
            if (tie)
                strbuf_printf(&out,
                              "best fit: %s (its R^2 ties with %s's; the model with fewer "
                              "parameters wins)\n",
                              curve_model_name(fits[best].model), tie);
            else
                strbuf_printf(&out,
                              "best fit: %s (highest R^2; the table passes through every point "
                              "and is not ranked)\n",
                              curve_model_name(fits[best].model));
        }
    }
    return strbuf_detach(&out);
}

/* ---- JSON ---- */

/* Adds a number, or null when it does not exist (NaN or infinite). */
static int add_number(cJSON *obj, const char *key, double v)
{
    if (isfinite(v))
        return cJSON_AddNumberToObject(obj, key, v) != NULL;
    return cJSON_AddNullToObject(obj, key) != NULL;
}

static int json_fit(cJSON *array, const struct curve_fit *fit)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj || !cJSON_AddItemToArray(array, obj)) {
        cJSON_Delete(obj);
        return 0;
    }
    int ok = cJSON_AddStringToObject(obj, "model", curve_model_name(fit->model)) != NULL;
    ok &= add_number(obj, "n", (double)fit->n);
    cJSON *params = cJSON_AddObjectToObject(obj, "params");
    cJSON *errors = cJSON_AddObjectToObject(obj, "stderr");
    ok &= params != NULL && errors != NULL;
    for (size_t k = 0; ok && k < fit->nparams; k++) {
        ok &= add_number(params, fit->param_names[k], fit->params[k]);
        ok &= add_number(errors, fit->param_names[k], fit->std_error[k]);
    }
    ok &= add_number(obj, "r2", fit->r2);
    ok &= add_number(obj, "rmse", fit->rmse);
    ok &= add_number(obj, "max_tok_s", fit->max_tok_s);
    ok &= add_number(obj, "max_at", fit->max_at);
    ok &= add_number(obj, "knee_concurrency", fit->knee);
    return ok;
}

/* Returns the report (the caller frees it), or NULL when memory ran out. */
static char *render_json(const struct curve_points *points, const struct curve_fit *fits,
                         size_t count)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(root, "points");
    int ok = root && list;
    /* The points as read, sorted by concurrency; a latency not measured is null. */
    for (size_t i = 0; ok && i < points->n; i++) {
        cJSON *p = cJSON_CreateObject();
        ok = p && cJSON_AddItemToArray(list, p);
        ok = ok && add_number(p, "concurrency", points->concurrency[i]);
        ok = ok && add_number(p, "output_tok_s", points->tok_s[i]);
        ok = ok && add_number(p, "ttft_ms", points->ttft_ms ? points->ttft_ms[i] : NAN);
        ok = ok && add_number(p, "itl_ms", points->itl_ms ? points->itl_ms[i] : NAN);
    }
    cJSON *array = ok ? cJSON_AddArrayToObject(root, "fits") : NULL;
    ok = ok && array;
    for (size_t i = 0; ok && i < count; i++)
        ok = json_fit(array, &fits[i]);
    int best = best_fit(fits, count);
    if (ok)
        ok = (best < 0 ? cJSON_AddNullToObject(root, "best")
                       : cJSON_AddStringToObject(root, "best",
                                                 curve_model_name(fits[best].model))) != NULL;
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return json_print(root);
}

/* ---- the command ---- */

/* The plot after the report: a missing gnuplot is a warning, a failing one an error. */
static int draw_plot(const struct fit_options *opt, const struct curve_points *points,
                     const struct curve_fit *fits, size_t count)
{
    struct diag d = DIAG_INIT;
    int status = CLI_OK;
    /* As in the text report, a best fit only among several ranked models. */
    size_t ranked = 0;
    for (size_t i = 0; i < count; i++)
        ranked += fits[i].model != CURVE_TABLE;
    int best = ranked > 1 ? best_fit(fits, count) : -1;
    /* The curves as the model reads them, sampled for the picture. */
    struct model_curve_series series;
    model_curve_series(points, fits, count, NAN, NAN, &series);
    enum plot_status drawn =
        plot_write_fit(opt->csv, &series, best, opt->plots, opt->plot_format, &d);
    model_curve_series_release(&series);
    switch (drawn) {
    case PLOT_DRAWN:
        break;
    case PLOT_NO_GNUPLOT:
        cli_warning("gnuplot is not on the PATH: no plot drawn (its data and script are in "
                    "'%s')",
                    opt->plots);
        break;
    case PLOT_FAILED:
        diag_render(&d, stderr);
        status = CLI_RUNTIME;
        break;
    }
    diag_release(&d);
    return status;
}

int cmd_fit(int argc, char **argv)
{
    struct fit_options opt;
    struct diag d = DIAG_INIT;
    struct curve_points points = CURVE_POINTS_INIT;
    struct curve_fit fits[CURVE_MODEL_COUNT];
    size_t count = 0;
    char *report = NULL;
    int status = CLI_INVALID;

    int parsed = parse_options(argc, argv, &opt);
    if (parsed >= 0)
        return parsed;
    if (bench_read(opt.files, opt.nfiles, &points, &d) != 0)
        goto out;
    for (int m = 0; m < CURVE_MODEL_COUNT; m++) {
        if (opt.model >= 0 && m != opt.model)
            continue;
        if (curve_fit(&points, (enum curve_model)m, &fits[count], &d) != 0)
            goto out;
        count++;
    }
    report = opt.format == FORMAT_JSON ? render_json(&points, fits, count)
                                       : render_text(&opt, &points, fits, count);
    if (!report) {
        fputs("raftcost: error: out of memory while writing the report\n", stderr);
        status = CLI_RUNTIME;
        goto out;
    }
    status = cli_write_output(opt.output, report);
    if (status == CLI_OK && opt.plots)
        status = draw_plot(&opt, &points, fits, count);
out:
    diag_render(&d, stderr);
    diag_release(&d);
    free(report);
    for (size_t i = 0; i < count; i++)
        curve_fit_release(&fits[i]);
    curve_points_release(&points);
    free(opt.files);
    return status;
}
