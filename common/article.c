/* article.c - the article model and its JSON form in document data. */
#include "article.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
qr_article_init(qr_article_t *a)
{
    memset(a, 0, sizeof *a);
}

void
qr_strlist_release(qr_strlist_t *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i]);
    free(list->items);
    qr_strindex_release(&list->index);
    memset(list, 0, sizeof *list);
}

static const char *
strlist_item(const void *items, size_t i)
{
    return ((char *const *)items)[i];
}

void
qr_article_release(qr_article_t *a)
{
    free(a->id);
    free(a->path);
    free(a->url);
    free(a->format);
    free(a->title);
    qr_strlist_release(&a->authors);
    qr_strlist_release(&a->tags);
    free(a->body);
    qr_article_init(a);
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Copies S[0..LEN) trimmed and with white-space runs collapsed; returns
 * NULL on OOM. *IS_EMPTY_OUT tells an empty result from OOM. */
static char *
collapse_space(const char *s, size_t len, bool *is_empty_out)
{
    char *out;
    size_t n = 0;
    bool in_space = false;

    *is_empty_out = false;
    while (len > 0 && is_space(*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_space(s[len - 1]))
        len--;
    if (len == 0) {
        *is_empty_out = true;
        return NULL;
    }
    out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (is_space(s[i])) {
            in_space = true;
            continue;
        }
        if (in_space)
            out[n++] = ' ';
        in_space = false;
        out[n++] = s[i];
    }
    out[n] = '\0';
    return out;
}

qr_status_t
qr_article_set_text(char **field, const char *s, size_t len, qr_err_t *err)
{
    bool is_empty;
    char *copy = collapse_space(s, len, &is_empty);

    if (copy == NULL && !is_empty)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory copying text");
    free(*field);
    *field = copy;
    return QR_OK;
}

qr_status_t
qr_article_set_exact(char **field, const char *s, size_t len, qr_err_t *err)
{
    char *copy = malloc(len + 1);

    if (copy == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory copying %zu "
                          "bytes of text", len);
    memcpy(copy, s, len);
    copy[len] = '\0';
    free(*field);
    *field = copy;
    return QR_OK;
}

qr_status_t
qr_article_set_body(qr_article_t *a, const char *s, size_t len, qr_err_t *err)
{
    qr_status_t st = qr_article_set_exact(&a->body, s, len, err);

    if (st == QR_OK)
        a->body_len = len;
    return st;
}

qr_status_t
qr_strlist_add(qr_strlist_t *list, const char *s, size_t len, qr_err_t *err)
{
    bool is_empty;
    char *copy = collapse_space(s, len, &is_empty);

    if (is_empty)
        return QR_OK;
    if (copy == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory copying text");
    if (qr_strindex_find(&list->index, list->items, strlist_item, copy) !=
        SIZE_MAX) {
        free(copy);
        return QR_OK;
    }
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 4;
        char **items = realloc(list->items, cap * sizeof *items);
        if (items == NULL) {
            free(copy);
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory growing a "
                              "list");
        }
        list->items = items;
        list->cap = cap;
    }
    list->items[list->n++] = copy;
    if (!qr_strindex_add(&list->index, list->items, list->n, strlist_item,
                         list->n - 1)) {
        free(list->items[--list->n]);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory growing a "
                          "list");
    }
    return QR_OK;
}

char *
qr_strlist_join(const qr_strlist_t *list)
{
    size_t len = 0, n = 0;
    char *out;

    if (list->n == 0)
        return NULL;
    for (size_t i = 0; i < list->n; i++)
        len += strlen(list->items[i]) + 2;
    out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < list->n; i++) {
        size_t item_len = strlen(list->items[i]);
        if (i > 0) {
            memcpy(out + n, ", ", 2);
            n += 2;
        }
        memcpy(out + n, list->items[i], item_len);
        n += item_len;
    }
    out[n] = '\0';
    return out;
}

/* Copies SRC (may be NULL) into *DST; false on OOM. */
static bool
copy_string(char **dst, const char *src)
{
    if (src == NULL)
        return true;
    *dst = strdup(src);
    return *dst != NULL;
}

static bool
copy_list(qr_strlist_t *dst, const qr_strlist_t *src)
{
    for (size_t i = 0; i < src->n; i++) {
        if (qr_strlist_add(dst, src->items[i], strlen(src->items[i]),
                           NULL) != QR_OK) {
            return false;
        }
    }
    return true;
}

qr_status_t
qr_article_copy(qr_article_t *dst, const qr_article_t *src, qr_err_t *err)
{
    bool is_ok = copy_string(&dst->id, src->id) &&
                 copy_string(&dst->path, src->path) &&
                 copy_string(&dst->url, src->url) &&
                 copy_string(&dst->format, src->format) &&
                 copy_string(&dst->title, src->title) &&
                 copy_list(&dst->authors, &src->authors) &&
                 copy_list(&dst->tags, &src->tags);

    if (is_ok && src->body != NULL)
        is_ok = qr_article_set_body(dst, src->body, src->body_len, NULL) ==
                QR_OK;
    if (!is_ok) {
        qr_article_release(dst);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory copying an "
                          "article");
    }
    dst->date = src->date;
    dst->date_source = src->date_source;
    dst->line = src->line;
    return QR_OK;
}

const char *
qr_date_source_str(qr_date_source_t source)
{
    switch (source) {
    case QR_DATE_SOURCE_METADATA:
        return "metadata";
    case QR_DATE_SOURCE_PATH:
        return "path";
    case QR_DATE_SOURCE_MTIME:
        return "mtime";
    case QR_DATE_SOURCE_NONE:
    default:
        return "none";
    }
}

qr_date_source_t
qr_date_source_from_str(const char *s)
{
    if (strcmp(s, "metadata") == 0)
        return QR_DATE_SOURCE_METADATA;
    if (strcmp(s, "path") == 0)
        return QR_DATE_SOURCE_PATH;
    if (strcmp(s, "mtime") == 0)
        return QR_DATE_SOURCE_MTIME;
    return QR_DATE_SOURCE_NONE;
}

/* Sets KEY to string S on OBJ when S is not NULL. */
static qr_status_t
put_string(json_t *obj, const char *key, const char *s, qr_err_t *err)
{
    json_t *value;

    if (s == NULL)
        return QR_OK;
    value = json_string(s);
    if (value == NULL)
        return qr_err_set(err, QR_ERR_ENCODING, "%s is not valid UTF-8: "
                          "\"%.40s\"", key, s);
    if (json_object_set_new(obj, key, value) != 0)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    return QR_OK;
}

static qr_status_t
put_list(json_t *obj, const char *key, const qr_strlist_t *list,
         qr_err_t *err)
{
    json_t *array;

    if (list->n == 0)
        return QR_OK;
    array = json_array();
    if (array == NULL || json_object_set_new(obj, key, array) != 0)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    for (size_t i = 0; i < list->n; i++) {
        json_t *value = json_string(list->items[i]);
        if (value == NULL)
            return qr_err_set(err, QR_ERR_ENCODING, "%s is not valid UTF-8",
                              key);
        if (json_array_append_new(array, value) != 0)
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory building "
                              "JSON");
    }
    return QR_OK;
}

qr_status_t
qr_article_to_json(const qr_article_t *a, json_t **json_out, qr_err_t *err)
{
    qr_status_t st;
    json_t *obj = json_object();

    *json_out = NULL;
    if (obj == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    if ((st = put_string(obj, "id", a->id, err)) != QR_OK ||
        (st = put_string(obj, "path", a->path, err)) != QR_OK ||
        (st = put_string(obj, "url", a->url, err)) != QR_OK ||
        (st = put_string(obj, "format", a->format, err)) != QR_OK ||
        (st = put_string(obj, "title", a->title, err)) != QR_OK ||
        (st = put_list(obj, "authors", &a->authors, err)) != QR_OK ||
        (st = put_list(obj, "tags", &a->tags, err)) != QR_OK) {
        goto out;
    }
    if (a->date_source != QR_DATE_SOURCE_NONE) {
        if (json_object_set_new(obj, "date", json_integer(a->date)) != 0 ||
            json_object_set_new(obj, "date_source",
                                json_string(qr_date_source_str(
                                    a->date_source))) != 0) {
            st = qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
            goto out;
        }
    }
    *json_out = obj;
    obj = NULL;
out:
    json_decref(obj);
    return st;
}

/* Copies string member KEY of JSON into *FIELD; absent or null is fine. */
static qr_status_t
get_string(const json_t *json, const char *key, char **field, qr_err_t *err)
{
    const json_t *value = json_object_get(json, key);

    if (value == NULL || json_is_null(value))
        return QR_OK;
    if (!json_is_string(value))
        return qr_err_set(err, QR_ERR_PARSE, "%s is not a string", key);
    free(*field);
    *field = strdup(json_string_value(value));
    if (*field == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory reading JSON");
    return QR_OK;
}

static qr_status_t
get_list(const json_t *json, const char *key, qr_strlist_t *list,
         qr_err_t *err)
{
    const json_t *array = json_object_get(json, key);
    const json_t *value;
    size_t i;

    if (array == NULL)
        return QR_OK;
    if (!json_is_array(array))
        return qr_err_set(err, QR_ERR_PARSE, "%s is not a list", key);
    json_array_foreach(array, i, value) {
        qr_status_t st;
        if (!json_is_string(value))
            return qr_err_set(err, QR_ERR_PARSE, "%s holds a non-string",
                              key);
        st = qr_strlist_add(list, json_string_value(value),
                            json_string_length(value), err);
        if (st != QR_OK)
            return st;
    }
    return QR_OK;
}

qr_status_t
qr_article_from_json(const json_t *json, qr_article_t *a, qr_err_t *err)
{
    qr_status_t st;
    const json_t *date, *source;

    if (!json_is_object(json))
        return qr_err_set(err, QR_ERR_PARSE, "article data is not an object");
    if ((st = get_string(json, "id", &a->id, err)) != QR_OK ||
        (st = get_string(json, "path", &a->path, err)) != QR_OK ||
        (st = get_string(json, "url", &a->url, err)) != QR_OK ||
        (st = get_string(json, "format", &a->format, err)) != QR_OK ||
        (st = get_string(json, "title", &a->title, err)) != QR_OK ||
        (st = get_list(json, "authors", &a->authors, err)) != QR_OK ||
        (st = get_list(json, "tags", &a->tags, err)) != QR_OK) {
        qr_article_release(a);
        return st;
    }
    date = json_object_get(json, "date");
    source = json_object_get(json, "date_source");
    if (json_is_integer(date)) {
        a->date = json_integer_value(date);
        /* The index stores no date_source for the commonest one. */
        a->date_source = json_is_string(source)
            ? qr_date_source_from_str(json_string_value(source))
            : QR_DATE_SOURCE_METADATA;
    }
    return QR_OK;
}

qr_status_t
qr_article_data_make(const qr_article_t *a, const char *json,
                     size_t json_len, char **data_out, size_t *len_out,
                     qr_err_t *err)
{
    size_t body_len = a->body != NULL ? a->body_len : 0;
    size_t len = json_len + (body_len > 0 ? 1 + body_len : 0);
    char *data;

    *data_out = NULL;
    *len_out = 0;
    if (json_len > SIZE_MAX - 2 - body_len)
        return qr_err_set(err, QR_ERR_LIMIT, "article of %zu bytes is too "
                          "large", body_len);
    data = malloc(len + 1);
    if (data == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory storing an "
                          "article of %zu bytes", len);
    memcpy(data, json, json_len);
    if (body_len > 0) {
        data[json_len] = '\0';
        memcpy(data + json_len + 1, a->body, body_len);
    }
    data[len] = '\0';
    *data_out = data;
    *len_out = len;
    return QR_OK;
}

void
qr_article_data_split(const char *data, size_t len, size_t *json_len_out,
                      const char **body_out, size_t *body_len_out)
{
    const char *nul = memchr(data, '\0', len);

    *json_len_out = nul != NULL ? (size_t)(nul - data) : len;
    *body_out = nul != NULL ? nul + 1 : NULL;
    *body_len_out = nul != NULL ? len - *json_len_out - 1 : 0;
}
