/*
 * render_text: the terse form, aligned plain text for a terminal or a log
 * (render.h gives the rules).  Column widths count bytes, as printf does.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* The program's words: ASCII where a terminal may not show more ('²' as "^2"). */
static void text_text(struct renderer *r, const char *s)
{
    for (const char *p = s; *p; p++) {
        if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xb2) {
            strbuf_puts(r->out, "^2");
            p++;
        } else {
            char c = r->upper ? (char)toupper((unsigned char)*p) : *p;
            strbuf_add(r->out, &c, 1);
        }
    }
}

/* Names with their control characters escaped ("\x1b", "\r"): the one place text shows them. */
static void text_user(struct renderer *r, const char *s)
{
    escape_append(r->out, s, strlen(s), 0);
}

static void text_strong(struct renderer *r, int entering)
{
    (void)r;
    (void)entering;
}

static void text_line_break(struct renderer *r, const char *joiner)
{
    (void)joiner;
    strbuf_puts(r->out, "\n");
    render_spaces(r, r->hang);
}

static int text_separation(const struct doc_block *b)
{
    return b->gap || (b->kind == DOC_SECTION && b->level >= 2) ? 2 : 1;
}

static void text_heading(struct renderer *r, const struct doc_block *s)
{
    const struct doc_inline *h = &s->heading;
    int at = s->level > 2 ? 2 * (s->level - 2) : 0;
    render_spaces(r, at);
    r->hang = at;
    for (size_t i = 0; i < h->n; i++) {
        r->upper = s->level == 2 && i == 0 && h->runs[i].kind == DOC_TEXT;
        render_run(r, &h->runs[i]);
        r->upper = 0;
    }
    if (s->level > 2)
        strbuf_puts(r->out, ":");
    r->indent = s->level > 1 ? 2 * (s->level - 1) : 0;
}

static void text_paragraph(struct renderer *r, const struct doc_block *b)
{
    r->hang = r->indent + b->indent;
    render_spaces(r, r->hang);
    render_inline(r, &b->content);
}

static void text_list(struct renderer *r, const struct doc_block *b)
{
    for (size_t i = 0; i < b->nitems; i++) {
        if (i > 0)
            strbuf_puts(r->out, "\n");
        r->hang = r->indent + b->indent + (b->items[i]->continued ? 2 : 0);
        render_spaces(r, r->hang);
        render_inline(r, &b->items[i]->content);
    }
}

/* "Prices: a" and each further item under the first. */
static void text_keyed(struct renderer *r, const struct doc_block *b)
{
    int at = r->indent + b->indent;
    render_spaces(r, at);
    size_t start = r->out->len;
    render_inline(r, &b->content);
    strbuf_puts(r->out, ": ");
    r->hang = at + (int)(r->out->len - start);
    for (size_t i = 0; i < b->nitems; i++) {
        if (i > 0) {
            strbuf_puts(r->out, "\n");
            render_spaces(r, r->hang);
        }
        render_inline(r, &b->items[i]->content);
    }
}

/*
 * The columns a cell takes on a terminal, counted as its characters: the
 * bytes that do not continue a UTF-8 sequence (the cell is valid UTF-8, as
 * escaping leaves it).  "Café" is 4, not 5.  A wide (CJK) character or a
 * combining mark is still counted as one.
 */
static int text_width(const char *cell)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)cell; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}

static void pad(struct strbuf *out, const char *cell, int width, enum doc_align align)
{
    int len = text_width(cell);
    if (align == DOC_RIGHT)
        for (int i = len; i < width; i++)
            strbuf_puts(out, " ");
    strbuf_puts(out, cell);
    if (align == DOC_LEFT)
        for (int i = len; i < width; i++)
            strbuf_puts(out, " ");
}

static void widen(int *width, const struct doc_table *t, struct renderer *r,
                  const struct doc_row *row)
{
    for (size_t c = 0; c < t->ncolumns; c++) {
        char *cell = render_cell(r, &row->cells[c], 0);
        if (text_width(cell) > width[c])
            width[c] = text_width(cell);
        free(cell);
    }
}

static void table_line(struct renderer *r, const struct doc_table *t, const struct doc_row *row,
                       const int *width, int indent)
{
    struct strbuf *out = r->out;
    size_t start = out->len;
    render_spaces(r, indent + 2 * row->depth);
    for (size_t c = 0; c < t->ncolumns; c++) {
        char *cell = render_cell(r, &row->cells[c], 0);
        char *over = render_cell(r, &row->cells[c], 1);
        if (row->loose) {
            if (c > 0 && !render_blank(r, &row->cells[c]))
                strbuf_puts(out, ": ");
            strbuf_puts(out, cell);
        } else {
            if (c > 0)
                render_spaces(r, t->columns[c].gap);
            pad(out, cell, width[c], t->columns[c].align);
        }
        strbuf_puts(out, over);
        free(cell);
        free(over);
    }
    if (!render_blank(r, &row->note)) {
        strbuf_puts(out, "  (");
        render_inline(r, &row->note);
        strbuf_puts(out, ")");
    }
    while (out->len > start && out->buf[out->len - 1] == ' ')
        out->buf[--out->len] = '\0';
}

static void text_table(struct renderer *r, const struct doc_block *b, int with_header)
{
    const struct doc_table *t = &b->table;
    int *width = xcalloc(t->ncolumns ? t->ncolumns : 1, sizeof *width);
    for (size_t c = 0; c < t->ncolumns; c++)
        width[c] = t->columns[c].width;
    if (t->fit != DOC_FIT_NONE)
        widen(width, t, r, &t->header);
    for (size_t i = 0; t->fit == DOC_FIT_ALL && i < t->nrows; i++)
        if (!t->rows[i]->loose)
            widen(width, t, r, t->rows[i]);
    int indent = r->indent + b->indent, lines = 0;
    if (with_header && (t->header_forms & DOC_TERSE)) {
        table_line(r, t, &t->header, width, indent);
        lines++;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        if (lines++)
            strbuf_puts(r->out, "\n");
        table_line(r, t, t->rows[i], width, indent);
    }
    free(width);
}

const struct render_ops render_text_ops = {
    .form = DOC_TERSE,
    .text = text_text,
    .user = text_user,
    .strong = text_strong,
    .line_break = text_line_break,
    .separation = text_separation,
    .heading = text_heading,
    .paragraph = text_paragraph,
    .list = text_list,
    .keyed = text_keyed,
    .table = text_table,
};
