/*
 * prices_out: text, JSON and CSV renderings of price rows and lint warnings;
 * see prices.h.  Text is a table with aligned columns ("-" where the
 * catalogue gives nothing); JSON is built with cJSON (null where nothing);
 * CSV is one header and one line per row (empty cells where nothing).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_out.h"
#include "prices.h"
#include "util.h"

void prices_money(char *buf, size_t size, double v)
{
    if (isnan(v)) {
        snprintf(buf, size, "-");
        return;
    }
    /* Six significant digits, at least two decimals, no trailing zeros past those. */
    int decimals = 2;
    if (v > 0) {
        int magnitude = (int)floor(log10(v));
        if (5 - magnitude > decimals)
            decimals = 5 - magnitude;
        if (decimals > 10)
            decimals = 10;
    }
    snprintf(buf, size, "%.*f", decimals, v);
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *end = buf + strlen(buf);
    while (end > dot + 3 && end[-1] == '0')
        *--end = '\0';
}

static void tokens(char *buf, size_t size, double v)
{
    if (!(v > 0))
        snprintf(buf, size, "-");
    else if (fmod(v, 1e6) == 0)
        snprintf(buf, size, "%.0fM", v / 1e6);
    else if (fmod(v, 1e3) == 0)
        snprintf(buf, size, "%.0fk", v / 1e3);
    else
        snprintf(buf, size, "%.0f", v);
}

static void count(char *buf, size_t size, double v)
{
    if (!(v > 0))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.6g", v);
}

/* ---- text ---- */

#define MAX_COLUMNS 10
#define CELL 40

/* A table whose cells are copied in; the first column's are borrowed names. */
struct table {
    size_t ncols, nrows;
    int right[MAX_COLUMNS]; /* numbers align right */
    size_t width[MAX_COLUMNS];
    char **cells; /* nrows × ncols, row 0 the header; column 0 unused */
    const char **names;
};

static void table_init(struct table *t, size_t nrows, const char *const *head, const int *right,
                       size_t ncols)
{
    t->ncols = ncols;
    t->nrows = nrows + 1;
    t->cells = xcalloc(t->nrows * ncols, sizeof *t->cells);
    t->names = xcalloc(t->nrows, sizeof *t->names);
    for (size_t c = 0; c < ncols; c++) {
        t->right[c] = right[c];
        t->cells[c] = xstrdup(head[c]);
    }
    t->names[0] = head[0];
}

static void table_set(struct table *t, size_t row, size_t col, const char *text)
{
    free(t->cells[(row + 1) * t->ncols + col]);
    t->cells[(row + 1) * t->ncols + col] = xstrdup(text);
}

static const char *table_cell(const struct table *t, size_t r, size_t c)
{
    const char *s = c == 0 ? t->names[r] : t->cells[r * t->ncols + c];
    return s ? s : "-";
}

static void table_render(struct table *t, struct strbuf *out)
{
    for (size_t c = 0; c < t->ncols; c++) {
        t->width[c] = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = strlen(table_cell(t, r, c));
            if (w > t->width[c])
                t->width[c] = w;
        }
    }
    struct strbuf line = STRBUF_INIT;
    for (size_t r = 0; r < t->nrows; r++) {
        line.len = 0;
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = table_cell(t, r, c);
            int w = (int)t->width[c];
            if (c)
                strbuf_puts(&line, "  ");
            if (t->right[c])
                strbuf_printf(&line, "%*s", w, s);
            else if (c + 1 < t->ncols)
                strbuf_printf(&line, "%-*s", w, s);
            else
                strbuf_puts(&line, s);
        }
        while (line.len && line.buf[line.len - 1] == ' ')
            line.len--;
        strbuf_add(out, line.buf ? line.buf : "", line.len);
        strbuf_puts(out, "\n");
    }
    strbuf_release(&line);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->names);
}

static void models_text(const struct price_rows *r, const char *currency, struct strbuf *out)
{
    static const char *const head[] = {"model",    "provider",  "input",   "cached",   "output",
                                       "batch in", "batch out", "context", "catalogue"};
    static const int right[] = {0, 0, 1, 1, 1, 1, 1, 1, 0};
    struct table t;
    table_init(&t, r->nmodels, head, right, 9);
    for (size_t i = 0; i < r->nmodels; i++) {
        const struct model_row *m = &r->models[i];
        const double money[] = {m->input_per_1m, m->cached_input_per_1m, m->output_per_1m,
                                m->batch_input_per_1m, m->batch_output_per_1m};
        char buf[CELL];
        t.names[i + 1] = m->m->name;
        table_set(&t, i, 1, m->m->provider ? m->m->provider : "-");
        for (size_t k = 0; k < 5; k++) {
            prices_money(buf, sizeof buf, money[k]);
            table_set(&t, i, 2 + k, buf);
        }
        tokens(buf, sizeof buf, m->context);
        table_set(&t, i, 7, buf);
        table_set(&t, i, 8, m->m->from ? m->m->from->file : "-");
    }
    strbuf_printf(out,
                  "Models: %zu, %s per 1M tokens, cheapest first (3 input tokens to 1 output)\n",
                  r->nmodels, currency ? currency : "USD");
    table_render(&t, out);
}

static void instances_text(const struct price_rows *r, const char *currency, struct strbuf *out)
{
    static const char *const head[] = {"instance", "GPUs",   "GPU",      "on-demand",
                                       "spot",     "region", "catalogue"};
    static const int right[] = {0, 1, 0, 1, 1, 0, 0};
    struct table t;
    table_init(&t, r->ninstances, head, right, 7);
    for (size_t k = 0; k < r->ninstances; k++) {
        const struct instance_row *i = &r->instances[k];
        char buf[CELL];
        t.names[k + 1] = i->i->name;
        count(buf, sizeof buf, i->i->gpus);
        table_set(&t, k, 1, buf);
        table_set(&t, k, 2, i->i->gpu ? i->i->gpu : "-");
        prices_money(buf, sizeof buf, i->per_hour);
        table_set(&t, k, 3, buf);
        prices_money(buf, sizeof buf, i->spot_per_hour);
        table_set(&t, k, 4, buf);
        table_set(&t, k, 5, i->i->region ? i->i->region : "-");
        table_set(&t, k, 6, i->i->from ? i->i->from->file : "-");
    }
    strbuf_printf(out, "Instances: %zu, %s per hour, cheapest on demand first\n", r->ninstances,
                  currency ? currency : "USD");
    table_render(&t, out);
}

/* ---- JSON ---- */

/* Per 1K to per 1M with 12 significant digits: 2.5, not 2.5000000000000004. */
static double per_1m(double per_1k)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.12g", per_1k * 1000);
    return strtod(buf, NULL);
}

static void add_positive(cJSON *o, const char *key, double v)
{
    json_add_number(o, key, v > 0 ? v : NAN);
}

static void add_text(cJSON *o, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

static int emit_json(cJSON *root, struct strbuf *out)
{
    char *text = json_print(root);
    if (!text)
        return -1;
    strbuf_puts(out, text);
    free(text);
    return 0;
}

static int rows_json(const struct price_rows *r, const char *currency, struct strbuf *out)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "currency", currency ? currency : "USD");
    cJSON *models = cJSON_AddArrayToObject(root, "models");
    for (size_t i = 0; i < r->nmodels; i++) {
        const struct model_row *m = &r->models[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", m->m->name);
        add_text(o, "provider", m->m->provider);
        add_text(o, "mode", m->m->mode);
        json_add_number(o, "input_per_1m", m->input_per_1m);
        json_add_number(o, "output_per_1m", m->output_per_1m);
        json_add_number(o, "cached_input_per_1m", m->cached_input_per_1m);
        json_add_number(o, "batch_input_per_1m", m->batch_input_per_1m);
        json_add_number(o, "batch_output_per_1m", m->batch_output_per_1m);
        add_positive(o, "max_input_tokens", m->context);
        add_positive(o, "max_output_tokens", m->max_output);
        cJSON *tiers = cJSON_AddArrayToObject(o, "tiers");
        for (size_t k = 0; k < m->m->ntiers; k++) {
            const struct price_tier *t = &m->m->tiers[k];
            cJSON *to = cJSON_CreateObject();
            cJSON_AddNumberToObject(to, "above_tokens", t->above_tokens);
            cJSON_AddNumberToObject(to, "input_per_1m", per_1m(t->input_per_1k));
            json_add_number(to, "output_per_1m", t->has_output ? per_1m(t->output_per_1k) : NAN);
            json_add_number(to, "cached_input_per_1m",
                            t->has_cached ? per_1m(t->cached_input_per_1k) : NAN);
            cJSON_AddItemToArray(tiers, to);
        }
        add_text(o, "catalogue", m->m->from ? m->m->from->file : NULL);
        cJSON_AddItemToArray(models, o);
    }
    cJSON *instances = cJSON_AddArrayToObject(root, "instances");
    for (size_t k = 0; k < r->ninstances; k++) {
        const struct instance_row *i = &r->instances[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", i->i->name);
        add_positive(o, "gpus", i->i->gpus);
        add_text(o, "gpu", i->i->gpu);
        json_add_number(o, "per_hour", i->per_hour);
        json_add_number(o, "spot_per_hour", i->spot_per_hour);
        add_text(o, "region", i->i->region);
        add_positive(o, "vcpus", i->i->vcpus);
        add_positive(o, "memory_gib", i->i->memory_gib);
        add_text(o, "catalogue", i->i->from ? i->i->from->file : NULL);
        cJSON_AddItemToArray(instances, o);
    }
    return emit_json(root, out);
}

/* ---- CSV ---- */

static void csv_number(struct strbuf *sb, double v, int last)
{
    char buf[40] = "";
    if (!isnan(v))
        snprintf(buf, sizeof buf, "%.12g", v);
    strbuf_csv_field(sb, buf, last);
}

static void rows_csv(const struct price_rows *r, struct strbuf *out)
{
    strbuf_puts(out, "kind,name,provider,mode,input_per_1m,output_per_1m,cached_input_per_1m,"
                     "batch_input_per_1m,batch_output_per_1m,max_input_tokens,max_output_tokens,"
                     "gpus,gpu,per_hour,spot_per_hour,region,vcpus,memory_gib,catalogue\n");
    for (size_t i = 0; i < r->nmodels; i++) {
        const struct model_row *m = &r->models[i];
        strbuf_csv_field(out, "model", 0);
        strbuf_csv_field(out, m->m->name, 0);
        strbuf_csv_field(out, m->m->provider ? m->m->provider : "", 0);
        strbuf_csv_field(out, m->m->mode ? m->m->mode : "", 0);
        csv_number(out, m->input_per_1m, 0);
        csv_number(out, m->output_per_1m, 0);
        csv_number(out, m->cached_input_per_1m, 0);
        csv_number(out, m->batch_input_per_1m, 0);
        csv_number(out, m->batch_output_per_1m, 0);
        csv_number(out, m->context > 0 ? m->context : NAN, 0);
        csv_number(out, m->max_output > 0 ? m->max_output : NAN, 0);
        strbuf_puts(out, ",,,,,,,");
        strbuf_csv_field(out, m->m->from ? m->m->from->file : "", 1);
    }
    for (size_t k = 0; k < r->ninstances; k++) {
        const struct instance_row *i = &r->instances[k];
        strbuf_csv_field(out, "instance", 0);
        strbuf_csv_field(out, i->i->name, 0);
        strbuf_puts(out, ",,,,,,,,,");
        csv_number(out, i->i->gpus > 0 ? i->i->gpus : NAN, 0);
        strbuf_csv_field(out, i->i->gpu ? i->i->gpu : "", 0);
        csv_number(out, i->per_hour, 0);
        csv_number(out, i->spot_per_hour, 0);
        strbuf_csv_field(out, i->i->region ? i->i->region : "", 0);
        csv_number(out, i->i->vcpus > 0 ? i->i->vcpus : NAN, 0);
        csv_number(out, i->i->memory_gib > 0 ? i->i->memory_gib : NAN, 0);
        strbuf_csv_field(out, i->i->from ? i->i->from->file : "", 1);
    }
}

int prices_render(const struct price_rows *r, enum prices_format f, const char *currency,
                  struct strbuf *out)
{
    if (f == PRICES_JSON)
        return rows_json(r, currency, out);
    if (f == PRICES_CSV) {
        rows_csv(r, out);
        return 0;
    }
    if (r->nmodels)
        models_text(r, currency, out);
    if (r->nmodels && r->ninstances)
        strbuf_puts(out, "\n");
    if (r->ninstances)
        instances_text(r, currency, out);
    if (!r->nmodels && !r->ninstances)
        strbuf_puts(out, "No model or instance matches.\n");
    return 0;
}

int lint_render(const struct lint_report *r, enum prices_format f, struct strbuf *out)
{
    if (f == PRICES_JSON) {
        cJSON *root = cJSON_CreateObject();
        cJSON *list = cJSON_AddArrayToObject(root, "warnings");
        for (size_t i = 0; i < r->n; i++) {
            const struct lint_warning *w = &r->items[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "file", w->file);
            add_positive(o, "line", w->line);
            add_positive(o, "col", w->col);
            add_text(o, "name", w->name);
            cJSON_AddStringToObject(o, "message", w->message);
            cJSON_AddItemToArray(list, o);
        }
        return emit_json(root, out);
    }
    if (f == PRICES_CSV)
        strbuf_puts(out, "file,line,col,name,message\n");
    for (size_t i = 0; i < r->n; i++) {
        const struct lint_warning *w = &r->items[i];
        if (f == PRICES_CSV) {
            char line[16], col[16];
            snprintf(line, sizeof line, "%d", w->line);
            snprintf(col, sizeof col, "%d", w->col);
            strbuf_csv_field(out, w->file, 0);
            strbuf_csv_field(out, line, 0);
            strbuf_csv_field(out, col, 0);
            strbuf_csv_field(out, w->name ? w->name : "", 0);
            strbuf_csv_field(out, w->message, 1);
        } else if (w->line > 0) {
            strbuf_printf(out, "%s:%d:%d: warning: ", w->file, w->line, w->col);
            if (w->name)
                strbuf_printf(out, "'%s': ", w->name);
            strbuf_printf(out, "%s\n", w->message);
        } else {
            strbuf_printf(out, "%s: warning: %s%s%s%s\n", w->file, w->name ? "'" : "",
                          w->name ? w->name : "", w->name ? "': " : "", w->message);
        }
    }
    return 0;
}
