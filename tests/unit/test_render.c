/*
 * Unit tests of the document renderers: small documents built by hand,
 * rendered as text and as Markdown, with the expected output written out
 * beside them.  The names hold every character Markdown gives a meaning to,
 * so that the escaping shows: in Markdown each is preceded by a backslash
 * (but an '_' inside a word); in both formats a control character of a
 * name (a line break, a tab, a carriage return, ESC) shows as an escape
 * ("\n", "\x1b"), in Markdown with its backslash escaped in turn.
 */
#include <stdlib.h>

#include "doc.h"
#include "render.h"
#include "test.h"

static void check_rendered(const struct doc *d, const char *text, const char *md)
{
    char *got = render_doc_string(d, RENDER_TEXT);
    CHECK_STR(got, text);
    free(got);
    got = render_doc_string(d, RENDER_MD);
    CHECK_STR(got, md);
    free(got);
}

/* A title, a paragraph, a section with a table, a list and a subsection. */
static void test_sections(void)
{
    struct doc d;
    doc_init(&d);
    struct doc_block *title = doc_section(&d.body, 1, NULL);
    doc_user(&title->heading, "Plan a|b*c_d <x>\nnext _y");
    struct doc_inline *p = doc_paragraph(title);
    doc_text(p, "scenario: ");
    doc_user(p, "s_1.yaml");

    struct doc_block *sec = doc_section(title, 2, "costs");
    doc_text(&sec->heading, " of ");
    doc_user(&sec->heading, "m*x");
    p = doc_paragraph(sec);
    doc_text(p, "one");
    doc_break(p, "; ");
    doc_text(p, "two, R² 0.9");
    doc_gap(sec);
    static const struct doc_column cols[] = {{DOC_LEFT, 6, 0}, {DOC_RIGHT, 8, 1}};
    struct doc_block *t = doc_table(sec, cols, 2);
    doc_header_words(t, (const char *const[]){"name", "cost"});
    struct doc_row *row = doc_row(t);
    doc_user(doc_cell(row, 0), "a|b");
    doc_text(doc_cell(row, 1), "$1.00");
    row = doc_row(t);
    doc_text(doc_strong(doc_cell(row, 0)), "total");
    doc_text(doc_strong(doc_cell(row, 1)), "$2.00");
    row = doc_row(t);
    row->loose = 1;
    doc_text(doc_cell(row, 0), "claim");
    doc_text(doc_cell(row, 1), "holds");
    struct doc_block *list = doc_list(sec);
    struct doc_inline *item = doc_item(list, 0);
    doc_user(item, "x_y");
    doc_text(item, ": ");
    doc_text(doc_strong(item), "warning");
    doc_text(doc_item(list, 1), "more");

    struct doc_block *sub = doc_section(sec, 3, "deadline 1 h");
    p = doc_paragraph(sub);
    doc_text(p, "no");
    doc_text_in(p, DOC_FULL, ".");
    doc_text_in(p, DOC_TERSE, "!");

    /* Text: "name" padded to 6, a gap of 1, "cost" right-aligned in 8 (7 spaces between);
     * the loose row is "claim: holds"; the continued item is indented two more. */
    check_rendered(&d,
                   "Plan a|b*c_d <x>\\nnext _y\n"
                   "scenario: s_1.yaml\n"
                   "\n"
                   "COSTS of m*x\n"
                   "  one\n"
                   "  two, R^2 0.9\n"
                   "\n"
                   "  name       cost\n"
                   "  a|b       $1.00\n"
                   "  total     $2.00\n"
                   "  claim: holds\n"
                   "  x_y: warning\n"
                   "    more\n"
                   "\n"
                   "  deadline 1 h:\n"
                   "    no!\n",
                   "# Plan a\\|b\\*c_d \\<x\\>\\\\nnext \\_y\n"
                   "\n"
                   "Scenario: s_1.yaml\n"
                   "\n"
                   "## Costs of m\\*x\n"
                   "\n"
                   "One; two, R² 0.9\n"
                   "\n"
                   "| name | cost |\n"
                   "| :--- | ---: |\n"
                   "| a\\|b | $1.00 |\n"
                   "| **total** | **$2.00** |\n"
                   "| claim | holds |\n"
                   "\n"
                   "- x_y: **warning**\n"
                   "- more\n"
                   "\n"
                   "### Deadline 1 h\n"
                   "\n"
                   "No.\n");
    doc_release(&d);
}

/* Every character Markdown could read as markup, and the control characters of a name. */
static void test_escaping(void)
{
    struct doc d;
    doc_init(&d);
    doc_user(doc_paragraph(&d.body), "a\\b`c*d[e]f<g>h|i#j~k!l&m$n\no\tp\rq _r_ s_t\x1b[2J");
    /* A paragraph that starts with a name keeps its first letter as it is. */
    doc_user(doc_paragraph(&d.body), "lower");
    check_rendered(
        &d, "a\\b`c*d[e]f<g>h|i#j~k!l&m$n\\no\\tp\\rq _r_ s_t\\x1b[2J\nlower\n",
        "a\\\\b\\`c\\*d\\[e\\]f\\<g\\>h\\|i\\#j\\~k\\!l\\&m\\$n\\\\no\\\\tp\\\\rq \\_r\\_ "
        "s_t\\\\x1b\\[2J\n"
        "\n"
        "lower\n");
    doc_release(&d);
}

/* A key and its items: text hangs them under the first, Markdown lists them. */
static void test_keyed(void)
{
    struct doc d;
    doc_init(&d);
    struct doc_block *k = doc_keyed(&d.body, "Prices");
    struct doc_inline *item = doc_item(k, 0);
    doc_user(item, "f|1.yaml");
    doc_break(item, ": ");
    doc_text(item, "used for ");
    doc_user(item, "<m>");
    doc_user(doc_item(k, 0), "g");
    check_rendered(&d, "Prices: f|1.yaml\n        used for <m>\n        g\n",
                   "Prices:\n\n- f\\|1.yaml: used for \\<m\\>\n- g\n");
    doc_release(&d);
}

/* Widths from the cells, a blank header cell, a mark beside its cell, a note, a part row. */
static void test_fitted_table(void)
{
    struct doc d;
    doc_init(&d);
    static const struct doc_column cols[] = {{DOC_LEFT, 0, 0}, {DOC_RIGHT, 0, 2}};
    struct doc_block *t = doc_table(&d.body, cols, 2);
    t->table.fit = DOC_FIT_ALL;
    t->table.md_tight_rule = 1;
    doc_user(doc_header(t, 1), "b|1");
    struct doc_row *row = doc_row(t);
    doc_text(doc_cell(row, 0), "x");
    doc_text(doc_cell(row, 1), "10");
    doc_text(doc_cell(row, 1), " ");
    doc_last(doc_cell(row, 1))->overhang = 1;
    doc_user(doc_cell(row, 1), "*");
    doc_last(doc_cell(row, 1))->overhang = 1;
    doc_text(&row->note, "n");
    row = doc_row(t);
    doc_user(doc_cell(row, 0), "long_name<");
    doc_text(doc_cell(row, 1), "5");
    row = doc_row(t);
    row->loose = 1;
    row->depth = 1;
    doc_text(doc_cell(row, 0), "part");
    doc_text(doc_cell(row, 1), "3");
    /* Widths: "long_name<" 10 (the loose row does not count), "b|1" 3; the gap is 2.  The
     * header's first cell is blank: trailing blanks are trimmed, Markdown writes "| |". */
    check_rendered(&d,
                   "            b|1\n"
                   "x            10 *  (n)\n"
                   "long_name<    5\n"
                   "  part: 3\n",
                   "| | b\\|1 |\n"
                   "|---|---:|\n"
                   "| x: n | 10 \\* |\n"
                   "| long_name\\< | 5 |\n"
                   "| part | 3 |\n");
    doc_release(&d);
}

/* Widths count characters, not bytes: "Café" (5 bytes) and "naïve" (6) are 4 and 5 wide. */
static void test_utf8_widths(void)
{
    struct doc d;
    doc_init(&d);
    static const struct doc_column cols[] = {{DOC_LEFT, 0, 0}, {DOC_RIGHT, 0, 2}};
    struct doc_block *t = doc_table(&d.body, cols, 2);
    t->table.fit = DOC_FIT_ALL;
    doc_header_words(t, (const char *const[]){"name", "cost"});
    struct doc_row *row = doc_row(t);
    doc_user(doc_cell(row, 0), "Caf\xc3\xa9");
    doc_text(doc_cell(row, 1), "$1.00");
    row = doc_row(t);
    doc_user(doc_cell(row, 0), "na\xc3\xafve");
    doc_text(doc_cell(row, 1), "$20.00");
    row = doc_row(t);
    doc_user(doc_cell(row, 0), "ab");
    doc_text(doc_cell(row, 1), "$3.00");
    /* Column 1 is 5 wide ("naïve"), a gap of 2, column 2 is 6 wide ("$20.00"): "name" + 1
     * + 2 + 2 blanks before "cost" is 5 blanks; "Café" + 1 + 2 + 1 is 4; "ab" + 3 + 2 + 1
     * is 6.  Counted in bytes, "Café" and "naïve" would set column 1 to 6. */
    char *got = render_doc_string(&d, RENDER_TEXT);
    CHECK_STR(got, "name     cost\n"
                   "Caf\xc3\xa9    $1.00\n"
                   "na\xc3\xafve  $20.00\n"
                   "ab      $3.00\n");
    free(got);
    doc_release(&d);
}

/* A table rendered as it grows: the header once, then rows, its widths from the header. */
static void test_table_parts(void)
{
    struct doc d;
    doc_init(&d);
    static const struct doc_column cols[] = {{DOC_RIGHT, 4, 0}, {DOC_RIGHT, 4, 2}};
    struct doc_block *t = doc_table(&d.body, cols, 2);
    t->table.fit = DOC_FIT_HEADER;
    doc_header_words(t, (const char *const[]){"n", "a longer one"});
    struct strbuf text = STRBUF_INIT, md = STRBUF_INIT;
    for (int i = 0; i < 3; i++) {
        struct doc_row *row = doc_row(t);
        doc_textf(doc_cell(row, 0), "%d", i);
        doc_textf(doc_cell(row, 1), "%d", i * i * 1000);
        render_table_part(&text, t, RENDER_TEXT, i == 0);
        render_table_part(&md, t, RENDER_MD, i == 0);
        doc_table_clear_rows(t);
    }
    /* "a longer one" is 12 wide, more than its column's 4. */
    CHECK_STR(text.buf, "   n  a longer one\n"
                        "   0             0\n"
                        "   1          1000\n"
                        "   2          4000\n");
    CHECK_STR(md.buf, "| n | a longer one |\n"
                      "| ---: | ---: |\n"
                      "| 0 | 0 |\n"
                      "| 1 | 1000 |\n"
                      "| 2 | 4000 |\n");
    strbuf_release(&text);
    strbuf_release(&md);
    /* A header that only Markdown shows, and an empty document. */
    t->table.header_forms = DOC_FULL;
    doc_text(doc_cell(doc_row(t), 0), "x");
    check_rendered(&d, "   x\n", "| n | a longer one |\n| ---: | ---: |\n| x | |\n");
    doc_release(&d);
    doc_init(&d);
    check_rendered(&d, "", "");
    doc_release(&d);
}

int main(void)
{
    test_sections();
    test_utf8_widths();
    test_escaping();
    test_keyed();
    test_fitted_table();
    test_table_parts();
    TEST_END("render");
}
