/* dump.c - print the articles quarry would index, touching no index. */
#include "dump.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "id_sources.h"
#include "ingest.h"
#include "report.h"
#include "utf8.h"
#include "walk.h"

typedef struct dump {
    const ix_run_opts_t *opts;
    FILE *out;
    ix_dump_counts_t counts;
    ix_id_sources_t sources;  /* which file gave each id */
    ix_sink_t sink;           /* what the readers give goes here */
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

/* Sets KEY on OBJ to VALUE (stolen); false on failure (VALUE NULL too). */
static bool
set(json_t *obj, const char *key, json_t *value)
{
    return value != NULL && json_object_set_new(obj, key, value) == 0;
}

/* The article's stored JSON (article.h) made for reading: the date in ISO
 * 8601, every field present (null when unknown), the authors joined, and
 * the body's length and first characters (the whole body as "body" when
 * WANTS_BODY: what another engine would index, for side-by-side runs). */
static qr_status_t
article_json(const qr_article_t *a, bool wants_body, json_t **json_out,
             qr_err_t *err)
{
    static const char *const FIELDS[] = { "url", "title", NULL };
    static const char *const LISTS[] = { "authors", "tags", NULL };
    char iso[QR_DATE_ISO_BYTES];
    char *author = qr_strlist_join(&a->authors);
    size_t excerpt = !a->body ? 0
                     : wants_body ? a->body_len
                     : prefix_bytes(a->body, a->body_len,
                                    IX_DUMP_EXCERPT_CHARS);
    json_t *obj = NULL;
    bool is_ok;
    qr_status_t st = qr_article_to_json(a, &obj, err);

    *json_out = NULL;

    if (st != QR_OK) {
        free(author);
        return st;
    }
    is_ok = set(obj, "date", a->date_source == QR_DATE_SOURCE_NONE
                                 ? json_null()
                                 : json_string(qr_date_format_iso(a->date,
                                                                  iso))) &&
            set(obj, "author", author ? json_string(author) : json_null()) &&
            set(obj, "body_length", json_integer((json_int_t)a->body_len)) &&
            set(obj, wants_body ? "body" : "body_excerpt",
                json_stringn(a->body ? a->body : "", excerpt));
    for (size_t i = 0; is_ok && FIELDS[i] != NULL; i++) {
        if (json_object_get(obj, FIELDS[i]) == NULL)
            is_ok = set(obj, FIELDS[i], json_null());
    }
    for (size_t i = 0; is_ok && LISTS[i] != NULL; i++) {
        if (json_object_get(obj, LISTS[i]) == NULL)
            is_ok = set(obj, LISTS[i], json_array());
    }
    if (is_ok && a->line > 0)
        is_ok = set(obj, "line", json_integer((json_int_t)a->line));
    free(author);
    if (!is_ok) {
        json_decref(obj);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    }
    *json_out = obj;
    return QR_OK;
}

static void
sink_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    dump_t *d = ctx;

    if (is_failure)
        d->counts.n_failed++;
    if (is_failure || !d->opts->is_quiet)
        ix_report_problem(stderr, path, line, is_failure, msg);
}

static void
sink_repeated(void *ctx)
{
    dump_t *d = ctx;

    d->counts.n_repeated++;
}

static qr_status_t
sink_article(void *ctx, const qr_article_t *a, qr_err_t *err)
{
    dump_t *d = ctx;
    json_t *obj = NULL;
    bool is_repeated;
    qr_status_t st = ix_id_sources_note(&d->sources, a, &d->sink,
                                        &is_repeated, err);

    /* Both articles are printed; indexing would keep one. */
    if (st == QR_OK && is_repeated)
        d->counts.n_articles--;
    if (st == QR_OK)
        st = article_json(a, d->opts->wants_dump_body, &obj, err);
    if (st != QR_OK)
        return st;
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
sink_skip(void *ctx, const char *path, const char *reason)
{
    dump_t *d = ctx;

    if (!d->opts->is_quiet)
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
    ix_ingest_opts_t in = { d->opts->max_bytes, d->opts->excludes,
                            d->opts->n_excludes };
    uint64_t hash;
    qr_status_t status;

    switch (ix_ingest_file(path, st, is_explicit, &in, 0, &d->sink, &hash,
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
    d.sink = (ix_sink_t){ sink_article, sink_problem, sink_skip, &d,
                          sink_repeated };
    ix_id_sources_init(&d.sources);
    for (size_t i = 0; i < opts->n_paths; i++) {
        if (!ix_walk(opts->paths[i], dump_file, walk_error, &d))
            break;
    }
    ix_id_sources_release(&d.sources);
    if (d.fatal.status == QR_OK && fflush(out) != 0)
        qr_err_set(&d.fatal, QR_ERR_IO, "writing the dump failed");
    *counts_out = d.counts;
    if (d.fatal.status != QR_OK)
        return qr_err_set(err, d.fatal.status, "%s", d.fatal.msg);
    return QR_OK;
}
