/* output_json.h - the JSON that quarry-search prints (contract version 1).
 *
 * Every document printed is an object with "schema_version": 1, the
 * version of docs/schema/results-v1.json that it follows. A search (or
 * --like) gives the results envelope, a failure the error envelope; names
 * never change within a version, fields are added only with a new one. */
#ifndef SR_OUTPUT_JSON_H
#define SR_OUTPUT_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "page.h"
#include "query_issues.h"
#include "snippet.h"
#include "status.h"

/* What --explain adds at the top level; strings borrowed. */
typedef struct sr_explain {
    const char *parsed;            /* qr_query_describe of the query */
    const qr_search_opts_t *opts;  /* the settings used */
} sr_explain_t;

/* What a results envelope is made of; everything borrowed. */
typedef struct sr_results_input {
    const char *query_text;        /* valid UTF-8, or NULL (--like) */
    const qr_results_t *results;
    const sr_page_t *page;         /* the hits' articles (page.h) */
    const sr_issues_t *issues;     /* repairs, as warnings */
    const sr_explain_t *explain;   /* NULL: no explanations */
    sr_snippeter_t *snippeter;     /* NULL: hits get no snippet */
    uint32_t offset, limit;        /* the page asked for */
} sr_results_input_t;

/* Builds the results envelope for IN:
 *   {"schema_version": 1, "query", "took_ms": 0, "total", "total_bounds":
 *    {"lower", "upper"}, "offset", "limit", "warnings": [...],
 *    "suggestion": null, "facets": null, "like": null, "hits": [...]}
 * plus "explain" with IN->explain. total is Xapian's estimate of all
 * matches, exact when the bounds are equal. took_ms, suggestion, facets and
 * like are placeholders the caller replaces (json_object_set_new keeps
 * their place). Each warning has code, message and position (the 1-based
 * character in the query, or null for an option). Each hit has rank
 * (1-based, counting from the first page), id, path, url, title, author
 * (names joined with ", "), authors, date (ISO 8601 UTC), date_source,
 * tags, score and snippet ({"text", "marked", "highlights": [{"start",
 * "end"}], "truncated_start", "truncated_end"}, or null for an article
 * without body text), unknown values null; with IN->explain also
 * "explain": bm25 (the text part of the score, title bonuses included),
 * recency, and matched (the query terms the article holds, as "word" or
 * "field:word", "(whole title)" when the query is the article's title). On
 * QR_OK the caller owns *JSON_OUT (decref it). Reads nothing from the
 * index. Returns QR_ERR_ENCODING for text that is not UTF-8, QR_ERR_NOMEM,
 * or what snippets return. */
qr_status_t sr_results_to_json(const sr_results_input_t *in,
                               json_t **json_out, qr_err_t *err);

/* Builds the error envelope {"schema_version": 1, "query", "error":
 * {"code", "message", "position"}}: QUERY_TEXT may be NULL (JSON null),
 * CODE is a stable name ("usage", "no_index", a query issue's code, ...),
 * POSITION the 1-based character of the query at fault, or 0 for none
 * (null). On QR_OK the caller owns *JSON_OUT. Returns QR_ERR_NOMEM,
 * QR_ERR_ENCODING when a string is not UTF-8. */
qr_status_t sr_error_to_json(const char *query_text, const char *code,
                             const char *message, size_t position,
                             json_t **json_out, qr_err_t *err);

/* The error envelope for ISSUE, a problem with QUERY_TEXT (its code and
 * position as in the warnings above). Errors as sr_error_to_json. */
qr_status_t sr_issue_to_json(const char *query_text, const sr_issue_t *issue,
                             json_t **json_out, qr_err_t *err);

/* Starts an envelope: {"schema_version": 1}. Returns NULL on OOM. */
json_t *sr_json_envelope(void);

#endif /* SR_OUTPUT_JSON_H */
