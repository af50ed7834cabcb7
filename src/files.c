/*
 * files: see files.h.  The temporary files are the only state: a small
 * table of their names that a signal handler may read, guarded by blocking
 * the signals whenever it changes.
 */
#define _XOPEN_SOURCE 700
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* ---- temporary files removed on a fatal signal ---- */

static const int cleanup_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGXFSZ};
#define NSIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])
#define CLEANUP_SLOTS 8

/* Read by the handler: each a temporary file's name, or NULL. */
static const char *volatile cleanup_paths[CLEANUP_SLOTS];
static size_t cleanup_count;
static struct sigaction saved_actions[NSIGNALS];
static int handled[NSIGNALS];

/*
 * Only async-signal-safe calls: unlink, then the default action (restored
 * by SA_RESETHAND) through raise, which SA_NODEFER lets through at once.
 */
static void cleanup_on_signal(int sig)
{
    int saved_errno = errno;
    for (size_t i = 0; i < CLEANUP_SLOTS; i++) {
        const char *p = cleanup_paths[i];
        if (p)
            unlink(p);
    }
    raise(sig);
    errno = saved_errno;
}

static void signals_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NSIGNALS; i++)
        sigaddset(&set, cleanup_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void signals_restore(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* With the signals blocked: path is removed if one of them ends the program. */
static void cleanup_add(const char *path)
{
    if (cleanup_count++ == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = cleanup_on_signal;
        sa.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < NSIGNALS; i++) {
            handled[i] = 0;
            if (sigaction(cleanup_signals[i], NULL, &saved_actions[i]) != 0 ||
                saved_actions[i].sa_handler == SIG_IGN)
                continue;
            handled[i] = sigaction(cleanup_signals[i], &sa, NULL) == 0;
        }
    }
    for (size_t i = 0; i < CLEANUP_SLOTS; i++)
        if (!cleanup_paths[i]) {
            cleanup_paths[i] = path;
            return;
        }
    /* More temporary files at once than raftcost ever makes: this one is not guarded. */
}

/* With the signals blocked: path no longer needs removing. */
static void cleanup_remove(const char *path)
{
    for (size_t i = 0; i < CLEANUP_SLOTS; i++)
        if (cleanup_paths[i] == path)
            cleanup_paths[i] = NULL;
    if (cleanup_count > 0 && --cleanup_count == 0)
        for (size_t i = 0; i < NSIGNALS; i++)
            if (handled[i])
                sigaction(cleanup_signals[i], &saved_actions[i], NULL);
}

/* mkstemp, the name guarded from the moment the file exists.  Returns the descriptor or -1. */
static int temp_create(char *template)
{
    sigset_t old;
    signals_block(&old);
    int fd = mkstemp(template);
    int err = errno;
    if (fd >= 0)
        cleanup_add(template);
    signals_restore(&old);
    errno = err;
    return fd;
}

/* Renames the temporary file onto path; it is no longer guarded either way. */
static int temp_rename(const char *tmp, const char *path)
{
    sigset_t old;
    signals_block(&old);
    int rc = rename(tmp, path);
    int err = errno;
    if (rc != 0)
        unlink(tmp);
    cleanup_remove(tmp);
    signals_restore(&old);
    errno = err;
    return rc;
}

static void temp_remove(const char *tmp)
{
    sigset_t old;
    int err = errno;
    signals_block(&old);
    unlink(tmp);
    cleanup_remove(tmp);
    signals_restore(&old);
    errno = err;
}

/* A temporary file with no name: in $TMPDIR (or /tmp), unlinked at once. */
static int spool_create(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char *template = xasprintf("%s/raftcost.XXXXXX", dir);
    int fd = temp_create(template);
    if (fd >= 0)
        temp_remove(template);
    free(template);
    return fd;
}

/* ---- inputs ---- */

static const char *file_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* A size for people, in binary units as the limits are set: "1.0 GiB", "64 MiB". */
static char *size_text(double bytes)
{
    if (bytes >= 1024.0 * 1024 * 1024)
        return xasprintf("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    if (bytes >= 1024.0 * 1024)
        return xasprintf("%.0f MiB", bytes / (1024.0 * 1024));
    if (bytes >= 1024.0)
        return xasprintf("%.0f KiB", bytes / 1024.0);
    return xasprintf("%.0f bytes", bytes);
}

static char *too_large(double bytes, size_t max)
{
    char *have = size_text(bytes), *most = size_text((double)max);
    char *why = xasprintf("it is %s; files of up to %s are read", have, most);
    free(have);
    free(most);
    return why;
}

/*
 * Reads a regular file of at most max_bytes.  Returns 0, or an errno value
 * (EINVAL: not a regular file; EFBIG: too large) with *why (when why is not
 * NULL) saying so for people.
 */
static int read_regular(const char *path, size_t max_bytes, char **data, size_t *len, char **why)
{
    int err = 0;
    char *reason = NULL, *buf = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        err = errno;
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        err = EISDIR;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        err = EINVAL;
        const char *kind = file_kind(st.st_mode);
        reason = strcmp(kind, "not a regular file") == 0
                     ? xstrdup(kind)
                     : xasprintf("%s, not a regular file", kind);
        goto out;
    }
    if (st.st_size < 0 || (uintmax_t)st.st_size > max_bytes) {
        err = EFBIG;
        reason = too_large((double)st.st_size, max_bytes);
        goto out;
    }
    /* The size is a hint: a file that grows is read to max_bytes and no further. */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes)
                break;
            cap = cap * 2 > max_bytes + 1 ? max_bytes + 1 : cap * 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            err = errno;
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max_bytes) {
        err = EFBIG;
        reason = too_large((double)n, max_bytes);
        goto out;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    if (err && why)
        *why = reason ? reason : xstrdup(strerror(err));
    else
        free(reason);
    return err;
}

int read_input_file(const char *path, size_t max_bytes, char **data, size_t *len, char **why)
{
    *why = NULL;
    return read_regular(path, max_bytes, data, len, why) ? -1 : 0;
}

int read_whole_file(const char *path, char **data, size_t *len)
{
    int err = read_regular(path, INPUT_MAX_BYTES, data, len, NULL);
    errno = err;
    return err ? -1 : 0;
}

/* The folder holding path, as text ("." for a bare name); *name: its last part. */
static char *folder_of(const char *path, const char **name)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t cut = n;
    while (cut > 0 && path[cut - 1] != '/')
        cut--;
    *name = path + cut;
    if (cut == 0)
        return xstrdup(".");
    return xstrndup(path, cut > 1 ? cut - 1 : 1);
}

static int same_inode(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int path_same_target(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 1;
    struct stat st;
    if (stat(a, &st) == 0 || stat(b, &st) == 0)
        return same_inode(a, b);
    const char *name_a, *name_b;
    char *dir_a = folder_of(a, &name_a), *dir_b = folder_of(b, &name_b);
    int same = strcmp(name_a, name_b) == 0 && strcmp(name_a, "..") != 0 &&
               strcmp(name_a, ".") != 0 && same_inode(dir_a, dir_b);
    free(dir_a);
    free(dir_b);
    return same;
}

int read_whole_stream(FILE *f, char **data, size_t *len)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (uintmax_t)st.st_size > INPUT_MAX_BYTES) {
        errno = EFBIG;
        return -1;
    }
    struct strbuf sb = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    int err = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n > INPUT_MAX_BYTES - sb.len) {
            err = EFBIG;
            break;
        }
        strbuf_add(&sb, chunk, n);
    }
    if (!err && ferror(f))
        err = errno ? errno : EIO;
    if (err) {
        strbuf_release(&sb);
        errno = err;
        return -1;
    }
    *len = sb.len;
    *data = strbuf_detach(&sb);
    return 0;
}

/* ---- outputs ---- */

static int write_all(int fd, const char *data, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

enum target_kind {
    TARGET_NEW,      /* nothing there: a new file by rename */
    TARGET_REPLACE,  /* a regular file: replaced by rename, its mode kept */
    TARGET_IN_PLACE, /* a regular file with several names: truncated and written */
    TARGET_DIRECT,   /* a FIFO, a device: written to */
};

struct target {
    enum target_kind kind;
    char *path; /* where to write: a symlink to a regular file resolved */
    mode_t mode;
    uid_t uid;
    gid_t gid;
};

/* What is at path, and how to write there.  Returns 0, or -1 with errno set. */
static int target_find(const char *path, struct target *t)
{
    struct stat st;
    memset(t, 0, sizeof *t);
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return -1;
        /* Nothing there, or a dangling symlink: the new file replaces the link. */
        t->kind = TARGET_NEW;
        t->path = xstrdup(path);
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        t->kind = TARGET_DIRECT;
        t->path = xstrdup(path);
        return 0;
    }
    /* A file its owner made read-only stays as it is. */
    if (access(path, W_OK) != 0)
        return -1;
    t->mode = st.st_mode & 0777;
    t->uid = st.st_uid;
    t->gid = st.st_gid;
    if (st.st_nlink > 1) {
        t->kind = TARGET_IN_PLACE;
        t->path = xstrdup(path);
        return 0;
    }
    struct stat lst;
    t->kind = TARGET_REPLACE;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        /* The link stays; the file it names is replaced in its own folder. */
        t->path = realpath(path, NULL);
        if (!t->path)
            return -1;
    } else {
        t->path = xstrdup(path);
    }
    return 0;
}

/* The new file's owner and mode: the old file's, or 0666 less the umask for a new one. */
static int temp_settle(int fd, int existed, mode_t mode, uid_t uid, gid_t gid)
{
    if (!existed) {
        mode_t mask = umask(0);
        umask(mask);
        return fchmod(fd, 0666 & ~mask);
    }
    /* Best effort: only root may give a file away; a group of one's own is allowed. */
    if ((uid != geteuid() || gid != getegid()) && fchown(fd, uid, gid) != 0)
        (void)!fchown(fd, (uid_t)-1, gid);
    return fchmod(fd, mode);
}

/* Opens the destination of a copy (a device, a FIFO, a file written in place). */
static int open_destination(const char *path, int truncate)
{
    return open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (truncate ? O_TRUNC : 0));
}

int write_output_file(const char *path, const char *data, size_t len)
{
    struct target t;
    if (target_find(path, &t) != 0) {
        free(t.path);
        return -1;
    }
    int err = 0;
    if (t.kind == TARGET_IN_PLACE || t.kind == TARGET_DIRECT) {
        int fd = open_destination(t.path, t.kind == TARGET_IN_PLACE);
        if (fd < 0 || write_all(fd, data, len) != 0)
            err = errno;
        if (fd >= 0 && close(fd) != 0 && !err)
            err = errno;
        free(t.path);
        errno = err;
        return err ? -1 : 0;
    }
    char *tmp = xasprintf("%s.tmp.XXXXXX", t.path);
    int fd = temp_create(tmp);
    if (fd < 0) {
        err = errno;
        goto out;
    }
    if (write_all(fd, data, len) != 0 ||
        temp_settle(fd, t.kind == TARGET_REPLACE, t.mode, t.uid, t.gid) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (err)
        temp_remove(tmp);
    else if (temp_rename(tmp, t.path) != 0)
        err = errno;
out:
    free(tmp);
    free(t.path);
    errno = err;
    return err ? -1 : 0;
}

int write_file_atomic(const char *path, const char *data, size_t len)
{
    char *tmp = xasprintf("%s.tmp.XXXXXX", path);
    int fd = temp_create(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    int err = 0;
    if (write_all(fd, data, len) != 0 || temp_settle(fd, 0, 0, 0, 0) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (err)
        temp_remove(tmp);
    else if (temp_rename(tmp, path) != 0)
        err = errno;
    free(tmp);
    errno = err;
    return err ? -1 : 0;
}

int output_open(struct output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    int fd;
    if (path) {
        struct target t;
        if (target_find(path, &t) != 0) {
            free(t.path);
            return -1;
        }
        o->path = t.path;
        o->regular = t.kind != TARGET_DIRECT;
        o->existed = t.kind == TARGET_REPLACE;
        o->mode = t.mode;
        o->uid = t.uid;
        o->gid = t.gid;
        if (t.kind == TARGET_NEW || t.kind == TARGET_REPLACE) {
            o->tmp = xasprintf("%s.tmp.XXXXXX", t.path);
            fd = temp_create(o->tmp);
        } else {
            fd = spool_create();
        }
    } else {
        fd = spool_create();
    }
    if (fd >= 0) {
        o->f = fdopen(fd, o->tmp ? "w" : "w+");
        if (!o->f) {
            int err = errno;
            close(fd);
            errno = err;
        }
    }
    if (!o->f) {
        int err = errno;
        if (o->tmp && fd >= 0)
            temp_remove(o->tmp);
        free(o->tmp);
        free(o->path);
        memset(o, 0, sizeof *o);
        errno = err;
        return -1;
    }
    return 0;
}

/* Copies the spool into fd. */
static int copy_spool(FILE *spool, int fd)
{
    char chunk[65536];
    size_t n;
    rewind(spool);
    while ((n = fread(chunk, 1, sizeof chunk, spool)) > 0)
        if (write_all(fd, chunk, n) != 0)
            return -1;
    return ferror(spool) ? -1 : 0;
}

int output_commit(struct output *o)
{
    int err = 0;
    if (fflush(o->f) != 0 || ferror(o->f))
        err = errno ? errno : EIO;
    if (o->tmp) {
        if (!err && temp_settle(fileno(o->f), o->existed, o->mode, o->uid, o->gid) != 0)
            err = errno;
        if (fclose(o->f) != 0 && !err)
            err = errno;
        if (err)
            temp_remove(o->tmp);
        else if (temp_rename(o->tmp, o->path) != 0)
            err = errno;
    } else {
        if (!err && !o->path) {
            if (fflush(stdout) != 0 || copy_spool(o->f, STDOUT_FILENO) != 0)
                err = errno ? errno : EIO;
        } else if (!err) {
            int fd = open_destination(o->path, o->regular);
            if (fd < 0 || copy_spool(o->f, fd) != 0)
                err = errno ? errno : EIO;
            if (fd >= 0 && close(fd) != 0 && !err)
                err = errno;
        }
        fclose(o->f);
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    errno = err;
    return err ? -1 : 0;
}

void output_abort(struct output *o)
{
    if (!o->f)
        return;
    fclose(o->f);
    if (o->tmp)
        temp_remove(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}
