/*
 * Unit tests of model_series: fitted curves sampled for a picture.  The
 * curves are built by hand, so every value below is arithmetic:
 *   saturating X(c) = 100 c / (10 + c); knee (90% of 100) at c = 90
 *   usl X(N) = 10 N / (1 + 0.01 N (N - 1)), peak at N = sqrt(1 / 0.01) = 10,
 *       X(10) = 100 / 1.9; knee given as 5, X(5) = 50 / 1.2
 * on the measured points 1, 2, 4, 8.
 */
#include <math.h>
#include <stdlib.h>

#include "model_series.h"
#include "test.h"

static struct curve_fit saturating(double knee)
{
    struct curve_fit f = {0};
    f.model = CURVE_SATURATING;
    f.nparams = 2;
    f.params[0] = 100; /* x_max */
    f.params[1] = 10;  /* c_half */
    f.r2 = 0.99;
    f.max_tok_s = 100;
    f.max_at = INFINITY; /* only approached */
    f.knee = knee;
    return f;
}

static struct curve_fit usl(void)
{
    struct curve_fit f = {0};
    f.model = CURVE_USL;
    f.nparams = 3;
    f.params[0] = 10;   /* lambda */
    f.params[1] = 0;    /* sigma */
    f.params[2] = 0.01; /* kappa */
    f.r2 = NAN;
    f.max_at = 10;
    f.max_tok_s = 100 / 1.9;
    f.knee = 5;
    return f;
}

static double conc[] = {1, 2, 4, 8}, tok[] = {10, 19, 35, 50};
static struct curve_points points = {.concurrency = conc, .tok_s = tok, .n = 4};

/* Whether the concurrencies rise strictly. */
static int strictly_rising(const struct model_curve_series *s)
{
    for (size_t k = 1; k < s->n; k++)
        if (!(s->concurrency[k] > s->concurrency[k - 1]))
            return 0;
    return 1;
}

static long index_of(const struct model_curve_series *s, double c)
{
    for (size_t k = 0; k < s->n; k++)
        if (s->concurrency[k] == c)
            return (long)k;
    return -1;
}

static void test_two_fits(void)
{
    struct curve_fit fits[2] = {saturating(90), usl()};
    struct model_curve_series s;
    model_curve_series(&points, fits, 2, NAN, NAN, &s);
    /*
     * The axis: the last point 8, the usl knee 5 and peak 10 (within 4 x 8 =
     * 32); the saturating knee 90 lies beyond.  max(8, 5, 10) x 1.08 = 10.8.
     */
    CHECK_NEAR(s.x_max, 10.8, 1e-15);
    /*
     * 401 evenly spaced values (step 0.027), the 4 points, the usl knee and
     * peak: none of which falls on the grid (1 / 0.027 = 37.04, ... 10 /
     * 0.027 = 370.37), so 401 + 4 + 2 = 407.
     */
    CHECK(s.n == 407);
    CHECK(strictly_rising(&s));
    CHECK(s.concurrency[0] == 0 && s.tok_s[0] == 0 && s.tok_s[1] == 0);
    CHECK_NEAR(s.concurrency[s.n - 1], 10.8, 1e-15);
    long at2 = index_of(&s, 2);
    CHECK(at2 >= 0);
    if (at2 >= 0) {
        CHECK_NEAR(s.tok_s[at2 * 2], 200.0 / 12.0, 1e-12);    /* 100 x 2 / (10 + 2) */
        CHECK_NEAR(s.tok_s[at2 * 2 + 1], 20.0 / 1.02, 1e-12); /* 10 x 2 / (1 + 0.01 x 2) */
    }
    CHECK(index_of(&s, 5) >= 0 && index_of(&s, 10) >= 0 && index_of(&s, 90) < 0);
    CHECK(s.ncurves == 2);
    CHECK_STR(s.curves[0].model_name, "saturating");
    CHECK_STR(s.curves[1].model_name, "usl");
    CHECK_NEAR(s.curves[0].knee_tok_s, 90, 1e-12); /* 100 x 90 / 100 */
    CHECK(isnan(s.curves[0].peak_at) && isnan(s.curves[0].peak_tok_s));
    CHECK_NEAR(s.curves[1].knee_tok_s, 50.0 / 1.2, 1e-12);
    CHECK(s.curves[1].peak_at == 10);
    CHECK_NEAR(s.curves[1].peak_tok_s, 100 / 1.9, 1e-12);
    CHECK(isnan(s.curves[1].r2));
    CHECK(isnan(s.used) && s.points == &points);
    model_curve_series_release(&s);
    CHECK(s.n == 0 && s.concurrency == NULL);
    model_curve_series_release(&s);
}

static void test_used(void)
{
    struct curve_fit fit = saturating(90);
    struct model_curve_series s;
    /* A scenario reading the curve at 200: the axis reaches 200 x 1.08 = 216. */
    model_curve_series(&points, &fit, 1, 200, 100 * 200 / 210.0, &s);
    CHECK_NEAR(s.x_max, 216, 1e-15);
    /* The knee 90 is on the axis now: 401 + 4 + knee + used = 407 (step 0.54: 90 / 0.54 = 166.7).
     */
    CHECK(s.n == 407);
    CHECK(strictly_rising(&s));
    long at = index_of(&s, 200);
    CHECK(at >= 0 && s.tok_s[at] == s.used_tok_s);
    model_curve_series_release(&s);

    /* A knee and a used concurrency on measured points are sampled once: 401 + 4. */
    fit = saturating(8);
    model_curve_series(&points, &fit, 1, 4, 100 * 4 / 14.0, &s);
    CHECK_NEAR(s.x_max, 8.64, 1e-15);
    CHECK(s.n == 405);
    CHECK(strictly_rising(&s));
    model_curve_series_release(&s);
}

int main(void)
{
    test_two_fits();
    test_used();
    TEST_END("model_series");
}
