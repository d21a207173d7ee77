/* check_dump.c - quarry-index --dump prints what would be indexed as JSON
 * Lines, reports bad files, and touches no index; --exclude and the skip
 * rules hold for indexing runs too. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_main.h"
#include "e2e_util.h"
#include "test_util.h"

/* Runs quarry-index with ARGS; returns the exit code, stdout and stderr. */
static int
run_index(const char *args, char **out, char **err)
{
    char cmd[8192];

    snprintf(cmd, sizeof cmd, "'%s/quarry-index' %s", QR_BIN_DIR, args);
    return tu_run(cmd, out, err);
}

/* The dumped line whose path ends with SUFFIX, parsed (caller decrefs). */
static json_t *
find_line(const char *out, const char *suffix)
{
    const char *line = out;

    while (line != NULL && *line != '\0') {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        char *copy = malloc(n + 1);
        json_t *obj;
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, line, n);
        copy[n] = '\0';
        obj = tu_parse_json(copy);
        const char *path = json_string_value(json_object_get(obj, "path"));
        free(copy);
        if (path != NULL && strlen(path) >= strlen(suffix) &&
            strcmp(path + strlen(path) - strlen(suffix), suffix) == 0) {
            return obj;
        }
        json_decref(obj);
        line = nl ? nl + 1 : NULL;
    }
    ck_abort_msg("no line for %s in: %s", suffix, out);
    return NULL;
}

START_TEST(test_dump_prints_every_field)
{
    static const char *const KEYS[] = {
        "id", "path", "format", "title", "author", "authors", "date",
        "date_source", "tags", "url", "body_length", "body_excerpt", NULL
    };
    char args[4200], *out, *err;
    json_t *a;

    snprintf(args, sizeof args, "--dump '%s/markdown'", QR_TEST_DATA_DIR);
    ck_assert_int_eq(run_index(args, &out, &err), 0);
    a = find_line(out, "markdown/go-template.md");
    for (size_t i = 0; KEYS[i] != NULL; i++)
        ck_assert_msg(json_object_get(a, KEYS[i]) != NULL, "no %s", KEYS[i]);
    ck_assert_str_eq(json_string_value(json_object_get(a, "format")),
                     "markdown");
    ck_assert_str_eq(json_string_value(json_object_get(a, "date")),
                     "2024-04-09T00:00:00Z");
    ck_assert_str_eq(json_string_value(json_object_get(a, "author")),
                     "Russ Cox, Dana Whitfield");
    ck_assert_str_eq(json_string_value(json_object_get(a, "date_source")),
                     "metadata");
    ck_assert(json_is_null(json_object_get(a, "url")));
    json_decref(a);
    ck_assert_ptr_nonnull(strstr(err, "redirect.md: skipped: a redirect "
                                      "stub"));
    ck_assert_ptr_nonnull(strstr(err, "would index 3 articles from 3 files,"
                                      " failed 0, skipped 2"));
    free(out);
    free(err);
}
END_TEST

START_TEST(test_dump_excerpt_is_200_characters)
{
    char *dir = tu_make_temp_dir();
    char body[1024], args[4200], *out, *err, *path;
    json_t *a;
    const char *excerpt;

    /* 300 two-byte characters */
    strcpy(body, "Title\n\n");
    for (int i = 0; i < 300; i++)
        strcat(body, "\xC3\xA9");
    path = tu_write_file(dir, "long.txt", body, strlen(body));
    snprintf(args, sizeof args, "--dump '%s'", path);
    ck_assert_int_eq(run_index(args, &out, &err), 0);
    a = find_line(out, "long.txt");
    ck_assert_int_eq(json_integer_value(json_object_get(a, "body_length")),
                     600);
    excerpt = json_string_value(json_object_get(a, "body_excerpt"));
    ck_assert_uint_eq(strlen(excerpt), 400);
    json_decref(a);
    free(out);
    free(err);
    free(path);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(test_dump_reports_bad_files_and_exits_1)
{
    char args[4200], *out, *err;

    snprintf(args, sizeof args, "--dump '%s/json' '%s/ingest'",
             QR_TEST_DATA_DIR, QR_TEST_DATA_DIR);
    ck_assert_int_eq(run_index(args, &out, &err), 1);
    ck_assert_ptr_nonnull(strstr(err, "json/broken.json:4: invalid JSON"));
    ck_assert_ptr_nonnull(strstr(err, "ingest/image.txt: a binary file"));
    ck_assert_ptr_nonnull(strstr(err, "latin1.txt:1: warning: invalid UTF-8: "
                                      "1 sequence replaced with U+FFFD\n"));
    ck_assert_ptr_nonnull(strstr(err, "latin1.jsonl:2: warning: invalid "
                                      "UTF-8: 3 sequences replaced with "
                                      "U+FFFD, the first on this line\n"));
    ck_assert_ptr_nonnull(strstr(err, "failed 2,"));
    ck_assert_ptr_nonnull(strstr(out, "\"id\":\"w-1\""));
    free(out);
    free(err);
}
END_TEST

START_TEST(test_dump_touches_no_index)
{
    char *dir = tu_make_temp_dir();
    char args[8400], db[4200], *out, *err;
    struct stat st;

    snprintf(db, sizeof db, "%s/db", dir);
    snprintf(args, sizeof args, "--dump --db '%s' '%s/text'", db,
             QR_TEST_DATA_DIR);
    ck_assert_int_eq(run_index(args, &out, &err), 0);
    ck_assert_int_ne(stat(db, &st), 0);
    free(out);
    free(err);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(test_exclude_option)
{
    char args[4200], *out, *err;

    snprintf(args, sizeof args, "--dump --exclude 'go-*' --exclude "
             "'*/markdown/pelican.md' '%s/markdown'", QR_TEST_DATA_DIR);
    ck_assert_int_eq(run_index(args, &out, &err), 0);
    ck_assert_ptr_null(strstr(out, "go-template.md"));
    ck_assert_ptr_null(strstr(out, "pelican.md"));
    ck_assert_ptr_nonnull(strstr(out, "zola-post.md"));
    ck_assert_ptr_nonnull(strstr(err, "skipped 4"));
    free(out);
    free(err);
}
END_TEST

START_TEST(test_file_skipped_later_loses_its_articles)
{
    char *dir = tu_make_temp_dir();
    char db[4200], args[4400];
    char *p, *q;
    const char *alpha = "---\ntitle: Alpha\ndate: 2024-01-02\n---\n\nzebra\n";
    const char *beta = "---\ntitle: Beta\ndate: 2024-01-03\n---\n\nyak\n";
    const char *stub = "---\nredirect: /elsewhere\n---\n";

    snprintf(db, sizeof db, "%s/db", dir);
    p = tu_write_file(dir, "a/p.md", alpha, strlen(alpha));
    q = tu_write_file(dir, "a/q.md", beta, strlen(beta));
    snprintf(args, sizeof args, "--quiet '%s/a'", dir);
    ck_assert_int_eq(e2e_index(db, args, NULL), 0);
    ck_assert_int_eq(e2e_total(db, "zebra"), 1);
    ck_assert_int_eq(e2e_total(db, "yak"), 1);
    free(tu_write_file(dir, "a/p.md", stub, strlen(stub)));
    snprintf(args, sizeof args, "--quiet --exclude q.md '%s/a'", dir);
    ck_assert_int_eq(e2e_index(db, args, NULL), 0);
    ck_assert_int_eq(e2e_total(db, "zebra"), 0);
    ck_assert_int_eq(e2e_total(db, "yak"), 0);
    free(p);
    free(q);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(test_dump_warns_of_an_id_two_files_give)
{
    char *dir = tu_make_temp_dir();
    char args[9000], want[9000], *out, *err;
    const char *a = "{\"id\":\"same\",\"title\":\"A\",\"body\":\"a\"}\n";
    const char *b = "{\"id\":\"same\",\"title\":\"B\",\"body\":\"b\"}\n";

    free(tu_write_file(dir, "a/x.jsonl", a, strlen(a)));
    free(tu_write_file(dir, "b/y.jsonl", b, strlen(b)));
    snprintf(args, sizeof args, "--dump '%s'", dir);
    ck_assert_int_eq(run_index(args, &out, &err), 0);
    snprintf(want, sizeof want, "%s/b/y.jsonl:1: warning: id \"same\" is "
             "also given by %s/a/x.jsonl:1, which comes first in walk order; "
             "this article is left out", dir, dir);
    ck_assert_msg(strstr(err, want) != NULL, "no \"%s\" in:\n%s", want, err);
    ck_assert_ptr_nonnull(strstr(err, "would index 1 article from 2 files, "
                                      "failed 0, skipped 0, repeated ids 1"));
    free(out);
    free(err);
    /* PATHs given out of order: the file read second comes first. */
    snprintf(args, sizeof args, "--dump '%s/b' '%s/a'", dir, dir);
    ck_assert_int_eq(run_index(args, &out, &err), 0);
    snprintf(want, sizeof want, "%s/a/x.jsonl:1: warning: id \"same\" is "
             "also given by %s/b/y.jsonl:1; this article comes first in walk "
             "order and replaces that one", dir, dir);
    ck_assert_msg(strstr(err, want) != NULL, "no \"%s\" in:\n%s", want, err);
    ck_assert_ptr_nonnull(strstr(err, "repeated ids 1"));
    free(out);
    free(err);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

/* The title and excerpt of fixture NAME in the dump OUT. */
static void
assert_text_of(const char *out, const char *name, const char *title,
               const char *excerpt)
{
    json_t *a = find_line(out, name);

    ck_assert_str_eq(json_string_value(json_object_get(a, "title")), title);
    ck_assert_str_eq(json_string_value(json_object_get(a, "body_excerpt")),
                     excerpt);
    json_decref(a);
}

START_TEST(test_html_is_read_in_the_charset_it_declares)
{
    char args[4200], *out, *err;

    snprintf(args, sizeof args, "--dump '%s/charset'", QR_TEST_DATA_DIR);
    ck_assert_int_eq(run_index(args, &out, &err), 0);
    /* Latin-1 is read as windows-1252, as browsers do: 0x93 is a quote */
    assert_text_of(out, "charset/latin1.html", "Caf\xC3\xA9 cr\xC3\xA8me",
                   "Na\xC3\xAFve \xE2\x80\x9Cquotes\xE2\x80\x9D "
                   "\xC3\xA0 la carte.");
    assert_text_of(out, "charset/http-equiv.html", "Se\xC3\xB1or Jos\xC3\xA9",
                   "Ni\xC3\xB1o \xE2\x80\x93 dash");
    assert_text_of(out, "charset/utf16.html", "UTF-16 caf\xC3\xA9",
                   "Sixteen bits \xC3\xA9t\xC3\xA9");
    /* valid UTF-8 stays UTF-8 whatever the page says */
    assert_text_of(out, "charset/utf8-labelled-latin1.html",
                   "Caf\xC3\xA9 mislabelled", "UTF-8 despite the label");
    /* a charset iconv does not know: a warning, and UTF-8 as without one */
    assert_text_of(out, "charset/unknown.html", "Caf\xEF\xBF\xBD unknown",
                   "x");
    ck_assert_ptr_nonnull(strstr(err, "unknown.html: warning: charset "
                                      "\"x-no-such-charset\" is not one "
                                      "quarry can read: read as UTF-8"));
    ck_assert_ptr_null(strstr(err, "/latin1.html: warning"));
    free(out);
    free(err);
}
END_TEST

static Suite *
dump_suite(void)
{
    Suite *s = suite_create("dump");
    TCase *core = tcase_create("core");

    tcase_add_test(core, test_dump_prints_every_field);
    tcase_add_test(core, test_dump_excerpt_is_200_characters);
    tcase_add_test(core, test_dump_reports_bad_files_and_exits_1);
    tcase_add_test(core, test_dump_touches_no_index);
    tcase_add_test(core, test_exclude_option);
    tcase_add_test(core, test_file_skipped_later_loses_its_articles);
    tcase_add_test(core, test_dump_warns_of_an_id_two_files_give);
    tcase_add_test(core, test_html_is_read_in_the_charset_it_declares);
    suite_add_tcase(s, core);
    return s;
}

int
main(void)
{
    return qr_check_run(dump_suite());
}
