/* markdown_text.c - the words of a Markdown body, without its syntax. */
#include "markdown_text.h"

#include <md4c.h>
#include <string.h>

#include "html_text.h"
#include "template_strip.h"
#include "utf8.h"

typedef struct md_walk {
    ix_text_t *text;
    int code_depth;          /* inside a code block */
    bool is_in_html_block;
    qr_buf_t html;           /* the raw HTML block being collected */
    qr_err_t *err;
    qr_status_t st;
} md_walk_t;

/* md4c stops when a callback returns non-zero: so do we on a failure. */
static int
keep_going(md_walk_t *w, qr_status_t st)
{
    if (st != QR_OK && w->st == QR_OK)
        w->st = st;
    return w->st == QR_OK ? 0 : 1;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
    md_walk_t *w = ctx;

    (void)detail;
    ix_text_break(w->text);
    if (type == MD_BLOCK_CODE)
        w->code_depth++;
    else if (type == MD_BLOCK_HTML)
        w->is_in_html_block = true;
    return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
    md_walk_t *w = ctx;
    qr_status_t st = QR_OK;

    (void)detail;
    if (type == MD_BLOCK_CODE) {
        w->code_depth--;
    } else if (type == MD_BLOCK_HTML) {
        w->is_in_html_block = false;
        st = ix_html_fragment_text(w->html.data, w->html.len, w->text,
                                   w->err);
        qr_buf_clear(&w->html);
    }
    ix_text_break(w->text);
    return keep_going(w, st);
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *ctx)
{
    (void)type;
    (void)detail;
    (void)ctx;
    return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *ctx)
{
    md_walk_t *w = ctx;

    (void)detail;
    /* An image's alt text is a phrase of its own. */
    if (type == MD_SPAN_IMG)
        ix_text_space(w->text);
    return 0;
}

/* Inline raw HTML is a lone tag: it holds no text, but <br> parts words. */
static void
inline_html(md_walk_t *w, const char *s, size_t len)
{
    if (len >= 3 && (memcmp(s, "<br", 3) == 0 || memcmp(s, "<BR", 3) == 0))
        ix_text_space(w->text);
}

static int
on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *ctx)
{
    md_walk_t *w = ctx;
    char decoded[QR_UTF8_MAX_BYTES];
    size_t n;
    qr_status_t st = QR_OK;

    switch (type) {
    case MD_TEXT_CODE:
        st = w->code_depth > 0 ? ix_text_verbatim(w->text, s, len, w->err)
                               : ix_text_words(w->text, s, len, w->err);
        break;
    case MD_TEXT_HTML:
        if (w->is_in_html_block)
            st = qr_buf_append(&w->html, s, len, w->err);
        else
            inline_html(w, s, len);
        break;
    case MD_TEXT_ENTITY:
        n = ix_html_decode_entity(s, len, decoded);
        st = n > 0 ? ix_text_words(w->text, decoded, n, w->err)
                   : ix_text_words(w->text, s, len, w->err);
        break;
    case MD_TEXT_NULLCHAR:
        break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
        ix_text_space(w->text);
        break;
    default:
        st = ix_text_words(w->text, s, len, w->err);
        break;
    }
    return keep_going(w, st);
}

qr_status_t
ix_markdown_text(const char *md, size_t len, bool is_go_template,
                 ix_text_t *t, qr_err_t *err)
{
    MD_PARSER parser;
    md_walk_t w = { t, 0, false, { NULL, 0, 0 }, err, QR_OK };
    qr_buf_t plain;
    qr_status_t st;

    qr_buf_init(&plain);
    st = ix_template_strip(md, len, is_go_template, &plain, err);
    if (st != QR_OK || plain.len == 0)
        goto out;
    memset(&parser, 0, sizeof parser);
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = on_text;
    if (plain.len > (size_t)UINT32_MAX) {
        st = qr_err_set(err, QR_ERR_LIMIT, "Markdown larger than 4 GiB");
        goto out;
    }
    if (md_parse(plain.data, (MD_SIZE)plain.len, &parser, &w) != 0)
        st = w.st != QR_OK ? w.st
                           : qr_err_set(err, QR_ERR_PARSE, "the Markdown "
                                        "parser gave up");
out:
    qr_buf_release(&w.html);
    qr_buf_release(&plain);
    return st;
}
