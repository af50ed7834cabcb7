/*
 * The model's headers stand without libyaml: a program that includes
 * model.h (and through it report.h, scenario.h, params.h, pricing.h,
 * deploy.h) sees neither yaml.h nor yamldoc.h.  The check is made by the
 * preprocessor, so this file fails to compile if one of them slips back in;
 * the run only confirms that it was built.
 */
#include "model.h"

#if defined(YAML_H) || defined(YAML_VERSION_STRING) || defined(RAFTCOST_YAMLDOC_H)
#error "model.h pulls in libyaml: keep yaml-dependent declarations in loader.h or pricing_yaml.h"
#endif

#include "test.h"

int main(void)
{
    /* The headers' own guards are there, so the check above looked at them. */
#ifdef RAFTCOST_MODEL_H
    CHECK(1);
#else
    CHECK(!"model.h included");
#endif
#ifdef RAFTCOST_SCENARIO_H
    CHECK(1);
#else
    CHECK(!"scenario.h included");
#endif
    TEST_END("headers");
}
