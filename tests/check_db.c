/* check_db.c - the Xapian shim's lookups, on a small database each test
 * builds in a temporary folder. */
#include "db.h"

#include <check.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "check_main.h"
#include "test_util.h"

/* The documents, docids 1 to 3 in this order, as space-separated terms.
 * "Sapple" is a title term: prefixed terms sort before unprefixed ones. */
static const char *const DOCS[] = {
    "apple banana kubernet Sapple",
    "banana cherry",
    "kubectl zebra",
};
enum { N_DOCS = 3, MISSING_DOCID = 99 };

static char *tmp;
static qr_db_t *db;

static void
add_doc(qr_db_t *writer, const char *terms)
{
    char copy[256], *save = NULL;
    qr_doc_t *doc;
    qr_err_t err;

    ck_assert_int_eq(qr_doc_new(&doc, &err), QR_OK);
    snprintf(copy, sizeof copy, "%s", terms);
    for (char *t = strtok_r(copy, " ", &save); t != NULL;
         t = strtok_r(NULL, " ", &save)) {
        ck_assert_int_eq(qr_doc_add_term(doc, t, strlen(t), 1, &err), QR_OK);
    }
    ck_assert_int_eq(qr_db_add(writer, doc, &err), QR_OK);
    qr_doc_free(doc);
}

static void
setup(void)
{
    char path[4200];
    qr_db_t *writer;
    qr_err_t err;

    tmp = tu_make_temp_dir();
    snprintf(path, sizeof path, "%s/db", tmp);
    ck_assert_int_eq(qr_db_open_write(path, QR_DB_CREATE_EMPTY, &writer,
                                      &err), QR_OK);
    for (size_t i = 0; i < N_DOCS; i++)
        add_doc(writer, DOCS[i]);
    ck_assert_int_eq(qr_db_commit(writer, &err), QR_OK);
    qr_db_close(writer);
    ck_assert_int_eq(qr_db_open_read(path, &db, &err), QR_OK);
}

static void
teardown(void)
{
    qr_db_close(db);
    tu_remove_tree(tmp);
    free(tmp);
}

/* Which of docids 3, 1, 2 (out of order on purpose) and 1 again hold
 * TERM, or a term starting with it, as a string of '1' and '0'. */
static const char *
holders(const char *term, bool is_prefix)
{
    static const uint32_t DOCIDS[] = { 3, 1, 2, 1 };
    static char shown[8];
    bool has[4];
    qr_err_t err;

    ck_assert_int_eq(qr_db_docs_have_term(db, term, strlen(term), is_prefix,
                                          DOCIDS, 4, has, &err), QR_OK);
    for (size_t i = 0; i < 4; i++)
        shown[i] = has[i] ? '1' : '0';
    shown[4] = '\0';
    return shown;
}

START_TEST(test_docs_have_term_finds_a_present_term)
{
    ck_assert_str_eq(holders("banana", false), "0111");
    ck_assert_str_eq(holders("zebra", false), "1000");
    /* TERM[0..LEN) only: a longer buffer does not make it another term */
    {
        static const uint32_t DOCIDS[] = { 1, 2 };
        bool has[2];
        ck_assert_int_eq(qr_db_docs_have_term(db, "cherry pie", 6, false,
                                              DOCIDS, 2, has, NULL), QR_OK);
        ck_assert(!has[0] && has[1]);
    }
}
END_TEST

START_TEST(test_docs_have_term_misses_an_absent_term)
{
    ck_assert_str_eq(holders("durian", false), "0000");
    /* a prefix of a term the document holds is not that term */
    ck_assert_str_eq(holders("kube", false), "0000");
}
END_TEST

START_TEST(test_docs_have_term_matches_prefixes)
{
    ck_assert_str_eq(holders("kube", true), "1101");
    ck_assert_str_eq(holders("ch", true), "0010");
    /* a whole term is its own prefix */
    ck_assert_str_eq(holders("zebra", true), "1000");
    ck_assert_str_eq(holders("S", true), "0101");
    ck_assert_str_eq(holders("kubf", true), "0000");
    ck_assert_str_eq(holders("zebras", true), "0000");
}
END_TEST

START_TEST(test_docs_have_term_handles_terms_outside_the_vocabulary)
{
    /* before every term of every document ("Sapple" is the first) */
    ck_assert_str_eq(holders("A", false), "0000");
    ck_assert_str_eq(holders("A", true), "0000");
    /* after all of them ("zebra" is the last) */
    ck_assert_str_eq(holders("zz", false), "0000");
    ck_assert_str_eq(holders("zz", true), "0000");
    ck_assert_str_eq(holders("\xff", true), "0000");
}
END_TEST

START_TEST(test_docs_have_term_reads_nothing_for_no_docids)
{
    bool has[1] = { true };
    qr_err_t err;

    ck_assert_int_eq(qr_db_docs_have_term(db, "banana", 6, false, NULL, 0,
                                          has, &err), QR_OK);
    ck_assert_int_eq(qr_db_docs_have_term(db, "ban", 3, true, NULL, 0, has,
                                          &err), QR_OK);
    ck_assert(has[0]);   /* untouched */
}
END_TEST

START_TEST(test_docs_have_term_says_a_missing_document_holds_no_term)
{
    static const uint32_t DOCIDS[] = { 2, MISSING_DOCID };
    bool has[2];
    qr_err_t err;

    ck_assert_int_eq(qr_db_docs_have_term(db, "banana", 6, false, DOCIDS, 2,
                                          has, &err), QR_OK);
    ck_assert(has[0] && !has[1]);
}
END_TEST

START_TEST(test_docs_have_term_fails_a_prefix_on_a_missing_document)
{
    static const uint32_t DOCIDS[] = { 1, MISSING_DOCID };
    bool has[2] = { true, true };
    qr_err_t err;

    ck_assert_int_eq(qr_db_docs_have_term(db, "ban", 3, true, DOCIDS, 2, has,
                                          &err), QR_ERR_DB);
    ck_assert_int_eq(err.status, QR_ERR_DB);
    ck_assert_ptr_nonnull(strstr(err.msg, "looking up a term: "));
    ck_assert_ptr_nonnull(strstr(err.msg, "99"));
    ck_assert(!has[0] && !has[1]);   /* no answer on failure */
}
END_TEST

/* Adds to WRITER a document whose 50 terms stand at 2,000 scattered
 * positions each: Xapian holds positions in memory until a commit, which
 * then writes some 200 KB of them. Returns the status of adding it. */
static qr_status_t
add_bulky_doc(qr_db_t *writer)
{
    uint32_t seed = 1;
    char term[16];
    qr_doc_t *doc;
    qr_err_t err;
    qr_status_t st = qr_doc_new(&doc, &err);

    for (int t = 0; st == QR_OK && t < 50; t++) {
        uint32_t pos = 0;
        snprintf(term, sizeof term, "bulky%d", t);
        for (int i = 0; st == QR_OK && i < 2000; i++) {
            seed = seed * 1103515245u + 12345u;
            pos += 1 + (seed >> 16) % 1000;
            st = qr_doc_add_posting(doc, term, strlen(term), pos, &err);
        }
    }
    if (st == QR_OK)
        st = qr_db_add(writer, doc, &err);
    qr_doc_free(doc);
    return st;
}

/* Opens the test's database for writing and makes a commit of a batch
 * fail as a full disk does (a limit on file sizes here, SIGXFSZ ignored);
 * returns the writer. */
static qr_db_t *
writer_after_a_failed_commit(void)
{
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit saved, small;
    qr_status_t added, committed;
    char path[4200];
    qr_db_t *writer;
    qr_err_t err;

    snprintf(path, sizeof path, "%s/db", tmp);
    ck_assert_int_eq(qr_db_open_write(path, QR_DB_CREATE_OR_OPEN, &writer,
                                      &err), QR_OK);
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
    small = saved;
    small.rlim_cur = 64 * 1024;
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    added = add_bulky_doc(writer);
    committed = qr_db_commit(writer, &err);
    /* Put the limit back before any assertion can end the test. */
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
    signal(SIGXFSZ, old_handler);
    ck_assert_int_eq(added, QR_OK);
    ck_assert_int_eq(committed, QR_ERR_DB);
    ck_assert_msg(strstr(err.msg, "File too large") != NULL, "%s", err.msg);
    return writer;
}

/* The number of documents committed to the test's database. */
static uint64_t
committed_count(void)
{
    uint64_t n;
    qr_err_t err;

    ck_assert_int_eq(qr_db_reopen(db, &err), QR_OK);
    ck_assert_int_eq(qr_db_count(db, &n, &err), QR_OK);
    return n;
}

/* A failed commit left Xapian outside any transaction: what was written
 * next went in unasked, and closing committed it. */
START_TEST(test_a_failed_commit_leaves_nothing_to_close)
{
    qr_db_t *writer = writer_after_a_failed_commit();

    add_doc(writer, "later");
    qr_db_close(writer);
    ck_assert_uint_eq(committed_count(), N_DOCS);
}
END_TEST

/* ... and the next commit failed ("no transaction in progress"), or
 * would have written the failed batch with its own. */
START_TEST(test_a_failed_commit_drops_its_batch)
{
    qr_db_t *writer = writer_after_a_failed_commit();
    qr_err_t err;

    add_doc(writer, "later");
    ck_assert_int_eq(qr_db_commit(writer, &err), QR_OK);
    qr_db_close(writer);
    ck_assert_uint_eq(committed_count(), N_DOCS + 1);
}
END_TEST

static Suite *
db_suite(void)
{
    Suite *s = suite_create("db");
    TCase *core = tcase_create("core");
    TCase *limits = tcase_create("limits");
    TCase *errors = tcase_create("errors");

    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_test(core, test_docs_have_term_finds_a_present_term);
    tcase_add_test(core, test_docs_have_term_misses_an_absent_term);
    tcase_add_test(core, test_docs_have_term_matches_prefixes);
    suite_add_tcase(s, core);
    tcase_add_checked_fixture(limits, setup, teardown);
    tcase_add_test(limits,
                   test_docs_have_term_handles_terms_outside_the_vocabulary);
    tcase_add_test(limits, test_docs_have_term_reads_nothing_for_no_docids);
    tcase_add_test(limits,
                   test_docs_have_term_says_a_missing_document_holds_no_term);
    suite_add_tcase(s, limits);
    tcase_add_checked_fixture(errors, setup, teardown);
    tcase_add_test(errors,
                   test_docs_have_term_fails_a_prefix_on_a_missing_document);
    tcase_add_test(errors, test_a_failed_commit_leaves_nothing_to_close);
    tcase_add_test(errors, test_a_failed_commit_drops_its_batch);
    suite_add_tcase(s, errors);
    return s;
}

int
main(void)
{
    return qr_check_run(db_suite());
}
