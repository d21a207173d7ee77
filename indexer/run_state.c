/* run_state.c - reporting, commits and progress shared by a run's parts. */
#include "run_state.h"

#include <stdio.h>
#include <string.h>

#include "index_dir.h"
#include "report.h"
#include "terms.h"

void
ix_run_report(ix_run_state_t *run, const char *path, size_t line,
              bool is_failure, const char *msg)
{
    char *last = run->counts.last_failure;
    size_t cap = sizeof run->counts.last_failure;
    int n = 0;

    pthread_mutex_lock(&run->lock);
    if (is_failure || !run->opts->is_quiet)
        ix_report_problem(stderr, path, line, is_failure, msg);
    /* Only failures are the run's errors: a warning never hides one. */
    if (!is_failure)
        run->counts.n_warnings++;
    if (is_failure) {
        run->counts.n_failed++;
        n = line > 0 ? snprintf(last, cap, "%s:%zu: %s", path, line, msg)
                     : snprintf(last, cap, "%s: %s", path, msg);
    }
    if (n < 0)
        last[0] = '\0';   /* the status file keeps a cut copy if long */
    pthread_mutex_unlock(&run->lock);
}

void
ix_run_fail(ix_run_state_t *run, const qr_err_t *err)
{
    pthread_mutex_lock(&run->lock);
    if (run->fatal.status == QR_OK)
        run->fatal = *err;
    pthread_mutex_unlock(&run->lock);
}

bool
ix_run_is_fatal(ix_run_state_t *run)
{
    bool is_fatal;

    pthread_mutex_lock(&run->lock);
    is_fatal = run->fatal.status != QR_OK;
    pthread_mutex_unlock(&run->lock);
    return is_fatal;
}

qr_status_t
ix_run_fatal_status(ix_run_state_t *run, qr_err_t *err)
{
    qr_status_t st;

    pthread_mutex_lock(&run->lock);
    st = run->fatal.status;
    if (st != QR_OK)
        qr_err_set(err, st, "%s", run->fatal.msg);
    pthread_mutex_unlock(&run->lock);
    return st;
}

void
ix_run_commit(ix_run_state_t *run)
{
    qr_err_t err;

    if (ix_run_is_fatal(run))
        return;
    if (qr_db_commit(run->db, &err) != QR_OK) {
        ix_run_fail(run, &err);
        return;
    }
    run->counts.n_commits++;
    run->text_since_commit = 0;
    run->committed = run->counts;
}

void
ix_run_count_committed_only(ix_run_state_t *run, bool is_discarded)
{
    ix_run_counts_t *c = &run->counts;
    const ix_run_counts_t *kept = &run->committed;

    c->n_added = is_discarded ? 0 : kept->n_added;
    c->n_updated = is_discarded ? 0 : kept->n_updated;
    c->n_deleted = is_discarded ? 0 : kept->n_deleted;
}

/* Saves the committed week table for searches to map. Without the file
 * they read it from the index, only slower: a failure is a warning. */
static void
save_week_file(ix_run_state_t *run)
{
    char path[QR_INDEX_PATH_MAX], msg[QR_ERR_MSG_MAX + 80];
    qr_err_t err;

    if (ix_run_is_fatal(run))
        return;
    if (qr_index_path(run->opts->db_path, QR_INDEX_WEEKS, path, &err) ==
            QR_OK &&
        qr_db_save_week_table(run->db, path, &err) == QR_OK)
        return;
    snprintf(msg, sizeof msg, "week file not saved, searches will read the "
             "table from the index: %s", err.msg);
    ix_run_report(run, run->opts->db_path, 0, false, msg);
}

void
ix_run_finish_week_table(ix_run_state_t *run)
{
    bool is_written;
    qr_err_t err;

    if (ix_run_is_fatal(run))
        return;
    if (qr_db_write_week_table(run->db, QR_SLOT_WEEK, &is_written, &err) !=
        QR_OK) {
        ix_run_fail(run, &err);
        return;
    }
    if (is_written)
        ix_run_commit(run);
    save_week_file(run);
}

void
ix_run_progress(ix_run_state_t *run)
{
    if (run->opts->progress != NULL)
        run->opts->progress(run->opts->progress_ctx,
                            run->counts.n_files_read +
                            run->counts.n_files_unchanged,
                            run->files_total);
}

static int64_t
nanoseconds(const struct timespec *t)
{
    return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

void
ix_run_stamp(ix_record_t *rec, const struct stat *st)
{
    rec->size = (uint64_t)st->st_size;
    rec->mtime_ns = nanoseconds(&st->st_mtim);
    rec->ctime_ns = nanoseconds(&st->st_ctim);
}

bool
ix_run_is_stamped(const ix_record_t *rec, const struct stat *st)
{
    return rec->size == (uint64_t)st->st_size &&
           rec->mtime_ns == nanoseconds(&st->st_mtim) &&
           rec->ctime_ns == nanoseconds(&st->st_ctim);
}

bool
ix_run_wants(ix_run_state_t *run, const char *path, bool is_explicit)
{
    if (ix_ingest_wants(&run->ingest, path, is_explicit))
        return true;
    if (is_explicit && !ix_ingest_is_excluded(&run->ingest, path))
        ix_run_report(run, path, 0, true, "not a format quarry reads");
    else
        run->counts.n_skipped++;
    return false;
}

void
ix_run_walk_error(void *run, const char *path, const char *msg)
{
    ix_run_report(run, path, 0, true, msg);
}
