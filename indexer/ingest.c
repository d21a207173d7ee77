/* ingest.c - read one file and hand its articles to a sink. */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "utf8.h"

ix_ingest_result_t
ix_ingest_file(const char *path, const struct stat *st, bool is_explicit,
               size_t max_bytes, const ix_sink_t *sink,
               qr_status_t *status_out)
{
    const char *format;
    ix_reader_fn read = ix_reader_for_path(path, &format);
    char *raw = NULL, *text = NULL;
    size_t raw_len, text_len, n_invalid;
    qr_err_t err;
    qr_status_t st_read;
    ix_ingest_result_t result = IX_INGEST_FAILED;

    *status_out = QR_OK;
    if (read == NULL || (!is_explicit && ix_reader_skips_name(path))) {
        if (!is_explicit)
            return IX_INGEST_SKIPPED;
        sink->problem(sink->ctx, path, 0, true, "not a format quarry reads");
        return IX_INGEST_FAILED;
    }
    qr_err_clear(&err);
    st_read = qr_file_read_all(path, max_bytes, &raw, &raw_len, &err);
    if (st_read == QR_OK)
        st_read = qr_utf8_sanitize(raw, raw_len, &text, &text_len,
                                   &n_invalid, &err);
    if (st_read != QR_OK) {
        /* fileio's message starts with the path, which the sink adds. */
        size_t n = strlen(path);
        const char *msg = err.msg;
        if (strncmp(msg, path, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
            msg += n + 2;
        sink->problem(sink->ctx, path, 0, true, msg);
        goto out;
    }
    if (n_invalid > 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "invalid UTF-8: %zu sequences replaced "
                 "with U+FFFD", n_invalid);
        sink->problem(sink->ctx, path, 0, false, msg);
    }
    {
        ix_source_t src = { path, text, text_len, (int64_t)st->st_mtime };
        st_read = read(&src, sink, &err);
    }
    if (st_read != QR_OK) {
        *status_out = st_read;
        sink->problem(sink->ctx, path, 0, true, err.msg);
        goto out;
    }
    result = IX_INGEST_READ;
out:
    free(raw);
    free(text);
    return result;
}
