/*
 * bench_fit: how long one curve fit takes.  Reads the benchmark CSV files
 * (by default the ones shipped in scenarios/curves/), then for each model
 * times N fits, cycling through the files, and prints
 * "fit MODEL: X us per fit".  Reading the files is not timed.
 *
 * usage: bench_fit [-n N] [FILE.csv...]     (run from the repository root)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "curve.h"
#include "diag.h"

static const char *const default_files[] = {
    "scenarios/curves/nim-llama-3.3-70b-2xh100-fp8.csv",
    "scenarios/curves/nim-llama-3.1-8b.csv",
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    long rounds = 2000;
    int first_file = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        char *end;
        rounds = strtol(argv[2], &end, 10);
        if (*end || rounds <= 0) {
            fprintf(stderr, "bench_fit: -n needs a positive whole number, got '%s'\n", argv[2]);
            return 2;
        }
        first_file = 3;
    }
    size_t nfiles = argc > first_file ? (size_t)(argc - first_file)
                                      : sizeof default_files / sizeof default_files[0];
    struct curve_points *points = calloc(nfiles, sizeof *points);
    int status = 0;
    size_t loaded = 0;
    if (!points) {
        fputs("bench_fit: out of memory\n", stderr);
        return 1;
    }
    for (; loaded < nfiles; loaded++) {
        const char *path =
            argc > first_file ? argv[first_file + (int)loaded] : default_files[loaded];
        struct diag d = DIAG_INIT;
        if (bench_read(&path, 1, &points[loaded], &d) != 0) {
            diag_render(&d, stderr);
            diag_release(&d);
            status = 2;
            goto out;
        }
    }
    for (int m = 0; m < CURVE_MODEL_COUNT; m++) {
        double checksum = 0, start = now_s();
        for (long r = 0; r < rounds; r++) {
            struct curve_fit fit;
            struct diag d = DIAG_INIT;
            if (curve_fit(&points[(size_t)r % nfiles], (enum curve_model)m, &fit, &d) != 0) {
                diag_render(&d, stderr);
                diag_release(&d);
                status = 1;
                goto out;
            }
            checksum += fit.max_tok_s;
            curve_fit_release(&fit);
        }
        double elapsed = now_s() - start;
        /* The checksum keeps the fits from being optimised away. */
        if (checksum < 0)
            puts("impossible");
        printf("fit %s: %.1f us per fit\n", curve_model_name((enum curve_model)m),
               elapsed / (double)rounds * 1e6);
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        status = 1;
out:
    for (size_t i = 0; i < loaded; i++)
        curve_points_release(&points[i]);
    free(points);
    return status;
}
