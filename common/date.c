/* date.c - parse the date formats articles use, and format dates as ISO.
 *
 * The parser lexes the text into numbers, words and punctuation, takes out
 * a time of day and its zone, then reads the rest as year, month and day by
 * shape: a four-digit number is a year, a month name is a month, and a bare
 * numeric date must start with the year (05/12/2026 means different days
 * in different countries, so it is refused). Every item must be used. */
#include "date.h"

#include <stdio.h>
#include <string.h>

enum { MAX_ITEMS = 24, WORD_MAX = 12 };

typedef enum item_kind { ITEM_NUM, ITEM_WORD, ITEM_PUNCT } item_kind_t;

typedef struct item {
    item_kind_t kind;
    int64_t num;            /* ITEM_NUM */
    int n_digits;           /* ITEM_NUM */
    char word[WORD_MAX];    /* ITEM_WORD, lower case, may be cut */
    char punct;             /* ITEM_PUNCT */
    bool is_used;
} item_t;

typedef struct date_parts {
    int64_t year;
    int month, day, hour, minute, second;
    int zone_minutes;       /* offset east of UTC */
    qr_date_precision_t precision;
} date_parts_t;

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};

static const char *const day_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday"
};

int64_t
qr_date_from_civil(int64_t year, int month, int day, int hour, int minute,
                   int second)
{
    /* Days from civil, after H. Hinnant's "chrono-compatible low-level date
     * algorithms": shift the year to start in March so leap days fall last. */
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;

    return days * 86400 + hour * 3600 + minute * 60 + second;
}

void
qr_date_to_civil(int64_t secs, int64_t *year_out, int *month_out,
                 int *day_out)
{
    int64_t days = (secs >= 0 ? secs : secs - 86399) / 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    int64_t year = yoe + era * 400 + (month <= 2);

    if (year_out != NULL)
        *year_out = year;
    if (month_out != NULL)
        *month_out = month;
    if (day_out != NULL)
        *day_out = day;
}

char *
qr_date_format_iso(int64_t secs, char *buf)
{
    int64_t year, rem;
    int month, day;

    qr_date_to_civil(secs, &year, &month, &day);
    rem = secs % 86400;
    if (rem < 0)
        rem += 86400;
    if (year < 0)
        year = 0;
    if (year > 9999)
        year = 9999;
    snprintf(buf, QR_DATE_ISO_BYTES, "%04d-%02d-%02dT%02d:%02d:%02dZ",
             (int)year, month, day, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60));
    return buf;
}

static bool
is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month(int64_t year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
                                  30, 31 };
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Splits TEXT into items; returns the count, or -1 when the text holds a
 * character no date has or too many items. */
static int
lex(const char *text, size_t len, item_t *items)
{
    size_t i = 0;
    int n = 0;

    while (i < len) {
        char c = text[i];
        item_t *it;

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        if (n == MAX_ITEMS)
            return -1;
        it = &items[n++];
        memset(it, 0, sizeof *it);
        if (is_digit(c)) {
            it->kind = ITEM_NUM;
            while (i < len && is_digit(text[i])) {
                if (it->n_digits < 12)
                    it->num = it->num * 10 + (text[i] - '0');
                it->n_digits++;
                i++;
            }
            if (it->n_digits > 12)
                return -1;
        } else if (is_alpha(c)) {
            size_t k = 0;
            it->kind = ITEM_WORD;
            while (i < len && is_alpha(text[i])) {
                if (k + 1 < WORD_MAX)
                    it->word[k++] = (char)(text[i] | 0x20);
                i++;
            }
        } else if (strchr(",.-/:+()", c) != NULL) {
            it->kind = ITEM_PUNCT;
            it->punct = c;
            i++;
        } else {
            return -1;
        }
    }
    return n;
}

static bool
is_punct(const item_t *items, int n, int i, char c)
{
    return i >= 0 && i < n && items[i].kind == ITEM_PUNCT &&
           items[i].punct == c;
}

static bool
is_num(const item_t *items, int n, int i, int min_digits, int max_digits)
{
    return i >= 0 && i < n && items[i].kind == ITEM_NUM &&
           items[i].n_digits >= min_digits && items[i].n_digits <= max_digits;
}

/* Month number for a full or abbreviated English month name, else 0. */
static int
month_from_word(const char *word)
{
    size_t len = strlen(word);

    if (len < 3)
        return 0;
    if (strcmp(word, "sept") == 0)
        return 9;
    for (int m = 0; m < 12; m++) {
        if (strncmp(month_names[m], word, len) == 0 &&
            (len == 3 || len == strlen(month_names[m]))) {
            return m + 1;
        }
    }
    return 0;
}

static bool
is_day_name(const char *word)
{
    size_t len = strlen(word);

    if (len < 3)
        return false;
    for (int d = 0; d < 7; d++) {
        if (strncmp(day_names[d], word, len) == 0 &&
            (len == 3 || len == strlen(day_names[d]))) {
            return true;
        }
    }
    return false;
}

/* Zone names RFC 2822 allows, with their offsets in minutes. */
static bool
zone_from_word(const char *word, int *minutes_out)
{
    static const struct { const char *name; int minutes; } zones[] = {
        { "z", 0 }, { "utc", 0 }, { "gmt", 0 }, { "ut", 0 },
        { "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
        { "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
    };

    for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++) {
        if (strcmp(word, zones[k].name) == 0) {
            *minutes_out = zones[k].minutes;
            return true;
        }
    }
    return false;
}

/* Reads a numeric zone at I ("+02:00", "-0700", "+02"); returns the number
 * of items used, or 0. */
static int
take_numeric_zone(item_t *items, int n, int i, int *minutes_out)
{
    int sign, hours, minutes = 0, used;

    if (!is_punct(items, n, i, '+') && !is_punct(items, n, i, '-'))
        return 0;
    sign = items[i].punct == '-' ? -1 : 1;
    if (is_num(items, n, i + 1, 4, 4)) {
        hours = (int)(items[i + 1].num / 100);
        minutes = (int)(items[i + 1].num % 100);
        used = 2;
    } else if (is_num(items, n, i + 1, 1, 2)) {
        hours = (int)items[i + 1].num;
        used = 2;
        if (is_punct(items, n, i + 2, ':') && is_num(items, n, i + 3, 2, 2)) {
            minutes = (int)items[i + 3].num;
            used = 4;
        }
    } else {
        return 0;
    }
    if (hours > 14 || minutes > 59)
        return 0;
    *minutes_out = sign * (hours * 60 + minutes);
    return used;
}

/* Finds "HH:MM[:SS[.frac]]" with an optional zone after it and marks the
 * items used. Returns false when a time is present but impossible. */
static bool
take_time(item_t *items, int n, date_parts_t *parts)
{
    for (int i = 0; i + 2 < n; i++) {
        int j, used;
        if (!is_num(items, n, i, 1, 2) || !is_punct(items, n, i + 1, ':') ||
            !is_num(items, n, i + 2, 2, 2)) {
            continue;
        }
        parts->hour = (int)items[i].num;
        parts->minute = (int)items[i + 2].num;
        j = i + 3;
        if (is_punct(items, n, j, ':') && is_num(items, n, j + 1, 2, 2)) {
            parts->second = (int)items[j + 1].num;
            j += 2;
            if (is_punct(items, n, j, '.') && is_num(items, n, j + 1, 1, 12))
                j += 2;
        }
        /* The ISO 'T' that glues the date to the time. */
        if (i > 0 && items[i - 1].kind == ITEM_WORD &&
            strcmp(items[i - 1].word, "t") == 0) {
            items[i - 1].is_used = true;
        }
        for (int k = i; k < j; k++)
            items[k].is_used = true;
        if (j < n && items[j].kind == ITEM_WORD &&
            zone_from_word(items[j].word, &parts->zone_minutes)) {
            items[j].is_used = true;
        } else if ((used = take_numeric_zone(items, n, j,
                                             &parts->zone_minutes)) > 0) {
            for (int k = j; k < j + used; k++)
                items[k].is_used = true;
        }
        if (parts->second == 60)
            parts->second = 59;   /* a leap second: keep the same minute */
        return parts->hour <= 23 && parts->minute <= 59 &&
               parts->second <= 59;
    }
    return true;
}

/* Reads the unused items as a calendar date. */
static bool
take_calendar_date(item_t *items, int n, date_parts_t *parts)
{
    int64_t nums[3];
    int digits[3];
    int n_nums = 0, month = 0;

    for (int i = 0; i < n; i++) {
        item_t *it = &items[i];
        if (it->is_used)
            continue;
        if (it->kind == ITEM_PUNCT) {
            if (strchr(",.-/", it->punct) == NULL)
                return false;
        } else if (it->kind == ITEM_NUM) {
            if (n_nums == 3)
                return false;
            nums[n_nums] = it->num;
            digits[n_nums++] = it->n_digits;
        } else if (month == 0 && month_from_word(it->word) != 0) {
            month = month_from_word(it->word);
        } else if (is_day_name(it->word) || strcmp(it->word, "at") == 0 ||
                   strcmp(it->word, "on") == 0 ||
                   (i > 0 && items[i - 1].kind == ITEM_NUM &&
                    (strcmp(it->word, "st") == 0 ||
                     strcmp(it->word, "nd") == 0 ||
                     strcmp(it->word, "rd") == 0 ||
                     strcmp(it->word, "th") == 0))) {
            continue;
        } else {
            return false;
        }
    }
    if (month != 0) {
        parts->month = month;
        if (n_nums == 1 && digits[0] == 4) {
            parts->year = nums[0];
            parts->day = 1;
            parts->precision = QR_DATE_MONTH;
            return true;
        }
        if (n_nums != 2)
            return false;
        if (digits[0] == 4 && digits[1] <= 2) {
            parts->year = nums[0];
            parts->day = (int)nums[1];
        } else if (digits[1] == 4 && digits[0] <= 2) {
            parts->year = nums[1];
            parts->day = (int)nums[0];
        } else {
            return false;
        }
        parts->precision = QR_DATE_DAY;
        return true;
    }
    if (n_nums == 0 || digits[0] != 4)
        return false;
    parts->year = nums[0];
    parts->month = 1;
    parts->day = 1;
    parts->precision = QR_DATE_YEAR;
    if (n_nums >= 2) {
        if (digits[1] > 2)
            return false;
        parts->month = (int)nums[1];
        parts->precision = QR_DATE_MONTH;
    }
    if (n_nums == 3) {
        if (digits[2] > 2)
            return false;
        parts->day = (int)nums[2];
        parts->precision = QR_DATE_DAY;
    }
    return true;
}

/* Dates written as one number: YYYY, YYYYMMDD or Unix seconds. */
static bool
take_single_number(const item_t *it, date_parts_t *parts, int64_t *secs_out)
{
    if (it->n_digits == 4) {
        parts->year = it->num;
        parts->month = 1;
        parts->day = 1;
        parts->precision = QR_DATE_YEAR;
        return true;
    }
    if (it->n_digits == 8) {
        parts->year = it->num / 10000;
        parts->month = (int)(it->num / 100 % 100);
        parts->day = (int)(it->num % 100);
        parts->precision = QR_DATE_DAY;
        return true;
    }
    if (it->n_digits >= 9) {
        *secs_out = it->num;
        parts->precision = QR_DATE_DAY;
        return true;
    }
    return false;
}

qr_status_t
qr_date_parse(const char *text, size_t len, int64_t *secs_out,
              qr_date_precision_t *precision_out, qr_err_t *err)
{
    item_t items[MAX_ITEMS];
    date_parts_t parts;
    int64_t unix_secs = -1;
    int n = lex(text, len, items);
    bool is_ok;

    *secs_out = 0;
    memset(&parts, 0, sizeof parts);
    if (n <= 0) {
        is_ok = false;
    } else if (n == 1 && items[0].kind == ITEM_NUM) {
        is_ok = take_single_number(&items[0], &parts, &unix_secs);
    } else {
        is_ok = take_time(items, n, &parts) &&
                take_calendar_date(items, n, &parts);
    }
    if (is_ok && unix_secs >= 0) {
        *secs_out = unix_secs;
    } else if (is_ok) {
        is_ok = parts.year >= 1 && parts.year <= 9999 && parts.month >= 1 &&
                parts.month <= 12 && parts.day >= 1 &&
                parts.day <= days_in_month(parts.year, parts.month);
        *secs_out = qr_date_from_civil(parts.year, parts.month, parts.day,
                                       parts.hour, parts.minute,
                                       parts.second) -
                    (int64_t)parts.zone_minutes * 60;
    }
    if (!is_ok) {
        *secs_out = 0;
        return qr_err_set(err, QR_ERR_PARSE, "\"%.*s\" is not a date",
                          (int)(len > 64 ? 64 : len), text);
    }
    if (precision_out != NULL)
        *precision_out = parts.precision;
    return QR_OK;
}

/* Reads N digits at S; returns -1 if any is not a digit. */
static int
read_digits(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool
qr_date_find_in_path(const char *path, size_t len, int64_t *secs_out)
{
    for (size_t i = 0; i + 10 <= len; i++) {
        int year, month, day;
        char sep = path[i + 4];
        size_t end = i + 10;

        if (i > 0 && path[i - 1] != '/')
            continue;
        year = read_digits(path + i, 4);
        month = read_digits(path + i + 5, 2);
        day = read_digits(path + i + 8, 2);
        if (year < 1970 || year > 2100 || month < 1 || month > 12 ||
            day < 1 || (sep != '/' && sep != '-') || path[i + 7] != sep ||
            day > days_in_month(year, month)) {
            continue;
        }
        if (end < len && path[end] != '/' && path[end] != '-' &&
            path[end] != '_' && path[end] != '.') {
            continue;
        }
        *secs_out = qr_date_from_civil(year, month, day, 0, 0, 0);
        return true;
    }
    return false;
}
