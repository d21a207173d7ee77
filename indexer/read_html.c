/* read_html.c - an HTML page: one article.
 *
 * libxml2's HTML parser builds the tree (a lenient, browser-like parser in
 * C that Debian keeps current, and the same library reads feeds as XML);
 * html_meta.c gathers what the page says about itself, and this file picks
 * the winner for each field:
 *   title   og:title, twitter:title, JSON-LD headline, <title>, <h1>, <h2>,
 *           less a site name after a separator ("Post | Rust Blog")
 *   date    article:published_time, JSON-LD datePublished, <time
 *           datetime>, meta date / dc.date / pubdate, the byline
 *   author  meta author / article:author, JSON-LD author, the byline
 *   tags    article:tag, keywords, JSON-LD keywords
 *   url     <link rel=canonical>, og:url
 *   body    <article>, else <main>, else <body>, without scripts, styles
 *           and the site's nav, header, footer and aside */
#include "reader.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article_fields.h"
#include "html_meta.h"
#include "html_text.h"

static const char *const TITLE_KEYS[] = {
    "og:title", "twitter:title", "jsonld:headline", "html:title", "h1", "h2",
    NULL
};
static const char *const DATE_KEYS[] = {
    "article:published_time", "jsonld:datepublished", "time",
    "datepublished", "date", "dc.date", "dcterms.created", "pubdate",
    "byline:date", NULL
};
static const char *const AUTHOR_KEYS[] = {
    "author", "article:author", "jsonld:author", "byline:author", NULL
};
static const char *const TAG_KEYS[] = {
    "article:tag", "keywords", "jsonld:keywords", NULL
};
static const char *const URL_KEYS[] = { "canonical", "og:url", NULL };
static const char *const SITE_KEYS[] = {
    "og:site_name", "application-name", "feed:title", NULL
};

/* What sits between a page's title and its site's name. */
static const char *const TITLE_SEPARATORS[] = {
    " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \xC2\xB7 ",
    " :: ", " \xC2\xBB ", NULL
};

static bool
equals_any(const char *s, size_t len, const ix_fields_t *meta,
           const char *const *keys)
{
    for (size_t k = 0; keys[k] != NULL; k++) {
        const ix_field_t *f = ix_fields_get(meta, keys[k]);
        for (size_t i = 0; f != NULL && i < f->values.n; i++) {
            if (strlen(f->values.items[i]) == len &&
                strncasecmp(f->values.items[i], s, len) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* Cuts a site name from TITLE[0..*LEN): "Post | Site" gives "Post" when
 * "Site" is the site's name (og:site_name, application-name or its feed's
 * title) or "Post" is one of the page's headings; "Site | Post" gives
 * "Post" likewise. Returns where the title starts. */
static size_t
strip_site_name(const char *title, size_t *len, const ix_fields_t *meta)
{
    static const char *const HEADINGS[] = { "h1", "h2", NULL };

    for (size_t k = 0; TITLE_SEPARATORS[k] != NULL; k++) {
        const char *sep = strstr(title, TITLE_SEPARATORS[k]), *next;
        size_t n_sep = strlen(TITLE_SEPARATORS[k]);
        if (sep == NULL)
            continue;
        while ((next = strstr(sep + n_sep, TITLE_SEPARATORS[k])) != NULL)
            sep = next;     /* the last one: titles may hold separators */
        {
            const char *rest = sep + n_sep;
            size_t head = (size_t)(sep - title);
            size_t tail = *len - head - n_sep;
            if (equals_any(rest, tail, meta, SITE_KEYS) ||
                equals_any(title, head, meta, HEADINGS)) {
                *len = head;
                return 0;
            }
            sep = strstr(title, TITLE_SEPARATORS[k]);
            head = (size_t)(sep - title);
            if (equals_any(title, head, meta, SITE_KEYS)) {
                *len -= head + n_sep;
                return head + n_sep;
            }
        }
    }
    return 0;
}

/* Copies the first value of the first of KEYS in META to KEY in FIELDS,
 * or every value when IS_LIST. */
static qr_status_t
choose(const ix_fields_t *meta, const char *const *keys, bool is_list,
       ix_fields_t *fields, const char *key, qr_err_t *err)
{
    const ix_field_t *f = ix_fields_find(meta, keys);
    qr_status_t st = QR_OK;

    for (size_t i = 0; f != NULL && i < (is_list ? f->values.n : 1) &&
                       st == QR_OK; i++) {
        const char *v = f->values.items[i];
        st = ix_fields_add(fields, key, strlen(key), v, strlen(v), 0, err);
    }
    return st;
}

/* Tags: article:tag values as they are; keywords split at commas. */
static qr_status_t
choose_tags(const ix_fields_t *meta, ix_fields_t *fields, qr_err_t *err)
{
    const ix_field_t *f = ix_fields_find(meta, TAG_KEYS);
    qr_status_t st = QR_OK;

    for (size_t i = 0; f != NULL && i < f->values.n && st == QR_OK; i++) {
        const char *v = f->values.items[i];
        st = ix_fields_add_list(fields, "tags", 4, v, strlen(v), 0, err);
    }
    return st;
}

static qr_status_t
choose_title(const ix_fields_t *meta, ix_fields_t *fields, qr_err_t *err)
{
    const ix_field_t *f = ix_fields_find(meta, TITLE_KEYS);
    const char *title;
    size_t len, start;

    if (f == NULL)
        return QR_OK;
    title = f->values.items[0];
    len = strlen(title);
    start = strip_site_name(title, &len, meta);
    return ix_fields_add(fields, "title", 5, title + start, len, 0, err);
}

/* The element holding the article: the first <article>, else <main>. */
static const xmlNode *
find_element(const xmlNode *node, const char *name)
{
    for (; node != NULL; node = node->next) {
        const xmlNode *found;
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcasecmp(node->name, (const xmlChar *)name) == 0)
            return node;
        found = find_element(node->children, name);
        if (found != NULL)
            return found;
    }
    return NULL;
}

static qr_status_t
set_body(qr_article_t *a, const xmlNode *root, qr_err_t *err)
{
    const xmlNode *body = find_element(root, "article");
    ix_text_t text;
    qr_status_t st;

    if (body == NULL)
        body = find_element(root, "main");
    if (body == NULL)
        body = find_element(root, "body");
    if (body == NULL)
        body = root;
    ix_text_init(&text);
    st = ix_html_append_text(body, true, &text, err);
    return ix_text_to_body(&text, st, a, err);
}

static qr_status_t
fields_from_meta(const ix_fields_t *meta, ix_fields_t *fields, qr_err_t *err)
{
    qr_status_t st = choose_title(meta, fields, err);

    if (st == QR_OK)
        st = choose(meta, DATE_KEYS, false, fields, "date", err);
    if (st == QR_OK)
        st = choose(meta, AUTHOR_KEYS, true, fields, "author", err);
    if (st == QR_OK)
        st = choose(meta, URL_KEYS, false, fields, "url", err);
    if (st == QR_OK)
        st = choose_tags(meta, fields, err);
    return st;
}

qr_status_t
ix_read_html(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    htmlDocPtr doc;
    const xmlNode *root;
    ix_fields_t meta, fields;
    qr_article_t a;
    bool is_cut;
    qr_status_t st = ix_html_parse(src->data, src->len, &doc, &is_cut, err);

    if (st != QR_OK)
        return st;
    if (is_cut)
        sink->problem(sink->ctx, src->path, 0, false, "elements nested "
                      "deeper than 256 levels: the rest of the page is not "
                      "read");
    ix_fields_init(&meta);
    ix_fields_init(&fields);
    qr_article_init(&a);
    root = xmlDocGetRootElement(doc);
    if (root == NULL) {
        st = qr_err_set(err, QR_ERR_PARSE, "no HTML element in the file");
        goto out;
    }
    st = ix_html_meta_collect(root, &meta, err);
    if (st == QR_OK)
        st = fields_from_meta(&meta, &fields, err);
    if (st == QR_OK)
        st = set_body(&a, root, err);
    if (st == QR_OK)
        st = ix_article_send(&a, &fields, src, "html", sink, err);
out:
    qr_article_release(&a);
    ix_fields_release(&fields);
    ix_fields_release(&meta);
    xmlFreeDoc(doc);
    return st;
}
