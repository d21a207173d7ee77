/* check_output.c - quarry-search's output end to end on corpus/ and
 * tests/data/results: the versioned JSON contract (checked against
 * docs/schema/results-v1.json), errors in the same envelope, snippets,
 * facets, spelling suggestions, paging, --like, --stats and the formats. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_main.h"
#include "e2e_util.h"
#include "json_schema.h"
#include "test_util.h"

#define SCHEMA QR_SOURCE_DIR "/docs/schema/results-v1.json"

/* Articles in corpus/ and tests/data/results. */
enum { N_ARTICLES = 48 + 9 };

static char *tmp;
static char db[4200];
static json_t *schema;

static void
index_fixtures(void)
{
    char args[8400], *err = NULL;

    tmp = tu_make_temp_dir();
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(args, sizeof args, "--quiet '%s/corpus' '%s/results'",
             QR_SOURCE_DIR, QR_TEST_DATA_DIR);
    ck_assert_int_eq(e2e_index(db, args, &err), 0);
    free(err);
    schema = js_load(SCHEMA);
}

static void
remove_db(void)
{
    json_decref(schema);
    tu_remove_tree(tmp);
    free(tmp);
}

/* Runs quarry-search on the fixtures with ARGS (shell words) and the
 * environment ENV (shell assignments, may be ""); returns the exit code,
 * stdout in *OUT and stderr in *ERR_OUT (each may be NULL; caller frees). */
static int
run(const char *env, const char *args, char **out, char **err_out)
{
    char cmd[8192];

    snprintf(cmd, sizeof cmd, "%s XDG_CONFIG_HOME=/nonexistent "
             "'%s/quarry-search' --db '%s' --now 2026-11-25 %s", env,
             QR_BIN_DIR, db, args);
    return tu_run(cmd, out, err_out);
}

/* Fails the test unless JSON is valid against the schema at POINTER
 * ("#" for the whole document, "#/$defs/hit" for one hit). */
static void
assert_valid(const json_t *json, const char *pointer)
{
    char why[1024];
    const json_t *s = schema;

    if (strcmp(pointer, "#/$defs/hit") == 0)
        s = json_object_get(json_object_get(schema, "$defs"), "hit");
    ck_assert_msg(js_validate(schema, s, json, why, sizeof why),
                  "not valid against %s%s: %s", SCHEMA, pointer + 1, why);
}

/* Runs ARGS expecting exit CODE and a JSON document valid against the
 * schema on stdout; returns it (caller decrefs). */
static json_t *
run_json(const char *args, int code)
{
    char *out = NULL, *err = NULL;
    json_t *json;

    ck_assert_msg(run("", args, &out, &err) == code, "%s: %s", args, err);
    json = tu_parse_json(out);
    assert_valid(json, "#");
    free(out);
    free(err);
    return json;
}

static const json_t *
hit(const json_t *r, size_t i)
{
    return json_array_get(json_object_get(r, "hits"), i);
}

static const char *
str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static json_int_t
num(const json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

/* The hit with id ID in R, or NULL. */
static const json_t *
hit_by_id(const json_t *r, const char *id)
{
    for (size_t i = 0; i < json_array_size(json_object_get(r, "hits"));
         i++) {
        if (strcmp(str(hit(r, i), "id"), id) == 0)
            return hit(r, i);
    }
    return NULL;
}

/* --- the contract --------------------------------------------------------- */

START_TEST(test_validator_rejects_what_the_schema_forbids)
{
    char why[512];
    json_t *good = run_json("--limit 1 cloud", 0);
    json_t *bad = json_deep_copy(good);
    json_t *h = json_array_get(json_object_get(bad, "hits"), 0);

    ck_assert(js_validate(schema, schema, good, why, sizeof why));
    json_object_set_new(h, "score", json_string("high"));
    ck_assert(!js_validate(schema, schema, bad, why, sizeof why));
    json_object_set_new(h, "score", json_real(1));
    json_object_set_new(h, "extra", json_true());
    ck_assert(!js_validate(schema, schema, bad, why, sizeof why));
    json_object_del(h, "extra");
    json_object_del(h, "rank");
    ck_assert(!js_validate(schema, schema, bad, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "rank"));
    json_object_set_new(h, "rank", json_integer(1));
    json_object_set_new(h, "date", json_string("2024-06-11"));
    ck_assert(!js_validate(schema, schema, bad, why, sizeof why));
    json_object_set_new(h, "date", json_null());
    json_object_set_new(bad, "schema_version", json_integer(2));
    ck_assert(!js_validate(schema, schema, bad, why, sizeof why));
    json_decref(bad);
    json_decref(good);
}
END_TEST

START_TEST(test_results_follow_the_schema)
{
    static const char *const ARGS[] = {
        "cloud", "--limit 3 --offset 2 --explain 'k8s \"complexity budget\"'",
        "--facets tag,author,year,month 'memory safety'", "kubrenetes",
        "--like nl-2024-017", "--like nl-2024-017 --window 1y --tag cloud",
        "zzqxjv", "--sort date --limit 50 the", "--no-snippets rust",
        "'title:\"unclosed'", "--format-version 1 rust",
        "'\"kube* budget\" rust -'",
    };

    for (size_t i = 0; i < sizeof ARGS / sizeof ARGS[0]; i++) {
        json_t *r = run_json(ARGS[i], 0);
        ck_assert_int_eq(num(r, "schema_version"), 1);
        json_decref(r);
    }
}
END_TEST

START_TEST(test_total_has_bounds_and_took_ms)
{
    json_t *r = run_json("--limit 1 the", 0);
    const json_t *b = json_object_get(r, "total_bounds");

    ck_assert_int_le(num(b, "lower"), num(r, "total"));
    ck_assert_int_le(num(r, "total"), num(b, "upper"));
    ck_assert_int_le(num(b, "upper"), N_ARTICLES);
    ck_assert(json_number_value(json_object_get(r, "took_ms")) >= 0);
    json_decref(r);
    /* Facets check every match: the count is then exact. */
    r = run_json("--limit 1 --facets year the", 0);
    b = json_object_get(r, "total_bounds");
    ck_assert_int_eq(num(b, "lower"), num(r, "total"));
    ck_assert_int_eq(num(b, "upper"), num(r, "total"));
    json_decref(r);
}
END_TEST

/* |A - B| */
static json_int_t
distance(json_int_t a, json_int_t b)
{
    return a > b ? a - b : b - a;
}

START_TEST(test_limit_0_estimates_total_as_well_as_limit_1)
{
    static const char *const QUERIES[] = {
        "'\"complexity budget\"'", "'\"product manager\"'",
        "'\"open source\"'", "'memory safety'",
    };
    char args[256];

    for (size_t i = 0; i < sizeof QUERIES / sizeof QUERIES[0]; i++) {
        json_t *none, *one, *all;
        json_int_t exact;
        snprintf(args, sizeof args, "--limit 0 %s", QUERIES[i]);
        none = run_json(args, 0);
        snprintf(args, sizeof args, "--limit 1 %s", QUERIES[i]);
        one = run_json(args, 0);
        /* The facets' pass counts every match. */
        snprintf(args, sizeof args, "--limit 0 --facets year %s",
                 QUERIES[i]);
        all = run_json(args, 0);
        exact = num(all, "total");
        ck_assert_msg(distance(num(none, "total"), exact) <=
                      distance(num(one, "total"), exact),
                      "%s: %lld matches, limit 0 says %lld, limit 1 %lld",
                      QUERIES[i], (long long)exact,
                      (long long)num(none, "total"),
                      (long long)num(one, "total"));
        ck_assert_int_le(num(json_object_get(none, "total_bounds"), "lower"),
                         exact);
        ck_assert_int_ge(num(json_object_get(none, "total_bounds"), "upper"),
                         exact);
        json_decref(none);
        json_decref(one);
        json_decref(all);
    }
}
END_TEST

/* Asserts that ARGS exits with CODE, prints an error envelope with
 * ERROR_CODE and a message holding MESSAGE on stdout, and the message on
 * stderr. */
static void
assert_error(const char *args, int code, const char *error_code,
             const char *message)
{
    char *err = NULL, *out = NULL;
    json_t *r;

    ck_assert_int_eq(run("", args, &out, &err), code);
    r = tu_parse_json(out);
    assert_valid(r, "#");
    ck_assert_str_eq(str(json_object_get(r, "error"), "code"), error_code);
    ck_assert_msg(strstr(str(json_object_get(r, "error"), "message"),
                         message) != NULL, "%s: %s", args, out);
    ck_assert_msg(strstr(err, message) != NULL, "%s: %s", args, err);
    json_decref(r);
    free(out);
    free(err);
}

START_TEST(test_errors_come_in_the_same_envelope)
{
    assert_error("--strict 'rust )'", 2, "unmatched_parenthesis", "position");
    assert_error("--since soon rust", 2, "bad_option", "--since");
    assert_error("--limit x rust", 2, "usage", "--limit");
    assert_error("--bogus rust", 2, "usage", "--bogus");
    assert_error("--like no-such-id", 2, "unknown_id", "no-such-id");
    assert_error("--like nl-2024-017 rust", 2, "usage", "--like");
    assert_error("--window 90d rust", 2, "usage", "--window");
    assert_error("--like nl-2024-017 --window 90", 2, "usage", "--window");
    assert_error("--facets tags rust", 2, "usage", "tags");
    assert_error("--format xml rust", 2, "usage", "xml");
    assert_error("--format jsonl --strict '\"open'", 2, "unclosed_quote",
                 "quote");
    /* --stats describes the whole index: nothing to search. */
    assert_error("--stats rust", 2, "usage", "--stats takes no QUERY");
    assert_error("--stats --like nl-2024-017", 2, "usage", "--stats");
    assert_error("--stats --explain", 2, "usage", "--explain");
    assert_error("--stats --facets tag", 2, "usage", "--facets");
}
END_TEST

START_TEST(test_missing_index_is_an_error_envelope)
{
    char *out = NULL, *err = NULL, cmd[8600];
    json_t *r;

    snprintf(cmd, sizeof cmd, "'%s/quarry-search' --db '%s/nope' rust",
             QR_BIN_DIR, tmp);
    ck_assert_int_eq(tu_run(cmd, &out, &err), 2);
    r = tu_parse_json(out);
    assert_valid(r, "#");
    ck_assert_str_eq(str(json_object_get(r, "error"), "code"), "no_index");
    ck_assert_str_eq(str(r, "query"), "rust");
    json_decref(r);
    free(out);
    free(err);
}
END_TEST

START_TEST(test_format_version_other_than_1_has_its_own_exit_code)
{
    json_t *r = run_json("--format-version 1 rust", 0);

    json_decref(r);
    assert_error("--format-version 2 rust", 3, "unsupported_format_version",
                 "newer");
    assert_error("--format-version 0 rust", 2, "usage", "--format-version");
    assert_error("--stats --format-version 7", 3,
                 "unsupported_format_version", "version 1 only");
}
END_TEST

/* --- hits ------------------------------------------------------------------ */

START_TEST(test_title_with_control_characters_and_quotes_stays_valid)
{
    static const char TITLE[] = "Quotes \"double\", 'single', a \\ "
                                "backslash,\x01 \x1b[31mred\x1b[0m and a tab";
    json_t *r = run_json("--limit 20 zeppelin", 0);
    const json_t *h = hit_by_id(r, "ctrl-title");
    char *out = NULL;

    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(str(h, "title"), TITLE);
    json_decref(r);
    /* JSON Lines and text too; text never prints the raw escapes. */
    ck_assert_int_eq(run("", "--format jsonl zeppelin", &out, NULL), 0);
    for (char *line = strtok(out, "\n"); line != NULL;
         line = strtok(NULL, "\n")) {
        json_t *one = tu_parse_json(line);
        assert_valid(one, "#/$defs/hit");
        json_decref(one);
    }
    free(out);
    ck_assert_int_eq(run("", "--format text --color always zeppelin", &out,
                         NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "Quotes \"double\""));
    ck_assert_ptr_null(strstr(out, "\x1b[31m"));
    ck_assert_ptr_null(strchr(out, '\x01'));
    ck_assert_ptr_nonnull(strstr(out, "\xef\xbf\xbd[31mred"));
    free(out);
}
END_TEST

/* Runs ARGS and fails unless stderr holds SUBSTRING and no control
 * character but its line breaks (they print as U+FFFD). */
static void
assert_stderr_clean(const char *args, const char *substring)
{
    char *err = NULL;

    run("", args, NULL, &err);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, substring) != NULL, "%s: %s", args, err);
    ck_assert_msg(strstr(err, "\xef\xbf\xbd") != NULL, "%s: %s", args, err);
    for (const char *c = err; *c != '\0'; c++)
        ck_assert_msg((unsigned char)*c >= 0x20 || *c == '\n',
                      "%s: control character %d on stderr", args, *c);
    free(err);
}

START_TEST(test_stderr_never_prints_control_characters)
{
    /* Warnings and did-you-mean (JSON Lines says them on stderr). */
    assert_stderr_clean("--format jsonl \"$(printf 'lang:\\033[2J rust')\"",
                        "warning: ");
    assert_stderr_clean("--format jsonl \"$(printf 'kubrenetes \\033[2J')\"",
                        "did you mean: kubernetes ");
    /* A refused query and a bad option. */
    assert_stderr_clean("--strict \"$(printf 'lang:\\033[2J')\"",
                        "query position 1: ");
    assert_stderr_clean("--sort \"$(printf '\\033[2J\\001')\" rust",
                        "--sort takes");
    assert_stderr_clean("--like \"$(printf 'no\\033[2J')\"", "no article");
}
END_TEST

/* Checks that S's highlights slice its text to words matching WANT (a
 * prefix of each, case-insensitive, or NULL for any). */
static void
assert_highlights(const json_t *s, const char *want)
{
    const char *text = str(s, "text");
    const json_t *marks = json_object_get(s, "highlights");

    ck_assert_uint_gt(json_array_size(marks), 0);
    for (size_t i = 0; i < json_array_size(marks); i++) {
        json_int_t a = num(json_array_get(marks, i), "start");
        json_int_t b = num(json_array_get(marks, i), "end");
        ck_assert_int_lt(a, b);
        ck_assert_int_le(b, (json_int_t)strlen(text));
        /* Offsets fall on character boundaries. */
        ck_assert((text[a] & 0xC0) != 0x80);
        ck_assert(text[b] == '\0' || (text[b] & 0xC0) != 0x80);
        if (want != NULL)
            ck_assert_msg(strncasecmp(text + a, want, strlen(want)) == 0,
                          "mark %.*s", (int)(b - a), text + a);
    }
}

START_TEST(test_snippet_marks_stemmed_matches_as_text_and_offsets)
{
    json_t *r = run_json("indexing", 0);
    const json_t *h = hit_by_id(r, "indexed");
    const json_t *s = json_object_get(h, "snippet");

    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_nonnull(strstr(str(s, "marked"), "<mark>indexed</mark>"));
    ck_assert_ptr_nonnull(strstr(str(s, "marked"),
                                 "inverted <mark>index</mark> then"));
    assert_highlights(s, "index");
    ck_assert(json_is_false(json_object_get(s, "truncated_start")));
    json_decref(r);
}
END_TEST

/* True when TEXT[0..LEN) starts with WANT, whatever the case. */
static bool
starts_with(const char *text, size_t len, const char *want)
{
    return len >= strlen(want) && strncasecmp(text, want, strlen(want)) == 0;
}

START_TEST(test_snippet_marks_an_alias_phrase_where_its_words_stand)
{
    /* "llm" also searches "large language model" as a phrase: its words
     * mark only together, never "model" or "language" alone. */
    json_t *r = run_json("--limit 20 llm", 0);
    const json_t *hits = json_object_get(r, "hits");
    size_t n_phrases = 0, n_llm = 0;

    ck_assert_uint_gt(json_array_size(hits), 1);
    for (size_t i = 0; i < json_array_size(hits); i++) {
        const json_t *s = json_object_get(hit(r, i), "snippet");
        const json_t *marks = json_object_get(s, "highlights");
        const char *text = str(s, "text");
        for (size_t m = 0; text != NULL && m < json_array_size(marks); m++) {
            json_int_t a = num(json_array_get(marks, m), "start");
            json_int_t b = num(json_array_get(marks, m), "end");
            const char *at = text + a;
            size_t len = (size_t)(b - a);
            bool is_phrase = starts_with(at, len, "large language model") ||
                             starts_with(at, len, "large-language-model");
            bool is_llm = starts_with(at, len, "llm");
            ck_assert_msg(is_phrase || is_llm, "%s marks %.*s",
                          str(hit(r, i), "id"), (int)len, at);
            n_phrases += is_phrase;
            n_llm += is_llm;
        }
    }
    ck_assert_uint_gt(n_phrases, 0);
    ck_assert_uint_gt(n_llm, 0);
    json_decref(r);
}
END_TEST

/* The body of the "multibyte" article in tests/data/results. */
static const char MULTIBYTE_BODY[] =
    "Le caf\xc3\xa9 cr\xc3\xa8me du matin est servi pr\xc3\xa8s de la "
    "fen\xc3\xaatre, o\xc3\xb9 les r\xc3\xa9sum\xc3\xa9s na\xc3\xaf" "fs "
    "s'accumulent d\xc3\xa9j\xc3\xa0. Zeppelin: \xe2\x84\xb5\xe2\x82\x80 "
    "\xe2\x89\xa0 \xe2\x88\x9e, \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
    "\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88"
    "\xe3\x82\x82\xe5\x90\xab\xe3\x81\xbe\xe3\x82\x8c\xe3\x82\x8b"
    "\xe3\x80\x82\xc3\x87" "a d\xc3\xa9" "borde encore et encore "
    "apr\xc3\xa8s la fin de la fen\xc3\xaatre. Puis vient la suite, longue "
    "et sinueuse, que personne ne lira dans un extrait de deux cents "
    "caract\xc3\xa8res.";

START_TEST(test_snippet_of_multibyte_text_cuts_at_words)
{
    json_t *r = run_json("--limit 20 zeppelin", 0);
    const json_t *h = hit_by_id(r, "multibyte");
    const json_t *s = json_object_get(h, "snippet");
    const char *text = str(s, "text");
    size_t len = strlen(text);

    const char *at = strstr(MULTIBYTE_BODY, text);
    size_t n_chars = 0;

    assert_highlights(s, "zeppelin");
    /* About 200 characters of the (longer) body, cut after a whole word
     * next to multi-byte ones. */
    ck_assert(json_is_true(json_object_get(s, "truncated_end")));
    ck_assert_msg(at != NULL, "%s", text);
    ck_assert(at[len] == ' ');
    ck_assert(at == MULTIBYTE_BODY || at[-1] == ' ');
    for (size_t i = 0; i < len; i++)
        n_chars += (text[i] & 0xC0) != 0x80;
    ck_assert_uint_le(n_chars, 200);
    ck_assert_uint_gt(n_chars, 180);
    ck_assert_ptr_nonnull(strstr(text, "\xe6\x97\xa5\xe6\x9c\xac"));
    /* A title without body text has no snippet. */
    ck_assert(json_is_null(json_object_get(hit_by_id(r, "no-body"),
                                           "snippet")));
    json_decref(r);
}
END_TEST

START_TEST(test_no_snippets_leaves_them_null)
{
    json_t *r = run_json("--no-snippets rust", 0);

    ck_assert(json_is_null(json_object_get(hit(r, 0), "snippet")));
    json_decref(r);
}
END_TEST

/* --- suggestions --------------------------------------------------------- */

START_TEST(test_misspelling_is_suggested_from_the_vocabulary)
{
    json_t *r = run_json("kubrenetes budget", 0);
    const json_t *sug = json_object_get(r, "suggestion");
    const json_t *fix = json_array_get(json_object_get(sug, "corrections"),
                                       0);
    char *out = NULL;

    ck_assert_str_eq(str(sug, "query"), "kubernetes budget");
    ck_assert_str_eq(str(fix, "word"), "kubrenetes");
    ck_assert_str_eq(str(fix, "suggestion"), "kubernetes");
    ck_assert_int_eq(num(fix, "position"), 1);
    json_decref(r);
    /* Tech terms keep their symbols; a known word gets nothing. */
    r = run_json("'node.jss \"complexty budget\" gtp-4o'", 0);
    ck_assert_str_eq(str(json_object_get(r, "suggestion"), "query"),
                     "node.js \"complexity budget\" gpt-4o");
    json_decref(r);
    r = run_json("kubernetes", 0);
    ck_assert(json_is_null(json_object_get(r, "suggestion")));
    json_decref(r);
    ck_assert_int_eq(run("", "--format text kubrenetes", &out, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "Did you mean: kubernetes?"));
    free(out);
}
END_TEST

/* --- facets ---------------------------------------------------------------- */

/* The values of facet NAME of R. */
static const json_t *
facet_values(const json_t *r, const char *name)
{
    return json_object_get(json_object_get(json_object_get(r, "facets"),
                                           name), "values");
}

/* The count of VALUE in facet NAME of R, or -1. */
static json_int_t
facet_count(const json_t *r, const char *name, const char *value)
{
    const json_t *values = facet_values(r, name);

    for (size_t i = 0; i < json_array_size(values); i++) {
        if (strcmp(str(json_array_get(values, i), "value"), value) == 0)
            return num(json_array_get(values, i), "count");
    }
    return -1;
}

/* The words ARGS' suggestion replaces, comma-separated, into BUF ("" for
 * none). */
static const char *
corrected_words(const char *args, char *buf, size_t cap)
{
    json_t *r = run_json(args, 0);
    const json_t *fixes = json_object_get(json_object_get(r, "suggestion"),
                                          "corrections");

    buf[0] = '\0';
    for (size_t i = 0; i < json_array_size(fixes); i++) {
        const json_t *fix = json_array_get(fixes, i);
        snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s>%s",
                 i > 0 ? "," : "", str(fix, "word"), str(fix, "suggestion"));
    }
    json_decref(r);
    return buf;
}

START_TEST(test_suggestions_leave_digits_fields_and_exclusions_alone)
{
    char buf[512];

    /* Digits are never changed; letters beside them may be. */
    ck_assert_str_eq(corrected_words("--limit 0 gpt-5o", buf, sizeof buf),
                     "");
    ck_assert_str_eq(corrected_words("--limit 0 until:0000", buf,
                                     sizeof buf), "");
    ck_assert_str_eq(corrected_words("--limit 0 gtp-4o", buf, sizeof buf),
                     "gtp-4o>gpt-4o");
    /* A field name is no misspelt word, nor is a word left out. */
    ck_assert_str_eq(corrected_words("--limit 0 lang:rust", buf, sizeof buf),
                     "");
    ck_assert_str_eq(corrected_words("--limit 0 -- '-kubrenetes rust'", buf,
                                     sizeof buf), "");
    ck_assert_str_eq(corrected_words("--limit 0 'NOT kubrenetes rust'", buf,
                                     sizeof buf), "");
    ck_assert_str_eq(corrected_words("--limit 0 'lang:kubrenetes'", buf,
                                     sizeof buf), "kubrenetes>kubernetes");
    /* Only words articles write whole are offered: PostgreSQL's part
     * "postgre" is no word, "postgres" is. */
    ck_assert_str_eq(corrected_words("--limit 0 postgrse", buf, sizeof buf),
                     "postgrse>postgres");
}
END_TEST

START_TEST(test_facets_count_every_match_not_the_page)
{
    json_t *r = run_json("--limit 1 --facets tag,author quokka", 0);

    ck_assert_uint_eq(json_array_size(json_object_get(r, "hits")), 1);
    ck_assert_int_eq(num(r, "total"), 5);
    /* "Twins" and "twins" are one tag; the commoner spelling shows. */
    ck_assert_int_eq(facet_count(r, "tag", "twins"), 5);
    ck_assert_int_eq(facet_count(r, "tag", "Twins"), -1);
    ck_assert_int_eq(facet_count(r, "author", "Ty Twin"), 5);
    ck_assert_ptr_null(json_object_get(json_object_get(r, "facets"),
                                       "year"));
    json_decref(r);
    /* "Escapes" twice and "ESCAPES" once: listed once, as "Escapes". */
    r = run_json("--limit 1 --facets tag --facet-size 1 zeppelin", 0);
    ck_assert_int_eq(facet_count(r, "tag", "Escapes"), 3);
    ck_assert_int_eq(num(json_object_get(json_object_get(r, "facets"),
                                         "tag"), "distinct"), 4);
    json_decref(r);
}
END_TEST

START_TEST(test_month_facet_is_a_timeline_with_empty_months)
{
    json_t *r = run_json("--facets year,month zeppelin", 0);
    const json_t *months = facet_values(r, "month");
    static const char *const WANT[] = { "2025-02", "2025-03", "2025-04",
                                        "2025-05", "2025-06" };
    static const int COUNTS[] = { 2, 0, 0, 0, 1 };

    ck_assert_uint_eq(json_array_size(months), 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(str(json_array_get(months, i), "value"), WANT[i]);
        ck_assert_int_eq(num(json_array_get(months, i), "count"), COUNTS[i]);
    }
    ck_assert_int_eq(facet_count(r, "year", "2025"), 3);
    json_decref(r);
}
END_TEST

START_TEST(test_year_counts_add_up_to_the_dated_matches)
{
    json_t *r = run_json("--facets year cloud", 0);
    const json_t *years = facet_values(r, "year");
    json_int_t sum = 0;

    for (size_t i = 0; i < json_array_size(years); i++)
        sum += num(json_array_get(years, i), "count");
    /* Every corpus article has a date. */
    ck_assert_int_eq(sum, num(r, "total"));
    ck_assert_int_gt(sum, 3);
    json_decref(r);
}
END_TEST

/* --- paging ---------------------------------------------------------------- */

/* Pages of two through QUERY_ARGS give the same hits, in the same order
 * and with the same ranks, as one page of all of them. */
static void
assert_pages_agree(const char *query_args, size_t n)
{
    char args[512];
    json_t *all;

    snprintf(args, sizeof args, "--limit %zu %s", n, query_args);
    all = run_json(args, 0);
    ck_assert_uint_eq(json_array_size(json_object_get(all, "hits")), n);
    for (size_t offset = 0; offset < n; offset += 2) {
        json_t *page;
        snprintf(args, sizeof args, "--offset %zu --limit 2 %s", offset,
                 query_args);
        page = run_json(args, 0);
        for (size_t i = 0; i < 2 && offset + i < n; i++) {
            ck_assert_str_eq(str(hit(page, i), "id"),
                             str(hit(all, offset + i), "id"));
            ck_assert_int_eq(num(hit(page, i), "rank"),
                             (json_int_t)(offset + i + 1));
        }
        json_decref(page);
    }
    json_decref(all);
}

START_TEST(test_pages_are_stable_even_for_tied_scores)
{
    /* Five identical articles: every score ties. */
    assert_pages_agree("--sort relevance quokka", 5);
    assert_pages_agree("quokka", 5);
    assert_pages_agree("--sort date cloud", 9);
    assert_pages_agree("'tag:twins'", 5);
}
END_TEST

/* --- related articles ------------------------------------------------------ */

START_TEST(test_like_finds_related_articles_but_not_itself)
{
    json_t *r = run_json("--limit 5 --like nl-2024-017", 0);
    const json_t *like = json_object_get(r, "like");

    ck_assert(json_is_null(json_object_get(r, "query")));
    ck_assert_str_eq(str(like, "id"), "nl-2024-017");
    ck_assert_str_eq(str(like, "title"),
                     "Platform Engineering Is Kubernetes With a Product "
                     "Manager");
    ck_assert_uint_gt(json_array_size(json_object_get(like, "terms")), 5);
    ck_assert_ptr_null(hit_by_id(r, "nl-2024-017"));
    ck_assert_int_eq(e2e_hit_rank(r, "kubernetes-at-ten-complexity-budget"
                                     ".md"), 0);
    ck_assert_ptr_nonnull(json_object_get(hit(r, 0), "snippet"));
    json_decref(r);
}
END_TEST

START_TEST(test_like_window_keeps_articles_near_its_date)
{
    json_t *r = run_json("--limit 50 --like nl-2024-017 --window 90d", 0);

    /* nl-2024-017 is from 2024-03-07: 90 days either side. */
    ck_assert_uint_gt(json_array_size(json_object_get(r, "hits")), 0);
    for (size_t i = 0; i < json_array_size(json_object_get(r, "hits"));
         i++) {
        const char *date = str(hit(r, i), "date");
        ck_assert_msg(strcmp(date, "2023-12-08") >= 0 &&
                      strcmp(date, "2024-06-06") <= 0, "%s", date);
    }
    ck_assert_str_eq(str(json_object_get(r, "like"), "window"), "90d");
    json_decref(r);
}
END_TEST

START_TEST(test_like_window_past_a_century_is_a_usage_error)
{
    static const char *const WINDOWS[] = { "101y", "200y", "52000w",
                                           "1217m", "36501d" };
    char args[128];

    for (size_t i = 0; i < sizeof WINDOWS / sizeof WINDOWS[0]; i++) {
        snprintf(args, sizeof args, "--like nl-2024-017 --window %s",
                 WINDOWS[i]);
        assert_error(args, 2, "usage", "at most a century");
    }
    /* A century itself is taken. */
    json_decref(run_json("--limit 1 --like nl-2024-017 --window 100y", 0));
    json_decref(run_json("--limit 1 --like nl-2024-017 --window 36500d", 0));
}
END_TEST

/* --- --stats ---------------------------------------------------------------- */

START_TEST(test_stats_describe_the_index)
{
    json_t *r = run_json("--stats", 0);

    ck_assert_int_eq(num(r, "documents"), N_ARTICLES);
    ck_assert_int_gt(num(r, "distinct_words"), 1000);
    ck_assert_int_gt(num(r, "distinct_terms"), num(r, "distinct_words"));
    ck_assert_str_eq(str(r, "oldest"), "2019-03-12T08:15:00Z");
    /* tests/data/results has undated articles: dated by their file. */
    ck_assert_str_ge(str(r, "newest"), "2026-11-20T18:10:00Z");
    ck_assert_int_gt(num(r, "disk_bytes"), 100000);
    ck_assert_int_eq(num(r, "layout_version"), 3);
    ck_assert(json_is_object(json_object_get(r, "last_run")));
    json_decref(r);
}
END_TEST

/* --- formats ---------------------------------------------------------------- */

START_TEST(test_jsonl_is_one_hit_a_line_in_the_json_order)
{
    json_t *r = run_json("--limit 4 security", 0);
    char *out = NULL, *save = NULL;
    size_t n = 0;

    ck_assert_int_eq(run("", "--limit 4 --format jsonl security", &out,
                         NULL), 0);
    for (char *line = strtok_r(out, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save), n++) {
        json_t *one = tu_parse_json(line);
        assert_valid(one, "#/$defs/hit");
        ck_assert_str_eq(str(one, "id"), str(hit(r, n), "id"));
        json_decref(one);
    }
    ck_assert_uint_eq(n, 4);
    free(out);
    json_decref(r);
}
END_TEST

START_TEST(test_text_shows_hits_and_colours_matches_only_when_asked)
{
    char *out = NULL;

    ck_assert_int_eq(run("", "--format text --limit 1 'complexity budget'",
                         &out, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "  1. Kubernetes at Ten: Spending the "
                                      "Complexity Budget\n"));
    ck_assert_ptr_nonnull(strstr(out, "2024-06-11 \xc2\xb7 Tom\xc3\xa1s "
                                      "Echeverr\xc3\xad" "a \xc2\xb7 "));
    ck_assert_ptr_null(strchr(out, '\x1b'));
    free(out);
    ck_assert_int_eq(run("NO_COLOR=1", "--format text --color always "
                         "--limit 1 'complexity budget'", &out, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "\x1b[1;33mbudget\x1b[0m"));
    free(out);
    /* Not a terminal: JSON by default, never colour. */
    ck_assert_int_eq(run("", "--limit 1 budget", &out, NULL), 0);
    ck_assert_int_eq(out[0], '{');
    free(out);
}
END_TEST

static Suite *
output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *contract = tcase_create("contract");
    TCase *hits = tcase_create("hits");
    TCase *features = tcase_create("features");

    tcase_add_unchecked_fixture(contract, index_fixtures, remove_db);
    tcase_add_unchecked_fixture(hits, index_fixtures, remove_db);
    tcase_add_unchecked_fixture(features, index_fixtures, remove_db);
    tcase_set_timeout(contract, 120);
    tcase_set_timeout(hits, 120);
    tcase_set_timeout(features, 120);
    tcase_add_test(contract, test_validator_rejects_what_the_schema_forbids);
    tcase_add_test(contract, test_results_follow_the_schema);
    tcase_add_test(contract, test_total_has_bounds_and_took_ms);
    tcase_add_test(contract, test_limit_0_estimates_total_as_well_as_limit_1);
    tcase_add_test(contract, test_errors_come_in_the_same_envelope);
    tcase_add_test(contract, test_missing_index_is_an_error_envelope);
    tcase_add_test(contract,
                   test_format_version_other_than_1_has_its_own_exit_code);
    tcase_add_test(hits,
                   test_title_with_control_characters_and_quotes_stays_valid);
    tcase_add_test(hits,
                   test_snippet_marks_stemmed_matches_as_text_and_offsets);
    tcase_add_test(hits, test_snippet_of_multibyte_text_cuts_at_words);
    tcase_add_test(hits,
                   test_snippet_marks_an_alias_phrase_where_its_words_stand);
    tcase_add_test(hits, test_no_snippets_leaves_them_null);
    tcase_add_test(hits, test_stderr_never_prints_control_characters);
    tcase_add_test(hits, test_jsonl_is_one_hit_a_line_in_the_json_order);
    tcase_add_test(hits,
                   test_text_shows_hits_and_colours_matches_only_when_asked);
    tcase_add_test(features, test_misspelling_is_suggested_from_the_vocabulary);
    tcase_add_test(features,
                   test_suggestions_leave_digits_fields_and_exclusions_alone);
    tcase_add_test(features, test_facets_count_every_match_not_the_page);
    tcase_add_test(features, test_month_facet_is_a_timeline_with_empty_months);
    tcase_add_test(features, test_year_counts_add_up_to_the_dated_matches);
    tcase_add_test(features, test_pages_are_stable_even_for_tied_scores);
    tcase_add_test(features, test_like_finds_related_articles_but_not_itself);
    tcase_add_test(features, test_like_window_keeps_articles_near_its_date);
    tcase_add_test(features, test_like_window_past_a_century_is_a_usage_error);
    tcase_add_test(features, test_stats_describe_the_index);
    suite_add_tcase(s, contract);
    suite_add_tcase(s, hits);
    suite_add_tcase(s, features);
    return s;
}

int
main(void)
{
    return qr_check_run(output_suite());
}
