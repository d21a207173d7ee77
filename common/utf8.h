/* utf8.h - the one place where bytes are decoded as UTF-8.
 *
 * Invalid input (truncated, overlong, surrogate or out-of-range sequences,
 * stray continuation bytes) decodes as U+FFFD one maximal invalid prefix at a
 * time, so every caller sees the same replacement and can count it. */
#ifndef QR_UTF8_H
#define QR_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum { QR_UTF8_REPLACEMENT = 0xFFFD, QR_UTF8_MAX_BYTES = 4 };

/* Decodes the code point starting at S[*I] (requires *I < LEN), advances *I
 * past it and returns it. An invalid sequence returns QR_UTF8_REPLACEMENT,
 * advances past the invalid bytes and sets *IS_INVALID_OUT to true (it is
 * left untouched on valid input, so it can accumulate). Cannot fail. */
static inline int32_t
qr_utf8_decode(const char *s, size_t len, size_t *i, bool *is_invalid_out)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t avail = len - *i;
    unsigned char c = p[0];
    int32_t cp;
    size_t need, k;

    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
    } else {
        goto invalid_one;   /* continuation byte, C0/C1 overlong, F5..FF */
    }
    for (k = 1; k <= need; k++) {
        unsigned char cc;
        if (k >= avail)
            goto invalid_k;
        cc = p[k];
        if ((cc & 0xC0) != 0x80)
            goto invalid_k;
        /* Reject overlongs, surrogates and > U+10FFFF at the second byte,
         * as the Unicode "maximal subpart" practice does. */
        if (k == 1) {
            if ((c == 0xE0 && cc < 0xA0) || (c == 0xED && cc > 0x9F) ||
                (c == 0xF0 && cc < 0x90) || (c == 0xF4 && cc > 0x8F)) {
                goto invalid_k;
            }
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    *i += need + 1;
    return cp;
invalid_k:
    *i += k;
    *is_invalid_out = true;
    return QR_UTF8_REPLACEMENT;
invalid_one:
    *i += 1;
    *is_invalid_out = true;
    return QR_UTF8_REPLACEMENT;
}

/* Writes CP as UTF-8 into BUF (at least QR_UTF8_MAX_BYTES long) and returns
 * the number of bytes written. Code points that cannot be encoded (surrogates,
 * > U+10FFFF, negative) are written as U+FFFD. Cannot fail. */
size_t qr_utf8_encode(int32_t cp, char *buf);

/* Returns true when S[0..LEN) is entirely valid UTF-8. Cannot fail. */
bool qr_utf8_is_valid(const char *s, size_t len);

/* Copies S[0..LEN) into a new NUL-terminated buffer with every invalid
 * sequence replaced by U+FFFD and every NUL byte by a space (NUL would end
 * the text early in every C API downstream). On QR_OK the caller owns
 * *OUT (free it), *LEN_OUT excludes the terminator and *N_INVALID_OUT counts
 * replaced invalid sequences. Returns QR_ERR_NOMEM. */
qr_status_t qr_utf8_sanitize(const char *s, size_t len, char **out,
                             size_t *len_out, size_t *n_invalid_out,
                             qr_err_t *err);

/* Returns the largest N <= MAX_LEN such that S[0..N) does not end inside a
 * multi-byte sequence (S is assumed valid UTF-8). Cannot fail. */
size_t qr_utf8_floor(const char *s, size_t len, size_t max_len);

/* The value of the hexadecimal digit C (either case), or -1 for another
 * character: the escapes "\uXXXX" of JSON and TOML. Cannot fail. */
static inline int
qr_hex_digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif /* QR_UTF8_H */
