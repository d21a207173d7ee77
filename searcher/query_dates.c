/* query_dates.c - the dates of since:/until: and --since/--until. */
#include "query_dates.h"

#include "date.h"
#include "utf8.h"

/* Bytes of a bad value quoted in a message. */
enum { QUOTE_MAX = 60 };

enum { SECS_PER_DAY = 86400 };

/* Days in MONTH (1..12) of YEAR. */
static int
days_in_month(int64_t year, int month)
{
    int64_t first = qr_date_from_civil(year, month, 1, 0, 0, 0);
    int64_t next = month == 12 ? qr_date_from_civil(year + 1, 1, 1, 0, 0, 0)
                               : qr_date_from_civil(year, month + 1, 1, 0, 0,
                                                    0);

    return (int)((next - first) / SECS_PER_DAY);
}

/* NOW moved back N_MONTHS calendar months, the day clamped to the end of
 * the month reached and the time of day kept. */
static int64_t
months_before(int64_t now, int64_t n_months)
{
    int64_t year, index, time_of_day = now % SECS_PER_DAY;
    int month, day, last;

    if (time_of_day < 0)
        time_of_day += SECS_PER_DAY;
    qr_date_to_civil(now, &year, &month, &day);
    index = year * 12 + (month - 1) - n_months;
    year = index >= 0 ? index / 12 : (index - 11) / 12;
    month = (int)(index - year * 12) + 1;
    last = days_in_month(year, month);
    if (day > last)
        day = last;
    return qr_date_from_civil(year, month, day, 0, 0, 0) + time_of_day;
}

bool
sr_dates_age(const char *value, size_t len, int64_t now, int64_t *secs_out)
{
    int64_t count = 0;
    size_t i = 0;
    char unit;

    while (i < len && value[i] >= '0' && value[i] <= '9' &&
           count <= SR_DATES_MAX_DAYS) {
        count = count * 10 + (value[i] - '0');
        i++;
    }
    if (i == 0 || i + 1 != len)
        return false;
    unit = value[i];
    switch (unit) {
    case 'd': case 'D':
        break;
    case 'w': case 'W':
        count *= 7;
        break;
    case 'm': case 'M':
        if (count > SR_DATES_MAX_DAYS / 30)
            return false;
        *secs_out = months_before(now, count);
        return true;
    case 'y': case 'Y':
        if (count > SR_DATES_MAX_DAYS / 365)
            return false;
        *secs_out = months_before(now, count * 12);
        return true;
    default:
        return false;
    }
    if (count > SR_DATES_MAX_DAYS)
        return false;
    *secs_out = now - count * SECS_PER_DAY;
    return true;
}

/* The last second of the period of PRECISION that starts at START. */
static int64_t
period_end(int64_t start, qr_date_precision_t precision)
{
    int64_t year;
    int month;

    qr_date_to_civil(start, &year, &month, NULL);
    switch (precision) {
    case QR_DATE_YEAR:
        return qr_date_from_civil(year + 1, 1, 1, 0, 0, 0) - 1;
    case QR_DATE_MONTH:
        return start + (int64_t)days_in_month(year, month) * SECS_PER_DAY - 1;
    case QR_DATE_DAY:
    default:
        /* A day given with a time of day is an instant. */
        return start % SECS_PER_DAY == 0 ? start + SECS_PER_DAY - 1 : start;
    }
}

qr_status_t
sr_dates_bound(const char *value, size_t len, bool is_upper, int64_t now,
               int64_t *secs_out, qr_err_t *err)
{
    qr_date_precision_t precision;
    int64_t secs;

    *secs_out = 0;
    if (sr_dates_age(value, len, now, secs_out))
        return QR_OK;
    if (qr_date_parse(value, len, &secs, &precision, NULL) != QR_OK)
        return qr_err_set(err, QR_ERR_PARSE, "\"%.*s\" is not a date "
                          "(2026-05-12, 2026-05, 2026) or an age (7d, 2w, "
                          "6m, 1y)", (int)qr_utf8_floor(value, len, QUOTE_MAX),
                          value);
    *secs_out = is_upper ? period_end(secs, precision) : secs;
    return QR_OK;
}
