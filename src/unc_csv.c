/*
 * unc_csv: the samples of a Monte Carlo run as CSV (see unc.h), for a
 * spreadsheet or a notebook: one row a sample, the inputs then the
 * figures, numbers with 10 significant digits, cells through render_csv.
 */
#include <math.h>
#include <stdio.h>

#include "render_csv.h"
#include "unc.h"
#include "unc_figures.h"
#include "util.h"

/* A fit's throughput column is one of the inputs already. */
static int in_csv(const struct unc_figure *f)
{
    return f->what != UNC_UNIT_THROUGHPUT;
}

static void number(struct strbuf *sb, double v, int last)
{
    char buf[32] = "";
    if (isfinite(v))
        snprintf(buf, sizeof buf, "%.10g", v);
    render_csv_number(sb, buf, last);
}

char *unc_samples_csv(const struct unc_result *r)
{
    struct strbuf sb = STRBUF_INIT;
    size_t last = r->nfigures;
    while (last > 0 && !in_csv(&r->figures[last - 1]))
        last--;
    render_csv_text(&sb, "sample", 0);
    for (size_t j = 0; j < r->ninputs; j++)
        render_csv_text(&sb, r->inputs[j].path, 0);
    for (size_t f = 0; f < last; f++)
        if (in_csv(&r->figures[f]))
            render_csv_text(&sb, r->figures[f].fig.key, f + 1 == last);
    for (size_t i = 0; i < r->samples; i++) {
        char index[32];
        snprintf(index, sizeof index, "%zu", i + 1);
        render_csv_number(&sb, index, 0);
        for (size_t j = 0; j < r->ninputs; j++)
            number(&sb, r->input_values[i * r->ninputs + j], 0);
        for (size_t f = 0; f < last; f++) {
            if (!in_csv(&r->figures[f]))
                continue;
            struct figure v = r->figures[f].fig;
            v.value = r->mc.outputs[i * r->mc.n_outputs + f];
            number(&sb, figure_value_in_unit(&v), f + 1 == last);
        }
    }
    return strbuf_detach(&sb);
}
