/* check_results.c - what quarry-search adds to a hit list, without an
 * index: snippets and their marks, the words that mark them, spelling
 * distances and the terminal rendering. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aliases.h"
#include "check_main.h"
#include "match_terms.h"
#include "options.h"
#include "output_text.h"
#include "query_build.h"
#include "snippet.h"
#include "suggest.h"
#include "stemmer.h"
#include "terms.h"
#include "tokenizer.h"
#include "utf8.h"

static qr_stemmer_t *stemmer;

static void
setup(void)
{
    ck_assert_int_eq(qr_stem_new("english", &stemmer, NULL), QR_OK);
}

static void
teardown(void)
{
    qr_stem_free(stemmer);
}

/* Cuts the snippet of BODY for the query words WORDS (space separated,
 * each stemmed as the query would be; "x*" is a prefix) in a window of
 * WINDOW characters, and returns it with marks shown as [..] (static). */
static const char *
snip(const char *words, const char *body, size_t window, sr_snippet_t *out)
{
    static char shown[4096];
    sr_match_terms_t terms;
    sr_snippeter_t *s = NULL;
    char copy[512], *save = NULL, *marked = NULL;

    sr_match_terms_init(&terms);
    snprintf(copy, sizeof copy, "%s", words);
    for (char *w = strtok_r(copy, " ", &save); w != NULL;
         w = strtok_r(NULL, " ", &save)) {
        size_t len = strlen(w);
        bool is_prefix = len > 1 && w[len - 1] == '*';
        qr_tokenizer_t tok;
        qr_token_t t;
        const char *form;
        size_t form_len;
        qr_tok_init(&tok, w, len - is_prefix, QR_TOK_QUERY, 0);
        ck_assert(qr_tok_next(&tok, &t));
        ck_assert_int_eq(qr_terms_form(is_prefix ? NULL : stemmer, &t, &form,
                                       &form_len, NULL), QR_OK);
        ck_assert_int_eq(sr_match_terms_add(&terms, form, form_len,
                                            is_prefix, NULL), QR_OK);
    }
    ck_assert_int_eq(sr_snippeter_new(&terms, stemmer, window, &s, NULL),
                     QR_OK);
    ck_assert_int_eq(sr_snippet_make(s, body, strlen(body), terms.n, out,
                                     NULL),
                     QR_OK);
    ck_assert_int_eq(sr_snippet_marked(out, "[", "]", &marked, NULL), QR_OK);
    snprintf(shown, sizeof shown, "%s", marked);
    ck_assert(qr_utf8_is_valid(out->text, out->len));
    ck_assert_uint_eq(strlen(out->text), out->len);
    for (size_t i = 0; i < out->n_marks; i++) {
        ck_assert_uint_lt(out->marks[i].start, out->marks[i].end);
        ck_assert_uint_le(out->marks[i].end, out->len);
        if (i > 0)
            ck_assert_uint_le(out->marks[i - 1].end, out->marks[i].start);
    }
    free(marked);
    sr_snippeter_free(s);
    sr_match_terms_release(&terms);
    return shown;
}

START_TEST(test_snippet_marks_stemmed_matches)
{
    sr_snippet_t out;

    ck_assert_str_eq(snip("indexing", "We indexed it. Indexes help.", 200,
                          &out),
                     "We [indexed] it. [Indexes] help.");
    ck_assert(!out.is_cut_before && !out.is_cut_after);
    ck_assert_uint_eq(out.n_marks, 2);
    ck_assert_uint_eq(out.marks[0].start, 3);
    ck_assert_uint_eq(out.marks[0].end, 10);
    sr_snippet_release(&out);
}
END_TEST

START_TEST(test_snippet_picks_the_window_with_most_distinct_words)
{
    sr_snippet_t out;
    const char *body =
        "Rust rust rust appears often at the start of this text, and then "
        "much later, after plenty of filler words that say nothing at all "
        "about anything, we finally discuss rust and wasm together here. "
        "The end.";

    ck_assert_str_eq(snip("rust wasm", body, 40, &out),
                     "discuss [rust] and [wasm] together here. The");
    ck_assert(out.is_cut_before && out.is_cut_after);
    sr_snippet_release(&out);
}
END_TEST

START_TEST(test_snippet_without_match_is_the_opening)
{
    sr_snippet_t out;

    ck_assert_str_eq(snip("zebra", "  First words\n\n of the   body go on "
                                   "and on.", 20, &out),
                     "First words of the");
    ck_assert(!out.is_cut_before && out.is_cut_after);
    ck_assert_uint_eq(out.n_marks, 0);
    sr_snippet_release(&out);
    ck_assert_str_eq(snip("", "", 20, &out), "");
    ck_assert(!out.is_cut_before && !out.is_cut_after);
    sr_snippet_release(&out);
}
END_TEST

START_TEST(test_snippet_marks_parts_and_prefixes)
{
    sr_snippet_t out;

    ck_assert_str_eq(snip("node", "Try node.js today.", 200, &out),
                     "Try [node].js today.");
    sr_snippet_release(&out);
    ck_assert_str_eq(snip("node.js", "Try node.js today.", 200, &out),
                     "Try [node.js] today.");
    sr_snippet_release(&out);
    ck_assert_str_eq(snip("kube*", "Use kubectl with Kubernetes.", 200,
                          &out),
                     "Use [kubectl] with [Kubernetes].");
    sr_snippet_release(&out);
    ck_assert_str_eq(snip("script", "TypeScript wins.", 200, &out),
                     "Type[Script] wins.");
    sr_snippet_release(&out);
}
END_TEST

START_TEST(test_snippet_keeps_punctuation_after_the_last_word)
{
    sr_snippet_t out;

    ck_assert_str_eq(snip("end", "x the end. Then", 6, &out), "[end].");
    ck_assert(out.is_cut_before && out.is_cut_after);
    sr_snippet_release(&out);
}
END_TEST

/* The window's last character falls inside "é" or right before it: the
 * cut is at a word's end, never inside a UTF-8 sequence. */
START_TEST(test_snippet_ends_next_to_a_multibyte_character)
{
    sr_snippet_t out;
    char body[256];

    for (size_t window = 8; window <= 16; window++) {
        snprintf(body, sizeof body, "cache caf\xc3\xa9 na\xc3\xafve r\xc3\xa9"
                 "sum\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e end");
        snip("cache", body, window, &out);
        ck_assert_msg(qr_utf8_is_valid(out.text, out.len), "window %zu",
                      window);
        ck_assert(out.len == 5 || out.text[out.len - 1] != ' ');
        sr_snippet_release(&out);
    }
    ck_assert_str_eq(snip("cache", body, 10, &out), "[cache] caf\xc3\xa9");
    sr_snippet_release(&out);
    /* Han characters are words of their own: a cut may fall between. */
    ck_assert_str_eq(snip("\xe6\x97\xa5", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa"
                          "\x9e\xe3\x81\xae\xe6\x96\x87", 3, &out),
                     "[\xe6\x97\xa5]\xe6\x9c\xac\xe8\xaa\x9e");
    sr_snippet_release(&out);
}
END_TEST

START_TEST(test_snippet_cuts_a_word_longer_than_the_window)
{
    sr_snippet_t out;
    char body[600];

    memset(body, 'x', 500);
    memcpy(body + 500, " \xc3\xa9t\xc3\xa9", 6);
    body[506] = '\0';
    snip("zebra", body, 20, &out);
    ck_assert_uint_eq(out.len, 20);
    ck_assert(out.is_cut_after);
    sr_snippet_release(&out);
}
END_TEST

START_TEST(test_snippet_collapses_control_characters)
{
    sr_snippet_t out;

    ck_assert_str_eq(snip("tab", "a\ttab\x01\x02here\r\nnow", 200, &out),
                     "a [tab] here now");
    ck_assert_uint_eq(out.marks[0].start, 2);
    sr_snippet_release(&out);
}
END_TEST

/* Aliases for the queries below, as in searcher/data/aliases.txt. */
static const char ALIASES[] = "large language model, llm\n"
                              "kubernetes, k8s\n";

/* Builds QUERY as quarry-search does (with ALIASES, stop words dropped)
 * and adds what it searches to TERMS (initialized). */
static void
terms_of_query(const char *query, sr_match_terms_t *terms)
{
    sr_aliases_t *aliases = NULL;
    sr_words_t words;
    sr_issues_t issues;
    sr_filters_t filters;
    qr_query_t *q = NULL;

    memset(&filters, 0, sizeof filters);
    sr_issues_init(&issues);
    ck_assert_int_eq(sr_aliases_new(stemmer, &aliases, NULL), QR_OK);
    ck_assert_int_eq(sr_aliases_add_text(aliases, ALIASES, strlen(ALIASES),
                                         "test", NULL), QR_OK);
    sr_words_init(&words, stemmer, aliases, true);
    ck_assert_int_eq(sr_query_build(query, strlen(query), &words, &filters,
                                    0, &q, &issues, NULL), QR_OK);
    ck_assert_int_eq(sr_match_terms_add_query(terms, q, NULL), QR_OK);
    qr_query_free(q);
    sr_issues_release(&issues);
    sr_aliases_free(aliases);
}

/* Cuts the snippet of BODY for the query QUERY (built as quarry-search
 * builds it) in a window of WINDOW characters, every word and phrase
 * taken as present, and returns it with marks shown as [..] (static). */
static const char *
snip_query(const char *query, const char *body, size_t window)
{
    static char shown[4096];
    sr_match_terms_t terms;
    sr_snippeter_t *s = NULL;
    sr_snippet_t out;
    char *marked = NULL;

    sr_match_terms_init(&terms);
    terms_of_query(query, &terms);
    ck_assert_int_eq(sr_snippeter_new(&terms, stemmer, window, &s, NULL),
                     QR_OK);
    ck_assert_int_eq(sr_snippet_make(s, body, strlen(body), SIZE_MAX, &out,
                                     NULL), QR_OK);
    ck_assert_int_eq(sr_snippet_marked(&out, "[", "]", &marked, NULL), QR_OK);
    snprintf(shown, sizeof shown, "%s", marked);
    for (size_t i = 1; i < out.n_marks; i++)
        ck_assert_uint_le(out.marks[i - 1].end, out.marks[i].start);
    free(marked);
    sr_snippet_release(&out);
    sr_snippeter_free(s);
    sr_match_terms_release(&terms);
    return shown;
}

START_TEST(test_snippet_marks_an_alias_phrase_only_where_it_stands)
{
    /* "llm" searches "large language model" as a phrase: its words mark
     * together, never one by one. */
    ck_assert_str_eq(snip_query("llm", "The model was trained on a large "
                                "corpus. Large language models such as an "
                                "LLM talk; a language model too.", 200),
                     "The model was trained on a large corpus. [Large "
                     "language models] such as an [LLM] talk; a language "
                     "model too.");
    ck_assert_str_eq(snip_query("LLM", "the model was trained", 200),
                     "the model was trained");
}
END_TEST

START_TEST(test_snippet_window_goes_to_a_quoted_phrase)
{
    /* Both words stand early but apart; the window is the phrase's. */
    ck_assert_str_eq(snip_query("\"error handling\"",
                                "Handling an error early is the first "
                                "thing this text says, and it goes on "
                                "about other things for a long while, "
                                "on and on, until at last it comes to "
                                "error handling in Rust.", 40),
                     "it comes to [error handling] in Rust.");
    /* Stop words inside a phrase do not pull the window to a stray
     * "the" or "of". */
    ck_assert_str_eq(snip_query("\"state of the art\"",
                                "The art of the state was a topic of the "
                                "day, and the rest of the text goes on "
                                "and on for quite a while more, until it "
                                "says this is the state of the art now.",
                                40),
                     "this is the [state of the art] now.");
}
END_TEST

START_TEST(test_snippet_marks_single_words_alone_as_before)
{
    /* A word asked for alone marks alone, stemmed, even when a phrase
     * holds it too. */
    ck_assert_str_eq(snip_query("rust wasm", "We discuss Rust and wasm.",
                                200),
                     "We discuss [Rust] and [wasm].");
    ck_assert_str_eq(snip_query("large language model",
                                "the model was trained; large language "
                                "models", 200),
                     "the [model] was trained; [large language models]");
    ck_assert_str_eq(snip_query("model \"error handling\"",
                                "Models of error handling", 200),
                     "[Models] of [error handling]");
}
END_TEST

START_TEST(test_snippet_marks_a_hyphenated_word_whole_or_apart)
{
    ck_assert_str_eq(snip_query("wasm-bindgen", "Use wasm-bindgen, or wasm "
                                "bindgen written apart; wasm alone and "
                                "bindgen alone are not it.", 200),
                     "Use [wasm-bindgen], or [wasm bindgen] written apart; "
                     "wasm alone and bindgen alone are not it.");
}
END_TEST

START_TEST(test_snippet_matches_phrases_by_position)
{
    /* A compound's parts share its position: "js" of "node.js" starts
     * the phrase. An alias in a quoted phrase fills its place with any
     * of its one-word spellings. */
    ck_assert_str_eq(snip_query("\"js runtime\"", "A node.js runtime, a js "
                                "engine.", 200),
                     "A node.[js runtime], a js engine.");
    ck_assert_str_eq(snip_query("\"k8s cluster\"", "A Kubernetes cluster, a "
                                "k8s cluster, a cluster.", 200),
                     "A [Kubernetes cluster], a [k8s cluster], a cluster.");
    /* A phrase repeating a word finds its places in order. */
    ck_assert_str_eq(snip_query("\"very very good\"", "very good, very very "
                                "very good", 200),
                     "very good, very [very very good]");
}
END_TEST


START_TEST(test_match_terms_leave_out_excluded_words_and_filters)
{
    static const char *const QUERY = "rust -golang tag:web author:ada "
                                     "title:kernels kube* since:2020";
    sr_words_t words;
    sr_issues_t issues;
    sr_filters_t filters;
    sr_match_terms_t terms;
    qr_query_t *q = NULL;
    char got[512] = "";

    memset(&filters, 0, sizeof filters);
    sr_issues_init(&issues);
    sr_match_terms_init(&terms);
    sr_words_init(&words, stemmer, NULL, true);
    ck_assert_int_eq(sr_query_build(QUERY, strlen(QUERY), &words, &filters,
                                    0, &q, &issues, NULL), QR_OK);
    ck_assert_int_eq(sr_match_terms_add_query(&terms, q, NULL), QR_OK);
    for (size_t i = 0; i < terms.n; i++) {
        strcat(got, terms.items[i].form);
        strcat(got, terms.items[i].is_prefix ? "* " : " ");
    }
    ck_assert_str_eq(got, "rust kernel kube* ");
    ck_assert_int_eq(sr_match_terms_find(&terms, "kubernet", 8), 2);
    ck_assert_int_eq(sr_match_terms_find(&terms, "golang", 6), -1);
    sr_match_terms_release(&terms);
    qr_query_free(q);
    sr_issues_release(&issues);
}
END_TEST

/* TERMS as "form" for a word asked alone, "form~" for one only in
 * phrases, then each phrase as "[a b|c]" (a place of several forms
 * joined by '|'), into OUT (static). */
static const char *
describe_terms(const sr_match_terms_t *terms)
{
    static char out[1024];

    out[0] = '\0';
    for (size_t i = 0; i < terms->n; i++) {
        strcat(out, terms->items[i].form);
        strcat(out, terms->items[i].is_alone ? " " : "~ ");
    }
    for (size_t p = 0; p < terms->n_phrases; p++) {
        const sr_match_phrase_t *phrase = &terms->phrases[p];
        strcat(out, "[");
        for (size_t k = 0; k < phrase->n; k++) {
            const sr_match_place_t *place = &terms->places[phrase->first + k];
            for (size_t a = 0; a < place->n; a++) {
                strcat(out, a > 0 ? "|" : k > 0 ? " " : "");
                strcat(out, terms->items[terms->alts[place->first + a]].form);
            }
        }
        strcat(out, "]");
    }
    return out;
}

START_TEST(test_match_terms_keep_phrases_as_places)
{
    sr_match_terms_t terms;

    sr_match_terms_init(&terms);
    terms_of_query("llm", &terms);
    ck_assert_str_eq(describe_terms(&terms), "larg~ languag~ model~ "
                     "large-language-model llm [larg languag model]");
    ck_assert_uint_eq(sr_match_terms_n_sought(&terms), 3);
    ck_assert_int_eq(sr_match_terms_find(&terms, "model", 5), -1);
    ck_assert_int_eq(sr_match_terms_find_in_phrase(&terms, "model", 5), 2);
    sr_match_terms_release(&terms);

    /* A word asked for alone and in a phrase is both; a repeated phrase
     * is kept once; a title phrase loses its prefix. */
    sr_match_terms_init(&terms);
    terms_of_query("\"k8s cluster\" cluster title:\"k8s cluster\"", &terms);
    ck_assert_str_eq(describe_terms(&terms), "kubernet~ k8s~ cluster "
                     "[kubernet|k8s cluster]");
    ck_assert_int_eq(sr_match_terms_find(&terms, "cluster", 7), 2);
    ck_assert_int_eq(sr_match_terms_find_in_phrase(&terms, "cluster", 7), 2);
    sr_match_terms_release(&terms);
}
END_TEST

START_TEST(test_match_terms_count_a_phrase_held_when_each_place_is)
{
    sr_match_terms_t terms;
    /* larg languag model large-language-model llm */
    bool only_model[] = { false, false, true, false, false };
    bool words_and_llm[] = { true, true, true, false, true };

    sr_match_terms_init(&terms);
    terms_of_query("llm", &terms);
    ck_assert_uint_eq(terms.n, 5);
    ck_assert_uint_eq(sr_match_terms_n_held(&terms, only_model), 0);
    /* The words may stand apart: counted, so a snippet never stops
     * reading before it looked for the phrase. */
    ck_assert_uint_eq(sr_match_terms_n_held(&terms, words_and_llm), 2);
    sr_match_terms_release(&terms);
}
END_TEST

START_TEST(test_match_terms_bound_a_query_of_many_phrases)
{
    char query[8192] = "", body[8192] = "", word[64];
    sr_match_terms_t terms;
    sr_snippeter_t *s = NULL;
    sr_snippet_t out;

    /* 300 quoted phrases of three made-up words each, and a body that
     * holds them all. */
    for (int i = 0; i < 300; i++) {
        snprintf(word, sizeof word, "\"zq%d zr%d zs%d\" ", i, i, i);
        strcat(query, word);
        snprintf(word, sizeof word, "zq%d zr%d zs%d. ", i, i, i);
        strcat(body, word);
    }
    sr_match_terms_init(&terms);
    terms_of_query(query, &terms);
    ck_assert_uint_le(terms.n, SR_MATCH_TERMS_MAX);
    ck_assert_uint_le(terms.n_alts, SR_MATCH_TERMS_MAX);
    ck_assert_uint_le(terms.n_phrases, SR_MATCH_PHRASES_MAX);
    ck_assert_uint_gt(terms.n_phrases, 0);
    ck_assert_int_eq(sr_snippeter_new(&terms, stemmer, 200, &s, NULL), QR_OK);
    ck_assert_int_eq(sr_snippet_make(s, body, strlen(body), SIZE_MAX, &out,
                                     NULL), QR_OK);
    ck_assert_uint_gt(out.n_marks, 0);
    sr_snippet_release(&out);
    sr_snippeter_free(s);
    sr_match_terms_release(&terms);
}
END_TEST

START_TEST(test_edit_distance_counts_characters_and_swaps)
{
    ck_assert_uint_eq(sr_edit_distance("kubernet", 8, "kubrenet", 8, 2), 1);
    ck_assert_uint_eq(sr_edit_distance("gpt-4o", 6, "gtp-4o", 6, 2), 1);
    ck_assert_uint_eq(sr_edit_distance("node.js", 7, "node.jss", 8, 2), 1);
    ck_assert_uint_eq(sr_edit_distance("complex", 7, "complext", 8, 2), 1);
    ck_assert_uint_eq(sr_edit_distance("abc", 3, "abc", 3, 2), 0);
    ck_assert_uint_eq(sr_edit_distance("kitten", 6, "sitting", 7, 3), 3);
    /* More than MAX is MAX + 1, however far. */
    ck_assert_uint_eq(sr_edit_distance("kitten", 6, "sitting", 7, 2), 3);
    ck_assert_uint_eq(sr_edit_distance("a", 1, "abcdef", 6, 2), 3);
    /* "é" is one character, not two bytes. */
    ck_assert_uint_eq(sr_edit_distance("caf\xc3\xa9", 5, "cafe", 4, 2), 1);
}
END_TEST

/* The optimal string alignment distance by the textbook table, with no
 * shortcut: the reference the quick rejections must agree with. */
static size_t
reference_osa(const char *a, size_t n, const char *b, size_t m)
{
    size_t d[10][10];

    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

START_TEST(test_edit_distance_agrees_with_the_full_table)
{
    uint32_t seed = 12345;
    char a[9], b[9];

    for (int round = 0; round < 20000; round++) {
        size_t n, m, want, max;
        seed = seed * 1103515245u + 12345u;
        n = (seed >> 16) % 9;
        seed = seed * 1103515245u + 12345u;
        m = (seed >> 16) % 9;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = (char)('a' + (seed >> 16) % 4);
        }
        for (size_t j = 0; j < m; j++) {
            seed = seed * 1103515245u + 12345u;
            b[j] = (char)('a' + (seed >> 16) % 4);
        }
        max = 1 + (size_t)round % 3;
        want = reference_osa(a, n, b, m);
        if (want > max)
            want = max + 1;
        ck_assert_uint_eq(sr_edit_distance(a, n, b, m, max), want);
    }
}
END_TEST

START_TEST(test_output_format_follows_the_terminal_and_no_color)
{
    sr_options_t o;

    memset(&o, 0, sizeof o);
    sr_options_settle_output(&o, true, NULL);
    ck_assert(o.format == SR_FORMAT_TEXT && o.uses_color);
    memset(&o, 0, sizeof o);
    sr_options_settle_output(&o, true, "1");
    ck_assert(o.format == SR_FORMAT_TEXT && !o.uses_color);
    memset(&o, 0, sizeof o);
    sr_options_settle_output(&o, true, "");   /* empty: as if unset */
    ck_assert(o.uses_color);
    memset(&o, 0, sizeof o);
    sr_options_settle_output(&o, false, NULL);
    ck_assert(o.format == SR_FORMAT_JSON && !o.uses_color);
    memset(&o, 0, sizeof o);
    o.color = SR_COLOR_ALWAYS;
    o.format = SR_FORMAT_TEXT;
    sr_options_settle_output(&o, false, "1");
    ck_assert(o.uses_color);
    memset(&o, 0, sizeof o);
    o.color = SR_COLOR_NEVER;
    sr_options_settle_output(&o, true, NULL);
    ck_assert(!o.uses_color);
    memset(&o, 0, sizeof o);
    o.color = SR_COLOR_ALWAYS;
    o.format = SR_FORMAT_JSONL;   /* colour is for text only */
    sr_options_settle_output(&o, true, NULL);
    ck_assert(!o.uses_color);
}
END_TEST

/* What sr_text_put_clean writes for S (static). */
static const char *
cleaned(const char *s, size_t len)
{
    static char out[256];
    FILE *fp = fmemopen(out, sizeof out, "w");

    ck_assert_ptr_nonnull(fp);
    ck_assert(sr_text_put_clean(fp, s, len));
    ck_assert_int_eq(fclose(fp), 0);
    return out;
}

START_TEST(test_text_never_prints_control_characters)
{
    ck_assert_str_eq(cleaned("a\x1b[31mb\x01" "c\td\x7f", 12),
                     "a\xef\xbf\xbd[31mb\xef\xbf\xbd" "c d\xef\xbf\xbd");
    /* C1 controls (U+0080..U+009F) too; other characters stay. */
    ck_assert_str_eq(cleaned("x\xc2\x9by\xc2\xa9", 6),
                     "x\xef\xbf\xbdy\xc2\xa9");
    /* Bidirectional overrides and isolates (U+202E, U+2066) would show
     * text in another order than it is; other marks stay (U+2019). */
    ck_assert_str_eq(cleaned("a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x80\x99",
                             12),
                     "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xe2\x80\x99");
}
END_TEST

START_TEST(test_text_highlights_matches_in_colour)
{
    static const char ENVELOPE[] =
        "{\"schema_version\": 1, \"query\": \"q\", \"took_ms\": 1,"
        " \"total\": 1, \"total_bounds\": {\"lower\": 1, \"upper\": 1},"
        " \"offset\": 0, \"limit\": 10, \"warnings\": [],"
        " \"suggestion\": {\"query\": \"rust\", \"corrections\": []},"
        " \"facets\": {\"month\": {\"distinct\": 1, \"values\":"
        " [{\"value\": \"2024-05\", \"count\": 2},"
        "  {\"value\": \"2024-06\", \"count\": 1}]}}, \"like\": null,"
        " \"hits\": [{\"rank\": 1, \"id\": \"x\", \"path\": \"p.md\","
        " \"url\": null, \"title\": \"T\", \"author\": \"A\","
        " \"authors\": [\"A\"], \"date\": \"2024-05-01T00:00:00Z\","
        " \"date_source\": \"metadata\", \"tags\": [], \"score\": 1,"
        " \"snippet\": {\"text\": \"we rust here\", \"marked\": \"\","
        " \"highlights\": [{\"start\": 3, \"end\": 7}],"
        " \"truncated_start\": true, \"truncated_end\": false}}]}";
    char out[2048];
    json_t *root = json_loads(ENVELOPE, 0, NULL);
    FILE *fp = fmemopen(out, sizeof out, "w");

    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(sr_text_print(fp, root, true, NULL), QR_OK);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_ptr_nonnull(strstr(out, "1 match\x1b[0m\n"));
    ck_assert_ptr_nonnull(strstr(out, "Did you mean: \x1b[1mrust"));
    ck_assert_ptr_nonnull(strstr(out, "  1. \x1b[1mT\x1b[0m\n"));
    ck_assert_ptr_nonnull(strstr(out, "2024-05-01 \xc2\xb7 A \xc2\xb7 p.md"));
    ck_assert_ptr_nonnull(strstr(out, "\xe2\x80\xa6we \x1b[1;33mrust"
                                      "\x1b[0m here\n"));
    ck_assert_ptr_nonnull(strstr(out, "2024-05 \xe2\x96\x88"));
    json_decref(root);
}
END_TEST

static Suite *
results_suite(void)
{
    Suite *s = suite_create("results");
    TCase *snippet = tcase_create("snippet");
    TCase *utf8 = tcase_create("utf8");
    TCase *core = tcase_create("core");
    TCase *limits = tcase_create("limits");

    tcase_add_checked_fixture(snippet, setup, teardown);
    tcase_add_checked_fixture(utf8, setup, teardown);
    tcase_add_test(snippet, test_snippet_marks_stemmed_matches);
    tcase_add_test(snippet, test_snippet_picks_the_window_with_most_distinct_words);
    tcase_add_test(snippet, test_snippet_without_match_is_the_opening);
    tcase_add_test(snippet, test_snippet_marks_parts_and_prefixes);
    tcase_add_test(snippet, test_snippet_keeps_punctuation_after_the_last_word);
    tcase_add_test(snippet, test_snippet_collapses_control_characters);
    tcase_add_test(snippet,
                   test_snippet_marks_an_alias_phrase_only_where_it_stands);
    tcase_add_test(snippet, test_snippet_window_goes_to_a_quoted_phrase);
    tcase_add_test(snippet, test_snippet_marks_single_words_alone_as_before);
    tcase_add_test(snippet,
                   test_snippet_marks_a_hyphenated_word_whole_or_apart);
    tcase_add_test(snippet, test_snippet_matches_phrases_by_position);
    tcase_add_test(utf8, test_snippet_ends_next_to_a_multibyte_character);
    tcase_add_test(utf8, test_snippet_cuts_a_word_longer_than_the_window);
    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_test(core, test_match_terms_leave_out_excluded_words_and_filters);
    tcase_add_test(core, test_match_terms_keep_phrases_as_places);
    tcase_add_test(core,
                   test_match_terms_count_a_phrase_held_when_each_place_is);
    tcase_add_test(limits, test_match_terms_bound_a_query_of_many_phrases);
    tcase_add_test(core, test_edit_distance_counts_characters_and_swaps);
    tcase_add_test(core, test_edit_distance_agrees_with_the_full_table);
    tcase_add_test(core, test_output_format_follows_the_terminal_and_no_color);
    tcase_add_test(core, test_text_never_prints_control_characters);
    tcase_add_test(core, test_text_highlights_matches_in_colour);
    suite_add_tcase(s, core);
    suite_add_tcase(s, snippet);
    suite_add_tcase(s, utf8);
    tcase_add_checked_fixture(limits, setup, teardown);
    suite_add_tcase(s, limits);
    return s;
}

int
main(void)
{
    return qr_check_run(results_suite());
}
