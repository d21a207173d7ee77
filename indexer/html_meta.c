/* html_meta.c - the metadata an HTML page carries, in one walk. */
#include "html_meta.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "html_text.h"
#include "json_load.h"

enum {
    MAX_JSONLD_DEPTH = 6,
    MAX_BYLINE_BYTES = 300    /* longer text is a post, not a byline */
};

/* Class name parts that mark a byline or a date line. */
static const char *const BYLINE_CLASSES[] = {
    "date", "byline", "author", "published", "posted", NULL
};

/* What separates the date from the author in a byline: a middle dot, a
 * bullet, a vertical bar, dashes. */
static const char *const BYLINE_SEPARATORS[] = {
    "\xC2\xB7", "\xE2\x80\xA2", "|", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
    " - ", NULL
};

typedef struct meta_walk {
    ix_fields_t *fields;
    bool has_time;
    bool has_byline;
    qr_err_t *err;
} meta_walk_t;

static bool
is_named(const xmlNode *node, const char *name)
{
    return xmlStrcasecmp(node->name, (const xmlChar *)name) == 0;
}

static qr_status_t
add(meta_walk_t *w, const char *key, const char *value)
{
    if (value == NULL)
        return QR_OK;
    return ix_fields_add(w->fields, key, strlen(key), value, strlen(value),
                         0, w->err);
}

/* Adds attribute VALUE_ATTR of NODE under the key in KEY_ATTR. */
static qr_status_t
add_attr_pair(meta_walk_t *w, const xmlNode *node, const char *key_attr,
              const char *value_attr)
{
    xmlChar *key = xmlGetProp(node, (const xmlChar *)key_attr);
    xmlChar *value = key ? xmlGetProp(node, (const xmlChar *)value_attr)
                         : NULL;
    qr_status_t st = QR_OK;

    if (key != NULL && value != NULL)
        st = add(w, (const char *)key, (const char *)value);
    xmlFree(key);
    xmlFree(value);
    return st;
}

static bool
attr_is(const xmlNode *node, const char *attr, const char *value)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);
    bool is = v != NULL && strcasecmp((const char *)v, value) == 0;

    xmlFree(v);
    return is;
}

static qr_status_t
on_meta(meta_walk_t *w, const xmlNode *node)
{
    qr_status_t st = add_attr_pair(w, node, "property", "content");

    if (st == QR_OK)
        st = add_attr_pair(w, node, "name", "content");
    if (st == QR_OK)
        st = add_attr_pair(w, node, "itemprop", "content");
    return st;
}

static qr_status_t
on_link(meta_walk_t *w, const xmlNode *node)
{
    xmlChar *href = NULL, *title = NULL;
    qr_status_t st = QR_OK;

    if (attr_is(node, "rel", "canonical")) {
        href = xmlGetProp(node, (const xmlChar *)"href");
        st = add(w, "canonical", (const char *)href);
    } else if (attr_is(node, "rel", "alternate") &&
               (attr_is(node, "type", "application/atom+xml") ||
                attr_is(node, "type", "application/rss+xml"))) {
        title = xmlGetProp(node, (const xmlChar *)"title");
        st = add(w, "feed:title", (const char *)title);
    }
    xmlFree(href);
    xmlFree(title);
    return st;
}

static qr_status_t
add_node_text(meta_walk_t *w, const char *key, const xmlNode *node)
{
    char *text = ix_html_node_string(node);
    qr_status_t st = add(w, key, text);

    free(text);
    return st;
}

/* Adds the names in a JSON-LD author: a string, {"name": ...} or a list. */
static qr_status_t
add_jsonld_author(meta_walk_t *w, const json_t *author)
{
    const json_t *item;
    size_t i;
    qr_status_t st = QR_OK;

    if (json_is_string(author))
        return add(w, "jsonld:author", json_string_value(author));
    if (json_is_object(author))
        return add_jsonld_author(w, json_object_get(author, "name"));
    json_array_foreach(author, i, item) {
        if (st == QR_OK && !json_is_array(item))
            st = add_jsonld_author(w, item);
    }
    return st;
}

static qr_status_t
add_jsonld_strings(meta_walk_t *w, const char *key, const json_t *value)
{
    const json_t *item;
    size_t i;
    qr_status_t st = QR_OK;

    if (json_is_string(value))
        return add(w, key, json_string_value(value));
    json_array_foreach(value, i, item) {
        if (st == QR_OK && json_is_string(item))
            st = add(w, key, json_string_value(item));
    }
    return st;
}

/* Reads a JSON-LD value: an object with article fields, or a list or
 * "@graph" holding some. */
static qr_status_t
on_jsonld_value(meta_walk_t *w, const json_t *value, int depth)
{
    const json_t *item;
    size_t i;
    qr_status_t st = QR_OK;

    if (depth > MAX_JSONLD_DEPTH)
        return QR_OK;
    if (json_is_array(value)) {
        json_array_foreach(value, i, item) {
            if (st == QR_OK)
                st = on_jsonld_value(w, item, depth + 1);
        }
        return st;
    }
    if (!json_is_object(value))
        return QR_OK;
    if (json_object_get(value, "@graph") != NULL)
        return on_jsonld_value(w, json_object_get(value, "@graph"),
                               depth + 1);
    if (json_object_get(value, "datePublished") == NULL &&
        json_object_get(value, "headline") == NULL) {
        return QR_OK;
    }
    st = add_jsonld_strings(w, "jsonld:headline",
                            json_object_get(value, "headline"));
    if (st == QR_OK)
        st = add_jsonld_strings(w, "jsonld:datepublished",
                                json_object_get(value, "datePublished"));
    if (st == QR_OK)
        st = add_jsonld_author(w, json_object_get(value, "author"));
    if (st == QR_OK)
        st = add_jsonld_strings(w, "jsonld:keywords",
                                json_object_get(value, "keywords"));
    return st;
}

static qr_status_t
on_jsonld(meta_walk_t *w, const xmlNode *node)
{
    xmlChar *text = xmlNodeGetContent(node);
    json_t *json;
    qr_status_t st = QR_OK;

    if (text == NULL)
        return QR_OK;
    /* A page's broken JSON-LD is its own business: the page still reads. */
    json = ix_json_load((const char *)text, strlen((const char *)text), 0,
                        NULL);
    if (json != NULL)
        st = on_jsonld_value(w, json, 0);
    json_decref(json);
    xmlFree(text);
    return st;
}

static bool
is_byline_class(const xmlNode *node)
{
    xmlChar *cls = xmlGetProp(node, (const xmlChar *)"class");
    bool is = false;

    for (size_t i = 0; cls != NULL && BYLINE_CLASSES[i] != NULL && !is; i++)
        is = strstr((const char *)cls, BYLINE_CLASSES[i]) != NULL;
    xmlFree(cls);
    return is;
}

/* Splits a byline "DATE · AUTHOR" (or a bare date) into the fields. */
static qr_status_t
on_byline(meta_walk_t *w, const xmlNode *node)
{
    char *text = ix_html_node_string(node);
    const char *sep = NULL, *author = NULL;
    size_t date_len;
    int64_t secs;
    qr_status_t st = QR_OK;

    if (text == NULL || strlen(text) > MAX_BYLINE_BYTES)
        goto out;
    for (size_t i = 0; BYLINE_SEPARATORS[i] != NULL && sep == NULL; i++) {
        sep = strstr(text, BYLINE_SEPARATORS[i]);
        if (sep != NULL)
            author = sep + strlen(BYLINE_SEPARATORS[i]);
    }
    date_len = sep ? (size_t)(sep - text) : strlen(text);
    if (qr_date_parse(text, date_len, &secs, NULL, NULL) != QR_OK)
        goto out;
    w->has_byline = true;
    st = ix_fields_add(w->fields, "byline:date", 11, text, date_len, 0,
                       w->err);
    if (st == QR_OK && author != NULL)
        st = add(w, "byline:author", author);
out:
    free(text);
    return st;
}

static qr_status_t
on_time(meta_walk_t *w, const xmlNode *node)
{
    xmlChar *when = xmlGetProp(node, (const xmlChar *)"datetime");
    qr_status_t st = QR_OK;

    if (when != NULL) {
        w->has_time = true;
        st = add(w, "time", (const char *)when);
    }
    xmlFree(when);
    return st;
}

static qr_status_t
on_element(meta_walk_t *w, const xmlNode *node)
{
    if (is_named(node, "meta"))
        return on_meta(w, node);
    if (is_named(node, "link"))
        return on_link(w, node);
    if (is_named(node, "script"))
        return attr_is(node, "type", "application/ld+json")
                   ? on_jsonld(w, node) : QR_OK;
    if (is_named(node, "title"))
        return add_node_text(w, "html:title", node);
    if (is_named(node, "h1") || is_named(node, "h2"))
        return add_node_text(w, (const char *)node->name, node);
    if (is_named(node, "time") && !w->has_time)
        return on_time(w, node);
    if (!w->has_byline && is_byline_class(node))
        return on_byline(w, node);
    return QR_OK;
}

static qr_status_t
walk(meta_walk_t *w, const xmlNode *node)
{
    qr_status_t st = QR_OK;

    for (; node != NULL && st == QR_OK; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        st = on_element(w, node);
        if (st == QR_OK && !is_named(node, "script"))
            st = walk(w, node->children);
    }
    return st;
}

qr_status_t
ix_html_meta_collect(const xmlNode *root, ix_fields_t *fields, qr_err_t *err)
{
    meta_walk_t w = { fields, false, false, err };

    return walk(&w, root);
}
