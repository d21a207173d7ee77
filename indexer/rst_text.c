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

qr_status_t
ix_rst_text(const char *rst, size_t len, ix_text_t *t, qr_err_t *err)
{
    size_t pos = 0, skip_indent = 0;
    skip_mode_t skip = SKIP_NONE;
    qr_buf_t line_text;
    qr_status_t st = QR_OK;

    qr_buf_init(&line_text);
    while (pos < len && st == QR_OK) {
        line_t l = next_line(rst, len, &pos);
        const char *s = l.s + l.indent;
        size_t n = l.len - l.indent;

        if (is_blank(&l)) {
            if (skip == SKIP_OPTIONS)
                skip = SKIP_NONE;
            ix_text_break(t);
            continue;
        }
        if (skip != SKIP_NONE && l.indent > skip_indent &&
            (skip == SKIP_BLOCK || s[0] == ':')) {
            continue;
        }
        skip = SKIP_NONE;
        if (is_adornment(&l))
            continue;
        if (n >= 2 && s[0] == '.' && s[1] == '.' && (n == 2 || s[2] == ' ')) {
            skip_indent = l.indent;
            skip = n > 3 && is_directive(s, n) ? SKIP_OPTIONS : SKIP_BLOCK;
            if (n > 4 && s[3] == '[' && memchr(s, ']', n) != NULL) {
                /* a footnote: keep its text after the label */
                const char *close = memchr(s, ']', n);
                s = close + 1;
                n = (size_t)(l.s + l.len - s);
                skip = SKIP_NONE;
            } else {
                continue;
            }
        }
        if (n >= 2 && s[n - 1] == ':' && s[n - 2] == ':')
            n--;        /* "Example::" introduces a literal block */
        qr_buf_clear(&line_text);
        st = inline_text(s, n, &line_text, err);
        if (st == QR_OK && line_text.len > 0)
            st = ix_text_words(t, line_text.data, line_text.len, err);
        ix_text_space(t);
    }
    qr_buf_release(&line_text);
    return st;
}
