/* stats.c - what quarry-search --stats prints about an index. */
#include "stats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "date.h"
#include "disk_usage.h"
#include "index_dir.h"
#include "index_meta.h"
#include "options.h"
#include "terms.h"

/* The indexer's last status file, or JSON null when none exists yet. */
static qr_status_t
last_run(const char *dir, json_t **json_out, qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX];
    json_error_t json_err;
    FILE *fp;
    qr_status_t st = qr_index_path(dir, QR_INDEX_STATUS, path, err);

    *json_out = NULL;
    if (st != QR_OK)
        return st;
    fp = fopen(path, "r");
    if (fp == NULL) {
        *json_out = json_null();
        return QR_OK;
    }
    *json_out = json_loadf(fp, 0, &json_err);
    fclose(fp);
    if (*json_out == NULL)
        return qr_err_set(err, QR_ERR_PARSE, "%s:%d: %s", path,
                          json_err.line, json_err.text);
    return QR_OK;
}

typedef struct vocabulary {
    uint64_t n_terms;
    uint64_t n_words;
} vocabulary_t;

static bool
count_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    vocabulary_t *v = ctx;

    (void)freq;
    v->n_terms++;
    /* Field terms start with an upper-case prefix (terms.h). */
    v->n_words += len > 0 && !(term[0] >= 'A' && term[0] <= 'Z');
    return true;
}

/* The revision as JSON: null for a database that tells none (remote). */
static qr_status_t
revision_json(qr_db_t *db, json_t **json_out, qr_err_t *err)
{
    uint64_t revision;
    qr_status_t st = qr_db_revision(db, &revision, NULL);

    *json_out = NULL;
    if (st == QR_ERR_NOT_FOUND) {
        *json_out = json_null();
        return QR_OK;
    }
    if (st != QR_OK)
        return qr_db_revision(db, &revision, err);   /* say why */
    *json_out = json_integer((json_int_t)revision);
    return QR_OK;
}

/* The date range as two JSON values (null without dates). */
static qr_status_t
date_range(qr_db_t *db, json_t **oldest_out, json_t **newest_out,
           qr_err_t *err)
{
    char iso[QR_DATE_ISO_BYTES];
    int64_t oldest, newest;
    bool has_dates;
    qr_status_t st = qr_db_date_bounds(db, QR_PREFIX_DAY, QR_SLOT_DATE,
                                       &oldest, &newest, &has_dates, err);

    *oldest_out = *newest_out = NULL;
    if (st != QR_OK)
        return st;
    *oldest_out = has_dates ? json_string(qr_date_format_iso(oldest, iso))
                            : json_null();
    *newest_out = has_dates ? json_string(qr_date_format_iso(newest, iso))
                            : json_null();
    return QR_OK;
}

qr_status_t
sr_stats_json(qr_db_t *db, const char *dir, json_t **json_out, qr_err_t *err)
{
    char language[QR_LANGUAGE_MAX];
    uint64_t n_docs, disk_bytes;
    vocabulary_t vocabulary = { 0, 0 };
    json_t *run = NULL, *oldest = NULL, *newest = NULL, *revision = NULL;
    qr_status_t st;

    *json_out = NULL;
    /* The walk of the whole vocabulary goes first, and goes on at later
     * revisions when a busy writer discards the one it reads; the other
     * reads are short, and follow at the latest revision. */
    if ((st = qr_db_each_term_resuming(db, "", count_term, &vocabulary,
                                       err)) != QR_OK ||
        (st = qr_db_reopen(db, err)) != QR_OK ||
        (st = qr_db_count(db, &n_docs, err)) != QR_OK ||
        (st = revision_json(db, &revision, err)) != QR_OK ||
        (st = qr_meta_read_language(db, language, err)) != QR_OK ||
        (st = date_range(db, &oldest, &newest, err)) != QR_OK ||
        (st = sr_disk_usage(dir, &disk_bytes, err)) != QR_OK ||
        (st = last_run(dir, &run, err)) != QR_OK) {
        json_decref(oldest);
        json_decref(newest);
        json_decref(revision);
        return st;
    }
    *json_out = json_pack("{s:i, s:I, s:I, s:I, s:o, s:o, s:I, s:o, s:s, "
                          "s:i, s:o}",
                          "schema_version", SR_FORMAT_VERSION,
                          "documents", (json_int_t)n_docs,
                          "distinct_terms", (json_int_t)vocabulary.n_terms,
                          "distinct_words", (json_int_t)vocabulary.n_words,
                          "oldest", oldest, "newest", newest,
                          "disk_bytes", (json_int_t)disk_bytes,
                          "revision", revision,
                          "language", language,
                          "layout_version", atoi(QR_SCHEMA_VERSION),
                          "last_run", run);
    if (*json_out == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    return QR_OK;
}
