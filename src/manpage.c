/*
 * manpage: see manpage.h.  The help texts are plain text written for a
 * terminal; this file reads them a paragraph (a run of lines up to a blank
 * one) at a time and a line at a time, and never changes their words.
 */
#include "manpage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void manpage_escape(struct strbuf *sb, const char *text, size_t len, int literal)
{
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        /* A dash that starts a word, or one of "--", is an option's: \- copies as '-'. */
        int option_dash = literal || i == 0 || strchr(" \t-[(|=/,'", text[i - 1]) ||
                          (i + 1 < len && text[i + 1] == '-');
        if (c == '\\')
            strbuf_puts(sb, "\\e");
        else if (c == '-' && option_dash)
            strbuf_puts(sb, "\\-");
        else
            strbuf_add(sb, &c, 1);
    }
}

/* A text line of its own: "\&" first when it would read as a request. */
static void text_line(struct strbuf *sb, const char *text, size_t len, int literal)
{
    if (len > 0 && (text[0] == '.' || text[0] == '\''))
        strbuf_puts(sb, "\\&");
    manpage_escape(sb, text, len, literal);
    strbuf_puts(sb, "\n");
}

static int is_indented(const char *line, size_t len)
{
    return len >= 2 && line[0] == ' ' && line[1] == ' ';
}

static size_t line_length(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return (size_t)((nl ? nl : end) - p);
}

/*
 * Writes the lines of [p, end) as roff: runs of prose lines as one filled
 * paragraph, runs of indented lines as a literal block.
 */
static void body(struct strbuf *sb, const char *p, const char *end)
{
    struct strbuf prose = STRBUF_INIT;
    int in_block = 0;
    while (p < end) {
        size_t n = line_length(p, end);
        if (is_indented(p, n)) {
            if (prose.len) {
                text_line(sb, prose.buf, prose.len, 0);
                prose.len = 0;
            }
            if (!in_block)
                strbuf_puts(sb, ".PP\n.RS 2\n.nf\n");
            in_block = 1;
            text_line(sb, p + 2, n - 2, 1);
        } else {
            if (in_block)
                strbuf_puts(sb, ".fi\n.RE\n");
            if (in_block || (!prose.len && n))
                strbuf_puts(sb, ".PP\n");
            in_block = 0;
            size_t skip = strspn(p, " ");
            skip = skip < n ? skip : n;
            if (prose.len && n > skip)
                strbuf_puts(&prose, " ");
            strbuf_add(&prose, p + skip, n - skip);
        }
        p += n + (p + n < end);
    }
    if (prose.len)
        text_line(sb, prose.buf, prose.len, 0);
    if (in_block)
        strbuf_puts(sb, ".fi\n.RE\n");
    strbuf_release(&prose);
}

/* The next paragraph of text from *p on: [*start, *stop), and *p past it. */
static int next_paragraph(const char **p, const char **start, const char **stop)
{
    const char *s = *p;
    while (*s == '\n')
        s++;
    if (!*s)
        return 0;
    /* e: the line end of the paragraph's last line. */
    const char *e = strstr(s, "\n\n");
    if (!e) {
        e = s + strlen(s);
        if (e[-1] == '\n')
            e--;
    }
    *start = s;
    *stop = e;
    *p = e;
    return 1;
}

/* A first line "examples:" alone: a heading, whose name goes into name (upper case). */
static int heading(const char *line, size_t n, char *name, size_t size)
{
    if (n < 2 || n >= size || line[n - 1] != ':' || !islower((unsigned char)line[0]))
        return 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (!islower((unsigned char)line[i]) && line[i] != ' ')
            return 0;
    for (size_t i = 0; i + 1 < n; i++)
        name[i] = (char)toupper((unsigned char)line[i]);
    name[n - 1] = '\0';
    return 1;
}

/* The epilogue, sorted into its sections. */
struct sections {
    struct strbuf exit_status, notes, examples, named;
};

static void sort_epilogue(const char *text, struct sections *out)
{
    const char *p = text, *start, *stop;
    while (text && next_paragraph(&p, &start, &stop)) {
        size_t n = line_length(start, stop);
        const char *rest = start + n + (start + n < stop);
        char name[64];
        static const char exit_label[] = "exit status:";
        if (strncmp(start, exit_label, sizeof exit_label - 1) == 0) {
            const char *after = start + sizeof exit_label - 1;
            body(&out->exit_status, after + strspn(after, " "), stop);
        } else if (heading(start, n, name, sizeof name)) {
            if (strcmp(name, "EXAMPLES") == 0 || strcmp(name, "EXAMPLE") == 0) {
                body(&out->examples, rest, stop);
            } else {
                strbuf_printf(&out->named, ".SH %s\n", name);
                body(&out->named, rest, stop);
            }
        } else {
            body(&out->notes, start, stop);
        }
    }
}

/* The synopsis: the usage lines without "usage: ", the command's name in bold. */
static void synopsis_line(struct strbuf *sb, const char *line, size_t n, const char *command)
{
    static const char prog[] = "raftcost";
    size_t bold = 0;
    if (n >= sizeof prog - 1 && strncmp(line, prog, sizeof prog - 1) == 0) {
        bold = sizeof prog - 1;
        size_t c = command ? strlen(command) : 0;
        if (c && n > bold + c && line[bold] == ' ' && strncmp(line + bold + 1, command, c) == 0 &&
            (n == bold + 1 + c || line[bold + 1 + c] == ' '))
            bold += 1 + c;
    }
    if (bold) {
        strbuf_puts(sb, "\\fB");
        manpage_escape(sb, line, bold, 1);
        strbuf_puts(sb, "\\fR");
    }
    if (n > bold && (line[0] == '.' || line[0] == '\'') && !bold)
        strbuf_puts(sb, "\\&");
    manpage_escape(sb, line + bold, n - bold, 1);
    strbuf_puts(sb, "\n");
}

static void synopsis(const struct manpage *m, struct strbuf *sb)
{
    static const char usage[] = "usage: ";
    const char *u = m->spec->usage ? m->spec->usage : "";
    const char *end = u + strlen(u);
    strbuf_puts(sb, ".SH SYNOPSIS\n.nf\n");
    for (const char *p = u; p < end;) {
        size_t n = line_length(p, end);
        const char *line = p;
        size_t len = n;
        /* "usage: " and the blanks under it on the lines after. */
        if (len >= sizeof usage - 1 && (strncmp(line, usage, sizeof usage - 1) == 0 ||
                                        strspn(line, " ") >= sizeof usage - 1)) {
            line += sizeof usage - 1;
            len -= sizeof usage - 1;
        }
        synopsis_line(sb, line, len, m->spec->name);
        p += n;
        if (p < end)
            p++;
    }
    /* Each command by the first line of its own usage. */
    for (const struct opts_subcommand *c = m->spec->subcommands; c && c->name; c++) {
        const char *cu = c->spec && c->spec->usage ? c->spec->usage : "";
        char *line = strncmp(cu, usage, sizeof usage - 1) == 0
                         ? xstrndup(cu + sizeof usage - 1, strcspn(cu + sizeof usage - 1, "\n"))
                         : xasprintf("raftcost %s %s", c->name, c->synopsis);
        synopsis_line(sb, line, strlen(line), c->name);
        free(line);
    }
    strbuf_puts(sb, ".fi\n");
}

static void description(const struct manpage *m, struct strbuf *sb)
{
    const char *d = m->spec->description ? m->spec->description : "";
    size_t len = strlen(d);
    /* The help's "options:" line leads into the option list: not a sentence of the page. */
    static const char label[] = "options:\n";
    if (len >= sizeof label - 1 && strcmp(d + len - (sizeof label - 1), label) == 0 &&
        (len == sizeof label - 1 || d[len - sizeof label] == '\n'))
        len -= sizeof label - 1;
    strbuf_puts(sb, ".SH DESCRIPTION\n");
    char *copy = xstrndup(d, len);
    const char *p = copy, *start, *stop;
    while (next_paragraph(&p, &start, &stop))
        body(sb, start, stop);
    free(copy);
}

/* "\fB\-f\fR, \fB\-\-format\fR \fIFMT\fR" */
static void option_forms(const struct opt *o, struct strbuf *sb)
{
    if (o->short_name) {
        strbuf_puts(sb, "\\fB\\-");
        manpage_escape(sb, &o->short_name, 1, 1);
        strbuf_puts(sb, o->long_name ? "\\fR, " : "\\fR");
    }
    if (o->long_name) {
        strbuf_puts(sb, "\\fB\\-\\-");
        manpage_escape(sb, o->long_name, strlen(o->long_name), 1);
        strbuf_puts(sb, "\\fR");
    }
    if (o->argh) {
        strbuf_puts(sb, " \\fI");
        manpage_escape(sb, o->argh, strlen(o->argh), 1);
        strbuf_puts(sb, "\\fR");
    } else if (o->kind == OPT_KIND_CHOICE) {
        for (const struct opts_choice *ch = o->choices; ch->name; ch++) {
            strbuf_puts(sb, ch == o->choices ? " \\fI" : "|\\fI");
            manpage_escape(sb, ch->name, strlen(ch->name), 1);
            strbuf_puts(sb, "\\fR");
        }
    }
    strbuf_puts(sb, "\n");
}

static void options(const struct manpage *m, struct strbuf *sb)
{
    strbuf_puts(sb, ".SH OPTIONS\n");
    for (const struct opt *o = m->spec->options; o->kind != OPT_KIND_END; o++) {
        if (o->kind == OPT_KIND_ARG || o->kind == OPT_KIND_ARGS)
            continue;
        strbuf_puts(sb, ".TP\n");
        option_forms(o, sb);
        /* The help's lines are one sentence, broken for the terminal. */
        struct strbuf help = STRBUF_INIT;
        for (const char *h = o->help ? o->help : ""; *h;) {
            size_t n = strcspn(h, "\n");
            if (help.len)
                strbuf_puts(&help, " ");
            strbuf_add(&help, h, n);
            h += n + (h[n] == '\n');
        }
        text_line(sb, help.buf ? help.buf : "", help.len, 0);
        strbuf_release(&help);
    }
}

static void commands(const struct manpage *m, struct strbuf *sb)
{
    if (!m->commands)
        return;
    strbuf_puts(sb, ".SH COMMANDS\n");
    for (const struct opts_subcommand *c = m->commands; c->name; c++) {
        strbuf_puts(sb, ".TP\n\\fB");
        manpage_escape(sb, c->name, strlen(c->name), 1);
        strbuf_puts(sb, "\\fR\n");
        manpage_escape(sb, c->summary, strlen(c->summary), 0);
        strbuf_puts(sb, "; see \\fBraftcost\\-");
        manpage_escape(sb, c->name, strlen(c->name), 1);
        strbuf_puts(sb, "\\fR(1).\n");
    }
}

static void see_also(const struct manpage *m, struct strbuf *sb)
{
    strbuf_puts(sb, ".SH SEE ALSO\n");
    if (m->commands) {
        for (const struct opts_subcommand *c = m->commands; c->name; c++) {
            strbuf_puts(sb, "\\fBraftcost\\-");
            manpage_escape(sb, c->name, strlen(c->name), 1);
            strbuf_puts(sb, "\\fR(1),\n");
        }
        strbuf_puts(sb, "\\fBgnuplot\\fR(1)\n");
    } else {
        strbuf_puts(sb, "\\fBraftcost\\fR(1)\n");
    }
}

void manpage_write(const struct manpage *m, struct strbuf *sb)
{
    struct sections s = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    sort_epilogue(m->spec->epilogue, &s);

    strbuf_puts(sb, ".\\\" The manual page of ");
    strbuf_puts(sb, m->name);
    strbuf_puts(sb, ", written from its command line table (src/manpage.c).\n");
    strbuf_puts(sb, ".TH \"");
    for (const char *p = m->name; *p; p++) {
        if (*p == '-')
            strbuf_puts(sb, "\\-");
        else
            strbuf_printf(sb, "%c", toupper((unsigned char)*p));
    }
    strbuf_printf(sb, "\" 1 \"%s\" \"%s\" \"User Commands\"\n", m->date, m->version);
    /* Ragged right, no hyphens: option names must not break. */
    strbuf_puts(sb, ".ad l\n.nh\n");
    strbuf_puts(sb, ".SH NAME\n");
    manpage_escape(sb, m->name, strlen(m->name), 1);
    strbuf_puts(sb, " \\- ");
    manpage_escape(sb, m->summary, strlen(m->summary), 0);
    strbuf_puts(sb, "\n");
    synopsis(m, sb);
    description(m, sb);
    commands(m, sb);
    options(m, sb);
    if (s.exit_status.len) {
        strbuf_puts(sb, ".SH \"EXIT STATUS\"\n");
        strbuf_add(sb, s.exit_status.buf, s.exit_status.len);
    }
    if (m->extra)
        strbuf_puts(sb, m->extra);
    if (s.notes.len) {
        strbuf_puts(sb, ".SH NOTES\n");
        strbuf_add(sb, s.notes.buf, s.notes.len);
    }
    if (s.named.len)
        strbuf_add(sb, s.named.buf, s.named.len);
    if (s.examples.len) {
        strbuf_puts(sb, ".SH EXAMPLES\n");
        strbuf_add(sb, s.examples.buf, s.examples.len);
    }
    see_also(m, sb);
    strbuf_release(&s.exit_status);
    strbuf_release(&s.notes);
    strbuf_release(&s.examples);
    strbuf_release(&s.named);
}
