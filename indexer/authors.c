/* authors.c - authors' names from the many ways archives write them.
 *
 * The text is first cleaned of addresses (in a copy), then cut at the
 * separators, and each part is trimmed of the words that qualify a name
 * rather than being one. */
#include "authors.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"

static const char *const NOT_NAMES[] = {
    "contributors", "others", "et al", "et al.", "community", "friends",
    "and", NULL
};

/* Cut where these start: what follows qualifies the name before. */
static const char *const QUALIFIERS[] = {
    " on behalf of ", " for the ", NULL
};

/* Dropped from the start of a part: "updated by Shenghou Ma". */
static const char *const LEADERS[] = {
    "and ", "updated by ", "edited by ", "written by ", "by ", NULL
};

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* True for a word that is an e-mail address or a URL ("@name" is a
 * handle, which names a person). */
static bool
is_address(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((s[i] == '@' && i > 0 && !is_space(s[i - 1])) || (s[i] == ':' && i + 2 < len && s[i + 1] == '/' &&
                            s[i + 2] == '/')) {
            return true;
        }
    }
    return false;
}

/* Blanks out, in S, "<...>" spans, "(...)" spans holding an address, and
 * words that are addresses. */
static void
blank_addresses(char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        char close = s[i] == '<' ? '>' : s[i] == '(' ? ')' : 0;
        if (close != 0) {
            char *end = memchr(s + i, close, len - i);
            size_t n = end ? (size_t)(end - (s + i)) + 1 : len - i;
            /* "<...>" holds an address, plain or spelt "a at b.org". */
            if (close == '>' || is_address(s + i, n))
                memset(s + i, ' ', n);
            i += n;
        } else if (!is_space(s[i])) {
            size_t n = 0;
            while (i + n < len && !is_space(s[i + n]) && s[i + n] != '<' &&
                   s[i + n] != '(') {
                n++;
            }
            if (is_address(s + i, n))
                memset(s + i, ' ', n);
            i += n;
        } else {
            i++;
        }
    }
}

static bool
starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    return len >= n && strncasecmp(s, prefix, n) == 0;
}

/* True when S[0..LEN), the inside of parentheses, reads as an affiliation
 * or a role: words of letters and digits, perhaps with ". & ' -" ("Geomys",
 * "Google Inc.", "AT&T"). Other signs make it part of the name ("Carol
 * (Nichols || Goulding)"). */
static bool
is_affiliation(const char *s, size_t len)
{
    bool has_word = false;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool is_word = c >= 0x80 || (c >= 'a' && c <= 'z') ||
                       (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!is_word && !is_space((char)c) && strchr(".&'-", c) == NULL)
            return false;
        has_word = has_word || is_word;
    }
    return has_word;
}

/* A part in parentheses is the name ("a@b.org (Name)" once the address
 * is gone); parentheses after a name holding an affiliation or a role go
 * ("Filippo Valsorda (Geomys)"). */
static void
drop_parentheses(char *s, size_t *len)
{
    size_t start = 0, end = *len;

    while (start < end && is_space(s[start]))
        start++;
    while (end > start && is_space(s[end - 1]))
        end--;
    if (start < end && s[start] == '(' && s[end - 1] == ')' &&
        memchr(s + start + 1, '(', end - start - 1) == NULL) {
        s[start] = ' ';
        s[end - 1] = ' ';
        return;
    }
    for (size_t i = 0; i < *len; i++) {
        if (s[i] == '(') {
            char *close = memchr(s + i, ')', *len - i);
            size_t n = close ? (size_t)(close - (s + i)) + 1 : *len - i;
            if (is_affiliation(s + i + 1, close ? n - 2 : n - 1))
                memset(s + i, ' ', n);
            i += n - 1;
        }
    }
}

/* Adds the one name in S[0..LEN) after trimming its qualifiers. */
static qr_status_t
add_part(qr_strlist_t *list, char *s, size_t len, qr_err_t *err)
{
    int64_t secs;
    bool is_trimmed;

    drop_parentheses(s, &len);
    do {
        is_trimmed = false;
        while (len > 0 && (is_space(*s) || *s == '.')) {
            s++;
            len--;
        }
        while (len > 0 && is_space(s[len - 1]))
            len--;
        for (size_t i = 0; LEADERS[i] != NULL; i++) {
            if (starts_with(s, len, LEADERS[i])) {
                s += strlen(LEADERS[i]);
                len -= strlen(LEADERS[i]);
                is_trimmed = true;
            }
        }
    } while (is_trimmed);
    for (size_t q = 0; QUALIFIERS[q] != NULL; q++) {
        size_t n = strlen(QUALIFIERS[q]);
        for (size_t i = 0; i + n <= len; i++) {
            if (strncasecmp(s + i, QUALIFIERS[q], n) == 0) {
                len = i;
                break;
            }
        }
    }
    if (len == 0 || starts_with(s, len, "for ") ||
        starts_with(s, len, "on behalf of ") ||
        qr_date_parse(s, len, &secs, NULL, NULL) == QR_OK) {
        return QR_OK;
    }
    for (size_t i = 0; NOT_NAMES[i] != NULL; i++) {
        if (strlen(NOT_NAMES[i]) == len &&
            strncasecmp(s, NOT_NAMES[i], len) == 0) {
            return QR_OK;
        }
    }
    return qr_strlist_add(list, s, len, err);
}

/* True when the comma at S[I] only leads to a suffix of the name before
 * it ("Fred L. Drake, Jr."). */
static bool
is_suffix_comma(const char *s, size_t len, size_t i)
{
    static const char *const SUFFIXES[] = { "jr", "sr", "ii", "iii", NULL };

    for (i++; i < len && is_space(s[i]); i++) {
    }
    for (size_t k = 0; SUFFIXES[k] != NULL; k++) {
        size_t n = strlen(SUFFIXES[k]);
        if (i + n <= len && strncasecmp(s + i, SUFFIXES[k], n) == 0 &&
            (i + n == len || strchr(".,; ", s[i + n]) != NULL)) {
            return true;
        }
    }
    return false;
}

/* True when S[I..] starts the separating word " and ". */
static bool
is_and(const char *s, size_t len, size_t i)
{
    return i + 5 <= len && memcmp(s + i, " and ", 5) == 0;
}

qr_status_t
ix_authors_add(qr_strlist_t *list, const char *s, size_t len, qr_err_t *err)
{
    char *copy = malloc(len + 1);
    size_t start = 0, depth = 0;
    qr_status_t st = QR_OK;

    if (copy == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory reading "
                          "authors");
    memcpy(copy, s, len);
    copy[len] = '\0';
    blank_addresses(copy, len);
    for (size_t i = 0; i <= len && st == QR_OK; i++) {
        /* Inside parentheses nothing separates people: "(AT&T)". */
        if (i < len && copy[i] == '(' &&
            memchr(copy + i, ')', len - i) != NULL)
            depth++;
        else if (i < len && copy[i] == ')' && depth > 0)
            depth--;
        if (i == len || (depth == 0 &&
                         ((copy[i] == ',' && !is_suffix_comma(copy, len, i)) ||
                          copy[i] == ';' || copy[i] == '&' ||
                          is_and(copy, len, i)))) {
            st = add_part(list, copy + start, i - start, err);
            start = i + 1;
        }
    }
    free(copy);
    return st;
}
