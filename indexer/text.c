/* text.c - build the plain text of an article body from marked-up pieces. */
#include "text.h"

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

void
ix_text_init(ix_text_t *t)
{
    qr_buf_init(&t->buf);
    t->want_space = false;
    t->want_break = false;
}

void
ix_text_release(ix_text_t *t)
{
    qr_buf_release(&t->buf);
    ix_text_init(t);
}

void
ix_text_space(ix_text_t *t)
{
    t->want_space = true;
}

void
ix_text_break(ix_text_t *t)
{
    t->want_break = true;
}

/* Writes a pending separator before new text; none at the very start. */
static qr_status_t
flush_pending(ix_text_t *t, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    if (t->buf.len > 0) {
        char last = t->buf.data[t->buf.len - 1];
        if (t->want_break && last != '\n')
            st = qr_buf_putc(&t->buf, '\n', err);
        else if (t->want_space && !is_space(last))
            st = qr_buf_putc(&t->buf, ' ', err);
    }
    t->want_space = false;
    t->want_break = false;
    return st;
}

qr_status_t
ix_text_words(ix_text_t *t, const char *s, size_t len, qr_err_t *err)
{
    size_t i = 0;

    while (i < len) {
        size_t start;
        qr_status_t st;

        if (is_space(s[i])) {
            t->want_space = true;
            i++;
            continue;
        }
        start = i;
        while (i < len && !is_space(s[i]))
            i++;
        st = flush_pending(t, err);
        if (st == QR_OK)
            st = qr_buf_append(&t->buf, s + start, i - start, err);
        if (st != QR_OK)
            return st;
    }
    return QR_OK;
}

qr_status_t
ix_text_verbatim(ix_text_t *t, const char *s, size_t len, qr_err_t *err)
{
    qr_status_t st;

    if (len == 0)
        return QR_OK;
    st = flush_pending(t, err);
    return st == QR_OK ? qr_buf_append(&t->buf, s, len, err) : st;
}

const char *
ix_text_get(const ix_text_t *t, size_t *len_out)
{
    *len_out = t->buf.len;
    return t->buf.data != NULL ? t->buf.data : "";
}

qr_status_t
ix_text_to_body(ix_text_t *t, qr_status_t st, qr_article_t *a, qr_err_t *err)
{
    size_t len;
    const char *s = ix_text_get(t, &len);

    if (st == QR_OK)
        st = qr_article_set_body(a, s, len, err);
    ix_text_release(t);
    return st;
}
