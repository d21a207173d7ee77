/* index_dir.c - the folder that holds a quarry index. */
#include "index_dir.h"

#include <stdio.h>
#include <sys/stat.h>

/* Opening races a generation swap at most once per --full, and a commit
 * now and then; a handful of tries covers even back-to-back rebuilds. */
enum { OPEN_TRIES = 5 };

qr_status_t
qr_index_path(const char *dir, const char *name, char *out, qr_err_t *err)
{
    int n = snprintf(out, QR_INDEX_PATH_MAX, "%s/%s", dir, name);

    if (n < 0 || n >= QR_INDEX_PATH_MAX)
        return qr_err_set(err, QR_ERR_LIMIT, "%s: path too long", dir);
    return QR_OK;
}

qr_status_t
qr_index_open_read(const char *dir, qr_db_t **db_out, qr_err_t *err)
{
    char current[QR_INDEX_PATH_MAX], weeks[QR_INDEX_PATH_MAX];
    struct stat st;
    qr_status_t status = qr_index_path(dir, QR_INDEX_CURRENT, current, err);

    *db_out = NULL;
    if (status == QR_OK)
        status = qr_index_path(dir, QR_INDEX_WEEKS, weeks, err);
    if (status != QR_OK)
        return status;
    for (int attempt = 0; attempt < OPEN_TRIES; attempt++) {
        if (stat(current, &st) != 0)
            return qr_err_set(err, QR_ERR_NOT_FOUND, "%s: not a quarry "
                              "index (no %s)", dir, QR_INDEX_CURRENT);
        status = qr_db_open_read(current, db_out, err);
        /* Xapian 1.4 reports a root block that a writer reused while it
         * was being opened as corrupt ("Expected block 82 to be level 1,
         * not 0"), not as modified: an index that is really damaged fails
         * every try. */
        if (status != QR_ERR_NOT_FOUND && status != QR_ERR_IO &&
            status != QR_ERR_DB_MODIFIED && status != QR_ERR_DB_CORRUPT)
            break;
    }
    if (status == QR_OK)
        qr_db_set_week_file(*db_out, weeks);
    return status;
}
