/* idset.h - a set of strings (article ids), for finding removed records,
 * each with a number the caller may attach (where it was seen). */
#ifndef IX_IDSET_H
#define IX_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct ix_idset {
    char **slots;      /* open addressing; NULL empty, TOMBSTONE removed */
    uint64_t *values;  /* the number attached to each slot's id */
    size_t cap;        /* a power of two, or 0 */
    size_t n;          /* live entries */
    size_t n_used;     /* live entries plus tombstones */
    size_t n_bytes;    /* total length of the live entries */
} ix_idset_t;

/* Prepares SET as empty. Cannot fail. */
void ix_idset_init(ix_idset_t *set);

/* Frees SET's strings and storage. Cannot fail. */
void ix_idset_release(ix_idset_t *set);

/* Adds a copy of ID unless present. Returns QR_ERR_NOMEM. */
qr_status_t ix_idset_add(ix_idset_t *set, const char *id, qr_err_t *err);

/* Adds a copy of ID unless present, and attaches VALUE to it (replacing
 * any value it had). Returns QR_ERR_NOMEM. */
qr_status_t ix_idset_put(ix_idset_t *set, const char *id, uint64_t value,
                         qr_err_t *err);

/* True when ID is in SET; then *VALUE_OUT (may be NULL) gets its value (0
 * when added by ix_idset_add). Cannot fail. */
bool ix_idset_get(const ix_idset_t *set, const char *id,
                  uint64_t *value_out);

/* True when ID is in SET. Cannot fail. */
bool ix_idset_contains(const ix_idset_t *set, const char *id);

/* Removes ID if present; returns whether it was. Cannot fail. */
bool ix_idset_remove(ix_idset_t *set, const char *id);

/* Adds every id of SRC to DST. Returns QR_ERR_NOMEM. */
qr_status_t ix_idset_add_all(ix_idset_t *dst, const ix_idset_t *src,
                             qr_err_t *err);

/* Adds to DST every id of A that is not in B. Returns QR_ERR_NOMEM. */
qr_status_t ix_idset_add_difference(ix_idset_t *dst, const ix_idset_t *a,
                                    const ix_idset_t *b, qr_err_t *err);

/* Calls FN(CTX, ID) for every id in SET, in no particular order, until FN
 * returns a status other than QR_OK, which is returned. */
qr_status_t ix_idset_each(const ix_idset_t *set,
                          qr_status_t (*fn)(void *ctx, const char *id,
                                            qr_err_t *err),
                          void *ctx, qr_err_t *err);

#endif /* IX_IDSET_H */
