/* read_present.c - a Go "present" article (.article).
 *
 * The layout, from golang.org/x/tools/present: line 1 the title ("# Title"
 * in the Markdown-flavoured variant), then header lines up to a blank line
 * (the date, e.g. "10 Nov 2010" or "12:01 10 Nov 2020", a subtitle, and
 * "Key: value" lines such as Tags, Summary, OldURL), then author blocks
 * separated by blank lines (a name, then e-mail, URL or handle lines) up
 * to the first section ("##" or "*"), then the body: Markdown with present
 * commands (".image", ".play", ".code", ...), which are not text. */
#include "reader.h"

#include <string.h>

#include "article_fields.h"
#include "buf.h"
#include "date.h"
#include "mailheader.h"
#include "markdown_text.h"

typedef struct cursor {
    const char *text;
    size_t len;
    size_t pos;
    size_t line;          /* 1-based number of the line at POS */
} cursor_t;

static bool
next_line(cursor_t *c, const char **s_out, size_t *n_out)
{
    const char *s = c->text + c->pos, *nl;
    size_t n;

    if (c->pos >= c->len)
        return false;
    nl = memchr(s, '\n', c->len - c->pos);
    n = nl ? (size_t)(nl - s) : c->len - c->pos;
    c->pos += n + (nl != NULL);
    c->line++;
    while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *s_out = s;
    *n_out = n;
    return true;
}

/* Reads the title and header lines into FIELDS. */
static qr_status_t
read_header(cursor_t *c, ix_fields_t *fields, qr_err_t *err)
{
    const char *s = "";
    size_t n = 0, body;
    int64_t secs;
    qr_status_t st = QR_OK;

    while (next_line(c, &s, &n) && n == 0) {
    }
    if (n == 0)
        return QR_OK;
    if (n > 2 && s[0] == '#' && s[1] == ' ') {
        s += 2;
        n -= 2;
    }
    st = ix_fields_add(fields, "title", 5, s, n, c->line, err);
    while (st == QR_OK && next_line(c, &s, &n) && n > 0) {
        if (ix_header_is_line(s, n, IX_HEADER_MAIL)) {
            st = ix_header_parse(s, n, IX_HEADER_MAIL, c->line, fields, &body,
                                 err);
        } else if (qr_date_parse(s, n, &secs, NULL, NULL) == QR_OK) {
            st = ix_fields_add(fields, "date", 4, s, n, c->line, err);
        } else {
            st = ix_fields_add(fields, "subtitle", 8, s, n, c->line, err);
        }
    }
    return st;
}

static bool
is_section_start(const char *s, size_t n)
{
    return n > 0 && (s[0] == '*' || (n >= 2 && s[0] == '#' && s[1] == '#'));
}

/* Reads author blocks up to the first section; C is left at the body. */
static qr_status_t
read_authors(cursor_t *c, ix_fields_t *fields, qr_err_t *err)
{
    bool is_block_start = true;
    qr_status_t st = QR_OK;

    while (st == QR_OK && c->pos < c->len) {
        size_t pos = c->pos, line = c->line;
        const char *s;
        size_t n;
        next_line(c, &s, &n);
        if (is_section_start(s, n)) {
            c->pos = pos;       /* the body starts with its section */
            c->line = line;
            break;
        }
        if (n == 0) {
            is_block_start = true;
            continue;
        }
        /* The first line of a block names the author; the others give an
         * e-mail address, a URL or a handle. */
        if (is_block_start && memchr(s, '@', n) == NULL &&
            memchr(s, '/', n) == NULL) {
            st = ix_fields_add(fields, "by", 2, s, n, c->line, err);
        }
        is_block_start = false;
    }
    return st;
}

/* Copies the body without present commands: a line ".name args" is a
 * command; ".caption" keeps its words. */
static qr_status_t
strip_commands(cursor_t *c, qr_buf_t *out, qr_err_t *err)
{
    const char *s;
    size_t n;
    qr_status_t st = QR_OK;

    while (st == QR_OK && next_line(c, &s, &n)) {
        if (n > 1 && s[0] == '.' && s[1] >= 'a' && s[1] <= 'z') {
            if (n > 9 && memcmp(s, ".caption ", 9) == 0)
                st = qr_buf_append(out, s + 9, n - 9, err);
        } else {
            st = qr_buf_append(out, s, n, err);
        }
        if (st == QR_OK)
            st = qr_buf_putc(out, '\n', err);
    }
    return st;
}

static qr_status_t
set_body(qr_article_t *a, cursor_t *c, qr_err_t *err)
{
    qr_buf_t md;
    ix_text_t text;
    qr_status_t st;

    qr_buf_init(&md);
    ix_text_init(&text);
    st = strip_commands(c, &md, err);
    if (st == QR_OK && md.len > 0)
        st = ix_markdown_text(md.data, md.len, false, &text, err);
    qr_buf_release(&md);
    return ix_text_to_body(&text, st, a, err);
}

qr_status_t
ix_read_present(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    cursor_t c = { src->data, src->len, 0, 0 };
    ix_fields_t fields;
    qr_article_t a;
    qr_status_t st;

    ix_fields_init(&fields);
    qr_article_init(&a);
    st = read_header(&c, &fields, err);
    if (st == QR_OK)
        st = read_authors(&c, &fields, err);
    if (st == QR_OK)
        st = set_body(&a, &c, err);
    if (st == QR_OK)
        st = ix_article_send(&a, &fields, src, "present", sink, err);
    qr_article_release(&a);
    ix_fields_release(&fields);
    return st;
}
