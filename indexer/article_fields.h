/* article_fields.h - map header fields and their aliases onto an article. */
#ifndef IX_ARTICLE_FIELDS_H
#define IX_ARTICLE_FIELDS_H

#include <stdbool.h>

#include "article.h"
#include "fields.h"
#include "reader.h"
#include "status.h"

/* Sets A's id, title, authors, date, tags and url from FIELDS, taking the
 * first alias present for each (the README lists them). A date that does
 * not parse is reported to SINK as a warning for SRC and left unset.
 * Returns QR_ERR_NOMEM. */
qr_status_t ix_fields_apply(const ix_fields_t *fields, const ix_source_t *src,
                            const ix_sink_t *sink, qr_article_t *a,
                            qr_err_t *err);

/* True when KEY (any case; nested keys joined with '.') is one of the
 * names tags go by. Cannot fail. */
bool ix_fields_is_tag_key(const char *key);

/* Completes A for SRC read as FORMAT: path and format; the id defaults to
 * the path (plus ":LINE" when LINE > 0); a missing date comes from a
 * YYYY/MM/DD in the slug field SLUG (may be NULL) or the path, else from
 * the file's modification time. Returns QR_ERR_NOMEM. */
qr_status_t ix_article_finish(qr_article_t *a, const ix_source_t *src,
                              const char *format, size_t line,
                              const char *slug, qr_err_t *err);

/* The end of reading a whole-file article: applies FIELDS to A as
 * ix_fields_apply does, completes it as ix_article_finish does (line 0, no
 * slug) and passes it to SINK. Returns QR_ERR_NOMEM or what the sink
 * returns. */
qr_status_t ix_article_send(qr_article_t *a, const ix_fields_t *fields,
                            const ix_source_t *src, const char *format,
                            const ix_sink_t *sink, qr_err_t *err);

#endif /* IX_ARTICLE_FIELDS_H */
