/* state.h - what the index remembers about each source file.
 *
 * One record per file, kept in the database's metadata so that a record is
 * committed in the same transaction as the articles it describes: a crash
 * can never leave a record that claims articles the index does not hold.
 * A record holds the file's size, modification and status-change times
 * and content hash (to skip unchanged files without reading them) and the
 * ids of the articles the file gave (to delete the ones a new version no
 * longer has). The status-change time is what catches a rewrite that
 * keeps the size and puts the old modification time back (cp -p, rsync
 * -t, touch -r): no one can set it, and any write or rename moves it. */
#ifndef IX_STATE_H
#define IX_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "idset.h"
#include "status.h"

typedef struct ix_record {
    uint64_t size;
    int64_t mtime_ns;
    int64_t ctime_ns;     /* status change; 0 in records older than it */
    uint64_t hash;        /* of the file's bytes; 0 forces a re-read */
    ix_idset_t ids;       /* ids of the articles the file gave */
} ix_record_t;

/* Prepares REC as empty. Cannot fail. */
void ix_record_init(ix_record_t *rec);

/* Frees what REC owns. Cannot fail. */
void ix_record_release(ix_record_t *rec);

/* Loads the record of PATH from DB into REC (initialised by the caller);
 * *FOUND_OUT says whether there was one. Returns QR_ERR_DB_CORRUPT for an
 * unreadable record, database errors, QR_ERR_NOMEM. */
qr_status_t ix_state_load(qr_db_t *db, const char *path, ix_record_t *rec,
                          bool *found_out, qr_err_t *err);

/* Stores REC as the record of PATH (visible after the next commit).
 * Returns database errors, QR_ERR_NOMEM. */
qr_status_t ix_state_save(qr_db_t *db, const char *path,
                          const ix_record_t *rec, qr_err_t *err);

/* Forgets the record of PATH. Returns database errors. */
qr_status_t ix_state_remove(qr_db_t *db, const char *path, qr_err_t *err);

/* Calls FN(CTX, PATH) for every file with a record whose path is ROOT or
 * lies below the folder ROOT, until FN returns false. Returns database
 * errors, QR_ERR_NOMEM. */
qr_status_t ix_state_each_under(qr_db_t *db, const char *root,
                                bool (*fn)(void *ctx, const char *path),
                                void *ctx, qr_err_t *err);

/* True when PATH is ROOT or lies below the folder ROOT. Cannot fail. */
bool ix_state_is_under(const char *path, const char *root);

#endif /* IX_STATE_H */
