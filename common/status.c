/* status.c - names for status codes and the error buffer helpers. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[QR_STATUS_COUNT] = {
    [QR_OK] = "ok",
    [QR_ERR_NOMEM] = "out of memory",
    [QR_ERR_IO] = "i/o error",
    [QR_ERR_PARSE] = "parse error",
    [QR_ERR_ENCODING] = "encoding error",
    [QR_ERR_LIMIT] = "limit exceeded",
    [QR_ERR_USAGE] = "usage error",
    [QR_ERR_NOT_FOUND] = "not found",
    [QR_ERR_DB_LOCKED] = "database locked",
    [QR_ERR_DB_MODIFIED] = "database modified",
    [QR_ERR_DB_CORRUPT] = "database corrupt",
    [QR_ERR_DB] = "database error",
    [QR_ERR_INTERNAL] = "internal error",
};

const char *
qr_status_str(qr_status_t status)
{
    if ((unsigned)status >= QR_STATUS_COUNT)
        return "unknown status";
    return status_names[status];
}

void
qr_err_clear(qr_err_t *err)
{
    if (err == NULL)
        return;
    err->status = QR_OK;
    err->msg[0] = '\0';
}

qr_status_t
qr_err_set(qr_err_t *err, qr_status_t status, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return status;
    err->status = status;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

qr_status_t
qr_err_prefix(qr_err_t *err, const char *fmt, ...)
{
    char prefix[QR_ERR_MSG_MAX];
    size_t n_prefix, n_msg;
    va_list ap;
    int n;

    if (err == NULL)
        return QR_OK;
    va_start(ap, fmt);
    n = vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return err->status;
    n_prefix = strlen(prefix);
    if (n_prefix >= sizeof err->msg)
        n_prefix = sizeof err->msg - 1;
    /* Shift the message right (cutting its end if needed), then put the
     * prefix in front. */
    n_msg = strlen(err->msg);
    if (n_prefix + n_msg >= sizeof err->msg)
        n_msg = sizeof err->msg - 1 - n_prefix;
    memmove(err->msg + n_prefix, err->msg, n_msg);
    memcpy(err->msg, prefix, n_prefix);
    err->msg[n_prefix + n_msg] = '\0';
    return err->status;
}

qr_errno_text_t
qr_strerror(int errnum)
{
    qr_errno_text_t t;
    char *s = t.text;

    if (strerror_r(errnum, s, sizeof t.text) != 0)
        snprintf(s, sizeof t.text, "error %d", errnum);
    /* "No such file" reads as a message; "EOF" or "I/O" stay. */
    if (s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z')
        s[0] = (char)(s[0] - 'A' + 'a');
    return t;
}
