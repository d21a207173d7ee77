/* query_part.h - the pieces a parsed query is made of, and how they join.
 *
 * Each piece knows whether it ranks (words, phrases, title:), only
 * restricts (tag:, author:, site:, since:, until:) or removes (-word, NOT).
 * Joining follows one rule everywhere: ranking pieces combine with the
 * operator asked for (OR for words side by side, AND for explicit AND),
 * restricting pieces filter the result without adding weight, and removed
 * pieces are taken out of it. Under an explicit OR every piece stands on
 * its own. Stop words side by side with other words are dropped. */
#ifndef SR_QUERY_PART_H
#define SR_QUERY_PART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "status.h"

typedef enum sr_part_kind {
    SR_PART_WEIGHTED,   /* ranks the articles it matches */
    SR_PART_FILTER,     /* restricts matches, adds no weight */
    SR_PART_EXCLUDED    /* articles to remove from the matches */
} sr_part_kind_t;

typedef struct sr_part {
    sr_part_kind_t kind;
    bool is_stopword;    /* WEIGHTED and made only of stop words */
    qr_query_t *query;   /* owned */
} sr_part_t;

typedef struct sr_parts {
    sr_part_t *items;
    size_t n;
    size_t cap;
} sr_parts_t;

typedef enum sr_join {
    SR_JOIN_SIDE_BY_SIDE,   /* words next to each other: ranked by any */
    SR_JOIN_AND,            /* explicit AND: all ranking pieces required */
    SR_JOIN_OR              /* explicit OR: any piece */
} sr_join_t;

/* Prepares PARTS as empty. Cannot fail. */
void sr_parts_init(sr_parts_t *parts);

/* Frees every piece's query and the storage. Cannot fail. */
void sr_parts_release(sr_parts_t *parts);

/* Appends a piece of KIND holding QUERY, taking ownership of QUERY on
 * success and on failure. Returns QR_ERR_NOMEM. */
qr_status_t sr_parts_add_take(sr_parts_t *parts, sr_part_kind_t kind,
                              bool is_stopword, qr_query_t *query,
                              qr_err_t *err);

/* Ends building PARTS, whose building returned BUILT: when BUILT is QR_OK,
 * joins the pieces as JOIN says into *OUT (their queries move there; an
 * empty PARTS gives a piece whose query is NULL) and returns QR_OK or
 * QR_ERR_NOMEM; else returns BUILT. PARTS is emptied either way, and *OUT
 * holds nothing on failure. */
qr_status_t sr_parts_finish(sr_parts_t *parts, qr_status_t built,
                            sr_join_t join, sr_part_t *out, qr_err_t *err);

/* Makes PART a query that can stand on its own, taking PART's query: a
 * ranking piece as it is, a restricting one weighted 0, a removing one as
 * everything but it, weighted 0. A piece without query gives
 * MATCH_NOTHING. On QR_OK the caller owns *OUT. Returns QR_ERR_NOMEM. */
qr_status_t sr_part_detach(sr_part_t *part, qr_query_t **out, qr_err_t *err);

/* Makes a node OP (SCALE or BONUS) with FACTOR over KID, taking KID on
 * success and on failure. Returns QR_ERR_NOMEM. */
qr_status_t sr_query_wrap(qr_query_op_t op, double factor, qr_query_t *kid,
                          qr_query_t **out, qr_err_t *err);

/* Makes a node OP with the two kids A and B, taking both on success and on
 * failure. Returns QR_ERR_NOMEM. */
qr_status_t sr_query_pair(qr_query_op_t op, qr_query_t *a, qr_query_t *b,
                          qr_query_t **out, qr_err_t *err);

/* Makes an OP node (TERM or WILDCARD) for PREFIX + TERM[0..LEN) at query
 * position POS, cut to QR_TERM_MAX_BYTES (tokens leave room for a
 * prefix). On QR_OK the caller owns *OUT. Returns QR_ERR_NOMEM. */
qr_status_t sr_query_term(qr_query_op_t op, const char *prefix,
                          const char *term, size_t len, uint32_t pos,
                          qr_query_t **out, qr_err_t *err);

/* Adds such a node to PARENT. Returns QR_ERR_NOMEM. */
qr_status_t sr_query_add_term(qr_query_t *parent, qr_query_op_t op,
                              const char *prefix, const char *term,
                              size_t len, uint32_t pos, qr_err_t *err);

/* Returns NODE's only kid, freeing NODE, when it has exactly one; else
 * NODE. Cannot fail. */
qr_query_t *sr_query_unwrap(qr_query_t *node);

/* Returns Q (taken) without the title bonuses OR-ed beside the words it
 * matches, for a query that only removes articles (-word, NOT): a bonus
 * adds weight, which removal ignores, and its articles all hold the word
 * (the indexer adds title words unprefixed too), so dropping it leaves
 * the same articles out for one posting list less. An OR left with one
 * kid becomes that kid. Cannot fail. */
qr_query_t *sr_query_without_bonuses(qr_query_t *q);

/* Marks every prefix search in Q to expand to all its terms: a search
 * keeps the most frequent few hundred, which would leave in articles
 * holding the others when Q's matches are removed ("common NOT zq*").
 * Cannot fail. */
void sr_query_expand_every_term(qr_query_t *q);

#endif /* SR_QUERY_PART_H */
