/* output_json.c - the JSON that quarry-search prints (contract version 1). */
#include "output_json.h"

#include <string.h>

#include "date.h"
#include "hit_json.h"
#include "options.h"

/* Sets KEY on OBJ to VALUE (stolen); false on failure (VALUE NULL too). */
static bool
set(json_t *obj, const char *key, json_t *value)
{
    return value != NULL && json_object_set_new(obj, key, value) == 0;
}

json_t *
sr_json_envelope(void)
{
    json_t *root = json_object();

    if (root != NULL &&
        !set(root, "schema_version", json_integer(SR_FORMAT_VERSION))) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* The issue's position: the 1-based character, or null for an option.
 * CURSOR carries the count from one issue to the next (issues come in
 * query order), so a query with an issue per byte stays linear. */
static json_t *
position_json(const char *query_text, size_t len, const sr_issue_t *issue,
              sr_text_cursor_t *cursor)
{
    if (issue->offset == SR_ISSUE_NO_OFFSET || query_text == NULL)
        return json_null();
    return json_integer((json_int_t)sr_issue_position_from(
        query_text, len, issue->offset, cursor));
}

static json_t *
issue_json(const char *query_text, size_t len, const sr_issue_t *issue,
           sr_text_cursor_t *cursor)
{
    json_t *obj = json_object();

    if (obj == NULL ||
        !set(obj, "code", json_string(sr_issue_code_str(issue->code))) ||
        !set(obj, "message", json_string(issue->message)) ||
        !set(obj, "position", position_json(query_text, len, issue,
                                            cursor))) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static json_t *
warnings_json(const char *query_text, const sr_issues_t *issues)
{
    json_t *list = json_array();
    sr_text_cursor_t cursor = { 0, 0 };
    size_t len = query_text != NULL ? strlen(query_text) : 0;

    for (size_t i = 0; list != NULL && issues != NULL && i < issues->n;
         i++) {
        if (json_array_append_new(list, issue_json(query_text, len,
                                                   &issues->items[i],
                                                   &cursor)) != 0) {
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

static json_t *
bounds_json(const qr_results_t *results)
{
    return json_pack("{s:I, s:I}",
                     "lower", (json_int_t)qr_results_lower(results),
                     "upper", (json_int_t)qr_results_upper(results));
}

/* The envelope's fields before the hits. */
static bool
head(json_t *root, const sr_results_input_t *in)
{
    return set(root, "query", in->query_text ? json_string(in->query_text)
                                             : json_null()) &&
           set(root, "took_ms", json_real(0)) &&
           set(root, "total", json_integer((json_int_t)qr_results_estimated(
                                  in->results))) &&
           set(root, "total_bounds", bounds_json(in->results)) &&
           set(root, "offset", json_integer(in->offset)) &&
           set(root, "limit", json_integer(in->limit)) &&
           set(root, "warnings", warnings_json(in->query_text, in->issues)) &&
           set(root, "suggestion", json_null()) &&
           set(root, "facets", json_null()) &&
           set(root, "like", json_null());
}

qr_status_t
sr_results_to_json(const sr_results_input_t *in, json_t **json_out,
                   qr_err_t *err)
{
    json_t *root = sr_json_envelope();
    json_t *hits = json_array();
    qr_status_t st = QR_OK;

    *json_out = NULL;
    if (root == NULL || hits == NULL || !head(root, in) ||
        json_object_set(root, "hits", hits) != 0 ||
        (in->explain != NULL &&
         !set(root, "explain", settings_json(in->explain, in->results)))) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
        goto out;
    }
    for (size_t i = 0; st == QR_OK && i < in->page->n; i++) {
        json_t *hit = NULL;
        st = sr_hit_to_json(&in->page->hits[i], (size_t)in->offset + i + 1,
                            in->snippeter, in->explain != NULL, &hit, err);
        if (st == QR_OK && json_array_append_new(hits, hit) != 0)
            st = qr_err_set(err, QR_ERR_NOMEM, "out of memory building "
                            "JSON");
    }
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
sr_error_to_json(const char *query_text, const char *code,
                 const char *message, size_t position, json_t **json_out,
                 qr_err_t *err)
{
    json_t *root = sr_json_envelope();
    json_t *error = json_pack("{s:s, s:s, s:o}", "code", code, "message",
                              message, "position",
                              position > 0 ? json_integer((json_int_t)position)
                                           : json_null());

    *json_out = NULL;
    if (root == NULL || error == NULL ||
        !set(root, "query", query_text ? json_string(query_text)
                                       : json_null())) {
        json_decref(error);
        json_decref(root);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    }
    if (!set(root, "error", error)) {
        json_decref(root);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    }
    *json_out = root;
    return QR_OK;
}

qr_status_t
sr_issue_to_json(const char *query_text, const sr_issue_t *issue,
                 json_t **json_out, qr_err_t *err)
{
    size_t position = 0;

    if (issue->offset != SR_ISSUE_NO_OFFSET && query_text != NULL)
        position = sr_issue_position(query_text, strlen(query_text),
                                     issue->offset);
    return sr_error_to_json(query_text, sr_issue_code_str(issue->code),
                            issue->message, position, json_out, err);
}
