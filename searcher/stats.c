/* stats.c - what quarry-search --stats prints about an index. */
#include "stats.h"

#include <errno.h>
#include <stdio.h>

#include "index_dir.h"
#include "index_meta.h"

/* The indexer's last status file, or JSON null when none exists yet. */
static qr_status_t
last_run(const char *dir, json_t **json_out, qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX];
    json_error_t json_err;
    FILE *fp;
    qr_status_t st = qr_index_path(dir, QR_INDEX_STATUS, path, err);

    *json_out = NULL;
    if (st != QR_OK)
        return st;
    fp = fopen(path, "r");
    if (fp == NULL) {
        *json_out = json_null();
        return QR_OK;
    }
    *json_out = json_loadf(fp, 0, &json_err);
    fclose(fp);
    if (*json_out == NULL)
        return qr_err_set(err, QR_ERR_PARSE, "%s:%d: %s", path,
                          json_err.line, json_err.text);
    return QR_OK;
}

qr_status_t
sr_stats_json(qr_db_t *db, const char *dir, json_t **json_out, qr_err_t *err)
{
    char language[QR_LANGUAGE_MAX];
    uint64_t n_docs, revision;
    json_t *run = NULL;
    qr_status_t st;

    *json_out = NULL;
    if ((st = qr_db_count(db, &n_docs, err)) != QR_OK ||
        (st = qr_db_revision(db, &revision, err)) != QR_OK ||
        (st = qr_meta_read_language(db, language, err)) != QR_OK ||
        (st = last_run(dir, &run, err)) != QR_OK) {
        return st;
    }
    *json_out = json_pack("{s:I, s:I, s:s, s:o}", "documents",
                          (json_int_t)n_docs, "revision",
                          (json_int_t)revision, "language", language,
                          "last_run", run);
    if (*json_out == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    return QR_OK;
}
