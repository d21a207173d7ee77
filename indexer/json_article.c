/* json_article.c - one JSON object turned into an article. */
#include "json_article.h"

#include <stdio.h>
#include <string.h>

#include "article_fields.h"
#include "fields.h"

enum { MAX_KEY = 128, MAX_DEPTH = 4 };

static const char *const BODY_KEYS[] = {
    "body", "content", "text", "content_text", NULL
};

static bool
is_body_key(const char *key)
{
    for (size_t i = 0; BODY_KEYS[i] != NULL; i++) {
        if (strcmp(key, BODY_KEYS[i]) == 0)
            return true;
    }
    return false;
}

/* Adds VALUE under KEY: strings and numbers as text, arrays element by
 * element, objects as "key.member". */
static qr_status_t
add_json_value(ix_fields_t *fields, const char *key, const json_t *value,
               size_t line, int depth, qr_err_t *err)
{
    char text[64];
    const char *member;
    const json_t *item;
    size_t i;

    if (depth > MAX_DEPTH)
        return QR_OK;
    switch (json_typeof(value)) {
    case JSON_STRING:
        return ix_fields_add(fields, key, strlen(key),
                             json_string_value(value),
                             json_string_length(value), line, err);
    case JSON_INTEGER:
        snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(value));
        return ix_fields_add(fields, key, strlen(key), text, strlen(text),
                             line, err);
    case JSON_ARRAY:
        json_array_foreach(value, i, item) {
            qr_status_t st = add_json_value(fields, key, item, line,
                                            depth + 1, err);
            if (st != QR_OK)
                return st;
        }
        return QR_OK;
    case JSON_OBJECT:
        json_object_foreach((json_t *)value, member, item) {
            char full[MAX_KEY];
            qr_status_t st;
            snprintf(full, sizeof full, "%s.%s", key, member);
            st = add_json_value(fields, full, item, line, depth + 1, err);
            if (st != QR_OK)
                return st;
        }
        return QR_OK;
    default:
        return QR_OK;   /* reals, booleans and null name no article field */
    }
}

static qr_status_t
collect(const json_t *obj, size_t line, ix_fields_t *fields,
        const json_t **body_out, qr_err_t *err)
{
    const char *key;
    const json_t *value;

    *body_out = NULL;
    json_object_foreach((json_t *)obj, key, value) {
        qr_status_t st;
        if (is_body_key(key)) {
            if (*body_out == NULL)
                *body_out = value;
            continue;
        }
        st = add_json_value(fields, key, value, line, 0, err);
        if (st != QR_OK)
            return st;
    }
    if (*body_out != NULL && !json_is_string(*body_out))
        return qr_err_set(err, QR_ERR_PARSE, "the body is not a string");
    return QR_OK;
}

/* True when A has what an article has: a title, and text, a date of its
 * own or an author. */
static bool
has_article_fields(const qr_article_t *a)
{
    return a->title != NULL &&
           (a->body_len > 0 || a->date_source == QR_DATE_SOURCE_METADATA ||
            a->authors.n > 0);
}

qr_status_t
ix_json_article(const json_t *obj, const ix_source_t *src,
                const ix_json_record_t *rec, const ix_sink_t *sink,
                bool *is_article_out, qr_err_t *err)
{
    ix_fields_t fields;
    qr_article_t a;
    const json_t *body;
    bool is_article = false;
    qr_status_t st;

    if (is_article_out != NULL)
        *is_article_out = false;
    if (!json_is_object(obj))
        return qr_err_set(err, QR_ERR_PARSE, "not a JSON object");
    ix_fields_init(&fields);
    qr_article_init(&a);
    st = collect(obj, rec->line, &fields, &body, err);
    if (st == QR_OK)
        st = ix_fields_apply(&fields, src, sink, &a, err);
    if (st == QR_OK && body != NULL)
        st = qr_article_set_body(&a, json_string_value(body),
                                 json_string_length(body), err);
    if (st == QR_OK && a.id == NULL && rec->fallback_id != NULL)
        st = qr_article_set_exact(&a.id, rec->fallback_id,
                                  strlen(rec->fallback_id), err);
    if (st == QR_OK)
        is_article = !rec->needs_article_fields || has_article_fields(&a);
    if (st == QR_OK && is_article)
        st = ix_article_finish(&a, src, rec->format, rec->line, NULL, err);
    if (st == QR_OK && is_article)
        st = sink->article(sink->ctx, &a, err);
    if (is_article_out != NULL)
        *is_article_out = st == QR_OK && is_article;
    qr_article_release(&a);
    ix_fields_release(&fields);
    return st;
}
