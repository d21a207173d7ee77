/* check_query.c - the query language: lexing, parsing into a tree, dates,
 * aliases and stop words, without an index. Trees are compared in the
 * one-line form of qr_query_describe. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aliases.h"
#include "buf.h"
#include "check_main.h"
#include "date.h"
#include "query_build.h"
#include "query_dates.h"
#include "query_lex.h"
#include "stemmer.h"
#include "stopwords.h"
#include "terms.h"

/* 2026-11-25T12:00:00Z: "now" for every relative date below. */
#define NOW ((int64_t)1795608000)

static const char ALIASES[] =
    "# test aliases\n"
    "kubernetes, k8s\n"
    "postgresql, postgres\n"
    "gpt-4o, gpt4o\n"
    "large language model, llm\n";

static qr_stemmer_t *stemmer;
static sr_aliases_t *aliases;

static void
setup(void)
{
    ck_assert_int_eq(qr_stem_new("english", &stemmer, NULL), QR_OK);
    ck_assert_int_eq(sr_aliases_new(stemmer, &aliases, NULL), QR_OK);
    ck_assert_int_eq(sr_aliases_add_text(aliases, ALIASES,
                                         strlen(ALIASES), "test", NULL),
                     QR_OK);
}

static void
teardown(void)
{
    sr_aliases_free(aliases);
    qr_stem_free(stemmer);
}

/* Replaces each title key's hash in S by "#", so that expected trees stay
 * readable ("XT#"); test_title_key_matches_the_indexed_key checks the
 * hash itself. */
static void
hide_title_keys(char *s)
{
    char *at;

    while ((at = strstr(s, QR_PREFIX_TITLE_KEY)) != NULL &&
           strlen(at) >= 2 + 16 && at[2] != '#') {
        at[2] = '#';
        memmove(at + 3, at + 2 + 16, strlen(at + 2 + 16) + 1);
    }
}

/* Builds TEXT with FILTERS (may be NULL) and returns its description
 * (caller frees) or NULL when the build refused it; *ISSUES_OUT (may be
 * NULL) gets the issues (caller releases). */
static char *
build_with(const char *text, const sr_filters_t *filters,
           sr_issues_t *issues_out)
{
    sr_filters_t none = { 0 };
    sr_words_t words;
    sr_issues_t issues;
    qr_query_t *query = NULL;
    qr_buf_t buf;
    qr_err_t err;
    char *out = NULL;
    qr_status_t st;

    sr_words_init(&words, stemmer, aliases, true);
    sr_issues_init(&issues);
    st = sr_query_build(text, strlen(text), &words,
                        filters ? filters : &none, NOW, &query, &issues,
                        &err);
    ck_assert_msg(st == QR_OK || st == QR_ERR_PARSE, "%s", err.msg);
    if (st == QR_OK) {
        qr_buf_init(&buf);
        ck_assert_int_eq(qr_query_describe(query, &buf, NULL), QR_OK);
        ck_assert_int_eq(qr_buf_detach(&buf, &out, NULL, NULL), QR_OK);
        hide_title_keys(out);
    }
    qr_query_free(query);
    if (issues_out != NULL)
        *issues_out = issues;
    else
        sr_issues_release(&issues);
    return out;
}

static char *
build(const char *text)
{
    return build_with(text, NULL, NULL);
}

#define assert_builds(text, expected)                                     \
    do {                                                                  \
        char *got_ = build(text);                                         \
        ck_assert_ptr_nonnull(got_);                                      \
        ck_assert_str_eq(got_, expected);                                 \
        free(got_);                                                       \
    } while (0)

/* --- lexer ---------------------------------------------------------------- */

START_TEST(test_lex_finds_syntax_and_leaves_words_whole)
{
    static const char text[] = "std::vector -beta -40 title:\"a b\" OR (x)";
    static const sr_lex_kind_t kinds[] = {
        SR_LEX_WORD, SR_LEX_MINUS, SR_LEX_WORD, SR_LEX_WORD, SR_LEX_FIELD,
        SR_LEX_OR, SR_LEX_OPEN, SR_LEX_WORD, SR_LEX_CLOSE, SR_LEX_END
    };
    sr_lexer_t lex;
    sr_lexeme_t lx;

    sr_lex_init(&lex, text, strlen(text));
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        sr_lex_next(&lex, &lx);
        ck_assert_msg(lx.kind == kinds[i], "lexeme %zu is %d", i, lx.kind);
        if (i == 0)
            ck_assert_uint_eq(lx.text_end, 11);   /* "std::vector" */
        if (i == 3)
            ck_assert_int_eq(text[lx.text_start], '-');   /* "-40" */
        if (i == 4) {
            ck_assert(lx.is_quoted);
            ck_assert_int_eq(strncmp(text + lx.text_start, "a b", 3), 0);
        }
    }
}
END_TEST

START_TEST(test_lex_runs_an_unclosed_quote_to_the_end)
{
    static const char text[] = "x \"open phrase";
    sr_lexer_t lex;
    sr_lexeme_t lx;

    sr_lex_init(&lex, text, strlen(text));
    sr_lex_next(&lex, &lx);
    sr_lex_next(&lex, &lx);
    ck_assert_int_eq(lx.kind, SR_LEX_PHRASE);
    ck_assert(lx.is_unclosed);
    ck_assert_uint_eq(lx.text_end, strlen(text));
    sr_lex_next(&lex, &lx);
    ck_assert_int_eq(lx.kind, SR_LEX_END);
    sr_lex_next(&lex, &lx);
    ck_assert_int_eq(lx.kind, SR_LEX_END);
}
END_TEST

/* --- trees --------------------------------------------------------------- */

START_TEST(test_free_word_matches_text_and_earns_title_bonus)
{
    assert_builds("Rust", "AND_MAYBE(rust, BONUS(0.5, Srust))");
}
END_TEST

START_TEST(test_words_side_by_side_rank_by_any_and_title_phrase)
{
    assert_builds("borrow checker",
                  "AND_MAYBE(AND_MAYBE(OR(AND_MAYBE(borrow, "
                  "BONUS(0.5, Sborrow)), "
                  "AND_MAYBE(checker, BONUS(0.5, Schecker))), "
                  "BONUS(1, XT#, PHRASE(Sborrow, Schecker))), "
                  "BONUS(0.6, XPborrow checker, AND(borrow, checker)))");
}
END_TEST

START_TEST(test_free_neighbours_earn_a_bonus_for_standing_together)
{
    /* Each two neighbouring free words, stop words and repeats left out;
     * quoted words already stand together and prefixes have no term. */
    assert_builds("rust and error error handling",
                  "AND_MAYBE(AND_MAYBE(AND_MAYBE(OR(AND_MAYBE(rust, "
                  "BONUS(0.5, Srust)), AND_MAYBE(error, BONUS(0.5, Serror)), "
                  "AND_MAYBE(error, BONUS(0.5, Serror)), "
                  "AND_MAYBE(handl, BONUS(0.5, Shandl))), "
                  "BONUS(1, XT#, PHRASE(Srust, Sand, Serror, Serror, "
                  "Shandl))), BONUS(0.6, XPerror handl, AND(error, handl))), "
                  "BONUS(0.6, XPerror rust, AND(rust, error)))");
    assert_builds("\"error handling\" rust",
                  "AND_MAYBE(OR(SYNONYM(PHRASE(error, handl), "
                  "error-handling), AND_MAYBE(rust, BONUS(0.5, Srust))), "
                  "BONUS(1, XT#, PHRASE(Serror, Shandl, Srust)))");
    assert_builds("rust -async error",
                  "AND_MAYBE(AND_MAYBE(AND_NOT(OR(AND_MAYBE(rust, "
                  "BONUS(0.5, Srust)), AND_MAYBE(error, BONUS(0.5, Serror))), "
                  "async), BONUS(1, XT#, PHRASE(Srust, Serror))), "
                  "BONUS(0.6, XPerror rust, AND(rust, error)))");
}
END_TEST

START_TEST(test_stopwords_drop_beside_other_words_only)
{
    assert_builds("the rust",
                  "AND_MAYBE(AND_MAYBE(rust, BONUS(0.5, Srust)), "
                  "BONUS(1, XT#, PHRASE(Sthe, Srust)))");
    assert_builds("the who",
                  "AND_MAYBE(OR(AND_MAYBE(the, BONUS(0.5, Sthe)), "
                  "AND_MAYBE(who, BONUS(0.5, Swho))), "
                  "BONUS(1, XT#, PHRASE(Sthe, Swho)))");
    assert_builds("\"the who\"",
                  "AND_MAYBE(SYNONYM(PHRASE(the, who), the-who), "
                  "BONUS(1, XT#, PHRASE(Sthe, Swho)))");
}
END_TEST

START_TEST(test_minus_and_not_exclude)
{
    /* A left-out word needs no title bonus: removal ignores weight. */
    const char *expected = "AND_NOT(AND_MAYBE(rust, BONUS(0.5, Srust)), go)";

    assert_builds("rust -go", expected);
    assert_builds("rust NOT go", expected);
    assert_builds("NOT go rust", expected);
    assert_builds("-go", "SCALE(0, AND_NOT(ALL, go))");
    assert_builds("rust -(go wasm)", "AND_NOT(AND_MAYBE(rust, BONUS(0.5, Srust)), "
                  "OR(go, wasm))");
}
END_TEST

START_TEST(test_or_and_and_group)
{
    assert_builds("rust OR go",
                  "AND_MAYBE(AND_MAYBE(OR(AND_MAYBE(rust, BONUS(0.5, Srust)), "
                  "AND_MAYBE(go, BONUS(0.5, Sgo))), "
                  "BONUS(1, XT#, PHRASE(Srust, Sgo))), "
                  "BONUS(0.6, XPgo rust, AND(rust, go)))");
    assert_builds("rust AND go",
                  "AND_MAYBE(AND_MAYBE(AND(AND_MAYBE(rust, BONUS(0.5, Srust)), "
                  "AND_MAYBE(go, BONUS(0.5, Sgo))), "
                  "BONUS(1, XT#, PHRASE(Srust, Sgo))), "
                  "BONUS(0.6, XPgo rust, AND(rust, go)))");
    /* AND binds tighter than OR; a group is one operand. */
    assert_builds("(rust OR go) AND wasm",
                  "AND_MAYBE(AND_MAYBE(AND_MAYBE(AND(OR(AND_MAYBE(rust, "
                  "BONUS(0.5, Srust)), AND_MAYBE(go, BONUS(0.5, Sgo))), "
                  "AND_MAYBE(wasm, BONUS(0.5, Swasm))), "
                  "BONUS(1, XT#, PHRASE(Srust, Sgo, Swasm))), "
                  "BONUS(0.6, XPgo wasm, AND(go, wasm))), "
                  "BONUS(0.6, XPgo rust, AND(rust, go)))");
}
END_TEST

START_TEST(test_title_key_matches_the_indexed_key)
{
    static const char title[] = "Borrow Checkers: Rust's Story";
    static const char query_text[] = "borrow checker \"rust story\" -go";
    char key[QR_TITLE_KEY_BYTES], expected[256];
    bool has_key;
    sr_filters_t none = { 0 };
    sr_words_t words;
    sr_issues_t issues;
    qr_query_t *query = NULL;
    qr_buf_t buf;

    /* The key of the title as the indexer computes it ... */
    ck_assert_int_eq(qr_terms_title_key(stemmer, title, strlen(title), key,
                                        &has_key, NULL), QR_OK);
    ck_assert(has_key);
    snprintf(expected, sizeof expected, "BONUS(1, %s, ", key);
    /* ... is the one a query of the same words builds, whatever its case
     * and punctuation, and negated words are left out. */
    sr_words_init(&words, stemmer, aliases, true);
    sr_issues_init(&issues);
    ck_assert_int_eq(sr_query_build(query_text, strlen(query_text), &words,
                                    &none, NOW, &query, &issues, NULL),
                     QR_OK);
    qr_buf_init(&buf);
    ck_assert_int_eq(qr_query_describe(query, &buf, NULL), QR_OK);
    ck_assert_msg(strstr(buf.data, expected) != NULL, "%s not in %s",
                  expected, buf.data);
    qr_buf_release(&buf);
    qr_query_free(query);
    sr_issues_release(&issues);
}
END_TEST

START_TEST(test_phrase_also_matches_hyphenated_form)
{
    assert_builds("\"memory safety\"",
                  "AND_MAYBE(SYNONYM(PHRASE(memori, safeti), memory-safety), "
                  "BONUS(1, XT#, PHRASE(Smemori, Ssafeti)))");
    /* Words with digits are matched exactly, never re-joined. */
    assert_builds("\"python 3.12\"",
                  "AND_MAYBE(PHRASE(python, 3.12), "
                  "BONUS(1, XT#, PHRASE(Spython, S3.12)))");
}
END_TEST

START_TEST(test_prefix_searches_terms_starting_with_it)
{
    assert_builds("kube*", "kube*");
    assert_builds("title:kube*", "Skube*");
}
END_TEST

START_TEST(test_fields_make_title_terms_and_filters)
{
    assert_builds("title:Kubernetes", "Skubernet");
    assert_builds("title:\"garbage collector\"",
                  "SYNONYM(PHRASE(Sgarbag, Scollector), Sgarbage-collector)");
    assert_builds("author:\"Ada Quint\"", "SCALE(0, AND(Aada, Aquint))");
    assert_builds("tag:C++", "SCALE(0, Kc++)");
    assert_builds("tag:\"Machine Learning\"", "SCALE(0, Kmachine learning)");
    assert_builds("site:https://www.Example.com/post",
                  "SCALE(0, OR(Hexample.com, Hwww.example.com))");
    assert_builds("rust tag:async",
                  "FILTER(AND_MAYBE(rust, BONUS(0.5, Srust)), Kasync)");
}
END_TEST

START_TEST(test_author_and_tag_take_a_prefix)
{
    assert_builds("author:tom*", "SCALE(0, Atom*)");
    assert_builds("author:\"Ada Qu*\"", "SCALE(0, AND(Aada, Aqu*))");
    /* A tag's prefix (check_search tells it from a literal star). */
    assert_builds("tag:Machine*", "SCALE(0, Kmachine*)");
}
END_TEST

START_TEST(test_filters_of_one_clause_are_all_required)
{
    assert_builds("tag:a tag:b", "SCALE(0, AND(Ka, Kb))");
    assert_builds("tag:a OR tag:b", "SCALE(0, OR(Ka, Kb))");
    assert_builds("-tag:a rust",
                  "AND_NOT(AND_MAYBE(rust, BONUS(0.5, Srust)), SCALE(0, Ka))");
}
END_TEST

START_TEST(test_dates_cover_whole_periods)
{
    assert_builds("since:2026-05", "SCALE(0, DATE(2026-05-01..))");
    assert_builds("until:2026-05", "SCALE(0, DATE(..2026-05-31))");
    assert_builds("since:2024 until:2024",
                  "SCALE(0, AND(DATE(2024-01-01..), DATE(..2024-12-31)))");
    assert_builds("since:2w", "SCALE(0, DATE(2026-11-11..))");
}
END_TEST

START_TEST(test_tech_terms_stay_whole_and_unstemmed)
{
    assert_builds("C++", "AND_MAYBE(c++, BONUS(0.5, Sc++))");
    assert_builds("C#", "AND_MAYBE(c#, BONUS(0.5, Sc#))");
    assert_builds(".NET", "AND_MAYBE(.net, BONUS(0.5, S.net))");
    assert_builds("Node.js", "AND_MAYBE(node.js, BONUS(0.5, Snode.js))");
    assert_builds("3.11", "AND_MAYBE(3.11, BONUS(0.5, S3.11))");
    assert_builds("GPT-4", "AND_MAYBE(gpt-4, BONUS(0.5, Sgpt-4))");
}
END_TEST

START_TEST(test_hyphenated_names_are_the_whole_or_the_phrase)
{
    /* The whole term the indexer stored, or the parts side by side; never
     * the loose parts ("bindgen" alone is not wasm-bindgen). */
    assert_builds("wasm-bindgen",
                  "AND_MAYBE(SYNONYM(PHRASE(wasm, bindgen), wasm-bindgen), "
                  "BONUS(0.5, Swasm-bindgen))");
    assert_builds("multi-agent",
                  "AND_MAYBE(SYNONYM(PHRASE(multi, agent), multi-agent), "
                  "BONUS(0.5, Smulti-agent))");
    /* The title phrase keeps the whole word, as titles index it. */
    assert_builds("multi-agent systems",
                  "AND_MAYBE(AND_MAYBE(OR(AND_MAYBE(SYNONYM(PHRASE(multi, "
                  "agent), multi-agent), BONUS(0.5, Smulti-agent)), "
                  "AND_MAYBE(system, BONUS(0.5, Ssystem))), "
                  "BONUS(1, XT#, PHRASE(Smulti-agent, Ssystem))), "
                  "BONUS(0.6, XPmulti-agent system, "
                  "AND(multi-agent, system)))");
}
END_TEST

START_TEST(test_aliases_search_every_spelling_as_one_term)
{
    assert_builds("k8s", "AND_MAYBE(SYNONYM(kubernet, k8s), "
                         "BONUS(0.5, Skubernet), BONUS(0.5, Sk8s))");
    assert_builds("postgres", "AND_MAYBE(SYNONYM(postgresql, postgr), "
                              "BONUS(0.5, Spostgresql), "
                              "BONUS(0.5, Spostgr))");
    assert_builds("GPT4o", "AND_MAYBE(SYNONYM(gpt-4o, gpt4o), "
                           "BONUS(0.5, Sgpt-4o), BONUS(0.5, Sgpt4o))");
    assert_builds("llm", "AND_MAYBE(SYNONYM(PHRASE(larg, languag, model), "
                         "large-language-model, llm), BONUS(0.5, Sllm))");
    /* No fuzzy or stemmed widening for words with digits. */
    assert_builds("gpt-4", "AND_MAYBE(gpt-4, BONUS(0.5, Sgpt-4))");
}
END_TEST

/* Fails unless TEXT builds a tree whose description holds PART (or, with
 * IS_ABSENT, does not). */
static void
assert_build_holds(const char *text, const char *part, bool is_absent)
{
    char *got = build(text);

    ck_assert_ptr_nonnull(got);
    ck_assert_msg((strstr(got, part) == NULL) == is_absent, "%s: %s %s %s",
                  text, got, is_absent ? "holds" : "lacks", part);
    free(got);
}

START_TEST(test_multiword_alias_is_found_from_its_words)
{
    static const char GROUP[] = "SYNONYM(PHRASE(larg, languag, model), "
                                "large-language-model, llm)";

    /* Quoted, the phrase is the group; bare, the words still count each
     * and the group adds its other spellings. */
    assert_build_holds("\"large language model\"", GROUP, false);
    assert_build_holds("large language model", GROUP, false);
    assert_build_holds("large language model", "AND_MAYBE(larg, BONUS(0.5, Slarg))",
                       false);
    assert_build_holds("Large  Language\tModels rock", GROUP, false);
    assert_build_holds("why large language model", GROUP, false);
    /* Only words side by side make the spelling. */
    assert_build_holds("large AND language AND model", "llm", true);
    assert_build_holds("-large language model", "llm", true);
    assert_build_holds("large \"language model\"", "llm", true);
    assert_build_holds("large language", "llm", true);
}
END_TEST

START_TEST(test_alias_in_a_phrase_matches_its_one_word_spellings)
{
    assert_build_holds("\"k8s cluster\"",
                       "PHRASE(SYNONYM(kubernet, k8s), cluster)", false);
    assert_build_holds("title:\"k8s cluster\"",
                       "PHRASE(SYNONYM(Skubernet, Sk8s), Scluster)", false);
    /* A spelling of several words cannot stand for one word of it. */
    assert_build_holds("\"llm training\"", "PHRASE(llm, train)", false);
}
END_TEST

START_TEST(test_filter_options_join_like_fields)
{
    static const char *const tags[] = { "Rust" };
    static const char *const authors[] = { "ada" };
    sr_filters_t f = { .since = "2024-05", .until = "1y", .tags = tags,
                       .n_tags = 1, .authors = authors, .n_authors = 1 };
    char *got = build_with("wasm", &f, NULL);

    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "FILTER(AND_MAYBE(wasm, BONUS(0.5, Swasm)), "
                          "AND(DATE(2024-05-01..), DATE(..2025-11-25), "
                          "Aada, Krust))");
    free(got);
}
END_TEST

/* --- dates ---------------------------------------------------------------- */

typedef struct bound_case {
    const char *value;
    bool is_upper;
    int64_t now;
    const char *iso;   /* NULL: refused */
} bound_case_t;

static const bound_case_t BOUNDS[] = {
    { "2026-05-12", false, NOW, "2026-05-12T00:00:00Z" },
    { "2026-05-12", true, NOW, "2026-05-12T23:59:59Z" },
    { "2026-05", false, NOW, "2026-05-01T00:00:00Z" },
    { "2026-05", true, NOW, "2026-05-31T23:59:59Z" },
    { "2024-02", true, NOW, "2024-02-29T23:59:59Z" },
    { "2026", false, NOW, "2026-01-01T00:00:00Z" },
    { "2026", true, NOW, "2026-12-31T23:59:59Z" },
    { "May 2026", true, NOW, "2026-05-31T23:59:59Z" },
    { "2026-05-12T09:30:00Z", true, NOW, "2026-05-12T09:30:00Z" },
    { "7d", false, NOW, "2026-11-18T12:00:00Z" },
    { "0d", true, NOW, "2026-11-25T12:00:00Z" },
    { "2w", false, NOW, "2026-11-11T12:00:00Z" },
    { "6m", false, NOW, "2026-05-25T12:00:00Z" },
    { "1y", false, NOW, "2025-11-25T12:00:00Z" },
    { "1Y", false, NOW, "2025-11-25T12:00:00Z" },
    /* Month arithmetic clamps to the end of a shorter month. */
    { "6m", false, 1788177600 /* 2026-08-31T12:00Z */,
      "2026-02-28T12:00:00Z" },
    { "1y", false, 1709208000 /* 2024-02-29T12:00Z */,
      "2023-02-28T12:00:00Z" },
    { "14m", false, 1788177600, "2025-06-30T12:00:00Z" },
    { "7", false, NOW, NULL },
    { "d", false, NOW, NULL },
    { "7x", false, NOW, NULL },
    { "-7d", false, NOW, NULL },
    { "99999999999d", false, NOW, NULL },
    { "2026-13", false, NOW, NULL },
    { "2026-02-30", false, NOW, NULL },
    { "yesterday", false, NOW, NULL },
    { "", false, NOW, NULL },
};

START_TEST(test_date_bounds_absolute_and_relative)
{
    const bound_case_t *c = &BOUNDS[_i];
    char iso[QR_DATE_ISO_BYTES];
    int64_t secs;
    qr_err_t err;
    qr_status_t st = sr_dates_bound(c->value, strlen(c->value), c->is_upper,
                                    c->now, &secs, &err);

    if (c->iso == NULL) {
        ck_assert_msg(st == QR_ERR_PARSE, "\"%s\" was taken", c->value);
        ck_assert_ptr_nonnull(strstr(err.msg, "is not a date"));
        return;
    }
    ck_assert_msg(st == QR_OK, "\"%s\": %s", c->value, err.msg);
    ck_assert_str_eq(qr_date_format_iso(secs, iso), c->iso);
}
END_TEST

/* --- aliases and stop words ---------------------------------------- */

START_TEST(test_alias_line_joins_the_group_sharing_a_spelling)
{
    static const char more[] = "k8s, kube\n";
    char *got;

    ck_assert_int_eq(sr_aliases_add_text(aliases, more, strlen(more), "user",
                                         NULL), QR_OK);
    got = build("kube");
    ck_assert_str_eq(got, "AND_MAYBE(SYNONYM(kubernet, k8s, kube), "
                          "BONUS(0.5, Skubernet), BONUS(0.5, Sk8s), "
                          "BONUS(0.5, Skube))");
    free(got);
}
END_TEST

START_TEST(test_alias_line_needs_two_spellings)
{
    static const char bad[] = "# fine\n\nrust, rustlang\n  lonely  \n";
    qr_err_t err;

    ck_assert_int_eq(sr_aliases_add_text(aliases, bad, strlen(bad),
                                         "my.aliases", &err), QR_ERR_PARSE);
    ck_assert_str_eq(err.msg, "my.aliases:4: an alias line needs two or "
                              "more spellings separated by commas");
}
END_TEST

START_TEST(test_stop_list_is_sorted_for_bsearch)
{
    size_t n;
    const char *const *list = qr_stop_list(&n);

    ck_assert_uint_gt(n, 100);
    for (size_t i = 1; i < n; i++)
        ck_assert_msg(strcmp(list[i - 1], list[i]) < 0, "%s before %s",
                      list[i - 1], list[i]);
    ck_assert(qr_stop_is_stopword("the", 3));
    ck_assert(qr_stop_is_stopword("don't", 5));
    ck_assert(!qr_stop_is_stopword("th", 2));
    ck_assert(!qr_stop_is_stopword("go", 2));
    ck_assert(qr_stop_has_list("english"));
    ck_assert(!qr_stop_has_list("german"));
}
END_TEST

/* --- repairs --------------------------------------------------------- */

/* Builds TEXT and checks its first issue has CODE at 1-based POSITION. */
static void
assert_first_issue(const char *text, sr_issue_code_t code, size_t position)
{
    sr_issues_t issues;
    char *got = build_with(text, NULL, &issues);

    ck_assert_msg(issues.n > 0, "\"%s\" gave no issue", text);
    ck_assert_msg(issues.items[0].code == code, "\"%s\": %s", text,
                  sr_issue_code_str(issues.items[0].code));
    ck_assert_uint_eq(sr_issue_position(text, strlen(text),
                                        issues.items[0].offset), position);
    free(got);
    sr_issues_release(&issues);
}

START_TEST(test_repairs_are_reported_with_positions)
{
    assert_first_issue("rust \"async", SR_ISSUE_UNCLOSED_QUOTE, 6);
    assert_first_issue("(rust go", SR_ISSUE_UNCLOSED_PAREN, 1);
    assert_first_issue("rust) go", SR_ISSUE_UNMATCHED_PAREN, 5);
    assert_first_issue("lang:rust", SR_ISSUE_UNKNOWN_FIELD, 1);
    assert_first_issue("rust title:", SR_ISSUE_EMPTY_FIELD, 6);
    assert_first_issue("rust OR", SR_ISSUE_DANGLING_OPERATOR, 6);
    assert_first_issue("AND rust", SR_ISSUE_DANGLING_OPERATOR, 1);
    assert_first_issue("rust NOT", SR_ISSUE_DANGLING_OPERATOR, 6);
    assert_first_issue("since:soon rust", SR_ISSUE_BAD_DATE, 1);
    assert_first_issue("...", SR_ISSUE_NO_TERMS, 1);
    /* A minus with nothing to leave out. */
    assert_first_issue("rust -", SR_ISSUE_DANGLING_OPERATOR, 6);
    assert_first_issue("rust - go", SR_ISSUE_DANGLING_OPERATOR, 6);
    assert_first_issue("rust --", SR_ISSUE_DANGLING_OPERATOR, 6);
    assert_first_issue("rust -()", SR_ISSUE_DANGLING_OPERATOR, 6);
    assert_first_issue("rust NOT \"\"", SR_ISSUE_DANGLING_OPERATOR, 6);
    /* Xapian's phrases take no prefix search: the word is searched. */
    assert_first_issue("\"kube* budget\"", SR_ISSUE_PREFIX_IN_PHRASE, 1);
    assert_first_issue("go title:\"kube* x\"", SR_ISSUE_PREFIX_IN_PHRASE, 4);
    /* Positions count characters, not bytes. */
    assert_first_issue("naïve café \"x", SR_ISSUE_UNCLOSED_QUOTE, 12);
}
END_TEST

START_TEST(test_blank_query_is_refused)
{
    sr_issues_t issues;

    ck_assert_ptr_null(build_with(" \t\n", NULL, &issues));
    ck_assert_uint_eq(issues.n, 1);
    ck_assert_int_eq(issues.items[0].code, SR_ISSUE_EMPTY_QUERY);
    ck_assert(sr_issue_is_fatal(issues.items[0].code));
    sr_issues_release(&issues);
}
END_TEST

START_TEST(test_bad_filter_option_is_refused)
{
    sr_filters_t f = { .since = "2026-13-45" };
    sr_issues_t issues;

    ck_assert_ptr_null(build_with("rust", &f, &issues));
    ck_assert_int_eq(issues.items[issues.n - 1].code, SR_ISSUE_BAD_OPTION);
    ck_assert_ptr_nonnull(strstr(issues.items[issues.n - 1].message,
                                 "--since"));
    ck_assert_uint_eq(issues.items[issues.n - 1].offset, SR_ISSUE_NO_OFFSET);
    sr_issues_release(&issues);
}
END_TEST

/* Queries people type that trip up other engines' syntax. Each must build
 * a tree (repaired and reported if needed), never be refused. */
static const char *const AWKWARD[] = {
    "multi-agent", "ubuntu 20.04", "38.101", "C++", "C#", ".NET",
    "node.js", "GPT-4o", "\"", "\"\"", "\"unclosed phrase", "(", ")", "()",
    "((rust)", "rust))", "OR", "AND", "NOT", "-", "--", "- -", "*", "**",
    "kube**", "OR OR AND", "NOT NOT rust", "-(-rust)", "a AND", "AND OR NOT",
    "title:", "tag:", ":", "::", "a:b:c", "http://example.com/x?y=1#z",
    "std::vector<int>", "foo(bar)", "rust (go", "\"a (b\" c)", "since:",
    "since:tomorrow", "until:2026-02-30", "site:", "author:\"\"", "@#$%^&",
    "naïve ☃ 日本語", "e.g. i.e.", "'quoted'", "`code`", "[link](url)",
    "100%", "$HOME", "a\tb\nc", "🦀 rust", "-rust -go", "tag:\"",
};

START_TEST(test_awkward_query_is_repaired_not_refused)
{
    sr_issues_t issues;
    char *got = build_with(AWKWARD[_i], NULL, &issues);

    ck_assert_msg(got != NULL, "\"%s\" was refused", AWKWARD[_i]);
    for (size_t i = 0; i < issues.n; i++)
        ck_assert(!sr_issue_is_fatal(issues.items[i].code));
    free(got);
    sr_issues_release(&issues);
}
END_TEST

/* Fills a new string with COUNT copies of UNIT. */
static char *
repeat(const char *unit, size_t count)
{
    size_t n = strlen(unit);
    char *s = malloc(n * count + 1);

    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < count; i++)
        memcpy(s + i * n, unit, n);
    s[n * count] = '\0';
    return s;
}

START_TEST(test_huge_and_deep_queries_are_bounded)
{
    char *deep = repeat("(", 100000);
    char *long_query = repeat("word ", 50000);
    char *long_word = repeat("x", 100000);
    sr_issues_t issues;
    char *got;

    got = build_with(deep, NULL, &issues);
    ck_assert_ptr_nonnull(got);
    ck_assert_int_eq(issues.items[0].code, SR_ISSUE_TOO_DEEP);
    free(got);
    sr_issues_release(&issues);
    got = build_with(long_query, NULL, &issues);
    ck_assert_ptr_nonnull(got);
    ck_assert_int_eq(issues.items[0].code, SR_ISSUE_TOO_LONG);
    free(got);
    sr_issues_release(&issues);
    got = build_with(long_word, NULL, &issues);   /* over the term limit */
    ck_assert_ptr_nonnull(got);
    free(got);
    sr_issues_release(&issues);
    free(deep);
    free(long_query);
    free(long_word);
}
END_TEST

static Suite *
query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *core = tcase_create("core");
    TCase *dates = tcase_create("dates");
    TCase *errors = tcase_create("errors");
    TCase *limits = tcase_create("limits");

    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_checked_fixture(errors, setup, teardown);
    tcase_add_checked_fixture(limits, setup, teardown);
    tcase_add_test(core, test_lex_finds_syntax_and_leaves_words_whole);
    tcase_add_test(core, test_lex_runs_an_unclosed_quote_to_the_end);
    tcase_add_test(core, test_free_word_matches_text_and_earns_title_bonus);
    tcase_add_test(core, test_words_side_by_side_rank_by_any_and_title_phrase);
    tcase_add_test(core,
                   test_free_neighbours_earn_a_bonus_for_standing_together);
    tcase_add_test(core, test_stopwords_drop_beside_other_words_only);
    tcase_add_test(core, test_minus_and_not_exclude);
    tcase_add_test(core, test_or_and_and_group);
    tcase_add_test(core, test_title_key_matches_the_indexed_key);
    tcase_add_test(core, test_phrase_also_matches_hyphenated_form);
    tcase_add_test(core, test_prefix_searches_terms_starting_with_it);
    tcase_add_test(core, test_fields_make_title_terms_and_filters);
    tcase_add_test(core, test_author_and_tag_take_a_prefix);
    tcase_add_test(core, test_filters_of_one_clause_are_all_required);
    tcase_add_test(core, test_dates_cover_whole_periods);
    tcase_add_test(core, test_tech_terms_stay_whole_and_unstemmed);
    tcase_add_test(core, test_hyphenated_names_are_the_whole_or_the_phrase);
    tcase_add_test(core, test_aliases_search_every_spelling_as_one_term);
    tcase_add_test(core, test_multiword_alias_is_found_from_its_words);
    tcase_add_test(core, test_alias_in_a_phrase_matches_its_one_word_spellings);
    tcase_add_test(core, test_alias_line_joins_the_group_sharing_a_spelling);
    tcase_add_test(core, test_stop_list_is_sorted_for_bsearch);
    tcase_add_test(core, test_filter_options_join_like_fields);
    tcase_add_loop_test(dates, test_date_bounds_absolute_and_relative, 0,
                        (int)(sizeof BOUNDS / sizeof BOUNDS[0]));
    tcase_add_test(errors, test_alias_line_needs_two_spellings);
    tcase_add_test(errors, test_repairs_are_reported_with_positions);
    tcase_add_test(errors, test_blank_query_is_refused);
    tcase_add_test(errors, test_bad_filter_option_is_refused);
    tcase_add_loop_test(errors, test_awkward_query_is_repaired_not_refused, 0,
                        (int)(sizeof AWKWARD / sizeof AWKWARD[0]));
    tcase_add_test(limits, test_huge_and_deep_queries_are_bounded);
    suite_add_tcase(s, core);
    suite_add_tcase(s, dates);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, limits);
    return s;
}

int
main(void)
{
    return qr_check_run(query_suite());
}
