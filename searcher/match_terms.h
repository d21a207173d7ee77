/* match_terms.h - the words and phrases of a query that mark matches in
 * article text.
 *
 * Snippets highlight the body words a query searched for. The query tree
 * holds them as indexed forms (terms.h). A word the query asks for on its
 * own (a term outside any phrase) matches every body word whose own form
 * is it, so "indexing" marks "indexed" (both "index"), or that starts with
 * a prefix search's stem ("kube*"). A phrase (a quoted query, a hyphenated
 * word's parts, an alias spelling of several words such as "large language
 * model" for "llm") matches only where its words stand together, as the
 * search itself requires: its words are kept as its places (each place one
 * form, or several for an alias inside a quoted phrase), and a word that
 * the query asks for only inside phrases marks nothing on its own ("model"
 * alone is not "large language model"). A word asked for both alone and in
 * a phrase marks alone too. Only words that select or rank articles count:
 * not excluded words (-word), not filters (tag:, author:, dates), not the
 * weights of title bonuses. */
#ifndef SR_MATCH_TERMS_H
#define SR_MATCH_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "query.h"
#include "status.h"

/* Most distinct forms kept, and most places of all phrases together
 * (which bounds the work a snippet does at each word of a body): a query
 * of a thousand words marks its first SR_MATCH_TERMS_MAX; a phrase that
 * does not fit whole is left out. */
enum { SR_MATCH_TERMS_MAX = 256 };

/* Most phrases kept; later ones are left out. */
enum { SR_MATCH_PHRASES_MAX = 64 };

typedef struct sr_match_term {
    char *form;          /* owned, NUL-terminated */
    size_t len;
    bool is_prefix;      /* a prefix search: every form starting with it */
    bool is_alone;       /* asked for outside a phrase: marks on its own */
    bool is_in_phrase;   /* fills a place of a kept phrase */
} sr_match_term_t;

/* A place of a phrase: any of its forms fills it. */
typedef struct sr_match_place {
    size_t first;        /* its forms are items alts[first .. first + n) */
    size_t n;
} sr_match_place_t;

/* A phrase: its places in order, filled at consecutive positions. */
typedef struct sr_match_phrase {
    size_t first;        /* its places are places[first .. first + n) */
    size_t n;            /* at least 2 */
} sr_match_phrase_t;

typedef struct sr_match_terms {
    sr_match_term_t *items;       /* owned, in the order added */
    size_t n;
    size_t cap;
    sr_match_phrase_t *phrases;   /* owned, in the order added */
    size_t n_phrases;
    size_t cap_phrases;
    sr_match_place_t *places;     /* owned: the phrases' places */
    size_t n_places;
    size_t cap_places;
    size_t *alts;                 /* owned: the places' forms, as indexes
                                   * into items */
    size_t n_alts;
    size_t cap_alts;
} sr_match_terms_t;

/* Prepares TERMS as empty. Cannot fail. */
void sr_match_terms_init(sr_match_terms_t *terms);

/* Frees what TERMS holds and leaves it empty. Cannot fail. */
void sr_match_terms_release(sr_match_terms_t *terms);

/* Adds the body words and phrases QUERY searches (see above) to TERMS:
 * unprefixed terms as they are and title terms without their prefix.
 * Returns QR_ERR_NOMEM. */
qr_status_t sr_match_terms_add_query(sr_match_terms_t *terms,
                                     const qr_query_t *query, qr_err_t *err);

/* Adds FORM[0..LEN), a prefix when IS_PREFIX, as a word asked for alone,
 * unless present. Returns QR_ERR_NOMEM. */
qr_status_t sr_match_terms_add(sr_match_terms_t *terms, const char *form,
                               size_t len, bool is_prefix, qr_err_t *err);

/* How many things a snippet looks for: the words asked for alone plus the
 * phrases; each counts once when choosing a passage. Cannot fail. */
size_t sr_match_terms_n_sought(const sr_match_terms_t *terms);

/* Index (< TERMS->n) of the first word asked for alone that FORM[0..LEN)
 * matches, or -1. A linear scan: queries hold a few terms (--like a few
 * dozen). Cannot fail. */
int sr_match_terms_find(const sr_match_terms_t *terms, const char *form,
                        size_t len);

/* Index (< TERMS->n) of the form FORM[0..LEN) when it fills a place of a
 * phrase, or -1. Cannot fail. */
int sr_match_terms_find_in_phrase(const sr_match_terms_t *terms,
                                  const char *form, size_t len);

/* How many of the things sought (sr_match_terms_n_sought) an article may
 * hold, given HELD[i] (one per item) true when it holds item i: the words
 * asked for alone that it holds, plus each phrase whose every place has a
 * form it holds. A phrase's words need not stand together for that, so
 * the count is an upper bound, never less than what the article holds.
 * Cannot fail. */
size_t sr_match_terms_n_held(const sr_match_terms_t *terms,
                             const bool *held);

#endif /* SR_MATCH_TERMS_H */
