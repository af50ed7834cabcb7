/*
 * report_doc_billing: the report's words for prices beyond the catalogue's
 * plain ones (see report_doc.h): how a generation backend is billed (cache
 * hits, a long-context tier, a batch API's prices and waves, spot
 * instances, the region), and the date and choices behind a catalogue.
 * The figures are the report's (struct bill); nothing is computed here.
 */
#include <math.h>
#include <stdio.h>

#include "format.h"
#include "report_doc.h"

/* "the catalogue's batch prices", "50% off the on-demand prices", or one of each. */
static void batch_source(struct doc_inline *item, const struct bill *bill,
                         const struct deployment *be)
{
    char b[FMT_SIZE];
    if (bill->input_from == bill->output_from) {
        if (bill->input_from == PRICE_BATCH_CATALOGUE)
            doc_text(item, "the catalogue's batch prices");
        else
            doc_textf(item, "%s off the on-demand prices", fmt_percent(b, be->billing.discount));
        return;
    }
    doc_textf(item, "the catalogue's batch %s price, %s off the on-demand %s price",
              bill->input_from == PRICE_BATCH_CATALOGUE ? "input" : "output",
              fmt_percent(b, be->billing.discount),
              bill->input_from == PRICE_BATCH_CATALOGUE ? "output" : "input");
}

/* Tokens at a per-token bill: input (its cache hits), output, the model and what applied. */
static void token_note(struct doc_inline *item, const struct report *r,
                       const struct gen_backend_result *b)
{
    const char *cur = r->scenario->currency;
    const struct bill *bill = &b->bill;
    const struct deployment *be = b->backend;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    if (bill->batch)
        doc_text(item, "batch API: ");
    doc_textf(item, "%s in at %s/1K", fmt_tokens(b1, b->input_tokens),
              fmt_unit_price(b2, cur, bill->input_per_1k));
    if (bill->cache_hit > 0)
        doc_textf(item, " (%s of them cache hits, at %s/1K)", fmt_percent(b1, bill->cache_hit),
                  fmt_unit_price(b3, cur, bill->cached_input_per_1k));
    doc_textf(item, ", %s out at %s/1K (", fmt_tokens(b1, b->output_tokens),
              fmt_unit_price(b2, cur, bill->output_per_1k));
    report_doc_model(item, &be->model, be->name, ", priced inline");
    if (bill->batch) {
        doc_text(item, ", ");
        batch_source(item, bill, be);
    }
    if (!isnan(bill->tier_above_tokens))
        doc_textf(item, ", its prices above %s input tokens: requests of %s on average",
                  fmt_tokens(b1, bill->tier_above_tokens),
                  fmt_tokens(b2, bill->request_input_tokens));
    doc_text(item, ")");
}

void report_doc_backend_bill(struct doc_inline *item, const struct report *r,
                             const struct gen_backend_result *b)
{
    const char *cur = r->scenario->currency;
    const struct deployment *be = b->backend;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE], b5[FMT_SIZE];
    if (be->type != DEPLOY_DEDICATED) {
        token_note(item, r, b);
        return;
    }
    doc_textf(item, "%.0f x ", b->count);
    if (be->instance.name)
        doc_user(item, be->instance.name);
    else
        doc_text(item, "instance");
    if (be->instance.region) {
        doc_text(item, " in ");
        doc_user(item, be->instance.region);
    }
    doc_textf(item, " at %s/h", fmt_money(b1, cur, b->bill.per_hour));
    if (b->bill.spot)
        doc_textf(item, " spot (%s/h on demand)", fmt_money(b1, cur, b->bill.on_demand_per_hour));
    doc_textf(item, " for %s (%s provisioning + %s serving + %s teardown)",
              fmt_duration(b2, b->billed_s), fmt_duration(b3, be->provisioning_s),
              fmt_duration(b4, b->busy_s), fmt_duration(b5, be->teardown_s));
    report_doc_preempt_note(item, be);
}

void report_doc_batch_note(struct doc_inline *item, const struct gen_backend_result *b)
{
    const struct deployment *be = b->backend;
    const struct deploy_billing *bb = &be->billing;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    double turnaround = bb->turnaround_s > 0 ? bb->turnaround_s : bb->window_s;
    doc_textf(item, "%.0f wave%s of batches, each back after %s", b->bill.batch_waves,
              b->bill.batch_waves == 1 ? "" : "s", fmt_duration(b1, turnaround));
    if (bb->turnaround_s > 0 && bb->turnaround_s < bb->window_s)
        doc_textf(item, " (typical; the provider promises %s)", fmt_duration(b2, bb->window_s));
    else
        doc_textf(item, " (its window)");
    if (bb->requests_per_batch > 0 || bb->tokens_per_batch > 0 || bb->batches_in_flight > 0) {
        doc_text(item, "; limits:");
        const char *sep = " ";
        if (bb->requests_per_batch > 0) {
            doc_textf(item, "%s%s requests a batch", sep, fmt_count(b1, bb->requests_per_batch));
            sep = ", ";
        }
        if (bb->tokens_per_batch > 0) {
            doc_textf(item, "%s%s input tokens a batch", sep, fmt_tokens(b2, bb->tokens_per_batch));
            sep = ", ";
        }
        if (bb->batches_in_flight > 0)
            doc_textf(item, "%s%s batch%s in flight", sep, fmt_count(b3, bb->batches_in_flight),
                      bb->batches_in_flight == 1 ? "" : "es");
    }
}

void report_doc_option_bills(const struct report *r, struct doc_block *sec)
{
    const struct inference_result *inf = &r->inference;
    const char *cur = r->scenario->currency;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    struct doc_block *notes = NULL;
    for (size_t i = 0; i < inf->noptions; i++) {
        const struct option_result *o = &inf->options[i];
        const struct bill *bill = &o->bill;
        if (!(bill->cache_hit > 0) && isnan(bill->tier_above_tokens))
            continue;
        if (!notes)
            notes = doc_list(sec);
        struct doc_inline *item = doc_item(notes, 0);
        doc_user(item, o->option->name);
        doc_textf(item, ": a request's %s in at %s/1K", fmt_tokens(b1, bill->request_input_tokens),
                  fmt_unit_price(b2, cur, bill->input_per_1k));
        if (bill->cache_hit > 0)
            doc_textf(item, " (%s of them cache hits, at %s/1K)", fmt_percent(b1, bill->cache_hit),
                      fmt_unit_price(b3, cur, bill->cached_input_per_1k));
        doc_textf(item, ", %s out at %s/1K (", fmt_tokens(b1, bill->request_output_tokens),
                  fmt_unit_price(b2, cur, bill->output_per_1k));
        report_doc_model(item, &o->option->model, o->option->name, ", priced inline");
        if (!isnan(bill->tier_above_tokens))
            doc_textf(item, ", its prices above %s input tokens",
                      fmt_tokens(b1, bill->tier_above_tokens));
        doc_text(item, ")");
    }
    report_doc_option_spots(r, sec);
}

void report_doc_catalogue(struct doc_inline *item, const struct catalogue *c)
{
    if (c->as_of_from_file)
        doc_text(item, ", the file's modification date: no 'as_of' in its pricing entry");
    if (c->region || c->cloud) {
        doc_text(item, "; ");
        if (c->cloud) {
            doc_text(item, "cloud ");
            doc_user(item, c->cloud);
        }
        if (c->region) {
            doc_text(item, c->cloud ? ", region " : "region ");
            doc_user(item, c->region);
        }
    }
}
