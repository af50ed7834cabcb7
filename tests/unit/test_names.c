/*
 * Unit tests of name parameters (params_set_name, scenario_names.c): a
 * backend's model set by name takes the catalogue's prices and records
 * them, on a clone without touching the original; a model with a hosting
 * price brings its path, a price the record lacked becomes its own when set;
 * an unknown name changes nothing; baseline and candidate take options by
 * name.  Units: K = 1,000 tokens; prices from pricing/azure-build2024.yaml
 * and pricing/azure-openai-2024.yaml (run from the repository's root).
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "params.h"
#include "scenario.h"
#include "test.h"

#define REL 1e-9

static const char yaml[] =
    "raftcost: 1\n"
    "pricing: [pricing/azure-build2024.yaml, pricing/azure-openai-2024.yaml]\n"
    "backends:\n"
    "  maas: {type: serverless, model: azure/Meta-Llama-3-70B-Instruct, throughput: 70 tok/s}\n"
    "generation:\n"
    "  teacher: azure/Meta-Llama-3-70B-Instruct\n"
    "  examples: 18k\n"
    "  tokens: {input: 10M, output: 3.7M}\n"
    "inference:\n"
    "  horizon: 1 month\n"
    "  traffic: {requests: 20k/day, input_tokens: 1500, output_tokens: 300}\n"
    "  options:\n"
    "    baseline: {model: azure/Meta-Llama-3-70B-Instruct}\n"
    "    raft: {model: azure/Llama-2-7b-raft}\n"
    "  compare: {baseline: baseline, candidate: raft}\n";

static double generation_cost(const struct scenario *s)
{
    struct report r;
    struct diag d = DIAG_INIT;
    double cost = NAN;
    if (model_run(s, &r, &d) == 0) {
        cost = r.generation.cost;
        report_release(&r);
    } else {
        diag_render(&d, stderr);
    }
    diag_release(&d);
    return cost;
}

static int set(struct scenario *s, const char *assignment)
{
    struct diag d = DIAG_INIT;
    int rc = params_set_text(s, assignment, "--set", &d);
    if (rc == 0)
        rc = scenario_validate(s, &d);
    diag_release(&d);
    return rc;
}

static double value(const struct scenario *s, const char *path)
{
    const struct param *p = params_find(&s->params, path);
    return p ? params_get(s, p) : NAN;
}

int main(void)
{
    struct scenario s, c;
    struct diag d = DIAG_INIT;
    /* Named without a '/', the catalogues resolve from the current directory. */
    if (scenario_load_text(&s, "names.yaml", yaml, strlen(yaml), &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"the scenario loads");
        TEST_END("names");
    }
    const struct param *model = params_find(&s.params, "backends.maas.model");
    CHECK(model && model->type == PARAM_NAME && model->name_kind == PARAM_NAME_MODEL);
    CHECK_STR(params_get_name(&s, model), "azure/Meta-Llama-3-70B-Instruct");
    /* 10M × 0.00378/K + 3.7M × 0.01134/K = 37.8 + 41.958 */
    CHECK_NEAR(generation_cost(&s), 79.758, REL);

    /* GPT-4 as the teacher, on a clone: 10M × 0.03/K + 3.7M × 0.06/K = 300 + 222. */
    scenario_clone(&s, &c);
    CHECK(set(&c, "backends.maas.model=azure/gpt-4") == 0);
    CHECK(set(&c, "generation.teacher=azure/gpt-4") == 0);
    CHECK_NEAR(generation_cost(&c), 522.0, REL);
    CHECK_NEAR(value(&c, "backends.maas.model.input_per_1k"), 0.03, REL);
    CHECK_STR(c.generation.teacher, "azure/gpt-4");
    /* The original keeps its model, its prices and its teacher. */
    CHECK_NEAR(generation_cost(&s), 79.758, REL);
    CHECK_NEAR(value(&s, "backends.maas.model.input_per_1k"), 0.00378, REL);
    CHECK_STR(s.generation.teacher, "azure/Meta-Llama-3-70B-Instruct");

    /* A model with a hosting price records it; generation pays tokens only. */
    CHECK(params_find(&c.params, "backends.maas.model.hosting_per_hour") == NULL);
    CHECK(set(&c, "backends.maas.model=azure/Llama-2-7b-raft") == 0);
    CHECK_NEAR(value(&c, "backends.maas.model.hosting_per_hour"), 3.09, REL);
    /* 10M × 0.00052/K + 3.7M × 0.00067/K = 5.2 + 2.479 */
    CHECK_NEAR(generation_cost(&c), 7.679, REL);
    /* Back to a model without one: the path stays, at 0, and setting it gives one. */
    CHECK(set(&c, "backends.maas.model=azure/gpt-4") == 0);
    CHECK(c.backends[0].model.has_hosting == 0);
    CHECK(set(&c, "backends.maas.model.hosting_per_hour=2") == 0);
    CHECK(c.backends[0].model.has_hosting == 1);

    /* An unknown name is an error and changes nothing. */
    CHECK(set(&c, "backends.maas.model=azure/gpt-5") != 0);
    CHECK_STR(c.backends[0].model.name, "azure/gpt-4");
    CHECK_NEAR(generation_cost(&c), 522.0, REL);

    /* Options by name: swapping the two, in either order, is checked once both are set. */
    CHECK(set(&c, "inference.compare.candidate=baseline") != 0);
    struct diag e = DIAG_INIT;
    CHECK(params_set_text(&c, "inference.compare.baseline=raft", "--set", &e) == 0);
    CHECK(params_set_text(&c, "inference.compare.candidate=baseline", "--set", &e) == 0);
    CHECK(scenario_validate(&c, &e) == 0);
    diag_release(&e);
    CHECK(c.inference.baseline == 1 && c.inference.candidate == 0);
    CHECK(set(&c, "inference.compare.candidate=nope") != 0);
    CHECK(c.inference.candidate == 0);

    scenario_release(&c);
    scenario_release(&s);
    TEST_END("names");
}
