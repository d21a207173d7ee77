/* stats.h - what quarry-search --stats prints about an index. */
#ifndef SR_STATS_H
#define SR_STATS_H

#include <jansson.h>

#include "db.h"
#include "status.h"

/* Builds {"documents", "revision", "language", "last_run"} for the index
 * in folder DIR opened as DB: the number of articles, the commit revision,
 * the stemming language and the indexer's last status file (null when
 * there is none yet). On QR_OK the caller owns *JSON_OUT. Returns database
 * errors, QR_ERR_NOMEM; a status file that is not JSON is
 * QR_ERR_PARSE. */
qr_status_t sr_stats_json(qr_db_t *db, const char *dir, json_t **json_out,
                          qr_err_t *err);

#endif /* SR_STATS_H */
