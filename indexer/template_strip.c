/* template_strip.c - remove static-site template syntax from Markdown. */
#include "template_strip.h"

#include <string.h>

typedef enum token_kind { TOKEN_WORD, TOKEN_RAW, TOKEN_QUOTED } token_kind_t;

typedef struct token {
    token_kind_t kind;
    const char *s;        /* a string's content, without its quotes */
    size_t len;
} token_t;

enum { MAX_TOKENS = 4 };

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_ident(char c, bool is_first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!is_first && c >= '0' && c <= '9');
}

/* Appends a Go interpreted string's content S[0..LEN) with its escapes
 * undone (\" \\ \n \t; others keep the escaped character). */
static qr_status_t
append_unquoted(qr_buf_t *out, const char *s, size_t len, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    for (size_t i = 0; i < len && st == QR_OK; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < len) {
            c = s[++i];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        st = qr_buf_putc(out, c, err);
    }
    return st;
}

/* Reads the Go action at S ("{{" ... "}}") into TOKENS; returns its length
 * or 0 when it does not close. */
static size_t
read_go_action(const char *s, size_t len, token_t *tokens, int *n_out)
{
    size_t i = 2;
    int n = 0;

    *n_out = 0;
    while (i < len) {
        token_t tok;
        if (is_blank(s[i])) {
            i++;
            continue;
        }
        if (s[i] == '}' && i + 1 < len && s[i + 1] == '}') {
            *n_out = n;
            return i + 2;
        }
        if (s[i] == '`' || s[i] == '"') {
            char quote = s[i];
            size_t start = ++i;
            while (i < len && s[i] != quote) {
                if (quote == '"' && s[i] == '\\')
                    i++;
                i++;
            }
            if (i >= len)
                return 0;
            tok.kind = quote == '`' ? TOKEN_RAW : TOKEN_QUOTED;
            tok.s = s + start;
            tok.len = i - start;
            i++;
        } else {
            size_t start = i;
            while (i < len && !is_blank(s[i]) && s[i] != '"' &&
                   s[i] != '`' &&
                   !(s[i] == '}' && i + 1 < len && s[i + 1] == '}')) {
                i++;
            }
            tok.kind = TOKEN_WORD;
            tok.s = s + start;
            tok.len = i - start;
            /* "{{-" and "-}}" trim white space; they say nothing. */
            if (tok.len == 1 && tok.s[0] == '-')
                continue;
        }
        if (n < MAX_TOKENS)
            tokens[n] = tok;
        n++;
    }
    return 0;
}

/* What a Go action leaves: the string of {{"x"}} or {{raw "x"}}. */
static qr_status_t
emit_go_action(const token_t *tokens, int n, qr_buf_t *out, qr_err_t *err)
{
    const token_t *str = NULL;

    if (n == 1 && tokens[0].kind != TOKEN_WORD)
        str = &tokens[0];
    else if (n == 2 && tokens[0].kind == TOKEN_WORD &&
             tokens[0].len == 3 && memcmp(tokens[0].s, "raw", 3) == 0 &&
             tokens[1].kind != TOKEN_WORD)
        str = &tokens[1];
    if (str == NULL)
        return QR_OK;
    if (str->kind == TOKEN_RAW)
        return qr_buf_append(out, str->s, str->len, err);
    return append_unquoted(out, str->s, str->len, err);
}

/* Length of a Zola shortcode tag at S ("{{ name(...) }}", "{% name(...)
 * %}" or "{% end %}") on one line, or 0 when S starts none. */
static size_t
shortcode_length(const char *s, size_t len)
{
    char close = s[1] == '{' ? '}' : '%';
    size_t i = 2, name_start;

    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    name_start = i;
    if (i >= len || !is_ident(s[i], true))
        return 0;
    while (i < len && is_ident(s[i], false))
        i++;
    if (close == '%' && i - name_start == 3 &&
        memcmp(s + name_start, "end", 3) == 0) {
        /* "{% end %}" closes a body shortcode. */
    } else {
        char quote = 0;
        if (i >= len || s[i] != '(')
            return 0;
        for (i++; i < len && s[i] != '\n'; i++) {
            if (quote != 0) {
                quote = s[i] == quote ? 0 : quote;
            } else if (s[i] == '"' || s[i] == '\'') {
                quote = s[i];
            } else if (s[i] == ')') {
                break;
            }
        }
        if (i >= len || s[i] != ')')
            return 0;
        i++;
    }
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 1 < len && s[i] == close && s[i + 1] == '}')
        return i + 2;
    return 0;
}

/* When the line at S opens or closes a code fence, updates *FENCE (the
 * fence character and its run length, 0 outside a fence). */
static void
track_fence(const char *s, size_t len, char *fence_char, size_t *fence_len)
{
    size_t i = 0, run = 0;
    char c;

    while (i < len && i < 3 && s[i] == ' ')
        i++;
    if (i >= len || (s[i] != '`' && s[i] != '~'))
        return;
    c = s[i];
    while (i + run < len && s[i + run] == c)
        run++;
    if (run < 3)
        return;
    if (*fence_len == 0) {
        *fence_char = c;
        *fence_len = run;
    } else if (c == *fence_char && run >= *fence_len) {
        *fence_len = 0;
    }
}

qr_status_t
ix_template_strip(const char *md, size_t len, bool is_go_template,
                  qr_buf_t *out, qr_err_t *err)
{
    char fence_char = 0;
    size_t fence_len = 0, i = 0;
    qr_status_t st = QR_OK;

    while (i < len && st == QR_OK) {
        size_t n = 0;
        if (i == 0 || md[i - 1] == '\n') {
            const char *nl = memchr(md + i, '\n', len - i);
            track_fence(md + i, nl ? (size_t)(nl - (md + i)) : len - i,
                        &fence_char, &fence_len);
        }
        if (md[i] == '{' && i + 1 < len && (md[i + 1] == '{' ||
                                            md[i + 1] == '%')) {
            if (is_go_template && md[i + 1] == '{') {
                token_t tokens[MAX_TOKENS];
                int n_tokens;
                n = read_go_action(md + i, len - i, tokens, &n_tokens);
                if (n > 0)
                    st = emit_go_action(tokens, n_tokens, out, err);
            } else if (fence_len == 0) {
                n = shortcode_length(md + i, len - i);
            }
        }
        if (n > 0) {
            i += n;
        } else {
            st = qr_buf_putc(out, md[i], err);
            i++;
        }
    }
    return st;
}
