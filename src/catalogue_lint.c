/*
 * catalogue_lint: what looks wrong in a catalogue that loaded; see
 * prices_lint in prices.h.  Warnings only: a catalogue with warnings still
 * prices a scenario.  Field names in messages are the catalogue's own
 * (input_cost_per_token in LiteLLM's file, Price in SkyPilot's).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "prices.h"
#include "util.h"

/* Above this (per 1K tokens, so $1,000 per 1M) a token price is taken for a unit error. */
#define LINT_DEAREST_PER_1K 1.0

struct lint {
    struct lint_report *out;
    size_t cap;
    const struct catalogue *c;
};

static void warn(struct lint *l, int line, int col, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void warn(struct lint *l, int line, int col, const char *name, const char *fmt, ...)
{
    struct lint_report *r = l->out;
    if (r->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        r->items = xrealloc(r->items, l->cap * sizeof *r->items);
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    r->items[r->n++] = (struct lint_warning){l->c->file, line, col, name, msg};
}

/* Per 1M tokens, as people compare prices: "1.10". */
static char *per_1m(double per_1k)
{
    char buf[40];
    prices_money(buf, sizeof buf, per_1k * 1000);
    return xstrdup(buf);
}

struct names {
    const char *input, *output, *cached, *batch_input, *batch_output, *max_input, *max_output;
};

static const struct names litellm_names = {"input_cost_per_token",
                                           "output_cost_per_token",
                                           "cache_read_input_token_cost",
                                           "input_cost_per_token_batches",
                                           "output_cost_per_token_batches",
                                           "max_input_tokens",
                                           "max_output_tokens"};
static const struct names raftcost_names = {
    "input_per_1k",        "output_per_1k",    "cached_input_per_1k", "batch_input_per_1k",
    "batch_output_per_1k", "max_input_tokens", "max_output_tokens"};

static void lint_model(struct lint *l, const struct model_price *m)
{
    const struct names *n = l->c->format == CATALOGUE_LITELLM ? &litellm_names : &raftcost_names;
    int litellm = l->c->format == CATALOGUE_LITELLM;
    int generation = !m->mode || strcmp(m->mode, "chat") == 0 || strcmp(m->mode, "completion") == 0;
    int has_in = !(m->missing & PRICE_MISSING_INPUT),
        has_out = !(m->missing & PRICE_MISSING_OUTPUT);
    if (!generation)
        return;
    const char *kind = m->mode ? m->mode : "generation";
    if (litellm && !m->mode)
        warn(l, m->line, m->col, m->name, "no 'mode': raftcost takes it for a chat model");
    if (!has_in)
        warn(l, m->line, m->col, m->name, "no '%s': a %s model needs it", n->input, kind);
    if (!has_out)
        warn(l, m->line, m->col, m->name, "no '%s': a %s model needs it", n->output, kind);
    if (has_in && has_out && m->input_per_1k == 0 && m->output_per_1k == 0)
        warn(l, m->line, m->col, m->name, "input and output prices are 0: free, or not known?");
    else if (has_in && m->input_per_1k == 0)
        warn(l, m->line, m->col, m->name, "input price 0: free, or not known?");
    else if (has_out && m->output_per_1k == 0)
        warn(l, m->line, m->col, m->name, "output price 0: free, or not known?");
    if (has_in && has_out && m->output_per_1k > 0 && m->output_per_1k < m->input_per_1k) {
        char *in = per_1m(m->input_per_1k), *out = per_1m(m->output_per_1k);
        warn(l, m->line, m->col, m->name,
             "output price %s per 1M tokens is below the input price %s for a %s model: likely "
             "reversed",
             out, in, kind);
        free(in);
        free(out);
    }
    /* $1,000 per 1M tokens is far above any model's list price: a price per 1K or per 1M. */
    double top = fmax(has_in ? m->input_per_1k : 0, has_out ? m->output_per_1k : 0);
    if (top > LINT_DEAREST_PER_1K) {
        char *p = per_1m(top);
        warn(l, m->line, m->col, m->name,
             "a price of %s per 1M tokens: likely a price per 1K or per 1M written as per token",
             p);
        free(p);
    }
    if (has_in && m->has_cached && m->cached_input_per_1k > m->input_per_1k)
        warn(l, m->line, m->col, m->name, "'%s' is above '%s': a cache hit would cost more",
             n->cached, n->input);
    if (has_in && m->has_batch_input && m->batch_input_per_1k > m->input_per_1k)
        warn(l, m->line, m->col, m->name, "'%s' is above '%s'", n->batch_input, n->input);
    if (has_out && m->has_batch_output && m->batch_output_per_1k > m->output_per_1k)
        warn(l, m->line, m->col, m->name, "'%s' is above '%s'", n->batch_output, n->output);
    if (litellm && m->max_input_tokens == 0)
        warn(l, m->line, m->col, m->name, "no '%s': requests cannot be checked against the context",
             n->max_input);
    if (litellm && m->max_output_tokens == 0)
        warn(l, m->line, m->col, m->name, "no '%s': outputs cannot be checked against the limit",
             n->max_output);
    if (litellm && !m->provider)
        warn(l, m->line, m->col, m->name, "no 'litellm_provider'");
}

static void lint_instance(struct lint *l, const struct instance_price *i)
{
    int sky = l->c->format == CATALOGUE_SKYPILOT;
    const char *price = sky ? "Price" : "per_hour", *spot = sky ? "SpotPrice" : "spot_per_hour";
    const char *where = i->region ? i->region : "its catalogue";
    if (i->per_hour == 0)
        warn(l, i->line, i->col, i->name, "'%s' 0 in %s: likely not offered there, not free", price,
             where);
    if (i->has_spot && i->spot_per_hour == 0 && i->per_hour > 0)
        warn(l, i->line, i->col, i->name, "'%s' 0 in %s: likely no spot offer, not free", spot,
             where);
    else if (i->has_spot && i->spot_per_hour > i->per_hour)
        warn(l, i->line, i->col, i->name, "'%s' is above '%s' in %s", spot, price, where);
    else if (i->has_spot && i->spot_per_hour == i->per_hour && i->per_hour > 0)
        warn(l, i->line, i->col, i->name, "'%s' equals '%s' in %s: likely no spot discount listed",
             spot, price, where);
    if (i->gpu && i->gpus == 0)
        warn(l, i->line, i->col, i->name, "'%s' without a number of them", i->gpu);
}

struct ordered {
    struct lint_warning w;
    size_t index;
};

static int by_position(const void *a, const void *b)
{
    const struct ordered *x = a, *y = b;
    if (x->w.line != y->w.line)
        return x->w.line < y->w.line ? -1 : 1;
    if (x->w.col != y->w.col)
        return x->w.col < y->w.col ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

void prices_lint(const struct catalogue *c, struct lint_report *out)
{
    struct lint l = {out, 0, c};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < c->nmodels; i++)
        lint_model(&l, &c->models[i]);
    for (size_t i = 0; i < c->ninstances; i++)
        lint_instance(&l, &c->instances[i]);
    for (size_t i = 0; i < c->nnotes; i++)
        warn(&l, c->notes[i].line, c->notes[i].col, c->notes[i].name, "%s", c->notes[i].message);
    if (out->n < 2)
        return;
    /* In the order of the file; warnings at one place keep the order they were found in. */
    struct ordered *o = xmalloc(out->n * sizeof *o);
    for (size_t i = 0; i < out->n; i++)
        o[i] = (struct ordered){out->items[i], i};
    gsl_heapsort(o, out->n, sizeof *o, by_position);
    for (size_t i = 0; i < out->n; i++)
        out->items[i] = o[i].w;
    free(o);
}

void lint_report_release(struct lint_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].message);
    free(r->items);
    memset(r, 0, sizeof *r);
}
