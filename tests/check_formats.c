/* check_formats.c - the readers for HTML, feeds, JSON, reStructuredText,
 * Go present, plain text and the Markdown quirks of real archives: the
 * fields each extracts, and the markup that must not reach the body. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "reader.h"
#include "reader_sink.h"

/* Reads fixture NAME with READ into C and checks the reader succeeded. */
static void
read_ok(collected_t *c, ix_sink_t *sink, ix_reader_fn read, const char *name)
{
    qr_err_t err;

    collected_init(c, sink);
    ck_assert_msg(collected_read(c, sink, read, name, 1700000000, &err) ==
                  QR_OK, "%s: %s", name, err.msg);
}

static const json_t *
article(const collected_t *c, size_t i)
{
    ck_assert_msg(i < json_array_size(c->articles), "no article %zu", i);
    return json_array_get(c->articles, i);
}

static const char *
list_item(const collected_t *c, size_t i, const char *key, size_t k)
{
    return json_string_value(json_array_get(json_object_get(article(c, i),
                                                            key), k));
}

static size_t
list_size(const collected_t *c, size_t i, const char *key)
{
    return json_array_size(json_object_get(article(c, i), key));
}

static long long
date_of(const collected_t *c, size_t i)
{
    return json_integer_value(json_object_get(article(c, i), "date"));
}

static void
assert_body_has(const collected_t *c, size_t i, const char *text)
{
    const char *body = collected_str(c, i, "body");

    ck_assert_msg(body != NULL && strstr(body, text) != NULL,
                  "body lacks \"%s\": %s", text, body ? body : "(none)");
}

static void
assert_body_lacks(const collected_t *c, size_t i, const char *text)
{
    const char *body = collected_str(c, i, "body");

    ck_assert_msg(body == NULL || strstr(body, text) == NULL,
                  "body has \"%s\": %s", text, body);
}

static const char *
skip_reason(const collected_t *c)
{
    return json_string_value(json_array_get(c->skips, 0));
}

START_TEST(test_markdown_zola_post_is_text_without_markup)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_markdown, "markdown/zola-post.md");
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "The \"tidy\" build, explained");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "path");
    ck_assert_int_eq(date_of(&c, 0), 1614816000);     /* 2021-03-04 */
    /* one TOML string naming three people */
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 3);
    ck_assert_str_eq(list_item(&c, 0, "authors", 2), "Chidi Okafor");
    assert_body_has(&c, 0, "Tidy builds are really fast, see the guide.");
    assert_body_has(&c, 0, "Shortcode bodies keep their words.");
    assert_body_has(&c, 0, "Raw HTML & its text stay.");
    assert_body_has(&c, 0, "std::panicking::{{closure}}();");
    assert_body_has(&c, 0, "\xF0\x9F\xA6\x80");        /* the crab emoji */
    assert_body_has(&c, 0, "entity \xC2\xA9 here");
    assert_body_lacks(&c, 0, "hidden-target");
    assert_body_lacks(&c, 0, "youtube");
    assert_body_lacks(&c, 0, "**");
    assert_body_lacks(&c, 0, "```");
    assert_body_lacks(&c, 0, "<div");
    assert_body_lacks(&c, 0, "{%");
    collected_release(&c);
}
END_TEST

START_TEST(test_markdown_go_template_keeps_raw_strings_only)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_markdown, "markdown/go-template.md");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Channels in Practice");
    ck_assert_int_eq(date_of(&c, 0), 1712620800);     /* 2024-4-09 */
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 2);
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Russ Cox");
    ck_assert_str_eq(list_item(&c, 0, "authors", 1), "Dana Whitfield");
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "channels");
    assert_body_has(&c, 0, "Use <- to receive, and compare with the < "
                    "operator.");
    assert_body_has(&c, 0, "for v := range ch {");
    assert_body_lacks(&c, 0, "diagram.png");
    assert_body_lacks(&c, 0, "prog.go");
    assert_body_lacks(&c, 0, "{{");
    collected_release(&c);
}
END_TEST

START_TEST(test_markdown_mail_header_like_pelican)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_markdown, "markdown/pelican.md");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Caching at the Edge");
    ck_assert_int_eq(date_of(&c, 0), 1572690000);     /* 2019-11-02 10:20 */
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Priya Natarajan");
    ck_assert_uint_eq(list_size(&c, 0, "tags"), 2);
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "caching");
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "Edge caches move content closer to readers.");
    collected_release(&c);
}
END_TEST

START_TEST(test_markdown_redirect_stub_is_skipped)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_markdown, "markdown/redirect.md");
    ck_assert_uint_eq(json_array_size(c.articles), 0);
    ck_assert_str_eq(skip_reason(&c), "a redirect stub");
    collected_release(&c);
}
END_TEST

START_TEST(test_html_byline_gives_date_and_author)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_html, "html/2015/05/15/byline-post.html");
    /* " | Lab Notes" is the feed link's title: the site's name */
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Shipping Version 2.0");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "metadata");
    ck_assert_int_eq(date_of(&c, 0), 1431648000);     /* 2015-05-15 */
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 1);
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Mara Quinn");
    assert_body_has(&c, 0, "We are \"proud\" to ship '2.0' \xE2\x80\x94 "
                    "with `async` & more.");
    assert_body_has(&c, 0, "let x = 1;\nlet y = x + 1;");
    assert_body_lacks(&c, 0, "never indexed");
    assert_body_lacks(&c, 0, "About us");
    assert_body_lacks(&c, 0, "Footer words");
    assert_body_lacks(&c, 0, "&quot;");
    collected_release(&c);
}
END_TEST

START_TEST(test_html_meta_tags_and_article_element)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_html, "html/meta-post.html");
    /* " - Systems Weekly" is og:site_name */
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Zero-Copy Parsing");
    ck_assert_int_eq(date_of(&c, 0), 1685601000);     /* 06:30 UTC */
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Ravi Menon");
    ck_assert_uint_eq(list_size(&c, 0, "tags"), 2);
    ck_assert_str_eq(list_item(&c, 0, "tags", 0), "parsing");
    ck_assert_str_eq(collected_str(&c, 0, "url"),
                     "https://weekly.example.com/zero-copy");
    assert_body_has(&c, 0, "Borrowing slices avoids allocation\xC2\xA0"
                    "costs.");
    assert_body_lacks(&c, 0, "Related");
    assert_body_lacks(&c, 0, "Copyright");
    assert_body_lacks(&c, 0, "hidden");
    assert_body_lacks(&c, 0, "color");
    collected_release(&c);
}
END_TEST

START_TEST(test_html_json_ld_wins_over_time_element)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_html, "html/jsonld-post.html");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Queues Without Tears");
    ck_assert_int_eq(date_of(&c, 0), 1663113600);     /* 2022-09-14 */
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 2);
    ck_assert_str_eq(list_item(&c, 0, "authors", 1), "Omar Haddad");
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "messaging");
    assert_body_has(&c, 0, "Back-pressure is the whole story.");
    assert_body_lacks(&c, 0, "BlogPosting");
    collected_release(&c);
}
END_TEST

START_TEST(test_html_title_from_h1_date_from_time_tags_from_keywords)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_html, "html/h1-only.html");
    /* no <title> and no meta title: the first <h1> */
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Only a Heading");
    /* <time datetime> wins over meta "date" */
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "metadata");
    ck_assert_int_eq(date_of(&c, 0), 1617602828);   /* 2021-04-05T06:07:08Z */
    /* keywords split at commas, blank parts dropped */
    ck_assert_uint_eq(list_size(&c, 0, "tags"), 2);
    ck_assert_str_eq(list_item(&c, 0, "tags", 0), "observability");
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "tracing");
    collected_release(&c);
}
END_TEST

START_TEST(test_html_twitter_title_and_meta_dates)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_html, "html/twitter-title.html");
    /* twitter:title outranks <title> and <h1> */
    ck_assert_str_eq(collected_str(&c, 0, "title"), "From the Twitter Card");
    ck_assert_int_eq(date_of(&c, 0), 1580688000);   /* dc.date 2020-02-03 */
    collected_release(&c);
    read_ok(&c, &sink, ix_read_html, "html/meta-date.html");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Dated by a Meta Tag");
    ck_assert_int_eq(date_of(&c, 0), 1531008000);   /* date 2018-07-08 */
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "metadata");
    collected_release(&c);
}
END_TEST

START_TEST(test_date_from_the_path_or_in_unix_seconds)
{
    collected_t c;
    ix_sink_t sink;

    /* no date in the file: the YYYY/MM/DD of its path */
    read_ok(&c, &sink, ix_read_markdown, "dates/2016/10/11/path-only.md");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "path");
    ck_assert_int_eq(date_of(&c, 0), 1476144000);   /* 2016-10-11 */
    collected_release(&c);
    read_ok(&c, &sink, ix_read_markdown, "dates/unix-seconds.md");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "metadata");
    ck_assert_int_eq(date_of(&c, 0), 1700000000);
    collected_release(&c);
    read_ok(&c, &sink, ix_read_jsonl, "dates/unix-seconds.jsonl");
    ck_assert_int_eq(date_of(&c, 0), 1714000000);   /* a JSON integer */
    collected_release(&c);
}
END_TEST

START_TEST(test_atom_entries_with_escaped_html)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_feed, "feed/atom.xml");
    ck_assert_uint_eq(json_array_size(c.articles), 2);
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Faster Linking");
    ck_assert_str_eq(collected_str(&c, 0, "id"),
                     "https://notes.example.org/2023/07/13/"
                     "faster-linking.html");
    ck_assert_str_eq(collected_str(&c, 0, "url"),
                     "https://notes.example.org/2023/07/13/"
                     "faster-linking.html");
    ck_assert_int_eq(date_of(&c, 0), 1689231600);     /* 07:00 UTC */
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Ines Duarte");
    ck_assert_str_eq(list_item(&c, 0, "tags", 0), "linkers");
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "Link with mold & save minutes.");
    /* no <published>: <updated>; no author: the feed's */
    ck_assert_str_eq(collected_str(&c, 1, "title"), "Escaped title");
    ck_assert_str_eq(collected_str(&c, 1, "id"), "feed/atom.xml#2");
    ck_assert_int_eq(date_of(&c, 1), 1688169600);
    ck_assert_str_eq(list_item(&c, 1, "authors", 0), "The Lab");
    ck_assert_str_eq(collected_str(&c, 1, "body"),
                     "Plain summary <not a tag>.");
    collected_release(&c);
}
END_TEST

START_TEST(test_rss_items)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_feed, "feed/rss.xml");
    ck_assert_uint_eq(json_array_size(c.articles), 2);
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Proposal 12: Pattern Matching");
    ck_assert_int_eq(date_of(&c, 0), 1785888000);     /* 2026-08-05 */
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Grace Ndlovu");
    ck_assert_str_eq(list_item(&c, 0, "tags", 0), "language");
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "This proposal adds match statements.");
    ck_assert_str_eq(list_item(&c, 1, "authors", 0), "Tom\xC3\xA1s Ibarra");
    ck_assert_str_eq(collected_str(&c, 1, "date_source"), "mtime");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(
        json_array_get(c.problems, 0), "msg")), "yesterday"));
    collected_release(&c);
}
END_TEST

START_TEST(test_xml_that_is_no_feed_is_skipped)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_feed, "feed/sitemap.xml");
    ck_assert_uint_eq(json_array_size(c.articles), 0);
    ck_assert_ptr_nonnull(strstr(skip_reason(&c), "no Atom or RSS"));
    collected_release(&c);
}
END_TEST

START_TEST(test_broken_feed_names_the_line)
{
    collected_t c;
    ix_sink_t sink;
    qr_err_t err;

    collected_init(&c, &sink);
    ck_assert_int_eq(collected_read(&c, &sink, ix_read_feed,
                                    "feed/broken.xml", 0, &err),
                     QR_ERR_PARSE);
    /* one line number, the error's; the tag's own says what it is */
    ck_assert_str_eq(err.msg, "line 7: invalid XML: premature end of data "
                     "in tag rss (opened at line 2)");
    collected_release(&c);
}
END_TEST

START_TEST(test_json_array_aliases_and_ids)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_json, "json/array.json");
    ck_assert_uint_eq(json_array_size(c.articles), 2);
    ck_assert_str_eq(collected_str(&c, 0, "id"), "w-1");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Edge Functions Grow Up");
    ck_assert_int_eq(date_of(&c, 0), 1778578200);     /* pubDate */
    ck_assert_str_eq(list_item(&c, 0, "authors", 1), "Sof\xC3\xAD"
                     "a \xC3\x81lvarez");
    ck_assert_str_eq(list_item(&c, 0, "tags", 0), "edge");
    ck_assert_str_eq(collected_str(&c, 0, "url"), "https://w.example.com/edge");
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "Edge functions now run full runtimes.");
    ck_assert_str_eq(collected_str(&c, 1, "id"), "json/array.json#2");
    ck_assert_int_eq(date_of(&c, 1), 1778630400);     /* created_at */
    collected_release(&c);
}
END_TEST

START_TEST(test_json_keyed_records)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_json, "json/keyed.json");
    ck_assert_uint_eq(json_array_size(c.articles), 2);
    ck_assert_str_eq(collected_str(&c, 0, "id"), "json/keyed.json#7");
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Style Guide for Widgets");
    ck_assert_int_eq(date_of(&c, 0), 994291200);      /* 05-Jul-2001 */
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 2);
    ck_assert_uint_eq(list_size(&c, 0, "tags"), 0);   /* "topic": "" */
    ck_assert_str_eq(list_item(&c, 1, "authors", 0), "Cleo Marsh");
    ck_assert_str_eq(list_item(&c, 1, "tags", 0), "Process");
    collected_release(&c);
}
END_TEST

START_TEST(test_json_list_of_links_is_skipped)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_json, "json/links.json");
    ck_assert_uint_eq(json_array_size(c.articles), 0);
    ck_assert_ptr_nonnull(strstr(skip_reason(&c), "without article"));
    collected_release(&c);
}
END_TEST

START_TEST(test_json_single_object_and_author_object)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_json, "json/single.json");
    ck_assert_str_eq(collected_str(&c, 0, "id"), "json/single.json");
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Noor Aziz");
    ck_assert_str_eq(collected_str(&c, 0, "body"), "Its body.");
    collected_release(&c);
}
END_TEST

START_TEST(test_json_feed_items_are_articles)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_json, "json/feed.json");
    ck_assert_uint_eq(json_array_size(c.articles), 2);
    ck_assert_str_eq(collected_str(&c, 0, "id"),
                     "https://edge.example.org/wasm");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Wasm at the edge");
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Ines Duarte");
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "edge");
    ck_assert_int_eq(date_of(&c, 0), 1741082400);   /* 2025-03-04T10:00Z */
    /* content_html is HTML: its text, without the script */
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "Wasm modules start in microseconds & stay small.");
    /* content_text is preferred; the feed's authors stand in */
    ck_assert_str_eq(collected_str(&c, 1, "body"),
                     "Cold starts take 40 ms on average.");
    ck_assert_str_eq(list_item(&c, 1, "authors", 0), "Site Team");
    collected_release(&c);
}
END_TEST

START_TEST(test_json_html_body_is_text_and_string_tags_split)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_jsonl, "json/cms.jsonl");
    ck_assert_uint_eq(json_array_size(c.articles), 3);
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "html & body\nfirst item\nsecond item");
    ck_assert_uint_eq(list_size(&c, 0, "tags"), 2);
    ck_assert_str_eq(list_item(&c, 0, "tags", 0), "one");
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "two");
    ck_assert_uint_eq(list_size(&c, 1, "tags"), 2);
    ck_assert_str_eq(list_item(&c, 1, "tags", 1), "k2");
    /* a '<' that opens no HTML element leaves the text as it is */
    ck_assert_str_eq(collected_str(&c, 1, "body"),
                     "<T> is a type parameter, not a tag.");
    ck_assert_str_eq(collected_str(&c, 2, "body"),
                     "<https://example.com> is an autolink.");
    /* a list item is one tag, commas and all */
    ck_assert_uint_eq(list_size(&c, 2, "tags"), 1);
    ck_assert_str_eq(list_item(&c, 2, "tags", 0), "a, b");
    collected_release(&c);
}
END_TEST

START_TEST(test_invalid_json_names_the_line)
{
    collected_t c;
    ix_sink_t sink;
    qr_err_t err;

    collected_init(&c, &sink);
    ck_assert_int_eq(collected_read(&c, &sink, ix_read_json,
                                    "json/broken.json", 0, &err),
                     QR_ERR_PARSE);
    ck_assert_msg(strncmp(err.msg, "line 4: invalid JSON", 20) == 0, "%s",
                  err.msg);
    collected_release(&c);
}
END_TEST

/* U+FFFD, which stands in for what is no character. */
#define FFFD "\xEF\xBF\xBD"

/* Jansson refuses "\u0000" and an escaped surrogate without its other
 * half, so one such string lost the whole file: each becomes U+FFFD and
 * the rest of the record is kept. An escaped backslash before "u" is no
 * escape, and a whole pair stays the character it names. */
START_TEST(test_json_nul_and_lone_surrogate_escapes_become_fffd)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_json, "json/escapes.json");
    ck_assert_uint_eq(json_array_size(c.articles), 3);
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Before" FFFD "after");
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "A NUL " FFFD " inside, and the rest kept.");
    ck_assert_str_eq(collected_str(&c, 1, "title"), "High " FFFD " alone");
    ck_assert_str_eq(collected_str(&c, 1, "body"),
                     "High " FFFD "x, low " FFFD ", high then high " FFFD
                     "\xF0\x9F\x98\x80.");
    ck_assert_str_eq(collected_str(&c, 2, "title"),
                     "Pair \xF0\x9F\x98\x80 kept");
    ck_assert_str_eq(collected_str(&c, 2, "body"), "An escaped backslash: "
                     "\\ud800 and \\\\u0000 are text.");
    ck_assert_uint_eq(json_array_size(c.problems), 0);
    collected_release(&c);
}
END_TEST

/* The same for a JSON Feed, read by the same reader. */
START_TEST(test_json_feed_nul_and_surrogate_escapes_become_fffd)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_json, "json/feed-escapes.json");
    ck_assert_uint_eq(json_array_size(c.articles), 1);
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Feed " FFFD " item");
    ck_assert_str_eq(collected_str(&c, 0, "body"), "Lone " FFFD " here.");
    collected_release(&c);
}
END_TEST

/* A page's JSON-LD with such an escape was dropped as broken: its
 * headline is the title, with U+FFFD. */
START_TEST(test_json_ld_nul_and_surrogate_escapes_become_fffd)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_html, "html/jsonld-escapes.html");
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Ld " FFFD " headline " FFFD);
    ck_assert_int_eq(date_of(&c, 0), 1663113600);     /* 2022-09-14 */
    collected_release(&c);
}
END_TEST

START_TEST(test_rst_pep_header_and_body)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_rst, "rst/spec-0042.rst");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Widget Lifetimes");
    ck_assert_int_eq(date_of(&c, 0), 994291200);      /* Created */
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 2);
    ck_assert_str_eq(list_item(&c, 0, "authors", 1),
                     "\xC5\x81ukasz Nowicki");
    ck_assert_uint_eq(list_size(&c, 0, "tags"), 2);
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "Typing");
    assert_body_has(&c, 0, "Widgets need explicit lifetimes; see 8 and the "
                    "style guide for snake_case names");
    assert_body_has(&c, 0, "Notes keep their words.");
    assert_body_has(&c, 0, "def widget_life(w):\n");
    assert_body_has(&c, 0, "literal_block = True");
    assert_body_has(&c, 0, "A footnote stays.");
    assert_body_lacks(&c, 0, "=====");
    assert_body_lacks(&c, 0, ":pep:");
    assert_body_lacks(&c, 0, "code-block");
    assert_body_lacks(&c, 0, "linenos");
    assert_body_lacks(&c, 0, "https://example.org/style");
    assert_body_lacks(&c, 0, "Local Variables");
    assert_body_lacks(&c, 0, "`");
    assert_body_lacks(&c, 0, "::");
    collected_release(&c);
}
END_TEST

START_TEST(test_rst_field_list_after_title)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_rst, "rst/field-list.rst");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Hashing Without Fear");
    ck_assert_int_eq(date_of(&c, 0), 1638230400);     /* 2021-11-30 */
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Mina Cho");
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "security");
    ck_assert_str_eq(collected_str(&c, 0, "body"), "Salted hashes, always.");
    collected_release(&c);
}
END_TEST

START_TEST(test_rst_template_is_skipped_and_appendix_read)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_rst, "rst/template.rst");
    ck_assert_uint_eq(json_array_size(c.articles), 0);
    ck_assert_ptr_nonnull(strstr(skip_reason(&c), "template"));
    collected_release(&c);

    read_ok(&c, &sink, ix_read_rst, "rst/appendix.rst");
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Appendix: Widget Survey");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "mtime");
    assert_body_has(&c, 0, "Most widgets live for a second.");
    assert_body_lacks(&c, 0, "orphan");
    assert_body_lacks(&c, 0, "42-appendix");
    collected_release(&c);
}
END_TEST

START_TEST(test_present_header_authors_and_commands)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_present, "present/channels.article");
    ck_assert_str_eq(collected_str(&c, 0, "title"),
                     "Concurrency Is Not Parallelism");
    ck_assert_int_eq(date_of(&c, 0), 1605009660);     /* 12:01 10 Nov 2020 */
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 2);
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Russ Cox");
    ck_assert_str_eq(list_item(&c, 0, "authors", 1), "Zo\xC3\xAB Adebayo");
    ck_assert_str_eq(list_item(&c, 0, "tags", 1), "talks");
    assert_body_has(&c, 0, "Concurrency is about structure; see the talk.");
    assert_body_has(&c, 0, "Gophers at work.");
    assert_body_has(&c, 0, "go worker(ch)");
    assert_body_lacks(&c, 0, "gophers.png");
    assert_body_lacks(&c, 0, "prog.go");
    assert_body_lacks(&c, 0, "rsc@example.org");
    assert_body_lacks(&c, 0, "##");
    collected_release(&c);
}
END_TEST

START_TEST(test_text_title_date_and_byline)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_text, "text/updated.txt");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Why Checksums Matter");
    ck_assert_int_eq(date_of(&c, 0), 1778544000);     /* May 12, 2026 */
    ck_assert_str_eq(list_item(&c, 0, "authors", 0), "Harriet Lowe");
    ck_assert_str_eq(collected_str(&c, 0, "body"),
                     "Bit rot is real. Checksums catch it.\n"
                     "A second paragraph.");
    collected_release(&c);

    read_ok(&c, &sink, ix_read_text, "text/published.txt");
    ck_assert_str_eq(collected_str(&c, 0, "title"), "Release Notes for 4.2");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "metadata");
    ck_assert_int_eq(date_of(&c, 0), 1778544000);
    collected_release(&c);
}
END_TEST

START_TEST(test_text_without_date_keeps_prose)
{
    collected_t c;
    ix_sink_t sink;

    read_ok(&c, &sink, ix_read_text, "text/plain.txt");
    ck_assert_str_eq(collected_str(&c, 0, "date_source"), "mtime");
    ck_assert_uint_eq(list_size(&c, 0, "authors"), 0);
    assert_body_has(&c, 0, "By the way, this line is prose.");
    collected_release(&c);
}
END_TEST

static Suite *
formats_suite(void)
{
    Suite *s = suite_create("formats");
    TCase *markdown = tcase_create("markdown");
    TCase *html = tcase_create("html");
    TCase *feed = tcase_create("feed");
    TCase *json = tcase_create("json");
    TCase *header = tcase_create("header");
    TCase *errors = tcase_create("errors");
    TCase *utf8 = tcase_create("utf8");

    tcase_add_test(markdown, test_markdown_zola_post_is_text_without_markup);
    tcase_add_test(markdown, test_markdown_go_template_keeps_raw_strings_only);
    tcase_add_test(markdown, test_markdown_mail_header_like_pelican);
    tcase_add_test(markdown, test_markdown_redirect_stub_is_skipped);
    tcase_add_test(html, test_html_byline_gives_date_and_author);
    tcase_add_test(html, test_html_meta_tags_and_article_element);
    tcase_add_test(html, test_html_json_ld_wins_over_time_element);
    tcase_add_test(html,
                   test_html_title_from_h1_date_from_time_tags_from_keywords);
    tcase_add_test(html, test_html_twitter_title_and_meta_dates);
    tcase_add_test(header, test_date_from_the_path_or_in_unix_seconds);
    tcase_add_test(feed, test_atom_entries_with_escaped_html);
    tcase_add_test(feed, test_rss_items);
    tcase_add_test(feed, test_xml_that_is_no_feed_is_skipped);
    tcase_add_test(json, test_json_array_aliases_and_ids);
    tcase_add_test(json, test_json_keyed_records);
    tcase_add_test(json, test_json_list_of_links_is_skipped);
    tcase_add_test(json, test_json_single_object_and_author_object);
    tcase_add_test(json, test_json_feed_items_are_articles);
    tcase_add_test(json, test_json_html_body_is_text_and_string_tags_split);
    tcase_add_test(header, test_rst_pep_header_and_body);
    tcase_add_test(header, test_rst_field_list_after_title);
    tcase_add_test(header, test_rst_template_is_skipped_and_appendix_read);
    tcase_add_test(header, test_present_header_authors_and_commands);
    tcase_add_test(header, test_text_title_date_and_byline);
    tcase_add_test(header, test_text_without_date_keeps_prose);
    tcase_add_test(errors, test_broken_feed_names_the_line);
    tcase_add_test(errors, test_invalid_json_names_the_line);
    tcase_add_test(utf8, test_json_nul_and_lone_surrogate_escapes_become_fffd);
    tcase_add_test(utf8, test_json_feed_nul_and_surrogate_escapes_become_fffd);
    tcase_add_test(utf8, test_json_ld_nul_and_surrogate_escapes_become_fffd);
    suite_add_tcase(s, markdown);
    suite_add_tcase(s, html);
    suite_add_tcase(s, feed);
    suite_add_tcase(s, json);
    suite_add_tcase(s, header);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, utf8);
    return s;
}

int
main(void)
{
    return qr_check_run(formats_suite());
}
