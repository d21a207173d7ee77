/* ingest.h - read one file and hand its articles to a sink.
 *
 * The one path from bytes on disk to articles, shared by indexing and by
 * --dump: choose the reader by the file name, read the file with a size
 * bound, make it valid UTF-8 (counting what was replaced), and run the
 * reader. */
#ifndef IX_INGEST_H
#define IX_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "reader.h"
#include "status.h"

typedef enum ix_ingest_result {
    IX_INGEST_READ,       /* the reader ran (problems went to the sink) */
    IX_INGEST_SKIPPED,    /* not an article file: nothing was read */
    IX_INGEST_FAILED      /* nothing could be used: reported to the sink */
} ix_ingest_result_t;

/* Reads the file PATH (ST from stat) and passes its articles and problems
 * to SINK. A file found in a folder (IS_EXPLICIT false) whose name is not
 * an article's is skipped; one named on the command line in a format quarry
 * does not read is a failure. MAX_BYTES bounds the file size. Returns the
 * outcome; *STATUS_OUT gets QR_OK, or the status of a failure the sink's
 * article callback returned (so the caller can tell a database error from
 * a bad file). Cannot fail otherwise. */
ix_ingest_result_t ix_ingest_file(const char *path, const struct stat *st,
                                  bool is_explicit, size_t max_bytes,
                                  const ix_sink_t *sink,
                                  qr_status_t *status_out);

#endif /* IX_INGEST_H */
