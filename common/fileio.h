/* fileio.h - reading whole files with a size bound. */
#ifndef QR_FILEIO_H
#define QR_FILEIO_H

#include <stddef.h>

#include "status.h"

/* Reads at most MAX_LEN bytes of PATH into a new NUL-terminated buffer.
 * On QR_OK the caller owns *DATA_OUT (free it) and *LEN_OUT excludes the
 * NUL. Returns QR_ERR_IO if PATH cannot be opened or read (the message
 * names PATH and the reason), QR_ERR_LIMIT if it is longer than MAX_LEN,
 * QR_ERR_NOMEM. */
qr_status_t qr_file_read_all(const char *path, size_t max_len,
                             char **data_out, size_t *len_out,
                             qr_err_t *err);

#endif /* QR_FILEIO_H */
