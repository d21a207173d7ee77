/* json_article.h - one JSON object (a JSON Lines record, or an element of
 * a JSON file) turned into an article. */
#ifndef IX_JSON_ARTICLE_H
#define IX_JSON_ARTICLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "reader.h"
#include "status.h"

/* Where a record sits in its file and how strictly to take it. */
typedef struct ix_json_record {
    const char *format;       /* "json", "jsonl" */
    size_t line;              /* 1-based line, 0 for a whole file */
    const char *fallback_id;  /* id without an "id" field; NULL: default */
    bool needs_article_fields;  /* see ix_json_article */
} ix_json_record_t;

/* Maps OBJ's members onto an article (aliases as in article_fields.h; the
 * body from "body", "content", "text" or "content_text"), completes it for
 * SRC as REC says and passes it to SINK. With REC->needs_article_fields, an
 * object without a title, or with a title but neither text, date nor
 * author (a link in a listing), is no article: it is not passed on and
 * *IS_ARTICLE_OUT (may be NULL) is false. Returns QR_ERR_PARSE when OBJ is
 * not an object or its body is not text, QR_ERR_NOMEM, or what the sink
 * returns. */
qr_status_t ix_json_article(const json_t *obj, const ix_source_t *src,
                            const ix_json_record_t *rec,
                            const ix_sink_t *sink, bool *is_article_out,
                            qr_err_t *err);

#endif /* IX_JSON_ARTICLE_H */
