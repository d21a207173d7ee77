/* run.c - one indexing run: walk the paths, ingest each file, commit. */
#include "run.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "index.h"
#include "index_meta.h"
#include "ingest.h"
#include "stemmer.h"
#include "walk.h"

typedef struct run {
    const ix_run_opts_t *opts;
    qr_db_t *db;
    qr_stemmer_t *stemmer;
    ix_index_stats_t stats;
    ix_run_counts_t counts;
    qr_err_t fatal;           /* a database failure that ends the run */
} run_t;

static void
report(run_t *run, const char *path, size_t line, bool is_failure,
       const char *msg)
{
    if (is_failure)
        run->counts.n_failed++;
    if (line > 0)
        fprintf(stderr, "%s:%zu: %s%s\n", path, line,
                is_failure ? "" : "warning: ", msg);
    else
        fprintf(stderr, "%s: %s%s\n", path, is_failure ? "" : "warning: ",
                msg);
}

static void
sink_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    report(ctx, path, line, is_failure, msg);
}

static qr_status_t
sink_article(void *ctx, const qr_article_t *article, qr_err_t *err)
{
    run_t *run = ctx;
    qr_status_t st = ix_index_article(run->db, run->stemmer, article,
                                      &run->stats, err);

    if (st == QR_OK) {
        run->counts.n_articles++;
    } else if (st != QR_ERR_ENCODING && st != QR_ERR_LIMIT) {
        /* Database and memory failures end the run, not just the file. */
        qr_err_set(&run->fatal, st, "%s", err->msg);
    }
    return st;
}

static void
walk_error(void *ctx, const char *path, const char *msg)
{
    report(ctx, path, 0, true, msg);
}

static bool
index_file(void *ctx, const char *path, const struct stat *st,
           bool is_explicit)
{
    run_t *run = ctx;
    ix_sink_t sink = { sink_article, sink_problem, run };
    qr_status_t status;

    switch (ix_ingest_file(path, st, is_explicit, run->opts->max_bytes,
                           &sink, &status)) {
    case IX_INGEST_SKIPPED:
        run->counts.n_skipped++;
        break;
    case IX_INGEST_READ:
        run->counts.n_files++;
        break;
    case IX_INGEST_FAILED:
        break;
    }
    return run->fatal.status == QR_OK;
}

/* Opens the index, records or checks its language, and makes the stemmer. */
static qr_status_t
open_index(run_t *run, qr_err_t *err)
{
    char language[QR_LANGUAGE_MAX];
    qr_status_t st = qr_db_open_write(run->opts->db_path, &run->db, err);

    if (st == QR_OK)
        st = qr_meta_setup(run->db, run->opts->language, language, err);
    if (st == QR_OK)
        st = qr_stem_new(language, &run->stemmer, err);
    return st;
}

qr_status_t
ix_run(const ix_run_opts_t *opts, ix_run_counts_t *counts_out, qr_err_t *err)
{
    run_t run;
    qr_status_t st;

    memset(&run, 0, sizeof run);
    run.opts = opts;
    qr_err_clear(&run.fatal);
    st = open_index(&run, err);
    for (size_t i = 0; st == QR_OK && i < opts->n_paths; i++) {
        if (!ix_walk(opts->paths[i], index_file, walk_error, &run))
            break;
    }
    if (st == QR_OK && run.fatal.status != QR_OK)
        st = qr_err_set(err, run.fatal.status, "%s", run.fatal.msg);
    if (st == QR_OK)
        st = qr_db_commit(run.db, err);
    run.counts.n_terms_dropped = run.stats.n_terms_dropped;
    *counts_out = run.counts;
    qr_stem_free(run.stemmer);
    qr_db_close(run.db);
    return st;
}
