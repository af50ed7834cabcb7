/*
 * evq: a deterministic event queue for the simulation.  A binary min-heap of
 * small event structs kept in one growable array, ordered by time and then by
 * the order of insertion, so that events due at the same instant come out
 * first in, first out and two runs that push the same events pop them in the
 * same order (the idea of git's prio-queue.[ch]).  Pushing allocates only when
 * the array has to grow (doubling), never per event.
 *
 * Ownership: the queue owns its array; evq_release frees it.  Events are
 * values: what `arg` refers to belongs to the caller.
 */
#ifndef RAFTCOST_EVQ_H
#define RAFTCOST_EVQ_H

#include <stddef.h>
#include <stdint.h>

struct evq_event {
    double time;   /* when it is due, seconds */
    uint64_t seq;  /* insertion counter: breaks ties first in, first out */
    uint32_t kind; /* the caller's event type */
    uint32_t arg;  /* the caller's argument (an index, usually) */
};

struct evq {
    struct evq_event *heap;
    size_t n, cap;
    uint64_t next_seq;
};

#define EVQ_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

void evq_init(struct evq *q);
/* Frees the array; the queue is empty and usable again.  Accepts NULL. */
void evq_release(struct evq *q);
/* Adds an event; time must not be NaN. */
void evq_push(struct evq *q, double time, uint32_t kind, uint32_t arg);
/* The earliest event (ties: the first pushed), or NULL when empty. */
const struct evq_event *evq_peek(const struct evq *q);
/* Removes the earliest event into *out; returns 0 when the queue was empty. */
int evq_pop(struct evq *q, struct evq_event *out);
size_t evq_count(const struct evq *q);

#endif
