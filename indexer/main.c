/* main.c - quarry-index: options, the run over the archive, exit codes. */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "fileio.h"
#include "index.h"
#include "index_meta.h"
#include "reader.h"
#include "stemmer.h"
#include "utf8.h"
#include "walk.h"

/* Exit codes, from sysexits.h where one fits (cron and systemd know them). */
enum {
    EXIT_OK = 0,
    EXIT_SOME_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_IO = 74,        /* EX_IOERR */
    EXIT_LOCKED = 75     /* EX_TEMPFAIL: another run holds the index */
};

enum { DEFAULT_MAX_BYTES = 10 * 1024 * 1024 };

typedef struct options {
    const char *db_path;
    const char *language;     /* NULL: the index's own, or the default */
    size_t max_bytes;
    bool is_quiet;
    char **paths;
    int n_paths;
} options_t;

typedef struct run {
    const options_t *opts;
    qr_db_t *db;
    qr_stemmer_t *stemmer;
    ix_index_stats_t stats;
    size_t n_files;
    size_t n_articles;
    size_t n_failed;
    size_t n_skipped;
    qr_err_t fatal;           /* a database failure that ends the run */
} run_t;

static void
usage(FILE *out)
{
    fputs("usage: quarry-index --db DIR [options] PATH...\n"
          "\n"
          "Index the articles in each PATH (files or folders) into DIR.\n"
          "Reads Markdown (.md, .markdown) with YAML or TOML front matter\n"
          "and JSON Lines (.jsonl, .ndjson).\n"
          "\n"
          "options:\n"
          "  --db DIR          the index folder (created if missing)\n"
          "  --language NAME   stemming language of a new index (default\n"
          "                    english; \"none\" turns stemming off)\n"
          "  --max-bytes N     skip files larger than N bytes (default\n"
          "                    10485760)\n"
          "  --quiet           print nothing but errors\n"
          "  --help            show this help\n"
          "\n"
          "exit codes: 0 ok, 1 some files failed, 2 usage, 74 i/o or\n"
          "database error, 75 the index is locked by another run\n", out);
}

static void
report(run_t *run, const char *path, size_t line, bool is_failure,
       const char *msg)
{
    if (is_failure)
        run->n_failed++;
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
        run->n_articles++;
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
    const char *format;
    ix_reader_fn read = ix_reader_for_path(path, &format);
    ix_sink_t sink = { sink_article, sink_problem, run };
    char *raw = NULL, *text = NULL;
    size_t raw_len, text_len, n_invalid;
    qr_err_t err;
    qr_status_t status;

    if (read == NULL || (!is_explicit && ix_reader_skips_name(path))) {
        if (is_explicit)
            report(run, path, 0, true, "not a format quarry reads");
        else
            run->n_skipped++;
        return true;
    }
    run->n_files++;
    qr_err_clear(&err);
    status = qr_file_read_all(path, run->opts->max_bytes, &raw, &raw_len,
                              &err);
    if (status == QR_OK)
        status = qr_utf8_sanitize(raw, raw_len, &text, &text_len, &n_invalid,
                                  &err);
    if (status == QR_OK && n_invalid > 0) {
        char msg[64];
        snprintf(msg, sizeof msg, "invalid UTF-8: %zu sequences replaced",
                 n_invalid);
        report(run, path, 0, false, msg);
    }
    if (status == QR_OK) {
        ix_source_t src = { path, text, text_len, (int64_t)st->st_mtime };
        status = read(&src, &sink, &err);
        if (status != QR_OK && run->fatal.status == QR_OK)
            report(run, path, 0, true, err.msg);
    } else {
        /* The message from fileio already names the file. */
        run->n_failed++;
        fprintf(stderr, "%s\n", err.msg);
    }
    free(raw);
    free(text);
    return run->fatal.status == QR_OK;
}

static int
parse_options(int argc, char **argv, options_t *opts)
{
    static const struct option long_opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "language", required_argument, NULL, 'l' },
        { "max-bytes", required_argument, NULL, 'm' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;

    memset(opts, 0, sizeof *opts);
    opts->max_bytes = DEFAULT_MAX_BYTES;
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd':
            opts->db_path = optarg;
            break;
        case 'l':
            opts->language = optarg;
            break;
        case 'm':
            opts->max_bytes = strtoull(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || opts->max_bytes == 0) {
                fprintf(stderr, "quarry-index: --max-bytes needs a positive "
                        "number, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'q':
            opts->is_quiet = true;
            break;
        case 'h':
            usage(stdout);
            exit(EXIT_OK);
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    opts->paths = argv + optind;
    opts->n_paths = argc - optind;
    if (opts->db_path == NULL || opts->n_paths == 0) {
        fputs("quarry-index: need --db DIR and at least one PATH\n", stderr);
        usage(stderr);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int
exit_code_for(qr_status_t status)
{
    switch (status) {
    case QR_ERR_DB_LOCKED:
        return EXIT_LOCKED;
    case QR_ERR_USAGE:
        return EXIT_USAGE;
    default:
        return EXIT_IO;
    }
}

static double
seconds_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) +
           (double)(now.tv_nsec - start->tv_nsec) / 1e9;
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

int
main(int argc, char **argv)
{
    options_t opts;
    run_t run;
    struct timespec start;
    qr_err_t err;
    qr_status_t st;
    int code = parse_options(argc, argv, &opts);

    if (code != EXIT_OK)
        return code;
    clock_gettime(CLOCK_MONOTONIC, &start);
    memset(&run, 0, sizeof run);
    run.opts = &opts;
    qr_err_clear(&run.fatal);
    qr_err_clear(&err);
    st = open_index(&run, &err);
    for (int i = 0; st == QR_OK && i < opts.n_paths; i++) {
        if (!ix_walk(opts.paths[i], index_file, walk_error, &run))
            break;
    }
    if (st == QR_OK && run.fatal.status != QR_OK) {
        st = run.fatal.status;
        err = run.fatal;
    }
    if (st == QR_OK)
        st = qr_db_commit(run.db, &err);
    if (st != QR_OK) {
        fprintf(stderr, "quarry-index: %s: %s\n", opts.db_path, err.msg);
        code = exit_code_for(st);
    } else {
        code = run.n_failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
        if (!opts.is_quiet)
            fprintf(stderr, "quarry-index: indexed %zu articles from %zu "
                    "files, failed %zu, skipped %zu, dropped %zu over-long "
                    "terms in %.1f s\n", run.n_articles, run.n_files,
                    run.n_failed, run.n_skipped, run.stats.n_terms_dropped,
                    seconds_since(&start));
    }
    qr_stem_free(run.stemmer);
    qr_db_close(run.db);
    return code;
}
