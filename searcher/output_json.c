/* output_json.c - the JSON that quarry-search prints. */
#include "output_json.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"

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

static json_t *
hit_json(const qr_article_t *a, double score)
{
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
    free(author);
    if (!is_ok) {
        json_decref(hit);
        return NULL;
    }
    return hit;
}

/* Reads the article stored with HIT and appends its JSON to HITS. */
static qr_status_t
append_hit(json_t *hits, const qr_hit_t *hit, qr_err_t *err)
{
    json_error_t json_err;
    json_t *data = json_loadb(hit->data, hit->data_len, 0, &json_err);
    json_t *out;
    qr_article_t a;
    qr_status_t st;

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
    out = hit_json(&a, hit->score);
    qr_article_release(&a);
    if (out == NULL || json_array_append_new(hits, out) != 0)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    return QR_OK;
}

qr_status_t
sr_results_to_json(const char *query_text, const qr_results_t *results,
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
        json_object_set(root, "hits", hits) != 0) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
        goto out;
    }
    for (size_t i = 0; st == QR_OK && i < qr_results_count(results); i++)
        st = append_hit(hits, qr_results_hit(results, i), err);
    if (st == QR_OK) {
        *json_out = root;
        root = NULL;
    }
out:
    json_decref(hits);
    json_decref(root);
    return st;
}
