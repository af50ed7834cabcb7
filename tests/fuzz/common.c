/*
 * common: see fuzz.h.  Linked into every harness.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "util.h"

FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    return sink;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = xmalloc(size + 1);
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    static char path[256];
    if (!path[0]) {
        /* Memory, where there is a file system in it: a file is written every run. */
        const char *dir = getenv("TMPDIR");
        if (access("/dev/shm", W_OK) == 0)
            dir = "/dev/shm";
        snprintf(path, sizeof path, "%s/raftcost-fuzz-%ld%s", dir && *dir ? dir : "/tmp",
                 (long)getpid(), suffix);
    }
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    return path;
}

void fuzz_diag(struct diag *d)
{
    diag_render(d, fuzz_sink());
    diag_release(d);
}
