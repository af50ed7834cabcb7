/*
 * A driver for a harness without libFuzzer: runs LLVMFuzzerTestOneInput
 * once on each file named, so that `make check` builds every harness with
 * the compiler of the build and replays the repository's seeds through it
 * (tests/scripts/fuzz-replay.sh).  Exits 1 if a file cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "util.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *text;
        size_t len;
        if (read_whole_file(argv[i], &text, &len) != 0) {
            fprintf(stderr, "replay: cannot read '%s'\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)text, len);
        free(text);
    }
    return 0;
}
