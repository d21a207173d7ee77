/* run.h - one indexing run: find what changed, index it, commit. */
#ifndef IX_RUN_H
#define IX_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef struct ix_run_counts {
    size_t n_added;           /* articles new to the index */
    size_t n_updated;         /* articles whose content changed */
    size_t n_deleted;         /* articles removed with their file or record */
    size_t n_unchanged;       /* articles left as they were */
    size_t n_failed;          /* files or records that could not be used */
    size_t n_warnings;        /* problems reported that were no failure */
    size_t n_skipped;         /* files that are not articles */
    size_t n_repeated;        /* articles lost to another with their id */
    size_t n_files_read;      /* files read this run */
    size_t n_files_unchanged; /* files skipped unread: same size and time */
    size_t n_delete_refused;  /* deletions held back by the safety share */
    size_t n_terms_dropped;   /* over-long terms left out */
    size_t n_commits;
    char last_failure[512];   /* the last failure reported, or "" */
} ix_run_counts_t;

typedef struct ix_run_opts {
    const char *db_path;      /* the index folder (index_dir.h) */
    const char *language;     /* NULL: the index's own, or the default */
    size_t max_bytes;         /* files larger than this fail */
    const char *const *excludes;  /* --exclude patterns (see ingest.h) */
    size_t n_excludes;
    char **paths;             /* files and folders to index */
    size_t n_paths;
    bool is_full;             /* rebuild into a new generation and swap */
    double wait_seconds;      /* how long to wait for another indexer */
    double max_delete_share;  /* refuse to delete more than this share */
    bool allow_mass_delete;   /* ... unless this is set */
    size_t batch_bytes;       /* commit after this much indexed text */
    unsigned n_jobs;          /* threads for a build; 0: one per core */
    bool is_quiet;            /* show failures only (warnings are counted
                               * but not printed) */
    bool wants_dump_body;     /* --dump prints whole bodies, not excerpts */
    /* Called after each file when not NULL; TOTAL is 0 until known. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* Called when not NULL at the end of a run that took the lock, while
     * it still holds it, with what ix_run will return: its status, the
     * counts and (for a status other than QR_OK) the error. */
    void (*on_finish)(void *ctx, qr_status_t status,
                      const ix_run_counts_t *counts, const qr_err_t *err);
    void *on_finish_ctx;
} ix_run_opts_t;

/* Default share of the index one run may delete (an unmounted archive
 * looks like every file vanished). */
#define IX_RUN_MAX_DELETE_SHARE 0.2

/* Default text indexed between commits. The bound keeps the writer's
 * memory flat however large the archive, and small batches are also
 * cheaper: Xapian's in-memory maps slow down as they grow. Measured on
 * 35 MB of articles: 19 s of CPU with 0.5 to 1 MiB batches, 23 s with 4,
 * 29 s with 16. */
enum { IX_RUN_BATCH_BYTES = 1024 * 1024 };

/* Brings the index at OPTS->db_path up to date with OPTS->paths: files
 * unchanged since the last run are skipped without being read, changed and
 * new files are (re)indexed, articles of vanished files under the paths
 * given (never others) and records gone from a changed file are deleted,
 * within the safety share. Work is committed in batches together with the
 * records that describe it, so a crash at any moment leaves the index at
 * its last commit and the next run completes the job. Problems with files
 * go to stderr as "path[:line]: reason" and are counted. Fills *COUNTS_OUT
 * (also on failure, when the articles added, updated and deleted are those
 * committed before it: none for a build thrown away). Returns QR_OK
 * when the run committed (see the counts for failures),
 * QR_ERR_DB_LOCKED when another indexer holds the index, QR_ERR_USAGE for
 * a language that clashes with the index's, and database, i/o or memory
 * errors (the work since the last batch commit is then lost). */
qr_status_t ix_run(const ix_run_opts_t *opts, ix_run_counts_t *counts_out,
                   qr_err_t *err);

#endif /* IX_RUN_H */
