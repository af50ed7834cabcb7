/*
 * render: a document (doc.h) written in a format.  One walk over the tree
 * (render.c) calls the format's callbacks (render_text.c, render_md.c) for
 * each block and each run; the callbacks lay out and escape.  Builders never
 * escape: a DOC_USER run reaches the format's escaper, and only there.
 *
 * The rules of the two formats:
 * - text, the terse form: aligned plain text.  A section's content is
 *   indented two spaces a level below the title; a level-2 heading writes the
 *   section's name (its first run) in capitals after a blank line, a level-3
 *   heading is indented and ends with ':'.  Blocks follow each other line by
 *   line; a blank line separates groups (doc_gap) and goes before headings.
 *   Table columns are padded to their widths, with the gaps the columns ask
 *   for; trailing blanks are trimmed.  Strong text is plain; '²' is "^2".
 *   Names are written as they are, but for their control characters,
 *   shown as escapes (escape.h).
 * - Markdown, the full form (CommonMark with GitHub's tables): '#' headings,
 *   a blank line between blocks, "- " list items, '|' tables with an
 *   alignment row, "**strong**".  The first letter of a heading or a
 *   paragraph is a capital when the block starts with the program's words.
 *   Names have their control characters shown as escapes (escape.h), and
 *   are escaped so that no character of theirs is markup (md_escape in
 *   render_md.c says how).
 *
 * Ownership: nothing is kept; the output goes to the caller's strbuf.
 */
#ifndef RAFTCOST_RENDER_H
#define RAFTCOST_RENDER_H

#include "doc.h"
#include "util.h"

enum render_as { RENDER_TEXT, RENDER_MD };

/* Appends the document in the format, ending with a line break (nothing for an empty one). */
void render_doc(struct strbuf *out, const struct doc *d, enum render_as as);
/* The same, as a new string the caller frees. */
char *render_doc_string(const struct doc *d, enum render_as as);

/*
 * Appends a table's header (with_header: the header line, and Markdown's
 * alignment row) and its rows, each line ending with a line break: a table
 * that grows as it is computed (a sweep) is rendered in parts, clearing its
 * rows after each part.  Its terse widths must not depend on its rows
 * (DOC_FIT_NONE or DOC_FIT_HEADER), so that the parts line up.
 */
void render_table_part(struct strbuf *out, const struct doc_block *table, enum render_as as,
                       int with_header);

/* For the formats' callbacks only. */
struct renderer;
struct render_ops {
    unsigned form; /* DOC_TERSE or DOC_FULL: which runs this format shows */
    void (*text)(struct renderer *r, const char *s);
    void (*user)(struct renderer *r, const char *s);
    void (*strong)(struct renderer *r, int entering);
    void (*line_break)(struct renderer *r, const char *joiner);
    /* Line breaks before a block that follows another one: 1, or 2 for a blank line. */
    int (*separation)(const struct doc_block *b);
    /* A section's heading (none at level 0); sets the indent of its content. */
    void (*heading)(struct renderer *r, const struct doc_block *section);
    void (*paragraph)(struct renderer *r, const struct doc_block *b);
    void (*list)(struct renderer *r, const struct doc_block *b);
    void (*keyed)(struct renderer *r, const struct doc_block *b);
    /* Lines separated by line breaks, none after the last. */
    void (*table)(struct renderer *r, const struct doc_block *b, int with_header);
};

struct renderer {
    const struct render_ops *ops;
    struct strbuf *out;
    int indent;     /* terse: the indent of the current section's content */
    int hang;       /* terse: the column a line break returns to */
    int upper;      /* terse: trusted text in capitals (a section's name) */
    int capitalise; /* full: the next trusted letter as a capital, if it is the first */
};

extern const struct render_ops render_text_ops;
extern const struct render_ops render_md_ops;

/* Writes one run, or every run of an inline that the format shows. */
void render_run(struct renderer *r, const struct doc_run *run);
void render_inline(struct renderer *r, const struct doc_inline *in);
/* A cell rendered alone, into a new string the caller frees: the runs that stand out of the
 * cell (overhang 1) or the others (0). */
char *render_cell(struct renderer *r, const struct doc_inline *in, int overhang);
/* A cell with nothing in it that the format shows. */
int render_blank(const struct renderer *r, const struct doc_inline *in);
void render_spaces(struct renderer *r, int n);

#endif
