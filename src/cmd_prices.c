/*
 * cmd_prices: `raftcost prices [PATTERN] [SCENARIO.yaml | --catalogue FILE ...]`,
 * the models and instances of a scenario's catalogues (or of the files
 * named) that match, cheapest first; and `raftcost prices --lint FILE`, what
 * looks wrong in one catalogue.  The rows, the lint and their formats are
 * the prices module's (prices.h); this file reads the command line, loads
 * the catalogues and writes the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "prices.h"
#include "pricing.h"
#include "scenario.h"
#include "util.h"

struct prices_options {
    const char **args; /* [PATTERN] [SCENARIO.yaml] */
    size_t nargs;
    const char **catalogues;
    size_t ncatalogues;
    const char *gpu, *region, *lint, *output;
    int models, instances;
    int format; /* enum prices_format */
    int quiet;  /* -q */
};

static const struct prices_options prices_defaults = {.format = PRICES_TEXT};

static const struct opts_choice prices_formats[] = {
    {"text", PRICES_TEXT},
    {"json", PRICES_JSON},
    {"csv", PRICES_CSV},
    {NULL, 0},
};

static const struct opt prices_table[] = {
    OPT_STRING(0, "gpu", &prices_defaults.gpu, "GPU",
               "instances with this GPU ('A100' takes 'A100-80GB' too)", .flags = OPTS_NONEMPTY,
               .invalid = "'{opt}' needs a GPU such as 'H100'"),
    OPT_STRING(0, "region", &prices_defaults.region, "REGION", "instances in this region",
               .flags = OPTS_NONEMPTY, .invalid = "'{opt}' needs a region such as 'eastus'"),
    OPT_FLAG(0, "models", &prices_defaults.models, "list models only"),
    OPT_FLAG(0, "instances", &prices_defaults.instances, "list instances only"),
    OPT_LIST(0, "catalogue", &prices_defaults.catalogues, &prices_defaults.ncatalogues, "FILE",
             "a catalogue to list (LiteLLM's JSON, SkyPilot's CSV or\n"
             "raftcost's YAML, recognised by content); repeatable; a\n"
             "later one hides an earlier one's names",
             .flags = OPTS_NONEMPTY, .invalid = "'{opt}' needs a catalogue file"),
    OPT_STRING(0, "lint", &prices_defaults.lint, "FILE",
               "list what looks wrong in catalogue FILE instead", .flags = OPTS_NONEMPTY,
               .invalid = "'{opt}' needs a catalogue file"),
    OPT_CHOICE('f', "format", &prices_defaults.format, prices_formats, "FMT",
               "text (default), json or csv",
               .invalid = "unknown format '{arg}' for 'prices', expected {choices}"),
    OPT_STRING('o', "output", &prices_defaults.output, "FILE",
               "write to FILE (atomically) instead of standard output", .flags = OPTS_NONEMPTY,
               .invalid = "'{opt}' needs a file"),
    CLI_OPT_QUIET(&prices_defaults.quiet),
    OPT_HELP("show this help"),
    OPT_ARGS(&prices_defaults.args, &prices_defaults.nargs, "[PATTERN] [SCENARIO.yaml | -]",
             .flags = OPTS_OPTIONAL),
    OPT_END(),
};

const struct opts_spec cmd_prices_spec = {
    .name = "prices",
    .options = prices_table,
    .defaults = &prices_defaults,
    .size = sizeof prices_defaults,
    .usage = "usage: raftcost prices [PATTERN] [--gpu GPU] [--region R] [-f text|json|csv]\n"
             "                       [SCENARIO.yaml | --catalogue FILE ...]\n"
             "       raftcost prices --lint FILE [-f text|json|csv]\n",
    .description =
        "\n"
        "Lists the models (input, cached, output and batch prices per 1M tokens, context)\n"
        "and instances (GPUs, on-demand and spot prices per hour, region) of a scenario's\n"
        "catalogues, or of the catalogues named, that match PATTERN: a glob ('gpt-4o*',\n"
        "'*/claude-*') or, without '*', '?' or '[', any name containing it; in any case.\n"
        "Models cheapest first by 3 input tokens to 1 output token, instances by their\n"
        "on-demand price.  --gpu or --region lists instances only.\n"
        "\n",
    .epilogue = "\n"
                "example:\n"
                "  raftcost prices gpt-4o --catalogue pricing/litellm-model-prices.json\n"
                "  raftcost prices --gpu H100 --region eastus --catalogue pricing/gpu-vms.csv\n"
                "  raftcost prices scenarios/raft-build24-2026.yaml\n"
                "  raftcost prices --lint pricing/litellm-model-prices.json\n"
                "\n"
                "The lint warns about output prices below input prices (likely reversed), zero\n"
                "prices, missing fields, cached or batch prices above on-demand ones and spot\n"
                "prices at or above on-demand; a catalogue with warnings still loads.\n"
                "\n"
                "exit status: 0 success (warnings included), 1 runtime failure, 2 invalid input.\n",
    .help_column = 24,
    .missing = "'{opt}' needs a value",
    .unknown = "unknown option '{opt}' for 'prices'{suggest}",
    .flags = OPTS_HINT_USAGE,
};

/* A scenario file, or '-' for standard input (cli_load). */
static int is_scenario_name(const char *s)
{
    size_t n = strlen(s);
    return strcmp(s, "-") == 0 || (n > 5 && strcmp(s + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(s + n - 4, ".yml") == 0);
}

/* PATTERN and SCENARIO from the positional arguments; CLI_INVALID after a message, or -1. */
static int split_args(const struct prices_options *o, const char **pattern, const char **scenario)
{
    *pattern = *scenario = NULL;
    for (size_t i = 0; i < o->nargs; i++) {
        const char *a = o->args[i];
        const char **slot = is_scenario_name(a) ? scenario : pattern;
        if (*slot)
            return cli_spec_error(&cmd_prices_spec, "'prices' takes one %s, got '%s' and '%s'",
                                  slot == scenario ? "scenario" : "pattern", *slot, a);
        *slot = a;
    }
    if (o->lint && (o->nargs || o->ncatalogues || o->gpu || o->region || o->models || o->instances))
        return cli_spec_error(&cmd_prices_spec,
                              "'--lint FILE' takes only '-f' and '-o': it checks one catalogue");
    if (o->lint)
        return -1;
    if (*scenario && o->ncatalogues)
        return cli_spec_error(&cmd_prices_spec, "give a scenario or '--catalogue FILE', not both");
    if (!*scenario && !o->ncatalogues)
        return cli_spec_error(&cmd_prices_spec,
                              "'prices' needs a scenario or '--catalogue FILE' (such as "
                              "'--catalogue pricing/litellm-model-prices.json')");
    if (o->models && o->instances)
        return cli_spec_error(&cmd_prices_spec,
                              "'--models' and '--instances' exclude each other: give neither "
                              "for both");
    return -1;
}

static int fail_load(struct diag *d)
{
    diag_render(d, stderr);
    diag_release(d);
    return CLI_INVALID;
}

/* Writes sb (or an error if rendering failed) and releases it. */
static int finish(const struct prices_options *o, struct strbuf *sb, int rendered)
{
    int status;
    if (rendered != 0) {
        fputs("raftcost: error: cannot write the JSON output\n", stderr);
        status = CLI_RUNTIME;
    } else {
        status = cli_write_output(o->output, sb->buf ? sb->buf : "");
    }
    strbuf_release(sb);
    return status;
}

static int run_lint(const struct prices_options *o)
{
    struct pricing p;
    struct diag d = DIAG_INIT;
    pricing_init(&p);
    if (pricing_load(&p, o->lint, &d)) {
        pricing_release(&p);
        return fail_load(&d);
    }
    struct lint_report lint;
    prices_lint(p.items[0], &lint);
    struct strbuf sb = STRBUF_INIT;
    int rc = lint_render(&lint, (enum prices_format)o->format, &sb);
    if (o->format == PRICES_TEXT)
        strbuf_printf(&sb, "%s: %zu warning%s (%zu models, %zu instances)\n", o->lint, lint.n,
                      lint.n == 1 ? "" : "s", p.items[0]->nmodels, p.items[0]->ninstances);
    lint_report_release(&lint);
    int status = finish(o, &sb, rc);
    pricing_release(&p);
    return status;
}

/* The currency of the catalogues named on the command line: one for all. */
static int catalogues_currency(const struct pricing *p, const char **currency)
{
    *currency = p->n ? p->items[0]->currency : "USD";
    for (size_t i = 1; i < p->n; i++)
        if (strcmp(p->items[i]->currency, *currency) != 0)
            return cli_spec_error(&cmd_prices_spec, "catalogue '%s' is in %s but '%s' is in %s",
                                  p->items[i]->file, p->items[i]->currency, p->items[0]->file,
                                  *currency);
    return -1;
}

static int run_list(const struct prices_options *o, const char *pattern, const char *scenario)
{
    struct scenario s;
    struct pricing own;
    struct diag d = DIAG_INIT;
    const struct pricing *p;
    const char *currency;
    int status;
    memset(&s, 0, sizeof s);
    pricing_init(&own);
    if (scenario) {
        if (cli_load(&s, scenario, NULL, NULL, NULL, 0, &d))
            return fail_load(&d);
        p = &s.pricing;
        currency = s.currency;
    } else {
        for (size_t i = 0; i < o->ncatalogues; i++)
            if (pricing_load(&own, o->catalogues[i], &d)) {
                pricing_release(&own);
                return fail_load(&d);
            }
        p = &own;
        if ((status = catalogues_currency(p, &currency)) >= 0)
            goto out;
    }
    struct prices_query q = {.pattern = pattern, .gpu = o->gpu, .region = o->region};
    q.kinds = o->models ? PRICES_MODELS : o->instances ? PRICES_INSTANCES : 0;
    struct price_rows rows;
    prices_collect(p, &q, &rows);
    struct strbuf sb = STRBUF_INIT;
    int rc = prices_render(&rows, (enum prices_format)o->format, currency, &sb);
    price_rows_release(&rows);
    status = finish(o, &sb, rc);
out:
    if (scenario)
        scenario_release(&s);
    pricing_release(&own);
    return status;
}

int cmd_prices(int argc, char **argv)
{
    struct prices_options o;
    int status = cli_parse(&cmd_prices_spec, argc, argv, &o);
    if (status >= 0)
        return status;
    const char *pattern, *scenario;
    status = split_args(&o, &pattern, &scenario);
    if (status < 0)
        status = o.lint ? run_lint(&o) : run_list(&o, pattern, scenario);
    opts_release(&cmd_prices_spec, &o);
    return status;
}
