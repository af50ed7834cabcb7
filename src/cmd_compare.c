/*
 * raftcost compare: scenarios side by side, the first as the baseline, with
 * the change of each key figure against it in absolute and percent, like a
 * cost diff ("+$86.27 (+108%)").  With one file that has variants, the
 * columns are the base scenario and each variant (or those --variant
 * names).  --against OLD.json puts a saved JSON report first, as `infracost
 * diff` compares a plan with a saved baseline; --set, --variant and
 * --budget change every scenario's column as they change the main
 * command's report, and a column over its budget makes the exit status 3.
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
#include "json_out.h"
#include "model.h"
#include "render.h"
#include "render_csv.h"
#include "util.h"

enum compare_format { CMP_TEXT, CMP_MD, CMP_CSV, CMP_JSON };

/* ---- the command line ---- */

struct compare_args {
    int format; /* an enum compare_format */
    const char *output;
    const char **files, **sets, **variants;
    size_t nfiles, nsets, nvariants;
    char **budgets; /* "budget.KEY=AMOUNT" for each --budget */
    size_t nbudgets;
    const char *against; /* a saved JSON report, the first column */
    int quiet;
};

/* A budget is a parameter: --budget one_off=500 is --set budget.one_off=500. */
static int add_budget(void *args, const char *value, const char *option, struct diag *d)
{
    struct compare_args *o = args;
    (void)option;
    (void)d;
    o->budgets = xrealloc(o->budgets, (o->nbudgets + 1) * sizeof *o->budgets);
    o->budgets[o->nbudgets++] = xasprintf("budget.%s", value);
    return 0;
}

static const struct compare_args compare_defaults = {.format = CMP_TEXT};

static const struct opts_choice compare_formats[] = {
    {"text", CMP_TEXT}, {"md", CMP_MD}, {"csv", CMP_CSV}, {"json", CMP_JSON}, {NULL, 0},
};

static const struct opt compare_options[] = {
    OPT_CHOICE('f', "format", &compare_defaults.format, compare_formats, NULL,
               "table format (default text)", .missing = "{opt} needs a format: {choices}",
               .invalid = "unknown format '{arg}' (use {choices})"),
    OPT_STRING('o', "output", &compare_defaults.output, "FILE",
               "write the table to FILE (atomically)", .flags = OPTS_NONEMPTY,
               .missing = "{opt} needs a file name"),
    OPT_LIST(0, "set", &compare_defaults.sets, &compare_defaults.nsets, "PATH=VALUE",
             "change one number or name in every column;\nrepeatable",
             .missing = "{opt} needs PATH=VALUE"),
    OPT_LIST(0, "variant", &compare_defaults.variants, &compare_defaults.nvariants, "NAME",
             "with one scenario: the variants to compare with\nits base (default: all);"
             " with several, or\n--against: apply NAME to each",
             .missing = "{opt} needs the name of a variant"),
    OPT_CALLBACK(0, "budget", add_budget, "KEY=AMOUNT",
                 "check a budget in every column (one_off,\nmonthly or horizon); exit 3 when one "
                 "is over",
                 .missing = "{opt} needs KEY=AMOUNT, such as 'one_off=500'"),
    OPT_STRING(0, "against", &compare_defaults.against, "OLD.json",
               "put a saved JSON report (raftcost -f json)\nfirst, and compare the scenario with "
               "it",
               .flags = OPTS_NONEMPTY, .missing = "{opt} needs a JSON report"),
    CLI_OPT_QUIET(&compare_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARGS(&compare_defaults.files, &compare_defaults.nfiles, "A.yaml",
             .missing = "no scenario file given"),
    OPT_END(),
};

const struct opts_spec cmd_compare_spec = {
    .name = "compare",
    .options = compare_options,
    .defaults = &compare_defaults,
    .size = sizeof compare_defaults,
    .usage = "usage: raftcost compare A.yaml [B.yaml ...] [-f text|md|csv|json] [-o FILE]\n"
             "                        [--set PATH=VALUE] [--variant NAME] [--budget KEY=AMOUNT]\n"
             "                        [--against OLD.json]\n",
    .description = "\n"
                   "Puts the key figures of scenarios side by side, the first as the baseline,\n"
                   "with each change against it.  With one scenario that has variants, compares\n"
                   "the base scenario with each variant.  --against OLD.json compares with a\n"
                   "saved JSON report.  --set, --variant and --budget apply to every column.\n"
                   "\n"
                   "options:\n",
    .epilogue = "\n"
                "examples:\n"
                "  raftcost compare scenarios/raft-build24.yaml\n"
                "  raftcost compare scenarios/raft-build24.yaml "
                "scenarios/raft-build24-derived.yaml -f md\n"
                "  raftcost -f json -o old.json scenarios/raft-build24.yaml\n"
                "  raftcost compare --against old.json scenarios/raft-build24.yaml "
                "--set backends.maap.count=3\n"
                "\n"
                "exit status: 0, 1 or 2 as for raftcost; 3 when a column is over a budget.\n",
    .help_column = 34,
};

struct column {
    char *name;
    const char *file;
    const char *variant; /* NULL: the base scenario */
    struct scenario scenario;
    struct report report;
    struct figures figures;
    int ready; /* 1: scenario, report and figures to release; 2: the figures alone */
    int saved; /* a saved JSON report (--against): figures only */
    int over;  /* the plan is over its budget */
    char *currency;
};

/*
 * A column of one file's comparison: the base (variant NULL) or a variant,
 * then the --set changes, as cli_load would give them but from the scenario
 * loaded once.  The clone is made without the variants (each would copy
 * them all); they are lent to it for the time applying one takes.
 */
static int column_from_base(struct scenario *base, const char *variant, const char *const *sets,
                            size_t nsets, struct scenario *out, struct diag *d)
{
    struct variant *variants = base->variants;
    size_t nvariants = base->nvariants;
    base->variants = NULL;
    base->nvariants = 0;
    scenario_clone(base, out);
    base->variants = variants;
    base->nvariants = nvariants;
    out->variants = variants;
    out->nvariants = nvariants;
    int rc = cli_apply(out, variant, sets, NULL, nsets, d);
    out->variants = NULL;
    out->nvariants = 0;
    if (rc != 0)
        scenario_release(out);
    return rc;
}

struct row {
    const char *key, *label;
    enum figure_unit unit;
    size_t name_len; /* of the name the label ends with */
};

static const struct figure *find_figure(const struct column *c, const char *key)
{
    for (size_t i = 0; i < c->figures.n; i++)
        if (strcmp(c->figures.items[i].key, key) == 0)
            return &c->figures.items[i];
    return NULL;
}

/* The rows: every figure of any column, in order of first appearance. */
static struct row *collect_rows(const struct column *cols, size_t ncols, size_t *nrows)
{
    struct row *rows = NULL;
    size_t n = 0;
    for (size_t c = 0; c < ncols; c++)
        for (size_t i = 0; i < cols[c].figures.n; i++) {
            const struct figure *f = &cols[c].figures.items[i];
            size_t k = 0;
            while (k < n && strcmp(rows[k].key, f->key) != 0)
                k++;
            if (k < n)
                continue;
            rows = xrealloc(rows, (n + 1) * sizeof *rows);
            rows[n++] = (struct row){f->key, f->label, f->unit, f->name_len};
        }
    *nrows = n;
    return rows;
}

/* The figure of a row in a column; a missing one reads as "-" (NAN). */
static struct figure cell(const struct column *c, const struct row *row)
{
    const struct figure *f = find_figure(c, row->key);
    struct figure out = {(char *)row->key, (char *)row->label, row->unit, NAN, row->name_len};
    if (f)
        out.value = f->value;
    return out;
}

/*
 * Text and Markdown: one table, the figures down, the columns across with
 * each change beside its column; text fits every column to its widest cell.
 * Names reach it as DOC_USER runs, escaped by the renderer.
 */
static void compare_table(struct doc *d, const struct column *cols, size_t ncols,
                          const struct row *rows, size_t nrows)
{
    const char *cur = cols[0].currency;
    size_t width = 1 + ncols + (ncols - 1);
    struct doc_column *spec = xcalloc(width, sizeof *spec);
    spec[0] = (struct doc_column){DOC_LEFT, 0, 0};
    for (size_t x = 1; x < width; x++)
        spec[x] = (struct doc_column){DOC_RIGHT, 0, 2};
    struct doc_block *t = doc_table(&d->body, spec, width);
    free(spec);
    t->table.fit = DOC_FIT_ALL;
    t->table.md_tight_rule = 1;
    doc_text(doc_header(t, 0), "");
    for (size_t c = 0, x = 1; c < ncols; c++) {
        doc_user(doc_header(t, x++), cols[c].name);
        /* Each change is against the first column: a name here would widen every one. */
        if (c > 0)
            doc_text(doc_header(t, x++), "change");
    }
    for (size_t r = 0; r < nrows; r++) {
        struct doc_row *row = doc_row(t);
        struct figure base = cell(&cols[0], &rows[r]);
        figure_label_doc(doc_cell(row, 0), &base);
        for (size_t c = 0, x = 1; c < ncols; c++) {
            char buf[FMT_SIZE], change[FIG_CHANGE_SIZE];
            struct figure f = cell(&cols[c], &rows[r]);
            doc_text(doc_cell(row, x++), figure_format(buf, &f, cur));
            if (c > 0)
                doc_text(doc_cell(row, x++), figure_format_change(change, &base, &f, cur));
        }
    }
}

static void render_csv(struct strbuf *sb, const struct column *cols, size_t ncols,
                       const struct row *rows, size_t nrows)
{
    const char *cur = cols[0].currency;
    render_csv_text(sb, "figure", 0);
    render_csv_text(sb, "unit", 0);
    for (size_t c = 0; c < ncols; c++) {
        render_csv_text(sb, cols[c].name, c + 1 == ncols && c == 0);
        if (c > 0) {
            char *h = xasprintf("%s change", cols[c].name);
            char *p = xasprintf("%s change %%", cols[c].name);
            render_csv_text(sb, h, 0);
            render_csv_text(sb, p, c + 1 == ncols);
            free(h);
            free(p);
        }
    }
    for (size_t r = 0; r < nrows; r++) {
        render_csv_text(sb, rows[r].key, 0);
        render_csv_text(sb, figure_unit_name(rows[r].unit, cur), 0);
        struct figure base = cell(&cols[0], &rows[r]);
        double b = figure_value_in_unit(&base);
        for (size_t c = 0; c < ncols; c++) {
            struct figure f = cell(&cols[c], &rows[r]);
            double v = figure_value_in_unit(&f);
            char num[64];
            snprintf(num, sizeof num, isnan(v) ? "" : "%.10g", v);
            render_csv_number(sb, num, c + 1 == ncols && c == 0);
            if (c > 0) {
                char d[64], p[64];
                double ch = figure_change(b, v);
                snprintf(d, sizeof d, isnan(ch) ? "" : "%.10g", ch);
                snprintf(p, sizeof p, isnan(ch) || b == 0 ? "" : "%.4g", ch / fabs(b) * 100);
                render_csv_number(sb, d, 0);
                render_csv_number(sb, p, c + 1 == ncols);
            }
        }
    }
}

static void add_number(cJSON *array, double v)
{
    cJSON_AddItemToArray(array, isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v));
}

static void render_json(struct strbuf *sb, const struct column *cols, size_t ncols,
                        const struct row *rows, size_t nrows)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "raftcost_compare", 1);
    cJSON_AddStringToObject(root, "currency", cols[0].currency);
    cJSON *jc = cJSON_AddArrayToObject(root, "columns");
    for (size_t c = 0; c < ncols; c++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", cols[c].name);
        cJSON_AddStringToObject(o, "file", cols[c].file);
        if (cols[c].variant)
            cJSON_AddStringToObject(o, "variant", cols[c].variant);
        else
            cJSON_AddNullToObject(o, "variant");
        cJSON_AddItemToArray(jc, o);
    }
    cJSON *jr = cJSON_AddArrayToObject(root, "rows");
    for (size_t r = 0; r < nrows; r++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", rows[r].key);
        cJSON_AddStringToObject(o, "label", rows[r].label);
        cJSON_AddStringToObject(o, "unit", figure_unit_name(rows[r].unit, cols[0].currency));
        cJSON *values = cJSON_AddArrayToObject(o, "values");
        cJSON *changes = cJSON_AddArrayToObject(o, "changes");
        struct figure base = cell(&cols[0], &rows[r]);
        double b = figure_value_in_unit(&base);
        for (size_t c = 0; c < ncols; c++) {
            struct figure f = cell(&cols[c], &rows[r]);
            double v = figure_value_in_unit(&f);
            add_number(values, v);
            if (c == 0 || isnan(v - b)) {
                cJSON_AddItemToArray(changes, cJSON_CreateNull());
                continue;
            }
            cJSON *ch = cJSON_CreateObject();
            double diff = figure_change(b, v);
            cJSON_AddNumberToObject(ch, "absolute", diff);
            if (b != 0)
                cJSON_AddNumberToObject(ch, "percent", diff / fabs(b) * 100);
            else
                cJSON_AddNullToObject(ch, "percent");
            cJSON_AddItemToArray(changes, ch);
        }
        cJSON_AddItemToArray(jr, o);
    }
    char *text = json_print(root);
    if (!text) {
        fputs("raftcost: out of memory\n", stderr);
        abort();
    }
    strbuf_puts(sb, text);
    free(text);
}

/* The saved JSON report at path, as a column of figures: 0, or -1 with d. */
static int load_saved(struct column *col, const char *path, struct diag *d)
{
    char *text = NULL, *why = NULL;
    size_t len;
    if (read_input_file(path, INPUT_MAX_BYTES, &text, &len, &why) != 0) {
        diag_set(d, path, NULL, 0, 0, 0, "cannot read the file: %s", why);
        free(why);
        return -1;
    }
    const char *end = NULL;
    cJSON *json = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    int rc = -1;
    if (!json) {
        /* The line and column where the parser stopped. */
        int line, column;
        diag_position(text, len, end && end >= text ? (size_t)(end - text) : 0, &line, &column);
        diag_set(d, path, text, len, line, column,
                 "not JSON: '--against' takes a JSON report (raftcost -f json SCENARIO.yaml)");
        goto out;
    }
    if (figures_from_json(json, &col->figures, &why) != 0) {
        diag_set(d, path, NULL, 0, 0, 0, "%s", why);
        goto out;
    }
    const cJSON *currency = cJSON_GetObjectItemCaseSensitive(json, "currency");
    col->currency = xstrdup(cJSON_IsString(currency) ? currency->valuestring : "USD");
    const char *slash = strrchr(path, '/');
    col->name = xstrdup(slash ? slash + 1 : path);
    col->file = path;
    col->saved = 1;
    rc = 0;
out:
    cJSON_Delete(json);
    free(why);
    free(text);
    return rc;
}

int cmd_compare(int argc, char **argv)
{
    struct compare_args o;
    int status = cli_parse(&cmd_compare_spec, argc, argv, &o);
    if (status >= 0)
        return status;
    enum compare_format format = o.format;
    const char *output = o.output;
    const char **files = o.files;
    size_t nfiles = o.nfiles, ncols = 0, nsets = o.nsets + o.nbudgets;
    struct column *cols = NULL;
    struct diag d = DIAG_INIT;
    /* --set, then --budget (each a --set of budget.KEY), in every column. */
    const char **sets = xcalloc(nsets ? nsets : 1, sizeof *sets);
    for (size_t i = 0; i < o.nsets; i++)
        sets[i] = o.sets[i];
    for (size_t i = 0; i < o.nbudgets; i++)
        sets[o.nsets + i] = o.budgets[i];
    size_t first = o.against ? 1 : 0; /* the scenarios' first column */
    struct scenario base;             /* one file's scenario, loaded once for all its columns */
    int have_base = 0;
    status = CLI_INVALID;

    if (o.nvariants > 1 && nfiles > 1) {
        cli_usage_error("compare",
                        "with several scenarios, give one '--variant' (it applies to each)");
        goto out;
    }
    /*
     * One file: the base and each variant (or those named), each a clone of
     * the one scenario loaded (so the work grows with the variants, not with
     * their square); against a saved report, or several files: each loaded.
     */
    if (nfiles == 1 && !o.against) {
        if (cli_load(&base, files[0], NULL, NULL, NULL, 0, &d) != 0)
            goto fail;
        have_base = 1;
        size_t nvariants = o.nvariants ? o.nvariants : base.nvariants;
        cols = xcalloc(nvariants + 1, sizeof *cols);
        cols[0].name = xstrdup("base");
        for (size_t v = 0; v < nvariants; v++) {
            cols[v + 1].name = xstrdup(o.nvariants ? o.variants[v] : base.variants[v].name);
            cols[v + 1].variant = cols[v + 1].name;
        }
        if (nvariants == 0) {
            free(cols[0].name);
            cols[0].name = NULL;
            cli_usage_error("compare",
                            "'%s' has no variants: give two scenarios or more, add "
                            "'variants' to it, or compare it --against a saved report",
                            files[0]);
            goto out;
        }
        ncols = nvariants + 1;
        for (size_t c = 0; c < ncols; c++)
            cols[c].file = files[0];
    } else if (nfiles == 1) {
        /* Against a saved report: the scenario, or each variant named. */
        size_t n = o.nvariants ? o.nvariants : 1;
        ncols = 1 + n;
        cols = xcalloc(ncols, sizeof *cols);
        for (size_t v = 0; v < n; v++) {
            cols[1 + v].file = files[0];
            if (o.nvariants) {
                cols[1 + v].name = xstrdup(o.variants[v]);
                cols[1 + v].variant = cols[1 + v].name;
            }
        }
    } else {
        ncols = first + nfiles;
        cols = xcalloc(ncols, sizeof *cols);
        for (size_t c = 0; c < nfiles; c++) {
            cols[first + c].file = files[c];
            cols[first + c].variant = o.nvariants ? o.variants[0] : NULL;
        }
    }
    if (o.against && load_saved(&cols[0], o.against, &d) != 0)
        goto fail;
    for (size_t c = first; c < ncols; c++) {
        struct column *col = &cols[c];
        int loaded = have_base
                         ? column_from_base(&base, col->variant, sets, nsets, &col->scenario, &d)
                         : cli_load(&col->scenario, col->file, col->variant, sets, NULL, nsets, &d);
        if (loaded != 0)
            goto fail;
        if (model_run(&col->scenario, &col->report, &d) != 0) {
            scenario_release(&col->scenario);
            goto fail;
        }
        col->ready = 1;
        col->currency = xstrdup(col->scenario.currency);
        col->over = col->report.budget.over;
        figures_collect(&col->report, &col->figures);
        if (!col->name)
            col->name = xstrdup(o.against && nfiles == 1 ? "now" : col->scenario.name);
        if (strcmp(col->currency, cols[0].currency) != 0) {
            cli_usage_error("compare",
                            "'%s' is in %s but '%s' is in %s: compare scenarios in one "
                            "currency",
                            col->file, col->currency, cols[0].file, cols[0].currency);
            goto out;
        }
        /* The figures own what the table needs: keep no more than they do. */
        report_release(&col->report);
        scenario_release(&col->scenario);
        col->ready = 2;
    }
    size_t nrows;
    struct row *rows = collect_rows(cols, ncols, &nrows);
    struct strbuf sb = STRBUF_INIT;
    if (format == CMP_CSV) {
        render_csv(&sb, cols, ncols, rows, nrows);
    } else if (format == CMP_JSON) {
        render_json(&sb, cols, ncols, rows, nrows);
    } else {
        struct doc table;
        doc_init(&table);
        compare_table(&table, cols, ncols, rows, nrows);
        render_doc(&sb, &table, format == CMP_MD ? RENDER_MD : RENDER_TEXT);
        doc_release(&table);
    }
    free(rows);
    char *text = strbuf_detach(&sb);
    status = cli_write_output(output, text);
    free(text);
    /* As the main command: the table comes out, and a plan over its budget fails. */
    if (status == CLI_OK) {
        struct strbuf over = STRBUF_INIT;
        for (size_t c = first; c < ncols; c++)
            if (cols[c].over)
                strbuf_printf(&over, "%s'%s'", over.len ? ", " : "", cols[c].name);
        if (over.len) {
            fprintf(stderr, "raftcost: over budget: %s\n", over.buf);
            status = CLI_OVER_BUDGET;
        }
        strbuf_release(&over);
    }
    goto out;
fail:
    diag_render(&d, stderr);
out:
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].ready == 1) {
            report_release(&cols[c].report);
            scenario_release(&cols[c].scenario);
        }
        if (cols[c].ready || cols[c].saved)
            figures_release(&cols[c].figures);
        free(cols[c].name);
        free(cols[c].currency);
    }
    free(cols);
    if (have_base)
        scenario_release(&base);
    free(files);
    free(o.sets);
    free(o.variants);
    for (size_t i = 0; i < o.nbudgets; i++)
        free(o.budgets[i]);
    free(o.budgets);
    free(sets);
    diag_release(&d);
    return status;
}
