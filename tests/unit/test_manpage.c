/*
 * Unit tests of the manual page and completion writers (manpage.h,
 * completion.h): roff escaping, where each paragraph of a help text goes,
 * the option list from a table, and how a row's value completes.
 */
#include <stdlib.h>

#include "completion.h"
#include "manpage.h"
#include "test.h"

static void check_escape(const char *text, int literal, const char *want)
{
    struct strbuf sb = STRBUF_INIT;
    manpage_escape(&sb, text, strlen(text), literal);
    CHECK_STR(sb.buf ? sb.buf : "", want);
    strbuf_release(&sb);
}

static void test_escape(void)
{
    /* Option dashes (word start, "--") become \-; a hyphen inside a word stays. */
    check_escape("--set a one-off -f x", 0, "\\-\\-set a one-off \\-f x");
    check_escape("[-o FILE] (-q) a|-b", 0, "[\\-o FILE] (\\-q) a|\\-b");
    /* In a literal block every dash is \-; a backslash is \e everywhere. */
    check_escape("raft-build24.yaml \\", 1, "raft\\-build24.yaml \\e");
    check_escape("a\\b", 0, "a\\eb");
}

struct toy {
    int flag;
    int format;
    const char *file, *out;
};
static const struct toy toy_defaults = {0};
static const struct opts_choice toy_formats[] = {{"text", 0}, {"json", 1}, {NULL, 0}};
static const struct opt toy_options[] = {
    OPT_FLAG(0, "check", &toy_defaults.flag, "validate only;\nwrite nothing"),
    OPT_CHOICE('f', "format", &toy_defaults.format, toy_formats, NULL, "the format"),
    OPT_STRING('o', "output", &toy_defaults.out, "FILE", "write to FILE"),
    OPT_ARG(&toy_defaults.file, "FILE.csv", .flags = 0),
    OPT_END(),
};
static const struct opts_spec toy_spec = {
    .name = "toy",
    .options = toy_options,
    .defaults = &toy_defaults,
    .size = sizeof toy_defaults,
    .usage = "usage: raftcost toy FILE.csv [-f text|json]\n"
             "                [-o FILE]\n",
    .description = "\nFirst paragraph,\non two lines.\n\n.starts with a dot\n\noptions:\n",
    .epilogue = "\nexamples:\n  raftcost toy a.csv\n\nexit status: 0 fine,\n2 bad.\n\n"
                "formats:\n  text\n\nA note.\n",
};

static void test_page(void)
{
    struct manpage m = {&toy_spec,           "raftcost-toy", "a toy",  NULL,
                        ".SH FILES\nnone\n", "raftcost 9",   "2026-12"};
    struct strbuf sb = STRBUF_INIT;
    manpage_write(&m, &sb);
    const char *s = sb.buf;
    CHECK(strstr(s, ".TH \"RAFTCOST\\-TOY\" 1 \"2026-12\" \"raftcost 9\" \"User Commands\"\n"));
    CHECK(strstr(s, ".SH NAME\nraftcost\\-toy \\- a toy\n"));
    /* The usage lines without "usage: " and the blanks under it, the command in bold. */
    CHECK(strstr(s, ".SH SYNOPSIS\n.nf\n\\fBraftcost toy\\fR FILE.csv [\\-f text|json]\n"
                    "         [\\-o FILE]\n.fi\n"));
    /* Prose is joined; a line starting with a dot is guarded; "options:" is gone. */
    CHECK(strstr(s, ".SH DESCRIPTION\n.PP\nFirst paragraph, on two lines.\n.PP\n\\&.starts with "
                    "a dot\n.SH OPTIONS\n"));
    CHECK(!strstr(s, "options:"));
    CHECK(strstr(s, ".TP\n\\fB\\-\\-check\\fR\nvalidate only; write nothing\n"));
    CHECK(strstr(
        s, ".TP\n\\fB\\-f\\fR, \\fB\\-\\-format\\fR \\fItext\\fR|\\fIjson\\fR\nthe format\n"));
    CHECK(strstr(s, ".TP\n\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIFILE\\fR\nwrite to FILE\n"));
    CHECK(!strstr(s, "FILE.csv\nthe")); /* positional rows are not options */
    /* The epilogue: EXIT STATUS, then the extra, NOTES, a named section, EXAMPLES, SEE ALSO. */
    const char *exit_status = strstr(s, ".SH \"EXIT STATUS\"\n.PP\n0 fine, 2 bad.\n");
    const char *files = strstr(s, ".SH FILES\nnone\n");
    const char *notes = strstr(s, ".SH NOTES\n.PP\nA note.\n");
    const char *formats = strstr(s, ".SH FORMATS\n.PP\n.RS 2\n.nf\ntext\n.fi\n.RE\n");
    const char *examples =
        strstr(s, ".SH EXAMPLES\n.PP\n.RS 2\n.nf\nraftcost toy a.csv\n.fi\n.RE\n");
    const char *see = strstr(s, ".SH SEE ALSO\n\\fBraftcost\\fR(1)\n");
    CHECK(exit_status && files && notes && formats && examples && see);
    CHECK(exit_status < files && files < notes && notes < formats && formats < examples &&
          examples < see);
    strbuf_release(&sb);
}

static enum completion_kind kind(const struct opt *o, char *pattern)
{
    return completion_kind_of(o, pattern, 32);
}

static void test_completion_kinds(void)
{
    char p[32];
    struct opt o = {.kind = OPT_KIND_STRING, .argh = "FILE.csv"};
    CHECK(kind(&o, p) == COMPLETE_FILE && strcmp(p, "*.csv") == 0);
    o.argh = "SCENARIO.yaml";
    CHECK(kind(&o, p) == COMPLETE_FILE && strcmp(p, "*.y*ml") == 0);
    o.argh = "A.yml";
    CHECK(kind(&o, p) == COMPLETE_FILE && strcmp(p, "*.y*ml") == 0);
    o.argh = "FILE";
    CHECK(kind(&o, p) == COMPLETE_FILE && strcmp(p, "") == 0);
    o.argh = "DIR";
    CHECK(kind(&o, p) == COMPLETE_DIR);
    o.argh = "PATH=VALUE";
    CHECK(kind(&o, p) == COMPLETE_PARAM);
    o.argh = "PATH=FROM..TO[:N][:log]";
    CHECK(kind(&o, p) == COMPLETE_PARAM);
    o.argh = "COMMAND";
    CHECK(kind(&o, p) == COMPLETE_COMMAND);
    /* Names, budgets and numbers have nothing to offer. */
    o.argh = "NAME";
    CHECK(kind(&o, p) == COMPLETE_NOTHING);
    o.argh = "KEY=AMOUNT";
    CHECK(kind(&o, p) == COMPLETE_NOTHING);
    o.argh = NULL;
    CHECK(kind(&o, p) == COMPLETE_NOTHING);
    struct opt n = {.kind = OPT_KIND_UINT, .argh = "N"};
    CHECK(kind(&n, p) == COMPLETE_NOTHING);
    struct opt c = {.kind = OPT_KIND_CHOICE, .choices = toy_formats};
    CHECK(kind(&c, p) == COMPLETE_CHOICE);
}

int main(void)
{
    test_escape();
    test_page();
    test_completion_kinds();
    TEST_END("manpage");
}
