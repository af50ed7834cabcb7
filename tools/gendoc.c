/*
 * gendoc: writes raftcost's manual pages and shell completions from its
 * command line tables (src/commands.c and each command's spec), when it is
 * built, so that neither can drift from what the parser takes.
 *
 *   gendoc man DIR DATADIR EXTRA   DIR/raftcost.1, and DIR/raftcost-NAME.1
 *                                  for each command of the table
 *   gendoc bash FILE               the bash completion
 *   gendoc zsh FILE                the zsh completion
 *
 * EXTRA is a folder of hand-written roff: EXTRA/NAME.roff, where there is
 * one, goes into page NAME (FILES, ENVIRONMENT, ...), with @DATADIR@
 * replaced by DATADIR (where `make install` puts the shared files).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "completion.h"
#include "manpage.h"
#include "util.h"
#include "version.h"

#define MAIN_SUMMARY                                                                               \
    "plan the time and money of a RAFT project: dataset generation, fine-tuning, evaluation and "  \
    "serving"

static int write_out(const char *path, struct strbuf *sb)
{
    if (write_file_atomic(path, sb->buf ? sb->buf : "", sb->len) != 0) {
        fprintf(stderr, "gendoc: cannot write '%s': %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

/* EXTRA/NAME.roff with @DATADIR@ replaced, or NULL when there is none. */
static char *read_extra(const char *extra_dir, const char *name, const char *datadir)
{
    char *path = xasprintf("%s/%s.roff", extra_dir, name);
    char *text = NULL;
    size_t len;
    int rc = read_whole_file(path, &text, &len);
    free(path);
    if (rc != 0)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    static const char mark[] = "@DATADIR@";
    for (const char *p = text;;) {
        const char *at = strstr(p, mark);
        if (!at) {
            strbuf_puts(&sb, p);
            break;
        }
        strbuf_add(&sb, p, (size_t)(at - p));
        strbuf_puts(&sb, datadir);
        p = at + sizeof mark - 1;
    }
    free(text);
    return strbuf_detach(&sb);
}

static int page(const char *dir, const char *datadir, const char *extra_dir,
                const struct manpage *m)
{
    struct manpage with = *m;
    char *extra = read_extra(extra_dir, m->name, datadir);
    with.extra = extra;
    struct strbuf sb = STRBUF_INIT;
    manpage_write(&with, &sb);
    char *path = xasprintf("%s/%s.1", dir, m->name);
    int rc = write_out(path, &sb);
    free(path);
    free(extra);
    strbuf_release(&sb);
    return rc;
}

static int man_pages(const char *dir, const char *datadir, const char *extra_dir)
{
    const char *version = "raftcost " RAFTCOST_VERSION;
    struct manpage main_page = {
        &cmd_report_spec, "raftcost", MAIN_SUMMARY, commands, NULL, version, RAFTCOST_VERSION_DATE};
    int rc = page(dir, datadir, extra_dir, &main_page);
    for (const struct opts_subcommand *c = commands; c->name && rc == 0; c++) {
        char *name = xasprintf("raftcost-%s", c->name);
        struct manpage m = {c->spec, name, c->summary, NULL, NULL, version, RAFTCOST_VERSION_DATE};
        rc = page(dir, datadir, extra_dir, &m);
        free(name);
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "man") == 0)
        return man_pages(argv[2], argv[3], argv[4]);
    if (argc == 3 && (strcmp(argv[1], "bash") == 0 || strcmp(argv[1], "zsh") == 0)) {
        struct strbuf sb = STRBUF_INIT;
        if (strcmp(argv[1], "bash") == 0)
            completion_bash(&cmd_report_spec, commands, &sb);
        else
            completion_zsh(&cmd_report_spec, commands, &sb);
        int rc = write_out(argv[2], &sb);
        strbuf_release(&sb);
        return rc;
    }
    fprintf(stderr, "usage: gendoc man DIR DATADIR EXTRA | gendoc bash FILE | gendoc zsh FILE\n");
    return 2;
}
