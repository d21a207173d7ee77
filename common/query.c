/* query.c - building and freeing query trees. */
#include "query.h"

#include <stdlib.h>
#include <string.h>

qr_status_t
qr_query_new(qr_query_op_t op, qr_query_t **query_out, qr_err_t *err)
{
    qr_query_t *query;

    *query_out = NULL;
    query = calloc(1, sizeof *query);
    if (query == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building a "
                          "query");
    query->op = op;
    query->factor = 1.0;
    *query_out = query;
    return QR_OK;
}

qr_status_t
qr_query_new_term(qr_query_op_t op, const char *term, size_t len,
                  uint32_t pos, qr_query_t **query_out, qr_err_t *err)
{
    qr_status_t st;
    qr_query_t *query;

    *query_out = NULL;
    if (op != QR_Q_TERM && op != QR_Q_WILDCARD && op != QR_Q_TERM_BONUS)
        return qr_err_set(err, QR_ERR_USAGE, "a term node needs a term op");
    st = qr_query_new(op, &query, err);
    if (st != QR_OK)
        return st;
    query->term = malloc(len + 1);
    if (query->term == NULL) {
        free(query);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building a "
                          "query");
    }
    memcpy(query->term, term, len);
    query->term[len] = '\0';
    query->len = len;
    query->wqf = 1;
    query->pos = pos;
    *query_out = query;
    return QR_OK;
}

qr_status_t
qr_query_add_take(qr_query_t *parent, qr_query_t *kid, qr_err_t *err)
{
    if (parent->n_kids == parent->cap_kids) {
        size_t cap = parent->cap_kids ? parent->cap_kids * 2 : 4;
        qr_query_t **kids = realloc(parent->kids, cap * sizeof *kids);
        if (kids == NULL) {
            qr_query_free(kid);
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory building a "
                              "query");
        }
        parent->kids = kids;
        parent->cap_kids = cap;
    }
    parent->kids[parent->n_kids++] = kid;
    return QR_OK;
}

void
qr_query_free(qr_query_t *query)
{
    if (query == NULL)
        return;
    for (size_t i = 0; i < query->n_kids; i++)
        qr_query_free(query->kids[i]);
    free(query->kids);
    free(query->term);
    free(query);
}
