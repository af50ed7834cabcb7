/*
 * Unit tests of the curve module: exact data is recovered, noisy data gives
 * the numbers an independent fit gives, the bounds of the USL hold, the
 * figures (maximum, knee) follow from the formulas, and every kind of bad
 * CSV is rejected at the right line and column.
 *
 * The expected values of the noisy fits come from SciPy 1.10
 * (scipy.optimize.curve_fit, method 'lm', analytic Jacobians, ftol = xtol =
 * gtol = 1e-15, printed to 10 significant digits; for the bounded USL cases
 * the reduced model with the held parameter removed, confirmed by
 * curve_fit's bounded 'trf' method with bounds [0, inf)).
 * Standard errors are sqrt(diag(pcov)) with curve_fit's default scaling by
 * chi2 / (n - p).  The data are the model values computed below plus the
 * noise arrays written here.
 */
#include <math.h>
#include <stdlib.h>

#include "bench.h"
#include "curve.h"
#include "test.h"

static double saturating(double x_max, double c_half, double c)
{
    return x_max * c / (c_half + c);
}

static double usl(double lambda, double sigma, double kappa, double n)
{
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

/* Fits and returns 0, or reports the error and returns -1. */
static int fit_ok(const double *c, const double *x, size_t n, enum curve_model model,
                  struct curve_fit *fit)
{
    struct curve_points pts;
    struct diag d = DIAG_INIT;
    if (curve_points_from_arrays(c, x, n, &pts, &d) != 0 || curve_fit(&pts, model, fit, &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        curve_points_release(&pts);
        CHECK(!"fit failed");
        return -1;
    }
    curve_points_release(&pts);
    return 0;
}

static void test_exact_saturating(void)
{
    /* x_max = 1000, c_half = 20: the knee is 9 * 20 = 180. */
    double c[] = {1, 2, 4, 8, 16, 32, 64, 128, 256}, x[9];
    for (size_t i = 0; i < 9; i++)
        x[i] = saturating(1000, 20, c[i]);
    struct curve_fit fit;
    if (fit_ok(c, x, 9, CURVE_SATURATING, &fit) != 0)
        return;
    CHECK(fit.nparams == 2);
    CHECK_STR(fit.param_names[0], "x_max");
    CHECK_STR(fit.param_names[1], "c_half");
    CHECK_NEAR(fit.params[0], 1000, 1e-6);
    CHECK_NEAR(fit.params[1], 20, 1e-6);
    CHECK_NEAR(fit.r2, 1, 1e-12);
    CHECK(fit.rmse < 1e-6);
    CHECK_NEAR(fit.max_tok_s, 1000, 1e-6);
    CHECK(isinf(fit.max_at));
    CHECK_NEAR(fit.knee, 180, 1e-6);
    CHECK_NEAR(curve_eval(&fit, 180), 900, 1e-6);
    CHECK(curve_eval(&fit, 0) == 0);
    CHECK(curve_eval(&fit, -5) == 0);
    curve_fit_release(&fit);
}

static void test_exact_usl(void)
{
    /*
     * lambda = 50, sigma = 0.03, kappa = 2e-5: the peak is at
     * N* = sqrt(0.97 / 2e-5) = 220.2272..., X(N*) = 50 N* / (0.97 + 0.97 + ...)
     * checked through curve_eval; the knee is where X = 0.9 X(N*).
     */
    double n[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 384}, x[10];
    for (size_t i = 0; i < 10; i++)
        x[i] = usl(50, 0.03, 2e-5, n[i]);
    struct curve_fit fit;
    if (fit_ok(n, x, 10, CURVE_USL, &fit) != 0)
        return;
    CHECK(fit.nparams == 3);
    CHECK_STR(fit.param_names[0], "lambda");
    CHECK_STR(fit.param_names[1], "sigma");
    CHECK_STR(fit.param_names[2], "kappa");
    CHECK_NEAR(fit.params[0], 50, 1e-6);
    CHECK_NEAR(fit.params[1], 0.03, 1e-6);
    CHECK_NEAR(fit.params[2], 2e-5, 1e-6);
    CHECK(!fit.at_bound[0] && !fit.at_bound[1] && !fit.at_bound[2]);
    CHECK_NEAR(fit.max_at, sqrt(0.97 / 2e-5), 1e-6);
    CHECK_NEAR(fit.max_tok_s, usl(50, 0.03, 2e-5, sqrt(0.97 / 2e-5)), 1e-6);
    /* The peak is a maximum: both sides are lower. */
    CHECK(curve_eval(&fit, fit.max_at * 0.9) < fit.max_tok_s);
    CHECK(curve_eval(&fit, fit.max_at * 1.1) < fit.max_tok_s);
    CHECK_NEAR(curve_eval(&fit, fit.knee), 0.9 * fit.max_tok_s, 1e-9);
    CHECK(fit.knee > 0 && fit.knee < fit.max_at);
    curve_fit_release(&fit);
}

static void test_noisy_saturating(void)
{
    double c[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    double noise[] = {3.1, -2.4, 5.0, -7.2, 4.4, -6.1, 8.3, -3.9, 2.7}, x[9];
    for (size_t i = 0; i < 9; i++)
        x[i] = saturating(1000, 20, c[i]) + noise[i];
    struct curve_fit fit;
    if (fit_ok(c, x, 9, CURVE_SATURATING, &fit) != 0)
        return;
    /* SciPy: x_max 1002.012777 +/- 5.497035018, c_half 20.10627312 +/- 0.3836671831 */
    CHECK_NEAR(fit.params[0], 1002.012777, 2e-9);
    CHECK_NEAR(fit.params[1], 20.10627312, 2e-9);
    CHECK_NEAR(fit.std_error[0], 5.497035018, 2e-9);
    CHECK_NEAR(fit.std_error[1], 0.3836671831, 2e-9);
    CHECK_NEAR(fit.r2, 0.9997443137, 1e-9);
    CHECK_NEAR(fit.rmse, 5.116844243, 1e-8);
    CHECK_NEAR(fit.knee, 9 * 20.10627312, 1e-8);
    curve_fit_release(&fit);
}

static void test_noisy_usl(void)
{
    double n[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 384};
    double noise[] = {0.4, -0.9, 1.7, -2.2, 3.1, -4.0, 5.2, -3.3, 2.8, -1.9}, x[10];
    for (size_t i = 0; i < 10; i++)
        x[i] = usl(50, 0.03, 2e-5, n[i]) + noise[i];
    struct curve_fit fit;
    if (fit_ok(n, x, 10, CURVE_USL, &fit) != 0)
        return;
    /* SciPy: lambda 49.96907526 +/- 0.3497755983, sigma 0.02993270038 +/-
     * 0.000365708561, kappa 2.017350329e-05 +/- 5.140417492e-07 */
    CHECK_NEAR(fit.params[0], 49.96907526, 2e-9);
    CHECK_NEAR(fit.params[1], 0.02993270038, 2e-9);
    CHECK_NEAR(fit.params[2], 2.017350329e-05, 2e-9);
    CHECK_NEAR(fit.std_error[0], 0.3497755983, 2e-9);
    CHECK_NEAR(fit.std_error[1], 0.000365708561, 2e-9);
    CHECK_NEAR(fit.std_error[2], 5.140417492e-07, 2e-9);
    CHECK_NEAR(fit.r2, 0.9999643214, 1e-9);
    CHECK_NEAR(fit.rmse, 2.867999375, 1e-8);
    curve_fit_release(&fit);
}

static void test_usl_kappa_held(void)
{
    /*
     * The noisy saturating data again: the unconstrained USL fit wants
     * kappa = -3.8e-08, so kappa is held at 0.  USL with kappa = 0 is the
     * saturating curve (x_max = lambda / sigma, c_half = (1 - sigma) / sigma),
     * hence the same R^2.  SciPy, kappa removed: lambda 47.47464282 +/-
     * 0.6787105803, sigma 0.04737927888 +/- 0.0008612545837.
     */
    double c[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    double noise[] = {3.1, -2.4, 5.0, -7.2, 4.4, -6.1, 8.3, -3.9, 2.7}, x[9];
    for (size_t i = 0; i < 9; i++)
        x[i] = saturating(1000, 20, c[i]) + noise[i];
    struct curve_fit fit;
    if (fit_ok(c, x, 9, CURVE_USL, &fit) != 0)
        return;
    CHECK_NEAR(fit.params[0], 47.47464282, 2e-9);
    CHECK_NEAR(fit.params[1], 0.04737927888, 2e-9);
    CHECK(fit.params[2] == 0);
    CHECK(!fit.at_bound[0] && !fit.at_bound[1] && fit.at_bound[2]);
    CHECK_NEAR(fit.std_error[0], 0.6787105803, 2e-9);
    CHECK_NEAR(fit.std_error[1], 0.0008612545837, 2e-9);
    CHECK(isnan(fit.std_error[2]));
    CHECK_NEAR(fit.r2, 0.9997443137, 1e-9);
    /* Rising towards lambda / sigma; 90% of it at 9 (1 - sigma) / sigma. */
    CHECK(isinf(fit.max_at));
    CHECK_NEAR(fit.max_tok_s, 47.47464282 / 0.04737927888, 1e-8);
    CHECK_NEAR(fit.knee, 9 * (1 - 0.04737927888) / 0.04737927888, 1e-8);
    curve_fit_release(&fit);
}

static void test_usl_sigma_held(void)
{
    /*
     * Data from lambda = 10, sigma = -0.02, kappa = 1e-3 (throughput per
     * request rising at first) plus noise: the unconstrained fit has sigma =
     * -0.0196, so sigma is held at 0.  Sigma removed: lambda 12.76659482 +/-
     * 0.7383946458, kappa 0.0008754873538 +/- 0.0001003796139, R^2
     * 0.9885687373 (SciPy's 'lm' stops 3e-9 short of this minimum, so these
     * come from a numpy Gauss-Newton run until the gradient was 1e-9); the
     * peak at sqrt(1 / kappa) = 33.79675957 with 218.9743436 tok/s.
     */
    double n[] = {1, 2, 4, 8, 16, 32, 64};
    double noise[] = {0.3, -0.5, 0.8, -1.1, 1.4, -0.9, 0.6}, x[7];
    for (size_t i = 0; i < 7; i++)
        x[i] = usl(10, -0.02, 1e-3, n[i]) + noise[i];
    struct curve_fit fit;
    if (fit_ok(n, x, 7, CURVE_USL, &fit) != 0)
        return;
    CHECK_NEAR(fit.params[0], 12.76659482, 2e-9);
    CHECK(fit.params[1] == 0);
    CHECK_NEAR(fit.params[2], 0.0008754873538, 2e-9);
    CHECK(!fit.at_bound[0] && fit.at_bound[1] && !fit.at_bound[2]);
    CHECK_NEAR(fit.std_error[0], 0.7383946458, 2e-9);
    CHECK(isnan(fit.std_error[1]));
    CHECK_NEAR(fit.std_error[2], 0.0001003796139, 2e-9);
    CHECK_NEAR(fit.r2, 0.9885687373, 1e-9);
    CHECK_NEAR(fit.max_at, 33.79675957, 1e-8);
    CHECK_NEAR(fit.max_tok_s, 218.9743436, 1e-8);
    curve_fit_release(&fit);
}

static void test_exactly_determined(void)
{
    /* Two points, two parameters: an exact fit with no standard errors. */
    double c[] = {10, 30}, x[] = {saturating(500, 10, 10), saturating(500, 10, 30)};
    struct curve_fit fit;
    if (fit_ok(c, x, 2, CURVE_SATURATING, &fit) != 0)
        return;
    CHECK_NEAR(fit.params[0], 500, 1e-6);
    CHECK_NEAR(fit.params[1], 10, 1e-6);
    CHECK(isnan(fit.std_error[0]) && isnan(fit.std_error[1]));
    curve_fit_release(&fit);
}

static void test_table(void)
{
    /*
     * Points (10, 100), (20, 300), (40, 400), (80, 380): max 400 at 40; 90%
     * of it is 360, reached between (20, 300) and (40, 400) at
     * 20 + (360 - 300) / (400 - 300) * 20 = 32.
     */
    double c[] = {40, 10, 80, 20}, x[] = {400, 100, 380, 300};
    struct curve_fit fit;
    if (fit_ok(c, x, 4, CURVE_TABLE, &fit) != 0)
        return;
    CHECK(fit.nparams == 0);
    CHECK(fit.r2 == 1 && fit.rmse == 0);
    CHECK(fit.max_tok_s == 400 && fit.max_at == 40);
    CHECK_NEAR(fit.knee, 32, 1e-12);
    CHECK_NEAR(curve_eval(&fit, 5), 50, 1e-12); /* from (0,0) to (10,100) */
    CHECK_NEAR(curve_eval(&fit, 10), 100, 1e-12);
    CHECK_NEAR(curve_eval(&fit, 15), 200, 1e-12);
    CHECK_NEAR(curve_eval(&fit, 60), 390, 1e-12);
    CHECK_NEAR(curve_eval(&fit, 80), 380, 1e-12);
    CHECK_NEAR(curve_eval(&fit, 1000), 380, 1e-12); /* flat past the last point */
    CHECK(curve_eval(&fit, 0) == 0);
    curve_fit_release(&fit);

    /* The knee on the first segment: (10, 100) alone, 90 at 9. */
    double c1[] = {10}, x1[] = {100};
    if (fit_ok(c1, x1, 1, CURVE_TABLE, &fit) != 0)
        return;
    CHECK_NEAR(fit.knee, 9, 1e-12);
    curve_fit_release(&fit);
}

static void test_model_names(void)
{
    CHECK(curve_model_from_name("saturating") == CURVE_SATURATING);
    CHECK(curve_model_from_name("usl") == CURVE_USL);
    CHECK(curve_model_from_name("table") == CURVE_TABLE);
    CHECK(curve_model_from_name("all") == -1);
    CHECK(curve_model_from_name("USL") == -1);
    CHECK_STR(curve_model_name(CURVE_USL), "usl");
    CHECK(curve_model_nparams(CURVE_SATURATING) == 2);
    CHECK(curve_model_nparams(CURVE_USL) == 3);
    CHECK(curve_model_nparams(CURVE_TABLE) == 0);
}

static void test_csv_good(void)
{
    const char *text = "# a comment\n"
                       "\n"
                       "concurrency,output_tok_s\r\n"
                       "  # an indented comment\n"
                       "25, 623.4\n"
                       "1,51.67\n"
                       "\t5 ,\t218.48  \n"
                       "50,814.37";
    struct curve_points pts;
    struct diag d = DIAG_INIT;
    CHECK(bench_parse("t.csv", text, strlen(text), &pts, &d) == 0);
    CHECK(!diag_failed(&d));
    CHECK(pts.n == 4);
    if (pts.n == 4) {
        /* Sorted by concurrency, each point keeps its line. */
        CHECK(pts.concurrency[0] == 1 && pts.tok_s[0] == 51.67 && pts.line[0] == 6);
        CHECK(pts.concurrency[1] == 5 && pts.tok_s[1] == 218.48 && pts.line[1] == 7);
        CHECK(pts.concurrency[2] == 25 && pts.tok_s[2] == 623.4 && pts.line[2] == 5);
        CHECK(pts.concurrency[3] == 50 && pts.tok_s[3] == 814.37 && pts.line[3] == 8);
    }
    CHECK_STR(pts.file, "t.csv");
    curve_points_release(&pts);
    curve_points_release(&pts); /* releasing twice is harmless */

    /*
     * Columns found by name, in any order, among others: vLLM's max_concurrency and
     * output_throughput, llmperf's TTFT in seconds (x 1000 = ms), an empty ITL (NAN).
     */
    const char *tools =
        "request_rate,max_concurrency,Output Throughput,results_ttft_s_mean,itl_ms\n"
        "inf,8,500,0.25,\n"
        "inf,1,111.5,0.05,9\n";
    CHECK(bench_parse("tools.csv", tools, strlen(tools), &pts, &d) == 0);
    CHECK(pts.n == 2 && pts.ttft_ms && pts.itl_ms);
    if (pts.n == 2 && pts.ttft_ms && pts.itl_ms) {
        CHECK(pts.concurrency[0] == 1 && pts.tok_s[0] == 111.5);
        CHECK_NEAR(pts.ttft_ms[0], 50, 1e-12);
        CHECK(pts.itl_ms[0] == 9);
        CHECK(pts.concurrency[1] == 8 && pts.tok_s[1] == 500);
        CHECK_NEAR(pts.ttft_ms[1], 250, 1e-12);
        CHECK(isnan(pts.itl_ms[1]));
    }
    curve_points_release(&pts);
    /* Without latency columns there are no latency arrays. */
    const char *plain = "concurrency,throughput\n2,90\n";
    CHECK(bench_parse("plain.csv", plain, strlen(plain), &pts, &d) == 0);
    CHECK(pts.n == 1 && pts.tok_s[0] == 90 && !pts.ttft_ms && !pts.itl_ms);
    curve_points_release(&pts);

    /* A UTF-8 byte order mark before the header is skipped. */
    const char *bom = "\xEF\xBB\xBF"
                      "concurrency,output_tok_s\n1,2\n";
    CHECK(bench_parse("bom.csv", bom, strlen(bom), &pts, &d) == 0);
    CHECK(pts.n == 1);
    curve_points_release(&pts);
    diag_release(&d);
}

/* Parses text that must fail with the message at line:col. */
static void csv_bad(const char *text, int line, int col, const char *message)
{
    struct curve_points pts;
    struct diag d = DIAG_INIT;
    CHECK(bench_parse("bad.csv", text, strlen(text), &pts, &d) == -1);
    CHECK(pts.n == 0 && pts.concurrency == NULL);
    CHECK_STR(d.message, message);
    CHECK_STR(d.file, "bad.csv");
    if (d.line != line || d.col != col) {
        fprintf(stderr, "  for \"%s\": at %d:%d, want %d:%d\n", message, d.line, d.col, line, col);
        CHECK(d.line == line && d.col == col);
    }
    diag_release(&d);
}

static void test_csv_bad(void)
{
    csv_bad("", 0, 0,
            "no header: the file needs a line naming its columns, such as "
            "'concurrency,output_tok_s', and then one point a line");
    csv_bad("# only comments\n\n", 0, 0,
            "no header: the file needs a line naming its columns, such as "
            "'concurrency,output_tok_s', and then one point a line");
    csv_bad("concurrency,output_tok_s\n# nothing\n", 1, 1,
            "no data after the header: expected one point a row, such as '32,1250.5'");
    csv_bad("conc,tok\n1,2\n", 1, 1,
            "the header has no concurrency column: name it 'concurrency', 'max_concurrency', "
            "'num_concurrent_requests'");
    csv_bad("concurrency,tok\n1,2\n", 1, 1,
            "the header has no output throughput column: name it 'output_tok_s', 'throughput', "
            "'output_throughput', 'output_token_throughput'");
    csv_bad("# x\n1,51.67\n", 2, 1,
            "the header naming the columns (such as 'concurrency,output_tok_s') must come before "
            "the data");
    csv_bad("concurrency,output_tok_s\n1,51.67,9\n", 2, 9, "this row has 3 cells, the header 2");
    csv_bad("concurrency,output_tok_s\n1\n", 2, 2,
            "this row has no 'output_tok_s' (column 2 of the header)");
    csv_bad("concurrency,output_tok_s\n1,fast\n", 2, 3,
            "'output_tok_s' needs a number such as '1250.5', got 'fast'");
    csv_bad("concurrency,output_tok_s\nten, 51\n", 2, 1,
            "'concurrency' needs a number such as '32', got 'ten'");
    csv_bad("concurrency,output_tok_s\n0x10,51\n", 2, 1,
            "'concurrency' needs a number such as '32', got '0x10'");
    csv_bad("concurrency,output_tok_s\n1,\n", 2, 3, "'output_tok_s' needs a number, got nothing");
    csv_bad("concurrency,output_tok_s\n1,1e999\n", 2, 3, "'output_tok_s' is out of range: '1e999'");
    csv_bad("concurrency,output_tok_s\n1,51\n0,10\n", 3, 1,
            "'concurrency' must be positive, got '0'");
    csv_bad("concurrency,output_tok_s\n1,-51\n", 2, 3,
            "'output_tok_s' must be positive, got '-51'");
    csv_bad("concurrency,output_tok_s\n5,10\n1,2\n 5,11\n5,12\n", 4, 2,
            "concurrency 5 appears twice (first on line 2)");
}

static void test_too_few_points(void)
{
    double c[] = {1, 2}, x[] = {10, 19};
    struct curve_points pts;
    struct curve_fit fit;
    struct diag d = DIAG_INIT;
    CHECK(curve_points_from_arrays(c, x, 2, &pts, &d) == 0);
    CHECK(curve_fit(&pts, CURVE_USL, &fit, &d) == -1);
    CHECK_STR(d.message, "the 'usl' model needs at least 3 points, got 2");
    diag_release(&d);
    curve_points_release(&pts);

    const char *text = "concurrency,output_tok_s\n4,100\n";
    CHECK(bench_parse("one.csv", text, strlen(text), &pts, &d) == 0);
    CHECK(curve_fit(&pts, CURVE_SATURATING, &fit, &d) == -1);
    CHECK_STR(d.message, "the 'saturating' model needs at least 2 points, got 1");
    CHECK_STR(d.file, "one.csv");
    CHECK(d.line == 0);
    diag_release(&d);
    CHECK(curve_fit(&pts, CURVE_TABLE, &fit, &d) == 0);
    curve_fit_release(&fit);
    curve_points_release(&pts);
}

static void test_saturating_misfits(void)
{
    struct curve_points pts;
    struct curve_fit fit;
    struct diag d = DIAG_INIT;

    /* Throughput per request rising: the best curve is a line, c_half -> infinity. */
    double c[] = {1, 2, 3, 4, 5}, x[] = {10, 40, 90, 160, 250};
    CHECK(curve_points_from_arrays(c, x, 5, &pts, &d) == 0);
    CHECK(curve_fit(&pts, CURVE_SATURATING, &fit, &d) == -1);
    CHECK(d.message && strstr(d.message, "the 'saturating' model does not level off: c_half "
                                         "runs to ") == d.message);
    diag_release(&d);
    curve_points_release(&pts);

    /* Throughput falling: x_max = 60, c_half = -0.4 gives 100, 75, 66.67, 63.16. */
    double c2[] = {1, 2, 4, 8}, x2[4];
    for (size_t i = 0; i < 4; i++)
        x2[i] = saturating(60, -0.4, c2[i]);
    CHECK(curve_points_from_arrays(c2, x2, 4, &pts, &d) == 0);
    CHECK(curve_fit(&pts, CURVE_SATURATING, &fit, &d) == -1);
    CHECK_STR(d.message, "the 'saturating' model bends the wrong way: c_half = -0.4 < 0, "
                         "throughput falls as concurrency grows; try --model usl or table");
    diag_release(&d);
    curve_points_release(&pts);
}

static void test_arrays_bad(void)
{
    struct curve_points pts;
    struct diag d = DIAG_INIT;
    double c[] = {1, 2, 1}, x[] = {5, 6, 7}, neg[] = {5, -6, 7};
    CHECK(curve_points_from_arrays(c, x, 3, &pts, &d) == -1);
    CHECK_STR(d.message, "point 3: concurrency 1 appears twice (first at point 1)");
    diag_release(&d);
    CHECK(curve_points_from_arrays(x, neg, 3, &pts, &d) == -1);
    CHECK_STR(d.message, "point 2: output tokens per second must be positive, got -6");
    diag_release(&d);
    CHECK(curve_points_from_arrays(c, x, 0, &pts, &d) == -1);
    CHECK_STR(d.message, "no points");
    diag_release(&d);
}

static void test_missing_file(void)
{
    struct curve_points pts;
    struct diag d = DIAG_INIT;
    CHECK(bench_read((const char *const[]){"tests/fit/data/no-such-file.csv"}, 1, &pts, &d) == -1);
    CHECK_STR(d.message, "cannot read the file: No such file or directory");
    diag_release(&d);
}

int main(void)
{
    test_exact_saturating();
    test_exact_usl();
    test_noisy_saturating();
    test_noisy_usl();
    test_usl_kappa_held();
    test_usl_sigma_held();
    test_exactly_determined();
    test_table();
    test_model_names();
    test_csv_good();
    test_csv_bad();
    test_too_few_points();
    test_saturating_misfits();
    test_arrays_bad();
    test_missing_file();
    TEST_END("curve");
}
