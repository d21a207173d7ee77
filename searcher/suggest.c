/* suggest.c - "did you mean": spellings from the index's own vocabulary. */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "query_issues.h"
#include "snippet.h"
#include "terms.h"
#include "tokenizer.h"
#include "utf8.h"

/* Words shorter than this (in characters) get no suggestion: too many
 * terms are one edit away from them. */
enum { MIN_WORD_CHARS = 3 };

/* Longest word with one edit allowed; longer ones get two. */
enum { ONE_EDIT_MAX_CHARS = 5 };

/* Decodes S[0..LEN) into OUT (capacity CAP); returns the count, or SIZE_MAX
 * when it does not fit. */
static size_t
decode(const char *s, size_t len, int32_t *out, size_t cap)
{
    size_t n = 0, i = 0;
    bool is_invalid = false;

    while (i < len) {
        if (n == cap)
            return SIZE_MAX;
        out[n++] = qr_utf8_decode(s, len, &i, &is_invalid);
    }
    return n;
}

static size_t
min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;

    return m < c ? m : c;
}

/* A lower bound of the edit distance between A[0..A_LEN) and
 * B[0..B_LEN) when both are ASCII (else 0): of the characters each holds
 * that the other lacks, counted with repeats, the larger count. An insertion
 * or deletion adds one to one side, a substitution one to each, a swap
 * nothing; so a bound over MAX rules a term out without filling the table,
 * which is most of the terms a scan of the vocabulary meets. */
static size_t
bag_distance(const char *a, size_t a_len, const char *b, size_t b_len)
{
    unsigned counts[128] = { 0 };
    size_t only_a, only_b = 0;

    for (size_t i = 0; i < a_len; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c >= 128)
            return 0;
        counts[c]++;
    }
    for (size_t j = 0; j < b_len; j++) {
        unsigned char c = (unsigned char)b[j];
        if (c >= 128)
            return 0;
        if (counts[c] > 0)
            counts[c]--;
        else
            only_b++;
    }
    only_a = a_len - (b_len - only_b);   /* B's matched characters are A's */
    return only_a > only_b ? only_a : only_b;
}

size_t
sr_edit_distance(const char *a, size_t a_len, const char *b, size_t b_len,
                 size_t max)
{
    int32_t x[QR_TERM_MAX_BYTES], y[QR_TERM_MAX_BYTES];
    /* Three rows of the table: two back (for swaps), one back, this. */
    size_t rows[3][QR_TERM_MAX_BYTES + 1];
    size_t n, m;
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];

    if (bag_distance(a, a_len, b, b_len) > max)
        return max + 1;
    n = decode(a, a_len, x, QR_TERM_MAX_BYTES);
    m = decode(b, b_len, y, QR_TERM_MAX_BYTES);
    if (n == SIZE_MAX || m == SIZE_MAX || (n > m ? n - m : m - n) > max)
        return max + 1;
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t row_min;
        cur[0] = row_min = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = x[i - 1] != y[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
                x[i - 2] == y[j - 1] && before[j - 2] + 1 < cur[j])
                cur[j] = before[j - 2] + 1;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (row_min > max)
            return max + 1;   /* every path is already too long */
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[m] <= max ? prev[m] : max + 1;
}

/* Candidates kept from the scan of the vocabulary, best first: a term
 * found only as a part of longer words is passed over for the next. */
enum { MAX_CANDIDATES = 4 };

typedef struct candidate {
    char term[QR_TERM_MAX_BYTES + 1];
    size_t len;
    size_t edits;
    uint64_t freq;
} candidate_t;

/* The best candidates found while scanning the vocabulary. */
typedef struct scan {
    const char *form;
    size_t form_len;
    size_t max_edits;
    uint64_t min_freq;
    candidate_t best[MAX_CANDIDATES];   /* nearest, then most frequent */
    size_t n_best;
} scan_t;

/* True when A and B hold the same digits in the same order: a suggestion
 * never changes a number ("gpt-5o" is no misspelt "gpt-4o", "0000" no
 * "000"), though letters beside one may change ("gtp-4o"). */
static bool
has_same_digits(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t i = 0, j = 0;

    for (;;) {
        while (i < a_len && !(a[i] >= '0' && a[i] <= '9'))
            i++;
        while (j < b_len && !(b[j] >= '0' && b[j] <= '9'))
            j++;
        if (i == a_len || j == b_len)
            return i == a_len && j == b_len;
        if (a[i++] != b[j++])
            return false;
    }
}

static bool
is_better(const candidate_t *c, size_t edits, uint64_t freq)
{
    return edits < c->edits || (edits == c->edits && freq > c->freq);
}

static bool
consider(void *ctx, const char *term, size_t len, uint64_t freq)
{
    scan_t *s = ctx;
    size_t edits, at;

    if (freq < s->min_freq || len > QR_TERM_MAX_BYTES ||
        (len == s->form_len && memcmp(term, s->form, len) == 0) ||
        !has_same_digits(s->form, s->form_len, term, len))
        return true;
    edits = sr_edit_distance(s->form, s->form_len, term, len, s->max_edits);
    if (edits > s->max_edits)
        return true;
    for (at = s->n_best; at > 0 && is_better(&s->best[at - 1], edits, freq);
         at--)
        ;
    if (at == MAX_CANDIDATES)
        return true;
    if (s->n_best < MAX_CANDIDATES)
        s->n_best++;
    memmove(&s->best[at + 1], &s->best[at],
            (s->n_best - 1 - at) * sizeof s->best[0]);
    memcpy(s->best[at].term, term, len);
    s->best[at].term[len] = '\0';
    s->best[at].len = len;
    s->best[at].edits = edits;
    s->best[at].freq = freq;
    return true;
}

/* Edits beyond which two spellings of one stem count as equally far. */
enum { SURFACE_MAX_EDITS = 8 };

/* The spelling of a term nearest the word typed. */
typedef struct surface {
    const char *typed;           /* folded, as the user typed it */
    size_t typed_len;
    char best[QR_TERM_MAX_BYTES + 1];
    size_t best_edits;           /* SIZE_MAX: none found yet */
} surface_t;

/* Considers every whole token of TEXT whose indexed form is TERM, folded,
 * for S->best: the one fewest edits from the typed word (a stem covers
 * many words: "asynchron" is "asynchronous" and "asynchronize"). Parts of
 * longer words ("postgre" of "PostgreSQL") are no words anyone writes. */
static void
find_surface(qr_stemmer_t *stemmer, const char *text, size_t len,
             const char *term, size_t term_len, surface_t *s)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_err_t err;   /* a word the stemmer fails on is simply passed over */

    qr_tok_init(&tok, text, qr_utf8_floor(text, len, SR_SNIPPET_SCAN_BYTES),
                QR_TOK_QUERY, 0);
    while (s->best_edits != 0 && qr_tok_next(&tok, &t)) {
        const char *form;
        size_t form_len, edits;
        if (t.len > QR_TERM_MAX_BYTES || (t.flags & QR_TOKF_PART) ||
            qr_terms_form(stemmer, &t, &form, &form_len, &err) != QR_OK ||
            form_len != term_len || memcmp(form, term, term_len) != 0)
            continue;
        edits = sr_edit_distance(s->typed, s->typed_len, t.term, t.len,
                                 SURFACE_MAX_EDITS);
        if (s->best_edits == SIZE_MAX || edits < s->best_edits) {
            memcpy(s->best, t.term, t.len);
            s->best[t.len] = '\0';
            s->best_edits = edits;
        }
    }
}

/* Articles read for the spelling of a suggestion: a stem covers several
 * words, and the first article may not hold the one meant. */
enum { SURFACE_ARTICLES = 4 };

/* Looks for the spelling in one article's body, then its title. */
typedef struct surface_scan {
    qr_stemmer_t *stemmer;
    const char *term;
    size_t len;
    surface_t *s;
} surface_scan_t;

static bool
scan_article(void *ctx, const char *data, size_t data_len)
{
    surface_scan_t *a = ctx;
    size_t json_len, body_len;
    const char *body;
    size_t before = a->s->best_edits;

    qr_article_data_split(data, data_len, &json_len, &body, &body_len);
    if (body != NULL)
        find_surface(a->stemmer, body, body_len, a->term, a->len, a->s);
    if (a->s->best_edits == before) {
        json_t *json = json_loadb(data, json_len, 0, NULL);
        const char *title = json_string_value(json_object_get(json,
                                                              "title"));
        if (title != NULL)
            find_surface(a->stemmer, title, strlen(title), a->term, a->len,
                         a->s);
        json_decref(json);
    }
    return a->s->best_edits > 1;   /* one edit from the typed word: done */
}

/* The word as articles write it whole whose indexed form is TERM, nearest
 * to WORD as typed, from the first articles holding it, into OUT; "" when
 * none of them writes it as a word. */
static qr_status_t
surface_of(qr_db_t *db, qr_stemmer_t *stemmer, const sr_typed_word_t *word,
           const char *term, size_t len, char *out, qr_err_t *err)
{
    surface_t s;
    surface_scan_t scan = { stemmer, term, len, &s };
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_status_t st;

    qr_tok_init(&tok, word->text, word->len, QR_TOK_QUERY, 0);
    s.typed = qr_tok_next(&tok, &t) ? t.term : word->form;
    s.typed_len = s.typed == word->form ? word->form_len : t.len;
    s.best_edits = SIZE_MAX;
    st = qr_db_each_data(db, term, len, SURFACE_ARTICLES, scan_article,
                         &scan, err);
    out[0] = '\0';
    if (st == QR_OK && s.best_edits != SIZE_MAX)
        strcpy(out, s.best);
    return st;
}

/* Finds a better spelling for WORD; *OUT ("" for none) gets it. */
static qr_status_t
suggest_word(qr_db_t *db, qr_stemmer_t *stemmer, const sr_typed_word_t *word,
             char *out, qr_err_t *err)
{
    char prefix[QR_UTF8_MAX_BYTES + 1];
    size_t n_chars = 0, i = 0, first_len = 0;
    bool is_invalid = false;
    uint64_t freq;
    scan_t scan;
    qr_status_t st;

    out[0] = '\0';
    while (i < word->form_len) {
        qr_utf8_decode(word->form, word->form_len, &i, &is_invalid);
        if (n_chars++ == 0)
            first_len = i;
    }
    if (n_chars < MIN_WORD_CHARS)
        return QR_OK;
    st = qr_db_term_freq(db, word->form, word->form_len, &freq, err);
    if (st != QR_OK || freq >= SR_SUGGEST_RARE)
        return st;
    memset(&scan, 0, sizeof scan);
    scan.form = word->form;
    scan.form_len = word->form_len;
    scan.max_edits = n_chars <= ONE_EDIT_MAX_CHARS ? 1 : SR_SUGGEST_MAX_EDITS;
    scan.min_freq = freq > 0 ? freq * SR_SUGGEST_RATIO : 1;
    memcpy(prefix, word->form, first_len);
    prefix[first_len] = '\0';
    st = qr_db_each_term(db, prefix, consider, &scan, err);
    for (size_t k = 0; st == QR_OK && out[0] == '\0' && k < scan.n_best; k++)
        st = surface_of(db, stemmer, word, scan.best[k].term,
                        scan.best[k].len, out, err);
    return st;
}

static json_t *
correction_json(const char *query_text, const sr_typed_word_t *word,
                const char *suggestion)
{
    size_t offset = (size_t)(word->text - query_text);

    return json_pack("{s:s%, s:s, s:I}", "word", word->text, word->len,
                     "suggestion", suggestion, "position",
                     (json_int_t)sr_issue_position(query_text,
                                                   strlen(query_text),
                                                   offset));
}

qr_status_t
sr_suggest_json(qr_db_t *db, qr_stemmer_t *stemmer, const char *query_text,
                const sr_typed_words_t *words, json_t **json_out,
                qr_err_t *err)
{
    char suggestion[QR_TERM_MAX_BYTES + 1];
    const char *done = query_text;
    json_t *corrections = json_array();
    char *fixed = NULL;
    qr_buf_t buf;
    qr_status_t st = corrections ? QR_OK : QR_ERR_NOMEM;

    *json_out = NULL;
    qr_buf_init(&buf);
    for (size_t i = 0; st == QR_OK && i < words->n; i++) {
        const sr_typed_word_t *w = &words->items[i];
        st = suggest_word(db, stemmer, w, suggestion, err);
        if (st != QR_OK || suggestion[0] == '\0' || w->text < done)
            continue;
        if (json_array_append_new(corrections, correction_json(
                                      query_text, w, suggestion)) != 0)
            st = QR_ERR_ENCODING;
        if (st == QR_OK)
            st = qr_buf_append(&buf, done, (size_t)(w->text - done), err);
        if (st == QR_OK)
            st = qr_buf_append(&buf, suggestion, strlen(suggestion), err);
        done = w->text + w->len;
    }
    if (st == QR_OK && json_array_size(corrections) == 0) {
        *json_out = json_null();
    } else if (st == QR_OK) {
        st = qr_buf_append(&buf, done, strlen(done), err);
        if (st == QR_OK)
            st = qr_buf_detach(&buf, &fixed, NULL, err);
        if (st == QR_OK) {
            *json_out = json_pack("{s:s, s:O}", "query", fixed,
                                  "corrections", corrections);
            if (*json_out == NULL)
                st = QR_ERR_ENCODING;
        }
    }
    if (st == QR_ERR_NOMEM || st == QR_ERR_ENCODING)
        qr_err_set(err, st, "building a spelling suggestion failed");
    free(fixed);
    qr_buf_release(&buf);
    json_decref(corrections);
    return st;
}
