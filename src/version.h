/*
 * version: raftcost's version, and the versions of the libraries it was
 * built against and runs with, for --version and the man pages.
 *
 * Ownership: version_text appends to the caller's buffer; the strings
 * version_library hands out are static.
 */
#ifndef RAFTCOST_VERSION_H
#define RAFTCOST_VERSION_H

#include "util.h"

#define RAFTCOST_VERSION "0.1.0"

/* The month of this version, for the man pages' footer. */
#define RAFTCOST_VERSION_DATE "2026-12"

enum version_library { VERSION_LIBYAML, VERSION_CJSON, VERSION_GSL, VERSION_NLIBRARIES };

/*
 * The name of a library ("libyaml") and its version as compiled in (from its
 * header or pkg-config) and as linked at run time (from the library).
 */
const char *version_library_name(enum version_library lib);
const char *version_built(enum version_library lib);
const char *version_running(enum version_library lib);

/*
 * Appends what --version prints:
 *   raftcost 0.1.0
 *   built against: libyaml 0.2.5, cJSON 1.7.15, GSL 2.7.1
 *   running with:  libyaml 0.2.5, cJSON 1.7.15, GSL 2.7.1
 */
void version_text(struct strbuf *sb);

#endif
