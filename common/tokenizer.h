/* tokenizer.h - split UTF-8 text into case-folded terms with byte offsets.
 *
 * One tokenizer serves documents and queries so the two can never disagree.
 * Rules, chosen for the vocabulary of tech writing:
 *  - A word is a run of letters, digits, combining marks and '_'
 *    (snake_case and time_t stay whole). Han, Hiragana and Katakana
 *    characters are one token each, since those scripts do not use spaces.
 *  - Words joined by one '.', '-', '/' or "::" form a compound that is kept
 *    whole ("node.js", "x86-64", "gpt-4o", "http/2", "std::vector"); in
 *    document mode its segments are also emitted as parts ("node", "js"),
 *    unless every segment is a number ("1.4.22", "2026/05/12").
 *  - '/' joins looser than the others: in document mode each side of it
 *    is also a part as it would be a token on its own, with its suffix
 *    and its own parts ("c/c++" gives "c" and "c++"; "javascript/node.js"
 *    gives "javascript", "java", "script", "node.js", "node", "js";
 *    "1.21/1.22" gives "1.21" and "1.22").
 *  - A leading '.' before a letter is kept (".net"), with the word as a part.
 *  - One or two trailing '+' ("c++", "g++") and a '#' after a one- or
 *    two-letter word ("c#", "f#") are kept when no word character follows;
 *    a '/' may follow them and continue the compound ("c++/cli").
 *  - An apostrophe between letters stays inside the word ("don't"); U+2019
 *    is folded to "'". A possessive "'s" at the end of a token is dropped.
 *  - camelCase and PascalCase words are kept whole and, in document mode,
 *    also split into their parts ("typescript", "type", "script";
 *    "xmlhttprequest", "xml", "http", "request"); a plural acronym such as
 *    "APIs" is not split.
 *  - Every part shares the position of its whole, and the next token takes
 *    the next position, so word positions do not depend on case or on how a
 *    name is punctuated, and a phrase written as in the text matches.
 *  - Terms are case-folded with Unicode full case folding (utf8proc).
 *  - A term longer than QR_TOK_MAX_TERM_BYTES is dropped and counted; the
 *    parts of a dropped compound are still emitted, in both modes.
 *  - Invalid UTF-8 separates tokens and is counted; it never ends the scan.
 *
 * The tokenizer never allocates: it is a plain struct the caller owns.
 * A change to these rules must bump IX_READERS_VERSION (indexer/reader.h),
 * so that existing indexes are rewritten with the new terms. */
#ifndef QR_TOKENIZER_H
#define QR_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Xapian rejects terms over 245 bytes; keep room for a field prefix of up
 * to five bytes (see terms.h). */
enum { QR_TOK_MAX_TERM_BYTES = 240 };

/* A compound has at most this many segments; one with more is cut into
 * several tokens. */
enum { QR_TOK_MAX_SEGMENTS = 16 };

/* At most this many parts are recorded for one token: room for every
 * segment and the whole of each '/' group; camelCase parts past it are
 * dropped. */
enum { QR_TOK_MAX_PARTS = 2 * QR_TOK_MAX_SEGMENTS };

typedef enum qr_tok_mode {
    QR_TOK_DOCUMENT,   /* wholes and parts, for indexing */
    QR_TOK_QUERY       /* wholes only: they match what documents stored */
} qr_tok_mode_t;

enum qr_tok_flag {
    QR_TOKF_PART = 1u << 0,        /* a segment or camelCase part */
    QR_TOKF_HAS_DIGIT = 1u << 1,   /* contains a digit: never stemmed */
    QR_TOKF_STEMMABLE = 1u << 2,   /* only letters, marks and apostrophes */
    QR_TOKF_COMPOUND = 1u << 3     /* joined by punctuation or has a suffix */
};

typedef struct qr_token {
    const char *term;   /* folded term; valid until the next qr_tok_next */
    size_t len;         /* bytes in TERM (no terminator counted) */
    size_t start;       /* byte offset of the token in the input */
    size_t end;         /* byte offset just past the token */
    uint32_t pos;       /* word position; parts share their whole's */
    unsigned flags;     /* enum qr_tok_flag bits */
} qr_token_t;

typedef struct qr_tok_span {
    size_t start, end;
} qr_tok_span_t;

/* Tokenizer state. Treat the members as private. */
typedef struct qr_tokenizer {
    const char *text;
    size_t len;
    size_t cursor;
    qr_tok_mode_t mode;
    uint32_t pos;
    size_t n_dropped;
    size_t n_invalid;
    qr_tok_span_t parts[QR_TOK_MAX_PARTS];
    size_t n_parts;
    size_t next_part;
    uint32_t parts_pos;
    char buf[QR_TOK_MAX_TERM_BYTES + 8 * 4];
} qr_tokenizer_t;

/* Starts tokenizing TEXT[0..LEN) (borrowed: it must outlive the scan) in
 * MODE, numbering positions from FIRST_POS. Resets the counters. Cannot
 * fail. */
void qr_tok_init(qr_tokenizer_t *tok, const char *text, size_t len,
                 qr_tok_mode_t mode, uint32_t first_pos);

/* Fills *TOKEN_OUT with the next token and returns true, or returns false
 * at the end of the text. TOKEN_OUT->term points into TOK and is valid until
 * the next call. Cannot fail. */
bool qr_tok_next(qr_tokenizer_t *tok, qr_token_t *token_out);

/* Returns the position the next token would get: after a full scan, one
 * past the last position used. Cannot fail. */
uint32_t qr_tok_next_pos(const qr_tokenizer_t *tok);

/* Returns how many terms were dropped for exceeding QR_TOK_MAX_TERM_BYTES.
 * Cannot fail. */
size_t qr_tok_n_dropped(const qr_tokenizer_t *tok);

/* Returns how many invalid UTF-8 sequences the scan met. Cannot fail. */
size_t qr_tok_n_invalid(const qr_tokenizer_t *tok);

/* Case-folds TEXT[0..LEN) with the tokenizer's folding (no splitting) into
 * OUT (capacity OUT_CAP, NUL-terminated) and returns the folded length, or
 * returns SIZE_MAX when it does not fit. Used for exact-match fields such as
 * tags. Cannot fail. */
size_t qr_tok_fold(const char *text, size_t len, char *out, size_t out_cap);

#endif /* QR_TOKENIZER_H */
