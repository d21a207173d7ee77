/* date.h - parse the date formats articles use, and format dates as ISO. */
#ifndef QR_DATE_H
#define QR_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* How much of a date the text gave: a year, a month or a day (with or
 * without a time of day). Query filters use it to cover a whole period. */
typedef enum qr_date_precision {
    QR_DATE_YEAR,
    QR_DATE_MONTH,
    QR_DATE_DAY
} qr_date_precision_t;

/* Seconds since 1970-01-01T00:00:00Z for the civil date and time given
 * (proleptic Gregorian, no leap seconds). Fields are not range-checked.
 * Cannot fail. */
int64_t qr_date_from_civil(int64_t year, int month, int day, int hour,
                           int minute, int second);

/* Splits SECS into a UTC civil date; any output may be NULL. Cannot fail. */
void qr_date_to_civil(int64_t secs, int64_t *year_out, int *month_out,
                      int *day_out);

/* Parses TEXT[0..LEN) as a date and stores UTC seconds in *SECS_OUT and the
 * precision in *PRECISION_OUT (may be NULL). Accepted, with surrounding
 * whitespace:
 *   ISO 8601  2026-05-12, 2024-4-9, 2026-05-12T09:30:00Z, 2026-05-12 09:30,
 *             with fractions and zones (Z, +02:00, -0700), 2026-05, 2026
 *   slashes   2026/05/12 (year first only: 05/12/2026 is ambiguous)
 *   RFC 2822  Tue, 12 May 2026 09:30:00 +0000 (also GMT, UT, US zones)
 *   names     May 12, 2026; 12 May 2026; 05-Jul-2001; 12:01 10 Nov 2020;
 *             May 2026 (English month names, full or abbreviated)
 *   numbers   20260512 (basic ISO) and Unix seconds (9 digits or more)
 * Returns QR_ERR_PARSE, with a message quoting the text, for anything else
 * or an impossible date (2026-02-30). */
qr_status_t qr_date_parse(const char *text, size_t len, int64_t *secs_out,
                          qr_date_precision_t *precision_out, qr_err_t *err);

/* Finds a YYYY/MM/DD (or YYYY-MM-DD) date between path separators or at the
 * start of a file name in PATH[0..LEN), as in "2014/12/12/slug.html" or
 * "posts/2014-12-12-slug.md". Returns true and sets *SECS_OUT when found.
 * Cannot fail. */
bool qr_date_find_in_path(const char *path, size_t len, int64_t *secs_out);

enum { QR_DATE_ISO_BYTES = 21 };   /* "2026-05-12T09:30:00Z" plus NUL */

/* Writes SECS as "YYYY-MM-DDTHH:MM:SSZ" into BUF (QR_DATE_ISO_BYTES long)
 * and returns BUF. Years outside 0..9999 are clamped. Cannot fail. */
char *qr_date_format_iso(int64_t secs, char *buf);

#endif /* QR_DATE_H */
