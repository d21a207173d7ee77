/* strindex.h - a hash index over strings that live in the caller's array,
 * so that looking one up costs the same however many there are: a header
 * with 200,000 keys or a tag list of as many entries took time growing
 * with their square when each addition searched the array. */
#ifndef QR_STRINDEX_H
#define QR_STRINDEX_H

#include <stdbool.h>
#include <stddef.h>

/* The string of item I of ITEMS (the caller's array). */
typedef const char *(*qr_key_fn)(const void *items, size_t i);

typedef struct qr_strindex {
    size_t *slots;      /* open addressing: an item's index + 1, 0 empty */
    size_t n_slots;     /* 0 or a power of two above twice the items */
} qr_strindex_t;

/* Frees what IX holds and leaves it empty (all zero is empty too). Cannot
 * fail. */
void qr_strindex_release(qr_strindex_t *ix);

/* The index of the item of ITEMS whose string is KEY, or (size_t)-1. Cannot
 * fail. */
size_t qr_strindex_find(const qr_strindex_t *ix, const void *items,
                        qr_key_fn key_of, const char *key);

/* Indexes item I of ITEMS (N items in all, I among them; its string not
 * indexed yet), growing IX when it fills. False when out of memory. */
bool qr_strindex_add(qr_strindex_t *ix, const void *items, size_t n,
                     qr_key_fn key_of, size_t i);

#endif /* QR_STRINDEX_H */
