/*
 * bench_log: how long reading a large usage log takes.  Writes a log of N
 * requests (default 1,000,000) in a temporary folder, in raftcost's plain
 * CSV and as a LiteLLM spend-log CSV export, then times usage_log_read on
 * each (the best of 3 reads) and prints the time, the rate and the memory
 * the records take; then times the calibration, the job figures and the
 * projection of the plain log.  Writing the files is not timed.
 *
 * usage: bench_log [-n N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <math.h>

#include "calibrate.h"
#include "diag.h"
#include "usage_log.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Three workers' worth of requests on two deployments, one a second. */
static int write_plain(const char *path, long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("id,start,first_token,end,prompt_tokens,completion_tokens,deployment,status,model\n", f);
    for (long i = 0; i < n; i++) {
        long t = 1717243200 + i;
        fprintf(
            f,
            "req-%ld,%ld.%03ld,%ld.%03ld,%ld.%03ld,%ld,%ld,%s,%s,azure/Meta-Llama-3-70B-Instruct\n",
            i, t, i % 400, t, 400 + i % 500, t + 9, i % 1000, 300 + i % 400, 50 + i % 200,
            i % 3 ? "maas" : "maap", i % 50 ? "success" : "429");
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* The same as LiteLLM's CSV export: ISO times without a zone, JSON metadata. */
static int write_litellm(const char *path, long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,"
          "startTime,endTime,completionStartTime,model,model_id,model_group,api_base,user,"
          "metadata,cache_hit,cache_key,request_tags,status\n",
          f);
    for (long i = 0; i < n; i++) {
        long s = i % 86400, day = 1 + (i / 86400) % 28;
        int failed = i % 50 == 0;
        fprintf(f,
                "chatcmpl-%08lx-%04lx,acompletion,88dc41f0,%.6f,%ld,%ld,%ld,"
                "2024-06-%02ld %02ld:%02ld:%02ld.%03ld,2024-06-%02ld %02ld:%02ld:%02ld.%03ld,"
                "2024-06-%02ld %02ld:%02ld:%02ld.%03ld,azure_ai/Meta-Llama-3-70B-Instruct,%s,"
                "llama-3-70b,%s,,\"{\"\"status\"\": \"\"%s\"\"%s}\",False,Cache OFF,[],%s\n",
                i, i % 65536, (300 + i % 400) * 3.78e-6 + (50 + i % 200) * 11.34e-6,
                350 + i % 400 + i % 200, 300 + i % 400, 50 + i % 200, day, s / 3600, s / 60 % 60,
                s % 60, i % 400, day, s / 3600, s / 60 % 60, s % 60, 999L, day, s / 3600,
                s / 60 % 60, s % 60, 400 + i % 500, i % 3 ? "m-maas" : "m-maap",
                i % 3 ? "https://llama-3-70b.eastus2.models.ai.azure.com"
                      : "http://maap-0.internal:8000/v1",
                failed ? "failure" : "success",
                failed ? ", \"\"error_information\"\": {\"\"error_code\"\": \"\"429\"\"}" : "",
                failed ? "failure" : "success");
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int bench(const char *label, const char *path, long n)
{
    double best = 1e30;
    struct usage_log log;
    for (int round = 0; round < 3; round++) {
        struct diag d = DIAG_INIT;
        double t0 = now_s();
        if (usage_log_read(path, USAGE_AUTO, "azure/Meta-Llama-3-70B-Instruct", &log, &d) != 0) {
            diag_render(&d, stderr);
            diag_release(&d);
            return -1;
        }
        double t = now_s() - t0;
        if (t < best)
            best = t;
        if (round < 2)
            usage_log_release(&log);
    }
    size_t bytes = log.n * sizeof *log.records + log.ids_len;
    for (size_t i = 0; i < log.nstrings; i++)
        bytes += strlen(log.strings[i]) + 1 + sizeof *log.strings;
    FILE *f = fopen(path, "r");
    long file_bytes = 0;
    if (f && fseek(f, 0, SEEK_END) == 0)
        file_bytes = ftell(f);
    if (f)
        fclose(f);
    printf("read %ld requests (%s, %.0f MB): %.0f ms, %.2f M requests/s, %.0f bytes a record\n", n,
           label, (double)file_bytes / 1e6, best * 1e3, (double)log.n / best / 1e6,
           (double)bytes / (double)log.n);
    int ok = log.n == (size_t)n;
    if (ok && strcmp(label, "plain CSV") == 0) {
        struct calibration cal;
        struct calib_options opt = {.questions_per_chunk = 4};
        struct diag d = DIAG_INIT;
        double t0 = now_s();
        ok = calibrate(&log, &opt, &cal, &d) == 0;
        double t1 = now_s();
        struct actual act;
        actual_compute(&log, &act);
        struct projection p;
        struct projection_options po = {2.0 * (double)n, NAN, PROJECTION_WINDOW_S};
        ok = ok && actual_project(&log, &po, &p, &d) == 0;
        double t2 = now_s();
        printf("calibrate %ld requests: %.0f ms (rule: %s); job figures and projection: %.0f ms\n",
               n, (t1 - t0) * 1e3, ok ? calib_rule_name(cal.kinds.rule) : "-", (t2 - t1) * 1e3);
        diag_release(&d);
        actual_release(&act);
        calibration_release(&cal);
    }
    usage_log_release(&log);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    long n = 1000000;
    if (argc == 3 && strcmp(argv[1], "-n") == 0) {
        char *end;
        n = strtol(argv[2], &end, 10);
        if (*end || n <= 0) {
            fprintf(stderr, "bench_log: -n needs a positive whole number, got '%s'\n", argv[2]);
            return 2;
        }
    } else if (argc != 1) {
        fputs("usage: bench_log [-n N]\n", stderr);
        return 2;
    }
    const char *tmpdir = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/bench_log.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        perror("bench_log: mkdtemp");
        return 1;
    }
    char plain[4200], litellm[4200];
    snprintf(plain, sizeof plain, "%s/usage.csv", dir);
    snprintf(litellm, sizeof litellm, "%s/spend-logs.csv", dir);
    int status = 0;
    if (write_plain(plain, n) != 0 || write_litellm(litellm, n) != 0) {
        perror("bench_log: writing the logs");
        status = 1;
    } else if (bench("plain CSV", plain, n) != 0 || bench("LiteLLM CSV", litellm, n) != 0) {
        status = 1;
    }
    unlink(plain);
    unlink(litellm);
    rmdir(dir);
    return status;
}
