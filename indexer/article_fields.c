/* article_fields.c - map header fields and their aliases onto an article.
 *
 * Archives name the same thing many ways (date, published, pubDate, ...);
 * this is the one table of aliases, shared by every format reader. */
#include "article_fields.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "authors.h"
#include "date.h"

static const char *const TITLE_KEYS[] = { "title", "headline", NULL };
static const char *const DATE_KEYS[] = {
    "date", "published", "pubdate", "published_at", "publishdate",
    "date_published", "datepublished", "created_at", "created", "pub_date",
    NULL
};
static const char *const AUTHOR_KEYS[] = {
    "authors", "author", "by", "author_names", "creator", "authors.name",
    "author.name", NULL
};
static const char *const TAG_KEYS[] = {
    "tags", "categories", "topics", "topic", "keywords", "taxonomies.tags",
    "taxonomies.categories", NULL
};
static const char *const URL_KEYS[] = {
    "url", "link", "permalink", "canonical_url", NULL
};
static const char *const ID_KEYS[] = { "id", "guid", NULL };

static qr_status_t
apply_date(const ix_field_t *field, const ix_source_t *src,
           const ix_sink_t *sink, qr_article_t *a)
{
    const char *text = field->values.items[0];
    qr_err_t date_err;
    int64_t secs;

    if (qr_date_parse(text, strlen(text), &secs, NULL, &date_err) != QR_OK) {
        char msg[QR_ERR_MSG_MAX + 32];
        snprintf(msg, sizeof msg, "%s: %s", field->key, date_err.msg);
        sink->problem(sink->ctx, src->path, field->line, false, msg);
        return QR_OK;
    }
    a->date = secs;
    a->date_source = QR_DATE_SOURCE_METADATA;
    return QR_OK;
}

/* Adds each value of FIELD (may be NULL) to LIST with ADD. */
static qr_status_t
add_all(qr_strlist_t *list, const ix_field_t *field,
        qr_status_t (*add)(qr_strlist_t *, const char *, size_t, qr_err_t *),
        qr_err_t *err)
{
    for (size_t i = 0; field != NULL && i < field->values.n; i++) {
        const char *v = field->values.items[i];
        qr_status_t st = add(list, v, strlen(v), err);
        if (st != QR_OK)
            return st;
    }
    return QR_OK;
}

static qr_status_t
set_first(char **member, const ix_field_t *field, qr_err_t *err)
{
    const char *v;

    if (field == NULL)
        return QR_OK;
    v = field->values.items[0];
    return qr_article_set_text(member, v, strlen(v), err);
}

qr_status_t
ix_fields_apply(const ix_fields_t *fields, const ix_source_t *src,
                const ix_sink_t *sink, qr_article_t *a, qr_err_t *err)
{
    const ix_field_t *date = ix_fields_find(fields, DATE_KEYS);
    qr_status_t st;

    if ((st = set_first(&a->id, ix_fields_find(fields, ID_KEYS), err)) !=
            QR_OK ||
        (st = set_first(&a->title, ix_fields_find(fields, TITLE_KEYS),
                        err)) != QR_OK ||
        (st = set_first(&a->url, ix_fields_find(fields, URL_KEYS), err)) !=
            QR_OK ||
        (st = add_all(&a->authors, ix_fields_find(fields, AUTHOR_KEYS),
                      ix_authors_add, err)) != QR_OK ||
        (st = add_all(&a->tags, ix_fields_find(fields, TAG_KEYS),
                      qr_strlist_add, err)) != QR_OK) {
        return st;
    }
    if (date != NULL)
        return apply_date(date, src, sink, a);
    return QR_OK;
}

bool
ix_fields_is_tag_key(const char *key)
{
    for (size_t i = 0; TAG_KEYS[i] != NULL; i++) {
        if (strcasecmp(key, TAG_KEYS[i]) == 0)
            return true;
    }
    return false;
}

qr_status_t
ix_article_finish(qr_article_t *a, const ix_source_t *src, const char *format,
                  size_t line, const char *slug, qr_err_t *err)
{
    qr_status_t st;
    int64_t secs;

    a->line = line;
    if ((st = qr_article_set_exact(&a->path, src->path, strlen(src->path),
                                   err)) != QR_OK ||
        (st = qr_article_set_text(&a->format, format, strlen(format),
                                  err)) != QR_OK) {
        return st;
    }
    if (a->id == NULL) {
        char id[4096];
        if (line > 0)
            snprintf(id, sizeof id, "%s:%zu", src->path, line);
        else
            snprintf(id, sizeof id, "%s", src->path);
        st = qr_article_set_exact(&a->id, id, strlen(id), err);
        if (st != QR_OK)
            return st;
    }
    if (a->date_source != QR_DATE_SOURCE_NONE)
        return QR_OK;
    if ((slug != NULL && qr_date_find_in_path(slug, strlen(slug), &secs)) ||
        qr_date_find_in_path(src->path, strlen(src->path), &secs)) {
        a->date = secs;
        a->date_source = QR_DATE_SOURCE_PATH;
    } else {
        a->date = src->mtime;
        a->date_source = QR_DATE_SOURCE_MTIME;
    }
    return QR_OK;
}

qr_status_t
ix_article_send(qr_article_t *a, const ix_fields_t *fields,
                const ix_source_t *src, const char *format,
                const ix_sink_t *sink, qr_err_t *err)
{
    qr_status_t st = ix_fields_apply(fields, src, sink, a, err);

    if (st == QR_OK)
        st = ix_article_finish(a, src, format, 0, NULL, err);
    if (st == QR_OK)
        st = sink->article(sink->ctx, a, err);
    return st;
}
