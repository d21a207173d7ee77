/* check_stemmer.c - the Snowball wrapper and the stem-or-not rule. */
#include "stemmer.h"

#include <check.h>
#include <string.h>

#include "check_main.h"
#include "terms.h"
#include "tokenizer.h"

static const char *
stem(qr_stemmer_t *s, const char *word)
{
    const char *out;
    size_t len;
    qr_err_t err;

    ck_assert_int_eq(qr_stem_word(s, word, strlen(word), &out, &len, &err),
                     QR_OK);
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

START_TEST(test_stem_english_merges_inflections)
{
    qr_stemmer_t *s;
    qr_err_t err;

    ck_assert_int_eq(qr_stem_new("english", &s, &err), QR_OK);
    ck_assert_str_eq(stem(s, "indexing"), "index");
    ck_assert_str_eq(stem(s, "indexed"), "index");
    ck_assert_str_eq(stem(s, "connections"), "connect");
    ck_assert_str_eq(stem(s, "rust's"), "rust");
    ck_assert_str_eq(qr_stem_language(s), "english");
    qr_stem_free(s);
}
END_TEST

START_TEST(test_stem_handles_utf8_words)
{
    qr_stemmer_t *s;
    qr_err_t err;

    ck_assert_int_eq(qr_stem_new("german", &s, &err), QR_OK);
    ck_assert_str_eq(stem(s, "h\xC3\xA4user"), "haus");
    qr_stem_free(s);
}
END_TEST

START_TEST(test_stem_none_is_identity)
{
    qr_stemmer_t *s;
    qr_err_t err;

    ck_assert_int_eq(qr_stem_new(QR_STEM_NONE, &s, &err), QR_OK);
    ck_assert_str_eq(stem(s, "running"), "running");
    qr_stem_free(s);
}
END_TEST

START_TEST(test_stem_unknown_language_is_a_usage_error)
{
    qr_stemmer_t *s = (qr_stemmer_t *)&s;
    qr_err_t err;

    ck_assert_int_eq(qr_stem_new("klingon", &s, &err), QR_ERR_USAGE);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.msg, "klingon"));
    ck_assert_int_eq(qr_stem_new("a-name-that-is-far-too-long-to-be-real",
                                 &s, &err), QR_ERR_USAGE);
}
END_TEST

/* The form of a query or document token: only letter words are stemmed. */
static const char *
form_of(qr_stemmer_t *s, const char *text)
{
    static char out[QR_TOK_MAX_TERM_BYTES + 1];
    qr_tokenizer_t tok;
    qr_token_t t;
    const char *form;
    size_t len;
    qr_err_t err;

    qr_tok_init(&tok, text, strlen(text), QR_TOK_QUERY, 0);
    ck_assert(qr_tok_next(&tok, &t));
    ck_assert_int_eq(qr_terms_form(s, &t, &form, &len, &err), QR_OK);
    memcpy(out, form, len);
    out[len] = '\0';
    return out;
}

START_TEST(test_terms_never_stem_digits_or_symbols)
{
    qr_stemmer_t *s;
    qr_err_t err;

    ck_assert_int_eq(qr_stem_new("english", &s, &err), QR_OK);
    ck_assert_str_eq(form_of(s, "Databases"), "databas");
    ck_assert_str_eq(form_of(s, "GPT-4o"), "gpt-4o");
    ck_assert_str_eq(form_of(s, "python3s"), "python3s");
    ck_assert_str_eq(form_of(s, "C++"), "c++");
    ck_assert_str_eq(form_of(s, "node.js"), "node.js");
    ck_assert_str_eq(form_of(s, "time_t"), "time_t");
    ck_assert_str_eq(form_of(s, "threads"), "thread");
    qr_stem_free(s);
}
END_TEST

START_TEST(test_terms_id_hashes_long_ids)
{
    char a[QR_ID_TERM_BYTES], b[QR_ID_TERM_BYTES];
    char long_a[400], long_b[400];

    qr_terms_id("nl-2024-017", a);
    ck_assert_str_eq(a, "Qnl-2024-017");
    memset(long_a, 'x', sizeof long_a - 1);
    long_a[sizeof long_a - 1] = '\0';
    memcpy(long_b, long_a, sizeof long_a);
    long_b[390] = 'y';
    qr_terms_id(long_a, a);
    qr_terms_id(long_b, b);
    ck_assert_uint_le(strlen(a), QR_TERM_MAX_BYTES);
    ck_assert_str_ne(a, b);
}
END_TEST

static void
title_key(qr_stemmer_t *s, const char *text, char *key, bool *has_key)
{
    qr_err_t err;

    ck_assert_int_eq(qr_terms_title_key(s, text, strlen(text), key, has_key,
                                        &err), QR_OK);
}

START_TEST(test_pair_term_is_the_same_in_either_order)
{
    char ab[QR_PAIR_TERM_BYTES], ba[QR_PAIR_TERM_BYTES];
    char longest[QR_TOK_MAX_TERM_BYTES];

    ck_assert_uint_eq(qr_terms_pair("handl", 5, "error", 5, ab), 13);
    ck_assert_str_eq(ab, QR_PREFIX_PAIR "error handl");
    ck_assert_uint_eq(qr_terms_pair("error", 5, "handl", 5, ba), 13);
    ck_assert_str_eq(ab, ba);
    /* A form that starts another goes first: "go" and "gopher". */
    ck_assert_uint_eq(qr_terms_pair("gopher", 6, "go", 2, ab), 11);
    ck_assert_str_eq(ab, QR_PREFIX_PAIR "go gopher");
    /* A word does not pair with itself, and too long a pair is no term. */
    ck_assert_uint_eq(qr_terms_pair("rust", 4, "rust", 4, ab), 0);
    memset(longest, 'x', sizeof longest);
    ck_assert_uint_eq(qr_terms_pair(longest, sizeof longest, "go", 2, ab),
                      QR_TERM_MAX_BYTES);   /* just fits */
    ck_assert_uint_eq(qr_terms_pair(longest, sizeof longest, "gopher", 6,
                                    ab), 0);
}
END_TEST

START_TEST(test_pair_words_are_wholes_and_not_stop_words)
{
    qr_token_t t = { "the", 3, 0, 3, 1, QR_TOKF_STEMMABLE };

    ck_assert(!qr_terms_is_pair_word(&t, true));
    ck_assert(qr_terms_is_pair_word(&t, false));   /* no stop list */
    t.term = "agent";
    t.len = 5;
    ck_assert(qr_terms_is_pair_word(&t, true));
    t.flags |= QR_TOKF_PART;   /* "agent" in "multi-agent" */
    ck_assert(!qr_terms_is_pair_word(&t, true));
}
END_TEST

START_TEST(test_title_key_ignores_case_punctuation_and_inflection)
{
    char a[QR_TITLE_KEY_BYTES], b[QR_TITLE_KEY_BYTES];
    bool has_a, has_b;
    qr_stemmer_t *s;
    qr_err_t err;

    ck_assert_int_eq(qr_stem_new("english", &s, &err), QR_OK);
    title_key(s, "Rust 1.0: Status Reports!", a, &has_a);
    title_key(s, "rust 1.0 status report", b, &has_b);
    ck_assert(has_a && has_b);
    ck_assert_str_eq(a, b);
    ck_assert_int_eq(strncmp(a, QR_PREFIX_TITLE_KEY, 2), 0);
    title_key(s, "rust 1.0 status", b, &has_b);
    ck_assert_str_ne(a, b);
    title_key(s, "status report rust 1.0", b, &has_b);
    ck_assert_str_ne(a, b);
    title_key(s, "ab c", a, &has_a);
    title_key(s, "a bc", b, &has_b);
    ck_assert_str_ne(a, b);
    title_key(s, "!!! ...", a, &has_a);
    ck_assert(!has_a);
    qr_stem_free(s);
}
END_TEST

static Suite *
stemmer_suite(void)
{
    Suite *s = suite_create("stemmer");
    TCase *core = tcase_create("core");
    TCase *errors = tcase_create("errors");

    tcase_add_test(core, test_stem_english_merges_inflections);
    tcase_add_test(core, test_stem_handles_utf8_words);
    tcase_add_test(core, test_stem_none_is_identity);
    tcase_add_test(core, test_terms_never_stem_digits_or_symbols);
    tcase_add_test(core, test_terms_id_hashes_long_ids);
    tcase_add_test(core, test_pair_term_is_the_same_in_either_order);
    tcase_add_test(core, test_pair_words_are_wholes_and_not_stop_words);
    tcase_add_test(core,
                   test_title_key_ignores_case_punctuation_and_inflection);
    tcase_add_test(errors, test_stem_unknown_language_is_a_usage_error);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}

int
main(void)
{
    return qr_check_run(stemmer_suite());
}
