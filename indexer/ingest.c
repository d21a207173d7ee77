/* ingest.c - read one file and hand its articles to a sink.
 *
 * Readers see a "gate" sink in front of the caller's: it drops articles
 * with neither title nor text, turns a dateless listing page into a skip,
 * and remembers a reader's own skip, so the result tells the caller how to
 * count the file. */
#include "ingest.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "fileio.h"
#include "hash.h"
#include "idset.h"
#include "utf8.h"

/* git's rule for binary files looks at the first 8000 bytes. */
enum { BINARY_PROBE_BYTES = 8000 };

typedef struct gate {
    const ix_sink_t *outer;
    bool is_listing_name;       /* index.* or all.* found in a folder */
    const char *skip_reason;    /* first reason given, or NULL */
    size_t n_articles;
    size_t n_failures;          /* records the reader reported lost */
    ix_idset_t ids;             /* ids passed on, with their lines */
} gate_t;

static bool
is_blank(const char *s, size_t len)
{
    for (size_t i = 0; s != NULL && i < len; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    }
    return true;
}

/* True when an earlier record of the file had A's id: then A is left out
 * (the first one stays, in every path that reads files) and reported.
 * *ST_OUT gets QR_ERR_NOMEM if the id could not be recorded. */
static bool
is_repeated(gate_t *g, const qr_article_t *a, qr_err_t *err,
            qr_status_t *st_out)
{
    const ix_sink_t *out = g->outer;
    char msg[QR_ERR_MSG_MAX];
    uint64_t first_line;

    *st_out = QR_OK;
    if (!ix_idset_get(&g->ids, a->id, &first_line)) {
        *st_out = ix_idset_put(&g->ids, a->id, a->line, err);
        return *st_out != QR_OK;
    }
    if (first_line > 0)
        snprintf(msg, sizeof msg, "id \"%s\" is also given at line %" PRIu64
                 " of this file; this record is left out", a->id, first_line);
    else
        snprintf(msg, sizeof msg, "id \"%s\" is also given by an earlier "
                 "record of this file; this one is left out", a->id);
    out->problem(out->ctx, a->path, a->line, false, msg);
    if (out->repeated != NULL)
        out->repeated(out->ctx);
    return true;
}

static qr_status_t
gate_article(void *ctx, const qr_article_t *a, qr_err_t *err)
{
    gate_t *g = ctx;
    qr_status_t st;

    if (a->title == NULL && is_blank(a->body, a->body_len)) {
        if (g->skip_reason == NULL)
            g->skip_reason = "no title and no text";
        return QR_OK;
    }
    if (g->is_listing_name && a->line == 0 && g->n_articles == 0 &&
        a->date_source == QR_DATE_SOURCE_MTIME) {
        g->skip_reason = "a listing page without a date of its own";
        return QR_OK;
    }
    if (is_repeated(g, a, err, &st))
        return st;
    g->n_articles++;
    return g->outer->article(g->outer->ctx, a, err);
}

static void
gate_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    gate_t *g = ctx;

    g->n_failures += is_failure;
    g->outer->problem(g->outer->ctx, path, line, is_failure, msg);
}

static void
gate_skip(void *ctx, const char *path, const char *reason)
{
    gate_t *g = ctx;

    (void)path;
    if (g->skip_reason == NULL)
        g->skip_reason = reason;
}

static ix_ingest_result_t
skipped(const ix_sink_t *sink, const char *path, const char *reason)
{
    if (sink->skip != NULL)
        sink->skip(sink->ctx, path, reason);
    return IX_INGEST_SKIPPED;
}

bool
ix_ingest_is_excluded(const ix_ingest_opts_t *opts, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;

    for (size_t i = 0; i < opts->n_excludes; i++) {
        const char *pattern = opts->excludes[i];
        if (fnmatch(pattern, strchr(pattern, '/') ? path : name, 0) == 0)
            return true;
    }
    return false;
}

/* True when DATA looks like a binary file rather than text: a NUL byte, or
 * more than a quarter of the characters control codes or invalid UTF-8,
 * in the first BINARY_PROBE_BYTES. A few bad sequences (a Latin-1 accent)
 * leave a text file text. */
static bool
looks_binary(const char *data, size_t len)
{
    size_t n = len < BINARY_PROBE_BYTES ? len : BINARY_PROBE_BYTES;
    size_t i = 0, n_chars = 0, n_odd = 0;

    if (memchr(data, '\0', n) != NULL)
        return true;
    while (i < n) {
        bool is_invalid = false;
        int32_t cp = qr_utf8_decode(data, n, &i, &is_invalid);
        n_chars++;
        if ((is_invalid && i < n) ||
            (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' &&
             cp != '\f') || cp == 0x7F) {
            n_odd++;
        }
    }
    return n_odd * 4 > n_chars;
}

/* Reports a reader's failure MSG; a message that starts "line N: " is
 * reported at line N, so every format says "path:N: reason". */
static void
report_failure(const ix_sink_t *sink, const char *path, const char *msg)
{
    size_t line = 0, i = 5;

    if (strncmp(msg, "line ", 5) == 0) {
        while (msg[i] >= '0' && msg[i] <= '9' && line < SIZE_MAX / 10)
            line = line * 10 + (size_t)(msg[i++] - '0');
        if (i > 5 && msg[i] == ':' && msg[i + 1] == ' ')
            msg += i + 2;
        else
            line = 0;
    }
    sink->problem(sink->ctx, path, line, true, msg);
}

bool
ix_ingest_wants(const ix_ingest_opts_t *opts, const char *path,
                bool is_explicit)
{
    const char *format;

    if (ix_reader_for_path(path, &format) == NULL ||
        ix_ingest_is_excluded(opts, path)) {
        return false;
    }
    return is_explicit || ix_reader_skips_name(path) == NULL;
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

/* The 1-based line of the first invalid UTF-8 sequence in S[0..LEN), or
 * 0 when there is none. */
static size_t
first_invalid_line(const char *s, size_t len)
{
    size_t i = 0, line = 1;

    while (i < len) {
        bool is_invalid = false;
        if (qr_utf8_decode(s, len, &i, &is_invalid) == '\n')
            line++;
        if (is_invalid)
            return line;
    }
    return 0;
}

/* Makes RAW valid UTF-8 text in *TEXT_OUT, reporting to SINK why not. */
static bool
sanitize(const char *path, const char *raw, size_t raw_len,
         const ix_sink_t *sink, char **text_out, size_t *len_out)
{
    size_t n_invalid;
    qr_err_t err;

    if (looks_binary(raw, raw_len)) {
        sink->problem(sink->ctx, path, 0, true, "a binary file, not text");
        return false;
    }
    qr_err_clear(&err);
    if (qr_utf8_sanitize(raw, raw_len, text_out, len_out, &n_invalid,
                         &err) != QR_OK) {
        sink->problem(sink->ctx, path, 0, true, err.msg);
        return false;
    }
    if (n_invalid > 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "invalid UTF-8: %zu %s replaced with "
                 "U+FFFD%s", n_invalid, n_invalid == 1 ? "sequence"
                                                        : "sequences",
                 n_invalid == 1 ? "" : ", the first on this line");
        sink->problem(sink->ctx, path, first_invalid_line(raw, raw_len),
                      false, msg);
    }
    return true;
}

/* Makes RAW text as sanitize does; an HTML page (IS_HTML) in a charset it
 * declares is converted from it first. */
static bool
decode(const char *path, bool is_html, const char *raw, size_t raw_len,
       const ix_sink_t *sink, char **text_out, size_t *len_out)
{
    char charset[IX_CHARSET_NAME_MAX], msg[QR_ERR_MSG_MAX + 32];
    char *converted = NULL;
    size_t n_converted, n_invalid;
    bool is_ok;
    qr_err_t err;

    if (!is_html || !ix_charset_of_html(raw, raw_len, charset))
        return sanitize(path, raw, raw_len, sink, text_out, len_out);
    qr_err_clear(&err);
    if (ix_charset_to_utf8(charset, raw, raw_len, &converted, &n_converted,
                           &n_invalid, &err) != QR_OK) {
        /* An unknown charset: read the bytes as UTF-8, as without one. */
        snprintf(msg, sizeof msg, "%s: read as UTF-8", err.msg);
        sink->problem(sink->ctx, path, 0, false, msg);
        return sanitize(path, raw, raw_len, sink, text_out, len_out);
    }
    if (n_invalid > 0) {
        snprintf(msg, sizeof msg, "invalid %s: %zu %s replaced with U+FFFD",
                 charset, n_invalid, n_invalid == 1 ? "byte" : "bytes");
        sink->problem(sink->ctx, path, 0, false, msg);
    }
    is_ok = sanitize(path, converted, n_converted, sink, text_out, len_out);
    free(converted);
    return is_ok;
}

/* Runs READ on the text of RAW through the gate; the outcome. */
static ix_ingest_result_t
read_articles(const char *path, const struct stat *st, bool is_explicit,
              ix_reader_fn read, const char *format, const char *raw,
              size_t raw_len, const ix_sink_t *sink, qr_status_t *status_out)
{
    gate_t gate = { sink, false, NULL, 0, 0, { 0 } };
    ix_sink_t gated = { gate_article, gate_problem, gate_skip, &gate, NULL };
    char *text = NULL;
    size_t text_len;
    qr_err_t err;
    qr_status_t status;

    if (!decode(path, strcmp(format, "html") == 0, raw, raw_len, sink, &text,
                &text_len))
        return IX_INGEST_FAILED;
    gate.is_listing_name = !is_explicit && ix_reader_is_listing_name(path);
    {
        ix_source_t src = { path, text, text_len, (int64_t)st->st_mtime };
        qr_err_clear(&err);
        status = read(&src, &gated, &err);
    }
    free(text);
    ix_idset_release(&gate.ids);
    if (status != QR_OK) {
        *status_out = status;
        report_failure(sink, path, err.msg);
        return IX_INGEST_FAILED;
    }
    if (gate.n_articles == 0 && gate.n_failures > 0)
        return IX_INGEST_FAILED;
    if (gate.n_articles == 0 && gate.skip_reason != NULL)
        return skipped(sink, path, gate.skip_reason);
    return IX_INGEST_READ;
}

ix_ingest_result_t
ix_ingest_file(const char *path, const struct stat *st, bool is_explicit,
               const ix_ingest_opts_t *opts, uint64_t known_hash,
               const ix_sink_t *sink, uint64_t *hash_out,
               qr_status_t *status_out)
{
    const char *format, *name_reason;
    ix_reader_fn read = ix_reader_for_path(path, &format);
    char *raw = NULL;
    size_t raw_len;
    qr_err_t err;
    ix_ingest_result_t result;

    *status_out = QR_OK;
    *hash_out = 0;
    if (ix_ingest_is_excluded(opts, path))
        return skipped(sink, path, "excluded");
    if (read == NULL) {
        if (!is_explicit)
            return IX_INGEST_SKIPPED;
        sink->problem(sink->ctx, path, 0, true, "not a format quarry reads");
        return IX_INGEST_FAILED;
    }
    name_reason = ix_reader_skips_name(path);
    if (!is_explicit && name_reason != NULL)
        return skipped(sink, path, name_reason);
    qr_err_clear(&err);
    if (qr_file_read_regular(path, opts->max_bytes, &raw, &raw_len, &err) !=
        QR_OK) {
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
        result = read_articles(path, st, is_explicit, read, format, raw,
                               raw_len, sink, status_out);
    free(raw);
    return result;
}
