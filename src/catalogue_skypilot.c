/*
 * catalogue_skypilot: reads SkyPilot's VM catalogue CSV (skypilot-catalog's
 * catalogs/vN/CLOUD/vms.csv), one row per instance type and region.  Columns
 * are found by name in the header, so their order and any other columns
 * (GpuInfo, Generation, ...) do not matter.  Instances are named
 * CLOUD/InstanceType with the cloud in lower case, as SkyPilot writes it.
 *
 * The CSV is RFC 4180: fields may be quoted, with "" for a quote, and a
 * quoted field may hold commas and line breaks; lines may end in CRLF.
 * Reading is one pass, linear in the file's size.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "util.h"

struct field {
    size_t at;     /* offset of the value in the record buffer */
    int line, col; /* where the field starts in the file */
};

struct csv {
    const char *src;
    size_t len, i;
    int line;          /* line of src[i] */
    size_t line_start; /* offset where that line starts */
    struct strbuf buf; /* the record's values, each NUL-terminated */
    struct field *fields;
    size_t nfields, cap;
    const char *file;
    struct diag *d;
};

static int csv_fail(struct csv *x, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int csv_fail(struct csv *x, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_set(x->d, x->file, x->src, x->len, line, col, "%s", msg);
    free(msg);
    return -1;
}

static void csv_newline(struct csv *x, size_t next)
{
    x->line++;
    x->line_start = next;
}

/*
 * Reads the next record into x->fields.  Returns 1, 0 at the end of the
 * text, -1 on an error.  `max` bounds the fields (a longer row is an error
 * as soon as it is seen, whatever its length).
 */
static int csv_record(struct csv *x, size_t max)
{
    const char *s = x->src;
    size_t n = x->len;
    x->nfields = 0;
    x->buf.len = 0;
    if (x->buf.buf)
        x->buf.buf[0] = '\0';
    if (x->i >= n)
        return 0;
    for (;;) {
        if (x->nfields == max)
            return csv_fail(x, x->line, (int)(x->i - x->line_start) + 1,
                            "this row has more than the header's %zu fields", max);
        if (x->nfields == x->cap) {
            x->cap = x->cap ? 2 * x->cap : 16;
            x->fields = xrealloc(x->fields, x->cap * sizeof *x->fields);
        }
        struct field *f = &x->fields[x->nfields++];
        f->at = x->buf.len;
        f->line = x->line;
        f->col = (int)(x->i - x->line_start) + 1;
        if (x->i < n && s[x->i] == '"') {
            x->i++;
            for (;;) {
                if (x->i >= n)
                    return csv_fail(x, f->line, f->col, "this quoted field has no closing quote");
                char ch = s[x->i];
                if (ch == '"') {
                    if (x->i + 1 < n && s[x->i + 1] == '"') {
                        strbuf_add(&x->buf, "\"", 1);
                        x->i += 2;
                        continue;
                    }
                    x->i++;
                    break;
                }
                strbuf_add(&x->buf, &ch, 1);
                x->i++;
                if (ch == '\n')
                    csv_newline(x, x->i);
            }
            if (x->i < n && s[x->i] != ',' && s[x->i] != '\n' && s[x->i] != '\r')
                return csv_fail(x, x->line, (int)(x->i - x->line_start) + 1,
                                "a quoted field must end at a comma or the line's end");
        } else {
            size_t start = x->i;
            while (x->i < n && s[x->i] != ',' && s[x->i] != '\n' && s[x->i] != '\r')
                x->i++;
            strbuf_add(&x->buf, s + start, x->i - start);
        }
        strbuf_add(&x->buf, "", 1);
        if (x->i < n && s[x->i] == ',') {
            x->i++;
            continue;
        }
        if (x->i < n && s[x->i] == '\r')
            x->i++;
        if (x->i < n && s[x->i] == '\n')
            x->i++;
        csv_newline(x, x->i);
        return 1;
    }
}

static const char *csv_value(const struct csv *x, size_t k)
{
    return x->buf.buf + x->fields[k].at;
}

/* The columns raftcost reads, by SkyPilot's names. */
enum column {
    COL_CLOUD,
    COL_TYPE,
    COL_ACCEL,
    COL_COUNT,
    COL_VCPUS,
    COL_MEMORY,
    COL_PRICE,
    COL_SPOT,
    COL_REGION,
    NCOLUMNS
};

static const char *const column_names[NCOLUMNS] = {
    "Cloud", "InstanceType", "AcceleratorName", "AcceleratorCount", "vCPUs", "MemoryGiB",
    "Price", "SpotPrice",    "Region"};

/*
 * A number of the row: empty gives *given = 0; otherwise a plain decimal
 * number (no "nan", "inf" or hex), finite and not negative.
 */
static int cell_number(struct csv *x, const size_t *cols, enum column col, const char *what,
                       double *out, int *given)
{
    const char *text = csv_value(x, cols[col]);
    const struct field *f = &x->fields[cols[col]];
    *given = *text != '\0';
    if (!*given)
        return 0;
    int plain = 1;
    for (const char *p = text; *p; p++)
        if (!isdigit((unsigned char)*p) && !strchr(".eE+-", *p))
            plain = 0;
    char *end = NULL;
    errno = 0;
    double v = plain ? strtod(text, &end) : 0;
    if (!plain || end == text || *end || errno == ERANGE || !isfinite(v))
        return csv_fail(x, f->line, f->col, "'%s' needs %s (a number), got '%s'", column_names[col],
                        what, text);
    if (v < 0)
        return csv_fail(x, f->line, f->col, "'%s' is negative (%s): it needs %s, 0 or more",
                        column_names[col], text, what);
    *out = v;
    return 0;
}

static int read_header(struct csv *x, size_t *cols, int has_cloud_arg)
{
    for (int k = 0; k < NCOLUMNS; k++)
        cols[k] = (size_t)-1;
    int r = csv_record(x, (size_t)-1);
    if (r <= 0)
        return r < 0 ? -1
                     : csv_fail(x, 1, 1,
                                "empty file: a SkyPilot VM catalogue starts with "
                                "its header (InstanceType,AcceleratorName,...)");
    for (size_t i = 0; i < x->nfields; i++) {
        const char *name = csv_value(x, i);
        for (int k = 0; k < NCOLUMNS; k++) {
            if (strcmp(name, column_names[k]) != 0)
                continue;
            if (cols[k] != (size_t)-1)
                return csv_fail(x, x->fields[i].line, x->fields[i].col,
                                "column '%s' is given twice", name);
            cols[k] = i;
        }
    }
    for (int k = 0; k < NCOLUMNS; k++) {
        if (cols[k] != (size_t)-1)
            continue;
        if (k == COL_CLOUD && has_cloud_arg)
            continue;
        if (k == COL_CLOUD)
            return csv_fail(x, 1, 1,
                            "no 'Cloud' column: name the cloud with 'cloud' in the pricing entry "
                            "(such as {file: vms.csv, cloud: azure})");
        return csv_fail(x, 1, 1,
                        "missing column '%s' (a SkyPilot VM catalogue has %s, %s, %s, "
                        "%s, %s, %s, %s and %s)",
                        column_names[k], column_names[1], column_names[2], column_names[3],
                        column_names[4], column_names[5], column_names[6], column_names[7],
                        column_names[8]);
    }
    return 0;
}

static char *lower_copy(const char *s)
{
    char *t = xstrdup(s);
    for (char *p = t; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return t;
}

/* Reads one data row into the catalogue (or skips it); 0 or -1. */
static int read_row(struct csv *x, struct catalogue *c, const size_t *cols, const char *cloud,
                    struct strmap *seen, char ***keys, size_t *nkeys)
{
    int line = x->fields[0].line, given;
    const struct field *ft = &x->fields[cols[COL_TYPE]], *fr = &x->fields[cols[COL_REGION]];
    const char *type = csv_value(x, cols[COL_TYPE]), *region = csv_value(x, cols[COL_REGION]);
    char *row_cloud =
        lower_copy(cols[COL_CLOUD] != (size_t)-1 ? csv_value(x, cols[COL_CLOUD]) : cloud);
    struct instance_price m = {0};
    int rc = -1;
    if (cloud && strcmp(row_cloud, cloud) != 0) {
        rc = 0;
        goto out;
    }
    if (!*row_cloud) {
        const struct field *fc = &x->fields[cols[COL_CLOUD]];
        csv_fail(x, fc->line, fc->col, "empty 'Cloud'");
        goto out;
    }
    if (!*type) {
        csv_fail(x, ft->line, ft->col, "empty 'InstanceType'");
        goto out;
    }
    if (!*region) {
        csv_fail(x, fr->line, fr->col, "empty 'Region'");
        goto out;
    }
    m.name = xasprintf("%s/%s", row_cloud, type);
    m.region = xstrdup(region);
    m.line = line;
    m.col = 1;
    if (cell_number(x, cols, COL_PRICE, "a price per hour", &m.per_hour, &given))
        goto out;
    if (!given) {
        catalogue_note(c, line, x->fields[cols[COL_PRICE]].col, m.name,
                       "no on-demand 'Price' in %s: the row is not loaded", region);
        rc = 0;
        goto out;
    }
    if (cell_number(x, cols, COL_SPOT, "a price per hour", &m.spot_per_hour, &m.has_spot) ||
        cell_number(x, cols, COL_COUNT, "a number of accelerators", &m.gpus, &given) ||
        cell_number(x, cols, COL_VCPUS, "a number of vCPUs", &m.vcpus, &given) ||
        cell_number(x, cols, COL_MEMORY, "a memory size in GiB", &m.memory_gib, &given))
        goto out;
    const char *accel = csv_value(x, cols[COL_ACCEL]);
    if (*accel)
        m.gpu = xstrdup(accel);
    else
        m.gpus = 0;
    /* One price per instance and region: a second row would be ambiguous. */
    char *key = xasprintf("%s\t%s", m.name, region);
    size_t first;
    if (strmap_get(seen, key, &first)) {
        csv_fail(x, line, 1, "'%s' in %s is priced twice (first at line %d)", m.name, region,
                 c->instances[first].line);
        free(key);
        goto out;
    }
    if ((*nkeys & (*nkeys - 1)) == 0)
        *keys = xrealloc(*keys, (*nkeys ? 2 * *nkeys : 1) * sizeof **keys);
    (*keys)[(*nkeys)++] = key;
    strmap_put(seen, key, c->ninstances);
    catalogue_add_instance(c, &m);
    rc = 0;
out:
    instance_price_release(&m);
    free(row_cloud);
    return rc;
}

int catalogue_read_skypilot(struct catalogue *c, const char *src, size_t len, const char *cloud,
                            struct diag *d)
{
    struct csv x = {.src = src, .len = len, .line = 1, .file = c->file, .d = d};
    struct strbuf empty = STRBUF_INIT;
    struct strmap seen = STRMAP_INIT;
    char **keys = NULL;
    size_t nkeys = 0, cols[NCOLUMNS];
    int rc = -1, r;
    x.buf = empty;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        x.i = 3;
    if (read_header(&x, cols, cloud != NULL))
        goto out;
    size_t width = x.nfields;
    while ((r = csv_record(&x, width)) > 0) {
        /* A blank line (often the last) is no row. */
        if (x.nfields == 1 && csv_value(&x, 0)[0] == '\0')
            continue;
        if (x.nfields != width) {
            csv_fail(&x, x.fields[x.nfields - 1].line, x.fields[x.nfields - 1].col,
                     "this row has %zu fields, the header %zu", x.nfields, width);
            goto out;
        }
        if (read_row(&x, c, cols, cloud, &seen, &keys, &nkeys))
            goto out;
    }
    rc = r < 0 ? -1 : 0;
out:
    for (size_t i = 0; i < nkeys; i++)
        free(keys[i]);
    free(keys);
    strmap_release(&seen);
    strbuf_release(&x.buf);
    free(x.fields);
    return rc;
}
