/* frontmatter.c - locate a "---" or "+++" block at the top of a file. */
#include "frontmatter.h"

#include <string.h>

/* Length of the line at S (up to LEN), without its "\n" or "\r\n". */
static size_t
line_length(const char *s, size_t len, size_t *next_out)
{
    const char *nl = memchr(s, '\n', len);
    size_t n = nl ? (size_t)(nl - s) : len;

    *next_out = nl ? n + 1 : len;
    if (n > 0 && s[n - 1] == '\r')
        n--;
    return n;
}

/* True when the line S[0..N) is DELIM, trailing blanks allowed. */
static bool
is_delimiter(const char *s, size_t n, const char *delim)
{
    size_t d = strlen(delim);

    if (n < d || memcmp(s, delim, d) != 0)
        return false;
    for (size_t i = d; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return true;
}

void
ix_fm_split(const char *text, size_t len, ix_fm_split_t *out)
{
    const char *delim;
    size_t meta_start, pos, next, n, line = 2;

    memset(out, 0, sizeof *out);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    out->kind = IX_FM_NONE;
    out->body = text;
    out->body_len = len;
    out->body_line = 1;
    n = line_length(text, len, &meta_start);
    if (is_delimiter(text, n, "---"))
        delim = "---";
    else if (is_delimiter(text, n, "+++"))
        delim = "+++";
    else
        return;
    for (pos = meta_start; pos < len; pos = next, line++) {
        n = line_length(text + pos, len - pos, &next);
        next += pos;
        /* YAML may also close a document with "...". */
        if (is_delimiter(text + pos, n, delim) ||
            (delim[0] == '-' && is_delimiter(text + pos, n, "..."))) {
            out->kind = delim[0] == '-' ? IX_FM_YAML : IX_FM_TOML;
            out->meta = text + meta_start;
            out->meta_len = pos - meta_start;
            out->meta_line = 2;
            out->body = text + next;
            out->body_len = len - next;
            out->body_line = line + 1;
            return;
        }
    }
}
