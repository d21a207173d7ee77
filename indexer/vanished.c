/* vanished.c - drop the articles of files that are gone.
 *
 * After the walk, the records under each PATH whose file is gone (or is
 * no longer one quarry reads) are collected; if dropping their articles
 * keeps the run within the safety share, every one is dropped (drops.c)
 * and the record forgotten, else none is: an archive that is not all
 * there looks exactly like one whose files all vanished. */
#include "run_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "walk.h"

typedef struct vanished {
    ix_run_state_t *run;
    const char *root;         /* absolute */
    bool is_root_a_file;
    ix_idset_t paths;         /* files with a record that are gone */
    size_t n_leaving;         /* articles that would leave the index */
    qr_status_t status;
    qr_err_t err;
} vanished_t;

/* A file is gone only when the file system says so: a file under a
 * folder that cannot be searched (EACCES) cannot tell, and keeps its
 * articles, as an unreadable file does; the walk counts that folder as
 * failed. A link that now leads out of the archive is gone, as the walk
 * no longer reads it. */
static bool
collect_vanished(void *ctx, const char *path)
{
    vanished_t *v = ctx;
    struct stat st;

    if (stat(path, &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            return true;
    } else if (S_ISREG(st.st_mode) &&
               ix_ingest_wants(&v->run->ingest, path, v->is_root_a_file) &&
               (v->is_root_a_file || !ix_walk_is_link_out(v->root, path))) {
        return true;
    }
    v->status = ix_idset_add(&v->paths, path, &v->err);
    return v->status == QR_OK;
}

/* Adds the articles that would leave the index with PATH to V. */
static qr_status_t
count_leaving(void *ctx, const char *path, qr_err_t *err)
{
    vanished_t *v = ctx;
    ix_record_t rec;
    bool is_known;
    size_t n = 0;
    qr_status_t st;

    ix_record_init(&rec);
    st = ix_state_load(v->run->db, path, &rec, &is_known, err);
    if (st == QR_OK)
        st = ix_drop_count(v->run, &rec.ids, path, &v->paths, &n, err);
    v->n_leaving += n;
    ix_record_release(&rec);
    return st;
}

/* Drops the articles of the vanished file PATH and forgets it. */
static qr_status_t
drop_file(void *ctx, const char *path, qr_err_t *err)
{
    vanished_t *v = ctx;
    ix_record_t rec;
    bool is_known;
    qr_status_t st;

    ix_record_init(&rec);
    st = ix_state_load(v->run->db, path, &rec, &is_known, err);
    if (st == QR_OK)
        st = ix_drop_ids(v->run, &rec.ids, path, err);
    if (st == QR_OK)
        st = ix_state_remove(v->run->db, path, err);
    ix_record_release(&rec);
    return st;
}

void
ix_vanished_delete(ix_run_state_t *run, const char *root)
{
    char *absolute = ix_walk_absolute(root);
    vanished_t v;
    struct stat st;
    qr_err_t err;
    qr_status_t status;

    /* A root that is missing altogether (a file named on the command line
     * that vanished, an unmounted archive) is reported by the walk, and
     * its records are handled like any vanished file's: the safety share
     * guards a mass delete. */
    if (absolute == NULL)
        return;
    memset(&v, 0, sizeof v);
    v.run = run;
    v.root = absolute;
    v.is_root_a_file = stat(absolute, &st) == 0 && S_ISREG(st.st_mode);
    ix_idset_init(&v.paths);
    status = ix_state_each_under(run->db, absolute, collect_vanished, &v,
                                 &err);
    if (status == QR_OK && v.status != QR_OK) {
        status = v.status;
        err = v.err;
    }
    if (status == QR_OK)
        status = ix_idset_each(&v.paths, count_leaving, &v, &err);
    if (status == QR_OK && v.paths.n > 0) {
        char what[128];
        snprintf(what, sizeof what, "%zu vanished files", v.paths.n);
        if (ix_drop_allowed(run, v.n_leaving, absolute, what))
            status = ix_idset_each(&v.paths, drop_file, &v, &err);
    }
    if (status != QR_OK)
        ix_run_fail(run, &err);
    ix_idset_release(&v.paths);
    free(absolute);
}
