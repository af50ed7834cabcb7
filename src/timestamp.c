/*
 * timestamp: see timestamp.h.  The calendar arithmetic is the proleptic
 * Gregorian day count (days since 1970-01-01 from year, month and day, and
 * back), done with integers so that every date maps to exactly one day.
 */
#include "timestamp.h"

#include <math.h>
#include <stdio.h>

/* Days from 1970-01-01 to y-m-d (Gregorian; m 1..12, d 1..31). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(long y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads exactly n digits at *p; returns -1 when they are not there. */
static long digits(const char **p, const char *end, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || !is_digit(**p))
            return -1;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v;
}

static int fail(const char *start, const char *at, const char *message, const char **why,
                size_t *offset)
{
    *why = message;
    *offset = (size_t)(at - start);
    return -1;
}

/* Unix seconds as digits with an optional fraction. */
static int parse_epoch(const char *text, const char *p, const char *end, double *epoch_s,
                       const char **why, size_t *offset)
{
    double whole = 0, frac = 0, scale = 1;
    const char *first = p;
    while (p < end && is_digit(*p))
        whole = whole * 10 + (*p++ - '0');
    if (p < end && *p == '.') {
        p++;
        while (p < end && is_digit(*p)) {
            scale /= 10;
            frac += (*p++ - '0') * scale;
        }
    }
    if (p != end || p == first)
        return fail(text, p,
                    "expected a date and time such as '2024-06-01T12:00:00Z' or Unix "
                    "seconds",
                    why, offset);
    if (whole >= 1e11)
        return fail(text, first,
                    "Unix time must be in seconds; this number is too large (milliseconds?)", why,
                    offset);
    *epoch_s = whole + frac;
    return 0;
}

int timestamp_parse(const char *text, size_t len, unsigned flags, double *epoch_s, const char **why,
                    size_t *offset)
{
    const char *p = text, *end = text + len;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    if (p == end)
        return fail(text, p, "empty time", why, offset);

    /* A date starts with four digits and '-'; anything else may be a number. */
    const char *q = p;
    while (q < end && is_digit(*q))
        q++;
    if (!(q - p == 4 && q < end && *q == '-')) {
        if (!(flags & TIMESTAMP_EPOCH))
            return fail(text, p, "expected a date and time such as '2024-06-01T12:00:00Z'", why,
                        offset);
        return parse_epoch(text, p, end, epoch_s, why, offset);
    }

    const char *at = p;
    long year = digits(&p, end, 4);
    if (year < 0 || p >= end || *p != '-')
        return fail(text, at, "expected a date such as '2024-06-01'", why, offset);
    p++;
    at = p;
    long month = digits(&p, end, 2);
    if (month < 0 || p >= end || *p != '-')
        return fail(text, at, "expected a two-digit month, as in '2024-06-01'", why, offset);
    if (month < 1 || month > 12)
        return fail(text, at, "month must be 01 to 12", why, offset);
    p++;
    at = p;
    long day = digits(&p, end, 2);
    if (day < 0)
        return fail(text, at, "expected a two-digit day, as in '2024-06-01'", why, offset);
    if (day < 1 || day > days_in_month(year, (int)month))
        return fail(text, at, "that day does not exist in that month", why, offset);
    if (p >= end || (*p != 'T' && *p != 't' && *p != ' '))
        return fail(text, p, "expected 'T' or a space and a time after the date", why, offset);
    p++;
    at = p;
    long hour = digits(&p, end, 2);
    if (hour < 0 || p >= end || *p != ':')
        return fail(text, at, "expected a time such as '12:34:56'", why, offset);
    if (hour > 23)
        return fail(text, at, "hour must be 00 to 23", why, offset);
    p++;
    at = p;
    long minute = digits(&p, end, 2);
    if (minute < 0)
        return fail(text, at, "expected two-digit minutes, as in '12:34:56'", why, offset);
    if (minute > 59)
        return fail(text, at, "minutes must be 00 to 59", why, offset);
    double second = 0;
    if (p < end && *p == ':') {
        p++;
        at = p;
        long s = digits(&p, end, 2);
        if (s < 0)
            return fail(text, at, "expected two-digit seconds, as in '12:34:56'", why, offset);
        if (s > 59)
            return fail(text, at, "seconds must be 00 to 59", why, offset);
        second = (double)s;
        if (p < end && (*p == '.' || *p == ',')) {
            p++;
            at = p;
            double scale = 1;
            while (p < end && is_digit(*p)) {
                scale /= 10;
                second += (*p++ - '0') * scale;
            }
            if (p == at)
                return fail(text, at, "expected digits after the decimal point", why, offset);
        }
    }
    double zone_s = 0;
    if (p < end && (*p == 'Z' || *p == 'z')) {
        p++;
    } else if (p < end && (*p == '+' || *p == '-')) {
        int sign = *p == '-' ? -1 : 1;
        p++;
        at = p;
        long zh = digits(&p, end, 2), zm = 0;
        if (zh < 0)
            return fail(text, at, "expected a zone offset such as '+02:00'", why, offset);
        if (p < end && *p == ':')
            p++;
        if (p < end) {
            zm = digits(&p, end, 2);
            if (zm < 0)
                return fail(text, at, "expected a zone offset such as '+02:00'", why, offset);
        }
        if (zh > 23 || zm > 59)
            return fail(text, at, "zone offset out of range", why, offset);
        zone_s = sign * (double)(zh * 3600 + zm * 60);
    }
    if (p != end)
        return fail(text, p, "unexpected text after the time (a zone is 'Z' or '+02:00')", why,
                    offset);
    double days = (double)days_from_civil(year, (int)month, (int)day);
    *epoch_s = days * 86400.0 + (double)(hour * 3600 + minute * 60) + second - zone_s;
    return 0;
}

void timestamp_format(double epoch_s, char *buf, size_t size)
{
    if (!isfinite(epoch_s)) {
        snprintf(buf, size, "unknown");
        return;
    }
    double whole = floor(epoch_s + 0.5);
    long days = (long)floor(whole / 86400.0);
    long rest = (long)(whole - (double)days * 86400.0);
    long y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%04ld-%02d-%02d %02ld:%02ld:%02ldZ", y, m, d, rest / 3600, rest / 60 % 60,
             rest % 60);
}
