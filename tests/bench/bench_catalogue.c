/*
 * bench_catalogue: how long loading LiteLLM's whole catalogue and resolving
 * one model take (the promise: well under 50 ms together), and loading the
 * SkyPilot snapshot with a region.  Prints medians of N rounds and exits 1
 * when the median load plus resolve reaches 50 ms.
 *
 * usage: bench_catalogue [-n N] [LITELLM.json [VMS.csv]]   (from the repository root)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "price_calc.h"
#include "pricing.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static double median(double *v, size_t n)
{
    gsl_sort(v, 1, n);
    return gsl_stats_median_from_sorted_data(v, 1, n);
}

int main(int argc, char **argv)
{
    long rounds = 20;
    int arg = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        char *end;
        rounds = strtol(argv[2], &end, 10);
        if (*end || rounds <= 0) {
            fprintf(stderr, "bench_catalogue: -n needs a positive whole number, got '%s'\n",
                    argv[2]);
            return 2;
        }
        arg = 3;
    }
    const char *json = argc > arg ? argv[arg] : "pricing/litellm-model-prices.json";
    const char *csv = argc > arg + 1 ? argv[arg + 1] : "pricing/gpu-vms.csv";
    double *load = calloc((size_t)rounds, sizeof *load);
    double *resolve = calloc((size_t)rounds, sizeof *resolve);
    double *vms = calloc((size_t)rounds, sizeof *vms);
    size_t nmodels = 0, ninstances = 0;
    int status = 0;
    if (!load || !resolve || !vms) {
        fputs("bench_catalogue: out of memory\n", stderr);
        status = 1;
        goto out;
    }
    for (long i = 0; i < rounds; i++) {
        struct pricing p;
        struct diag d = DIAG_INIT;
        pricing_init(&p);
        double t0 = now_ms();
        int rc = pricing_load(&p, json, &d);
        double t1 = now_ms();
        const struct model_price *m = rc ? NULL : pricing_model(&p, "gpt-4o");
        struct price_request r = {.input_tokens = 1500, .output_tokens = 300};
        struct price_breakdown b;
        int priced = m && price_request_cost(m, &r, &b) == PRICE_OK;
        double t2 = now_ms();
        if (rc || !priced) {
            if (rc)
                diag_render(&d, stderr);
            else
                fprintf(stderr, "bench_catalogue: no price for gpt-4o in %s\n", json);
            diag_release(&d);
            pricing_release(&p);
            status = 2;
            goto out;
        }
        nmodels = p.items[0]->nmodels;
        load[i] = t1 - t0;
        resolve[i] = t2 - t1;
        pricing_release(&p);

        char region[] = "eastus";
        struct pricing_entry e;
        pricing_entry_init(&e);
        e.region = region; /* borrowed: e is not released */
        pricing_init(&p);
        t0 = now_ms();
        rc = pricing_load_entry(&p, csv, &e, &d);
        vms[i] = now_ms() - t0;
        if (rc) {
            diag_render(&d, stderr);
            diag_release(&d);
            pricing_release(&p);
            status = 2;
            goto out;
        }
        ninstances = p.items[0]->ninstances;
        pricing_release(&p);
    }
    double ml = median(load, (size_t)rounds), mr = median(resolve, (size_t)rounds);
    printf("LiteLLM catalogue, %zu models: load %.2f ms, resolve and price gpt-4o %.4f ms "
           "(medians of %ld, fastest load %.2f ms)\n",
           nmodels, ml, mr, rounds, load[0]);
    printf("SkyPilot VMs, %zu rows, region eastus: load %.2f ms\n", ninstances,
           median(vms, (size_t)rounds));
    if (ml + mr >= 50) {
        fprintf(stderr, "bench_catalogue: load and resolve take %.2f ms, not under 50 ms\n",
                ml + mr);
        status = 1;
    }
out:
    free(load);
    free(resolve);
    free(vms);
    return status;
}
