/* hit_json.c - one hit of a result list as JSON. */
#include "hit_json.h"

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
string_or_null(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
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

/* "Sword" -> "title:word": prefixes as the query language names them;
 * "XPerror handl" -> "(together) error handl", a pair of words. */
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
    if (strncmp(term, QR_PREFIX_PAIR, strlen(QR_PREFIX_PAIR)) == 0) {
        snprintf(out, sizeof out, "(together) %s",
                 term + strlen(QR_PREFIX_PAIR));
        return json_string(out);
    }
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
highlights_json(const sr_snippet_t *s)
{
    json_t *list = json_array();

    for (size_t i = 0; list != NULL && i < s->n_marks; i++) {
        json_t *span = json_pack("{s:I, s:I}",
                                 "start", (json_int_t)s->marks[i].start,
                                 "end", (json_int_t)s->marks[i].end);
        if (json_array_append_new(list, span) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* The snippet of H's body as JSON into *OUT (null without a body). */
static qr_status_t
snippet_json(const sr_page_hit_t *h, sr_snippeter_t *snippeter, json_t **out,
             qr_err_t *err)
{
    sr_snippet_t s;
    char *marked = NULL;
    qr_status_t st;

    *out = NULL;
    if (h->body == NULL || h->body_len == 0) {
        *out = json_null();
        return QR_OK;
    }
    memset(&s, 0, sizeof s);
    st = sr_snippet_make(snippeter, h->body, h->body_len, h->n_present, &s,
                         err);
    if (st == QR_OK)
        st = sr_snippet_marked(&s, SR_MARK_OPEN, SR_MARK_CLOSE, &marked, err);
    if (st == QR_OK) {
        *out = json_pack("{s:s%, s:s, s:o, s:b, s:b}", "text", s.text, s.len,
                         "marked", marked, "highlights", highlights_json(&s),
                         "truncated_start", s.is_cut_before,
                         "truncated_end", s.is_cut_after);
        if (*out == NULL)
            st = qr_err_set(err, QR_ERR_ENCODING, "a snippet is not valid "
                            "UTF-8");
    }
    free(marked);
    sr_snippet_release(&s);
    return st;
}

static json_t *
article_json(const qr_article_t *a, const qr_hit_t *h, size_t rank)
{
    char iso[QR_DATE_ISO_BYTES];
    char *author = qr_strlist_join(&a->authors);
    bool has_date = a->date_source != QR_DATE_SOURCE_NONE;
    json_t *hit = json_object();
    bool is_ok = hit != NULL &&
        set(hit, "rank", json_integer((json_int_t)rank)) &&
        set(hit, "id", json_string(a->id)) &&
        set(hit, "path", string_or_null(a->path)) &&
        set(hit, "url", string_or_null(a->url)) &&
        set(hit, "title", string_or_null(a->title)) &&
        set(hit, "author", string_or_null(author)) &&
        set(hit, "authors", string_list(&a->authors)) &&
        set(hit, "date", has_date ? json_string(qr_date_format_iso(a->date,
                                                                   iso))
                                  : json_null()) &&
        set(hit, "date_source",
            json_string(qr_date_source_str(a->date_source))) &&
        set(hit, "tags", string_list(&a->tags)) &&
        set(hit, "score", json_real(h->score));

    free(author);
    if (!is_ok) {
        json_decref(hit);
        return NULL;
    }
    return hit;
}

qr_status_t
sr_hit_to_json(const sr_page_hit_t *h, size_t rank, sr_snippeter_t *snippeter,
               bool wants_explain, json_t **json_out, qr_err_t *err)
{
    json_t *out = NULL, *snippet = NULL;
    qr_status_t st = QR_OK;

    *json_out = NULL;
    out = article_json(&h->article, h->hit, rank);
    if (out == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    if (snippeter != NULL)
        st = snippet_json(h, snippeter, &snippet, err);
    else
        snippet = json_null();
    if (st == QR_OK && (!set(out, "snippet", snippet) ||
                        (wants_explain &&
                         !set(out, "explain", explain_json(h->hit)))))
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    if (st == QR_OK) {
        *json_out = out;
        out = NULL;
    }
    json_decref(out);
    return st;
}
