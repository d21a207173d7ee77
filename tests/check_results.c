/* check_results.c - what quarry-search adds to a hit list, without an
 * index: snippets and their marks, the words that mark them, spelling
 * distances and the terminal rendering. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "match_terms.h"
#include "snippet.h"
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
    ck_assert_int_eq(sr_snippet_make(s, body, strlen(body), out, NULL),
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

static Suite *
results_suite(void)
{
    Suite *s = suite_create("results");
    TCase *snippet = tcase_create("snippet");
    TCase *utf8 = tcase_create("utf8");

    tcase_add_checked_fixture(snippet, setup, teardown);
    tcase_add_checked_fixture(utf8, setup, teardown);
    tcase_add_test(snippet, test_snippet_marks_stemmed_matches);
    tcase_add_test(snippet, test_snippet_picks_the_window_with_most_distinct_words);
    tcase_add_test(snippet, test_snippet_without_match_is_the_opening);
    tcase_add_test(snippet, test_snippet_marks_parts_and_prefixes);
    tcase_add_test(snippet, test_snippet_keeps_punctuation_after_the_last_word);
    tcase_add_test(snippet, test_snippet_collapses_control_characters);
    tcase_add_test(utf8, test_snippet_ends_next_to_a_multibyte_character);
    tcase_add_test(utf8, test_snippet_cuts_a_word_longer_than_the_window);
    suite_add_tcase(s, snippet);
    suite_add_tcase(s, utf8);
    return s;
}

int
main(void)
{
    return qr_check_run(results_suite());
}
