/*
 * calib_view: the reports of `raftcost calibrate` (calib_doc.c) and
 * `raftcost actual` (actual_doc.c), as a document (rendered as text and
 * Markdown, render.h), as JSON and, for actual, as CSV.  Like the report's
 * writers they compute no figure: every number comes from the calibration
 * (calibrate.h), the comparison (calib_plan.h) or the model's reports.
 *
 * Ownership: a view only borrows; the document, the JSON tree (cJSON_Delete)
 * and the CSV text (appended to the caller's strbuf) are the caller's.
 */
#ifndef RAFTCOST_CALIB_VIEW_H
#define RAFTCOST_CALIB_VIEW_H

#include <stddef.h>

#include "calib_map.h"
#include "calib_plan.h"
#include "calibrate.h"
#include "doc.h"
#include "report.h"
#include "scenario_calib.h"
#include "usage_log.h"
#include "util.h"

struct cJSON;

/* What `raftcost calibrate` reports. */
struct calib_view {
    const struct scenario *scenario;
    const struct usage_log *log;
    const char *log_name; /* as the user named it */
    const struct calibration *cal;
    const struct calib_map *map;
    const struct scenario_calib_settings *settings; /* the values the calibrated variant set */
    const char *variant_file;                       /* where it was written; NULL: nowhere */
    const struct report *plan;                      /* the scenario as it stands */
    const struct report *calibrated;                /* with the variant applied */
    /*
     * The job simulated: plan->simulation and calibrated->simulation are
     * present (model_sim.h), with `workers` workers, the pilot's most calls
     * in flight when workers_from_pilot; or, when the simulation could not
     * run, sim_error says why.  calibrated->uncertainty, when set, is the
     * Monte Carlo run of the ranges from the pilot's spread.
     */
    int simulated;
    const char *sim_error;
    double workers;
    int workers_from_pilot;
};

void calib_view_doc(const struct calib_view *v, struct doc *d);
/* The job simulated and the ranges from the pilot, appended to the title (calib_doc_sim.c). */
void calib_doc_prediction(const struct calib_view *v, struct doc_block *title);
struct cJSON *calib_view_json(const struct calib_view *v);

/* What `raftcost actual` reports. */
struct actual_view {
    const struct scenario *scenario;
    const struct report *plan;
    const struct usage_log *log;
    const char *log_name;
    const struct calib_map *map;
    const struct plan_actual *pa;
    size_t dropped;  /* records after --now, left out */
    double window_s; /* the projection's window as asked (0: the whole run) */
};

void actual_view_doc(const struct actual_view *v, struct doc *d);
struct cJSON *actual_view_json(const struct actual_view *v);
/* One row a figure: group,name,figure,unit,planned,plan_at_progress,actual,deviation. */
void actual_view_csv(const struct actual_view *v, struct strbuf *out);

/* Shared by both: amounts for people (calib_doc.c). */
/* Money with enough digits for a pilot's cents: "$0.0993", "$12.34". */
char *calib_fmt_money(char *buf, const char *currency, double amount);
/* "1 min 29 s" below ten minutes, else as fmt_duration; "stalled" for infinity. */
char *calib_fmt_duration(char *buf, double seconds);
/* "+20.0%", "-3.2%", "0.0%"; "-" for NaN. */
char *calib_fmt_deviation(char *buf, double deviation);
/* The log's line: "LiteLLM spend log (CSV), 186 records, FROM to TO". */
void calib_doc_log_line(struct doc_inline *in, const struct usage_log *log, const char *name);
/* {"file", "format", "records", "first", "last"} */
struct cJSON *calib_json_log(const struct usage_log *log, const char *name);

#endif
