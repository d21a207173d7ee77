/* main.c - quarry-search: options, the search, output and exit codes. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "index_dir.h"
#include "index_meta.h"
#include "output_json.h"
#include "query_build.h"
#include "stats.h"
#include "stemmer.h"
#include "utf8.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

enum { MAX_LIMIT = 10000 };

typedef struct options {
    const char *db_path;
    bool is_stats;            /* print the index's statistics instead */
    qr_search_opts_t search;
    char *query_text;         /* owned: the words joined, valid UTF-8 */
} options_t;

static void
usage(FILE *out)
{
    fputs("usage: quarry-search --db DIR [options] QUERY...\n"
          "\n"
          "Search the index in DIR and print the best hits as JSON.\n"
          "\n"
          "options:\n"
          "  --db DIR       the index folder made by quarry-index\n"
          "  --limit N      hits to print (default 10)\n"
          "  --offset N     hits to skip first (default 0)\n"
          "  --stats        print the index's statistics and last indexing\n"
          "                 run as JSON instead of searching\n"
          "  --help         show this help\n"
          "\n"
          "exit codes: 0 ok (also when nothing matches), 1 search failed,\n"
          "2 usage error or no readable index at DIR\n", out);
}

static bool
parse_count(const char *text, const char *name, uint32_t max,
            uint32_t *out)
{
    char *end;
    unsigned long long v = strtoull(text, &end, 10);

    if (*text == '\0' || *end != '\0' || text[0] == '-' || v > max) {
        fprintf(stderr, "quarry-search: %s needs a number from 0 to %u, not "
                "\"%s\"\n", name, max, text);
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

/* Joins the query words with spaces and makes the result valid UTF-8. */
static bool
join_query(char **words, int n, char **out)
{
    qr_buf_t buf;
    qr_err_t err;
    size_t len, n_invalid;
    bool is_ok = true;

    qr_buf_init(&buf);
    for (int i = 0; is_ok && i < n; i++) {
        if (i > 0)
            is_ok = qr_buf_putc(&buf, ' ', &err) == QR_OK;
        if (is_ok)
            is_ok = qr_buf_append(&buf, words[i], strlen(words[i]), &err) ==
                    QR_OK;
    }
    if (is_ok)
        is_ok = qr_utf8_sanitize(buf.data ? buf.data : "", buf.len, out, &len,
                                 &n_invalid, &err) == QR_OK;
    qr_buf_release(&buf);
    if (!is_ok)
        fputs("quarry-search: out of memory reading the query\n", stderr);
    return is_ok;
}

static int
parse_options(int argc, char **argv, options_t *opts)
{
    static const struct option long_opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "limit", required_argument, NULL, 'n' },
        { "offset", required_argument, NULL, 'o' },
        { "stats", no_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;

    memset(opts, 0, sizeof *opts);
    qr_search_opts_init(&opts->search);
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            opts->db_path = optarg;
            break;
        case 'n':
            if (!parse_count(optarg, "--limit", MAX_LIMIT,
                             &opts->search.limit))
                return EXIT_USAGE;
            break;
        case 'o':
            if (!parse_count(optarg, "--offset", UINT32_MAX - MAX_LIMIT,
                             &opts->search.offset))
                return EXIT_USAGE;
            break;
        case 's':
            opts->is_stats = true;
            break;
        case 'h':
            usage(stdout);
            exit(EXIT_OK);
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (opts->db_path == NULL || (optind >= argc && !opts->is_stats)) {
        fputs("quarry-search: need --db DIR and a QUERY\n", stderr);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!join_query(argv + optind, argc - optind, &opts->query_text))
        return EXIT_FAILED;
    return EXIT_OK;
}

/* Opens the index and the stemmer its language needs; prints why not. */
static int
open_index(const char *path, qr_db_t **db_out, qr_stemmer_t **stemmer_out)
{
    char language[QR_LANGUAGE_MAX];
    qr_err_t err;
    qr_status_t st = qr_index_open_read(path, db_out, &err);

    if (st == QR_OK)
        st = qr_meta_read_language(*db_out, language, &err);
    if (st == QR_OK)
        st = qr_stem_new(language, stemmer_out, &err);
    if (st == QR_OK)
        return EXIT_OK;
    fprintf(stderr, "quarry-search: %s: no readable quarry index (%s)\n",
            path, err.msg);
    return EXIT_USAGE;
}

/* Prints JSON to stdout; false (reported in ERR) when writing failed. */
static qr_status_t
print_json(const json_t *json, qr_err_t *err)
{
    if (json_dumpf(json, stdout, JSON_INDENT(2)) != 0 ||
        fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
        return qr_err_set(err, QR_ERR_IO, "writing the results failed");
    }
    return QR_OK;
}

static int
print_stats(const options_t *opts, qr_db_t *db)
{
    json_t *json = NULL;
    qr_err_t err;
    qr_status_t st = sr_stats_json(db, opts->db_path, &json, &err);

    if (st == QR_OK)
        st = print_json(json, &err);
    json_decref(json);
    if (st == QR_OK)
        return EXIT_OK;
    fprintf(stderr, "quarry-search: %s: %s\n", opts->db_path, err.msg);
    return EXIT_FAILED;
}

static int
search(const options_t *opts, qr_db_t *db, qr_stemmer_t *stemmer)
{
    qr_query_t *query = NULL;
    qr_results_t *results = NULL;
    json_t *json = NULL;
    qr_err_t err;
    qr_status_t st;
    int code = EXIT_OK;

    st = sr_query_build(opts->query_text, strlen(opts->query_text), stemmer,
                        &query, &err);
    if (st == QR_OK)
        st = qr_db_search(db, query, &opts->search, &results, &err);
    if (st == QR_OK)
        st = sr_results_to_json(opts->query_text, results, &json, &err);
    if (st == QR_OK)
        st = print_json(json, &err);
    if (st != QR_OK) {
        fprintf(stderr, "quarry-search: %s: %s\n", opts->db_path, err.msg);
        code = EXIT_FAILED;
    }
    json_decref(json);
    qr_results_free(results);
    qr_query_free(query);
    return code;
}

int
main(int argc, char **argv)
{
    options_t opts;
    qr_db_t *db = NULL;
    qr_stemmer_t *stemmer = NULL;
    int code = parse_options(argc, argv, &opts);

    if (code == EXIT_OK)
        code = open_index(opts.db_path, &db, &stemmer);
    if (code == EXIT_OK)
        code = opts.is_stats ? print_stats(&opts, db)
                             : search(&opts, db, stemmer);
    qr_stem_free(stemmer);
    qr_db_close(db);
    free(opts.query_text);
    return code;
}
