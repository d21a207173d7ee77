/* check_corpora.c - the shared real-world corpora index and their posts are
 * found by title. Skips (exit 77) when ../shared/corpora is not there. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_main.h"
#include "e2e_util.h"
#include "test_util.h"

#define RUST_BLOG QR_SOURCE_DIR "/../shared/corpora/rust-blog"

typedef struct title_case {
    const char *title;
    const char *file;   /* path suffix of the post */
    const char *date;   /* its date, from the url path in its front matter */
} title_case_t;

static const title_case_t RUST_TITLES[] = {
    { "A Call for Proposals for the Rust 2024 Edition",
      "content/2024-Edition-CFP.md", "2023-12-15T00:00:00Z" },
    { "Announcing Rust 1.34.0", "content/Rust-1.34.0.md",
      "2019-04-11T00:00:00Z" },
    { "Announcing Rust 1.85.0 and Rust 2024", "content/Rust-1.85.0.md",
      "2025-02-20T00:00:00Z" },
    { "Security advisories for Cargo (CVE-2022-36113, CVE-2022-36114)",
      "content/cargo-cves.md", NULL },
    { "1.65.0 pre-release testing", "inside-rust/1.65.0-prerelease.md",
      NULL },
    { "Cargo in 2020", "inside-rust/cargo-in-2020.md", NULL },
    { "2019-10-10 Infrastructure Team Meeting",
      "inside-rust/infra-team-meeting@0.md", NULL },
    { "Please submit 2026 Project goal proposals",
      "inside-rust/please-submit-2026-project-goal-proposals.md", NULL },
    { "Traits working group 2020 sprint 1 summary",
      "inside-rust/traits-sprint-1.md", NULL },
    { "Upcoming docs.rs changes", "content/upcoming-docsrs-changes.md",
      NULL },
};

static char *tmp;
static char db[4200];

static void
index_rust_blog(void)
{
    char args[4200], *err = NULL;
    struct stat st;

    if (stat(RUST_BLOG, &st) != 0) {
        fprintf(stderr, "skipped: %s is missing\n", RUST_BLOG);
        exit(77);
    }
    tmp = tu_make_temp_dir();
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(args, sizeof args, "--quiet '%s'", RUST_BLOG);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    ck_assert_str_eq(err, "");
    free(err);
}

static void
remove_db(void)
{
    tu_remove_tree(tmp);
    free(tmp);
}

START_TEST(test_rust_blog_title_finds_post_first)
{
    const title_case_t *c = &RUST_TITLES[_i];
    char args[1024];
    json_t *r, *top;

    snprintf(args, sizeof args, "--limit 3 '%s'", c->title);
    ck_assert_int_eq(e2e_search(db, args, &r, NULL), 0);
    ck_assert_msg(e2e_hit_rank(r, c->file) == 0, "\"%s\": %s is not first",
                  c->title, c->file);
    top = json_array_get(json_object_get(r, "hits"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(top, "title")),
                     c->title);
    if (c->date != NULL)
        ck_assert_str_eq(json_string_value(json_object_get(top, "date")),
                         c->date);
    json_decref(r);
}
END_TEST

START_TEST(test_rust_blog_every_post_is_indexed)
{
    json_t *r;

    /* 750 posts plus releases/latest.md, a template stub (see the corpus
     * README); the three _index.md section files are skipped. */
    ck_assert_int_eq(e2e_search(db, "--limit 0 rust", &r, NULL), 0);
    ck_assert_int_ge(json_integer_value(json_object_get(r, "total")), 700);
    json_decref(r);
}
END_TEST

static Suite *
corpora_suite(void)
{
    Suite *s = suite_create("corpora");
    TCase *rust = tcase_create("rust-blog");

    tcase_add_unchecked_fixture(rust, index_rust_blog, remove_db);
    tcase_set_timeout(rust, 300);
    tcase_add_loop_test(rust, test_rust_blog_title_finds_post_first, 0,
                        (int)(sizeof RUST_TITLES / sizeof RUST_TITLES[0]));
    tcase_add_test(rust, test_rust_blog_every_post_is_indexed);
    suite_add_tcase(s, rust);
    return s;
}

int
main(void)
{
    return qr_check_run(corpora_suite());
}
