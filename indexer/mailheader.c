/* mailheader.c - "Key: value" headers at the top of a text file.
 *
 * Two passes: the first finds where the header ends and checks that every
 * line belongs to it, so a file that merely starts with "Note: ..." prose
 * is not taken for a header; the second adds the fields. */
#include "mailheader.h"

#include <string.h>
#include <strings.h>

#include "buf.h"

enum { MAX_KEY = 64 };

static const char *const LIST_KEYS[] = {
    "tags", "keywords", "categories", "topic", NULL
};

static bool
is_key_char(char c, bool allow_space)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           (allow_space && c == ' ');
}

/* Finds the key of a header line (*KEY_OUT, *KEY_LEN_OUT) and the offset of
 * the value; false when the line is not one. */
static bool
split_line(const char *s, size_t len, ix_header_style_t style,
           const char **key_out, size_t *key_len_out, size_t *value_out)
{
    size_t i = 0, start;
    bool is_mail = style == IX_HEADER_MAIL;

    if (!is_mail) {
        if (len == 0 || s[0] != ':')
            return false;
        i = 1;
    }
    start = i;
    if (i >= len || !((s[i] >= 'a' && s[i] <= 'z') ||
                      (s[i] >= 'A' && s[i] <= 'Z'))) {
        return false;
    }
    while (i < len && i - start < MAX_KEY && is_key_char(s[i], is_mail))
        i++;
    if (i >= len || s[i] != ':' || s[i - 1] == ' ')
        return false;
    *key_out = s + start;
    *key_len_out = i - start;
    i++;
    if (i < len && s[i] != ' ' && s[i] != '\t')
        return false;
    *value_out = i;
    return true;
}

bool
ix_header_is_line(const char *s, size_t len, ix_header_style_t style)
{
    const char *key;
    size_t key_len, value;

    return split_line(s, len, style, &key, &key_len, &value);
}

static size_t
line_end(const char *text, size_t len, size_t pos, size_t *next_out)
{
    const char *nl = memchr(text + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - text) : len;

    *next_out = nl ? end + 1 : len;
    if (end > pos && text[end - 1] == '\r')
        end--;
    return end;
}

static bool
is_blank_line(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return true;
}

static bool
is_list_key(const char *key, size_t len)
{
    for (size_t i = 0; LIST_KEYS[i] != NULL; i++) {
        if (strlen(LIST_KEYS[i]) == len &&
            strncasecmp(key, LIST_KEYS[i], len) == 0)
            return true;
    }
    return false;
}

/* Adds VALUE (white space already collapsed by the caller's buffer) under
 * KEY, split at commas for list keys. */
static qr_status_t
add_value(ix_fields_t *fields, const char *key, size_t key_len,
          const char *value, size_t value_len, size_t line, qr_err_t *err)
{
    if (!is_list_key(key, key_len))
        return ix_fields_add(fields, key, key_len, value, value_len, line,
                             err);
    return ix_fields_add_list(fields, key, key_len, value, value_len, line,
                              err);
}

/* Where the header starting at POS ends (the offset of its blank line or
 * the end of the text), or 0 when a line is neither header nor
 * continuation. */
static size_t
header_end(const char *text, size_t len, size_t pos, ix_header_style_t style)
{
    bool is_first = true;

    while (pos < len) {
        size_t next, end = line_end(text, len, pos, &next);
        const char *s = text + pos;
        size_t n = end - pos;
        if (is_blank_line(s, n))
            return pos;
        if (!ix_header_is_line(s, n, style) &&
            (is_first || (s[0] != ' ' && s[0] != '\t'))) {
            return 0;
        }
        is_first = false;
        pos = next;
    }
    return is_first ? 0 : len;
}

qr_status_t
ix_header_parse(const char *text, size_t len, ix_header_style_t style,
                size_t first_line, ix_fields_t *fields, size_t *body_out,
                qr_err_t *err)
{
    size_t pos = 0, next, end, stop, line = first_line, key_line = 0;
    const char *key = NULL;
    size_t key_len = 0;
    qr_buf_t value;
    qr_status_t st = QR_OK;

    *body_out = 0;
    while (pos < len) {
        end = line_end(text, len, pos, &next);
        if (!is_blank_line(text + pos, end - pos))
            break;
        pos = next;
        line++;
    }
    stop = header_end(text, len, pos, style);
    if (stop == 0)
        return QR_OK;
    qr_buf_init(&value);
    for (; pos < stop && st == QR_OK; pos = next, line++) {
        const char *s = text + pos;
        size_t n, v;
        const char *k;
        size_t k_len;
        end = line_end(text, len, pos, &next);
        n = end - pos;
        if (split_line(s, n, style, &k, &k_len, &v)) {
            if (key != NULL)
                st = add_value(fields, key, key_len, value.data, value.len,
                               key_line, err);
            qr_buf_clear(&value);
            key = k;
            key_len = k_len;
            key_line = line;
        } else {
            v = 0;
            if (st == QR_OK)
                st = qr_buf_putc(&value, ' ', err);
        }
        if (st == QR_OK)
            st = qr_buf_append(&value, s + v, n - v, err);
    }
    if (st == QR_OK && key != NULL)
        st = add_value(fields, key, key_len, value.data ? value.data : "",
                       value.len, key_line, err);
    qr_buf_release(&value);
    if (st == QR_OK)
        *body_out = stop;
    return st;
}
