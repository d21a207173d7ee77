/* index_meta.h - per-index settings stored in the database's metadata. */
#ifndef QR_INDEX_META_H
#define QR_INDEX_META_H

#include <stddef.h>

#include "db.h"
#include "status.h"

enum { QR_LANGUAGE_MAX = 32 };

/* Reads the stemming language of DB into LANGUAGE_OUT (QR_LANGUAGE_MAX
 * bytes) after checking the index layout version. Returns QR_ERR_NOT_FOUND
 * when DB was never set up by quarry (empty metadata), QR_ERR_DB_CORRUPT for
 * another layout version, and database errors. */
qr_status_t qr_meta_read_language(qr_db_t *db, char *language_out,
                                  qr_err_t *err);

/* Records the layout version and a language in a writable DB that has none
 * yet, or checks them against what DB records, and copies the language in
 * force into LANGUAGE_OUT (QR_LANGUAGE_MAX bytes). LANGUAGE may be NULL:
 * then the stored language, or QR_STEM_DEFAULT_LANGUAGE for a new index.
 * Returns QR_ERR_USAGE when DB records another language than LANGUAGE (the
 * index must be rebuilt to change it) or LANGUAGE is too long,
 * QR_ERR_DB_CORRUPT for another layout version, and database errors. */
qr_status_t qr_meta_setup(qr_db_t *db, const char *language,
                          char *language_out, qr_err_t *err);

#endif /* QR_INDEX_META_H */
