/*
 * render: the walk over a document, shared by every format (see render.h).
 * It visits the blocks in order, puts the separation the format asks for
 * between them, and hands each block and each run to the format's callbacks.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

static const struct render_ops *ops_of(enum render_as as)
{
    return as == RENDER_MD ? &render_md_ops : &render_text_ops;
}

void render_spaces(struct renderer *r, int n)
{
    for (int i = 0; i < n; i++)
        strbuf_add(r->out, " ", 1);
}

void render_run(struct renderer *r, const struct doc_run *run)
{
    if (!(run->forms & r->ops->form))
        return;
    size_t start = r->out->len;
    switch (run->kind) {
    case DOC_TEXT:
        r->ops->text(r, run->text);
        break;
    case DOC_USER:
        r->ops->user(r, run->text);
        break;
    case DOC_STRONG:
        r->ops->strong(r, 1);
        render_inline(r, run->inner);
        r->ops->strong(r, 0);
        break;
    case DOC_BREAK:
        r->ops->line_break(r, run->text);
        break;
    }
    r->capitalise = 0;
    if (r->ops->form == DOC_TERSE && run->width > 0) {
        size_t len = r->out->len - start;
        if (len < (size_t)run->width)
            render_spaces(r, run->width - (int)len);
    }
}

void render_inline(struct renderer *r, const struct doc_inline *in)
{
    for (size_t i = 0; i < in->n; i++)
        render_run(r, &in->runs[i]);
}

char *render_cell(struct renderer *r, const struct doc_inline *in, int overhang)
{
    struct strbuf cell = STRBUF_INIT, *saved = r->out;
    r->out = &cell;
    for (size_t i = 0; i < in->n; i++)
        if ((in->runs[i].overhang != 0) == (overhang != 0))
            render_run(r, &in->runs[i]);
    r->out = saved;
    return strbuf_detach(&cell);
}

int render_blank(const struct renderer *r, const struct doc_inline *in)
{
    for (size_t i = 0; i < in->n; i++)
        if (in->runs[i].forms & r->ops->form)
            return 0;
    return 1;
}

static void line_breaks(struct renderer *r, int n)
{
    for (int i = 0; i < n; i++)
        strbuf_add(r->out, "\n", 1);
}

/* The blocks of a section; *wrote: whether anything came before (a heading, a block). */
static void walk(struct renderer *r, const struct doc_block *section, int *wrote)
{
    for (size_t i = 0; i < section->nblocks; i++) {
        const struct doc_block *b = section->blocks[i];
        if (*wrote)
            line_breaks(r, r->ops->separation(b));
        *wrote = 1;
        switch (b->kind) {
        case DOC_SECTION: {
            int indent = r->indent;
            r->ops->heading(r, b);
            walk(r, b, wrote);
            r->indent = indent;
            break;
        }
        case DOC_PARAGRAPH:
            r->ops->paragraph(r, b);
            break;
        case DOC_LIST:
            r->ops->list(r, b);
            break;
        case DOC_KEYED:
            r->ops->keyed(r, b);
            break;
        case DOC_TABLE:
            r->ops->table(r, b, 1);
            break;
        }
    }
}

void render_doc(struct strbuf *out, const struct doc *d, enum render_as as)
{
    struct renderer r = {.ops = ops_of(as), .out = out};
    int wrote = 0;
    walk(&r, &d->body, &wrote);
    if (wrote)
        line_breaks(&r, 1);
}

char *render_doc_string(const struct doc *d, enum render_as as)
{
    struct strbuf sb = STRBUF_INIT;
    render_doc(&sb, d, as);
    return strbuf_detach(&sb);
}

void render_table_part(struct strbuf *out, const struct doc_block *table, enum render_as as,
                       int with_header)
{
    struct renderer r = {.ops = ops_of(as), .out = out};
    size_t start = out->len;
    r.ops->table(&r, table, with_header);
    if (out->len > start)
        line_breaks(&r, 1);
}
