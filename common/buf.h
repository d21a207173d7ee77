/* buf.h - a growable byte buffer, always NUL-terminated once used. */
#ifndef QR_BUF_H
#define QR_BUF_H

#include <stddef.h>

#include "status.h"

typedef struct qr_buf {
    char *data;     /* NULL until the first append */
    size_t len;     /* bytes used, terminator excluded */
    size_t cap;
} qr_buf_t;

/* Prepares BUF as empty. Cannot fail. */
void qr_buf_init(qr_buf_t *buf);

/* Frees BUF's storage and leaves it empty. Cannot fail. */
void qr_buf_release(qr_buf_t *buf);

/* Empties BUF and keeps its storage for reuse. Cannot fail. */
void qr_buf_clear(qr_buf_t *buf);

/* Appends S[0..LEN). Returns QR_ERR_NOMEM (BUF is unchanged then). */
qr_status_t qr_buf_append(qr_buf_t *buf, const char *s, size_t len,
                          qr_err_t *err);

/* Makes room for EXTRA more bytes after BUF->len, plus the terminator, so
 * a caller may write them at BUF->data + BUF->len itself (then it adds
 * what it wrote to BUF->len). Returns QR_ERR_NOMEM (BUF is unchanged). */
qr_status_t qr_buf_reserve(qr_buf_t *buf, size_t extra, qr_err_t *err);

/* Appends one byte C. Returns QR_ERR_NOMEM. */
qr_status_t qr_buf_putc(qr_buf_t *buf, char c, qr_err_t *err);

/* Hands BUF's storage to the caller (free it; never NULL on QR_OK, "" for
 * an empty buffer) and leaves BUF empty. *LEN_OUT (may be NULL) gets the
 * length. Returns QR_ERR_NOMEM. */
qr_status_t qr_buf_detach(qr_buf_t *buf, char **data_out, size_t *len_out,
                          qr_err_t *err);

#endif /* QR_BUF_H */
