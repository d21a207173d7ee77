/* dump.c - print the articles quarry would index, touching no index. */
#include "dump.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ingest.h"
#include "report.h"
#include "utf8.h"
#include "walk.h"

typedef struct dump {
    const ix_run_opts_t *opts;
    FILE *out;
    ix_dump_counts_t counts;
    qr_err_t fatal;           /* an output failure that ends the dump */
} dump_t;

/* Bytes in the first N_CHARS characters of S[0..LEN). */
static size_t
prefix_bytes(const char *s, size_t len, size_t n_chars)
{
    size_t i = 0;
    bool is_invalid = false;

    for (size_t n = 0; n < n_chars && i < len; n++)
        qr_utf8_decode(s, len, &i, &is_invalid);
    return i;
}

static json_t *
string_or_null(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

static json_t *
string_list(const qr_strlist_t *list)
{
    json_t *array = json_array();

    for (size_t i = 0; array != NULL && i < list->n; i++) {
        if (json_array_append_new(array, json_string(list->items[i])) != 0) {
            json_decref(array);
            return NULL;
        }
    }
    return array;
}

/* Builds the dump line of A; NULL on OOM or text that is not UTF-8. */
static json_t *
article_json(const qr_article_t *a)
{
    char iso[QR_DATE_ISO_BYTES];
    char *author = qr_strlist_join(&a->authors);
    size_t excerpt = a->body ? prefix_bytes(a->body, a->body_len,
                                            IX_DUMP_EXCERPT_CHARS) : 0;
    json_t *obj = json_object();
    bool is_ok = obj != NULL;

    is_ok = is_ok && json_object_set_new(obj, "id", json_string(a->id)) == 0;
    is_ok = is_ok && json_object_set_new(obj, "path",
                                         string_or_null(a->path)) == 0;
    if (a->line > 0)
        is_ok = is_ok && json_object_set_new(
                             obj, "line", json_integer((json_int_t)a->line)) ==
                             0;
    is_ok = is_ok && json_object_set_new(obj, "format",
                                         string_or_null(a->format)) == 0 &&
            json_object_set_new(obj, "title", string_or_null(a->title)) == 0 &&
            json_object_set_new(obj, "author", string_or_null(author)) == 0 &&
            json_object_set_new(obj, "authors", string_list(&a->authors)) ==
                0 &&
            json_object_set_new(obj, "date",
                                a->date_source == QR_DATE_SOURCE_NONE
                                    ? json_null()
                                    : json_string(qr_date_format_iso(
                                          a->date, iso))) == 0 &&
            json_object_set_new(obj, "date_source",
                                json_string(qr_date_source_str(
                                    a->date_source))) == 0 &&
            json_object_set_new(obj, "tags", string_list(&a->tags)) == 0 &&
            json_object_set_new(obj, "url", string_or_null(a->url)) == 0 &&
            json_object_set_new(obj, "body_length",
                                json_integer((json_int_t)a->body_len)) == 0 &&
            json_object_set_new(obj, "body_excerpt",
                                json_stringn(a->body ? a->body : "",
                                             excerpt)) == 0;
    free(author);
    if (!is_ok) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static qr_status_t
sink_article(void *ctx, const qr_article_t *a, qr_err_t *err)
{
    dump_t *d = ctx;
    json_t *obj = article_json(a);
    qr_status_t st = QR_OK;

    if (obj == NULL)
        return qr_err_set(err, QR_ERR_ENCODING, "%s: cannot be written as "
                          "JSON (invalid UTF-8 or out of memory)", a->id);
    if (json_dumpf(obj, d->out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
        fputc('\n', d->out) == EOF) {
        st = qr_err_set(&d->fatal, QR_ERR_IO, "writing the dump failed");
        qr_err_set(err, st, "%s", d->fatal.msg);
    } else {
        d->counts.n_articles++;
    }
    json_decref(obj);
    return st;
}

static void
sink_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    dump_t *d = ctx;

    if (is_failure)
        d->counts.n_failed++;
    ix_report_problem(stderr, path, line, is_failure, msg);
}

static void
sink_skip(void *ctx, const char *path, const char *reason)
{
    (void)ctx;
    fprintf(stderr, "%s: skipped: %s\n", path, reason);
}

static void
walk_error(void *ctx, const char *path, const char *msg)
{
    sink_problem(ctx, path, 0, true, msg);
}

static bool
dump_file(void *ctx, const char *path, const struct stat *st,
          bool is_explicit)
{
    dump_t *d = ctx;
    ix_sink_t sink = { sink_article, sink_problem, sink_skip, d };
    ix_ingest_opts_t in = { d->opts->max_bytes, d->opts->excludes,
                            d->opts->n_excludes };
    uint64_t hash;
    qr_status_t status;

    switch (ix_ingest_file(path, st, is_explicit, &in, 0, &sink, &hash,
                           &status)) {
    case IX_INGEST_SKIPPED:
        d->counts.n_skipped++;
        break;
    case IX_INGEST_READ:
    case IX_INGEST_UNCHANGED:
        d->counts.n_files++;
        break;
    case IX_INGEST_FAILED:
        break;
    }
    return d->fatal.status == QR_OK;
}

qr_status_t
ix_dump(const ix_run_opts_t *opts, FILE *out, ix_dump_counts_t *counts_out,
        qr_err_t *err)
{
    dump_t d;

    memset(&d, 0, sizeof d);
    d.opts = opts;
    d.out = out;
    qr_err_clear(&d.fatal);
    for (size_t i = 0; i < opts->n_paths; i++) {
        if (!ix_walk(opts->paths[i], dump_file, walk_error, &d))
            break;
    }
    if (d.fatal.status == QR_OK && fflush(out) != 0)
        qr_err_set(&d.fatal, QR_ERR_IO, "writing the dump failed");
    *counts_out = d.counts;
    if (d.fatal.status != QR_OK)
        return qr_err_set(err, d.fatal.status, "%s", d.fatal.msg);
    return QR_OK;
}
