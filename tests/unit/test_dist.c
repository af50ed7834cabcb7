/*
 * Unit tests of the distributions: quantiles at points worked out by hand,
 * means, the A..B interval and its units, the mapping form, the limits of a
 * field and the exact error messages.
 */
#include <stdlib.h>

#include "dist.h"
#include "test.h"

/* The 95th percentile of the standard normal, Phi^-1(0.95). */
#define Z95 1.6448536269514715

static struct dist interval_ok(const char *text, enum qkind kind, unsigned flags)
{
    struct dist d = dist_constant(NAN);
    char *msg = NULL;
    int off = -1;
    if (dist_parse_interval(text, kind, flags, "x", &d, &msg, &off) != 0) {
        fprintf(stderr, "unexpected error for '%s': %s (at %d)\n", text, msg, off);
        free(msg);
    }
    return d;
}

static void interval_err(const char *text, enum qkind kind, unsigned flags, const char *want,
                         int want_off)
{
    struct dist d;
    char *msg = NULL;
    int off = -1;
    CHECK(dist_parse_interval(text, kind, flags, "x", &d, &msg, &off) == -1);
    CHECK_STR(msg, want);
    if (off != want_off)
        fprintf(stderr, "'%s': offset %d, want %d\n", text, off, want_off);
    CHECK(off == want_off);
    free(msg);
}

static struct dist args_ok(enum dist_kind kind, const struct dist_args *args, unsigned flags)
{
    struct dist d = dist_constant(NAN);
    char *msg = NULL;
    enum dist_arg at;
    if (dist_from_args(kind, args, "x", flags, &d, &msg, &at) != 0) {
        fprintf(stderr, "unexpected error: %s\n", msg);
        free(msg);
    }
    return d;
}

static void args_err(enum dist_kind kind, const struct dist_args *args, unsigned flags,
                     const char *want, enum dist_arg want_at)
{
    struct dist d;
    char *msg = NULL;
    enum dist_arg at = DIST_ARG_COUNT;
    CHECK(dist_from_args(kind, args, "x", flags, &d, &msg, &at) == -1);
    CHECK_STR(msg, want);
    CHECK(at == want_at);
    free(msg);
}

static void test_quantiles(void)
{
    struct dist_args a = DIST_ARGS_INIT;
    /* uniform(10, 20): Q(u) = 10 + 10 u; P25 = 12.5, P50 = 15, P90 = 19 */
    dist_args_set(&a, DIST_ARG_LOW, 10, NULL);
    dist_args_set(&a, DIST_ARG_HIGH, 20, NULL);
    struct dist u = args_ok(DIST_UNIFORM, &a, 0);
    CHECK_NEAR(dist_quantile(&u, 0.25), 12.5, 1e-15);
    CHECK_NEAR(dist_quantile(&u, 0.50), 15, 1e-15);
    CHECK_NEAR(dist_quantile(&u, 0.90), 19, 1e-15);
    CHECK_NEAR(dist_mean(&u), 15, 1e-15);

    /* triangular(0, 2, 10): width 10, CDF at the mode 2/10 = 0.2.
       u <= 0.2: Q = sqrt(u * 10 * 2): P10 = sqrt(2) = 1.41421356, P20 = 2 (the mode);
       u > 0.2: Q = 10 - sqrt((1 - u) * 10 * 8): P50 = 10 - sqrt(40) = 3.67544468;
       mean (0 + 2 + 10) / 3 = 4 */
    struct dist_args t = DIST_ARGS_INIT;
    dist_args_set(&t, DIST_ARG_LOW, 0, NULL);
    dist_args_set(&t, DIST_ARG_MODE, 2, NULL);
    dist_args_set(&t, DIST_ARG_HIGH, 10, NULL);
    struct dist tri = args_ok(DIST_TRIANGULAR, &t, 0);
    CHECK_NEAR(dist_quantile(&tri, 0.1), 1.4142135623730951, 1e-14);
    CHECK_NEAR(dist_quantile(&tri, 0.2), 2, 1e-14);
    CHECK_NEAR(dist_quantile(&tri, 0.5), 3.675444679663241, 1e-14);
    CHECK_NEAR(dist_mean(&tri), 4, 1e-15);

    /* pert(0, 2, 10): mean (0 + 4 * 2 + 10) / 6 = 3; shapes 1 + 4 * 2/10 = 1.8
       and 1 + 4 * 8/10 = 4.2 */
    struct dist pert = args_ok(DIST_PERT, &t, 0);
    CHECK_NEAR(dist_mean(&pert), 3, 1e-15);
    CHECK_NEAR(pert.alpha, 1.8, 1e-15);
    CHECK_NEAR(pert.beta, 4.2, 1e-15);
    /* pert(0, 5, 10) is Beta(3, 3) on [0, 10], symmetric: P50 = 5 */
    t.value[DIST_ARG_MODE] = 5;
    struct dist sym = args_ok(DIST_PERT, &t, 0);
    CHECK_NEAR(dist_quantile(&sym, 0.5), 5, 1e-9);
    /* pert(0, 0, 10) is Beta(1, 5): CDF 1 - (1 - x)^5, so at
       u = 1 - 0.5^5 = 0.96875 the quantile is 0.5 of the width: 5 */
    t.value[DIST_ARG_MODE] = 0;
    struct dist skew = args_ok(DIST_PERT, &t, 0);
    CHECK_NEAR(dist_quantile(&skew, 0.96875), 5, 1e-9);
    /* the empirical mean of the quantiles at u = (i + 0.5) / n is the mean
       (0 + 0 + 10) / 6 = 1.6667 up to the midpoint rule's error */
    double sum = 0;
    for (int i = 0; i < 20000; i++)
        sum += dist_quantile(&skew, (i + 0.5) / 20000);
    CHECK_NEAR(sum / 20000, 10.0 / 6, 1e-4);

    /* normal(100, 15): P50 = 100, P10 = 100 - 15 * 1.2815516 = 80.7767265,
       P97.5 = 100 + 15 * 1.9599640 = 129.3994598 */
    struct dist_args n = DIST_ARGS_INIT;
    dist_args_set(&n, DIST_ARG_MEAN, 100, NULL);
    dist_args_set(&n, DIST_ARG_SD, 15, NULL);
    struct dist normal = args_ok(DIST_NORMAL, &n, QF_NEGATIVE);
    CHECK_NEAR(dist_quantile(&normal, 0.5), 100, 1e-15);
    CHECK_NEAR(dist_quantile(&normal, 0.1), 80.77672651683099, 1e-12);
    CHECK_NEAR(dist_quantile(&normal, 0.975), 129.3994597681008, 1e-12);
    CHECK_NEAR(dist_mean(&normal), 100, 1e-15);

    /* lognormal(mu 0, sigma 1): median e^0 = 1, mean e^0.5 = 1.6487213,
       P84.13 = e^1 (one sigma up: Phi(1) = 0.8413447) */
    struct dist_args l = DIST_ARGS_INIT;
    dist_args_set(&l, DIST_ARG_MU, 0, NULL);
    dist_args_set(&l, DIST_ARG_SIGMA, 1, NULL);
    struct dist logn = args_ok(DIST_LOGNORMAL, &l, 0);
    CHECK_NEAR(dist_quantile(&logn, 0.5), 1, 1e-15);
    CHECK_NEAR(dist_quantile(&logn, 0.841344746068543), exp(1), 1e-12);
    CHECK_NEAR(dist_mean(&logn), 1.6487212707001282, 1e-15);

    /* lognormal by p5 and p95 */
    struct dist_args p = DIST_ARGS_INIT;
    dist_args_set(&p, DIST_ARG_P5, 2, NULL);
    dist_args_set(&p, DIST_ARG_P95, 8, NULL);
    struct dist lp = args_ok(DIST_LOGNORMAL, &p, 0);
    CHECK_NEAR(dist_quantile(&lp, 0.05), 2, 1e-12);
    CHECK_NEAR(dist_quantile(&lp, 0.95), 8, 1e-12);
    /* median sqrt(2 * 8) = 4 */
    CHECK_NEAR(dist_quantile(&lp, 0.5), 4, 1e-12);
    struct dist np = args_ok(DIST_NORMAL, &p, QF_NEGATIVE);
    /* normal: mean (2 + 8) / 2 = 5, sd 6 / (2 * Z95) = 1.8238705 */
    CHECK_NEAR(np.mean, 5, 1e-15);
    CHECK_NEAR(np.sd, 6 / (2 * Z95), 1e-14);
    CHECK_NEAR(dist_quantile(&np, 0.05), 2, 1e-12);

    /* constant */
    struct dist_args c = DIST_ARGS_INIT;
    dist_args_set(&c, DIST_ARG_VALUE, 7, NULL);
    struct dist k = args_ok(DIST_CONSTANT, &c, 0);
    CHECK(dist_is_constant(&k));
    CHECK(dist_quantile(&k, 0.01) == 7 && dist_quantile(&k, 0.99) == 7);
    CHECK(dist_mean(&k) == 7);
    /* uniform(3, 3): no spread */
    dist_args_set(&a, DIST_ARG_LOW, 3, NULL);
    dist_args_set(&a, DIST_ARG_HIGH, 3, NULL);
    struct dist flat = args_ok(DIST_UNIFORM, &a, 0);
    CHECK(dist_is_constant(&flat));
    CHECK(dist_quantile(&flat, 0.3) == 3);
}

static void test_intervals(void)
{
    /* "50..90 tok/s", a positive throughput: lognormal with P5 = 50, P95 = 90,
       median sqrt(50 * 90) = 67.0820393, mu = ln 67.0820393 = 4.2059163,
       sigma = ln(90 / 50) / (2 * 1.6448536) = 0.1786745,
       mean exp(mu + sigma^2 / 2) = 67.0820393 * exp(0.0159623) = 68.1614134 */
    struct dist d = interval_ok("50..90 tok/s", QK_THROUGHPUT, QF_POSITIVE);
    CHECK(d.kind == DIST_LOGNORMAL && d.from_interval);
    CHECK_NEAR(dist_quantile(&d, 0.05), 50, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.95), 90, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.5), 67.0820393249937, 1e-12);
    CHECK_NEAR(d.sigma, 0.17867445931693857, 1e-12);
    CHECK_NEAR(dist_mean(&d), 68.16141341887366, 1e-12);
    /* units: tok/min divides by 60: 3000 tok/min = 50 tok/s */
    d = interval_ok("3000..5400 tok/min", QK_THROUGHPUT, QF_POSITIVE);
    CHECK_NEAR(dist_quantile(&d, 0.05), 50, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.95), 90, 1e-12);
    /* a unit after B alone applies to A: 20k/day = 20000 / 86400 per second */
    d = interval_ok("20k..40k/day", QK_RATE, 0);
    CHECK_NEAR(dist_quantile(&d, 0.05), 20000.0 / 86400, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.95), 40000.0 / 86400, 1e-12);
    d = interval_ok("20k/day..40k/day", QK_RATE, 0);
    CHECK_NEAR(dist_quantile(&d, 0.05), 20000.0 / 86400, 1e-12);
    /* a share: truncated at 100%, which cuts Q(ln 2.8284 / 0.2107) = Q(4.93)
       = 4e-7 of the weight, so the ends move by less than 1e-6 */
    d = interval_ok("25..50%", QK_FRACTION, QF_AT_MOST_ONE);
    CHECK_NEAR(dist_quantile(&d, 0.05), 0.25, 1e-6);
    CHECK_NEAR(dist_quantile(&d, 0.95), 0.50, 1e-6);
    CHECK_NEAR(d.u_high, 1 - 4.0e-7, 1e-7);
    d = interval_ok("25%..50%", QK_FRACTION, QF_AT_MOST_ONE);
    CHECK_NEAR(dist_quantile(&d, 0.95), 0.50, 1e-6);
    /* without the 100% limit the ends are exact */
    d = interval_ok("25..50%", QK_FRACTION, 0);
    CHECK_NEAR(dist_quantile(&d, 0.05), 0.25, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.95), 0.50, 1e-12);
    /* each end its own unit: 45 min = 2700 s, 2 h = 7200 s */
    d = interval_ok("45 min..2 h", QK_DURATION, QF_POSITIVE);
    CHECK_NEAR(dist_quantile(&d, 0.05), 2700, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.95), 7200, 1e-12);
    /* blanks around the dots */
    d = interval_ok(" 50 .. 90 tok/s ", QK_THROUGHPUT, QF_POSITIVE);
    CHECK_NEAR(dist_quantile(&d, 0.05), 50, 1e-12);
    /* a scale belongs to its own number: 20..40k is 20 to 40,000 */
    d = interval_ok("20..40k", QK_NUMBER, QF_POSITIVE);
    CHECK_NEAR(dist_quantile(&d, 0.05), 20, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.95), 40000, 1e-12);
    /* a count: the ends need not be whole (rounding happens after the draw) */
    d = interval_ok("1.5..6", QK_NUMBER, QF_POSITIVE | QF_INTEGER);
    CHECK_NEAR(dist_quantile(&d, 0.05), 1.5, 1e-12);

    /* a growth rate may be negative: normal, mean (-10% + 30%) / 2 = 10%,
       sd 40% / (2 * 1.6448536) = 12.159137%; truncated at -100%, which cuts
       Phi((-1 - 0.1) / 0.1216) = Phi(-9.05), nothing measurable */
    d = interval_ok("-10%..30%", QK_FRACTION, QF_ABOVE_MINUS_ONE);
    CHECK(d.kind == DIST_NORMAL);
    CHECK_NEAR(d.sd, 0.12159136638235388, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.05), -0.1, 1e-12);
    CHECK_NEAR(dist_quantile(&d, 0.95), 0.3, 1e-12);
    CHECK_NEAR(dist_mean(&d), 0.1, 1e-12);

    /* A alone, and A..A: a constant */
    d = interval_ok("70 tok/s", QK_THROUGHPUT, QF_POSITIVE);
    CHECK(d.kind == DIST_CONSTANT && d.low == 70);
    d = interval_ok("70..70 tok/s", QK_THROUGHPUT, QF_POSITIVE);
    CHECK(dist_is_constant(&d) && dist_quantile(&d, 0.9) == 70);

    /* errors, with the offset of the problem in the text */
    interval_err("90..50 tok/s", QK_THROUGHPUT, QF_POSITIVE,
                 "'x': the low end '90 tok/s' is above the high end '50 tok/s'; write LOW..HIGH",
                 0);
    interval_err("0..5", QK_NUMBER, QF_POSITIVE,
                 "'x': '0..5' is a 90% interval of a lognormal, so both ends must be above "
                 "zero; for a range from zero write {dist: uniform, low: 0, high: 5} or a "
                 "triangular",
                 0);
    /* "25%..50": the '%' is at offset 2 */
    interval_err("25%..50", QK_FRACTION, 0,
                 "'x': in '25%..50' the unit goes after the high end, as in '50..90 tok/s'", 2);
    /* "50..90 tok/day": B's unit begins at offset 7 */
    interval_err("50..90 tok/day", QK_THROUGHPUT, QF_POSITIVE,
                 "'x' needs a throughput such as '70 tok/s'; unit 'tok/day' does not fit "
                 "(use tok/s, tok/min or tok/h)",
                 7);
    /* a rate needs a unit: "20..40" has none; B is checked first (offset 4) */
    interval_err("20..40", QK_RATE, 0, "'x' needs a unit (/s, /min, /h, /day or /month), got '40'",
                 4);
    interval_err("..90", QK_NUMBER, 0,
                 "'x' needs a range LOW..HIGH such as '50..90 tok/s', got '..90'", 0);
    interval_err("1..2..3", QK_NUMBER, 0, "'x': a range has one '..', got '1..2..3'", 4);
    interval_err("-5..10%", QK_FRACTION, 0, "'x' must not be negative, got '-5%'", 0);
    interval_err("50..120%", QK_FRACTION, QF_AT_MOST_ONE, "'x' must be at most 100%, got '120%'",
                 4);
    /* 60%..95% as a lognormal: mu = (ln 0.6 + ln 0.95) / 2 = -0.2810595,
       sigma = ln(0.95 / 0.6) / (2 * 1.6448536) = 0.1396878; the weight above
       100% is Q(0.2810595 / 0.1396878) = Q(2.0121) = 2.2%, more than the 1%
       a truncation may cut */
    interval_err("60%..95%", QK_FRACTION, QF_AT_MOST_ONE,
                 "'x' must be at most 100%, but its lognormal puts 2.2% of its weight above "
                 "100%; narrow it or use a uniform, triangular or pert",
                 0);
    interval_err("0", QK_NUMBER, QF_POSITIVE, "'x' must be greater than zero, got 0", 0);
}

static void test_args_errors(void)
{
    struct dist_args t = DIST_ARGS_INIT;
    dist_args_set(&t, DIST_ARG_LOW, 0.50, "50%");
    dist_args_set(&t, DIST_ARG_MODE, 0.40, "40%");
    dist_args_set(&t, DIST_ARG_HIGH, 0.25, "25%");
    args_err(DIST_TRIANGULAR, &t, QF_AT_MOST_ONE, "'x': low '50%' is above high '25%'",
             DIST_ARG_LOW);
    dist_args_set(&t, DIST_ARG_LOW, 0.25, "25%");
    dist_args_set(&t, DIST_ARG_MODE, 0.60, "60%");
    dist_args_set(&t, DIST_ARG_HIGH, 0.50, "50%");
    args_err(DIST_PERT, &t, QF_AT_MOST_ONE, "'x': mode '60%' is outside low '25%' .. high '50%'",
             DIST_ARG_MODE);
    /* the example: {dist: triangular, low: 25%, mode: 40%, high: 50%},
       mean (0.25 + 0.40 + 0.50) / 3 = 0.3833333 */
    dist_args_set(&t, DIST_ARG_MODE, 0.40, "40%");
    struct dist mfu = args_ok(DIST_TRIANGULAR, &t, QF_AT_MOST_ONE);
    CHECK_NEAR(dist_mean(&mfu), 1.15 / 3, 1e-15);
    args_err(DIST_UNIFORM, &t, 0, "'x': a uniform takes 'low' and 'high', not 'mode'",
             DIST_ARG_MODE);

    struct dist_args m = DIST_ARGS_INIT;
    dist_args_set(&m, DIST_ARG_LOW, 1, NULL);
    dist_args_set(&m, DIST_ARG_HIGH, 3, NULL);
    args_err(DIST_TRIANGULAR, &m, 0, "'x': a triangular needs 'mode'", DIST_ARG_NONE);

    struct dist_args n = DIST_ARGS_INIT;
    dist_args_set(&n, DIST_ARG_MEAN, 10, NULL);
    dist_args_set(&n, DIST_ARG_SD, 0, NULL);
    args_err(DIST_NORMAL, &n, 0, "'x': sd must be greater than zero, got '0'", DIST_ARG_SD);
    dist_args_set(&n, DIST_ARG_SD, -2, "-2");
    args_err(DIST_NORMAL, &n, 0, "'x': sd must be greater than zero, got '-2'", DIST_ARG_SD);
    dist_args_set(&n, DIST_ARG_P5, 1, NULL);
    args_err(DIST_NORMAL, &n, 0,
             "'x': a normal takes either 'mean' and 'sd' or 'p5' and 'p95', not both",
             DIST_ARG_NONE);
    /* normal(10, 20) on a field that must not be negative: Phi(-10 / 20) =
       Phi(-0.5) = 30.9% of the weight lies below zero */
    struct dist_args w = DIST_ARGS_INIT;
    dist_args_set(&w, DIST_ARG_MEAN, 10, NULL);
    dist_args_set(&w, DIST_ARG_SD, 20, NULL);
    args_err(DIST_NORMAL, &w, 0,
             "'x' must not be negative, but its normal puts 30.9% of its weight below zero; "
             "narrow it or use a uniform, triangular or pert",
             DIST_ARG_NONE);
    /* normal(1, 0.4) on the same field: Phi(-2.5) = 0.62% is cut off; the
       truncated mean is 1 + 0.4 phi(-2.5) / (1 - Phi(-2.5))
       = 1 + 0.4 * 0.0175283 / 0.9937903 = 1.0070551 */
    dist_args_set(&w, DIST_ARG_MEAN, 1, NULL);
    dist_args_set(&w, DIST_ARG_SD, 0.4, NULL);
    struct dist cut = args_ok(DIST_NORMAL, &w, 0);
    CHECK_NEAR(cut.u_low, 0.006209665325776159, 1e-12);
    CHECK_NEAR(dist_mean(&cut), 1.0070551301947668, 1e-12);
    CHECK(dist_quantile(&cut, 1e-9) > 0);
    /* its median: the normal's quantile at 0.0062097 + 0.5 * 0.9937903 =
       0.5031048, Phi^-1(0.5031048) = 0.0077827: 1 + 0.4 * 0.0077827 = 1.0031131 */
    CHECK_NEAR(dist_quantile(&cut, 0.5), 1.0031130959632752, 1e-12);

    struct dist_args p = DIST_ARGS_INIT;
    dist_args_set(&p, DIST_ARG_P5, 0, NULL);
    dist_args_set(&p, DIST_ARG_P95, 3, NULL);
    args_err(DIST_LOGNORMAL, &p, 0, "'x': a lognormal needs p5 above zero, got '0'", DIST_ARG_P5);
    dist_args_set(&p, DIST_ARG_P5, 4, NULL);
    args_err(DIST_LOGNORMAL, &p, 0, "'x': p5 '4' is above p95 '3'", DIST_ARG_P5);
    struct dist_args s = DIST_ARGS_INIT;
    dist_args_set(&s, DIST_ARG_MU, 1, NULL);
    dist_args_set(&s, DIST_ARG_SIGMA, 0, NULL);
    args_err(DIST_LOGNORMAL, &s, 0, "'x': sigma must be greater than zero, got '0'",
             DIST_ARG_SIGMA);
    struct dist_args inf = DIST_ARGS_INIT;
    dist_args_set(&inf, DIST_ARG_VALUE, INFINITY, NULL);
    args_err(DIST_CONSTANT, &inf, 0, "'x': 'value' must be a finite number", DIST_ARG_VALUE);
    /* a bounded range beyond the field's limit */
    struct dist_args b = DIST_ARGS_INIT;
    dist_args_set(&b, DIST_ARG_LOW, 0.5, NULL);
    dist_args_set(&b, DIST_ARG_HIGH, 1.2, NULL);
    args_err(DIST_UNIFORM, &b, QF_AT_MOST_ONE,
             "'x' must be at most 100%, but its range reaches 120%", DIST_ARG_NONE);

    enum dist_kind kind = DIST_CONSTANT;
    char *msg = NULL;
    CHECK(dist_kind_parse("pert", "x", &kind, &msg) == 0 && kind == DIST_PERT);
    CHECK(dist_kind_parse("triangle", "x", &kind, &msg) == -1);
    CHECK_STR(msg, "'x': unknown distribution 'triangle'; did you mean 'triangular'? (constant, "
                   "uniform, triangular, pert, normal or lognormal)");
    free(msg);
    msg = NULL;
    CHECK(dist_kind_parse("zipf-mandelbrot", "x", &kind, &msg) == -1);
    CHECK_STR(msg, "'x': unknown distribution 'zipf-mandelbrot' (constant, uniform, triangular, "
                   "pert, normal or lognormal)");
    free(msg);
    CHECK(dist_arg_from_name("mode") == DIST_ARG_MODE);
    CHECK(dist_arg_from_name("median") == DIST_ARG_NONE);
    CHECK_STR(dist_arg_name(DIST_ARG_P95), "p95");

    /* how the loader parses each argument of a positive whole count */
    enum qkind qk;
    unsigned qf;
    dist_arg_quantity(DIST_ARG_LOW, QK_NUMBER, QF_POSITIVE | QF_INTEGER, &qk, &qf);
    CHECK(qk == QK_NUMBER && qf == 0);
    dist_arg_quantity(DIST_ARG_SD, QK_RATE, 0, &qk, &qf);
    CHECK(qk == QK_RATE && qf == QF_POSITIVE);
    dist_arg_quantity(DIST_ARG_MU, QK_RATE, 0, &qk, &qf);
    CHECK(qk == QK_NUMBER && qf == QF_NEGATIVE);
}

int main(void)
{
    test_quantiles();
    test_intervals();
    test_args_errors();
    TEST_END("dist");
}
