/* index_digest.h - a fingerprint of everything an index holds, to compare
 * an index built in pieces (or after crashes) with a clean build. */
#ifndef QR_INDEX_DIGEST_H
#define QR_INDEX_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct index_digest {
    size_t n_documents;
    uint64_t hash;        /* over the sorted (data, origin) of all documents */
    size_t n_terms;
    uint64_t terms_hash;  /* over every term and how many documents it has */
} index_digest_t;

/* Computes the digest of the index in folder DIR; fails the test when it
 * cannot be read. */
index_digest_t index_digest(const char *dir);

/* True when A and B describe the same articles and terms. */
static inline bool
index_digest_equal(index_digest_t a, index_digest_t b)
{
    return a.n_documents == b.n_documents && a.hash == b.hash &&
           a.n_terms == b.n_terms && a.terms_hash == b.terms_hash;
}

/* The commit revision of the index in DIR, or 0 when it cannot be opened
 * (yet). */
uint64_t index_revision(const char *dir);

#endif /* QR_INDEX_DIGEST_H */
