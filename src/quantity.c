/*
 * quantity: see quantity.h.  The grammar is
 *   [+-] digits[_digits...] [.digits] [e[+-]digits] [k|M|B|T] [spaces] [unit]
 * Scale suffixes are case-sensitive; units are whole words from the tables
 * below.  strtod is used only on the cleaned number, never on raw input, so
 * "inf", "nan" and hex floats are not numbers here.
 */
#include "quantity.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct unit {
    const char *name;
    double factor;
};

#define HOUR 3600.0
#define MONTH (730.0 * HOUR)

static const struct unit duration_units[] = {
    {"s", 1},
    {"sec", 1},
    {"secs", 1},
    {"second", 1},
    {"seconds", 1},
    {"min", 60},
    {"mins", 60},
    {"minute", 60},
    {"minutes", 60},
    {"h", HOUR},
    {"hr", HOUR},
    {"hrs", HOUR},
    {"hour", HOUR},
    {"hours", HOUR},
    {"d", 24 * HOUR},
    {"day", 24 * HOUR},
    {"days", 24 * HOUR},
    {"week", 168 * HOUR},
    {"weeks", 168 * HOUR},
    {"month", MONTH},
    {"months", MONTH},
    {"year", 8760 * HOUR},
    {"years", 8760 * HOUR},
    {NULL, 0},
};

/* Rates: the value is divided by the period. */
static const struct unit rate_units[] = {
    {"/s", 1},           {"/sec", 1},
    {"/min", 60},        {"/h", HOUR},
    {"/hour", HOUR},     {"/d", 24 * HOUR},
    {"/day", 24 * HOUR}, {"/week", 168 * HOUR},
    {"/month", MONTH},   {"/year", 8760 * HOUR},
    {NULL, 0},
};

static const struct unit throughput_units[] = {
    {"tok/s", 1},    {"tokens/s", 1},    {"tok/min", 60}, {"tokens/min", 60},
    {"tok/h", HOUR}, {"tokens/h", HOUR}, {NULL, 0},
};

static const char *const kind_examples[] = {
    [QK_NUMBER] = "a number such as '18k' or '3.7M'",
    [QK_DURATION] = "a duration such as '1.5 h' or '90 min'",
    [QK_RATE] = "a rate such as '20k/day' or '5/s'",
    [QK_THROUGHPUT] = "a throughput such as '70 tok/s'",
    [QK_FRACTION] = "a percentage such as '15%'",
    [QK_RATIO] = "a ratio such as '100x'",
};

static const char *const kind_units[] = {
    [QK_NUMBER] = "no unit",
    [QK_DURATION] = "s, min, h, day, week, month or year",
    [QK_RATE] = "/s, /min, /h, /day or /month",
    [QK_THROUGHPUT] = "tok/s, tok/min or tok/h",
    [QK_FRACTION] = "%",
    [QK_RATIO] = "x",
};

const char *quantity_kind_example(enum qkind kind)
{
    return kind_examples[kind];
}

static const struct unit *find_unit(const struct unit *table, const char *name)
{
    for (; table && table->name; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}

static int fail(char **message, int *offset, int at, char *text)
{
    *message = text;
    *offset = at;
    return -1;
}

int quantity_valid(double v, unsigned flags)
{
    return isfinite(v) && (v >= 0 || (flags & (QF_NEGATIVE | QF_ABOVE_MINUS_ONE))) &&
           !((flags & QF_ABOVE_MINUS_ONE) && v <= -1.0) && !((flags & QF_POSITIVE) && v == 0) &&
           !((flags & QF_AT_MOST_ONE) && v > 1.0) &&
           !((flags & QF_INTEGER) && (v != floor(v) || v > 1e15));
}

int quantity_check(double v, unsigned flags, const char *key, const char *text, char **message)
{
    if (!isfinite(v))
        *message = xasprintf("'%s' is out of range: '%s'", key, text);
    else if (v < 0 && !(flags & (QF_NEGATIVE | QF_ABOVE_MINUS_ONE)))
        *message = xasprintf("'%s' must not be negative, got '%s'", key, text);
    else if ((flags & QF_ABOVE_MINUS_ONE) && v <= -1.0)
        *message = xasprintf("'%s' must be above -100%%, got '%s'", key, text);
    else if ((flags & QF_POSITIVE) && v == 0)
        *message = xasprintf("'%s' must be greater than zero, got '%s'", key, text);
    else if ((flags & QF_AT_MOST_ONE) && v > 1.0)
        *message = xasprintf("'%s' must be at most 100%%, got '%s'", key, text);
    else if ((flags & QF_INTEGER) && (v != floor(v) || v > 1e15))
        *message = xasprintf("'%s' must be a whole number, got '%s'", key, text);
    else
        return 0;
    return -1;
}

int quantity_parse(const char *text, enum qkind kind, unsigned flags, const char *key,
                   double *value, char **message, int *offset)
{
    const char *p = text;
    char digits[128];
    size_t nd = 0;
    int seen_digit = 0;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        digits[nd++] = *p++;
    /* Integer and fraction parts; '_' only between digits. */
    for (int part = 0; part < 2; part++) {
        if (part == 1) {
            if (*p != '.')
                break;
            digits[nd++] = *p++;
        }
        while (nd < sizeof digits - 8) {
            if (isdigit((unsigned char)*p)) {
                digits[nd++] = *p++;
                seen_digit = 1;
            } else if (*p == '_' && p > text && isdigit((unsigned char)p[-1]) &&
                       isdigit((unsigned char)p[1])) {
                p++;
            } else {
                break;
            }
        }
    }
    if (!seen_digit)
        return fail(message, offset, 0,
                    xasprintf("'%s' needs %s, got '%s'", key, kind_examples[kind], text));
    if ((*p == 'e' || *p == 'E') &&
        (isdigit((unsigned char)p[1]) ||
         ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
        digits[nd++] = *p++;
        if (*p == '+' || *p == '-')
            digits[nd++] = *p++;
        while (isdigit((unsigned char)*p) && nd < sizeof digits - 1)
            digits[nd++] = *p++;
    }
    if (nd >= sizeof digits - 8 || isdigit((unsigned char)*p))
        return fail(message, offset, 0, xasprintf("'%s': number too long: '%s'", key, text));
    digits[nd] = '\0';
    errno = 0;
    double v = strtod(digits, NULL);
    if (errno == ERANGE && fabs(v) > 1.0)
        return fail(message, offset, 0, xasprintf("'%s' is out of range: '%s'", key, text));

    /* A scale suffix sticks to the number. */
    switch (*p) {
    case 'k':
        v *= 1e3;
        p++;
        break;
    case 'M':
        v *= 1e6;
        p++;
        break;
    case 'B':
        v *= 1e9;
        p++;
        break;
    case 'T':
        v *= 1e12;
        p++;
        break;
    default:
        break;
    }
    /* A scale letter followed by more letters was a unit, not a scale. */
    if (p > text && strchr("kMBT", p[-1]) && isalpha((unsigned char)*p))
        return fail(message, offset, (int)(p - 1 - text),
                    xasprintf("'%s': unknown unit '%s' in '%s'", key, p - 1, text));

    while (*p == ' ' || *p == '\t')
        p++;
    int unit_at = (int)(p - text);
    char unit[32];
    size_t ul = strcspn(p, " \t");
    if (ul >= sizeof unit)
        return fail(message, offset, unit_at, xasprintf("'%s': unknown unit in '%s'", key, text));
    memcpy(unit, p, ul);
    unit[ul] = '\0';
    if (p[ul] != '\0')
        return fail(message, offset, unit_at + (int)ul,
                    xasprintf("'%s': unexpected text after the unit in '%s'", key, text));

    const struct unit *u;
    if (unit[0] == '\0') {
        if (kind == QK_DURATION || kind == QK_RATE)
            return fail(message, offset, 0,
                        xasprintf("'%s' needs a unit (%s), got '%s'", key, kind_units[kind], text));
    } else if (kind == QK_DURATION && (u = find_unit(duration_units, unit))) {
        v *= u->factor;
    } else if (kind == QK_RATE && (u = find_unit(rate_units, unit))) {
        v /= u->factor;
    } else if (kind == QK_THROUGHPUT && (u = find_unit(throughput_units, unit))) {
        v /= u->factor;
    } else if (kind == QK_FRACTION && strcmp(unit, "%") == 0) {
        v /= 100.0;
    } else if (kind == QK_RATIO && strcmp(unit, "x") == 0) {
        /* a ratio is its own value */
    } else if (kind == QK_NUMBER) {
        return fail(message, offset, unit_at,
                    xasprintf("'%s' takes a plain number such as '18k', got '%s'", key, text));
    } else {
        return fail(message, offset, unit_at,
                    xasprintf("'%s' needs %s; unit '%s' does not fit (use %s)", key,
                              kind_examples[kind], unit, kind_units[kind]));
    }

    /* "growth: 10" is 1000%, not 10%: a share above 1 needs its '%'. */
    if (kind == QK_FRACTION && unit[0] == '\0' && fabs(v) > 1.0)
        return fail(message, offset, 0,
                    xasprintf("'%s' is a fraction: a plain '%g' would mean %g%%; write '%g%%' "
                              "(or %g)",
                              key, v, v * 100.0, v, v / 100.0));
    if (quantity_check(v, flags, key, text, message) != 0) {
        *offset = 0;
        return -1;
    }
    *value = v;
    return 0;
}

int quantity_split(const char *text, double *number, const char **unit)
{
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    const char *start = p;
    while (*p && strchr("+-0123456789._eE", *p))
        p++;
    if (*p && strchr("kMBT", *p))
        p++;
    char *num = xstrndup(start, (size_t)(p - start));
    char *msg = NULL;
    int off;
    int rc = quantity_parse(num, QK_NUMBER, QF_NEGATIVE, "value", number, &msg, &off);
    free(msg);
    free(num);
    while (*p == ' ' || *p == '\t')
        p++;
    *unit = p;
    return rc;
}
