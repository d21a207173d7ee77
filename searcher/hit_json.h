/* hit_json.h - one hit of a result list as JSON. */
#ifndef SR_HIT_JSON_H
#define SR_HIT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "snippet.h"
#include "status.h"

/* Markers around the matched words in a snippet's "marked" text. */
#define SR_MARK_OPEN "<mark>"
#define SR_MARK_CLOSE "</mark>"

/* Builds the hit object sr_results_to_json describes (output_json.h) for
 * HIT at RANK, reading its stored data (article.h) and, for its path, its
 * origin value in DB (terms.h); SNIPPETER (may be NULL: no snippet) cuts
 * the snippet from the stored body, and WANTS_EXPLAIN adds the
 * explanation. On QR_OK the caller owns *JSON_OUT. Returns
 * QR_ERR_DB_CORRUPT when the data is not an article, QR_ERR_ENCODING,
 * QR_ERR_NOMEM, database errors, or what sr_snippet_make returns. */
qr_status_t sr_hit_to_json(qr_db_t *db, const qr_hit_t *hit, size_t rank,
                           sr_snippeter_t *snippeter, bool wants_explain,
                           json_t **json_out, qr_err_t *err);

#endif /* SR_HIT_JSON_H */
