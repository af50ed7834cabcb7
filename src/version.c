/*
 * version: see version.h.  libyaml's header has no version macro, so the
 * Makefile passes pkg-config's (RAFTCOST_LIBYAML_BUILT); cJSON's and GSL's
 * come from their headers.  The run-time versions come from the libraries.
 */
#include "version.h"

#include <cjson/cJSON.h>
#include <gsl/gsl_version.h>
#include <yaml.h>

#ifndef RAFTCOST_LIBYAML_BUILT
#define RAFTCOST_LIBYAML_BUILT "unknown"
#endif

#define STR(x) #x
#define XSTR(x) STR(x)
#define CJSON_BUILT                                                                                \
    XSTR(CJSON_VERSION_MAJOR) "." XSTR(CJSON_VERSION_MINOR) "." XSTR(CJSON_VERSION_PATCH)

const char *version_library_name(enum version_library lib)
{
    static const char *const names[] = {"libyaml", "cJSON", "GSL"};
    return names[lib];
}

const char *version_built(enum version_library lib)
{
    static const char *const built[] = {RAFTCOST_LIBYAML_BUILT, CJSON_BUILT, GSL_VERSION};
    return built[lib];
}

const char *version_running(enum version_library lib)
{
    switch (lib) {
    case VERSION_LIBYAML:
        return yaml_get_version_string();
    case VERSION_CJSON:
        return cJSON_Version();
    case VERSION_GSL:
    case VERSION_NLIBRARIES:
        break;
    }
    return gsl_version;
}

static void library_line(struct strbuf *sb, const char *label,
                         const char *(*version)(enum version_library))
{
    strbuf_puts(sb, label);
    for (int i = 0; i < VERSION_NLIBRARIES; i++)
        strbuf_printf(sb, "%s%s %s", i ? ", " : "", version_library_name((enum version_library)i),
                      version((enum version_library)i));
    strbuf_puts(sb, "\n");
}

void version_text(struct strbuf *sb)
{
    strbuf_puts(sb, "raftcost " RAFTCOST_VERSION "\n");
    library_line(sb, "built against: ", version_built);
    library_line(sb, "running with:  ", version_running);
}
