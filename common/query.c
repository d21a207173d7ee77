/* query.c - building and freeing query trees. */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

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
    if (op != QR_Q_TERM && op != QR_Q_WILDCARD)
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

qr_status_t
qr_query_add_first_take(qr_query_t *parent, qr_query_t *kid, qr_err_t *err)
{
    qr_status_t st = qr_query_add_take(parent, kid, err);

    if (st == QR_OK) {
        memmove(parent->kids + 1, parent->kids,
                (parent->n_kids - 1) * sizeof *parent->kids);
        parent->kids[0] = kid;
    }
    return st;
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

static const char *
op_name(qr_query_op_t op)
{
    switch (op) {
    case QR_Q_AND:
        return "AND";
    case QR_Q_OR:
        return "OR";
    case QR_Q_AND_NOT:
        return "AND_NOT";
    case QR_Q_AND_MAYBE:
        return "AND_MAYBE";
    case QR_Q_FILTER:
        return "FILTER";
    case QR_Q_SYNONYM:
        return "SYNONYM";
    case QR_Q_PHRASE:
        return "PHRASE";
    case QR_Q_SCALE:
        return "SCALE";
    case QR_Q_BONUS:
        return "BONUS";
    case QR_Q_DATE_RANGE:
        return "DATE";
    default:
        return "?";
    }
}

static qr_status_t
put_str(qr_buf_t *out, const char *s, qr_err_t *err)
{
    return qr_buf_append(out, s, strlen(s), err);
}

/* Appends "lo..hi" with ISO days; an open bound is left empty. */
static qr_status_t
describe_range(const qr_query_t *q, qr_buf_t *out, qr_err_t *err)
{
    char iso[QR_DATE_ISO_BYTES];
    qr_status_t st = QR_OK;

    if (q->has_lo)
        st = qr_buf_append(out, qr_date_format_iso(q->lo, iso), 10, err);
    if (st == QR_OK)
        st = put_str(out, "..", err);
    if (st == QR_OK && q->has_hi)
        st = qr_buf_append(out, qr_date_format_iso(q->hi, iso), 10, err);
    return st;
}

qr_status_t
qr_query_describe(const qr_query_t *q, qr_buf_t *out, qr_err_t *err)
{
    char number[64];
    qr_status_t st;

    switch (q->op) {
    case QR_Q_TERM:
        return qr_buf_append(out, q->term, q->len, err);
    case QR_Q_WILDCARD:
        st = qr_buf_append(out, q->term, q->len, err);
        return st == QR_OK ? qr_buf_putc(out, '*', err) : st;
    case QR_Q_MATCH_ALL:
        return put_str(out, "ALL", err);
    case QR_Q_MATCH_NOTHING:
        return put_str(out, "NOTHING", err);
    default:
        break;
    }
    st = put_str(out, op_name(q->op), err);
    if (st == QR_OK)
        st = qr_buf_putc(out, '(', err);
    if (st == QR_OK && (q->op == QR_Q_SCALE || q->op == QR_Q_BONUS)) {
        snprintf(number, sizeof number, "%g, ", q->factor);
        st = put_str(out, number, err);
    }
    if (st == QR_OK && q->op == QR_Q_DATE_RANGE)
        st = describe_range(q, out, err);
    for (size_t i = 0; st == QR_OK && i < q->n_kids; i++) {
        if (i > 0)
            st = put_str(out, ", ", err);
        if (st == QR_OK)
            st = qr_query_describe(q->kids[i], out, err);
    }
    return st == QR_OK ? qr_buf_putc(out, ')', err) : st;
}
