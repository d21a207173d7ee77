/* incremental_util.c - an archive and an index to change and re-index. */
#include "incremental_util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e_util.h"
#include "index_digest.h"
#include "test_util.h"

char *it_tmp;
char it_archive[4200];
char it_db[4200];

void
it_setup(void)
{
    it_tmp = tu_make_temp_dir();
    snprintf(it_archive, sizeof it_archive, "%s/archive", it_tmp);
    snprintf(it_db, sizeof it_db, "%s/index", it_tmp);
    mkdir(it_archive, 0755);
}

void
it_teardown(void)
{
    tu_remove_tree(it_tmp);
    free(it_tmp);
}

void
it_write_article(const char *dir, const char *name, const char *word,
                 const char *date)
{
    char text[1024];
    char *path;
    int n = snprintf(text, sizeof text,
                     "---\ntitle: About %s\ndate: %s\ntags: [test]\n---\n\n"
                     "This article is about %s and nothing else. It has a "
                     "second sentence so the body is not tiny.\n",
                     word, date, word);

    path = tu_write_file(dir, name, text, (size_t)n);
    free(path);
}

void
it_write_records(const char *name, int first, int last, int changed,
                 const char *note)
{
    size_t cap = (size_t)(last - first + 1) * (200 + strlen(note)) + 1;
    size_t len = 0;
    char *text = malloc(cap);
    char *path;

    ck_assert_ptr_nonnull(text);
    for (int i = first; i <= last; i++) {
        len += (size_t)snprintf(text + len, cap - len,
                                "{\"id\":\"rec-%d\",\"title\":\"Record %d%s\","
                                "\"date\":\"2024-01-%02d\",\"body\":\"word%d "
                                "appears here%s\"}\n", i, i,
                                i == changed ? " (revised)" : "",
                                i % 28 + 1, i, note);
    }
    path = tu_write_file(it_archive, name, text, len);
    free(path);
    free(text);
}

void
it_remove(const char *name)
{
    char path[4400];

    snprintf(path, sizeof path, "%s/%s", it_archive, name);
    ck_assert_msg(unlink(path) == 0, "%s: cannot remove", path);
}

/* Runs quarry-index --json (--quiet unless STDERR_OUT is wanted). */
static int
index_archive(const char *extra, json_t **summary_out, char **stderr_out)
{
    char cmd[20000], *out = NULL;
    int code;

    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --json %s --db '%s' %s "
             "'%s'", QR_BIN_DIR, stderr_out != NULL ? "" : "--quiet", it_db,
             extra, it_archive);
    code = tu_run(cmd, &out, stderr_out);
    *summary_out = out && out[0] ? tu_parse_json(out) : NULL;
    free(out);
    return code;
}

int
it_index(const char *extra, json_t **summary_out)
{
    return index_archive(extra, summary_out, NULL);
}

int
it_index_reporting(const char *extra, json_t **summary_out,
                   char **stderr_out)
{
    return index_archive(extra, summary_out, stderr_out);
}

int
it_run(const char *index_dir, const char *extra)
{
    char cmd[20000];

    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --quiet --db '%s' %s '%s'",
             QR_BIN_DIR, index_dir, extra, it_archive);
    return tu_run(cmd, NULL, NULL);
}

json_int_t
it_count(const json_t *summary, const char *key)
{
    const json_t *v = json_object_get(json_object_get(summary, "counts"),
                                      key);

    ck_assert_msg(json_is_integer(v), "no count %s", key);
    return json_integer_value(v);
}

void
it_assert_counts(const json_t *s, json_int_t added, json_int_t updated,
                 json_int_t deleted, json_int_t unchanged)
{
    ck_assert_int_eq(it_count(s, "added"), added);
    ck_assert_int_eq(it_count(s, "updated"), updated);
    ck_assert_int_eq(it_count(s, "deleted"), deleted);
    ck_assert_int_eq(it_count(s, "unchanged"), unchanged);
}

json_int_t
it_hits(const char *query)
{
    char args[512];
    json_t *r;
    json_int_t n;

    snprintf(args, sizeof args, "--limit 1000 '%s'", query);
    ck_assert_int_eq(e2e_search(it_db, args, &r, NULL), 0);
    n = (json_int_t)json_array_size(json_object_get(r, "hits"));
    json_decref(r);
    return n;
}

json_int_t
it_documents(void)
{
    json_t *stats;
    json_int_t n;

    ck_assert_int_eq(e2e_search(it_db, "--stats", &stats, NULL), 0);
    n = json_integer_value(json_object_get(stats, "documents"));
    json_decref(stats);
    return n;
}

void
it_assert_same_as_clean_build(const char *index_dir, size_t n_documents)
{
    char clean[4300];
    index_digest_t want, got;

    snprintf(clean, sizeof clean, "%s/clean", it_tmp);
    tu_remove_tree(clean);
    ck_assert_int_eq(it_run(clean, ""), 0);
    want = index_digest(clean);
    got = index_digest(index_dir);
    ck_assert_uint_eq(want.n_documents, n_documents);
    ck_assert_uint_eq(got.n_documents, want.n_documents);
    ck_assert_msg(got.hash == want.hash, "articles differ from a clean build");
    ck_assert_uint_eq(got.n_terms, want.n_terms);
    ck_assert_msg(got.terms_hash == want.terms_hash, "terms differ from a "
                  "clean build");
}
