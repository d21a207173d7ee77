/* index.h - turn an article into a Xapian document and store it. */
#ifndef IX_INDEX_H
#define IX_INDEX_H

#include <stddef.h>

#include "article.h"
#include "db.h"
#include "status.h"
#include "stemmer.h"

typedef struct ix_index_stats {
    size_t n_terms_dropped;   /* over QR_TOK_MAX_TERM_BYTES */
} ix_index_stats_t;

/* Builds the document for A (terms as terms.h describes: body and title
 * words with positions, title words also under the title prefix, author
 * words, whole tags, host, date terms and value, the unique id term; the
 * data is A as JSON) using STEMMER (may be NULL), and stores it in DB in
 * place of any document with the same id. Adds to STATS. Returns
 * QR_ERR_NOMEM, QR_ERR_ENCODING, QR_ERR_LIMIT and database errors. */
qr_status_t ix_index_article(qr_db_t *db, qr_stemmer_t *stemmer,
                             const qr_article_t *a, ix_index_stats_t *stats,
                             qr_err_t *err);

#endif /* IX_INDEX_H */
