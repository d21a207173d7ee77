/* run.c - one indexing run: lock, choose the generation, update or build
 * it, check the safety share, publish.
 *
 * Order of work, and why:
 *  1. Take the index folder's lock (one writer at a time).
 *  2. Walk the paths; a file whose size and modification time match its
 *     record is skipped unread; otherwise its bytes are hashed and, if they
 *     changed, its articles indexed (each rewritten only if it differs) and
 *     articles it no longer has dropped; then its record is saved.
 *  3. Drop the articles of files that vanished under the paths given,
 *     unless the index would lose more than the safety share (an unmounted
 *     archive); then read again the files that inherit articles an id
 *     shares with a dropped one (owners.h).
 *  4. Commit whenever enough text was indexed, and at the end. A file's
 *     record is saved after its articles, so a commit never holds a record
 *     without the articles it lists.
 * With --full the same walk fills a new, empty generation, which replaces
 * the live one only once complete. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index_meta.h"
#include "ingest.h"
#include "run_state.h"
#include "terms.h"
#include "walk.h"

/* Deleting this many articles is always allowed, whatever the share: the
 * share guards large indexes, and in a small one a single file can be
 * more than a fifth of it. */
enum { ALWAYS_DELETABLE = 10 };

/* --- set-up ---------------------------------------------------------------- */

static bool
count_file(void *ctx, const char *path, const struct stat *st,
           bool is_explicit)
{
    (void)st;
    if (ix_ingest_wants(&((ix_run_state_t *)ctx)->ingest, path, is_explicit))
        ((ix_run_state_t *)ctx)->files_total++;
    return true;
}

static void
ignore_error(void *ctx, const char *path, const char *msg)
{
    (void)ctx;
    (void)path;
    (void)msg;
}

/* The language a --full rebuild keeps when none is given: the live one's. */
static qr_status_t
live_language(const ix_run_state_t *run, char *language, qr_err_t *err)
{
    qr_db_t *live = NULL;
    qr_status_t st = qr_index_open_read(run->opts->db_path, &live, err);

    language[0] = '\0';
    if (st == QR_OK)
        st = qr_meta_read_language(live, language, err);
    qr_db_close(live);
    return st;
}

typedef struct left_behind {
    qr_db_t *rebuilt;
    uint64_t n;
    qr_status_t status;
    qr_err_t *err;
} left_behind_t;

/* Counts an id of the live generation the rebuilt one does not hold. */
static bool
count_left_behind(void *ctx, const char *term, size_t len, uint64_t freq)
{
    left_behind_t *l = ctx;
    uint64_t n_rebuilt = 0;

    (void)freq;
    l->status = qr_db_term_freq(l->rebuilt, term, len, &n_rebuilt, l->err);
    if (l->status == QR_OK && n_rebuilt == 0)
        l->n++;
    return l->status == QR_OK;
}

/* The number of the live generation's articles whose ids the rebuilt one
 * (RUN->db) does not hold, into *N_OUT. */
static qr_status_t
count_rebuild_losses(ix_run_state_t *run, uint64_t *n_out, qr_err_t *err)
{
    qr_db_t *live = NULL;
    left_behind_t l = { run->db, 0, QR_OK, err };
    qr_status_t st = qr_index_open_read(run->opts->db_path, &live, err);

    if (st == QR_OK)
        st = qr_db_each_term(live, QR_PREFIX_ID, count_left_behind, &l, err);
    if (st == QR_OK)
        st = l.status;
    qr_db_close(live);
    *n_out = l.n;
    return st;
}

/* A rebuild counts the live articles it does not carry over as deleted. It
 * is not swapped in when the index would shrink by more than the safety
 * share; the refusal is reported and counted as a failure. */
static qr_status_t
check_rebuild_size(ix_run_state_t *run, uint64_t n_before, bool *is_ok_out,
                   qr_err_t *err)
{
    char msg[QR_ERR_MSG_MAX];
    uint64_t n_after, n_left = 0;
    qr_status_t st = qr_db_count(run->db, &n_after, err);

    *is_ok_out = true;
    if (st == QR_OK)
        st = count_rebuild_losses(run, &n_left, err);
    if (st != QR_OK || n_after >= n_before || run->opts->allow_mass_delete ||
        n_before - n_after <= run->delete_budget) {
        run->counts.n_deleted += (size_t)n_left;
        return st;
    }
    *is_ok_out = false;
    run->counts.n_delete_refused += (size_t)n_left;
    snprintf(msg, sizeof msg, "the rebuilt index has %llu articles, %llu "
             "fewer than the live one (%llu of its articles left behind): "
             "more than the %.0f%% one run may delete, so it was not "
             "swapped in (use --allow-mass-delete if it is intended)",
             (unsigned long long)n_after,
             (unsigned long long)(n_before - n_after),
             (unsigned long long)n_left,
             run->opts->max_delete_share * 100);
    ix_run_report(run, run->opts->db_path, 0, true, msg);
    return QR_OK;
}

static size_t
budget_for(const ix_run_opts_t *opts, uint64_t n_live)
{
    size_t share = (size_t)((double)n_live * opts->max_delete_share);

    return share > ALWAYS_DELETABLE ? share : ALWAYS_DELETABLE;
}

/* Counts the live generation's articles, for a rebuild's safety check. */
static uint64_t
live_count(const ix_run_state_t *run)
{
    qr_db_t *live = NULL;
    uint64_t n = 0;
    qr_err_t err;

    if (run->layout.current_gen != 0 &&
        qr_index_open_read(run->opts->db_path, &live, &err) == QR_OK) {
        if (qr_db_count(live, &n, &err) != QR_OK)
            n = 0;
    }
    qr_db_close(live);
    return n;
}

/* Compares the readers' version with the index's; a change means records
 * cannot be trusted to predict what a file gives, so every file is read
 * again. */
static qr_status_t
check_readers_version(ix_run_state_t *run, qr_err_t *err)
{
    char *readers = NULL;
    qr_status_t st = qr_db_get_metadata(run->db, IX_META_READERS, &readers, err);

    if (st == QR_OK && strcmp(readers, IX_READERS_VERSION) != 0)
        run->must_reread = true;
    free(readers);
    return st;
}

/* Records the readers' version once every file was read again: a run cut
 * short leaves the old version, so the next run reads everything too. */
static qr_status_t
record_readers_version(ix_run_state_t *run, qr_err_t *err)
{
    qr_status_t st;

    if (!run->must_reread)
        return QR_OK;
    st = qr_db_set_metadata(run->db, IX_META_READERS, IX_READERS_VERSION,
                            err);
    return st == QR_OK ? qr_db_commit(run->db, err) : st;
}

/* Opens the live generation for writing and brings it up to date. */
static qr_status_t
update_generation(ix_run_state_t *run, qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX];
    uint64_t n_live = 0;
    qr_status_t st;

    run->gen = run->layout.current_gen;
    st = ix_layout_db_path(&run->layout, run->gen, path, err);
    if (st == QR_OK)
        st = qr_db_open_write(path, QR_DB_CREATE_OR_OPEN, &run->db, err);
    if (st == QR_OK)
        st = qr_meta_setup(run->db, run->opts->language, run->language, err);
    if (st == QR_OK)
        st = qr_stem_new(run->language, &run->stemmer, err);
    if (st == QR_OK)
        st = check_readers_version(run, err);
    if (st == QR_OK)
        st = qr_db_count(run->db, &n_live, err);
    if (st != QR_OK)
        return st;
    run->is_fresh = n_live == 0;
    run->delete_budget = budget_for(run->opts, n_live);
    ix_update_run(run);
    st = ix_run_fatal_status(run, err);
    return st == QR_OK ? record_readers_version(run, err) : st;
}

/* Builds the next generation from scratch and publishes it, unless it lost
 * more articles than the safety share allows. */
static qr_status_t
build_generation(ix_run_state_t *run, qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX];
    uint64_t n_before = live_count(run);
    bool is_complete = true;
    qr_status_t st = QR_OK;

    run->gen = run->layout.current_gen + 1;
    run->delete_budget = budget_for(run->opts, n_before);
    if (run->opts->language != NULL)
        snprintf(run->language, sizeof run->language, "%s",
                 run->opts->language);
    else if (run->layout.current_gen != 0)
        st = live_language(run, run->language, err);
    else
        snprintf(run->language, sizeof run->language, "%s",
                 QR_STEM_DEFAULT_LANGUAGE);
    if (st == QR_OK)
        st = ix_layout_db_path(&run->layout, run->gen, path, err);
    if (st == QR_OK)
        st = ix_bulk_build(run, path, err);
    if (st == QR_OK && n_before > 0)
        st = check_rebuild_size(run, n_before, &is_complete, err);
    if (st == QR_OK && !is_complete) {
        ix_layout_discard(&run->layout, run->gen);
        ix_run_count_committed_only(run, true);
    } else if (st == QR_OK) {
        st = ix_layout_publish(&run->layout, run->gen, err);
    }
    return st;
}

/* A new index, or --full, is built from scratch with every core; an
 * existing one is updated in place. */
static qr_status_t
run_locked(ix_run_state_t *run, qr_err_t *err)
{
    const ix_run_opts_t *opts = run->opts;

    if (opts->progress != NULL) {
        for (size_t i = 0; i < opts->n_paths; i++)
            ix_walk(opts->paths[i], count_file, ignore_error, run);
    }
    if (opts->is_full || run->layout.current_gen == 0)
        return build_generation(run, err);
    return update_generation(run, err);
}

qr_status_t
ix_run(const ix_run_opts_t *opts, ix_run_counts_t *counts_out, qr_err_t *err)
{
    ix_run_state_t run;
    bool is_discarded;
    qr_status_t st;

    memset(&run, 0, sizeof run);
    run.opts = opts;
    run.ingest.max_bytes = opts->max_bytes;
    run.ingest.excludes = opts->excludes;
    run.ingest.n_excludes = opts->n_excludes;
    qr_err_clear(&run.fatal);
    pthread_mutex_init(&run.lock, NULL);
    st = ix_layout_lock(opts->db_path, opts->wait_seconds, &run.layout, err);
    if (st == QR_OK) {
        st = run_locked(&run, err);
        qr_stem_free(run.stemmer);
        qr_db_close(run.db);
        /* Drop an unfinished build; the live generation is untouched. */
        is_discarded = st != QR_OK && run.gen != run.layout.current_gen;
        if (is_discarded)
            ix_layout_discard(&run.layout, run.gen);
        if (st != QR_OK)
            ix_run_count_committed_only(&run, is_discarded);
        run.counts.n_terms_dropped = run.stats.n_terms_dropped;
        if (opts->on_finish != NULL)
            opts->on_finish(opts->on_finish_ctx, st, &run.counts, err);
        ix_layout_unlock(&run.layout);
    }
    pthread_mutex_destroy(&run.lock);
    *counts_out = run.counts;
    return st;
}
