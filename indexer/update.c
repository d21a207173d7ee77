/* update.c - bring a live index up to date, file by file.
 *
 * The walk: a file whose size and modification time match its record is
 * skipped unread; otherwise its bytes are hashed and, if they changed, its
 * articles are indexed (each rewritten only if it differs) and those it no
 * longer has dropped (drops.c). A file's record is saved after its
 * articles, so a commit never holds a record without the articles it
 * lists; a commit in the middle of a large file first saves a record
 * listing old and new ids, to be read again. Then the articles of files
 * that vanished are dropped (vanished.c), within the safety share, and
 * last the files that inherited articles from dropped ones are read
 * again. Vanished files come after the walk so that the share can weigh
 * what the walk added: a renamed folder adds as many articles as it
 * deletes. */
#include "run_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "id_sources.h"
#include "ingest.h"
#include "owners.h"
#include "walk.h"

/* Rounds of reading heirs again in one run: reading one can pass articles
 * on to another. Whatever is left, its record says to read it again. */
enum { MAX_HEIR_ROUNDS = 4 };

static void
sink_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    ix_run_state_t *run = ctx;

    if (is_failure)
        run->file_had_failure = true;
    ix_run_report(run, path, line, is_failure, msg);
}

static void
sink_repeated(void *ctx)
{
    ix_run_state_t *run = ctx;

    run->counts.n_repeated++;
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

qr_status_t
ix_update_commit_midway(ix_run_state_t *run, qr_err_t *err)
{
    qr_status_t st;

    if (run->text_since_commit < run->opts->batch_bytes)
        return ix_run_fatal_status(run, err);
    if (run->file_path != NULL &&
        (st = save_interim_record(run, err)) != QR_OK) {
        ix_run_fail(run, err);
        return st;
    }
    ix_run_commit(run);
    return ix_run_fatal_status(run, err);
}

/* ARTICLE's id has an article from another file: it passes to this one
 * when this one comes first in walk order (owners.h). The article that
 * loses, this one or the other file's, is reported and counted. */
static qr_status_t
claim(ix_run_state_t *run, const qr_article_t *article,
      ix_index_outcome_t *outcome, qr_err_t *err)
{
    char id_term[QR_ID_TERM_BYTES], owner[IX_INDEX_SOURCE_MAX];
    ix_sink_t sink = { NULL, sink_problem, NULL, run, sink_repeated };
    char *rival = NULL;
    bool is_found, takes_over = false;
    qr_status_t st;

    qr_terms_id(article->id, id_term);
    st = ix_index_source(run->db, id_term, owner, &is_found, err);
    if (st == QR_OK && !is_found)
        takes_over = true;    /* deleted meanwhile: nothing to weigh */
    else if (st == QR_OK)
        st = ix_owners_give(run->db, id_term, run->file_path, owner,
                            &takes_over, &rival, err);
    if (st == QR_OK && takes_over)
        st = ix_index_article(run->db, run->stemmer, article,
                              IX_INDEX_TAKE_OVER, outcome, &run->stats, err);
    if (st == QR_OK && rival != NULL)
        ix_id_sources_report(&sink, article, rival, 0, takes_over);
    free(rival);
    return st;
}

static void
count_outcome(ix_run_state_t *run, ix_index_outcome_t outcome)
{
    ix_run_counts_t *c = &run->counts;

    switch (outcome) {
    case IX_INDEX_ADDED:
        c->n_added++;
        break;
    case IX_INDEX_UPDATED:
    case IX_INDEX_TAKEN_OVER:
        c->n_updated++;
        /* The walk counted it as unchanged, under the file it left. */
        if (run->is_heir_walked && c->n_unchanged > 0)
            c->n_unchanged--;
        break;
    case IX_INDEX_UNCHANGED:
    case IX_INDEX_OTHER_SOURCE:
        if (!run->is_reading_heir)
            c->n_unchanged++;
        break;
    }
}

static qr_status_t
sink_article(void *ctx, const qr_article_t *article, qr_err_t *err)
{
    ix_run_state_t *run = ctx;
    ix_index_outcome_t outcome;
    qr_status_t st;

    /* Ingest already left out an id the file gives twice. */
    st = ix_index_article(run->db, run->stemmer, article, IX_INDEX_OWN,
                          &outcome, &run->stats, err);
    if (st == QR_OK && outcome == IX_INDEX_OTHER_SOURCE)
        st = claim(run, article, &outcome, err);
    if (st == QR_OK)
        st = ix_idset_add(&run->file_ids, article->id, err);
    if (st != QR_OK) {
        /* Bad text is this article's problem; anything else ends the run. */
        if (st != QR_ERR_ENCODING && st != QR_ERR_LIMIT)
            ix_run_fail(run, err);
        return st;
    }
    count_outcome(run, outcome);
    if (outcome != IX_INDEX_UNCHANGED && outcome != IX_INDEX_OTHER_SOURCE) {
        run->text_since_commit += article->body_len +
            (article->title != NULL ? strlen(article->title) : 0);
    }
    return ix_update_commit_midway(run, err);
}

/* After reading a file: drop what it no longer has, save its record. */
static void
finish_file(ix_run_state_t *run, const struct stat *st, uint64_t hash)
{
    ix_record_t *old = run->file_record;
    ix_record_t rec;
    ix_idset_t gone;
    qr_err_t err;
    qr_status_t status = QR_OK;
    bool is_settled = !run->file_had_failure;
    size_t n_leaving = 0;

    ix_record_init(&rec);
    ix_idset_init(&gone);
    status = ix_idset_add_difference(&gone, &old->ids, &run->file_ids, &err);
    /* A record that failed to read may just be broken for now: keep its
     * article until the file reads cleanly. */
    if (status == QR_OK && gone.n > 0 && !run->file_had_failure)
        status = ix_drop_count(run, &gone, run->file_path, NULL, &n_leaving,
                               &err);
    if (status == QR_OK && gone.n > 0) {
        if (!run->file_had_failure &&
            ix_drop_allowed(run, n_leaving, run->file_path,
                            "records gone from this file")) {
            status = ix_drop_ids(run, &gone, run->file_path, &err);
        } else {
            is_settled = false;
            status = ix_idset_add_all(&run->file_ids, &gone, &err);
        }
    }
    if (status == QR_OK) {
        ix_run_stamp(&rec, st);
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
    ix_sink_t sink = { sink_article, sink_problem, NULL, run,
                       sink_repeated };
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
        ix_run_is_stamped(&old, st)) {
        run->counts.n_files_unchanged++;
        run->counts.n_unchanged += old.ids.n;
        ix_record_release(&old);
        ix_run_progress(run);
        return true;
    }
    ix_idset_remove(&run->heirs, path);   /* read now: nothing left to do */
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
        ix_run_stamp(&old, st);
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

/* Reads the heir PATH again (drops.c), unless it is gone or no file. */
static qr_status_t
read_heir(void *ctx, const char *path, qr_err_t *err)
{
    ix_run_state_t *run = ctx;
    const ix_run_opts_t *opts = run->opts;
    struct stat st;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return QR_OK;
    run->is_reading_heir = true;
    run->is_heir_walked = false;
    for (size_t i = 0; !run->is_heir_walked && i < opts->n_paths; i++) {
        char *root = realpath(opts->paths[i], NULL);
        run->is_heir_walked = root != NULL && ix_state_is_under(path, root);
        free(root);
    }
    index_file(run, path, &st, true);
    run->is_reading_heir = false;
    run->is_heir_walked = false;
    return ix_run_fatal_status(run, err);
}

/* Reads again the files that inherited articles and were not read since. */
static void
read_heirs(ix_run_state_t *run)
{
    qr_err_t err;

    for (int round = 0; round < MAX_HEIR_ROUNDS && run->heirs.n > 0 &&
         !ix_run_is_fatal(run); round++) {
        ix_idset_t heirs = run->heirs;
        ix_idset_init(&run->heirs);
        ix_idset_each(&heirs, read_heir, run, &err);
        ix_idset_release(&heirs);
    }
}

void
ix_update_run(ix_run_state_t *run)
{
    const ix_run_opts_t *opts = run->opts;

    for (size_t i = 0; !ix_run_is_fatal(run) && i < opts->n_paths; i++) {
        if (!ix_walk(opts->paths[i], index_file, ix_run_walk_error, run))
            break;
    }
    for (size_t i = 0; !ix_run_is_fatal(run) && i < opts->n_paths; i++)
        ix_vanished_delete(run, opts->paths[i]);
    read_heirs(run);
    ix_idset_release(&run->heirs);
    ix_run_commit(run);
    ix_run_finish_week_table(run);
}
