/* check_recency.c - the week file, the week table and the value-based
 * recency part give the same scores, so a search during an indexing run
 * (when the table is out of date) ranks exactly as one after it, and a
 * week file that is stale or another index's is never used. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
 * SOURCE is where the search must find the week table. */
static ranking_t
search(const char *dir, const char *const *words, size_t n_words,
       qr_week_source_t source)
{
    qr_week_source_t found;
    qr_db_t *db;
    qr_query_t *query, *term;
    qr_results_t *results;
    qr_search_opts_t opts;
    ranking_t r = { 0 };
    qr_err_t err;

    ck_assert_int_eq(qr_index_open_read(dir, &db, &err), QR_OK);
    ck_assert_int_eq(qr_db_week_source(db, &found, &err), QR_OK);
    ck_assert_int_eq(found, source);
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

static const char *const WORDS[] = { "kubernet", "k8s", "databas",
                                     "postgresql", "autovacuum" };
enum { N_WORDS = sizeof WORDS / sizeof WORDS[0] };

static void
assert_same_ranking(const ranking_t *a, const ranking_t *b)
{
    ck_assert_uint_ge(a->n, 3);
    ck_assert_uint_eq(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        ck_assert_uint_eq(a->docids[i], b->docids[i]);
        ck_assert_double_eq_tol(a->scores[i], b->scores[i], 1e-9);
    }
}

/* Indexes the test articles into TMP/NAME, whose path goes into DB. */
static void
index_articles(const char *tmp, const char *name, char *db, size_t cap)
{
    char args[4300];

    snprintf(db, cap, "%s/%s", tmp, name);
    snprintf(args, sizeof args, "--quiet '%s/search/articles.jsonl'",
             QR_TEST_DATA_DIR);
    ck_assert_int_eq(e2e_index(db, args, NULL), 0);
}

/* Runs the shell command CMD, which must succeed. */
static void
run_ok(const char *cmd)
{
    ck_assert_msg(tu_run(cmd, NULL, NULL) == 0, "failed: %s", cmd);
}

START_TEST(test_week_file_table_and_values_rank_alike)
{
    char *tmp = tu_make_temp_dir(), db[4200], cmd[8500];
    ranking_t with_file, with_table, with_values;

    index_articles(tmp, "db", db, sizeof db);
    with_file = search(db, WORDS, N_WORDS, QR_WEEKS_FILE);
    snprintf(cmd, sizeof cmd, "rm '%s/" QR_INDEX_WEEKS "'", db);
    run_ok(cmd);
    with_table = search(db, WORDS, N_WORDS, QR_WEEKS_METADATA);
    stale_week_table(db);
    with_values = search(db, WORDS, N_WORDS, QR_WEEKS_NONE);
    assert_same_ranking(&with_file, &with_table);
    assert_same_ranking(&with_file, &with_values);
    /* The recency part is there at all: hybrid differs from BM25 alone. */
    ck_assert(with_file.scores[0] > 0);
    tu_remove_tree(tmp);
    free(tmp);
}
END_TEST

START_TEST(test_a_stale_or_foreign_week_file_is_ignored)
{
    char *tmp = tu_make_temp_dir(), db[4200], other[4200], cmd[8500];
    ranking_t current, r;

    index_articles(tmp, "db", db, sizeof db);
    index_articles(tmp, "other", other, sizeof other);
    current = search(db, WORDS, N_WORDS, QR_WEEKS_FILE);

    /* Another index of the same articles, at the same revision: only the
     * database's UUID tells its file apart. */
    snprintf(cmd, sizeof cmd, "cp '%s/" QR_INDEX_WEEKS "' '%s/'", other, db);
    run_ok(cmd);
    r = search(db, WORDS, N_WORDS, QR_WEEKS_METADATA);
    assert_same_ranking(&current, &r);

    /* The file of an older revision of the same database. */
    index_articles(tmp, "db", db, sizeof db);   /* saves its own again */
    (void)search(db, WORDS, N_WORDS, QR_WEEKS_FILE);
    snprintf(cmd, sizeof cmd, "cp '%s/" QR_INDEX_WEEKS "' '%s/old'", db, tmp);
    run_ok(cmd);
    stale_week_table(db);
    index_articles(tmp, "db", db, sizeof db);   /* a table and file anew */
    (void)search(db, WORDS, N_WORDS, QR_WEEKS_FILE);
    snprintf(cmd, sizeof cmd, "cp '%s/old' '%s/" QR_INDEX_WEEKS "'", tmp, db);
    run_ok(cmd);
    r = search(db, WORDS, N_WORDS, QR_WEEKS_METADATA);
    assert_same_ranking(&current, &r);

    /* Cut short, or not a week file at all. */
    snprintf(cmd, sizeof cmd, "truncate -s 100 '%s/" QR_INDEX_WEEKS "'", db);
    run_ok(cmd);
    r = search(db, WORDS, N_WORDS, QR_WEEKS_METADATA);
    assert_same_ranking(&current, &r);
    snprintf(cmd, sizeof cmd, "echo garbage > '%s/" QR_INDEX_WEEKS "'", db);
    run_ok(cmd);
    r = search(db, WORDS, N_WORDS, QR_WEEKS_METADATA);
    assert_same_ranking(&current, &r);
    tu_remove_tree(tmp);
    free(tmp);
}
END_TEST

START_TEST(test_an_unchanged_run_keeps_the_table_current)
{
    char *tmp = tu_make_temp_dir(), db[4200], weeks[4300];
    uint64_t before, after;
    struct stat file_before, file_after;
    qr_db_t *handle;
    qr_err_t err;

    index_articles(tmp, "db", db, sizeof db);
    snprintf(weeks, sizeof weeks, "%s/" QR_INDEX_WEEKS, db);
    ck_assert_int_eq(stat(weeks, &file_before), 0);
    ck_assert_int_eq(qr_index_open_read(db, &handle, &err), QR_OK);
    ck_assert_int_eq(qr_db_revision(handle, &before, &err), QR_OK);
    qr_db_close(handle);
    index_articles(tmp, "db", db, sizeof db);
    ck_assert_int_eq(qr_index_open_read(db, &handle, &err), QR_OK);
    ck_assert_int_eq(qr_db_revision(handle, &after, &err), QR_OK);
    qr_db_close(handle);
    ck_assert_uint_eq(before, after);   /* nothing to rewrite */
    ck_assert_int_eq(stat(weeks, &file_after), 0);
    ck_assert_uint_eq(file_before.st_ino, file_after.st_ino);
    tu_remove_tree(tmp);
    free(tmp);
}
END_TEST

START_TEST(test_a_week_file_that_cannot_be_written_is_a_warning)
{
    char *tmp = tu_make_temp_dir(), db[4200], args[4300], cmd[8500];
    char *errs = NULL;
    ranking_t r;

    /* A folder where the file belongs: the rename over it fails. */
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/" QR_INDEX_WEEKS "/x'", db);
    run_ok(cmd);
    snprintf(args, sizeof args, "'%s/search/articles.jsonl'",
             QR_TEST_DATA_DIR);
    ck_assert_int_eq(e2e_index(db, args, &errs), 0);
    ck_assert_msg(strstr(errs, QR_INDEX_WEEKS) != NULL &&
                  strstr(errs, "warning") != NULL, "stderr: %s", errs);
    r = search(db, WORDS, N_WORDS, QR_WEEKS_METADATA);
    ck_assert_uint_ge(r.n, 3);
    free(errs);
    tu_remove_tree(tmp);
    free(tmp);
}
END_TEST

/* Writes an archive to DIR/archive.jsonl: two articles of one date that
 * name "zeppelin" once, a short one and one of about 4,000 words, and a
 * hundred others that do not name it: a word in one article in fifty,
 * whose idf as M counts it (log(1 + x)) is within 1% of BM25's (log x). */
static void
write_length_archive(const char *dir)
{
    char path[4300];
    FILE *f;

    snprintf(path, sizeof path, "%s/archive.jsonl", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"short\", \"title\": \"Airships\", \"date\": "
          "\"2026-11-01\", \"body\": \"A zeppelin flew over.\"}\n", f);
    fputs("{\"id\": \"long\", \"title\": \"Airships\", \"date\": "
          "\"2026-11-01\", \"body\": \"A zeppelin flew over.", f);
    for (int i = 0; i < 1000; i++)
        fprintf(f, " Then word%d came by.", i);
    fputs("\"}\n", f);
    for (int i = 0; i < 100; i++)
        fprintf(f, "{\"id\": \"other%d\", \"title\": \"Boats\", "
                "\"date\": \"2026-11-01\", \"body\": \"A ship "
                "sailed.\"}\n", i);
    ck_assert_int_eq(fclose(f), 0);
}

/* RESULT's hit ID's explain number KEY. */
static double
explained(const json_t *result, const char *id, const char *key)
{
    const json_t *hits = json_object_get(result, "hits");

    for (size_t i = 0; i < json_array_size(hits); i++) {
        const json_t *hit = json_array_get(hits, i);
        if (strcmp(json_string_value(json_object_get(hit, "id")), id) == 0)
            return json_number_value(json_object_get(
                json_object_get(hit, "explain"), key));
    }
    ck_abort_msg("no hit %s", id);
    return 0;
}

START_TEST(test_recency_is_bounded_by_the_text_part)
{
    char *tmp = tu_make_temp_dir(), db[4200], args[4300];
    json_t *r;

    write_length_archive(tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(args, sizeof args, "--quiet '%s/archive.jsonl'", tmp);
    ck_assert_int_eq(e2e_index(db, args, NULL), 0);
    ck_assert_int_eq(e2e_search(db, "--explain --now 2026-11-18 "
                                "--recency-weight 0.5 zeppelin", &r, NULL),
                     0);
    /* Same week, same word once: the long article, whose BM25 part is
     * small, gets a recency part as small, never more than half of it
     * (the weight), give or take the 1% between the two idfs. */
    ck_assert(explained(r, "long", "recency") <
              0.5 * explained(r, "short", "recency"));
    ck_assert(explained(r, "long", "recency") <=
              1.01 * 0.5 * explained(r, "long", "bm25"));
    ck_assert(explained(r, "short", "recency") <=
              1.01 * 0.5 * explained(r, "short", "bm25"));
    ck_assert(explained(r, "long", "recency") > 0);
    json_decref(r);
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
    tcase_add_test(core, test_week_file_table_and_values_rank_alike);
    tcase_add_test(core, test_a_stale_or_foreign_week_file_is_ignored);
    tcase_add_test(core, test_an_unchanged_run_keeps_the_table_current);
    tcase_add_test(core, test_a_week_file_that_cannot_be_written_is_a_warning);
    tcase_add_test(core, test_recency_is_bounded_by_the_text_part);
    suite_add_tcase(s, core);
    return s;
}

int
main(void)
{
    return qr_check_run(recency_suite());
}
