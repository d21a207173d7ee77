/* update.c - bring a live index up to date, file by file.
 *
 * Vanished files first: the articles of files gone from under the paths
 * given are deleted, within the safety share. Then the walk: a file whose
 * size and modification time match its record is skipped unread;
 * otherwise its bytes are hashed and, if they changed, its articles are
 * indexed (each rewritten only if it differs) and those it no longer has
 * deleted. A file's record is saved after its articles, so a commit never
 * holds a record without the articles it lists; a commit in the middle of
 * a large file first saves a record listing old and new ids, to be read
 * again. */
#include "run_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "walk.h"

static void
sink_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    ix_run_state_t *run = ctx;

    if (is_failure)
        run->file_had_failure = true;
    ix_run_report(run, path, line, is_failure, msg);
}

/* Before committing in the middle of a file, record every id it may have
 * in the index now (old and new) and force a re-read, so that a crash after
 * this commit leaves no article unaccounted for. */
static qr_status_t
save_interim_record(ix_run_state_t *run, qr_err_t *err)
{
    ix_record_t rec;
    qr_status_t st;

    ix_record_init(&rec);
    st = ix_idset_add_all(&rec.ids, &run->file_ids, err);
    if (st == QR_OK)
        st = ix_idset_add_all(&rec.ids, &run->file_record->ids, err);
    if (st == QR_OK)
        st = ix_state_save(run->db, run->file_path, &rec, err);
    ix_record_release(&rec);
    return st;
}

static qr_status_t
sink_article(void *ctx, const qr_article_t *article, qr_err_t *err)
{
    ix_run_state_t *run = ctx;
    ix_index_outcome_t outcome;
    qr_status_t st = ix_index_article(run->db, run->stemmer, article, false,
                                      &outcome, &run->stats, err);

    if (st == QR_OK)
        st = ix_idset_add(&run->file_ids, article->id, err);
    if (st != QR_OK) {
        /* Bad text is this article's problem; anything else ends the run. */
        if (st != QR_ERR_ENCODING && st != QR_ERR_LIMIT)
            ix_run_fail(run, err);
        return st;
    }
    switch (outcome) {
    case IX_INDEX_ADDED:
        run->counts.n_added++;
        break;
    case IX_INDEX_TAKEN_OVER:
        ix_run_report(run, run->file_path, article->line, false,
               "an article with this id came from another file; this one "
               "replaces it");
        run->counts.n_updated++;
        break;
    case IX_INDEX_UPDATED:
        run->counts.n_updated++;
        break;
    case IX_INDEX_UNCHANGED:
        run->counts.n_unchanged++;
        break;
    }
    if (outcome != IX_INDEX_UNCHANGED) {
        run->text_since_commit += article->body_len +
            (article->title != NULL ? strlen(article->title) : 0);
    }
    if (run->text_since_commit >= run->opts->batch_bytes) {
        st = save_interim_record(run, err);
        if (st != QR_OK) {
            ix_run_fail(run, err);
            return st;
        }
        ix_run_commit(run);
    }
    return ix_run_is_fatal(run) ? run->fatal.status : QR_OK;
}

typedef struct deletion {
    ix_run_state_t *run;
    const char *source;
} deletion_t;

static qr_status_t
delete_article(void *ctx, const char *id, qr_err_t *err)
{
    deletion_t *d = ctx;
    bool is_deleted;
    qr_status_t st = ix_index_delete(d->run->db, id, d->source, &is_deleted,
                                     err);

    if (st == QR_OK && is_deleted)
        d->run->counts.n_deleted++;
    return st;
}

/* True when deleting N more articles stays within the safety share;
 * otherwise counts and reports them as refused. WHO names the file (or the
 * index) and WHAT the articles. */
static bool
may_delete(ix_run_state_t *run, size_t n, const char *who, const char *what)
{
    char msg[QR_ERR_MSG_MAX];

    if (n <= run->delete_budget || run->opts->allow_mass_delete) {
        run->delete_budget -= n < run->delete_budget ? n
                                                     : run->delete_budget;
        return true;
    }
    run->counts.n_delete_refused += n;
    snprintf(msg, sizeof msg, "not deleting the %zu articles of %s: that is "
             "more than the %.0f%% of the index one run may delete (check "
             "the archive is all there, or use --allow-mass-delete)", n,
             what, run->opts->max_delete_share * 100);
    ix_run_report(run, who, 0, true, msg);
    return false;
}

/* Deletes the articles in IDS that the file SOURCE gave. */
static qr_status_t
delete_ids(ix_run_state_t *run, const ix_idset_t *ids, const char *source,
           qr_err_t *err)
{
    deletion_t d = { run, source };

    return ix_idset_each(ids, delete_article, &d, err);
}

/* After reading a file: delete what it no longer has, save its record. */
static void
finish_file(ix_run_state_t *run, const struct stat *st, uint64_t hash)
{
    ix_record_t *old = run->file_record;
    ix_record_t rec;
    ix_idset_t gone;
    qr_err_t err;
    qr_status_t status = QR_OK;
    bool is_settled = !run->file_had_failure;

    ix_record_init(&rec);
    ix_idset_init(&gone);
    status = ix_idset_add_difference(&gone, &old->ids, &run->file_ids, &err);
    /* A record that failed to read may just be broken for now: keep its
     * article until the file reads cleanly. */
    if (status == QR_OK && gone.n > 0) {
        if (!run->file_had_failure &&
            may_delete(run, gone.n, run->file_path,
                       "records gone from this file")) {
            status = delete_ids(run, &gone, run->file_path, &err);
        } else {
            is_settled = false;
            status = ix_idset_add_all(&run->file_ids, &gone, &err);
        }
    }
    if (status == QR_OK) {
        rec.size = (uint64_t)st->st_size;
        rec.mtime_ns = ix_run_mtime_ns(st);
        rec.hash = is_settled ? hash : 0;   /* 0: read it again next run */
        rec.ids = run->file_ids;
        status = ix_state_save(run->db, run->file_path, &rec, &err);
        ix_idset_init(&rec.ids);            /* still owned by file_ids */
    }
    if (status != QR_OK)
        ix_run_fail(run, &err);
    ix_idset_release(&gone);
    ix_record_release(&rec);
}

static bool
index_file(void *ctx, const char *path, const struct stat *st,
           bool is_explicit)
{
    ix_run_state_t *run = ctx;
    ix_sink_t sink = { sink_article, sink_problem, NULL, run };
    ix_record_t old;
    bool is_known = false;
    uint64_t hash;
    qr_status_t status;
    qr_err_t err;
    ix_ingest_result_t result;

    if (!ix_run_wants(run, path, is_explicit))
        return true;
    ix_record_init(&old);
    if (!run->is_fresh &&
        ix_state_load(run->db, path, &old, &is_known, &err) != QR_OK) {
        ix_run_report(run, path, 0, false, err.msg);   /* re-read it from scratch */
        ix_record_release(&old);
        ix_record_init(&old);
        is_known = false;
    }
    if (is_known && !run->must_reread && old.hash != 0 &&
        old.size == (uint64_t)st->st_size && old.mtime_ns == ix_run_mtime_ns(st)) {
        run->counts.n_files_unchanged++;
        run->counts.n_unchanged += old.ids.n;
        ix_record_release(&old);
        ix_run_progress(run);
        return true;
    }
    run->file_path = path;
    run->file_record = &old;
    run->file_had_failure = false;
    ix_idset_init(&run->file_ids);
    result = ix_ingest_file(path, st, is_explicit, &run->ingest,
                            is_known && !run->must_reread ? old.hash : 0,
                            &sink, &hash, &status);
    switch (result) {
    case IX_INGEST_UNCHANGED:
        /* Touched but not changed: remember the new time, index nothing. */
        run->counts.n_files_read++;
        run->counts.n_unchanged += old.ids.n;
        old.size = (uint64_t)st->st_size;
        old.mtime_ns = ix_run_mtime_ns(st);
        if (ix_state_save(run->db, path, &old, &err) != QR_OK)
            ix_run_fail(run, &err);
        break;
    case IX_INGEST_READ:
        run->counts.n_files_read++;
        finish_file(run, st, hash);
        break;
    case IX_INGEST_SKIPPED:
        /* Read, and no article by its content (a redirect stub): record
         * it with no articles, so any it had before go. */
        run->counts.n_files_read++;
        run->counts.n_skipped++;
        finish_file(run, st, hash);
        break;
    case IX_INGEST_FAILED:
        break;   /* the old record and its articles stay as they were */
    }
    ix_idset_release(&run->file_ids);
    ix_record_release(&old);
    run->file_path = NULL;
    run->file_record = NULL;
    if (run->text_since_commit >= run->opts->batch_bytes)
        ix_run_commit(run);
    ix_run_progress(run);
    return !ix_run_is_fatal(run);
}


/* --- vanished files ------------------------------------------------------ */

typedef struct vanished {
    ix_run_state_t *run;
    bool is_root_a_file;
    ix_idset_t paths;         /* files with a record that are gone */
    size_t n_articles;        /* articles their records list */
    qr_status_t status;
    qr_err_t err;
} vanished_t;

static bool
collect_vanished(void *ctx, const char *path)
{
    vanished_t *v = ctx;
    struct stat st;

    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        ix_ingest_wants(&v->run->ingest, path, v->is_root_a_file)) {
        return true;
    }
    v->status = ix_idset_add(&v->paths, path, &v->err);
    return v->status == QR_OK;
}

/* Adds the number of articles in PATH's record to *CTX (a size_t). */
static qr_status_t
count_record_ids(void *ctx, const char *path, qr_err_t *err)
{
    vanished_t *v = ctx;
    ix_record_t rec;
    bool is_known;
    qr_status_t st;

    ix_record_init(&rec);
    st = ix_state_load(v->run->db, path, &rec, &is_known, err);
    v->n_articles += rec.ids.n;
    ix_record_release(&rec);
    return st;
}

/* Deletes the articles of the vanished file PATH and forgets it. */
static qr_status_t
delete_file_articles(void *ctx, const char *path, qr_err_t *err)
{
    vanished_t *v = ctx;
    ix_record_t rec;
    bool is_known;
    qr_status_t st;

    ix_record_init(&rec);
    st = ix_state_load(v->run->db, path, &rec, &is_known, err);
    if (st == QR_OK)
        st = delete_ids(v->run, &rec.ids, path, err);
    if (st == QR_OK)
        st = ix_state_remove(v->run->db, path, err);
    ix_record_release(&rec);
    return st;
}

/* Deletes the articles of files under ROOT that are gone (or are no longer
 * files quarry reads), within the safety share. */
static void
delete_vanished(ix_run_state_t *run, const char *root)
{
    char *absolute = realpath(root, NULL);
    vanished_t v;
    struct stat st;
    qr_err_t err;
    qr_status_t status;

    /* A root that is missing altogether is reported by the walk; deleting
     * everything under it is exactly what the safety share guards. */
    if (absolute == NULL)
        return;
    memset(&v, 0, sizeof v);
    v.run = run;
    v.is_root_a_file = stat(absolute, &st) == 0 && S_ISREG(st.st_mode);
    ix_idset_init(&v.paths);
    status = ix_state_each_under(run->db, absolute, collect_vanished, &v,
                                 &err);
    if (status == QR_OK && v.status != QR_OK) {
        status = v.status;
        err = v.err;
    }
    if (status == QR_OK)
        status = ix_idset_each(&v.paths, count_record_ids, &v, &err);
    if (status == QR_OK && v.paths.n > 0) {
        char what[128];
        snprintf(what, sizeof what, "%zu vanished files", v.paths.n);
        if (may_delete(run, v.n_articles, absolute, what))
            status = ix_idset_each(&v.paths, delete_file_articles, &v, &err);
    }
    if (status != QR_OK)
        ix_run_fail(run, &err);
    ix_idset_release(&v.paths);
    free(absolute);
}


void
ix_update_run(ix_run_state_t *run)
{
    const ix_run_opts_t *opts = run->opts;

    for (size_t i = 0; !ix_run_is_fatal(run) && i < opts->n_paths; i++)
        delete_vanished(run, opts->paths[i]);
    for (size_t i = 0; !ix_run_is_fatal(run) && i < opts->n_paths; i++) {
        if (!ix_walk(opts->paths[i], index_file, ix_run_walk_error, run))
            break;
    }
    ix_run_commit(run);
    ix_run_finish_week_table(run);
}
