/* output_json.h - the JSON that quarry-search prints. */
#ifndef SR_OUTPUT_JSON_H
#define SR_OUTPUT_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "db.h"
#include "query_issues.h"
#include "status.h"

/* What --explain adds at the top level; strings borrowed. */
typedef struct sr_explain {
    const char *parsed;            /* qr_query_describe of the query */
    const qr_search_opts_t *opts;  /* the settings used */
} sr_explain_t;

/* Builds {"query", "total", "warnings": [...], "hits": [...]} for
 * QUERY_TEXT and RESULTS. Each warning has code, message and position (the
 * 1-based character in QUERY_TEXT, or null for an option). Each hit has
 * id, path and/or url, title, author (names joined with ", "), authors,
 * date (ISO 8601 UTC), date_source, tags and score, and with EXPLAIN (may
 * be NULL) an "explain" object: bm25 (the text part of the score, title
 * bonuses included), recency, and matched (the query terms the article
 * holds, as "word" or "field:word", and "(whole title)" when the query is
 * the article's title); EXPLAIN also adds a top-level
 * "explain" with the parsed query, Xapian's description and the ranking
 * settings. QUERY_TEXT must be valid UTF-8. On QR_OK the caller owns
 * *JSON_OUT (decref it). Returns QR_ERR_DB_CORRUPT when a hit's stored data
 * is not an article, QR_ERR_ENCODING for text that is not UTF-8,
 * QR_ERR_NOMEM. */
qr_status_t sr_results_to_json(const char *query_text,
                               const qr_results_t *results,
                               const sr_issues_t *issues,
                               const sr_explain_t *explain,
                               json_t **json_out, qr_err_t *err);

/* Builds {"error": {"code", "message", "position"}} for ISSUE, a problem
 * with QUERY_TEXT (position as in sr_results_to_json). On QR_OK the caller
 * owns *JSON_OUT. Returns QR_ERR_NOMEM. */
qr_status_t sr_error_to_json(const char *query_text, const sr_issue_t *issue,
                             json_t **json_out, qr_err_t *err);

#endif /* SR_OUTPUT_JSON_H */
