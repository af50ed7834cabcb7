/*
 * files: reading the files raftcost is given and writing the files it is
 * asked to write, safely when the files or folders are hostile.
 *
 * Inputs: only regular files are read (a FIFO, a device or a folder is
 * refused at once, without waiting for a writer), and only up to a size
 * limit, checked before reading.
 *
 * Outputs: an output file is replaced atomically (a temporary file in its
 * folder, then rename) when it is a regular file or does not exist yet, and
 * the replacement keeps the file's permission bits (and, where the system
 * allows, its owner and group).  A symlink to a regular file is followed:
 * the file it names is replaced and the link stays.  A regular file with
 * several hard links is rewritten in place, so that every name sees the new
 * contents.  Anything else (a FIFO, a device such as /dev/null, a symlink to
 * one) is written to directly, never replaced.  While a temporary file
 * exists, SIGHUP, SIGINT, SIGQUIT, SIGTERM and SIGXFSZ remove it before the
 * program dies of the signal (signals that were ignored stay ignored).
 *
 * Ownership: buffers returned are the caller's to free; a struct output owns
 * its names and its stream until output_commit or output_abort.  Nothing
 * here prints.
 */
#ifndef RAFTCOST_FILES_H
#define RAFTCOST_FILES_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* The largest scenario, catalogue or benchmark CSV read: 64 MiB. */
#define INPUT_MAX_BYTES ((size_t)64 << 20)

/*
 * Reads a regular file of at most max_bytes whole.  Returns 0 and a
 * NUL-terminated buffer the caller frees; on failure returns -1 and *why, a
 * reason the caller frees ("No such file or directory", "a FIFO, not a
 * regular file", "it is 1.0 GiB; files of up to 64 MiB are read").  Never
 * blocks on a FIFO.
 */
int read_input_file(const char *path, size_t max_bytes, char **data, size_t *len, char **why);

/*
 * The same with INPUT_MAX_BYTES, for callers that only need errno: -1 with
 * errno set (EINVAL for a file that is not a regular one, EFBIG for one too
 * large).
 */
int read_whole_file(const char *path, char **data, size_t *len);

/*
 * Reads an open stream (standard input) to its end, at most INPUT_MAX_BYTES:
 * 0 and a NUL-terminated buffer the caller frees, or -1 with errno set
 * (EFBIG: more than that; a regular file behind the stream is measured
 * before it is read).  f stays open.
 */
int read_whole_stream(FILE *f, char **data, size_t *len);

/*
 * 1 when paths a and b name the same file as the kernel resolves them
 * (symlinks followed): the same device and inode, or, for a file not there
 * yet, the same last name in the same folder.  0 otherwise.
 */
int path_same_target(const char *a, const char *b);

/*
 * Writes data to path as the header says (atomic replacement, mode kept,
 * symlinks to regular files followed, in place for hard links, directly
 * into a FIFO or a device).  Returns 0, or -1 with errno set; a failure
 * leaves no temporary file and, except for a file written in place or
 * directly, the old contents.
 */
int write_output_file(const char *path, const char *data, size_t len);

/*
 * Writes data to path atomically: a temporary file in the same folder, then
 * rename, replacing whatever entry path is (a symlink is replaced, not
 * followed), with mode 0666 less the umask: for files in a folder raftcost
 * writes into (plots).  On failure returns -1 with errno set and leaves no
 * file behind.
 */
int write_file_atomic(const char *path, const char *data, size_t len);

/*
 * An output written as it is computed (a sweep's reports).  output_open
 * prepares path as write_output_file would (path NULL: standard output);
 * the caller writes to o->f; output_commit puts the result in place (the
 * rename, or the copy into the file, device or standard output), and
 * output_abort throws it away, leaving the destination as it was.  What is
 * written before the commit goes to a temporary file (in the destination's
 * folder, or an unlinked one in $TMPDIR for the cases that copy), so that a
 * failed run writes nothing.  Both return 0, or -1 with errno set.
 */
struct output {
    FILE *f;
    char *path;  /* the destination (a symlink resolved); NULL: standard output */
    char *tmp;   /* the temporary file renamed onto path, or NULL when copying */
    int regular; /* the destination is a regular file (truncate it when copying) */
    int existed; /* it was there: the temporary file takes its mode and owner */
    mode_t mode; /* its permission bits */
    uid_t uid;   /* its owner and group */
    gid_t gid;
};
int output_open(struct output *o, const char *path);
int output_commit(struct output *o);
void output_abort(struct output *o);

#endif
