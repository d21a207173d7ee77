/* main.c - quarry-index: options, output and exit codes. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "dump.h"
#include "index_dir.h"
#include "report.h"
#include "run.h"

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
    ix_run_opts_t run;
    bool is_quiet;
    bool is_json;
    bool is_dump;
    const char **excludes;    /* room for every argument; main frees it */
} options_t;

static void
usage(FILE *out)
{
    fputs("usage: quarry-index --db DIR [options] PATH...\n"
          "       quarry-index --dump [options] PATH...\n"
          "\n"
          "Bring the index in DIR up to date with the articles in each PATH\n"
          "(files or folders): new and changed files are indexed, unchanged\n"
          "ones skipped unread, and articles of files that vanished from\n"
          "under a PATH deleted. Reads Markdown (.md, .markdown), HTML\n"
          "(.html, .htm), Atom and RSS feeds (.xml, .atom, .rss), JSON\n"
          "(.json), JSON Lines (.jsonl, .ndjson), reStructuredText (.rst),\n"
          "Go present files (.article) and plain text (.txt).\n"
          "\n"
          "options:\n"
          "  --db DIR              the index folder (created if missing)\n"
          "  --dump                print each article as a JSON line instead\n"
          "                        of indexing it (no index is touched)\n"
          "  --dump-body           with --dump: the whole body as \"body\"\n"
          "                        instead of its first characters\n"
          "  --exclude GLOB        skip files whose name (or, when GLOB has a\n"
          "                        '/', whose path) matches; repeatable\n"
          "  --full                rebuild from scratch into a new database\n"
          "                        and swap it in when complete\n"
          "  --wait SECONDS        wait this long for another quarry-index\n"
          "                        on DIR to finish (default: do not wait)\n"
          "  --max-delete-share F  refuse to delete more than this share of\n"
          "                        the index in one run (default 0.2)\n"
          "  --allow-mass-delete   delete however much vanished\n"
          "  --language NAME       stemming language of a new index\n"
          "                        (default english; \"none\" turns it off)\n"
          "  --max-bytes N         skip files larger than N bytes (default\n"
          "                        10485760)\n"
          "  --jobs N              threads for a new index or --full\n"
          "                        (default: one per core)\n"
          "  --batch-bytes N       commit after N bytes of text (default\n"
          "                        1048576; a new index or --full flushes\n"
          "                        its scratch shards every 524288 at most):\n"
          "                        bounds memory\n"
          "  --json                print the summary as JSON on stdout\n"
          "                        (none when the run could not start)\n"
          "  --quiet               print nothing but errors\n"
          "  --help                show this help\n"
          "\n"
          "A summary line goes to stderr (a failed run prints its error\n"
          "instead), a progress bar too when stderr is a terminal, and\n"
          "DIR/status.json records every run that took the lock, for\n"
          "monitoring.\n"
          "\n"
          "exit codes: 0 ok, 1 some files failed (or a deletion was refused),\n"
          "2 usage, 74 i/o or database error, 75 another quarry-index holds\n"
          "the index\n", out);
}

/* Parses a number from MIN to MAX in TEXT for option NAME; false, having
 * said why, if it is none. */
static bool
parse_number(const char *name, const char *text, double min, double max,
             double *out)
{
    char *end;
    double v = strtod(text, &end);

    if (*text == '\0' || *end != '\0' || !(v >= min) || v > max) {
        fprintf(stderr, "quarry-index: %s needs a number from %.15g to "
                "%.15g, not \"%s\"\n", name, min, max, text);
        return false;
    }
    *out = v;
    return true;
}

/* Parses a whole number from 1 to MAX in TEXT for option NAME; false,
 * having said why, if it is none. */
static bool
parse_count(const char *name, const char *text, double max, size_t *out)
{
    char *end;
    double v = strtod(text, &end);

    if (*text == '\0' || *end != '\0' || !(v >= 1) || v > max ||
        v != (double)(size_t)v) {
        fprintf(stderr, "quarry-index: %s needs a whole number from 1 to "
                "%.0f, not \"%s\"\n", name, max, text);
        return false;
    }
    *out = (size_t)v;
    return true;
}

static int
parse_options(int argc, char **argv, options_t *opts)
{
    static const struct option long_opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "full", no_argument, NULL, 'f' },
        { "wait", required_argument, NULL, 'w' },
        { "max-delete-share", required_argument, NULL, 's' },
        { "allow-mass-delete", no_argument, NULL, 'a' },
        { "language", required_argument, NULL, 'l' },
        { "max-bytes", required_argument, NULL, 'm' },
        { "batch-bytes", required_argument, NULL, 'b' },
        { "jobs", required_argument, NULL, 'J' },
        { "json", no_argument, NULL, 'j' },
        { "quiet", no_argument, NULL, 'q' },
        { "dump", no_argument, NULL, 'D' },
        { "dump-body", no_argument, NULL, 'B' },
        { "exclude", required_argument, NULL, 'x' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    size_t n;

    memset(opts, 0, sizeof *opts);
    opts->run.max_bytes = DEFAULT_MAX_BYTES;
    opts->run.max_delete_share = IX_RUN_MAX_DELETE_SHARE;
    opts->run.batch_bytes = IX_RUN_BATCH_BYTES;
    opts->excludes = calloc((size_t)argc, sizeof *opts->excludes);
    if (opts->excludes == NULL) {
        fputs("quarry-index: out of memory\n", stderr);
        return EXIT_IO;
    }
    opts->run.excludes = opts->excludes;
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            opts->run.db_path = optarg;
            break;
        case 'f':
            opts->run.is_full = true;
            break;
        case 'w':
            if (!parse_number("--wait", optarg, 0, 1e6,
                              &opts->run.wait_seconds))
                return EXIT_USAGE;
            break;
        case 's':
            if (!parse_number("--max-delete-share", optarg, 0, 1,
                              &opts->run.max_delete_share))
                return EXIT_USAGE;
            break;
        case 'a':
            opts->run.allow_mass_delete = true;
            break;
        case 'l':
            opts->run.language = optarg;
            break;
        case 'm':
            if (!parse_count("--max-bytes", optarg, 1e15,
                             &opts->run.max_bytes))
                return EXIT_USAGE;
            break;
        case 'b':
            if (!parse_count("--batch-bytes", optarg, 1e15,
                             &opts->run.batch_bytes))
                return EXIT_USAGE;
            break;
        case 'J':
            if (!parse_count("--jobs", optarg, 16, &n))
                return EXIT_USAGE;
            opts->run.n_jobs = (unsigned)n;
            break;
        case 'j':
            opts->is_json = true;
            break;
        case 'q':
            opts->is_quiet = true;
            opts->run.is_quiet = true;
            break;
        case 'D':
            opts->is_dump = true;
            break;
        case 'B':
            opts->is_dump = true;
            opts->run.wants_dump_body = true;
            break;
        case 'x':
            opts->excludes[opts->run.n_excludes++] = optarg;
            break;
        case 'h':
            usage(stdout);
            exit(EXIT_OK);
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    opts->run.paths = argv + optind;
    opts->run.n_paths = (size_t)(argc - optind);
    if ((opts->run.db_path == NULL && !opts->is_dump) ||
        opts->run.n_paths == 0) {
        fputs("quarry-index: need --db DIR and at least one PATH\n", stderr);
        usage(stderr);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int
exit_code_for(qr_status_t status, const ix_run_counts_t *counts)
{
    switch (status) {
    case QR_OK:
        return counts->n_failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
    case QR_ERR_DB_LOCKED:
        return EXIT_LOCKED;
    case QR_ERR_USAGE:
        return EXIT_USAGE;
    default:
        return EXIT_IO;
    }
}

static double
monotonic_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What main knows of a run, for its summary and status file. */
typedef struct run_record {
    const options_t *opts;
    double start;               /* monotonic seconds */
    ix_run_report_t report;
    ix_run_counts_t counts;
    char error[QR_ERR_MSG_MAX];
    bool is_recorded;           /* the status file was written */
} run_record_t;

static void
fill_report(run_record_t *r, qr_status_t status,
            const ix_run_counts_t *counts, const qr_err_t *err)
{
    r->counts = *counts;
    r->report.counts = &r->counts;
    r->report.end = (int64_t)time(NULL);
    r->report.seconds = monotonic_seconds() - r->start;
    r->report.exit_code = exit_code_for(status, counts);
    r->report.is_full = r->opts->run.is_full;
    r->report.error = NULL;
    if (status != QR_OK) {
        snprintf(r->error, sizeof r->error, "%s", err->msg);
        r->report.error = r->error;
    }
}

/* ix_run_opts_t.on_finish: records the run in DIR/status.json while it
 * still holds the lock, so runs queued behind it cannot interleave their
 * writes (and a run refused the lock never gets here). */
static void
record_run(void *ctx, qr_status_t status, const ix_run_counts_t *counts,
           const qr_err_t *run_err)
{
    run_record_t *r = ctx;
    char path[QR_INDEX_PATH_MAX];
    json_t *json;
    qr_err_t err;

    fill_report(r, status, counts, run_err);
    json = ix_report_json(&r->report);
    if (json == NULL)
        qr_err_set(&err, QR_ERR_NOMEM, "out of memory writing the status");
    if (json == NULL ||
        qr_index_path(r->opts->run.db_path, QR_INDEX_STATUS, path, &err) !=
            QR_OK ||
        ix_report_write_file(json, path, &err) != QR_OK) {
        fprintf(stderr, "quarry-index: %s\n", err.msg);
    }
    json_decref(json);
    r->is_recorded = true;
}

/* Prints the summary of R: JSON on stdout with --json, a line on stderr
 * unless quiet. A failed run (STATUS not QR_OK) has printed its error
 * instead of the line, whose zeros would read as a run that found nothing
 * to do. Its JSON is what the status file got (exit_code and last_error
 * say it failed); a run that never took the lock wrote no status file and
 * prints no JSON either. */
static void
print_summary(const options_t *opts, const run_record_t *r,
              qr_status_t status)
{
    json_t *json;

    if (opts->is_json && r->is_recorded &&
        (json = ix_report_json(&r->report)) != NULL) {
        json_dumpf(json, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(json);
    }
    if (!opts->is_quiet && status == QR_OK) {
        fputs("quarry-index: ", stderr);
        ix_report_line(&r->report, stderr);
    }
}

/* --dump: prints the articles, then a summary line. */
static int
dump(const options_t *opts)
{
    ix_dump_counts_t counts;
    double start = monotonic_seconds();
    qr_err_t err;

    if (ix_dump(&opts->run, stdout, &counts, &err) != QR_OK) {
        fprintf(stderr, "quarry-index: --dump: %s\n", err.msg);
        return EXIT_IO;
    }
    if (!opts->is_quiet) {
        fprintf(stderr, "quarry-index: would index %zu %s from %zu %s, "
                "failed %zu, skipped %zu", counts.n_articles,
                counts.n_articles == 1 ? "article" : "articles",
                counts.n_files, counts.n_files == 1 ? "file" : "files",
                counts.n_failed, counts.n_skipped);
        if (counts.n_repeated > 0)
            fprintf(stderr, ", repeated ids %zu", counts.n_repeated);
        fprintf(stderr, " in %.1f s\n", monotonic_seconds() - start);
    }
    return counts.n_failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
}

static int
index_paths(options_t *o)
{
    options_t opts = *o;
    run_record_t record;
    ix_run_counts_t counts;
    ix_progress_t bar;
    qr_err_t err;
    qr_status_t st;

    if (!opts.is_quiet && isatty(STDERR_FILENO)) {
        ix_progress_init(&bar, stderr);
        opts.run.progress = ix_progress_update;
        opts.run.progress_ctx = &bar;
    }
    memset(&record, 0, sizeof record);
    record.opts = &opts;
    record.report.start = (int64_t)time(NULL);
    record.start = monotonic_seconds();
    opts.run.on_finish = record_run;
    opts.run.on_finish_ctx = &record;
    qr_err_clear(&err);
    st = ix_run(&opts.run, &counts, &err);
    if (opts.run.progress != NULL)
        ix_progress_finish(&bar);
    if (!record.is_recorded)
        fill_report(&record, st, &counts, &err);
    if (st != QR_OK)
        fprintf(stderr, "quarry-index: %s: %s\n", opts.run.db_path, err.msg);
    print_summary(&opts, &record, st);
    return record.report.exit_code;
}

int
main(int argc, char **argv)
{
    options_t opts;
    int code = parse_options(argc, argv, &opts);

    /* Jansson seeds its hash function on first use; do it before threads. */
    json_object_seed(0);
    if (code == EXIT_OK)
        code = opts.is_dump ? dump(&opts) : index_paths(&opts);
    /* The summary or the articles may sit in stdio's buffer: a full disk
     * or a closed pipe shows only now ("--json > /dev/full" said 0). */
    if ((fflush(stdout) != 0 || ferror(stdout)) && code != EXIT_IO) {
        fprintf(stderr, "quarry-index: writing to standard output failed: "
                "%s\n", qr_strerror(errno).text);
        code = EXIT_IO;
    }
    free(opts.excludes);
    /* libxml2 keeps parser tables until told; leak checkers would say so. */
    xmlCleanupParser();
    return code;
}
