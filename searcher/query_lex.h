/* query_lex.h - cut query text into words, phrases, fields and operators.
 *
 * The lexer only finds the query language's syntax; the words themselves
 * are split later by the shared tokenizer. Rules:
 *  - Whitespace separates lexemes; '"', '(' and ')' end a word.
 *  - "..." is a phrase; a quote left open runs to the end (IS_UNCLOSED).
 *  - AND, OR and NOT, in capitals, are operators; in any other case words.
 *  - '-' right before anything but a space, a digit or another '-' is a
 *    negation ("-beta", "-\"a b\"", "-tag:x"), so "-40" stays a number.
 *  - name:value, where NAME is ASCII letters and the value is the rest of
 *    the word or a quoted phrase right after the colon, is a field. "std::"
 *    and "note: x" are not fields ('::', or nothing after the colon, make a
 *    plain word or an empty field the parser judges). */
#ifndef SR_QUERY_LEX_H
#define SR_QUERY_LEX_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sr_lex_kind {
    SR_LEX_END,
    SR_LEX_WORD,      /* TEXT: the word, a trailing '*' included */
    SR_LEX_PHRASE,    /* TEXT: what lies between the quotes */
    SR_LEX_FIELD,     /* NAME: the field name; TEXT: its value */
    SR_LEX_OPEN,      /* ( */
    SR_LEX_CLOSE,     /* ) */
    SR_LEX_AND,
    SR_LEX_OR,
    SR_LEX_NOT,
    SR_LEX_MINUS      /* a '-' negating what follows it */
} sr_lex_kind_t;

typedef struct sr_lexeme {
    sr_lex_kind_t kind;
    size_t start, end;            /* the lexeme's bytes in the query */
    size_t text_start, text_end;  /* WORD, PHRASE, FIELD value */
    size_t name_start, name_end;  /* FIELD name */
    bool is_quoted;               /* FIELD: the value was "quoted" */
    bool is_unclosed;             /* PHRASE or quoted FIELD: no end quote */
} sr_lexeme_t;

typedef struct sr_lexer {
    const char *text;
    size_t len;
    size_t cursor;
} sr_lexer_t;

/* Starts lexing TEXT[0..LEN) (borrowed; it must outlive the lexer).
 * Cannot fail. */
void sr_lex_init(sr_lexer_t *lex, const char *text, size_t len);

/* Fills *OUT with the next lexeme; SR_LEX_END at the end, and again on
 * every later call. Cannot fail. */
void sr_lex_next(sr_lexer_t *lex, sr_lexeme_t *out);

#endif /* SR_QUERY_LEX_H */
