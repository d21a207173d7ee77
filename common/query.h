/* query.h - a query tree in plain C, turned into a Xapian query by the shim.
 *
 * The searcher's parser builds this tree from terms the shared tokenizer
 * made; the shim translates it in one place (db_xapian_search.cc). Keeping the
 * tree in C lets the parser be tested without a database and lets the
 * searcher walk it again (to explain scores or mark matches). */
#ifndef QR_QUERY_H
#define QR_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "status.h"

typedef enum qr_query_op {
    QR_Q_TERM,          /* TERM, weighted by BM25 */
    QR_Q_AND,           /* all kids match */
    QR_Q_OR,            /* any kid matches */
    QR_Q_AND_NOT,       /* first kid, without documents matching the rest */
    QR_Q_AND_MAYBE,     /* first kid decides matches; the rest add weight */
    QR_Q_FILTER,        /* first kid, restricted to the rest, unweighted */
    QR_Q_SYNONYM,       /* kids weighted as if one term (aliases) */
    QR_Q_PHRASE,        /* kids side by side, in order */
    QR_Q_WILDCARD,      /* every term starting with TERM */
    QR_Q_DATE_RANGE,    /* value SLOT (a date) between LO and HI,
                         * inclusive */
    QR_Q_SCALE,         /* the kid's weight times FACTOR */
    QR_Q_BONUS,         /* documents matching the first kid gain FACTOR x
                         * the idf of the terms of the last kid (summed;
                         * the last kid only sets the weight, it is not
                         * run), whatever their length: a field such as
                         * the title is short, so BM25's length
                         * normalisation by the whole document would all
                         * but erase it */
    QR_Q_MATCH_ALL,
    QR_Q_MATCH_NOTHING
} qr_query_op_t;

typedef struct qr_query qr_query_t;

struct qr_query {
    qr_query_op_t op;
    char *term;            /* TERM, WILDCARD: owned, with NUL */
    size_t len;
    uint32_t wqf;          /* TERM: within-query frequency (>= 1) */
    uint32_t pos;          /* TERM: position in the query, 0 if none */
    bool is_every_term;    /* WILDCARD: every matching term, where a search
                            * keeps the most frequent few hundred: what
                            * removing its matches needs (NOT zq*) */
    double factor;         /* SCALE, BONUS */
    int64_t lo, hi;        /* DATE_RANGE, UTC seconds */
    bool has_lo, has_hi;   /* DATE_RANGE: which bounds apply */
    unsigned slot;         /* DATE_RANGE: the value slot holding the date */
    qr_query_t **kids;     /* owned */
    size_t n_kids;
    size_t cap_kids;
};

/* Makes a TERM or WILDCARD node (as OP says) for
 * TERM[0..LEN), with wqf 1 and factor 1. On QR_OK the caller owns
 * *QUERY_OUT. Returns QR_ERR_NOMEM, QR_ERR_USAGE for another OP. */
qr_status_t qr_query_new_term(qr_query_op_t op, const char *term, size_t len,
                              uint32_t pos, qr_query_t **query_out,
                              qr_err_t *err);

/* Makes an empty node for OP (any op but TERM and WILDCARD). On QR_OK the
 * caller owns *QUERY_OUT. Returns QR_ERR_NOMEM. */
qr_status_t qr_query_new(qr_query_op_t op, qr_query_t **query_out,
                         qr_err_t *err);

/* Appends KID to PARENT, taking ownership of KID on success and on failure
 * (it is freed then). Returns QR_ERR_NOMEM. */
qr_status_t qr_query_add_take(qr_query_t *parent, qr_query_t *kid,
                              qr_err_t *err);

/* Like qr_query_add_take, but KID becomes PARENT's first kid (the one that
 * decides matches under AND_MAYBE, AND_NOT and FILTER). */
qr_status_t qr_query_add_first_take(qr_query_t *parent, qr_query_t *kid,
                                    qr_err_t *err);

/* Frees QUERY and all its kids; NULL is a no-op. Cannot fail. */
void qr_query_free(qr_query_t *query);

/* Appends a one-line rendering of QUERY to OUT, for --explain and tests:
 * terms as they are, operators as NAME(kid, kid), "kube*" for a wildcard,
 * BONUS(factor, kid), SCALE(factor, kid), DATE(lo..hi) with ISO
 * days, ALL and NOTHING. Returns QR_ERR_NOMEM. */
qr_status_t qr_query_describe(const qr_query_t *query, qr_buf_t *out,
                              qr_err_t *err);

#endif /* QR_QUERY_H */
