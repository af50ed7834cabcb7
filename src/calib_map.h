/*
 * calib_map: which backend of the scenario each deployment of a usage log
 * is.  A log names deployments its own way (LiteLLM's api_base, a model id,
 * the plain CSV's deployment column); a scenario names backends.  The first
 * rule that decides, for each deployment (docs/calibration.md):
 *
 *   1. option   a --map PATTERN=BACKEND rule whose PATTERN (a shell glob,
 *               fnmatch(3)) matches the deployment's name; the first such
 *               rule, in the order given
 *   2. name     a backend's name appears in the deployment's name, ignoring
 *               case, as a word: not preceded by a letter or digit, and
 *               followed by the end, or digits (an instance number:
 *               maap-0, maap1) and then something that is not a letter or
 *               digit; of several such backends, the longest name (a tie:
 *               no decision)
 *   3. model    the same test on the model, then the model group, of the
 *               deployment's first record
 *   4. only     the scenario's generation has one backend
 *
 * Only the generation's backends are candidates.  A deployment no rule
 * maps stays unmatched: it counts in the totals, not in any backend.
 *
 * Ownership: the map owns its array; deployment names are borrowed from the
 * log, which must outlive it.  No I/O.
 */
#ifndef RAFTCOST_CALIB_MAP_H
#define RAFTCOST_CALIB_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "scenario.h"
#include "usage_log.h"

#define CALIB_NO_BACKEND SIZE_MAX

enum calib_match {
    CALIB_MATCH_NONE,
    CALIB_MATCH_OPTION,
    CALIB_MATCH_NAME,
    CALIB_MATCH_MODEL,
    CALIB_MATCH_ONLY,
};

struct calib_map_entry {
    const char *deployment; /* borrowed from the log */
    uint32_t ref;           /* the deployment's interned string in the log */
    size_t backend;         /* index into scenario.backends, or CALIB_NO_BACKEND */
    enum calib_match why;
    size_t rule; /* CALIB_MATCH_OPTION: which --map rule */
};

struct calib_map {
    struct calib_map_entry *items; /* the log's completion deployments, in order of appearance */
    size_t n;
    size_t unmatched;
};

/*
 * Maps each deployment of the log's completion calls (records that are not
 * USAGE_KIND_OTHER, in order of first appearance, as calibrate() orders
 * them).  rules[0..nrules) are "PATTERN=BACKEND" texts.  Returns 0 and fills
 * *out (release with calib_map_release), or -1 with d filled: a rule without
 * '=', a backend that is not one of the generation's, a rule that matches no
 * deployment.
 */
int calib_map_build(const struct scenario *s, const struct usage_log *log, const char *const *rules,
                    size_t nrules, struct calib_map *out, struct diag *d);
void calib_map_release(struct calib_map *map);

/* The entry of deployment name, or NULL when the log's completion calls have none. */
const struct calib_map_entry *calib_map_find(const struct calib_map *map, const char *name);

/* "--map", "name", "model", "the only backend", "unmatched". */
const char *calib_match_name(enum calib_match why);

/* Whether backend name `word` appears in text by rule 2 (exposed for tests). */
int calib_map_word_in(const char *text, const char *word);

#endif
