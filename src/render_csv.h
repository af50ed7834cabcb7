/*
 * render_csv: the cells of every CSV that raftcost writes (the report's line
 * items, compare, sweep), as two kinds: text (names, keys, units, headers)
 * and numbers.  Text cells go through render_csv_text alone, so that what a
 * spreadsheet must not run as a formula is handled in one place (util.h's
 * strbuf_csv_field: a text cell starting with '=', '+', '-', '@', a tab or a
 * carriage return gets a leading single quote, as OWASP recommends, unless
 * it is a plain number); a number (already formatted, or "" for none) is
 * never altered.  Both quote as RFC
 * 4180 says (util.h's strbuf_csv_field) and append a comma, or a line end
 * when last.
 *
 * Ownership: nothing is kept; the cells go to the caller's strbuf.
 */
#ifndef RAFTCOST_RENDER_CSV_H
#define RAFTCOST_RENDER_CSV_H

#include "util.h"

void render_csv_text(struct strbuf *sb, const char *text, int last);
void render_csv_number(struct strbuf *sb, const char *number, int last);

#endif
