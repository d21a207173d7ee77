/* query_lex.c - cut query text into words, phrases, fields and operators. */
#include "query_lex.h"

#include <string.h>

/* Longest field name looked for; longer letter runs are words. */
enum { FIELD_NAME_MAX = 16 };

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static bool
ends_word(char c)
{
    return is_space(c) || c == '"' || c == '(' || c == ')';
}

static bool
is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void
sr_lex_init(sr_lexer_t *lex, const char *text, size_t len)
{
    lex->text = text;
    lex->len = len;
    lex->cursor = 0;
}

/* Scans a quoted phrase whose opening quote is at I; fills OUT's text span
 * and IS_UNCLOSED and returns the offset after the closing quote. */
static size_t
scan_quoted(const sr_lexer_t *lex, size_t i, sr_lexeme_t *out)
{
    const char *close = memchr(lex->text + i + 1, '"', lex->len - i - 1);

    out->text_start = i + 1;
    if (close == NULL) {
        out->text_end = lex->len;
        out->is_unclosed = true;
        return lex->len;
    }
    out->text_end = (size_t)(close - lex->text);
    return out->text_end + 1;
}

static bool
word_is(const sr_lexer_t *lex, size_t start, size_t end, const char *op)
{
    size_t n = strlen(op);

    return end - start == n && memcmp(lex->text + start, op, n) == 0;
}

/* Turns the word at START into a field when it has the form name:value;
 * returns the offset where the lexeme ends, or 0 when it is no field. */
static size_t
scan_field(const sr_lexer_t *lex, size_t start, sr_lexeme_t *out)
{
    const char *s = lex->text;
    size_t i = start, end;

    while (i < lex->len && is_ascii_letter(s[i]) && i - start <= FIELD_NAME_MAX)
        i++;
    if (i == start || i - start > FIELD_NAME_MAX || i >= lex->len ||
        s[i] != ':') {
        return 0;
    }
    if (i + 1 < lex->len && s[i + 1] == ':')
        return 0;   /* "std::vector" */
    out->kind = SR_LEX_FIELD;
    out->name_start = start;
    out->name_end = i;
    i++;
    if (i < lex->len && s[i] == '"') {
        out->is_quoted = true;
        return scan_quoted(lex, i, out);
    }
    end = i;
    while (end < lex->len && !ends_word(s[end]))
        end++;
    out->text_start = i;
    out->text_end = end;
    return end;
}

static bool
starts_negation(const sr_lexer_t *lex, size_t i)
{
    char next;

    if (lex->text[i] != '-' || i + 1 >= lex->len)
        return false;
    next = lex->text[i + 1];
    return !is_space(next) && next != '-' && next != ')' &&
           !(next >= '0' && next <= '9');
}

void
sr_lex_next(sr_lexer_t *lex, sr_lexeme_t *out)
{
    const char *s = lex->text;
    size_t i = lex->cursor, end;

    memset(out, 0, sizeof *out);
    while (i < lex->len && is_space(s[i]))
        i++;
    out->start = i;
    if (i >= lex->len) {
        out->kind = SR_LEX_END;
        out->end = lex->cursor = lex->len;
        return;
    }
    if (s[i] == '"') {
        out->kind = SR_LEX_PHRASE;
        end = scan_quoted(lex, i, out);
    } else if (s[i] == '(' || s[i] == ')') {
        out->kind = s[i] == '(' ? SR_LEX_OPEN : SR_LEX_CLOSE;
        end = i + 1;
    } else if (starts_negation(lex, i)) {
        out->kind = SR_LEX_MINUS;
        end = i + 1;
    } else if ((end = scan_field(lex, i, out)) == 0) {
        end = i;
        while (end < lex->len && !ends_word(s[end]))
            end++;
        out->kind = SR_LEX_WORD;
        out->text_start = i;
        out->text_end = end;
        if (word_is(lex, i, end, "AND"))
            out->kind = SR_LEX_AND;
        else if (word_is(lex, i, end, "OR"))
            out->kind = SR_LEX_OR;
        else if (word_is(lex, i, end, "NOT"))
            out->kind = SR_LEX_NOT;
    }
    out->end = lex->cursor = end;
}
