/* strindex.c - a hash index over strings in the caller's array. */
#include "strindex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

static size_t
slot_of(const char *key, size_t n_slots)
{
    return (size_t)(qr_hash_update(QR_HASH_INIT, key, strlen(key)) &
                    (n_slots - 1));
}

void
qr_strindex_release(qr_strindex_t *ix)
{
    free(ix->slots);
    ix->slots = NULL;
    ix->n_slots = 0;
}

size_t
qr_strindex_find(const qr_strindex_t *ix, const void *items,
                 qr_key_fn key_of, const char *key)
{
    if (ix->n_slots == 0)
        return SIZE_MAX;
    for (size_t s = slot_of(key, ix->n_slots);; s = (s + 1) &
                                                    (ix->n_slots - 1)) {
        size_t at = ix->slots[s];
        if (at == 0)
            return SIZE_MAX;
        if (strcmp(key_of(items, at - 1), key) == 0)
            return at - 1;
    }
}

/* Puts item I into SLOTS (N_SLOTS, a power of two with a free slot). */
static void
place(size_t *slots, size_t n_slots, const void *items, qr_key_fn key_of,
      size_t i)
{
    size_t s = slot_of(key_of(items, i), n_slots);

    while (slots[s] != 0)
        s = (s + 1) & (n_slots - 1);
    slots[s] = i + 1;
}

bool
qr_strindex_add(qr_strindex_t *ix, const void *items, size_t n,
                qr_key_fn key_of, size_t i)
{
    if (n * 2 > ix->n_slots) {   /* at most half full: short probes */
        size_t n_slots = ix->n_slots ? ix->n_slots * 2 : 16;
        size_t *slots;
        while (n * 2 > n_slots)
            n_slots *= 2;
        slots = calloc(n_slots, sizeof *slots);
        if (slots == NULL)
            return false;
        for (size_t k = 0; k < n; k++) {
            if (k != i)
                place(slots, n_slots, items, key_of, k);
        }
        free(ix->slots);
        ix->slots = slots;
        ix->n_slots = n_slots;
    }
    place(ix->slots, ix->n_slots, items, key_of, i);
    return true;
}
