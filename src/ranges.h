/*
 * ranges: the uncertain inputs a scenario declares under `ranges:`, each a
 * parameter path (params.h) with a distribution (dist.h), or a throughput
 * curve whose parameters are drawn from its fit's covariance:
 *
 *   ranges:
 *     backends.maas.throughput: 50..90 tok/s          a 90% interval
 *     fine_tuning.estimate.mfu: {dist: triangular, low: 25%, mode: 40%, high: 50%}
 *     fine_tuning.runs: 1                             pinned: a constant
 *     backends.h100.throughput: {uncertain: fit}      a fitted curve's own spread
 *
 * The loader (scenario_ranges.c, called from the top-level table) checks
 * each one against its parameter: the path exists and is a number, the
 * units and limits are the field's, the distribution is well formed; limits
 * and goals (budgets, the deadline, the claim), the horizon, planning's
 * max_count and choices take no range.  What the Monte Carlo run does with
 * them is unc.h's; docs/uncertainty.md gives every rule.
 *
 * Ownership: a struct ranges owns its items and their strings;
 * ranges_release frees them and accepts a zeroed struct; ranges_copy makes
 * an independent copy (for scenario_clone).
 */
#ifndef RAFTCOST_RANGES_H
#define RAFTCOST_RANGES_H

#include <stddef.h>

#include "diag.h"
#include "dist.h"

struct scenario;

enum range_kind {
    RANGE_PARAM, /* one number of the parameter table */
    RANGE_FIT,   /* a throughput curve's parameters, from its fit (uncertain: fit) */
};

struct range {
    enum range_kind kind;
    char *path; /* as written: a parameter's path, or backends.B.throughput for a fit */
    char *text; /* the range as written, for reports: "50..90 tok/s", "triangular 25%, 40%, 50%" */
    int line, col; /* of its key in the file */
    /* RANGE_PARAM: in the units the parameter's text is read in (before its scale). */
    struct dist dist;
    size_t backend; /* RANGE_FIT: index into scenario.backends */
};

struct ranges {
    int present; /* the file has a `ranges:` mapping (possibly empty) */
    struct range *items;
    size_t n;
};

void ranges_copy(struct ranges *dst, const struct ranges *src);
void ranges_release(struct ranges *r);

/* The range on path, or NULL. */
const struct range *ranges_find(const struct ranges *r, const char *path);

/*
 * Cross-checks of the ranges with the scenario as it stands (after --set
 * and variants): a fit range's curve must still be a fitted model with a
 * covariance (not a table, more points than parameters).  Returns 0, or -1
 * with d filled at the range's key.
 */
int ranges_validate(const struct scenario *s, struct diag *d);

#endif
