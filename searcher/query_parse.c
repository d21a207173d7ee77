/* query_parse.c - the query language, parsed into a query tree.
 *
 * A recursive-descent parser over the lexemes of query_lex.c; each rule
 * returns a piece (query_part.h) and the pieces join on the way up. */
#include "query_parse.h"

#include <stdbool.h>
#include <string.h>

#include "query_dates.h"
#include "query_filters.h"
#include "query_lex.h"
#include "terms.h"
#include "utf8.h"

/* Bytes of query text quoted in a message. */
enum { QUOTE_MAX = 60 };

typedef struct parser {
    const char *text;
    size_t len;
    sr_lexer_t lex;
    sr_lexeme_t cur;          /* the lexeme being looked at */
    sr_words_t *words;
    int64_t now;
    sr_issues_t *issues;
    qr_buf_t *title_text;
    qr_buf_t *free_text;
    sr_text_cursor_t cursor;  /* for issue_position */
    unsigned depth;           /* open parentheses */
    unsigned n_ignored_open;  /* '(' ignored for depth, whose ')' are too */
    unsigned n_negations;     /* NOT or '-' around the current atom */
    bool was_truncated;       /* the word limit was reported */
    size_t n_lexemes;         /* lexemes read so far */
    qr_err_t *err;
} parser_t;

/* The character position of byte OFFSET of the query, for messages. */
static size_t
issue_position(parser_t *p, size_t offset)
{
    return sr_issue_position_from(p->text, p->len, offset, &p->cursor);
}

typedef enum field {
    FIELD_TITLE,
    FIELD_AUTHOR,
    FIELD_TAG,
    FIELD_SITE,
    FIELD_SINCE,
    FIELD_UNTIL,
    FIELD_UNKNOWN
} field_t;

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static qr_status_t parse_sequence(parser_t *p, bool is_group,
                                  sr_part_t *out);
static qr_status_t parse_unary(parser_t *p, sr_part_t *out);

static void
advance(parser_t *p)
{
    sr_lex_next(&p->lex, &p->cur);
    p->n_lexemes++;
}

static int
quote_len(const parser_t *p, size_t start, size_t end)
{
    return (int)qr_utf8_floor(p->text + start, end - start, QUOTE_MAX);
}

static void
empty_part(sr_part_t *out)
{
    out->kind = SR_PART_WEIGHTED;
    out->is_stopword = false;
    out->query = NULL;
}

/* Records that the word limit cut the query, once, at OFFSET. */
static qr_status_t
note_truncation(parser_t *p, size_t offset)
{
    if (!p->words->is_truncated || p->was_truncated)
        return QR_OK;
    p->was_truncated = true;
    return sr_issues_add(p->issues, SR_ISSUE_TOO_LONG, offset, p->err,
                         "the query has more than %d words: the rest are "
                         "ignored", SR_MAX_QUERY_WORDS);
}

/* Appends TEXT[start..end) to BUF, unless negated. */
static qr_status_t
add_text(parser_t *p, qr_buf_t *buf, size_t start, size_t end)
{
    qr_status_t st = QR_OK;

    if (p->n_negations > 0)
        return QR_OK;
    if (buf->len > 0)
        st = qr_buf_putc(buf, ' ', p->err);
    return st == QR_OK ? qr_buf_append(buf, p->text + start, end - start,
                                       p->err) : st;
}

static qr_status_t
add_title_text(parser_t *p, size_t start, size_t end)
{
    return add_text(p, p->title_text, start, end);
}

/* Free words of TEXT[start..end) joined side by side into *OUT; they also
 * extend the title text unless negated. */
static qr_status_t
free_words(parser_t *p, size_t start, size_t end, bool is_prefix,
           sr_part_t *out)
{
    sr_parts_t parts;
    qr_status_t st;

    sr_parts_init(&parts);
    st = sr_words_free(p->words, p->text + start, end - start, is_prefix,
                       &parts, p->err);
    if (st == QR_OK && !is_prefix)
        st = add_title_text(p, start, end);
    if (st == QR_OK && !is_prefix)
        st = add_text(p, p->free_text, start, end);
    return sr_parts_finish(&parts, st, SR_JOIN_SIDE_BY_SIDE, out, p->err);
}

/* A word lexeme: "kube*" is a prefix search (a lone "*" is no word). A
 * word of minus signs ("-", "--": the lexer makes a minus before a space,
 * another '-' or the end no negation) has nothing to leave out. */
static qr_status_t
parse_word(parser_t *p, sr_part_t *out)
{
    size_t start = p->cur.text_start, end = p->cur.text_end, n_dashes = 0;
    bool is_prefix = false;

    while (start + n_dashes < end && p->text[start + n_dashes] == '-')
        n_dashes++;
    if (n_dashes == end - start) {
        advance(p);
        empty_part(out);
        return sr_issues_add(p->issues, SR_ISSUE_DANGLING_OPERATOR, start,
                             p->err, "%.*s at position %zu has nothing to "
                             "leave out: ignored", (int)(end - start),
                             p->text + start,
                             issue_position(p, start));
    }
    while (end > start + 1 && p->text[end - 1] == '*') {
        end--;
        is_prefix = true;
    }
    advance(p);
    if (p->text[start] == '*' && n_dashes == 0) {
        size_t word = start;
        while (word < end && p->text[word] == '*')
            word++;
        if (word < end) {
            qr_status_t st = sr_issues_add(
                p->issues, SR_ISSUE_LEADING_STAR, start, p->err,
                "\"%.*s\" at position %zu: there is no suffix search, so "
                "\"%.*s\" is searched as the word", quote_len(p, start, end),
                p->text + start, issue_position(p, start),
                quote_len(p, word, end), p->text + word);
            if (st != QR_OK)
                return st;
        }
    }
    return free_words(p, start, end, is_prefix, out);
}

/* Records that the phrase TEXT[START..END), quoted at QUOTE_AT, holds a
 * prefix search ("kube*"), which Xapian's phrases cannot: the word is
 * searched as it is. */
static qr_status_t
note_prefix_in_phrase(parser_t *p, size_t quote_at, size_t start, size_t end)
{
    const char *s = p->text;

    for (size_t i = start + 1; i < end; i++) {
        if (s[i] != '*' || is_blank(s[i - 1]) || s[i - 1] == '*')
            continue;
        size_t word = i;
        while (word > start && !is_blank(s[word - 1]))
            word--;
        return sr_issues_add(p->issues, SR_ISSUE_PREFIX_IN_PHRASE, quote_at,
                             p->err, "the phrase at position %zu holds the "
                             "prefix search \"%.*s\", which a phrase cannot: "
                             "the word is searched",
                             issue_position(p, quote_at),
                             quote_len(p, word, i + 1), s + word);
    }
    return QR_OK;
}

static qr_status_t
parse_phrase(parser_t *p, sr_part_t *out)
{
    sr_lexeme_t lx = p->cur;
    qr_status_t st = QR_OK;

    advance(p);
    empty_part(out);
    if (lx.is_unclosed)
        st = sr_issues_add(p->issues, SR_ISSUE_UNCLOSED_QUOTE, lx.start,
                           p->err, "the quote at position %zu is not "
                           "closed: closed at the end",
                           issue_position(p, lx.start));
    if (st == QR_OK)
        st = note_prefix_in_phrase(p, lx.start, lx.text_start, lx.text_end);
    if (st == QR_OK)
        st = sr_words_phrase(p->words, "", p->text + lx.text_start,
                             lx.text_end - lx.text_start, &out->query,
                             p->err);
    if (st == QR_OK)
        st = add_title_text(p, lx.text_start, lx.text_end);
    return st;
}

static field_t
field_of(const char *name, size_t len)
{
    static const struct {
        const char *name;
        field_t field;
    } FIELDS[] = {
        { "title", FIELD_TITLE }, { "author", FIELD_AUTHOR },
        { "tag", FIELD_TAG }, { "site", FIELD_SITE },
        { "since", FIELD_SINCE }, { "until", FIELD_UNTIL },
    };

    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
        const char *f = FIELDS[i].name;
        size_t k = 0;
        if (strlen(f) != len)
            continue;
        while (k < len && (name[k] | 0x20) == f[k])
            k++;   /* field names are ASCII letters: fold case */
        if (k == len)
            return FIELDS[i].field;
    }
    return FIELD_UNKNOWN;
}

/* A filter field's value as a query (NULL when it yields no term). */
static qr_status_t
filter_value(parser_t *p, field_t field, const sr_lexeme_t *lx,
             qr_query_t **out, bool *is_bad_date_out)
{
    const char *value = p->text + lx->text_start;
    size_t len = lx->text_end - lx->text_start;
    qr_query_t *range;
    int64_t bound;
    qr_status_t st;

    *out = NULL;
    *is_bad_date_out = false;
    /* author:tom* and tag:c* take every name word or tag starting so; a
     * quoted tag is as written (tags may hold any character, names are
     * words). */
    bool is_prefix = len > 1 && value[len - 1] == '*' &&
                     (field == FIELD_AUTHOR || !lx->is_quoted);
    switch (field) {
    case FIELD_AUTHOR:
        return sr_filter_author(value, len - is_prefix, is_prefix, out,
                               p->err);
    case FIELD_TAG:
        return sr_filter_tag(value, len - is_prefix, is_prefix, out, p->err);
    case FIELD_SITE:
        return sr_filter_site(value, len, out, p->err);
    default:
        break;
    }
    if (sr_dates_bound(value, len, field == FIELD_UNTIL, p->now, &bound,
                       NULL) != QR_OK) {
        *is_bad_date_out = true;
        return QR_OK;
    }
    st = qr_query_new(QR_Q_DATE_RANGE, &range, p->err);
    if (st != QR_OK)
        return st;
    range->slot = QR_SLOT_DATE;
    if (field == FIELD_UNTIL) {
        range->hi = bound;
        range->has_hi = true;
    } else {
        range->lo = bound;
        range->has_lo = true;
    }
    *out = range;
    return QR_OK;
}

/* The field lexeme LX searched as plain words: its name, which is no
 * misspelt word a suggestion should replace, and its value. */
static qr_status_t
name_and_value_as_words(parser_t *p, const sr_lexeme_t *lx, sr_part_t *out)
{
    sr_parts_t parts;
    qr_status_t st;

    sr_parts_init(&parts);
    p->words->n_untyped++;
    st = sr_words_free(p->words, p->text + lx->name_start,
                       lx->name_end - lx->name_start, false, &parts, p->err);
    p->words->n_untyped--;
    if (st == QR_OK && lx->text_end > lx->text_start)
        st = sr_words_free(p->words, p->text + lx->text_start,
                           lx->text_end - lx->text_start, false, &parts,
                           p->err);
    if (st == QR_OK)
        st = add_title_text(p, lx->start, lx->end);
    return sr_parts_finish(&parts, st, SR_JOIN_SIDE_BY_SIDE, out, p->err);
}

/* The field lexeme LX searched as plain words, with an issue CODE. */
static qr_status_t
field_as_words(parser_t *p, const sr_lexeme_t *lx, sr_issue_code_t code,
               const char *why, sr_part_t *out)
{
    qr_status_t st = sr_issues_add(
        p->issues, code, lx->start, p->err, "\"%.*s\" at position %zu %s: "
        "searched as words", quote_len(p, lx->start, lx->end),
        p->text + lx->start, issue_position(p, lx->start),
        why);

    if (st != QR_OK)
        return st;
    return name_and_value_as_words(p, lx, out);
}

static qr_status_t
parse_field(parser_t *p, sr_part_t *out)
{
    sr_lexeme_t lx = p->cur;
    field_t field = field_of(p->text + lx.name_start,
                             lx.name_end - lx.name_start);
    bool is_empty = lx.text_start == lx.text_end, is_bad_date;
    qr_status_t st = QR_OK;

    advance(p);
    empty_part(out);
    if (field == FIELD_UNKNOWN && is_empty)
        return free_words(p, lx.start, lx.end, false, out);   /* "note:" */
    if (lx.is_unclosed)
        st = sr_issues_add(p->issues, SR_ISSUE_UNCLOSED_QUOTE, lx.start,
                           p->err, "the quote in the field at position %zu "
                           "is not closed: closed at the end",
                           issue_position(p, lx.start));
    if (st != QR_OK)
        return st;
    if (field == FIELD_UNKNOWN)
        return field_as_words(p, &lx, SR_ISSUE_UNKNOWN_FIELD,
                              "is not a known field (title, author, tag, "
                              "site, since, until)", out);
    if (is_empty)
        return field_as_words(p, &lx, SR_ISSUE_EMPTY_FIELD, "has no value",
                              out);
    if (field == FIELD_TITLE && lx.is_quoted)
        st = note_prefix_in_phrase(p, lx.start, lx.text_start, lx.text_end);
    if (st != QR_OK)
        return st;
    if (field == FIELD_TITLE && lx.is_quoted)
        return sr_words_phrase(p->words, QR_PREFIX_TITLE,
                               p->text + lx.text_start,
                               lx.text_end - lx.text_start, &out->query,
                               p->err);
    if (field == FIELD_TITLE) {
        sr_parts_t parts;
        size_t end = lx.text_end;
        bool is_prefix = end > lx.text_start + 1 && p->text[end - 1] == '*';
        sr_parts_init(&parts);
        st = sr_words_title(p->words, p->text + lx.text_start,
                            end - lx.text_start - is_prefix, is_prefix,
                            &parts, p->err);
        return sr_parts_finish(&parts, st, SR_JOIN_SIDE_BY_SIDE, out,
                               p->err);
    }
    out->kind = SR_PART_FILTER;
    st = filter_value(p, field, &lx, &out->query, &is_bad_date);
    if (st == QR_OK && is_bad_date)
        return field_as_words(p, &lx, SR_ISSUE_BAD_DATE,
                              "is not a date (2026-05-12, 2026-05, 2026) or "
                              "an age (7d, 2w, 6m, 1y)", out);
    if (st == QR_OK && out->query == NULL)
        return field_as_words(p, &lx, SR_ISSUE_EMPTY_FIELD,
                              "has no searchable value", out);
    return st;
}

static qr_status_t
parse_group(parser_t *p, sr_part_t *out)
{
    size_t open_at = p->cur.start;
    qr_status_t st;

    advance(p);
    if (p->depth >= SR_MAX_QUERY_DEPTH) {
        /* Too deep: the parenthesis is ignored, as is its ')'. */
        empty_part(out);
        if (p->n_ignored_open++ > 0)
            return QR_OK;   /* report the first one only */
        return sr_issues_add(p->issues, SR_ISSUE_TOO_DEEP, open_at, p->err,
                             "parentheses nest deeper than %d at position "
                             "%zu: the deeper ones are ignored",
                             SR_MAX_QUERY_DEPTH,
                             issue_position(p, open_at));
    }
    p->depth++;
    st = parse_sequence(p, true, out);
    p->depth--;
    if (st != QR_OK)
        return st;
    if (p->cur.kind == SR_LEX_CLOSE) {
        advance(p);
        return QR_OK;
    }
    return sr_issues_add(p->issues, SR_ISSUE_UNCLOSED_PAREN, open_at, p->err,
                         "the parenthesis at position %zu is not closed: "
                         "closed at the end",
                         issue_position(p, open_at));
}

static bool
starts_operand(sr_lex_kind_t kind)
{
    return kind == SR_LEX_WORD || kind == SR_LEX_PHRASE ||
           kind == SR_LEX_FIELD || kind == SR_LEX_OPEN ||
           kind == SR_LEX_NOT || kind == SR_LEX_MINUS;
}

/* An operator lexeme without an operand: reported, searched as a word. */
static qr_status_t
dangling_operator(parser_t *p, const sr_lexeme_t *op, sr_part_t *out)
{
    qr_status_t st = sr_issues_add(
        p->issues, SR_ISSUE_DANGLING_OPERATOR, op->start, p->err,
        "%.*s at position %zu has no operand: searched as a word",
        (int)(op->end - op->start), p->text + op->start,
        issue_position(p, op->start));

    empty_part(out);
    if (st != QR_OK)
        return st;
    return free_words(p, op->start, op->end, false, out);
}

static qr_status_t
parse_atom(parser_t *p, sr_part_t *out)
{
    sr_lexeme_t lx = p->cur;
    qr_status_t st;

    switch (lx.kind) {
    case SR_LEX_OPEN:
        st = parse_group(p, out);
        break;
    case SR_LEX_PHRASE:
        st = parse_phrase(p, out);
        break;
    case SR_LEX_FIELD:
        st = parse_field(p, out);
        break;
    case SR_LEX_WORD:
        st = parse_word(p, out);
        break;
    case SR_LEX_AND:
    case SR_LEX_OR:
        advance(p);
        st = dangling_operator(p, &lx, out);
        break;
    default:
        empty_part(out);   /* END or ')': the callers stop there */
        return QR_OK;
    }
    return st == QR_OK ? note_truncation(p, lx.start) : st;
}

/* Makes OUT (taking OPERAND) the removal of OPERAND's matches; an empty
 * operand ("-()", NOT "") leaves out nothing, which OP says. */
static qr_status_t
negate(parser_t *p, const sr_lexeme_t *op, sr_part_t *operand,
       sr_part_t *out)
{
    qr_status_t st;

    empty_part(out);
    if (operand->query == NULL)
        return sr_issues_add(p->issues, SR_ISSUE_DANGLING_OPERATOR,
                             op->start, p->err, "%.*s at position %zu has "
                             "nothing to leave out: ignored",
                             (int)(op->end - op->start), p->text + op->start,
                             issue_position(p, op->start));
    out->kind = SR_PART_EXCLUDED;
    sr_query_expand_every_term(operand->query);
    st = sr_part_detach(operand, &out->query, p->err);
    if (st == QR_OK)
        out->query = sr_query_without_bonuses(out->query);
    return st;
}

static bool
is_negation(sr_lex_kind_t kind)
{
    return kind == SR_LEX_NOT || kind == SR_LEX_MINUS;
}

/* A run of negations is read in one loop, not one call each: 18,000
 * NOTs in a row overflowed the stack here and in every walk of the tree.
 * Two in a row cancel (NOT NOT x is x, weighted 0 like any filter), so
 * the run is its last one or two: the same matches, a shallow tree. */
static qr_status_t
parse_unary(parser_t *p, sr_part_t *out)
{
    sr_lexeme_t op = p->cur;
    sr_part_t operand, once;
    size_t n_ops = 0;
    qr_status_t st;

    if (!is_negation(op.kind))
        return parse_atom(p, out);
    while (is_negation(p->cur.kind)) {
        op = p->cur;
        advance(p);
        n_ops++;
        if (!starts_operand(p->cur.kind))
            break;
    }
    /* Words left out are not misspellings to correct either. */
    if (!starts_operand(p->cur.kind)) {
        n_ops--;   /* the last operator has no operand: it is the word */
        if (n_ops > 0) {
            p->n_negations++;
            p->words->n_untyped++;
        }
        st = dangling_operator(p, &op, &operand);
        if (n_ops > 0) {
            p->words->n_untyped--;
            p->n_negations--;
        }
        if (st != QR_OK || n_ops == 0) {
            *out = operand;
            return st;
        }
    } else {
        p->n_negations++;
        p->words->n_untyped++;
        st = parse_atom(p, &operand);
        p->words->n_untyped--;
        p->n_negations--;
        if (st != QR_OK)
            return st;
    }
    if (n_ops % 2 == 1)
        return negate(p, &op, &operand, out);
    st = negate(p, &op, &operand, &once);
    if (st != QR_OK || once.query == NULL) {
        *out = once;
        return st;
    }
    return negate(p, &op, &once, out);
}

/* Parses operands joined by OP (AND or OR) with NEXT parsing each. */
static qr_status_t
parse_joined(parser_t *p, sr_lex_kind_t op, sr_join_t join,
             qr_status_t (*next)(parser_t *, sr_part_t *), sr_part_t *out)
{
    sr_parts_t parts;
    sr_part_t part;
    qr_status_t st;

    sr_parts_init(&parts);
    st = next(p, &part);
    if (st == QR_OK)
        st = sr_parts_add_take(&parts, part.kind, part.is_stopword,
                               part.query, p->err);
    while (st == QR_OK && p->cur.kind == op) {
        sr_lexeme_t lx = p->cur;
        advance(p);
        if (starts_operand(p->cur.kind))
            st = next(p, &part);
        else
            st = dangling_operator(p, &lx, &part);
        if (st == QR_OK)
            st = sr_parts_add_take(&parts, part.kind, part.is_stopword,
                                   part.query, p->err);
    }
    return sr_parts_finish(&parts, st, join, out, p->err);
}

static qr_status_t
parse_and(parser_t *p, sr_part_t *out)
{
    return parse_joined(p, SR_LEX_AND, SR_JOIN_AND, parse_unary, out);
}

static qr_status_t
parse_clause(parser_t *p, sr_part_t *out)
{
    return parse_joined(p, SR_LEX_OR, SR_JOIN_OR, parse_and, out);
}

/* A run of bare words side by side ("large language model"): clauses
 * that are each one plain word, between START and END of the text. */
typedef struct word_run {
    size_t start, end;
    bool is_open;
} word_run_t;

/* Ends RUN: its spellings of several words add their alias groups to
 * PARTS. */
static qr_status_t
end_run(parser_t *p, word_run_t *run, sr_parts_t *parts)
{
    if (!run->is_open)
        return QR_OK;
    run->is_open = false;
    return sr_words_add_word_aliases(p->words, p->text + run->start,
                                     run->end - run->start, parts, p->err);
}

/* Parses one clause into PARTS, extending RUN when it is a plain word. */
static qr_status_t
parse_side_clause(parser_t *p, word_run_t *run, sr_parts_t *parts)
{
    sr_lexeme_t first = p->cur;
    size_t before = p->n_lexemes;
    sr_part_t part;
    qr_status_t st = parse_clause(p, &part);
    bool is_word = first.kind == SR_LEX_WORD && p->n_lexemes == before + 1 &&
                   p->text[first.text_end - 1] != '*';

    if (st == QR_OK)
        st = sr_parts_add_take(parts, part.kind, part.is_stopword,
                               part.query, p->err);
    if (st == QR_OK && !is_word)
        return end_run(p, run, parts);
    if (st == QR_OK) {
        if (!run->is_open)
            run->start = first.text_start;
        run->end = first.text_end;
        run->is_open = true;
    }
    return st;
}

/* Clauses side by side up to the end, or up to ')' in a group. */
static qr_status_t
parse_sequence(parser_t *p, bool is_group, sr_part_t *out)
{
    sr_parts_t parts;
    word_run_t run = { 0, 0, false };
    qr_status_t st = QR_OK;

    sr_parts_init(&parts);
    while (st == QR_OK && p->cur.kind != SR_LEX_END) {
        if (p->cur.kind == SR_LEX_CLOSE && p->n_ignored_open > 0) {
            p->n_ignored_open--;   /* the ')' of an ignored '(' */
            advance(p);
            continue;
        }
        if (p->cur.kind == SR_LEX_CLOSE && is_group)
            break;
        if (p->cur.kind == SR_LEX_CLOSE) {
            size_t at = p->cur.start;
            advance(p);
            st = end_run(p, &run, &parts);
            if (st == QR_OK)
                st = sr_issues_add(p->issues, SR_ISSUE_UNMATCHED_PAREN, at,
                                   p->err, "the ')' at position %zu has no "
                                   "'(': ignored",
                                   issue_position(p, at));
            continue;
        }
        st = parse_side_clause(p, &run, &parts);
    }
    if (st == QR_OK)
        st = end_run(p, &run, &parts);
    return sr_parts_finish(&parts, st, SR_JOIN_SIDE_BY_SIDE, out, p->err);
}

qr_status_t
sr_query_parse(const char *text, size_t len, sr_words_t *words, int64_t now,
               sr_parsed_t *out, sr_issues_t *issues, qr_err_t *err)
{
    parser_t p;
    qr_status_t st;

    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    qr_buf_init(&out->title_text);
    qr_buf_init(&out->free_text);
    p.title_text = &out->title_text;
    p.free_text = &out->free_text;
    p.text = text;
    p.len = len;
    p.words = words;
    p.now = now;
    p.issues = issues;
    p.err = err;
    sr_lex_init(&p.lex, text, len);
    advance(&p);
    st = parse_sequence(&p, false, &out->root);
    if (st != QR_OK) {
        qr_buf_release(&out->title_text);
        qr_buf_release(&out->free_text);
    }
    return st;
}

void
sr_parsed_release(sr_parsed_t *parsed)
{
    qr_query_free(parsed->root.query);
    parsed->root.query = NULL;
    qr_buf_release(&parsed->title_text);
    qr_buf_release(&parsed->free_text);
}
