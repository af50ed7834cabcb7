/*
 * progress: a line on standard error that says how far a long run is
 * ("sweep: 1,234 of 10,000 points (12%), about 40 s left"), rewritten in
 * place with a carriage return, and erased when the run ends.  For long
 * runs of the commands (sweeps, simulations, Monte Carlo): quick runs stay
 * silent, because nothing is shown before delay_s, and then at most one
 * update every interval_s.
 *
 * Whether to show it at all is progress_stream's answer: only on a
 * terminal, never with -q or TERM=dumb.  Only plain text and '\r' are
 * written (no colour, no escape sequences).
 *
 * Ownership: a struct progress borrows its stream and its strings (they must
 * outlive it); progress_finish erases the line and releases the lock.
 * progress_add may be called from several threads at once; the others from
 * one thread, before and after them.  This module writes to the stream it
 * is given and to nothing else; it never decides the exit status.
 */
#ifndef RAFTCOST_PROGRESS_H
#define RAFTCOST_PROGRESS_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#define PROGRESS_DELAY_S 0.5    /* nothing shown before this */
#define PROGRESS_INTERVAL_S 0.1 /* at most ten updates a second */

struct progress {
    FILE *out;        /* NULL: shows nothing (every call is then cheap) */
    const char *what; /* "sweep" */
    const char *unit; /* "points" */
    size_t total, done;
    double delay_s, interval_s; /* PROGRESS_DELAY_S and _INTERVAL_S; tests may set them */
    double start_s, last_s;     /* monotonic clock */
    size_t width;               /* of the line last written, to blank it out; 0: none shown */
    int finished;
    pthread_mutex_t lock;
};

/*
 * Where progress should go: stderr when it is a terminal, -q was not given
 * (quiet 0) and TERM is not "dumb"; otherwise NULL.
 */
FILE *progress_stream(int quiet);

/* Starts counting `total` units; out NULL shows nothing. */
void progress_init(struct progress *p, FILE *out, const char *what, const char *unit, size_t total);
/* n more units done; redraws the line when it is time. */
void progress_add(struct progress *p, size_t n);
/*
 * Erases the line, so that what comes next (an error, the output) starts
 * on a clean line; once only, so it may be called on an error path and at
 * the end.
 */
void progress_finish(struct progress *p);

/* The line for done of total after elapsed_s seconds, into buf (size n); for tests. */
void progress_format(char *buf, size_t n, const struct progress *p, size_t done, double elapsed_s);

#endif
