/* state.c - source file records in the database's metadata.
 *
 * A record is compact JSON under "quarry.src:" + the file's absolute path,
 * so the records of a folder are one sorted range of keys. Xapian keys are
 * limited to about 240 bytes, so a longer path is stored under
 * "quarry.srch:" + a hash of it, and those few keys are scanned whole. */
#include "state.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

#define KEY_PREFIX "quarry.src:"
#define HASHED_KEY_PREFIX "quarry.srch:"

enum { MAX_PLAIN_PATH = 200, KEY_MAX = 256 };

void
ix_record_init(ix_record_t *rec)
{
    memset(rec, 0, sizeof *rec);
    ix_idset_init(&rec->ids);
}

void
ix_record_release(ix_record_t *rec)
{
    ix_idset_release(&rec->ids);
    ix_record_init(rec);
}

static void
make_key(const char *path, char *key)
{
    size_t len = strlen(path);

    if (len <= MAX_PLAIN_PATH)
        snprintf(key, KEY_MAX, KEY_PREFIX "%s", path);
    else
        snprintf(key, KEY_MAX, HASHED_KEY_PREFIX "%016" PRIx64,
                 qr_hash_update(QR_HASH_INIT, path, len));
}

static qr_status_t
parse_record(const char *text, const char *path, ix_record_t *rec,
             bool *is_ours_out, qr_err_t *err)
{
    json_error_t json_err;
    json_t *json = json_loads(text, 0, &json_err);
    json_t *ids, *id;
    const char *hash, *stored_path;
    size_t i;
    qr_status_t st = QR_OK;
    json_int_t ctime_ns = 0;   /* absent before it was recorded */

    *is_ours_out = false;
    if (json == NULL ||
        json_unpack(json, "{s:s, s:I, s:I, s?I, s:s, s:o}", "p",
                    &stored_path, "s", &rec->size, "m", &rec->mtime_ns,
                    "c", &ctime_ns, "h", &hash, "ids", &ids) != 0 ||
        !json_is_array(ids)) {
        json_decref(json);
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "%s: the index's record of "
                          "this file is damaged", path);
    }
    /* A hashed key could in theory be shared; only our path counts. */
    if (strcmp(stored_path, path) == 0) {
        *is_ours_out = true;
        rec->ctime_ns = ctime_ns;
        rec->hash = strtoull(hash, NULL, 16);
        json_array_foreach(ids, i, id) {
            if (json_is_string(id) &&
                (st = ix_idset_add(&rec->ids, json_string_value(id), err)) !=
                    QR_OK) {
                break;
            }
        }
    }
    json_decref(json);
    return st;
}

qr_status_t
ix_state_load(qr_db_t *db, const char *path, ix_record_t *rec,
              bool *found_out, qr_err_t *err)
{
    char key[KEY_MAX];
    char *value = NULL;
    qr_status_t st;

    *found_out = false;
    make_key(path, key);
    st = qr_db_get_metadata(db, key, &value, err);
    if (st == QR_OK && value[0] != '\0')
        st = parse_record(value, path, rec, found_out, err);
    free(value);
    return st;
}

static qr_status_t
append_id(void *ctx, const char *id, qr_err_t *err)
{
    if (json_array_append_new(ctx, json_string(id)) != 0)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory saving a record");
    return QR_OK;
}

qr_status_t
ix_state_save(qr_db_t *db, const char *path, const ix_record_t *rec,
              qr_err_t *err)
{
    char key[KEY_MAX], hash[17];
    json_t *json, *ids = json_array();
    char *text = NULL;
    qr_status_t st;

    make_key(path, key);
    snprintf(hash, sizeof hash, "%016" PRIx64, rec->hash);
    json = json_pack("{s:s, s:I, s:I, s:I, s:s, s:O}", "p", path,
                     "s", (json_int_t)rec->size,
                     "m", (json_int_t)rec->mtime_ns,
                     "c", (json_int_t)rec->ctime_ns, "h", hash, "ids", ids);
    st = json == NULL ? qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory "
                                   "saving the record", path)
                      : ix_idset_each(&rec->ids, append_id,
                                      json_object_get(json, "ids"), err);
    if (st == QR_OK && (text = json_dumps(json, JSON_COMPACT)) == NULL)
        st = qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory saving the "
                        "record", path);
    if (st == QR_OK)
        st = qr_db_set_metadata(db, key, text, err);
    free(text);
    json_decref(json);
    json_decref(ids);
    return st;
}

qr_status_t
ix_state_remove(qr_db_t *db, const char *path, qr_err_t *err)
{
    char key[KEY_MAX];

    make_key(path, key);
    /* Setting an empty value deletes a metadata key in Xapian. */
    return qr_db_set_metadata(db, key, "", err);
}

typedef struct each_ctx {
    qr_db_t *db;
    const char *root;
    size_t root_len;
    bool (*fn)(void *ctx, const char *path);
    void *fn_ctx;
    bool is_stopped;
    qr_status_t status;
    qr_err_t *err;
} each_ctx_t;

/* True when PATH is ROOT or inside the folder ROOT. */
static bool
is_under(const char *path, const char *root, size_t root_len)
{
    return strncmp(path, root, root_len) == 0 &&
           (path[root_len] == '\0' || path[root_len] == '/' ||
            (root_len > 0 && root[root_len - 1] == '/'));
}

bool
ix_state_is_under(const char *path, const char *root)
{
    return is_under(path, root, strlen(root));
}

static bool
visit_plain_key(void *ctx, const char *key)
{
    each_ctx_t *e = ctx;
    const char *path = key + strlen(KEY_PREFIX);

    if (is_under(path, e->root, e->root_len) && !e->fn(e->fn_ctx, path))
        e->is_stopped = true;
    return !e->is_stopped;
}

/* The path is inside the value for hashed keys. */
static bool
visit_hashed_key(void *ctx, const char *key)
{
    each_ctx_t *e = ctx;
    char *value = NULL;
    json_t *json;
    const char *path;

    e->status = qr_db_get_metadata(e->db, key, &value, e->err);
    if (e->status != QR_OK)
        return false;
    json = json_loads(value, 0, NULL);
    free(value);
    path = json_string_value(json_object_get(json, "p"));
    if (path != NULL && is_under(path, e->root, e->root_len) &&
        !e->fn(e->fn_ctx, path)) {
        e->is_stopped = true;
    }
    json_decref(json);
    return !e->is_stopped;
}

qr_status_t
ix_state_each_under(qr_db_t *db, const char *root,
                    bool (*fn)(void *ctx, const char *path), void *ctx,
                    qr_err_t *err)
{
    char prefix[KEY_MAX];
    each_ctx_t e = { db, root, strlen(root), fn, ctx, false, QR_OK, err };
    qr_status_t st;

    snprintf(prefix, sizeof prefix, KEY_PREFIX "%.*s",
             (int)(sizeof prefix - sizeof KEY_PREFIX), root);
    st = qr_db_each_metadata_key(db, prefix, visit_plain_key, &e, err);
    if (st == QR_OK && !e.is_stopped)
        st = qr_db_each_metadata_key(db, HASHED_KEY_PREFIX, visit_hashed_key,
                                     &e, err);
    return st != QR_OK ? st : e.status;
}
