/*
 * figures: the key figures of a report as a flat list (generation cost and
 * time, fine-tuning, evaluation, one-off total, each option's month-1 and
 * horizon cost, the project's horizon total, breakeven, payback, month-1
 * ratio, claim), for the what-if commands that put reports side by side:
 * compare (one column a scenario) and sweep (one row a value).
 */
#ifndef RAFTCOST_FIGURES_H
#define RAFTCOST_FIGURES_H

#include <stddef.h>

#include "doc.h"
#include "format.h"
#include "report.h"

enum figure_unit {
    FIG_MONEY,
    FIG_HOURS,   /* value in seconds */
    FIG_DAYS,    /* payback */
    FIG_PER_DAY, /* requests a day */
    FIG_RATIO,
    FIG_YESNO,  /* 1 or 0 */
    FIG_COUNT,  /* a number of things: lost examples, 429s */
    FIG_NUMBER, /* any other number of the JSON report, in the unit its key says */
};

struct figure {
    /* Its path in the JSON report, an option by name: "generation.cost",
     * "inference.options.raft.first_month_cost" (figures_from_json reads it there). */
    char *key;
    char *label; /* for people: "generation cost", "month 1: raft" */
    enum figure_unit unit;
    double value;    /* NAN: does not exist (never, unreachable, phase absent) */
    size_t name_len; /* the label ends with a scenario's name this long, to escape; 0: none */
};

struct figures {
    struct figure *items;
    size_t n;
};

/*
 * Fills f (initialised here) with the report's key figures.  f owns its keys
 * and labels (figures_release frees them); a figure may be copied by value
 * while f lives.
 */
void figures_collect(const struct report *r, struct figures *f);
void figures_release(struct figures *f);
struct cJSON;

/*
 * The key figures of a saved JSON report (raftcost -f json), read at their
 * keys' paths as figures_collect gives them for a run (null: NAN; a figure
 * whose parent is there but not the figure: NAN).  Fills f; returns 0, or -1
 * with *why (the caller frees) when the JSON is not a raftcost report.
 */
int figures_from_json(const struct cJSON *report, struct figures *f, char **why);

/*
 * The number at `path` of a JSON report, its segments separated by '.',
 * an array's element named by its "name" (or by its position from 0):
 * "generation.backends.maas.cost".  A boolean reads 1 or 0, null NAN.
 * Returns 0, or -1 when nothing there is a number, a boolean or null.
 */
int figures_json_value(const struct cJSON *root, const char *path, double *value);

/* The unit's name for CSV and JSON: "USD", "hours", "days", "requests/day", "x", "yes/no",
 * "count". */
const char *figure_unit_name(enum figure_unit unit, const char *currency);
/* A value for people: "$102.23", "2 h 56 min", "1.8 days", "never". */
char *figure_format(char *buf, const struct figure *fig, const char *currency);
/* b - a, or 0 when they differ only in the digits a JSON report does not keep. */
double figure_change(double a, double b);
#define FIG_CHANGE_SIZE 160
/* A change for people, into FIG_CHANGE_SIZE bytes: "+$86.27 (+108%)"; "" when nothing changed. */
char *figure_format_change(char *buf, const struct figure *base, const struct figure *fig,
                           const char *currency);
/* The label as runs: the program's words, then the name it ends with as a DOC_USER run. */
void figure_label_doc(struct doc_inline *in, const struct figure *fig);
/* Value in the unit figure_unit_name names (hours for FIG_HOURS); NAN stays NAN. */
double figure_value_in_unit(const struct figure *fig);

#endif
