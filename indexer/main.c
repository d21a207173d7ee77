/* main.c - quarry-index: options, the summary line and exit codes. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
} options_t;

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
    opts->run.max_bytes = DEFAULT_MAX_BYTES;
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd':
            opts->run.db_path = optarg;
            break;
        case 'l':
            opts->run.language = optarg;
            break;
        case 'm':
            opts->run.max_bytes = strtoull(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || optarg[0] == '-' ||
                opts->run.max_bytes == 0) {
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
    opts->run.paths = argv + optind;
    opts->run.n_paths = (size_t)(argc - optind);
    if (opts->run.db_path == NULL || opts->run.n_paths == 0) {
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

int
main(int argc, char **argv)
{
    options_t opts;
    ix_run_counts_t counts;
    struct timespec start;
    qr_err_t err;
    qr_status_t st;
    int code = parse_options(argc, argv, &opts);

    if (code != EXIT_OK)
        return code;
    clock_gettime(CLOCK_MONOTONIC, &start);
    qr_err_clear(&err);
    st = ix_run(&opts.run, &counts, &err);
    if (st != QR_OK) {
        fprintf(stderr, "quarry-index: %s: %s\n", opts.run.db_path, err.msg);
        return exit_code_for(st);
    }
    if (!opts.is_quiet)
        fprintf(stderr, "quarry-index: indexed %zu articles from %zu files, "
                "failed %zu, skipped %zu, dropped %zu over-long terms in "
                "%.1f s\n", counts.n_articles, counts.n_files,
                counts.n_failed, counts.n_skipped, counts.n_terms_dropped,
                seconds_since(&start));
    return counts.n_failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
}
