/* status.h - status codes and a fixed-size error buffer shared by all modules. */
#ifndef QR_STATUS_H
#define QR_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Closed set of outcomes. Add a value only when a caller acts differently. */
typedef enum qr_status {
    QR_OK = 0,
    QR_ERR_NOMEM,        /* allocation failed */
    QR_ERR_IO,           /* a file or directory could not be read/written */
    QR_ERR_PARSE,        /* input is not in the expected format */
    QR_ERR_ENCODING,     /* text is not valid UTF-8 */
    QR_ERR_LIMIT,        /* input exceeds a documented size limit */
    QR_ERR_USAGE,        /* caller passed an invalid argument or option */
    QR_ERR_NOT_FOUND,    /* a database, document or key does not exist */
    QR_ERR_DB_LOCKED,    /* another writer holds the database: retry later */
    QR_ERR_DB_MODIFIED,  /* the database changed under a reader: reopen */
    QR_ERR_DB_CORRUPT,   /* the database is damaged */
    QR_ERR_DB,           /* any other database error */
    QR_ERR_INTERNAL,     /* a bug or an unexpected exception */
    QR_STATUS_COUNT
} qr_status_t;

enum { QR_ERR_MSG_MAX = 512 };

/* Caller-owned error detail. Reporting never allocates, so it works on OOM. */
typedef struct qr_err {
    qr_status_t status;
    char msg[QR_ERR_MSG_MAX];
} qr_err_t;

/* Returns a short constant name for STATUS ("ok", "io error", ...).
 * Unknown values give "unknown status". Cannot fail. */
const char *qr_status_str(qr_status_t status);

/* Clears ERR to QR_OK with an empty message. ERR may be NULL. Cannot fail. */
void qr_err_clear(qr_err_t *err);

/* Fills ERR (may be NULL) with STATUS and a printf-formatted message, then
 * returns STATUS so a failure can be one line. The message is truncated to
 * fit. Cannot fail. */
qr_status_t qr_err_set(qr_err_t *err, qr_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepends printf-formatted context ("path:line: ") to ERR's message,
 * truncating if needed. ERR may be NULL. Returns ERR's status (QR_OK for a
 * NULL ERR). Cannot fail. */
qr_status_t qr_err_prefix(qr_err_t *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The text of an errno value, in a struct so it can be returned. */
enum { QR_ERRNO_TEXT_MAX = 128 };
typedef struct qr_errno_text {
    char text[QR_ERRNO_TEXT_MAX];
} qr_errno_text_t;

/* The system's description of ERRNUM written as messages are (lower case:
 * "no such file or directory"; an acronym stays as it is). Use the text
 * within the expression that calls this. Thread-safe. Cannot fail. */
qr_errno_text_t qr_strerror(int errnum);

#ifdef __cplusplus
}
#endif

#endif /* QR_STATUS_H */
