/*
 * calibrate_out_internal: what calibrate_out.c (the calibrated variant's
 * values) shares with calib_ranges.c (its `simulation` and `ranges`
 * blocks).  Not for other modules.
 *
 * Ownership: struct calib_out_backend borrows its name from the options.
 */
#ifndef RAFTCOST_CALIBRATE_OUT_INTERNAL_H
#define RAFTCOST_CALIBRATE_OUT_INTERNAL_H

#include <stddef.h>

#include "calibrate_out.h"

/* A backend the variant calibrates: its name, the deployment that speaks for it, its keys. */
struct calib_out_backend {
    const char *name;
    size_t deployment; /* index into the calibration's deployments */
    unsigned keys;     /* CALIB_KEY_* bits the scenario takes */
};

/* v with at most `decimals` decimals, trailing zeros dropped: 14.2, 192. */
const char *calib_out_num(char *buf, size_t size, double v, int decimals);
/* Appends s without line breaks or other control characters. */
void calib_out_clean(struct strbuf *out, const char *s);

/*
 * The `simulation` block: service stream when some backend got a stream,
 * the output lengths' spread (a lognormal with the pilot's cv), and the
 * pilot's concurrency as a comment.
 */
void calib_out_simulation(const struct calibration *cal, const struct usage_log *log,
                          const struct calib_out_backend *backends, size_t nbackends,
                          const char *source, struct strbuf *out);
/*
 * The `ranges` block: 90% intervals of the values written from the
 * pilot's spread (docs/calibration.md): a mean's m +- 1.6449 sd / sqrt(n),
 * a median's its order statistics (calibrate.h), a throughput the
 * stream's interval scaled.
 */
void calib_out_ranges(const struct calibration *cal, const struct usage_log *log,
                      const struct calib_out_options *o, const struct calib_out_backend *backends,
                      size_t nbackends, const char *source, struct strbuf *out);

#endif
