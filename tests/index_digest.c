/* index_digest.c - a fingerprint of everything an index holds. */
#include "index_digest.h"

#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "db.h"
#include "hash.h"
#include "index_dir.h"
#include "terms.h"

typedef struct collect {
    qr_db_t *db;
    char **rows;
    size_t n;
    size_t cap;
} collect_t;

/* One row per document: its JSON, its origin value and its body, joined
 * by tabs. */
static bool
add_row(void *ctx, const char *data, size_t len)
{
    collect_t *c = ctx;
    const char *body;
    size_t json_len, body_len;
    json_t *json;
    const char *id;
    char term[QR_ID_TERM_BYTES], origin[8192];
    size_t origin_len = 0;
    bool found = false;
    qr_err_t err;
    char *row;

    qr_article_data_split(data, len, &json_len, &body, &body_len);
    json = json_loadb(data, json_len, 0, NULL);
    id = json_string_value(json_object_get(json, "id"));
    ck_assert_ptr_nonnull(id);
    qr_terms_id(id, term);
    ck_assert_int_eq(qr_db_find_value(c->db, term, QR_SLOT_ORIGIN, origin,
                                      sizeof origin, &origin_len, &found,
                                      &err), QR_OK);
    ck_assert(found);
    row = malloc(json_len + origin_len + body_len + 3);
    ck_assert_ptr_nonnull(row);
    memcpy(row, data, json_len);
    row[json_len] = '\t';
    memcpy(row + json_len + 1, origin, origin_len);
    row[json_len + 1 + origin_len] = '\t';
    if (body_len > 0)
        memcpy(row + json_len + 2 + origin_len, body, body_len);
    row[json_len + 2 + origin_len + body_len] = '\0';
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->rows = realloc(c->rows, c->cap * sizeof *c->rows);
        ck_assert_ptr_nonnull(c->rows);
    }
    c->rows[c->n++] = row;
    json_decref(json);
    return true;
}

static int
compare_rows(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds TERM and the number of documents it indexes to the digest CTX. */
static bool
add_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    index_digest_t *digest = ctx;

    digest->terms_hash = qr_hash_update(digest->terms_hash, term, len);
    digest->terms_hash = qr_hash_update(digest->terms_hash, &freq,
                                        sizeof freq);
    digest->n_terms++;
    return true;
}

index_digest_t
index_digest(const char *dir)
{
    collect_t c = { NULL, NULL, 0, 0 };
    index_digest_t digest = { 0, QR_HASH_INIT, 0, QR_HASH_INIT };
    qr_err_t err;

    ck_assert_msg(qr_index_open_read(dir, &c.db, &err) == QR_OK, "%s",
                  err.msg);
    ck_assert_int_eq(qr_db_each_document(c.db, add_row, &c, &err), QR_OK);
    qsort(c.rows, c.n, sizeof *c.rows, compare_rows);
    for (size_t i = 0; i < c.n; i++) {
        digest.hash = qr_hash_update(digest.hash, c.rows[i],
                                     strlen(c.rows[i]) + 1);
        free(c.rows[i]);
    }
    digest.n_documents = c.n;
    free(c.rows);
    ck_assert_int_eq(qr_db_each_term(c.db, "", add_term, &digest, &err),
                     QR_OK);
    qr_db_close(c.db);
    return digest;
}

uint64_t
index_revision(const char *dir)
{
    qr_db_t *db = NULL;
    uint64_t rev = 0;
    qr_err_t err;

    if (qr_index_open_read(dir, &db, &err) == QR_OK &&
        qr_db_revision(db, &rev, &err) != QR_OK) {
        rev = 0;
    }
    qr_db_close(db);
    return rev;
}
