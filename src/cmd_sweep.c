/*
 * raftcost sweep: runs the model for each value of one or more parameters
 * and prints one row a value (a grid for several --vary), with the key
 * figures of each report.  Each point is exactly the run
 * `raftcost --set PATH=VALUE SCENARIO.yaml` would make: the value goes
 * through the parameter table as the text "20000 /day", in the unit FROM
 * was written in.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "figures.h"
#include "model.h"
#include "progress.h"
#include "render.h"
#include "render_csv.h"
#include "util.h"

#define MAX_POINTS 1000000

enum sweep_format { SWEEP_TEXT, SWEEP_CSV, SWEEP_JSON };

struct axis {
    const char *spec;
    struct param *param;
    int choice;      /* a choice parameter: numbers are indexes, texts the names */
    char *unit;      /* as FROM (or TO) was written: "/day" */
    double *numbers; /* the values in that unit */
    char **texts;    /* "20000 /day", as given to --set */
    double *values;  /* in base units */
    size_t n;
};

static void axis_release(struct axis *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->texts[i]);
    free(a->texts);
    free(a->unit);
    free(a->numbers);
    free(a->values);
}

/* The value of point i of an axis in JSON: a number in the axis' unit, or a choice's name. */
static cJSON *axis_json_value(const struct axis *a, size_t i)
{
    return a->choice ? cJSON_CreateString(a->texts[i]) : cJSON_CreateNumber(a->numbers[i]);
}

/* The parameter at path, or a usage error (with suggestions) and NULL. */
static struct param *axis_param(struct scenario *s, const char *path)
{
    struct param *param = params_find(&s->params, path);
    if (param)
        return param;
    char *msg = params_unknown(&s->params, path);
    cli_usage_error("sweep", "--vary: %s", msg);
    free(msg);
    return NULL;
}

/*
 * Parses the list form "PATH=A,B,C": the values as given, in their order.
 * Numbers share one unit as a range's ends do; choices are names.
 */
static int axis_parse_list(struct axis *a, const char *spec, const char *path, char *list)
{
    size_t n = 1;
    for (const char *c = list; *c; c++)
        n += *c == ',';
    a->numbers = xcalloc(n, sizeof *a->numbers);
    a->values = xcalloc(n, sizeof *a->values);
    a->texts = xcalloc(n, sizeof *a->texts);
    a->unit = xstrdup("");
    char *item = list;
    for (size_t i = 0; i < n; i++) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        /* Blanks around an item are the shell's, not the value's. */
        while (*item == ' ')
            item++;
        for (size_t len = strlen(item); len > 0 && item[len - 1] == ' '; len--)
            item[len - 1] = '\0';
        if (!*item) {
            cli_usage_error("sweep", "--vary '%s': the list has an empty value", spec);
            return CLI_INVALID;
        }
        const char *unit = "";
        if (!a->choice && quantity_split(item, &a->numbers[i], &unit) != 0) {
            cli_usage_error("sweep", "--vary %s: '%s' is not a number", path, item);
            return CLI_INVALID;
        }
        if (*unit && *a->unit && strcmp(unit, a->unit) != 0) {
            cli_usage_error("sweep",
                            "--vary '%s': the values must be in the same unit ('%s' and '%s')",
                            spec, a->unit, unit);
            return CLI_INVALID;
        }
        if (*unit && !*a->unit) {
            free(a->unit);
            a->unit = xstrdup(unit);
        }
        a->texts[i] = xstrdup(item);
        a->n = i + 1;
        item = comma ? comma + 1 : item + strlen(item);
    }
    /* Each value as --set would take it: a number in the list's unit, or the choice's name. */
    for (size_t i = 0; i < a->n; i++) {
        char *msg = NULL;
        int off;
        if (!a->choice) {
            free(a->texts[i]);
            a->texts[i] = xasprintf("%.12g%s%s", a->numbers[i], *a->unit ? " " : "", a->unit);
        }
        if (params_parse(a->param, a->texts[i], &a->values[i], &msg, &off)) {
            cli_usage_error("sweep", "--vary %s: %s", path, msg);
            free(msg);
            return CLI_INVALID;
        }
        if (a->choice)
            a->numbers[i] = a->values[i];
    }
    if (a->n < 2) {
        cli_usage_error("sweep", "--vary '%s': a list needs at least two values", spec);
        return CLI_INVALID;
    }
    return CLI_OK;
}

/*
 * Parses "PATH=FROM..TO[:N][:log]", or the list form "PATH=A,B,C" (the only
 * form for a choice), against the scenario's parameter table.
 */
static int axis_parse(struct axis *a, const char *spec, struct scenario *s)
{
    int rc = CLI_INVALID;
    char *copy = xstrdup(spec);
    char *eq = strchr(copy, '=');
    char *dots = eq ? strstr(eq + 1, "..") : NULL;
    const char *form = "expected PATH=FROM..TO[:N][:log], such as 'backends.maap.count=1..8'";
    a->spec = spec;
    if (eq && eq != copy) {
        /* A choice, or a value with a comma: the list form. */
        *eq = '\0';
        struct param *param = params_find(&s->params, copy);
        int list = !dots && strchr(eq + 1, ',') != NULL;
        if (param && param->type == PARAM_CHOICE && !list) {
            cli_usage_error("sweep",
                            "--vary '%s': a choice takes a list of values, such as '%s=%s,%s'",
                            spec, copy, param->choices[0], param->choices[1]);
            goto out;
        }
        if (list) {
            a->param = axis_param(s, copy);
            if (a->param) {
                a->choice = a->param->type == PARAM_CHOICE;
                rc = axis_parse_list(a, spec, copy, eq + 1);
            }
            goto out;
        }
        *eq = '=';
    }
    if (!eq || !dots || eq == copy) {
        cli_usage_error("sweep", "--vary '%s': %s", spec, form);
        goto out;
    }
    *eq = '\0';
    *dots = '\0';
    char *from = eq + 1, *to = dots + 2;
    char *opts = strchr(to, ':');
    int log_scale = 0;
    long points = 0;
    if (opts) {
        *opts++ = '\0';
        for (char *tok = strtok(opts, ":"); tok; tok = strtok(NULL, ":")) {
            char *end;
            if (strcmp(tok, "log") == 0) {
                log_scale = 1;
                continue;
            }
            points = strtol(tok, &end, 10);
            if (*end || end == tok || points < 2 || points > MAX_POINTS) {
                cli_usage_error("sweep",
                                "--vary '%s': the number of points must be a whole number "
                                "from 2 to %d, got '%s'",
                                spec, MAX_POINTS, tok);
                goto out;
            }
        }
    }
    a->param = axis_param(s, copy);
    if (!a->param)
        goto out;
    double from_n, to_n, from_v, to_v;
    const char *from_unit, *to_unit;
    char *msg = NULL;
    int off;
    if (quantity_split(from, &from_n, &from_unit) || quantity_split(to, &to_n, &to_unit)) {
        cli_usage_error("sweep", "--vary '%s': %s", spec, form);
        goto out;
    }
    if (params_parse(a->param, from, &from_v, &msg, &off) ||
        params_parse(a->param, to, &to_v, &msg, &off)) {
        cli_usage_error("sweep", "--vary %s: %s", copy, msg);
        free(msg);
        goto out;
    }
    /* Both ends in one unit, so that the steps are even in what the user wrote. */
    if (*from_unit && *to_unit && strcmp(from_unit, to_unit) != 0) {
        cli_usage_error("sweep",
                        "--vary '%s': FROM and TO must be in the same unit ('%s' and '%s')", spec,
                        from_unit, to_unit);
        goto out;
    }
    a->unit = xstrdup(*from_unit ? from_unit : to_unit);
    if (log_scale && !(from_n > 0 && to_n > from_n)) {
        cli_usage_error("sweep", "--vary '%s': a log scale needs 0 < FROM < TO", spec);
        goto out;
    }
    if (points == 0) {
        points = 11;
        /* A count steps through every whole number. */
        if ((a->param->flags & QF_INTEGER) && !log_scale && fabs(to_n - from_n) < MAX_POINTS)
            points = (long)fabs(to_n - from_n) + 1;
    }
    a->n = (size_t)points;
    a->numbers = xcalloc(a->n, sizeof *a->numbers);
    a->values = xcalloc(a->n, sizeof *a->values);
    a->texts = xcalloc(a->n, sizeof *a->texts);
    for (size_t i = 0; i < a->n; i++) {
        double t = a->n == 1 ? 0 : (double)i / (double)(a->n - 1);
        double x = log_scale ? from_n * pow(to_n / from_n, t) : from_n + (to_n - from_n) * t;
        if (i == a->n - 1)
            x = to_n;
        a->numbers[i] = x;
        a->texts[i] = xasprintf("%.12g%s%s", x, *a->unit ? " " : "", a->unit);
        if (params_parse(a->param, a->texts[i], &a->values[i], &msg, &off)) {
            cli_usage_error("sweep", "--vary %s: the value '%s' does not fit: %s", copy,
                            a->texts[i], msg);
            free(msg);
            goto out;
        }
    }
    rc = CLI_OK;
out:
    free(copy);
    return rc;
}

struct sweep {
    int format; /* an enum sweep_format */
    const char *output;
    const char *scenario;
    const char *variant;
    const char **sets;
    size_t nsets;
    const char **varies;
    size_t nvaries;
    int quiet;
};

/* ---- the command line ---- */

static const struct sweep sweep_defaults = {.format = SWEEP_TEXT};

static const struct opts_choice sweep_formats[] = {
    {"text", SWEEP_TEXT},
    {"csv", SWEEP_CSV},
    {"json", SWEEP_JSON},
    {NULL, 0},
};

static const struct opt sweep_options[] = {
    OPT_LIST(0, "vary", &sweep_defaults.varies, &sweep_defaults.nvaries, "PATH=FROM..TO[:N][:log]",
             "N values of PATH from FROM to TO (default 11, or\n"
             "every whole number for counts), on a log scale\n"
             "with :log; repeatable: two give a grid",
             .missing = "{opt} needs PATH=FROM..TO[:N][:log]"),
    OPT_CHOICE('f', "format", &sweep_defaults.format, sweep_formats, NULL,
               "table format (default text)", .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown format '{arg}' (use {choices})"),
    OPT_STRING('o', "output", &sweep_defaults.output, "FILE",
               "write the table to FILE (atomically)", .flags = OPTS_NONEMPTY,
               .missing = "{opt} needs a file name"),
    OPT_LIST(0, "set", &sweep_defaults.sets, &sweep_defaults.nsets, "PATH=VALUE",
             "change one number for every point; repeatable", .missing = "{opt} needs PATH=VALUE"),
    OPT_STRING(0, "variant", &sweep_defaults.variant, "NAME",
               "apply the scenario's variant NAME first", .missing = "{opt} needs a name"),
    CLI_OPT_QUIET(&sweep_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARG(&sweep_defaults.scenario, "SCENARIO.yaml", .missing = "no scenario file given",
            .invalid = "more than one scenario: '{arg}'"),
    OPT_END(),
};

const struct opts_spec cmd_sweep_spec = {
    .name = "sweep",
    .options = sweep_options,
    .defaults = &sweep_defaults,
    .size = sizeof sweep_defaults,
    .usage =
        "usage: raftcost sweep SCENARIO.yaml --vary PATH=FROM..TO[:N][:log] [--vary ...]\n"
        "       raftcost sweep SCENARIO.yaml --vary PATH=A,B[,C...] [--vary ...]\n"
        "                      [-f text|csv|json] [-o FILE] [--set PATH=VALUE] [--variant NAME]\n",
    .description = "\n"
                   "Runs the model for N values of PATH from FROM to TO (default 11, or every\n"
                   "whole number for counts), evenly spaced or, with :log, on a log scale, and\n"
                   "prints one row a value with the key figures.  A list A,B,C runs those\n"
                   "values in turn; a choice (such as generation.routing) takes a list only.\n"
                   "Two --vary give a grid.\n"
                   "\n"
                   "options:\n",
    .epilogue =
        "\n"
        "examples:\n"
        "  raftcost sweep scenarios/raft-build24.yaml --vary backends.maap.count=1..6\n"
        "  raftcost sweep scenarios/raft-build24.yaml \\\n"
        "      --vary inference.traffic.requests=1k/day..1M/day:13:log -f csv\n"
        "  raftcost sweep scenarios/raft-build24.yaml --vary generation.routing=capacity,equal\n",
    .help_column = 30,
};

/* Returns -1 to go on, or an exit status (help, error). */
static int parse_args(int argc, char **argv, struct sweep *o)
{
    int status = cli_parse(&cmd_sweep_spec, argc, argv, o);
    if (status >= 0)
        return status;
    if (o->nvaries == 0) {
        opts_release(&cmd_sweep_spec, o);
        return cli_spec_error(&cmd_sweep_spec, "nothing to vary: give --vary PATH=FROM..TO");
    }
    return -1;
}

/*
 * Text: one row of the table, the axes' values then the figures, right-aligned
 * in columns as wide as their header and at least 11, so that rows rendered
 * one by one line up; with_header: the header line above it.
 */
static void text_point(struct strbuf *sb, const struct axis *axes, size_t naxes, const size_t *at,
                       const struct figures *f, const char *cur, int with_header)
{
    size_t ncols = naxes + f->n;
    struct doc_column *spec = xcalloc(ncols, sizeof *spec);
    for (size_t c = 0; c < ncols; c++)
        spec[c] = (struct doc_column){DOC_RIGHT, 11, 2};
    struct doc d;
    doc_init(&d);
    struct doc_block *t = doc_table(&d.body, spec, ncols);
    free(spec);
    t->table.fit = DOC_FIT_HEADER;
    struct doc_row *row = doc_row(t);
    for (size_t k = 0; k < naxes; k++) {
        doc_user(doc_header(t, k), axes[k].param->path);
        if (axes[k].choice) {
            doc_user(doc_cell(row, k), axes[k].texts[at[k]]);
            continue;
        }
        doc_textf(doc_cell(row, k), "%.6g%s", axes[k].numbers[at[k]], *axes[k].unit ? " " : "");
        doc_user(doc_cell(row, k), axes[k].unit);
    }
    for (size_t i = 0; i < f->n; i++) {
        char buf[FMT_SIZE];
        figure_label_doc(doc_header(t, naxes + i), &f->items[i]);
        doc_text(doc_cell(row, naxes + i), figure_format(buf, &f->items[i], cur));
    }
    render_table_part(sb, t, RENDER_TEXT, with_header);
    doc_release(&d);
}

static void csv_header(struct strbuf *sb, const struct axis *axes, size_t naxes,
                       const struct figures *f)
{
    for (size_t k = 0; k < naxes; k++) {
        char *h = *axes[k].unit ? xasprintf("%s (%s)", axes[k].param->path, axes[k].unit)
                                : xstrdup(axes[k].param->path);
        render_csv_text(sb, h, 0);
        free(h);
    }
    for (size_t i = 0; i < f->n; i++)
        render_csv_text(sb, f->items[i].key, i + 1 == f->n);
}

static int run_sweep(struct sweep *o, struct scenario *s, struct axis *axes, size_t naxes,
                     char **result)
{
    const char *cur = s->currency;
    size_t total = 1;
    for (size_t k = 0; k < naxes; k++)
        total *= axes[k].n;
    size_t *at = xcalloc(naxes, sizeof *at);
    struct strbuf sb = STRBUF_INIT;
    cJSON *root = NULL, *values = NULL, *reports = NULL;
    int rc = CLI_OK;
    if (o->format == SWEEP_JSON) {
        root = cJSON_CreateObject();
        if (naxes == 1) {
            cJSON_AddStringToObject(root, "path", axes[0].param->path);
            cJSON_AddStringToObject(root, "unit", axes[0].unit);
        } else {
            cJSON *paths = cJSON_AddArrayToObject(root, "path");
            cJSON *units = cJSON_AddArrayToObject(root, "unit");
            for (size_t k = 0; k < naxes; k++) {
                cJSON_AddItemToArray(paths, cJSON_CreateString(axes[k].param->path));
                cJSON_AddItemToArray(units, cJSON_CreateString(axes[k].unit));
            }
        }
        values = cJSON_AddArrayToObject(root, "values");
        reports = cJSON_AddArrayToObject(root, "reports");
    }
    struct progress progress;
    progress_init(&progress, progress_stream(cli_quiet()), "sweep", "points", total);
    for (size_t point = 0; point < total; point++) {
        struct diag d = DIAG_INIT;
        struct report r;
        int set = 0;
        /* Each value through the table, as --set would; messages keep the file's positions. */
        for (size_t k = 0; k < naxes && set == 0; k++)
            set = params_set(s, axes[k].param, axes[k].values[at[k]], PARAMS_KEEP_POSITION, 0, &d);
        if (set != 0 || scenario_validate(s, &d) != 0 || model_run(s, &r, &d) != 0) {
            progress_finish(&progress);
            fprintf(stderr, "raftcost: error: the sweep stops at");
            for (size_t k = 0; k < naxes; k++)
                fprintf(stderr, " %s=%s", axes[k].param->path, axes[k].texts[at[k]]);
            fprintf(stderr, ":\n");
            diag_render(&d, stderr);
            diag_release(&d);
            rc = CLI_INVALID;
            break;
        }
        struct figures f;
        figures_collect(&r, &f);
        if (o->format == SWEEP_JSON) {
            if (naxes == 1) {
                cJSON_AddItemToArray(values, axis_json_value(&axes[0], at[0]));
            } else {
                cJSON *row = cJSON_CreateArray();
                for (size_t k = 0; k < naxes; k++)
                    cJSON_AddItemToArray(row, axis_json_value(&axes[k], at[k]));
                cJSON_AddItemToArray(values, row);
            }
            cJSON_AddItemToArray(reports, report_json_object(&r));
        } else if (o->format == SWEEP_CSV) {
            if (point == 0)
                csv_header(&sb, axes, naxes, &f);
            for (size_t k = 0; k < naxes; k++) {
                char num[64];
                snprintf(num, sizeof num, "%.12g", axes[k].numbers[at[k]]);
                if (axes[k].choice)
                    render_csv_text(&sb, axes[k].texts[at[k]], 0);
                else
                    render_csv_number(&sb, num, 0);
            }
            for (size_t i = 0; i < f.n; i++) {
                char num[64];
                double v = figure_value_in_unit(&f.items[i]);
                snprintf(num, sizeof num, isnan(v) ? "" : "%.10g", v);
                render_csv_number(&sb, num, i + 1 == f.n);
            }
        } else {
            text_point(&sb, axes, naxes, at, &f, cur, point == 0);
        }
        figures_release(&f);
        report_release(&r);
        progress_add(&progress, 1);
        /* Next point: the last axis turns fastest. */
        for (size_t k = naxes; k-- > 0;) {
            if (++at[k] < axes[k].n)
                break;
            at[k] = 0;
        }
    }
    progress_finish(&progress);
    if (root) {
        if (rc == CLI_OK) {
            char *text = cJSON_Print(root);
            if (!text) {
                fputs("raftcost: out of memory\n", stderr);
                abort();
            }
            strbuf_puts(&sb, text);
            strbuf_puts(&sb, "\n");
            cJSON_free(text);
        }
        cJSON_Delete(root);
    }
    free(at);
    *result = strbuf_detach(&sb);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    struct sweep o = {0};
    struct scenario s;
    struct diag d = DIAG_INIT;
    struct axis *axes = NULL;
    size_t naxes = 0;
    char *text = NULL;
    int loaded = 0;
    int status = parse_args(argc, argv, &o);
    if (status >= 0)
        goto out;
    status = CLI_INVALID;
    if (cli_load(&s, o.scenario, o.variant, o.sets, NULL, o.nsets, &d) != 0) {
        diag_render(&d, stderr);
        goto out;
    }
    loaded = 1;
    axes = xcalloc(o.nvaries, sizeof *axes);
    size_t total = 1;
    for (; naxes < o.nvaries; naxes++) {
        if (axis_parse(&axes[naxes], o.varies[naxes], &s) != CLI_OK) {
            naxes++;
            goto out;
        }
        for (size_t k = 0; k < naxes; k++)
            if (axes[k].param == axes[naxes].param) {
                cli_usage_error("sweep", "--vary names '%s' twice", axes[k].param->path);
                naxes++;
                goto out;
            }
        total *= axes[naxes].n;
        if (total > MAX_POINTS) {
            cli_usage_error("sweep", "the grid has more than %d points", MAX_POINTS);
            naxes++;
            goto out;
        }
    }
    status = run_sweep(&o, &s, axes, naxes, &text);
    if (status == CLI_OK)
        status = cli_write_output(o.output, text);
out:
    free(text);
    for (size_t k = 0; k < naxes; k++)
        axis_release(&axes[k]);
    free(axes);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    free(o.sets);
    free(o.varies);
    return status;
}
