/* check_ownership.c - which articles a run keeps: an id given by several
 * files belongs to one of them, the same one however the index was built,
 * and passes to another when that one lets it go; a run deletes only what
 * leaves the index, and no more than the safety share. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "e2e_util.h"
#include "incremental_util.h"
#include "index_digest.h"
#include "test_util.h"

/* 20 Markdown articles, as the rest of an archive. */
static void
write_posts(void)
{
    char name[64], word[64];

    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "posts/p%02d.md", i);
        snprintf(word, sizeof word, "post%d", i);
        it_write_article(it_archive, name, word, "2022-03-04");
    }
}

static void
touch(const char *name)
{
    char path[4400];

    snprintf(path, sizeof path, "%s/%s", it_archive, name);
    ck_assert_int_eq(utimensat(AT_FDCWD, path, NULL, 0), 0);
}

static void
index_ok(const char *extra)
{
    json_t *s;

    ck_assert_int_eq(it_index(extra, &s), 0);
    json_decref(s);
}

START_TEST(test_shared_id_stays_when_either_file_goes)
{
    static const char *const NAMES[] = { "b.jsonl", "a.jsonl" };

    write_posts();
    it_write_records("a.jsonl", 1, 18, 0, "");
    it_write_records("b.jsonl", 1, 18, 0, "");
    index_ok("");
    ck_assert_int_eq(it_documents(), 38);
    for (size_t i = 0; i < 2; i++) {
        it_remove(NAMES[i]);
        index_ok("--allow-mass-delete");
        ck_assert_int_eq(it_documents(), 38);
        it_assert_same_as_clean_build(it_db, 38);
        touch(NAMES[1 - i]);
        index_ok("");
        ck_assert_int_eq(it_documents(), 38);
        it_write_records(NAMES[i], 1, 18, 0, "");
        index_ok("");
        it_assert_same_as_clean_build(it_db, 38);
    }
}
END_TEST

/* "a/first.jsonl" comes before "a-second.jsonl" in a sorted walk (the
 * folder "a" sorts before the name "a-second.jsonl"), though not in byte
 * order of the whole paths ('-' sorts before '/'). */
#define FIRST "a/first.jsonl"
#define SECOND "a-second.jsonl"

/* Writes records 1..18 into NAME with NOTE and indexes them; the first
 * file's copies must be the ones held, as in a clean build. */
static void
add_copy_and_check(const char *name, const char *note)
{
    it_write_records(name, 1, 18, 0, note);
    index_ok("");
    ck_assert_int_eq(it_hits("firstnote"), 18);
    ck_assert_int_eq(it_hits("secondnote"), 0);
    it_assert_same_as_clean_build(it_db, 38);
}

START_TEST(test_shared_id_belongs_to_the_first_file_in_walk_order)
{
    write_posts();
    index_ok("");
    it_write_records(SECOND, 1, 18, 0, " secondnote");
    index_ok("");
    add_copy_and_check(FIRST, " firstnote");
    /* The other way round: the second file comes after the first. */
    tu_remove_tree(it_db);
    it_remove(SECOND);
    index_ok("");
    add_copy_and_check(SECOND, " secondnote");
    index_ok("--full");
    ck_assert_int_eq(it_hits("firstnote"), 18);
}
END_TEST

START_TEST(test_record_its_owner_drops_passes_to_the_other_file)
{
    write_posts();
    it_write_records(FIRST, 1, 18, 0, " firstnote");
    it_write_records(SECOND, 1, 18, 0, " secondnote");
    index_ok("");
    it_write_records(FIRST, 1, 17, 0, " firstnote");   /* rec-18 goes */
    index_ok("");
    ck_assert_int_eq(it_hits("firstnote"), 17);
    ck_assert_int_eq(it_hits("secondnote"), 1);
    it_assert_same_as_clean_build(it_db, 38);
    /* The second file drops it too: now it goes. */
    it_write_records(SECOND, 1, 17, 0, " secondnote");
    index_ok("");
    ck_assert_int_eq(it_documents(), 37);
    it_assert_same_as_clean_build(it_db, 37);
}
END_TEST

/* --- deletions ------------------------------------------------------------ */

/* Writes N articles into TMP/other. */
static void
write_other(int n)
{
    char dir[4300], name[64], word[64];

    snprintf(dir, sizeof dir, "%s/other", it_tmp);
    mkdir(dir, 0755);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "o%02d.md", i);
        snprintf(word, sizeof word, "other%d", i);
        it_write_article(dir, name, word, "2021-05-06");
    }
}

/* Indexes the archive and TMP/other with EXTRA; returns the exit code and
 * the summary (caller decrefs). */
static int
index_both(const char *extra, json_t **summary_out)
{
    char args[12000], *out = NULL, cmd[20000];
    int code;

    snprintf(args, sizeof args, "--json --quiet %s '%s' '%s/other'", extra,
             it_archive, it_tmp);
    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --db '%s' %s", QR_BIN_DIR,
             it_db, args);
    code = tu_run(cmd, &out, NULL);
    *summary_out = tu_parse_json(out);
    free(out);
    return code;
}

START_TEST(test_full_rebuild_counts_the_articles_it_leaves_behind)
{
    json_t *s;

    write_posts();
    write_other(3);
    ck_assert_int_eq(index_both("", &s), 0);
    json_decref(s);
    /* A rebuild of one PATH leaves the other's articles behind. */
    ck_assert_int_eq(it_index("--full", &s), 0);
    ck_assert_int_eq(it_count(s, "deleted"), 3);
    json_decref(s);
    ck_assert_int_eq(it_documents(), 20);
    /* ... and is refused when they are more than the share. */
    write_other(15);
    ck_assert_int_eq(index_both("", &s), 0);
    json_decref(s);
    ck_assert_int_eq(it_documents(), 35);
    ck_assert_int_eq(it_index("--full", &s), 1);
    ck_assert_int_eq(it_count(s, "deleted"), 0);
    ck_assert_int_eq(it_count(s, "delete_refused"), 15);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(
        s, "last_error")), "--allow-mass-delete"));
    json_decref(s);
    ck_assert_int_eq(it_documents(), 35);
    ck_assert_int_eq(it_index("--full --allow-mass-delete", &s), 0);
    ck_assert_int_eq(it_count(s, "deleted"), 15);
    json_decref(s);
    ck_assert_int_eq(it_documents(), 20);
}
END_TEST

START_TEST(test_renamed_folder_moves_its_articles)
{
    char from[4400], to[4400], name[64], word[64];
    json_t *s;

    write_posts();
    for (int i = 0; i < 28; i++) {   /* 28 of 48 articles: 58% */
        snprintf(name, sizeof name, "old/n%02d.md", i);
        snprintf(word, sizeof word, "moved%d", i);
        it_write_article(it_archive, name, word, "2023-01-02");
    }
    index_ok("");
    snprintf(from, sizeof from, "%s/old", it_archive);
    snprintf(to, sizeof to, "%s/new", it_archive);
    ck_assert_int_eq(rename(from, to), 0);
    /* The ids are the paths: 28 go, 28 come, the index loses nothing. */
    ck_assert_int_eq(it_index("", &s), 0);
    it_assert_counts(s, 28, 0, 28, 20);
    json_decref(s);
    ck_assert_int_eq(it_documents(), 48);
    it_assert_same_as_clean_build(it_db, 48);
    ck_assert_int_eq(it_index("", &s), 0);
    json_decref(s);
}
END_TEST

START_TEST(test_share_counts_only_articles_that_leave_the_index)
{
    json_t *s;

    write_posts();
    it_write_records(FIRST, 1, 18, 0, "");
    it_write_records(SECOND, 1, 18, 0, "");
    index_ok("");
    /* Either copy may go: the other still gives all 18 ids. */
    it_remove(SECOND);
    ck_assert_int_eq(it_index("", &s), 0);
    it_assert_counts(s, 0, 0, 0, 38);
    json_decref(s);
    it_write_records(SECOND, 1, 18, 0, "");
    index_ok("");
    it_remove(FIRST);
    ck_assert_int_eq(it_index("", &s), 0);
    ck_assert_int_eq(it_count(s, "deleted"), 0);
    ck_assert_int_eq(it_count(s, "updated"), 18);
    json_decref(s);
    ck_assert_int_eq(it_documents(), 38);
    /* The last copy is a real loss of 18 of 38: refused. */
    it_remove(SECOND);
    ck_assert_int_eq(it_index("", &s), 1);
    ck_assert_int_eq(it_count(s, "delete_refused"), 18);
    json_decref(s);
}
END_TEST

START_TEST(test_vanished_file_named_as_path_is_deleted)
{
    char file[4400], cmd[20000];
    json_t *s;

    write_posts();
    it_write_records("feed.jsonl", 1, 5, 0, "");
    index_ok("");
    snprintf(file, sizeof file, "%s/feed.jsonl", it_archive);
    it_remove("feed.jsonl");
    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --quiet --db '%s' '%s'",
             QR_BIN_DIR, it_db, file);
    /* The PATH names nothing: a failure, but its articles go. */
    ck_assert_int_eq(tu_run(cmd, NULL, NULL), 1);
    ck_assert_int_eq(it_documents(), 20);
    ck_assert_int_eq(it_hits("word3"), 0);
    ck_assert_int_eq(tu_run(cmd, NULL, NULL), 1);
    it_assert_same_as_clean_build(it_db, 20);
    ck_assert_int_eq(it_index("", &s), 0);
    it_assert_counts(s, 0, 0, 0, 20);
    json_decref(s);
}
END_TEST

START_TEST(test_large_delete_is_committed_in_batches)
{
    char name[64], word[64];
    uint64_t before;

    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "many/m%03d.md", i);
        snprintf(word, sizeof word, "many%d", i);
        it_write_article(it_archive, name, word, "2023-01-02");
    }
    write_posts();
    index_ok("");
    before = index_revision(it_db);
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "many/m%03d.md", i);
        it_remove(name);
    }
    index_ok("--allow-mass-delete --batch-bytes 20000");
    ck_assert_int_eq(it_documents(), 20);
    /* Each deletion weighs about an article's text: 200 of them are
     * several batches, not one transaction. */
    ck_assert_uint_gt(index_revision(it_db), before + 5);
    it_assert_same_as_clean_build(it_db, 20);
}
END_TEST

static Suite *
ownership_suite(void)
{
    Suite *s = suite_create("ownership");
    TCase *shared = tcase_create("shared");
    TCase *deletions = tcase_create("deletions");

    tcase_add_checked_fixture(shared, it_setup, it_teardown);
    tcase_set_timeout(shared, 120);
    tcase_add_test(shared, test_shared_id_stays_when_either_file_goes);
    tcase_add_test(shared,
                   test_shared_id_belongs_to_the_first_file_in_walk_order);
    tcase_add_test(shared,
                   test_record_its_owner_drops_passes_to_the_other_file);
    tcase_add_checked_fixture(deletions, it_setup, it_teardown);
    tcase_set_timeout(deletions, 120);
    tcase_add_test(deletions,
                   test_full_rebuild_counts_the_articles_it_leaves_behind);
    tcase_add_test(deletions, test_renamed_folder_moves_its_articles);
    tcase_add_test(deletions,
                   test_share_counts_only_articles_that_leave_the_index);
    tcase_add_test(deletions, test_vanished_file_named_as_path_is_deleted);
    tcase_add_test(deletions, test_large_delete_is_committed_in_batches);
    suite_add_tcase(s, shared);
    suite_add_tcase(s, deletions);
    return s;
}

int
main(void)
{
    return qr_check_run(ownership_suite());
}
