/*
 * raftcost sweep: runs the model for each value of one or more parameters
 * and prints one row a value (a grid for several --vary), with the key
 * figures of each report.  Each point is exactly the run
 * `raftcost --set PATH=VALUE SCENARIO.yaml` would make: the value goes
 * through the parameter table as the text "20000 /day", in the unit FROM
 * was written in.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "figures.h"
#include "model.h"
#include "plot_sweep.h"
#include "progress.h"
#include "render.h"
#include "render_csv.h"
#include "util.h"

#define MAX_POINTS 1000000

enum sweep_format { SWEEP_TEXT, SWEEP_MD, SWEEP_CSV, SWEEP_JSON };

struct axis {
    const char *spec;
    struct param *param; /* while parsing; a point finds it again by path (names grow the table) */
    char *path;
    int choice;      /* a choice or a name: texts are the names (a choice's numbers its indexes) */
    int name;        /* a name parameter: each point sets texts[i] with params_set_name */
    int log_scale;   /* the values were spread on a log scale */
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
    free(a->path);
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
static int axis_parse_list(struct axis *a, const char *spec, const char *path, char *list,
                           const struct scenario *s)
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
        if (a->name ? params_check_name(s, a->param, a->texts[i], &msg)
                    : params_parse(a->param, a->texts[i], &a->values[i], &msg, &off)) {
            cli_usage_error("sweep", "--vary %s: %s", path, msg);
            free(msg);
            return CLI_INVALID;
        }
        if (a->name)
            a->numbers[i] = (double)i;
        else if (a->choice)
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
        if (param && param->type == PARAM_NAME && !list) {
            cli_usage_error("sweep", "--vary '%s': a name takes a list of names, such as '%s=A,B'",
                            spec, copy);
            goto out;
        }
        if (list) {
            a->param = axis_param(s, copy);
            if (a->param) {
                a->path = xstrdup(a->param->path);
                a->choice = a->param->type != PARAM_NUMBER;
                a->name = a->param->type == PARAM_NAME;
                rc = axis_parse_list(a, spec, copy, eq + 1, s);
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
    a->path = xstrdup(a->param->path);
    a->log_scale = log_scale;
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
    const char **figures; /* --figures KEY,...: each a comma-separated list */
    size_t nfigures;
    const char *plots; /* a folder for --plots, or NULL */
    int plot_format;   /* an enum plot_format, or -1 when not given */
    int quiet;
};

/* ---- the command line ---- */

static const struct sweep sweep_defaults = {.format = SWEEP_TEXT, .plot_format = -1};

static const struct opts_choice sweep_formats[] = {
    {"text", SWEEP_TEXT}, {"md", SWEEP_MD}, {"csv", SWEEP_CSV}, {"json", SWEEP_JSON}, {NULL, 0},
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
    OPT_LIST(0, "figures", &sweep_defaults.figures, &sweep_defaults.nfigures, "KEY,...",
             "the columns: key figures, or any number of the\n"
             "JSON report by its path (default: the key\n"
             "figures); repeatable",
             .missing = "{opt} needs KEY,..., such as 'generation.cost,totals.one_off'"),
    OPT_STRING(0, "plots", &sweep_defaults.plots, "DIR",
               "also draw each column against the swept value\n"
               "with gnuplot into DIR: sweep-KEY.png beside its\n"
               "data and script",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a folder for the plots"),
    OPT_CHOICE(0, "plot-format", &sweep_defaults.plot_format, cli_plot_formats, NULL,
               "picture format for --plots (default png)",
               .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown plot format '{arg}' (use {choices})"),
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
    .usage = "usage: raftcost sweep SCENARIO.yaml --vary PATH=FROM..TO[:N][:log] [--vary ...]\n"
             "       raftcost sweep SCENARIO.yaml --vary PATH=A,B[,C...] [--vary ...]\n"
             "                      [-f text|md|csv|json] [-o FILE] [--figures KEY,...]\n"
             "                      [--plots DIR] [--set PATH=VALUE] [--variant NAME]\n",
    .description = "\n"
                   "Runs the model for N values of PATH from FROM to TO (default 11, or every\n"
                   "whole number for counts), evenly spaced or, with :log, on a log scale, and\n"
                   "prints one row a value with the key figures.  A list A,B,C runs those\n"
                   "values in turn; a choice (such as generation.routing) or a name (such as\n"
                   "backends.maas.model) takes a list only.  Two --vary give a grid.\n"
                   "\n"
                   "options:\n",
    .epilogue =
        "\n"
        "examples:\n"
        "  raftcost sweep scenarios/raft-build24.yaml --vary backends.maap.count=1..6\n"
        "  raftcost sweep scenarios/raft-build24.yaml \\\n"
        "      --vary inference.traffic.requests=1k/day..1M/day:13:log -f csv\n"
        "  raftcost sweep scenarios/raft-build24.yaml --vary generation.routing=capacity,equal\n"
        "  raftcost sweep scenarios/raft-build24.yaml --vary backends.maap.count=1..6 \\\n"
        "      --figures generation.cost,generation.hours --plots plots\n",
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
    if (o->plot_format >= 0 && !o->plots) {
        opts_release(&cmd_sweep_spec, o);
        return cli_spec_error(&cmd_sweep_spec,
                              "'--plot-format' needs '--plots DIR' to say where the plots go");
    }
    if (o->plot_format < 0)
        o->plot_format = PLOT_PNG;
    return -1;
}

/* ---- the columns ---- */

/* One column of figures: a key figure, or a number of the JSON report by its path. */
struct column {
    char *key, *label;
    enum figure_unit unit;
    size_t name_len;
    int from_json; /* read from each point's JSON report */
};

struct columns {
    struct column *items;
    size_t n;
    int any_json;
};

static void columns_release(struct columns *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].key);
        free(c->items[i].label);
    }
    free(c->items);
}

static void add_column(struct columns *c, const char *key, const char *label, enum figure_unit unit,
                       size_t name_len, int from_json)
{
    c->items = xrealloc(c->items, (c->n + 1) * sizeof *c->items);
    c->items[c->n++] = (struct column){xstrdup(key), xstrdup(label), unit, name_len, from_json};
    c->any_json = c->any_json || from_json;
}

static const struct figure *find_figure(const struct figures *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->items[i].key, key) == 0)
            return &f->items[i];
    return NULL;
}

/* Up to three key figures close to key, as "'a', 'b'"; NULL when none is. */
static char *near_figures(const struct figures *f, const char *key)
{
    struct strbuf sb = STRBUF_INIT;
    size_t found = 0, limit = strlen(key) / 3 + 1 < 4 ? strlen(key) / 3 + 1 : 4;
    for (size_t i = 0; i < f->n && found < 3; i++)
        if (edit_distance(key, f->items[i].key) <= limit) {
            strbuf_printf(&sb, "%s'%s'", found ? ", " : "", f->items[i].key);
            found++;
        }
    return found ? strbuf_detach(&sb) : (strbuf_release(&sb), NULL);
}

/* The unit a JSON report's key says its number is in (its naming rules, reference section 6). */
static enum figure_unit json_unit(const char *key)
{
    const char *last = strrchr(key, '.');
    last = last ? last + 1 : key;
    size_t n = strlen(last);
#define ENDS(s) (n >= strlen(s) && strcmp(last + n - strlen(s), s) == 0)
    if (ENDS("cost") || strcmp(last, "one_off") == 0 || strcmp(last, "horizon") == 0)
        return FIG_MONEY;
    if (ENDS("hours"))
        return FIG_HOURS;
    if (ENDS("_days"))
        return FIG_DAYS;
    if (ENDS("requests_per_day"))
        return FIG_PER_DAY;
    if (ENDS("ratio"))
        return FIG_RATIO;
#undef ENDS
    return FIG_NUMBER;
}

/*
 * The columns, from the first point's figures and report: every key figure,
 * or those --figures names (a key figure, or a number of the JSON report).
 */
static int choose_columns(const struct sweep *o, const struct figures *f, const struct report *r,
                          struct columns *c)
{
    memset(c, 0, sizeof *c);
    if (o->nfigures == 0) {
        for (size_t i = 0; i < f->n; i++)
            add_column(c, f->items[i].key, f->items[i].label, f->items[i].unit,
                       f->items[i].name_len, 0);
        return CLI_OK;
    }
    cJSON *json = NULL;
    int rc = CLI_OK;
    for (size_t k = 0; k < o->nfigures && rc == CLI_OK; k++) {
        char *list = xstrdup(o->figures[k]);
        for (char *key = strtok(list, ","); key && rc == CLI_OK; key = strtok(NULL, ",")) {
            const struct figure *fig = find_figure(f, key);
            double v;
            int twice = 0;
            for (size_t i = 0; i < c->n; i++)
                twice = twice || strcmp(c->items[i].key, key) == 0;
            if (twice)
                continue;
            if (fig) {
                add_column(c, key, fig->label, fig->unit, fig->name_len, 0);
                continue;
            }
            if (!json)
                json = report_json_object(r);
            if (figures_json_value(json, key, &v) == 0) {
                add_column(c, key, key, json_unit(key), strlen(key), 1);
                continue;
            }
            char *near = near_figures(f, key);
            if (near)
                cli_usage_error("sweep",
                                "--figures: '%s' is no key figure and no number of the JSON "
                                "report; did you mean %s?",
                                key, near);
            else
                cli_usage_error("sweep",
                                "--figures: '%s' is no key figure and no number of the JSON "
                                "report (see 'raftcost -f json' for its paths)",
                                key);
            free(near);
            rc = CLI_INVALID;
        }
        free(list);
    }
    if (c->n == 0 && rc == CLI_OK) {
        cli_usage_error("sweep", "--figures: no figure given");
        rc = CLI_INVALID;
    }
    cJSON_Delete(json);
    return rc;
}

/* The columns' values at one point (NAN for a figure the point does not have). */
static void column_values(const struct columns *c, const struct figures *f, const struct report *r,
                          double *values)
{
    cJSON *json = c->any_json ? report_json_object(r) : NULL;
    for (size_t i = 0; i < c->n; i++) {
        const struct column *col = &c->items[i];
        values[i] = NAN;
        if (col->from_json) {
            if (figures_json_value(json, col->key, &values[i]) != 0)
                values[i] = NAN;
            /* A figure in hours holds seconds, as figures_collect's do. */
            if (col->unit == FIG_HOURS)
                values[i] *= 3600.0;
            continue;
        }
        const struct figure *fig = find_figure(f, col->key);
        if (fig)
            values[i] = fig->value;
    }
    cJSON_Delete(json);
}

/* A cell as a figure, for the formatting figures.h does. */
static struct figure column_figure(const struct column *col, double value)
{
    return (struct figure){col->key, col->label, col->unit, value, col->name_len};
}

/* ---- the formats ---- */

/* The header of an axis' cells and of the columns, as runs (names escaped by the renderer). */
static void table_header(struct doc_block *t, const struct axis *axes, size_t naxes,
                         const struct columns *c)
{
    for (size_t k = 0; k < naxes; k++)
        doc_user(doc_header(t, k), axes[k].path);
    for (size_t i = 0; i < c->n; i++) {
        struct figure fig = column_figure(&c->items[i], NAN);
        figure_label_doc(doc_header(t, naxes + i), &fig);
    }
}

/* One row of the table: the axes' values, then the columns. */
static void table_row(struct doc_block *t, const struct axis *axes, size_t naxes, const size_t *at,
                      const struct columns *c, const double *values, const char *cur)
{
    struct doc_row *row = doc_row(t);
    for (size_t k = 0; k < naxes; k++) {
        if (axes[k].choice) {
            doc_user(doc_cell(row, k), axes[k].texts[at[k]]);
            continue;
        }
        char n[FMT_SIZE];
        doc_textf(doc_cell(row, k), "%s%s", fmt_number(n, axes[k].numbers[at[k]]),
                  *axes[k].unit ? " " : "");
        doc_user(doc_cell(row, k), axes[k].unit);
    }
    for (size_t i = 0; i < c->n; i++) {
        char buf[FMT_SIZE];
        struct figure fig = column_figure(&c->items[i], values[i]);
        doc_text(doc_cell(row, naxes + i), figure_format(buf, &fig, cur));
    }
}

/*
 * Text: one row at a time, right-aligned in columns as wide as their header
 * and at least 11, so that rows rendered one by one line up; with_header:
 * the header line above it.
 */
static void text_point(struct strbuf *sb, const struct axis *axes, size_t naxes, const size_t *at,
                       const struct columns *c, const double *values, const char *cur,
                       int with_header)
{
    size_t ncols = naxes + c->n;
    struct doc_column *spec = xcalloc(ncols, sizeof *spec);
    for (size_t i = 0; i < ncols; i++)
        spec[i] = (struct doc_column){DOC_RIGHT, 11, 2};
    /* Names (a choice, a model) to the left, as wide as the longest, so that rows line up. */
    for (size_t k = 0; k < naxes; k++) {
        if (!axes[k].choice)
            continue;
        spec[k].align = DOC_LEFT;
        for (size_t i = 0; i < axes[k].n; i++)
            if ((int)strlen(axes[k].texts[i]) > spec[k].width)
                spec[k].width = (int)strlen(axes[k].texts[i]);
    }
    struct doc d;
    doc_init(&d);
    struct doc_block *t = doc_table(&d.body, spec, ncols);
    free(spec);
    t->table.fit = DOC_FIT_HEADER;
    table_header(t, axes, naxes, c);
    table_row(t, axes, naxes, at, c, values, cur);
    render_table_part(sb, t, RENDER_TEXT, with_header);
    doc_release(&d);
}

/*
 * CSV: the header is each axis' path, with " (UNIT)" when its values carry
 * the unit they were written in, then the figures' keys (their JSON paths,
 * in the JSON report's units); the rows are numbers only.
 */
static void csv_header(struct strbuf *sb, const struct axis *axes, size_t naxes,
                       const struct columns *c)
{
    for (size_t k = 0; k < naxes; k++) {
        char *h = *axes[k].unit && !axes[k].choice
                      ? xasprintf("%s (%s)", axes[k].path, axes[k].unit)
                      : xstrdup(axes[k].path);
        render_csv_text(sb, h, 0);
        free(h);
    }
    for (size_t i = 0; i < c->n; i++)
        render_csv_text(sb, c->items[i].key, i + 1 == c->n);
}

static void csv_row(struct strbuf *sb, const struct axis *axes, size_t naxes, const size_t *at,
                    const struct columns *c, const double *values)
{
    for (size_t k = 0; k < naxes; k++) {
        char num[64];
        snprintf(num, sizeof num, "%.12g", axes[k].numbers[at[k]]);
        if (axes[k].choice)
            render_csv_text(sb, axes[k].texts[at[k]], 0);
        else
            render_csv_number(sb, num, 0);
    }
    for (size_t i = 0; i < c->n; i++) {
        char num[64];
        struct figure fig = column_figure(&c->items[i], values[i]);
        double v = figure_value_in_unit(&fig);
        snprintf(num, sizeof num, isnan(v) ? "" : "%.10g", v);
        render_csv_number(sb, num, i + 1 == c->n);
    }
}

/* ---- the plots ---- */

/* Each column against the last axis, a line for each value of the others. */
static int draw(const struct sweep *o, const struct scenario *s, const struct axis *axes,
                size_t naxes, const struct columns *c, const double *values, size_t total)
{
    const struct axis *x = &axes[naxes - 1];
    size_t nseries = total / x->n;
    char **series = xcalloc(nseries, sizeof *series);
    size_t *at = xcalloc(naxes, sizeof *at);
    for (size_t k = 0; k < nseries; k++) {
        /* The other axes' values of series k (the last axis turns fastest). */
        size_t rest = k;
        for (size_t a = naxes - 1; a-- > 0;) {
            at[a] = rest % axes[a].n;
            rest /= axes[a].n;
        }
        struct strbuf sb = STRBUF_INIT;
        for (size_t a = 0; a + 1 < naxes; a++) {
            if (axes[a].choice)
                strbuf_printf(&sb, "%s%s", a ? ", " : "", axes[a].texts[at[a]]);
            else
                strbuf_printf(&sb, "%s%.6g%s%s", a ? ", " : "", axes[a].numbers[at[a]],
                              *axes[a].unit ? " " : "", axes[a].unit);
        }
        series[k] = strbuf_detach(&sb);
    }
    struct strbuf title = STRBUF_INIT;
    for (size_t a = 0; a + 1 < naxes; a++)
        strbuf_printf(&title, "%s%s", a ? ", " : "", axes[a].path);
    const char **keys = xcalloc(c->n, sizeof *keys), **labels = xcalloc(c->n, sizeof *labels);
    const char **units = xcalloc(c->n, sizeof *units);
    double *in_unit = xcalloc(total * c->n, sizeof *in_unit);
    for (size_t i = 0; i < c->n; i++) {
        keys[i] = c->items[i].key;
        labels[i] = c->items[i].label;
        units[i] = figure_unit_name(c->items[i].unit, s->currency);
        for (size_t p = 0; p < total; p++) {
            struct figure fig = column_figure(&c->items[i], values[p * c->n + i]);
            in_unit[p * c->n + i] = figure_value_in_unit(&fig);
        }
    }
    struct plot_sweep_data data = {
        .scenario = s->name,
        .axis_path = x->path,
        .axis_unit = x->choice ? "" : x->unit,
        .axis_log = x->log_scale,
        .x = x->numbers,
        .x_labels = x->choice ? x->texts : NULL,
        .nx = x->n,
        .series_title = naxes > 1 ? title.buf : NULL,
        .series = naxes > 1 ? series : NULL,
        .nseries = nseries,
        .keys = keys,
        .labels = labels,
        .units = units,
        .nfigures = c->n,
        .values = in_unit,
    };
    struct diag d = DIAG_INIT;
    int status = cli_plot_status(
        plot_sweep_write(&data, o->plots, (enum plot_format)o->plot_format, &d), o->plots, &d);
    diag_release(&d);
    for (size_t k = 0; k < nseries; k++)
        free(series[k]);
    free(series);
    strbuf_release(&title);
    free(at);
    free(keys);
    free(labels);
    free(units);
    free(in_unit);
    return status;
}

/* ---- the run ---- */

/* A value of "values" as cJSON prints it: a number, or a choice's quoted name. */
static void json_value(struct strbuf *sb, const struct axis *a, size_t i)
{
    cJSON *v = axis_json_value(a, i);
    char *text = cJSON_Print(v);
    cJSON_Delete(v);
    if (!text) {
        fputs("raftcost: out of memory\n", stderr);
        abort();
    }
    strbuf_puts(sb, text);
    cJSON_free(text);
}

/*
 * The JSON document's head, byte for byte what cJSON_Print would make of the
 * whole object, up to the '[' of "reports", whose items then follow as they
 * are computed (json_report), so that no point's report is kept after it is
 * written.  cJSON prints an array of scalars on one line, ", " between them.
 */
static void json_head(struct strbuf *sb, const struct axis *axes, size_t naxes, size_t total)
{
    cJSON *root = cJSON_CreateObject();
    if (naxes == 1) {
        cJSON_AddStringToObject(root, "path", axes[0].path);
        cJSON_AddStringToObject(root, "unit", axes[0].unit);
    } else {
        cJSON *paths = cJSON_AddArrayToObject(root, "path");
        cJSON *units = cJSON_AddArrayToObject(root, "unit");
        for (size_t k = 0; k < naxes; k++) {
            cJSON_AddItemToArray(paths, cJSON_CreateString(axes[k].path));
            cJSON_AddItemToArray(units, cJSON_CreateString(axes[k].unit));
        }
    }
    cJSON_AddArrayToObject(root, "values");
    cJSON_AddArrayToObject(root, "reports");
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    /* The two empty arrays close the object: cut there, and fill "values" in. */
    static const char tail[] = "[],\n\t\"reports\":\t[]\n}";
    size_t len = text ? strlen(text) : 0, tail_len = sizeof tail - 1;
    if (!text || len < tail_len || strcmp(text + len - tail_len, tail) != 0) {
        fputs("raftcost: out of memory\n", stderr);
        abort();
    }
    strbuf_add(sb, text, len - tail_len);
    cJSON_free(text);
    strbuf_puts(sb, "[");
    size_t *at = xcalloc(naxes, sizeof *at);
    for (size_t point = 0; point < total; point++) {
        if (point)
            strbuf_puts(sb, ", ");
        if (naxes == 1) {
            json_value(sb, &axes[0], at[0]);
        } else {
            strbuf_puts(sb, "[");
            for (size_t k = 0; k < naxes; k++) {
                if (k)
                    strbuf_puts(sb, ", ");
                json_value(sb, &axes[k], at[k]);
            }
            strbuf_puts(sb, "]");
        }
        for (size_t k = naxes; k-- > 0;) {
            if (++at[k] < axes[k].n)
                break;
            at[k] = 0;
        }
    }
    free(at);
    strbuf_puts(sb, "],\n\t\"reports\":\t[");
}

/* One report as an item of "reports": cJSON's layout two levels in (every line break + 2 tabs). */
static void json_report(struct strbuf *sb, const struct report *r, int first)
{
    cJSON *o = report_json_object(r);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    if (!text) {
        fputs("raftcost: out of memory\n", stderr);
        abort();
    }
    if (!first)
        strbuf_puts(sb, ", ");
    /* JSON strings hold no raw line break: each one is layout. */
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        strbuf_add(sb, p, n);
        if (nl)
            strbuf_puts(sb, "\t\t");
        p += n;
    }
    cJSON_free(text);
}

/* Moves what the points so far wrote to the output; 0, or -1 on a write error. */
static int drain(struct strbuf *sb, FILE *out)
{
    int rc = sb->len && fwrite(sb->buf, 1, sb->len, out) != sb->len ? -1 : 0;
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
    return rc;
}

/*
 * Runs every point and writes its row (or report) to w as it comes, so that
 * memory does not grow with the points (a Markdown table is laid out once
 * its widest cell is known, and only the figures are kept for it); commits
 * the output, then draws the plots.  Returns CLI_OK, CLI_INVALID after
 * printing why a point failed, or CLI_RUNTIME after printing a write error.
 */
static int run_sweep(struct sweep *o, struct scenario *s, struct axis *axes, size_t naxes,
                     struct output *w, const char *dest)
{
    const char *cur = s->currency;
    size_t total = 1;
    for (size_t k = 0; k < naxes; k++)
        total *= axes[k].n;
    size_t *at = xcalloc(naxes, sizeof *at);
    struct strbuf sb = STRBUF_INIT;
    struct columns cols = {0};
    double *row = NULL, *table = NULL; /* this point's values; every point's, for the plots */
    struct doc md;
    struct doc_block *md_table = NULL;
    int rc = CLI_OK;
    doc_init(&md);
    if (o->format == SWEEP_JSON)
        json_head(&sb, axes, naxes, total);
    struct progress progress;
    progress_init(&progress, progress_stream(cli_quiet()), "sweep", "points", total);
    for (size_t point = 0; point < total; point++) {
        struct diag d = DIAG_INIT;
        struct report r;
        int set = 0;
        /* Each value through the table, as --set would; messages keep the file's positions. */
        for (size_t k = 0; k < naxes && set == 0; k++) {
            struct param *p = params_find(&s->params, axes[k].path);
            set = axes[k].name
                      ? params_set_name(s, p, axes[k].texts[at[k]], PARAMS_KEEP_POSITION, 0, &d)
                      : params_set(s, p, axes[k].values[at[k]], PARAMS_KEEP_POSITION, 0, &d);
        }
        if (set != 0 || scenario_validate(s, &d) != 0 || model_run(s, &r, &d) != 0) {
            progress_finish(&progress);
            fprintf(stderr, "raftcost: error: the sweep stops at");
            for (size_t k = 0; k < naxes; k++)
                fprintf(stderr, " %s=%s", axes[k].path, axes[k].texts[at[k]]);
            fprintf(stderr, ":\n");
            diag_render(&d, stderr);
            diag_release(&d);
            rc = CLI_INVALID;
            break;
        }
        struct figures f;
        figures_collect(&r, &f);
        if (point == 0) {
            rc = choose_columns(o, &f, &r, &cols);
            if (rc != CLI_OK) {
                progress_finish(&progress);
                figures_release(&f);
                report_release(&r);
                break;
            }
            row = xcalloc(cols.n ? cols.n : 1, sizeof *row);
            if (o->plots)
                table = xcalloc(total * cols.n, sizeof *table);
            if (o->format == SWEEP_MD) {
                struct doc_column *spec = xcalloc(naxes + cols.n, sizeof *spec);
                for (size_t i = 0; i < naxes + cols.n; i++)
                    spec[i] = (struct doc_column){DOC_RIGHT, 0, 2};
                md_table = doc_table(&md.body, spec, naxes + cols.n);
                free(spec);
                table_header(md_table, axes, naxes, &cols);
            }
        }
        column_values(&cols, &f, &r, row);
        if (table)
            memcpy(table + point * cols.n, row, cols.n * sizeof *row);
        if (o->format == SWEEP_JSON) {
            json_report(&sb, &r, point == 0);
        } else if (o->format == SWEEP_CSV) {
            if (point == 0)
                csv_header(&sb, axes, naxes, &cols);
            csv_row(&sb, axes, naxes, at, &cols, row);
        } else if (o->format == SWEEP_MD) {
            table_row(md_table, axes, naxes, at, &cols, row, cur);
        } else {
            text_point(&sb, axes, naxes, at, &cols, row, cur, point == 0);
        }
        figures_release(&f);
        report_release(&r);
        progress_add(&progress, 1);
        if (drain(&sb, w->f) != 0) {
            rc = CLI_RUNTIME;
            break;
        }
        /* Next point: the last axis turns fastest. */
        for (size_t k = naxes; k-- > 0;) {
            if (++at[k] < axes[k].n)
                break;
            at[k] = 0;
        }
    }
    progress_finish(&progress);
    if (rc == CLI_OK && o->format == SWEEP_JSON)
        strbuf_puts(&sb, "]\n}\n");
    if (rc == CLI_OK && md_table)
        render_doc(&sb, &md, RENDER_MD);
    doc_release(&md);
    if (rc == CLI_OK && drain(&sb, w->f) != 0)
        rc = CLI_RUNTIME;
    strbuf_release(&sb);
    if (rc == CLI_OK && output_commit(w) != 0) {
        if (dest)
            fprintf(stderr, "raftcost: error: cannot write '%s': %s\n", dest, strerror(errno));
        else
            fprintf(stderr, "raftcost: error: cannot write the output: %s\n", strerror(errno));
        rc = CLI_RUNTIME;
    } else if (rc != CLI_OK) {
        if (rc == CLI_RUNTIME)
            fprintf(stderr, "raftcost: error: cannot write the output: %s\n", strerror(errno));
        output_abort(w);
    }
    /* The plots come after the table is written: a plot that fails is a runtime error. */
    if (rc == CLI_OK && table)
        rc = draw(o, s, axes, naxes, &cols, table, total);
    columns_release(&cols);
    free(row);
    free(table);
    free(at);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    struct sweep o = {0};
    struct scenario s;
    struct diag d = DIAG_INIT;
    struct axis *axes = NULL;
    size_t naxes = 0;
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
            if (strcmp(axes[k].path, axes[naxes].path) == 0) {
                cli_usage_error("sweep", "--vary names '%s' twice", axes[k].path);
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
    /* The rows go to a temporary file as they come; the commit puts them in place. */
    const char *dest = o.output && strcmp(o.output, "-") != 0 ? o.output : NULL;
    struct output w;
    if (output_open(&w, dest) != 0) {
        fprintf(stderr, "raftcost: error: cannot write '%s': %s\n", dest ? dest : "-",
                strerror(errno));
        status = CLI_RUNTIME;
        goto out;
    }
    status = run_sweep(&o, &s, axes, naxes, &w, dest);
out:
    for (size_t k = 0; k < naxes; k++)
        axis_release(&axes[k]);
    free(axes);
    if (loaded)
        scenario_release(&s);
    diag_release(&d);
    free(o.sets);
    free(o.varies);
    free(o.figures);
    return status;
}
