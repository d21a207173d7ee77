/* match_terms.h - the words of a query that mark matches in article text.
 *
 * Snippets highlight the body words a query searched for. The query tree
 * holds them as indexed forms (terms.h): a body word matches when its own
 * form is one of them, so "indexing" marks "indexed" (both "index"), or
 * starts with a prefix search's stem ("kube*"). Only words that select or
 * rank articles count: not excluded words (-word), not filters (tag:,
 * author:, dates), not the weights of title bonuses. */
#ifndef SR_MATCH_TERMS_H
#define SR_MATCH_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "query.h"
#include "status.h"

/* Most distinct terms kept; a query of a thousand words marks its first
 * SR_MATCH_TERMS_MAX. */
enum { SR_MATCH_TERMS_MAX = 256 };

typedef struct sr_match_term {
    char *form;          /* owned, NUL-terminated */
    size_t len;
    bool is_prefix;      /* a prefix search: every form starting with it */
} sr_match_term_t;

typedef struct sr_match_terms {
    sr_match_term_t *items;   /* owned, in the order added */
    size_t n;
    size_t cap;
} sr_match_terms_t;

/* Prepares TERMS as empty. Cannot fail. */
void sr_match_terms_init(sr_match_terms_t *terms);

/* Frees what TERMS holds and leaves it empty. Cannot fail. */
void sr_match_terms_release(sr_match_terms_t *terms);

/* Adds the body words QUERY searches (see above) to TERMS: unprefixed terms
 * as they are and title terms without their prefix. Returns QR_ERR_NOMEM. */
qr_status_t sr_match_terms_add_query(sr_match_terms_t *terms,
                                     const qr_query_t *query, qr_err_t *err);

/* Adds FORM[0..LEN), a prefix when IS_PREFIX, unless present. Returns
 * QR_ERR_NOMEM. */
qr_status_t sr_match_terms_add(sr_match_terms_t *terms, const char *form,
                               size_t len, bool is_prefix, qr_err_t *err);

/* Index (< TERMS->n) of the first term FORM[0..LEN) matches, or -1. A
 * linear scan: queries hold a few terms (--like a few dozen). Cannot
 * fail. */
int sr_match_terms_find(const sr_match_terms_t *terms, const char *form,
                        size_t len);

#endif /* SR_MATCH_TERMS_H */
