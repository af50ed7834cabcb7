/*
 * unc_cli: see unc_cli.h.
 */
#include "unc_cli.h"

#include <stdlib.h>

#include "cli.h"
#include "progress.h"

const struct opts_choice unc_cli_methods[] = {
    {"lhs", SAMPLE_LHS},
    {"mc", SAMPLE_PLAIN},
    {NULL, 0},
};

int unc_cli_check(const struct opts_spec *spec, const struct unc_cli *o)
{
    if (o->samples != ULONG_MAX && o->samples > UNC_MAX_SAMPLES)
        return cli_spec_error(spec, "--samples must be at most 1,000,000, got %lu", o->samples);
    if (o->samples == 0 && o->samples_out)
        return cli_spec_error(spec, "--samples-out needs samples, but --samples 0 turns the "
                                    "Monte Carlo run off");
    return 0;
}

int unc_cli_wanted(const struct unc_cli *o, const struct scenario *s, int shown)
{
    if (o->samples == 0)
        return 0;
    if (o->samples_out)
        return 1;
    return shown && (o->samples != ULONG_MAX || s->ranges.present);
}

int unc_cli_run(const struct scenario *s, const struct unc_cli *o, struct unc_result *u,
                struct diag *d)
{
    struct unc_options uo = UNC_OPTIONS_INIT;
    if (o->samples != ULONG_MAX)
        uo.samples = o->samples;
    uo.seed = o->seed;
    if (o->method >= 0)
        uo.method = (enum sample_method)o->method;
    uo.threads = o->threads;
    return unc_cli_sample(s, &uo, u, d);
}

int unc_cli_sample(const struct scenario *s, struct unc_options *uo, struct unc_result *u,
                   struct diag *d)
{
    struct progress p;
    progress_init(&p, progress_stream(cli_quiet()), "Monte Carlo", "samples", uo->samples);
    uo->progress = &p;
    int rc = unc_run(s, uo, u, d);
    uo->progress = NULL;
    progress_finish(&p);
    return rc;
}

int unc_cli_write_samples(const struct unc_result *u, const char *path)
{
    char *csv = unc_samples_csv(u);
    int status = cli_write_output(path, csv);
    free(csv);
    return status;
}
