/* grow.h - room for one more item in a growable array. */
#ifndef SR_GROW_H
#define SR_GROW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Returns ITEMS (an array of items of SIZE bytes, *CAP of them allocated,
 * N used) with room for one more: ITEMS itself when it has room, else a
 * reallocation with the capacity doubled (FIRST_CAP the first time) and
 * *CAP updated. Returns NULL when memory runs out; ITEMS and *CAP are
 * unchanged then. */
static inline void *
sr_grow(void *items, size_t *cap, size_t n, size_t size, size_t first_cap)
{
    size_t new_cap;
    void *grown;

    if (n < *cap)
        return items;
    new_cap = *cap ? *cap * 2 : first_cap;
    if (new_cap > SIZE_MAX / size)
        return NULL;
    grown = realloc(items, new_cap * size);
    if (grown != NULL)
        *cap = new_cap;
    return grown;
}

#endif /* SR_GROW_H */
