/* dump.h - print the articles quarry would index, touching no index. */
#ifndef IX_DUMP_H
#define IX_DUMP_H

#include <stdio.h>

#include "run.h"
#include "status.h"

enum { IX_DUMP_EXCERPT_CHARS = 200 };

typedef struct ix_dump_counts {
    size_t n_articles;        /* articles printed, less those lost to an
                               * id another file gives too */
    size_t n_files;           /* files read */
    size_t n_failed;          /* files or records that could not be used */
    size_t n_skipped;         /* files that are not articles */
    size_t n_repeated;        /* left out or replaced: an id given again */
} ix_dump_counts_t;

/* Reads OPTS->paths as an indexing run would (same walk, skip rules,
 * readers; OPTS->db_path and language are not used) and writes each
 * article to OUT as one line of JSON: id, path, url, format, title,
 * authors, date (ISO 8601 UTC), date_source, tags, author (the authors
 * joined), body_length (bytes), body_excerpt (the first
 * IX_DUMP_EXCERPT_CHARS characters of the body) and, for JSON Lines
 * records, line; unknown fields are null or empty lists. Problems go to
 * stderr as "path[:line]: reason", skipped files as "path: skipped:
 * reason". An id that an earlier file gave too is a warning, as indexing
 * reports it (both articles are printed; indexing keeps the one of the
 * file first in walk order). Fills *COUNTS_OUT. Returns QR_ERR_IO when
 * OUT cannot be written, QR_ERR_NOMEM; bad files only show in the
 * counts. */
qr_status_t ix_dump(const ix_run_opts_t *opts, FILE *out,
                    ix_dump_counts_t *counts_out, qr_err_t *err);

#endif /* IX_DUMP_H */
