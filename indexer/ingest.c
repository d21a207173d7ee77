/* ingest.c - read one file and hand its articles to a sink. */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "hash.h"
#include "utf8.h"

bool
ix_ingest_wants(const char *path, bool is_explicit)
{
    const char *format;

    if (ix_reader_for_path(path, &format) == NULL)
        return false;
    return is_explicit || !ix_reader_skips_name(path);
}

/* fileio's messages start with the path, which the sink adds again. */
static const char *
without_path(const char *msg, const char *path)
{
    size_t n = strlen(path);

    if (strncmp(msg, path, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
        return msg + n + 2;
    return msg;
}

/* Runs the reader on the sanitised text of RAW. */
static ix_ingest_result_t
read_text(const char *path, const struct stat *st, const char *raw,
          size_t raw_len, const ix_sink_t *sink, qr_status_t *status_out)
{
    const char *format;
    ix_reader_fn read = ix_reader_for_path(path, &format);
    char *text = NULL;
    size_t text_len, n_invalid;
    qr_err_t err;
    qr_status_t status;

    qr_err_clear(&err);
    status = qr_utf8_sanitize(raw, raw_len, &text, &text_len, &n_invalid,
                              &err);
    if (status != QR_OK) {
        sink->problem(sink->ctx, path, 0, true, err.msg);
        return IX_INGEST_FAILED;
    }
    if (n_invalid > 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "invalid UTF-8: %zu sequences replaced "
                 "with U+FFFD", n_invalid);
        sink->problem(sink->ctx, path, 0, false, msg);
    }
    {
        ix_source_t src = { path, text, text_len, (int64_t)st->st_mtime };
        status = read(&src, sink, &err);
    }
    free(text);
    if (status != QR_OK) {
        *status_out = status;
        sink->problem(sink->ctx, path, 0, true, err.msg);
        return IX_INGEST_FAILED;
    }
    return IX_INGEST_READ;
}

ix_ingest_result_t
ix_ingest_file(const char *path, const struct stat *st, bool is_explicit,
               size_t max_bytes, uint64_t known_hash, const ix_sink_t *sink,
               uint64_t *hash_out, qr_status_t *status_out)
{
    char *raw = NULL;
    size_t raw_len;
    qr_err_t err;
    ix_ingest_result_t result;

    *status_out = QR_OK;
    *hash_out = 0;
    if (!ix_ingest_wants(path, is_explicit)) {
        if (!is_explicit)
            return IX_INGEST_SKIPPED;
        sink->problem(sink->ctx, path, 0, true, "not a format quarry reads");
        return IX_INGEST_FAILED;
    }
    qr_err_clear(&err);
    if (qr_file_read_all(path, max_bytes, &raw, &raw_len, &err) != QR_OK) {
        sink->problem(sink->ctx, path, 0, true, without_path(err.msg, path));
        return IX_INGEST_FAILED;
    }
    /* 0 is reserved for "no hash", so an all-zero hash becomes 1. */
    *hash_out = qr_hash_update(QR_HASH_INIT, raw, raw_len);
    if (*hash_out == 0)
        *hash_out = 1;
    if (known_hash != 0 && *hash_out == known_hash)
        result = IX_INGEST_UNCHANGED;
    else
        result = read_text(path, st, raw, raw_len, sink, status_out);
    free(raw);
    return result;
}
