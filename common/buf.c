/* buf.c - a growable byte buffer. */
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
qr_buf_init(qr_buf_t *buf)
{
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
}

void
qr_buf_release(qr_buf_t *buf)
{
    free(buf->data);
    qr_buf_init(buf);
}

void
qr_buf_clear(qr_buf_t *buf)
{
    buf->len = 0;
    if (buf->data != NULL)
        buf->data[0] = '\0';
}

qr_status_t
qr_buf_reserve(qr_buf_t *buf, size_t extra, qr_err_t *err)
{
    size_t need, cap;
    char *data;

    if (extra > SIZE_MAX - buf->len - 1)
        return qr_err_set(err, QR_ERR_NOMEM, "buffer size overflow");
    need = buf->len + extra + 1;
    if (need <= buf->cap)
        return QR_OK;
    cap = buf->cap ? buf->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    data = realloc(buf->data, cap);
    if (data == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory growing a "
                          "buffer to %zu bytes", cap);
    buf->data = data;
    buf->cap = cap;
    return QR_OK;
}

qr_status_t
qr_buf_append(qr_buf_t *buf, const char *s, size_t len, qr_err_t *err)
{
    qr_status_t st = qr_buf_reserve(buf, len, err);

    if (st != QR_OK)
        return st;
    if (len > 0)
        memcpy(buf->data + buf->len, s, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return QR_OK;
}

qr_status_t
qr_buf_putc(qr_buf_t *buf, char c, qr_err_t *err)
{
    return qr_buf_append(buf, &c, 1, err);
}

qr_status_t
qr_buf_detach(qr_buf_t *buf, char **data_out, size_t *len_out, qr_err_t *err)
{
    qr_status_t st = qr_buf_reserve(buf, 0, err);

    *data_out = NULL;
    if (st != QR_OK)
        return st;
    buf->data[buf->len] = '\0';
    *data_out = buf->data;
    if (len_out != NULL)
        *len_out = buf->len;
    qr_buf_init(buf);
    return QR_OK;
}
