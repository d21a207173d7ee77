/* read_json.c - a JSON file holding articles.
 *
 * Exports come in five shapes, all read here: one article object; an array
 * of them; an object whose members are article objects keyed by number or
 * slug (python.org's peps.json); an object wrapping one such array
 * ({"posts": [...]}); and a JSON Feed (https://jsonfeed.org), whose
 * "items" are the articles. Records are only taken as articles when they look
 * like one (json_article.h): a list of links such as {"title", "url"} is
 * an index of the site, not its articles, and a file holding nothing else
 * is skipped as no article. */
#include "reader.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "json_article.h"
#include "json_load.h"

typedef struct json_file {
    const ix_source_t *src;
    const ix_sink_t *sink;
    size_t n_articles;
    size_t n_other;      /* records that are no article */
} json_file_t;

/* Reads one record; a record that fails is reported and the rest go on. */
static qr_status_t
read_record(json_file_t *f, const json_t *obj, const char *where,
            qr_err_t *err)
{
    char id[4200];
    ix_json_record_t rec = { "json", 0, NULL, true };
    bool is_article;
    qr_err_t rec_err;
    qr_status_t st;

    if (!json_is_object(obj)) {
        f->n_other++;
        return QR_OK;
    }
    if (where != NULL) {
        snprintf(id, sizeof id, "%s#%s", f->src->path, where);
        rec.fallback_id = id;
    }
    qr_err_clear(&rec_err);
    st = ix_json_article(obj, f->src, &rec, f->sink, &is_article, &rec_err);
    if (st == QR_ERR_PARSE) {
        char msg[QR_ERR_MSG_MAX + 64];
        snprintf(msg, sizeof msg, "record %s: %s", where ? where : "",
                 rec_err.msg);
        f->sink->problem(f->sink->ctx, f->src->path, 0, true, msg);
        return QR_OK;
    }
    if (st != QR_OK)
        return qr_err_set(err, st, "%s", rec_err.msg);
    if (is_article)
        f->n_articles++;
    else
        f->n_other++;
    return QR_OK;
}

/* With the feed's AUTHORS (NULL: none), ITEM as a record of a JSON Feed:
 * an item without authors has the feed's, as the spec says (and as Atom
 * entries do). A new reference, or NULL when out of memory. */
static json_t *
with_feed_authors(const json_t *item, const json_t *authors)
{
    json_t *copy;

    if (authors == NULL || !json_is_object(item) ||
        json_object_get(item, "authors") != NULL ||
        json_object_get(item, "author") != NULL) {
        return json_incref((json_t *)item);
    }
    copy = json_copy((json_t *)item);
    if (copy != NULL &&
        json_object_set(copy, "authors", (json_t *)authors) != 0) {
        json_decref(copy);
        copy = NULL;
    }
    return copy;
}

/* Reads the records of ARRAY, giving FEED_AUTHORS (may be NULL) to those
 * without authors of their own. */
static qr_status_t
read_array(json_file_t *f, const json_t *array, const json_t *feed_authors,
           qr_err_t *err)
{
    const json_t *item;
    size_t i;

    json_array_foreach(array, i, item) {
        char where[32];
        json_t *record = with_feed_authors(item, feed_authors);
        qr_status_t st;
        if (record == NULL)
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory reading "
                              "JSON");
        snprintf(where, sizeof where, "%zu", i + 1);
        st = read_record(f, record, where, err);
        json_decref(record);
        if (st != QR_OK)
            return st;
    }
    return QR_OK;
}

static bool
is_array_of_objects(const json_t *value)
{
    return json_is_array(value) && json_array_size(value) > 0 &&
           json_is_object(json_array_get(value, 0));
}

/* Reads an object as a map of records (every member an object) or as a
 * wrapper around one array of records; false when it is neither. */
static bool
read_container(json_file_t *f, const json_t *root, qr_status_t *st_out,
               qr_err_t *err)
{
    const char *key;
    const json_t *value, *array = NULL;
    size_t n_objects = 0, n_arrays = 0;

    *st_out = QR_OK;
    json_object_foreach((json_t *)root, key, value) {
        n_objects += json_is_object(value);
        if (is_array_of_objects(value)) {
            n_arrays++;
            array = value;
        }
    }
    if (n_objects > 0 && n_objects == json_object_size(root)) {
        json_object_foreach((json_t *)root, key, value) {
            *st_out = read_record(f, value, key, err);
            if (*st_out != QR_OK)
                break;
        }
        return true;
    }
    if (n_arrays == 1 && json_object_get(root, "title") == NULL) {
        *st_out = read_array(f, array, NULL, err);
        return true;
    }
    return false;
}

/* True when ROOT is a JSON Feed: its "version" is the spec's URL. */
static bool
is_json_feed(const json_t *root)
{
    static const char PREFIX[] = "https://jsonfeed.org/version/";
    const char *version = json_string_value(json_object_get(root,
                                                            "version"));

    return version != NULL && strncmp(version, PREFIX,
                                      sizeof PREFIX - 1) == 0 &&
           json_is_array(json_object_get(root, "items"));
}

/* The authors of the JSON Feed ROOT ("author" in version 1.0), or NULL. */
static const json_t *
feed_authors(const json_t *root)
{
    const json_t *authors = json_object_get(root, "authors");

    return authors != NULL ? authors : json_object_get(root, "author");
}

qr_status_t
ix_read_json(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    json_error_t json_err;
    json_file_t f = { src, sink, 0, 0 };
    json_t *root = ix_json_load(src->data, src->len, JSON_REJECT_DUPLICATES,
                                &json_err);
    qr_status_t st = QR_OK;

    if (root == NULL)
        return qr_err_set(err, QR_ERR_PARSE, "line %d: invalid JSON: %s",
                          json_err.line, json_err.text);
    if (json_is_array(root))
        st = read_array(&f, root, NULL, err);
    else if (is_json_feed(root))
        st = read_array(&f, json_object_get(root, "items"), feed_authors(root),
                        err);
    else if (!json_is_object(root) || !read_container(&f, root, &st, err))
        st = read_record(&f, root, NULL, err);
    json_decref(root);
    if (st == QR_OK && f.n_articles == 0 && f.n_other > 0)
        ix_sink_skip(sink, src->path, "JSON without article records (a "
                     "title with text, a date or an author)");
    return st;
}
