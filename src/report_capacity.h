/*
 * report_capacity: the capacity figures of a report (capacity_report.h) in
 * each output: the JSON of an option's capacity and of the comparisons
 * against the candidate (report_json_capacity.c), and the document's
 * capacity sections (report_doc_capacity.c).  Writers only: every figure
 * comes from the report.
 *
 * Ownership: what these add to a cJSON tree or a document belongs to it.
 */
#ifndef RAFTCOST_REPORT_CAPACITY_H
#define RAFTCOST_REPORT_CAPACITY_H

#include <cjson/cJSON.h>

#include "doc.h"
#include "report.h"

/* Adds "capacity" to option i's JSON object when the option reports one. */
void report_json_capacity(const struct report *r, size_t option, cJSON *entry);
/* Adds "comparisons" (every other option against the candidate) to the inference object. */
void report_json_comparisons(const struct report *r, cJSON *inference,
                             cJSON *(*comparison)(const struct comparison *));
/* The capacity sections: each serving option, then every option against the candidate. */
void report_doc_capacity(const struct report *r, struct doc_block *title);

#endif
