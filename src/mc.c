/*
 * mc: see mc.h.  The pool is fork-join: a run starts its threads, the
 * calling thread works as thread 0, and all are joined before it returns.
 * Work is handed out through atomic counters, in chunks of samples, so a
 * slow sample does not hold the other threads up.  If a thread cannot be
 * started the others do its share: the tables come out the same.
 */
#include "mc.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Samples handed to a thread at a time: large enough that the counter is not contended. */
#define MC_CHUNK 64

size_t mc_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

/* Runs fn(args + t * arg_size) for t in 0..n_threads-1, thread 0 in the caller. */
static void pool_run(size_t n_threads, void *(*fn)(void *), void *args, size_t arg_size)
{
    pthread_t *threads = xcalloc(n_threads, sizeof *threads);
    int *started = xcalloc(n_threads, sizeof *started);
    for (size_t t = 1; t < n_threads; t++)
        started[t] = pthread_create(&threads[t], NULL, fn, (char *)args + t * arg_size) == 0;
    fn(args);
    for (size_t t = 1; t < n_threads; t++)
        if (started[t])
            pthread_join(threads[t], NULL);
    free(started);
    free(threads);
}

struct run {
    struct sample_plan *plan;
    struct mc_result *result;
    mc_eval_fn eval;
    atomic_size_t next_input;  /* the next permutation to draw */
    atomic_size_t next_sample; /* the first sample of the next chunk */
    atomic_size_t stop_at;     /* the lowest failing sample so far; n_samples: none */
};

struct worker {
    struct run *run;
    void *ctx;
    size_t failed; /* the lowest sample that failed here; SIZE_MAX: none */
    struct diag err;
};

/* Lowers run->stop_at to sample unless it is lower already. */
static void stop_at(struct run *run, size_t sample)
{
    size_t seen = atomic_load(&run->stop_at);
    while (sample < seen && !atomic_compare_exchange_weak(&run->stop_at, &seen, sample))
        ;
}

static void *shuffle_worker(void *arg)
{
    struct worker *w = arg;
    struct sample_plan *plan = w->run->plan;
    gsl_rng *rng = sample_rng_alloc();
    for (;;) {
        size_t k = atomic_fetch_add(&w->run->next_input, 1);
        if (k >= plan->n_inputs)
            break;
        sample_plan_shuffle(plan, k, rng);
    }
    gsl_rng_free(rng);
    return NULL;
}

static void *sample_worker(void *arg)
{
    struct worker *w = arg;
    struct run *run = w->run;
    struct mc_result *res = run->result;
    size_t n = res->n_samples;
    /* Allocated here, by the thread that uses it, so that two threads'
       generator states do not share a cache line. */
    gsl_rng *rng = sample_rng_alloc();
    for (;;) {
        size_t start = atomic_fetch_add(&run->next_sample, MC_CHUNK);
        if (start >= atomic_load(&run->stop_at))
            break;
        size_t end = n - start < MC_CHUNK ? n : start + MC_CHUNK;
        for (size_t i = start; i < end; i++) {
            /* Samples past a failure are not needed; samples before it are. */
            if (i >= atomic_load_explicit(&run->stop_at, memory_order_relaxed))
                break;
            double *inputs = res->inputs + i * res->n_inputs;
            sample_draw(run->plan, i, rng, inputs);
            struct diag err = DIAG_INIT;
            if (run->eval(w->ctx, i, inputs, res->outputs + i * res->n_outputs, &err) == 0) {
                diag_release(&err);
                continue;
            }
            if (!diag_failed(&err))
                diag_plain(&err, "sample %zu failed", i);
            if (i < w->failed) {
                diag_release(&w->err);
                w->err = err;
                w->failed = i;
            } else {
                diag_release(&err);
            }
            stop_at(run, i);
            break;
        }
    }
    gsl_rng_free(rng);
    return NULL;
}

int mc_run(struct sample_plan *plan, size_t n_outputs, size_t n_threads, void *const *thread_ctx,
           mc_eval_fn eval, struct mc_result *result, struct diag *err, size_t *failed_sample)
{
    size_t n = plan->n_samples, k = plan->n_inputs;
    size_t chunks = (n + MC_CHUNK - 1) / MC_CHUNK;
    size_t used = n_threads < 1 ? 1 : n_threads;
    if (used > chunks)
        used = chunks;
    struct run run = {.plan = plan, .result = result, .eval = eval};
    atomic_init(&run.next_input, 0);
    atomic_init(&run.next_sample, 0);
    atomic_init(&run.stop_at, n);
    result->n_samples = n;
    result->n_inputs = k;
    result->n_outputs = n_outputs;
    result->inputs = xmalloc(n * k * sizeof *result->inputs);
    result->outputs = xmalloc(n * n_outputs * sizeof *result->outputs);

    struct worker *workers = xcalloc(used, sizeof *workers);
    for (size_t t = 0; t < used; t++) {
        workers[t].run = &run;
        workers[t].ctx = thread_ctx[t];
        workers[t].failed = SIZE_MAX;
        workers[t].err = (struct diag)DIAG_INIT;
    }
    pool_run(used < k ? used : (k ? k : 1), shuffle_worker, workers, sizeof *workers);
    pool_run(used, sample_worker, workers, sizeof *workers);

    size_t first = SIZE_MAX, who = 0;
    for (size_t t = 0; t < used; t++) {
        if (workers[t].failed < first) {
            first = workers[t].failed;
            who = t;
        }
    }
    int rc = 0;
    if (first != SIZE_MAX) {
        *err = workers[who].err;
        workers[who].err = (struct diag)DIAG_INIT;
        if (failed_sample)
            *failed_sample = first;
        mc_result_release(result);
        rc = -1;
    }
    for (size_t t = 0; t < used; t++) {
        diag_release(&workers[t].err);
    }
    free(workers);
    return rc;
}

void mc_result_release(struct mc_result *result)
{
    if (!result)
        return;
    free(result->inputs);
    free(result->outputs);
    *result = (struct mc_result)MC_RESULT_INIT;
}

/* Work shared out one output (or one input) at a time. */
struct column_job {
    const struct mc_result *result;
    atomic_size_t next;
    size_t output;                   /* mc_rank_correlations: the output */
    struct stats_summary *summaries; /* mc_summarise */
    double *rho;                     /* mc_rank_correlations */
};

struct column_worker {
    struct column_job *job;
    double *work;
};

static void *summary_worker(void *arg)
{
    struct column_worker *w = arg;
    const struct mc_result *res = w->job->result;
    for (;;) {
        size_t m = atomic_fetch_add(&w->job->next, 1);
        if (m >= res->n_outputs)
            break;
        stats_summarise(res->outputs + m, res->n_outputs, res->n_samples, w->work,
                        &w->job->summaries[m]);
    }
    return NULL;
}

static void *spearman_worker(void *arg)
{
    struct column_worker *w = arg;
    const struct mc_result *res = w->job->result;
    size_t pairs;
    for (;;) {
        size_t k = atomic_fetch_add(&w->job->next, 1);
        if (k >= res->n_inputs)
            break;
        w->job->rho[k] =
            stats_spearman(res->inputs + k, res->n_inputs, res->outputs + w->job->output,
                           res->n_outputs, res->n_samples, w->work, &pairs);
    }
    return NULL;
}

static void columns_run(struct column_job *job, size_t columns, size_t n_threads,
                        size_t work_per_sample, void *(*fn)(void *))
{
    size_t used = n_threads < 1 ? 1 : n_threads;
    if (used > columns)
        used = columns ? columns : 1;
    atomic_init(&job->next, 0);
    struct column_worker *workers = xcalloc(used, sizeof *workers);
    for (size_t t = 0; t < used; t++) {
        workers[t].job = job;
        workers[t].work = xmalloc(work_per_sample * job->result->n_samples * sizeof(double));
    }
    pool_run(used, fn, workers, sizeof *workers);
    for (size_t t = 0; t < used; t++)
        free(workers[t].work);
    free(workers);
}

void mc_summarise(const struct mc_result *result, size_t n_threads, struct stats_summary *summaries)
{
    struct column_job job = {.result = result, .summaries = summaries};
    columns_run(&job, result->n_outputs, n_threads, 1, summary_worker);
}

double mc_share_at_most(const struct mc_result *result, size_t output, double limit)
{
    return stats_share_at_most(result->outputs + output, result->n_outputs, result->n_samples,
                               limit);
}

void mc_rank_correlations(const struct mc_result *result, size_t output, size_t n_threads,
                          double *rho)
{
    struct column_job job = {.result = result, .output = output, .rho = rho};
    columns_run(&job, result->n_inputs, n_threads, 4, spearman_worker);
}

int mc_tornado_run(const struct sample_input *inputs, size_t n_inputs, const double *base,
                   size_t n_outputs, void *ctx, mc_eval_fn eval, struct mc_tornado *t,
                   struct diag *err)
{
    *t = (struct mc_tornado)MC_TORNADO_INIT;
    t->n_inputs = n_inputs;
    t->n_outputs = n_outputs;
    /* xmalloc gives a valid pointer for size 0 too. */
    t->base_out = xmalloc(n_outputs * sizeof *t->base_out);
    t->low_in = xmalloc(n_inputs * sizeof *t->low_in);
    t->high_in = xmalloc(n_inputs * sizeof *t->high_in);
    t->low_out = xmalloc(n_inputs * n_outputs * sizeof *t->low_out);
    t->high_out = xmalloc(n_inputs * n_outputs * sizeof *t->high_out);
    double *point = xmalloc(n_inputs * sizeof *point);
    int rc = -1;
    if (n_inputs)
        memcpy(point, base, n_inputs * sizeof *point);
    if (eval(ctx, 0, point, t->base_out, err) != 0)
        goto out;
    for (size_t k = 0; k < n_inputs; k++) {
        t->low_in[k] = sample_input_value(&inputs[k], 0.10);
        t->high_in[k] = sample_input_value(&inputs[k], 0.90);
        point[k] = t->low_in[k];
        if (eval(ctx, 0, point, t->low_out + k * n_outputs, err) != 0)
            goto out;
        point[k] = t->high_in[k];
        if (eval(ctx, 0, point, t->high_out + k * n_outputs, err) != 0)
            goto out;
        point[k] = base[k];
    }
    rc = 0;
out:
    free(point);
    if (rc != 0) {
        if (!diag_failed(err))
            diag_plain(err, "the tornado's evaluation failed");
        mc_tornado_release(t);
    }
    return rc;
}

double mc_tornado_swing(const struct mc_tornado *t, size_t input, size_t output)
{
    double low = t->low_out[input * t->n_outputs + output];
    double high = t->high_out[input * t->n_outputs + output];
    return isfinite(low) && isfinite(high) ? fabs(high - low) : NAN;
}

struct ranked {
    double swing;
    size_t input;
};

static int by_swing(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    int a_nan = isnan(a->swing), b_nan = isnan(b->swing);
    if (a_nan != b_nan)
        return a_nan - b_nan;
    if (!a_nan && a->swing != b->swing)
        return a->swing > b->swing ? -1 : 1;
    return a->input < b->input ? -1 : a->input > b->input;
}

void mc_tornado_order(const struct mc_tornado *t, size_t output, size_t *order)
{
    struct ranked *rows = xmalloc(t->n_inputs * sizeof *rows);
    for (size_t k = 0; k < t->n_inputs; k++) {
        rows[k].swing = mc_tornado_swing(t, k, output);
        rows[k].input = k;
    }
    qsort(rows, t->n_inputs, sizeof *rows, by_swing);
    for (size_t k = 0; k < t->n_inputs; k++)
        order[k] = rows[k].input;
    free(rows);
}

void mc_tornado_release(struct mc_tornado *t)
{
    if (!t)
        return;
    free(t->base_out);
    free(t->low_in);
    free(t->high_in);
    free(t->low_out);
    free(t->high_out);
    *t = (struct mc_tornado)MC_TORNADO_INIT;
}
