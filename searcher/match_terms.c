/* match_terms.c - the words of a query that mark matches in article text. */
#include "match_terms.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "terms.h"

void
sr_match_terms_init(sr_match_terms_t *terms)
{
    memset(terms, 0, sizeof *terms);
}

void
sr_match_terms_release(sr_match_terms_t *terms)
{
    for (size_t i = 0; i < terms->n; i++)
        free(terms->items[i].form);
    free(terms->items);
    sr_match_terms_init(terms);
}

static bool
is_prefix_byte(char c)
{
    return c >= 'A' && c <= 'Z';
}

qr_status_t
sr_match_terms_add(sr_match_terms_t *terms, const char *form, size_t len,
                   bool is_prefix, qr_err_t *err)
{
    sr_match_term_t *items;
    char *copy;

    if (len == 0 || terms->n >= SR_MATCH_TERMS_MAX)
        return QR_OK;
    for (size_t i = 0; i < terms->n; i++) {
        if (terms->items[i].is_prefix == is_prefix &&
            terms->items[i].len == len &&
            memcmp(terms->items[i].form, form, len) == 0) {
            return QR_OK;
        }
    }
    items = sr_grow(terms->items, &terms->cap, terms->n, sizeof *items, 8);
    copy = malloc(len + 1);
    if (items == NULL || copy == NULL) {
        free(copy);
        if (items != NULL)
            terms->items = items;
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory listing query "
                          "terms");
    }
    terms->items = items;
    memcpy(copy, form, len);
    copy[len] = '\0';
    items[terms->n].form = copy;
    items[terms->n].len = len;
    items[terms->n].is_prefix = is_prefix;
    terms->n++;
    return QR_OK;
}

/* Adds a TERM or WILDCARD node's word when it is a body or title word. */
static qr_status_t
add_term_node(sr_match_terms_t *terms, const qr_query_t *q, qr_err_t *err)
{
    size_t n_prefix = strlen(QR_PREFIX_TITLE);
    const char *form = q->term;
    size_t len = q->len;

    if (len > n_prefix && memcmp(form, QR_PREFIX_TITLE, n_prefix) == 0 &&
        !is_prefix_byte(form[n_prefix])) {
        form += n_prefix;
        len -= n_prefix;
    } else if (len == 0 || is_prefix_byte(form[0])) {
        return QR_OK;   /* a field term (author, tag, site, id, date) */
    }
    return sr_match_terms_add(terms, form, len, q->op == QR_Q_WILDCARD, err);
}

qr_status_t
sr_match_terms_add_query(sr_match_terms_t *terms, const qr_query_t *q,
                         qr_err_t *err)
{
    size_t n_kids = q->n_kids;
    qr_status_t st = QR_OK;

    switch (q->op) {
    case QR_Q_TERM:
    case QR_Q_WILDCARD:
        return add_term_node(terms, q, err);
    case QR_Q_AND_NOT:
    case QR_Q_FILTER:
        n_kids = n_kids > 0 ? 1 : 0;   /* the rest removes or restricts */
        break;
    case QR_Q_SCALE:
        if (q->factor == 0)
            return QR_OK;   /* a filter or an exclusion standing alone */
        break;
    case QR_Q_BONUS:            /* repeats words the text part holds */
    case QR_Q_DATE_RANGE:
    case QR_Q_MATCH_ALL:
    case QR_Q_MATCH_NOTHING:
        return QR_OK;
    default:
        break;
    }
    for (size_t i = 0; st == QR_OK && i < n_kids; i++)
        st = sr_match_terms_add_query(terms, q->kids[i], err);
    return st;
}

int
sr_match_terms_find(const sr_match_terms_t *terms, const char *form,
                    size_t len)
{
    for (size_t i = 0; i < terms->n; i++) {
        const sr_match_term_t *t = &terms->items[i];
        if (t->is_prefix ? len >= t->len && memcmp(form, t->form,
                                                   t->len) == 0
                         : len == t->len && memcmp(form, t->form, len) == 0)
            return (int)i;
    }
    return -1;
}
