/*
 * manpage: a command's manual page in the man(7) format, written from its
 * command line table (opts.h), so that the option list of the manual is the
 * one --help prints and the parser takes:
 *
 *   NAME         the page's name and its one-line summary
 *   SYNOPSIS     the spec's usage lines (and, for raftcost itself, each
 *                command's synopsis line, as --help shows them)
 *   DESCRIPTION  the spec's description, without a last "options:" line
 *   COMMANDS     raftcost itself: each command, its summary and its page
 *   OPTIONS      every option row: its forms, value and help text
 *   ...          the epilogue, a paragraph at a time: a paragraph whose
 *                first line is "examples:" (or "example:") goes under
 *                EXAMPLES, one that starts "exit status:" under EXIT STATUS,
 *                one whose first line is "NAME:" alone under NAME in capitals,
 *                any other under NOTES
 *   extra        hand-written roff (FILES, ENVIRONMENT, ...), as given
 *   SEE ALSO     raftcost(1) and the other pages
 *
 * In the help texts, lines indented by two spaces or more are examples
 * (kept as they are, in a literal block); other lines are prose, which the
 * page reflows.  Backslashes are escaped, dashes in options and examples
 * become \- (so that they copy as ASCII), and no line starts with a dot or
 * a quote.
 *
 * Ownership: a struct manpage borrows everything it points to; manpage_write
 * appends to the caller's buffer.  Prints nothing.
 */
#ifndef RAFTCOST_MANPAGE_H
#define RAFTCOST_MANPAGE_H

#include "opts.h"
#include "util.h"

struct manpage {
    const struct opts_spec *spec;
    const char *name;                       /* "raftcost", "raftcost-sweep" */
    const char *summary;                    /* after "NAME \- " */
    const struct opts_subcommand *commands; /* raftcost itself: the table of commands; else NULL */
    const char *extra;                      /* roff sections before SEE ALSO, or NULL */
    const char *version;                    /* "raftcost 0.1.0", the footer */
    const char *date;                       /* "2026-12", the footer */
};

/* Appends the page (man(7) source) to sb. */
void manpage_write(const struct manpage *m, struct strbuf *sb);

/*
 * Appends text as roff: backslashes escaped, dashes that start an option or
 * stand in an example as \-; literal 1 for a literal block (every dash).
 */
void manpage_escape(struct strbuf *sb, const char *text, size_t len, int literal);

#endif
