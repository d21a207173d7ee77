/* json_article.h - one JSON object (a JSON Lines record, or an element of
 * a JSON array) turned into an article. */
#ifndef IX_JSON_ARTICLE_H
#define IX_JSON_ARTICLE_H

#include <jansson.h>
#include <stddef.h>

#include "reader.h"
#include "status.h"

/* Maps OBJ's members onto an article (aliases as in article_fields.h; the
 * body from "body", "content", "text" or "content_text"), completes it for
 * SRC read as FORMAT at LINE (0 for a whole file) and passes it to SINK.
 * Returns QR_ERR_PARSE when OBJ is not an object or its body is not text,
 * QR_ERR_NOMEM, or what the sink returns. */
qr_status_t ix_json_article(const json_t *obj, const ix_source_t *src,
                            const char *format, size_t line,
                            const ix_sink_t *sink, qr_err_t *err);

#endif /* IX_JSON_ARTICLE_H */
