/* check_tokenizer.c - the tokenizer's rules, as a table of input -> terms. */
#include "tokenizer.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"

typedef struct tok_case {
    const char *input;
    qr_tok_mode_t mode;
    const char *expected;   /* "term:pos" in emission order, space separated */
} tok_case_t;

#define DOC QR_TOK_DOCUMENT
#define QRY QR_TOK_QUERY

static const tok_case_t CASES[] = {
    /* plain words, case folding, positions */
    { "Hello, World!", DOC, "hello:0 world:1" },
    { "  spaces\tand\nnewlines  ", DOC, "spaces:0 and:1 newlines:2" },
    { "", DOC, "" },
    { "!!! ... ---", DOC, "" },
    /* languages with symbols stay whole, and C stays apart from C++ */
    { "C++ and C", DOC, "c++:0 and:1 c:2" },
    { "C# F# on .NET", DOC, "c#:0 f#:1 on:2 .net:3" },
    { "C++20 and g++", DOC, "c++20:0 and:1 g++:2" },
    { "a+b", DOC, "a:0 b:1" },
    { "c+++", DOC, "c:0" },
    { "issue#42", DOC, "issue:0 42:1" },
    /* dotted, hyphenated and slashed names: whole and parts */
    { "node.js", DOC, "node.js:0 node:0 js:0" },
    { "Node.js", QRY, "node.js:0" },
    { "x86-64", DOC, "x86-64:0 x86:0 64:0" },
    { "GPT-4o", DOC, "gpt-4o:0 gpt:0 4o:0" },
    { "HTTP/2 and HTTP/3", DOC, "http/2:0 http:0 2:0 and:1 http/3:2 http:2 3:2" },
    /* each side of a '/' is a part as it would be a token on its own */
    { "We compare C/C++ code", DOC,
      "we:0 compare:1 c/c++:2 c:2 c++:2 code:3" },
    { "C/C++", QRY, "c/c++:0" },
    { "JavaScript/Node.js", DOC, "javascript/node.js:0 javascript:0 java:0 "
      "script:0 node.js:0 node:0 js:0" },
    { "TCP/IP I/O and/or", DOC, "tcp/ip:0 tcp:0 ip:0 i/o:1 i:1 o:1 and/or:2 "
      "and:2 or:2" },
    { "OS/2", DOC, "os/2:0 os:0 2:0" },
    { "C++/CLI", DOC, "c++/cli:0 c++:0 cli:0" },
    { "C++/CLI", QRY, "c++/cli:0" },
    { "C#/F#", DOC, "c#/f#:0 c#:0 f#:0" },
    { "GPT-4o/GPT-4", DOC, "gpt-4o/gpt-4:0 gpt-4o:0 gpt:0 4o:0 gpt-4:0 gpt:0 "
      "4:0" },
    { "x86-64/arm64", DOC, "x86-64/arm64:0 x86-64:0 x86:0 64:0 arm64:0" },
    { "a/b/c", DOC, "a/b/c:0 a:0 b:0 c:0" },
    { ".NET/Mono", DOC, ".net/mono:0 .net:0 mono:0" },
    { "C#/.NET", DOC, "c#:0 .net:1" },
    { "Go 1.21/1.22", DOC, "go:0 1.21/1.22:1 1.21:1 1.22:1" },
    { "/usr/lib/x86_64-linux-gnu", DOC, "usr/lib/x86_64-linux-gnu:0 usr:0 "
      "lib:0 x86_64-linux-gnu:0 x86_64:0 linux:0 gnu:0" },
    { "multi-agent systems", DOC, "multi-agent:0 multi:0 agent:0 systems:1" },
    { "multi-agent systems", QRY, "multi-agent:0 systems:1" },
    { "std::vector", DOC, "std::vector:0 std:0 vector:0" },
    { "ASP.NET", DOC, "asp.net:0 asp:0 net:0" },
    { ".gitignore files", DOC, ".gitignore:0 files:1" },
    { "wait...NET", DOC, "wait:0 net:1" },
    /* numbers: versions and dates are kept whole, without parts */
    { "1.4.22", DOC, "1.4.22:0" },
    { "Python 3.11 vs 3.12", DOC, "python:0 3.11:1 vs:2 3.12:3" },
    { "ubuntu 20.04", QRY, "ubuntu:0 20.04:1" },
    { "2026/05/12", DOC, "2026/05/12:0" },
    { "the end. Next", DOC, "the:0 end:1 next:2" },
    { "version 2.", DOC, "version:0 2:1" },
    /* camelCase and PascalCase */
    { "TypeScript", DOC, "typescript:0 type:0 script:0" },
    { "TypeScript", QRY, "typescript:0" },
    { "XMLHttpRequest", DOC, "xmlhttprequest:0 xml:0 http:0 request:0" },
    { "getElementById", DOC, "getelementbyid:0 get:0 element:0 by:0 id:0" },
    { "APIs and GPUs", DOC, "apis:0 and:1 gpus:2" },
    { "NASA", DOC, "nasa:0" },
    /* identifiers */
    { "time_t", DOC, "time_t:0" },
    { "max_connections = 100", DOC, "max_connections:0 100:1" },
    { "__init__", DOC, "__init__:0" },
    { "___ rule", DOC, "rule:0" },
    /* apostrophes */
    { "don't", DOC, "don't:0" },
    { "Rust's borrow checker", DOC, "rust:0 borrow:1 checker:2" },
    { "Node.js's loop", DOC, "node.js:0 node:0 js:0 loop:1" },
    { "it\xE2\x80\x99s", DOC, "it:0" },
    { "rock\xE2\x80\x99n\xE2\x80\x99roll", DOC, "rock'n'roll:0" },
    /* Unicode folding beyond ASCII */
    { "\xC3\x89" "COLE", DOC, "\xC3\xA9" "cole:0" },
    { "Stra\xC3\x9F" "e", DOC, "strasse:0" },
    { "\xC5\x81ukasz Langa", DOC, "\xC5\x82ukasz:0 langa:1" },
    { "\xE6\x9D\xB1\xE4\xBA\xAC" "abc", DOC, "\xE6\x9D\xB1:0 \xE4\xBA\xAC:1 abc:2" },
    /* urls and mail addresses split into their words */
    { "https://example.com/a", DOC,
      "https:0 example.com/a:1 example.com:1 example:1 com:1 a:1" },
    /* invalid UTF-8 separates tokens and never stops the scan */
    { "abc\xFF" "def", DOC, "abc:0 def:1" },
    { "\xC3", DOC, "" },
    { "ab\xE2\x82" "cd", DOC, "ab:0 cd:1" },
    { "\xED\xA0\x80" "x", DOC, "x:0" },
};

static void
render(const char *input, qr_tok_mode_t mode, char *out, size_t cap)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    size_t n = 0;

    out[0] = '\0';
    qr_tok_init(&tok, input, strlen(input), mode, 0);
    while (qr_tok_next(&tok, &t)) {
        int w = snprintf(out + n, cap - n, "%s%.*s:%u", n ? " " : "",
                         (int)t.len, t.term, t.pos);
        ck_assert_int_gt(w, 0);
        n += (size_t)w;
        ck_assert_uint_lt(n, cap);
    }
}

START_TEST(test_tokenize_table)
{
    char got[1024];
    const tok_case_t *c = &CASES[_i];

    render(c->input, c->mode, got, sizeof got);
    ck_assert_msg(strcmp(got, c->expected) == 0,
                  "case %d \"%s\": got \"%s\", want \"%s\"", _i, c->input,
                  got, c->expected);
}
END_TEST

START_TEST(test_tokenize_offsets_point_at_original_bytes)
{
    const char *text = "Use C++ and Node.js.";
    qr_tokenizer_t tok;
    qr_token_t t;

    qr_tok_init(&tok, text, strlen(text), QR_TOK_DOCUMENT, 0);
    ck_assert(qr_tok_next(&tok, &t));
    ck_assert_uint_eq(t.start, 0);
    ck_assert_uint_eq(t.end, 3);
    ck_assert(qr_tok_next(&tok, &t));
    ck_assert_str_eq(t.term, "c++");
    ck_assert_int_eq(memcmp(text + t.start, "C++", 3), 0);
    ck_assert_uint_eq(t.end - t.start, 3);
    ck_assert(qr_tok_next(&tok, &t));   /* and */
    ck_assert(qr_tok_next(&tok, &t));   /* node.js */
    ck_assert_int_eq(memcmp(text + t.start, "Node.js", 7), 0);
    ck_assert_uint_eq(t.end - t.start, 7);
    ck_assert(qr_tok_next(&tok, &t));   /* part node */
    ck_assert(t.flags & QR_TOKF_PART);
    ck_assert_int_eq(memcmp(text + t.start, "Node", 4), 0);
    ck_assert(qr_tok_next(&tok, &t));   /* part js */
    ck_assert_int_eq(memcmp(text + t.start, "js", 2), 0);
    ck_assert(!qr_tok_next(&tok, &t));
}
END_TEST

START_TEST(test_tokenize_flags_say_what_may_be_stemmed)
{
    static const struct { const char *word; unsigned want; } words[] = {
        { "running", QR_TOKF_STEMMABLE },
        { "don't", QR_TOKF_STEMMABLE },
        { "GPT4", QR_TOKF_HAS_DIGIT },
        { "c++", QR_TOKF_COMPOUND },
        { "time_t", 0 },
    };

    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        qr_tokenizer_t tok;
        qr_token_t t;
        qr_tok_init(&tok, words[i].word, strlen(words[i].word),
                    QR_TOK_QUERY, 0);
        ck_assert(qr_tok_next(&tok, &t));
        ck_assert_msg(t.flags == words[i].want, "%s: flags %u, want %u",
                      words[i].word, t.flags, words[i].want);
    }
}
END_TEST

START_TEST(test_tokenize_drops_and_counts_overlong_terms)
{
    char text[600];
    qr_tokenizer_t tok;
    qr_token_t t;

    memset(text, 'a', 300);
    memcpy(text + 300, " ok", 4);
    qr_tok_init(&tok, text, strlen(text), QR_TOK_DOCUMENT, 0);
    ck_assert(qr_tok_next(&tok, &t));
    ck_assert_str_eq(t.term, "ok");
    ck_assert_uint_eq(t.pos, 1);
    ck_assert(!qr_tok_next(&tok, &t));
    ck_assert_uint_eq(qr_tok_n_dropped(&tok), 1);
}
END_TEST

START_TEST(test_tokenize_keeps_parts_of_an_overlong_compound)
{
    char text[400];
    qr_tokenizer_t tok;
    qr_token_t t;
    size_t n = 0;

    /* 20 segments of 15 letters joined by '-': too long whole, and more
     * segments than QR_TOK_MAX_SEGMENTS, so it is cut into two compounds. */
    for (int i = 0; i < 20; i++) {
        memset(text + n, 'a' + i, 15);
        n += 15;
        text[n++] = i < 19 ? '-' : '\0';
    }
    qr_tok_init(&tok, text, strlen(text), QR_TOK_QUERY, 0);
    ck_assert(qr_tok_next(&tok, &t));
    ck_assert(t.flags & QR_TOKF_PART);
    ck_assert_uint_eq(t.len, 15);
    ck_assert_uint_ge(qr_tok_n_dropped(&tok), 1);
}
END_TEST

START_TEST(test_tokenize_counts_invalid_utf8)
{
    const char *text = "a\xFF\xFE b \xC0\xAF";
    qr_tokenizer_t tok;
    qr_token_t t;

    qr_tok_init(&tok, text, strlen(text), QR_TOK_DOCUMENT, 0);
    while (qr_tok_next(&tok, &t))
        continue;
    ck_assert_uint_eq(qr_tok_n_invalid(&tok), 4);
}
END_TEST

START_TEST(test_fold_keeps_spaces_and_case_folds)
{
    char out[64];

    ck_assert_uint_eq(qr_tok_fold("Machine Learning", 16, out, sizeof out),
                      16);
    ck_assert_str_eq(out, "machine learning");
    ck_assert_uint_eq(qr_tok_fold("abc", 3, out, 3), SIZE_MAX);
}
END_TEST

/* Every byte sequence must tokenize without crashing or reading out of
 * bounds; run under ASan/valgrind this is a small deterministic fuzz. */
START_TEST(test_tokenize_survives_random_bytes)
{
    unsigned seed = 12345;
    char buf[257];

    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(round % 256) + 1;
        qr_tokenizer_t tok;
        qr_token_t t;
        char *copy;

        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (char)(seed >> 16);
        }
        /* An exact-size heap copy lets ASan catch any read past the end. */
        copy = malloc(len);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, buf, len);
        for (int mode = 0; mode < 2; mode++) {
            qr_tok_init(&tok, copy, len, (qr_tok_mode_t)mode, 0);
            while (qr_tok_next(&tok, &t)) {
                ck_assert_uint_le(t.end, len);
                ck_assert_uint_le(t.len, QR_TOK_MAX_TERM_BYTES);
                ck_assert_uint_gt(t.len, 0);
            }
        }
        free(copy);
    }
}
END_TEST

static Suite *
tokenizer_suite(void)
{
    Suite *s = suite_create("tokenizer");
    TCase *core = tcase_create("core");
    TCase *limits = tcase_create("limits");
    TCase *utf8 = tcase_create("utf8");

    tcase_add_loop_test(core, test_tokenize_table, 0,
                        (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(core, test_tokenize_offsets_point_at_original_bytes);
    tcase_add_test(core, test_tokenize_flags_say_what_may_be_stemmed);
    tcase_add_test(core, test_fold_keeps_spaces_and_case_folds);
    tcase_add_test(limits, test_tokenize_drops_and_counts_overlong_terms);
    tcase_add_test(limits, test_tokenize_keeps_parts_of_an_overlong_compound);
    tcase_add_test(utf8, test_tokenize_counts_invalid_utf8);
    tcase_add_test(utf8, test_tokenize_survives_random_bytes);
    suite_add_tcase(s, core);
    suite_add_tcase(s, limits);
    suite_add_tcase(s, utf8);
    return s;
}

int
main(void)
{
    return qr_check_run(tokenizer_suite());
}
