/* rst_text.c - the words of a reStructuredText body, without its markup. */
#include "rst_text.h"

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

/* Characters docutils accepts in section adornments. */
static const char ADORNMENTS[] = "=-`:'\"~^_*+#<>.";

typedef struct line {
    const char *s;
    size_t len;
    size_t indent;      /* leading spaces (a tab counts as one) */
} line_t;

static bool
is_blank(const line_t *l)
{
    return l->indent == l->len;
}

/* Reads the line at *POS and moves *POS past it. */
static line_t
next_line(const char *text, size_t len, size_t *pos)
{
    const char *nl = memchr(text + *pos, '\n', len - *pos);
    line_t l;

    l.s = text + *pos;
    l.len = nl ? (size_t)(nl - l.s) : len - *pos;
    *pos += l.len + (nl != NULL);
    if (l.len > 0 && l.s[l.len - 1] == '\r')
        l.len--;
    l.indent = 0;
    while (l.indent < l.len && (l.s[l.indent] == ' ' ||
                                l.s[l.indent] == '\t')) {
        l.indent++;
    }
    return l;
}

/* A line of one repeated punctuation character, two or more long. */
static bool
is_adornment(const line_t *l)
{
    size_t n = l->len;

    while (n > 0 && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
        n--;
    if (l->indent != 0 || n < 2 || strchr(ADORNMENTS, l->s[0]) == NULL)
        return false;
    for (size_t i = 1; i < n; i++) {
        if (l->s[i] != l->s[0])
            return false;
    }
    return true;
}

static size_t
n_chars(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    bool is_invalid = false;

    while (i < len) {
        qr_utf8_decode(s, len, &i, &is_invalid);
        n++;
    }
    return n;
}

bool
ix_rst_find_title(const char *rst, size_t len, const char **title_out,
                  size_t *title_len_out, size_t *after_out)
{
    size_t pos = 0;
    line_t prev = { NULL, 0, 0 };

    while (pos < len) {
        line_t l = next_line(rst, len, &pos);
        if (prev.s != NULL && !is_blank(&prev) && !is_adornment(&prev) &&
            is_adornment(&l) &&
            l.len >= n_chars(prev.s + prev.indent, prev.len - prev.indent)) {
            *title_out = prev.s + prev.indent;
            *title_len_out = prev.len - prev.indent;
            *after_out = pos;
            return true;
        }
        prev = l;
    }
    return false;
}

/* Length of a role name ":name:" at S (followed by a backquote), or 0. */
static size_t
role_length(const char *s, size_t len)
{
    size_t i = 1;

    while (i < len && ((s[i] >= 'a' && s[i] <= 'z') ||
                       (s[i] >= 'A' && s[i] <= 'Z') ||
                       (s[i] >= '0' && s[i] <= '9') ||
                       strchr("-_.+:", s[i]) != NULL)) {
        i++;
    }
    /* The run took the closing colon; the backquote must follow it. */
    if (i >= 3 && s[i - 1] == ':' && i < len && s[i] == '`')
        return i;
    return 0;
}

/* Emits the text of `...` at S: "text <target>" gives text (or the target
 * when there is no text); returns the bytes used, with a trailing "_" or
 * "__", or 0 when the backquote does not close on this line. */
static size_t
interpreted(const char *s, size_t len, qr_buf_t *out, qr_status_t *st,
            qr_err_t *err)
{
    const char *end = memchr(s + 1, '`', len - 1);
    const char *text = s + 1, *lt;
    size_t n, used;

    if (end == NULL)
        return 0;
    n = (size_t)(end - text);
    used = n + 2;
    if (n > 0 && text[n - 1] == '>' && (lt = memchr(text, '<', n)) != NULL) {
        size_t head = (size_t)(lt - text);
        if (head > 0) {
            n = head;
        } else {
            text = lt + 1;
            n -= 2;
        }
    }
    *st = qr_buf_append(out, text, n, err);
    while (used < len && s[used] == '_')
        used++;
    return used;
}

/* Appends LINE's text without inline markup to OUT. */
static qr_status_t
inline_text(const char *s, size_t len, qr_buf_t *out, qr_err_t *err)
{
    qr_status_t st = QR_OK;
    size_t i = 0;

    while (i < len && st == QR_OK) {
        size_t n;
        const char *end;
        if (s[i] == '\\' && i + 1 < len) {
            st = qr_buf_putc(out, s[i + 1], err);
            i += 2;
        } else if (s[i] == ':' && (n = role_length(s + i, len - i)) > 0) {
            i += n;
        } else if (s[i] == '`' && i + 1 < len && s[i + 1] == '`' &&
                   (end = strstr(s + i + 2, "``")) != NULL &&
                   end < s + len) {
            st = qr_buf_append(out, s + i + 2,
                               (size_t)(end - (s + i + 2)), err);
            i = (size_t)(end - s) + 2;
        } else if (s[i] == '`' && (n = interpreted(s + i, len - i, out, &st,
                                                   err)) > 0) {
            i += n;
        } else if (s[i] == '[' && (end = memchr(s + i, ']', len - i)) &&
                   end + 1 < s + len && end[1] == '_') {
            i = (size_t)(end - s) + 2;      /* [1]_, [#note]_ */
        } else if (s[i] == '*' || s[i] == '|') {
            st = qr_buf_putc(out, ' ', err);
            i++;
        } else {
            st = qr_buf_putc(out, s[i], err);
            i++;
        }
    }
    return st;
}

/* ".. name::" starts a directive; anything else after ".. " is a comment,
 * a hyperlink target (".. _x:") or a footnote (".. [1]"). */
static bool
is_directive(const char *s, size_t len)
{
    const char *colons = len > 3 ? strstr(s, "::") : NULL;

    if (colons == NULL || colons >= s + len)
        return false;
    for (const char *p = s + 3; p < colons; p++) {
        if (*p == ' ')
            return false;
    }
    return colons > s + 3;
}

typedef enum skip_mode {
    SKIP_NONE,
    SKIP_BLOCK,      /* a comment: its indented lines go too */
    SKIP_OPTIONS     /* directive options (":key: value") go */
} skip_mode_t;

typedef struct rst_walk {
    ix_text_t *text;
    qr_buf_t para;           /* the paragraph being gathered */
    qr_buf_t plain;          /* its text without inline markup */
    skip_mode_t skip;
    size_t skip_indent;
    bool is_literal;         /* in a literal block (after "::") */
    bool wants_literal;      /* the last paragraph ended with "::" */
    size_t literal_indent;   /* its lines are indented deeper than this */
    qr_err_t *err;
} rst_walk_t;

/* Inline markup may span lines, so it is read a paragraph at a time. */
static qr_status_t
flush_paragraph(rst_walk_t *w)
{
    qr_status_t st = QR_OK;

    if (w->para.len == 0)
        return QR_OK;
    qr_buf_clear(&w->plain);
    st = inline_text(w->para.data, w->para.len, &w->plain, w->err);
    if (st == QR_OK && w->plain.len > 0)
        st = ix_text_words(w->text, w->plain.data, w->plain.len, w->err);
    ix_text_break(w->text);
    qr_buf_clear(&w->para);
    return st;
}

/* Code directives whose content is a literal block. */
static bool
is_code_directive(const char *s, size_t n)
{
    static const char *const NAMES[] = {
        ".. code-block::", ".. code::", ".. sourcecode::", NULL
    };

    for (size_t i = 0; NAMES[i] != NULL; i++) {
        size_t k = strlen(NAMES[i]);
        if (n >= k && memcmp(s, NAMES[i], k) == 0)
            return true;
    }
    return false;
}

/* Handles an explicit markup line ("..") at S; true when it is consumed. */
static bool
explicit_markup(rst_walk_t *w, const line_t *l, const char **s, size_t *n)
{
    const char *close;

    w->skip_indent = l->indent;
    if (*n > 4 && (*s)[3] == '[' &&
        (close = memchr(*s, ']', *n)) != NULL) {
        /* a footnote: keep its text after the label */
        *n = (size_t)(*s + *n - (close + 1));
        *s = close + 1;
        return false;
    }
    w->skip = *n > 3 && is_directive(*s, *n) ? SKIP_OPTIONS : SKIP_BLOCK;
    if (is_code_directive(*s, *n)) {
        w->wants_literal = true;
        w->literal_indent = l->indent;
    }
    return true;
}

static qr_status_t
on_line(rst_walk_t *w, const line_t *l)
{
    const char *s = l->s + l->indent;
    size_t n = l->len - l->indent;
    qr_status_t st = QR_OK;

    if (w->is_literal && l->indent > w->literal_indent) {
        st = ix_text_verbatim(w->text, l->s + w->literal_indent + 1,
                              l->len - w->literal_indent - 1, w->err);
        return st == QR_OK ? ix_text_verbatim(w->text, "\n", 1, w->err) : st;
    }
    w->is_literal = false;
    if (w->skip != SKIP_NONE && l->indent > w->skip_indent &&
        (w->skip == SKIP_BLOCK || s[0] == ':')) {
        return QR_OK;
    }
    if (w->skip == SKIP_OPTIONS && w->wants_literal) {
        w->is_literal = true;    /* a code directive's content */
        w->wants_literal = false;
        w->skip = SKIP_NONE;
        return on_line(w, l);
    }
    w->skip = SKIP_NONE;
    /* ".." alone opens a comment, though it looks like an adornment. */
    if (n >= 2 && s[0] == '.' && s[1] == '.' && (n == 2 || s[2] == ' ')) {
        st = flush_paragraph(w);
        if (explicit_markup(w, l, &s, &n) || st != QR_OK)
            return st;
    } else if (is_adornment(l)) {
        return flush_paragraph(w);
    }
    if (n >= 2 && s[n - 1] == ':' && s[n - 2] == ':') {
        n--;        /* "Example::" introduces a literal block */
        w->wants_literal = true;
        w->literal_indent = l->indent;
    }
    if (w->para.len > 0)
        st = qr_buf_putc(&w->para, '\n', w->err);
    return st == QR_OK ? qr_buf_append(&w->para, s, n, w->err) : st;
}

qr_status_t
ix_rst_text(const char *rst, size_t len, ix_text_t *t, qr_err_t *err)
{
    rst_walk_t w;
    size_t pos = 0;
    qr_status_t st = QR_OK;

    memset(&w, 0, sizeof w);
    w.text = t;
    w.err = err;
    qr_buf_init(&w.para);
    qr_buf_init(&w.plain);
    while (pos < len && st == QR_OK) {
        line_t l = next_line(rst, len, &pos);
        if (!is_blank(&l)) {
            st = on_line(&w, &l);
            continue;
        }
        if (w.skip == SKIP_OPTIONS && !w.wants_literal)
            w.skip = SKIP_NONE;
        if (w.wants_literal && w.skip == SKIP_NONE && w.para.len > 0) {
            w.is_literal = true;
            w.wants_literal = false;
        }
        st = flush_paragraph(&w);
    }
    if (st == QR_OK)
        st = flush_paragraph(&w);
    qr_buf_release(&w.para);
    qr_buf_release(&w.plain);
    return st;
}
