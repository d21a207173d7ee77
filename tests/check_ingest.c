/* check_ingest.c - one file from disk to articles: skip rules, excludes,
 * binary and unreadable files, and how failures are reported. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check_main.h"
#include "ingest.h"

typedef struct outcome {
    ix_ingest_result_t result;
    size_t n_articles;
    size_t n_failures;
    size_t n_warnings;
    size_t n_repeated;
    size_t line;              /* of the last problem */
    char msg[QR_ERR_MSG_MAX];  /* the last problem or skip reason */
} outcome_t;

static qr_status_t
on_article(void *ctx, const qr_article_t *a, qr_err_t *err)
{
    outcome_t *o = ctx;

    (void)a;
    (void)err;
    o->n_articles++;
    return QR_OK;
}

static void
on_problem(void *ctx, const char *path, size_t line, bool is_failure,
           const char *msg)
{
    outcome_t *o = ctx;

    (void)path;
    if (is_failure)
        o->n_failures++;
    else
        o->n_warnings++;
    o->line = line;
    snprintf(o->msg, sizeof o->msg, "%s", msg);
}

static void
on_skip(void *ctx, const char *path, const char *reason)
{
    outcome_t *o = ctx;

    (void)path;
    snprintf(o->msg, sizeof o->msg, "%s", reason);
}

static void
on_repeated(void *ctx)
{
    outcome_t *o = ctx;

    o->n_repeated++;
}

static outcome_t
ingest_with(const char *name, bool is_explicit, const ix_ingest_opts_t *opts)
{
    char path[4096];
    struct stat st;
    outcome_t o;
    ix_sink_t sink = { on_article, on_problem, on_skip, &o, on_repeated };
    uint64_t hash;
    qr_status_t status;

    memset(&o, 0, sizeof o);
    snprintf(path, sizeof path, "%s/%s", QR_TEST_DATA_DIR, name);
    if (stat(path, &st) != 0)
        memset(&st, 0, sizeof st);
    o.result = ix_ingest_file(path, &st, is_explicit, opts, 0, &sink, &hash,
                              &status);
    return o;
}

static outcome_t
ingest(const char *name, bool is_explicit)
{
    ix_ingest_opts_t opts = { 1 << 20, NULL, 0 };

    return ingest_with(name, is_explicit, &opts);
}

START_TEST(test_readme_skipped_in_folder_read_when_named)
{
    outcome_t o = ingest("ingest/section/README.md", false);

    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_str_eq(o.msg, "a README file");
    o = ingest("ingest/section/README.md", true);
    ck_assert_int_eq(o.result, IX_INGEST_READ);
    ck_assert_uint_eq(o.n_articles, 1);
}
END_TEST

START_TEST(test_zola_section_index_is_skipped_in_folder)
{
    outcome_t o = ingest("ingest/section/_index.md", false);

    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_str_eq(o.msg, "a section index");
    ck_assert_uint_eq(o.n_articles, 0);
}
END_TEST

START_TEST(test_listing_without_date_is_skipped)
{
    outcome_t o = ingest("ingest/section/index.md", false);

    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_ptr_nonnull(strstr(o.msg, "listing"));
    /* a post kept as slug/index.md has a date of its own */
    o = ingest("ingest/dated/post-one/index.md", false);
    ck_assert_int_eq(o.result, IX_INGEST_READ);
    ck_assert_uint_eq(o.n_articles, 1);
    o = ingest("html/index.html", false);
    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    o = ingest("ingest/section/index.md", true);
    ck_assert_uint_eq(o.n_articles, 1);
}
END_TEST

START_TEST(test_stubs_are_skipped_not_failed)
{
    outcome_t o = ingest("markdown/redirect.md", false);

    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_str_eq(o.msg, "a redirect stub");
    o = ingest("markdown/template-stub.md", true);
    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_str_eq(o.msg, "no title and no text");
    o = ingest("json/links.json", false);
    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_uint_eq(o.n_failures, 0);
}
END_TEST

START_TEST(test_excludes_match_name_or_path)
{
    const char *const by_name[] = { "draft-*" };
    const char *const by_path[] = { "*/ingest/section/*" };
    ix_ingest_opts_t opts = { 1 << 20, by_name, 1 };
    outcome_t o = ingest_with("ingest/section/draft-notes.md", false, &opts);

    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_str_eq(o.msg, "excluded");
    o = ingest_with("ingest/section/first-post.md", false, &opts);
    ck_assert_int_eq(o.result, IX_INGEST_READ);
    opts.excludes = by_path;
    o = ingest_with("ingest/section/first-post.md", true, &opts);
    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert(ix_ingest_is_excluded(&opts, "/a/ingest/section/b/c.md"));
    /* an excluded file is not wanted: an incremental run deletes its
     * articles as if it had vanished */
    ck_assert(!ix_ingest_wants(&opts, "/a/ingest/section/b/c.md", true));
    ck_assert(ix_ingest_wants(&opts, "/a/ingest/other/c.md", false));
    ck_assert(!ix_ingest_wants(&opts, "/a/ingest/other/README.md", false));
    ck_assert(!ix_ingest_is_excluded(&opts, "/a/ingest/other/c.md"));
}
END_TEST

START_TEST(test_binary_file_fails)
{
    outcome_t o = ingest("ingest/image.txt", false);

    ck_assert_int_eq(o.result, IX_INGEST_FAILED);
    ck_assert_uint_eq(o.n_failures, 1);
    ck_assert_ptr_nonnull(strstr(o.msg, "binary"));
}
END_TEST

START_TEST(test_invalid_utf8_warns_and_indexes)
{
    outcome_t o = ingest("ingest/latin1.txt", false);

    ck_assert_int_eq(o.result, IX_INGEST_READ);
    ck_assert_uint_eq(o.n_articles, 1);
    ck_assert_uint_eq(o.n_warnings, 1);
    ck_assert_uint_eq(o.line, 1);
    ck_assert_str_eq(o.msg, "invalid UTF-8: 1 sequence replaced with "
                     "U+FFFD");
    o = ingest("ingest/latin1.jsonl", false);
    ck_assert_uint_eq(o.n_articles, 2);
    ck_assert_uint_eq(o.line, 2);
    ck_assert_str_eq(o.msg, "invalid UTF-8: 3 sequences replaced with "
                     "U+FFFD, the first on this line");
}
END_TEST

START_TEST(test_unreadable_and_oversized_files_fail)
{
    ix_ingest_opts_t tiny = { 16, NULL, 0 };
    outcome_t o = ingest("ingest/no-such-file.md", true);

    ck_assert_int_eq(o.result, IX_INGEST_FAILED);
    ck_assert_ptr_nonnull(strstr(o.msg, "no such file or directory"));
    o = ingest_with("markdown/pelican.md", false, &tiny);
    ck_assert_int_eq(o.result, IX_INGEST_FAILED);
    ck_assert_uint_eq(o.n_failures, 1);
}
END_TEST

START_TEST(test_unknown_format_skipped_in_folder_failed_when_named)
{
    outcome_t o = ingest("../CMakeLists.txt.unknown", false);

    ck_assert_int_eq(o.result, IX_INGEST_SKIPPED);
    ck_assert_uint_eq(o.n_failures, 0);
    o = ingest("frontmatter/none.png", true);
    ck_assert_int_eq(o.result, IX_INGEST_FAILED);
    ck_assert_str_eq(o.msg, "not a format quarry reads");
}
END_TEST

START_TEST(test_repeated_id_in_one_file_keeps_the_first_and_warns)
{
    outcome_t o = ingest("ingest/repeated.jsonl", false);

    ck_assert_int_eq(o.result, IX_INGEST_READ);
    ck_assert_uint_eq(o.n_articles, 2);
    ck_assert_uint_eq(o.n_repeated, 1);
    ck_assert_uint_eq(o.n_warnings, 1);
    ck_assert_uint_eq(o.line, 3);
    ck_assert_str_eq(o.msg, "id \"r1\" is also given at line 1 of this "
                     "file; this record is left out");
    o = ingest("ingest/repeated.json", false);
    ck_assert_uint_eq(o.n_articles, 1);
    ck_assert_uint_eq(o.n_repeated, 1);
    ck_assert_str_eq(o.msg, "id \"r1\" is also given by an earlier record "
                     "of this file; this one is left out");
}
END_TEST

START_TEST(test_reader_failure_is_reported_at_its_line)
{
    outcome_t o = ingest("json/broken.json", false);

    ck_assert_int_eq(o.result, IX_INGEST_FAILED);
    ck_assert_uint_eq(o.line, 4);
    ck_assert_msg(strncmp(o.msg, "invalid JSON", 12) == 0, "%s", o.msg);
    o = ingest("frontmatter/bad-toml.md", false);
    ck_assert_int_eq(o.result, IX_INGEST_FAILED);
    ck_assert_uint_gt(o.line, 0);
}
END_TEST

static Suite *
ingest_suite(void)
{
    Suite *s = suite_create("ingest");
    TCase *core = tcase_create("core");
    TCase *errors = tcase_create("errors");

    tcase_add_test(core, test_readme_skipped_in_folder_read_when_named);
    tcase_add_test(core, test_zola_section_index_is_skipped_in_folder);
    tcase_add_test(core, test_listing_without_date_is_skipped);
    tcase_add_test(core, test_stubs_are_skipped_not_failed);
    tcase_add_test(core, test_excludes_match_name_or_path);
    tcase_add_test(errors, test_binary_file_fails);
    tcase_add_test(errors, test_invalid_utf8_warns_and_indexes);
    tcase_add_test(errors, test_unreadable_and_oversized_files_fail);
    tcase_add_test(errors,
                   test_unknown_format_skipped_in_folder_failed_when_named);
    tcase_add_test(errors, test_reader_failure_is_reported_at_its_line);
    tcase_add_test(errors,
                   test_repeated_id_in_one_file_keeps_the_first_and_warns);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}

int
main(void)
{
    return qr_check_run(ingest_suite());
}
