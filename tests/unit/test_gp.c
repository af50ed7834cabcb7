/*
 * Unit tests of the plots' lower layers: gnuplot syntax (gp.h), the
 * security boundary, string by string; and the runner's naming of jobs and
 * the head of their scripts (plot_run.h), without running gnuplot.
 */
#define _XOPEN_SOURCE 700

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "gp.h"
#include "plot_run.h"
#include "test.h"
#include "util.h"

/* What one call appends to an empty buffer. */
#define WRITTEN(call) (strbuf_release(&sb), (call), sb.buf ? sb.buf : "")

static void test_quote(void)
{
    struct strbuf sb = STRBUF_INIT;
    /* ' doubled. */
    CHECK_STR(WRITTEN(gp_quote(&sb, "it's")), "'it''s'");
    /* Line feed, tab, carriage return and DEL made spaces: one space each. */
    CHECK_STR(WRITTEN(gp_quote(&sb, "a\nb\tc\rd\x7f")), "'a b c d '");
    /* Backquotes, macros, double quotes and backslashes stay as text: inert in single quotes. */
    CHECK_STR(WRITTEN(gp_quote(&sb, "x`touch y`@M \"q\" \\n")), "'x`touch y`@M \"q\" \\n'");
    /* UTF-8 passes through. */
    CHECK_STR(WRITTEN(gp_quote(&sb, "R\xc2\xb2")), "'R\xc2\xb2'");
    CHECK_STR(WRITTEN(gp_quote(&sb, "")), "''");
    strbuf_release(&sb);
}

static void test_numbers(void)
{
    struct strbuf sb = STRBUF_INIT;
    CHECK_STR(WRITTEN(gp_number(&sb, NAN)), "NaN");
    CHECK_STR(WRITTEN(gp_number(&sb, 0.1)), "0.1");
    /* 1/3 to 12 significant digits. */
    CHECK_STR(WRITTEN(gp_number(&sb, 1.0 / 3.0)), "0.333333333333");
    CHECK_STR(WRITTEN(gp_number(&sb, 1e20)), "1e+20");
    CHECK_STR(WRITTEN(gp_number(&sb, -2.5)), "-2.5");
    CHECK_STR(WRITTEN(gp_data_number(&sb, 3)), " 3");
    strbuf_release(&sb);
}

static void test_setters(void)
{
    struct strbuf sb = STRBUF_INIT;
    CHECK_STR(WRITTEN(gp_set_string(&sb, "name", "a'b\n")), "name = 'a''b '\n");
    CHECK_STR(WRITTEN(gp_set_number(&sb, "xmax", 1.5)), "xmax = 1.5\n");
    CHECK_STR(WRITTEN(gp_set_number(&sb, "x_2", NAN)), "x_2 = NaN\n");
    CHECK_STR(WRITTEN(gp_set_int(&sb, "n", -3)), "n = -3\n");
    /* Each line quoted on its own, joined by the one fixed double-quoted "\n". */
    CHECK_STR(WRITTEN(gp_set_lines(&sb, "label", "one\nit's")),
              "label = 'one' . \"\\n\" . 'it''s'\n");
    CHECK_STR(WRITTEN(gp_set_lines(&sb, "label", "")), "label = ''\n");
    char *names[] = {"a", "b'"};
    CHECK_STR(WRITTEN(gp_set_strings(&sb, "names", names, 2)),
              "array names[2]\nnames[1] = 'a'\nnames[2] = 'b'''\n");
    /* gnuplot has no empty arrays: one element, left undefined. */
    CHECK_STR(WRITTEN(gp_set_strings(&sb, "names", names, 0)), "array names[1]\n");
    double v[] = {0.5, NAN};
    CHECK_STR(WRITTEN(gp_set_numbers(&sb, "v", v, 2)), "array v[2]\nv[1] = 0.5\nv[2] = NaN\n");
    int lt[] = {1, 3};
    CHECK_STR(WRITTEN(gp_set_ints(&sb, "lt", lt, 2)), "array lt[2]\nlt[1] = 1\nlt[2] = 3\n");
    struct gp_labels l = GP_LABELS_INIT;
    gp_labels_add(&l, xstrdup("x"));
    gp_labels_add(&l, xasprintf("%d%%", 5));
    CHECK_STR(WRITTEN(gp_labels_set(&sb, "l", &l)), "array l[2]\nl[1] = 'x'\nl[2] = '5%'\n");
    gp_labels_release(&l);
    CHECK(l.n == 0 && l.items == NULL);
    strbuf_release(&sb);
}

static void test_comments(void)
{
    struct strbuf sb = STRBUF_INIT;
    CHECK_STR(WRITTEN(gp_comment(&sb, "one\ntwo")), "# one\n# two\n");
    /* A backslash at the end would continue the comment onto the next line. */
    CHECK_STR(WRITTEN(gp_comment(&sb, "a\\\nb\\")), "# a \n# b \n");
    /* A carriage return or another control character cannot start a line of its own. */
    CHECK_STR(WRITTEN(gp_comment(&sb, "x\ry\x01z")), "# x y z\n");
    CHECK_STR(WRITTEN(gp_comment(&sb, "")), "#\n");
    CHECK_STR(WRITTEN(gp_comment(&sb, "a\n\nb")), "# a\n#\n# b\n");
    CHECK_STR(WRITTEN(gp_commentf(&sb, "cost (%s)", "USD")), "# cost (USD)\n");
    CHECK_STR(WRITTEN(gp_data_block(&sb, "the mix")), "\n\n# the mix\n");
    strbuf_release(&sb);
}

static void test_names(void)
{
    char *n = gp_file_name("curve-a b/\xc3\xbc.x");
    /* ' ' and '/' one '_' each, the two bytes of the u-umlaut two. */
    CHECK_STR(n, "curve-a_b___.x");
    free(n);
    n = gp_file_name("it's`x`");
    CHECK_STR(n, "it_s_x_");
    free(n);
    n = gp_file_name("");
    CHECK_STR(n, "_");
    free(n);
    CHECK(gp_has_control("a\nb"));
    CHECK(gp_has_control("\x7f"));
    CHECK(!gp_has_control("plots/out dir"));
}

static void test_batch(void)
{
    char dir[] = "/tmp/raftcost-test-gp-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    struct diag d = DIAG_INIT;
    struct plot_batch b;
    /* A folder name with a line break is refused before anything is made. */
    char *bad = xasprintf("%s/a\nb", dir);
    CHECK(plot_batch_open(&b, bad, PLOT_PNG, &d) == -1);
    CHECK(access(bad, F_OK) != 0);
    diag_release(&d);
    free(bad);

    /* The templates are found beside the test program (build/tests/../../plots). */
    char *sub = xasprintf("%s/x/y", dir);
    int opened = plot_batch_open(&b, sub, PLOT_SVG, &d) == 0;
    CHECK(opened);
    diag_render(&d, stderr);
    diag_release(&d);
    if (opened) {
        CHECK(access(sub, F_OK) == 0);
        struct plot_job *a = plot_batch_add(&b, "curve-a b", "curve", "Something");
        struct plot_job *a2 = plot_batch_add(&b, "curve-a_b", "curve", "Something else");
        struct plot_job *a3 = plot_batch_add(&b, "curve-a?b", "curve", "Third");
        CHECK_STR(a->name, "curve-a_b");
        CHECK_STR(a2->name, "curve-a_b-2");
        CHECK_STR(a3->name, "curve-a_b-3");
        CHECK_STR(a->template, "curve");
        CHECK_STR(a2->script.buf,
                  "# Something else, drawn by raftcost.\n"
                  "# To redraw by hand, run 'gnuplot curve-a_b-2.gp' in this folder.  The look "
                  "is in the\n"
                  "# template loaded at the end; set 'out' first to draw to another file.\n"
                  "plot_format = 'svg'\n"
                  "if (!exists(\"out\")) out = 'curve-a_b-2.svg'\n"
                  "data = 'curve-a_b-2.dat'\n");
        CHECK(a->data.len == 0);
    }
    plot_batch_release(&b);
    CHECK(b.njobs == 0 && b.jobs == NULL);
    plot_batch_release(&b);
    char *path = xasprintf("%s/x", dir);
    rmdir(sub);
    rmdir(path);
    rmdir(dir);
    free(path);
    free(sub);
}

static void test_formats(void)
{
    enum plot_format f = PLOT_PNG;
    CHECK(plot_format_from_name("pdf", &f) == 0 && f == PLOT_PDF);
    CHECK(plot_format_from_name("svg", &f) == 0 && f == PLOT_SVG);
    CHECK(plot_format_from_name("PNG", &f) == -1 && f == PLOT_SVG);
    CHECK_STR(plot_format_name(PLOT_PNG), "png");
}

int main(void)
{
    test_quote();
    test_numbers();
    test_setters();
    test_comments();
    test_names();
    test_batch();
    test_formats();
    TEST_END("gp");
}
