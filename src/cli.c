/*
 * cli: see cli.h.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int cli_option(int argc, char **argv, int *i, const char *long_name, char short_name,
               const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(long_name);
    if (strncmp(a, long_name, n) == 0 && (a[n] == '\0' || a[n] == '=')) {
        if (a[n] == '=') {
            *value = a + n + 1;
            return 1;
        }
    } else if (short_name && a[0] == '-' && a[1] == short_name) {
        if (a[2]) {
            *value = a + 2;
            return 1;
        }
    } else {
        return 0;
    }
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "raftcost: error: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'raftcost %s%s--help')\n", command ? command : "", command ? " " : "");
    return CLI_INVALID;
}

int cli_load(struct scenario *s, const char *path, const char *variant, const char *const *sets,
             const char *const *origins, size_t nsets, struct diag *d)
{
    if (scenario_load(s, path, d) != 0)
        return -1;
    if (variant && scenario_apply_variant(s, variant, d) != 0)
        goto fail;
    for (size_t i = 0; i < nsets; i++)
        if (params_set_assignment(&s->params, sets[i], origins ? origins[i] : "--set", d) != 0)
            goto fail;
    /* scenario_load and scenario_apply_variant validate; --set changes need a check. */
    if (nsets && scenario_validate(s, d) != 0)
        goto fail;
    return 0;
fail:
    scenario_release(s);
    return -1;
}

int cli_write_output(const char *path, const char *text)
{
    size_t len = strlen(text);
    if (path && strcmp(path, "-") != 0) {
        if (write_file_atomic(path, text, len) != 0) {
            fprintf(stderr, "raftcost: error: cannot write '%s': %s\n", path, strerror(errno));
            return CLI_RUNTIME;
        }
        return CLI_OK;
    }
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "raftcost: error: cannot write the output: %s\n", strerror(errno));
        return CLI_RUNTIME;
    }
    return CLI_OK;
}
