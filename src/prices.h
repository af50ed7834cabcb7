/*
 * prices: the library behind `raftcost prices`.  prices_collect picks the
 * models and instances of some catalogues that match a query, cheapest
 * first (prices.c); prices_lint lists what looks wrong in one catalogue
 * (catalogue_lint.c); prices_render and lint_render write either as text,
 * JSON or CSV (prices_out.c), so that the command is a thin wrapper.
 *
 * Ownership: rows and warnings borrow the catalogues' records and file
 * names, so they must not outlive the struct pricing they came from; their
 * arrays (and the warnings' messages) belong to the row set or report and
 * are freed by price_rows_release / lint_report_release.  Nothing here prints:
 * renderers append to a strbuf.
 */
#ifndef RAFTCOST_PRICES_H
#define RAFTCOST_PRICES_H

#include <stddef.h>

#include "pricing.h"
#include "util.h"

enum {
    PRICES_MODELS = 1u << 0,
    PRICES_INSTANCES = 1u << 1,
};

struct prices_query {
    /* Names matching this glob (with *, ? or [...]) or containing it; any case.  NULL: all. */
    const char *pattern;
    const char *gpu;    /* instances with this GPU ("A100" takes "A100-80GB" too); NULL: any */
    const char *region; /* instances in this region; NULL: any */
    /* PRICES_* bits; 0: instances only when gpu or region is given, else both. */
    unsigned kinds;
};

/* One model as a catalogue prices it; money per 1M tokens, NAN where the catalogue gives none. */
struct model_row {
    const struct model_price *m;
    double input_per_1m, output_per_1m;
    double cached_input_per_1m, batch_input_per_1m, batch_output_per_1m;
    double context;        /* max_input_tokens; 0 when not known */
    double max_output;     /* max_output_tokens; 0 when not known */
    double blended_per_1m; /* (3 × input + output) / 4, the order of the rows; NAN without both */
};

/* One instance in one region; money per hour, spot NAN where the catalogue gives none. */
struct instance_row {
    const struct instance_price *i;
    double per_hour, spot_per_hour;
};

struct price_rows {
    struct model_row *models;
    size_t nmodels;
    struct instance_row *instances;
    size_t ninstances;
};

/*
 * The records a look-up would use (a later catalogue overrides an earlier
 * one) that match q: models by the 3:1 blended price, then name (those
 * without both prices last); instances by on-demand price, then name and
 * region.
 */
void prices_collect(const struct pricing *p, const struct prices_query *q, struct price_rows *out);
void price_rows_release(struct price_rows *r);

struct lint_warning {
    const char *file; /* the catalogue's file (borrowed) */
    int line, col;    /* the entry's position; 0 when not known */
    const char *name; /* the entry (borrowed), or NULL */
    char *message;
};

struct lint_report {
    struct lint_warning *items;
    size_t n;
};

/*
 * Warnings about one catalogue, in the order of the file: a chat model whose
 * output price is below its input price (likely reversed), zero prices,
 * fields a generation model should have and lacks, cached or batch prices
 * above the on-demand ones, spot prices at or above on-demand, and what its
 * reader noted (rows skipped, tier keys ignored, keys given twice).
 */
void prices_lint(const struct catalogue *c, struct lint_report *out);
void lint_report_release(struct lint_report *r);

enum prices_format { PRICES_TEXT, PRICES_JSON, PRICES_CSV };

/* Appends the rows in format f; `currency` heads the text.  0, or -1 if JSON failed. */
int prices_render(const struct price_rows *r, enum prices_format f, const char *currency,
                  struct strbuf *out);
/*
 * Money as the text table shows it: six significant digits, at least two
 * decimals (14.692, 1.77773, 2.50, 0.075); "-" for NAN.
 */
void prices_money(char *buf, size_t size, double v);
/* Appends the warnings: text lines "FILE:LINE:COL: warning: 'NAME': MESSAGE", JSON or CSV. */
int lint_render(const struct lint_report *r, enum prices_format f, struct strbuf *out);

#endif
