/* bulk.c - build a new generation from scratch with every core.
 *
 * Xapian's writer does most of the work of indexing, and one writer uses
 * one core. So a build reads and parses files on the main thread and hands
 * the articles to worker threads, each with its own scratch database (no
 * fsync, updated in place: it is thrown away if the build is interrupted).
 * The main thread writes the file records into a scratch database of its
 * own. At the end all of them are merged by compaction into the new
 * generation, which also packs its B-trees full (smaller and faster to
 * search), and an id that several files gave keeps one article: the one
 * of the file first in walk order (owners.h). The main thread notes which
 * file and line give each id (id_sources.h) to warn of every article so
 * lost. */
#include "run_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "id_sources.h"
#include "index_meta.h"
#include "ingest.h"
#include "owners.h"
#include "terms.h"
#include "walk.h"

/* A worker flushes its scratch shard to disk after this much text at most
 * (less when --batch-bytes asks for less). Shards are thrown away if the
 * build is interrupted, so this is about speed only: on bench/gen-corpus's
 * 200,000 articles (2 cores, medians of 6 runs) 512 KiB built the index in
 * 31 s where 1 MiB took 33.5 s and 4 MiB 40 s (merging a larger batch into
 * Xapian's B-trees costs more CPU than it saves), and 128 KiB spent the
 * gain in system time (36 s). */
enum { SHARD_FLUSH_BYTES = 512 * 1024 };

enum {
    MAX_JOBS = 16,
    QUEUE_ARTICLES = 256,              /* articles waiting for a worker */
    QUEUE_BYTES = 16 * 1024 * 1024,    /* and their text, at most */
    RECORD_OVERHEAD_BYTES = 64         /* a record's size, time, hash */
};

typedef struct queue {
    pthread_mutex_t lock;
    pthread_cond_t has_items;
    pthread_cond_t has_room;
    qr_article_t *items[QUEUE_ARTICLES];
    size_t head;
    size_t n;
    size_t n_bytes;
    bool is_closed;
    bool is_reader_waiting;    /* the reader sleeps until the queue drains */
} queue_t;

typedef struct worker {
    ix_run_state_t *run;
    queue_t *queue;
    pthread_t thread;
    bool is_started;
    char path[QR_INDEX_PATH_MAX];
    qr_db_t *shard;
    qr_stemmer_t *stemmer;
    ix_index_stats_t stats;
    size_t n_added;
    size_t text_since_commit;
    size_t flush_bytes;        /* text between flushes of the shard */
} worker_t;

typedef struct bulk {
    ix_run_state_t *run;
    queue_t queue;
    worker_t workers[MAX_JOBS];
    size_t n_workers;
    char meta_path[QR_INDEX_PATH_MAX];
    qr_db_t *meta;             /* file records, written by the main thread */
    size_t meta_since_commit;  /* bytes of records since its last commit */
    ix_idset_t file_ids;       /* ids of the file being read */
    bool file_had_failure;
    ix_id_sources_t sources;   /* the file first in walk order for each id */
    ix_sink_t sink;            /* what the readers give goes here */
} bulk_t;

static size_t
text_bytes(const qr_article_t *a)
{
    return a->body_len + (a->title != NULL ? strlen(a->title) : 0);
}

/* --- the queue between the reader and the workers --------------------- */

static void
queue_init(queue_t *q)
{
    memset(q, 0, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->has_items, NULL);
    pthread_cond_init(&q->has_room, NULL);
}

static void
queue_destroy(queue_t *q)
{
    for (size_t i = 0; i < q->n; i++) {
        qr_article_t *a = q->items[(q->head + i) % QUEUE_ARTICLES];
        qr_article_release(a);
        free(a);
    }
    pthread_cond_destroy(&q->has_room);
    pthread_cond_destroy(&q->has_items);
    pthread_mutex_destroy(&q->lock);
}

/* Hands A (heap, owned from now on by the queue) to the workers, waiting
 * while the queue is full. An article larger than the byte bound still
 * goes through once the queue is empty. */
static void
queue_push_take(queue_t *q, qr_article_t *a)
{
    size_t n_bytes = text_bytes(a);

    pthread_mutex_lock(&q->lock);
    while (q->n == QUEUE_ARTICLES ||
           (q->n > 0 && q->n_bytes + n_bytes > QUEUE_BYTES)) {
        q->is_reader_waiting = true;
        pthread_cond_wait(&q->has_room, &q->lock);
    }
    q->items[(q->head + q->n) % QUEUE_ARTICLES] = a;
    q->n++;
    q->n_bytes += n_bytes;
    pthread_cond_signal(&q->has_items);
    pthread_mutex_unlock(&q->lock);
}

/* The next article (the caller owns it), or NULL once the queue is closed
 * and empty. */
static qr_article_t *
queue_pop(queue_t *q)
{
    qr_article_t *a = NULL;

    pthread_mutex_lock(&q->lock);
    while (q->n == 0 && !q->is_closed)
        pthread_cond_wait(&q->has_items, &q->lock);
    if (q->n > 0) {
        a = q->items[q->head];
        q->head = (q->head + 1) % QUEUE_ARTICLES;
        q->n--;
        q->n_bytes -= text_bytes(a);
        /* The reader outruns the workers, so the queue is mostly full:
         * waking it for every free slot cost a futex call and two context
         * switches per article. It refills half the queue at a time. */
        if (q->is_reader_waiting && q->n <= QUEUE_ARTICLES / 2 &&
            q->n_bytes <= QUEUE_BYTES / 2) {
            q->is_reader_waiting = false;
            pthread_cond_signal(&q->has_room);
        }
    }
    pthread_mutex_unlock(&q->lock);
    return a;
}

static void
queue_close(queue_t *q)
{
    pthread_mutex_lock(&q->lock);
    q->is_closed = true;
    pthread_cond_broadcast(&q->has_items);
    pthread_mutex_unlock(&q->lock);
}

/* --- workers ----------------------------------------------------------- */

static void
index_one(worker_t *w, const qr_article_t *a)
{
    ix_index_outcome_t outcome;
    qr_err_t err;
    qr_status_t st;

    if (ix_run_is_fatal(w->run))
        return;   /* drain the queue so the reader never blocks */
    st = ix_index_article(w->shard, w->stemmer, a, IX_INDEX_APPEND, &outcome,
                          &w->stats, &err);
    if (st == QR_ERR_ENCODING || st == QR_ERR_LIMIT) {
        ix_run_report(w->run, a->path ? a->path : a->id, a->line, true,
                      err.msg);
        return;
    }
    if (st != QR_OK) {
        ix_run_fail(w->run, &err);
        return;
    }
    w->n_added++;
    w->text_since_commit += text_bytes(a);
    if (w->text_since_commit >= w->flush_bytes) {
        w->text_since_commit = 0;
        if (qr_db_commit(w->shard, &err) != QR_OK)
            ix_run_fail(w->run, &err);
    }
}

static void *
worker_main(void *arg)
{
    worker_t *w = arg;
    qr_article_t *a;
    qr_err_t err;

    while ((a = queue_pop(w->queue)) != NULL) {
        index_one(w, a);
        qr_article_release(a);
        free(a);
    }
    if (!ix_run_is_fatal(w->run) && qr_db_commit(w->shard, &err) != QR_OK)
        ix_run_fail(w->run, &err);
    return NULL;
}

static qr_status_t
start_worker(bulk_t *b, worker_t *w, const char *dest, size_t k,
             qr_err_t *err)
{
    qr_status_t st;
    int n = snprintf(w->path, sizeof w->path, "%s.part%zu", dest, k);

    w->run = b->run;
    w->queue = &b->queue;
    w->flush_bytes = b->run->opts->batch_bytes < SHARD_FLUSH_BYTES
                         ? b->run->opts->batch_bytes
                         : SHARD_FLUSH_BYTES;
    if (n < 0 || (size_t)n >= sizeof w->path)
        return qr_err_set(err, QR_ERR_LIMIT, "%s: path too long", dest);
    st = qr_db_open_write(w->path, QR_DB_SCRATCH, &w->shard, err);
    if (st == QR_OK)
        st = qr_stem_new(b->run->language, &w->stemmer, err);
    if (st == QR_OK && pthread_create(&w->thread, NULL, worker_main, w) != 0)
        st = qr_err_set(err, QR_ERR_INTERNAL, "cannot start a thread");
    if (st == QR_OK)
        w->is_started = true;
    return st;
}

/* --- the reader (main thread) ------------------------------------------ */

static void
take_repeated(void *ctx)
{
    bulk_t *b = ctx;

    b->run->counts.n_repeated++;
}

/* Ingest already left out an id the file gives twice (the first stays).
 * An id another file gives too is queued all the same: the merge keeps
 * one of them, and records both files as giving it. */
static qr_status_t
take_article(void *ctx, const qr_article_t *article, qr_err_t *err)
{
    bulk_t *b = ctx;
    qr_article_t *copy = malloc(sizeof *copy);
    qr_status_t st;

    if (copy == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory queueing an "
                          "article");
    qr_article_init(copy);
    st = qr_article_copy(copy, article, err);
    if (st == QR_OK)
        st = ix_idset_add(&b->file_ids, article->id, err);
    if (st == QR_OK)
        st = ix_id_sources_note(&b->sources, article, &b->sink, NULL, err);
    if (st != QR_OK) {
        qr_article_release(copy);
        free(copy);
        ix_run_fail(b->run, err);
        return st;
    }
    queue_push_take(&b->queue, copy);
    return QR_OK;
}

static void
take_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    bulk_t *b = ctx;

    if (is_failure)
        b->file_had_failure = true;
    ix_run_report(b->run, path, line, is_failure, msg);
}

/* Records what the file gave, as update.c would after reading it. */
static void
save_record(bulk_t *b, const char *path, const struct stat *st,
            uint64_t hash)
{
    ix_record_t rec;
    qr_err_t err;

    ix_record_init(&rec);
    ix_run_stamp(&rec, st);
    rec.hash = b->file_had_failure ? 0 : hash;   /* 0: read it again */
    rec.ids = b->file_ids;
    if (ix_state_save(b->meta, path, &rec, &err) != QR_OK) {
        ix_run_fail(b->run, &err);
        return;
    }
    /* Commit the records by size too, so that they never pile up in
     * memory however large the archive. */
    b->meta_since_commit += strlen(path) + rec.ids.n_bytes +
                            RECORD_OVERHEAD_BYTES;
    if (b->meta_since_commit >= b->run->opts->batch_bytes) {
        b->meta_since_commit = 0;
        if (qr_db_commit(b->meta, &err) != QR_OK)
            ix_run_fail(b->run, &err);
    }
}

/* The walk's errors are the run's failures. (It passed the bulk state
 * where the run's was expected, so a first build wrote a walk error's
 * count into the wrong memory and reported "failed 0": a missing PATH, a
 * folder that cannot be read.) */
static void
walk_error(void *ctx, const char *path, const char *msg)
{
    bulk_t *b = ctx;

    ix_run_walk_error(b->run, path, msg);
}

static bool
read_file(void *ctx, const char *path, const struct stat *st,
          bool is_explicit)
{
    bulk_t *b = ctx;
    ix_run_state_t *run = b->run;
    uint64_t hash;
    qr_status_t status;

    if (!ix_run_wants(run, path, is_explicit))
        return true;
    ix_idset_init(&b->file_ids);
    b->file_had_failure = false;
    switch (ix_ingest_file(path, st, is_explicit, &run->ingest, 0, &b->sink,
                           &hash, &status)) {
    case IX_INGEST_READ:
        run->counts.n_files_read++;
        save_record(b, path, st, hash);
        break;
    case IX_INGEST_SKIPPED:
        /* Read, and no article by its content: remember it, so that the
         * next run skips it unread while it stays the same. */
        run->counts.n_skipped++;
        if (hash != 0) {
            run->counts.n_files_read++;
            save_record(b, path, st, hash);
        }
        break;
    case IX_INGEST_UNCHANGED:
    case IX_INGEST_FAILED:
        break;
    }
    ix_idset_release(&b->file_ids);
    ix_run_progress(run);
    return !ix_run_is_fatal(run);
}

/* --- set-up, merge and clean-up ------------------------------------------ */

static unsigned
job_count(const ix_run_opts_t *opts)
{
    long n = opts->n_jobs > 0 ? (long)opts->n_jobs
                              : sysconf(_SC_NPROCESSORS_ONLN);

    if (n < 1)
        return 1;
    return n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

static qr_status_t
open_meta(bulk_t *b, const char *dest, qr_err_t *err)
{
    char language[QR_LANGUAGE_MAX];
    int n = snprintf(b->meta_path, sizeof b->meta_path, "%s.meta", dest);
    qr_status_t st;

    if (n < 0 || (size_t)n >= sizeof b->meta_path)
        return qr_err_set(err, QR_ERR_LIMIT, "%s: path too long", dest);
    st = qr_db_open_write(b->meta_path, QR_DB_SCRATCH, &b->meta, err);
    if (st == QR_OK)
        st = qr_meta_setup(b->meta, b->run->language, language, err);
    if (st == QR_OK)
        st = qr_db_set_metadata(b->meta, IX_META_READERS, IX_READERS_VERSION,
                                err);
    return st;
}

/* Joins the workers, closes every scratch database and folds the workers'
 * counts into the run's. */
static void
stop_workers(bulk_t *b)
{
    queue_close(&b->queue);
    for (size_t k = 0; k < b->n_workers; k++) {
        worker_t *w = &b->workers[k];
        if (w->is_started)
            pthread_join(w->thread, NULL);
        qr_stem_free(w->stemmer);
        qr_db_close(w->shard);
        w->shard = NULL;
        b->run->counts.n_added += w->n_added;
        b->run->stats.n_terms_dropped += w->stats.n_terms_dropped;
    }
}

/* Merges the scratch databases into DEST and opens it as RUN->db. */
static qr_status_t
merge(bulk_t *b, const char *dest, qr_err_t *err)
{
    const char *sources[MAX_JOBS + 1];
    ix_owners_build_t owners;
    uint64_t n_duplicates = 0;
    qr_status_t st;

    for (size_t k = 0; k < b->n_workers; k++)
        sources[k] = b->workers[k].path;
    sources[b->n_workers] = b->meta_path;
    ix_layout_remove_tree(dest);   /* left over from an interrupted build */
    st = qr_db_compact(sources, b->n_workers + 1, dest, err);
    if (st == QR_OK)
        st = qr_db_open_write(dest, QR_DB_CREATE_OR_OPEN, &b->run->db, err);
    ix_owners_build_init(&owners);
    if (st == QR_OK)
        st = qr_db_remove_duplicates(b->run->db, QR_PREFIX_ID, QR_SLOT_ORIGIN,
                                     ix_owners_choose, &owners, &n_duplicates,
                                     err);
    if (st == QR_OK && n_duplicates > 0) {
        b->run->counts.n_added -= n_duplicates;
        st = ix_owners_build_save(&owners, b->run->db, err);
        if (st == QR_OK)
            st = qr_db_commit(b->run->db, err);
    }
    ix_owners_build_release(&owners);
    if (st == QR_OK) {
        ix_run_finish_week_table(b->run);
        st = ix_run_fatal_status(b->run, err);
    }
    return st;
}

qr_status_t
ix_bulk_build(ix_run_state_t *run, const char *dest, qr_err_t *err)
{
    bulk_t *b = calloc(1, sizeof *b);
    const ix_run_opts_t *opts = run->opts;
    qr_status_t st;

    if (b == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory starting a "
                          "build");
    b->run = run;
    b->sink = (ix_sink_t){ take_article, take_problem, NULL, b,
                           take_repeated };
    ix_id_sources_init(&b->sources);
    queue_init(&b->queue);
    st = open_meta(b, dest, err);
    for (unsigned k = 0; st == QR_OK && k < job_count(opts); k++) {
        b->n_workers++;
        st = start_worker(b, &b->workers[k], dest, k, err);
    }
    for (size_t i = 0; st == QR_OK && !ix_run_is_fatal(run) &&
         i < opts->n_paths; i++) {
        if (!ix_walk(opts->paths[i], read_file, walk_error, b))
            break;
    }
    stop_workers(b);
    if (st == QR_OK && !ix_run_is_fatal(run))
        st = qr_db_commit(b->meta, err);
    qr_db_close(b->meta);
    if (st == QR_OK)
        st = ix_run_fatal_status(run, err);
    if (st == QR_OK)
        st = merge(b, dest, err);
    for (size_t k = 0; k < b->n_workers; k++)
        ix_layout_remove_tree(b->workers[k].path);
    ix_layout_remove_tree(b->meta_path);
    queue_destroy(&b->queue);
    ix_id_sources_release(&b->sources);
    free(b);
    return st;
}
