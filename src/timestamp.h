/*
 * timestamp: the points in time that usage logs write, turned into Unix
 * seconds (UTC) as doubles.  Two forms are read:
 *
 *   ISO 8601 / RFC 3339   2024-06-01T12:34:56Z, 2024-06-01 12:34:56.789,
 *                         2024-06-01T14:34:56.123456+02:00, ...+0200, ...+02
 *                         ('T', 't' or one space between date and time;
 *                         seconds optional; any number of fraction digits
 *                         after '.' or ','; zone Z, z, +HH:MM, +HHMM or +HH).
 *                         A time without a zone is UTC: LiteLLM stores its
 *                         times in UTC and PostgreSQL writes a
 *                         'timestamp without time zone' without one.
 *   Unix epoch seconds    1717245296 or 1717245296.789 (only where the
 *                         caller allows it).  Values above 1e11 are refused:
 *                         they are milliseconds, not seconds.
 *
 * Doubles hold microseconds exactly enough for these years (2^53 us is
 * about 285 years).  Pure functions: no allocation, no locale, no time zone
 * database.
 */
#ifndef RAFTCOST_TIMESTAMP_H
#define RAFTCOST_TIMESTAMP_H

#include <stddef.h>

enum timestamp_flags {
    TIMESTAMP_EPOCH = 1u << 0, /* a bare number is Unix epoch seconds */
};

/*
 * Parses text[0..len) (blanks around it are ignored).  Returns 0 and sets
 * *epoch_s, or returns -1 and sets *why to a static message such as
 * "month 13 does not exist" and *offset to the 0-based position in text
 * where the problem is.
 */
int timestamp_parse(const char *text, size_t len, unsigned flags, double *epoch_s, const char **why,
                    size_t *offset);

/*
 * Writes epoch seconds as "2024-06-01 12:34:56Z" (UTC, rounded to the
 * nearest second; "unknown" for NaN or infinity) into buf, which holds
 * size bytes (32 are enough).
 */
void timestamp_format(double epoch_s, char *buf, size_t size);

#endif
