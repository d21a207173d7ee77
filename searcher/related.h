/* related.h - the query behind --like ID: the articles most like one.
 *
 * The article's terms that best tell it apart (Xapian's relevance-feedback
 * expand set with the article as the one relevant document, qr_db_expand)
 * are searched as free words, ranked by BM25, without the article itself;
 * --window keeps the articles dated within an age of its date, and the
 * filter options apply as for a query. */
#ifndef SR_RELATED_H
#define SR_RELATED_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "query.h"
#include "query_build.h"
#include "query_issues.h"
#include "status.h"

/* Terms searched for the likeness. */
enum { SR_RELATED_TERMS = 24 };

/* Builds the query for articles like the one with id ID in DB, within
 * WINDOW (an age such as "90d", "12w", "6m", "1y"; NULL for none) before
 * and after its date, restricted by FILTERS (relative dates count from
 * NOW). *LIKE_OUT gets {"id", "title", "date", "window", "terms"} about the
 * article. On QR_OK the caller owns *QUERY_OUT and *LIKE_OUT. Returns
 * QR_ERR_NOT_FOUND when no article has ID, QR_ERR_USAGE with WINDOW for an
 * article without a date or a WINDOW that is no age (sr_dates_age),
 * QR_ERR_PARSE for a bad filter option (the last
 * issue in ISSUES says why), QR_ERR_DB_CORRUPT for stored data that is not
 * an article, database errors, QR_ERR_NOMEM. */
qr_status_t sr_related_query(qr_db_t *db, const char *id, const char *window,
                             const sr_filters_t *filters, int64_t now,
                             qr_query_t **query_out, json_t **like_out,
                             sr_issues_t *issues, qr_err_t *err);

#endif /* SR_RELATED_H */
