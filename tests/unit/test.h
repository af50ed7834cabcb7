/*
 * A minimal unit-test harness: CHECK and CHECK_NEAR count failures and print
 * where; each test program ends with TEST_END, which prints
 * "unit NAME: N passed, N failed" for the runner to add up.
 */
#ifndef RAFTCOST_TEST_H
#define RAFTCOST_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            test_passed++;                                                                         \
        } else {                                                                                   \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* Relative tolerance, with an absolute floor for values near zero. */
#define CHECK_NEAR(got, want, rel)                                                                 \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        double tol_ = (rel) * (fabs(w_) > 1e-12 ? fabs(w_) : 1.0);                                 \
        if (fabs(g_ - w_) <= tol_) {                                                               \
            test_passed++;                                                                         \
        } else {                                                                                   \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: %s = %.17g, want %.17g\n", __FILE__, __LINE__, #got, g_, w_);  \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ && w_ && strcmp(g_, w_) == 0) {                                                     \
            test_passed++;                                                                         \
        } else {                                                                                   \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,         \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

#define TEST_END(name)                                                                             \
    do {                                                                                           \
        printf("unit %s: %d passed, %d failed\n", name, test_passed, test_failed);                 \
        return test_failed ? 1 : 0;                                                                \
    } while (0)

#endif
