/* read_rst.c - reStructuredText: a PEP-style mail header, or a reST field
 * list (":Author: ...") before or after the document title.
 *
 * Title: the "Title" field, else the first section title. A file whose
 * title, author or date is a placeholder such as "<REQUIRED: pep title>" is
 * a template for authors to copy, not an article, and is skipped. */
#include "reader.h"

#include <string.h>

#include "article_fields.h"
#include "mailheader.h"
#include "rst_text.h"

static const char *const PLACEHOLDER_KEYS[] = {
    "title", "author", "created", "date", NULL
};

/* True when a value of KEYS is a "<...>" placeholder with words in it. */
static bool
has_placeholder(const ix_fields_t *fields)
{
    for (size_t k = 0; PLACEHOLDER_KEYS[k] != NULL; k++) {
        const ix_field_t *f = ix_fields_get(fields, PLACEHOLDER_KEYS[k]);
        const char *v = f && f->values.n ? f->values.items[0] : NULL;
        size_t n = v ? strlen(v) : 0;
        if (n > 2 && v[0] == '<' && v[n - 1] == '>' && strchr(v, ' ') &&
            !strchr(v, '@')) {
            return true;
        }
    }
    return false;
}

/* Reads the header into FIELDS; *BODY_OUT gets where the body starts. A
 * field list may also follow the title (docutils' "docinfo"). */
static qr_status_t
read_header(const ix_source_t *src, ix_fields_t *fields, size_t *body_out,
            qr_err_t *err)
{
    const char *title;
    size_t title_len, after, end;
    qr_status_t st;

    st = ix_header_parse(src->data, src->len, IX_HEADER_MAIL, 1, fields,
                         body_out, err);
    if (st != QR_OK || ix_fields_get(fields, "title") != NULL)
        return st;
    ix_fields_release(fields);     /* prose that looked like a header */
    *body_out = 0;
    st = ix_header_parse(src->data, src->len, IX_HEADER_FIELD_LIST, 1,
                         fields, body_out, err);
    if (st != QR_OK || ix_fields_get(fields, "title") != NULL ||
        !ix_rst_find_title(src->data + *body_out, src->len - *body_out,
                           &title, &title_len, &after)) {
        return st;
    }
    after += *body_out;
    st = ix_fields_add(fields, "title", 5, title, title_len, 0, err);
    if (st == QR_OK)
        st = ix_header_parse(src->data + after, src->len - after,
                             IX_HEADER_FIELD_LIST, 0, fields, &end, err);
    if (st == QR_OK && end > 0)
        *body_out = after + end;
    return st;
}

static qr_status_t
set_body(qr_article_t *a, const char *s, size_t len, qr_err_t *err)
{
    ix_text_t text;
    qr_status_t st;

    ix_text_init(&text);
    st = ix_rst_text(s, len, &text, err);
    return ix_text_to_body(&text, st, a, err);
}

qr_status_t
ix_read_rst(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    ix_fields_t fields;
    qr_article_t a;
    size_t body = 0;
    qr_status_t st;

    ix_fields_init(&fields);
    qr_article_init(&a);
    st = read_header(src, &fields, &body, err);
    if (st != QR_OK)
        goto out;
    if (has_placeholder(&fields)) {
        ix_sink_skip(sink, src->path, "a template (placeholder values)");
        goto out;
    }
    st = set_body(&a, src->data + body, src->len - body, err);
    if (st == QR_OK)
        st = ix_article_send(&a, &fields, src, "rst", sink, err);
out:
    qr_article_release(&a);
    ix_fields_release(&fields);
    return st;
}
