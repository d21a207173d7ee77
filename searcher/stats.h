/* stats.h - what quarry-search --stats prints about an index. */
#ifndef SR_STATS_H
#define SR_STATS_H

#include <jansson.h>

#include "db.h"
#include "status.h"

/* Builds {"schema_version": 1, "documents", "distinct_terms",
 * "distinct_words", "oldest", "newest", "disk_bytes", "revision",
 * "language", "layout_version", "last_run"} for the index in folder DIR
 * opened as DB: the number of articles; of distinct terms (every field) and
 * of distinct words (body and title terms, unprefixed); the earliest and
 * latest article date (ISO 8601 UTC, null without dated articles); the
 * disk space of the folder (all its generations, as du counts); the commit
 * revision (null for a remote database, which tells none); the stemming
 * language; the index layout version; and the indexer's last status file
 * (null when there is none yet). Counting terms
 * walks the whole vocabulary, so this is not for every search. On QR_OK
 * the caller owns *JSON_OUT. Returns database errors, QR_ERR_IO,
 * QR_ERR_NOMEM; a status file that is not JSON is QR_ERR_PARSE. */
qr_status_t sr_stats_json(qr_db_t *db, const char *dir, json_t **json_out,
                          qr_err_t *err);

#endif /* SR_STATS_H */
