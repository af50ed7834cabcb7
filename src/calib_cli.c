/*
 * calib_cli: see calib_cli.h.
 */
#include "calib_cli.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const struct opts_choice calib_cli_log_formats[] = {
    {"auto", USAGE_AUTO},
    {"litellm", CALIB_LOG_LITELLM},
    {"litellm-csv", USAGE_LITELLM_CSV},
    {"litellm-json", USAGE_LITELLM_JSON},
    {"jsonl", USAGE_OPENAI_JSONL},
    {"csv", USAGE_CSV},
    {NULL, 0},
};

/*
 * LiteLLM's JSON when the first byte after blanks (and a byte order mark) is
 * '[' or '{'.  Only a regular file is looked into (a FIFO would block the
 * open): for anything else the reader says what is wrong.
 */
static enum usage_format litellm_format(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return USAGE_LITELLM_CSV;
    FILE *f = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fdopen(fd, "rb") : NULL;
    if (!f) {
        close(fd);
        return USAGE_LITELLM_CSV;
    }
    int c, at = 0;
    const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
    while ((c = getc(f)) != EOF) {
        if (at < 3 && c == bom[at]) {
            at++;
            continue;
        }
        at = 3;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            break;
    }
    fclose(f);
    return c == '[' || c == '{' ? USAGE_LITELLM_JSON : USAGE_LITELLM_CSV;
}

int calib_cli_read_log(const char *path, int format, const struct scenario *s,
                       struct usage_log *log, struct diag *d)
{
    enum usage_format fmt =
        format == CALIB_LOG_LITELLM ? litellm_format(path) : (enum usage_format)format;
    const char *model = s->generation.present ? s->generation.teacher : NULL;
    return usage_log_read(path, fmt, model, log, d);
}
