/* db.h - the C interface to the index; the only Xapian code is behind it.
 *
 * Handles are opaque. Every function catches every C++ exception inside the
 * shim and returns a status with a message in ERR; nothing unwinds into C.
 * Terms passed in are finished terms (prefix + folded, maybe stemmed word,
 * see terms.h); the shim never tokenizes. */
#ifndef QR_DB_H
#define QR_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qr_db qr_db_t;
typedef struct qr_doc qr_doc_t;
typedef struct qr_results qr_results_t;

/* --- databases --------------------------------------------------------- */

/* Opens the database in directory PATH for reading. On QR_OK the caller
 * owns *DB_OUT (qr_db_close). Returns QR_ERR_NOT_FOUND when PATH holds no
 * database, QR_ERR_DB_CORRUPT, QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_open_read(const char *path, qr_db_t **db_out,
                            qr_err_t *err);

typedef enum qr_db_mode {
    QR_DB_CREATE_OR_OPEN,   /* keep what is there */
    QR_DB_CREATE_EMPTY,     /* start from an empty database */
    QR_DB_SCRATCH           /* empty, and not crash-safe: commits skip
                             * fsync and update in place; for a temporary
                             * database that is thrown away if interrupted
                             * or if a write to it fails (QR_ERR_IO: it
                             * cannot be undone, and the database is left
                             * unusable) */
} qr_db_mode_t;

/* Opens or creates the database at PATH (a folder, or a Xapian stub file
 * naming one) for writing, as MODE says. Every change stays invisible to
 * readers until qr_db_commit. Returns QR_ERR_DB_LOCKED when another writer
 * holds it (retry later), QR_ERR_DB_CORRUPT, QR_ERR_IO or QR_ERR_DB,
 * QR_ERR_NOMEM. */
qr_status_t qr_db_open_write(const char *path, qr_db_mode_t mode,
                             qr_db_t **db_out, qr_err_t *err);

/* Closes DB; NULL is a no-op. Changes not yet committed are discarded.
 * Cannot fail. */
void qr_db_close(qr_db_t *db);

/* Commits pending changes of a writable DB atomically: after a crash the
 * database opens at its last commit. When the commit fails (a full disk),
 * the changes since the last commit are discarded, as qr_db_close would
 * discard them; later ones wait for the next commit as ever. Returns
 * QR_ERR_IO, QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_commit(qr_db_t *db, qr_err_t *err);

/* Moves a DB opened for reading to the latest revision committed, so
 * that work which failed with QR_ERR_DB_MODIFIED (a writer's commits
 * discarded the revision it read) can run again from the start. Returns
 * QR_ERR_DB_MODIFIED, QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_reopen(qr_db_t *db, qr_err_t *err);

/* Revision of DB: a number that grows with every commit. Returns
 * QR_ERR_NOT_FOUND for a database that tells none (a remote one, or
 * several combined), QR_ERR_DB. */
qr_status_t qr_db_revision(qr_db_t *db, uint64_t *rev_out, qr_err_t *err);

/* Calls FN(CTX, KEY) for every metadata key starting with PREFIX, in
 * sorted order, until FN returns false. KEY is valid during the call only.
 * FN must not change DB's metadata. Returns QR_ERR_DB, QR_ERR_NOMEM. */
typedef bool (*qr_db_key_fn)(void *ctx, const char *key);
qr_status_t qr_db_each_metadata_key(qr_db_t *db, const char *prefix,
                                    qr_db_key_fn fn, void *ctx,
                                    qr_err_t *err);

/* Looks up the document indexed by UNIQUE_TERM. *FOUND_OUT says whether
 * there is one; if so, value SLOT is copied into VALUE_OUT (capacity CAP,
 * not terminated) and its length into *LEN_OUT (0 when the slot is empty;
 * a longer value is cut to CAP). Returns QR_ERR_DB. */
qr_status_t qr_db_find_value(qr_db_t *db, const char *unique_term,
                             unsigned slot, char *value_out, size_t cap,
                             size_t *len_out, bool *found_out,
                             qr_err_t *err);

/* Calls FN(CTX, DATA, LEN) with the data of every document, in docid
 * order, until FN returns false. DATA is valid during the call only.
 * Returns QR_ERR_DB, QR_ERR_NOMEM. */
typedef bool (*qr_db_doc_fn)(void *ctx, const char *data, size_t len);
qr_status_t qr_db_each_document(qr_db_t *db, qr_db_doc_fn fn, void *ctx,
                                qr_err_t *err);

/* Number of documents in DB into *N_OUT. Returns QR_ERR_DB. */
qr_status_t qr_db_count(qr_db_t *db, uint64_t *n_out, qr_err_t *err);

/* Copies metadata KEY into a new NUL-terminated *VALUE_OUT (the caller
 * frees it; "" when the key is absent). Returns QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_get_metadata(qr_db_t *db, const char *key,
                               char **value_out, qr_err_t *err);

/* Sets metadata KEY to VALUE in a writable DB (visible after commit).
 * Returns QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_set_metadata(qr_db_t *db, const char *key,
                               const char *value, qr_err_t *err);

/* Adds DOC to a writable DB, replacing every document indexed by
 * UNIQUE_TERM (which DOC should also hold). DOC stays the caller's.
 * Returns QR_ERR_LIMIT for a term over Xapian's limit, QR_ERR_DB. */
qr_status_t qr_db_replace(qr_db_t *db, const char *unique_term,
                          const qr_doc_t *doc, qr_err_t *err);

/* Adds DOC to a writable DB as a new document, without looking for one to
 * replace: for a database known to hold no document with DOC's id. DOC
 * stays the caller's. Returns QR_ERR_LIMIT, QR_ERR_DB, QR_ERR_IO when a
 * write to a QR_DB_SCRATCH database failed (a full disk; the message says
 * why). */
qr_status_t qr_db_add(qr_db_t *db, const qr_doc_t *doc, qr_err_t *err);

/* Called by qr_db_remove_duplicates for a term that indexes N > 1
 * documents, with their value SLOT in VALUES[0..N) (NUL-terminated, valid
 * during the call only), sorted, so that the call does not depend on
 * docids. Sets *KEEP_OUT to the index of the value whose document stays.
 * A status other than QR_OK stops the scan. */
typedef qr_status_t (*qr_db_choose_fn)(void *ctx, const char *term,
                                       const char *const *values, size_t n,
                                       size_t *keep_out, qr_err_t *err);

/* Keeps one document for each term starting with PREFIX that indexes more
 * than one (the one CHOOSE picks) and deletes the others; *N_REMOVED_OUT
 * counts them. Returns what CHOOSE returned, QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_remove_duplicates(qr_db_t *db, const char *prefix,
                                    unsigned slot, qr_db_choose_fn choose,
                                    void *ctx, uint64_t *n_removed_out,
                                    qr_err_t *err);

/* Merges the databases at SOURCES[0..N) into a new, compact database at
 * DEST (which must not exist): documents are renumbered, user metadata is
 * merged (a key in several sources keeps the first value), and the B-trees
 * are written full, which makes the result smaller and faster to search.
 * The result is synced to disk. Returns QR_ERR_IO, QR_ERR_DB,
 * QR_ERR_NOMEM. */
qr_status_t qr_db_compact(const char *const *sources, size_t n,
                          const char *dest, qr_err_t *err);

/* Deletes every document indexed by UNIQUE_TERM. Returns QR_ERR_DB. */
qr_status_t qr_db_delete(qr_db_t *db, const char *unique_term,
                         qr_err_t *err);

/* --- documents ----------------------------------------------------------- */

/* Creates an empty document. On QR_OK the caller owns *DOC_OUT
 * (qr_doc_free). Returns QR_ERR_NOMEM. */
qr_status_t qr_doc_new(qr_doc_t **doc_out, qr_err_t *err);

/* Frees DOC; NULL is a no-op. Cannot fail. */
void qr_doc_free(qr_doc_t *doc);

/* Adds TERM[0..LEN) at position POS (wdf + 1). Returns QR_ERR_LIMIT when
 * the term is empty or longer than QR_TERM_MAX_BYTES, QR_ERR_NOMEM. */
qr_status_t qr_doc_add_posting(qr_doc_t *doc, const char *term, size_t len,
                               uint32_t pos, qr_err_t *err);

/* Adds TERM[0..LEN) without a position, raising its wdf by WDF_INC (0 for a
 * boolean filter term). Errors as qr_doc_add_posting. */
qr_status_t qr_doc_add_term(qr_doc_t *doc, const char *term, size_t len,
                            uint32_t wdf_inc, qr_err_t *err);

/* Stores SECS in value SLOT in a sortable form (for ranges and sorting).
 * Returns QR_ERR_NOMEM. */
qr_status_t qr_doc_set_date(qr_doc_t *doc, unsigned slot, int64_t secs,
                            qr_err_t *err);

/* Stores DATA[0..LEN) as is in value SLOT. Returns QR_ERR_NOMEM. */
qr_status_t qr_doc_set_value(qr_doc_t *doc, unsigned slot, const char *data,
                             size_t len, qr_err_t *err);

/* Stores the week SECS falls in, in value SLOT, for ranking by recency:
 * weeks start every 604800 seconds from the Unix epoch, and the value is
 * the sortable form of the week's first second plus the length bucket of
 * the document (its words so far: call it after adding every term with a
 * wdf), which bounds its recency part (qr_search_opts_t). A coarse bucket
 * keeps the map that qr_db_search builds per query small. Returns
 * QR_ERR_NOMEM. */
qr_status_t qr_doc_set_week(qr_doc_t *doc, unsigned slot, int64_t secs,
                            qr_err_t *err);

/* Writes, for every document, the week its value SLOT (qr_doc_set_week)
 * names into a compact table in DB's metadata, valid for the revision the
 * next qr_db_commit makes. Searches of that revision read the table once
 * instead of decoding the value of each candidate, which makes the recency
 * part nearly free; at any other revision (a run still committing
 * batches) they fall back to the values, so results are the same either
 * way. Call it after committing the documents, then commit when
 * *IS_WRITTEN_OUT says it wrote (it does not when the table already
 * describes the current revision). Returns QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_write_week_table(qr_db_t *db, unsigned slot,
                                   bool *is_written_out, qr_err_t *err);

/* Saves the week table of DB (open for writing) to the file PATH, for
 * searches to map instead of reading the whole table out of the index:
 * in a new process that read costs about as much as the search. The file
 * names the database and the revision, so searches ignore it when it is
 * stale or another database's, and read the metadata instead. Call it
 * after the commit that made the table current; it does nothing when the
 * table is not current or PATH already holds it, and replaces PATH
 * atomically otherwise. Returns QR_ERR_IO, QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_save_week_table(qr_db_t *db, const char *path,
                                  qr_err_t *err);

/* Makes searches of DB (open for reading) look for the week table in the
 * file PATH (qr_db_save_week_table) first. Cannot fail: without the file
 * they read the metadata. */
void qr_db_set_week_file(qr_db_t *db, const char *path);

/* Where searches of DB find a week table for its current revision. */
typedef enum qr_week_source {
    QR_WEEKS_NONE,       /* none: recency decodes each candidate's value */
    QR_WEEKS_METADATA,   /* the table in the index (qr_db_write_week_table) */
    QR_WEEKS_FILE        /* the mapped week file (qr_db_save_week_table) */
} qr_week_source_t;

/* Says in *SOURCE_OUT where searches of DB find the week table of its
 * current revision. Returns QR_ERR_DB. */
qr_status_t qr_db_week_source(qr_db_t *db, qr_week_source_t *source_out,
                              qr_err_t *err);

/* Sets the document data (what a search returns) to DATA[0..LEN).
 * Returns QR_ERR_NOMEM. */
qr_status_t qr_doc_set_data(qr_doc_t *doc, const char *data, size_t len,
                            qr_err_t *err);

/* --- searching ------------------------------------------------------------ */

/* How hits are ordered. */
typedef enum qr_sort {
    QR_SORT_HYBRID,      /* BM25 plus a recency part, inside the matcher */
    QR_SORT_RELEVANCE,   /* BM25 only */
    QR_SORT_DATE         /* newest first; BM25 orders hits of one date */
} qr_sort_t;

/* Search settings. The recency part of a hybrid score is
 *
 *     recency_weight x M x L x 2^(-age / half_life_days)
 *
 * where age is NOW minus the middle of the article's week (see
 * qr_doc_set_week; 0 for a week not yet over) and M is the sum of the idf
 * of the query's weighted terms that the article matches (a synonym group
 * counts its rarest member once, a phrase the idf of its words, words
 * under a zero scale count nothing; M is 1 for a query without weighted
 * terms). For an article holding every query word once, M is roughly its
 * BM25 score at average length, so RECENCY_WEIGHT is a share of a typical
 * match whatever the query's length; an article holding only some words
 * gains only their share. L bounds it by the article's own text part: what
 * BM25 gives a word found once at the article's length over the word's
 * idf, at most 1 (its length rounded up to a power of two less one), so a
 * word's recency part never exceeds RECENCY_WEIGHT times its BM25 part
 * (with M's idf, which is Xapian's BM25 idf or, for a word in many
 * articles, more) and freshness cannot lift a long article that barely
 * mentions the query (L is 1 for a query of filters only). Weeks more
 * than ten half-lives old
 * (decay under 1/1024) or more than a year in the future add nothing, and
 * articles without a week value add nothing, so an undated collection
 * ranks exactly as under QR_SORT_RELEVANCE. The part runs inside Xapian's
 * matcher: each weighted term is OP_AND_MAYBE'd with a posting source of
 * week -> decay under OP_SCALE_WEIGHT (the week table's, or the built-in
 * ValueMapPostingSource, which a remote backend such as xapian-tcpsrv
 * runs unchanged), so the top-k is exact. */
typedef struct qr_search_opts {
    double bm25_k1;          /* term frequency saturation */
    double bm25_b;           /* document length normalisation, 0..1 */
    qr_sort_t sort;
    double recency_weight;   /* >= 0; 0 turns recency off */
    double half_life_days;   /* > 0 */
    int64_t now;             /* UTC seconds ages are measured from */
    unsigned date_slot;      /* value slot of the date (QR_SORT_DATE) */
    unsigned week_slot;      /* value slot written by qr_doc_set_week */
    const char *id_prefix;   /* prefix of each article's unique id term,
                                which --explain filters hits by; NULL:
                                explanations give no text part */
    bool wants_explain;      /* fill each hit's explanation */
    bool wants_data;         /* read each hit's document data (default);
                              * false leaves it "" (ranks and scores only) */
    uint32_t offset;         /* hits to skip */
    uint32_t limit;          /* hits to return */
} qr_search_opts_t;

typedef struct qr_hit {
    uint32_t docid;
    double score;
    char *data;          /* document data, NUL-terminated, owned by results
                          * ("" unless wants_data) */
    size_t data_len;
    /* Filled when wants_explain: */
    double recency;      /* the recency part of SCORE */
    double relevance;    /* SCORE minus RECENCY: BM25 and title bonuses */
    char **matched;      /* query terms the article holds, owned by results */
    size_t n_matched;
} qr_hit_t;

/* Fills OPTS with the defaults: BM25 k1 1.2, b 0.75 (Robertson & Zaragoza
 * 2009), hybrid sort with QR_DEFAULT_RECENCY_WEIGHT and
 * QR_DEFAULT_HALF_LIFE_DAYS, now 0 (the caller sets it: the library never
 * reads the clock), slots 0 (the caller sets both from terms.h), no
 * explanation, offset 0, limit 10. Cannot fail. */
void qr_search_opts_init(qr_search_opts_t *opts);

/* Defaults for commentary archives; README.md gives the reasoning. */
#define QR_DEFAULT_RECENCY_WEIGHT 0.5
#define QR_DEFAULT_HALF_LIFE_DAYS 365.0

/* Runs QUERY on DB and returns the page of hits OPTS asks for, best first.
 * Reopens DB and retries when a writer committed meanwhile. On QR_OK the
 * caller owns *RESULTS_OUT (qr_results_free). Returns QR_ERR_USAGE for a
 * malformed query tree, QR_ERR_DB_MODIFIED when retries ran out, QR_ERR_DB,
 * QR_ERR_NOMEM. */
qr_status_t qr_db_search(qr_db_t *db, const qr_query_t *query,
                         const qr_search_opts_t *opts,
                         qr_results_t **results_out, qr_err_t *err);

/* Number of hits in this page. Cannot fail. */
size_t qr_results_count(const qr_results_t *results);

/* Xapian's estimate of all matches and its bounds. Cannot fail. */
uint64_t qr_results_estimated(const qr_results_t *results);
uint64_t qr_results_lower(const qr_results_t *results);
uint64_t qr_results_upper(const qr_results_t *results);

/* The I-th hit (I < qr_results_count), valid until qr_results_free.
 * Cannot fail. */
const qr_hit_t *qr_results_hit(const qr_results_t *results, size_t i);

/* The Xapian query that ran, as Xapian describes it, when wants_explain
 * was set (else ""); valid until qr_results_free. Cannot fail. */
const char *qr_results_description(const qr_results_t *results);

/* Frees RESULTS; NULL is a no-op. Cannot fail. */
void qr_results_free(qr_results_t *results);

/* --- vocabulary ------------------------------------------------------------ */

/* Number of documents indexed by TERM[0..LEN) into *FREQ_OUT (0 when the
 * term is absent). Returns QR_ERR_DB. */
qr_status_t qr_db_term_freq(qr_db_t *db, const char *term, size_t len,
                            uint64_t *freq_out, qr_err_t *err);

/* Calls FN(CTX, TERM, LEN, FREQ) for every term starting with PREFIX ("" for
 * all), in byte order, with the number of documents it indexes, until FN
 * returns false. TERM is valid during the call only. Returns QR_ERR_DB,
 * QR_ERR_NOMEM. */
typedef bool (*qr_db_term_fn)(void *ctx, const char *term, size_t len,
                              uint64_t freq);
qr_status_t qr_db_each_term(qr_db_t *db, const char *prefix,
                            qr_db_term_fn fn, void *ctx, qr_err_t *err);

/* As qr_db_each_term, for a walk too long to finish between two commits
 * of a busy writer (the whole vocabulary): when the writer discards the
 * revision being read, reopens DB at its latest revision and goes on with
 * the terms after the last one given, so FN sees each term once but terms
 * of consecutive revisions. Returns QR_ERR_DB_MODIFIED only when several
 * reopenings in a row gave no term, QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_each_term_resuming(qr_db_t *db, const char *prefix,
                                     qr_db_term_fn fn, void *ctx,
                                     qr_err_t *err);

/* Copies the data of the first document (lowest docid) indexed by
 * TERM[0..LEN) into a new buffer *DATA_OUT of *LEN_OUT bytes, NUL-terminated
 * after them (the caller frees it); *FOUND_OUT is false, and *DATA_OUT NULL,
 * when no document has the term. Returns QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_find_data(qr_db_t *db, const char *term, size_t len,
                            char **data_out, size_t *len_out,
                            bool *found_out, qr_err_t *err);

/* Copies value SLOT of the document DOCID into a new buffer *VALUE_OUT of
 * *LEN_OUT bytes, NUL-terminated after them (the caller frees it; "" when
 * the slot is empty). Returns QR_ERR_DB, also when DB has no document
 * DOCID; QR_ERR_NOMEM. */
qr_status_t qr_db_get_value(qr_db_t *db, uint32_t docid, unsigned slot,
                            char **value_out, size_t *len_out,
                            qr_err_t *err);

/* Says in HAS_OUT[I], for each I < N, whether the document DOCIDS[I]
 * holds TERM[0..LEN), or with IS_PREFIX a term starting with it. DOCIDS
 * may come in any order. A plain term's posting list is opened once and
 * walked forward through the docids in increasing order, so the hits of a
 * page cost one B-tree descent and a read of each chunk they fall in, not
 * a descent for every hit; a prefix, which may expand to many terms, reads
 * the term list of each document. DOCIDS and HAS_OUT stay the caller's;
 * every HAS_OUT[I] is false unless the call succeeds, and with N 0 nothing
 * is read. Returns QR_ERR_DB (also for a prefix when DB has no document
 * DOCIDS[I]), QR_ERR_NOMEM. */
qr_status_t qr_db_docs_have_term(qr_db_t *db, const char *term, size_t len,
                                 bool is_prefix, const uint32_t *docids,
                                 size_t n, bool *has_out, qr_err_t *err);

/* The UTC seconds of a date value VALUE[0..LEN) written by
 * qr_doc_set_date (0 for an empty value). Cannot fail. */
int64_t qr_db_date_from_value(const char *value, size_t len);

/* Calls FN(CTX, DATA, LEN) with the data of the first MAX_DOCS documents
 * (lowest docids) indexed by TERM[0..LEN), until FN returns false. DATA is
 * valid during the call only. Returns QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_each_data(qr_db_t *db, const char *term, size_t len,
                            size_t max_docs, qr_db_doc_fn fn, void *ctx,
                            qr_err_t *err);

/* The earliest and latest date in value SLOT (qr_doc_set_date) of the
 * documents: among those indexed by the first and by the last term starting
 * with DAY_PREFIX (terms that sort as the dates do, such as "D20260512"),
 * which makes the answer exact even after deletions (Xapian's value bounds
 * are not). *HAS_DATES_OUT is false when no document has such a term.
 * Returns QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_date_bounds(qr_db_t *db, const char *day_prefix,
                              unsigned slot, int64_t *oldest_out,
                              int64_t *newest_out, bool *has_dates_out,
                              qr_err_t *err);

/* --- related documents ------------------------------------------------------ */

/* Calls FN(CTX, TERM, LEN, FREQ) for the at most MAX_TERMS terms that best
 * characterise the document indexed by UNIQUE_TERM, best first: Xapian's
 * relevance-feedback expand set with that document as the only relevant
 * one. Only unprefixed terms (body and title words) that index at least two
 * documents are given: the others cannot find another document. Returns
 * QR_ERR_NOT_FOUND when no document has UNIQUE_TERM, QR_ERR_DB,
 * QR_ERR_NOMEM. */
qr_status_t qr_db_expand(qr_db_t *db, const char *unique_term,
                         size_t max_terms, qr_db_term_fn fn, void *ctx,
                         qr_err_t *err);

/* --- facets ------------------------------------------------------------------ */

typedef struct qr_facets qr_facets_t;

/* What a facet counts over the matches of a query. */
typedef enum qr_facet_kind {
    QR_FACET_LIST,   /* value SLOT holds items joined by SEPARATOR; each
                      * item counts once per document */
    QR_FACET_DAY     /* value SLOT holds a date (qr_doc_set_date); counted
                      * per UTC day */
} qr_facet_kind_t;

typedef struct qr_facet_spec {
    qr_facet_kind_t kind;
    unsigned slot;
    char separator;   /* QR_FACET_LIST */
} qr_facet_spec_t;

typedef struct qr_facet_value {
    const char *value;   /* QR_FACET_LIST: the item, not terminated */
    size_t len;
    int64_t day;         /* QR_FACET_DAY: days since 1970-01-01 */
    uint64_t count;      /* matching documents with this value */
} qr_facet_value_t;

/* Counts, for each of SPECS[0..N_SPECS), the values of every document that
 * QUERY matches (not only a page of them), with Xapian match spies in a
 * match that checks every document and computes no weights; documents
 * without the value count nowhere. Reopens DB and retries when a writer
 * committed meanwhile. On QR_OK the caller owns *FACETS_OUT
 * (qr_facets_free). Returns QR_ERR_USAGE for a malformed query tree,
 * QR_ERR_DB_MODIFIED when retries ran out, QR_ERR_DB, QR_ERR_NOMEM. */
qr_status_t qr_db_facets(qr_db_t *db, const qr_query_t *query,
                         const qr_facet_spec_t *specs, size_t n_specs,
                         qr_facets_t **facets_out, qr_err_t *err);

/* The exact number of documents the query matched. Cannot fail. */
uint64_t qr_facets_matches(const qr_facets_t *facets);

/* Number of distinct values counted for spec SPEC (< N_SPECS). Cannot
 * fail. */
size_t qr_facets_size(const qr_facets_t *facets, size_t spec);

/* The I-th value of spec SPEC (I < qr_facets_size), in byte order of the
 * items (QR_FACET_LIST) or day order (QR_FACET_DAY); strings are valid
 * until qr_facets_free. Cannot fail. */
qr_facet_value_t qr_facets_value(const qr_facets_t *facets, size_t spec,
                                 size_t i);

/* Frees FACETS; NULL is a no-op. Cannot fail. */
void qr_facets_free(qr_facets_t *facets);

#ifdef __cplusplus
}
#endif

#endif /* QR_DB_H */
