/*
 * scenario_calib: a calibration applied to a scenario.  A calibration is a
 * YAML file of values under the scenario's own keys, as `raftcost
 * calibrate` writes it (calibrate_out.h):
 *
 *   generation:
 *     dataset: {question_tokens: 14, answer_tokens: 190}
 *   backends:
 *     maas: {throughput: 18.4 tok/s}
 *
 * Each scalar sets the parameter whose dotted path is its keys joined by
 * '.' (a key may itself hold dots: `generation.dataset.answer_tokens: 190`
 * is the same), through params_set, with the parameter's units and limits.
 * The top-level key `ranges` holds ranges (ranges.h) as the scenario's own
 * `ranges:` does: each replaces the scenario's range on the same path, in
 * its place, or is added after them (the calibration knows better than the
 * guess the scenario made before the pilot, as its values do).
 * A scenario names its calibration with the top-level key `calibration:
 * FILE` (relative to the scenario's folder); its values are applied when
 * the scenario loads, after every other key is read and before variants and
 * --set, which may still change them.
 *
 * Errors point into the calibration file (an unknown parameter, a value the
 * parameter does not take, a list, an empty value); later messages about a
 * value it set point at the `calibration:` key of the scenario.
 *
 * Ownership: the settings list owns its paths (scenario_calib_settings_release);
 * nothing else is kept.  Never prints.
 */
#ifndef RAFTCOST_SCENARIO_CALIB_H
#define RAFTCOST_SCENARIO_CALIB_H

#include <stddef.h>

#include "diag.h"
#include "loader.h"
#include "scenario.h"

/* One value a calibration set. */
struct scenario_calib_setting {
    char *path;
    double before, after;       /* base units (a choice's index) */
    enum qkind kind;            /* the parameter's, for display */
    double scale;               /* stored value = shown value x scale (per_1m prices) */
    const char *const *choices; /* a choice's names (static), its values their indices; or NULL */
};

struct scenario_calib_settings {
    struct scenario_calib_setting *items;
    size_t n, cap;
};

#define SCENARIO_CALIB_SETTINGS_INIT                                                               \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/*
 * Applies the calibration text[0..len) (name: the file in messages) to s.
 * Later messages about the values set point at (line, col) of the
 * scenario's file (0: the command line).  With out non-NULL, each value set
 * is appended to it.  Returns 0, or -1 with d filled; s may then be partly
 * changed (apply to a clone to keep the original).
 */
int scenario_calib_apply(struct scenario *s, const char *name, const char *text, size_t len,
                         int line, int col, struct scenario_calib_settings *out, struct diag *d);

void scenario_calib_settings_release(struct scenario_calib_settings *list);

/* The loader's row reader for the top-level key `calibration: FILE`. */
int scenario_read_calibration(struct loader *L, yaml_node_t *map, yaml_node_t *node, void *owner,
                              const char *path, const struct field *f);

#endif
