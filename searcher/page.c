/* page.c - what the hits of a page need from the index, read at once. */
#include "page.h"

#include <stdlib.h>

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

/* How many of TERMS the document DOCID holds, into *N_OUT. */
static qr_status_t
count_present(qr_db_t *db, uint32_t docid, const sr_match_terms_t *terms,
              size_t *n_out, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    *n_out = 0;
    for (size_t i = 0; st == QR_OK && i < terms->n; i++) {
        bool has;
        st = qr_db_doc_has_term(db, docid, terms->items[i].form,
                                terms->items[i].len,
                                terms->items[i].is_prefix, &has, err);
        *n_out += st == QR_OK && has;
    }
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
        if (st == QR_OK && terms != NULL && h->body_len > 0)
            st = count_present(db, h->hit->docid, terms, &h->n_present, err);
    }
    return st;
}
