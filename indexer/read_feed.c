/* read_feed.c - Atom and RSS feeds: one article per entry or item.
 *
 * libxml2 reads the XML (never fetching DTDs or entities from the
 * network). An entry's HTML content arrives escaped once more inside the
 * XML ("&lt;p&gt;"): the XML parser undoes that layer, and the HTML parser
 * then reads the markup, so the text keeps neither tags nor entities.
 *   Atom: title, published (else updated), author/name (else the feed's),
 *         category/@term, link rel=alternate, id, content (else summary)
 *   RSS:  title, pubDate (else dc:date), author / dc:creator, category,
 *         link, guid, content:encoded (else description) */
#include "reader.h"

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "article_fields.h"
#include "fields.h"
#include "html_text.h"

typedef struct feed {
    const ix_source_t *src;
    const ix_sink_t *sink;
    bool is_atom;
    const xmlNode *feed_author;   /* Atom: the feed's own <author> */
    size_t n_entries;
} feed_t;

static bool
is_named(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE &&
           xmlStrcmp(node->name, (const xmlChar *)name) == 0;
}

static const xmlNode *
child(const xmlNode *parent, const char *name)
{
    for (const xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (is_named(c, name))
            return c;
    }
    return NULL;
}

static bool
has_attr(const xmlNode *node, const char *attr, const char *value)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);
    bool is = v != NULL && xmlStrcmp(v, (const xmlChar *)value) == 0;

    xmlFree(v);
    return is;
}

static qr_status_t
add(ix_fields_t *fields, const char *key, const char *value, size_t line,
    qr_err_t *err)
{
    if (value == NULL)
        return QR_OK;
    return ix_fields_add(fields, key, strlen(key), value, strlen(value),
                         line, err);
}

/* Adds the text content of NODE (may be NULL) under KEY. */
static qr_status_t
add_content(ix_fields_t *fields, const char *key, const xmlNode *node,
            qr_err_t *err)
{
    xmlChar *text;
    qr_status_t st;

    if (node == NULL)
        return QR_OK;
    text = xmlNodeGetContent(node);
    st = add(fields, key, (const char *)text, (size_t)xmlGetLineNo(node),
             err);
    xmlFree(text);
    return st;
}

/* Adds every child NAME of PARENT: its SUB child's text, its ATTR
 * attribute, or its own text. */
static qr_status_t
add_each(ix_fields_t *fields, const char *key, const xmlNode *parent,
         const char *name, const char *sub, const char *attr, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    for (const xmlNode *c = parent->children; c != NULL && st == QR_OK;
         c = c->next) {
        if (!is_named(c, name))
            continue;
        if (attr != NULL) {
            xmlChar *v = xmlGetProp(c, (const xmlChar *)attr);
            st = v ? add(fields, key, (const char *)v, 0, err)
                   : add_content(fields, key, c, err);
            xmlFree(v);
        } else {
            st = add_content(fields, key, sub ? child(c, sub) : c, err);
        }
    }
    return st;
}

/* Atom's link to the entry's page: rel="alternate" or no rel. */
static qr_status_t
add_atom_link(ix_fields_t *fields, const xmlNode *entry, qr_err_t *err)
{
    for (const xmlNode *c = entry->children; c != NULL; c = c->next) {
        xmlChar *rel, *href;
        qr_status_t st;
        if (!is_named(c, "link"))
            continue;
        rel = xmlGetProp(c, (const xmlChar *)"rel");
        if (rel != NULL && xmlStrcmp(rel, (const xmlChar *)"alternate") != 0) {
            xmlFree(rel);
            continue;
        }
        xmlFree(rel);
        href = xmlGetProp(c, (const xmlChar *)"href");
        st = add(fields, "url", (const char *)href, 0, err);
        xmlFree(href);
        return st;
    }
    return QR_OK;
}

static qr_status_t
atom_fields(const feed_t *f, const xmlNode *e, ix_fields_t *fields,
            qr_err_t *err)
{
    const xmlNode *published = child(e, "published");
    qr_status_t st;

    st = add_content(fields, "id", child(e, "id"), err);
    if (st == QR_OK)
        st = add_content(fields, "date", published ? published
                                                   : child(e, "updated"),
                         err);
    if (st == QR_OK)
        st = add_each(fields, "author", e, "author", "name", NULL, err);
    if (st == QR_OK && ix_fields_get(fields, "author") == NULL &&
        f->feed_author != NULL) {
        st = add_content(fields, "author", child(f->feed_author, "name"),
                         err);
    }
    if (st == QR_OK)
        st = add_each(fields, "tags", e, "category", NULL, "term", err);
    if (st == QR_OK)
        st = add_atom_link(fields, e, err);
    return st;
}

static qr_status_t
rss_fields(const xmlNode *item, ix_fields_t *fields, qr_err_t *err)
{
    const xmlNode *date = child(item, "pubDate");
    qr_status_t st;

    if (date == NULL)
        date = child(item, "date");     /* dc:date, in RSS 1.0 */
    st = add_content(fields, "id", child(item, "guid"), err);
    if (st == QR_OK)
        st = add_content(fields, "date", date, err);
    if (st == QR_OK)
        st = add_each(fields, "author", item, "author", NULL, NULL, err);
    if (st == QR_OK)
        st = add_each(fields, "author", item, "creator", NULL, NULL, err);
    if (st == QR_OK)
        st = add_each(fields, "tags", item, "category", NULL, NULL, err);
    if (st == QR_OK)
        st = add_content(fields, "url", child(item, "link"), err);
    return st;
}

/* Appends the text of a title or content element: Atom type="xhtml"
 * holds elements, type="text" plain text, anything else (RSS, Atom "html")
 * escaped HTML. */
static qr_status_t
append_markup(const xmlNode *node, bool is_atom, ix_text_t *t, qr_err_t *err)
{
    xmlChar *text;
    qr_status_t st;

    if (is_atom && has_attr(node, "type", "xhtml"))
        return ix_html_append_text(node, false, t, err);
    text = xmlNodeGetContent(node);
    if (text == NULL)
        return QR_OK;
    if (is_atom && !has_attr(node, "type", "html"))
        st = ix_text_words(t, (const char *)text, (size_t)xmlStrlen(text),
                           err);
    else
        st = ix_html_fragment_text((const char *)text,
                                   (size_t)xmlStrlen(text), t, err);
    xmlFree(text);
    return st;
}

static qr_status_t
set_text(const xmlNode *node, bool is_atom, char **field_out,
         qr_article_t *a, qr_err_t *err)
{
    ix_text_t t;
    const char *s;
    size_t len;
    qr_status_t st;

    if (node == NULL)
        return QR_OK;
    ix_text_init(&t);
    st = append_markup(node, is_atom, &t, err);
    s = ix_text_get(&t, &len);
    if (st == QR_OK)
        st = field_out ? qr_article_set_text(field_out, s, len, err)
                       : qr_article_set_body(a, s, len, err);
    ix_text_release(&t);
    return st;
}

static qr_status_t
read_entry(feed_t *f, const xmlNode *e, qr_err_t *err)
{
    ix_fields_t fields;
    qr_article_t a;
    const xmlNode *content;
    char id[4200];
    qr_status_t st;

    ix_fields_init(&fields);
    qr_article_init(&a);
    f->n_entries++;
    content = f->is_atom ? child(e, "content") : child(e, "encoded");
    if (content == NULL)
        content = f->is_atom ? child(e, "summary") : child(e, "description");
    st = f->is_atom ? atom_fields(f, e, &fields, err)
                    : rss_fields(e, &fields, err);
    if (st == QR_OK)
        st = ix_fields_apply(&fields, f->src, f->sink, &a, err);
    if (st == QR_OK)
        st = set_text(child(e, "title"), f->is_atom, &a.title, &a, err);
    if (st == QR_OK)
        st = set_text(content, f->is_atom, NULL, &a, err);
    if (st == QR_OK && a.id == NULL) {
        snprintf(id, sizeof id, "%s#%zu", f->src->path, f->n_entries);
        st = qr_article_set_exact(&a.id, id, strlen(id), err);
    }
    if (st == QR_OK)
        st = ix_article_finish(&a, f->src, "feed", 0, NULL, err);
    if (st == QR_OK)
        st = f->sink->article(f->sink->ctx, &a, err);
    qr_article_release(&a);
    ix_fields_release(&fields);
    return st;
}

/* Reads the entries or items under PARENT (RSS 2.0 nests them in
 * <channel>, RSS 1.0 puts them beside it). */
static qr_status_t
read_entries(feed_t *f, const xmlNode *parent, qr_err_t *err)
{
    const char *name = f->is_atom ? "entry" : "item";
    qr_status_t st = QR_OK;

    for (const xmlNode *c = parent->children; c != NULL && st == QR_OK;
         c = c->next) {
        if (is_named(c, name))
            st = read_entry(f, c, err);
        else if (!f->is_atom && is_named(c, "channel"))
            st = read_entries(f, c, err);
    }
    return st;
}

/* libxml2's message MSG (may be NULL) as quarry writes them, into OUT
 * (capacity CAP): its first line, in lower case, and "in tag rss line 2"
 * saying that line 2 is where the tag opened, not where the error is. */
static void
xml_error_text(const char *msg, char *out, size_t cap)
{
    size_t n = msg != NULL ? strcspn(msg, "\n") : 0;
    char tag[64], *in_tag;
    int line, end = 0;

    if (n == 0) {
        snprintf(out, cap, "unreadable");
        return;
    }
    snprintf(out, cap, "%.*s", (int)n, msg);
    if (out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z')
        out[0] = (char)(out[0] - 'A' + 'a');
    in_tag = strstr(out, " in tag ");
    if (in_tag != NULL &&
        sscanf(in_tag, " in tag %63s line %d%n", tag, &line, &end) == 2 &&
        in_tag[end] == '\0') {
        size_t at = (size_t)(in_tag - out);
        snprintf(out + at, cap - at, " in tag %s (opened at line %d)", tag,
                 line);
    }
}

/* True when DOC's DTD declares entities. Unsubstituted, each reference
 * to one still expands when its element's text is read: a 400 KB feed
 * whose 100,000-character entity an element named 100,000 times took over
 * 6 GB, and the failed allocation left an empty article. Feeds do not
 * need entities of their own, and libxml2's guard against such growth
 * only runs while substituting (XML_PARSE_NOENT), which would also read
 * external entities from the disk; so a feed that declares any fails. */
static bool
declares_entities(xmlDocPtr doc)
{
    xmlDtdPtr dtd = doc->intSubset;

    return dtd != NULL &&
           ((dtd->entities != NULL && xmlHashSize(dtd->entities) > 0) ||
            (dtd->pentities != NULL && xmlHashSize(dtd->pentities) > 0));
}

static qr_status_t
parse_xml(const ix_source_t *src, xmlDocPtr *doc_out, qr_err_t *err)
{
    /* NONET and no entity substitution: a feed cannot make us fetch or
     * expand anything. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    qr_status_t st = QR_OK;

    *doc_out = NULL;
    if (ctxt == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory parsing XML");
    if (src->len > (size_t)INT32_MAX) {
        st = qr_err_set(err, QR_ERR_LIMIT, "XML larger than 2 GiB");
    } else {
        *doc_out = xmlCtxtReadMemory(ctxt, src->data, (int)src->len,
                                     NULL, "UTF-8", options);
        if (*doc_out != NULL && ctxt->wellFormed &&
            declares_entities(*doc_out)) {
            st = qr_err_set(err, QR_ERR_PARSE, "declares its own entities "
                            "(<!ENTITY>), which quarry does not expand");
            xmlFreeDoc(*doc_out);
            *doc_out = NULL;
        } else if (*doc_out == NULL || !ctxt->wellFormed) {
            char why[QR_ERR_MSG_MAX];
            xml_error_text(ctxt->lastError.message, why, sizeof why);
            st = qr_err_set(err, QR_ERR_PARSE, "line %d: invalid XML: %s",
                            ctxt->lastError.line, why);
            xmlFreeDoc(*doc_out);
            *doc_out = NULL;
        }
    }
    xmlFreeParserCtxt(ctxt);
    return st;
}

qr_status_t
ix_read_feed(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    feed_t f = { src, sink, false, NULL, 0 };
    xmlDocPtr doc;
    const xmlNode *root;
    qr_status_t st = parse_xml(src, &doc, err);

    if (st != QR_OK)
        return st;
    root = xmlDocGetRootElement(doc);
    if (root != NULL && is_named(root, "feed")) {
        f.is_atom = true;
        f.feed_author = child(root, "author");
        st = read_entries(&f, root, err);
    } else if (root != NULL && (is_named(root, "rss") ||
                                is_named(root, "RDF"))) {
        st = read_entries(&f, root, err);
    } else {
        ix_sink_skip(sink, src->path, "XML that is no Atom or RSS feed");
    }
    xmlFreeDoc(doc);
    return st;
}
