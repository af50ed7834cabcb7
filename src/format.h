/*
 * format: numbers for people, the one place that decides how money, tokens,
 * counts, durations, ratios and shares read, for the report's document
 * (report_doc*.c, rendered as text and Markdown), compare, sweep and the
 * plots.  The results hold no markup: a document takes them as DOC_TEXT.
 * Each function writes into a caller's buffer of FMT_SIZE bytes and returns
 * it, so several can appear in one printf; nothing is allocated.
 */
#ifndef RAFTCOST_FORMAT_H
#define RAFTCOST_FORMAT_H

#define FMT_SIZE 64

/*
 * "$1,234.56" for USD, "EUR 1,234.56" otherwise; "-$5.00" when negative;
 * below a dollar three significant digits, at least the cents ("$0.0108",
 * "$0.50"), so that a small cost reads as precisely as its price.
 */
char *fmt_money(char *buf, const char *currency, double amount);
/* A unit price with enough digits: "$0.009072". */
char *fmt_unit_price(char *buf, const char *currency, double amount);
/* "10.0M", "740.0k", "300", "1500.0T"; "1.5e+18" from a million trillion on. */
char *fmt_tokens(char *buf, double tokens);
/* "54.01", "350", "1,120", "12,346": four digits below 1,000, whole and grouped above. */
char *fmt_number(char *buf, double v);
/* "9,166" (rounded). */
char *fmt_count(char *buf, double n);
/* "2 h 56 min", "45 min", "1 min 27 s", "30 s", "3 d 4 h"; "forever" for an infinite time. */
char *fmt_duration(char *buf, double seconds);
/* "7.27x"; "n/a" for NAN. */
char *fmt_ratio(char *buf, double ratio);
/* "20.0%". */
char *fmt_percent(char *buf, double fraction);

#endif
