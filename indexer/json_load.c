/* json_load.c - the JSON text of an article file into Jansson values.
 *
 * Jansson refuses a document holding "\u0000" (unless told to accept it,
 * and then the NUL cuts every C string made of the value) or an escaped
 * surrogate that is not half of a pair, so one such string in an export
 * lost the whole file, or the whole record of a JSON Lines file. Both are
 * rewritten as "\uFFFD" in a copy of the text before Jansson reads it: the
 * same six characters for six, so Jansson's line and column numbers still
 * point into the file. Text without them is read in place. */
#include "json_load.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

enum { ESCAPE_LEN = 6 };   /* "\uXXXX" */

/* The UTF-16 code unit of the escape "\uXXXX" at S[AT..LEN), or -1 when
 * there is none there. */
static long
escaped_unit(const char *s, size_t len, size_t at)
{
    long unit = 0;

    if (at > len || len - at < ESCAPE_LEN || s[at] != '\\' ||
        s[at + 1] != 'u')
        return -1;
    for (size_t i = 2; i < ESCAPE_LEN; i++) {
        int v = qr_hex_digit_value(s[at + i]);
        if (v < 0)
            return -1;
        unit = unit * 16 + v;
    }
    return unit;
}

static bool
is_high_surrogate(long unit)
{
    return unit >= 0xD800 && unit <= 0xDBFF;
}

static bool
is_low_surrogate(long unit)
{
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

/* The offset in S[0..LEN) of the first escape at or after FROM that
 * Jansson refuses, or LEN when there is none. Every backslash starts an
 * escape (in valid JSON they stand in strings only), so "\\u0000" is an
 * escaped backslash followed by text. */
static size_t
next_refused(const char *s, size_t len, size_t from)
{
    size_t at = from;
    const char *slash;

    while (at < len && (slash = memchr(s + at, '\\', len - at)) != NULL) {
        long unit;
        at = (size_t)(slash - s);
        unit = escaped_unit(s, len, at);
        if (unit == 0 || is_low_surrogate(unit))
            return at;
        if (is_high_surrogate(unit) &&
            !is_low_surrogate(escaped_unit(s, len, at + ESCAPE_LEN)))
            return at;
        if (is_high_surrogate(unit))
            at += 2 * ESCAPE_LEN;   /* a whole pair */
        else
            at += 2;                /* the backslash and what it escapes */
    }
    return len;
}

json_t *
ix_json_load(const char *text, size_t len, size_t flags, json_error_t *error)
{
    size_t at = next_refused(text, len, 0);
    char *copy;
    json_t *json;

    if (at == len)
        return json_loadb(text, len, flags, error);
    copy = malloc(len);
    if (copy == NULL) {
        if (error != NULL) {
            memset(error, 0, sizeof *error);
            error->line = error->column = -1;
            snprintf(error->text, sizeof error->text, "out of memory");
        }
        return NULL;
    }
    memcpy(copy, text, len);
    for (; at < len; at = next_refused(copy, len, at + ESCAPE_LEN))
        memcpy(copy + at + 2, "FFFD", 4);
    json = json_loadb(copy, len, flags, error);
    free(copy);
    return json;
}
