/*
 * escape: text from files, shown where a terminal, a log or a pager would
 * act on it.  Control characters become visible escapes, so that a name
 * cannot clear the screen (ESC [ 2 J), set a window title (an OSC sequence)
 * or forge a line of the report (a carriage return or a line break):
 *
 *   C0 controls and DEL   \t \n \r, others \xNN ("\x1b" for ESC)
 *   C1 controls           \u0080 ... \u009f (U+009B is a CSI to some terminals)
 *   line, paragraph and bidirectional formatting characters
 *                         \u2028 \u2029 \u200e \u200f \u202a ... \u202e \u2066 ... \u2069
 *   bytes that are not UTF-8
 *                         \xNN
 *
 * Everything else, other UTF-8 included, is kept; a backslash is kept as
 * it is (so the escapes read as in C, at the price of being ambiguous with
 * a name that spells one out).
 *
 * Long values are cut for messages: see escape_cut.  Nothing here prints;
 * results go to the caller's strbuf or are new strings the caller frees.
 */
#ifndef RAFTCOST_ESCAPE_H
#define RAFTCOST_ESCAPE_H

#include <stddef.h>

#include "util.h"

/* What escape_append leaves alone. */
enum {
    ESCAPE_TABS = 1,  /* a tab stays a tab (a source line, for its caret) */
    ESCAPE_LINES = 2, /* a line break stays, and the next line starts with two spaces (a
                         message of several lines, such as gnuplot's: no line that follows
                         can pass for a message of its own) */
};
/* Appends s[0..len) escaped; flags: ESCAPE_* or 0. */
void escape_append(struct strbuf *sb, const char *s, size_t len, unsigned flags);
/* s escaped, as a new string. */
char *escape_string(const char *s);
/* 1 when s holds nothing escape_append would change. */
int escape_clean(const char *s);

/*
 * The longest run of characters without a blank that a message shows
 * whole, and the most of a message shown at all.
 */
#define ESCAPE_RUN_MAX 100
#define ESCAPE_MESSAGE_MAX 4000

/*
 * A message with every run of more than ESCAPE_RUN_MAX bytes without a blank
 * (a 10 MB number echoed in "got '...'") cut to its start and end around
 * " ... (N bytes) ... ", and the whole cut after ESCAPE_MESSAGE_MAX bytes;
 * cuts fall between UTF-8 characters.  A message that needs no cut comes
 * back unchanged.  A new string.
 */
char *escape_cut(const char *msg);

#endif
