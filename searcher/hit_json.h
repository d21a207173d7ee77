/* hit_json.h - one hit of a result list as JSON. */
#ifndef SR_HIT_JSON_H
#define SR_HIT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "page.h"
#include "snippet.h"
#include "status.h"

/* Markers around the matched words in a snippet's "marked" text. */
#define SR_MARK_OPEN "<mark>"
#define SR_MARK_CLOSE "</mark>"

/* Builds the hit object sr_results_to_json describes (output_json.h) for
 * the hit H (its article already read, page.h) at RANK; SNIPPETER (may be
 * NULL: no snippet) cuts the snippet from the stored body, and
 * WANTS_EXPLAIN adds the explanation. Reads nothing from the index. On
 * QR_OK the caller owns *JSON_OUT. Returns QR_ERR_ENCODING, QR_ERR_NOMEM,
 * or what sr_snippet_make returns. */
qr_status_t sr_hit_to_json(const sr_page_hit_t *h, size_t rank,
                           sr_snippeter_t *snippeter, bool wants_explain,
                           json_t **json_out, qr_err_t *err);

#endif /* SR_HIT_JSON_H */
