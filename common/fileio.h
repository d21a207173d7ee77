/* fileio.h - whole files: bounded reads, atomic writes, read-only maps. */
#ifndef QR_FILEIO_H
#define QR_FILEIO_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads at most MAX_LEN bytes of PATH into a new NUL-terminated buffer.
 * On QR_OK the caller owns *DATA_OUT (free it) and *LEN_OUT excludes the
 * NUL. Returns QR_ERR_IO if PATH cannot be opened or read (the message
 * names PATH and the reason), QR_ERR_LIMIT if it is longer than MAX_LEN,
 * QR_ERR_NOMEM. */
qr_status_t qr_file_read_all(const char *path, size_t max_len,
                             char **data_out, size_t *len_out,
                             qr_err_t *err);

/* qr_file_read_all for an article file, which the archive's owner does
 * not control: PATH is opened without blocking and must be a regular file
 * when opened (a file replaced by a FIFO or device after the walk saw it
 * fails with "not a regular file" instead of hanging the run). Same
 * statuses. */
qr_status_t qr_file_read_regular(const char *path, size_t max_len,
                                 char **data_out, size_t *len_out,
                                 qr_err_t *err);

/* Suffix of the temporary file qr_file_write_atomic makes for PATH
 * (mkstemp(3) replaces the Xs). */
#define QR_FILE_TMP_SUFFIX ".XXXXXX"

/* Writes DATA[0..LEN) to PATH atomically: to a temporary file of its own
 * in the same folder, synced to disk, then renamed over PATH, so a reader
 * never sees half a file and two writers never share a temporary file.
 * The file is readable by all (mode 0644), as the database's are.
 * Returns QR_ERR_IO (the message names the file and the reason),
 * QR_ERR_NOMEM. */
qr_status_t qr_file_write_atomic(const char *path, const void *data,
                                 size_t len, qr_err_t *err);

/* A whole file mapped read-only (qr_file_map). */
typedef struct qr_mapped_file {
    const char *data;   /* NULL for an empty file */
    size_t len;
} qr_mapped_file_t;

/* Maps PATH read-only into *MAP, so that only the pages read are loaded.
 * Only map files that writers replace with qr_file_write_atomic: a file
 * truncated in place would fault when read. Returns QR_ERR_NOT_FOUND when
 * PATH does not exist, QR_ERR_IO. */
qr_status_t qr_file_map(const char *path, qr_mapped_file_t *map,
                        qr_err_t *err);

/* Unmaps MAP (from qr_file_map, or zeroed) and zeroes it. Cannot fail. */
void qr_file_unmap(qr_mapped_file_t *map);

#ifdef __cplusplus
}
#endif

#endif /* QR_FILEIO_H */
