/*
 * sim_replicate: a pool of threads takes replication indices from a shared
 * counter under a mutex; each writes only its own result slot.
 */
#include "sim_replicate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "progress.h"
#include "util.h"

struct pool {
    const struct sim_config *config; /* hooks cleared */
    struct sim_result *results;
    struct diag *diags;
    int *status;
    struct progress *progress; /* NULL: none */
    size_t n, next;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n)
            return NULL;
        struct sim_config c = *p->config;
        c.replication = i;
        p->status[i] = sim_run(&c, &p->results[i], &p->diags[i]);
        if (p->progress)
            progress_add(p->progress, 1);
    }
}

static void spread(const double *values, size_t n, struct sim_spread *out)
{
    double *sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, values, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);
    out->mean = gsl_stats_mean(values, 1, n);
    out->p10 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.10);
    out->p50 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.50);
    out->p90 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.90);
    free(sorted);
}

int sim_replicate(const struct sim_config *config, size_t n, unsigned threads,
                  struct progress *progress, struct sim_replicates *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    if (n == 0) {
        diag_plain(d, "simulation: the number of replications must be at least 1");
        return -1;
    }
    if (sim_validate(config, d) != 0)
        return -1;
    struct sim_config quiet = *config;
    memset(&quiet.hooks, 0, sizeof quiet.hooks);
    struct pool p = {&quiet,
                     xcalloc(n, sizeof *p.results),
                     xcalloc(n, sizeof *p.diags),
                     xcalloc(n, sizeof *p.status),
                     progress,
                     n,
                     0,
                     PTHREAD_MUTEX_INITIALIZER};
    if (threads == 0)
        threads = 1;
    if (threads > n)
        threads = (unsigned)n;
    pthread_t *ids = xcalloc(threads, sizeof *ids);
    unsigned started = 0;
    int status = 0;
    for (; started + 1 < threads; started++)
        if (pthread_create(&ids[started], NULL, worker, &p) != 0) {
            diag_plain(d, "simulation: could not start a thread");
            status = -1;
            break;
        }
    worker(&p); /* the calling thread works too: nothing idles */
    for (unsigned t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
    free(ids);
    for (size_t i = 0; i < n && status == 0; i++)
        if (p.status[i] != 0) {
            diag_plain(d, "%s", p.diags[i].message ? p.diags[i].message : "simulation failed");
            status = -1;
        }
    for (size_t i = 0; i < n; i++)
        diag_release(&p.diags[i]);
    free(p.diags);
    free(p.status);
    pthread_mutex_destroy(&p.lock);
    out->n = n;
    out->results = p.results;
    if (status != 0) {
        sim_replicates_release(out);
        return -1;
    }
    double *v = xmalloc(n * sizeof *v);
    struct {
        struct sim_spread *to;
        int which;
    } fields[] = {
        {&out->wall_s, 0}, {&out->cost, 1}, {&out->lost_examples, 2}, {&out->rejected, 3}};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        for (size_t i = 0; i < n; i++) {
            const struct sim_result *r = &out->results[i];
            v[i] = fields[f].which == 0   ? r->wall_s
                   : fields[f].which == 1 ? r->cost
                   : fields[f].which == 2 ? (double)r->lost_examples
                                          : (double)r->rejected;
        }
        spread(v, n, fields[f].to);
    }
    free(v);
    return 0;
}

void sim_replicates_release(struct sim_replicates *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->results && i < r->n; i++)
        sim_result_release(&r->results[i]);
    free(r->results);
    memset(r, 0, sizeof *r);
}
