/*
 * sample: see sample.h.  Seeds: GSL's generators take an unsigned long seed,
 * and taus2 uses its low 32 bits.  The seed and the purpose are mixed into a
 * 32-bit key once (SplitMix64's finaliser); a stream's seed is the key plus
 * the index, passed through MurmurHash3's 32-bit finaliser.  That finaliser
 * is a bijection on 32-bit words, so within one purpose distinct indices get
 * distinct seeds, and neighbouring indices get unrelated ones.
 *
 * The PERT table: the Beta(a, b) quantile x(u) behaves as u^(1/a) near 0
 * and as 1 - (1 - u)^(1/b) near 1, which no spline in u follows.  In
 * s = u^(1/a) / (u^(1/a) + (1 - u)^(1/b)) it is smooth and nearly linear
 * at both ends, so the table holds x_j = j / 2048 against s(F(x_j)) and a
 * draw is one pow pair and one spline evaluation (about 35 ns).
 */
#include "sample.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *sample_method_name(enum sample_method method)
{
    return method == SAMPLE_LHS ? "lhs" : "mc";
}

int sample_method_from_name(const char *name)
{
    if (strcmp(name, "lhs") == 0)
        return SAMPLE_LHS;
    if (strcmp(name, "mc") == 0)
        return SAMPLE_PLAIN;
    return -1;
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint32_t mix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

unsigned long sample_stream_seed(unsigned long seed, enum sample_stream stream, size_t index)
{
    uint64_t key = mix64((uint64_t)seed * 4 + (uint64_t)stream + 0x9e3779b97f4a7c15u);
    return mix32((uint32_t)key + (uint32_t)index);
}

gsl_rng *sample_rng_alloc(void)
{
    return gsl_rng_alloc(gsl_rng_taus2);
}

#define TABLE_CELLS 2048

struct sample_table {
    double alpha, beta;
    size_t n;
    double s[TABLE_CELLS + 1], x[TABLE_CELLS + 1];
    gsl_interp *spline;
};

/* s from u and 1 - u (each exact; 1 - u is passed so that it need not be recomputed). */
static double table_s(const struct sample_table *t, double u, double q)
{
    double p = pow(u, 1 / t->alpha), r = pow(q, 1 / t->beta);
    return p / (p + r);
}

static struct sample_table *table_new(const struct dist *d)
{
    struct sample_table *t = xcalloc(1, sizeof *t);
    t->alpha = d->alpha;
    t->beta = d->beta;
    for (size_t j = 0; j <= TABLE_CELLS; j++) {
        double x = (double)j / TABLE_CELLS;
        double s =
            table_s(t, gsl_cdf_beta_P(x, t->alpha, t->beta), gsl_cdf_beta_Q(x, t->alpha, t->beta));
        /* A spline needs strictly increasing nodes. */
        if (t->n > 0 && !(s > t->s[t->n - 1]))
            continue;
        t->s[t->n] = s;
        t->x[t->n] = x;
        t->n++;
    }
    t->spline = gsl_interp_alloc(gsl_interp_akima, t->n);
    gsl_interp_init(t->spline, t->s, t->x, t->n);
    return t;
}

static void table_free(struct sample_table *t)
{
    if (!t)
        return;
    gsl_interp_free(t->spline);
    free(t);
}

/* The Beta quantile at u from the table (read-only: safe from any thread). */
static double table_quantile(const struct sample_table *t, double u)
{
    double s = table_s(t, u, 1 - u), x;
    if (s < t->s[0])
        s = t->s[0];
    if (s > t->s[t->n - 1])
        s = t->s[t->n - 1];
    if (gsl_interp_eval_e(t->spline, t->s, t->x, s, NULL, &x) != GSL_SUCCESS)
        x = gsl_cdf_beta_Pinv(u, t->alpha, t->beta);
    return x;
}

static double round_count(const struct sample_input *input, double x)
{
    if (input->whole) {
        x = floor(x + 0.5);
        if (x < input->whole_min)
            x = input->whole_min;
    }
    return x;
}

double sample_input_value(const struct sample_input *input, double u)
{
    return round_count(input, dist_quantile(&input->dist, u));
}

double sample_plan_value(const struct sample_plan *plan, size_t k, double u)
{
    const struct sample_input *input = &plan->inputs[k];
    if (plan->tables && plan->tables[k]) {
        const struct dist *d = &input->dist;
        return round_count(input, d->low + (d->high - d->low) * table_quantile(plan->tables[k], u));
    }
    return sample_input_value(input, u);
}

int sample_plan_init(struct sample_plan *plan, enum sample_method method, unsigned long seed,
                     size_t n_samples, const struct sample_input *inputs, size_t n_inputs,
                     struct diag *d)
{
    memset(plan, 0, sizeof *plan);
    if (n_samples < 1 || n_samples > SAMPLE_MAX_SAMPLES) {
        diag_plain(d, "the number of samples must be from 1 to %u, got %zu", SAMPLE_MAX_SAMPLES,
                   n_samples);
        return -1;
    }
    plan->method = method;
    plan->seed = seed;
    plan->n_samples = n_samples;
    plan->n_inputs = n_inputs;
    plan->inputs = inputs;
    if (method == SAMPLE_LHS && n_inputs > 0)
        plan->strata = xmalloc(n_inputs * n_samples * sizeof *plan->strata);
    plan->tables = xcalloc(n_inputs, sizeof *plan->tables);
    for (size_t k = 0; k < n_inputs; k++)
        if (inputs[k].dist.kind == DIST_PERT && !dist_is_constant(&inputs[k].dist))
            plan->tables[k] = table_new(&inputs[k].dist);
    return 0;
}

void sample_plan_shuffle(struct sample_plan *plan, size_t input, gsl_rng *rng)
{
    if (plan->method != SAMPLE_LHS)
        return;
    unsigned *column = plan->strata + input * plan->n_samples;
    for (size_t i = 0; i < plan->n_samples; i++)
        column[i] = (unsigned)i;
    gsl_rng_set(rng, sample_stream_seed(plan->seed, SAMPLE_STREAM_STRATA, input));
    gsl_ran_shuffle(rng, column, plan->n_samples, sizeof *column);
}

void sample_plan_shuffle_all(struct sample_plan *plan)
{
    gsl_rng *rng = sample_rng_alloc();
    for (size_t k = 0; k < plan->n_inputs; k++)
        sample_plan_shuffle(plan, k, rng);
    gsl_rng_free(rng);
}

void sample_plan_release(struct sample_plan *plan)
{
    if (!plan)
        return;
    free(plan->strata);
    plan->strata = NULL;
    if (plan->tables)
        for (size_t k = 0; k < plan->n_inputs; k++)
            table_free(plan->tables[k]);
    free(plan->tables);
    plan->tables = NULL;
}

void sample_draw(const struct sample_plan *plan, size_t sample, gsl_rng *rng, double *values)
{
    double n = (double)plan->n_samples;
    gsl_rng_set(rng, sample_stream_seed(plan->seed, SAMPLE_STREAM_JITTER, sample));
    for (size_t k = 0; k < plan->n_inputs; k++) {
        double u = gsl_rng_uniform_pos(rng);
        if (plan->method == SAMPLE_LHS) {
            u = (plan->strata[k * plan->n_samples + sample] + u) / n;
            /* (N - 1 + U) / N may round up to 1 for a large N. */
            if (u >= 1)
                u = 1 - DBL_EPSILON / 2;
        }
        values[k] = sample_plan_value(plan, k, u);
    }
}
