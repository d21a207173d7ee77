/* index_dir.h - the folder that holds a quarry index.
 *
 *   DIR/CURRENT      a Xapian stub file: "auto db-000007", the live database
 *   DIR/db-NNNNNN/   database generations; --full builds the next one and
 *                    swaps CURRENT to it with an atomic rename
 *   DIR/lock         held with flock() by the one indexer at work
 *   DIR/status.json  what the last indexing run did, for monitoring
 *   DIR/weeks        the live database's week table, for searches to map
 *                    (qr_db_save_week_table); stale ones are ignored
 *
 * Readers open CURRENT, so they never see a half-built generation. */
#ifndef QR_INDEX_DIR_H
#define QR_INDEX_DIR_H

#include <stddef.h>

#include "db.h"
#include "status.h"

#define QR_INDEX_CURRENT "CURRENT"
#define QR_INDEX_LOCK "lock"
#define QR_INDEX_STATUS "status.json"
#define QR_INDEX_WEEKS "weeks"

enum { QR_INDEX_PATH_MAX = 4096 };

/* Writes DIR/NAME into OUT (QR_INDEX_PATH_MAX bytes). Returns QR_ERR_LIMIT
 * when it does not fit. */
qr_status_t qr_index_path(const char *dir, const char *name, char *out,
                          qr_err_t *err);

/* Opens the live database of the index in DIR for reading, its searches
 * looking for the week table in DIR/weeks first. An indexer may
 * swap generations between reading CURRENT and opening the database it
 * names, or commit twice while it opens (discarding the revision being
 * opened, which Xapian may report as corruption), so such a failed open is
 * retried a few times. Returns QR_ERR_NOT_FOUND
 * when DIR holds no index, and what qr_db_open_read returns. */
qr_status_t qr_index_open_read(const char *dir, qr_db_t **db_out,
                               qr_err_t *err);

#endif /* QR_INDEX_DIR_H */
