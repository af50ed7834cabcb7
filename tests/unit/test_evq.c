/*
 * Unit tests of the event queue: events come out by time, ties first in,
 * first out; a large random load pops sorted; the array is reused.
 */
#include <stdlib.h>

#include "evq.h"
#include "test.h"

static void test_order_and_ties(void)
{
    struct evq q;
    evq_init(&q);
    struct evq_event e;
    CHECK(evq_pop(&q, &e) == 0);
    CHECK(evq_peek(&q) == NULL);
    /* Pushed: (2,a0) (1,a1) (2,a2) (1,a3) (0,a4) (2,a5).  By time, ties in
     * push order: 0:a4, 1:a1 a3, 2:a0 a2 a5. */
    double times[] = {2, 1, 2, 1, 0, 2};
    for (uint32_t i = 0; i < 6; i++)
        evq_push(&q, times[i], 7, i);
    CHECK(evq_count(&q) == 6);
    CHECK(evq_peek(&q)->arg == 4);
    uint32_t want[] = {4, 1, 3, 0, 2, 5};
    for (int i = 0; i < 6; i++) {
        CHECK(evq_pop(&q, &e) == 1);
        CHECK(e.arg == want[i]);
        CHECK(e.kind == 7);
    }
    CHECK(evq_count(&q) == 0);
    evq_release(&q);
    evq_release(NULL);
}

/* Many equal times interleaved with pops keep first in, first out. */
static void test_fifo_under_interleaving(void)
{
    struct evq q = EVQ_INIT;
    struct evq_event e;
    uint32_t next_out = 0, next_in = 0;
    int ok = 1;
    for (int round = 0; round < 1000; round++) {
        for (int k = 0; k < 3; k++)
            evq_push(&q, 5.0, 0, next_in++);
        for (int k = 0; k < 2; k++) {
            evq_pop(&q, &e);
            ok &= e.arg == next_out++;
        }
    }
    while (evq_pop(&q, &e))
        ok &= e.arg == next_out++;
    CHECK(ok);
    CHECK(next_out == 3000);
    evq_release(&q);
}

/* 100,000 pseudo-random times (a fixed LCG) pop in non-decreasing order, and
 * equal times by increasing seq. */
static void test_random_load(void)
{
    struct evq q = EVQ_INIT;
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 100000; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        evq_push(&q, (double)(x >> 54), 0, i); /* 0..1023: many ties */
    }
    struct evq_event prev, e;
    evq_pop(&q, &prev);
    int ok = 1;
    size_t count = 1;
    while (evq_pop(&q, &e)) {
        ok &= prev.time < e.time || (prev.time == e.time && prev.seq < e.seq);
        prev = e;
        count++;
    }
    CHECK(ok);
    CHECK(count == 100000);
    evq_release(&q);
}

int main(void)
{
    test_order_and_ties();
    test_fifo_under_interleaving();
    test_random_load();
    TEST_END("evq");
}
