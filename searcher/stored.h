/* stored.h - an article as the index keeps it: its data and its values.
 *
 * The document data holds the article's JSON without what values hold
 * (terms.h): the path, the date, tags and authors come back from the
 * origin, date, tags and authors slots. */
#ifndef SR_STORED_H
#define SR_STORED_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "db.h"
#include "status.h"

/* Fills A (initialised by the caller; release it also after a failure)
 * with what the data DATA[0..LEN) of document DOCID holds: all but the
 * fields values hold (sr_stored_read_values), and in *DATE_SOURCE_OUT
 * where its date came from. *BODY_OUT[0..*BODY_LEN_OUT) is its body,
 * pointing into DATA (NULL and 0 without one). Returns QR_ERR_DB_CORRUPT
 * when the data is not an article, QR_ERR_NOMEM. */
qr_status_t sr_stored_read(uint32_t docid, const char *data, size_t len,
                           qr_article_t *a, qr_date_source_t *date_source_out,
                           const char **body_out, size_t *body_len_out,
                           qr_err_t *err);

/* An article of a page whose values are to be read. */
typedef struct sr_stored {
    uint32_t docid;
    qr_article_t *article;          /* borrowed; read by sr_stored_read */
    qr_date_source_t date_source;   /* as sr_stored_read gave it */
} sr_stored_t;

/* Fills the path, date, tags and authors of each ITEMS[I].article, I < N,
 * from its document's values in DB, reading each slot once for all of
 * them (qr_db_get_values). Returns database errors, QR_ERR_NOMEM. */
qr_status_t sr_stored_read_values(qr_db_t *db, const sr_stored_t *items,
                                  size_t n, qr_err_t *err);

#endif /* SR_STORED_H */
