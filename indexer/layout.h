/* layout.h - the indexer's side of the index folder (see index_dir.h):
 * the writer lock, database generations and the atomic swap of CURRENT. */
#ifndef IX_LAYOUT_H
#define IX_LAYOUT_H

#include "index_dir.h"
#include "status.h"

typedef struct ix_layout {
    char dir[QR_INDEX_PATH_MAX];
    int lock_fd;              /* -1 when not locked */
    unsigned current_gen;     /* generation CURRENT names, 0 if none */
} ix_layout_t;

/* Creates the folder DIR if needed and takes its writer lock, waiting up to
 * WAIT_SECONDS (0: not at all) for another indexer to finish. The kernel
 * drops the lock when the process ends, even by SIGKILL, so a crash never
 * leaves a stale lock. Returns QR_ERR_DB_LOCKED when the wait ran out,
 * QR_ERR_IO, QR_ERR_LIMIT for a path too long. On success release with
 * ix_layout_unlock. */
qr_status_t ix_layout_lock(const char *dir, double wait_seconds,
                           ix_layout_t *layout, qr_err_t *err);

/* Releases the lock; a no-op when not locked. Cannot fail. */
void ix_layout_unlock(ix_layout_t *layout);

/* Writes the path of generation GEN's database folder into OUT
 * (QR_INDEX_PATH_MAX bytes). Returns QR_ERR_LIMIT. */
qr_status_t ix_layout_db_path(const ix_layout_t *layout, unsigned gen,
                              char *out, qr_err_t *err);

/* Makes generation GEN the live one: writes a new CURRENT beside the old
 * and renames it over (atomic), syncing both, then removes every other
 * generation's folder. Readers that already opened an older generation
 * keep reading their open files. Returns QR_ERR_IO. */
qr_status_t ix_layout_publish(ix_layout_t *layout, unsigned gen,
                              qr_err_t *err);

/* Removes the file or folder tree PATH; failures only waste space.
 * Cannot fail. */
void ix_layout_remove_tree(const char *path);

/* Removes generation GEN's folder (an unfinished rebuild); failures only
 * waste space. Cannot fail. */
void ix_layout_discard(const ix_layout_t *layout, unsigned gen);

#endif /* IX_LAYOUT_H */
