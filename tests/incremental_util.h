/* incremental_util.h - an archive and an index in a temporary folder, and
 * ways to change the one and run quarry-index on it, for the suites about
 * re-runs (check_incremental.c, check_ownership.c). */
#ifndef QR_INCREMENTAL_UTIL_H
#define QR_INCREMENTAL_UTIL_H

#include <jansson.h>
#include <stddef.h>

/* The test's temporary folder, its archive folder (TMP/archive) and its
 * index folder (TMP/index); set by it_setup. */
extern char *it_tmp;
extern char it_archive[4200];
extern char it_db[4200];

/* A Check fixture: makes the folders / removes them. */
void it_setup(void);
void it_teardown(void);

/* Writes a small Markdown article NAME under DIR about WORD, dated DATE. */
void it_write_article(const char *dir, const char *name, const char *word,
                      const char *date);

/* Writes the JSON Lines file NAME in the archive with records rec-FIRST ..
 * rec-LAST, each with the word "wordN", and " (revised)" appended to the
 * title of record CHANGED; NOTE (may be "") ends every body. */
void it_write_records(const char *name, int first, int last, int changed,
                      const char *note);

/* Removes NAME from the archive (the test fails if it is not there). */
void it_remove(const char *name);

/* Runs quarry-index --json --quiet on the archive with EXTRA options;
 * returns the exit code and the summary in *SUMMARY_OUT (caller decrefs;
 * NULL when none was printed). */
int it_index(const char *extra, json_t **summary_out);

/* As it_index, without --quiet: *STDERR_OUT gets what the run printed,
 * warnings too (caller frees). */
int it_index_reporting(const char *extra, json_t **summary_out,
                       char **stderr_out);

/* Runs quarry-index --quiet --db INDEX_DIR EXTRA on the archive; returns
 * the exit code. */
int it_run(const char *index_dir, const char *extra);

/* The count KEY of a summary (fails the test when missing). */
json_int_t it_count(const json_t *summary, const char *key);

/* Asserts the four article counts of a summary. */
void it_assert_counts(const json_t *summary, json_int_t added,
                      json_int_t updated, json_int_t deleted,
                      json_int_t unchanged);

/* Number of hits for QUERY in the test's index (all of them). */
json_int_t it_hits(const char *query);

/* Number of articles in the test's index. */
json_int_t it_documents(void);

/* Builds a clean index of the archive in TMP/clean and asserts that
 * INDEX_DIR holds the same N_DOCUMENTS articles, term for term. */
void it_assert_same_as_clean_build(const char *index_dir, size_t n_documents);

#endif /* QR_INCREMENTAL_UTIL_H */
