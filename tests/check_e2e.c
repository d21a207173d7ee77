/* check_e2e.c - index the bundled corpus, then search it as a user would. */
#include <check.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "e2e_util.h"
#include "test_util.h"

static char *tmp;
static char db[4200];

static void
index_corpus(void)
{
    char args[4200], *err = NULL;

    tmp = tu_make_temp_dir();
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(args, sizeof args, "'%s/corpus'", QR_SOURCE_DIR);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    ck_assert_msg(strstr(err, "added 48, updated 0, deleted 0, unchanged 0, "
                              "failed 0") != NULL, "%s", err);
    free(err);
}

static void
remove_db(void)
{
    tu_remove_tree(tmp);
    free(tmp);
}

START_TEST(test_cplusplus_does_not_match_plain_c)
{
    json_t *r;

    ck_assert_int_eq(e2e_search(db, "--limit 50 'C++'", &r, NULL), 0);
    ck_assert_int_ge(e2e_hit_rank(r, "why-cpp-modules-took-a-decade.md"), 0);
    ck_assert_int_ge(e2e_hit_rank(r, "cpp20-coroutines-without-the-tears.md"),
                     0);
    ck_assert_int_lt(e2e_hit_rank(r, "year-2038-and-the-stubborn-time-t.md"),
                     0);
    ck_assert_int_lt(e2e_hit_rank(r,
                                  "c23-lands-embed-and-bit-precise-integers.md"),
                     0);
    json_decref(r);
    /* ... while plain C finds the C articles. */
    ck_assert_int_eq(e2e_search(db, "--limit 50 C", &r, NULL), 0);
    ck_assert_int_ge(e2e_hit_rank(r, "year-2038-and-the-stubborn-time-t.md"),
                     0);
    json_decref(r);
}
END_TEST

START_TEST(test_lowercase_nodejs_finds_node_js)
{
    json_t *r;

    ck_assert_int_eq(e2e_search(db, "node.js", &r, NULL), 0);
    ck_assert_int_ge(e2e_hit_rank(r,
                                  "nodejs-finally-gets-a-permission-model.md"),
                     0);
    json_decref(r);
}
END_TEST

START_TEST(test_title_words_rank_their_article_first)
{
    json_t *r;

    ck_assert_int_eq(e2e_search(db, "complexity budget kubernetes", &r,
                                NULL), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "kubernetes-at-ten-complexity-budget.md"),
                     0);
    json_decref(r);
    ck_assert_int_eq(e2e_search(db, "stubborn time_t", &r, NULL), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "year-2038-and-the-stubborn-time-t.md"),
                     0);
    json_decref(r);
}
END_TEST

static void
assert_hit_shape(const json_t *hit)
{
    static const char *const iso = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T"
                                   "[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";
    const json_t *date = json_object_get(hit, "date");
    regex_t re;

    ck_assert(json_is_string(json_object_get(hit, "id")));
    ck_assert(json_is_string(json_object_get(hit, "path")) ||
              json_is_string(json_object_get(hit, "url")));
    ck_assert(json_is_string(json_object_get(hit, "title")));
    ck_assert(json_is_string(json_object_get(hit, "author")));
    ck_assert(json_is_array(json_object_get(hit, "tags")));
    ck_assert(json_is_number(json_object_get(hit, "score")));
    ck_assert(json_is_string(date));
    ck_assert_int_eq(regcomp(&re, iso, REG_EXTENDED | REG_NOSUB), 0);
    ck_assert_msg(regexec(&re, json_string_value(date), 0, NULL, 0) == 0,
                  "date %s", json_string_value(date));
    regfree(&re);
}

START_TEST(test_json_shape_of_results)
{
    json_t *r, *hits;
    double last = 1e300;

    ck_assert_int_eq(e2e_search(db, "--limit 5 cloud", &r, NULL), 0);
    ck_assert_str_eq(json_string_value(json_object_get(r, "query")),
                     "cloud");
    ck_assert(json_is_integer(json_object_get(r, "total")));
    hits = json_object_get(r, "hits");
    ck_assert_uint_eq(json_array_size(hits), 5);
    ck_assert_int_ge(json_integer_value(json_object_get(r, "total")), 5);
    for (size_t i = 0; i < json_array_size(hits); i++) {
        double score = json_number_value(json_object_get(
            json_array_get(hits, i), "score"));
        assert_hit_shape(json_array_get(hits, i));
        ck_assert(score <= last);
        last = score;
    }
    json_decref(r);
}
END_TEST

START_TEST(test_jsonl_hits_carry_url_and_id)
{
    json_t *r, *hit;

    ck_assert_int_eq(e2e_search(db, "edge functions return the CDN", &r,
                                NULL), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "nl-2019-004"), 0);
    hit = json_array_get(json_object_get(r, "hits"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(hit, "url")),
                     "https://newsletter.example.com/2019/"
                     "edge-functions-cdn-compute");
    ck_assert_str_eq(json_string_value(json_object_get(hit, "date")),
                     "2019-03-12T08:15:00Z");
    ck_assert_str_eq(json_string_value(json_object_get(hit, "date_source")),
                     "metadata");
    json_decref(r);
}
END_TEST

START_TEST(test_paging_offsets_the_same_ranking)
{
    json_t *all, *page;

    ck_assert_int_eq(e2e_search(db, "--limit 6 security", &all, NULL), 0);
    ck_assert_int_eq(e2e_search(db, "--offset 3 --limit 3 security", &page,
                                NULL), 0);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(
            json_string_value(json_object_get(json_array_get(
                json_object_get(all, "hits"), i + 3), "id")),
            json_string_value(json_object_get(json_array_get(
                json_object_get(page, "hits"), i), "id")));
    }
    json_decref(all);
    json_decref(page);
}
END_TEST

START_TEST(test_no_hits_is_success_with_empty_list)
{
    json_t *r;

    ck_assert_int_eq(e2e_search(db, "zzqxjv", &r, NULL), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(r, "hits")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "total")), 0);
    json_decref(r);
}
END_TEST

START_TEST(test_missing_database_is_exit_2_with_message)
{
    json_t *r;
    char *err = NULL;
    char missing[4300];

    snprintf(missing, sizeof missing, "%s/nope", tmp);
    ck_assert_int_eq(e2e_search(missing, "rust", &r, &err), 2);
    ck_assert_ptr_nonnull(strstr(err, missing));
    ck_assert_ptr_nonnull(strstr(err, "no readable quarry index"));
    free(err);
}
END_TEST

/* A summary that cannot be written is an I/O error, not success: the
 * indexer said 0 with "--json > /dev/full". */
START_TEST(test_output_that_cannot_be_written_is_exit_74)
{
    char cmd[8800];

    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --quiet --json --db '%s' "
             "'%s/corpus' > /dev/full", QR_BIN_DIR, db, QR_SOURCE_DIR);
    ck_assert_int_eq(tu_run(cmd, NULL, NULL), 74);
    snprintf(cmd, sizeof cmd, "'%s/quarry-search' --db '%s' rust "
             "> /dev/full", QR_BIN_DIR, db);
    ck_assert_int_ne(tu_run(cmd, NULL, NULL), 0);
}
END_TEST

/* "--db a/b" with no folder a failed with "a/b: a/b: no such file or
 * directory" (exit 74): the missing folders are made, as mkdir -p does. */
START_TEST(test_a_new_index_gets_its_missing_parent_folders)
{
    char *tmp = tu_make_temp_dir();
    char nested[4300], args[4400], *err = NULL;
    json_t *r;

    snprintf(nested, sizeof nested, "%s/a/b/index", tmp);
    snprintf(args, sizeof args, "--quiet '%s/corpus/markdown'",
             QR_SOURCE_DIR);
    ck_assert_int_eq(e2e_index(nested, args, &err), 0);
    free(err);
    ck_assert_int_eq(e2e_search(nested, "rust", &r, NULL), 0);
    json_decref(r);
    tu_remove_tree(tmp);
    free(tmp);
}
END_TEST

START_TEST(test_usage_errors_are_exit_2)
{
    json_t *r;

    ck_assert_int_eq(e2e_search(db, "", &r, NULL), 2);
    ck_assert_int_eq(e2e_search(db, "--limit x rust", &r, NULL), 2);
    ck_assert_int_eq(e2e_index(db, "", NULL), 2);
}
END_TEST

START_TEST(test_bad_indexer_option_values_say_what_is_wanted)
{
    static const struct { const char *args, *want; } cases[] = {
        { "--max-bytes 0", "--max-bytes needs a whole number from 1 to "
          "1000000000000000, not \"0\"" },
        { "--batch-bytes 0", "--batch-bytes needs a whole number from 1 to "
          "1000000000000000, not \"0\"" },
        { "--jobs 0", "--jobs needs a whole number from 1 to 16, not \"0\"" },
        { "--jobs 2.5", "--jobs needs a whole number from 1 to 16, not "
          "\"2.5\"" },
        { "--wait -1", "--wait needs a number from 0 to 1000000, not "
          "\"-1\"" },
        { "--max-delete-share 2", "--max-delete-share needs a number from 0 "
          "to 1, not \"2\"" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[4400], *err = NULL;
        snprintf(args, sizeof args, "%s '%s/corpus'", cases[i].args,
                 QR_SOURCE_DIR);
        ck_assert_int_eq(e2e_index(db, args, &err), 2);
        ck_assert_msg(strstr(err, cases[i].want) != NULL, "%s: got \"%s\"",
                      cases[i].args, err);
        free(err);
    }
}
END_TEST

START_TEST(test_reindexing_replaces_instead_of_duplicating)
{
    char args[4200], *err = NULL;
    json_t *r;

    snprintf(args, sizeof args, "'%s/corpus'", QR_SOURCE_DIR);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
    ck_assert_int_eq(e2e_search(db, "--limit 100 the", &r, NULL), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "total")), 48);
    json_decref(r);
}
END_TEST

/* A page shorter than the result list still gets its exact total when the
 * list is short: "go" matches 13 articles of the bundled corpus, some by
 * their titles, which Xapian's estimate counted twice (14, 13 to 15). */
START_TEST(test_a_short_result_list_is_counted_exactly)
{
    static const char *const QUERIES[] = { "go", "memory safety", "go rust" };
    json_t *all, *page;
    char args[128];

    for (size_t i = 0; i < sizeof QUERIES / sizeof *QUERIES; i++) {
        json_int_t n;
        snprintf(args, sizeof args, "--limit 100 %s", QUERIES[i]);
        ck_assert_int_eq(e2e_search(db, args, &all, NULL), 0);
        n = (json_int_t)json_array_size(json_object_get(all, "hits"));
        ck_assert_int_gt(n, 2);
        snprintf(args, sizeof args, "--limit 2 %s", QUERIES[i]);
        ck_assert_int_eq(e2e_search(db, args, &page, NULL), 0);
        ck_assert_int_eq(json_integer_value(json_object_get(page, "total")),
                         n);
        ck_assert_int_eq(json_integer_value(json_object_get(
                             json_object_get(page, "total_bounds"), "lower")),
                         n);
        ck_assert_int_eq(json_integer_value(json_object_get(
                             json_object_get(page, "total_bounds"), "upper")),
                         n);
        json_decref(page);
        json_decref(all);
    }
}
END_TEST

static Suite *
e2e_suite(void)
{
    Suite *s = suite_create("e2e");
    TCase *core = tcase_create("core");
    TCase *errors = tcase_create("errors");

    tcase_add_unchecked_fixture(core, index_corpus, remove_db);
    tcase_add_unchecked_fixture(errors, index_corpus, remove_db);
    tcase_set_timeout(core, 60);
    tcase_add_test(core, test_cplusplus_does_not_match_plain_c);
    tcase_add_test(core, test_lowercase_nodejs_finds_node_js);
    tcase_add_test(core, test_title_words_rank_their_article_first);
    tcase_add_test(core, test_json_shape_of_results);
    tcase_add_test(core, test_jsonl_hits_carry_url_and_id);
    tcase_add_test(core, test_paging_offsets_the_same_ranking);
    tcase_add_test(core, test_no_hits_is_success_with_empty_list);
    tcase_add_test(core, test_reindexing_replaces_instead_of_duplicating);
    tcase_add_test(core, test_a_short_result_list_is_counted_exactly);
    tcase_add_test(errors, test_missing_database_is_exit_2_with_message);
    tcase_add_test(errors, test_usage_errors_are_exit_2);
    tcase_add_test(errors, test_output_that_cannot_be_written_is_exit_74);
    tcase_add_test(errors, test_a_new_index_gets_its_missing_parent_folders);
    tcase_add_test(errors, test_bad_indexer_option_values_say_what_is_wanted);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}

int
main(void)
{
    return qr_check_run(e2e_suite());
}
