/* related.c - the query behind --like ID: the articles most like one. */
#include "related.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"
#include "query_dates.h"
#include "terms.h"

/* Collects expand terms into an OR node and a JSON list. */
typedef struct collect {
    qr_query_t *any;
    json_t *terms;
    qr_status_t st;
    qr_err_t *err;
} collect_t;

static bool
collect_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    collect_t *c = ctx;
    qr_query_t *q = NULL;

    (void)freq;
    c->st = qr_query_new_term(QR_Q_TERM, term, len, 0, &q, c->err);
    if (c->st == QR_OK)
        c->st = qr_query_add_take(c->any, q, c->err);
    if (c->st == QR_OK &&
        json_array_append_new(c->terms, json_stringn(term, len)) != 0)
        c->st = qr_err_set(c->err, QR_ERR_ENCODING, "a term is not valid "
                           "UTF-8");
    return c->st == QR_OK;
}

/* The article's stored JSON (its title and other metadata the data
 * holds, terms.h), read through its id term. */
static qr_status_t
read_article(qr_db_t *db, const char *id, const char *id_term,
             json_t **json_out, qr_err_t *err)
{
    char *data = NULL;
    size_t len, json_len, body_len;
    const char *body;
    bool is_found;
    qr_status_t st = qr_db_find_data(db, id_term, strlen(id_term), &data,
                                     &len, &is_found, err);

    *json_out = NULL;
    if (st != QR_OK)
        return st;
    if (!is_found)
        return qr_err_set(err, QR_ERR_NOT_FOUND, "no article has the id "
                          "\"%.200s\"", id);
    qr_article_data_split(data, len, &json_len, &body, &body_len);
    *json_out = json_loadb(data, json_len, 0, NULL);
    free(data);
    if (!json_is_object(*json_out)) {
        json_decref(*json_out);
        *json_out = NULL;
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "the article \"%.200s\" "
                          "is stored damaged", id);
    }
    return QR_OK;
}

/* The article's date, from its date value (terms.h), into *DATE_OUT;
 * *HAS_DATE_OUT is false when it has none. */
static qr_status_t
read_date(qr_db_t *db, const char *id_term, int64_t *date_out,
          bool *has_date_out, qr_err_t *err)
{
    char value[64];
    size_t len;
    bool is_found;
    qr_status_t st = qr_db_find_value(db, id_term, QR_SLOT_DATE, value,
                                      sizeof value, &len, &is_found, err);

    *has_date_out = st == QR_OK && is_found && len > 0;
    *date_out = *has_date_out ? qr_db_date_from_value(value, len) : 0;
    return st;
}

/* The dates within WINDOW of DATE, as a filter into *OUT. */
static qr_status_t
window_filter(const char *window, int64_t date, qr_query_t **out,
              qr_err_t *err)
{
    int64_t lo;
    qr_status_t st = sr_dates_bound(window, strlen(window), false, date, &lo,
                                    err);

    *out = NULL;
    if (st == QR_ERR_PARSE) {
        /* A bad option, not a bad query: no issue is recorded for it (the
         * options check --window first, so this is a bug). */
        if (err != NULL)
            err->status = QR_ERR_USAGE;
        qr_err_prefix(err, "--window: ");
        return QR_ERR_USAGE;
    }
    if (st != QR_OK)
        return st;
    st = qr_query_new(QR_Q_DATE_RANGE, out, err);
    if (st != QR_OK)
        return st;
    (*out)->slot = QR_SLOT_DATE;
    (*out)->lo = lo;
    (*out)->hi = date + (date - lo);
    (*out)->has_lo = (*out)->has_hi = true;
    return QR_OK;
}

/* The ranking part: the expand terms of the article, without it. */
static qr_status_t
likeness(qr_db_t *db, const char *id_term, qr_query_t **out, json_t *terms,
         qr_err_t *err)
{
    collect_t c = { NULL, terms, QR_OK, err };
    qr_query_t *self = NULL;
    qr_status_t st = qr_query_new(QR_Q_OR, &c.any, err);

    *out = NULL;
    if (st == QR_OK)
        st = qr_db_expand(db, id_term, SR_RELATED_TERMS, collect_term, &c,
                          err);
    if (st == QR_OK)
        st = c.st;
    if (st == QR_OK && c.any->n_kids == 0) {
        /* Nothing the article says is said elsewhere. */
        c.any->op = QR_Q_MATCH_NOTHING;
    }
    if (st == QR_OK)
        st = qr_query_new_term(QR_Q_TERM, id_term, strlen(id_term), 0, &self,
                               err);
    if (st != QR_OK) {
        qr_query_free(c.any);
        return st;
    }
    return sr_query_pair(QR_Q_AND_NOT, c.any, self, out, err);
}

qr_status_t
sr_related_query(qr_db_t *db, const char *id, const char *window,
                 const sr_filters_t *filters, int64_t now,
                 qr_query_t **query_out, json_t **like_out,
                 sr_issues_t *issues, qr_err_t *err)
{
    char id_term[QR_ID_TERM_BYTES], iso[QR_DATE_ISO_BYTES];
    json_t *article = NULL, *terms = json_array(), *date_json;
    qr_query_t *ranking = NULL, *range = NULL;
    int64_t date;
    bool has_date = false;
    qr_status_t st;

    *query_out = NULL;
    *like_out = NULL;
    qr_terms_id(id, id_term);
    st = terms ? read_article(db, id, id_term, &article, err)
               : qr_err_set(err, QR_ERR_NOMEM, "out of memory");
    if (st == QR_OK)
        st = read_date(db, id_term, &date, &has_date, err);
    if (st != QR_OK)
        goto out;
    if (window != NULL && !has_date) {
        st = qr_err_set(err, QR_ERR_USAGE, "--window: the article "
                        "\"%.200s\" has no date", id);
        goto out;
    }
    if (window != NULL)
        st = window_filter(window, date, &range, err);
    if (st == QR_OK)
        st = likeness(db, id_term, &ranking, terms, err);
    if (st != QR_OK) {
        qr_query_free(range);
        goto out;
    }
    st = sr_query_filter_take(ranking, range, filters, now, query_out,
                              issues, err);
    if (st != QR_OK)
        goto out;
    date_json = has_date ? json_string(qr_date_format_iso(date, iso))
                         : json_null();
    *like_out = json_pack("{s:s, s:O?, s:o, s:s?, s:O}", "id", id, "title",
                          json_object_get(article, "title"), "date",
                          date_json, "window", window, "terms", terms);
    if (*like_out == NULL) {
        qr_query_free(*query_out);
        *query_out = NULL;
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    }
out:
    json_decref(article);
    json_decref(terms);
    return st;
}
