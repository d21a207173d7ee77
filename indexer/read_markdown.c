/* read_markdown.c - a Markdown article with YAML or TOML front matter. */
#include "reader.h"

#include <string.h>

#include "article_fields.h"
#include "frontmatter.h"

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

qr_status_t
ix_read_markdown(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    ix_fm_split_t split;
    ix_fields_t fields;
    qr_article_t a;
    const ix_field_t *slug;
    qr_status_t st = QR_OK;

    ix_fields_init(&fields);
    qr_article_init(&a);
    ix_fm_split(src->data, src->len, &split);
    if (split.kind == IX_FM_YAML)
        st = ix_yaml_parse(split.meta, split.meta_len, split.meta_line,
                           &fields, err);
    else if (split.kind == IX_FM_TOML)
        st = ix_toml_parse(split.meta, split.meta_len, split.meta_line,
                           &fields, err);
    if (st != QR_OK)
        goto out;
    st = ix_fields_apply(&fields, src, sink, &a, err);
    if (st == QR_OK && a.title == NULL)
        st = title_from_heading(split.body, split.body_len, &a, err);
    if (st == QR_OK)
        st = qr_article_set_body(&a, split.body, split.body_len, err);
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
