/*
 * quantity: turns the scalars of a scenario ("3.7M", "1.5 h", "20k/day",
 * "70 tok/s", "15%", "100x") into numbers in base units: seconds, per second,
 * tokens per second, plain fractions and ratios.  It knows units and scale
 * suffixes; it does not know where a scalar came from (the caller adds the
 * position).
 *
 * Ownership: no state; a message it returns is the caller's to free, and a
 * unit it returns points into the text it was given.
 */
#ifndef RAFTCOST_QUANTITY_H
#define RAFTCOST_QUANTITY_H

enum qkind {
    QK_NUMBER,     /* count, tokens, money, FLOPs: a plain number, scale allowed */
    QK_DURATION,   /* needs a time unit; value in seconds */
    QK_RATE,       /* needs /s, /min, /h, /day...; value per second */
    QK_THROUGHPUT, /* tok/s or a plain number read as tok/s; tokens per second */
    QK_FRACTION,   /* 15% or a plain number (0.15); a plain one above 1 is an error */
    QK_RATIO,      /* 100x or a plain number */
};

enum qflag {
    QF_POSITIVE = 1u << 0,        /* zero is an error */
    QF_INTEGER = 1u << 1,         /* a whole number */
    QF_NEGATIVE = 1u << 2,        /* may be negative */
    QF_ABOVE_MINUS_ONE = 1u << 3, /* a growth rate: above -100% */
    QF_AT_MOST_ONE = 1u << 4,     /* a share: at most 100% */
};

/*
 * Parses text as a quantity of the given kind and checks flags.  key names
 * the field in messages.  Returns 0 and sets *value, or returns -1 and sets
 * *message (the caller frees it) and *offset (0-based, into text) to where
 * the problem is.
 */
int quantity_parse(const char *text, enum qkind kind, unsigned flags, const char *key,
                   double *value, char **message, int *offset);

/*
 * Checks a value in base units against flags, as quantity_parse does; text
 * is how to show the value in the message.  Returns 0, or -1 with *message.
 */
int quantity_check(double value, unsigned flags, const char *key, const char *text, char **message);
/* 1 when quantity_check would accept value: the same rules, without a message. */
int quantity_valid(double value, unsigned flags);

/*
 * Splits "20k/day" into its number with scale (20000) and its unit ("/day",
 * pointing into text; "" when none).  Returns 0, or -1 when there is no
 * number.
 */
int quantity_split(const char *text, double *number, const char **unit);

/* A word for the kind in messages: "a duration such as '1.5 h'". */
const char *quantity_kind_example(enum qkind kind);

#endif
