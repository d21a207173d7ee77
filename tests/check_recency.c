/* check_recency.c - the week table and the value-based recency part give
 * the same scores, so a search during an indexing run (when the table is
 * out of date) ranks exactly as one after it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "db.h"
#include "e2e_util.h"
#include "index_dir.h"
#include "terms.h"
#include "test_util.h"

enum { MAX_HITS = 20 };

typedef struct ranking {
    size_t n;
    uint32_t docids[MAX_HITS];
    double scores[MAX_HITS];
} ranking_t;

/* Hybrid search for the words in WORDS (already in their indexed form);
 * HAS_TABLE says whether the week table must be current. */
static ranking_t
search(const char *dir, const char *const *words, size_t n_words,
       bool has_table)
{
    bool is_current;
    qr_db_t *db;
    qr_query_t *query, *term;
    qr_results_t *results;
    qr_search_opts_t opts;
    ranking_t r = { 0 };
    qr_err_t err;

    ck_assert_int_eq(qr_index_open_read(dir, &db, &err), QR_OK);
    ck_assert_int_eq(qr_db_has_week_table(db, &is_current, &err), QR_OK);
    ck_assert(is_current == has_table);
    ck_assert_int_eq(qr_query_new(QR_Q_OR, &query, &err), QR_OK);
    for (size_t i = 0; i < n_words; i++) {
        ck_assert_int_eq(qr_query_new_term(QR_Q_TERM, words[i],
                                           strlen(words[i]), 0, &term, &err),
                         QR_OK);
        ck_assert_int_eq(qr_query_add_take(query, term, &err), QR_OK);
    }
    qr_search_opts_init(&opts);
    opts.now = 1795000000;   /* 2026-11-18 */
    opts.date_slot = QR_SLOT_DATE;
    opts.week_slot = QR_SLOT_WEEK;
    opts.id_prefix = QR_PREFIX_ID;
    opts.limit = MAX_HITS;
    ck_assert_int_eq(qr_db_search(db, query, &opts, &results, &err), QR_OK);
    r.n = qr_results_count(results);
    for (size_t i = 0; i < r.n; i++) {
        r.docids[i] = qr_results_hit(results, i)->docid;
        r.scores[i] = qr_results_hit(results, i)->score;
    }
    qr_results_free(results);
    qr_query_free(query);
    qr_db_close(db);
    return r;
}

/* Makes the week table out of date, as a commit in mid-run would. */
static void
stale_week_table(const char *dir)
{
    char current[QR_INDEX_PATH_MAX];
    qr_db_t *db;
    qr_err_t err;

    ck_assert_int_eq(qr_index_path(dir, QR_INDEX_CURRENT, current, &err),
                     QR_OK);
    ck_assert_int_eq(qr_db_open_write(current, QR_DB_CREATE_OR_OPEN, &db,
                                      &err), QR_OK);
    ck_assert_int_eq(qr_db_set_metadata(db, "quarry.test", "touched", &err),
                     QR_OK);
    ck_assert_int_eq(qr_db_commit(db, &err), QR_OK);
    qr_db_close(db);
}

START_TEST(test_week_table_and_values_rank_alike)
{
    static const char *const WORDS[] = { "kubernet", "k8s", "databas",
                                         "postgresql", "autovacuum" };
    char *tmp = tu_make_temp_dir(), db[4200], args[4300];
    ranking_t with_table, with_values;

    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(args, sizeof args, "--quiet '%s/search/articles.jsonl'",
             QR_TEST_DATA_DIR);
    ck_assert_int_eq(e2e_index(db, args, NULL), 0);
    with_table = search(db, WORDS, 5, true);
    stale_week_table(db);
    with_values = search(db, WORDS, 5, false);
    ck_assert_uint_ge(with_table.n, 3);
    ck_assert_uint_eq(with_table.n, with_values.n);
    for (size_t i = 0; i < with_table.n; i++) {
        ck_assert_uint_eq(with_table.docids[i], with_values.docids[i]);
        ck_assert_double_eq_tol(with_table.scores[i], with_values.scores[i],
                                1e-9);
    }
    /* The recency part is there at all: hybrid differs from BM25 alone. */
    ck_assert(with_table.scores[0] > 0);
    tu_remove_tree(tmp);
    free(tmp);
}
END_TEST

START_TEST(test_an_unchanged_run_keeps_the_table_current)
{
    char *tmp = tu_make_temp_dir(), db[4200], args[4300];
    uint64_t before, after;
    qr_db_t *handle;
    qr_err_t err;

    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(args, sizeof args, "--quiet '%s/search/articles.jsonl'",
             QR_TEST_DATA_DIR);
    ck_assert_int_eq(e2e_index(db, args, NULL), 0);
    ck_assert_int_eq(qr_index_open_read(db, &handle, &err), QR_OK);
    ck_assert_int_eq(qr_db_revision(handle, &before, &err), QR_OK);
    qr_db_close(handle);
    ck_assert_int_eq(e2e_index(db, args, NULL), 0);
    ck_assert_int_eq(qr_index_open_read(db, &handle, &err), QR_OK);
    ck_assert_int_eq(qr_db_revision(handle, &after, &err), QR_OK);
    qr_db_close(handle);
    ck_assert_uint_eq(before, after);   /* nothing to rewrite */
    tu_remove_tree(tmp);
    free(tmp);
}
END_TEST

static Suite *
recency_suite(void)
{
    Suite *s = suite_create("recency");
    TCase *core = tcase_create("core");

    tcase_set_timeout(core, 60);
    tcase_add_test(core, test_week_table_and_values_rank_alike);
    tcase_add_test(core, test_an_unchanged_run_keeps_the_table_current);
    suite_add_tcase(s, core);
    return s;
}

int
main(void)
{
    return qr_check_run(recency_suite());
}
