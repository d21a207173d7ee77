/* fields.h - metadata read from an article's header, before mapping.
 *
 * Front matter (YAML, TOML), JSON objects and mail-style headers all become
 * a list of key -> string values; fields_to_article.c maps the common names
 * and their aliases onto the article model in one place. */
#ifndef IX_FIELDS_H
#define IX_FIELDS_H

#include <stddef.h>

#include "article.h"
#include "status.h"

typedef struct ix_field {
    char *key;             /* lower case; nested keys joined with '.' */
    qr_strlist_t values;   /* one for a scalar, several for a list */
    size_t line;           /* 1-based line of the key in the file, or 0 */
} ix_field_t;

typedef struct ix_fields {
    ix_field_t *items;
    size_t n;
    size_t cap;
    qr_strindex_t index;   /* of the items' keys */
} ix_fields_t;

/* Prepares FIELDS as empty. Cannot fail. */
void ix_fields_init(ix_fields_t *fields);

/* Frees everything FIELDS owns and leaves it empty. Cannot fail. */
void ix_fields_release(ix_fields_t *fields);

/* Appends VALUE[0..VALUE_LEN) (valid UTF-8) to KEY[0..KEY_LEN)'s values,
 * creating the key (folded to ASCII lower case) at LINE if new. A NUL in
 * VALUE (an escape such as YAML's "\0" decodes to one) is stored as
 * U+FFFD. Blank values are ignored. Returns QR_ERR_NOMEM. */
qr_status_t ix_fields_add(ix_fields_t *fields, const char *key,
                          size_t key_len, const char *value, size_t value_len,
                          size_t line, qr_err_t *err);

/* Appends each comma-separated part of VALUE[0..VALUE_LEN) to KEY's
 * values as ix_fields_add does ("rust, wasm" gives two). Returns
 * QR_ERR_NOMEM. */
qr_status_t ix_fields_add_list(ix_fields_t *fields, const char *key,
                               size_t key_len, const char *value,
                               size_t value_len, size_t line, qr_err_t *err);

/* The field named KEY (lower case), or NULL. Valid until FIELDS changes.
 * Cannot fail. */
const ix_field_t *ix_fields_get(const ix_fields_t *fields, const char *key);

/* The first of KEYS (a NULL-terminated list of names) that is present with
 * a value, or NULL. Cannot fail. */
const ix_field_t *ix_fields_find(const ix_fields_t *fields,
                                 const char *const *keys);

#endif /* IX_FIELDS_H */
