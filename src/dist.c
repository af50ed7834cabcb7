/*
 * dist: see dist.h.  Quantiles come from GSL's inverse CDFs (flat, Gaussian,
 * lognormal, Beta for PERT); GSL has none for the triangular, whose inverse
 * is a closed form.  Parameters are checked here, before any GSL call, so
 * GSL's error handler (which aborts by default) is never reached: the Beta
 * shapes of a PERT lie in [1, 5], where gsl_cdf_beta_Pinv converges.
 */
#include "dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The weight a truncation may cut off on either side (see dist_limit). */
#define DIST_MAX_CUT 0.01
/* PERT's weight of the mode. */
#define PERT_LAMBDA 4.0

static const char *const kind_names[DIST_KIND_COUNT] = {
    [DIST_CONSTANT] = "constant", [DIST_UNIFORM] = "uniform", [DIST_TRIANGULAR] = "triangular",
    [DIST_PERT] = "pert",         [DIST_NORMAL] = "normal",   [DIST_LOGNORMAL] = "lognormal",
};

static const char *const arg_names[DIST_ARG_COUNT] = {
    [DIST_ARG_VALUE] = "value", [DIST_ARG_LOW] = "low",     [DIST_ARG_MODE] = "mode",
    [DIST_ARG_HIGH] = "high",   [DIST_ARG_MEAN] = "mean",   [DIST_ARG_SD] = "sd",
    [DIST_ARG_MU] = "mu",       [DIST_ARG_SIGMA] = "sigma", [DIST_ARG_P5] = "p5",
    [DIST_ARG_P95] = "p95",
};

#define BIT(a) (1u << (a))

/* The arguments each kind takes; normal and lognormal have a second form. */
static const unsigned kind_args[DIST_KIND_COUNT] = {
    [DIST_CONSTANT] = BIT(DIST_ARG_VALUE),
    [DIST_UNIFORM] = BIT(DIST_ARG_LOW) | BIT(DIST_ARG_HIGH),
    [DIST_TRIANGULAR] = BIT(DIST_ARG_LOW) | BIT(DIST_ARG_MODE) | BIT(DIST_ARG_HIGH),
    [DIST_PERT] = BIT(DIST_ARG_LOW) | BIT(DIST_ARG_MODE) | BIT(DIST_ARG_HIGH),
    [DIST_NORMAL] = BIT(DIST_ARG_MEAN) | BIT(DIST_ARG_SD),
    [DIST_LOGNORMAL] = BIT(DIST_ARG_MU) | BIT(DIST_ARG_SIGMA),
};
static const unsigned interval_args = BIT(DIST_ARG_P5) | BIT(DIST_ARG_P95);

const char *dist_kind_name(enum dist_kind kind)
{
    return kind_names[kind];
}

int dist_kind_parse(const char *name, const char *key, enum dist_kind *kind, char **message)
{
    size_t best = 0, best_dist = (size_t)-1;
    for (size_t k = 0; k < DIST_KIND_COUNT; k++) {
        if (strcmp(name, kind_names[k]) == 0) {
            *kind = (enum dist_kind)k;
            return 0;
        }
        size_t dist = edit_distance(name, kind_names[k]);
        if (dist < best_dist) {
            best_dist = dist;
            best = k;
        }
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "'%s': unknown distribution '%s'", key, name);
    if (best_dist <= 3)
        strbuf_printf(&sb, "; did you mean '%s'?", kind_names[best]);
    strbuf_puts(&sb, " (constant, uniform, triangular, pert, normal or lognormal)");
    *message = strbuf_detach(&sb);
    return -1;
}

const char *dist_arg_name(enum dist_arg arg)
{
    return arg_names[arg];
}

enum dist_arg dist_arg_from_name(const char *name)
{
    for (int a = 0; a < DIST_ARG_COUNT; a++)
        if (strcmp(name, arg_names[a]) == 0)
            return (enum dist_arg)a;
    return DIST_ARG_NONE;
}

void dist_arg_quantity(enum dist_arg arg, enum qkind field_kind, unsigned field_flags,
                       enum qkind *kind, unsigned *flags)
{
    switch (arg) {
    case DIST_ARG_MU:
        *kind = QK_NUMBER;
        *flags = QF_NEGATIVE;
        break;
    case DIST_ARG_SIGMA:
        *kind = QK_NUMBER;
        *flags = QF_POSITIVE;
        break;
    case DIST_ARG_SD:
        *kind = field_kind;
        *flags = QF_POSITIVE;
        break;
    default:
        *kind = field_kind;
        *flags = field_flags & ~(QF_INTEGER | QF_POSITIVE);
        break;
    }
}

void dist_args_set(struct dist_args *args, enum dist_arg arg, double value, const char *text)
{
    args->present |= BIT(arg);
    args->value[arg] = value;
    args->text[arg] = text;
}

struct dist dist_constant(double value)
{
    struct dist d;
    memset(&d, 0, sizeof d);
    d.kind = DIST_CONSTANT;
    d.low = d.mode = d.high = d.mean = value;
    d.u_high = 1;
    return d;
}

static struct dist dist_blank(enum dist_kind kind)
{
    struct dist d = dist_constant(0);
    d.kind = kind;
    d.low = -INFINITY;
    d.high = INFINITY;
    return d;
}

/* The 95th percentile of the standard normal: the half-width of a 90% interval in sds. */
static double z95(void)
{
    return gsl_cdf_ugaussian_Pinv(0.95);
}

static struct dist make_bounded(enum dist_kind kind, double low, double mode, double high)
{
    struct dist d = dist_blank(kind);
    d.low = low;
    d.mode = mode;
    d.high = high;
    if (kind == DIST_PERT && high > low) {
        d.alpha = 1 + PERT_LAMBDA * (mode - low) / (high - low);
        d.beta = 1 + PERT_LAMBDA * (high - mode) / (high - low);
    }
    return d;
}

static struct dist make_normal(double mean, double sd)
{
    struct dist d = dist_blank(DIST_NORMAL);
    d.mean = mean;
    d.sd = sd;
    return d;
}

static struct dist make_lognormal(double mu, double sigma)
{
    struct dist d = dist_blank(DIST_LOGNORMAL);
    d.low = 0;
    d.mu = mu;
    d.sigma = sigma;
    return d;
}

/* A 90% interval: p5 and p95 given, low < high. */
static struct dist interval_normal(double p5, double p95)
{
    return make_normal((p5 + p95) / 2, (p95 - p5) / (2 * z95()));
}

static struct dist interval_lognormal(double p5, double p95)
{
    return make_lognormal((log(p5) + log(p95)) / 2, (log(p95) - log(p5)) / (2 * z95()));
}

/* An argument as written, or its number: into buf of 32 bytes. */
static const char *arg_text(const struct dist_args *args, enum dist_arg a, char *buf)
{
    if (args->text[a])
        return args->text[a];
    snprintf(buf, 32, "%g", args->value[a]);
    return buf;
}

static int arg_error(char **message, enum dist_arg *at, enum dist_arg where, char *text)
{
    *message = text;
    *at = where;
    return -1;
}

/* "'low' and 'high'", "'low', 'mode' and 'high'": the arguments in set. */
static void list_args(struct strbuf *sb, unsigned set)
{
    int total = 0, done = 0;
    for (int a = 0; a < DIST_ARG_COUNT; a++)
        total += (set & BIT(a)) != 0;
    for (int a = 0; a < DIST_ARG_COUNT; a++) {
        if (!(set & BIT(a)))
            continue;
        if (done)
            strbuf_puts(sb, done == total - 1 ? " and " : ", ");
        strbuf_printf(sb, "'%s'", arg_names[a]);
        done++;
    }
}

/* Which arguments the mapping must hold, or -1 with a message when it mixes two forms. */
static int pick_form(enum dist_kind kind, const struct dist_args *args, const char *key,
                     unsigned *form, char **message, enum dist_arg *at)
{
    unsigned main_form = kind_args[kind];
    int two_forms = kind == DIST_NORMAL || kind == DIST_LOGNORMAL;
    *form = main_form;
    if (two_forms && (args->present & interval_args)) {
        *form = interval_args;
        if (args->present & main_form) {
            struct strbuf sb = STRBUF_INIT;
            strbuf_printf(&sb, "'%s': a %s takes either ", key, kind_names[kind]);
            list_args(&sb, main_form);
            strbuf_puts(&sb, " or 'p5' and 'p95', not both");
            return arg_error(message, at, DIST_ARG_NONE, strbuf_detach(&sb));
        }
    }
    for (int a = 0; a < DIST_ARG_COUNT; a++) {
        if (!(args->present & BIT(a)) || (*form & BIT(a)))
            continue;
        struct strbuf sb = STRBUF_INIT;
        strbuf_printf(&sb, "'%s': a %s takes ", key, kind_names[kind]);
        list_args(&sb, main_form);
        if (two_forms)
            strbuf_puts(&sb, " (or 'p5' and 'p95')");
        strbuf_printf(&sb, ", not '%s'", arg_names[a]);
        return arg_error(message, at, (enum dist_arg)a, strbuf_detach(&sb));
    }
    for (int a = 0; a < DIST_ARG_COUNT; a++) {
        if ((*form & BIT(a)) && !(args->present & BIT(a)))
            return arg_error(
                message, at, DIST_ARG_NONE,
                xasprintf("'%s': a %s needs '%s'", key, kind_names[kind], arg_names[a]));
        if ((*form & BIT(a)) && !isfinite(args->value[a]))
            return arg_error(message, at, (enum dist_arg)a,
                             xasprintf("'%s': '%s' must be a finite number", key, arg_names[a]));
    }
    return 0;
}

int dist_from_args(enum dist_kind kind, const struct dist_args *args, const char *key,
                   unsigned flags, struct dist *out, char **message, enum dist_arg *at)
{
    unsigned form;
    char b1[32], b2[32], b3[32];
    const double *v = args->value;
    *at = DIST_ARG_NONE;
    if (pick_form(kind, args, key, &form, message, at) != 0)
        return -1;
    struct dist d;
    if (kind == DIST_CONSTANT) {
        d = dist_constant(v[DIST_ARG_VALUE]);
    } else if (form == interval_args) {
        double p5 = v[DIST_ARG_P5], p95 = v[DIST_ARG_P95];
        if (p5 > p95)
            return arg_error(message, at, DIST_ARG_P5,
                             xasprintf("'%s': p5 '%s' is above p95 '%s'", key,
                                       arg_text(args, DIST_ARG_P5, b1),
                                       arg_text(args, DIST_ARG_P95, b2)));
        if (kind == DIST_LOGNORMAL && !(p5 > 0))
            return arg_error(message, at, DIST_ARG_P5,
                             xasprintf("'%s': a lognormal needs p5 above zero, got '%s'", key,
                                       arg_text(args, DIST_ARG_P5, b1)));
        if (p5 == p95)
            d = dist_constant(p5);
        else
            d = kind == DIST_NORMAL ? interval_normal(p5, p95) : interval_lognormal(p5, p95);
    } else if (kind == DIST_NORMAL || kind == DIST_LOGNORMAL) {
        enum dist_arg spread = kind == DIST_NORMAL ? DIST_ARG_SD : DIST_ARG_SIGMA;
        if (!(v[spread] > 0))
            return arg_error(message, at, spread,
                             xasprintf("'%s': %s must be greater than zero, got '%s'", key,
                                       arg_names[spread], arg_text(args, spread, b1)));
        d = kind == DIST_NORMAL ? make_normal(v[DIST_ARG_MEAN], v[DIST_ARG_SD])
                                : make_lognormal(v[DIST_ARG_MU], v[DIST_ARG_SIGMA]);
    } else {
        double low = v[DIST_ARG_LOW], high = v[DIST_ARG_HIGH];
        double mode = kind == DIST_UNIFORM ? (low + high) / 2 : v[DIST_ARG_MODE];
        if (low > high)
            return arg_error(message, at, DIST_ARG_LOW,
                             xasprintf("'%s': low '%s' is above high '%s'", key,
                                       arg_text(args, DIST_ARG_LOW, b1),
                                       arg_text(args, DIST_ARG_HIGH, b2)));
        if (kind != DIST_UNIFORM && (mode < low || mode > high))
            return arg_error(message, at, DIST_ARG_MODE,
                             xasprintf("'%s': mode '%s' is outside low '%s' .. high '%s'", key,
                                       arg_text(args, DIST_ARG_MODE, b1),
                                       arg_text(args, DIST_ARG_LOW, b2),
                                       arg_text(args, DIST_ARG_HIGH, b3)));
        d = make_bounded(kind, low, mode, high);
    }
    if (dist_limit(&d, flags, key, message) != 0)
        return -1;
    *out = d;
    return 0;
}

/* Copies text[from, to) without surrounding blanks; *start is where it begins. */
static char *trimmed(const char *text, int from, int to, int *start)
{
    while (from < to && (text[from] == ' ' || text[from] == '\t'))
        from++;
    while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\t'))
        to--;
    *start = from;
    return xstrndup(text + from, (size_t)(to - from));
}

static int interval_fail(char **message, int *offset, int at, char *text)
{
    *message = text;
    *offset = at;
    return -1;
}

int dist_parse_interval(const char *text, enum qkind kind, unsigned flags, const char *key,
                        struct dist *out, char **message, int *offset)
{
    /* The ends are numbers of the field; whether zero or a fraction is
       allowed is the distribution's business (a lognormal needs A > 0). */
    unsigned end_flags = flags & ~(QF_INTEGER | QF_POSITIVE);
    int negative_ok = (flags & (QF_NEGATIVE | QF_ABOVE_MINUS_ONE)) != 0;
    const char *dots = strstr(text, "..");
    char *a = NULL, *b = NULL, *a_full = NULL;
    int rc = -1, a_at, b_at;
    double low, high;
    struct dist d;

    if (!dots) {
        /* One value: the input is pinned. */
        if (quantity_parse(text, kind, end_flags, key, &low, message, offset) != 0)
            return -1;
        d = dist_constant(low);
        if (dist_limit(&d, flags, key, message) != 0) {
            *offset = 0;
            return -1;
        }
        *out = d;
        return 0;
    }
    a = trimmed(text, 0, (int)(dots - text), &a_at);
    b = trimmed(text, (int)(dots + 2 - text), (int)strlen(text), &b_at);
    if (!*a || !*b) {
        rc = interval_fail(
            message, offset, !*a ? 0 : (int)(dots + 2 - text),
            xasprintf("'%s' needs a range LOW..HIGH such as '50..90 tok/s', got '%s'", key, text));
        goto out;
    }
    const char *again = strstr(b, "..");
    if (again) {
        rc = interval_fail(message, offset, b_at + (int)(again - b),
                           xasprintf("'%s': a range has one '..', got '%s'", key, text));
        goto out;
    }
    /* A unit after B alone belongs to A too; one after A alone is misplaced (said before
       B is read: a plain B may not be a value of its own, as "50" of a fraction). */
    double number;
    const char *a_unit = "", *b_unit = "";
    int b_splits = quantity_split(b, &number, &b_unit) == 0;
    if (!b_splits)
        b_unit = "";
    if (quantity_split(a, &number, &a_unit) != 0)
        a_unit = "";
    if (!(b_splits && *a_unit && !*b_unit) &&
        quantity_parse(b, kind, end_flags, key, &high, message, offset) != 0) {
        *offset += b_at;
        goto out;
    }
    int borrowed = *b_unit && !*a_unit;
    if (*a_unit && !*b_unit) {
        rc = interval_fail(
            message, offset, a_at + (int)(a_unit - a),
            xasprintf("'%s': in '%s' the unit goes after the high end, as in '50..90 tok/s'", key,
                      text));
        goto out;
    }
    /* The blanks B has between its number and its unit: "50 tok/s" or "50%". */
    const char *sep = b_unit;
    while (sep > b && (sep[-1] == ' ' || sep[-1] == '\t'))
        sep--;
    a_full = borrowed ? xasprintf("%s%.*s%s", a, (int)(b_unit - sep), sep, b_unit) : xstrdup(a);
    if (quantity_parse(a_full, kind, end_flags, key, &low, message, offset) != 0) {
        int a_len = (int)strlen(a), sep_len = (int)(b_unit - sep);
        if (*offset < a_len)
            *offset += a_at;
        else
            *offset = b_at + (int)(b_unit - b) +
                      (*offset - a_len - sep_len > 0 ? *offset - a_len - sep_len : 0);
        goto out;
    }
    if (low > high) {
        rc = interval_fail(message, offset, a_at,
                           xasprintf("'%s': the low end '%s' is above the high end '%s'; "
                                     "write LOW..HIGH",
                                     key, a_full, b));
        goto out;
    }
    if (!negative_ok && !(low > 0)) {
        rc = interval_fail(message, offset, a_at,
                           xasprintf("'%s': '%s' is a 90%% interval of a lognormal, so both ends "
                                     "must be above zero; for a range from zero write "
                                     "{dist: uniform, low: %s, high: %s} or a triangular",
                                     key, text, a_full, b));
        goto out;
    }
    if (low == high)
        d = dist_constant(low);
    else
        d = negative_ok ? interval_normal(low, high) : interval_lognormal(low, high);
    d.from_interval = 1;
    if (dist_limit(&d, flags, key, message) != 0) {
        *offset = 0;
        goto out;
    }
    *out = d;
    rc = 0;
out:
    free(a);
    free(b);
    free(a_full);
    return rc;
}

/* The CDF of a normal or lognormal at x (before truncation). */
static double tail_cdf(const struct dist *d, double x)
{
    if (d->kind == DIST_NORMAL)
        return gsl_cdf_gaussian_P(x - d->mean, d->sd);
    return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, d->mu, d->sigma);
}

static double tail_sf(const struct dist *d, double x)
{
    if (d->kind == DIST_NORMAL)
        return gsl_cdf_gaussian_Q(x - d->mean, d->sd);
    return x <= 0 ? 1 : gsl_cdf_lognormal_Q(x, d->mu, d->sigma);
}

/* What the flags require, for messages: "must not be negative". */
static const char *lower_rule(unsigned flags)
{
    if (flags & QF_ABOVE_MINUS_ONE)
        return "must be above -100%";
    if (flags & QF_POSITIVE)
        return "must be greater than zero";
    return "must not be negative";
}

int dist_limit(struct dist *d, unsigned flags, const char *key, char **message)
{
    double min = 0, max = INFINITY;
    int open_min = (flags & QF_POSITIVE) != 0;
    if (flags & QF_NEGATIVE) {
        min = -INFINITY;
        open_min = 0;
    } else if (flags & QF_ABOVE_MINUS_ONE) {
        min = -1;
        open_min = 1;
    }
    if (flags & QF_AT_MOST_ONE)
        max = 1;
    const char *min_text = min == -1 ? "-100%" : "zero";

    if (d->kind != DIST_NORMAL && d->kind != DIST_LOGNORMAL) {
        /* A bounded distribution lies within the limits or is refused; a
           range may start at an open limit (0 for a positive count). */
        if (dist_is_constant(d) && (d->low < min || (open_min && d->low == min))) {
            *message = xasprintf("'%s' %s, got %g", key, lower_rule(flags), d->low);
            return -1;
        }
        if (d->low < min) {
            *message =
                xasprintf("'%s' %s, but its range starts at %g", key, lower_rule(flags), d->low);
            return -1;
        }
        if (d->high > max) {
            *message = xasprintf("'%s' must be at most 100%%, but its range reaches %g%%", key,
                                 d->high * 100);
            return -1;
        }
        return 0;
    }
    double below = isfinite(min) ? tail_cdf(d, min) : 0;
    double above = isfinite(max) ? tail_sf(d, max) : 0;
    if (below > DIST_MAX_CUT) {
        *message = xasprintf("'%s' %s, but its %s puts %.1f%% of its weight below %s; narrow it "
                             "or use a uniform, triangular or pert",
                             key, lower_rule(flags), kind_names[d->kind], below * 100, min_text);
        return -1;
    }
    if (above > DIST_MAX_CUT) {
        *message = xasprintf("'%s' must be at most 100%%, but its %s puts %.1f%% of its weight "
                             "above 100%%; narrow it or use a uniform, triangular or pert",
                             key, kind_names[d->kind], above * 100);
        return -1;
    }
    if (d->kind == DIST_LOGNORMAL && min < 0)
        min = 0; /* the support's own bound */
    d->low = min;
    d->high = max;
    d->open_low = open_min || d->kind == DIST_LOGNORMAL;
    d->u_low = below;
    d->u_high = 1 - above;
    return 0;
}

int dist_is_constant(const struct dist *d)
{
    return d->kind == DIST_CONSTANT ||
           (d->kind != DIST_NORMAL && d->kind != DIST_LOGNORMAL && d->low == d->high);
}

static double triangular_quantile(const struct dist *d, double u)
{
    double width = d->high - d->low;
    /* The CDF at the mode: the share of the area left of it. */
    double at_mode = (d->mode - d->low) / width;
    if (u <= at_mode)
        return d->low + sqrt(u * width * (d->mode - d->low));
    return d->high - sqrt((1 - u) * width * (d->high - d->mode));
}

/* Keeps a tail draw within the support: a rounding error may land on or past a bound. */
static double clamp_tail(const struct dist *d, double x)
{
    if (x > d->high)
        x = d->high;
    if (x < d->low)
        x = d->low;
    if (d->open_low && x <= d->low)
        x = nextafter(d->low, INFINITY);
    return x;
}

double dist_quantile(const struct dist *d, double u)
{
    if (dist_is_constant(d))
        return d->low;
    switch (d->kind) {
    case DIST_UNIFORM:
        return gsl_cdf_flat_Pinv(u, d->low, d->high);
    case DIST_TRIANGULAR:
        return triangular_quantile(d, u);
    case DIST_PERT:
        return d->low + (d->high - d->low) * gsl_cdf_beta_Pinv(u, d->alpha, d->beta);
    case DIST_NORMAL:
    case DIST_LOGNORMAL: {
        double v = d->u_low + u * (d->u_high - d->u_low);
        double x = d->kind == DIST_NORMAL ? d->mean + gsl_cdf_gaussian_Pinv(v, d->sd)
                                          : gsl_cdf_lognormal_Pinv(v, d->mu, d->sigma);
        return clamp_tail(d, x);
    }
    case DIST_CONSTANT:
        break;
    }
    return d->low;
}

double dist_mean(const struct dist *d)
{
    if (dist_is_constant(d))
        return d->low;
    switch (d->kind) {
    case DIST_UNIFORM:
        return (d->low + d->high) / 2;
    case DIST_TRIANGULAR:
        return (d->low + d->mode + d->high) / 3;
    case DIST_PERT:
        return (d->low + PERT_LAMBDA * d->mode + d->high) / (PERT_LAMBDA + 2);
    case DIST_NORMAL: {
        /* Truncated to [low, high]: mean + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)). */
        double a = (d->low - d->mean) / d->sd, b = (d->high - d->mean) / d->sd;
        double kept = d->u_high - d->u_low;
        return d->mean + d->sd * (gsl_ran_ugaussian_pdf(a) - gsl_ran_ugaussian_pdf(b)) / kept;
    }
    case DIST_LOGNORMAL: {
        /* Truncated to [low, high]: exp(mu + sigma^2 / 2) times the weight
           of the interval under the normal shifted by sigma^2, over the kept weight. */
        double s2 = d->sigma * d->sigma;
        double la = d->low > 0 ? (log(d->low) - d->mu - s2) / d->sigma : -INFINITY;
        double lb = isfinite(d->high) ? (log(d->high) - d->mu - s2) / d->sigma : INFINITY;
        double kept = d->u_high - d->u_low;
        double share = gsl_cdf_ugaussian_P(lb) - gsl_cdf_ugaussian_P(la);
        return exp(d->mu + s2 / 2) * share / kept;
    }
    case DIST_CONSTANT:
        break;
    }
    return d->low;
}
