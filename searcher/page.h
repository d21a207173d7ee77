/* page.h - what the hits of a page need from the index, read at once.
 *
 * A hit's JSON needs more than the match returns: the values that hold
 * its path, date, tags and authors (stored.h), and which query words it
 * holds (for snippets). Reading all of it for every hit right after the
 * match, before any snippet is cut, keeps the reads of one page close
 * together: a writer committing meanwhile rarely discards the revision
 * they read, and when it does (QR_ERR_DB_MODIFIED) only reads are redone,
 * never the snippets. */
#ifndef SR_PAGE_H
#define SR_PAGE_H

#include <stddef.h>

#include "article.h"
#include "db.h"
#include "match_terms.h"
#include "status.h"

typedef struct sr_page_hit {
    const qr_hit_t *hit;     /* borrowed from the results */
    qr_article_t article;    /* the stored article, owned */
    const char *body;        /* its body, into hit->data; NULL without */
    size_t body_len;
    size_t n_present;        /* of what the match terms seek, those it
                              * may hold (sr_match_terms_n_held) */
} sr_page_hit_t;

typedef struct sr_page {
    sr_page_hit_t *hits;     /* owned; one per hit of the results */
    size_t n;
} sr_page_t;

/* Prepares PAGE as empty. Cannot fail. */
void sr_page_init(sr_page_t *page);

/* Frees what PAGE holds and leaves it empty. Cannot fail. */
void sr_page_release(sr_page_t *page);

/* Reads into PAGE (empty) the article of every hit of RESULTS in DB and,
 * when TERMS is not NULL, how many of the words and phrases TERMS seeks
 * each may hold (an upper bound, see n_present). PAGE borrows the
 * hits: RESULTS must outlive it. Returns QR_ERR_DB_CORRUPT when stored
 * data is not an article, QR_ERR_DB_MODIFIED when a writer discarded the
 * revision read (reopen and read again), other database errors,
 * QR_ERR_NOMEM; PAGE is then partly filled and should be released. */
qr_status_t sr_page_read(sr_page_t *page, qr_db_t *db,
                         const qr_results_t *results,
                         const sr_match_terms_t *terms, qr_err_t *err);

#endif /* SR_PAGE_H */
