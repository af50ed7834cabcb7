/*
 * doc: a document as a small tree, built once and rendered by each format
 * (render.h): sections with a heading, paragraphs, lists, keyed lists and
 * tables, and inside them inlines, runs of text.
 *
 * Builders say what a text is, never how a format shows it.  A DOC_TEXT run
 * holds the program's own words and numbers: it contains no markup of any
 * format and a renderer writes it as it stands.  A DOC_USER run holds text
 * that came from outside (a scenario's names, file names, catalogue sources,
 * the command line): each renderer escapes it in its own way, so that a '|'
 * in a name cannot split a Markdown table.  Escaping belongs to the
 * renderers alone.
 *
 * The words are written in lower case; the renderers capitalise what their
 * format capitalises (render.h gives the rules).  Where the two renderings
 * differ in content, not in layout, a run or a table header says which forms
 * show it: the terse form (aligned text for a terminal) or the full form
 * (Markdown).  Layout hints for the terse form (column widths, gaps, a blank
 * line between groups of blocks) are attributes the full form ignores.
 *
 * Ownership: a document owns every node and every string in it (the
 * builders copy what they are given); doc_release frees them all.  Pointers
 * to blocks, rows and inlines returned by the builders stay valid until
 * then; a run is reached only through its inline, which may move it.  A
 * document must not be copied by value: pass a pointer.
 */
#ifndef RAFTCOST_DOC_H
#define RAFTCOST_DOC_H

#include <stddef.h>

enum doc_run_kind {
    DOC_TEXT,   /* the program's own words: written as they stand */
    DOC_USER,   /* text from outside: escaped by each renderer */
    DOC_STRONG, /* strong emphasis around an inner inline */
    DOC_BREAK,  /* terse: a line break; full: the text given instead ("; ", ": ") */
};

/* Which renderings show a run or a table header. */
enum doc_form {
    DOC_TERSE = 1, /* aligned plain text */
    DOC_FULL = 2,  /* Markdown */
    DOC_BOTH = 3,
};

struct doc_inline {
    struct doc_run *runs;
    size_t n, cap;
};

struct doc_run {
    enum doc_run_kind kind;
    unsigned forms;           /* DOC_BOTH unless the builder said otherwise */
    int width;                /* terse: padded with spaces to at least this width */
    int overhang;             /* terse: stands out to the right of its table cell */
    char *text;               /* TEXT and USER; for BREAK, what the full form writes */
    struct doc_inline *inner; /* STRONG */
};

enum doc_align { DOC_LEFT, DOC_RIGHT };

/* Terse: how a column's width follows its cells. */
enum doc_fit {
    DOC_FIT_NONE,   /* the column's width; a longer cell overflows it */
    DOC_FIT_HEADER, /* as wide as its header at least: rows may be rendered as they come */
    DOC_FIT_ALL,    /* as wide as its widest cell */
};

struct doc_column {
    enum doc_align align;
    int width; /* terse: the least width */
    int gap;   /* terse: spaces before the column (not the first) */
};

struct doc_row {
    struct doc_inline *cells; /* one per column */
    size_t ncells;
    struct doc_inline note; /* terse: "  (note)" after the row; full: "first: note" */
    int loose;              /* terse: written "first: second", not in the columns */
    int depth;              /* terse: a part of the row below it, indented one step */
};

struct doc_table {
    struct doc_column *columns;
    size_t ncolumns;
    struct doc_row header;
    struct doc_row **rows;
    size_t nrows, cap;
    unsigned header_forms; /* which forms show the header; Markdown always needs one */
    enum doc_fit fit;
    int md_tight_rule; /* full: "|---|---:|" rather than "| :--- | ---: |" */
};

struct doc_item {
    struct doc_inline content;
    int continued; /* terse: continues the item before it, indented one step */
};

enum doc_block_kind {
    DOC_SECTION,   /* a heading (none at level 0) and blocks */
    DOC_PARAGRAPH, /* one inline */
    DOC_LIST,      /* items */
    DOC_KEYED,     /* a key and its items: "Prices: a, b" */
    DOC_TABLE,
};

struct doc_block {
    enum doc_block_kind kind;
    int gap;    /* terse: a blank line before it: it starts a group */
    int indent; /* terse: spaces of indent beyond its section's */
    /* DOC_SECTION */
    int level;                 /* 0 the document, 1 its title, 2 a section, 3 a subsection */
    struct doc_inline heading; /* its first run is the section's name */
    struct doc_block **blocks;
    size_t nblocks, cap;
    int pending_gap;
    /* DOC_PARAGRAPH; DOC_KEYED: the key */
    struct doc_inline content;
    /* DOC_LIST, DOC_KEYED */
    struct doc_item **items;
    size_t nitems, icap;
    /* DOC_TABLE */
    struct doc_table table;
};

struct doc {
    struct doc_block body; /* a level-0 section */
};

void doc_init(struct doc *d);
void doc_release(struct doc *d);

/* Inlines.  Each appends a run; the text is copied. */
void doc_text(struct doc_inline *in, const char *text);
void doc_textf(struct doc_inline *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A DOC_TEXT run that only the given forms show ("against the mix" in Markdown only). */
void doc_text_in(struct doc_inline *in, unsigned forms, const char *text);
void doc_user(struct doc_inline *in, const char *text);
/* Appends a strong run and returns its inner inline, to fill. */
struct doc_inline *doc_strong(struct doc_inline *in);
void doc_break(struct doc_inline *in, const char *joiner);
/* The last run of in (there must be one), to set its width, overhang or forms. */
struct doc_run *doc_last(struct doc_inline *in);
int doc_inline_empty(const struct doc_inline *in);

/* Blocks, appended to a section.  A section's heading starts with its name (NULL: none yet). */
struct doc_block *doc_section(struct doc_block *parent, int level, const char *name);
struct doc_inline *doc_paragraph(struct doc_block *parent);
struct doc_block *doc_list(struct doc_block *parent);
struct doc_block *doc_keyed(struct doc_block *parent, const char *key);
/* Appends an item to a list or keyed list. */
struct doc_inline *doc_item(struct doc_block *list, int continued);
/* The next block appended to the section starts a group (a blank line in terse text). */
void doc_gap(struct doc_block *section);
/* The last block appended to a section. */
struct doc_block *doc_last_block(struct doc_block *section);

/*
 * A table of ncolumns columns (copied) and a header row to fill through
 * doc_header.  The header shows in both forms and the terse columns keep
 * their widths (DOC_FIT_NONE) unless the builder changes the table's fields.
 */
struct doc_block *doc_table(struct doc_block *parent, const struct doc_column *columns,
                            size_t ncolumns);
struct doc_inline *doc_header(struct doc_block *table, size_t column);
/* Sets each header cell to the words given (ncolumns of them). */
void doc_header_words(struct doc_block *table, const char *const *words);
struct doc_row *doc_row(struct doc_block *table);
struct doc_inline *doc_cell(struct doc_row *row, size_t column);
/* Frees the rows, keeping the columns and the header: a long table is rendered as it grows. */
void doc_table_clear_rows(struct doc_block *table);

#endif
