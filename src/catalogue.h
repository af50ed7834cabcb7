/*
 * catalogue: what the catalogue readers share (pricing.c, catalogue_litellm.c,
 * catalogue_skypilot.c, pricing_find.c); not for other modules, which use
 * pricing.h.  A reader fills a catalogue made by catalogue_new from the text
 * of its file and reports the first error in a struct diag with the file's
 * line and column; it never prints.
 */
#ifndef RAFTCOST_CATALOGUE_H
#define RAFTCOST_CATALOGUE_H

#include <stddef.h>

#include "diag.h"
#include "pricing.h"

/* A new empty catalogue for `file` (copied). */
struct catalogue *catalogue_new(const char *file);
/* Frees a catalogue and everything it owns; NULL is fine. */
void catalogue_free(struct catalogue *c);

/*
 * Appends *m (the catalogue takes its strings and tiers; *m is cleared) and
 * indexes its name.  A name given twice keeps one record, the later.
 */
void catalogue_add_model(struct catalogue *c, struct model_price *m);
/* Appends *m (taken as above); instances are indexed by catalogue_index_instances. */
void catalogue_add_instance(struct catalogue *c, struct instance_price *m);
/*
 * Indexes the instances by name and by name and region; the default look-up
 * (instance_index) takes the rows of `region`, or with region NULL the names
 * priced in one region only.  Returns the number of rows in `region` (with
 * region NULL, the number of rows).
 */
size_t catalogue_index_instances(struct catalogue *c, const char *region);
/* Records a note for lint (printf-style message). */
void catalogue_note(struct catalogue *c, int line, int col, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* LiteLLM's JSON: models only; src[len] must be '\0'.  0, or -1 with d filled. */
int catalogue_read_litellm(struct catalogue *c, const char *src, size_t len, struct diag *d);
/*
 * SkyPilot's VM CSV: instances only.  `cloud` (lower-case, or NULL) names the
 * cloud when the file has no Cloud column, and keeps only its rows when it
 * has one.  0, or -1 with d filled.
 */
int catalogue_read_skypilot(struct catalogue *c, const char *src, size_t len, const char *cloud,
                            struct diag *d);

#endif
