/* owners.h - which file's article an id stands for when several files
 * give it.
 *
 * The index holds one article per id. When several files give an id (two
 * copies of a feed, a record moved to another file), the article is the
 * one of the file that comes first in a sorted walk (ix_owners_compare):
 * a clean build, an update and a deletion all keep that one. For such a
 * shared id the index remembers, in its metadata and so in the same
 * commits as the articles, every file that gives it; when the owner lets
 * it go (the file vanished or dropped the record), the next of those files
 * inherits it: its record is marked to be read again, and reading it
 * replaces the article. An id that only one file gives has no entry: its
 * article's origin (terms.h) names that file. */
#ifndef IX_OWNERS_H
#define IX_OWNERS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "idset.h"
#include "status.h"

/* Compares two absolute paths in the order a sorted walk meets them: name
 * by name, so that the folder "a" (with everything in it) comes before the
 * file "a-b". Returns <0, 0 or >0 as strcmp does. Cannot fail. */
int ix_owners_compare(const char *a, const char *b);

/* The path in GIVERS that comes first in a sorted walk, NULL when GIVERS
 * is empty; valid while GIVERS is unchanged. Cannot fail. */
const char *ix_owners_first(const ix_idset_t *givers);

/* Loads into GIVERS (initialised by the caller) the files recorded as
 * giving the id whose unique term is ID_TERM; *FOUND_OUT is false when
 * there is no entry (the id is not shared). Returns QR_ERR_DB_CORRUPT for
 * an unreadable entry, database errors, QR_ERR_NOMEM. */
qr_status_t ix_owners_load(qr_db_t *db, const char *id_term,
                           ix_idset_t *givers, bool *found_out,
                           qr_err_t *err);

/* Records GIVERS as the files giving ID_TERM's id; an empty set removes
 * the entry (visible after the next commit). Returns database errors,
 * QR_ERR_NOMEM. */
qr_status_t ix_owners_save(qr_db_t *db, const char *id_term,
                           const ix_idset_t *givers, qr_err_t *err);

/* The file PATH gives ID_TERM's id, whose article the index holds from
 * OWNER, another file. Records PATH among the files giving it and says in
 * *TAKES_OVER_OUT whether PATH's article replaces OWNER's (PATH comes
 * first). *RIVAL_OUT gets the file whose article PATH's loses to (the
 * first in walk order), or replaces (OWNER, while it still gives the
 * id), as a new string the caller frees; NULL when PATH's takes over from
 * an owner that let the id go, so that no article is lost. Returns as
 * ix_owners_load and ix_owners_save, QR_ERR_NOMEM. */
qr_status_t ix_owners_give(qr_db_t *db, const char *id_term,
                           const char *path, const char *owner,
                           bool *takes_over_out, char **rival_out,
                           qr_err_t *err);

typedef enum ix_owners_drop {
    IX_OWNERS_KEEP,     /* another file still owns the article */
    IX_OWNERS_DELETE,   /* no file gives the id any more: delete it */
    IX_OWNERS_PASS      /* the article passes to the heir: re-read it */
} ix_owners_drop_t;

/* The file PATH no longer gives ID_TERM's id, whose article the index
 * holds from OWNER (NULL: it holds none). Forgets PATH among the files
 * giving it and says in *DROP_OUT what becomes of the article; for
 * IX_OWNERS_PASS, *HEIR_OUT gets the file that inherits it (a new string
 * the caller frees; else NULL). An article another file owns stays; so
 * does one waiting for its heir to be read. Returns as ix_owners_load and
 * ix_owners_save. */
qr_status_t ix_owners_drop(qr_db_t *db, const char *id_term,
                           const char *path, const char *owner,
                           ix_owners_drop_t *drop_out, char **heir_out,
                           qr_err_t *err);

/* Says in *HAS_HEIR_OUT whether a file other than PATH and those in GONE
 * gives ID_TERM's id, that is whether the id outlives PATH (and GONE).
 * Returns as ix_owners_load. */
qr_status_t ix_owners_has_heir(qr_db_t *db, const char *id_term,
                               const char *path, const ix_idset_t *gone,
                               bool *has_heir_out, qr_err_t *err);

/* What a build learns about shared ids while it removes the duplicates
 * its shards made: a build appends articles without looking, and keeps
 * one per id afterwards (qr_db_remove_duplicates). */
typedef struct ix_owners_build {
    char **terms;             /* unique terms of the shared ids */
    ix_idset_t *givers;       /* the files giving each */
    size_t n;
    size_t cap;
} ix_owners_build_t;

/* Prepares B as empty. Cannot fail. */
void ix_owners_build_init(ix_owners_build_t *b);

/* Frees what B holds. Cannot fail. */
void ix_owners_build_release(ix_owners_build_t *b);

/* A qr_db_choose_fn over origin values (terms.h) for CTX, an
 * ix_owners_build_t: keeps the article of the file first in walk order,
 * and remembers every file that gives TERM. Returns QR_ERR_NOMEM. */
qr_status_t ix_owners_choose(void *ctx, const char *term,
                             const char *const *origins, size_t n,
                             size_t *keep_out, qr_err_t *err);

/* Records in DB the files giving each shared id B saw (uncommitted).
 * Returns database errors, QR_ERR_NOMEM. */
qr_status_t ix_owners_build_save(const ix_owners_build_t *b, qr_db_t *db,
                                 qr_err_t *err);

#endif /* IX_OWNERS_H */
