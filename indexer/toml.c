/* toml.c - the subset of TOML that front matter uses, into fields.
 *
 * No TOML library is packaged for C in Debian, so this reads what Hugo and
 * Zola front matter holds: key = value lines with bare, quoted or dotted
 * keys; [table] and [[array]] headers; basic, literal and multi-line
 * strings with escapes; arrays (nested ones flattened, spanning lines);
 * inline tables; and scalars (numbers, booleans, dates) kept as text.
 * Everything becomes "table.key" -> values. */
#include "frontmatter.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

enum { MAX_KEY = 256, MAX_NESTING = 16 };

typedef struct toml_parser {
    const char *s;
    size_t len;
    size_t pos;
    size_t line;            /* line of POS, 1-based in the file */
    char table[MAX_KEY];    /* current [table], "" at top level */
    ix_fields_t *fields;
    qr_buf_t value;         /* scratch for decoded strings */
    qr_err_t *err;
} toml_parser_t;

static qr_status_t
fail(toml_parser_t *p, const char *reason)
{
    return qr_err_set(p->err, QR_ERR_PARSE, "line %zu: front matter: %s",
                      p->line, reason);
}

static bool
at_end(const toml_parser_t *p)
{
    return p->pos >= p->len;
}

static char
peek(const toml_parser_t *p)
{
    return at_end(p) ? '\0' : p->s[p->pos];
}

static bool
starts_with(const toml_parser_t *p, const char *lit)
{
    size_t n = strlen(lit);
    return p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0;
}

static void
advance(toml_parser_t *p, size_t n)
{
    for (size_t i = 0; i < n && p->pos < p->len; i++) {
        if (p->s[p->pos] == '\n')
            p->line++;
        p->pos++;
    }
}

static void
skip_blanks(toml_parser_t *p)
{
    while (peek(p) == ' ' || peek(p) == '\t')
        p->pos++;
}

static void
skip_comment(toml_parser_t *p)
{
    if (peek(p) != '#')
        return;
    while (!at_end(p) && peek(p) != '\n')
        p->pos++;
}

/* Blanks, comments and newlines, as allowed inside arrays. */
static void
skip_space_and_lines(toml_parser_t *p)
{
    for (;;) {
        skip_blanks(p);
        skip_comment(p);
        if (peek(p) == '\n' || peek(p) == '\r')
            advance(p, 1);
        else
            return;
    }
}

/* After a value or header only a comment may follow on the line. */
static qr_status_t
expect_line_end(toml_parser_t *p)
{
    skip_blanks(p);
    skip_comment(p);
    if (peek(p) == '\r')
        p->pos++;
    if (at_end(p))
        return QR_OK;
    if (peek(p) != '\n')
        return fail(p, "unexpected text after a value");
    advance(p, 1);
    return QR_OK;
}

/* Decodes the escape after a backslash into P->value. */
static qr_status_t
read_escape(toml_parser_t *p)
{
    char c = peek(p);
    char enc[QR_UTF8_MAX_BYTES];
    int32_t cp = 0;
    size_t n_hex;

    advance(p, 1);
    switch (c) {
    case 'b': return qr_buf_putc(&p->value, '\b', p->err);
    case 't': return qr_buf_putc(&p->value, '\t', p->err);
    case 'n': return qr_buf_putc(&p->value, '\n', p->err);
    case 'f': return qr_buf_putc(&p->value, '\f', p->err);
    case 'r': return qr_buf_putc(&p->value, '\r', p->err);
    case '"': return qr_buf_putc(&p->value, '"', p->err);
    case '\\': return qr_buf_putc(&p->value, '\\', p->err);
    case 'u': n_hex = 4; break;
    case 'U': n_hex = 8; break;
    default: return fail(p, "unknown escape in a string");
    }
    for (size_t i = 0; i < n_hex; i++) {
        int v = qr_hex_digit_value(peek(p));
        if (v < 0)
            return fail(p, "bad \\u escape in a string");
        cp = cp * 16 + v;
        advance(p, 1);
        if (cp > 0x10FFFF)
            return fail(p, "\\U escape beyond U+10FFFF");
    }
    return qr_buf_append(&p->value, enc, qr_utf8_encode(cp, enc), p->err);
}

/* Reads a string whose opening quote(s) QUOTE P is at; the decoded text
 * goes to P->value. */
static qr_status_t
read_string(toml_parser_t *p)
{
    bool is_literal = peek(p) == '\'';
    bool is_multi = starts_with(p, is_literal ? "'''" : "\"\"\"");
    const char *close = is_multi ? (is_literal ? "'''" : "\"\"\"") :
                                   (is_literal ? "'" : "\"");
    qr_status_t st;

    qr_buf_clear(&p->value);
    advance(p, strlen(close));
    /* A newline right after an opening triple quote is not content. */
    if (is_multi && starts_with(p, "\r\n"))
        advance(p, 2);
    else if (is_multi && peek(p) == '\n')
        advance(p, 1);
    for (;;) {
        char c;
        if (at_end(p))
            return fail(p, "unterminated string");
        if (starts_with(p, close)) {
            advance(p, strlen(close));
            /* """a"""" ends with a quote inside: at most two extra. */
            for (int extra = 0; is_multi && extra < 2 &&
                 peek(p) == close[0]; extra++) {
                st = qr_buf_putc(&p->value, close[0], p->err);
                if (st != QR_OK)
                    return st;
                advance(p, 1);
            }
            return QR_OK;
        }
        c = peek(p);
        if (c == '\n' && !is_multi)
            return fail(p, "newline inside a one-line string");
        if (c == '\\' && !is_literal) {
            advance(p, 1);
            if (is_multi && (peek(p) == '\n' || peek(p) == ' ' ||
                             peek(p) == '\t' || peek(p) == '\r')) {
                /* Line-ending backslash: drop it and following white space. */
                while (!at_end(p) && strchr(" \t\r\n", peek(p)) != NULL)
                    advance(p, 1);
                continue;
            }
            st = read_escape(p);
        } else {
            st = qr_buf_putc(&p->value, c, p->err);
            advance(p, 1);
        }
        if (st != QR_OK)
            return st;
    }
}

static bool
is_bare_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Reads a possibly dotted, possibly quoted key into KEY (MAX_KEY). */
static qr_status_t
read_key(toml_parser_t *p, char *key)
{
    size_t n = 0;

    key[0] = '\0';
    for (;;) {
        const char *part;
        size_t part_len;
        skip_blanks(p);
        if (peek(p) == '"' || peek(p) == '\'') {
            qr_status_t st = read_string(p);
            if (st != QR_OK)
                return st;
            part = p->value.data ? p->value.data : "";
            part_len = p->value.len;
        } else {
            size_t start = p->pos;
            while (is_bare_key_char(peek(p)))
                p->pos++;
            part = p->s + start;
            part_len = p->pos - start;
            if (part_len == 0)
                return fail(p, "expected a key");
        }
        if (n + part_len + 2 > MAX_KEY)
            return fail(p, "key is too long");
        if (n > 0)
            key[n++] = '.';
        memcpy(key + n, part, part_len);
        n += part_len;
        key[n] = '\0';
        skip_blanks(p);
        if (peek(p) != '.')
            return QR_OK;
        p->pos++;
    }
}

static qr_status_t read_value(toml_parser_t *p, const char *key, int depth);

static qr_status_t
add_value(toml_parser_t *p, const char *key, const char *value, size_t len)
{
    char full[MAX_KEY * 2];

    snprintf(full, sizeof full, "%s%s%s", p->table, p->table[0] ? "." : "",
             key);
    return ix_fields_add(p->fields, full, strlen(full), value, len, p->line,
                         p->err);
}

static qr_status_t
read_array(toml_parser_t *p, const char *key, int depth)
{
    advance(p, 1);   /* '[' */
    for (;;) {
        qr_status_t st;
        skip_space_and_lines(p);
        if (peek(p) == ']') {
            advance(p, 1);
            return QR_OK;
        }
        if (at_end(p))
            return fail(p, "unterminated array");
        st = read_value(p, key, depth + 1);
        if (st != QR_OK)
            return st;
        skip_space_and_lines(p);
        if (peek(p) == ',')
            advance(p, 1);
        else if (peek(p) != ']')
            return fail(p, "expected ',' or ']' in an array");
    }
}

static qr_status_t
read_inline_table(toml_parser_t *p, const char *key, int depth)
{
    advance(p, 1);   /* '{' */
    for (;;) {
        char sub[MAX_KEY], full[MAX_KEY * 2 + 2];
        qr_status_t st;
        skip_blanks(p);
        if (peek(p) == '}') {
            advance(p, 1);
            return QR_OK;
        }
        st = read_key(p, sub);
        if (st != QR_OK)
            return st;
        if (peek(p) != '=')
            return fail(p, "expected '=' in an inline table");
        p->pos++;
        skip_blanks(p);
        if (strlen(key) + strlen(sub) + 2 > MAX_KEY)
            return fail(p, "key is too long");
        snprintf(full, sizeof full, "%s.%s", key, sub);
        st = read_value(p, full, depth + 1);
        if (st != QR_OK)
            return st;
        skip_blanks(p);
        if (peek(p) == ',')
            p->pos++;
        else if (peek(p) != '}')
            return fail(p, "expected ',' or '}' in an inline table");
    }
}

/* A number, boolean or date: everything up to a delimiter, kept as text. */
static qr_status_t
read_scalar(toml_parser_t *p, const char *key)
{
    size_t start = p->pos, end;

    while (!at_end(p) && strchr(",]}#\n\r", peek(p)) == NULL)
        p->pos++;
    end = p->pos;
    while (end > start && (p->s[end - 1] == ' ' || p->s[end - 1] == '\t'))
        end--;
    if (end == start)
        return fail(p, "expected a value");
    return add_value(p, key, p->s + start, end - start);
}

static qr_status_t
read_value(toml_parser_t *p, const char *key, int depth)
{
    qr_status_t st;

    if (depth > MAX_NESTING)
        return fail(p, "values nested too deeply");
    switch (peek(p)) {
    case '"':
    case '\'':
        st = read_string(p);
        if (st != QR_OK)
            return st;
        return add_value(p, key, p->value.data ? p->value.data : "",
                         p->value.len);
    case '[':
        return read_array(p, key, depth);
    case '{':
        return read_inline_table(p, key, depth);
    default:
        return read_scalar(p, key);
    }
}

static qr_status_t
read_table_header(toml_parser_t *p)
{
    bool is_array = starts_with(p, "[[");
    qr_status_t st;

    p->pos += is_array ? 2 : 1;
    st = read_key(p, p->table);
    if (st != QR_OK)
        return st;
    if (!starts_with(p, is_array ? "]]" : "]"))
        return fail(p, "unterminated table header");
    p->pos += is_array ? 2 : 1;
    return expect_line_end(p);
}

static qr_status_t
read_line(toml_parser_t *p)
{
    char key[MAX_KEY];
    qr_status_t st;

    skip_blanks(p);
    skip_comment(p);
    if (peek(p) == '\r' || peek(p) == '\n' || at_end(p))
        return expect_line_end(p);
    if (peek(p) == '[')
        return read_table_header(p);
    st = read_key(p, key);
    if (st != QR_OK)
        return st;
    if (peek(p) != '=')
        return fail(p, "expected '=' after a key");
    p->pos++;
    skip_blanks(p);
    st = read_value(p, key, 0);
    if (st != QR_OK)
        return st;
    return expect_line_end(p);
}

qr_status_t
ix_toml_parse(const char *text, size_t len, size_t first_line,
              ix_fields_t *fields, qr_err_t *err)
{
    toml_parser_t p;
    qr_status_t st = QR_OK;

    memset(&p, 0, sizeof p);
    p.s = text;
    p.len = len;
    p.line = first_line;
    p.fields = fields;
    p.err = err;
    qr_buf_init(&p.value);
    while (!at_end(&p) && st == QR_OK)
        st = read_line(&p);
    qr_buf_release(&p.value);
    return st;
}
