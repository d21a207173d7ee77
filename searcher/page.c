/* page.c - what the hits of a page need from the index, read at once. */
#include "page.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "db.h"
#include "stored.h"

void
sr_page_init(sr_page_t *page)
{
    page->hits = NULL;
    page->n = 0;
}

void
sr_page_release(sr_page_t *page)
{
    for (size_t i = 0; i < page->n; i++)
        qr_article_release(&page->hits[i].article);
    free(page->hits);
    sr_page_init(page);
}

/* Counts into n_present how many of what TERMS seeks each hit of PAGE
 * with a body may hold (sr_match_terms_n_held: a phrase counts when the
 * hit holds a form of each of its places, since the index cannot say
 * cheaply whether they stand together; a snippet then never stops reading
 * early on too low a count), asking about each form once for all the
 * hits: a fresh process reads from the file every B-tree block it visits,
 * and opening a term's posting list for each hit visits several blocks
 * each time. */
static qr_status_t
count_present(sr_page_t *page, qr_db_t *db, const sr_match_terms_t *terms,
              qr_err_t *err)
{
    size_t n_items = terms->n;
    uint32_t *docids = calloc(page->n, sizeof *docids);
    size_t *which = calloc(page->n, sizeof *which);   /* into page->hits */
    bool *has = calloc(page->n, sizeof *has);
    bool *held = NULL;   /* [i * n_items + t]: the I-th hit holds item T */
    size_t n = 0;
    qr_status_t st = QR_OK;

    if (n_items == 0)
        goto out;
    if (page->n <= SIZE_MAX / n_items)
        held = calloc(page->n * n_items, sizeof *held);
    if (docids == NULL || which == NULL || has == NULL || held == NULL) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory reading hits");
        goto out;
    }
    for (size_t i = 0; i < page->n; i++) {
        if (page->hits[i].body_len > 0) {
            docids[n] = page->hits[i].hit->docid;
            which[n++] = i;
        }
    }
    for (size_t t = 0; st == QR_OK && t < n_items; t++) {
        const sr_match_term_t *term = &terms->items[t];
        st = qr_db_docs_have_term(db, term->form, term->len, term->is_prefix,
                                  docids, n, has, err);
        for (size_t i = 0; st == QR_OK && i < n; i++)
            held[i * n_items + t] = has[i];
    }
    for (size_t i = 0; st == QR_OK && i < n; i++)
        page->hits[which[i]].n_present =
            sr_match_terms_n_held(terms, held + i * n_items);
out:
    free(held);
    free(has);
    free(which);
    free(docids);
    return st;
}

qr_status_t
sr_page_read(sr_page_t *page, qr_db_t *db, const qr_results_t *results,
             const sr_match_terms_t *terms, qr_err_t *err)
{
    size_t n = qr_results_count(results);
    qr_status_t st = QR_OK;

    if (n == 0)
        return QR_OK;
    page->hits = calloc(n, sizeof *page->hits);
    if (page->hits == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory reading hits");
    for (size_t i = 0; st == QR_OK && i < n; i++) {
        sr_page_hit_t *h = &page->hits[page->n++];
        h->hit = qr_results_hit(results, i);
        qr_article_init(&h->article);
        st = sr_stored_read(db, h->hit->docid, h->hit->data,
                            h->hit->data_len, &h->article, &h->body,
                            &h->body_len, err);
    }
    if (st == QR_OK && terms != NULL)
        st = count_present(page, db, terms, err);
    return st;
}
