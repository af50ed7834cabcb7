/*
 * What the unit tests that load a scenario written in the test share:
 * scenario_load of the text through a file of its own in $TMPDIR (or /tmp),
 * so that it is read exactly as a scenario file is.  A scenario that does
 * not load prints its error; the caller decides whether that is a failure.
 * Static inline, so that a test compiles without an unused-function warning.
 */
#ifndef RAFTCOST_SCENARIO_TEST_H
#define RAFTCOST_SCENARIO_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"

/* 0, or -1 after printing why the text did not load (or could not be written). */
static inline int scenario_test_load(const char *yaml, struct scenario *s)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/raftcost-test.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return -1;
    }
    size_t len = strlen(yaml);
    int ok = write(fd, yaml, len) == (ssize_t)len;
    close(fd);
    struct diag d = DIAG_INIT;
    int rc = ok ? scenario_load(s, path, &d) : -1;
    if (rc) {
        fprintf(stderr, "cannot load a test scenario:\n");
        diag_render(&d, stderr);
    }
    diag_release(&d);
    unlink(path);
    return rc;
}

#endif
