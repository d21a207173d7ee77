/* ingest.h - read one file and hand its articles to a sink.
 *
 * The one path from bytes on disk to articles, shared by indexing and by
 * --dump: choose the reader by the file name, apply the skip rules, read
 * the file with a size bound, refuse binary files, make it valid UTF-8
 * (counting what was replaced), and run the reader. */
#ifndef IX_INGEST_H
#define IX_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "reader.h"
#include "status.h"

typedef enum ix_ingest_result {
    IX_INGEST_READ,       /* the reader ran (problems went to the sink) */
    IX_INGEST_SKIPPED,    /* not an article file: nothing was used */
    IX_INGEST_UNCHANGED,  /* the bytes hash to KNOWN_HASH: reader not run */
    IX_INGEST_FAILED      /* nothing could be used: reported to the sink */
} ix_ingest_result_t;

typedef struct ix_ingest_opts {
    size_t max_bytes;              /* larger files fail */
    const char *const *excludes;   /* fnmatch(3) patterns, may be NULL */
    size_t n_excludes;
} ix_ingest_opts_t;

/* True when PATH matches one of OPTS's exclude patterns: a pattern with a
 * '/' is matched against the whole path ('*' crosses folders), one without
 * against the file name. Cannot fail. */
bool ix_ingest_is_excluded(const ix_ingest_opts_t *opts, const char *path);

/* True when PATH is a file quarry reads: a known format, not excluded by
 * OPTS, and for a file found in a folder (IS_EXPLICIT false) not a name
 * that is never an article (see ix_reader_skips_name). Cannot fail. */
bool ix_ingest_wants(const ix_ingest_opts_t *opts, const char *path,
                     bool is_explicit);

/* Reads the file PATH (ST from stat) and passes its articles and problems
 * to SINK. These files are skipped (SINK's skip callback, when set, hears
 * why): excluded ones; ones found in a folder (IS_EXPLICIT false) whose
 * name is not an article's, or that are a listing page (index.* or all.*
 * without a date of its own); ones whose reader says they are no article
 * (redirect stubs, templates); and articles with neither title nor text,
 * which are dropped, the file counting as skipped when nothing is left.
 * A file in a format quarry does not read is skipped silently when found
 * in a folder and a failure when named. Binary files (a NUL byte, or
 * mostly control bytes and invalid UTF-8, in the first 8000 bytes) fail.
 * OPTS->max_bytes bounds the file size. When KNOWN_HASH is not 0 and the
 * file's bytes hash to it, the reader is not run. *HASH_OUT gets the hash
 * of the bytes read (0 when none were). *STATUS_OUT gets QR_OK, or the
 * status of a failure the sink's article callback returned (so the caller
 * can tell a database error from a bad file). Returns the outcome; cannot
 * fail otherwise. */
ix_ingest_result_t ix_ingest_file(const char *path, const struct stat *st,
                                  bool is_explicit,
                                  const ix_ingest_opts_t *opts,
                                  uint64_t known_hash, const ix_sink_t *sink,
                                  uint64_t *hash_out,
                                  qr_status_t *status_out);

#endif /* IX_INGEST_H */
