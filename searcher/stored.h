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
 * with the article of document DOCID in DB, whose data is DATA[0..LEN);
 * *BODY_OUT[0..*BODY_LEN_OUT) is its body, pointing into DATA (NULL and 0
 * without one). Returns QR_ERR_DB_CORRUPT when the data is not an
 * article, database errors, QR_ERR_NOMEM. */
qr_status_t sr_stored_read(qr_db_t *db, uint32_t docid, const char *data,
                           size_t len, qr_article_t *a,
                           const char **body_out, size_t *body_len_out,
                           qr_err_t *err);

#endif /* SR_STORED_H */
