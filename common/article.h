/* article.h - the article model shared by the indexer and the searcher.
 *
 * Every string an article holds is valid UTF-8 (readers sanitise input
 * once, see utf8.h) and owned by the article. The same model travels in a
 * document's data as compact JSON, which is what the searcher prints. */
#ifndef QR_ARTICLE_H
#define QR_ARTICLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "strindex.h"

/* Where an article's date came from. */
typedef enum qr_date_source {
    QR_DATE_SOURCE_NONE,       /* no date known */
    QR_DATE_SOURCE_METADATA,   /* a field of the article itself */
    QR_DATE_SOURCE_PATH,       /* a YYYY/MM/DD in its path or slug */
    QR_DATE_SOURCE_MTIME       /* the file's modification time */
} qr_date_source_t;

typedef struct qr_strlist {
    char **items;
    size_t n;
    size_t cap;
    qr_strindex_t index;   /* of ITEMS, for the check against repeats */
} qr_strlist_t;

typedef struct qr_article {
    char *id;            /* unique within an index; never NULL once read */
    char *path;          /* source file, or NULL */
    char *url;           /* canonical url, or NULL */
    char *format;        /* reader that produced it: "markdown", "jsonl" */
    char *title;         /* may be NULL */
    qr_strlist_t authors;
    qr_strlist_t tags;
    int64_t date;        /* UTC seconds; meaningful unless source is NONE */
    qr_date_source_t date_source;
    char *body;          /* plain text to index, or NULL */
    size_t body_len;
    size_t line;         /* 1-based line in the source file, 0 if whole */
} qr_article_t;

/* Prepares A as an empty article. Cannot fail. */
void qr_article_init(qr_article_t *a);

/* Frees everything A owns and leaves it empty (as after init). Cannot
 * fail. */
void qr_article_release(qr_article_t *a);

/* Replaces *FIELD (a string member of an article) with a copy of
 * S[0..LEN), with leading and trailing white space removed and runs of white
 * space (newlines included) collapsed to one space; an empty result sets
 * NULL. S must be valid UTF-8. Returns QR_ERR_NOMEM. */
qr_status_t qr_article_set_text(char **field, const char *s, size_t len,
                                qr_err_t *err);

/* Replaces *FIELD with an exact, NUL-terminated copy of S[0..LEN) (paths
 * and ids keep their spacing). Returns QR_ERR_NOMEM. */
qr_status_t qr_article_set_exact(char **field, const char *s, size_t len,
                                 qr_err_t *err);

/* Replaces the body with a copy of S[0..LEN) kept as is. Returns
 * QR_ERR_NOMEM. */
qr_status_t qr_article_set_body(qr_article_t *a, const char *s, size_t len,
                                qr_err_t *err);

/* Appends a copy of S[0..LEN), trimmed as qr_article_set_text does, to
 * LIST unless it is empty or already present. Returns QR_ERR_NOMEM. */
qr_status_t qr_strlist_add(qr_strlist_t *list, const char *s, size_t len,
                           qr_err_t *err);

/* Frees LIST's items and leaves it empty. Cannot fail. */
void qr_strlist_release(qr_strlist_t *list);

/* Joins LIST's items with ", " into a new string the caller frees, or
 * returns NULL on OOM or an empty list. */
char *qr_strlist_join(const qr_strlist_t *list);

/* Name of SOURCE as it appears in JSON ("metadata", "path", "mtime",
 * "none"). Cannot fail. */
const char *qr_date_source_str(qr_date_source_t source);

/* The date source named S (as qr_date_source_str names them);
 * QR_DATE_SOURCE_NONE for any other text. Cannot fail. */
qr_date_source_t qr_date_source_from_str(const char *s);

/* Makes DST (initialised by the caller, released on failure) a deep copy
 * of SRC. Returns QR_ERR_NOMEM. */
qr_status_t qr_article_copy(qr_article_t *dst, const qr_article_t *src,
                            qr_err_t *err);

/* Builds the JSON object stored in a document's data: id, path, url,
 * format, title, authors, date (UTC seconds), date_source, tags; absent
 * fields are omitted. No body (see qr_article_data_make). On QR_OK the caller owns *JSON_OUT (decref
 * it). Returns QR_ERR_NOMEM, or QR_ERR_ENCODING if a string is not valid
 * UTF-8 (a reader failed to sanitise it). */
qr_status_t qr_article_to_json(const qr_article_t *a, json_t **json_out,
                               qr_err_t *err);

/* Document data (what the index stores with each article and the searcher
 * reads back) is the article's JSON (qr_article_to_json, compact), then,
 * when the article has a body, one NUL byte and the body's plain text as
 * the reader gave it. JSON never holds a raw NUL, and readers turn NUL
 * bytes in text into spaces (utf8.h), so the first NUL splits the two; the
 * body travels unescaped, and a reader that needs only the metadata parses
 * only the JSON. */

/* Makes A's document data from JSON[0..JSON_LEN) (A's compact JSON) and
 * A's body into a new buffer *DATA_OUT of *LEN_OUT bytes (NUL-terminated
 * after those; the caller frees it). Returns QR_ERR_LIMIT when the sum
 * overflows, QR_ERR_NOMEM. */
qr_status_t qr_article_data_make(const qr_article_t *a, const char *json,
                                 size_t json_len, char **data_out,
                                 size_t *len_out, qr_err_t *err);

/* Splits document DATA[0..LEN) into its JSON, DATA[0..*JSON_LEN_OUT), and
 * its body, *BODY_OUT[0..*BODY_LEN_OUT) (pointing into DATA; NULL and 0
 * when there is none). Cannot fail. */
void qr_article_data_split(const char *data, size_t len,
                           size_t *json_len_out, const char **body_out,
                           size_t *body_len_out);

/* Fills A (initialised by the caller, released on failure) from JSON made
 * by qr_article_to_json; a date without date_source is taken as from the
 * metadata. Returns QR_ERR_PARSE when a field has the wrong type,
 * QR_ERR_NOMEM. */
qr_status_t qr_article_from_json(const json_t *json, qr_article_t *a,
                                 qr_err_t *err);

#endif /* QR_ARTICLE_H */
