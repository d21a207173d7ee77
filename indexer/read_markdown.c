/* read_markdown.c - a Markdown article with YAML or TOML front matter, or
 * with a mail-style header (Pelican, MultiMarkdown). */
#include "reader.h"

#include <string.h>

#include "article_fields.h"
#include "frontmatter.h"
#include "mailheader.h"
#include "markdown_text.h"

/* Without a title field, the first ATX heading ("# Title") stands in. */
static qr_status_t
title_from_heading(const char *body, size_t len, qr_article_t *a,
                   qr_err_t *err)
{
    size_t pos = 0;

    while (pos < len) {
        const char *line = body + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;

        if (n >= 2 && line[0] == '#' && line[1] == ' ')
            return qr_article_set_text(&a->title, line + 2, n - 2, err);
        pos += n + 1;
    }
    return QR_OK;
}

/* Reads the metadata block of SPLIT into FIELDS; a file without front
 * matter may start with "Title: ..." header lines instead, and then
 * SPLIT's body moves past them. */
static qr_status_t
read_metadata(ix_fm_split_t *split, ix_fields_t *fields, qr_err_t *err)
{
    size_t body;
    qr_status_t st;

    if (split->kind == IX_FM_YAML)
        return ix_yaml_parse(split->meta, split->meta_len, split->meta_line,
                             fields, err);
    if (split->kind == IX_FM_TOML)
        return ix_toml_parse(split->meta, split->meta_len, split->meta_line,
                             fields, err);
    st = ix_header_parse(split->body, split->body_len, IX_HEADER_MAIL, 1,
                         fields, &body, err);
    if (st != QR_OK)
        return st;
    if (ix_fields_get(fields, "title") == NULL) {
        ix_fields_release(fields);    /* prose that looked like a header */
        return QR_OK;
    }
    split->body += body;
    split->body_len -= body;
    return QR_OK;
}

static bool
is_true(const ix_field_t *field)
{
    return field != NULL && field->values.n > 0 &&
           strcmp(field->values.items[0], "true") == 0;
}

static qr_status_t
set_body_text(qr_article_t *a, const ix_fm_split_t *split,
              const ix_fields_t *fields, qr_err_t *err)
{
    ix_text_t text;
    /* go.dev runs a page marked "template: true" as a Go template. */
    bool is_go_template = is_true(ix_fields_get(fields, "template"));
    qr_status_t st;

    ix_text_init(&text);
    st = ix_markdown_text(split->body, split->body_len, is_go_template,
                          &text, err);
    return ix_text_to_body(&text, st, a, err);
}

qr_status_t
ix_read_markdown(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    ix_fm_split_t split;
    ix_fields_t fields;
    qr_article_t a;
    const ix_field_t *slug;
    qr_status_t st;

    ix_fields_init(&fields);
    qr_article_init(&a);
    ix_fm_split(src->data, src->len, &split);
    st = read_metadata(&split, &fields, err);
    if (st != QR_OK)
        goto out;
    if (ix_fields_get(&fields, "redirect") != NULL) {
        ix_sink_skip(sink, src->path, "a redirect stub");
        goto out;
    }
    st = ix_fields_apply(&fields, src, sink, &a, err);
    if (st == QR_OK && a.title == NULL)
        st = title_from_heading(split.body, split.body_len, &a, err);
    if (st == QR_OK)
        st = set_body_text(&a, &split, &fields, err);
    /* Zola and Hugo keep the date of some posts only in their url path. */
    slug = ix_fields_get(&fields, "path");
    if (st == QR_OK)
        st = ix_article_finish(&a, src, "markdown", 0,
                               slug && slug->values.n ? slug->values.items[0]
                                                      : NULL, err);
    if (st == QR_OK)
        st = sink->article(sink->ctx, &a, err);
out:
    qr_article_release(&a);
    ix_fields_release(&fields);
    return st;
}
