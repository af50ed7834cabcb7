/*
 * tornado_out: the output of `raftcost tornado`: a tornado (unc.h) of one
 * figure as text (with bars), Markdown or JSON.  Text and Markdown are one
 * document (doc.h) rendered twice; the bars are the text's only.  The
 * figures come computed; nothing is computed here but display conversions.
 *
 * Ownership: the returned string is the caller's to free.
 */
#ifndef RAFTCOST_TORNADO_OUT_H
#define RAFTCOST_TORNADO_OUT_H

#include "report.h"
#include "unc.h"

enum tornado_format { TORNADO_TEXT, TORNADO_JSON, TORNADO_MD };

/* r: the scenario's report with r->uncertainty the run the tornado's correlations came from. */
char *tornado_output(const struct report *r, const struct unc_tornado *t,
                     enum tornado_format format);

/* The width of the text's bars: characters on each side of the base. */
#define TORNADO_BAR_HALF 15

#endif
