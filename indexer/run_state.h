/* run_state.h - the state of one indexing run, shared by its parts:
 * run.c (set-up, generations, the safety share), update.c (bringing a live
 * index up to date file by file), drops.c and vanished.c (what goes when
 * files stop giving articles) and bulk.c (building a new generation with
 * every core). Internal to the indexer. */
#ifndef IX_RUN_STATE_H
#define IX_RUN_STATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "db.h"
#include "idset.h"
#include "index.h"
#include "ingest.h"
#include "layout.h"
#include "run.h"
#include "state.h"
#include "stemmer.h"

/* What deleting an article weighs toward a batch (RUN->text_since_commit):
 * Xapian holds a deletion's changes to every posting list of the article
 * until the commit, as it does an addition's, so a run deleting many
 * articles commits in batches too. About a typical article's text. */
enum { IX_DELETE_BATCH_BYTES = 2048 };

/* Metadata key recording IX_READERS_VERSION (reader.h) in an index. */
#define IX_META_READERS "quarry.readers"

typedef struct ix_run_state {
    const ix_run_opts_t *opts;
    ix_ingest_opts_t ingest;    /* size bound and --exclude patterns */
    ix_layout_t layout;
    qr_db_t *db;
    unsigned gen;               /* generation being written */
    char language[32];          /* stemming language in force */
    qr_stemmer_t *stemmer;
    bool is_fresh;              /* the database started empty */
    bool must_reread;           /* records cannot be trusted this run */
    size_t delete_budget;       /* net loss of articles the run may cause */
    size_t text_since_commit;   /* bytes of text indexed since a commit */
    ix_index_stats_t stats;
    ix_run_counts_t counts;
    ix_run_counts_t committed;  /* COUNTS as of RUN->db's last commit */
    qr_err_t fatal;             /* a failure that ends the run */
    pthread_mutex_t lock;       /* guards counts and fatal across threads */
    size_t files_total;         /* for the progress bar; 0 if unknown */
    /* the file being read (update.c) */
    const char *file_path;
    ix_record_t *file_record;
    ix_idset_t file_ids;        /* ids of the articles read so far */
    bool file_had_failure;
    ix_idset_t heirs;           /* files to read again (drops.c) */
    /* reading a heir again: its articles were counted once, by the walk
     * if IS_HEIR_WALKED, or belong to a path this run does not cover */
    bool is_reading_heir;
    bool is_heir_walked;
} ix_run_state_t;

/* Reports a problem with PATH (LINE 0: the whole file) on stderr as
 * "path[:line]: [warning: ]msg"; a failure is counted and kept as the
 * run's last failure. Safe from any thread. Cannot fail. */
void ix_run_report(ix_run_state_t *run, const char *path, size_t line,
                   bool is_failure, const char *msg);

/* Records ERR as the failure that ends the run, unless one already is.
 * Safe from any thread. Cannot fail. */
void ix_run_fail(ix_run_state_t *run, const qr_err_t *err);

/* True once a failure ends the run. Safe from any thread. */
bool ix_run_is_fatal(ix_run_state_t *run);

/* The status of the failure that ends the run, its message copied into
 * ERR, so that whoever stops on it can say why; QR_OK (ERR untouched)
 * while none does. Safe from any thread. Cannot fail. */
qr_status_t ix_run_fatal_status(ix_run_state_t *run, qr_err_t *err);

/* Commits RUN->db, counting the commit; a failure ends the run. */
void ix_run_commit(ix_run_state_t *run);

/* For a run that failed, or a rebuild not swapped in: the index kept only
 * what was committed, so the articles counted as added, updated and
 * deleted go back to those of RUN->db's last commit, or to none when the
 * generation written is thrown away (IS_DISCARDED). Cannot fail. */
void ix_run_count_committed_only(ix_run_state_t *run, bool is_discarded);

/* After the run's last commit: refreshes the week table searches read
 * (qr_db_write_week_table) and commits it, when the run changed the
 * index, then saves it to the index's week file (index_dir.h) when that
 * does not hold it. A failure to refresh ends the run; one to save is a
 * warning. */
void ix_run_finish_week_table(ix_run_state_t *run);

/* Tells the progress callback (if any) how many files are done. */
void ix_run_progress(ix_run_state_t *run);

/* Sets REC's size and times from ST. Cannot fail. */
void ix_run_stamp(ix_record_t *rec, const struct stat *st);

/* True when REC's size and times are ST's: the file is taken as
 * unchanged without being read. Cannot fail. */
bool ix_run_is_stamped(const ix_record_t *rec, const struct stat *st);

/* True when the run should read PATH; otherwise counts it as skipped, or
 * reports it as a failure when it was named on the command line in a
 * format quarry does not read. Cannot fail. */
bool ix_run_wants(ix_run_state_t *run, const char *path, bool is_explicit);

/* A walk error callback that reports the path as a failure. */
void ix_run_walk_error(void *run, const char *path, const char *msg);

/* Brings the live index up to date with the paths, file by file (update.c):
 * walks them, drops the articles of vanished files, reads heirs again. */
void ix_update_run(ix_run_state_t *run);

/* Commits when the batch is full (update.c). In the middle of a file it
 * first saves a record listing the file's old and new ids and asking for
 * a re-read, so that a crash after the commit leaves no article
 * unaccounted for. Returns the failure that ends the run, if any. */
qr_status_t ix_update_commit_midway(ix_run_state_t *run, qr_err_t *err);

/* Counts in *N_OUT the ids of IDS that would leave the index if the file
 * PATH (and the files in GONE, may be NULL) no longer gave them: those
 * whose article PATH gave and no other file gives (drops.c). Returns
 * database errors, QR_ERR_NOMEM. */
qr_status_t ix_drop_count(ix_run_state_t *run, const ix_idset_t *ids,
                          const char *path, const ix_idset_t *gone,
                          size_t *n_out, qr_err_t *err);

/* True when deleting N more articles keeps the run's net loss (articles
 * deleted less articles added) within the safety share, or mass deletes
 * are allowed; otherwise counts them as refused and reports it against
 * WHO, naming the articles as WHAT. Cannot fail. */
bool ix_drop_allowed(ix_run_state_t *run, size_t n, const char *who,
                     const char *what);

/* The file PATH no longer gives the ids in IDS: deletes the articles that
 * leave the index, and marks the files that inherit the others to be read
 * again (RUN->heirs and their records). Returns database errors,
 * QR_ERR_NOMEM. */
qr_status_t ix_drop_ids(ix_run_state_t *run, const ix_idset_t *ids,
                        const char *path, qr_err_t *err);

/* Drops the articles of the files with a record under ROOT that are gone,
 * within the safety share (vanished.c). A failure ends the run. */
void ix_vanished_delete(ix_run_state_t *run, const char *root);

/* Builds the new generation at DEST from scratch with several threads
 * (bulk.c). Returns QR_OK (failures of single files are counted), or the
 * failure that ended the build; DEST is then left for the caller to
 * remove. On success RUN->db is open on DEST for writing. */
qr_status_t ix_bulk_build(ix_run_state_t *run, const char *dest,
                          qr_err_t *err);

#endif /* IX_RUN_STATE_H */
