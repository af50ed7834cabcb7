/*
 * report_csv_sim: replication 0's timeline as CSV (--timeline FILE): one
 * row per step and deployment, in step order, with the header
 *   start_s,end_s,deployment,backend,tok_s,output_tokens,in_flight,completed,
 *   rejected,admitted,admitted_tokens,peak_tpm_60s,tpm,run_rejected,
 *   run_retries,run_lost
 * Times in seconds from the start of the job; tokens are counts; in_flight
 * is the time-averaged number of admitted requests; admitted_tokens the TPM
 * cost of the step's admissions; peak_tpm_60s the most TPM tokens admitted
 * in a 60 s window ending at an admission of the step (empty: none, or no
 * tpm limit); tpm the deployment's limit (empty: none); run_* the whole
 * run's 429s (the router's included), retries and lost calls in the step,
 * repeated on each of the step's rows.
 */
#include <math.h>
#include <stdio.h>

#include "render_csv.h"
#include "report.h"
#include "util.h"

static void number(struct strbuf *sb, double v, int last)
{
    char buf[64];
    if (isnan(v) || isinf(v))
        buf[0] = '\0';
    else
        snprintf(buf, sizeof buf, "%.15g", v);
    render_csv_number(sb, buf, last);
}

char *report_sim_timeline_csv(const struct report *r)
{
    const struct sim_report *sr = &r->simulation;
    struct strbuf sb = STRBUF_INIT;
    static const char *const header[] = {
        "start_s",   "end_s",        "deployment",  "backend",  "tok_s",           "output_tokens",
        "in_flight", "completed",    "rejected",    "admitted", "admitted_tokens", "peak_tpm_60s",
        "tpm",       "run_rejected", "run_retries", "run_lost"};
    size_t nh = sizeof header / sizeof header[0];
    for (size_t k = 0; k < nh; k++)
        render_csv_text(&sb, header[k], k + 1 == nh);
    for (size_t t = 0; t < sr->nsteps; t++) {
        const struct sim_report_step *step = &sr->steps[t];
        for (size_t i = 0; i < sr->ndeployments; i++) {
            const struct sim_report_step_deployment *d =
                &sr->step_deployments[t * sr->ndeployments + i];
            const struct sim_report_deployment *info = &sr->deployments[i];
            number(&sb, step->start_s, 0);
            number(&sb, step->end_s, 0);
            render_csv_text(&sb, info->name, 0);
            render_csv_text(&sb, r->scenario->backends[info->backend].name, 0);
            number(&sb, d->tok_s, 0);
            number(&sb, d->output_tokens, 0);
            number(&sb, d->mean_in_flight, 0);
            number(&sb, (double)d->completed, 0);
            number(&sb, (double)d->rejected, 0);
            number(&sb, (double)d->admitted, 0);
            number(&sb, d->admitted_tokens, 0);
            number(&sb, d->peak_tpm_60s, 0);
            number(&sb, info->tpm > 0 ? info->tpm : NAN, 0);
            number(&sb, (double)step->rejected, 0);
            number(&sb, (double)step->retries, 0);
            number(&sb, (double)step->lost, 1);
        }
    }
    return strbuf_detach(&sb);
}
