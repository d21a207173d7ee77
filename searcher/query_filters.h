/* query_filters.h - the values of author:, tag: and site: as filter terms.
 *
 * Filters restrict matches and add no weight (query_part.h); their terms
 * are the indexer's (terms.h): author name words, whole folded tags, url
 * hosts. */
#ifndef SR_QUERY_FILTERS_H
#define SR_QUERY_FILTERS_H

#include <stdbool.h>
#include <stddef.h>

#include "query.h"
#include "status.h"

/* Filter terms: the author's name words, all required (author:), the
 * last one a prefix search when IS_PREFIX (author:tom*); the whole folded
 * tag (tag:), or with IS_PREFIX every tag starting with it (tag:c*); the
 * host of a site or url (site:, with or without "www."). *OUT is NULL when
 * TEXT[0..LEN) yields no term. On QR_OK the caller owns *OUT. Return
 * QR_ERR_NOMEM. */
qr_status_t sr_filter_author(const char *text, size_t len, bool is_prefix,
                             qr_query_t **out, qr_err_t *err);
qr_status_t sr_filter_tag(const char *text, size_t len, bool is_prefix,
                          qr_query_t **out, qr_err_t *err);
qr_status_t sr_filter_site(const char *text, size_t len, qr_query_t **out,
                           qr_err_t *err);

#endif /* SR_QUERY_FILTERS_H */
