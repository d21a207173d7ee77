/* fileio.c - reading whole files with a size bound. */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

/* Reads FP to the end into a growing buffer, failing past MAX_LEN. */
static qr_status_t
read_bounded(FILE *fp, const char *path, size_t max_len, char **data_out,
             size_t *len_out, qr_err_t *err)
{
    char *data = NULL;
    size_t len = 0, cap = 0;

    for (;;) {
        size_t n;
        if (len == cap) {
            size_t new_cap = cap ? cap * 2 : 64 * 1024;
            char *grown;
            if (new_cap > max_len + 1)
                new_cap = max_len + 1;
            if (new_cap <= len) {
                free(data);
                return qr_err_set(err, QR_ERR_LIMIT, "%s: larger than %zu "
                                  "bytes", path, max_len);
            }
            grown = realloc(data, new_cap + 1);
            if (grown == NULL) {
                free(data);
                return qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory "
                                  "reading the file", path);
            }
            data = grown;
            cap = new_cap;
        }
        n = fread(data + len, 1, cap - len, fp);
        len += n;
        if (n == 0) {
            if (ferror(fp)) {
                int saved = errno;
                free(data);
                return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                                  qr_strerror(saved).text);
            }
            break;
        }
        if (len > max_len) {
            free(data);
            return qr_err_set(err, QR_ERR_LIMIT, "%s: larger than %zu bytes",
                              path, max_len);
        }
    }
    if (data == NULL) {
        data = malloc(1);
        if (data == NULL)
            return qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory", path);
    }
    data[len] = '\0';
    *data_out = data;
    *len_out = len;
    return QR_OK;
}

qr_status_t
qr_file_read_all(const char *path, size_t max_len, char **data_out,
                 size_t *len_out, qr_err_t *err)
{
    qr_status_t st;
    char *data = NULL;
    size_t len = 0;
    FILE *fp;

    *data_out = NULL;
    *len_out = 0;
    fp = fopen(path, "rb");
    if (fp == NULL)
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(errno).text);
    st = read_bounded(fp, path, max_len, &data, &len, err);
    if (st != QR_OK)
        goto out;
    *data_out = data;           /* ownership moves to the caller */
    *len_out = len;
    data = NULL;
out:
    free(data);
    fclose(fp);
    return st;
}
