/*
 * progress: see progress.h.
 */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "format.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

FILE *progress_stream(int quiet)
{
    const char *term = getenv("TERM");
    if (quiet || !isatty(STDERR_FILENO) || (term && strcmp(term, "dumb") == 0))
        return NULL;
    return stderr;
}

void progress_init(struct progress *p, FILE *out, const char *what, const char *unit, size_t total)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->what = what;
    p->unit = unit;
    p->total = total;
    p->delay_s = PROGRESS_DELAY_S;
    p->interval_s = PROGRESS_INTERVAL_S;
    p->start_s = now_s();
    pthread_mutex_init(&p->lock, NULL);
}

/* "71 s", "12 min", "2.5 h": a rough time left. */
static void rough_time(char *buf, size_t n, double s)
{
    if (s < 99.5)
        snprintf(buf, n, "%.0f s", s < 1 ? 1 : s);
    else if (s < 99.5 * 60)
        snprintf(buf, n, "%.0f min", s / 60);
    else
        snprintf(buf, n, "%.1f h", s / 3600);
}

void progress_format(char *buf, size_t n, const struct progress *p, size_t done, double elapsed_s)
{
    char d[FMT_SIZE], t[FMT_SIZE], left[FMT_SIZE];
    fmt_count(d, (double)done);
    fmt_count(t, (double)p->total);
    int percent = p->total ? (int)(100.0 * (double)done / (double)p->total) : 100;
    int len = snprintf(buf, n, "%s: %s of %s %s (%d%%)", p->what, d, t, p->unit, percent);
    /* Time left at the pace so far, once there is a pace. */
    if (len > 0 && (size_t)len < n && done > 0 && done < p->total && elapsed_s > 0) {
        rough_time(left, sizeof left, elapsed_s / (double)done * (double)(p->total - done));
        snprintf(buf + len, n - (size_t)len, ", about %s left", left);
    }
}

void progress_add(struct progress *p, size_t n)
{
    if (!p->out)
        return;
    pthread_mutex_lock(&p->lock);
    p->done += n;
    double t = now_s(), elapsed = t - p->start_s;
    if (!p->finished && elapsed >= p->delay_s &&
        (p->width == 0 || t - p->last_s >= p->interval_s)) {
        char line[256];
        progress_format(line, sizeof line, p, p->done, elapsed);
        size_t len = strlen(line);
        /* Blanks over what is left of a longer line before. */
        fprintf(p->out, "\r%s%*s", line, (int)(p->width > len ? p->width - len : 0), "");
        fflush(p->out);
        p->width = len > p->width ? len : p->width;
        p->last_s = t;
    }
    pthread_mutex_unlock(&p->lock);
}

void progress_finish(struct progress *p)
{
    if (p->finished)
        return;
    p->finished = 1;
    if (p->out && p->width > 0) {
        fprintf(p->out, "\r%*s\r", (int)p->width, "");
        fflush(p->out);
    }
    pthread_mutex_destroy(&p->lock);
}
