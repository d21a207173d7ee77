/* check_query_bounds.c - any text is a valid query, however long and
 * however it nests: one megabyte of operator chains, prefixes,
 * parentheses and quotes is parsed, built and searched on a thread with a
 * 1 MiB stack (a server thread's), as quarry-search would, and answers.
 *
 * A chain of 18,000 NOTs (2,000 under such a stack) once recursed once
 * per NOT through the parser and every walk of the query tree, and
 * crashed the searcher. The searches run in this process through the
 * searcher's library: a megabyte of text does not fit in a command line
 * under a 1 MiB stack. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "db.h"
#include "e2e_util.h"
#include "index_dir.h"
#include "index_meta.h"
#include "query_build.h"
#include "stemmer.h"
#include "stopwords.h"
#include "terms.h"
#include "test_util.h"

enum { QUERY_BYTES = 1 << 20, THREAD_STACK = 1 << 20 };

static char *tmp;
static qr_db_t *db;
static qr_stemmer_t *stemmer;

static void
setup(void)
{
    char db_path[4200], args[4300], language[QR_LANGUAGE_MAX];
    qr_err_t err;

    tmp = tu_make_temp_dir();
    snprintf(db_path, sizeof db_path, "%s/db", tmp);
    snprintf(args, sizeof args, "--quiet '%s/search'", QR_TEST_DATA_DIR);
    ck_assert_int_eq(e2e_index(db_path, args, NULL), 0);
    ck_assert_int_eq(qr_index_open_read(db_path, &db, &err), QR_OK);
    ck_assert_int_eq(qr_meta_read_language(db, language, &err), QR_OK);
    ck_assert_int_eq(qr_stem_new_small(language, &stemmer, &err), QR_OK);
}

static void
teardown(void)
{
    qr_stem_free(stemmer);
    qr_db_close(db);
    tu_remove_tree(tmp);
    free(tmp);
}

/* One search: TEXT in, the total (or -1 for a refused query) out. */
typedef struct job {
    const char *text;
    long total;
    qr_status_t status;
} job_t;

static void *
run_job(void *arg)
{
    job_t *job = arg;
    sr_words_t words;
    sr_filters_t filters = { 0 };
    sr_issues_t issues;
    qr_query_t *query = NULL;
    qr_search_opts_t opts;
    qr_results_t *results = NULL;
    qr_err_t err;

    sr_words_init(&words, stemmer, NULL,
                  qr_stop_has_list(qr_stem_language(stemmer)));
    sr_issues_init(&issues);
    job->status = sr_query_build(job->text, strlen(job->text), &words,
                                 &filters, 0, &query, &issues, &err);
    sr_issues_release(&issues);
    job->total = -1;
    if (job->status != QR_OK)
        return NULL;
    qr_search_opts_init(&opts);
    opts.date_slot = QR_SLOT_DATE;
    opts.week_slot = QR_SLOT_WEEK;
    opts.id_prefix = QR_PREFIX_ID;
    opts.now = 1764547200;   /* 2025-12-01 */
    job->status = qr_db_search(db, query, &opts, &results, &err);
    if (job->status == QR_OK) {
        job->total = (long)qr_results_lower(results);
        qr_results_free(results);
    }
    qr_query_free(query);
    return NULL;
}

/* Searches TEXT on a thread with a THREAD_STACK stack; returns the total,
 * or -1 when the query was refused (a parse error, never a failure). */
static long
total_on_small_stack(const char *text)
{
    pthread_attr_t attr;
    pthread_t thread;
    job_t job = { text, 0, QR_OK };

    ck_assert_int_eq(pthread_attr_init(&attr), 0);
    ck_assert_int_eq(pthread_attr_setstacksize(&attr, THREAD_STACK), 0);
    ck_assert_int_eq(pthread_create(&thread, &attr, run_job, &job), 0);
    ck_assert_int_eq(pthread_join(thread, NULL), 0);
    pthread_attr_destroy(&attr);
    ck_assert_msg(job.status == QR_OK || job.status == QR_ERR_PARSE,
                  "status %d", (int)job.status);
    return job.total;
}

/* PIECE repeated to a megabyte, then TAIL. */
static char *
megabyte_of(const char *piece, const char *tail)
{
    size_t n = strlen(piece), k = strlen(tail), at = 0;
    char *text = malloc(QUERY_BYTES + k + 1);

    ck_assert_ptr_nonnull(text);
    while (at + n <= QUERY_BYTES) {
        memcpy(text + at, piece, n);
        at += n;
    }
    memcpy(text + at, tail, k + 1);
    return text;
}

START_TEST(test_negation_chains_are_their_parity)
{
    static const char *const CHAINS[] = { "-", "NOT -", "- " };
    long once = total_on_small_stack("NOT release");
    long twice = total_on_small_stack("NOT NOT release");
    char *even = megabyte_of("NOT ", "release");   /* 262,144 NOTs */
    char *odd = malloc(strlen(even) + 5);

    ck_assert_int_gt(once, 0);
    ck_assert_int_gt(twice, 0);
    ck_assert_int_ne(once, twice);
    ck_assert_int_eq(total_on_small_stack("NOT NOT NOT release"), once);
    ck_assert_int_eq(total_on_small_stack(even), twice);
    ck_assert_ptr_nonnull(odd);
    strcpy(odd, "NOT ");
    strcat(odd, even);
    ck_assert_int_eq(total_on_small_stack(odd), once);
    free(odd);
    free(even);
    /* Chains with minus signs: a '-' before a space or another '-' is no
     * negation, so their count says less; they must still answer. */
    for (size_t i = 0; i < sizeof CHAINS / sizeof *CHAINS; i++) {
        char *text = megabyte_of(CHAINS[i], "release");
        long total = total_on_small_stack(text);
        ck_assert_msg(total == once || total == twice, "%s...: %ld",
                      CHAINS[i], total);
        free(text);
    }
}
END_TEST

START_TEST(test_megabyte_queries_of_any_shape_answer)
{
    static const char *const PIECES[] = {
        "rust OR ", "rust AND ", "(", "((rust) ", "\"a ", "rust* ",
        "NOT (", "-(", "title:x ", "tag:", ")", "\"", "* ", "OR ",
        "AND NOT ", "NOT - NOT OR ", "since:2020 ",
    };

    for (size_t i = 0; i < sizeof PIECES / sizeof *PIECES; i++) {
        char *text = megabyte_of(PIECES[i], "go");
        total_on_small_stack(text);   /* answers: no crash, no failure */
        free(text);
    }
}
END_TEST

static Suite *
bounds_suite(void)
{
    Suite *s = suite_create("query_bounds");
    TCase *tc = tcase_create("core");

    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_negation_chains_are_their_parity);
    tcase_add_test(tc, test_megabyte_queries_of_any_shape_answer);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return qr_check_run(bounds_suite());
}
