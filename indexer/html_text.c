/* html_text.c - the text of HTML, through libxml2's HTML parser. */
#include "html_text.h"

#include <libxml/HTMLtree.h>
#include <libxml/entities.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Elements whose content is never prose. */
static const char *const HIDDEN[] = {
    "script", "style", "template", "noscript", "svg", "math", "iframe",
    "object", "select", "textarea", "button", "head", NULL
};

/* Site chrome around the article of a page. */
static const char *const CHROME[] = {
    "nav", "header", "footer", "aside", NULL
};

/* Elements that end a block of text (HTML's block-level and table cells). */
static const char *const BLOCKS[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dt", "dd", "pre", "blockquote", "table", "tr", "td", "th", "br", "hr",
    "section", "article", "main", "figure", "figcaption", "details",
    "summary", "address", "caption", "body", "title", NULL
};

static bool
name_in(const xmlChar *name, const char *const *names)
{
    for (size_t i = 0; names[i] != NULL; i++) {
        if (xmlStrcasecmp(name, (const xmlChar *)names[i]) == 0)
            return true;
    }
    return false;
}

qr_status_t
ix_html_parse(const char *html, size_t len, htmlDocPtr *doc_out,
              bool *is_cut_out, qr_err_t *err)
{
    /* NONET: never fetch anything a page refers to. */
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                  HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    htmlParserCtxtPtr ctxt;

    *doc_out = NULL;
    if (is_cut_out != NULL)
        *is_cut_out = false;
    if (len > (size_t)INT32_MAX)
        return qr_err_set(err, QR_ERR_LIMIT, "HTML larger than 2 GiB");
    ctxt = htmlNewParserCtxt();
    if (ctxt == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory parsing HTML");
    *doc_out = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8",
                                  options);
    /* libxml2 stops there with "Excessive depth in document". */
    if (is_cut_out != NULL && ctxt->lastError.message != NULL &&
        strstr(ctxt->lastError.message, "Excessive depth") != NULL)
        *is_cut_out = true;
    htmlFreeParserCtxt(ctxt);
    if (*doc_out == NULL)
        return qr_err_set(err, QR_ERR_PARSE, "the HTML parser found no "
                          "document");
    return QR_OK;
}

static qr_status_t
append_children(const xmlNode *node, bool is_page, bool is_pre,
                ix_text_t *t, qr_err_t *err);

static qr_status_t
append_node(const xmlNode *node, bool is_page, bool is_pre, ix_text_t *t,
            qr_err_t *err)
{
    const char *content;
    qr_status_t st;
    bool is_block;

    switch (node->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        content = (const char *)node->content;
        if (content == NULL)
            return QR_OK;
        return is_pre ? ix_text_verbatim(t, content, strlen(content), err)
                      : ix_text_words(t, content, strlen(content), err);
    case XML_ELEMENT_NODE:
        break;
    default:
        return QR_OK;   /* comments, processing instructions */
    }
    if (name_in(node->name, HIDDEN) || (is_page && name_in(node->name,
                                                           CHROME))) {
        ix_text_space(t);
        return QR_OK;
    }
    is_block = name_in(node->name, BLOCKS);
    if (is_block)
        ix_text_break(t);
    if (xmlStrcasecmp(node->name, (const xmlChar *)"pre") == 0)
        is_pre = true;
    st = append_children(node, is_page, is_pre, t, err);
    if (is_block)
        ix_text_break(t);
    else if (xmlStrcasecmp(node->name, (const xmlChar *)"img") == 0)
        ix_text_space(t);
    return st;
}

static qr_status_t
append_children(const xmlNode *node, bool is_page, bool is_pre,
                ix_text_t *t, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    for (const xmlNode *c = node->children; c != NULL && st == QR_OK;
         c = c->next) {
        st = append_node(c, is_page, is_pre, t, err);
    }
    return st;
}

qr_status_t
ix_html_append_text(const xmlNode *node, bool is_page, ix_text_t *t,
                    qr_err_t *err)
{
    return append_node(node, is_page, false, t, err);
}

qr_status_t
ix_html_fragment_text(const char *html, size_t len, ix_text_t *t,
                      qr_err_t *err)
{
    htmlDocPtr doc;
    qr_status_t st;
    xmlNode *root;

    if (len == 0)
        return QR_OK;
    if (ix_html_parse(html, len, &doc, NULL, NULL) != QR_OK)
        return QR_OK;   /* nothing the parser could read holds no text */
    root = xmlDocGetRootElement(doc);
    st = root != NULL ? ix_html_append_text(root, false, t, err) : QR_OK;
    ix_text_break(t);
    xmlFreeDoc(doc);
    return st;
}

char *
ix_html_node_string(const xmlNode *node)
{
    ix_text_t t;
    char *s = NULL;
    size_t len;

    ix_text_init(&t);
    if (ix_html_append_text(node, false, &t, NULL) == QR_OK &&
        t.buf.len > 0 &&
        qr_buf_detach(&t.buf, &s, &len, NULL) == QR_OK) {
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '\n')
                s[i] = ' ';
        }
    }
    ix_text_release(&t);
    return s;
}

/* A numeric reference's code point from S[0..LEN) after "&#", or -1. */
static int32_t
numeric_reference(const char *s, size_t len)
{
    int base = 10;
    int32_t cp = 0;
    size_t i = 0;

    if (len > 0 && (s[0] == 'x' || s[0] == 'X')) {
        base = 16;
        i = 1;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        char c = s[i];
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return -1;
        cp = cp * base + digit;
        if (cp > 0x10FFFF)
            return -1;
    }
    return cp;
}

size_t
ix_html_decode_entity(const char *s, size_t len, char *out)
{
    char name[32];
    const htmlEntityDesc *desc;
    int32_t cp;

    if (len < 3 || s[0] != '&' || s[len - 1] != ';')
        return 0;
    s++;
    len -= 2;
    if (s[0] == '#') {
        cp = numeric_reference(s + 1, len - 1);
        /* NUL and surrogates are not characters; HTML maps them to U+FFFD. */
        return cp < 0 ? 0 : qr_utf8_encode(cp == 0 ? QR_UTF8_REPLACEMENT : cp,
                                           out);
    }
    if (len >= sizeof name)
        return 0;
    memcpy(name, s, len);
    name[len] = '\0';
    desc = htmlEntityLookup((const xmlChar *)name);
    return desc != NULL ? qr_utf8_encode((int32_t)desc->value, out) : 0;
}
