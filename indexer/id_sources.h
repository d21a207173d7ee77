/* id_sources.h - which file (and line) gives each article id in one run,
 * and the one warning for an article lost to another with its id.
 *
 * When several files give one id, the index keeps the article of the one
 * a sorted walk meets first (owners.h). A first build and --dump read
 * every file once; this table says, for each id, which file read so far
 * comes first, and at which line, so that every article lost to it is
 * reported once, naming both. It holds every id of the run: about 40 bytes
 * an article plus the id itself. An update knows the other file from the
 * index instead, and reports through ix_id_sources_report too. */
#ifndef IX_ID_SOURCES_H
#define IX_ID_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "idset.h"
#include "reader.h"
#include "status.h"

typedef struct ix_id_sources {
    ix_idset_t ids;      /* id term -> (file number << 32) | line */
    char **paths;        /* file number -> path, in read order */
    size_t n_paths;
    size_t cap_paths;
} ix_id_sources_t;

/* Prepares S as empty. Cannot fail. */
void ix_id_sources_init(ix_id_sources_t *s);

/* Frees what S holds. Cannot fail. */
void ix_id_sources_release(ix_id_sources_t *s);

/* Records that A (from A->path, at A->line) gives A->id. When another file
 * gave it before, one of the two articles is lost: reports that through
 * ix_id_sources_report (A's is kept when A's file comes first in walk
 * order, and is then the one remembered), and sets *IS_REPEATED_OUT (may
 * be NULL); otherwise that is false. The same file named twice is no
 * rival. Returns QR_ERR_NOMEM, and QR_ERR_LIMIT past 2^32 files. */
qr_status_t ix_id_sources_note(ix_id_sources_t *s, const qr_article_t *a,
                               const ix_sink_t *sink, bool *is_repeated_out,
                               qr_err_t *err);

/* Reports to SINK, as a warning at A's file and line, that the file OTHER
 * (at OTHER_LINE, 0 if unknown) gives A's id too, and which article the
 * index keeps: A's when IS_KEPT (A's file comes first in walk order), else
 * OTHER's; counts it with SINK's repeated callback (when not NULL).
 * Cannot fail. */
void ix_id_sources_report(const ix_sink_t *sink, const qr_article_t *a,
                          const char *other, size_t other_line,
                          bool is_kept);

#endif /* IX_ID_SOURCES_H */
