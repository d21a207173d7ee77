/* check_hostile_fs.c - what an archive can hold that is no article: a
 * link leading out of it, a FIFO where a file was, a folder that cannot be
 * read, a feed whose entities expand past any size, headers built to make
 * a reader's time grow with the square of their size; and a disk that
 * fills up under the index. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check_main.h"
#include "e2e_util.h"
#include "fileio.h"
#include "test_util.h"

static const char ARTICLE[] = "---\ntitle: %s\ndate: 2024-01-02\n---\n%s\n";

/* Each test's scratch folder, its archive (made empty) and index path. */
static char *tmp;
static char archive[4200], db[4200];

static void
make_scratch(void)
{
    tmp = tu_make_temp_dir();
    snprintf(archive, sizeof archive, "%s/archive", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    ck_assert_int_eq(mkdir(archive, 0755), 0);
}

static void
remove_scratch(void)
{
    tu_remove_tree(tmp);
    free(tmp);
    tmp = NULL;
}

/* Writes an article titled TITLE with BODY as DIR/NAME. */
static void
write_article(const char *dir, const char *name, const char *title,
              const char *body)
{
    size_t cap = sizeof ARTICLE + strlen(title) + strlen(body);
    char *text = malloc(cap);

    ck_assert_ptr_nonnull(text);
    snprintf(text, cap, ARTICLE, title, body);
    free(tu_write_file(dir, name, text, strlen(text)));
    free(text);
}

/* "ln -s /etc/passwd archive/x.txt" made /etc/passwd searchable: a link
 * leading out of the archive is skipped, one inside it is read. */
START_TEST(test_links_out_of_the_archive_are_not_followed)
{
    char outside[4200], link[4300], target[4300];
    char args[4300], *err = NULL;

    snprintf(outside, sizeof outside, "%s/outside", tmp);
    ck_assert_int_eq(mkdir(outside, 0755), 0);
    write_article(archive, "kept.md", "Kept", "zzkeptword stays");
    write_article(outside, "secret.md", "Secret", "zzsecretword leaks");
    snprintf(target, sizeof target, "%s/secret.md", outside);
    snprintf(link, sizeof link, "%s/out.md", archive);
    ck_assert_int_eq(symlink(target, link), 0);
    snprintf(target, sizeof target, "%s/kept.md", archive);
    snprintf(link, sizeof link, "%s/alias.md", archive);
    ck_assert_int_eq(symlink(target, link), 0);

    write_article(archive, "other.md", "Other", "zzotherword here");
    snprintf(target, sizeof target, "%s/other.md", archive);
    snprintf(link, sizeof link, "%s/moved.md", archive);
    ck_assert_int_eq(symlink(target, link), 0);

    snprintf(args, sizeof args, "'%s'", archive);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzsecretword"), 0);
    /* The file and the link to it inside the archive: two paths. */
    ck_assert_int_eq(e2e_total(db, "zzkeptword"), 2);
    ck_assert_int_eq(e2e_total(db, "zzotherword"), 2);

    /* A link read before that now leads out loses its article. */
    snprintf(target, sizeof target, "%s/secret.md", outside);
    ck_assert_int_eq(unlink(link), 0);
    ck_assert_int_eq(symlink(target, link), 0);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzotherword"), 1);
    ck_assert_int_eq(e2e_total(db, "zzsecretword"), 0);
}
END_TEST

/* A file replaced by a FIFO between the walk's stat and the read blocked
 * the read's open forever, holding the index's lock. */
START_TEST(test_a_fifo_fails_at_once_instead_of_blocking)
{
    char fifo[4200], *data = NULL;
    size_t len = 0;
    qr_err_t err;

    snprintf(fifo, sizeof fifo, "%s/post.md", tmp);
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    ck_assert_int_eq(qr_file_read_regular(fifo, 1 << 20, &data, &len, &err),
                     QR_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
    ck_assert_ptr_null(data);
}
END_TEST

/* A feed declaring a 100,000-character entity that an element names
 * 100,000 times (400 KB) took over 6 GB to read, then gave an empty
 * article: a feed declaring entities fails, naming why, and the rest of
 * the archive is indexed. */
START_TEST(test_a_feed_declaring_entities_fails_cheaply)
{
    static const char OK[] =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
        "<title>t</title><item><title>Fine</title><description>zzfineword"
        "</description></item></channel></rss>";
    char args[4300], *err = NULL;
    size_t ent = 100000, refs = 100000, at = 0;
    char *bomb = malloc(ent + 4 * refs + 512);

    ck_assert_ptr_nonnull(bomb);
    at += (size_t)sprintf(bomb, "<?xml version=\"1.0\"?><!DOCTYPE rss "
                          "[<!ENTITY a \"");
    memset(bomb + at, 'x', ent);
    at += ent;
    at += (size_t)sprintf(bomb + at, "\">]><rss version=\"2.0\"><channel>"
                          "<title>t</title><item><title>Bomb</title>"
                          "<description>");
    for (size_t i = 0; i < refs; i++, at += 3)
        memcpy(bomb + at, "&a;", 3);
    at += (size_t)sprintf(bomb + at, "</description></item></channel>"
                          "</rss>");
    free(tu_write_file(archive, "bomb.xml", bomb, at));
    free(tu_write_file(archive, "ok.xml", OK, strlen(OK)));
    free(bomb);

    snprintf(args, sizeof args, "'%s'", archive);
    ck_assert_int_eq(e2e_index(db, args, &err), 1);
    ck_assert_msg(strstr(err, "bomb.xml: declares its own entities") != NULL,
                  "%s", err);
    ck_assert_msg(strstr(err, "added 1,") != NULL, "%s", err);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzfineword"), 1);
}
END_TEST

/* A file name that is not UTF-8 ("caf\xe9.md", Latin-1) stopped every
 * first build with exit 74 and "out of memory saving the record": it
 * fails alone now, named, and the rest is indexed. A first build also
 * counted no walk error at all: a PATH that does not exist gave exit 0. */
START_TEST(test_a_bad_name_or_a_missing_path_fails_alone)
{
    char args[8800], *err = NULL;

    write_article(archive, "caf\xe9.md", "Cafe", "zzcafeword here");
    write_article(archive, "ok.md", "Ok", "zzokword here");
    snprintf(args, sizeof args, "'%s'", archive);
    ck_assert_int_eq(e2e_index(db, args, &err), 1);
    ck_assert_msg(strstr(err, "caf\xef\xbf\xbd.md: the name is not valid "
                             "UTF-8") != NULL, "%s", err);
    ck_assert_msg(strstr(err, "added 1,") != NULL &&
                  strstr(err, "failed 1 ") != NULL, "%s", err);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzokword"), 1);

    tu_remove_tree(db);
    snprintf(args, sizeof args, "'%s/missing' '%s/ok.md'", tmp, archive);
    ck_assert_int_eq(e2e_index(db, args, &err), 1);
    ck_assert_msg(strstr(err, "missing: no such file or directory") != NULL
                  && strstr(err, "failed 1 ") != NULL, "%s", err);
    free(err);
}
END_TEST

/* A prefix search keeps its 256 most frequent words, so "common NOT zq*"
 * returned articles holding a rarer zq-word: a left-out prefix now
 * covers every word it starts. */
START_TEST(test_a_left_out_prefix_leaves_out_every_word)
{
    char args[4300], *body = malloc(8192), *err;
    size_t at = 0;

    ck_assert_ptr_nonnull(body);
    /* 300 zq-words in two articles each, then one article with a
     * zq-word of its own: the rarest of 301. */
    for (int i = 0; i < 300; i++)
        at += (size_t)snprintf(body + at, 8192 - at, "zq%c%c zq%c%c ",
                               'a' + i / 26 % 26, 'a' + i % 26,
                               'a' + i / 26 % 26, 'a' + i % 26);
    write_article(archive, "many.md", "Many", body);
    write_article(archive, "many2.md", "Many again", body);
    write_article(archive, "rare.md", "Rare", "common zqzzrare");
    write_article(archive, "plain.md", "Plain", "common only");
    free(body);
    snprintf(args, sizeof args, "'%s'", archive);
    err = NULL;
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
    ck_assert_int_eq(e2e_total(db, "common"), 2);
    ck_assert_int_eq(e2e_total(db, "'common NOT zq*'"), 1);
    ck_assert_int_eq(e2e_total(db, "'common -zq*'"), 1);
}
END_TEST

/* Writes DIR/NAME: HEAD, then BEFORE + i + AFTER for i in 0..N-1 (BEFORE
 * alone when NUMBERED is false), then TAIL. */
static void
write_repeated(const char *dir, const char *name, const char *head,
               const char *before, bool numbered, const char *after, int n,
               const char *tail)
{
    size_t cap = strlen(head) + strlen(tail) +
                 (strlen(before) + strlen(after) + 16) * (size_t)n + 1;
    char *text = malloc(cap);
    size_t at = 0;

    ck_assert_ptr_nonnull(text);
    at += (size_t)snprintf(text, cap, "%s", head);
    for (int i = 0; i < n; i++) {
        if (numbered)
            at += (size_t)snprintf(text + at, cap - at, "%s%d%s", before, i,
                                   after);
        else
            at += (size_t)snprintf(text + at, cap - at, "%s%s", before,
                                   after);
    }
    at += (size_t)snprintf(text + at, cap - at, "%s", tail);
    free(tu_write_file(dir, name, text, at));
    free(text);
}

/* Headers whose reading grew with the square of their size: a TOML header
 * of 100,000 tables, a YAML one of 100,000 keys or tags (each addition
 * searched the ones before), flow brackets nested 30,000 deep (libyaml's
 * scanner). They are read whole now, or the nesting refused, well within
 * the test's timeout (at 50,000 tables 5.6 s before, 0.07 s now). */
START_TEST(test_huge_headers_read_in_linear_time)
{
    char args[4400], *err = NULL;
    enum { N = 100000 };

    write_repeated(archive, "tables.md", "+++\ntitle = \"Tables\"\n",
                   "[t", true, "]\nk = 1\n", N, "+++\nzztablesword\n");
    write_repeated(archive, "keys.md", "---\ntitle: Keys\n", "key", true,
                   ": v\n", N, "---\nzzkeysword\n");
    write_repeated(archive, "tags.md", "---\ntitle: Tags\ntags: [t", "",
                   true, ", t", N, "last]\n---\nzztagsword\n");
    write_repeated(archive, "nested.md", "---\ntitle: Nested\ntags: ", "[",
                   false, "", 30000, "a\n---\nzznestedword\n");
    snprintf(args, sizeof args, "--max-bytes 100000000 '%s'", archive);
    ck_assert_int_eq(e2e_index(db, args, &err), 1);
    ck_assert_msg(strstr(err, "nested.md:2: front matter: brackets nested "
                             "deeper than 64 levels") != NULL, "%s", err);
    ck_assert_msg(strstr(err, "added 3,") != NULL, "%s", err);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zztablesword"), 1);
    ck_assert_int_eq(e2e_total(db, "zzkeysword"), 1);
    ck_assert_int_eq(e2e_total(db, "tag:t99999"), 1);
}
END_TEST

/* HTML nested past libxml2's 256 levels lost the rest of the page in
 * silence: the limit stays (it also bounds every walk of the tree), and
 * the page is indexed up to there with a warning. */
START_TEST(test_deep_html_warns_that_the_rest_is_not_read)
{
    char args[4400], *err = NULL;

    write_repeated(archive, "deep.html", "<html><head><title>Deep</title>"
                   "</head><body><p>zzbeforeword</p>", "<div>", false, "",
                   400, "zzinsideword</body></html>");
    snprintf(args, sizeof args, "'%s'", archive);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    ck_assert_msg(strstr(err, "deep.html: warning: elements nested deeper "
                             "than 256 levels") != NULL, "%s", err);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzbeforeword"), 1);
}
END_TEST

/* Runs quarry-index --db DB_PATH ARGS as an unprivileged user (folder
 * permissions do not hold for root); its stderr into *ERR_OUT. */
static int
index_unprivileged(const char *db_path, const char *args, char **err_out)
{
    char cmd[8800];

    if (geteuid() != 0)
        return e2e_index(db_path, args, err_out);
    snprintf(cmd, sizeof cmd, "setpriv --reuid=65534 --regid=65534 "
             "--clear-groups '%s/quarry-index' --db '%s' %s", QR_BIN_DIR,
             db_path, args);
    return tu_run(cmd, NULL, err_out);
}

/* A folder that cannot be searched was taken for a vanished one and its
 * articles deleted; it is a failure that keeps what the index has. */
START_TEST(test_an_unreadable_folder_keeps_its_articles)
{
    char sub[4300], args[4300], *err = NULL;

    ck_assert_int_eq(chmod(tmp, 0777), 0);
    snprintf(sub, sizeof sub, "%s/archive/sub", tmp);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    write_article(archive, "top.md", "Top", "zztopword here");
    write_article(sub, "inner.md", "Inner", "zzinnerword here");
    snprintf(args, sizeof args, "'%s'", archive);
    ck_assert_int_eq(index_unprivileged(db, args, &err), 0);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzinnerword"), 1);

    ck_assert_int_eq(chmod(sub, 0), 0);
    ck_assert_int_eq(index_unprivileged(db, args, &err), 1);
    ck_assert_msg(strstr(err, "failed 1") != NULL, "%s", err);
    ck_assert_msg(strstr(err, "deleted 0") != NULL, "%s", err);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzinnerword"), 1);
    ck_assert_int_eq(e2e_total(db, "zztopword"), 1);
    ck_assert_int_eq(chmod(sub, 0755), 0);
}
END_TEST

/* --- a full disk ------------------------------------------------------ */

/* Runs quarry-index --db db ARGS with the files it writes limited to
 * LIMIT bytes, as a full disk limits them: a write past it fails (EFBIG,
 * SIGXFSZ ignored). Its stdout into *OUT (may be NULL), its stderr into
 * *ERR_OUT. */
static int
index_with_file_limit(long limit, const char *args, char **out,
                      char **err_out)
{
    char cmd[8800];

    snprintf(cmd, sizeof cmd, "trap '' XFSZ; ulimit -f %ld; exec "
             "'%s/quarry-index' --db '%s' %s", limit / 512, QR_BIN_DIR, db,
             args);
    return tu_run(cmd, out, err_out);
}

/* Writes the JSON Lines file NAME in the archive: N records of 300 words
 * made up at random (their postings grow the index as a large archive's
 * do), each with the word "zzall". */
static void
write_many_records(const char *name, int n)
{
    enum { WORDS = 300, CAP = WORDS * 12 + 128 };
    uint32_t seed = 12345;
    FILE *fp;
    char path[4300];

    snprintf(path, sizeof path, "%s/%s", archive, name);
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    for (int i = 0; i < n; i++) {
        char body[CAP];
        size_t at = 0;
        for (int w = 0; w < WORDS; w++) {
            seed = seed * 1103515245u + 12345u;
            for (uint32_t k = 0, len = 3 + (seed >> 16) % 7; k < len; k++)
                body[at++] = (char)('a' + (seed >> (k * 3 % 24)) % 26);
            body[at++] = ' ';
        }
        memcpy(body + at, "zzall", 6);
        fprintf(fp, "{\"id\": \"r%d\", \"title\": \"Record %d\", "
                "\"date\": \"2024-01-02\", \"body\": \"%s\"}\n", i, i,
                body);
    }
    ck_assert_int_eq(fclose(fp), 0);
}

/* Indexes one small article, so that the next run updates the index,
 * then writes 600 records beside it as big.jsonl (write_many_records). */
static void
index_an_article_then_add_records(void)
{
    char args[4400], *err = NULL;

    write_article(archive, "first.md", "First", "zzfirstword");
    snprintf(args, sizeof args, "'%s'", archive);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
    write_many_records("big.jsonl", 600);
}

/* Asserts that every problem on the stderr ERR has a reason. */
static void
assert_every_reason_given(const char *err)
{
    const char *empty = strstr(err, ": \n");
    const char *from = empty;

    while (from != NULL && from > err && empty - from < 200)
        from--;
    ck_assert_msg(empty == NULL, "a problem without a reason: ...%.*s",
                  (int)(empty - from) + 2, from);
}

/* A commit that failed in the middle of a JSON Lines file (a full disk)
 * went into the run's error only, so every record read after it was
 * reported as "big.jsonl:N: " with no reason. The file stops there, with
 * the reason, and its later records are no failures of their own. */
START_TEST(test_a_failed_commit_names_its_reason)
{
    char args[4400], *err = NULL;
    const char *at;

    index_an_article_then_add_records();
    snprintf(args, sizeof args, "--batch-bytes 100000 '%s'", archive);
    ck_assert_int_eq(index_with_file_limit(1000000, args, NULL, &err), 74);
    ck_assert_msg(strstr(err, "ile too large") != NULL, "%.2000s", err);
    assert_every_reason_given(err);
    at = strstr(err, "big.jsonl:");
    ck_assert_msg(at != NULL && at[10] == ' ', "%.2000s", err);
    free(err);
}
END_TEST

/* The count KEY of the --json summary OUT. */
static json_int_t
summary_count(const char *out, const char *key)
{
    json_t *summary = tu_parse_json(out);
    const json_t *n = json_object_get(json_object_get(summary, "counts"),
                                      key);
    json_int_t v;

    ck_assert_msg(json_is_integer(n), "no count %s: %s", key, out);
    v = json_integer_value(n);
    json_decref(summary);
    return v;
}

/* A full disk stopped an update after some of its batches were
 * committed, and the summary counted every article read as added, the
 * lost batch's too; a first build that failed, all it had read, though it
 * left no index at all. Only what was committed is counted. */
START_TEST(test_a_full_disk_counts_only_what_was_committed)
{
    char args[4400], *out = NULL, *err = NULL;
    json_int_t n_added;

    index_an_article_then_add_records();
    snprintf(args, sizeof args, "--json --batch-bytes 100000 '%s'", archive);
    ck_assert_int_eq(index_with_file_limit(2000000, args, &out, &err), 74);
    n_added = summary_count(out, "added");
    ck_assert_int_gt(n_added, 0);
    ck_assert_int_lt(n_added, 600);
    ck_assert_int_eq(e2e_total(db, "zzall"), n_added);
    free(out);
    free(err);

    tu_remove_tree(db);
    ck_assert_int_eq(index_with_file_limit(1000000, args, &out, &err), 74);
    ck_assert_int_eq(summary_count(out, "added"), 0);
    free(out);
    free(err);
}
END_TEST

/* A full disk under a first build said "adding a document:
 * InvalidOperationError: cancel() not supported under
 * Xapian::DB_DANGEROUS": the build's scratch shards are written in place,
 * Xapian cannot undo a failed write there, and the error of its undoing
 * hid the write's own. The reason is the write's; the build leaves no
 * index behind, and the next run builds it whole; a --full rebuild
 * leaves the live index as it was. */
START_TEST(test_a_full_disk_under_a_first_build_says_so)
{
    char args[4400], path[4300], *err = NULL;

    write_many_records("big.jsonl", 600);
    snprintf(args, sizeof args, "--jobs 1 '%s'", archive);
    ck_assert_int_eq(index_with_file_limit(300000, args, NULL, &err), 74);
    ck_assert_msg(strstr(err, "ile too large") != NULL &&
                  strstr(err, "cancel()") == NULL, "%.2000s", err);
    free(err);
    snprintf(path, sizeof path, "%s/CURRENT", db);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/db-000001", db);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/db-000001.part0", db);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/db-000001.meta", db);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzall"), 600);

    /* A --full rebuild that fills the disk leaves the live index be. */
    snprintf(args, sizeof args, "--full --jobs 1 '%s'", archive);
    ck_assert_int_eq(index_with_file_limit(300000, args, NULL, &err), 74);
    ck_assert_msg(strstr(err, "ile too large") != NULL &&
                  strstr(err, "cancel()") == NULL, "%.2000s", err);
    free(err);
    ck_assert_int_eq(e2e_total(db, "zzall"), 600);
}
END_TEST

static Suite *
hostile_fs_suite(void)
{
    Suite *s = suite_create("hostile_fs");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, make_scratch, remove_scratch);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_links_out_of_the_archive_are_not_followed);
    tcase_add_test(tc, test_a_fifo_fails_at_once_instead_of_blocking);
    tcase_add_test(tc, test_an_unreadable_folder_keeps_its_articles);
    tcase_add_test(tc, test_a_feed_declaring_entities_fails_cheaply);
    tcase_add_test(tc, test_a_bad_name_or_a_missing_path_fails_alone);
    tcase_add_test(tc, test_a_left_out_prefix_leaves_out_every_word);
    tcase_add_test(tc, test_huge_headers_read_in_linear_time);
    tcase_add_test(tc, test_deep_html_warns_that_the_rest_is_not_read);
    tcase_add_test(tc, test_a_failed_commit_names_its_reason);
    tcase_add_test(tc, test_a_full_disk_counts_only_what_was_committed);
    tcase_add_test(tc, test_a_full_disk_under_a_first_build_says_so);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return qr_check_run(hostile_fs_suite());
}
