/* run.c - one indexing run: find what changed, index it, commit.
 *
 * Order of work, and why:
 *  1. Take the index folder's lock (one writer at a time).
 *  2. Delete the articles of files that vanished under the paths given,
 *     unless that is more than the safety share (an unmounted archive).
 *  3. Walk the paths; a file whose size and modification time match its
 *     record is skipped unread; otherwise its bytes are hashed and, if they
 *     changed, its articles indexed (each rewritten only if it differs) and
 *     articles it no longer has deleted; then its record is saved.
 *  4. Commit whenever enough text was indexed, and at the end. A file's
 *     record is saved after its articles, so a commit never holds a record
 *     without the articles it lists.
 * With --full the same walk fills a new, empty generation, which replaces
 * the live one only once complete. */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "idset.h"
#include "index.h"
#include "index_meta.h"
#include "ingest.h"
#include "layout.h"
#include "state.h"
#include "stemmer.h"
#include "walk.h"

#define META_READERS "quarry.readers"

/* Deleting this many articles is always allowed, whatever the share: the
 * share guards large indexes, and in a small one a single file can be
 * more than a fifth of it. */
enum { ALWAYS_DELETABLE = 10 };

typedef struct run {
    const ix_run_opts_t *opts;
    ix_ingest_opts_t ingest;    /* size bound and --exclude patterns */
    ix_layout_t layout;
    qr_db_t *db;
    unsigned gen;               /* generation being written */
    qr_stemmer_t *stemmer;
    bool is_fresh;              /* the database started empty */
    bool must_reread;           /* records cannot be trusted this run */
    size_t delete_budget;       /* articles this run may still delete */
    size_t text_since_commit;   /* bytes of text indexed since a commit */
    ix_index_stats_t stats;
    ix_run_counts_t counts;
    qr_err_t fatal;             /* a failure that ends the run */
    /* the file being read */
    const char *file_path;
    ix_record_t *file_record;
    ix_idset_t file_ids;        /* ids of the articles read so far */
    bool file_had_failure;
    size_t files_total;
} run_t;

static void
report(run_t *run, const char *path, size_t line, bool is_failure,
       const char *msg)
{
    char *last = run->counts.last_problem;
    size_t cap = sizeof run->counts.last_problem;
    const char *kind = is_failure ? "" : "warning: ";
    int n;

    if (is_failure)
        run->counts.n_failed++;
    if (line > 0) {
        fprintf(stderr, "%s:%zu: %s%s\n", path, line, kind, msg);
        n = snprintf(last, cap, "%s:%zu: %s%s", path, line, kind, msg);
    } else {
        fprintf(stderr, "%s: %s%s\n", path, kind, msg);
        n = snprintf(last, cap, "%s: %s%s", path, kind, msg);
    }
    if (n < 0)
        last[0] = '\0';   /* the status file keeps a cut copy if long */
}

static bool
is_fatal(const run_t *run)
{
    return run->fatal.status != QR_OK;
}

/* Commits, counting it; a failure is fatal. */
static void
commit(run_t *run)
{
    qr_err_t err;

    if (is_fatal(run))
        return;
    if (qr_db_commit(run->db, &err) != QR_OK) {
        run->fatal = err;
        return;
    }
    run->counts.n_commits++;
    run->text_since_commit = 0;
}

static void
sink_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    run_t *run = ctx;

    if (is_failure)
        run->file_had_failure = true;
    report(run, path, line, is_failure, msg);
}

/* Before committing in the middle of a file, record every id it may have
 * in the index now (old and new) and force a re-read, so that a crash after
 * this commit leaves no article unaccounted for. */
static qr_status_t
save_interim_record(run_t *run, qr_err_t *err)
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
    run_t *run = ctx;
    ix_index_outcome_t outcome;
    qr_status_t st = ix_index_article(run->db, run->stemmer, article,
                                      run->is_fresh, &outcome, &run->stats,
                                      err);

    if (st == QR_OK)
        st = ix_idset_add(&run->file_ids, article->id, err);
    if (st != QR_OK) {
        /* Bad text is this article's problem; anything else ends the run. */
        if (st != QR_ERR_ENCODING && st != QR_ERR_LIMIT)
            run->fatal = *err;
        return st;
    }
    switch (outcome) {
    case IX_INDEX_ADDED:
        run->counts.n_added++;
        break;
    case IX_INDEX_TAKEN_OVER:
        report(run, run->file_path, article->line, false,
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
            run->fatal = *err;
            return st;
        }
        commit(run);
    }
    return is_fatal(run) ? run->fatal.status : QR_OK;
}

typedef struct deletion {
    run_t *run;
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
may_delete(run_t *run, size_t n, const char *who, const char *what)
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
    report(run, who, 0, true, msg);
    return false;
}

/* Deletes the articles in IDS that the file SOURCE gave. */
static qr_status_t
delete_ids(run_t *run, const ix_idset_t *ids, const char *source,
           qr_err_t *err)
{
    deletion_t d = { run, source };

    return ix_idset_each(ids, delete_article, &d, err);
}

static int64_t
mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static void
progress(run_t *run)
{
    if (run->opts->progress != NULL)
        run->opts->progress(run->opts->progress_ctx,
                            run->counts.n_files_read +
                            run->counts.n_files_unchanged,
                            run->files_total);
}

/* After reading a file: delete what it no longer has, save its record. */
static void
finish_file(run_t *run, const struct stat *st, uint64_t hash)
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
        rec.mtime_ns = mtime_ns(st);
        rec.hash = is_settled ? hash : 0;   /* 0: read it again next run */
        rec.ids = run->file_ids;
        status = ix_state_save(run->db, run->file_path, &rec, &err);
        ix_idset_init(&rec.ids);            /* still owned by file_ids */
    }
    if (status != QR_OK && !is_fatal(run))
        run->fatal = err;
    ix_idset_release(&gone);
    ix_record_release(&rec);
}

static bool
index_file(void *ctx, const char *path, const struct stat *st,
           bool is_explicit)
{
    run_t *run = ctx;
    ix_sink_t sink = { sink_article, sink_problem, NULL, run };
    ix_record_t old;
    bool is_known = false;
    uint64_t hash;
    qr_status_t status;
    qr_err_t err;
    ix_ingest_result_t result;

    if (!ix_ingest_wants(&run->ingest, path, is_explicit)) {
        if (is_explicit && !ix_ingest_is_excluded(&run->ingest, path))
            report(run, path, 0, true, "not a format quarry reads");
        else
            run->counts.n_skipped++;
        return true;
    }
    ix_record_init(&old);
    if (!run->is_fresh &&
        ix_state_load(run->db, path, &old, &is_known, &err) != QR_OK) {
        report(run, path, 0, false, err.msg);   /* re-read it from scratch */
        ix_record_release(&old);
        ix_record_init(&old);
        is_known = false;
    }
    if (is_known && !run->must_reread && old.hash != 0 &&
        old.size == (uint64_t)st->st_size && old.mtime_ns == mtime_ns(st)) {
        run->counts.n_files_unchanged++;
        run->counts.n_unchanged += old.ids.n;
        ix_record_release(&old);
        progress(run);
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
        old.mtime_ns = mtime_ns(st);
        if (ix_state_save(run->db, path, &old, &err) != QR_OK)
            run->fatal = err;
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
        commit(run);
    progress(run);
    return !is_fatal(run);
}

static void
walk_error(void *ctx, const char *path, const char *msg)
{
    report(ctx, path, 0, true, msg);
}

/* --- vanished files ------------------------------------------------------ */

typedef struct vanished {
    run_t *run;
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
delete_vanished(run_t *run, const char *root)
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
    if (status != QR_OK && !is_fatal(run))
        run->fatal = err;
    ix_idset_release(&v.paths);
    free(absolute);
}

/* --- set-up ---------------------------------------------------------------- */

static bool
count_file(void *ctx, const char *path, const struct stat *st,
           bool is_explicit)
{
    (void)st;
    if (ix_ingest_wants(&((run_t *)ctx)->ingest, path, is_explicit))
        ((run_t *)ctx)->files_total++;
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
live_language(const run_t *run, char *language, qr_err_t *err)
{
    qr_db_t *live = NULL;
    qr_status_t st = qr_index_open_read(run->opts->db_path, &live, err);

    language[0] = '\0';
    if (st == QR_OK)
        st = qr_meta_read_language(live, language, err);
    qr_db_close(live);
    return st;
}

/* Records the readers' version; a change means records cannot be trusted
 * to predict what a file gives, so every file is read again. */
static qr_status_t
check_readers_version(run_t *run, qr_err_t *err)
{
    char *readers = NULL;
    qr_status_t st = qr_db_get_metadata(run->db, META_READERS, &readers, err);

    if (st == QR_OK && strcmp(readers, IX_READERS_VERSION) != 0) {
        run->must_reread = true;
        st = qr_db_set_metadata(run->db, META_READERS, IX_READERS_VERSION,
                                err);
    }
    free(readers);
    return st;
}

/* Opens the generation this run writes: a new one for --full, else the
 * live one. A brand-new index is published at once (empty), so that a
 * first run killed halfway resumes where it stopped. */
static qr_status_t
open_generation(run_t *run, uint64_t *n_live_out, qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX], language[QR_LANGUAGE_MAX];
    char stored_language[QR_LANGUAGE_MAX];
    const char *wanted = run->opts->language;
    bool is_full = run->opts->is_full;
    qr_status_t st = QR_OK;

    *n_live_out = 0;
    run->gen = is_full ? run->layout.current_gen + 1
                       : (run->layout.current_gen ? run->layout.current_gen
                                                  : 1);
    if (is_full && run->layout.current_gen != 0 && wanted == NULL) {
        st = live_language(run, stored_language, err);
        wanted = stored_language;
    }
    if (st == QR_OK)
        st = ix_layout_db_path(&run->layout, run->gen, path, err);
    if (st == QR_OK)
        st = qr_db_open_write(path, is_full ? QR_DB_CREATE_EMPTY
                                            : QR_DB_CREATE_OR_OPEN,
                              &run->db, err);
    if (st == QR_OK)
        st = qr_meta_setup(run->db, wanted, language, err);
    if (st == QR_OK)
        st = qr_stem_new(language, &run->stemmer, err);
    if (st == QR_OK)
        st = check_readers_version(run, err);
    if (st == QR_OK)
        st = qr_db_count(run->db, n_live_out, err);
    run->is_fresh = *n_live_out == 0;
    if (st == QR_OK && !is_full && run->layout.current_gen == 0) {
        st = qr_db_commit(run->db, err);
        if (st == QR_OK)
            st = ix_layout_publish(&run->layout, run->gen, err);
    }
    return st;
}

/* A rebuild that lost more than the safety share is not swapped in; the
 * refusal is reported and counted as a failure. */
static qr_status_t
check_rebuild_size(run_t *run, uint64_t n_before, bool *is_ok_out,
                   qr_err_t *err)
{
    char msg[QR_ERR_MSG_MAX];
    uint64_t n_after;
    qr_status_t st = qr_db_count(run->db, &n_after, err);

    *is_ok_out = true;
    if (st != QR_OK || n_after >= n_before || run->opts->allow_mass_delete ||
        n_before - n_after <= run->delete_budget) {
        return st;
    }
    *is_ok_out = false;
    run->counts.n_delete_refused += n_before - n_after;
    snprintf(msg, sizeof msg, "the rebuilt index has %llu articles, %llu "
             "fewer than the live one: more than the %.0f%% one run may "
             "delete, so it was not swapped in (use --allow-mass-delete if "
             "it is intended)", (unsigned long long)n_after,
             (unsigned long long)(n_before - n_after),
             run->opts->max_delete_share * 100);
    report(run, run->opts->db_path, 0, true, msg);
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
live_count(const run_t *run)
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

static qr_status_t
run_locked(run_t *run, qr_err_t *err)
{
    const ix_run_opts_t *opts = run->opts;
    uint64_t n_live, n_before;
    bool is_complete = true;
    qr_status_t st = open_generation(run, &n_live, err);

    if (st != QR_OK)
        return st;
    n_before = opts->is_full ? live_count(run) : n_live;
    run->delete_budget = budget_for(opts, n_before);
    if (opts->progress != NULL) {
        for (size_t i = 0; i < opts->n_paths; i++)
            ix_walk(opts->paths[i], count_file, ignore_error, run);
    }
    for (size_t i = 0; !opts->is_full && !is_fatal(run) &&
         i < opts->n_paths; i++) {
        delete_vanished(run, opts->paths[i]);
    }
    for (size_t i = 0; !is_fatal(run) && i < opts->n_paths; i++) {
        if (!ix_walk(opts->paths[i], index_file, walk_error, run))
            break;
    }
    commit(run);
    if (is_fatal(run))
        return qr_err_set(err, run->fatal.status, "%s", run->fatal.msg);
    if (opts->is_full)
        st = check_rebuild_size(run, n_before, &is_complete, err);
    if (st == QR_OK && !is_complete)
        ix_layout_discard(&run->layout, run->gen);
    else if (st == QR_OK && opts->is_full)
        st = ix_layout_publish(&run->layout, run->gen, err);
    return st;
}

qr_status_t
ix_run(const ix_run_opts_t *opts, ix_run_counts_t *counts_out, qr_err_t *err)
{
    run_t run;
    qr_status_t st;

    memset(&run, 0, sizeof run);
    run.opts = opts;
    run.ingest.max_bytes = opts->max_bytes;
    run.ingest.excludes = opts->excludes;
    run.ingest.n_excludes = opts->n_excludes;
    qr_err_clear(&run.fatal);
    st = ix_layout_lock(opts->db_path, opts->wait_seconds, &run.layout, err);
    if (st == QR_OK) {
        st = run_locked(&run, err);
        qr_stem_free(run.stemmer);
        qr_db_close(run.db);
        /* Drop an unfinished rebuild; the live generation is untouched. */
        if (st != QR_OK && opts->is_full)
            ix_layout_discard(&run.layout, run.gen);
        ix_layout_unlock(&run.layout);
    }
    run.counts.n_terms_dropped = run.stats.n_terms_dropped;
    *counts_out = run.counts;
    return st;
}
