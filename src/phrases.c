/*
 * phrases: see phrases.h.
 */
#include "phrases.h"

#include <math.h>
#include <stdio.h>

#include "format.h"
#include "util.h"

void phrases_volume(const struct report *r, char *lines[PHRASES_VOLUME])
{
    const struct dataset *d = &r->scenario->generation.dataset;
    const struct volume *v = &r->generation.volume;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE], b5[FMT_SIZE], b6[FMT_SIZE];
    double corpus = d->corpus_tokens > 0 ? d->corpus_tokens : d->documents * d->document_tokens;
    if (v->chunks_used < v->chunks)
        lines[0] = xasprintf("%s corpus tokens / %s a chunk = %s chunks; the generator stops "
                             "after %s of them (max_examples %s at %s questions a chunk)",
                             fmt_tokens(b1, corpus), fmt_count(b5, d->chunk_tokens),
                             fmt_count(b2, v->chunks), fmt_count(b3, v->chunks_used),
                             fmt_count(b4, d->max_examples), fmt_count(b6, d->questions_per_chunk));
    else
        lines[0] = xasprintf("%s corpus tokens / %s a chunk = %s chunks", fmt_tokens(b1, corpus),
                             fmt_count(b5, d->chunk_tokens), fmt_count(b2, v->chunks));
    lines[1] = xasprintf("%s question calls (%s + %s tokens in, %s x %s out)",
                         fmt_count(b1, v->question_calls), fmt_count(b2, d->question_prompt_tokens),
                         fmt_count(b3, d->chunk_tokens), fmt_count(b4, d->questions_per_chunk),
                         fmt_count(b5, d->question_tokens));
    lines[2] = xasprintf("%s answer calls (%s + %s + %s tokens in, %s out)",
                         fmt_count(b1, v->answer_calls), fmt_count(b2, d->answer_prompt_tokens),
                         fmt_count(b3, d->chunk_tokens), fmt_count(b4, d->question_tokens),
                         fmt_count(b5, d->answer_tokens));
    /* With max_examples, the answers past it (of the last chunk) are dropped before keep. */
    char kept[FMT_SIZE + 32];
    if (d->max_examples > 0 && d->max_examples < v->answer_calls)
        snprintf(kept, sizeof kept, "the first %s answers, %s of them",
                 fmt_count(b3, d->max_examples), fmt_percent(b2, d->keep));
    else
        snprintf(kept, sizeof kept, "%s", fmt_percent(b2, d->keep));
    lines[3] = xasprintf("%s examples kept (%s); %s tokens an example (%s distractors + "
                         "oracle + question + answer%s)",
                         fmt_count(b1, v->examples), kept, fmt_count(b4, v->example_tokens),
                         fmt_count(b5, d->distractors),
                         d->example_overhead_tokens > 0 ? " + overhead" : "");
}

void phrases_estimate(const struct report *r, char *lines[PHRASES_ESTIMATE])
{
    const struct ft_estimate *e = &r->scenario->fine_tuning.estimate;
    const struct ft_result *f = &r->fine_tuning;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE], b4[FMT_SIZE], b5[FMT_SIZE];
    lines[0] = xasprintf("%s training tokens a run (%g epoch%s); %.3g FLOPs (%s: %d x %s "
                         "parameters x tokens)",
                         fmt_tokens(b1, f->training_tokens_per_run), e->epochs,
                         e->epochs == 1 ? "" : "s", f->flops, e->full ? "full" : "LoRA",
                         e->full ? 6 : 4, fmt_tokens(b2, e->parameters));
    lines[1] = xasprintf("on %s GPU%s of %s FLOP/s at %s MFU, plus %s overhead: %s a run",
                         fmt_count(b3, e->gpus), e->gpus == 1 ? "" : "s",
                         fmt_tokens(b1, e->gpu_flops), fmt_percent(b2, e->mfu),
                         fmt_duration(b4, e->overhead_s), fmt_duration(b5, f->run_s));
}

char *phrase_fine_tuning_cost(const struct report *r)
{
    const struct scenario *s = r->scenario;
    const struct training_price *p = &s->fine_tuning.price;
    const struct ft_result *f = &r->fine_tuning;
    char b1[FMT_SIZE], b2[FMT_SIZE], b3[FMT_SIZE];
    if (p->per_token)
        return xasprintf("%.0f run%s x %s training tokens at %s/1K = %s", f->runs,
                         f->runs == 1 ? "" : "s", fmt_tokens(b1, f->training_tokens_per_run),
                         fmt_unit_price(b2, s->currency, p->per_1k_training_tokens),
                         fmt_money(b3, s->currency, f->cost));
    return xasprintf("%.0f run%s x %s at %s/h = %s", f->runs, f->runs == 1 ? "" : "s",
                     fmt_duration(b1, f->run_s), fmt_money(b2, s->currency, p->per_hour),
                     fmt_money(b3, s->currency, f->cost));
}

char *phrase_claim(const struct comparison *c)
{
    char b1[FMT_SIZE], b2[FMT_SIZE];
    struct strbuf sb = STRBUF_INIT;
    if (c->claim_holds)
        strbuf_printf(&sb, "holds at this traffic (month 1 is %s)",
                      fmt_ratio(b1, c->first_month_ratio));
    else if (isnan(c->claim_requests_per_day))
        strbuf_printf(&sb,
                      "unreachable at any traffic; the best ratio this traffic mix allows "
                      "is %s",
                      fmt_ratio(b1, c->best_ratio));
    else
        strbuf_printf(&sb, "does not hold at this traffic (month 1 is %s)",
                      fmt_ratio(b1, c->first_month_ratio));
    if (c->staircase && !isnan(c->claim_requests_per_day) && c->claim_rises_with_traffic) {
        /* Sized hosting: the ratio falls back each time a replica is added. */
        strbuf_printf(&sb, "; it is first reached at %s requests/day",
                      fmt_count(b2, c->claim_requests_per_day));
        if (isnan(c->claim_for_good_requests_per_day))
            strbuf_puts(&sb, ", and falls below it again as replicas are added");
        else if (c->claim_for_good_requests_per_day > c->claim_requests_per_day)
            strbuf_printf(&sb, " and holds at any traffic from %s requests/day",
                          fmt_count(b2, c->claim_for_good_requests_per_day));
    } else if (!isnan(c->claim_requests_per_day)) {
        strbuf_printf(&sb, "; it needs %s %s requests/day",
                      c->claim_rises_with_traffic ? "at least" : "at most",
                      fmt_count(b2, c->claim_requests_per_day));
    }
    if (c->staircase && isnan(c->claim_requests_per_day) && !c->claim_holds)
        strbuf_puts(&sb, " (at full use of whole replicas)");
    return strbuf_detach(&sb);
}

char *phrase_concurrency_unused(const struct deployment *backend)
{
    return xasprintf("limits.concurrency %.0f has no effect on the analytic throughput (a "
                     "constant, not a curve)",
                     backend->concurrency);
}
