/*
 * calib_cli: what `raftcost calibrate` and `raftcost actual` share on the
 * command line: the names of --format-log, reading the log in that format
 * with the scenario's teacher as the expected model, and the plots' ending
 * (a missing gnuplot a warning, a failing one an error).  Like the
 * commands, these print their warnings; nothing here exits.
 */
#ifndef RAFTCOST_CALIB_CLI_H
#define RAFTCOST_CALIB_CLI_H

#include "diag.h"
#include "opts.h"
#include "plot_run.h"
#include "scenario.h"
#include "usage_log.h"

/* auto, litellm (CSV or JSON, told by the content), litellm-csv, litellm-json, jsonl, csv. */
extern const struct opts_choice calib_cli_log_formats[];
#define CALIB_LOG_LITELLM (-1)

/*
 * Reads the log at path in format (an enum usage_format, or
 * CALIB_LOG_LITELLM), with the teacher of s's generation (if any) as the
 * expected model.  Returns 0, or -1 with d filled.
 */
int calib_cli_read_log(const char *path, int format, const struct scenario *s,
                       struct usage_log *log, struct diag *d);

#endif
