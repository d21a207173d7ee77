/* index.h - turn an article into a Xapian document and store it. */
#ifndef IX_INDEX_H
#define IX_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "db.h"
#include "status.h"
#include "stemmer.h"
#include "terms.h"

typedef struct ix_index_stats {
    size_t n_terms_dropped;   /* over QR_TOK_MAX_TERM_BYTES */
} ix_index_stats_t;

typedef enum ix_index_outcome {
    IX_INDEX_ADDED,       /* no article had this id */
    IX_INDEX_UPDATED,     /* replaced an article that differed */
    IX_INDEX_UNCHANGED,   /* the stored article is the same: not rewritten */
    IX_INDEX_TAKEN_OVER   /* replaced an article another file gave */
} ix_index_outcome_t;

enum { IX_HASH_HEX = QR_ORIGIN_HASH_BYTES };

/* Builds the document for A (terms as terms.h describes: body and title
 * words with positions, title words also under the title prefix, author
 * words, whole tags, host, date terms and value, content hash, the unique
 * id term; the data is A as JSON) using STEMMER (may be NULL), and stores
 * it in DB in place of any document with the same id, unless that one has
 * the same content and source file (A->path). With IS_APPEND the document
 * is added without looking for one to replace (for a scratch database that
 * is de-duplicated afterwards): faster, and the outcome is always ADDED.
 * *OUTCOME_OUT says what happened. Adds to STATS.
 * Returns QR_ERR_NOMEM, QR_ERR_ENCODING, QR_ERR_LIMIT and database
 * errors. */
qr_status_t ix_index_article(qr_db_t *db, qr_stemmer_t *stemmer,
                             const qr_article_t *a, bool is_append,
                             ix_index_outcome_t *outcome_out,
                             ix_index_stats_t *stats, qr_err_t *err);

/* Deletes the article with id ID from DB if the file SOURCE gave it (an
 * article another file has taken over since stays). *IS_DELETED_OUT says
 * whether one was deleted. Returns database errors. */
qr_status_t ix_index_delete(qr_db_t *db, const char *id, const char *source,
                            bool *is_deleted_out, qr_err_t *err);

#endif /* IX_INDEX_H */
