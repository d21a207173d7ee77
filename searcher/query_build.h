/* query_build.h - from the query text and the filter options to the tree
 * the index runs. */
#ifndef SR_QUERY_BUILD_H
#define SR_QUERY_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "query_issues.h"
#include "query_words.h"
#include "status.h"

/* Filters given as options; each list may be empty. Values are valid
 * UTF-8, NUL-terminated and borrowed. */
typedef struct sr_filters {
    const char *since;            /* NULL: none */
    const char *until;            /* NULL: none */
    const char *const *authors;   /* each required */
    size_t n_authors;
    const char *const *tags;      /* each required */
    size_t n_tags;
    const char *const *sites;     /* any of them */
    size_t n_sites;
} sr_filters_t;

/* Parses TEXT[0..LEN) (valid UTF-8; see query_parse.h), applies FILTERS,
 * and adds the bonus for a query typed as a title: when the free words
 * and phrases make two words or more, articles whose title is exactly
 * those words rank higher (through AND_MAYBE, so it only reorders). On QR_OK
 * the caller owns *QUERY_OUT, and ISSUES lists what was reinterpreted.
 * Returns QR_ERR_PARSE when the query cannot run, with the reason as the
 * last issue: a blank query (SR_ISSUE_EMPTY_QUERY) or a filter option
 * whose value is not a date or yields no term (SR_ISSUE_BAD_OPTION);
 * QR_ERR_NOMEM. */
qr_status_t sr_query_build(const char *text, size_t len, sr_words_t *words,
                           const sr_filters_t *filters, int64_t now,
                           qr_query_t **query_out, sr_issues_t *issues,
                           qr_err_t *err);

/* Restricts RANKING (taken on success and on failure: a query that ranks,
 * such as the terms of --like) to the filter options FILTERS and, when not
 * NULL, the filter EXTRA (taken too), joined as the filters of a query
 * text are. On QR_OK the caller owns *QUERY_OUT. Returns QR_ERR_PARSE for
 * a bad filter option, with the reason as the last issue in ISSUES;
 * QR_ERR_NOMEM. */
qr_status_t sr_query_filter_take(qr_query_t *ranking, qr_query_t *extra,
                                 const sr_filters_t *filters, int64_t now,
                                 qr_query_t **query_out, sr_issues_t *issues,
                                 qr_err_t *err);

#endif /* SR_QUERY_BUILD_H */
