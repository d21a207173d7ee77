/* owners.c - the files that give a shared id, and which one owns it.
 *
 * An entry is compact JSON under "quarry.shared:" + a hash of the id's
 * unique term: an object from the term to the list of files giving it, so
 * that two terms with the same hash share the key without mixing. It
 * exists while more than one file gives the id, and also while the
 * article waits for its heir to be read (its owner gives it no longer).
 * Without an entry, the file the article's origin names is its only
 * giver. */
#include "owners.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "terms.h"

#define KEY_PREFIX "quarry.shared:"

enum { KEY_MAX = sizeof KEY_PREFIX + 16 };

/* A byte's rank in walk order: the end of the path, then the folder
 * separator, then every other byte in byte order. */
static int
walk_rank(char c)
{
    if (c == '\0')
        return 0;
    if (c == '/')
        return 1;
    return (unsigned char)c + 1;
}

int
ix_owners_compare(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return walk_rank(*a) - walk_rank(*b);
}

typedef struct first_ctx {
    const char *first;
} first_ctx_t;

static qr_status_t
keep_first(void *ctx, const char *path, qr_err_t *err)
{
    first_ctx_t *f = ctx;

    (void)err;
    if (f->first == NULL || ix_owners_compare(path, f->first) < 0)
        f->first = path;
    return QR_OK;
}

const char *
ix_owners_first(const ix_idset_t *givers)
{
    first_ctx_t f = { NULL };

    ix_idset_each(givers, keep_first, &f, NULL);
    return f.first;
}

static void
make_key(const char *id_term, char *key)
{
    snprintf(key, KEY_MAX, KEY_PREFIX "%016" PRIx64,
             qr_hash_update(QR_HASH_INIT, id_term, strlen(id_term)));
}

/* The entry under ID_TERM's key as a new JSON object (empty when there is
 * none) in *ENTRY_OUT. */
static qr_status_t
load_entry(qr_db_t *db, const char *id_term, json_t **entry_out,
           qr_err_t *err)
{
    char key[KEY_MAX];
    char *text = NULL;
    json_t *entry = NULL;
    qr_status_t st;

    *entry_out = NULL;
    make_key(id_term, key);
    st = qr_db_get_metadata(db, key, &text, err);
    if (st == QR_OK) {
        entry = text[0] != '\0' ? json_loads(text, 0, NULL) : json_object();
        if (entry == NULL || !json_is_object(entry))
            st = qr_err_set(err, QR_ERR_DB_CORRUPT, "the index's list of "
                            "files giving the id %s is damaged", id_term);
    }
    free(text);
    if (st == QR_OK)
        *entry_out = entry;
    else
        json_decref(entry);
    return st;
}

qr_status_t
ix_owners_load(qr_db_t *db, const char *id_term, ix_idset_t *givers,
               bool *found_out, qr_err_t *err)
{
    json_t *entry, *paths, *path;
    size_t i;
    qr_status_t st = load_entry(db, id_term, &entry, err);

    *found_out = false;
    if (st != QR_OK)
        return st;
    paths = json_object_get(entry, id_term);
    *found_out = json_is_array(paths);
    json_array_foreach(paths, i, path) {
        if (json_is_string(path) &&
            (st = ix_idset_add(givers, json_string_value(path), err)) !=
                QR_OK) {
            break;
        }
    }
    json_decref(entry);
    return st;
}

static qr_status_t
append_path(void *ctx, const char *path, qr_err_t *err)
{
    if (json_array_append_new(ctx, json_string(path)) != 0)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory saving the "
                          "files that give an id");
    return QR_OK;
}

qr_status_t
ix_owners_save(qr_db_t *db, const char *id_term, const ix_idset_t *givers,
               qr_err_t *err)
{
    char key[KEY_MAX];
    json_t *entry, *paths = NULL;
    char *text = NULL;
    qr_status_t st = load_entry(db, id_term, &entry, err);

    if (st != QR_OK)
        return st;
    if (givers->n == 0) {
        json_object_del(entry, id_term);
    } else if ((paths = json_array()) == NULL ||
               json_object_set(entry, id_term, paths) != 0) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory saving the files "
                        "that give an id");
    } else {
        st = ix_idset_each(givers, append_path, paths, err);
    }
    if (st == QR_OK && json_object_size(entry) > 0 &&
        (text = json_dumps(entry, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory saving the files "
                        "that give an id");
    }
    make_key(id_term, key);
    /* An empty value deletes the key. */
    if (st == QR_OK)
        st = qr_db_set_metadata(db, key, text != NULL ? text : "", err);
    free(text);
    json_decref(paths);
    json_decref(entry);
    return st;
}

/* Saves GIVERS unless the entry is not needed: it is when more than one
 * file gives the id, or when the only one is not the article's OWNER
 * (NULL: no article). An entry that was not there and is not needed is
 * not written. */
static qr_status_t
save_if_needed(qr_db_t *db, const char *id_term, ix_idset_t *givers,
               bool was_found, const char *owner, qr_err_t *err)
{
    bool is_needed = givers->n > 1 ||
        (givers->n == 1 && owner != NULL &&
         !ix_idset_contains(givers, owner));

    if (is_needed)
        return ix_owners_save(db, id_term, givers, err);
    if (!was_found)
        return QR_OK;
    ix_idset_release(givers);
    return ix_owners_save(db, id_term, givers, err);
}

qr_status_t
ix_owners_give(qr_db_t *db, const char *id_term, const char *path,
               const char *owner, bool *takes_over_out, char **rival_out,
               qr_err_t *err)
{
    ix_idset_t givers;
    const char *rival = NULL;
    bool is_found;
    qr_status_t st;

    *takes_over_out = false;
    *rival_out = NULL;
    ix_idset_init(&givers);
    st = ix_owners_load(db, id_term, &givers, &is_found, err);
    /* Without an entry the owner is the only file giving the id. */
    if (st == QR_OK && !is_found)
        st = ix_idset_add(&givers, owner, err);
    if (st == QR_OK)
        st = ix_idset_add(&givers, path, err);
    if (st != QR_OK)
        goto out;
    rival = ix_owners_first(&givers);
    *takes_over_out = strcmp(rival, path) == 0;
    if (*takes_over_out)
        rival = ix_idset_contains(&givers, owner) ? owner : NULL;
    if (rival != NULL && (*rival_out = strdup(rival)) == NULL) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory");
        goto out;
    }
    st = save_if_needed(db, id_term, &givers, is_found,
                        *takes_over_out ? path : owner, err);
out:
    if (st != QR_OK) {
        free(*rival_out);
        *rival_out = NULL;
    }
    ix_idset_release(&givers);
    return st;
}

qr_status_t
ix_owners_drop(qr_db_t *db, const char *id_term, const char *path,
               const char *owner, ix_owners_drop_t *drop_out,
               char **heir_out, qr_err_t *err)
{
    ix_idset_t givers;
    bool is_found, is_owner_giving;
    qr_status_t st;

    *drop_out = IX_OWNERS_KEEP;
    *heir_out = NULL;
    ix_idset_init(&givers);
    st = ix_owners_load(db, id_term, &givers, &is_found, err);
    if (st != QR_OK)
        goto out;
    ix_idset_remove(&givers, path);
    is_owner_giving = owner != NULL && strcmp(owner, path) != 0 &&
        (!is_found || ix_idset_contains(&givers, owner));
    if (!is_owner_giving && givers.n > 0) {
        *heir_out = strdup(ix_owners_first(&givers));
        if (*heir_out == NULL) {
            st = qr_err_set(err, QR_ERR_NOMEM, "out of memory");
            goto out;
        }
        *drop_out = IX_OWNERS_PASS;
    } else if (!is_owner_giving && owner != NULL) {
        *drop_out = IX_OWNERS_DELETE;
    }
    st = save_if_needed(db, id_term, &givers, is_found,
                        *drop_out == IX_OWNERS_DELETE ? NULL : owner, err);
out:
    ix_idset_release(&givers);
    return st;
}

typedef struct heir_ctx {
    const char *path;
    const ix_idset_t *gone;
    bool has_heir;
} heir_ctx_t;

static qr_status_t
find_heir(void *ctx, const char *giver, qr_err_t *err)
{
    heir_ctx_t *h = ctx;

    (void)err;
    if (strcmp(giver, h->path) != 0 &&
        (h->gone == NULL || !ix_idset_contains(h->gone, giver))) {
        h->has_heir = true;
    }
    return QR_OK;
}

qr_status_t
ix_owners_has_heir(qr_db_t *db, const char *id_term, const char *path,
                   const ix_idset_t *gone, bool *has_heir_out,
                   qr_err_t *err)
{
    ix_idset_t givers;
    heir_ctx_t h = { path, gone, false };
    bool is_found;
    qr_status_t st;

    ix_idset_init(&givers);
    st = ix_owners_load(db, id_term, &givers, &is_found, err);
    if (st == QR_OK)
        ix_idset_each(&givers, find_heir, &h, NULL);
    ix_idset_release(&givers);
    *has_heir_out = h.has_heir;
    return st;
}

void
ix_owners_build_init(ix_owners_build_t *b)
{
    memset(b, 0, sizeof *b);
}

void
ix_owners_build_release(ix_owners_build_t *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->terms[i]);
        ix_idset_release(&b->givers[i]);
    }
    free(b->terms);
    free(b->givers);
    ix_owners_build_init(b);
}

/* Makes room for one more shared id in B. */
static qr_status_t
build_grow(ix_owners_build_t *b, qr_err_t *err)
{
    size_t cap = b->cap ? b->cap * 2 : 64;
    char **terms;
    ix_idset_t *givers;

    if (b->n < b->cap)
        return QR_OK;
    terms = realloc(b->terms, cap * sizeof *terms);
    if (terms != NULL)
        b->terms = terms;
    givers = terms != NULL ? realloc(b->givers, cap * sizeof *givers) : NULL;
    if (givers == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory listing shared "
                          "ids");
    b->givers = givers;
    b->cap = cap;
    return QR_OK;
}

/* The path in an origin value (terms.h). */
static const char *
origin_path(const char *origin)
{
    return strlen(origin) >= QR_ORIGIN_HASH_BYTES
        ? origin + QR_ORIGIN_HASH_BYTES : "";
}

qr_status_t
ix_owners_choose(void *ctx, const char *term, const char *const *origins,
                 size_t n, size_t *keep_out, qr_err_t *err)
{
    ix_owners_build_t *b = ctx;
    ix_idset_t *givers;
    qr_status_t st = build_grow(b, err);

    *keep_out = 0;
    if (st != QR_OK)
        return st;
    givers = &b->givers[b->n];
    ix_idset_init(givers);
    b->terms[b->n] = strdup(term);
    if (b->terms[b->n] == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory listing shared "
                          "ids");
    b->n++;
    for (size_t i = 0; i < n && st == QR_OK; i++) {
        const char *path = origin_path(origins[i]);
        if (ix_owners_compare(path, origin_path(origins[*keep_out])) < 0)
            *keep_out = i;
        st = ix_idset_add(givers, path, err);
    }
    return st;
}

qr_status_t
ix_owners_build_save(const ix_owners_build_t *b, qr_db_t *db, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    for (size_t i = 0; i < b->n && st == QR_OK; i++) {
        if (b->givers[i].n > 1)   /* one file gave it twice: not shared */
            st = ix_owners_save(db, b->terms[i], &b->givers[i], err);
    }
    return st;
}
