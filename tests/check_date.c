/* check_date.c - the date formats articles use. */
#include "date.h"

#include <check.h>
#include <string.h>

#include "check_main.h"

typedef struct date_case {
    const char *text;
    const char *iso;   /* expected UTC, or NULL when it must be refused */
    qr_date_precision_t precision;
} date_case_t;

static const date_case_t CASES[] = {
    { "2026-05-12", "2026-05-12T00:00:00Z", QR_DATE_DAY },
    { "2024-4-9", "2024-04-09T00:00:00Z", QR_DATE_DAY },
    { "2026-05-12T09:30:00Z", "2026-05-12T09:30:00Z", QR_DATE_DAY },
    { "2026-05-12T09:30:00+02:00", "2026-05-12T07:30:00Z", QR_DATE_DAY },
    { "2026-05-12T09:30:00.123-0700", "2026-05-12T16:30:00Z", QR_DATE_DAY },
    { "2026-05-12 09:30", "2026-05-12T09:30:00Z", QR_DATE_DAY },
    { " 2026-05-12\n", "2026-05-12T00:00:00Z", QR_DATE_DAY },
    { "2026-05", "2026-05-01T00:00:00Z", QR_DATE_MONTH },
    { "2026", "2026-01-01T00:00:00Z", QR_DATE_YEAR },
    { "2026/05/12", "2026-05-12T00:00:00Z", QR_DATE_DAY },
    { "Tue, 12 May 2026 09:30:00 +0000", "2026-05-12T09:30:00Z",
      QR_DATE_DAY },
    { "Tue, 12 May 2026 09:30:00 GMT", "2026-05-12T09:30:00Z", QR_DATE_DAY },
    { "12 May 2026 09:30 PST", "2026-05-12T17:30:00Z", QR_DATE_DAY },
    { "05-Jul-2001", "2001-07-05T00:00:00Z", QR_DATE_DAY },
    { "May 12, 2026", "2026-05-12T00:00:00Z", QR_DATE_DAY },
    { "September 3rd, 2019", "2019-09-03T00:00:00Z", QR_DATE_DAY },
    { "12 May 2026", "2026-05-12T00:00:00Z", QR_DATE_DAY },
    { "3 Aug 2011", "2011-08-03T00:00:00Z", QR_DATE_DAY },
    { "12:01 10 Nov 2020", "2020-11-10T12:01:00Z", QR_DATE_DAY },
    { "May 2026", "2026-05-01T00:00:00Z", QR_DATE_MONTH },
    { "20260512", "2026-05-12T00:00:00Z", QR_DATE_DAY },
    { "1715472000", "2024-05-12T00:00:00Z", QR_DATE_DAY },
    { "2024-02-29", "2024-02-29T00:00:00Z", QR_DATE_DAY },
    { "1969-07-20", "1969-07-20T00:00:00Z", QR_DATE_DAY },
    /* as the shared corpora write them */
    { "2024-4-09", "2024-04-09T00:00:00Z", QR_DATE_DAY },
    { "2023-08-14T12:00:01Z", "2023-08-14T12:00:01Z", QR_DATE_DAY },
    { "2023-07-13T00:00:00+00:00", "2023-07-13T00:00:00Z", QR_DATE_DAY },
    { "Wed, 05 Aug 2026 00:00:00 GMT", "2026-08-05T00:00:00Z", QR_DATE_DAY },
    { "13-Jun-2000", "2000-06-13T00:00:00Z", QR_DATE_DAY },
    { "10 Nov 2010", "2010-11-10T00:00:00Z", QR_DATE_DAY },
    { "May 15, 2015", "2015-05-15T00:00:00Z", QR_DATE_DAY },
    { "2019-11-02 10:20", "2019-11-02T10:20:00Z", QR_DATE_DAY },
    /* refused */
    { "2023-02-29", NULL, QR_DATE_DAY },
    { "2026-13-01", NULL, QR_DATE_DAY },
    { "05/12/2026", NULL, QR_DATE_DAY },
    { "yesterday", NULL, QR_DATE_DAY },
    { "", NULL, QR_DATE_DAY },
    { "2026-05-12 25:00", NULL, QR_DATE_DAY },
    { "<REQUIRED: date>", NULL, QR_DATE_DAY },
    { "May 32, 2026", NULL, QR_DATE_DAY },
    { "1 2 3 4", NULL, QR_DATE_DAY },
};

START_TEST(test_date_parse_table)
{
    const date_case_t *c = &CASES[_i];
    char iso[QR_DATE_ISO_BYTES];
    qr_date_precision_t precision;
    int64_t secs;
    qr_err_t err;
    qr_status_t st = qr_date_parse(c->text, strlen(c->text), &secs,
                                   &precision, &err);

    if (c->iso == NULL) {
        ck_assert_msg(st == QR_ERR_PARSE, "\"%s\" should be refused",
                      c->text);
        ck_assert_ptr_nonnull(strstr(err.msg, "is not a date"));
        return;
    }
    ck_assert_msg(st == QR_OK, "\"%s\": %s", c->text, err.msg);
    ck_assert_str_eq(qr_date_format_iso(secs, iso), c->iso);
    ck_assert_int_eq(precision, c->precision);
}
END_TEST

START_TEST(test_date_civil_round_trips)
{
    for (int64_t days = -800000; days < 800000; days += 7919) {
        int64_t year;
        int month, day;
        qr_date_to_civil(days * 86400, &year, &month, &day);
        ck_assert_int_eq(qr_date_from_civil(year, month, day, 0, 0, 0),
                         days * 86400);
    }
}
END_TEST

START_TEST(test_date_found_in_paths)
{
    static const struct { const char *path; const char *iso; } paths[] = {
        { "2014/12/12/1.0-Timeline", "2014-12-12T00:00:00Z" },
        { "inside-rust/2020/03/13/slug", "2020-03-13T00:00:00Z" },
        { "/site/2015/05/15/rust-1.0.html", "2015-05-15T00:00:00Z" },
        { "posts/2021-07-01-hello.md", "2021-07-01T00:00:00Z" },
        { "/x/2014/13/12/slug", NULL },
        { "/x/12014/12/12/slug", NULL },
        { "pep-2014.rst", NULL },
    };
    char iso[QR_DATE_ISO_BYTES];

    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        int64_t secs;
        bool found = qr_date_find_in_path(paths[i].path,
                                          strlen(paths[i].path), &secs);
        ck_assert_msg(found == (paths[i].iso != NULL), "%s", paths[i].path);
        if (found)
            ck_assert_str_eq(qr_date_format_iso(secs, iso), paths[i].iso);
    }
}
END_TEST

static Suite *
date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *core = tcase_create("core");

    tcase_add_loop_test(core, test_date_parse_table, 0,
                        (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(core, test_date_civil_round_trips);
    tcase_add_test(core, test_date_found_in_paths);
    suite_add_tcase(s, core);
    return s;
}

int
main(void)
{
    return qr_check_run(date_suite());
}
