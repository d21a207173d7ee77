/* check_search.c - quarry-search end to end on tests/data/search: every
 * operator and filter, ranking by recency, repairs and --strict. "Now" is
 * fixed with --now, so relative dates and recency never read the clock. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "check_main.h"
#include "e2e_util.h"
#include "test_util.h"

#define NOW "2026-11-25T12:00:00Z"

static char *tmp;
static char db[4200];

static void
index_fixture(void)
{
    char args[4200], *err = NULL;

    tmp = tu_make_temp_dir();
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(args, sizeof args, "--quiet '%s/search'", QR_TEST_DATA_DIR);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
}

static void
remove_db(void)
{
    tu_remove_tree(tmp);
    free(tmp);
}

/* Appends S to the command in BUF single-quoted for the shell. */
static void
append_quoted(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);

    ck_assert_uint_lt(n + 3, cap);
    buf[n++] = '\'';
    for (; *s != '\0'; s++) {
        const char *piece = *s == '\'' ? "'\\''" : NULL;
        size_t k = piece ? strlen(piece) : 1;
        ck_assert_uint_lt(n + k + 2, cap);
        if (piece != NULL)
            memcpy(buf + n, piece, k);
        else
            buf[n] = *s;
        n += k;
    }
    buf[n++] = '\'';
    buf[n] = '\0';
}

/* Runs quarry-search on the fixture with OPTIONS (shell words) and QUERY
 * (one argument); returns the exit code. *JSON_OUT gets stdout parsed when
 * it holds JSON (else NULL), *STDERR_OUT (may be NULL) the error text. */
static int
search(const char *options, const char *query, json_t **json_out,
       char **stderr_out)
{
    size_t cap = strlen(query) * 4 + 8192;
    char *cmd = malloc(cap), *out = NULL;
    int code;

    ck_assert_ptr_nonnull(cmd);
    snprintf(cmd, cap, "XDG_CONFIG_HOME=/nonexistent '%s/quarry-search' "
             "--db '%s' --now " NOW " --limit 50 %s -- ", QR_BIN_DIR, db,
             options);
    append_quoted(cmd, cap, query);
    code = tu_run(cmd, &out, stderr_out);
    *json_out = out != NULL && out[0] == '{' ? tu_parse_json(out) : NULL;
    free(out);
    free(cmd);
    return code;
}

/* The ids of RESULT's hits, space separated, in rank order (static). */
static const char *
ids(const json_t *result)
{
    static char buf[4096];
    const json_t *hits = json_object_get(result, "hits");

    buf[0] = '\0';
    for (size_t i = 0; i < json_array_size(hits); i++) {
        const char *id = json_string_value(json_object_get(
            json_array_get(hits, i), "id"));
        if (i > 0)
            strncat(buf, " ", sizeof buf - strlen(buf) - 1);
        strncat(buf, id, sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

/* Searches OPTIONS + QUERY and checks the hit ids are exactly EXPECTED
 * (space separated), in any order when IS_ANY_ORDER. */
static void
assert_ids(const char *options, const char *query, const char *expected)
{
    json_t *r;
    char *err = NULL;
    const json_t *hits;
    size_t n_expected = 0;
    char copy[1024], *save = NULL;

    ck_assert_msg(search(options, query, &r, &err) == 0, "%s %s: %s",
                  options, query, err);
    free(err);
    hits = json_object_get(r, "hits");
    snprintf(copy, sizeof copy, "%s", expected);
    for (char *id = strtok_r(copy, " ", &save); id != NULL;
         id = strtok_r(NULL, " ", &save)) {
        ck_assert_msg(e2e_hit_rank(r, id) >= 0, "%s %s: %s missing from [%s]",
                      options, query, id, ids(r));
        n_expected++;
    }
    ck_assert_msg(json_array_size(hits) == n_expected, "%s %s: got [%s], "
                  "want [%s]", options, query, ids(r), expected);
    json_decref(r);
}

/* --- operators ---------------------------------------------------------- */

START_TEST(test_words_side_by_side_match_any_best_first)
{
    json_t *r;

    assert_ids("", "autovacuum distutils", "pg py312");
    ck_assert_int_eq(search("", "zeppelin altitude telemetry", &r, NULL), 0);
    ck_assert_int_le(e2e_hit_rank(r, "zep-new"), 1);
    ck_assert_int_le(e2e_hit_rank(r, "zep-old"), 1);
    json_decref(r);
}
END_TEST

START_TEST(test_phrase_needs_words_in_order)
{
    assert_ids("", "\"garbage collector\"", "gc-phrase");
    assert_ids("", "garbage collector", "gc-phrase gc-words");
    /* A phrase also finds its hyphenated spelling. */
    assert_ids("", "\"memory safety\"", "multi-agent");
}
END_TEST

START_TEST(test_minus_and_not_exclude)
{
    assert_ids("", "garbage -bags", "gc-phrase");
    assert_ids("", "garbage NOT bags", "gc-phrase");
    assert_ids("", "python -\"3.12\"", "py311");
}
END_TEST

/* Runs quarry-search on the fixture with ARGS, shell words given as they
 * are, with no "--" before the query; returns the exit code. */
static int
search_words(const char *args, json_t **json_out, char **stderr_out)
{
    char cmd[8192], *out = NULL;
    int code;

    snprintf(cmd, sizeof cmd, "XDG_CONFIG_HOME=/nonexistent "
             "'%s/quarry-search' --db '%s' --now " NOW " --limit 50 %s",
             QR_BIN_DIR, db, args);
    code = tu_run(cmd, &out, stderr_out);
    *json_out = out != NULL && out[0] == '{' ? tu_parse_json(out) : NULL;
    free(out);
    return code;
}

/* ARGS, without "--", find exactly the hits EXPECTED (space separated),
 * in any order. */
static void
assert_words_find(const char *args, const char *expected)
{
    json_t *r;
    char *err = NULL, want[256], *save = NULL;
    size_t n_expected = 0;

    ck_assert_msg(search_words(args, &r, &err) == 0, "%s: %s", args, err);
    snprintf(want, sizeof want, "%s", expected);
    for (char *id = strtok_r(want, " ", &save); id != NULL;
         id = strtok_r(NULL, " ", &save), n_expected++)
        ck_assert_msg(e2e_hit_rank(r, id) >= 0, "%s: %s missing from [%s]",
                      args, id, ids(r));
    ck_assert_msg(json_array_size(json_object_get(r, "hits")) == n_expected,
                  "%s: got [%s], want [%s]", args, ids(r), expected);
    json_decref(r);
    free(err);
}

START_TEST(test_dash_words_are_query_words_not_options)
{
    char *err = NULL;
    json_t *r;

    assert_words_find("garbage -bags", "gc-phrase");
    assert_words_find("-bags garbage", "gc-phrase");
    assert_words_find("postgres -author:quint", "pg-short");
    assert_words_find("postgres -tag:databases", "");
    assert_words_find("python '-\"3.12\"'", "py311");
    assert_words_find("--no-snippets garbage -bags --limit 5", "gc-phrase");
    /* "--" still ends the options. */
    assert_words_find("-- garbage -bags", "gc-phrase");
    /* Errors name the argument at fault, not the one before it. */
    ck_assert_int_eq(search_words("--limit 1 -bags --bogus garbage", &r,
                                  &err), 2);
    ck_assert_msg(strstr(err, "--bogus") != NULL && strstr(err, ": 1") ==
                  NULL, "%s", err);
    free(err);
    json_decref(r);
    ck_assert_int_eq(search_words("garbage --sort", &r, &err), 2);
    ck_assert_msg(strstr(err, "--sort needs a value") != NULL, "%s", err);
    free(err);
    json_decref(r);
}
END_TEST

START_TEST(test_or_and_and_parentheses)
{
    assert_ids("", "autovacuum OR distutils", "pg py312");
    assert_ids("", "telemetry AND altitude", "zep-old zep-new");
    assert_ids("", "telemetry AND annealing", "");
    assert_ids("", "(autovacuum OR distutils OR interpreter) -python", "pg");
    assert_ids("", "(python OR postgresql) AND faster", "py311");
}
END_TEST

START_TEST(test_prefix_matches_term_starts)
{
    assert_ids("", "kube*", "k8s-2019");
    assert_ids("", "distut*", "py312");
    assert_ids("", "title:zeppel*", "zep-old zep-new");
}
END_TEST

START_TEST(test_fields_and_filters)
{
    assert_ids("", "title:garbage", "gc-phrase");
    assert_ids("", "author:quint", "k8s-2019 pg");
    assert_ids("", "author:\"Ada Quint\" autovacuum", "pg");
    assert_ids("", "tag:C++", "cpp");
    assert_ids("", "tag:.net", "csharp");
    assert_ids("", "site:blog.example.com", "k8s-2019 pg");
    /* With or without "www.", from a url or a bare host. */
    assert_ids("", "site:https://ops.example.org/x", "k8s-short pg-short");
    assert_ids("", "-site:example.com site:py.example.com", "py311 py312");
    /* author: and tag: take a prefix; quoted, a star is as written. */
    assert_ids("", "author:qui*", "k8s-2019 pg");
    assert_ids("", "author:\"ada qu*\"", "k8s-2019 pg");
    assert_ids("", "tag:c*", "k8s-2019 cpp c csharp");
    assert_ids("", "tag:\"c*\"", "");
    /* A phrase cannot hold a prefix search: its word is searched. */
    assert_ids("", "\"schedules pod*\"", "k8s-2019");
}
END_TEST

START_TEST(test_absolute_dates_cover_the_period)
{
    assert_ids("", "since:2024-05 until:2024-05", "gpt4o");
    assert_ids("", "since:2024-05-20 until:2024-05-20", "gpt4o");
    assert_ids("", "until:2019", "k8s-2019 quantum-classic");
    assert_ids("", "python since:2023", "py312");
}
END_TEST

START_TEST(test_relative_dates_count_from_now)
{
    assert_ids("", "since:2w", "weekly-notes");
    assert_ids("", "since:2m", "zep-new weekly-notes");
    assert_ids("", "since:3m", "pg-short zep-new weekly-notes");
    assert_ids("", "since:6m", "pg-short zep-new weekly-notes");
    assert_ids("", "since:1y", "pg-short zep-new weekly-notes");
    assert_ids("--now 2026-10-05", "since:7d until:0d", "zep-new");
    assert_ids("--now 2020-06-01", "until:1y", "k8s-2019 quantum-classic");
    assert_ids("--now 2020-04-15", "until:1y", "quantum-classic");
}
END_TEST

START_TEST(test_filter_options_match_fields)
{
    assert_ids("--since 2024-05 --until 2024-05", "*", "gpt4o");
    assert_ids("--tag databases --since 2026", "postgres", "pg-short");
    assert_ids("--author 'Ada Quint'", "postgres", "pg");
    assert_ids("--site blog.example.com --site py.example.com", "faster OR "
               "autovacuum", "pg py311");
    assert_ids("--since 2w", "-zeppelin", "weekly-notes");
}
END_TEST

/* --- terms -------------------------------------------------------------- */

START_TEST(test_tech_terms_match_exactly)
{
    assert_ids("", "C++", "cpp slash-c");
    assert_ids("", "C", "c cpp slash-c");
    assert_ids("", "C/C++", "slash-c");
    assert_ids("", "C#", "csharp");
    assert_ids("", ".NET", "csharp");
    assert_ids("", "net", "");   /* a word, not the name .NET */
    assert_ids("", "node.js", "node slash-js");
    assert_ids("", "JavaScript/Node.js", "slash-js");
    assert_ids("", "GPT-4o", "gpt4o");
    assert_ids("", "GPT-4", "gpt4");
    assert_ids("", "3.11", "py311");
    assert_ids("", "3.12", "py312");
}
END_TEST

START_TEST(test_aliases_match_every_spelling)
{
    json_t *r;

    assert_ids("", "k8s", "k8s-2019 k8s-short");
    assert_ids("", "kubernetes", "k8s-2019 k8s-short");
    assert_ids("", "postgres", "pg pg-short");
    assert_ids("", "gpt4o", "gpt4o");
    assert_ids("", "js", "node slash-js");
    assert_ids("--no-aliases", "k8s", "k8s-short");
    /* A spelling of several words, bare or quoted, finds the others. */
    assert_ids("", "llm", "llm-acronym llm-words");
    assert_ids("", "\"large language model\"", "llm-acronym llm-words");
    /* Bare, the words still match on their own (node's "model"). */
    ck_assert_int_eq(search("", "large language model", &r, NULL), 0);
    ck_assert_int_ge(e2e_hit_rank(r, "llm-acronym"), 0);
    ck_assert_int_ge(e2e_hit_rank(r, "node"), 0);
    json_decref(r);
    /* In a phrase, a word matches its one-word spellings in place. */
    assert_ids("", "\"k8s schedules\"", "k8s-2019");
    assert_ids("", "\"kubernetes for three\"", "k8s-short");
}
END_TEST

START_TEST(test_user_alias_file_extends_the_shipped_one)
{
    static const char groups[] = "airship, zeppelin\nk8s, kube\n";
    char *path = tu_write_file(tmp, "my-aliases", groups, strlen(groups));
    char options[4400];

    snprintf(options, sizeof options, "--aliases '%s'", path);
    assert_ids(options, "airship", "zep-old zep-new");
    assert_ids(options, "kube", "k8s-2019 k8s-short");
    free(path);
}
END_TEST

START_TEST(test_bad_alias_file_is_a_usage_error)
{
    char *path = tu_write_file(tmp, "bad-aliases", "lonely\n", 7);
    char options[4400], *err = NULL;
    json_t *r;

    snprintf(options, sizeof options, "--aliases '%s'", path);
    ck_assert_int_eq(search(options, "rust", &r, &err), 2);
    ck_assert_ptr_nonnull(strstr(err, "bad-aliases:1: an alias line needs"));
    free(err);
    snprintf(options, sizeof options, "--aliases '%s/missing'", tmp);
    ck_assert_int_eq(search(options, "rust", &r, &err), 2);
    ck_assert_ptr_nonnull(strstr(err, "missing"));
    free(err);
    free(path);
}
END_TEST

/* --- ranking ------------------------------------------------------------ */

static double
number_at(const json_t *result, int rank, const char *key)
{
    const json_t *hit = json_array_get(json_object_get(result, "hits"),
                                       (size_t)rank);
    const json_t *explain = json_object_get(hit, "explain");
    const json_t *v = json_object_get(explain ? explain : hit, key);

    if (v == NULL)
        v = json_object_get(hit, key);
    ck_assert_msg(json_is_number(v), "no number %s", key);
    return json_number_value(v);
}

START_TEST(test_hybrid_ranks_newer_same_text_first)
{
    json_t *r;

    ck_assert_int_eq(search("", "zeppelin telemetry", &r, NULL), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "zep-new"), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "zep-old"), 1);
    json_decref(r);
    /* Relevance alone cannot tell them apart: they tie (and the order of
     * a tie is the index's docid order, which a parallel build does not
     * fix). */
    ck_assert_int_eq(search("--sort relevance", "zeppelin telemetry", &r,
                            NULL), 0);
    ck_assert_double_eq_tol(number_at(r, 0, "score"), number_at(r, 1,
                                                                "score"),
                            1e-9);
    json_decref(r);
}
END_TEST

START_TEST(test_strong_old_match_beats_weak_new_one)
{
    json_t *r;

    ck_assert_int_eq(search("", "quantum annealing", &r, NULL), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "quantum-classic"), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "weekly-notes"), 1);
    json_decref(r);
}
END_TEST

START_TEST(test_recency_weight_and_half_life_tune_the_mix)
{
    json_t *r;

    /* A heavy enough recency weight lets the fresh weak match win. */
    ck_assert_int_eq(search("--recency-weight 20", "quantum annealing", &r,
                            NULL), 0);
    ck_assert_int_eq(e2e_hit_rank(r, "weekly-notes"), 0);
    json_decref(r);
    ck_assert_int_eq(search("--recency-weight 0", "zeppelin telemetry", &r,
                            NULL), 0);
    ck_assert_double_eq_tol(number_at(r, 0, "score"), number_at(r, 1,
                                                                "score"),
                            1e-9);
    json_decref(r);
    /* A long half-life flattens the difference a short one makes. */
    ck_assert_int_eq(search("--explain --half-life 36500",
                            "zeppelin telemetry", &r, NULL), 0);
    double flat = number_at(r, 0, "recency") - number_at(r, 1, "recency");
    json_decref(r);
    ck_assert_int_eq(search("--explain --half-life 30", "zeppelin telemetry",
                            &r, NULL), 0);
    ck_assert(number_at(r, 0, "recency") - number_at(r, 1, "recency") >
              flat);
    json_decref(r);
}
END_TEST

/* The recency part of HIT ID in a hybrid --explain search for QUERY. */
static double
recency_of(const char *query, const char *id)
{
    json_t *r;
    double part;

    ck_assert_int_eq(search("--explain", query, &r, NULL), 0);
    ck_assert_int_ge(e2e_hit_rank(r, id), 0);
    part = number_at(r, e2e_hit_rank(r, id), "recency");
    json_decref(r);
    return part;
}

START_TEST(test_recency_counts_only_the_words_an_article_matches)
{
    /* zep-new holds "zeppelin" and not "python": the word it lacks adds
     * nothing to its recency part, so a fresh article holding only one
     * word of a longer query gains only that word's share. */
    double alone = recency_of("zeppelin", "zep-new");

    ck_assert(alone > 0);
    ck_assert_double_eq_tol(recency_of("zeppelin python", "zep-new"), alone,
                            1e-9);
    ck_assert(recency_of("zeppelin telemetry", "zep-new") > alone);
}
END_TEST

START_TEST(test_explain_text_part_is_the_relevance_score)
{
    static const char *const QUERY = "zeppelin telemetry OR python";
    json_t *hybrid, *relevance;
    const json_t *hits;

    ck_assert_int_eq(search("--explain", QUERY, &hybrid, NULL), 0);
    ck_assert_int_eq(search("--sort relevance", QUERY, &relevance, NULL), 0);
    hits = json_object_get(hybrid, "hits");
    ck_assert_uint_ge(json_array_size(hits), 4);
    for (size_t i = 0; i < json_array_size(hits); i++) {
        const char *id = json_string_value(json_object_get(
            json_array_get(hits, i), "id"));
        int rank = e2e_hit_rank(relevance, id);
        ck_assert_int_ge(rank, 0);
        ck_assert_double_eq_tol(number_at(hybrid, (int)i, "bm25"),
                                number_at(relevance, rank, "score"), 1e-9);
    }
    json_decref(hybrid);
    json_decref(relevance);
}
END_TEST

START_TEST(test_sort_by_date_puts_newest_first)
{
    assert_ids("--sort date", "python", "py312 py311");
    json_t *r;
    ck_assert_int_eq(search("--sort date", "python OR zeppelin", &r, NULL),
                     0);
    ck_assert_str_eq(ids(r), "zep-new py312 py311 zep-old");
    json_decref(r);
}
END_TEST

START_TEST(test_explain_splits_score_into_parts)
{
    json_t *r, *hit, *explain, *matched;

    ck_assert_int_eq(search("--explain", "zeppelin telemetry", &r, NULL), 0);
    for (int i = 0; i < 2; i++) {
        ck_assert_double_eq_tol(number_at(r, i, "bm25") +
                                number_at(r, i, "recency"),
                                number_at(r, i, "score"), 1e-9);
    }
    ck_assert(number_at(r, 0, "recency") > number_at(r, 1, "recency"));
    ck_assert_double_eq_tol(number_at(r, 0, "bm25"), number_at(r, 1, "bm25"),
                            1e-9);
    hit = json_array_get(json_object_get(r, "hits"), 0);
    explain = json_object_get(hit, "explain");
    matched = json_object_get(explain, "matched");
    ck_assert_uint_eq(json_array_size(matched), 6);
    ck_assert_str_eq(json_string_value(json_array_get(matched, 0)),
                     "title:telemetri");
    ck_assert_str_eq(json_string_value(json_array_get(matched, 2)),
                     "(together) telemetri zeppelin");   /* side by side */
    ck_assert_str_eq(json_string_value(json_array_get(matched, 3)),
                     "(whole title)");   /* the query is its whole title */
    ck_assert_ptr_nonnull(json_object_get(json_object_get(r, "explain"),
                                          "parsed"));
    json_decref(r);
    ck_assert_int_eq(search("--explain --sort relevance", "zeppelin", &r,
                            NULL), 0);
    ck_assert_double_eq(number_at(r, 0, "recency"), 0);
    json_decref(r);
}
END_TEST

/* True when the hit with ID in RESULT lists MATCHED among its explained
 * terms. */
static bool
hit_matched(const json_t *result, const char *id, const char *matched)
{
    const json_t *hits = json_object_get(result, "hits");

    for (size_t i = 0; i < json_array_size(hits); i++) {
        const json_t *hit = json_array_get(hits, i), *terms;
        if (strcmp(json_string_value(json_object_get(hit, "id")), id) != 0)
            continue;
        terms = json_object_get(json_object_get(hit, "explain"), "matched");
        for (size_t k = 0; k < json_array_size(terms); k++) {
            if (strcmp(json_string_value(json_array_get(terms, k)),
                       matched) == 0)
                return true;
        }
        return false;
    }
    ck_abort_msg("%s is not a hit", id);
    return false;
}

START_TEST(test_words_together_are_indexed_as_pairs)
{
    json_t *r;

    /* Side by side, or with only stop words between, the two words are a
     * pair; with other words between ("quantum computing hype and an
     * annealing oven") they are not. */
    ck_assert_int_eq(search("--explain", "quantum annealing", &r, NULL), 0);
    ck_assert(hit_matched(r, "quantum-classic", "(together) anneal quantum"));
    ck_assert(!hit_matched(r, "weekly-notes", "(together) anneal quantum"));
    json_decref(r);
    ck_assert_int_eq(search("--explain", "garbage collector", &r, NULL), 0);
    ck_assert(hit_matched(r, "gc-phrase", "(together) collector garbag"));
    ck_assert(hit_matched(r, "gc-words", "(together) collector garbag"));
    json_decref(r);
    /* A compound's parts pair with nothing: "multi agent" is a pair in
     * the body, "multi-agent systems" one of the whole and "system". */
    ck_assert_int_eq(search("--explain", "multi agent", &r, NULL), 0);
    ck_assert(hit_matched(r, "multi-agent", "(together) agent multi"));
    json_decref(r);
    ck_assert_int_eq(search("--explain", "multi-agent systems", &r, NULL), 0);
    ck_assert(hit_matched(r, "multi-agent",
                          "(together) multi-agent system"));
    json_decref(r);
}
END_TEST

/* --- repairs and errors ------------------------------------------------- */

static const char *const AWKWARD[] = {
    "multi-agent", "ubuntu 20.04", "38.101", "C++", "\"", "\"unclosed",
    "(", ")", "((rust)", "rust))", "OR", "AND", "NOT", "-", "- -", "*",
    "OR OR AND", "NOT NOT rust", "-(-rust)", "title:", "tag:", ":", "a:b:c",
    "http://example.com/x?y=1#z", "std::vector<int>", "foo(bar)",
    "\"a (b\" c)", "since:tomorrow", "until:2026-02-30", "author:\"\"",
    "@#$%^&", "naïve ☃ 日本語", "'quoted'", "$HOME `code`", "-rust -go",
    "100% \\ / ; &&",
};

START_TEST(test_awkward_query_never_fails_without_strict)
{
    json_t *r;
    char *err = NULL;

    ck_assert_msg(search("", AWKWARD[_i], &r, &err) == 0, "\"%s\": %s",
                  AWKWARD[_i], err);
    ck_assert(json_is_array(json_object_get(r, "warnings")));
    ck_assert(json_is_array(json_object_get(r, "hits")));
    json_decref(r);
    free(err);
}
END_TEST

START_TEST(test_huge_query_never_fails)
{
    char *query = malloc(100001);
    json_t *r;

    ck_assert_ptr_nonnull(query);
    for (size_t i = 0; i < 100000; i++)
        query[i] = "ab (\"-)"[i % 7];
    query[100000] = '\0';
    ck_assert_int_eq(search("", query, &r, NULL), 0);
    json_decref(r);
    free(query);
}
END_TEST

START_TEST(test_warnings_say_what_was_reinterpreted)
{
    json_t *r, *w;

    ck_assert_int_eq(search("", "lang:rust (async \"await", &r, NULL), 0);
    w = json_object_get(r, "warnings");
    ck_assert_uint_eq(json_array_size(w), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0),
                                                       "code")),
                     "unknown_field");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(w, 1),
                                                        "position")), 18);
    json_decref(r);
    ck_assert_int_eq(search("", "zeppelin", &r, NULL), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(r, "warnings")), 0);
    json_decref(r);
}
END_TEST

/* Checks that --strict refuses QUERY with CODE at POSITION: exit 2, the
 * JSON error object and a message naming the position. */
static void
assert_strict_refuses(const char *query, const char *code, int position)
{
    json_t *r, *e;
    char *err = NULL, where[64];

    ck_assert_int_eq(search("--strict", query, &r, &err), 2);
    ck_assert_msg(r != NULL, "no JSON for %s", query);
    e = json_object_get(r, "error");
    ck_assert_str_eq(json_string_value(json_object_get(e, "code")), code);
    ck_assert_int_eq(json_integer_value(json_object_get(e, "position")),
                     position);
    ck_assert(json_is_string(json_object_get(e, "message")));
    snprintf(where, sizeof where, "position %d", position);
    ck_assert_msg(strstr(err, where) != NULL, "%s", err);
    json_decref(r);
    free(err);
}

START_TEST(test_strict_refuses_repairs_with_position)
{
    assert_strict_refuses("rust \"async", "unclosed_quote", 6);
    assert_strict_refuses("(rust", "unclosed_parenthesis", 1);
    assert_strict_refuses("rust )", "unmatched_parenthesis", 6);
    assert_strict_refuses("rust lang:c", "unknown_field", 6);
    assert_strict_refuses("rust OR", "dangling_operator", 6);
    assert_strict_refuses("since:soon", "bad_date", 1);
    assert_strict_refuses("!!!", "no_terms", 1);
    assert_strict_refuses("rust -", "dangling_operator", 6);
    assert_strict_refuses("rust -()", "dangling_operator", 6);
    assert_strict_refuses("\"zeppel* altitude\"", "prefix_in_phrase", 1);
    assert_strict_refuses("rust *lang", "leading_star", 6);
    assert_ids("--strict", "zeppelin -old", "zep-old zep-new");
}
END_TEST

START_TEST(test_empty_query_is_an_error_in_both_modes)
{
    const char *modes[] = { "", "--strict" };

    for (size_t i = 0; i < 2; i++) {
        json_t *r;
        ck_assert_int_eq(search(modes[i], "  ", &r, NULL), 2);
        ck_assert_str_eq(json_string_value(json_object_get(
                             json_object_get(r, "error"), "code")),
                         "empty_query");
        json_decref(r);
    }
}
END_TEST

START_TEST(test_bad_since_is_an_error_in_both_modes)
{
    const char *modes[] = { "--since 2026-13-45", "--strict --until soon" };

    for (size_t i = 0; i < 2; i++) {
        json_t *r, *e;
        char *err = NULL;
        ck_assert_int_eq(search(modes[i], "rust", &r, &err), 2);
        e = json_object_get(r, "error");
        ck_assert_str_eq(json_string_value(json_object_get(e, "code")),
                         "bad_option");
        ck_assert(json_is_null(json_object_get(e, "position")));
        ck_assert_ptr_nonnull(strstr(err, "is not a date"));
        json_decref(r);
        free(err);
    }
}
END_TEST

START_TEST(test_bad_option_values_are_usage_errors)
{
    json_t *r;

    ck_assert_int_eq(search("--sort newest", "rust", &r, NULL), 2);
    ck_assert_int_eq(search("--half-life 0", "rust", &r, NULL), 2);
    ck_assert_int_eq(search("--recency-weight -1", "rust", &r, NULL), 2);
    ck_assert_int_eq(search("--b 2", "rust", &r, NULL), 2);
    ck_assert_int_eq(search("--now yesterday", "rust", &r, NULL), 2);
}
END_TEST

/* --- searching while the index moves ------------------------------------ */

/* Articles in the archive the indexer rewrites under the searches: enough
 * that, at one commit per article or two, the run outlasts many searches. */
enum { N_MOVING_ARTICLES = 400, MOVING_BODY_WORDS = 360 };

/* The I-th made-up word: letters only, so it is stemmed and snippets
 * compare stems, as for real text. */
static void
moving_word(unsigned i, char *out)
{
    static const char *const SYLLABLES[] = { "ka", "lo", "mi", "ne", "ru",
                                             "sa", "to", "vi" };

    snprintf(out, 16, "%s%s%s", SYLLABLES[i % 8], SYLLABLES[i / 8 % 8],
             SYLLABLES[i / 64 % 8]);
}

/* Writes the archive under DIR; EDITION changes every body, so that a
 * second run rewrites every article. */
static void
write_moving_archive(const char *dir, unsigned edition)
{
    enum { CAP = MOVING_BODY_WORDS * 8 + 512 };
    char text[CAP], name[64], word[16];

    for (unsigned a = 0; a < N_MOVING_ARTICLES; a++) {
        size_t n = (size_t)snprintf(text, CAP, "---\nid: post-%u\ntitle: "
                                    "Post %u\ndate: 20%02u-%02u-10\ntags: "
                                    "[t%u, edition%u]\n---\n\n", a, a,
                                    10 + a % 16, 1 + a % 12, a % 5, edition);
        unsigned seed = a * 2654435761u + edition;
        for (unsigned w = 0; w < MOVING_BODY_WORDS; w++) {
            seed = seed * 1103515245u + 12345u;
            moving_word(seed >> 16 & 511, word);
            n += (size_t)snprintf(text + n, CAP - n, "%s%s", word,
                                  w % 12 == 11 ? ".\n" : " ");
        }
        snprintf(name, sizeof name, "d%u/post%03u.md", a % 9, a);
        free(tu_write_file(dir, name, text, n));
    }
}

/* Every part of a page reads the index after the match: hits' data and
 * values, snippets, suggestions, facets, --like's terms; --stats walks
 * the vocabulary. None may fail while the indexer commits batch after
 * batch. */
START_TEST(test_search_pages_never_fail_while_the_index_moves)
{
    static const char *const ARGS[] = {
        "--limit 50 'kalomi nerusa tovika'",
        "--limit 20 --facets tag,author,year,month kalomi",
        "--limit 20 --explain 'lokami OR \"kalo mine\"'",
        "--limit 10 'kalomj nerusa'",
        "--limit 20 --like post-7",
        "--limit 20 --sort date 'tag:t1 minesa'",
        "--stats",
    };
    enum { N_ARGS = sizeof ARGS / sizeof ARGS[0] };
    char *dir = tu_make_temp_dir(), archive_dir[4300], index_dir[4300];
    char args[4400];
    e2e_search_loop_t loop = { 0, 0, NULL };
    int status;

    snprintf(archive_dir, sizeof archive_dir, "%s/archive", dir);
    snprintf(index_dir, sizeof index_dir, "%s/index", dir);
    ck_assert_int_eq(mkdir(archive_dir, 0755), 0);
    write_moving_archive(archive_dir, 1);
    ck_assert_int_eq(e2e_index(index_dir, archive_dir, NULL), 0);
    write_moving_archive(archive_dir, 2);
    snprintf(args, sizeof args, "--quiet --batch-bytes 2000 '%s'",
             archive_dir);
    status = e2e_search_until_exit(e2e_spawn_index(index_dir, args),
                                   index_dir, ARGS, N_ARGS, false, &loop);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_msg(loop.n_failed == 0, "%d of %d searches failed, first: %s",
                  loop.n_failed, loop.n_searches, loop.first_failure);
    ck_assert_int_gt(loop.n_searches, 6);
    free(loop.first_failure);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

static Suite *
search_suite(void)
{
    Suite *s = suite_create("search");
    TCase *core = tcase_create("core");
    TCase *ranking = tcase_create("ranking");
    TCase *errors = tcase_create("errors");
    TCase *limits = tcase_create("limits");
    TCase *moving = tcase_create("moving");
    TCase *all[] = { core, ranking, errors, limits };

    for (size_t i = 0; i < 4; i++) {
        tcase_add_unchecked_fixture(all[i], index_fixture, remove_db);
        tcase_set_timeout(all[i], 120);
    }
    tcase_add_test(core, test_words_side_by_side_match_any_best_first);
    tcase_add_test(core, test_phrase_needs_words_in_order);
    tcase_add_test(core, test_minus_and_not_exclude);
    tcase_add_test(core, test_dash_words_are_query_words_not_options);
    tcase_add_test(core, test_or_and_and_parentheses);
    tcase_add_test(core, test_prefix_matches_term_starts);
    tcase_add_test(core, test_fields_and_filters);
    tcase_add_test(core, test_absolute_dates_cover_the_period);
    tcase_add_test(core, test_relative_dates_count_from_now);
    tcase_add_test(core, test_filter_options_match_fields);
    tcase_add_test(core, test_tech_terms_match_exactly);
    tcase_add_test(core, test_aliases_match_every_spelling);
    tcase_add_test(core, test_user_alias_file_extends_the_shipped_one);
    tcase_add_test(errors, test_bad_alias_file_is_a_usage_error);
    tcase_add_test(ranking, test_hybrid_ranks_newer_same_text_first);
    tcase_add_test(ranking, test_strong_old_match_beats_weak_new_one);
    tcase_add_test(ranking, test_recency_weight_and_half_life_tune_the_mix);
    tcase_add_test(ranking,
                   test_recency_counts_only_the_words_an_article_matches);
    tcase_add_test(ranking, test_explain_text_part_is_the_relevance_score);
    tcase_add_test(ranking, test_sort_by_date_puts_newest_first);
    tcase_add_test(ranking, test_explain_splits_score_into_parts);
    tcase_add_test(ranking, test_words_together_are_indexed_as_pairs);
    tcase_add_loop_test(errors, test_awkward_query_never_fails_without_strict,
                        0, (int)(sizeof AWKWARD / sizeof AWKWARD[0]));
    tcase_add_test(limits, test_huge_query_never_fails);
    tcase_add_test(errors, test_warnings_say_what_was_reinterpreted);
    tcase_add_test(errors, test_strict_refuses_repairs_with_position);
    tcase_add_test(errors, test_empty_query_is_an_error_in_both_modes);
    tcase_add_test(errors, test_bad_since_is_an_error_in_both_modes);
    tcase_add_test(errors, test_bad_option_values_are_usage_errors);
    suite_add_tcase(s, core);
    suite_add_tcase(s, ranking);
    suite_add_tcase(s, errors);
    tcase_set_timeout(moving, 600);
    tcase_add_test(moving, test_search_pages_never_fail_while_the_index_moves);
    suite_add_tcase(s, limits);
    suite_add_tcase(s, moving);
    return s;
}

int
main(void)
{
    return qr_check_run(search_suite());
}
