/*
 * Unit tests of the progress line (progress.h): its wording, that nothing
 * is shown before the delay or without a stream, that a shorter line blanks
 * out a longer one, that finishing erases it once, and that counts from
 * several threads add up.
 */
#include <pthread.h>
#include <stdlib.h>

#include "progress.h"
#include "test.h"

static void test_format(void)
{
    struct progress p;
    char line[256];
    progress_init(&p, NULL, "sweep", "points", 10000);
    /* 1,234 of 10,000 after 10 s: 12%; the rest at that pace is 8,766 × 10 / 1,234 = 71.04 s. */
    progress_format(line, sizeof line, &p, 1234, 10);
    CHECK_STR(line, "sweep: 1,234 of 10,000 points (12%), about 71 s left");
    /* After 100 s: 710.4 s = 11.84 min, "12 min"; after 1,000 s: 7,104 s = 1.97 h, "2.0 h". */
    progress_format(line, sizeof line, &p, 1234, 100);
    CHECK_STR(line, "sweep: 1,234 of 10,000 points (12%), about 12 min left");
    progress_format(line, sizeof line, &p, 1234, 1000);
    CHECK_STR(line, "sweep: 1,234 of 10,000 points (12%), about 2.0 h left");
    /* Nothing done yet: no pace, no time left; all done: none left. */
    progress_format(line, sizeof line, &p, 0, 10);
    CHECK_STR(line, "sweep: 0 of 10,000 points (0%)");
    progress_format(line, sizeof line, &p, 10000, 10);
    CHECK_STR(line, "sweep: 10,000 of 10,000 points (100%)");
    progress_finish(&p);
}

/* What the stream got, after the run. */
static char *run(double delay_s, size_t steps, size_t total)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct progress p;
    progress_init(&p, out, "sweep", "points", total);
    p.delay_s = delay_s;
    p.interval_s = 0;
    for (size_t i = 0; i < steps; i++)
        progress_add(&p, 1);
    progress_finish(&p);
    progress_finish(&p); /* a second time does nothing */
    fclose(out);
    return buf;
}

static void test_lines(void)
{
    /* Before the delay (an hour), nothing at all. */
    char *s = run(3600, 5, 5);
    CHECK_STR(s, "");
    free(s);
    /*
     * No delay, no interval: each step redraws.  The lines are "sweep: 1 of
     * 2 points (50%), about 1 s left" (or so), then "sweep: 2 of 2 points
     * (100%)" padded with blanks to the first one's width, then blanks over
     * it and a carriage return.
     */
    s = run(0, 2, 2);
    CHECK(strncmp(s, "\rsweep: 1 of 2 points (50%)", 27) == 0);
    const char *second = strchr(s + 1, '\r');
    CHECK(second && strncmp(second, "\rsweep: 2 of 2 points (100%)", 28) == 0);
    size_t first_len = second ? (size_t)(second - s) - 1 : 0;
    const char *third = second ? strchr(second + 1, '\r') : NULL;
    CHECK(third && (size_t)(third - second) - 1 == first_len); /* padded to the same width */
    CHECK(third && strspn(third + 1, " ") == first_len && third[1 + first_len] == '\r' &&
          third[2 + first_len] == '\0');
    free(s);
}

static void test_disabled(void)
{
    struct progress p;
    progress_init(&p, NULL, "sweep", "points", 3);
    p.delay_s = 0;
    progress_add(&p, 3);
    CHECK(p.done == 0); /* no stream: not even counted */
    progress_finish(&p);
    /* Never a terminal here: the runner's standard error is a file. */
    CHECK(progress_stream(1) == NULL);
}

struct worker {
    struct progress *p;
    size_t n;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    for (size_t i = 0; i < w->n; i++)
        progress_add(w->p, 1);
    return NULL;
}

static void test_threads(void)
{
    FILE *out = tmpfile();
    struct progress p;
    progress_init(&p, out, "samples", "samples", 40000);
    p.delay_s = 3600; /* count only */
    pthread_t t[4];
    struct worker w = {&p, 10000};
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, work, &w);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    CHECK(p.done == 40000); /* 4 threads × 10,000 */
    progress_finish(&p);
    fclose(out);
}

int main(void)
{
    test_format();
    test_lines();
    test_disabled();
    test_threads();
    TEST_END("progress");
}
