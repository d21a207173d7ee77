/* output_json.c - the JSON that quarry-search prints. */
#include "output_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"
#include "terms.h"

/* Sets KEY on OBJ to VALUE (stolen); false on failure (VALUE NULL too). */
static bool
set(json_t *obj, const char *key, json_t *value)
{
    return value != NULL && json_object_set_new(obj, key, value) == 0;
}

static json_t *
string_list(const qr_strlist_t *list)
{
    json_t *array = json_array();

    for (size_t i = 0; array != NULL && i < list->n; i++) {
        if (json_array_append_new(array, json_string(list->items[i])) != 0) {
            json_decref(array);
            return NULL;
        }
    }
    return array;
}

/* "Sword" -> "title:word": prefixes as the query language names them. */
static json_t *
matched_term(const char *term)
{
    static const struct {
        char prefix;
        const char *field;
    } FIELDS[] = {
        { 'S', "title:" }, { 'A', "author:" }, { 'K', "tag:" },
        { 'H', "site:" }, { 'Q', "id:" },
    };
    char out[QR_TERM_MAX_BYTES + 16];

    if (strncmp(term, QR_PREFIX_TITLE_KEY, strlen(QR_PREFIX_TITLE_KEY)) == 0)
        return json_string("(whole title)");   /* a hash says nothing */
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
        if (term[0] == FIELDS[i].prefix) {
            snprintf(out, sizeof out, "%s%s", FIELDS[i].field, term + 1);
            return json_string(out);
        }
    }
    return json_string(term);
}

static json_t *
explain_json(const qr_hit_t *h)
{
    json_t *obj = json_object(), *matched = json_array();
    bool is_ok = obj != NULL && matched != NULL &&
                 set(obj, "bm25", json_real(h->relevance)) &&
                 set(obj, "recency", json_real(h->recency));

    for (size_t i = 0; is_ok && i < h->n_matched; i++)
        is_ok = json_array_append_new(matched, matched_term(h->matched[i])) ==
                0;
    if (is_ok)
        is_ok = set(obj, "matched", matched);
    else
        json_decref(matched);
    if (!is_ok) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static json_t *
hit_json(const qr_article_t *a, const qr_hit_t *h, bool wants_explain)
{
    double score = h->score;
    json_t *hit = json_object();
    char iso[QR_DATE_ISO_BYTES];
    char *author = qr_strlist_join(&a->authors);
    bool is_ok = hit != NULL && set(hit, "id", json_string(a->id));

    if (is_ok && a->path != NULL)
        is_ok = set(hit, "path", json_string(a->path));
    if (is_ok && a->url != NULL)
        is_ok = set(hit, "url", json_string(a->url));
    if (is_ok)
        is_ok = set(hit, "title", a->title ? json_string(a->title)
                                           : json_null());
    if (is_ok)
        is_ok = set(hit, "author", author ? json_string(author)
                                          : json_null());
    if (is_ok)
        is_ok = set(hit, "authors", string_list(&a->authors));
    if (is_ok && a->date_source != QR_DATE_SOURCE_NONE)
        is_ok = set(hit, "date", json_string(qr_date_format_iso(a->date,
                                                                iso)));
    else if (is_ok)
        is_ok = set(hit, "date", json_null());
    if (is_ok)
        is_ok = set(hit, "date_source",
                    json_string(qr_date_source_str(a->date_source)));
    if (is_ok)
        is_ok = set(hit, "tags", string_list(&a->tags));
    if (is_ok)
        is_ok = set(hit, "score", json_real(score));
    if (is_ok && wants_explain)
        is_ok = set(hit, "explain", explain_json(h));
    free(author);
    if (!is_ok) {
        json_decref(hit);
        return NULL;
    }
    return hit;
}

/* Reads the article stored with HIT and appends its JSON to HITS. */
static qr_status_t
append_hit(json_t *hits, const qr_hit_t *hit, bool wants_explain,
           qr_err_t *err)
{
    json_error_t json_err;
    const char *body;
    size_t json_len, body_len;
    json_t *data, *out;
    qr_article_t a;
    qr_status_t st;

    qr_article_data_split(hit->data, hit->data_len, &json_len, &body,
                          &body_len);
    data = json_loadb(hit->data, json_len, 0, &json_err);
    if (data == NULL)
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "document %u: stored data "
                          "is not JSON: %s", hit->docid, json_err.text);
    qr_article_init(&a);
    st = qr_article_from_json(data, &a, err);
    json_decref(data);
    if (st == QR_ERR_PARSE)
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "document %u: stored data "
                          "is not an article", hit->docid);
    if (st != QR_OK)
        return st;
    out = hit_json(&a, hit, wants_explain);
    qr_article_release(&a);
    if (out == NULL || json_array_append_new(hits, out) != 0)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    return QR_OK;
}

/* The issue's position: the 1-based character, or null for an option. */
static json_t *
position_json(const char *query_text, const sr_issue_t *issue)
{
    if (issue->offset == SR_ISSUE_NO_OFFSET)
        return json_null();
    return json_integer((json_int_t)sr_issue_position(
        query_text, strlen(query_text), issue->offset));
}

static json_t *
issue_json(const char *query_text, const sr_issue_t *issue)
{
    json_t *obj = json_object();

    if (obj == NULL ||
        !set(obj, "code", json_string(sr_issue_code_str(issue->code))) ||
        !set(obj, "message", json_string(issue->message)) ||
        !set(obj, "position", position_json(query_text, issue))) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static json_t *
warnings_json(const char *query_text, const sr_issues_t *issues)
{
    json_t *list = json_array();

    for (size_t i = 0; list != NULL && i < issues->n; i++) {
        if (json_array_append_new(list, issue_json(query_text,
                                                   &issues->items[i])) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static const char *
sort_name(qr_sort_t sort)
{
    switch (sort) {
    case QR_SORT_RELEVANCE:
        return "relevance";
    case QR_SORT_DATE:
        return "date";
    case QR_SORT_HYBRID:
    default:
        return "hybrid";
    }
}

static json_t *
settings_json(const sr_explain_t *explain, const qr_results_t *results)
{
    const qr_search_opts_t *o = explain->opts;
    char now[QR_DATE_ISO_BYTES];
    json_t *obj = json_object();

    if (obj == NULL || !set(obj, "parsed", json_string(explain->parsed)) ||
        !set(obj, "xapian", json_string(qr_results_description(results))) ||
        !set(obj, "sort", json_string(sort_name(o->sort))) ||
        !set(obj, "k1", json_real(o->bm25_k1)) ||
        !set(obj, "b", json_real(o->bm25_b)) ||
        !set(obj, "half_life_days", json_real(o->half_life_days)) ||
        !set(obj, "recency_weight", json_real(o->recency_weight)) ||
        !set(obj, "now", json_string(qr_date_format_iso(o->now, now)))) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

qr_status_t
sr_results_to_json(const char *query_text, const qr_results_t *results,
                   const sr_issues_t *issues, const sr_explain_t *explain,
                   json_t **json_out, qr_err_t *err)
{
    json_t *root = json_object();
    json_t *hits = json_array();
    qr_status_t st = QR_OK;

    *json_out = NULL;
    if (root == NULL || hits == NULL ||
        !set(root, "query", json_string(query_text)) ||
        !set(root, "total", json_integer((json_int_t)qr_results_estimated(
                                results))) ||
        !set(root, "warnings", warnings_json(query_text, issues)) ||
        json_object_set(root, "hits", hits) != 0 ||
        (explain != NULL &&
         !set(root, "explain", settings_json(explain, results)))) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
        goto out;
    }
    for (size_t i = 0; st == QR_OK && i < qr_results_count(results); i++)
        st = append_hit(hits, qr_results_hit(results, i), explain != NULL,
                        err);
    if (st == QR_OK) {
        *json_out = root;
        root = NULL;
    }
out:
    json_decref(hits);
    json_decref(root);
    return st;
}

qr_status_t
sr_error_to_json(const char *query_text, const sr_issue_t *issue,
                 json_t **json_out, qr_err_t *err)
{
    json_t *root = json_object();

    *json_out = NULL;
    if (root == NULL || !set(root, "error", issue_json(query_text, issue))) {
        json_decref(root);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    }
    *json_out = root;
    return QR_OK;
}
