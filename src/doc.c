/*
 * doc: see doc.h.  Building only: nothing here knows a format.
 */
#include "doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void inline_release(struct doc_inline *in);

static void run_release(struct doc_run *run)
{
    free(run->text);
    if (run->inner) {
        inline_release(run->inner);
        free(run->inner);
    }
}

static void inline_release(struct doc_inline *in)
{
    for (size_t i = 0; i < in->n; i++)
        run_release(&in->runs[i]);
    free(in->runs);
    memset(in, 0, sizeof *in);
}

static void row_release(struct doc_row *row)
{
    for (size_t i = 0; i < row->ncells; i++)
        inline_release(&row->cells[i]);
    free(row->cells);
    inline_release(&row->note);
}

static void block_free(struct doc_block *b);

static void block_release(struct doc_block *b)
{
    for (size_t i = 0; i < b->nblocks; i++)
        block_free(b->blocks[i]);
    free(b->blocks);
    inline_release(&b->heading);
    inline_release(&b->content);
    for (size_t i = 0; i < b->nitems; i++) {
        inline_release(&b->items[i]->content);
        free(b->items[i]);
    }
    free(b->items);
    if (b->kind == DOC_TABLE) {
        doc_table_clear_rows(b);
        free(b->table.rows);
        row_release(&b->table.header);
        free(b->table.columns);
    }
    memset(b, 0, sizeof *b);
}

static void block_free(struct doc_block *b)
{
    if (!b)
        return;
    block_release(b);
    free(b);
}

void doc_init(struct doc *d)
{
    memset(d, 0, sizeof *d);
    d->body.kind = DOC_SECTION;
}

void doc_release(struct doc *d)
{
    if (!d)
        return;
    block_release(&d->body);
}

static struct doc_run *append(struct doc_inline *in, enum doc_run_kind kind, char *text)
{
    if (in->n == in->cap) {
        in->cap = in->cap ? 2 * in->cap : 4;
        in->runs = xrealloc(in->runs, in->cap * sizeof *in->runs);
    }
    struct doc_run *run = &in->runs[in->n++];
    *run = (struct doc_run){.kind = kind, .forms = DOC_BOTH, .text = text};
    return run;
}

void doc_text(struct doc_inline *in, const char *text)
{
    append(in, DOC_TEXT, xstrdup(text));
}

void doc_textf(struct doc_inline *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(in, DOC_TEXT, xvasprintf(fmt, ap));
    va_end(ap);
}

void doc_text_in(struct doc_inline *in, unsigned forms, const char *text)
{
    append(in, DOC_TEXT, xstrdup(text))->forms = forms;
}

void doc_user(struct doc_inline *in, const char *text)
{
    append(in, DOC_USER, xstrdup(text));
}

struct doc_inline *doc_strong(struct doc_inline *in)
{
    struct doc_inline *inner = xcalloc(1, sizeof *inner);
    append(in, DOC_STRONG, NULL)->inner = inner;
    return inner;
}

void doc_break(struct doc_inline *in, const char *joiner)
{
    append(in, DOC_BREAK, xstrdup(joiner));
}

struct doc_run *doc_last(struct doc_inline *in)
{
    return in->n ? &in->runs[in->n - 1] : NULL;
}

int doc_inline_empty(const struct doc_inline *in)
{
    return in->n == 0;
}

static struct doc_block *add_block(struct doc_block *parent, enum doc_block_kind kind)
{
    struct doc_block *b = xcalloc(1, sizeof *b);
    b->kind = kind;
    b->gap = parent->pending_gap;
    parent->pending_gap = 0;
    if (parent->nblocks == parent->cap) {
        parent->cap = parent->cap ? 2 * parent->cap : 8;
        parent->blocks = xrealloc(parent->blocks, parent->cap * sizeof *parent->blocks);
    }
    parent->blocks[parent->nblocks++] = b;
    return b;
}

struct doc_block *doc_section(struct doc_block *parent, int level, const char *name)
{
    struct doc_block *b = add_block(parent, DOC_SECTION);
    b->level = level;
    if (name)
        doc_text(&b->heading, name);
    return b;
}

struct doc_inline *doc_paragraph(struct doc_block *parent)
{
    return &add_block(parent, DOC_PARAGRAPH)->content;
}

struct doc_block *doc_list(struct doc_block *parent)
{
    return add_block(parent, DOC_LIST);
}

struct doc_block *doc_keyed(struct doc_block *parent, const char *key)
{
    struct doc_block *b = add_block(parent, DOC_KEYED);
    doc_text(&b->content, key);
    return b;
}

struct doc_inline *doc_item(struct doc_block *list, int continued)
{
    struct doc_item *item = xcalloc(1, sizeof *item);
    item->continued = continued;
    if (list->nitems == list->icap) {
        list->icap = list->icap ? 2 * list->icap : 8;
        list->items = xrealloc(list->items, list->icap * sizeof *list->items);
    }
    list->items[list->nitems++] = item;
    return &item->content;
}

void doc_gap(struct doc_block *section)
{
    section->pending_gap = 1;
}

struct doc_block *doc_last_block(struct doc_block *section)
{
    return section->nblocks ? section->blocks[section->nblocks - 1] : NULL;
}

static void row_init(struct doc_row *row, size_t ncells)
{
    memset(row, 0, sizeof *row);
    row->cells = xcalloc(ncells, sizeof *row->cells);
    row->ncells = ncells;
}

struct doc_block *doc_table(struct doc_block *parent, const struct doc_column *columns,
                            size_t ncolumns)
{
    struct doc_block *b = add_block(parent, DOC_TABLE);
    struct doc_table *t = &b->table;
    t->columns = xcalloc(ncolumns, sizeof *t->columns);
    memcpy(t->columns, columns, ncolumns * sizeof *columns);
    t->ncolumns = ncolumns;
    row_init(&t->header, ncolumns);
    t->header_forms = DOC_BOTH;
    t->fit = DOC_FIT_NONE;
    return b;
}

struct doc_inline *doc_header(struct doc_block *table, size_t column)
{
    return doc_cell(&table->table.header, column);
}

void doc_header_words(struct doc_block *table, const char *const *words)
{
    for (size_t i = 0; i < table->table.ncolumns; i++)
        if (words[i][0])
            doc_text(doc_header(table, i), words[i]);
}

struct doc_row *doc_row(struct doc_block *table)
{
    struct doc_table *t = &table->table;
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 8;
        t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    struct doc_row *row = xmalloc(sizeof *row);
    row_init(row, t->ncolumns);
    t->rows[t->nrows++] = row;
    return row;
}

struct doc_inline *doc_cell(struct doc_row *row, size_t column)
{
    if (column >= row->ncells)
        abort(); /* a builder's mistake, never the input's */
    return &row->cells[column];
}

void doc_table_clear_rows(struct doc_block *table)
{
    struct doc_table *t = &table->table;
    for (size_t i = 0; i < t->nrows; i++) {
        row_release(t->rows[i]);
        free(t->rows[i]);
    }
    t->nrows = 0;
}
