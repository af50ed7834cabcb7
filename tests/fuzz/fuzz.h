/*
 * What the libFuzzer harnesses share (tests/fuzz/fuzz_*.c): a sink for the
 * output they render, the input as a NUL-terminated string (the readers'
 * buffers are), the input in a file for readers that take a path, and the
 * rendering of an error, so that the escaping and cutting of messages is
 * exercised too.  A harness must never leak: LeakSanitizer reports it.
 */
#ifndef RAFTCOST_FUZZ_H
#define RAFTCOST_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* /dev/null, opened once. */
FILE *fuzz_sink(void);
/* data as a new NUL-terminated string. */
char *fuzz_text(const uint8_t *data, size_t size);
/* Writes data to this process's one scratch file (suffix: ".yaml", ".csv") and returns its path. */
const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix);
/* Renders d (if it holds an error) to the sink and releases it. */
void fuzz_diag(struct diag *d);

#endif
