/* stored.c - an article as the index keeps it: its data and its values. */
#include "stored.h"

#include <stdlib.h>
#include <string.h>

#include "terms.h"

/* Adds the items of the list value VALUE[0..LEN) to LIST. */
static qr_status_t
add_items(qr_strlist_t *list, const char *value, size_t len, qr_err_t *err)
{
    size_t start = 0;
    qr_status_t st = QR_OK;

    while (st == QR_OK && start < len) {
        const char *end = memchr(value + start, QR_LIST_SEPARATOR,
                                 len - start);
        size_t n = end != NULL ? (size_t)(end - value) - start : len - start;
        st = qr_strlist_add(list, value + start, n, err);
        start += n + 1;
    }
    return st;
}

/* Sets the field of A that SLOT holds from its VALUE[0..LEN) (not
 * empty); SOURCE is where the data says the date came from. */
static qr_status_t
apply_value(unsigned slot, const char *value, size_t len,
            qr_date_source_t source, qr_article_t *a, qr_err_t *err)
{
    switch (slot) {
    case QR_SLOT_ORIGIN:
        if (len <= QR_ORIGIN_HASH_BYTES)
            return QR_OK;
        return qr_article_set_exact(&a->path, value + QR_ORIGIN_HASH_BYTES,
                                    len - QR_ORIGIN_HASH_BYTES, err);
    case QR_SLOT_DATE:
        a->date = qr_db_date_from_value(value, len);
        a->date_source = source;
        return QR_OK;
    case QR_SLOT_TAGS:
        return add_items(&a->tags, value, len, err);
    case QR_SLOT_AUTHORS:
        return add_items(&a->authors, value, len, err);
    default:
        return QR_OK;
    }
}

qr_status_t
sr_stored_read_values(qr_db_t *db, const sr_stored_t *items, size_t n,
                      qr_err_t *err)
{
    static const unsigned SLOTS[] = { QR_SLOT_ORIGIN, QR_SLOT_DATE,
                                      QR_SLOT_TAGS, QR_SLOT_AUTHORS };
    uint32_t *docids = calloc(n, sizeof *docids);
    char **values = calloc(n, sizeof *values);
    size_t *lens = calloc(n, sizeof *lens);
    qr_status_t st = QR_OK;

    if (n > 0 && (docids == NULL || values == NULL || lens == NULL))
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory reading hits");
    for (size_t i = 0; st == QR_OK && i < n; i++)
        docids[i] = items[i].docid;
    /* Slot by slot: each slot's values lie together in the index. */
    for (size_t s = 0; st == QR_OK && s < sizeof SLOTS / sizeof *SLOTS;
         s++) {
        st = qr_db_get_values(db, SLOTS[s], docids, n, values, lens, err);
        for (size_t i = 0; st == QR_OK && i < n; i++) {
            if (lens[i] > 0)
                st = apply_value(SLOTS[s], values[i], lens[i],
                                 items[i].date_source, items[i].article,
                                 err);
        }
        for (size_t i = 0; values != NULL && i < n; i++) {
            free(values[i]);
            values[i] = NULL;
        }
    }
    free(lens);
    free(values);
    free(docids);
    return st;
}

qr_status_t
sr_stored_read(uint32_t docid, const char *data, size_t len, qr_article_t *a,
               qr_date_source_t *date_source_out, const char **body_out,
               size_t *body_len_out, qr_err_t *err)
{
    json_error_t json_err;
    size_t json_len;
    const json_t *source;
    json_t *json;
    qr_status_t st;

    *date_source_out = QR_DATE_SOURCE_METADATA;
    qr_article_data_split(data, len, &json_len, body_out, body_len_out);
    json = json_loadb(data, json_len, 0, &json_err);
    if (json == NULL)
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "document %u: stored data "
                          "is not JSON: %s", docid, json_err.text);
    st = qr_article_from_json(json, a, err);
    source = json_object_get(json, "date_source");
    if (json_is_string(source))
        *date_source_out = qr_date_source_from_str(json_string_value(source));
    json_decref(json);
    if (st == QR_ERR_PARSE || (st == QR_OK && a->id == NULL))
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "document %u: stored data "
                          "is not an article", docid);
    return st;
}
