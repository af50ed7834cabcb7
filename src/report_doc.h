/*
 * report_doc: a report (report.h) as a document (doc.h): its sections,
 * tables, notes and sentences, built once for every format that renders
 * documents (text and Markdown: report_write_text, report_write_md).  Only
 * figures the report holds are shown; nothing is computed here but display
 * conversions, and nothing is escaped: names go in as DOC_USER runs.
 *
 * Ownership: report_doc appends to a document the caller initialised with
 * doc_init and releases with doc_release.  The document copies every string
 * it is given, so it may outlive the report.
 */
#ifndef RAFTCOST_REPORT_DOC_H
#define RAFTCOST_REPORT_DOC_H

#include "doc.h"
#include "report.h"

void report_doc(const struct report *r, struct doc *d);

/* The phases' sections, appended to the report's title section (report_doc_*.c). */
void report_doc_generation(const struct report *r, struct doc_block *title);
void report_doc_inference(const struct report *r, struct doc_block *title);
/* The simulation (report_doc_sim.c), when r->simulation.present. */
void report_doc_simulation(const struct report *r, struct doc_block *title);
/* report_doc_unc.c: the Monte Carlo run's section, when r->uncertainty is set. */
void report_doc_uncertainty(const struct report *r, struct doc_block *title);
/* The same section under another heading ("ranges from the pilot"). */
void report_doc_uncertainty_as(const struct report *r, struct doc_block *title,
                               const char *heading);

/* Money in the report's currency, a trusted run: "$1,234.56". */
void report_doc_money(struct doc_inline *in, const struct report *r, double amount);
/*
 * A model's catalogue name; for a model priced inline, the name of what
 * uses it (owner: a backend, an option) then inline_words (" (inline)"), or
 * inline_words alone when owner is NULL.
 */
void report_doc_model(struct doc_inline *in, const struct model_price *m, const char *owner,
                      const char *inline_words);

/*
 * report_doc_billing.c: a generation backend's prices as billed (cache hits,
 * a tier, batch prices, spot, region), a batch backend's waves, and what a
 * catalogue's line adds to its date (taken from the file; cloud, region).
 */
void report_doc_backend_bill(struct doc_inline *item, const struct report *r,
                             const struct gen_backend_result *b);
void report_doc_batch_note(struct doc_inline *item, const struct gen_backend_result *b);
void report_doc_catalogue(struct doc_inline *item, const struct catalogue *c);
/* Notes under the inference options for those with cache hits or a long-context tier. */
void report_doc_option_bills(const struct report *r, struct doc_block *sec);

/*
 * report_doc_preempt.c: spot instances.  The simulation's subsection on
 * preemption (when a generation backend has `preemption`); the analytic
 * note after a backend's bill; an option's spot price after its hourly
 * price, and the notes on options with spot replicas.
 */
void report_doc_preemption(const struct report *r, struct doc_block *sec);
void report_doc_preempt_note(struct doc_inline *item, const struct deployment *backend);
void report_doc_option_spot(struct doc_inline *item, const struct report *r,
                            const struct deployment *option);
void report_doc_option_spots(const struct report *r, struct doc_block *sec);

#endif
