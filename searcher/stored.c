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

/* Fills A's fields that values hold. */
static qr_status_t
read_values(qr_db_t *db, uint32_t docid, qr_date_source_t source,
            qr_article_t *a, qr_err_t *err)
{
    static const unsigned SLOTS[] = { QR_SLOT_ORIGIN, QR_SLOT_DATE,
                                      QR_SLOT_TAGS, QR_SLOT_AUTHORS };
    qr_status_t st = QR_OK;

    for (size_t i = 0; st == QR_OK && i < sizeof SLOTS / sizeof *SLOTS;
         i++) {
        char *value = NULL;
        size_t len = 0;
        st = qr_db_get_value(db, docid, SLOTS[i], &value, &len, err);
        if (st != QR_OK || len == 0) {
            free(value);
            continue;
        }
        if (SLOTS[i] == QR_SLOT_ORIGIN && len > QR_ORIGIN_HASH_BYTES)
            st = qr_article_set_exact(&a->path, value + QR_ORIGIN_HASH_BYTES,
                                      len - QR_ORIGIN_HASH_BYTES, err);
        else if (SLOTS[i] == QR_SLOT_DATE) {
            a->date = qr_db_date_from_value(value, len);
            a->date_source = source;
        } else if (SLOTS[i] == QR_SLOT_TAGS)
            st = add_items(&a->tags, value, len, err);
        else if (SLOTS[i] == QR_SLOT_AUTHORS)
            st = add_items(&a->authors, value, len, err);
        free(value);
    }
    return st;
}

qr_status_t
sr_stored_read(qr_db_t *db, uint32_t docid, const char *data, size_t len,
               qr_article_t *a, const char **body_out, size_t *body_len_out,
               qr_err_t *err)
{
    json_error_t json_err;
    size_t json_len;
    const json_t *source;
    qr_date_source_t date_source = QR_DATE_SOURCE_METADATA;
    json_t *json;
    qr_status_t st;

    qr_article_data_split(data, len, &json_len, body_out, body_len_out);
    json = json_loadb(data, json_len, 0, &json_err);
    if (json == NULL)
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "document %u: stored data "
                          "is not JSON: %s", docid, json_err.text);
    st = qr_article_from_json(json, a, err);
    source = json_object_get(json, "date_source");
    if (json_is_string(source))
        date_source = qr_date_source_from_str(json_string_value(source));
    json_decref(json);
    if (st == QR_ERR_PARSE || (st == QR_OK && a->id == NULL))
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "document %u: stored data "
                          "is not an article", docid);
    if (st == QR_OK)
        st = read_values(db, docid, date_source, a, err);
    return st;
}
