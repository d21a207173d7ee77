/* hash.c - 64-bit FNV-1a (Fowler, Noll and Vo), simple and well spread. */
#include "hash.h"

uint64_t
qr_hash_update(uint64_t hash, const void *data, size_t len)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= 1099511628211ULL;   /* the 64-bit FNV prime */
    }
    return hash;
}
