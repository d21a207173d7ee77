/* utf8.c - UTF-8 validation, encoding and sanitising copies. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t
qr_utf8_encode(int32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;

    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = QR_UTF8_REPLACEMENT;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool
qr_utf8_is_valid(const char *s, size_t len)
{
    size_t i = 0;
    bool is_invalid = false;

    while (i < len && !is_invalid) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        (void)qr_utf8_decode(s, len, &i, &is_invalid);
    }
    return !is_invalid;
}

qr_status_t
qr_utf8_sanitize(const char *s, size_t len, char **out, size_t *len_out,
                 size_t *n_invalid_out, qr_err_t *err)
{
    char *buf;
    size_t i = 0, n = 0, n_invalid = 0;

    *out = NULL;
    *len_out = 0;
    *n_invalid_out = 0;
    /* Worst case: every byte is invalid and becomes 3 bytes of U+FFFD. */
    if (len > (SIZE_MAX - 1) / 3)
        return qr_err_set(err, QR_ERR_LIMIT, "text of %zu bytes is too long",
                          len);
    buf = malloc(len * 3 + 1);
    if (buf == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory copying text");
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        bool is_invalid = false;
        int32_t cp;

        if (c < 0x80) {
            buf[n++] = c == '\0' ? ' ' : (char)c;
            i++;
            continue;
        }
        cp = qr_utf8_decode(s, len, &i, &is_invalid);
        if (is_invalid)
            n_invalid++;
        n += qr_utf8_encode(cp, buf + n);
    }
    buf[n] = '\0';
    *out = buf;
    *len_out = n;
    *n_invalid_out = n_invalid;
    return QR_OK;
}

size_t
qr_utf8_floor(const char *s, size_t len, size_t max_len)
{
    size_t n = max_len < len ? max_len : len;

    if (n == len)
        return n;
    /* Step back over continuation bytes to the start of the sequence that
     * S[n] belongs to; cutting there keeps every earlier sequence whole. */
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}
