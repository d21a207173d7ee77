/* check_incremental.c - re-runs do only what changed, survive SIGKILL at
 * any point, keep to one writer, and never disturb searchers. */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_main.h"
#include "e2e_util.h"
#include "index_digest.h"
#include "test_util.h"

extern char **environ;

static char *tmp;
static char archive[4200], db[4200];

static void
setup(void)
{
    tmp = tu_make_temp_dir();
    snprintf(archive, sizeof archive, "%s/archive", tmp);
    snprintf(db, sizeof db, "%s/index", tmp);
    mkdir(archive, 0755);
}

static void
teardown(void)
{
    tu_remove_tree(tmp);
    free(tmp);
}

/* Writes a small Markdown article NAME under DIR with a distinctive WORD. */
static void
write_article(const char *dir, const char *name, const char *word,
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

/* Writes a JSON Lines file with records ID_FIRST..ID_LAST, each with a
 * word made from its id, and TITLE_SUFFIX appended to record CHANGED. */
static void
write_records(const char *name, int first, int last, int changed)
{
    size_t cap = (size_t)(last - first + 1) * 200 + 1, len = 0;
    char *text = malloc(cap);
    char *path;

    ck_assert_ptr_nonnull(text);
    for (int i = first; i <= last; i++) {
        len += (size_t)snprintf(text + len, cap - len,
                                "{\"id\":\"rec-%d\",\"title\":\"Record %d%s\","
                                "\"date\":\"2024-01-%02d\",\"body\":\"word%d "
                                "appears here\"}\n", i, i,
                                i == changed ? " (revised)" : "",
                                i % 28 + 1, i);
    }
    path = tu_write_file(archive, name, text, len);
    free(path);
    free(text);
}

/* Runs quarry-index on the archive with EXTRA options; returns the exit
 * code and the --json summary in *SUMMARY_OUT (caller decrefs). */
static int
index_archive(const char *extra, json_t **summary_out)
{
    char cmd[20000], *out = NULL;
    int code;

    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --json --quiet --db '%s' "
             "%s '%s'", QR_BIN_DIR, db, extra, archive);
    code = tu_run(cmd, &out, NULL);
    *summary_out = out && out[0] ? tu_parse_json(out) : NULL;
    free(out);
    return code;
}

static json_int_t
count_of(const json_t *summary, const char *key)
{
    const json_t *v = json_object_get(json_object_get(summary, "counts"),
                                      key);

    ck_assert_msg(json_is_integer(v), "no count %s", key);
    return json_integer_value(v);
}

static void
assert_counts(const json_t *s, json_int_t added, json_int_t updated,
              json_int_t deleted, json_int_t unchanged)
{
    ck_assert_int_eq(count_of(s, "added"), added);
    ck_assert_int_eq(count_of(s, "updated"), updated);
    ck_assert_int_eq(count_of(s, "deleted"), deleted);
    ck_assert_int_eq(count_of(s, "unchanged"), unchanged);
}

/* Number of hits for QUERY (all of them). */
static json_int_t
hits_for(const char *query)
{
    char args[512];
    json_t *r;
    json_int_t n;

    snprintf(args, sizeof args, "--limit 1000 '%s'", query);
    ck_assert_int_eq(e2e_search(db, args, &r, NULL), 0);
    n = (json_int_t)json_array_size(json_object_get(r, "hits"));
    json_decref(r);
    return n;
}

static void
make_small_archive(void)
{
    write_article(archive, "a.md", "alpaca", "2021-01-01");
    write_article(archive, "b.md", "bison", "2022-02-02");
    write_article(archive, "sub/c.md", "caribou", "2023-03-03");
    write_records("feed.jsonl", 1, 5, 0);
}

START_TEST(test_unchanged_rerun_changes_nothing)
{
    json_t *s;
    uint64_t rev;

    make_small_archive();
    ck_assert_int_eq(index_archive("", &s), 0);
    assert_counts(s, 8, 0, 0, 0);
    json_decref(s);
    rev = index_revision(db);
    ck_assert_int_eq(index_archive("", &s), 0);
    assert_counts(s, 0, 0, 0, 8);
    ck_assert_int_eq(count_of(s, "files_read"), 0);
    ck_assert_int_eq(count_of(s, "files_unchanged"), 4);
    json_decref(s);
    ck_assert_uint_eq(index_revision(db), rev);
}
END_TEST

START_TEST(test_touched_file_is_read_but_not_reindexed)
{
    char path[4300];
    json_t *s;

    make_small_archive();
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    snprintf(path, sizeof path, "%s/a.md", archive);
    ck_assert_int_eq(utimensat(AT_FDCWD, path, NULL, 0), 0);
    ck_assert_int_eq(index_archive("", &s), 0);
    assert_counts(s, 0, 0, 0, 8);
    ck_assert_int_eq(count_of(s, "files_read"), 1);
    json_decref(s);
}
END_TEST

START_TEST(test_file_changes_are_reflected_exactly)
{
    char path[4300];
    json_t *s;

    make_small_archive();
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    write_article(archive, "a.md", "aardvark", "2021-01-01");  /* modify */
    snprintf(path, sizeof path, "%s/b.md", archive);
    ck_assert_int_eq(unlink(path), 0);                         /* delete */
    write_article(archive, "sub/d.md", "dingo", "2024-04-04"); /* add */
    ck_assert_int_eq(index_archive("", &s), 0);
    assert_counts(s, 1, 1, 1, 6);
    json_decref(s);
    ck_assert_int_eq(hits_for("alpaca"), 0);
    ck_assert_int_eq(hits_for("aardvark"), 1);
    ck_assert_int_eq(hits_for("bison"), 0);
    ck_assert_int_eq(hits_for("dingo"), 1);
    ck_assert_int_eq(hits_for("caribou"), 1);
}
END_TEST

START_TEST(test_jsonl_record_changes_are_reflected_exactly)
{
    json_t *s;

    make_small_archive();
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    /* record 1 removed, 3 revised, 6 added, 2, 4 and 5 unchanged */
    write_records("feed.jsonl", 2, 6, 3);
    ck_assert_int_eq(index_archive("", &s), 0);
    assert_counts(s, 1, 1, 1, 3 + 3);
    json_decref(s);
    ck_assert_int_eq(hits_for("word1"), 0);
    ck_assert_int_eq(hits_for("word6"), 1);
    ck_assert_int_eq(hits_for("revised"), 1);
}
END_TEST

START_TEST(test_broken_record_keeps_its_article_until_fixed)
{
    const char *broken =
        "{\"id\":\"rec-1\",\"title\":\"Record 1\",\"body\":\"word1\"}\n"
        "{\"id\":\"rec-2\", BROKEN\n";
    char *path;
    json_t *s;

    write_records("feed.jsonl", 1, 2, 0);
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    path = tu_write_file(archive, "feed.jsonl", broken, strlen(broken));
    free(path);
    ck_assert_int_eq(index_archive("", &s), 1);
    ck_assert_int_eq(count_of(s, "deleted"), 0);
    json_decref(s);
    ck_assert_int_eq(hits_for("word2"), 1);
    /* Unchanged since, but still read again: the file is not settled. */
    ck_assert_int_eq(index_archive("", &s), 1);
    ck_assert_int_eq(count_of(s, "files_read"), 1);
    json_decref(s);
    write_records("feed.jsonl", 1, 1, 0);
    ck_assert_int_eq(index_archive("", &s), 0);
    ck_assert_int_eq(count_of(s, "deleted"), 1);
    json_decref(s);
    ck_assert_int_eq(hits_for("word2"), 0);
}
END_TEST

START_TEST(test_other_paths_are_left_alone)
{
    char other[4300], cmd[20000], path[4400];
    json_t *s;

    snprintf(other, sizeof other, "%s/other", tmp);
    ck_assert_int_eq(mkdir(other, 0755), 0);
    write_article(other, "o.md", "ocelot", "2020-05-05");
    write_article(archive, "a.md", "alpaca", "2021-01-01");
    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --quiet --db '%s' '%s' "
             "'%s'", QR_BIN_DIR, db, archive, other);
    ck_assert_int_eq(tu_run(cmd, NULL, NULL), 0);
    /* Index only the archive: the other folder's article stays ... */
    ck_assert_int_eq(index_archive("", &s), 0);
    ck_assert_int_eq(count_of(s, "deleted"), 0);
    json_decref(s);
    /* ... even when its file is gone, as long as that path is not given. */
    snprintf(path, sizeof path, "%s/o.md", other);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(index_archive("", &s), 0);
    ck_assert_int_eq(count_of(s, "deleted"), 0);
    json_decref(s);
    ck_assert_int_eq(hits_for("ocelot"), 1);
}
END_TEST

START_TEST(test_mass_delete_is_refused_unless_allowed)
{
    char name[64], path[4300];
    json_t *s;

    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "n%02d.md", i);
        write_article(archive, name, "numbat", "2020-01-01");
    }
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    for (int i = 0; i < 30; i++) {   /* 75% vanish, as if unmounted */
        snprintf(path, sizeof path, "%s/n%02d.md", archive, i);
        ck_assert_int_eq(unlink(path), 0);
    }
    ck_assert_int_eq(index_archive("", &s), 1);
    ck_assert_int_eq(count_of(s, "deleted"), 0);
    ck_assert_int_eq(count_of(s, "delete_refused"), 30);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(
        s, "last_error")), "--allow-mass-delete"));
    json_decref(s);
    ck_assert_int_eq(hits_for("numbat"), 40);
    ck_assert_int_eq(index_archive("--allow-mass-delete", &s), 0);
    ck_assert_int_eq(count_of(s, "deleted"), 30);
    json_decref(s);
    ck_assert_int_eq(hits_for("numbat"), 10);
}
END_TEST

START_TEST(test_full_rebuild_swaps_and_refuses_to_shrink)
{
    char name[64], path[4300];
    json_t *s, *stats;

    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "f%02d.md", i);
        write_article(archive, name, "ferret", "2020-01-01");
    }
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    ck_assert_int_eq(index_archive("--full", &s), 0);
    assert_counts(s, 20, 0, 0, 0);
    json_decref(s);
    snprintf(path, sizeof path, "%s/CURRENT", db);
    ck_assert_int_eq(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/db-000001", db);
    ck_assert_int_ne(access(path, F_OK), 0);   /* old generation removed */
    for (int i = 0; i < 15; i++) {
        snprintf(path, sizeof path, "%s/f%02d.md", archive, i);
        ck_assert_int_eq(unlink(path), 0);
    }
    ck_assert_int_eq(index_archive("--full", &s), 1);
    json_decref(s);
    ck_assert_int_eq(hits_for("ferret"), 20);   /* live index untouched */
    ck_assert_int_eq(e2e_search(db, "--stats", &stats, NULL), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(stats, "documents")),
                     20);
    json_decref(stats);
}
END_TEST

START_TEST(test_status_file_and_stats_describe_the_last_run)
{
    json_t *s, *stats, *run;

    make_small_archive();
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    ck_assert_int_eq(e2e_search(db, "--stats", &stats, NULL), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(stats, "documents")),
                     8);
    run = json_object_get(stats, "last_run");
    ck_assert_int_eq(json_integer_value(json_object_get(run, "exit_code")),
                     0);
    ck_assert(json_is_string(json_object_get(run, "start")));
    ck_assert(json_is_string(json_object_get(run, "end")));
    ck_assert(json_is_null(json_object_get(run, "last_error")));
    ck_assert_int_eq(count_of(run, "added"), 8);
    json_decref(stats);
}
END_TEST

/* --- one writer ------------------------------------------------------------ */

START_TEST(test_second_writer_exits_75_or_waits)
{
    char cmd[20000], *err = NULL;
    json_t *s;

    make_small_archive();
    ck_assert_int_eq(index_archive("", &s), 0);
    json_decref(s);
    /* Hold the index's lock as a running indexer would. */
    snprintf(cmd, sizeof cmd, "flock '%s/lock' '%s/quarry-index' --db '%s' "
             "'%s'", db, QR_BIN_DIR, db, archive);
    ck_assert_int_eq(tu_run(cmd, NULL, &err), 75);
    ck_assert_ptr_nonnull(strstr(err, "another quarry-index"));
    free(err);
    /* With --wait it waits for the holder (here released after 0.3 s). */
    snprintf(cmd, sizeof cmd, "flock '%s/lock' sleep 0.3 & sleep 0.1; "
             "'%s/quarry-index' --quiet --wait 10 --db '%s' '%s'; "
             "code=$?; wait; exit $code", db, QR_BIN_DIR, db, archive);
    ck_assert_int_eq(tu_run(cmd, NULL, NULL), 0);
}
END_TEST

/* --- crashes ----------------------------------------------------------------- */

/* An archive big enough for many small commits: N_POSTS Markdown files
 * and a JSON Lines file of N_RECORDS records. */
static void
make_archive_of(int n_posts, int n_records)
{
    char name[64], word[64], date[16];

    for (int i = 0; i < n_posts; i++) {
        snprintf(name, sizeof name, "dir%d/post%03d.md", i % 7, i);
        snprintf(word, sizeof word, "topic%d", i);
        snprintf(date, sizeof date, "2020-%02d-%02d", i % 12 + 1, i % 28 + 1);
        write_article(archive, name, word, date);
    }
    write_records("feed.jsonl", 1, n_records, 0);
}

static void
make_big_archive(void)
{
    make_archive_of(300, 600);
}

static pid_t
spawn_indexer(const char *index_dir, const char *extra)
{
    char cmd[20000];
    char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    pid_t pid;

    snprintf(cmd, sizeof cmd, "exec '%s/quarry-index' --quiet "
             "--batch-bytes 2000 --db '%s' %s '%s' 2>/dev/null", QR_BIN_DIR,
             index_dir, extra, archive);
    ck_assert_int_eq(posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ),
                     0);
    return pid;
}

static void
sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

/* Kills the indexer with SIGKILL once the index reaches revision REV (or
 * when it ends first); returns true if it was killed. */
static bool
kill_at_revision(pid_t pid, const char *index_dir, uint64_t rev)
{
    int status;

    for (;;) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return false;
        if (index_revision(index_dir) >= rev) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return true;
        }
        sleep_ms(2);
    }
}

static int
finish_run(const char *index_dir, const char *extra)
{
    char cmd[20000];

    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --quiet --db '%s' %s '%s'",
             QR_BIN_DIR, index_dir, extra, archive);
    return tu_run(cmd, NULL, NULL);
}

/* True when the index folder holds one database generation and nothing
 * left over from an interrupted build. */
static bool
holds_one_generation(const char *index_dir)
{
    char cmd[20000], *out = NULL;
    bool is_clean;

    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '^db-'", index_dir);
    ck_assert_int_eq(tu_run(cmd, &out, NULL), 0);
    is_clean = strcmp(out, "1\n") == 0;
    free(out);
    return is_clean;
}

static void
assert_same_as_clean_build(const char *index_dir)
{
    char clean[4300];
    index_digest_t want, got;

    snprintf(clean, sizeof clean, "%s/clean", tmp);
    tu_remove_tree(clean);
    ck_assert_int_eq(finish_run(clean, ""), 0);
    want = index_digest(clean);
    got = index_digest(index_dir);
    ck_assert_uint_eq(want.n_documents, 900);
    ck_assert_uint_eq(got.n_documents, want.n_documents);
    ck_assert_msg(got.hash == want.hash, "index differs from a clean build");
}

START_TEST(test_sigkill_during_update_then_rerun_equals_clean_build)
{
    static const uint64_t KILL_AFTER[] = { 1, 2, 4, 8, 16, 32 };
    uint64_t base;
    int n_killed = 0;

    /* A live index of part of the archive, then most of it is new. */
    make_archive_of(60, 100);
    ck_assert_int_eq(finish_run(db, ""), 0);
    make_big_archive();
    base = index_revision(db);
    ck_assert_uint_gt(base, 0);
    /* Kill one run after another at growing revisions: each resumes the
     * last one's work, so every kill lands somewhere new in the work. */
    for (size_t i = 0; i < sizeof KILL_AFTER / sizeof KILL_AFTER[0]; i++) {
        n_killed += kill_at_revision(spawn_indexer(db, ""), db,
                                     base + KILL_AFTER[i]);
    }
    ck_assert_int_ge(n_killed, 3);
    ck_assert_int_eq(finish_run(db, ""), 0);
    assert_same_as_clean_build(db);
}
END_TEST

START_TEST(test_sigkill_during_first_build_then_rerun_equals_clean_build)
{
    static const long KILL_AFTER_MS[] = { 5, 40, 120 };

    make_big_archive();
    for (size_t i = 0; i < sizeof KILL_AFTER_MS / sizeof KILL_AFTER_MS[0];
         i++) {
        pid_t pid = spawn_indexer(db, "");
        sleep_ms(KILL_AFTER_MS[i]);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    ck_assert_int_eq(finish_run(db, ""), 0);
    assert_same_as_clean_build(db);
    ck_assert(holds_one_generation(db));
}
END_TEST

START_TEST(test_sigkill_during_full_rebuild_keeps_the_live_index)
{
    index_digest_t before, after;
    pid_t pid;

    make_big_archive();
    ck_assert_int_eq(finish_run(db, ""), 0);
    before = index_digest(db);
    pid = spawn_indexer(db, "--full");
    sleep_ms(150);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    after = index_digest(db);
    ck_assert_uint_eq(after.n_documents, before.n_documents);
    ck_assert(after.hash == before.hash);
    /* The next run, even a plain update, clears what the kill left. */
    ck_assert_int_eq(finish_run(db, ""), 0);
    ck_assert(holds_one_generation(db));
    ck_assert_int_eq(finish_run(db, "--full"), 0);
    after = index_digest(db);
    ck_assert(after.hash == before.hash);
}
END_TEST

/* --- searchers during writes ------------------------------------------------ */

START_TEST(test_searches_never_fail_while_indexing)
{
    static const char *const RUNS[] = { "--full", "", "--full" };
    char path[4300];
    int n_searches = 0;

    make_big_archive();
    ck_assert_int_eq(finish_run(db, ""), 0);
    for (size_t r = 0; r < sizeof RUNS / sizeof RUNS[0]; r++) {
        pid_t pid;
        int status;
        if (r == 1) {   /* give the incremental run real work */
            snprintf(path, sizeof path, "%s/dir0/post000.md", archive);
            unlink(path);
            write_records("feed.jsonl", 1, 600, 7);
        }
        pid = spawn_indexer(db, RUNS[r]);
        while (waitpid(pid, &status, WNOHANG) == 0) {
            json_t *res;
            ck_assert_int_eq(e2e_search(db, "--limit 3 topic7 word7", &res,
                                        NULL), 0);
            ck_assert(json_is_array(json_object_get(res, "hits")));
            json_decref(res);
            n_searches++;
        }
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ck_assert_int_gt(n_searches, 10);
}
END_TEST

static Suite *
incremental_suite(void)
{
    Suite *s = suite_create("incremental");
    TCase *core = tcase_create("core");
    TCase *locking = tcase_create("locking");
    TCase *crashes = tcase_create("crashes");

    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_checked_fixture(locking, setup, teardown);
    tcase_add_checked_fixture(crashes, setup, teardown);
    tcase_set_timeout(core, 60);
    tcase_set_timeout(locking, 60);
    tcase_set_timeout(crashes, 600);
    tcase_add_test(core, test_unchanged_rerun_changes_nothing);
    tcase_add_test(core, test_touched_file_is_read_but_not_reindexed);
    tcase_add_test(core, test_file_changes_are_reflected_exactly);
    tcase_add_test(core, test_jsonl_record_changes_are_reflected_exactly);
    tcase_add_test(core, test_broken_record_keeps_its_article_until_fixed);
    tcase_add_test(core, test_other_paths_are_left_alone);
    tcase_add_test(core, test_mass_delete_is_refused_unless_allowed);
    tcase_add_test(core, test_full_rebuild_swaps_and_refuses_to_shrink);
    tcase_add_test(core, test_status_file_and_stats_describe_the_last_run);
    tcase_add_test(locking, test_second_writer_exits_75_or_waits);
    tcase_add_test(crashes,
                   test_sigkill_during_update_then_rerun_equals_clean_build);
    tcase_add_test(crashes,
                   test_sigkill_during_first_build_then_rerun_equals_clean_build);
    tcase_add_test(crashes,
                   test_sigkill_during_full_rebuild_keeps_the_live_index);
    tcase_add_test(crashes, test_searches_never_fail_while_indexing);
    suite_add_tcase(s, core);
    suite_add_tcase(s, locking);
    suite_add_tcase(s, crashes);
    return s;
}

int
main(void)
{
    return qr_check_run(incremental_suite());
}
