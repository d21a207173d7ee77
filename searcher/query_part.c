/* query_part.c - the pieces a parsed query is made of, and how they join. */
#include "query_part.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "terms.h"

void
sr_parts_init(sr_parts_t *parts)
{
    parts->items = NULL;
    parts->n = 0;
    parts->cap = 0;
}

void
sr_parts_release(sr_parts_t *parts)
{
    for (size_t i = 0; i < parts->n; i++)
        qr_query_free(parts->items[i].query);
    free(parts->items);
    sr_parts_init(parts);
}

qr_status_t
sr_parts_add_take(sr_parts_t *parts, sr_part_kind_t kind, bool is_stopword,
                  qr_query_t *query, qr_err_t *err)
{
    sr_part_t *items = sr_grow(parts->items, &parts->cap, parts->n,
                               sizeof *items, 8);

    if (items == NULL) {
        qr_query_free(query);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory parsing a "
                          "query");
    }
    parts->items = items;
    parts->items[parts->n].kind = kind;
    parts->items[parts->n].is_stopword = is_stopword;
    parts->items[parts->n].query = query;
    parts->n++;
    return QR_OK;
}

qr_status_t
sr_query_pair(qr_query_op_t op, qr_query_t *a, qr_query_t *b,
              qr_query_t **out, qr_err_t *err)
{
    qr_query_t *pair = NULL;
    qr_status_t st = qr_query_new(op, &pair, err);

    *out = NULL;
    if (st == QR_OK) {
        st = qr_query_add_take(pair, a, err);
        a = NULL;
    }
    if (st == QR_OK) {
        st = qr_query_add_take(pair, b, err);
        b = NULL;
    }
    qr_query_free(a);
    qr_query_free(b);
    if (st != QR_OK) {
        qr_query_free(pair);
        return st;
    }
    *out = pair;
    return QR_OK;
}

qr_status_t
sr_query_wrap(qr_query_op_t op, double factor, qr_query_t *kid,
              qr_query_t **out, qr_err_t *err)
{
    qr_query_t *node = NULL;
    qr_status_t st = qr_query_new(op, &node, err);

    *out = NULL;
    if (st != QR_OK) {
        qr_query_free(kid);
        return st;
    }
    node->factor = factor;
    st = qr_query_add_take(node, kid, err);
    if (st != QR_OK) {
        qr_query_free(node);
        return st;
    }
    *out = node;
    return QR_OK;
}

/* Wraps Q (taken) in a zero-weight scale. */
static qr_status_t
weightless(qr_query_t *q, qr_query_t **out, qr_err_t *err)
{
    return sr_query_wrap(QR_Q_SCALE, 0, q, out, err);
}

/* Everything but Q (taken). */
static qr_status_t
all_but(qr_query_t *q, qr_query_t **out, qr_err_t *err)
{
    qr_query_t *all = NULL;
    qr_status_t st = qr_query_new(QR_Q_MATCH_ALL, &all, err);

    *out = NULL;
    if (st != QR_OK) {
        qr_query_free(q);
        return st;
    }
    return sr_query_pair(QR_Q_AND_NOT, all, q, out, err);
}

qr_status_t
sr_part_detach(sr_part_t *part, qr_query_t **out, qr_err_t *err)
{
    qr_query_t *q = part->query;
    qr_query_t *inverse;
    qr_status_t st;

    part->query = NULL;
    *out = NULL;
    if (q == NULL)
        return qr_query_new(QR_Q_MATCH_NOTHING, out, err);
    switch (part->kind) {
    case SR_PART_WEIGHTED:
        *out = q;
        return QR_OK;
    case SR_PART_FILTER:
        return weightless(q, out, err);
    case SR_PART_EXCLUDED:
    default:
        st = all_but(q, &inverse, err);
        return st == QR_OK ? weightless(inverse, out, err) : st;
    }
}

/* Moves the queries of PARTS' pieces of KIND into a new node OP (or the
 * one query itself when there is only one); *OUT is NULL when none. */
static qr_status_t
gather(sr_parts_t *parts, sr_part_kind_t kind, qr_query_op_t op,
       qr_query_t **out, qr_err_t *err)
{
    qr_query_t *node = NULL, *only = NULL;
    size_t n = 0;
    qr_status_t st = QR_OK;

    *out = NULL;
    for (size_t i = 0; i < parts->n; i++) {
        if (parts->items[i].kind == kind && parts->items[i].query != NULL) {
            n++;
            only = parts->items[i].query;
        }
    }
    if (n <= 1) {
        for (size_t i = 0; i < parts->n; i++) {
            if (parts->items[i].query == only)
                parts->items[i].query = NULL;
        }
        *out = only;
        return QR_OK;
    }
    st = qr_query_new(op, &node, err);
    for (size_t i = 0; st == QR_OK && i < parts->n; i++) {
        sr_part_t *p = &parts->items[i];
        if (p->kind == kind && p->query != NULL) {
            st = qr_query_add_take(node, p->query, err);
            p->query = NULL;
        }
    }
    if (st != QR_OK) {
        qr_query_free(node);
        return st;
    }
    *out = node;
    return QR_OK;
}

/* Drops the stop-word pieces when a ranking piece that is not one exists;
 * returns whether every piece is a ranking stop-word piece. */
static bool
drop_stopwords(sr_parts_t *parts)
{
    bool has_content = false, is_all_stop = parts->n > 0;

    for (size_t i = 0; i < parts->n; i++) {
        const sr_part_t *p = &parts->items[i];
        if (p->kind == SR_PART_WEIGHTED && !p->is_stopword)
            has_content = true;
        if (p->kind != SR_PART_WEIGHTED || !p->is_stopword)
            is_all_stop = false;
    }
    if (!has_content)
        return is_all_stop;
    for (size_t i = 0; i < parts->n; i++) {
        sr_part_t *p = &parts->items[i];
        if (p->kind == SR_PART_WEIGHTED && p->is_stopword) {
            qr_query_free(p->query);
            p->query = NULL;
        }
    }
    return false;
}

/* Joins under an explicit OR: each piece stands on its own. */
static qr_status_t
join_or(sr_parts_t *parts, sr_part_t *out, qr_err_t *err)
{
    bool has_weight = false;
    qr_query_t *node = NULL;
    qr_status_t st;

    for (size_t i = 0; i < parts->n; i++)
        has_weight |= parts->items[i].kind == SR_PART_WEIGHTED &&
                      parts->items[i].query != NULL;
    st = qr_query_new(QR_Q_OR, &node, err);
    for (size_t i = 0; st == QR_OK && i < parts->n; i++) {
        sr_part_t *p = &parts->items[i];
        qr_query_t *q = NULL;
        if (p->query == NULL)
            continue;
        if (!has_weight && p->kind == SR_PART_FILTER) {
            q = p->query;   /* filters among filters stay unweighted */
            p->query = NULL;
        } else {
            st = sr_part_detach(p, &q, err);
        }
        if (st == QR_OK)
            st = qr_query_add_take(node, q, err);
    }
    if (st != QR_OK) {
        qr_query_free(node);
        return st;
    }
    out->kind = has_weight ? SR_PART_WEIGHTED : SR_PART_FILTER;
    out->query = node;
    return QR_OK;
}

/* Joins pieces side by side or under AND (see the header). */
static qr_status_t
join_all(sr_parts_t *parts, qr_query_op_t weighted_op, sr_part_t *out,
         qr_err_t *err)
{
    qr_query_t *ranked = NULL, *filters = NULL, *removed = NULL;
    qr_status_t st;

    st = gather(parts, SR_PART_WEIGHTED, weighted_op, &ranked, err);
    if (st == QR_OK)
        st = gather(parts, SR_PART_FILTER, QR_Q_AND, &filters, err);
    if (st == QR_OK)
        st = gather(parts, SR_PART_EXCLUDED, QR_Q_OR, &removed, err);
    if (st != QR_OK)
        goto fail;
    out->kind = ranked ? SR_PART_WEIGHTED
                       : filters ? SR_PART_FILTER : SR_PART_EXCLUDED;
    if (ranked == NULL && filters == NULL) {
        out->query = removed;
        return QR_OK;
    }
    if (ranked == NULL) {
        ranked = filters;
        filters = NULL;
    }
    if (filters != NULL) {
        st = sr_query_pair(QR_Q_FILTER, ranked, filters, &ranked, err);
        filters = NULL;
    }
    if (st == QR_OK && removed != NULL) {
        st = sr_query_pair(QR_Q_AND_NOT, ranked, removed, &ranked, err);
        removed = NULL;
    }
    if (st != QR_OK)
        goto fail;
    out->query = ranked;
    return QR_OK;
fail:
    qr_query_free(ranked);
    qr_query_free(filters);
    qr_query_free(removed);
    return st;
}

qr_status_t
sr_parts_finish(sr_parts_t *parts, qr_status_t built, sr_join_t join,
                sr_part_t *out, qr_err_t *err)
{
    qr_status_t st;
    size_t n_live = 0;

    out->kind = SR_PART_WEIGHTED;
    out->is_stopword = false;
    out->query = NULL;
    if (built != QR_OK) {
        sr_parts_release(parts);
        return built;
    }
    out->is_stopword = drop_stopwords(parts);
    for (size_t i = 0; i < parts->n; i++)
        n_live += parts->items[i].query != NULL;
    if (n_live == 1) {
        for (size_t i = 0; i < parts->n; i++) {
            if (parts->items[i].query != NULL) {
                *out = parts->items[i];
                out->is_stopword = parts->items[i].is_stopword;
                parts->items[i].query = NULL;
            }
        }
        st = QR_OK;
    } else if (n_live == 0) {
        st = QR_OK;
    } else if (join == SR_JOIN_OR) {
        st = join_or(parts, out, err);
    } else {
        st = join_all(parts, join == SR_JOIN_AND ? QR_Q_AND : QR_Q_OR, out,
                      err);
    }
    sr_parts_release(parts);
    return st;
}

qr_status_t
sr_query_term(qr_query_op_t op, const char *prefix, const char *term,
              size_t len, uint32_t pos, qr_query_t **out, qr_err_t *err)
{
    char full[QR_TERM_MAX_BYTES + 1];
    size_t n_prefix = strlen(prefix);

    *out = NULL;
    if (n_prefix + len > QR_TERM_MAX_BYTES)
        len = QR_TERM_MAX_BYTES - n_prefix;   /* tokens leave room */
    memcpy(full, prefix, n_prefix);
    memcpy(full + n_prefix, term, len);
    return qr_query_new_term(op, full, n_prefix + len, pos, out, err);
}

qr_status_t
sr_query_add_term(qr_query_t *parent, qr_query_op_t op, const char *prefix,
                  const char *term, size_t len, uint32_t pos, qr_err_t *err)
{
    qr_query_t *kid;
    qr_status_t st = sr_query_term(op, prefix, term, len, pos, &kid, err);

    return st == QR_OK ? qr_query_add_take(parent, kid, err) : st;
}

qr_query_t *
sr_query_unwrap(qr_query_t *node)
{
    qr_query_t *only;

    if (node->n_kids != 1)
        return node;
    only = node->kids[0];
    node->n_kids = 0;
    qr_query_free(node);
    return only;
}

qr_query_t *
sr_query_without_bonuses(qr_query_t *q)
{
    size_t n_bonuses = 0, n = 0;

    for (size_t i = 0; i < q->n_kids; i++) {
        q->kids[i] = sr_query_without_bonuses(q->kids[i]);
        n_bonuses += q->kids[i]->op == QR_Q_BONUS;
    }
    /* Only the bonuses of an OR or an AND_MAYBE go, and only beside
     * something that matches: a bonus alone would be all that OR matches,
     * and an AND_MAYBE's first kid decides its matches. */
    if ((q->op != QR_Q_OR && q->op != QR_Q_AND_MAYBE) || n_bonuses == 0 ||
        n_bonuses == q->n_kids)
        return q;
    for (size_t i = 0; i < q->n_kids; i++) {
        if (q->kids[i]->op == QR_Q_BONUS)
            qr_query_free(q->kids[i]);
        else
            q->kids[n++] = q->kids[i];
    }
    q->n_kids = n;
    return sr_query_unwrap(q);
}

void
sr_query_expand_every_term(qr_query_t *q)
{
    if (q->op == QR_Q_WILDCARD)
        q->is_every_term = true;
    for (size_t i = 0; i < q->n_kids; i++)
        sr_query_expand_every_term(q->kids[i]);
}
