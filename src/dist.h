/*
 * dist: the distribution of one uncertain input.  A struct dist is a plain
 * value (no allocation, copy it freely): its kind, its parameters in base
 * units, and the limits of the field it belongs to.  Everything the sampler
 * needs from it is the quantile function (inverse CDF): a draw is
 * dist_quantile(d, u) for a u in (0, 1), so Latin hypercube and plain Monte
 * Carlo share one path, and P10/P90 for the tornado are quantiles too.
 *
 * Two ways to write one, both turned into the same value here:
 *   "50..90 tok/s"                  dist_parse_interval: a 90% interval
 *   {dist: triangular, low: 25%, mode: 40%, high: 50%}
 *                                   dist_from_args, with the numbers already
 *                                   parsed by the loader (dist_arg_quantity
 *                                   says with which kind and flags)
 * Both end with dist_limit, which fits the distribution to what the field
 * allows.
 *
 * The module neither prints nor exits; errors are messages the caller frees
 * and places at FILE:LINE:COL.  docs/uncertainty.md gives every formula.
 */
#ifndef RAFTCOST_DIST_H
#define RAFTCOST_DIST_H

#include "quantity.h"

enum dist_kind {
    DIST_CONSTANT,
    DIST_UNIFORM,
    DIST_TRIANGULAR,
    DIST_PERT, /* Beta on [low, high] with lambda 4 */
    DIST_NORMAL,
    DIST_LOGNORMAL,
};
#define DIST_KIND_COUNT 6

struct dist {
    enum dist_kind kind;
    /* constant: low = mode = high = the value; uniform: low, high (mode is
       the midpoint); triangular, pert: all three.  normal, lognormal: the
       support's bounds after dist_limit (-inf/inf before). */
    double low, mode, high;
    double mean, sd;    /* normal */
    double mu, sigma;   /* lognormal: mean and sd of the natural log of the value */
    double alpha, beta; /* pert: shapes of the Beta on [low, high] */
    /* Truncation by dist_limit (normal, lognormal only): the quantile is
       taken at u_low + u (u_high - u_low) and kept within [low, high]; 0 and
       1 when nothing is cut off.  open_low: low itself is not allowed. */
    double u_low, u_high;
    int open_low;
    int from_interval; /* written as A..B */
};

/* "constant", "uniform", "triangular", "pert", "normal", "lognormal". */
const char *dist_kind_name(enum dist_kind kind);
/*
 * The kind named name.  Returns 0, or -1 with *message (the caller frees):
 * "'KEY': unknown distribution 'triangle'; did you mean 'triangular'? ..."
 */
int dist_kind_parse(const char *name, const char *key, enum dist_kind *kind, char **message);

/* The keys of the mapping form besides `dist`. */
enum dist_arg {
    DIST_ARG_NONE = -1, /* the mapping as a whole */
    DIST_ARG_VALUE,     /* constant */
    DIST_ARG_LOW,
    DIST_ARG_MODE,
    DIST_ARG_HIGH,
    DIST_ARG_MEAN, /* normal */
    DIST_ARG_SD,
    DIST_ARG_MU, /* lognormal, of ln(value in base units): plain numbers */
    DIST_ARG_SIGMA,
    DIST_ARG_P5, /* normal or lognormal by its 5th and 95th percentiles */
    DIST_ARG_P95,
};
#define DIST_ARG_COUNT 10

/* "value", "low", "mode", "high", "mean", "sd", "mu", "sigma", "p5", "p95". */
const char *dist_arg_name(enum dist_arg arg);
/* The argument named name, or DIST_ARG_NONE. */
enum dist_arg dist_arg_from_name(const char *name);
/*
 * How the loader parses an argument of a field of kind field_kind with
 * field_flags: mu and sigma are plain numbers (QK_NUMBER; mu may be
 * negative, sigma must be positive); sd has the field's kind and must be
 * positive; every other argument has the field's kind and flags without
 * QF_INTEGER and QF_POSITIVE (a count may range over 0.5..3.5 and be
 * rounded; see sample.h), so that a range may start at zero.
 */
void dist_arg_quantity(enum dist_arg arg, enum qkind field_kind, unsigned field_flags,
                       enum qkind *kind, unsigned *flags);

/* The arguments of the mapping form, in base units. */
struct dist_args {
    unsigned present;                 /* bit (1u << arg) for each argument given */
    double value[DIST_ARG_COUNT];     /* its number */
    const char *text[DIST_ARG_COUNT]; /* as written, for messages; NULL: show the number */
};
#define DIST_ARGS_INIT                                                                             \
    {                                                                                              \
        0, {0},                                                                                    \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }
/* Records an argument (text may be NULL; it is borrowed). */
void dist_args_set(struct dist_args *args, enum dist_arg arg, double value, const char *text);

/*
 * Makes a distribution of the given kind from the mapping form's arguments:
 *   constant    value
 *   uniform     low, high
 *   triangular  low, mode, high
 *   pert        low, mode, high
 *   normal      mean, sd          or p5, p95
 *   lognormal   mu, sigma         or p5, p95
 * Returns 0 and fills *out, or -1 with *message (the caller frees) and *at:
 * the argument to point at (DIST_ARG_NONE: the mapping, e.g. a missing key).
 * Checked: every argument finite, low not above high (equal: no spread),
 * mode within [low, high], sd and sigma above zero, p5 not above p95 (equal:
 * a constant), p5 above zero for a lognormal; then dist_limit with the
 * field's flags (an error there has *at = DIST_ARG_NONE).
 */
int dist_from_args(enum dist_kind kind, const struct dist_args *args, const char *key,
                   unsigned flags, struct dist *out, char **message, enum dist_arg *at);

/*
 * Parses text as a range of a field of the given kind and flags:
 *   "A..B"   a 90% interval: A is the 5th percentile and B the 95th.
 *            Lognormal when the field must not be negative (as Squiggle's
 *            `a to b`; then A must be above zero), normal when flags allow
 *            negative values (QF_NEGATIVE, QF_ABOVE_MINUS_ONE).  A = B is a
 *            constant.
 *   "A"      a constant: the input is pinned.
 * Each end is parsed by quantity_parse (so units and limits are checked as
 * for any number of the field).  A unit written only after B applies to
 * both ends ("50..90 tok/s", "25..50%", "20k..40k/day"); ends may also carry
 * a unit each ("45 min..2 h"); a unit after A alone is an error.  A scale
 * suffix (k, M, B, T) belongs to its own number: "20..40k" is 20 to 40,000.
 * Blanks around ".." are allowed.
 * Then dist_limit with flags (an error there has *offset 0).
 * Returns 0 and fills *out, or -1 with *message (the caller frees) and
 * *offset (0-based, into text) at the problem.
 */
int dist_parse_interval(const char *text, enum qkind kind, unsigned flags, const char *key,
                        struct dist *out, char **message, int *offset);

/* A constant. */
struct dist dist_constant(double value);

/*
 * Fits d to the limits its field's quantity flags set: not negative (the
 * default), above zero (QF_POSITIVE), above -100% (QF_ABOVE_MINUS_ONE), any
 * (QF_NEGATIVE), at most 100% (QF_AT_MOST_ONE).  A bounded distribution
 * (constant, uniform, triangular, pert) must lie within them.  A normal or
 * lognormal is truncated to them when at most 1% of its weight lies outside
 * on either side (quantiles and mean are then those of the truncated
 * distribution); more is an error.  Returns 0, or -1 with *message.
 */
int dist_limit(struct dist *d, unsigned flags, const char *key, char **message);

/* The quantile at u in (0, 1): the value below which a share u lies. */
double dist_quantile(const struct dist *d, double u);
/* The mean (of the truncated distribution after dist_limit). */
double dist_mean(const struct dist *d);
/* 1 when every draw gives the same value. */
int dist_is_constant(const struct dist *d);

#endif
