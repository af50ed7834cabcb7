/*
 * model_staircase: the comparison when hosting is sized (model_capacity.h).
 * A sized option's monthly cost against a steady traffic R is a staircase
 * plus its token costs: constant hosting between the traffics where an
 * hour's replicas step up.  Between two consecutive steps (of either
 * option) both costs are straight lines, so the breakeven, the claim's
 * traffic and the best ratio are found interval by interval, exactly, over
 * the steps up to a traffic beyond which bounds on both costs settle the
 * answer (docs/capacity.md, "The comparison over a staircase").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_capacity.h"
#include "units.h"
#include "util.h"

/* The most steps followed; past them the answer is that of the last traffic reached. */
#define STEP_LIMIT 50000
/* The most steps drawn as corners in the traffic series. */
#define CORNER_LIMIT 4000

/*
 * Bounds on an option's monthly cost: a_lo R + b_lo <= cost(R) <= a_hi R + b_hi,
 * and a_full, the cost a request as traffic grows without bound (whole
 * replicas fully used at the hours that size them).  serve_max: the most
 * traffic its `max` replicas carry (INFINITY without one).
 */
struct bounds {
    double a_lo, a_hi, a_full, b_lo, b_hi, serve_max;
};

static void bounds_of(const struct scenario *s, const struct inference_result *inf, size_t k,
                      struct bounds *out)
{
    const struct option_result *o = &inf->options[k];
    const struct capacity_option *c = model_capacity_of(inf, k);
    double tok = o->token_cost_per_request;
    out->serve_max = INFINITY;
    if (!c || !c->sized) {
        out->a_lo = out->a_hi = out->a_full = tok;
        out->b_lo = out->b_hi = o->hosting_per_month;
        return;
    }
    const struct deployment *d = &s->inference.options[c->option];
    double p = c->hosting_per_hour, cap = c->requests_per_s, prov_h = d->provisioning_s / HOUR_S;
    double base, prov = 0;
    if (!c->hourly) {
        base = p * c->peak_factor / (HOUR_S * cap);
    } else {
        /* The slots' factors average 1; the scale-ups follow their rises over a cycle. */
        double f[CAPACITY_SLOTS], rises = 0;
        size_t slots = model_capacity_slots(&s->inference.shape, f);
        for (size_t t = 0; t < slots; t++)
            rises += fmax(0.0, f[t] - f[(t + slots - 1) % slots]);
        base = p / (HOUR_S * cap);
        prov = p * prov_h * rises / ((double)slots * HOUR_S * cap);
    }
    out->a_lo = tok + base;
    out->a_hi = out->a_full = tok + base + prov;
    out->b_lo = 0;
    out->b_hi = MONTH_HOURS * p * (1 + d->sizing.min_replicas) * (1 + prov_h);
    if (d->sizing.max_replicas > 0)
        out->serve_max = d->sizing.max_replicas * cap * MONTH_S / c->peak_factor;
}

/*
 * Where E(R) = cost_b(R) - K cost_k(R) >= 0 is settled by the bounds:
 * +1 holds from *from on, -1 fails from *from on, 0 not settled.
 */
static int settles(const struct bounds *b, const struct bounds *k, double kk, double *from)
{
    double lo_slope = b->a_lo - kk * k->a_hi, lo_icept = b->b_lo - kk * k->b_hi;
    double hi_slope = b->a_hi - kk * k->a_lo, hi_icept = b->b_hi - kk * k->b_lo;
    if (lo_slope > 0) {
        *from = fmax(0.0, -lo_icept / lo_slope);
        return 1;
    }
    if (hi_slope < 0) {
        *from = fmax(0.0, -hi_icept / hi_slope);
        return -1;
    }
    *from = INFINITY;
    return 0;
}

struct steps {
    double *at;
    size_t n, cap;
};

static void step_add(struct steps *st, double r)
{
    if (st->n == st->cap) {
        st->cap = st->cap ? 2 * st->cap : 256;
        st->at = xrealloc(st->at, st->cap * sizeof *st->at);
    }
    st->at[st->n++] = r;
}

/* The hours' factors of option k (the peak alone when it does not follow the profile). */
static size_t slots_of(const struct scenario *s, const struct capacity_option *c,
                       double f[CAPACITY_SLOTS])
{
    if (c->hourly)
        return model_capacity_slots(&s->inference.shape, f);
    f[0] = c->peak_factor;
    return 1;
}

/* Steps a month of traffic of option k: sum over its hours of factor / capacity a month. */
static double step_density(const struct scenario *s, const struct inference_result *inf, size_t k)
{
    const struct capacity_option *c = model_capacity_of(inf, k);
    if (!c || !c->sized)
        return 0;
    double f[CAPACITY_SLOTS], sum = 0;
    size_t slots = slots_of(s, c, f);
    for (size_t t = 0; t < slots; t++)
        sum += f[t];
    return sum / (c->requests_per_s * MONTH_S);
}

/*
 * The traffics (a month) in (0, upto] where option k's replicas at some
 * hour step up: the hour's rate is a whole number of capacities.  Stops
 * (returning -1) past `limit` steps in all.
 */
static int steps_of(const struct scenario *s, const struct inference_result *inf, size_t k,
                    double upto, size_t limit, struct steps *st)
{
    const struct capacity_option *c = model_capacity_of(inf, k);
    if (!c || !c->sized)
        return 0;
    double f[CAPACITY_SLOTS];
    size_t slots = slots_of(s, c, f);
    double first = fmax(1.0, s->inference.options[c->option].sizing.min_replicas);
    for (size_t t = 0; t < slots; t++) {
        if (!(f[t] > 0))
            continue;
        double unit = c->requests_per_s * MONTH_S / f[t];
        for (double j = first; j * unit <= upto; j++) {
            if (st->n >= limit)
                return -1;
            step_add(st, j * unit);
        }
    }
    return 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted, without repeats (steps of several hours may coincide). */
static void steps_sort(struct steps *st)
{
    if (st->n == 0)
        return;
    qsort(st->at, st->n, sizeof *st->at, by_value);
    size_t w = 1;
    for (size_t i = 1; i < st->n; i++)
        if (st->at[i] > st->at[w - 1])
            st->at[w++] = st->at[i];
    st->n = w;
}

/* What the scan of one condition E_K >= 0 finds; NAN where nothing was found. */
struct finding {
    double first_hold, last_hold, last_fail;
};

static void finding_init(struct finding *f)
{
    f->first_hold = f->last_hold = f->last_fail = NAN;
}

/* E linear on (l, r], from e_l (its limit at l) to e_r. */
static void finding_interval(struct finding *f, double l, double r, double e_l, double e_r)
{
    double root = e_r != e_l ? l + (r - l) * (-e_l) / (e_r - e_l) : l;
    if (isnan(f->first_hold)) {
        if (e_l >= 0)
            f->first_hold = l;
        else if (e_r >= 0)
            f->first_hold = root;
    }
    if (e_l < 0 || e_r < 0)
        f->last_fail = e_r < 0 ? r : root;
    if (e_l >= 0 || e_r >= 0)
        f->last_hold = e_r >= 0 ? r : root;
}

static double ratio_of(double cb, double ck)
{
    return ck > 0 ? cb / ck : NAN;
}

void model_capacity_compare(const struct scenario *s, const struct inference_result *inf, size_t b,
                            size_t k, struct comparison *c)
{
    const struct option_result *ob = &inf->options[b], *ok = &inf->options[k];
    struct bounds bb, bk;
    bounds_of(s, inf, b, &bb);
    bounds_of(s, inf, k, &bk);
    double claim = c->claim > 0 ? c->claim : 1;
    double from_be, from_claim;
    int tail_be = settles(&bb, &bk, 1, &from_be);
    int tail_claim = settles(&bb, &bk, claim, &from_claim);

    /* How far to follow the steps: past both settling points and the scenario's traffic. */
    double serve_max = fmin(bb.serve_max, bk.serve_max);
    double end = 10 * inf->requests_per_month;
    if (isfinite(from_be))
        end = fmax(end, 1.01 * from_be);
    if (isfinite(from_claim))
        end = fmax(end, 1.01 * from_claim);
    int capped = 0;
    if (end > serve_max) {
        end = serve_max;
        capped = 1;
    }
    double density = step_density(s, inf, b) + step_density(s, inf, k);
    if (density * end > STEP_LIMIT) {
        end = STEP_LIMIT / density;
        capped = 1;
    }
    struct steps st = {0};
    steps_of(s, inf, b, end, 2 * STEP_LIMIT, &st);
    steps_of(s, inf, k, end, 2 * STEP_LIMIT, &st);
    steps_sort(&st);
    if (st.n == 0 || st.at[st.n - 1] < end)
        step_add(&st, end);

    struct finding be, cl;
    finding_init(&be);
    finding_init(&cl);
    double best = NAN, lo = 0;
    for (size_t i = 0; i < st.n; i++) {
        double hi = st.at[i];
        if (!(hi > lo))
            continue;
        /* Hosting is constant on (lo, hi]: read it in the middle. */
        double mid = (lo + hi) / 2;
        double hb = model_capacity_cost_at(s, inf, b, mid) - mid * ob->token_cost_per_request;
        double hk = model_capacity_cost_at(s, inf, k, mid) - mid * ok->token_cost_per_request;
        double cb_l = hb + lo * ob->token_cost_per_request,
               cb_r = hb + hi * ob->token_cost_per_request;
        double ck_l = hk + lo * ok->token_cost_per_request,
               ck_r = hk + hi * ok->token_cost_per_request;
        finding_interval(&be, lo, hi, cb_l - ck_l, cb_r - ck_r);
        finding_interval(&cl, lo, hi, cb_l - claim * ck_l, cb_r - claim * ck_r);
        double ends[2] = {ratio_of(cb_l, ck_l), ratio_of(cb_r, ck_r)};
        for (int e = 0; e < 2; e++)
            if (!isnan(ends[e]) && (isnan(best) || ends[e] > best))
                best = ends[e];
        if (ck_l == 0 && cb_l > 0)
            best = INFINITY;
        lo = hi;
    }
    free(st.at);
    /* Beyond the traffic followed: the limit at full use of whole replicas. */
    double full = ratio_of(bb.a_full, bk.a_full);
    if (!capped && !isnan(full) && (isnan(best) || full > best))
        best = full;
    c->best_ratio = isinf(best) ? NAN : best;
    c->staircase = 1;
    c->scan_capped = capped;

    /* Breakeven: from where the candidate is never dearer again. */
    int be_holds_at_end = capped ? (isnan(be.last_fail) || be.last_fail < end) : tail_be > 0;
    double r_be = be_holds_at_end ? (isnan(be.last_fail) ? 0 : be.last_fail) : NAN;
    c->breakeven_requests_per_day = r_be / MONTH_DAYS;
    c->breakeven_tokens_per_month = r_be * (s->inference.input_tokens + s->inference.output_tokens);
    c->breakeven_monthly_cost = isnan(r_be) ? NAN : model_capacity_cost_at(s, inf, b, r_be);

    /* The claim: first reached, and from where it holds at any traffic; or up to where. */
    c->claim_requests_per_day = c->claim_for_good_requests_per_day = NAN;
    c->claim_rises_with_traffic = 1;
    if (c->claim <= 0)
        return;
    int cl_holds_at_end = capped ? (isnan(cl.last_fail) || cl.last_fail < end) : tail_claim > 0;
    if (cl_holds_at_end || tail_claim == 0) {
        c->claim_requests_per_day = cl.first_hold / MONTH_DAYS;
        if (cl_holds_at_end)
            c->claim_for_good_requests_per_day =
                (isnan(cl.last_fail) ? 0 : cl.last_fail) / MONTH_DAYS;
    } else if (!isnan(cl.last_hold)) {
        c->claim_rises_with_traffic = 0;
        c->claim_requests_per_day = cl.last_hold / MONTH_DAYS;
    }
}

size_t model_capacity_traffic_points(const struct scenario *s, const struct inference_result *inf,
                                     double lo, double hi, size_t n, double **points)
{
    struct steps st = {0};
    for (size_t i = 0; i < n; i++)
        step_add(&st, lo * pow(hi / lo, (double)i / (double)(n - 1)));
    struct steps corners = {0};
    int too_many = 0;
    for (size_t k = 0; k < inf->noptions && !too_many; k++)
        too_many = steps_of(s, inf, k, hi * MONTH_DAYS, CORNER_LIMIT, &corners) != 0;
    if (!too_many)
        for (size_t i = 0; i < corners.n; i++) {
            double r = corners.at[i] / MONTH_DAYS;
            if (r < lo || r > hi)
                continue;
            /* The last traffic before the step, and the first after it. */
            step_add(&st, r);
            step_add(&st, r * (1 + 1e-9));
        }
    free(corners.at);
    steps_sort(&st);
    *points = st.at;
    return st.n;
}
