/* run_state.h - the state of one indexing run, shared by its parts:
 * run.c (set-up, generations, the safety share), update.c (bringing a live
 * index up to date file by file) and bulk.c (building a new generation
 * with every core). Internal to the indexer. */
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
    size_t delete_budget;       /* articles this run may still delete */
    size_t text_since_commit;   /* bytes of text indexed since a commit */
    ix_index_stats_t stats;
    ix_run_counts_t counts;
    qr_err_t fatal;             /* a failure that ends the run */
    pthread_mutex_t lock;       /* guards counts and fatal across threads */
    size_t files_total;         /* for the progress bar; 0 if unknown */
    /* the file being read (update.c) */
    const char *file_path;
    ix_record_t *file_record;
    ix_idset_t file_ids;        /* ids of the articles read so far */
    bool file_had_failure;
} ix_run_state_t;

/* Reports a problem with PATH (LINE 0: the whole file) on stderr as
 * "path[:line]: [warning: ]msg", counts failures and keeps the message as
 * the run's last problem. Safe from any thread. Cannot fail. */
void ix_run_report(ix_run_state_t *run, const char *path, size_t line,
                   bool is_failure, const char *msg);

/* Records ERR as the failure that ends the run, unless one already is.
 * Safe from any thread. Cannot fail. */
void ix_run_fail(ix_run_state_t *run, const qr_err_t *err);

/* True once a failure ends the run. Safe from any thread. */
bool ix_run_is_fatal(ix_run_state_t *run);

/* Commits RUN->db, counting the commit; a failure ends the run. */
void ix_run_commit(ix_run_state_t *run);

/* After the run's last commit: refreshes the week table searches read
 * (qr_db_write_week_table) and commits it, when the run changed the
 * index. A failure ends the run. */
void ix_run_finish_week_table(ix_run_state_t *run);

/* Tells the progress callback (if any) how many files are done. */
void ix_run_progress(ix_run_state_t *run);

/* Modification time of ST in nanoseconds. Cannot fail. */
int64_t ix_run_mtime_ns(const struct stat *st);

/* True when the run should read PATH; otherwise counts it as skipped, or
 * reports it as a failure when it was named on the command line in a
 * format quarry does not read. Cannot fail. */
bool ix_run_wants(ix_run_state_t *run, const char *path, bool is_explicit);

/* A walk error callback that reports the path as a failure. */
void ix_run_walk_error(void *run, const char *path, const char *msg);

/* Brings the live index up to date with the paths, file by file (update.c):
 * first deletes the articles of vanished files, then walks. */
void ix_update_run(ix_run_state_t *run);

/* Builds the new generation at DEST from scratch with several threads
 * (bulk.c). Returns QR_OK (failures of single files are counted), or the
 * failure that ended the build; DEST is then left for the caller to
 * remove. On success RUN->db is open on DEST for writing. */
qr_status_t ix_bulk_build(ix_run_state_t *run, const char *dest,
                          qr_err_t *err);

#endif /* IX_RUN_STATE_H */
