/*
 * report_json_unc: the `uncertainty` object of the JSON report, when a
 * Monte Carlo run is attached (r->uncertainty).  Stable keys (the format's
 * section 10): samples, seed, method, figures {KEY: {mean, p5, p10, p50,
 * p90, p95}}, probabilities {budget.KEY, deadline, claim}.  Figures are in
 * the units of their keys elsewhere in the report (hours for times, days for
 * the payback); a statistic that does not exist is null.
 */
#include <cjson/cJSON.h>
#include <math.h>

#include "json_out.h"
#include "report.h"
#include "unc.h"

/* A statistic in the unit of the figure's key. */
static void add_stat(cJSON *obj, const char *key, const struct unc_figure *f, double v)
{
    struct figure fig = f->fig;
    fig.value = v;
    json_add_number(obj, key, figure_value_in_unit(&fig));
}

static const char *kind_unit(enum qkind kind)
{
    switch (kind) {
    case QK_DURATION:
        return "s";
    case QK_RATE:
        return "/s";
    case QK_THROUGHPUT:
        return "tok/s";
    case QK_FRACTION:
        return "fraction";
    case QK_RATIO:
        return "x";
    case QK_NUMBER:
        break;
    }
    return "";
}

cJSON *report_json_uncertainty(const struct report *r)
{
    const struct unc_result *u = r->uncertainty;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "samples", (double)u->samples);
    cJSON_AddNumberToObject(o, "seed", (double)u->seed);
    cJSON_AddStringToObject(o, "method", sample_method_name(u->method));
    /* The generation's figures come from one replication of the simulation a sample. */
    cJSON_AddBoolToObject(o, "simulated", u->simulated);
    cJSON *figures = cJSON_AddObjectToObject(o, "figures");
    for (size_t i = 0; i < u->nfigures; i++) {
        const struct unc_figure *f = &u->figures[i];
        const struct stats_summary *s = &f->summary;
        if (!f->shown)
            continue;
        cJSON *e = cJSON_AddObjectToObject(figures, f->fig.key);
        add_stat(e, "mean", f, s->mean);
        add_stat(e, "p5", f, s->p5);
        add_stat(e, "p10", f, s->p10);
        add_stat(e, "p50", f, s->p50);
        add_stat(e, "p90", f, s->p90);
        add_stat(e, "p95", f, s->p95);
        add_stat(e, "estimate", f, f->fig.value);
        cJSON_AddNumberToObject(e, "n", (double)s->n);
        cJSON_AddNumberToObject(e, "missing", (double)s->missing);
    }
    cJSON *p = cJSON_AddObjectToObject(o, "probabilities");
    for (size_t i = 0; i < u->nprobabilities; i++)
        json_add_number(p, u->probabilities[i].key, u->probabilities[i].share);
    cJSON *inputs = cJSON_AddArrayToObject(o, "inputs");
    for (size_t i = 0; i < u->ninputs; i++) {
        const struct unc_input *in = &u->inputs[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "path", in->path);
        cJSON_AddStringToObject(e, "range", in->is_fit ? "fit" : in->text);
        cJSON_AddBoolToObject(e, "default", in->is_default);
        cJSON_AddStringToObject(e, "unit", kind_unit(in->kind));
        json_add_number(e, "base", in->base);
        json_add_number(e, "p10", in->p10);
        json_add_number(e, "p90", in->p90);
        json_add_number(e, "mean", in->mean);
        cJSON_AddItemToArray(inputs, e);
    }
    return o;
}
