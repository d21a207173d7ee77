/* check_readers.c - front matter, Markdown and JSON Lines readers. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "frontmatter.h"
#include "reader.h"
#include "reader_sink.h"

static const char *
first_value(const ix_fields_t *f, const char *key)
{
    const ix_field_t *field = ix_fields_get(f, key);

    ck_assert_msg(field != NULL && field->values.n > 0, "no %s", key);
    return field->values.items[0];
}

START_TEST(test_split_finds_yaml_and_toml_blocks)
{
    ix_fm_split_t s;
    const char *yaml = "\xEF\xBB\xBF---\ntitle: x\n---\nbody\n";
    const char *toml = "+++\r\ntitle = 'x'\r\n+++\r\nbody";
    const char *open = "---\ntitle: x\nno end\n";

    ix_fm_split(yaml, strlen(yaml), &s);
    ck_assert_int_eq(s.kind, IX_FM_YAML);
    ck_assert_int_eq((int)s.meta_len, 9);
    ck_assert_int_eq(memcmp(s.body, "body\n", 5), 0);
    ck_assert_uint_eq(s.body_line, 4);
    ix_fm_split(toml, strlen(toml), &s);
    ck_assert_int_eq(s.kind, IX_FM_TOML);
    ck_assert_int_eq(memcmp(s.body, "body", 4), 0);
    ix_fm_split(open, strlen(open), &s);
    ck_assert_int_eq(s.kind, IX_FM_NONE);
    ck_assert_uint_eq(s.body_len, strlen(open));
}
END_TEST

START_TEST(test_yaml_lists_nesting_and_lines)
{
    const char *text = "title: T\nby:\n  - A\n  - B\nextra:\n  team: X\n";
    ix_fields_t f;
    qr_err_t err;

    ix_fields_init(&f);
    ck_assert_int_eq(ix_yaml_parse(text, strlen(text), 2, &f, &err), QR_OK);
    ck_assert_str_eq(first_value(&f, "title"), "T");
    ck_assert_uint_eq(ix_fields_get(&f, "by")->values.n, 2);
    ck_assert_str_eq(ix_fields_get(&f, "by")->values.items[1], "B");
    ck_assert_str_eq(first_value(&f, "extra.team"), "X");
    ck_assert_uint_eq(ix_fields_get(&f, "by")->line, 3);
    ix_fields_release(&f);
}
END_TEST

START_TEST(test_yaml_error_names_the_line)
{
    const char *text = "title: ok\ntags: [unclosed\ndate: 2024\n";
    ix_fields_t f;
    qr_err_t err;

    ix_fields_init(&f);
    ck_assert_int_eq(ix_yaml_parse(text, strlen(text), 2, &f, &err),
                     QR_ERR_PARSE);
    ck_assert_msg(strstr(err.msg, "line ") != NULL, "%s", err.msg);
    ix_fields_release(&f);
}
END_TEST

START_TEST(test_toml_strings_arrays_and_tables)
{
    const char *text =
        "title = '''He said \"hi\"'''\n"
        "basic = \"tab\\there \\u00e9\"\n"
        "multi = \"\"\"\nline one \\\n   joined\"\"\"\n"
        "authors = [\n  \"A\", # first\n  'B',\n]\n"
        "date = 2023-04-05\n"
        "inline = { x = 1, y = \"two\" }\n"
        "[extra]\nteam = \"Core\"\n"
        "\"quoted key\" = 3\n";
    ix_fields_t f;
    qr_err_t err;

    ix_fields_init(&f);
    ck_assert_msg(ix_toml_parse(text, strlen(text), 2, &f, &err) == QR_OK,
                  "%s", err.msg);
    ck_assert_str_eq(first_value(&f, "title"), "He said \"hi\"");
    ck_assert_str_eq(first_value(&f, "basic"), "tab here \xC3\xA9");
    ck_assert_str_eq(first_value(&f, "multi"), "line one joined");
    ck_assert_uint_eq(ix_fields_get(&f, "authors")->values.n, 2);
    ck_assert_str_eq(first_value(&f, "date"), "2023-04-05");
    ck_assert_str_eq(first_value(&f, "inline.y"), "two");
    ck_assert_str_eq(first_value(&f, "extra.team"), "Core");
    ck_assert_str_eq(first_value(&f, "extra.quoted key"), "3");
    ix_fields_release(&f);
}
END_TEST

START_TEST(test_toml_errors_name_the_line)
{
    static const char *const bad[] = {
        "title = \"unterminated\n",
        "a = 1\nauthors = [\"a\", \"b\"\ndate = 2024-01-01\n",
        "a = 1\n\nb = \"x\" junk\n",
        "= 3\n",
        "s = \"\\q\"\n",
    };
    static const char *const where[] = {
        "line 2", "line 4", "line 4", "line 2", "line 2",
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ix_fields_t f;
        qr_err_t err;
        ix_fields_init(&f);
        ck_assert_int_eq(ix_toml_parse(bad[i], strlen(bad[i]), 2, &f, &err),
                         QR_ERR_PARSE);
        ck_assert_msg(strstr(err.msg, where[i]) != NULL, "%zu: %s", i,
                      err.msg);
        ix_fields_release(&f);
    }
}
END_TEST

/* A "\0" escape in a double-quoted YAML scalar (or "\x00", "\u0000")
 * decodes to a NUL, which cut the value there: "abc\0def" was "abc". It
 * is U+FFFD now, so the words on its two sides stay apart and whole. */
START_TEST(test_yaml_nul_escape_becomes_fffd)
{
    const char *text = "title: \"abc\\0def\"\n"
                       "tags: [\"x\\x00y\", \"\\u0000z\"]\n";
    ix_fields_t f;
    qr_err_t err;

    ix_fields_init(&f);
    ck_assert_msg(ix_yaml_parse(text, strlen(text), 2, &f, &err) == QR_OK,
                  "%s", err.msg);
    ck_assert_str_eq(first_value(&f, "title"), "abc\xEF\xBF\xBD" "def");
    ck_assert_str_eq(ix_fields_get(&f, "tags")->values.items[0],
                     "x\xEF\xBF\xBDy");
    ck_assert_str_eq(ix_fields_get(&f, "tags")->values.items[1],
                     "\xEF\xBF\xBDz");
    ix_fields_release(&f);
}
END_TEST

/* TOML's "\u0000" and "\U00000000" likewise. */
START_TEST(test_toml_nul_escape_becomes_fffd)
{
    const char *text = "title = \"abc\\u0000def\"\n"
                       "author = \"\\U00000000Ann\"\n";
    ix_fields_t f;
    qr_err_t err;

    ix_fields_init(&f);
    ck_assert_msg(ix_toml_parse(text, strlen(text), 2, &f, &err) == QR_OK,
                  "%s", err.msg);
    ck_assert_str_eq(first_value(&f, "title"), "abc\xEF\xBF\xBD" "def");
    ck_assert_str_eq(first_value(&f, "author"), "\xEF\xBF\xBD" "Ann");
    ix_fields_release(&f);
}
END_TEST

START_TEST(test_markdown_yaml_fields_reach_the_article)
{
    collected_t c;
    ix_sink_t sink;
    qr_err_t err;
    json_t *a;

    collected_init(&c, &sink);
    ck_assert_int_eq(collected_read(&c, &sink, ix_read_markdown,
                                    "frontmatter/yaml-post.md", 0, &err),
                     QR_OK);
    ck_assert_uint_eq(json_array_size(c.articles), 1);
    a = json_array_get(c.articles, 0);
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Kubernetes at Ten: A Complexity Budget");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "metadata");
    ck_assert_int_eq(json_integer_value(json_object_get(a, "date")),
                     1717632000);
    ck_assert_uint_eq(json_array_size(json_object_get(a, "authors")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(
        json_object_get(a, "authors"), 1)), "\xC5\x81ucja Nowak");
    ck_assert_uint_eq(json_array_size(json_object_get(a, "tags")), 2);
    ck_assert_str_eq(collected_str(&c, 0, "id"), "frontmatter/yaml-post.md");
    ck_assert_ptr_nonnull(strstr(collected_str(&c, 0, "body"), "emphasis"));
    collected_release(&c);
}
END_TEST

START_TEST(test_markdown_toml_date_from_path_field)
{
    collected_t c;
    ix_sink_t sink;
    qr_err_t err;
    json_t *a;

    collected_init(&c, &sink);
    ck_assert_int_eq(collected_read(&c, &sink, ix_read_markdown,
                                    "frontmatter/toml-post.md", 0, &err),
                     QR_OK);
    a = json_array_get(c.articles, 0);
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Rust 1.0: \"status\" report");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "path");
    ck_assert_int_eq(json_integer_value(json_object_get(a, "date")),
                     1418342400);
    ck_assert_uint_eq(json_array_size(json_object_get(a, "authors")), 2);
    collected_release(&c);
}
END_TEST

START_TEST(test_markdown_without_front_matter_uses_heading_and_mtime)
{
    collected_t c;
    ix_sink_t sink;
    qr_err_t err;

    collected_init(&c, &sink);
    ck_assert_int_eq(collected_read(&c, &sink, ix_read_markdown,
                                    "frontmatter/no-front-matter.md",
                                    1700000000, &err), QR_OK);
    ck_assert_str_eq(collected_str(&c, 0, "title"), "A Heading Title");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "mtime");
    ck_assert_int_eq(json_integer_value(json_object_get(
        json_array_get(c.articles, 0), "date")), 1700000000);
    collected_release(&c);
}
END_TEST

START_TEST(test_markdown_bad_front_matter_fails_with_line)
{
    static const char *const files[] = {
        "frontmatter/bad-yaml.md", "frontmatter/bad-toml.md"
    };

    for (size_t i = 0; i < 2; i++) {
        collected_t c;
        ix_sink_t sink;
        qr_err_t err;
        collected_init(&c, &sink);
        ck_assert_int_eq(collected_read(&c, &sink, ix_read_markdown,
                                        files[i], 0, &err), QR_ERR_PARSE);
        ck_assert_msg(strstr(err.msg, "line ") != NULL, "%s", err.msg);
        ck_assert_uint_eq(json_array_size(c.articles), 0);
        collected_release(&c);
    }
}
END_TEST

START_TEST(test_jsonl_records_aliases_and_bad_lines)
{
    collected_t c;
    ix_sink_t sink;
    qr_err_t err;
    json_t *p;

    collected_init(&c, &sink);
    ck_assert_int_eq(collected_read(&c, &sink, ix_read_jsonl,
                                    "jsonl/records.jsonl", 0, &err), QR_OK);
    /* lines 1, 2, 5 and 7 are articles; 4, 6 and 8 are broken */
    ck_assert_uint_eq(json_array_size(c.articles), 4);
    ck_assert_str_eq(collected_str(&c, 0, "id"), "a-1");
    ck_assert_str_eq(collected_str(&c, 0, "url"),
                     "https://news.example.com/a-1");
    ck_assert_str_eq(collected_str(&c, 0, "body"), "Alpha body.");
    ck_assert_str_eq(collected_str(&c, 1, "id"), "jsonl/records.jsonl:2");
    ck_assert_str_eq(collected_str(&c, 1, "url"), "https://b.example.org/p");
    ck_assert_str_eq(collected_str(&c, 1, "body"), "Beta body.");
    ck_assert_uint_eq(json_array_size(json_object_get(
        json_array_get(c.articles, 1), "authors")), 2);
    ck_assert_str_eq(collected_str(&c, 1, "date_source"), "metadata");
    ck_assert_str_eq(collected_str(&c, 2, "id"), "42");
    ck_assert_str_eq(collected_str(&c, 2, "body"), "Gamma body.");
    ck_assert_str_eq(collected_str(&c, 3, "id"), "bad-date");
    ck_assert_str_eq(collected_str(&c, 3, "date_source"), "mtime");

    ck_assert_uint_eq(json_array_size(c.problems), 4);
    p = json_array_get(c.problems, 0);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "line")), 4);
    ck_assert(json_is_true(json_object_get(p, "failure")));
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(p, "msg")),
                                 "invalid JSON"));
    p = json_array_get(c.problems, 1);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "line")), 6);
    p = json_array_get(c.problems, 2);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "line")), 7);
    ck_assert(json_is_false(json_object_get(p, "failure")));
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(p, "msg")),
                                 "someday"));
    p = json_array_get(c.problems, 3);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "line")), 8);
    ck_assert(json_is_true(json_object_get(p, "failure")));
    collected_release(&c);
}
END_TEST

/* A record with "\u0000" or a lone escaped surrogate failed whole
 * (Jansson refuses both): it is read, each made U+FFFD. */
START_TEST(test_jsonl_nul_and_surrogate_escapes_become_fffd)
{
    collected_t c;
    ix_sink_t sink;
    qr_err_t err;

    collected_init(&c, &sink);
    ck_assert_int_eq(collected_read(&c, &sink, ix_read_jsonl,
                                    "jsonl/escapes.jsonl", 0, &err), QR_OK);
    ck_assert_uint_eq(json_array_size(c.problems), 0);
    ck_assert_uint_eq(json_array_size(c.articles), 3);
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Before\xEF\xBF\xBD" "after");
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "Kept \xEF\xBF\xBD whole.");
    ck_assert_str_eq(collected_str(&c, 1, "title"),
                     "Low \xEF\xBF\xBD first");
    ck_assert_str_eq(collected_str(&c, 1, "body"),
                     "Ends on a high \xEF\xBF\xBD");
    ck_assert_str_eq(collected_str(&c, 2, "title"), "Plain");
    collected_release(&c);
}
END_TEST

static Suite *
readers_suite(void)
{
    Suite *s = suite_create("readers");
    TCase *core = tcase_create("core");
    TCase *errors = tcase_create("errors");

    tcase_add_test(core, test_split_finds_yaml_and_toml_blocks);
    tcase_add_test(core, test_yaml_lists_nesting_and_lines);
    tcase_add_test(core, test_toml_strings_arrays_and_tables);
    tcase_add_test(core, test_yaml_nul_escape_becomes_fffd);
    tcase_add_test(core, test_toml_nul_escape_becomes_fffd);
    tcase_add_test(core, test_markdown_yaml_fields_reach_the_article);
    tcase_add_test(core, test_markdown_toml_date_from_path_field);
    tcase_add_test(core,
                   test_markdown_without_front_matter_uses_heading_and_mtime);
    tcase_add_test(core, test_jsonl_records_aliases_and_bad_lines);
    tcase_add_test(core, test_jsonl_nul_and_surrogate_escapes_become_fffd);
    tcase_add_test(errors, test_yaml_error_names_the_line);
    tcase_add_test(errors, test_toml_errors_name_the_line);
    tcase_add_test(errors, test_markdown_bad_front_matter_fails_with_line);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}

int
main(void)
{
    return qr_check_run(readers_suite());
}
