/* bench_query.c - quarry-bench-query: run a query log in one process.
 *
 * usage: quarry-bench-query --db DIR [--passes N] [--limit N] [--slowest N]
 *                           [--sort hybrid|relevance] [--now DATE]
 *                           [--aliases FILE] QUERIES
 *
 * Opens the index once, reads QUERIES (one query a line, quarry syntax),
 * runs the whole log once to warm up and then N times (default 1), timing
 * each query with CLOCK_MONOTONIC from the query text to the page of hits
 * with their document data (what quarry-search prints, without the JSON).
 * The query is parsed and ranked as quarry-search does by default: the
 * query language with the stop list and the shipped alias file (or FILE),
 * hybrid ranking (BM25 + recency from DATE, default the clock) unless
 * --sort relevance. Prints one line:
 *   n=N p50_ms=... p95_ms=... p99_ms=... mean_ms=... qps=... hits=H
 *   failed=F
 * where F counts queries the parser refused (they are still timed)
 * and, with --slowest N, the N slowest queries of the last pass on stderr
 * ("slow: MS ms: QUERY"), to find what a tail is made of.
 *
 * The query is built by one function, build_query(), so switching to the
 * full query parser and hybrid ranking changes that function only. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aliases.h"
#include "date.h"
#include "db.h"
#include "fileio.h"
#include "index_dir.h"
#include "index_meta.h"
#include "query_build.h"
#include "query_issues.h"
#include "query_words.h"
#include "stemmer.h"
#include "stopwords.h"
#include "terms.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* Query logs and alias files are small; refuse anything absurd. */
enum { MAX_LOG_BYTES = 64 * 1024 * 1024, MAX_ALIAS_BYTES = 1024 * 1024 };

typedef struct query_log {
    char *data;          /* owned: the file, lines cut at '\n' */
    const char **lines;  /* owned array of pointers into DATA */
    size_t n_lines;
} query_log_t;

typedef struct bench {
    qr_db_t *db;
    qr_stemmer_t *stemmer;
    sr_aliases_t *aliases;
    sr_filters_t filters;   /* none: the log writes filters in the query */
    qr_search_opts_t opts;
    size_t n_slowest;       /* queries to report on stderr */
    size_t n_failed;        /* queries the parser refused */
} bench_t;

typedef struct timed_query {
    double seconds;
    const char *text;
} timed_query_t;

/* Builds the query tree for TEXT as quarry-search does without options
 * (searcher/search.c): the query language, stop list and aliases. A query
 * the parser refuses is counted in B->n_failed and gives *QUERY_OUT NULL.
 * The one place to change when the searcher's query building changes. */
static qr_status_t
build_query(bench_t *b, const char *text, qr_query_t **query_out,
            qr_err_t *err)
{
    sr_words_t words;
    sr_issues_t issues;
    qr_status_t st;

    sr_words_init(&words, b->stemmer, b->aliases,
                  qr_stop_has_list(qr_stem_language(b->stemmer)));
    sr_issues_init(&issues);
    st = sr_query_build(text, strlen(text), &words, &b->filters,
                        b->opts.now, query_out, &issues, err);
    sr_issues_release(&issues);
    if (st == QR_ERR_PARSE) {
        b->n_failed++;
        return QR_OK;
    }
    return st;
}

static double
now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs one query; adds the hits it returned to *N_HITS. */
static qr_status_t
run_query(bench_t *b, const char *text, size_t *n_hits, qr_err_t *err)
{
    qr_query_t *query = NULL;
    qr_results_t *results = NULL;
    qr_status_t st = build_query(b, text, &query, err);

    if (st == QR_OK && query != NULL)
        st = qr_db_search(b->db, query, &b->opts, &results, err);
    if (st == QR_OK && results != NULL)
        *n_hits += qr_results_count(results);
    qr_results_free(results);
    qr_query_free(query);
    return st;
}

static void
log_release(query_log_t *log)
{
    free(log->lines);
    free(log->data);
}

/* Reads PATH and cuts it into non-empty lines. */
static qr_status_t
log_read(const char *path, query_log_t *log, qr_err_t *err)
{
    size_t len, n = 0;
    qr_status_t st;

    memset(log, 0, sizeof *log);
    st = qr_file_read_all(path, MAX_LOG_BYTES, &log->data, &len, err);
    if (st != QR_OK)
        return st;
    for (size_t i = 0; i < len; i++)
        n += log->data[i] == '\n';
    log->lines = calloc(n + 1, sizeof *log->lines);
    if (log->lines == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory reading %s",
                          path);
    for (char *line = log->data, *end; line < log->data + len; line = end) {
        end = memchr(line, '\n', (size_t)(log->data + len - line));
        if (end == NULL)
            end = log->data + len;
        *end++ = '\0';
        if (*line != '\0')
            log->lines[log->n_lines++] = line;
    }
    if (log->n_lines == 0)
        return qr_err_set(err, QR_ERR_PARSE, "%s: no queries", path);
    return QR_OK;
}

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Slowest first. */
static int
compare_timed(const void *a, const void *b)
{
    double x = ((const timed_query_t *)a)->seconds;
    double y = ((const timed_query_t *)b)->seconds;

    return (x < y) - (x > y);
}

/* Prints the B->n_slowest slowest of the last pass's LOG->n_lines times
 * (TIMES, in log order) on stderr. */
static qr_status_t
report_slowest(const bench_t *b, const query_log_t *log, const double *times,
               qr_err_t *err)
{
    timed_query_t *t;
    size_t n = log->n_lines;

    if (b->n_slowest == 0)
        return QR_OK;
    t = calloc(n, sizeof *t);
    if (t == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory for %zu times",
                          n);
    for (size_t i = 0; i < n; i++) {
        t[i].seconds = times[i];
        t[i].text = log->lines[i];
    }
    qsort(t, n, sizeof *t, compare_timed);
    for (size_t i = 0; i < n && i < b->n_slowest; i++)
        fprintf(stderr, "slow: %.3f ms: %s\n", 1e3 * t[i].seconds, t[i].text);
    free(t);
    return QR_OK;
}

/* The value at percentile P of the N sorted values (nearest rank). */
static double
percentile(const double *sorted, size_t n, double p)
{
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.5);

    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

static qr_status_t
run_log(bench_t *b, const query_log_t *log, unsigned passes, qr_err_t *err)
{
    size_t n = log->n_lines * passes, n_hits = 0, k = 0;
    double *times, total = 0;
    qr_status_t st = QR_OK;

    times = calloc(n, sizeof *times);
    if (times == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory for %zu times",
                          n);
    for (size_t i = 0; st == QR_OK && i < log->n_lines; i++)
        st = run_query(b, log->lines[i], &n_hits, err);   /* warm-up */
    n_hits = 0;
    b->n_failed = 0;
    for (unsigned p = 0; st == QR_OK && p < passes; p++) {
        for (size_t i = 0; st == QR_OK && i < log->n_lines; i++) {
            double t0 = now_seconds();

            st = run_query(b, log->lines[i], &n_hits, err);
            times[k] = now_seconds() - t0;
            total += times[k++];
        }
    }
    if (st == QR_OK)
        st = report_slowest(b, log, times + n - log->n_lines, err);
    if (st == QR_OK) {
        qsort(times, n, sizeof *times, compare_doubles);
        printf("n=%zu p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f mean_ms=%.3f "
               "qps=%.1f hits=%zu failed=%zu\n", n,
               1e3 * percentile(times, n, 50), 1e3 * percentile(times, n, 95),
               1e3 * percentile(times, n, 99), 1e3 * total / (double)n,
               (double)n / total, n_hits, b->n_failed);
    }
    free(times);
    return st;
}

/* Opens the index, its language's stemmer and the alias file at
 * ALIAS_PATH (NULL: none). */
static qr_status_t
open_index(bench_t *b, const char *path, const char *alias_path,
           qr_err_t *err)
{
    char language[QR_LANGUAGE_MAX];
    char *aliases = NULL;
    size_t len = 0;
    qr_status_t st = qr_index_open_read(path, &b->db, err);

    if (st == QR_OK)
        st = qr_meta_read_language(b->db, language, err);
    if (st == QR_OK)
        st = qr_stem_new(language, &b->stemmer, err);
    if (st == QR_OK && alias_path != NULL)
        st = qr_file_read_all(alias_path, MAX_ALIAS_BYTES, &aliases, &len,
                              err);
    if (st == QR_OK && alias_path != NULL)
        st = sr_aliases_new(b->stemmer, &b->aliases, err);
    if (st == QR_OK && alias_path != NULL)
        st = sr_aliases_add_text(b->aliases, aliases, len, alias_path, err);
    free(aliases);
    return st;
}

static void
usage(FILE *out)
{
    fputs("usage: quarry-bench-query --db DIR [--passes N] [--limit N] "
          "[--slowest N]\n"
          "                          [--sort hybrid|relevance] [--now DATE] "
          "[--aliases FILE]\n"
          "                          QUERIES\n", out);
}

int
main(int argc, char **argv)
{
    static const struct option long_opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "passes", required_argument, NULL, 'p' },
        { "limit", required_argument, NULL, 'n' },
        { "slowest", required_argument, NULL, 's' },
        { "sort", required_argument, NULL, 'o' },
        { "now", required_argument, NULL, 'w' },
        { "aliases", required_argument, NULL, 'a' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    bench_t b = { 0 };
    query_log_t log = { 0 };
    const char *db_path = NULL, *alias_path = QR_SHIPPED_ALIASES;
    const char *now_text = NULL;
    bool is_usage_ok = true;
    unsigned long passes = 1, limit = 10;
    qr_err_t err;
    qr_status_t st;
    int c;

    qr_search_opts_init(&b.opts);
    b.opts.date_slot = QR_SLOT_DATE;
    b.opts.week_slot = QR_SLOT_WEEK;
    b.opts.id_prefix = QR_PREFIX_ID;
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c == 'd') {
            db_path = optarg;
        } else if (c == 'p') {
            passes = strtoul(optarg, NULL, 10);
        } else if (c == 'n') {
            limit = strtoul(optarg, NULL, 10);
        } else if (c == 's') {
            b.n_slowest = strtoul(optarg, NULL, 10);
        } else if (c == 'o') {
            if (strcmp(optarg, "hybrid") == 0)
                b.opts.sort = QR_SORT_HYBRID;
            else if (strcmp(optarg, "relevance") == 0)
                b.opts.sort = QR_SORT_RELEVANCE;
            else
                is_usage_ok = false;
        } else if (c == 'w') {
            now_text = optarg;
        } else if (c == 'a') {
            alias_path = optarg;
        } else {
            usage(c == 'h' ? stdout : stderr);
            return c == 'h' ? EXIT_OK : EXIT_USAGE;
        }
    }
    if (db_path == NULL || optind + 1 != argc || passes < 1 ||
        passes > 1000 || limit < 1 || limit > 10000 || !is_usage_ok) {
        usage(stderr);
        return EXIT_USAGE;
    }
    b.opts.limit = (uint32_t)limit;
    b.opts.now = (int64_t)time(NULL);
    if (now_text != NULL &&
        qr_date_parse(now_text, strlen(now_text), &b.opts.now, NULL, NULL) !=
            QR_OK) {
        fprintf(stderr, "quarry-bench-query: --now needs a date, not "
                "\"%s\"\n", now_text);
        return EXIT_USAGE;
    }
    st = open_index(&b, db_path, alias_path, &err);
    if (st == QR_OK)
        st = log_read(argv[optind], &log, &err);
    if (st == QR_OK)
        st = run_log(&b, &log, (unsigned)passes, &err);
    if (st != QR_OK)
        fprintf(stderr, "quarry-bench-query: %s\n", err.msg);
    log_release(&log);
    sr_aliases_free(b.aliases);
    qr_stem_free(b.stemmer);
    qr_db_close(b.db);
    return st == QR_OK ? EXIT_OK : EXIT_FAILED;
}
