/*
 * bench: benchmark results as curve points, read by what the tools call
 * their columns and keys, so that their exports load as written:
 *
 *   a table (CSV)     a header naming the columns, one point a row: the
 *                     concurrency ('concurrency', 'max_concurrency' or
 *                     'num_concurrent_requests'), the output throughput
 *                     ('output_tok_s', 'throughput', 'output_throughput',
 *                     'Output Token Throughput (tokens/sec)', ...), and
 *                     optionally the mean time to first token and
 *                     inter-token latency ('ttft_ms', 'itl_ms', ...);
 *                     other columns are ignored
 *   GenAI-Perf/AIPerf profile_export_*.csv or .json: one run, one point;
 *                     the concurrency from its input_config, its sibling
 *                     JSON or its folder's name ('...concurrency16...')
 *   vLLM benchmark_serving's result JSON (max_concurrency, output_throughput,
 *                     mean_ttft_ms, mean_itl_ms): one point
 *   llmperf's *_summary.json (num_concurrent_requests,
 *                     results_mean_output_throughput_token_per_s, ...): one point
 *
 * Several files merge into one set of points (a run each, or tables).  The
 * format is told from the content.  Names are compared without case, with
 * any run of other characters read as '_' ("Time To First Token (ms)" is
 * time_to_first_token_ms).  Errors point at the file, line and column.
 *
 * Ownership: the points are the caller's (curve_points_release); no state.
 */
#ifndef RAFTCOST_BENCH_H
#define RAFTCOST_BENCH_H

#include <stddef.h>

#include "curve.h"
#include "diag.h"

/*
 * Reads the files' points into *points (sorted by concurrency, each at most
 * once over all the files; ttft_ms and itl_ms NULL when no file gives them).
 * Returns 0, or -1 with d filled and *points empty.
 */
int bench_read(const char *const *paths, size_t n, struct curve_points *points, struct diag *d);

/* The same for text already in memory, named `file` (its folder: the concurrency's hint). */
int bench_parse(const char *file, const char *text, size_t len, struct curve_points *points,
                struct diag *d);

#endif
