/* tokenizer.c - split UTF-8 text into folded terms with byte offsets.
 *
 * The scanner finds a token's extent and its segments in one pass over the
 * bytes, then folds the whole and each part from the original bytes. ASCII
 * takes a table-free fast path; other code points are classified and folded
 * by utf8proc. The rules are listed in tokenizer.h. */
#include "tokenizer.h"

#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

enum char_class {
    CLS_SEP,       /* ends a word */
    CLS_LETTER,
    CLS_DIGIT,
    CLS_MARK,      /* combining mark: continues a word, never starts one */
    CLS_CONNECT,   /* '_' and other connector punctuation */
    CLS_CJK        /* a word on its own */
};

enum letter_case { CASE_OTHER, CASE_LOWER, CASE_UPPER };

static const int32_t RIGHT_SINGLE_QUOTE = 0x2019;

/* What each ASCII byte is, as bit flags: the tokenizer's hot loops test
 * these instead of decoding and classifying one code point at a time. */
enum ascii_flag {
    F_LETTER = 1 << 0,
    F_UPPER = 1 << 1,
    F_DIGIT = 1 << 2,
    F_CONNECT = 1 << 3,       /* '_' */
    F_SEP = 1 << 4,           /* ends a word (the apostrophe is decided apart) */
    F_UNSTEMMABLE = 1 << 5,   /* anything but a letter or an apostrophe */
    F_JOINS = 1 << 6          /* may join or end a word: . - / : ' + # */
};

enum { F_WORD = F_LETTER | F_DIGIT | F_CONNECT };

static const unsigned char ASCII_FLAGS[128] = {
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE | F_JOINS,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_JOINS,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE | F_JOINS,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE | F_JOINS,
    F_SEP | F_UNSTEMMABLE | F_JOINS, F_SEP | F_UNSTEMMABLE | F_JOINS,
    F_DIGIT | F_UNSTEMMABLE, F_DIGIT | F_UNSTEMMABLE,
    F_DIGIT | F_UNSTEMMABLE, F_DIGIT | F_UNSTEMMABLE,
    F_DIGIT | F_UNSTEMMABLE, F_DIGIT | F_UNSTEMMABLE,
    F_DIGIT | F_UNSTEMMABLE, F_DIGIT | F_UNSTEMMABLE,
    F_DIGIT | F_UNSTEMMABLE, F_DIGIT | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE | F_JOINS, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_LETTER | F_UPPER,
    F_LETTER | F_UPPER, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_CONNECT | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_LETTER,
    F_LETTER, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
    F_SEP | F_UNSTEMMABLE, F_SEP | F_UNSTEMMABLE,
};

static bool
is_cjk(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||     /* Hiragana, Katakana */
           (cp >= 0x31F0 && cp <= 0x31FF) ||     /* Katakana extension */
           (cp >= 0x3400 && cp <= 0x4DBF) ||     /* Han extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||     /* Han unified */
           (cp >= 0xF900 && cp <= 0xFAFF) ||     /* Han compatibility */
           (cp >= 0x20000 && cp <= 0x2FFFF);     /* Han supplementary */
}

static enum char_class
classify_other(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return is_cjk(cp) ? CLS_CJK : CLS_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return CLS_MARK;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return CLS_DIGIT;
    case UTF8PROC_CATEGORY_PC:
        return CLS_CONNECT;
    default:
        return CLS_SEP;
    }
}

static inline enum char_class
classify(int32_t cp)
{
    if (cp >= 0 && cp < 0x80) {
        unsigned f = ASCII_FLAGS[cp];
        if (f & F_LETTER)
            return CLS_LETTER;
        if (f & F_DIGIT)
            return CLS_DIGIT;
        return (f & F_CONNECT) ? CLS_CONNECT : CLS_SEP;
    }
    return classify_other(cp);
}

static bool
starts_word(enum char_class cls)
{
    return cls == CLS_LETTER || cls == CLS_DIGIT || cls == CLS_CONNECT;
}

static enum letter_case
case_of(int32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z')
            return CASE_LOWER;
        return (cp >= 'A' && cp <= 'Z') ? CASE_UPPER : CASE_OTHER;
    }
    if (utf8proc_isupper(cp))
        return CASE_UPPER;
    return utf8proc_islower(cp) ? CASE_LOWER : CASE_OTHER;
}

/* Decodes the code point at I (I < LEN); *NEXT gets the offset after it.
 * Invalid bytes decode as U+FFFD, which classifies as a separator. */
static int32_t
peek(const char *s, size_t len, size_t i, size_t *next)
{
    bool is_invalid = false;
    size_t j = i;
    int32_t cp = qr_utf8_decode(s, len, &j, &is_invalid);

    *next = j;
    return cp;
}

static inline enum char_class
class_at(const char *s, size_t len, size_t i)
{
    size_t next;

    if (i >= len)
        return CLS_SEP;
    if ((unsigned char)s[i] < 0x80)
        return classify((unsigned char)s[i]);
    return classify(peek(s, len, i, &next));
}

/* Folds S[start..end) into OUT (room for QR_TOK_MAX_TERM_BYTES + 1) and
 * returns the length, or SIZE_MAX when the folded form is too long.
 * *FLAGS_OUT gets QR_TOKF_HAS_DIGIT / QR_TOKF_STEMMABLE for the span. */
static size_t
fold_span(const char *s, size_t start, size_t end, char *out, size_t cap,
          unsigned *flags_out)
{
    size_t i = start, n = 0;
    unsigned seen = 0;            /* ASCII flags met */
    bool has_digit = false, is_stemmable = true;

    while (i < end) {
        unsigned char c = (unsigned char)s[i];
        utf8proc_int32_t folded[4];
        utf8proc_ssize_t n_folded;
        int last_boundclass = 0;
        int32_t cp;
        size_t next;

        if (c < 0x80) {
            if (n + 1 >= cap)
                return SIZE_MAX;
            seen |= ASCII_FLAGS[c];
            out[n++] = (char)(c | ((ASCII_FLAGS[c] & F_UPPER) << 4));
            i++;
            continue;
        }
        cp = peek(s, end, i, &next);
        i = next;
        if (cp == RIGHT_SINGLE_QUOTE) {
            if (n + 1 >= cap)
                return SIZE_MAX;
            out[n++] = '\'';
            continue;
        }
        switch (classify(cp)) {
        case CLS_DIGIT:
            has_digit = true;
            is_stemmable = false;
            break;
        case CLS_LETTER:
        case CLS_MARK:
            break;
        default:
            is_stemmable = false;
            break;
        }
        n_folded = utf8proc_decompose_char(cp, folded, 4, UTF8PROC_CASEFOLD,
                                           &last_boundclass);
        if (n_folded < 1 || n_folded > 4) {
            folded[0] = cp;
            n_folded = 1;
        }
        for (utf8proc_ssize_t k = 0; k < n_folded; k++) {
            char enc[QR_UTF8_MAX_BYTES];
            size_t n_enc = qr_utf8_encode(folded[k], enc);
            if (n + n_enc >= cap)
                return SIZE_MAX;
            memcpy(out + n, enc, n_enc);
            n += n_enc;
        }
    }
    out[n] = '\0';
    if (seen & F_DIGIT)
        has_digit = true;
    if (seen & F_UNSTEMMABLE)
        is_stemmable = false;
    *flags_out = (has_digit ? QR_TOKF_HAS_DIGIT : 0u) |
                 (is_stemmable ? QR_TOKF_STEMMABLE : 0u);
    return n;
}

static void
add_part(qr_tokenizer_t *tok, size_t start, size_t end)
{
    if (tok->n_parts >= QR_TOK_MAX_PARTS || start >= end)
        return;
    tok->parts[tok->n_parts].start = start;
    tok->parts[tok->n_parts].end = end;
    tok->n_parts++;
}

/* Adds the camelCase parts of the segment S[start..end), if it has two or
 * more. A boundary falls before an upper-case letter that follows a lower-
 * case one ("type|Script") and before the last capital of an acronym that
 * starts a capitalised word ("XML|Http"), except before a plural "s"
 * ending the segment ("APIs" stays whole). */
static void
add_camel_parts(qr_tokenizer_t *tok, size_t start, size_t end)
{
    const char *s = tok->text;
    size_t cuts[QR_TOK_MAX_PARTS];
    size_t n_cuts = 0, i = start, cur_next, next_next = end;
    enum letter_case prev = CASE_OTHER;
    int32_t cur;

    if (start >= end)
        return;
    cur = peek(s, end, i, &cur_next);
    while (i < end && n_cuts + 1 < QR_TOK_MAX_PARTS) {
        enum letter_case cur_case = case_of(cur);
        enum letter_case next_case = CASE_OTHER;
        int32_t next = 0;
        bool next_is_last = false;

        if (cur_next < end) {
            next = peek(s, end, cur_next, &next_next);
            next_case = case_of(next);
            next_is_last = next_next >= end;
        }
        if (i > start && cur_case == CASE_UPPER &&
            (prev == CASE_LOWER ||
             (prev == CASE_UPPER && next_case == CASE_LOWER &&
              !(next == 's' && next_is_last)))) {
            cuts[n_cuts++] = i;
        }
        prev = cur_case;
        i = cur_next;
        if (i < end) {
            cur = next;
            cur_next = next_next;
        }
    }
    if (n_cuts == 0)
        return;
    add_part(tok, start, cuts[0]);
    for (size_t k = 0; k + 1 < n_cuts; k++)
        add_part(tok, cuts[k], cuts[k + 1]);
    add_part(tok, cuts[n_cuts - 1], end);
}

static bool
is_possessive_s(const char *s, size_t len, size_t after_quote)
{
    size_t next;

    if (after_quote >= len)
        return false;
    if (s[after_quote] != 's' && s[after_quote] != 'S')
        return false;
    next = after_quote + 1;
    return class_at(s, len, next) == CLS_SEP && !(next < len &&
           s[next] == '\'');
}

/* Length of a joiner at I that links two segments, or 0. */
static size_t
joiner_len(const char *s, size_t len, size_t i)
{
    size_t j;

    if (i >= len)
        return 0;
    if (s[i] == '.' || s[i] == '-' || s[i] == '/')
        j = i + 1;
    else if (s[i] == ':' && i + 1 < len && s[i + 1] == ':')
        j = i + 2;
    else
        return 0;
    return starts_word(class_at(s, len, j)) ? j - i : 0;
}

static size_t
count_digits(const char *s, size_t len, size_t i)
{
    size_t n = 0;

    while (i + n < len && s[i + n] >= '0' && s[i + n] <= '9')
        n++;
    return n;
}

/* Length of a kept suffix at I, or 0: "+" or "++" with an optional edition
 * number ("c++", "c++20"), or "#" after a word of one or two ASCII letters
 * ("c#", "f#"). SEG_START..I is the last segment. */
static size_t
suffix_len(const char *s, size_t len, size_t seg_start, size_t i,
           size_t n_segments)
{
    size_t n = 0, n_digits;

    if (i >= len)
        return 0;
    if (s[i] == '+') {
        while (i + n < len && s[i + n] == '+')
            n++;
        if (n > 2)
            return 0;
        n_digits = count_digits(s, len, i + n);
        if (n_digits > 0 && n_digits <= 2)
            n += n_digits;
    } else if (s[i] == '#' && n_segments == 1 && i - seg_start <= 2) {
        for (size_t k = seg_start; k < i; k++) {
            char c = s[k];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                return 0;
        }
        n = 1;
    } else {
        return 0;
    }
    return starts_word(class_at(s, len, i + n)) ? 0 : n;
}

typedef struct run_info {
    bool is_numeric;        /* only digits */
    bool has_alnum;         /* at least one letter or digit */
    bool has_inner_upper;   /* a capital after the first character */
    size_t possessive_end;  /* offset after a dropped "'s", or 0 */
} run_info_t;

/* A token's segments fall into groups: runs of segments between '/'
 * joiners, each with its own suffix ("C" and "C++" in "C/C++"). */
typedef struct token_group {
    size_t first_seg;       /* index of its first segment */
    size_t n_segments;
    size_t end;             /* end of its bytes, suffix included */
    bool has_suffix;
    bool is_numeric;        /* only digits in every segment */
} token_group_t;

typedef struct token_scan {
    size_t end;             /* end of the term's bytes */
    size_t resume;          /* where scanning continues (after any "'s") */
    size_t seg_start[QR_TOK_MAX_SEGMENTS];
    size_t seg_end[QR_TOK_MAX_SEGMENTS];
    bool seg_has_inner_upper[QR_TOK_MAX_SEGMENTS];
    size_t n_segments;
    token_group_t groups[QR_TOK_MAX_SEGMENTS];
    size_t n_groups;
    bool is_all_numeric;
    bool has_alnum;
    bool has_suffix;
} token_scan_t;

/* Scans the word run starting at I and returns the offset where it ends.
 * An apostrophe between letters stays inside the run; a possessive "'s"
 * ending the token ends the run before the apostrophe and sets
 * *POSSESSIVE_END_OUT to the offset after the "s" (else it is left 0). */
static size_t
scan_run(const char *s, size_t len, size_t i, run_info_t *info)
{
    enum char_class prev = CLS_SEP;
    size_t start = i;
    unsigned seen = 0;            /* ASCII flags met after the first byte */

    info->is_numeric = true;
    info->has_alnum = false;
    info->has_inner_upper = false;
    info->possessive_end = 0;
    while (i < len) {
        size_t next;
        int32_t cp;
        enum char_class cls;
        unsigned char c = (unsigned char)s[i];

        /* The common case: a run of ASCII word bytes. */
        if (c < 0x80 && (ASCII_FLAGS[c] & F_WORD)) {
            unsigned f = ASCII_FLAGS[c];
            if (i == start) {
                info->has_alnum = (f & (F_LETTER | F_DIGIT)) != 0;
                info->is_numeric = (f & F_DIGIT) != 0;
            } else {
                seen |= f;
            }
            prev = (f & F_LETTER) ? CLS_LETTER : CLS_DIGIT;
            i++;
            continue;
        }
        cp = peek(s, len, i, &next);
        cls = classify(cp);
        if (cls == CLS_LETTER || cls == CLS_MARK || cls == CLS_CONNECT ||
            cls == CLS_DIGIT) {
            if (cls != CLS_DIGIT)
                info->is_numeric = false;
            if (cls == CLS_LETTER || cls == CLS_DIGIT)
                info->has_alnum = true;
            if (i > start && cls == CLS_LETTER && case_of(cp) == CASE_UPPER)
                info->has_inner_upper = true;
            prev = cls;
            i = next;
            continue;
        }
        if ((cp == '\'' || cp == RIGHT_SINGLE_QUOTE) && prev == CLS_LETTER &&
            class_at(s, len, next) == CLS_LETTER) {
            if (is_possessive_s(s, len, next)) {
                info->possessive_end = next + 1;
                break;
            }
            prev = CLS_SEP;
            i = next;
            continue;
        }
        break;
    }
    if (seen & (F_LETTER | F_DIGIT))
        info->has_alnum = true;
    if (seen & (F_LETTER | F_CONNECT))
        info->is_numeric = false;
    if (seen & F_UPPER)
        info->has_inner_upper = true;
    return i;
}

/* Starts a new group at segment K. */
static void
open_group(token_scan_t *scan, size_t k)
{
    token_group_t *g = &scan->groups[scan->n_groups++];

    g->first_seg = k;
    g->n_segments = 0;
    g->end = 0;
    g->has_suffix = false;
    g->is_numeric = true;
}

/* True when a '/' at I joins the group ending there to a next one. */
static bool
is_slash_joiner(const token_scan_t *scan, const char *s, size_t len,
                size_t i)
{
    return i < len && s[i] == '/' && joiner_len(s, len, i) > 0 &&
           scan->n_segments < QR_TOK_MAX_SEGMENTS;
}

static void
scan_token(const qr_tokenizer_t *tok, size_t start, token_scan_t *scan)
{
    const char *s = tok->text;
    size_t len = tok->len, i = start;

    scan->n_segments = 0;
    scan->n_groups = 0;
    scan->is_all_numeric = true;
    scan->has_alnum = false;
    scan->has_suffix = false;
    scan->resume = 0;
    open_group(scan, 0);
    for (;;) {
        size_t k = scan->n_segments, join, suffix;
        token_group_t *g = &scan->groups[scan->n_groups - 1];
        run_info_t run;

        scan->seg_start[k] = i;
        i = scan_run(s, len, i, &run);
        scan->seg_end[k] = i;
        scan->seg_has_inner_upper[k] = run.has_inner_upper;
        scan->n_segments++;
        g->n_segments++;
        g->is_numeric = g->is_numeric && run.is_numeric;
        g->end = i;
        scan->is_all_numeric = scan->is_all_numeric && run.is_numeric;
        scan->has_alnum = scan->has_alnum || run.has_alnum;
        if (run.possessive_end != 0) {
            scan->resume = run.possessive_end;
            break;
        }
        join = joiner_len(s, len, i);
        if (join > 0 && scan->n_segments < QR_TOK_MAX_SEGMENTS) {
            if (s[i] == '/')
                open_group(scan, k + 1);
            i += join;
            continue;
        }
        suffix = suffix_len(s, len, scan->seg_start[k], i, g->n_segments);
        if (suffix == 0)
            break;
        scan->has_suffix = g->has_suffix = true;
        i += suffix;
        g->end = i;
        /* "C++/CLI": a suffix may end a group but not the compound. */
        if (!is_slash_joiner(scan, s, len, i))
            break;
        open_group(scan, k + 1);
        i++;
    }
    scan->end = i;
    if (scan->resume == 0)
        scan->resume = i;
}

/* Queues group G's own parts: its whole, when the token has other groups
 * and G is not a lone segment, then its segments and camelCase parts as
 * a token of its own would have them. START is where G's bytes begin and
 * HAS_DOT says a leading '.' is among them (".NET"). */
static void
queue_group_parts(qr_tokenizer_t *tok, const token_scan_t *scan,
                  const token_group_t *g, size_t start, bool has_dot)
{
    bool is_compound = g->n_segments >= 2 || g->has_suffix || has_dot;
    /* A leading dot makes a name of its own: ".NET" is not the word
     * "net", so a search for net does not find it (".env" files, ".NET
     * Core"). "ASP.NET" still holds its parts. */
    bool is_split = g->n_segments >= 2 && !g->is_numeric;

    if (scan->n_groups > 1 && is_compound)
        add_part(tok, start, g->end);
    /* A lone segment of a slashed token stands for its group, unless
     * the whole token is numbers ("2026/05/12"). */
    if (scan->n_groups > 1 && !is_compound && !scan->is_all_numeric)
        is_split = true;
    for (size_t k = g->first_seg; k < g->first_seg + g->n_segments; k++) {
        if (is_split)
            add_part(tok, scan->seg_start[k], scan->seg_end[k]);
        if (scan->seg_has_inner_upper[k])
            add_camel_parts(tok, scan->seg_start[k], scan->seg_end[k]);
    }
}

/* Queues the parts of the token that starts at START (a '.' there when
 * HAS_DOT): group by group, so each side of a '/' keeps its suffix and
 * its own parts ("C/C++" gives "c" and "c++"; "JavaScript/Node.js" gives
 * "node.js", then "node" and "js"). */
static void
queue_parts(qr_tokenizer_t *tok, const token_scan_t *scan, size_t start,
            bool has_dot)
{
    tok->n_parts = 0;
    tok->next_part = 0;
    for (size_t k = 0; k < scan->n_groups; k++) {
        const token_group_t *g = &scan->groups[k];
        bool is_first = k == 0;
        queue_group_parts(tok, scan, g,
                          is_first ? start : scan->seg_start[g->first_seg],
                          is_first && has_dot);
    }
}

static bool
emit_part(qr_tokenizer_t *tok, qr_token_t *out)
{
    while (tok->next_part < tok->n_parts) {
        const qr_tok_span_t *part = &tok->parts[tok->next_part++];
        unsigned flags = 0;
        size_t n = fold_span(tok->text, part->start, part->end, tok->buf,
                             QR_TOK_MAX_TERM_BYTES + 1, &flags);
        if (n == SIZE_MAX) {
            tok->n_dropped++;
            continue;
        }
        out->term = tok->buf;
        out->len = n;
        out->start = part->start;
        out->end = part->end;
        out->pos = tok->parts_pos;
        out->flags = flags | QR_TOKF_PART;
        return true;
    }
    return false;
}

void
qr_tok_init(qr_tokenizer_t *tok, const char *text, size_t len,
            qr_tok_mode_t mode, uint32_t first_pos)
{
    memset(tok, 0, sizeof *tok);
    tok->text = text;
    tok->len = len;
    tok->mode = mode;
    tok->pos = first_pos;
}

/* True when the '.' at I starts a name such as ".NET": a letter follows,
 * and the byte before is not part of a word, a dot or a kept suffix (a
 * word before it would have joined the dot already). */
static bool
is_leading_dot(const qr_tokenizer_t *tok, size_t i)
{
    unsigned char before;

    if (tok->text[i] != '.' || class_at(tok->text, tok->len, i + 1) !=
        CLS_LETTER) {
        return false;
    }
    if (i == 0)
        return true;
    before = (unsigned char)tok->text[i - 1];
    if (before >= 0x80)
        return true;
    return !((before >= 'a' && before <= 'z') ||
             (before >= 'A' && before <= 'Z') ||
             (before >= '0' && before <= '9') || before == '.' ||
             before == '_' || before == '+' || before == '#');
}

/* True when the byte at I (< LEN) surely ends an ASCII word: it is not
 * a joiner, apostrophe or suffix that the general rules would keep
 * ("node.js", "don't", "c++"). A '.' ending a sentence is the common
 * case that still qualifies. */
static bool
ends_plain_word(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : ' ';
    bool is_word_next = next >= 0x80 || (ASCII_FLAGS[next] & F_WORD);

    if (c >= 0x80)
        return false;
    if (!(ASCII_FLAGS[c] & F_JOINS))
        return true;
    switch (c) {
    case '.':
    case '-':
    case '/':
    case '\'':
        return !is_word_next;
    case ':':
        return next != ':';
    default:
        return false;   /* '+' and '#' may be kept as a suffix */
    }
}

/* The common case, in one pass: a word of ASCII letters and digits that
 * ends at a plain separator (no joiner, suffix, apostrophe or non-ASCII
 * byte next to it) and, in document mode, has no capital inside it (no
 * camelCase parts). Folds it into TOK->buf and fills OUT; returns false
 * (having changed nothing but the buffer) when the word needs the general
 * rules. */
static bool
emit_plain_word(qr_tokenizer_t *tok, size_t start, qr_token_t *out)
{
    const char *s = tok->text;
    size_t i = start, len = tok->len, n = 0;
    unsigned seen = 0, inner = 0;   /* flags of all bytes / all but first */
    unsigned char c;

    while (i < len && (c = (unsigned char)s[i]) < 0x80 &&
           (ASCII_FLAGS[c] & F_WORD)) {
        unsigned f = ASCII_FLAGS[c];
        if (n == QR_TOK_MAX_TERM_BYTES)
            return false;
        seen |= f;
        if (i > start)
            inner |= f;
        tok->buf[n++] = (char)(c | ((f & F_UPPER) << 4));   /* +32 */
        i++;
    }
    if (i == start)
        return false;
    if (i < len && !ends_plain_word(s, len, i))
        return false;
    if ((seen & F_CONNECT) || !(seen & (F_LETTER | F_DIGIT)))
        return false;   /* snake_case and "___" take the general path */
    if (tok->mode == QR_TOK_DOCUMENT && (inner & F_UPPER))
        return false;   /* a capital inside: camelCase parts to emit */
    tok->buf[n] = '\0';
    tok->cursor = i;
    tok->n_parts = 0;
    tok->next_part = 0;
    tok->parts_pos = tok->pos++;
    out->term = tok->buf;
    out->len = n;
    out->start = start;
    out->end = i;
    out->pos = tok->parts_pos;
    out->flags = (seen & F_DIGIT) ? QR_TOKF_HAS_DIGIT : QR_TOKF_STEMMABLE;
    return true;
}

/* Emits the token starting at START (a word, or a '.' before one). */
static bool
emit_token(qr_tokenizer_t *tok, size_t start, qr_token_t *out)
{
    token_scan_t scan;
    bool has_dot = tok->text[start] == '.';
    unsigned flags = 0;
    size_t n;

    scan_token(tok, has_dot ? start + 1 : start, &scan);
    tok->cursor = scan.resume;
    if (!scan.has_alnum)
        return false;   /* only underscores, such as a Markdown rule */
    tok->parts_pos = tok->pos++;
    n = fold_span(tok->text, start, scan.end, tok->buf,
                  QR_TOK_MAX_TERM_BYTES + 1, &flags);
    if (n == SIZE_MAX)
        tok->n_dropped++;
    if (n == SIZE_MAX || tok->mode == QR_TOK_DOCUMENT)
        queue_parts(tok, &scan, start, has_dot);
    if (n == SIZE_MAX)
        return emit_part(tok, out);
    if (has_dot || scan.has_suffix || scan.n_segments > 1)
        flags = (flags & ~(unsigned)QR_TOKF_STEMMABLE) | QR_TOKF_COMPOUND;
    out->term = tok->buf;
    out->len = n;
    out->start = start;
    out->end = scan.end;
    out->pos = tok->parts_pos;
    out->flags = flags;
    return true;
}

bool
qr_tok_next(qr_tokenizer_t *tok, qr_token_t *out)
{
    if (emit_part(tok, out))
        return true;
    tok->n_parts = 0;
    while (tok->cursor < tok->len) {
        size_t i = tok->cursor, next;
        bool is_invalid = false;
        int32_t cp;
        enum char_class cls;
        unsigned char c = (unsigned char)tok->text[i];

        /* Skip plain ASCII separators without decoding; '.' may start
         * ".NET" and goes the slow way. */
        if (c < 0x80 && (ASCII_FLAGS[c] & F_SEP) && c != '.') {
            tok->cursor++;
            continue;
        }
        next = i;
        cp = qr_utf8_decode(tok->text, tok->len, &next, &is_invalid);
        if (is_invalid) {
            tok->n_invalid++;
            tok->cursor = next;
            continue;
        }
        cls = classify(cp);
        if (starts_word(cls) || is_leading_dot(tok, i)) {
            if (emit_plain_word(tok, i, out) || emit_token(tok, i, out))
                return true;
            continue;
        }
        if (cls == CLS_CJK) {
            unsigned flags = 0;
            size_t n = fold_span(tok->text, i, next, tok->buf,
                                 QR_TOK_MAX_TERM_BYTES + 1, &flags);
            tok->cursor = next;
            out->term = tok->buf;
            out->len = n;
            out->start = i;
            out->end = next;
            out->pos = tok->pos++;
            out->flags = flags & ~(unsigned)QR_TOKF_STEMMABLE;
            return true;
        }
        tok->cursor = next;
    }
    return false;
}

uint32_t
qr_tok_next_pos(const qr_tokenizer_t *tok)
{
    return tok->pos;
}

size_t
qr_tok_n_dropped(const qr_tokenizer_t *tok)
{
    return tok->n_dropped;
}

size_t
qr_tok_n_invalid(const qr_tokenizer_t *tok)
{
    return tok->n_invalid;
}

size_t
qr_tok_fold(const char *text, size_t len, char *out, size_t out_cap)
{
    unsigned flags;

    if (out_cap == 0)
        return SIZE_MAX;
    return fold_span(text, 0, len, out, out_cap, &flags);
}
