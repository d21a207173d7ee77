/* facets.h - counts of a search's matches by tag, author, year and month.
 *
 * Counted over every match, not only the page shown (qr_db_facets: Xapian
 * match spies in a match that checks all documents), so they cost a pass
 * over the matches and run only when asked for. Tags count without regard
 * to case, as tag: matches, under their most frequent spelling; authors
 * count as written. Years and months form a timeline: every period from
 * the first to the last one with a match is listed, empty ones with count
 * 0, unless that spans more than SR_FACETS_MAX_PERIODS. */
#ifndef SR_FACETS_H
#define SR_FACETS_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "query.h"
#include "status.h"

/* Longest timeline with empty periods filled in (a century of months). */
enum { SR_FACETS_MAX_PERIODS = 1200 };

/* Counts the matches of QUERY in DB for FACETS (enum sr_facet bits) and
 * builds {"tag": {"distinct", "values": [{"value", "count"}]}, "author":
 * ..., "year": ..., "month": ...} with the facets asked for; tags and
 * authors list the SIZE most frequent values (ties by value), years
 * ("2024") and months ("2024-06") every period in order. *MATCHES_OUT gets
 * the exact number of matches. On QR_OK the caller owns *JSON_OUT.
 * Returns what qr_db_facets returns, QR_ERR_ENCODING, QR_ERR_NOMEM. */
qr_status_t sr_facets_json(qr_db_t *db, const qr_query_t *query,
                           unsigned facets, uint32_t size, json_t **json_out,
                           uint64_t *matches_out, qr_err_t *err);

#endif /* SR_FACETS_H */
