/*
 * bench_unc: the Monte Carlo run of a scenario as the report does it
 * (unc_run: the inputs, the plan, one clone a thread, the lean model on
 * each sample, the summaries, probabilities and histograms), timed apart
 * from loading the file and writing the report.  Prints the best of three
 * runs.  tests/bench/unc_reference.py is the talk's scenario with the same
 * ranges, model and statistics in numpy.
 *
 * usage: bench_unc [-n N] [-j THREADS] SCENARIO.yaml   (defaults: 100000 samples, 2 threads)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model.h"
#include "unc.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    long n = 100000, threads = 2;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "-j") == 0) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[i + 1], &end, 10);
            if (*end || v <= 0)
                path = NULL, i = argc;
            else
                *(argv[i][1] == 'n' ? &n : &threads) = v;
            i++;
        } else if (!path) {
            path = argv[i];
        } else {
            path = NULL;
            break;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: bench_unc [-n N] [-j THREADS] SCENARIO.yaml\n");
        return 2;
    }
    struct scenario s;
    struct diag d = DIAG_INIT;
    if (scenario_load(&s, path, &d) != 0) {
        diag_render(&d, stderr);
        return 1;
    }
    struct unc_options o = UNC_OPTIONS_INIT;
    o.samples = (size_t)n;
    o.threads = (size_t)threads;
    double best = 1e30;
    struct unc_result u;
    for (int round = 0; round < 3; round++) {
        double t0 = now_s();
        if (unc_run(&s, &o, &u, &d) != 0) {
            diag_render(&d, stderr);
            return 1;
        }
        double ms = (now_s() - t0) * 1e3;
        if (ms < best)
            best = ms;
        if (round < 2)
            unc_result_release(&u);
    }
    int f = unc_figure_find(&u, "totals.one_off");
    const struct stats_summary *sm = &u.figures[f].summary;
    printf("raftcost: %ld LHS samples of %s (%zu inputs, %zu figures) on %ld threads\n", n, path,
           u.ninputs, u.nfigures, threads);
    printf("  sampling + model + statistics: %.1f ms (%.2f us a sample)\n", best,
           best * 1e3 / (double)n);
    printf("  total:            %.1f ms\n", best);
    printf("  one-off total: mean %.2f, P5 %.2f, P50 %.2f, P95 %.2f", sm->mean, sm->p5, sm->p50,
           sm->p95);
    for (size_t i = 0; i < u.nprobabilities; i++)
        printf("; P(%s) %.3f", u.probabilities[i].key, u.probabilities[i].share);
    printf("\n");
    unc_result_release(&u);
    scenario_release(&s);
    return 0;
}
