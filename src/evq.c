/*
 * evq: binary heap ordered by (time, seq).  Sifting moves a hole instead of
 * swapping, so each level costs one copy.
 */
#include "evq.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "util.h"

void evq_init(struct evq *q)
{
    q->heap = NULL;
    q->n = q->cap = 0;
    q->next_seq = 0;
}

void evq_release(struct evq *q)
{
    if (!q)
        return;
    free(q->heap);
    evq_init(q);
}

static int before(const struct evq_event *a, const struct evq_event *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

void evq_push(struct evq *q, double time, uint32_t kind, uint32_t arg)
{
    assert(!isnan(time));
    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 64;
        q->heap = xrealloc(q->heap, q->cap * sizeof *q->heap);
    }
    struct evq_event e = {time, q->next_seq++, kind, arg};
    size_t i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(&e, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
}

const struct evq_event *evq_peek(const struct evq *q)
{
    return q->n ? &q->heap[0] : NULL;
}

int evq_pop(struct evq *q, struct evq_event *out)
{
    if (q->n == 0)
        return 0;
    *out = q->heap[0];
    struct evq_event last = q->heap[--q->n];
    size_t n = q->n, i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && before(&q->heap[child + 1], &q->heap[child]))
            child++;
        if (!before(&q->heap[child], &last))
            break;
        q->heap[i] = q->heap[child];
        i = child;
    }
    if (n > 0)
        q->heap[i] = last;
    return 1;
}

size_t evq_count(const struct evq *q)
{
    return q->n;
}
