/* run.h - one indexing run: walk the paths, ingest each file, commit. */
#ifndef IX_RUN_H
#define IX_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef struct ix_run_opts {
    const char *db_path;
    const char *language;     /* NULL: the index's own, or the default */
    size_t max_bytes;         /* files larger than this fail */
    char **paths;
    size_t n_paths;
} ix_run_opts_t;

typedef struct ix_run_counts {
    size_t n_files;           /* files read */
    size_t n_articles;        /* articles indexed */
    size_t n_failed;          /* files or records that could not be used */
    size_t n_skipped;         /* files that are not articles */
    size_t n_terms_dropped;   /* over-long terms left out */
} ix_run_counts_t;

/* Indexes OPTS->paths into OPTS->db_path, reporting problems with files on
 * stderr as "path[:line]: reason", and fills *COUNTS_OUT. Returns QR_OK when
 * the index was committed (even if some files failed: see the counts),
 * QR_ERR_DB_LOCKED when another writer holds the index, QR_ERR_USAGE for a
 * language that clashes with the index's, and database or memory errors;
 * then ERR says why and nothing of this run is committed. */
qr_status_t ix_run(const ix_run_opts_t *opts, ix_run_counts_t *counts_out,
                   qr_err_t *err);

#endif /* IX_RUN_H */
