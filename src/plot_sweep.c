/*
 * plot_sweep: see plot_sweep.h.  A picture's data file has one block for
 * each line (the other axes' values), rows of the swept value and the
 * figure; the script sets the names, units and whether x is a log axis or
 * a list of names.
 */
#include "plot_sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gp.h"
#include "util.h"

enum plot_status plot_sweep_write(const struct plot_sweep_data *data, const char *dir,
                                  enum plot_format format, struct diag *d)
{
    struct plot_batch batch;
    if (plot_batch_open(&batch, dir, format, d) != 0)
        return PLOT_FAILED;
    for (size_t f = 0; f < data->nfigures; f++) {
        char *name = xasprintf("sweep-%s", data->keys[f]);
        struct plot_job *j =
            plot_batch_add(&batch, name, "sweep", "A figure against the swept value");
        free(name);
        gp_commentf(&j->data, "columns: the swept value (%s), then the figure",
                    data->x_labels ? "the index of each name" : "in its unit");
        for (size_t s = 0; s < data->nseries; s++) {
            if (s > 0)
                gp_data_block(&j->data, "the next line");
            for (size_t i = 0; i < data->nx; i++) {
                gp_number(&j->data, data->x[i]);
                gp_data_number(&j->data, data->values[(s * data->nx + i) * data->nfigures + f]);
                strbuf_puts(&j->data, "\n");
            }
        }
        gp_set_string(&j->script, "scenario", data->scenario);
        gp_set_string(&j->script, "figure", data->labels[f]);
        gp_set_string(&j->script, "unit", data->units[f]);
        char *axis = *data->axis_unit
                         ? xasprintf("%s (%s%s)", data->axis_path, data->axis_unit,
                                     data->axis_log ? ", log scale" : "")
                         : xasprintf("%s%s", data->axis_path, data->axis_log ? " (log scale)" : "");
        gp_set_string(&j->script, "axis", axis);
        free(axis);
        gp_set_int(&j->script, "xlog", data->axis_log);
        gp_set_number(&j->script, "xmin",
                      data->x[0] < data->x[data->nx - 1] ? data->x[0] : data->x[data->nx - 1]);
        gp_set_number(&j->script, "xmax",
                      data->x[0] < data->x[data->nx - 1] ? data->x[data->nx - 1] : data->x[0]);
        gp_set_int(&j->script, "nx", (long)data->nx);
        gp_set_int(&j->script, "xnames", data->x_labels != NULL);
        int long_names = 0;
        for (size_t i = 0; data->x_labels && i < data->nx; i++)
            long_names = long_names || strlen(data->x_labels[i]) > 12;
        gp_set_int(&j->script, "long_names", long_names);
        if (data->x_labels)
            gp_set_strings(&j->script, "x_labels", data->x_labels, data->nx);
        gp_set_int(&j->script, "nseries", (long)data->nseries);
        gp_set_string(&j->script, "series_title", data->series_title ? data->series_title : "");
        if (data->series) {
            gp_set_strings(&j->script, "series_names", data->series, data->nseries);
        } else {
            char *one[] = {""};
            gp_set_strings(&j->script, "series_names", one, 1);
        }
    }
    enum plot_status status = plot_batch_run(&batch, d);
    plot_batch_release(&batch);
    return status;
}
