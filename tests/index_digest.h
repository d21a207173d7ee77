/* index_digest.h - a fingerprint of everything an index holds, to compare
 * an index built in pieces (or after crashes) with a clean build. */
#ifndef QR_INDEX_DIGEST_H
#define QR_INDEX_DIGEST_H

#include <stddef.h>
#include <stdint.h>

typedef struct index_digest {
    size_t n_documents;
    uint64_t hash;      /* over the sorted (data, origin) of all documents */
} index_digest_t;

/* Computes the digest of the index in folder DIR; fails the test when it
 * cannot be read. */
index_digest_t index_digest(const char *dir);

/* The commit revision of the index in DIR, or 0 when it cannot be opened
 * (yet). */
uint64_t index_revision(const char *dir);

#endif /* QR_INDEX_DIGEST_H */
