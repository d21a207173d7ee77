/* hash.h - a fast non-cryptographic hash for change detection and keys. */
#ifndef QR_HASH_H
#define QR_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The 64-bit FNV-1a offset basis, the starting value of a hash. */
#define QR_HASH_INIT 14695981039346656037ULL

/* Continues the 64-bit FNV-1a hash HASH over DATA[0..LEN); start from
 * QR_HASH_INIT. Cannot fail. */
uint64_t qr_hash_update(uint64_t hash, const void *data, size_t len);

#endif /* QR_HASH_H */
