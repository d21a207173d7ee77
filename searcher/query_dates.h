/* query_dates.h - the dates of since:/until: and --since/--until. */
#ifndef SR_QUERY_DATES_H
#define SR_QUERY_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Largest count a relative date takes ("36500d"): a century. */
enum { SR_DATES_MAX_DAYS = 36500 };

/* Parses VALUE[0..LEN) as an age before NOW: a count and a unit, d, w, m
 * or y (see sr_dates_bound), at most a century (SR_DATES_MAX_DAYS days,
 * 5214 weeks, 1216 months or 100 years). Returns true and sets *SECS_OUT to
 * NOW moved back by the age, or returns false for anything else. Cannot
 * fail. */
bool sr_dates_age(const char *value, size_t len, int64_t now,
                  int64_t *secs_out);

/* Turns VALUE[0..LEN) into a bound in UTC seconds. VALUE is either
 *  - a date in any form qr_date_parse accepts (2026-05-12, 2026-05, 2026,
 *    "May 2026", ...): a lower bound (IS_UPPER false) is the first second
 *    of the day, month or year given, an upper bound its last second, so
 *    until:2026-05 takes in all of May; a time of day given is exact;
 *  - or an age before NOW: a count and a unit, d (days), w (weeks), m
 *    (calendar months, the day clamped to the month's end) or y (years),
 *    as in 7d, 2w, 6m, 1y, at most a century.
 * Returns QR_ERR_PARSE with a message quoting VALUE for anything else. */
qr_status_t sr_dates_bound(const char *value, size_t len, bool is_upper,
                           int64_t now, int64_t *secs_out, qr_err_t *err);

#endif /* SR_QUERY_DATES_H */
