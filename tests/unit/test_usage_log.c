/*
 * Unit tests of the usage-log readers: timestamps in the forms the tools
 * write, RFC 4180 CSV, each format's fixture read into the same records,
 * and every kind of bad log rejected with its message at the right row and
 * column.
 *
 * The fixtures (tests/logs/) hold one pilot run, written out in each
 * format: 3 chunks of 4 questions by 2 workers; worker A on deployment
 * 'maas' (chunks 1 and 3, with two 429s before one answer), worker B on
 * 'maap' (chunk 2, with one failed attempt): 18 records, 15 successes.
 * The run starts at 2024-06-01T12:00:00Z, Unix time 1717243200:
 * 2024-01-01 is day 54 * 365 + 13 leap days = 19723 after 1970-01-01,
 * June 1st is 31 + 29 + 31 + 30 + 31 = 152 days later, 19875 days =
 * 1717200000 s, plus 12 h = 43200 s.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "test.h"
#include "timestamp.h"
#include "usage_log.h"

#define T0 1717243200.0

static double ts(const char *s, unsigned flags)
{
    double t;
    const char *why;
    size_t offset;
    if (timestamp_parse(s, strlen(s), flags, &t, &why, &offset) != 0) {
        fprintf(stderr, "'%s': %s at %zu\n", s, why, offset);
        return NAN;
    }
    return t;
}

/* The message and offset of a timestamp that must fail. */
static void ts_bad(const char *s, unsigned flags, const char *want_why, size_t want_offset)
{
    double t;
    const char *why = NULL;
    size_t offset = 0;
    CHECK(timestamp_parse(s, strlen(s), flags, &t, &why, &offset) == -1);
    CHECK_STR(why, want_why);
    CHECK(offset == want_offset);
}

static void test_timestamps(void)
{
    CHECK_NEAR(ts("2024-06-01T12:00:00Z", 0), T0, 0);
    CHECK_NEAR(ts("2024-06-01 12:00:00", 0), T0, 0); /* no zone: UTC */
    CHECK_NEAR(ts("2024-06-01t12:00:00z", 0), T0, 0);
    CHECK_NEAR(ts("2024-06-01T14:00:00+02:00", 0), T0, 0);
    CHECK_NEAR(ts("2024-06-01T14:00:00+0200", 0), T0, 0);
    CHECK_NEAR(ts("2024-06-01 14:00:00+02", 0), T0, 0); /* PostgreSQL's timestamptz */
    CHECK_NEAR(ts("2024-06-01T07:30:00-04:30", 0), T0, 0);
    CHECK_NEAR(ts("2024-06-01T12:00Z", 0), T0, 0); /* seconds left out */
    /* Fractions of any length, '.' or ','; 0.25 and 0.123456 are exact enough. */
    CHECK_NEAR(ts("2024-06-01T12:00:00.25Z", 0), T0 + 0.25, 1e-15);
    CHECK_NEAR(ts("2024-06-01 12:00:00,25", 0), T0 + 0.25, 1e-15);
    CHECK_NEAR(ts("2024-06-01T12:00:03.123456+00:00", 0) - T0, 3.123456, 1e-9);
    CHECK_NEAR(ts(" 2024-06-01T12:00:00Z\r", 0), T0, 0);
    /* Day counts across the calendar: 1970-01-01 is 0; 2000-03-01 is day 11017. */
    CHECK_NEAR(ts("1970-01-01T00:00:00Z", 0), 0, 0);
    CHECK_NEAR(ts("2000-03-01T00:00:00Z", 0), 11017 * 86400.0, 0);
    CHECK_NEAR(ts("2024-02-29T00:00:00Z", 0), (19723 + 31 + 28) * 86400.0, 0);
    /* Unix seconds where allowed. */
    CHECK_NEAR(ts("1717243200", TIMESTAMP_EPOCH), T0, 0);
    CHECK_NEAR(ts("1717243200.5", TIMESTAMP_EPOCH), T0 + 0.5, 0);

    ts_bad("1717243200", 0, "expected a date and time such as '2024-06-01T12:00:00Z'", 0);
    ts_bad("1717243200123", TIMESTAMP_EPOCH,
           "Unix time must be in seconds; this number is too large (milliseconds?)", 0);
    ts_bad("2024-13-01T12:00:00Z", 0, "month must be 01 to 12", 5);
    ts_bad("2023-02-29T12:00:00Z", 0, "that day does not exist in that month", 8);
    ts_bad("2024-06-01T24:00:00Z", 0, "hour must be 00 to 23", 11);
    ts_bad("2024-06-01", 0, "expected 'T' or a space and a time after the date", 10);
    ts_bad("2024-06-01T12:00:00 UTC", 0,
           "unexpected text after the time (a zone is 'Z' or '+02:00')", 19);
    ts_bad("2024-06-01T12:00:00.Z", 0, "expected digits after the decimal point", 20);
    ts_bad("", TIMESTAMP_EPOCH, "empty time", 0);

    char buf[32];
    timestamp_format(T0 + 88.8, buf, sizeof buf); /* to the nearest second */
    CHECK_STR(buf, "2024-06-01 12:01:29Z");
    timestamp_format(T0 + 88.4, buf, sizeof buf);
    CHECK_STR(buf, "2024-06-01 12:01:28Z");
    timestamp_format(0, buf, sizeof buf);
    CHECK_STR(buf, "1970-01-01 00:00:00Z");
}

static void test_csvread(void)
{
    /* A quoted field with a comma, a doubled quote and a line break; CRLF. */
    const char *text = "\xEF\xBB\xBF"
                       "a,b,c\r\n"
                       "1,\"x, \"\"y\"\"\nz\",3\r\n"
                       "\n"
                       "4,,\"\"\n";
    struct csv_reader r;
    csv_reader_init(&r, text, strlen(text));
    const char *why;
    int line, col;
    size_t n;
    CHECK(csv_reader_next(&r, &why, &line, &col) == 1);
    CHECK(r.nfields == 3 && r.row_line == 1);
    CHECK(r.fields[2].len == 1 && r.fields[2].text[0] == 'c');
    CHECK(csv_reader_next(&r, &why, &line, &col) == 1);
    CHECK(r.nfields == 3 && r.row_line == 2);
    const char *v = csv_value(&r, 1, &n);
    CHECK(n == 8 && memcmp(v, "x, \"y\"\nz", 8) == 0);
    CHECK(r.fields[1].line == 2 && r.fields[1].col == 3 && r.fields[1].quoted);
    /* The field after the line break inside quotes starts on line 3, column 4. */
    CHECK(r.fields[2].line == 3 && r.fields[2].col == 4);
    CHECK(csv_reader_next(&r, &why, &line, &col) == 1); /* the empty line 4 is skipped */
    CHECK(r.row_line == 5 && r.nfields == 3);
    CHECK(r.fields[1].len == 0 && r.fields[2].len == 0 && r.fields[2].quoted);
    CHECK(csv_reader_next(&r, &why, &line, &col) == 0);
    csv_reader_release(&r);

    const char *unterminated = "a,b\n1,\"open\n2,3\n";
    csv_reader_init(&r, unterminated, strlen(unterminated));
    CHECK(csv_reader_next(&r, &why, &line, &col) == 1);
    CHECK(csv_reader_next(&r, &why, &line, &col) == -1);
    CHECK(line == 2 && col == 3);
    csv_reader_release(&r);

    const char *after = "\"a\"b,c\n";
    csv_reader_init(&r, after, strlen(after));
    CHECK(csv_reader_next(&r, &why, &line, &col) == -1);
    CHECK(line == 1 && col == 4);
    csv_reader_release(&r);
}

static int read_ok(const char *path, const char *model, struct usage_log *log)
{
    struct diag d = DIAG_INIT;
    if (usage_log_read(path, USAGE_AUTO, model, log, &d) != 0) {
        diag_render(&d, stderr);
        diag_release(&d);
        CHECK(!"read failed");
        return -1;
    }
    return 0;
}

/* The pilot's times, relative to T0: start, first token (NaN: none), end. */
static const double pilot_times[18][3] = {
    {0.000, 0.400, 3.000},    {0.050, 0.850, 2.250},    {2.350, 3.350, 7.725},
    {3.100, 3.600, 13.600},   {7.825, 9.025, 13.650},   {13.700, 14.200, 23.200},
    {13.750, NAN, 15.750},    {16.250, 17.150, 22.025}, {22.125, 23.225, 28.225},
    {23.300, 23.900, 33.900}, {34.000, 34.500, 45.000}, {45.100, 45.500, 48.500},
    {48.600, 49.200, 58.200}, {58.300, NAN, 58.350},    {58.850, NAN, 58.900},
    {59.900, 60.400, 69.900}, {70.000, 70.700, 80.200}, {80.300, 80.800, 88.800},
};
static const unsigned pilot_prompt[18] = {310, 320, 610, 600, 614, 604, 0,   618, 622,
                                          608, 612, 330, 620, 0,   0,   624, 628, 632};
static const unsigned pilot_output[18] = {52,  56,  175, 170, 185, 180, 0,   195, 205,
                                          200, 210, 60,  180, 0,   0,   190, 190, 200};
static const int pilot_status[18] = {
    USAGE_OK,     USAGE_OK,           USAGE_OK,           USAGE_OK, USAGE_OK, USAGE_OK,
    USAGE_FAILED, USAGE_OK,           USAGE_OK,           USAGE_OK, USAGE_OK, USAGE_OK,
    USAGE_OK,     USAGE_RATE_LIMITED, USAGE_RATE_LIMITED, USAGE_OK, USAGE_OK, USAGE_OK};
/* 1 for a question call. */
static const int pilot_question[18] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};

/* Checks records first..first+17 against the pilot's table. */
static void check_pilot(const struct usage_log *log, size_t first, int tagged)
{
    CHECK(log->n == first + 18);
    if (log->n != first + 18)
        return;
    for (size_t i = 0; i < 18; i++) {
        const struct usage_record *r = &log->records[first + i];
        CHECK_NEAR(r->start_s - T0, pilot_times[i][0], 1e-6);
        if (isnan(pilot_times[i][1]))
            CHECK(isnan(r->first_token_s));
        else
            CHECK_NEAR(r->first_token_s - T0, pilot_times[i][1], 1e-6);
        CHECK_NEAR(r->end_s - T0, pilot_times[i][2], 1e-6);
        CHECK(r->prompt_tokens == pilot_prompt[i]);
        CHECK(r->completion_tokens == pilot_output[i]);
        CHECK(r->status == pilot_status[i]);
        if (tagged)
            CHECK(r->kind == (pilot_question[i] ? USAGE_KIND_QUESTION : USAGE_KIND_ANSWER));
        else
            CHECK(r->kind == USAGE_KIND_UNTAGGED);
    }
}

static void test_plain_csv(void)
{
    struct usage_log log;
    if (read_ok("tests/logs/pilot.csv", "azure/Meta-Llama-3-70B-Instruct", &log))
        return;
    CHECK(log.format == USAGE_CSV);
    check_pilot(&log, 0, 0);
    CHECK(log.has_spend && log.has_first_token);
    /* Names are interned: maas, maap and the one model. */
    CHECK(log.nstrings == 3);
    CHECK_STR(usage_log_str(&log, log.records[0].deployment), "maas");
    CHECK_STR(usage_log_str(&log, log.records[1].deployment), "maap");
    CHECK(log.records[0].model == log.records[17].model);
    CHECK_STR(usage_log_id(&log, &log.records[17]), "a3-4");
    CHECK(log.records[17].row == 19);
    /* spend = prompt * 1e-6 + output * 3e-6: 310e-6 + 156e-6 for q1. */
    CHECK_NEAR(log.records[0].spend, 0.000466, 1e-12);
    CHECK(sizeof(struct usage_record) == 64);
    usage_log_release(&log);

    /* Columns in another order, times at +02:00, a quoted extra column. */
    if (read_ok("tests/logs/pilot-tagged.csv", NULL, &log))
        return;
    check_pilot(&log, 0, 1);
    CHECK(!log.has_spend);
    CHECK(log.records[0].model == USAGE_NONE && log.records[0].id == USAGE_NONE);
    usage_log_release(&log);
}

static void test_litellm(void)
{
    struct usage_log log;
    if (read_ok("tests/logs/pilot-litellm.csv", "azure/Meta-Llama-3-70B-Instruct", &log))
        return;
    CHECK(log.format == USAGE_LITELLM_CSV);
    /* Row 2 is an embedding call (another model, not checked), then the pilot. */
    CHECK(log.records[0].kind == USAGE_KIND_OTHER);
    CHECK_STR(usage_log_str(&log, log.records[0].model), "text-embedding-ada-002");
    check_pilot(&log, 1, 0);
    CHECK_STR(usage_log_str(&log, log.records[1].deployment),
              "https://llama-3-70b.eastus2.models.ai.azure.com");
    CHECK_STR(usage_log_str(&log, log.records[2].deployment), "http://maap-0.internal:8000/v1");
    CHECK_STR(usage_log_str(&log, log.records[1].model_group), "llama-3-70b");
    CHECK_STR(usage_log_id(&log, &log.records[1]), "chatcmpl-q1");
    CHECK(log.records[1].row == 3);
    usage_log_release(&log);

    /* The /spend/logs JSON array, pretty-printed, with kind tags. */
    if (read_ok("tests/logs/pilot-litellm.json", "Meta-Llama-3-70B-Instruct", &log))
        return;
    CHECK(log.format == USAGE_LITELLM_JSON);
    check_pilot(&log, 0, 1);
    CHECK(log.records[0].row == 2 && log.records[1].row == 29); /* 27 lines an object */
    CHECK_NEAR(log.records[17].spend, 632e-6 + 200 * 3e-6, 1e-12);
    usage_log_release(&log);
}

static void test_openai(void)
{
    struct usage_log log;
    if (read_ok("tests/logs/batch-output.jsonl", "gpt-4o", &log))
        return;
    CHECK(log.format == USAGE_OPENAI_JSONL);
    CHECK(log.n == 4);
    if (log.n == 4) {
        const struct usage_record *r = log.records;
        CHECK_STR(usage_log_id(&log, &r[0]), "chunk-0-question");
        CHECK(r[0].status == USAGE_OK && r[0].prompt_tokens == 300 && r[0].completion_tokens == 50);
        CHECK_NEAR(r[0].start_s, T0, 0);
        CHECK(isnan(r[0].end_s) && isnan(r[0].first_token_s) && isnan(r[0].spend));
        CHECK_STR(usage_log_str(&log, r[0].deployment), "gpt-4o-2024-08-06");
        CHECK_NEAR(r[1].start_s, T0 + 60, 0);
        CHECK(r[2].status == USAGE_RATE_LIMITED && isnan(r[2].start_s));
        CHECK(r[3].status == USAGE_FAILED && r[3].row == 4);
    }
    usage_log_release(&log);

    if (read_ok("tests/logs/chat-completions.jsonl", "azure/Meta-Llama-3-70B-Instruct", &log))
        return;
    CHECK(log.n == 3);
    if (log.n == 3) {
        const struct usage_record *r = log.records;
        CHECK(r[0].kind == USAGE_KIND_QUESTION && r[1].kind == USAGE_KIND_ANSWER);
        CHECK_NEAR(r[0].first_token_s, T0 + 0.5, 0);
        CHECK_NEAR(r[1].start_s, T0 + 3.25, 0);
        CHECK_NEAR(r[1].end_s, T0 + 13.25, 0);
        CHECK(r[1].row == 3); /* a blank line 2 */
        CHECK(r[2].status == USAGE_RATE_LIMITED);
        CHECK_NEAR(r[2].end_s - r[2].start_s, 0.05, 1e-6);
        CHECK_STR(usage_log_str(&log, r[2].deployment), "maas");
    }
    usage_log_release(&log);
}

/* Reads a log that must fail and compares "LINE:COL: MESSAGE". */
static void bad(const char *path, const char *model, int line, int col, const char *message)
{
    struct usage_log log;
    struct diag d = DIAG_INIT;
    CHECK(usage_log_read(path, USAGE_AUTO, model, &log, &d) == -1);
    CHECK(log.n == 0 && log.records == NULL);
    if (d.line != line || d.col != col)
        fprintf(stderr, "%s: at %d:%d, want %d:%d\n", path, d.line, d.col, line, col);
    CHECK(d.line == line && d.col == col);
    CHECK_STR(d.message, message);
    CHECK_STR(d.file, path);
    diag_release(&d);
}

static void test_errors(void)
{
    bad("tests/logs/bad/empty.csv", NULL, 1, 1,
        "the log is empty: a usage CSV starts with a header row");
    bad("tests/logs/bad/header-only.csv", NULL, 1, 1, "the log has a header but no requests");
    /* Row 3 has 5 fields; the error points at the last: 2 * 21 + 4 + 4 characters before it. */
    bad("tests/logs/bad/malformed-row.csv", NULL, 3, 51, "this row has 5 fields, the header has 6");
    /* The quote opens at column 50: 2 * 21 + 4 + 3 characters before it. */
    bad("tests/logs/bad/unterminated.csv", NULL, 2, 50,
        "unterminated quoted field: a '\"' opened here is never closed");
    bad("tests/logs/bad/missing-columns.csv", NULL, 1, 1,
        "a usage CSV needs the columns 'deployment', 'status'; the header has 'start', 'end', "
        "'prompt_tokens', 'completion_tokens', 'backend'");
    /* Row 3: end (column 22) is 12:00:03.1, before the start 12:00:13. */
    bad("tests/logs/bad/negative-duration.csv", NULL, 3, 22,
        "the request ends before it starts (end 2024-06-01 12:00:03Z, start 2024-06-01 "
        "12:00:13Z): a negative duration");
    bad("tests/logs/bad/first-token-before-start.csv", NULL, 2, 43,
        "the first token comes before the request starts: a negative time to first token");
    /* gpt-4o-2024-08-06 (row 2) is a snapshot of gpt-4o; gpt-4o-mini is not.
     * Its column: 2 * 21 + 4 + 4 + 4 + 8 = 62 characters before it. */
    bad("tests/logs/bad/other-model.csv", "gpt-4o", 3, 63,
        "the log is for model 'gpt-4o-mini', not the scenario's model 'gpt-4o'");
    /* The pilot with another scenario's model: q1's model field is column 99
     * (3 + 3 * 25 + 4 + 3 + 5 + 8 characters before it). */
    bad("tests/logs/pilot.csv", "gpt-4o", 2, 99,
        "the log is for model 'azure/Meta-Llama-3-70B-Instruct', not the scenario's model "
        "'gpt-4o'");
    bad("tests/logs/bad/bad-time.csv", NULL, 2, 6,
        "'start' is not a time: month must be 01 to 12 (got '2024-13-01T12:00:00Z')");
    bad("tests/logs/bad/bad-status.csv", NULL, 2, 55,
        "'status' must be success, 429 (rate-limited) or failure (or an HTTP status code), got "
        "'done'");
    bad("tests/logs/bad/litellm-missing.csv", NULL, 1, 1,
        "a LiteLLM spend log needs the column 'endTime'; the header has 'request_id', "
        "'call_type', 'spend', 'prompt_tokens', 'completion_tokens', 'startTime', 'model', "
        "'api_base', 'status'");
    /* Line 2: the comma missing after "prompt_tokens": 3; the next key is at column 133. */
    bad("tests/logs/bad/malformed.jsonl", NULL, 2, 133, "malformed JSON in this response line");

    struct usage_log log;
    struct diag d = DIAG_INIT;
    CHECK(usage_log_read("tests/logs", USAGE_AUTO, NULL, &log, &d) == -1);
    CHECK_STR(d.message, "the log is not a regular file");
    CHECK(d.line == 0);
    diag_release(&d);
    CHECK(usage_log_read("/dev/null", USAGE_AUTO, NULL, &log, &d) == -1);
    CHECK_STR(d.message, "the log is not a regular file");
    diag_release(&d);
    CHECK(usage_log_read("tests/logs/no-such-log.csv", USAGE_AUTO, NULL, &log, &d) == -1);
    CHECK_STR(d.message, "cannot open the log: No such file or directory");
    diag_release(&d);

    /* Text in memory: a JSON array with a trailing comma, a row that is not an object. */
    const char *text = "[{\"startTime\": 1717243200, \"endTime\": 1717243201, "
                       "\"prompt_tokens\": 1, \"completion_tokens\": 2, \"model\": \"m\"},\n 7]";
    CHECK(usage_log_parse("mem.json", text, strlen(text), USAGE_AUTO, NULL, &log, &d) == -1);
    CHECK(d.line == 2 && d.col == 2);
    CHECK_STR(d.message, "each row of a LiteLLM spend log must be a JSON object");
    diag_release(&d);
    const char *negative = "{\"startTime\": 1717243200, \"endTime\": 1717243201, "
                           "\"prompt_tokens\": -1, \"completion_tokens\": 2, \"model\": \"m\"}";
    CHECK(usage_log_parse("mem.json", negative, strlen(negative), USAGE_AUTO, NULL, &log, &d) ==
          -1);
    /* The key: 26 + 23 characters before it. */
    CHECK(d.line == 1 && d.col == 50);
    CHECK_STR(d.message, "'prompt_tokens' must be a whole number of tokens, 0 or more");
    diag_release(&d);

    /* Numbers as strings are read too (some exports quote every value). */
    const char *quoted = "{\"startTime\": \"1717243200\", \"endTime\": \"2024-06-01T12:00:01Z\", "
                         "\"prompt_tokens\": \"3\", \"completion_tokens\": 2, \"spend\": "
                         "\"0.25\", \"model\": \"m\", \"status\": \"success\"}";
    CHECK(usage_log_parse("mem.json", quoted, strlen(quoted), USAGE_AUTO, NULL, &log, &d) == 0);
    CHECK(log.n == 1 && log.records[0].prompt_tokens == 3 && log.records[0].spend == 0.25);
    CHECK_NEAR(log.records[0].end_s - log.records[0].start_s, 1, 0);
    usage_log_release(&log);
    const char *money = "{\"startTime\": 1, \"endTime\": 2, \"prompt_tokens\": 3, "
                        "\"completion_tokens\": 2, \"spend\": \"free\", \"model\": \"m\"}";
    CHECK(usage_log_parse("mem.json", money, strlen(money), USAGE_AUTO, NULL, &log, &d) == -1);
    CHECK_STR(d.message, "'spend' must be an amount of money, 0 or more");
    diag_release(&d);
}

static void test_model_names(void)
{
    CHECK(usage_model_matches("azure/Meta-Llama-3-70B-Instruct", "Meta-Llama-3-70B-Instruct"));
    CHECK(usage_model_matches("azure/Meta-Llama-3-70B-Instruct",
                              "hosted_vllm/meta-llama/meta-llama-3-70b-instruct"));
    CHECK(usage_model_matches("gpt-4o", "gpt-4o-2024-08-06"));
    CHECK(usage_model_matches("gpt-4", "gpt-4-0613"));
    CHECK(!usage_model_matches("gpt-4o", "gpt-4o-mini"));
    CHECK(!usage_model_matches("gpt-4o", "gpt-4"));
    CHECK(!usage_model_matches("gpt-4o-2024-08-06", "gpt-4o"));
    CHECK(!usage_model_matches("gpt-4o", "gpt-4o-"));
}

int main(void)
{
    test_timestamps();
    test_csvread();
    test_plain_csv();
    test_litellm();
    test_openai();
    test_errors();
    test_model_names();
    TEST_END("usage_log");
}
