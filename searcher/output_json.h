/* output_json.h - the JSON that quarry-search prints. */
#ifndef SR_OUTPUT_JSON_H
#define SR_OUTPUT_JSON_H

#include <jansson.h>

#include "db.h"
#include "status.h"

/* Builds {"query", "total", "hits": [...]} for QUERY_TEXT and RESULTS;
 * each hit has id, path and/or url, title, author (names joined with ", "),
 * authors, date (ISO 8601 UTC), date_source, tags and score. QUERY_TEXT
 * must be valid UTF-8. On QR_OK the caller owns *JSON_OUT (decref it).
 * Returns QR_ERR_DB_CORRUPT when a hit's stored data is not an article,
 * QR_ERR_NOMEM. */
qr_status_t sr_results_to_json(const char *query_text,
                               const qr_results_t *results,
                               json_t **json_out, qr_err_t *err);

#endif /* SR_OUTPUT_JSON_H */
