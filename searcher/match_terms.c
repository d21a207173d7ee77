/* match_terms.c - the words and phrases of a query that mark matches in
 * article text.
 *
 * Forms live once in ITEMS, flagged by how the query asks for them; a
 * phrase is a run of places, and a place a run of indexes into ITEMS, all
 * in flat arrays that grow, so a query of many phrases costs a few
 * allocations. */
#include "match_terms.h"

#include <stdint.h>
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
    free(terms->phrases);
    free(terms->places);
    free(terms->alts);
    sr_match_terms_init(terms);
}

static bool
is_prefix_byte(char c)
{
    return c >= 'A' && c <= 'Z';
}

static qr_status_t
fail_nomem(qr_err_t *err)
{
    return qr_err_set(err, QR_ERR_NOMEM, "out of memory listing query "
                      "terms");
}

/* The body word TERM[0..LEN) of a query stands for into *FORM_OUT and
 * *LEN_OUT: an unprefixed term as it is, a title term without its prefix.
 * False for a field term (author, tag, site, id, date), which is no body
 * word. */
static bool
body_form(const char *term, size_t len, const char **form_out,
          size_t *len_out)
{
    size_t n_prefix = strlen(QR_PREFIX_TITLE);

    if (len > n_prefix && memcmp(term, QR_PREFIX_TITLE, n_prefix) == 0 &&
        !is_prefix_byte(term[n_prefix])) {
        term += n_prefix;
        len -= n_prefix;
    } else if (len == 0 || is_prefix_byte(term[0])) {
        return false;
    }
    *form_out = term;
    *len_out = len;
    return true;
}

/* The index of the item FORM[0..LEN) (a prefix when IS_PREFIX) into
 * *INDEX_OUT, added (asked for neither alone nor in a phrase yet) when
 * missing; SIZE_MAX when TERMS is full. Returns QR_ERR_NOMEM. */
static qr_status_t
find_or_add(sr_match_terms_t *terms, const char *form, size_t len,
            bool is_prefix, size_t *index_out, qr_err_t *err)
{
    sr_match_term_t *items;
    char *copy;

    *index_out = SIZE_MAX;
    for (size_t i = 0; i < terms->n; i++) {
        if (terms->items[i].is_prefix == is_prefix &&
            terms->items[i].len == len &&
            memcmp(terms->items[i].form, form, len) == 0) {
            *index_out = i;
            return QR_OK;
        }
    }
    if (terms->n >= SR_MATCH_TERMS_MAX)
        return QR_OK;
    items = sr_grow(terms->items, &terms->cap, terms->n, sizeof *items, 8);
    if (items == NULL)
        return fail_nomem(err);
    terms->items = items;
    copy = malloc(len + 1);
    if (copy == NULL)
        return fail_nomem(err);
    memcpy(copy, form, len);
    copy[len] = '\0';
    memset(&items[terms->n], 0, sizeof *items);
    items[terms->n].form = copy;
    items[terms->n].len = len;
    items[terms->n].is_prefix = is_prefix;
    *index_out = terms->n++;
    return QR_OK;
}

qr_status_t
sr_match_terms_add(sr_match_terms_t *terms, const char *form, size_t len,
                   bool is_prefix, qr_err_t *err)
{
    size_t at;
    qr_status_t st;

    if (len == 0)
        return QR_OK;
    st = find_or_add(terms, form, len, is_prefix, &at, err);
    if (st == QR_OK && at != SIZE_MAX)
        terms->items[at].is_alone = true;
    return st;
}

/* Adds a TERM or WILDCARD node's word, outside any phrase, when it is a
 * body or title word. */
static qr_status_t
add_term_node(sr_match_terms_t *terms, const qr_query_t *q, qr_err_t *err)
{
    const char *form;
    size_t len;

    if (!body_form(q->term, q->len, &form, &len))
        return QR_OK;
    return sr_match_terms_add(terms, form, len, q->op == QR_Q_WILDCARD, err);
}

/* True when KID can be a place of a phrase: a body or title term, or a
 * synonym of them (an alias's one-word spellings inside a quoted
 * phrase). */
static bool
is_place(const qr_query_t *kid)
{
    const char *form;
    size_t len;

    if (kid->op == QR_Q_TERM)
        return body_form(kid->term, kid->len, &form, &len);
    if (kid->op != QR_Q_SYNONYM || kid->n_kids == 0)
        return false;
    for (size_t i = 0; i < kid->n_kids; i++) {
        const qr_query_t *k = kid->kids[i];
        if (k->op != QR_Q_TERM || !body_form(k->term, k->len, &form, &len))
            return false;
    }
    return true;
}

/* True when PHRASE (a PHRASE node) is kept as a phrase: two places or
 * more, each filled by a term or a synonym of terms. */
static bool
is_plain_phrase(const qr_query_t *phrase)
{
    if (phrase->n_kids < 2)
        return false;
    for (size_t i = 0; i < phrase->n_kids; i++) {
        if (!is_place(phrase->kids[i]))
            return false;
    }
    return true;
}

/* Appends the form of TERM (a TERM node is_place accepts) to the alts;
 * clears *FITS when TERMS is full. Returns QR_ERR_NOMEM. */
static qr_status_t
add_alt(sr_match_terms_t *terms, const qr_query_t *term, bool *fits,
        qr_err_t *err)
{
    const char *form = NULL;
    size_t len = 0, at;
    size_t *alts;
    qr_status_t st;

    (void)body_form(term->term, term->len, &form, &len);
    if (terms->n_alts >= SR_MATCH_TERMS_MAX) {
        *fits = false;
        return QR_OK;
    }
    st = find_or_add(terms, form, len, false, &at, err);
    if (st != QR_OK || at == SIZE_MAX) {
        *fits = false;
        return st;
    }
    alts = sr_grow(terms->alts, &terms->cap_alts, terms->n_alts,
                   sizeof *alts, 16);
    if (alts == NULL)
        return fail_nomem(err);
    terms->alts = alts;
    alts[terms->n_alts++] = at;
    return QR_OK;
}

/* Appends the place KID (is_place) fills; clears *FITS when TERMS is
 * full. Returns QR_ERR_NOMEM. */
static qr_status_t
add_place(sr_match_terms_t *terms, const qr_query_t *kid, bool *fits,
          qr_err_t *err)
{
    size_t first = terms->n_alts;
    sr_match_place_t *places;
    qr_status_t st = QR_OK;

    if (kid->op == QR_Q_TERM) {
        st = add_alt(terms, kid, fits, err);
    } else {
        for (size_t i = 0; *fits && st == QR_OK && i < kid->n_kids; i++)
            st = add_alt(terms, kid->kids[i], fits, err);
    }
    if (st != QR_OK || !*fits)
        return st;
    places = sr_grow(terms->places, &terms->cap_places, terms->n_places,
                     sizeof *places, 8);
    if (places == NULL)
        return fail_nomem(err);
    terms->places = places;
    places[terms->n_places].first = first;
    places[terms->n_places].n = terms->n_alts - first;
    terms->n_places++;
    return QR_OK;
}

static bool
is_same_place(const sr_match_terms_t *terms, const sr_match_place_t *a,
              const sr_match_place_t *b)
{
    return a->n == b->n &&
           memcmp(terms->alts + a->first, terms->alts + b->first,
                  a->n * sizeof *terms->alts) == 0;
}

/* True when the places from FIRST on (the phrase being added) repeat a
 * kept phrase's. */
static bool
is_repeat(const sr_match_terms_t *terms, size_t first)
{
    size_t n = terms->n_places - first;

    for (size_t p = 0; p < terms->n_phrases; p++) {
        const sr_match_phrase_t *kept = &terms->phrases[p];
        bool is_same = kept->n == n;
        for (size_t k = 0; is_same && k < n; k++)
            is_same = is_same_place(terms, &terms->places[kept->first + k],
                                    &terms->places[first + k]);
        if (is_same)
            return true;
    }
    return false;
}

/* Keeps the places from FIRST on as a phrase. Returns QR_ERR_NOMEM. */
static qr_status_t
keep_phrase(sr_match_terms_t *terms, size_t first, qr_err_t *err)
{
    sr_match_phrase_t *phrases = sr_grow(terms->phrases, &terms->cap_phrases,
                                         terms->n_phrases, sizeof *phrases,
                                         4);

    if (phrases == NULL)
        return fail_nomem(err);
    terms->phrases = phrases;
    phrases[terms->n_phrases].first = first;
    phrases[terms->n_phrases].n = terms->n_places - first;
    terms->n_phrases++;
    for (size_t i = terms->places[first].first; i < terms->n_alts; i++)
        terms->items[terms->alts[i]].is_in_phrase = true;
    return QR_OK;
}

/* Adds the phrase Q (is_plain_phrase) whole, or nothing of it when it is
 * a repeat or does not fit. Returns QR_ERR_NOMEM. */
static qr_status_t
add_phrase(sr_match_terms_t *terms, const qr_query_t *q, qr_err_t *err)
{
    size_t n_items = terms->n, n_places = terms->n_places;
    size_t n_alts = terms->n_alts;
    bool fits = terms->n_phrases < SR_MATCH_PHRASES_MAX;
    qr_status_t st = QR_OK;

    for (size_t i = 0; fits && st == QR_OK && i < q->n_kids; i++)
        st = add_place(terms, q->kids[i], &fits, err);
    if (st == QR_OK && fits && !is_repeat(terms, n_places)) {
        st = keep_phrase(terms, n_places, err);
        if (st == QR_OK)
            return QR_OK;
    }
    /* Left out: forget the forms and places it added. */
    for (size_t i = n_items; i < terms->n; i++)
        free(terms->items[i].form);
    terms->n = n_items;
    terms->n_places = n_places;
    terms->n_alts = n_alts;
    return st;
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
    case QR_Q_PHRASE:
        if (is_plain_phrase(q))
            return add_phrase(terms, q, err);
        break;   /* its words mark alone, as the best that can be done */
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

size_t
sr_match_terms_n_sought(const sr_match_terms_t *terms)
{
    size_t n = terms->n_phrases;

    for (size_t i = 0; i < terms->n; i++)
        n += terms->items[i].is_alone;
    return n;
}

static bool
is_match(const sr_match_term_t *t, const char *form, size_t len)
{
    if (t->is_prefix)
        return len >= t->len && memcmp(form, t->form, t->len) == 0;
    return len == t->len && memcmp(form, t->form, len) == 0;
}

int
sr_match_terms_find(const sr_match_terms_t *terms, const char *form,
                    size_t len)
{
    for (size_t i = 0; i < terms->n; i++) {
        if (terms->items[i].is_alone && is_match(&terms->items[i], form, len))
            return (int)i;
    }
    return -1;
}

int
sr_match_terms_find_in_phrase(const sr_match_terms_t *terms,
                              const char *form, size_t len)
{
    for (size_t i = 0; i < terms->n; i++) {
        if (terms->items[i].is_in_phrase &&
            is_match(&terms->items[i], form, len))
            return (int)i;
    }
    return -1;
}

/* True when HELD (see sr_match_terms_n_held) has a form of each place of
 * PHRASE. */
static bool
may_hold_phrase(const sr_match_terms_t *terms,
                const sr_match_phrase_t *phrase, const bool *held)
{
    for (size_t k = 0; k < phrase->n; k++) {
        const sr_match_place_t *place = &terms->places[phrase->first + k];
        bool has_form = false;
        for (size_t a = 0; !has_form && a < place->n; a++)
            has_form = held[terms->alts[place->first + a]];
        if (!has_form)
            return false;
    }
    return true;
}

size_t
sr_match_terms_n_held(const sr_match_terms_t *terms, const bool *held)
{
    size_t n = 0;

    for (size_t i = 0; i < terms->n; i++)
        n += terms->items[i].is_alone && held[i];
    for (size_t p = 0; p < terms->n_phrases; p++)
        n += may_hold_phrase(terms, &terms->phrases[p], held);
    return n;
}
