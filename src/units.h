/*
 * units: the time constants every file uses.  Figures are kept in base
 * units (seconds, tokens, currency units); these convert for display and
 * for the per-month arithmetic.  A month is the cloud billing month of
 * 730 hours, so a month has 730 / 24 days.
 */
#ifndef RAFTCOST_UNITS_H
#define RAFTCOST_UNITS_H

#define MINUTE_S 60.0
#define HOUR_S 3600.0
#define DAY_S 86400.0
#define MONTH_HOURS 730.0
#define MONTH_S (MONTH_HOURS * HOUR_S)
#define MONTH_DAYS (MONTH_HOURS / 24.0)
#define YEAR_HOURS 8760.0

#endif
