/*
 * render_md: the full form, Markdown (CommonMark with GitHub's tables) to
 * paste into a wiki page or a pull request (render.h gives the rules).
 *
 * Money keeps its plain '$': the program's words never put a '$' right
 * after a non-space character, so renderers with TeX math ($...$) leave the
 * amounts alone; a '$' in a name is escaped.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/*
 * The one Markdown escaper: control characters are first shown as escapes
 * (escape.h: "\x1b", "\r", "\n", since a name lives on one line), then
 * every character that could start markup gets a backslash, so that a '|'
 * cannot split a table cell nor a '*' start emphasis (the escapes' own
 * backslashes too, so they read as written).  An '_' inside a word
 * (Standard_NC96) emphasises nothing, so it stays plain.
 */
static void md_escape(struct strbuf *out, const char *raw)
{
    char *s = escape_string(raw);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int inside_word =
            c == '_' && p > s && isalnum((unsigned char)p[-1]) && isalnum((unsigned char)p[1]);
        if (strchr("\\`*_[]<>|#~!&$", c) && !inside_word) {
            char esc[2] = {'\\', (char)c};
            strbuf_add(out, esc, 2);
        } else {
            strbuf_add(out, p, 1);
        }
    }
    free(s);
}

static void md_text(struct renderer *r, const char *s)
{
    if (r->capitalise && islower((unsigned char)s[0])) {
        char first = (char)toupper((unsigned char)s[0]);
        strbuf_add(r->out, &first, 1);
        s++;
    }
    strbuf_puts(r->out, s);
}

static void md_user(struct renderer *r, const char *s)
{
    md_escape(r->out, s);
}

static void md_strong(struct renderer *r, int entering)
{
    (void)entering;
    strbuf_puts(r->out, "**");
}

static void md_line_break(struct renderer *r, const char *joiner)
{
    strbuf_puts(r->out, joiner);
}

static int md_separation(const struct doc_block *b)
{
    (void)b;
    return 2;
}

static void md_heading(struct renderer *r, const struct doc_block *s)
{
    if (s->level == 0)
        return;
    for (int i = 0; i < s->level; i++)
        strbuf_puts(r->out, "#");
    strbuf_puts(r->out, " ");
    r->capitalise = 1;
    render_inline(r, &s->heading);
    r->capitalise = 0;
}

static void md_paragraph(struct renderer *r, const struct doc_block *b)
{
    r->capitalise = 1;
    render_inline(r, &b->content);
    r->capitalise = 0;
}

static void md_items(struct renderer *r, const struct doc_block *b)
{
    for (size_t i = 0; i < b->nitems; i++) {
        strbuf_puts(r->out, i ? "\n- " : "- ");
        render_inline(r, &b->items[i]->content);
    }
}

/* "Prices:", then its items as a list. */
static void md_keyed(struct renderer *r, const struct doc_block *b)
{
    md_paragraph(r, b);
    strbuf_puts(r->out, ":\n\n");
    md_items(r, b);
}

static void md_row(struct renderer *r, const struct doc_table *t, const struct doc_row *row)
{
    strbuf_puts(r->out, "|");
    for (size_t c = 0; c < t->ncolumns; c++) {
        int note = c == 0 && !render_blank(r, &row->note);
        if (render_blank(r, &row->cells[c]) && !note) {
            strbuf_puts(r->out, " |");
            continue;
        }
        strbuf_puts(r->out, " ");
        render_inline(r, &row->cells[c]);
        if (note) {
            strbuf_puts(r->out, ": ");
            render_inline(r, &row->note);
        }
        strbuf_puts(r->out, " |");
    }
}

static void md_table(struct renderer *r, const struct doc_block *b, int with_header)
{
    const struct doc_table *t = &b->table;
    int lines = 0;
    if (with_header) {
        md_row(r, t, &t->header);
        strbuf_puts(r->out, "\n|");
        for (size_t c = 0; c < t->ncolumns; c++) {
            int right = t->columns[c].align == DOC_RIGHT;
            if (t->md_tight_rule)
                strbuf_puts(r->out, right ? "---:|" : "---|");
            else
                strbuf_puts(r->out, right ? " ---: |" : " :--- |");
        }
        lines = 1;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        if (lines++)
            strbuf_puts(r->out, "\n");
        md_row(r, t, t->rows[i]);
    }
}

const struct render_ops render_md_ops = {
    .form = DOC_FULL,
    .text = md_text,
    .user = md_user,
    .strong = md_strong,
    .line_break = md_line_break,
    .separation = md_separation,
    .heading = md_heading,
    .paragraph = md_paragraph,
    .list = md_items,
    .keyed = md_keyed,
    .table = md_table,
};
