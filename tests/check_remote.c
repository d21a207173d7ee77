/* check_remote.c - quarry-search over a remote backend: the index served
 * by xapian-progsrv, named by a stub file as CURRENT. Everything a stock
 * server can run must give what the local index gives. Skipped (exit 77)
 * when xapian-progsrv (Debian's xapian-tools) is not installed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_main.h"
#include "e2e_util.h"
#include "json_schema.h"
#include "test_util.h"

#define SCHEMA QR_SOURCE_DIR "/docs/schema/results-v1.json"

static char *tmp;
static char local[4200], remote[4200];
static char progsrv[4096];

/* Finds xapian-progsrv on PATH into PROGSRV; false when it is missing.
 * Runs before the suite, where Check's assertions cannot be used. */
static bool
find_progsrv(void)
{
    FILE *p = popen("command -v xapian-progsrv", "r");
    bool is_found = p != NULL && fgets(progsrv, sizeof progsrv, p) != NULL &&
                    progsrv[0] == '/';

    if (p != NULL)
        pclose(p);
    progsrv[strcspn(progsrv, "\n")] = '\0';
    return is_found;
}

/* Indexes corpus/ into LOCAL, and makes REMOTE an index folder whose
 * CURRENT stub names LOCAL's database through xapian-progsrv. */
static void
make_indexes(void)
{
    char args[4200], stub[9000], *current = NULL, *err = NULL, path[4300];

    tmp = tu_make_temp_dir();
    snprintf(local, sizeof local, "%s/local", tmp);
    snprintf(remote, sizeof remote, "%s/remote", tmp);
    snprintf(args, sizeof args, "--quiet '%s/corpus'", QR_SOURCE_DIR);
    ck_assert_int_eq(e2e_index(local, args, &err), 0);
    free(err);
    snprintf(path, sizeof path, "cat '%s/CURRENT'", local);
    ck_assert_int_eq(tu_run(path, &current, NULL), 0);
    /* CURRENT reads "auto db-NNNNNN". */
    ck_assert_ptr_nonnull(strchr(current, ' '));
    current[strcspn(current, "\n")] = '\0';
    snprintf(stub, sizeof stub, "remote :%s %s/%s\n", progsrv, local,
             strchr(current, ' ') + 1);
    ck_assert_int_eq(mkdir(remote, 0755), 0);
    free(tu_write_file(remote, "CURRENT", stub, strlen(stub)));
    free(current);
}

static void
remove_indexes(void)
{
    tu_remove_tree(tmp);
    free(tmp);
}

/* Runs quarry-search on DB with ARGS; fails unless it exits 0 with JSON
 * valid against the schema, which it returns (caller decrefs). */
static json_t *
search_ok(const char *db, const char *args)
{
    char cmd[9000], *out = NULL, *err = NULL, why[1024];
    json_t *schema = js_load(SCHEMA), *r;
    int code;

    snprintf(cmd, sizeof cmd, "XDG_CONFIG_HOME=/nonexistent "
             "'%s/quarry-search' --db '%s' --now 2026-11-25 %s", QR_BIN_DIR,
             db, args);
    code = tu_run(cmd, &out, &err);
    ck_assert_msg(code == 0, "%s: exit %d: %s", args, code, err);
    r = tu_parse_json(out);
    ck_assert_msg(js_validate(schema, schema, r, why, sizeof why),
                  "%s: %s", args, why);
    json_object_del(r, "took_ms");
    json_decref(schema);
    free(out);
    free(err);
    return r;
}

/* ARGS give the same document on the remote index as on the local one. */
static void
assert_same_as_local(const char *args)
{
    json_t *want = search_ok(local, args), *got = search_ok(remote, args);
    char *a = json_dumps(want, JSON_COMPACT | JSON_SORT_KEYS);
    char *b = json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS);

    ck_assert_msg(json_equal(want, got), "%s:\nlocal  %.600s\nremote %.600s",
                  args, a, b);
    free(a);
    free(b);
    json_decref(want);
    json_decref(got);
}

START_TEST(test_hybrid_ranking_runs_remotely_with_the_same_scores)
{
    assert_same_as_local("--limit 10 'kubernetes budget'");
    assert_same_as_local("--limit 5 --offset 3 cloud");
    assert_same_as_local("--limit 5 --sort relevance 'memory safety'");
    assert_same_as_local("--limit 5 --sort date 'tag:cloud'");
}
END_TEST

START_TEST(test_explain_runs_remotely)
{
    json_t *r = search_ok(remote, "--limit 3 --explain 'k8s \"complexity "
                          "budget\"'");
    const json_t *hit = json_array_get(json_object_get(r, "hits"), 0);

    ck_assert(json_is_object(json_object_get(hit, "explain")));
    ck_assert(json_real_value(json_object_get(json_object_get(hit, "explain"),
                                              "recency")) > 0);
    json_decref(r);
}
END_TEST

START_TEST(test_facets_count_remotely_as_locally)
{
    assert_same_as_local("--limit 0 --facets tag,author,year,month cloud");
    assert_same_as_local("--limit 2 --facets month,tag 'memory safety'");
}
END_TEST

START_TEST(test_like_and_suggestions_run_remotely)
{
    assert_same_as_local("--limit 3 --like nl-2024-017 --window 1y");
    assert_same_as_local("--limit 1 'kubrenetes node.jss'");
}
END_TEST

START_TEST(test_stats_leave_out_what_a_remote_backend_keeps)
{
    json_t *want = search_ok(local, "--stats");
    json_t *got = search_ok(remote, "--stats");

    /* A remote database tells no revision; the rest is the same. */
    ck_assert(json_is_integer(json_object_get(want, "revision")));
    ck_assert(json_is_null(json_object_get(got, "revision")));
    json_object_del(want, "revision");
    json_object_del(got, "revision");
    /* Disk use and the last run are the index folders', which differ. */
    json_object_del(want, "disk_bytes");
    json_object_del(got, "disk_bytes");
    json_object_del(want, "last_run");
    json_object_del(got, "last_run");
    ck_assert(json_equal(want, got));
    json_decref(want);
    json_decref(got);
}
END_TEST

static Suite *
remote_suite(void)
{
    Suite *s = suite_create("remote");
    TCase *core = tcase_create("core");

    tcase_add_unchecked_fixture(core, make_indexes, remove_indexes);
    tcase_set_timeout(core, 120);
    tcase_add_test(core, test_hybrid_ranking_runs_remotely_with_the_same_scores);
    tcase_add_test(core, test_explain_runs_remotely);
    tcase_add_test(core, test_facets_count_remotely_as_locally);
    tcase_add_test(core, test_like_and_suggestions_run_remotely);
    tcase_add_test(core, test_stats_leave_out_what_a_remote_backend_keeps);
    suite_add_tcase(s, core);
    return s;
}

int
main(void)
{
    if (!find_progsrv()) {
        fputs("check_remote: xapian-progsrv (xapian-tools) is not "
              "installed: skipped\n", stderr);
        return 77;
    }
    return qr_check_run(remote_suite());
}
