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
    IX_INDEX_TAKEN_OVER,  /* replaced an article another file gave */
    IX_INDEX_OTHER_SOURCE /* another file gave the stored one: kept */
} ix_index_outcome_t;

/* How ix_index_article treats an article with the same id in DB. */
typedef enum ix_index_mode {
    IX_INDEX_APPEND,      /* there is none: add without looking (a scratch
                           * database that is de-duplicated afterwards) */
    IX_INDEX_OWN,         /* replace one the same file gave; keep one
                           * another file gave (IX_INDEX_OTHER_SOURCE) */
    IX_INDEX_TAKE_OVER    /* replace it whichever file gave it */
} ix_index_mode_t;

enum { IX_HASH_HEX = QR_ORIGIN_HASH_BYTES };

/* Builds the document for A (terms as terms.h describes: body and title
 * words with positions, title words also under the title prefix, author
 * words, whole tags, host, date terms and value, content hash, the unique
 * id term; the data is A as JSON) using STEMMER (may be NULL), and stores
 * it in DB as MODE says, unless the stored article with the same id has
 * the same content and source file (A->path). *OUTCOME_OUT says what
 * happened (always ADDED with IX_INDEX_APPEND). Adds to STATS.
 * Returns QR_ERR_NOMEM, QR_ERR_ENCODING, QR_ERR_LIMIT and database
 * errors. */
qr_status_t ix_index_article(qr_db_t *db, qr_stemmer_t *stemmer,
                             const qr_article_t *a, ix_index_mode_t mode,
                             ix_index_outcome_t *outcome_out,
                             ix_index_stats_t *stats, qr_err_t *err);

enum { IX_INDEX_SOURCE_MAX = 4096 };

/* Copies the path of the file that gave DB's article with the unique term
 * ID_TERM into SOURCE_OUT (IX_INDEX_SOURCE_MAX bytes, NUL-terminated);
 * *FOUND_OUT is false when DB holds no such article. Returns database
 * errors. */
qr_status_t ix_index_source(qr_db_t *db, const char *id_term,
                            char *source_out, bool *found_out,
                            qr_err_t *err);

#endif /* IX_INDEX_H */
