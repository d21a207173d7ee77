/* drops.c - what becomes of an article when a file stops giving it.
 *
 * It goes, unless another file gives the same id (owners.h): then it
 * stays, or passes to the next of those files, which is read again. The
 * safety share is checked against what would really leave the index, and
 * against the run's net loss: a renamed folder deletes as many articles as
 * it adds. */
#include "run_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "owners.h"
#include "terms.h"

typedef struct drop {
    ix_run_state_t *run;
    const char *path;          /* the file that no longer gives the ids */
    const ix_idset_t *gone;    /* files gone with it, or NULL */
    size_t n;
} drop_t;

/* Adds 1 to D->n when ID would leave the index: PATH gave its article and
 * no file but those gone gives it too. */
static qr_status_t
count_one(void *ctx, const char *id, qr_err_t *err)
{
    drop_t *d = ctx;
    char id_term[QR_ID_TERM_BYTES], source[IX_INDEX_SOURCE_MAX];
    bool is_found, has_heir = false;
    qr_status_t st;

    qr_terms_id(id, id_term);
    st = ix_index_source(d->run->db, id_term, source, &is_found, err);
    if (st != QR_OK || !is_found || strcmp(source, d->path) != 0)
        return st;
    st = ix_owners_has_heir(d->run->db, id_term, d->path, d->gone, &has_heir,
                            err);
    if (st == QR_OK && !has_heir)
        d->n++;
    return st;
}

qr_status_t
ix_drop_count(ix_run_state_t *run, const ix_idset_t *ids, const char *path,
              const ix_idset_t *gone, size_t *n_out, qr_err_t *err)
{
    drop_t d = { run, path, gone, 0 };
    qr_status_t st = ix_idset_each(ids, count_one, &d, err);

    *n_out = d.n;
    return st;
}

bool
ix_drop_allowed(ix_run_state_t *run, size_t n, const char *who,
                const char *what)
{
    const ix_run_counts_t *c = &run->counts;
    char msg[QR_ERR_MSG_MAX];

    if (n == 0 || run->opts->allow_mass_delete ||
        c->n_deleted + n <= run->delete_budget + c->n_added) {
        return true;
    }
    run->counts.n_delete_refused += n;
    snprintf(msg, sizeof msg, "not deleting the %zu articles of %s: the "
             "index would lose more than the %.0f%% one run may delete "
             "(check the archive is all there, or use --allow-mass-delete)",
             n, what, run->opts->max_delete_share * 100);
    ix_run_report(run, who, 0, true, msg);
    return false;
}

/* Marks HEIR to be read again, in this run and (through its record, in
 * the same commit as the drop) after a crash. */
static qr_status_t
mark_heir(ix_run_state_t *run, const char *heir, qr_err_t *err)
{
    ix_record_t rec;
    bool is_known;
    qr_status_t st;

    if (ix_idset_contains(&run->heirs, heir))
        return QR_OK;
    st = ix_idset_add(&run->heirs, heir, err);
    ix_record_init(&rec);
    if (st == QR_OK)
        st = ix_state_load(run->db, heir, &rec, &is_known, err);
    if (st == QR_OK && is_known && rec.hash != 0) {
        rec.hash = 0;
        st = ix_state_save(run->db, heir, &rec, err);
    }
    ix_record_release(&rec);
    return st;
}

static qr_status_t
drop_one(void *ctx, const char *id, qr_err_t *err)
{
    drop_t *d = ctx;
    char id_term[QR_ID_TERM_BYTES], source[IX_INDEX_SOURCE_MAX];
    ix_owners_drop_t drop = IX_OWNERS_KEEP;
    char *heir = NULL;
    bool is_found;
    qr_status_t st;

    qr_terms_id(id, id_term);
    st = ix_index_source(d->run->db, id_term, source, &is_found, err);
    if (st == QR_OK)
        st = ix_owners_drop(d->run->db, id_term, d->path,
                            is_found ? source : NULL, &drop, &heir, err);
    if (st == QR_OK && drop == IX_OWNERS_DELETE) {
        st = qr_db_delete(d->run->db, id_term, err);
        if (st == QR_OK) {
            d->run->counts.n_deleted++;
            d->run->text_since_commit += IX_DELETE_BATCH_BYTES;
            st = ix_update_commit_midway(d->run, err);
        }
    } else if (st == QR_OK && drop == IX_OWNERS_PASS) {
        st = mark_heir(d->run, heir, err);
    }
    free(heir);
    return st;
}

qr_status_t
ix_drop_ids(ix_run_state_t *run, const ix_idset_t *ids, const char *path,
            qr_err_t *err)
{
    drop_t d = { run, path, NULL, 0 };

    return ix_idset_each(ids, drop_one, &d, err);
}
