/* idset.c - a set of strings in an open-addressing hash table. */
#include "idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

/* Marks a removed slot so probe chains stay unbroken. */
static char TOMBSTONE_MARK;
#define TOMBSTONE (&TOMBSTONE_MARK)

void
ix_idset_init(ix_idset_t *set)
{
    memset(set, 0, sizeof *set);
}

void
ix_idset_release(ix_idset_t *set)
{
    for (size_t i = 0; i < set->cap; i++) {
        if (set->slots[i] != NULL && set->slots[i] != TOMBSTONE)
            free(set->slots[i]);
    }
    free(set->slots);
    free(set->values);
    ix_idset_init(set);
}

/* Slot holding ID, or the empty slot where it would go (never full). */
static size_t
probe(const ix_idset_t *set, const char *id, bool *found_out)
{
    size_t mask = set->cap - 1;
    size_t i = qr_hash_update(QR_HASH_INIT, id, strlen(id)) & mask;
    size_t first_free = SIZE_MAX;

    for (;; i = (i + 1) & mask) {
        char *slot = set->slots[i];
        if (slot == NULL) {
            *found_out = false;
            return first_free != SIZE_MAX ? first_free : i;
        }
        if (slot == TOMBSTONE) {
            if (first_free == SIZE_MAX)
                first_free = i;
        } else if (strcmp(slot, id) == 0) {
            *found_out = true;
            return i;
        }
    }
}

/* Rehashes into a table with room for at least twice the live entries. */
static qr_status_t
grow(ix_idset_t *set, qr_err_t *err)
{
    ix_idset_t bigger;
    size_t cap = 16;

    while (cap < (set->n + 1) * 4)
        cap *= 2;
    bigger.slots = calloc(cap, sizeof *bigger.slots);
    bigger.values = calloc(cap, sizeof *bigger.values);
    if (bigger.slots == NULL || bigger.values == NULL) {
        free(bigger.slots);
        free(bigger.values);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory for an id set");
    }
    bigger.cap = cap;
    bigger.n = set->n;
    bigger.n_used = set->n;
    bigger.n_bytes = set->n_bytes;
    for (size_t i = 0; i < set->cap; i++) {
        char *slot = set->slots[i];
        bool found;
        if (slot != NULL && slot != TOMBSTONE) {
            size_t k = probe(&bigger, slot, &found);
            bigger.slots[k] = slot;
            bigger.values[k] = set->values[i];
        }
    }
    free(set->slots);
    free(set->values);
    *set = bigger;
    return QR_OK;
}

/* Finds ID's slot, adding a copy of ID with value 0 when it is new. */
static qr_status_t
find_or_add(ix_idset_t *set, const char *id, size_t *slot_out,
            qr_err_t *err)
{
    bool found;
    size_t i;
    char *copy;

    /* Keep at most half the slots used so probes stay short. */
    if ((set->n_used + 1) * 2 > set->cap) {
        qr_status_t st = grow(set, err);
        if (st != QR_OK)
            return st;
    }
    i = probe(set, id, &found);
    *slot_out = i;
    if (found)
        return QR_OK;
    copy = strdup(id);
    if (copy == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory for an id set");
    if (set->slots[i] == NULL)
        set->n_used++;
    set->slots[i] = copy;
    set->values[i] = 0;
    set->n++;
    set->n_bytes += strlen(copy);
    return QR_OK;
}

qr_status_t
ix_idset_add(ix_idset_t *set, const char *id, qr_err_t *err)
{
    size_t i;

    return find_or_add(set, id, &i, err);
}

qr_status_t
ix_idset_put(ix_idset_t *set, const char *id, uint64_t value, qr_err_t *err)
{
    size_t i;
    qr_status_t st = find_or_add(set, id, &i, err);

    if (st == QR_OK)
        set->values[i] = value;
    return st;
}

bool
ix_idset_get(const ix_idset_t *set, const char *id, uint64_t *value_out)
{
    bool found = false;
    size_t i = 0;

    if (set->cap > 0)
        i = probe(set, id, &found);
    if (found && value_out != NULL)
        *value_out = set->values[i];
    return found;
}

bool
ix_idset_contains(const ix_idset_t *set, const char *id)
{
    return ix_idset_get(set, id, NULL);
}

bool
ix_idset_remove(ix_idset_t *set, const char *id)
{
    bool found = false;
    size_t i;

    if (set->cap == 0)
        return false;
    i = probe(set, id, &found);
    if (!found)
        return false;
    set->n_bytes -= strlen(set->slots[i]);
    free(set->slots[i]);
    set->slots[i] = TOMBSTONE;
    set->n--;
    return true;
}

qr_status_t
ix_idset_each(const ix_idset_t *set,
              qr_status_t (*fn)(void *ctx, const char *id, qr_err_t *err),
              void *ctx, qr_err_t *err)
{
    for (size_t i = 0; i < set->cap; i++) {
        char *slot = set->slots[i];
        if (slot != NULL && slot != TOMBSTONE) {
            qr_status_t st = fn(ctx, slot, err);
            if (st != QR_OK)
                return st;
        }
    }
    return QR_OK;
}

qr_status_t
ix_idset_add_difference(ix_idset_t *dst, const ix_idset_t *a,
                        const ix_idset_t *b, qr_err_t *err)
{
    for (size_t i = 0; i < a->cap; i++) {
        char *slot = a->slots[i];
        if (slot != NULL && slot != TOMBSTONE &&
            (b == NULL || !ix_idset_contains(b, slot))) {
            qr_status_t st = ix_idset_add(dst, slot, err);
            if (st != QR_OK)
                return st;
        }
    }
    return QR_OK;
}

qr_status_t
ix_idset_add_all(ix_idset_t *dst, const ix_idset_t *src, qr_err_t *err)
{
    return ix_idset_add_difference(dst, src, NULL, err);
}
