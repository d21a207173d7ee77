/* json_article.c - one JSON object turned into an article. */
#include "json_article.h"

#include <stdio.h>
#include <string.h>

#include "article_fields.h"
#include "fields.h"
#include "html_text.h"
#include "text.h"

enum { MAX_KEY = 128, MAX_DEPTH = 4 };

/* In order of preference; JSON Feed's content_html is HTML, the others
 * are plain text unless they look like HTML (looks_like_html). */
static const char *const BODY_KEYS[] = {
    "body", "content", "text", "content_text", "content_html", NULL
};
enum { HTML_BODY_KEY = 4 };

/* HTML5 elements libxml2's HTML 4 table does not know. */
static const char *const HTML5_ELEMENTS[] = {
    "article", "aside", "details", "figcaption", "figure", "footer",
    "header", "main", "mark", "nav", "picture", "section", "summary",
    "time", NULL
};

/* The rank of KEY in BODY_KEYS, or -1 when it names no body. */
static int
body_rank(const char *key)
{
    for (int i = 0; BODY_KEYS[i] != NULL; i++) {
        if (strcmp(key, BODY_KEYS[i]) == 0)
            return i;
    }
    return -1;
}

static bool
is_html_element(const char *name)
{
    if (htmlTagLookup((const xmlChar *)name) != NULL)
        return true;
    for (size_t i = 0; HTML5_ELEMENTS[i] != NULL; i++) {
        if (strcmp(name, HTML5_ELEMENTS[i]) == 0)
            return true;
    }
    return false;
}

/* True when S[0..LEN) is HTML rather than text: past leading white space
 * it opens with a comment, a doctype or a tag of an HTML element ("<p>",
 * "<div class=x>", "<br/>"), as CMS exports store bodies. Text that only
 * starts with a '<' ("<T> is a type", a Markdown "<https://...>") does
 * not. */
static bool
looks_like_html(const char *s, size_t len)
{
    char name[16];
    size_t i = 0, n = 0;

    while (i < len && strchr(" \t\r\n", s[i]) != NULL)
        i++;
    if (i >= len || s[i] != '<')
        return false;
    i++;
    if (i < len && s[i] == '!')
        return true;
    while (i < len && n + 1 < sizeof name &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (n > 0 && s[i] >= '0' && s[i] <= '9'))) {
        name[n++] = (char)(s[i] | 0x20);
        i++;
    }
    name[n] = '\0';
    return n > 0 && i < len && strchr(" \t\r\n/>", s[i]) != NULL &&
           is_html_element(name);
}

/* Adds the string VALUE under KEY; a tag field given as one string is a
 * comma-separated list, as in mail headers. */
static qr_status_t
add_json_string(ix_fields_t *fields, const char *key, const json_t *value,
                bool is_in_list, size_t line, qr_err_t *err)
{
    const char *s = json_string_value(value);
    size_t len = json_string_length(value);

    if (!is_in_list && ix_fields_is_tag_key(key))
        return ix_fields_add_list(fields, key, strlen(key), s, len, line,
                                  err);
    return ix_fields_add(fields, key, strlen(key), s, len, line, err);
}

/* Adds VALUE under KEY: strings and numbers as text, arrays element by
 * element (IS_IN_LIST), objects as "key.member". */
static qr_status_t
add_json_value(ix_fields_t *fields, const char *key, const json_t *value,
               bool is_in_list, size_t line, int depth, qr_err_t *err)
{
    char text[64];
    const char *member;
    const json_t *item;
    size_t i;

    if (depth > MAX_DEPTH)
        return QR_OK;
    switch (json_typeof(value)) {
    case JSON_STRING:
        return add_json_string(fields, key, value, is_in_list, line, err);
    case JSON_INTEGER:
        snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(value));
        return ix_fields_add(fields, key, strlen(key), text, strlen(text),
                             line, err);
    case JSON_ARRAY:
        json_array_foreach(value, i, item) {
            qr_status_t st = add_json_value(fields, key, item, true, line,
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
            st = add_json_value(fields, full, item, false, line, depth + 1,
                                err);
            if (st != QR_OK)
                return st;
        }
        return QR_OK;
    default:
        return QR_OK;   /* reals, booleans and null name no article field */
    }
}

/* Adds OBJ's members to FIELDS, but for the body: *BODY_OUT gets the
 * most preferred of BODY_KEYS present (or NULL) and *BODY_RANK_OUT its
 * rank. */
static qr_status_t
collect(const json_t *obj, size_t line, ix_fields_t *fields,
        const json_t **body_out, int *body_rank_out, qr_err_t *err)
{
    const char *key;
    const json_t *value;

    *body_out = NULL;
    *body_rank_out = -1;
    json_object_foreach((json_t *)obj, key, value) {
        int rank = body_rank(key);
        qr_status_t st;
        if (rank >= 0) {
            if (*body_out == NULL || rank < *body_rank_out) {
                *body_out = value;
                *body_rank_out = rank;
            }
            continue;
        }
        st = add_json_value(fields, key, value, false, line, 0, err);
        if (st != QR_OK)
            return st;
    }
    if (*body_out != NULL && !json_is_string(*body_out))
        return qr_err_set(err, QR_ERR_PARSE, "the body is not a string");
    return QR_OK;
}

/* Sets A's body from the string BODY: its text when it is HTML (IS_HTML,
 * or it looks like HTML), else as it is. */
static qr_status_t
set_body(qr_article_t *a, const json_t *body, bool is_html, qr_err_t *err)
{
    const char *s = json_string_value(body);
    size_t len = json_string_length(body);
    ix_text_t t;

    if (!is_html && !looks_like_html(s, len))
        return qr_article_set_body(a, s, len, err);
    ix_text_init(&t);
    return ix_text_to_body(&t, ix_html_fragment_text(s, len, &t, err), a,
                           err);
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
    int body_rank;
    bool is_article = false;
    qr_status_t st;

    if (is_article_out != NULL)
        *is_article_out = false;
    if (!json_is_object(obj))
        return qr_err_set(err, QR_ERR_PARSE, "not a JSON object");
    ix_fields_init(&fields);
    qr_article_init(&a);
    st = collect(obj, rec->line, &fields, &body, &body_rank, err);
    if (st == QR_OK)
        st = ix_fields_apply(&fields, src, sink, &a, err);
    if (st == QR_OK && body != NULL)
        st = set_body(&a, body, body_rank == HTML_BODY_KEY, err);
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
