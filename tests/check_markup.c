/* check_markup.c - the helpers that turn markup and headers into fields
 * and words: authors, mail headers, template stripping, entities, the
 * Markdown and reST text walkers. */
#include <check.h>
#include <string.h>

#include "authors.h"
#include "check_main.h"
#include "html_text.h"
#include "mailheader.h"
#include "markdown_text.h"
#include "rst_text.h"
#include "template_strip.h"

/* Authors parsed from TEXT, joined with "|". */
static const char *
authors_of(const char *text, char *out, size_t cap)
{
    qr_strlist_t list = { 0 };
    qr_err_t err;

    ck_assert_int_eq(ix_authors_add(&list, text, strlen(text), &err), QR_OK);
    out[0] = '\0';
    for (size_t i = 0; i < list.n; i++) {
        if (i > 0)
            strncat(out, "|", cap - strlen(out) - 1);
        strncat(out, list.items[i], cap - strlen(out) - 1);
    }
    qr_strlist_release(&list);
    return out;
}

typedef struct author_case {
    const char *text;
    const char *names;
} author_case_t;

static const author_case_t AUTHOR_CASES[] = {
    { "Kyle Strand, Niko Matsakis, and Amanieu d'Antras",
      "Kyle Strand|Niko Matsakis|Amanieu d'Antras" },
    { "Carol Nichols and David Wood", "Carol Nichols|David Wood" },
    { "Steve Francia & Cassandra Salisbury",
      "Steve Francia|Cassandra Salisbury" },
    { "Russ Cox, for the Go team", "Russ Cox" },
    { "Andrew Gallant on behalf of The regex crate team", "Andrew Gallant" },
    { "Russ Cox, July 2011; updated by Shenghou Ma, May 2013",
      "Russ Cox|Shenghou Ma" },
    { "Guido van Rossum <guido@python.org>, Barry Warsaw <barry@python.org>",
      "Guido van Rossum|Barry Warsaw" },
    { "Amethyst Reese <amethyst at example.org>", "Amethyst Reese" },
    { "Barry Warsaw (barry@python.org)", "Barry Warsaw" },
    { "barry@python.org (Barry Warsaw)", "Barry Warsaw" },
    { "Filippo Valsorda (Geomys)", "Filippo Valsorda" },
    { "Ada Quint (Example Labs Inc.), Bo Ruiz (AT&T)", "Ada Quint|Bo Ruiz" },
    { "Carol (Nichols || Goulding)", "Carol (Nichols || Goulding)" },
    { "Fred L. Drake, Jr. <fred@example.org>", "Fred L. Drake, Jr." },
    { "Niko Matsakis and @mark-i-m", "Niko Matsakis|@mark-i-m" },
    { "Carmen Andoh and contributors", "Carmen Andoh" },
    { "\xC5\x81ukasz Langa", "\xC5\x81ukasz Langa" },
    { "davidtwco and wesleywiser", "davidtwco|wesleywiser" },
    { "The Rust Release Team", "The Rust Release Team" },
    { "rsc@golang.org", "" },
};

START_TEST(test_authors_table)
{
    const author_case_t *c = &AUTHOR_CASES[_i];
    char out[256];

    ck_assert_str_eq(authors_of(c->text, out, sizeof out), c->names);
}
END_TEST

START_TEST(test_mail_header_continuations_and_lists)
{
    const char *text =
        "\nTitle: A Title\nAuthor: A <a@x.org>,\n        B <b@x.org>\n"
        "Topic: Packaging, Typing\nPost-History:\nCreated: 05-Jul-2001\n"
        "\nBody: not a header.\n";
    ix_fields_t f;
    size_t body;
    qr_err_t err;
    const ix_field_t *field;

    ix_fields_init(&f);
    ck_assert_int_eq(ix_header_parse(text, strlen(text), IX_HEADER_MAIL, 1,
                                     &f, &body, &err), QR_OK);
    ck_assert_str_eq(text + body, "\nBody: not a header.\n");
    field = ix_fields_get(&f, "author");
    ck_assert_str_eq(field->values.items[0], "A <a@x.org>, B <b@x.org>");
    ck_assert_uint_eq(field->line, 3);
    ck_assert_uint_eq(ix_fields_get(&f, "topic")->values.n, 2);
    ck_assert_uint_eq(ix_fields_get(&f, "post-history")->values.n, 0);
    ck_assert_uint_eq(ix_fields_get(&f, "created")->line, 7);
    ix_fields_release(&f);
}
END_TEST

START_TEST(test_mail_header_refuses_prose)
{
    const char *text = "Note: this starts like a header\nbut goes on as "
                       "prose.\n\nMore.\n";
    ix_fields_t f;
    size_t body;
    qr_err_t err;

    ix_fields_init(&f);
    ck_assert_int_eq(ix_header_parse(text, strlen(text), IX_HEADER_MAIL, 1,
                                     &f, &body, &err), QR_OK);
    ck_assert_uint_eq(body, 0);
    ck_assert_uint_eq(f.n, 0);
    ix_fields_release(&f);
}
END_TEST

START_TEST(test_field_list_header)
{
    const char *text = ":Author: Mina Cho\n:Date: 2021-11-30\n\nText.\n";
    ix_fields_t f;
    size_t body;
    qr_err_t err;

    ix_fields_init(&f);
    ck_assert_int_eq(ix_header_parse(text, strlen(text),
                                     IX_HEADER_FIELD_LIST, 1, &f, &body,
                                     &err), QR_OK);
    ck_assert_str_eq(ix_fields_get(&f, "date")->values.items[0],
                     "2021-11-30");
    ck_assert_str_eq(text + body, "\nText.\n");
    ix_fields_release(&f);
}
END_TEST

static void
assert_stripped(const char *md, bool is_go, const char *expected)
{
    qr_buf_t out;
    qr_err_t err;

    qr_buf_init(&out);
    ck_assert_int_eq(ix_template_strip(md, strlen(md), is_go, &out, &err),
                     QR_OK);
    ck_assert_str_eq(out.data ? out.data : "", expected);
    qr_buf_release(&out);
}

START_TEST(test_template_strip_shortcodes_outside_fences)
{
    assert_stripped("a {{ youtube(id=\"x)\") }} b", false, "a  b");
    assert_stripped("{% note(kind='info') %}kept{% end %}", false, "kept");
    assert_stripped("```\n{{ keep(this) }}\n```\n", false,
                    "```\n{{ keep(this) }}\n```\n");
    assert_stripped("~~~~\n{% end %}\n~~~~\n{% end %}", false,
                    "~~~~\n{% end %}\n~~~~\n");
    assert_stripped("${{ steps.token }} {{closure}}", false,
                    "${{ steps.token }} {{closure}}");
}
END_TEST

START_TEST(test_template_strip_go_actions)
{
    assert_stripped("{{image \"a.png\"}}x", true, "x");
    assert_stripped("{{raw `a\n}}b`}}", true, "a\n}}b");
    assert_stripped("{{raw \"q\\\"uote\"}}", true, "q\"uote");
    assert_stripped("{{\" < \"}}", true, " < ");
    assert_stripped("{{- range .x -}}y{{end}}", true, "y");
    assert_stripped("{{play \"p.go\" `/A/` `/B/`}}", true, "");
    assert_stripped("open {{never", true, "open {{never");
}
END_TEST

START_TEST(test_html_entities_decode)
{
    char out[8];

    ck_assert_uint_eq(ix_html_decode_entity("&middot;", 8, out), 2);
    ck_assert_int_eq(memcmp(out, "\xC2\xB7", 2), 0);
    ck_assert_uint_eq(ix_html_decode_entity("&#x27;", 6, out), 1);
    ck_assert_int_eq(out[0], '\'');
    ck_assert_uint_eq(ix_html_decode_entity("&#96;", 5, out), 1);
    ck_assert_int_eq(out[0], '`');
    ck_assert_uint_eq(ix_html_decode_entity("&infin;", 7, out), 3);
    ck_assert_uint_eq(ix_html_decode_entity("&nosuch;", 8, out), 0);
    ck_assert_uint_eq(ix_html_decode_entity("&#x110000;", 10, out), 0);
}
END_TEST

static void
assert_text(qr_status_t (*fn)(const char *, size_t, ix_text_t *,
                              qr_err_t *),
            const char *in, const char *expected)
{
    ix_text_t t;
    qr_err_t err;
    size_t len;

    ix_text_init(&t);
    ck_assert_int_eq(fn(in, strlen(in), &t, &err), QR_OK);
    ck_assert_str_eq(ix_text_get(&t, &len), expected);
    ix_text_release(&t);
}

static qr_status_t
markdown_plain(const char *s, size_t len, ix_text_t *t, qr_err_t *err)
{
    return ix_markdown_text(s, len, false, t, err);
}

START_TEST(test_markdown_text_drops_syntax_keeps_code)
{
    assert_text(markdown_plain, "# Head\n\nSee [docs](https://x.example/y) "
                "and ![a cat](cat.png) *now*.\n",
                "Head\nSee docs and a cat now.");
    assert_text(markdown_plain, "Use `x.len()`:\n\n```c\nint\nmain()\n```\n",
                "Use x.len():\nint\nmain()\n");
    assert_text(markdown_plain, "Line<br>break, &amp; <span>kept</span>.",
                "Line break, & kept.");
    assert_text(markdown_plain, "| a | b |\n|---|---|\n| 1 | 2 |\n",
                "a\nb\n1\n2");
}
END_TEST

START_TEST(test_rst_text_title_finder)
{
    const char *rst = ":orphan:\n\n=======\nA Title\n=======\n\nText\n";
    const char *title;
    size_t len, after;

    ck_assert(ix_rst_find_title(rst, strlen(rst), &title, &len, &after));
    ck_assert_int_eq(strncmp(title, "A Title", len), 0);
    ck_assert_str_eq(rst + after, "\nText\n");
    ck_assert(!ix_rst_find_title("no title\n", 9, &title, &len, &after));
}
END_TEST

START_TEST(test_rst_text_inline_markup)
{
    assert_text(ix_rst_text, "A *b* **c** ``d`` :ref:`e <f>` `g <http://h>`__"
                " |i| [1]_ \\*j.\n", "A b c d e g i *j.");
    assert_text(ix_rst_text, "See `the long\nlink <http://x>`_ here.\n",
                "See the long link here.");
}
END_TEST

static Suite *
markup_suite(void)
{
    Suite *s = suite_create("markup");
    TCase *core = tcase_create("core");
    TCase *utf8 = tcase_create("utf8");

    tcase_add_loop_test(core, test_authors_table, 0,
                        (int)(sizeof AUTHOR_CASES / sizeof AUTHOR_CASES[0]));
    tcase_add_test(core, test_mail_header_continuations_and_lists);
    tcase_add_test(core, test_mail_header_refuses_prose);
    tcase_add_test(core, test_field_list_header);
    tcase_add_test(core, test_template_strip_shortcodes_outside_fences);
    tcase_add_test(core, test_template_strip_go_actions);
    tcase_add_test(core, test_markdown_text_drops_syntax_keeps_code);
    tcase_add_test(core, test_rst_text_title_finder);
    tcase_add_test(core, test_rst_text_inline_markup);
    tcase_add_test(utf8, test_html_entities_decode);
    suite_add_tcase(s, core);
    suite_add_tcase(s, utf8);
    return s;
}

int
main(void)
{
    return qr_check_run(markup_suite());
}
