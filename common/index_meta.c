/* index_meta.c - per-index settings stored in the database's metadata. */
#include "index_meta.h"

#include <stdlib.h>
#include <string.h>

#include "stemmer.h"
#include "terms.h"

qr_status_t
qr_meta_read_language(qr_db_t *db, char *language_out, qr_err_t *err)
{
    qr_status_t st;
    char *schema = NULL, *language = NULL;

    language_out[0] = '\0';
    st = qr_db_get_metadata(db, QR_META_SCHEMA, &schema, err);
    if (st != QR_OK)
        goto out;
    if (schema[0] == '\0') {
        st = qr_err_set(err, QR_ERR_NOT_FOUND, "not a quarry index (no "
                        "layout version)");
        goto out;
    }
    if (strcmp(schema, QR_SCHEMA_VERSION) != 0) {
        st = qr_err_set(err, QR_ERR_DB_CORRUPT, "index layout version %s is "
                        "not %s: rebuild it with this quarry", schema,
                        QR_SCHEMA_VERSION);
        goto out;
    }
    st = qr_db_get_metadata(db, QR_META_LANGUAGE, &language, err);
    if (st != QR_OK)
        goto out;
    if (language[0] == '\0' || strlen(language) >= QR_LANGUAGE_MAX) {
        st = qr_err_set(err, QR_ERR_DB_CORRUPT, "index has no valid "
                        "language setting");
        goto out;
    }
    strcpy(language_out, language);
out:
    free(schema);
    free(language);
    return st;
}

qr_status_t
qr_meta_setup(qr_db_t *db, const char *language, char *language_out,
              qr_err_t *err)
{
    char stored[QR_LANGUAGE_MAX];
    qr_status_t st;

    language_out[0] = '\0';
    if (language != NULL && strlen(language) >= QR_LANGUAGE_MAX)
        return qr_err_set(err, QR_ERR_USAGE, "language name \"%.40s\" is too "
                          "long", language);
    st = qr_meta_read_language(db, stored, err);
    if (st == QR_ERR_NOT_FOUND) {
        qr_err_clear(err);
        if (language == NULL)
            language = QR_STEM_DEFAULT_LANGUAGE;
        st = qr_db_set_metadata(db, QR_META_SCHEMA, QR_SCHEMA_VERSION, err);
        if (st == QR_OK)
            st = qr_db_set_metadata(db, QR_META_LANGUAGE, language, err);
        if (st == QR_OK)
            strcpy(language_out, language);
        return st;
    }
    if (st != QR_OK)
        return st;
    if (language != NULL && strcmp(stored, language) != 0)
        return qr_err_set(err, QR_ERR_USAGE, "the index uses language \"%s\", "
                          "not \"%s\": rebuild it to change", stored,
                          language);
    strcpy(language_out, stored);
    return QR_OK;
}
