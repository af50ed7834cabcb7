/*
 * plot_run: see plot_run.h.  This file knows how to run gnuplot safely and
 * nothing about what a plot shows.  The one thing it must never do is let
 * gnuplot open a path that someone else could have prepared: pictures are
 * drawn only inside the private folder this run made with mkdtemp, and are
 * checked and renamed from there through its file descriptor.
 */
/* realpath is in POSIX's XSI part. */
#define _XOPEN_SOURCE 700

#include "plot_run.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gp.h"

extern char **environ;

/* At most this much gnuplot error text goes into the message. */
#define MAX_ERROR_TEXT 2000

/* The private folder's name in the plots' folder; mkdtemp fills the X's. */
#define PRIVATE_TEMPLATE ".raftcost.tmp.XXXXXX"

/*
 * Every template raftcost ships: a folder holding them all is the
 * templates' folder.  A new plot adds its template here.
 */
static const char *const template_names[] = {
    "common",      "phases",   "generation",   "monthly",     "breakeven", "ratio",
    "curve",       "replicas", "staircase",    "latency",     "stream",    "actual",
    "uncertainty", "tornado",  "sim-timeline", "sim-latency", "sweep"};

static const char *const format_names[] = {"png", "svg", "pdf"};

int plot_format_from_name(const char *name, enum plot_format *format)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *format = (enum plot_format)i;
            return 0;
        }
    return -1;
}

const char *plot_format_name(enum plot_format format)
{
    return format_names[format];
}

/* ---- the folder and the templates ------------------------------------ */

/* mkdir -p.  Returns 0 or -1 with errno set. */
static int make_dirs(const char *dir)
{
    char *path = xstrdup(dir);
    int rc = 0;
    /* Each parent in turn, then the folder itself. */
    for (char *p = path + 1; rc == 0; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(path);
    if (rc != 0)
        return -1;
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

static int has_templates(const char *dir)
{
    for (size_t i = 0; i < sizeof template_names / sizeof template_names[0]; i++) {
        char *path = xasprintf("%s/%s.gp", dir, template_names[i]);
        int ok = access(path, R_OK) == 0;
        free(path);
        if (!ok)
            return 0;
    }
    return 1;
}

/* The templates' folder as an absolute path the caller frees, or NULL with d filled. */
static char *find_templates(struct diag *d)
{
    const char *env = getenv("RAFTCOST_PLOTS");
    if (env && *env) {
        char *abs = has_templates(env) ? realpath(env, NULL) : NULL;
        if (!abs)
            diag_plain(d,
                       "RAFTCOST_PLOTS is '%s', which holds no plot templates (common.gp, "
                       "phases.gp, ...)",
                       env);
        return abs;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *found = NULL;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const beside[] = {"../share/raftcost/plots", "../plots", "../../plots"};
        for (size_t i = 0; i < sizeof beside / sizeof beside[0] && !found; i++) {
            char *dir = xasprintf("%s/%s", exe, beside[i]);
            if (has_templates(dir))
                found = realpath(dir, NULL);
            free(dir);
        }
    }
    if (!found && has_templates("plots"))
        found = realpath("plots", NULL);
    if (!found)
        diag_plain(d, "cannot find the plot templates (common.gp, phases.gp, ...): set "
                      "RAFTCOST_PLOTS to raftcost's plots/ folder");
    return found;
}

int plot_batch_open(struct plot_batch *b, const char *dir, enum plot_format format, struct diag *d)
{
    memset(b, 0, sizeof *b);
    if (gp_has_control(dir)) {
        diag_plain(d, "the plots' folder name has a line break or another control character");
        return -1;
    }
    if (make_dirs(dir) != 0) {
        diag_plain(d, "cannot create the plots' folder '%s': %s", dir, strerror(errno));
        return -1;
    }
    b->templates = find_templates(d);
    if (!b->templates)
        return -1;
    b->dir = xstrdup(dir);
    b->format = format;
    return 0;
}

/* ---- jobs -------------------------------------------------------------- */

static int name_taken(const struct plot_batch *b, const char *name)
{
    for (size_t i = 0; i < b->njobs; i++)
        if (strcmp(b->jobs[i]->name, name) == 0)
            return 1;
    return 0;
}

struct plot_job *plot_batch_add(struct plot_batch *b, const char *name, const char *template,
                                const char *what)
{
    struct plot_job *j = xcalloc(1, sizeof *j);
    char *base = gp_file_name(name);
    j->name = xstrdup(base);
    for (int n = 2; name_taken(b, j->name); n++) {
        free(j->name);
        j->name = xasprintf("%s-%d", base, n);
    }
    free(base);
    /* The template's name is code, written unquoted into `load`: a file name as it stands. */
    char *safe = gp_file_name(template);
    assert(strcmp(safe, template) == 0);
    free(safe);
    j->template = template;
    b->jobs = xrealloc(b->jobs, (b->njobs + 1) * sizeof *b->jobs);
    b->jobs[b->njobs++] = j;

    const char *ext = format_names[b->format];
    struct strbuf *sb = &j->script;
    gp_commentf(sb,
                "%s, drawn by raftcost.\n"
                "To redraw by hand, run 'gnuplot %s.gp' in this folder.  The look is in the\n"
                "template loaded at the end; set 'out' first to draw to another file.",
                what, j->name);
    gp_set_string(sb, "plot_format", ext);
    char *file = xasprintf("%s.%s", j->name, ext);
    strbuf_puts(sb, "if (!exists(\"out\")) out = ");
    gp_quote(sb, file);
    strbuf_puts(sb, "\n");
    free(file);
    file = xasprintf("%s.dat", j->name);
    gp_set_string(sb, "data", file);
    free(file);
    return j;
}

void plot_batch_release(struct plot_batch *b)
{
    for (size_t i = 0; i < b->njobs; i++) {
        free(b->jobs[i]->name);
        strbuf_release(&b->jobs[i]->data);
        strbuf_release(&b->jobs[i]->script);
        free(b->jobs[i]);
    }
    free(b->jobs);
    free(b->dir);
    free(b->templates);
    memset(b, 0, sizeof *b);
}

/* ---- running gnuplot --------------------------------------------------- */

/* One gnuplot at work. */
struct proc {
    char *picture; /* DIR/NAME.EXT, where the picture goes */
    char *drawn;   /* NAME.EXT, the picture in the private folder */
    FILE *err;     /* gnuplot's standard error */
    pid_t pid;
    int spawned;
    double started_s; /* when gnuplot started, for its time limit */
};

/* The private folder: its name in DIR and a descriptor that pins it. */
struct private_dir {
    char *path; /* DIR/.raftcost.tmp.XXXXXX */
    char *name; /* .raftcost.tmp.XXXXXX, as gnuplot reaches it from DIR */
    int fd;
};

/*
 * How long one gnuplot may run, in seconds: RAFTCOST_PLOT_TIMEOUT, else 120.
 * A plot of a few thousand points takes well under a second.
 */
static double plot_timeout_s(void)
{
    const char *env = getenv("RAFTCOST_PLOT_TIMEOUT");
    char *end;
    double t = env ? strtod(env, &end) : 0;
    return env && end != env && *end == '\0' && t > 0 ? t : 120.0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* waitpid with a deadline: a gnuplot that hangs is killed, and *timed_out set. */
static pid_t wait_until(pid_t pid, int *st, double deadline, int *timed_out)
{
    const struct timespec pause = {0, 5 * 1000 * 1000};
    *timed_out = 0;
    for (;;) {
        pid_t w = waitpid(pid, st, WNOHANG);
        if (w != 0 && !(w < 0 && errno == EINTR))
            return w;
        if (now_s() > deadline) {
            kill(pid, SIGKILL);
            *timed_out = 1;
            do
                w = waitpid(pid, st, 0);
            while (w < 0 && errno == EINTR);
            return w;
        }
        nanosleep(&pause, NULL);
    }
}

static int write_file(const char *dir, const char *name, const char *ext, struct strbuf *sb,
                      struct diag *d)
{
    char *path = xasprintf("%s/%s.%s", dir, name, ext);
    int rc = write_file_atomic(path, sb->buf ? sb->buf : "", sb->len);
    if (rc != 0)
        diag_plain(d, "cannot write '%s': %s", path, strerror(errno));
    free(path);
    return rc;
}

/* Makes the private folder.  Returns 0, or -1 with errno set. */
static int private_open(struct private_dir *p, const char *dir)
{
    p->path = xasprintf("%s/%s", dir, PRIVATE_TEMPLATE);
    p->name = NULL;
    p->fd = -1;
    if (!mkdtemp(p->path))
        return -1;
    p->name = xstrdup(strrchr(p->path, '/') + 1);
    p->fd = open(p->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (p->fd < 0) {
        int err = errno;
        rmdir(p->path);
        errno = err;
        return -1;
    }
    return 0;
}

/* Removes the private folder, emptied of what gnuplot may have left there. */
static void private_close(struct private_dir *p, const struct proc *procs, size_t n)
{
    if (p->fd >= 0) {
        for (size_t i = 0; i < n; i++)
            if (procs[i].drawn)
                unlinkat(p->fd, procs[i].drawn, 0);
        close(p->fd);
        rmdir(p->path);
    }
    free(p->path);
    free(p->name);
}

/*
 * Starts gnuplot on one script in the plots' folder, drawing into the
 * private folder.  Returns 0, or the error number of what failed.
 */
static int spawn_gnuplot(struct proc *pr, const struct plot_job *j, const char *dir,
                         const char *private_name)
{
    pr->err = tmpfile();
    if (!pr->err)
        return errno;
    struct strbuf cmd = STRBUF_INIT;
    char *out = xasprintf("%s/%s", private_name, pr->drawn);
    strbuf_puts(&cmd, "cd ");
    gp_quote(&cmd, dir);
    strbuf_puts(&cmd, "; out = ");
    gp_quote(&cmd, out);
    char *script = xasprintf("%s.gp", j->name);
    char *argv[] = {"gnuplot", "-e", cmd.buf, script, NULL};
    posix_spawn_file_actions_t actions;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc == 0) {
        rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        if (rc == 0)
            rc = posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        if (rc == 0)
            rc = posix_spawn_file_actions_adddup2(&actions, fileno(pr->err), 2);
        if (rc == 0) {
            pr->started_s = now_s();
            rc = posix_spawnp(&pr->pid, "gnuplot", &actions, NULL, argv, environ);
        }
        posix_spawn_file_actions_destroy(&actions);
    }
    pr->spawned = rc == 0;
    free(script);
    free(out);
    strbuf_release(&cmd);
    return rc;
}

/* gnuplot's error text, trimmed; the caller frees. */
static char *gnuplot_message(FILE *err)
{
    char text[MAX_ERROR_TEXT + 1];
    size_t n = 0;
    if (err && fseek(err, 0, SEEK_SET) == 0)
        n = fread(text, 1, MAX_ERROR_TEXT, err);
    text[n] = '\0';
    char *start = text;
    while (*start == '\n' || *start == ' ')
        start++;
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = '\0';
    return xstrdup(start);
}

/*
 * Waits for one gnuplot; returns 0 when its picture is in place, else -1
 * with why.  The picture must be a regular file, not empty, in the private
 * folder (a symlink there is not followed, nor renamed into place).
 */
static int finish(struct proc *pr, const struct private_dir *p, char **why)
{
    int st = 0, timed_out;
    pid_t w = wait_until(pr->pid, &st, pr->started_s + plot_timeout_s(), &timed_out);
    struct stat sb;
    char *msg = gnuplot_message(pr->err);
    int rc = -1;
    if (w < 0)
        *why = xasprintf("cannot wait for gnuplot: %s", strerror(errno));
    else if (timed_out)
        *why = xasprintf("gnuplot took longer than %g s and was stopped", plot_timeout_s());
    else if (WIFSIGNALED(st))
        *why = xasprintf("gnuplot was killed by signal %d", WTERMSIG(st));
    else if (WEXITSTATUS(st) != 0)
        *why =
            xasprintf("gnuplot exited with status %d%s%s", WEXITSTATUS(st), *msg ? ":\n" : "", msg);
    else if (fstatat(p->fd, pr->drawn, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode) ||
             sb.st_size == 0)
        *why = xasprintf("gnuplot drew nothing%s%s", *msg ? ":\n" : "", msg);
    else if (renameat(p->fd, pr->drawn, AT_FDCWD, pr->picture) != 0)
        *why = xasprintf("cannot rename '%s/%s' to '%s': %s", p->path, pr->drawn, pr->picture,
                         strerror(errno));
    else
        rc = 0;
    free(msg);
    if (rc != 0)
        unlinkat(p->fd, pr->drawn, 0);
    return rc;
}

enum plot_status plot_batch_run(struct plot_batch *b, struct diag *d)
{
    enum plot_status status = PLOT_FAILED;
    const char *ext = format_names[b->format];
    for (size_t i = 0; i < b->njobs; i++) {
        struct plot_job *j = b->jobs[i];
        gp_set_string(&j->script, "template_dir", b->templates);
        strbuf_printf(&j->script, "load template_dir . '/%s.gp'\n", j->template);
    }
    for (size_t i = 0; i < b->njobs; i++)
        if (write_file(b->dir, b->jobs[i]->name, "dat", &b->jobs[i]->data, d) != 0 ||
            write_file(b->dir, b->jobs[i]->name, "gp", &b->jobs[i]->script, d) != 0)
            return PLOT_FAILED;
    if (b->njobs == 0)
        return PLOT_DRAWN;

    struct private_dir priv;
    if (private_open(&priv, b->dir) != 0) {
        diag_plain(d, "cannot make a folder to draw in, in '%s': %s", b->dir, strerror(errno));
        free(priv.path);
        return PLOT_FAILED;
    }
    struct proc *procs = xcalloc(b->njobs, sizeof *procs);
    for (size_t i = 0; i < b->njobs; i++) {
        procs[i].picture = xasprintf("%s/%s.%s", b->dir, b->jobs[i]->name, ext);
        procs[i].drawn = xasprintf("%s.%s", b->jobs[i]->name, ext);
    }

    int spawn_error = 0;
    for (size_t i = 0; i < b->njobs && !spawn_error; i++)
        spawn_error = spawn_gnuplot(&procs[i], b->jobs[i], b->dir, priv.name);
    size_t failed = 0;
    char *first_why = NULL;
    const char *first_name = NULL;
    for (size_t i = 0; i < b->njobs; i++) {
        char *why = NULL;
        if (!procs[i].spawned)
            continue;
        if (finish(&procs[i], &priv, &why) != 0) {
            if (!first_why) {
                first_why = why;
                first_name = procs[i].picture;
            } else {
                free(why);
            }
            failed++;
        }
    }
    if (spawn_error == ENOENT && !procs[0].spawned) {
        status = PLOT_NO_GNUPLOT;
    } else if (failed) {
        char more[64] = "";
        if (failed > 1)
            snprintf(more, sizeof more, " (and %zu more plots)", failed - 1);
        diag_plain(d, "cannot draw '%s'%s: %s", first_name, more, first_why);
    } else if (spawn_error) {
        diag_plain(d, "cannot run gnuplot: %s", strerror(spawn_error));
    } else {
        status = PLOT_DRAWN;
    }
    free(first_why);
    private_close(&priv, procs, b->njobs);
    for (size_t i = 0; i < b->njobs; i++) {
        free(procs[i].picture);
        free(procs[i].drawn);
        if (procs[i].err)
            fclose(procs[i].err);
    }
    free(procs);
    return status;
}
