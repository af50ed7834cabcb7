/*
 * format: see format.h.
 */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Digits of a non-negative integer-valued number with thousands separators. */
static void group_digits(char *out, size_t size, double whole)
{
    char digits[48];
    snprintf(digits, sizeof digits, "%.0f", whole);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

static const char *money_prefix(const char *currency, char *tmp, size_t size)
{
    if (strcmp(currency, "USD") == 0)
        return "$";
    snprintf(tmp, size, "%s ", currency);
    return tmp;
}

char *fmt_money(char *buf, const char *currency, double amount)
{
    char prefix_buf[8], grouped[32];
    const char *prefix = money_prefix(currency, prefix_buf, sizeof prefix_buf);
    double cents = round(fabs(amount) * 100.0);
    if (cents >= 1e17) {
        snprintf(buf, FMT_SIZE, "%s%s%.3g", amount < 0 ? "-" : "", prefix, fabs(amount));
        return buf;
    }
    /* Below a dollar, cents alone lose what a price such as $0.01085 says: three digits. */
    if (fabs(amount) < 0.995 && fabs(fabs(amount) - cents / 100.0) > 1e-9) {
        char digits[32];
        int decimals = 2 - (int)floor(log10(fabs(amount)));
        if (decimals < 2)
            decimals = 2;
        if (decimals > 10)
            decimals = 10;
        snprintf(digits, sizeof digits, "%.*f", decimals, fabs(amount));
        /* No zeros past the cents: $0.50, not $0.500. */
        size_t n = strlen(digits), dot = (size_t)(strchr(digits, '.') - digits);
        while (n > dot + 3 && digits[n - 1] == '0')
            digits[--n] = '\0';
        snprintf(buf, FMT_SIZE, "%s%s%s", amount < 0 ? "-" : "", prefix, digits);
        return buf;
    }
    double whole = floor(cents / 100.0);
    group_digits(grouped, sizeof grouped, whole);
    snprintf(buf, FMT_SIZE, "%s%s%s.%02d", amount < 0 && cents > 0 ? "-" : "", prefix, grouped,
             (int)(cents - whole * 100.0));
    return buf;
}

char *fmt_number(char *buf, double v)
{
    /* Four significant digits below a thousand; above, whole and grouped: 1,120, 12,346. */
    if (!isfinite(v) || fabs(v) < 999.5) {
        snprintf(buf, FMT_SIZE, "%.4g", v);
        return buf;
    }
    return fmt_count(buf, v);
}

char *fmt_unit_price(char *buf, const char *currency, double amount)
{
    char prefix_buf[8];
    const char *prefix = money_prefix(currency, prefix_buf, sizeof prefix_buf);
    if (amount >= 1.0 || amount == 0)
        return fmt_money(buf, currency, amount);
    snprintf(buf, FMT_SIZE, "%s%.4g", prefix, amount);
    /* %g may switch to exponents for tiny prices; fixed is easier to read. */
    if (strchr(buf, 'e')) {
        snprintf(buf, FMT_SIZE, "%s%.10f", prefix, amount);
        /* Without the zeros of the fixed form: $0.000075, not $0.0000750000. */
        size_t n = strlen(buf);
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
    }
    return buf;
}

char *fmt_tokens(char *buf, double tokens)
{
    static const struct {
        double scale;
        const char *suffix;
    } scales[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    /* From a million trillion on, digits say nothing: "1.2e+80", which fits the buffer. */
    if (fabs(tokens) >= 1e18) {
        snprintf(buf, FMT_SIZE, "%.3g", tokens);
        return buf;
    }
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (fabs(tokens) >= scales[i].scale * 0.9995 || (i == 0 && fabs(tokens) >= 1e15)) {
            snprintf(buf, FMT_SIZE, "%.1f%s", tokens / scales[i].scale, scales[i].suffix);
            return buf;
        }
    snprintf(buf, FMT_SIZE, "%.0f", tokens);
    return buf;
}

char *fmt_count(char *buf, double n)
{
    if (fabs(n) >= 1e18) {
        snprintf(buf, FMT_SIZE, "%.3g", n);
        return buf;
    }
    group_digits(buf + (n < 0), FMT_SIZE - 1, round(fabs(n)));
    if (n < 0)
        buf[0] = '-';
    return buf;
}

char *fmt_duration(char *buf, double seconds)
{
    /* A rate that rounds to zero (a subnormal throughput) makes a time too long to hold. */
    if (isinf(seconds) && seconds > 0) {
        snprintf(buf, FMT_SIZE, "forever");
        return buf;
    }
    if (isnan(seconds)) {
        snprintf(buf, FMT_SIZE, "n/a");
        return buf;
    }
    double s = round(seconds);
    if (s < 60) {
        snprintf(buf, FMT_SIZE, "%.0f s", s);
    } else if (s < 600) {
        /* Under ten minutes the seconds matter: 87 s is "1 min 27 s", not "1 min". */
        double m = floor(s / 60), rest = s - 60 * m;
        if (rest == 0)
            snprintf(buf, FMT_SIZE, "%.0f min", m);
        else
            snprintf(buf, FMT_SIZE, "%.0f min %.0f s", m, rest);
    } else if (s < 3600) {
        snprintf(buf, FMT_SIZE, "%.0f min", round(s / 60));
    } else if (s < 100 * 3600) {
        double minutes = round(s / 60);
        double h = floor(minutes / 60), m = minutes - 60 * h;
        if (m == 0)
            snprintf(buf, FMT_SIZE, "%.0f h", h);
        else
            snprintf(buf, FMT_SIZE, "%.0f h %.0f min", h, m);
    } else if (s < 1e15) {
        double hours = round(s / 3600);
        double d = floor(hours / 24), h = hours - 24 * d;
        if (h == 0)
            snprintf(buf, FMT_SIZE, "%.0f d", d);
        else
            snprintf(buf, FMT_SIZE, "%.0f d %.0f h", d, h);
    } else {
        snprintf(buf, FMT_SIZE, "%.3g d", s / 86400);
    }
    return buf;
}

char *fmt_ratio(char *buf, double ratio)
{
    if (isnan(ratio))
        snprintf(buf, FMT_SIZE, "n/a");
    else if (ratio >= 1e6)
        snprintf(buf, FMT_SIZE, "%.3gx", ratio);
    else
        snprintf(buf, FMT_SIZE, "%.2fx", ratio);
    return buf;
}

char *fmt_percent(char *buf, double fraction)
{
    if (fabs(fraction * 100.0) >= 1e15)
        snprintf(buf, FMT_SIZE, "%.3g%%", fraction * 100.0);
    else
        snprintf(buf, FMT_SIZE, "%.1f%%", fraction * 100.0);
    return buf;
}
