/* fields.c - a small ordered map of header keys to string values. */
#include "fields.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
ix_fields_init(ix_fields_t *fields)
{
    memset(fields, 0, sizeof *fields);
}

void
ix_fields_release(ix_fields_t *fields)
{
    for (size_t i = 0; i < fields->n; i++) {
        free(fields->items[i].key);
        qr_strlist_release(&fields->items[i].values);
    }
    free(fields->items);
    qr_strindex_release(&fields->index);
    ix_fields_init(fields);
}

static const char *
field_key(const void *items, size_t i)
{
    return ((const ix_field_t *)items)[i].key;
}

const ix_field_t *
ix_fields_get(const ix_fields_t *fields, const char *key)
{
    size_t at = qr_strindex_find(&fields->index, fields->items, field_key,
                                 key);

    return at == SIZE_MAX ? NULL : &fields->items[at];
}

const ix_field_t *
ix_fields_find(const ix_fields_t *fields, const char *const *keys)
{
    for (size_t k = 0; keys[k] != NULL; k++) {
        const ix_field_t *field = ix_fields_get(fields, keys[k]);
        if (field != NULL && field->values.n > 0)
            return field;
    }
    return NULL;
}

static ix_field_t *
find_or_add_key(ix_fields_t *fields, const char *key, size_t key_len,
                size_t line)
{
    ix_field_t *field;
    char *folded = malloc(key_len + 1);

    if (folded == NULL)
        return NULL;
    for (size_t i = 0; i < key_len; i++) {
        char c = key[i];
        folded[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
    }
    folded[key_len] = '\0';
    size_t at = qr_strindex_find(&fields->index, fields->items, field_key,
                                 folded);
    if (at != SIZE_MAX) {
        free(folded);
        return &fields->items[at];
    }
    if (fields->n == fields->cap) {
        size_t cap = fields->cap ? fields->cap * 2 : 8;
        ix_field_t *items = realloc(fields->items, cap * sizeof *items);
        if (items == NULL) {
            free(folded);
            return NULL;
        }
        fields->items = items;
        fields->cap = cap;
    }
    field = &fields->items[fields->n++];
    memset(field, 0, sizeof *field);
    field->key = folded;
    field->line = line;
    if (!qr_strindex_add(&fields->index, fields->items, fields->n,
                         field_key, fields->n - 1)) {
        free(folded);
        fields->n--;
        return NULL;
    }
    return field;
}

/* VALUE[0..LEN) in a new buffer with each NUL byte made U+FFFD, its
 * length in *LEN_OUT; NULL when out of memory. A header's escapes ("\0"
 * in YAML, "\u0000" in TOML) decode to NUL, which would end the value
 * early in every C string made of it; dropping it instead would join the
 * words on its two sides into one. */
static char *
nul_replaced(const char *value, size_t len, size_t *len_out)
{
    static const char REPLACEMENT[] = "\xEF\xBF\xBD";   /* U+FFFD */
    enum { N_REPLACEMENT = sizeof REPLACEMENT - 1 };
    char *out = len <= SIZE_MAX / N_REPLACEMENT ? malloc(len * N_REPLACEMENT)
                                                : NULL;
    size_t n = 0;

    for (size_t i = 0; out != NULL && i < len; i++) {
        if (value[i] == '\0') {
            memcpy(out + n, REPLACEMENT, N_REPLACEMENT);
            n += N_REPLACEMENT;
        } else {
            out[n++] = value[i];
        }
    }
    *len_out = n;
    return out;
}

qr_status_t
ix_fields_add(ix_fields_t *fields, const char *key, size_t key_len,
              const char *value, size_t value_len, size_t line,
              qr_err_t *err)
{
    ix_field_t *field = find_or_add_key(fields, key, key_len, line);
    char *replaced = NULL;
    qr_status_t st;

    if (field == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory reading a "
                          "header");
    if (memchr(value, '\0', value_len) != NULL) {
        replaced = nul_replaced(value, value_len, &value_len);
        if (replaced == NULL)
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory reading a "
                              "header");
        value = replaced;
    }
    st = qr_strlist_add(&field->values, value, value_len, err);
    free(replaced);
    return st;
}

qr_status_t
ix_fields_add_list(ix_fields_t *fields, const char *key, size_t key_len,
                   const char *value, size_t value_len, size_t line,
                   qr_err_t *err)
{
    size_t start = 0;

    for (size_t i = 0; i <= value_len; i++) {
        if (i == value_len || value[i] == ',') {
            qr_status_t st = ix_fields_add(fields, key, key_len,
                                           value + start, i - start, line,
                                           err);
            if (st != QR_OK)
                return st;
            start = i + 1;
        }
    }
    return QR_OK;
}
