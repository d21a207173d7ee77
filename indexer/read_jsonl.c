/* read_jsonl.c - JSON Lines: one article object per line. */
#include "reader.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "article_fields.h"
#include "json_article.h"
#include "json_load.h"

qr_status_t
ix_read_jsonl(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    size_t pos = 0, line = 0;

    while (pos < src->len) {
        const char *text = src->data + pos;
        const char *nl = memchr(text, '\n', src->len - pos);
        size_t n = nl ? (size_t)(nl - text) : src->len - pos;
        json_error_t json_err;
        json_t *obj;
        qr_status_t st;
        qr_err_t rec_err;

        pos += n + 1;
        line++;
        while (n > 0 && (text[n - 1] == '\r' || text[n - 1] == ' ' ||
                         text[n - 1] == '\t')) {
            n--;
        }
        if (n == 0)
            continue;
        obj = ix_json_load(text, n, JSON_REJECT_DUPLICATES, &json_err);
        if (obj == NULL) {
            char msg[QR_ERR_MSG_MAX];
            snprintf(msg, sizeof msg, "invalid JSON at column %d: %s",
                     json_err.column, json_err.text);
            sink->problem(sink->ctx, src->path, line, true, msg);
            continue;
        }
        qr_err_clear(&rec_err);
        {
            ix_json_record_t rec = { "jsonl", line, NULL, false };
            st = ix_json_article(obj, src, &rec, sink, NULL, &rec_err);
        }
        json_decref(obj);
        /* A record's own problem loses that record. Any other (memory, the
         * index's commit failing under the sink) stops the file, as the
         * sink asks: reading on reported each later record as failed. */
        if (st == QR_ERR_PARSE || st == QR_ERR_ENCODING ||
            st == QR_ERR_LIMIT)
            sink->problem(sink->ctx, src->path, line, true, rec_err.msg);
        else if (st != QR_OK)
            return qr_err_set(err, st, "%s", rec_err.msg);
    }
    return QR_OK;
}
