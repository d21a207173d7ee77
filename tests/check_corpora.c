/* check_corpora.c - each shared real-world corpus indexes without failures
 * and a search for the exact title of a known article finds it first, with
 * its date and author. A corpus that is not there skips its cases; when
 * none is there the program exits 77. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_main.h"
#include "e2e_util.h"
#include "test_util.h"

#define CORPORA QR_SOURCE_DIR "/../shared/corpora"

typedef struct title_case {
    const char *title;
    const char *file;   /* path suffix of the article */
    const char *alt;    /* the same article in another file (an id), or
                           NULL */
    const char *date;
    const char *author; /* the "author" of the hit: all names joined */
} title_case_t;

typedef struct corpus {
    const char *name;
    const title_case_t *cases;
    size_t n_cases;
    int min_articles;   /* a search for MIN_WORD must match this many */
    const char *min_word;
    char *tmp;
    char db[4200];
} corpus_t;

static const title_case_t RUST_TITLES[] = {
    { "A Call for Proposals for the Rust 2024 Edition",
      "content/2024-Edition-CFP.md", NULL, "2023-12-15T00:00:00Z",
      "Ben Striegel" },
    { "Announcing Rust 1.34.0", "content/Rust-1.34.0.md", NULL,
      "2019-04-11T00:00:00Z", "The Rust Release Team" },
    { "Announcing Rust 1.85.0 and Rust 2024", "content/Rust-1.85.0.md", NULL,
      "2025-02-20T00:00:00Z", NULL },
    { "Security advisories for Cargo (CVE-2022-36113, CVE-2022-36114)",
      "content/cargo-cves.md", NULL, NULL, NULL },
    { "1.65.0 pre-release testing", "inside-rust/1.65.0-prerelease.md", NULL,
      NULL, NULL },
    { "Cargo in 2020", "inside-rust/cargo-in-2020.md", NULL,
      "2020-01-10T00:00:00Z", "Eric Huss" },
    { "2019-10-10 Infrastructure Team Meeting",
      "inside-rust/infra-team-meeting@0.md", NULL, NULL, NULL },
    { "Please submit 2026 Project goal proposals",
      "inside-rust/please-submit-2026-project-goal-proposals.md", NULL, NULL,
      NULL },
    { "Traits working group 2020 sprint 1 summary",
      "inside-rust/traits-sprint-1.md", NULL, NULL, NULL },
    { "Upcoming docs.rs changes", "content/upcoming-docsrs-changes.md", NULL,
      NULL, NULL },
    /* one TOML string naming three people */
    { "Announcing the first FFI-unwind project design meeting",
      "inside-rust/ffi-unwind-design-meeting.md", NULL,
      "2020-02-27T00:00:00Z", "Kyle Strand, Niko Matsakis, Amanieu d'Antras" },
};

/* No machine-readable date: the byline "April 24, 2015 · Alex Crichton". */
static const title_case_t RUST_HTML_TITLES[] = {
    { "Rust Once, Run Everywhere", "2015/04/24/Rust-Once-Run-Everywhere.html",
      NULL, "2015-04-24T00:00:00Z", "Alex Crichton" },
    { "Announcing Rust 1.0 Beta", "2015/04/03/Rust-1.0-beta.html", NULL,
      "2015-04-03T00:00:00Z", "The Rust Core Team" },
    /* "Andrew Gallant on behalf of The regex crate team"; also in the
     * Atom feed, as the same article */
    { "Announcing regex 1.9", "2023/07/05/regex-1.9.html",
      "https://blog.rust-lang.org/2023/07/05/regex-1.9.html",
      "2023-07-05T00:00:00Z", "Andrew Gallant" },
};

static const title_case_t GO_TITLES[] = {
    /* "Russ Cox, for the Go team" */
    { "Go Turns 10", "_content/blog/10years.md", NULL,
      "2019-11-08T00:00:00Z", "Russ Cox" },
    { "The FIPS 140-3 Go Cryptographic Module", "_content/blog/fips140.md",
      NULL, "2025-07-15T00:00:00Z",
      "Filippo Valsorda, Daniel McCarney, Roland Shoemaker" },
    /* no "by" at all */
    { "Go 2 Draft Designs", "_content/blog/go2draft.md", NULL,
      "2018-08-28T00:00:00Z", NULL },
};

static const title_case_t PRESENT_TITLES[] = {
    { "Go Turns 10", "_content/10years.article", NULL,
      "2019-11-08T00:00:00Z", "Russ Cox" },
    { "Go Modules in 2019", "_content/modules2019.article", NULL,
      "2018-12-19T00:00:00Z", "Russ Cox" },
};

/* peps.json holds each PEP's metadata too: the record is the same
 * article, so either may come first. */
static const title_case_t PEP_TITLES[] = {
    { "PEP Purpose and Guidelines", "peps/pep-0001.rst",
      "gh-pages/api/peps.json#1", "2000-06-13T00:00:00Z",
      "Barry Warsaw, Jeremy Hylton, David Goodger, Alyssa Coghlan" },
    { "The Zen of Python", "peps/pep-0020.rst", "gh-pages/api/peps.json#20",
      "2004-08-19T00:00:00Z", "Tim Peters" },
    { "Syntax for Variable Annotations", "peps/pep-0526.rst",
      "gh-pages/api/peps.json#526", "2016-08-09T00:00:00Z",
      "Ryan Gonzalez, Philip House, Ivan Levkivskyi, Lisa Roach, "
      "Guido van Rossum" },
};

#define CASES(table) table, sizeof table / sizeof table[0]

static corpus_t CORPUS_LIST[] = {
    /* 750 posts; the section files and the template stub are skipped */
    { "rust-blog", CASES(RUST_TITLES), 700, "rust", NULL, "" },
    { "rust-blog-html", CASES(RUST_HTML_TITLES), 400, "rust", NULL, "" },
    { "go-blog", CASES(GO_TITLES), 250, "go", NULL, "" },
    { "go-blog-present", CASES(PRESENT_TITLES), 150, "go", NULL, "" },
    /* 898 of its articles hold "python" (counted exactly: at most 100
     * hits need no estimate) */
    { "python-peps", CASES(PEP_TITLES), 880, "python", NULL, "" },
};

enum { N_CORPORA = sizeof CORPUS_LIST / sizeof CORPUS_LIST[0] };

static bool
corpus_exists(const corpus_t *c)
{
    char path[4200];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", CORPORA, c->name);
    return stat(path, &st) == 0;
}

/* Indexes corpus C into a fresh folder; no file may fail. */
static void
index_corpus(corpus_t *c)
{
    char args[4200], *err = NULL;

    c->tmp = tu_make_temp_dir();
    snprintf(c->db, sizeof c->db, "%s/db", c->tmp);
    snprintf(args, sizeof args, "--quiet '%s/%s'", CORPORA, c->name);
    ck_assert_int_eq(e2e_index(c->db, args, &err), 0);
    ck_assert_str_eq(err, "");
    free(err);
}

static void
remove_db(corpus_t *c)
{
    tu_remove_tree(c->tmp);
    free(c->tmp);
    c->tmp = NULL;
}

/* Check's fixtures take no argument: one pair per corpus. */
#define FIXTURES(i)                                                         \
    static void setup_##i(void) { index_corpus(&CORPUS_LIST[i]); }          \
    static void teardown_##i(void) { remove_db(&CORPUS_LIST[i]); }
FIXTURES(0)
FIXTURES(1)
FIXTURES(2)
FIXTURES(3)
FIXTURES(4)

static void (*const SETUPS[N_CORPORA])(void) = {
    setup_0, setup_1, setup_2, setup_3, setup_4
};
static void (*const TEARDOWNS[N_CORPORA])(void) = {
    teardown_0, teardown_1, teardown_2, teardown_3, teardown_4
};

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = s ? strlen(s) : 0, k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void
assert_title_first(const corpus_t *c, const title_case_t *t)
{
    char args[1024];
    json_t *r, *top;
    const char *author;
    int rank;

    snprintf(args, sizeof args, "--limit 3 '%s'", t->title);
    ck_assert_int_eq(e2e_search(c->db, args, &r, NULL), 0);
    rank = e2e_hit_rank(r, t->file);
    top = json_array_get(json_object_get(r, "hits"), 0);
    if (rank != 0 && t->alt != NULL && ends_with(json_string_value(
                                           json_object_get(top, "id")),
                                       t->alt)) {
        rank = 0;
    }
    ck_assert_msg(rank == 0, "%s: \"%s\": %s is not first", c->name,
                  t->title, t->file);
    ck_assert_str_eq(json_string_value(json_object_get(top, "title")),
                     t->title);
    if (t->date != NULL)
        ck_assert_str_eq(json_string_value(json_object_get(top, "date")),
                         t->date);
    ck_assert_str_eq(json_string_value(json_object_get(top, "date_source")),
                     strcmp(c->name, "rust-blog") == 0 ? "path"
                                                       : "metadata");
    author = json_string_value(json_object_get(top, "author"));
    if (t->author != NULL)
        ck_assert_str_eq(author ? author : "(none)", t->author);
    json_decref(r);
}

/* Loop index _i runs over every case of every corpus, in order. */
START_TEST(test_title_finds_article_first)
{
    int i = _i;

    for (size_t k = 0; k < N_CORPORA; k++) {
        const corpus_t *c = &CORPUS_LIST[k];
        if (i < (int)c->n_cases) {
            if (c->tmp != NULL)
                assert_title_first(c, &c->cases[i]);
            return;
        }
        i -= (int)c->n_cases;
    }
}
END_TEST

START_TEST(test_every_article_is_indexed)
{
    const corpus_t *c = &CORPUS_LIST[_i];
    char args[256];
    json_t *r;

    if (c->tmp == NULL)
        return;
    snprintf(args, sizeof args, "--limit 0 %s", c->min_word);
    ck_assert_int_eq(e2e_search(c->db, args, &r, NULL), 0);
    ck_assert_int_ge(json_integer_value(json_object_get(r, "total")),
                     c->min_articles);
    json_decref(r);
}
END_TEST

/* The date of the hit at RANK of R, as "YYYY-MM-DD..." ("" without). */
static const char *
hit_date(const json_t *r, size_t rank)
{
    json_t *hit = json_array_get(json_object_get(r, "hits"), rank);
    const char *date = json_string_value(json_object_get(hit, "date"));

    return date != NULL ? date : "";
}

/* Freshness decides between comparable matches: the rust blog's release
 * posts all match "announcing rust" about equally, and the default
 * ranking puts the last year's first, where relevance alone puts posts
 * from 2019 and 2023 up there. */
START_TEST(test_fresh_releases_lead_the_default_ranking)
{
    const corpus_t *c = &CORPUS_LIST[_i];
    const char *now = "--limit 5 --no-snippets --now 2026-12-01";
    char args[256];
    json_t *hybrid, *relevance;
    bool has_old = false;

    if (c->tmp == NULL || strcmp(c->name, "rust-blog") != 0)
        return;
    snprintf(args, sizeof args, "%s 'announcing rust'", now);
    ck_assert_int_eq(e2e_search(c->db, args, &hybrid, NULL), 0);
    snprintf(args, sizeof args, "%s --sort relevance 'announcing rust'",
             now);
    ck_assert_int_eq(e2e_search(c->db, args, &relevance, NULL), 0);
    for (size_t i = 0; i < 5; i++) {
        json_t *hit = json_array_get(json_object_get(hybrid, "hits"), i);
        const char *title = json_string_value(json_object_get(hit,
                                                              "title"));
        ck_assert_msg(title != NULL &&
                      strncmp(title, "Announcing Rust 1.", 18) == 0,
                      "hit %zu is no release post: %s", i + 1,
                      title ? title : "(none)");
        /* The top three from the last twelve months, all five from the
         * last eighteen. */
        ck_assert_msg(strcmp(hit_date(hybrid, i),
                             i < 3 ? "2025-12-01" : "2025-06-01") >= 0,
                      "hit %zu is from %s", i + 1, hit_date(hybrid, i));
        has_old = has_old || strcmp(hit_date(relevance, i), "2024") < 0;
    }
    ck_assert_msg(has_old, "relevance alone ranks as fresh: the test "
                  "would not see recency");
    json_decref(hybrid);
    json_decref(relevance);
}
END_TEST

static Suite *
corpora_suite(void)
{
    Suite *s = suite_create("corpora");

    for (size_t k = 0; k < N_CORPORA; k++) {
        const corpus_t *c = &CORPUS_LIST[k];
        TCase *tc;
        int first = 0;
        if (!corpus_exists(c))
            continue;
        for (size_t j = 0; j < k; j++)
            first += (int)CORPUS_LIST[j].n_cases;
        tc = tcase_create(c->name);
        tcase_add_unchecked_fixture(tc, SETUPS[k], TEARDOWNS[k]);
        tcase_set_timeout(tc, 300);
        tcase_add_loop_test(tc, test_title_finds_article_first, first,
                            first + (int)c->n_cases);
        tcase_add_loop_test(tc, test_every_article_is_indexed, (int)k,
                            (int)k + 1);
        tcase_add_loop_test(tc, test_fresh_releases_lead_the_default_ranking,
                            (int)k, (int)k + 1);
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    bool has_any = false;

    for (size_t k = 0; k < N_CORPORA; k++)
        has_any = has_any || corpus_exists(&CORPUS_LIST[k]);
    if (!has_any) {
        fprintf(stderr, "skipped: no corpus under %s\n", CORPORA);
        return 77;
    }
    return qr_check_run(corpora_suite());
}
