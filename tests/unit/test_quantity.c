/* Unit tests of the quantity parser: every expectation is worked out by hand. */
#include <stdlib.h>

#include "quantity.h"
#include "test.h"

static double parse_ok(const char *text, enum qkind kind, unsigned flags)
{
    double v = -12345;
    char *msg = NULL;
    int off = -1;
    if (quantity_parse(text, kind, flags, "x", &v, &msg, &off) != 0) {
        fprintf(stderr, "unexpected error for '%s': %s\n", text, msg);
        free(msg);
        return NAN;
    }
    return v;
}

/* Returns the message of an expected error (caller frees), NULL if it parsed. */
static char *parse_err(const char *text, enum qkind kind, unsigned flags, int *off)
{
    double v;
    char *msg = NULL;
    if (quantity_parse(text, kind, flags, "f", &v, &msg, off) == 0)
        return NULL;
    return msg;
}

static void check_err(const char *text, enum qkind kind, unsigned flags, const char *want,
                      int want_off)
{
    int off = -1;
    char *msg = parse_err(text, kind, flags, &off);
    CHECK_STR(msg, want);
    CHECK(off == want_off);
    free(msg);
}

int main(void)
{
    /* scale suffixes */
    CHECK_NEAR(parse_ok("18k", QK_NUMBER, 0), 18000, 1e-15);
    CHECK_NEAR(parse_ok("10M", QK_NUMBER, 0), 10e6, 1e-15);
    CHECK_NEAR(parse_ok("3.7M", QK_NUMBER, 0), 3.7e6, 1e-15);
    CHECK_NEAR(parse_ok("2.5B", QK_NUMBER, 0), 2.5e9, 1e-15);
    CHECK_NEAR(parse_ok("312T", QK_NUMBER, 0), 312e12, 1e-15);
    CHECK_NEAR(parse_ok("18_000", QK_NUMBER, 0), 18000, 1e-15);
    CHECK_NEAR(parse_ok("1e6", QK_NUMBER, 0), 1e6, 1e-15);
    CHECK_NEAR(parse_ok("0.00378", QK_NUMBER, 0), 0.00378, 1e-15);
    /* durations in seconds: 1.5 h = 5400 s, 90 min = 5400 s, month = 730 h */
    CHECK_NEAR(parse_ok("1.5 h", QK_DURATION, 0), 5400, 1e-15);
    CHECK_NEAR(parse_ok("90 min", QK_DURATION, 0), 5400, 1e-15);
    CHECK_NEAR(parse_ok("12 months", QK_DURATION, 0), 12 * 730 * 3600.0, 1e-15);
    CHECK_NEAR(parse_ok("1 year", QK_DURATION, 0), 8760 * 3600.0, 1e-15);
    CHECK_NEAR(parse_ok("2 d", QK_DURATION, 0), 172800, 1e-15);
    CHECK_NEAR(parse_ok("15min", QK_DURATION, 0), 900, 1e-15);
    /* rates per second: 20k/day = 20000 / 86400 */
    CHECK_NEAR(parse_ok("20k/day", QK_RATE, 0), 20000.0 / 86400, 1e-15);
    CHECK_NEAR(parse_ok("5/s", QK_RATE, 0), 5, 1e-15);
    CHECK_NEAR(parse_ok("730/month", QK_RATE, 0), 1.0 / 3600, 1e-15);
    /* throughput: plain numbers are tok/s; 4200 tok/min = 70 tok/s */
    CHECK_NEAR(parse_ok("70 tok/s", QK_THROUGHPUT, 0), 70, 1e-15);
    CHECK_NEAR(parse_ok("140", QK_THROUGHPUT, 0), 140, 1e-15);
    CHECK_NEAR(parse_ok("4200 tok/min", QK_THROUGHPUT, 0), 70, 1e-15);
    /* fractions and ratios */
    CHECK_NEAR(parse_ok("15%", QK_FRACTION, 0), 0.15, 1e-15);
    CHECK_NEAR(parse_ok("0.15", QK_FRACTION, 0), 0.15, 1e-15);
    CHECK_NEAR(parse_ok("-5%", QK_FRACTION, QF_ABOVE_MINUS_ONE), -0.05, 1e-15);
    CHECK_NEAR(parse_ok("100x", QK_RATIO, 0), 100, 1e-15);
    CHECK_NEAR(parse_ok("7.5", QK_RATIO, 0), 7.5, 1e-15);

    check_err("1.5", QK_DURATION, 0,
              "'f' needs a unit (s, min, h, day, week, month or year), got '1.5'", 0);
    check_err("20000", QK_RATE, 0, "'f' needs a unit (/s, /min, /h, /day or /month), got '20000'",
              0);
    check_err("fast", QK_THROUGHPUT, 0, "'f' needs a throughput such as '70 tok/s', got 'fast'", 0);
    check_err("3 h", QK_NUMBER, 0, "'f' takes a plain number such as '18k', got '3 h'", 2);
    check_err("70 tok/s", QK_DURATION, 0,
              "'f' needs a duration such as '1.5 h' or '90 min'; unit 'tok/s' does not fit "
              "(use s, min, h, day, week, month or year)",
              3);
    check_err("-2", QK_NUMBER, 0, "'f' must not be negative, got '-2'", 0);
    check_err("0", QK_THROUGHPUT, QF_POSITIVE, "'f' must be greater than zero, got '0'", 0);
    check_err("2.5", QK_NUMBER, QF_INTEGER, "'f' must be a whole number, got '2.5'", 0);
    check_err("-100%", QK_FRACTION, QF_ABOVE_MINUS_ONE, "'f' must be above -100%, got '-100%'", 0);
    check_err("150%", QK_FRACTION, QF_AT_MOST_ONE, "'f' must be at most 100%, got '150%'", 0);
    check_err("1e400", QK_NUMBER, 0, "'f' is out of range: '1e400'", 0);
    check_err("inf", QK_NUMBER, 0, "'f' needs a number such as '18k' or '3.7M', got 'inf'", 0);
    check_err("nan", QK_NUMBER, 0, "'f' needs a number such as '18k' or '3.7M', got 'nan'", 0);
    check_err("10Mtok", QK_NUMBER, 0, "'f': unknown unit 'Mtok' in '10Mtok'", 2);
    check_err("1 h h", QK_DURATION, 0, "'f': unexpected text after the unit in '1 h h'", 3);
    check_err("1__0", QK_NUMBER, 0, "'f' takes a plain number such as '18k', got '1__0'", 1);
    TEST_END("quantity");
}
