/* disk_usage.h - how much disk a folder tree takes. */
#ifndef SR_DISK_USAGE_H
#define SR_DISK_USAGE_H

#include <stdint.h>

#include "status.h"

/* Adds up the space allocated on disk (st_blocks, as du counts it) for
 * PATH and everything under it, not following symbolic links, into
 * *BYTES_OUT. Returns QR_ERR_IO, naming the path, when something cannot be
 * read; QR_ERR_LIMIT for a tree deeper than 32 levels. */
qr_status_t sr_disk_usage(const char *path, uint64_t *bytes_out,
                          qr_err_t *err);

#endif /* SR_DISK_USAGE_H */
