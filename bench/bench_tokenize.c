/* bench_tokenize.c - quarry-bench-tokenize: tokenizer + stemmer throughput.
 *
 * usage: quarry-bench-tokenize [--rounds N] [--language L] DIR
 *
 * Reads every regular file under DIR into memory first (no I/O is timed),
 * then, on one thread, times passes over all the bytes, file by file as the
 * indexer sees documents:
 *   scan        count spaces and newlines with a plain byte loop, and
 *               newlines with memchr: the ceiling of any pass that looks
 *               at every byte
 *   tokenize    qr_tok_init (document mode) + qr_tok_next over every file
 *   tok+stem    the same plus qr_terms_form with the stemmer for L
 *               (default english): what the indexer does per token
 * Each pass runs N times (default 5); prints the median MB/s (10^6 bytes)
 * of each, one line each:
 *   pass=NAME mb_s=... seconds=... bytes=B items=K
 * where items counts what the pass found (separators, tokens, terms). */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "fileio.h"
#include "stemmer.h"
#include "terms.h"
#include "tokenizer.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

enum { MAX_FILE_BYTES = 64 * 1024 * 1024, MAX_ROUNDS = 100,
       PATH_MAX_BYTES = 4096 };

/* All files, back to back in TEXT; file I spans STARTS[I]..STARTS[I+1]. */
typedef struct corpus {
    qr_buf_t text;
    size_t *starts;
    size_t n_files;
    size_t cap_files;
} corpus_t;

typedef size_t (*pass_fn)(const corpus_t *c, qr_stemmer_t *stemmer,
                          qr_err_t *err);

static double
now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static qr_status_t
corpus_add_start(corpus_t *c, qr_err_t *err)
{
    if (c->n_files + 1 >= c->cap_files) {
        size_t cap = c->cap_files ? 2 * c->cap_files : 256;
        size_t *starts = realloc(c->starts, cap * sizeof *starts);

        if (starts == NULL)
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory");
        c->starts = starts;
        c->cap_files = cap;
    }
    c->starts[c->n_files + 1] = c->text.len;
    return QR_OK;
}

static qr_status_t
corpus_add_file(corpus_t *c, const char *path, qr_err_t *err)
{
    char *data = NULL;
    size_t len;
    qr_status_t st = qr_file_read_all(path, MAX_FILE_BYTES, &data, &len, err);

    if (st == QR_OK)
        st = qr_buf_append(&c->text, data, len, err);
    if (st == QR_OK)
        st = corpus_add_start(c, err);
    if (st == QR_OK)
        c->n_files++;
    free(data);
    return st;
}

/* Adds every regular file under DIR, in sorted order. */
static qr_status_t
corpus_add_tree(corpus_t *c, const char *dir, qr_err_t *err)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    qr_status_t st = QR_OK;

    if (n < 0)
        return qr_err_set(err, QR_ERR_IO, "%s: cannot list", dir);
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX_BYTES];
        struct stat sb;

        if (st == QR_OK && names[i]->d_name[0] != '.') {
            if (snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) >=
                (int)sizeof path) {
                st = qr_err_set(err, QR_ERR_LIMIT, "%s: path too long", dir);
            } else if (stat(path, &sb) != 0) {
                st = qr_err_set(err, QR_ERR_IO, "%s: cannot stat", path);
            } else if (S_ISDIR(sb.st_mode)) {
                st = corpus_add_tree(c, path, err);
            } else if (S_ISREG(sb.st_mode)) {
                st = corpus_add_file(c, path, err);
            }
        }
        free(names[i]);
    }
    free(names);
    return st;
}

static size_t
pass_scan(const corpus_t *c, qr_stemmer_t *stemmer, qr_err_t *err)
{
    const unsigned char *s = (const unsigned char *)c->text.data;
    size_t n = 0;

    (void)stemmer;
    (void)err;
    for (size_t i = 0; i < c->text.len; i++)
        n += (s[i] == ' ') | (s[i] == '\n');
    return n;
}

static size_t
pass_memchr(const corpus_t *c, qr_stemmer_t *stemmer, qr_err_t *err)
{
    const char *p = c->text.data, *end = c->text.data + c->text.len;
    size_t n = 0;

    (void)stemmer;
    (void)err;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

static size_t
pass_tokenize(const corpus_t *c, qr_stemmer_t *stemmer, qr_err_t *err)
{
    size_t n = 0;

    (void)stemmer;
    (void)err;
    for (size_t f = 0; f < c->n_files; f++) {
        qr_tokenizer_t tok;
        qr_token_t t;

        qr_tok_init(&tok, c->text.data + c->starts[f],
                    c->starts[f + 1] - c->starts[f], QR_TOK_DOCUMENT, 1);
        while (qr_tok_next(&tok, &t))
            n++;
    }
    return n;
}

/* Returns the number of terms, or SIZE_MAX when the stemmer failed. */
static size_t
pass_stem(const corpus_t *c, qr_stemmer_t *stemmer, qr_err_t *err)
{
    size_t n = 0;

    for (size_t f = 0; f < c->n_files; f++) {
        qr_tokenizer_t tok;
        qr_token_t t;

        qr_tok_init(&tok, c->text.data + c->starts[f],
                    c->starts[f + 1] - c->starts[f], QR_TOK_DOCUMENT, 1);
        while (qr_tok_next(&tok, &t)) {
            const char *form;
            size_t len;

            if (qr_terms_form(stemmer, &t, &form, &len, err) != QR_OK)
                return SIZE_MAX;
            n += len > 0;
        }
    }
    return n;
}

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static qr_status_t
time_pass(const char *name, pass_fn fn, const corpus_t *c,
          qr_stemmer_t *stemmer, unsigned rounds, qr_err_t *err)
{
    double seconds[MAX_ROUNDS], median;
    size_t items = 0;

    for (unsigned r = 0; r < rounds; r++) {
        double t0 = now_seconds();

        items = fn(c, stemmer, err);
        seconds[r] = now_seconds() - t0;
        if (items == SIZE_MAX)
            return err->status;
    }
    qsort(seconds, rounds, sizeof seconds[0], compare_doubles);
    median = rounds % 2 ? seconds[rounds / 2]
                        : (seconds[rounds / 2 - 1] + seconds[rounds / 2]) / 2;
    printf("pass=%s mb_s=%.1f seconds=%.4f bytes=%zu items=%zu\n", name,
           (double)c->text.len / 1e6 / median, median, c->text.len, items);
    return QR_OK;
}

int
main(int argc, char **argv)
{
    static const struct option long_opts[] = {
        { "rounds", required_argument, NULL, 'r' },
        { "language", required_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    corpus_t c = { 0 };
    qr_stemmer_t *stemmer = NULL;
    const char *language = QR_STEM_DEFAULT_LANGUAGE;
    unsigned long rounds = 5;
    qr_err_t err;
    qr_status_t st;
    int opt;

    while ((opt = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (opt == 'r') {
            rounds = strtoul(optarg, NULL, 10);
        } else if (opt == 'l') {
            language = optarg;
        } else {
            fputs("usage: quarry-bench-tokenize [--rounds N] [--language L] "
                  "DIR\n", opt == 'h' ? stdout : stderr);
            return opt == 'h' ? EXIT_OK : EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || rounds < 1 || rounds > MAX_ROUNDS) {
        fputs("usage: quarry-bench-tokenize [--rounds N] [--language L] "
              "DIR\n", stderr);
        return EXIT_USAGE;
    }
    qr_buf_init(&c.text);
    st = corpus_add_start(&c, &err);      /* starts[1] = 0 placeholder */
    if (st == QR_OK) {
        c.starts[0] = 0;
        st = corpus_add_tree(&c, argv[optind], &err);
    }
    if (st == QR_OK)
        st = qr_stem_new(language, &stemmer, &err);
    if (st == QR_OK) {
        printf("files=%zu bytes=%zu\n", c.n_files, c.text.len);
        st = time_pass("scan", pass_scan, &c, stemmer, (unsigned)rounds, &err);
    }
    if (st == QR_OK)
        st = time_pass("memchr", pass_memchr, &c, stemmer, (unsigned)rounds,
                       &err);
    if (st == QR_OK)
        st = time_pass("tokenize", pass_tokenize, &c, stemmer,
                       (unsigned)rounds, &err);
    if (st == QR_OK)
        st = time_pass("tok+stem", pass_stem, &c, stemmer, (unsigned)rounds,
                       &err);
    if (st != QR_OK)
        fprintf(stderr, "quarry-bench-tokenize: %s\n", err.msg);
    qr_stem_free(stemmer);
    free(c.starts);
    qr_buf_release(&c.text);
    return st == QR_OK ? EXIT_OK : EXIT_FAILED;
}
