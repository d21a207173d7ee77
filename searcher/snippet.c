/* snippet.c - the passage of an article's body that best shows a match.
 *
 * One pass of the tokenizer over the body records its words (for cutting
 * at word boundaries) and its matches; the best window is then chosen among
 * the windows that start at a match, and copied with white space runs
 * collapsed, the marks moved along.
 *
 * A phrase is found as the pass goes, with no second look at the text: for
 * each place of each phrase the pass keeps the last position where the
 * places up to it stood at consecutive positions (a run), so the words of
 * each position extend the runs once, whatever the phrase's length. The
 * work at a position is bounded by the places of all phrases, which
 * SR_MATCH_TERMS_MAX bounds, and is only done at positions holding a
 * phrase's word. */
#include "snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "grow.h"
#include "terms.h"
#include "tokenizer.h"
#include "utf8.h"

/* Most matches weighed when choosing the window; later ones are ignored
 * (a word repeated thousands of times gains nothing from more). */
enum { MAX_MATCHES = 4096 };

/* Most characters of context shown before the first match of a window. */
enum { MAX_LEAD_CHARS = 60 };

/* The verdicts on recent words (what each matches), so that a word
 * repeated in a body or across the hits is stemmed once: 2,048 slots of 32
 * bytes, 64 KiB, enough for the distinct words of ten articles. */
enum { MEMO_SLOTS = 2048, MEMO_WORD_MAX = 26 };

/* Most words of one position looked at for phrases: a whole and every
 * part it may have. */
enum { MAX_POSITION_WORDS = 1 + QR_TOK_MAX_PARTS };

/* What a body word matches: the word asked for alone it marks, and the
 * form it gives to phrases' places (indexes into the match terms, or -1;
 * match_terms.h caps them far below INT16_MAX). */
typedef struct verdict {
    int16_t alone;
    int16_t in_phrase;
} verdict_t;

typedef struct memo_slot {
    uint8_t len;
    int8_t is_set;               /* 0: an empty slot */
    verdict_t verdict;
    char word[MEMO_WORD_MAX];
} memo_slot_t;

/* A match: a word asked for alone, or a phrase's words standing together
 * (one match from its first word's start to its last word's end). */
typedef struct match {
    size_t start, end;
    size_t sought;       /* a word's index in the match terms, or their
                          * count plus a phrase's index */
} match_t;

/* A word of the position being read that fills phrases' places. */
typedef struct position_word {
    size_t item;         /* its form's index in the match terms */
    size_t start, end;
} position_word_t;

struct sr_snippeter {
    const sr_match_terms_t *terms;
    qr_stemmer_t *stemmer;
    size_t window;
    size_t n_sought;     /* sr_match_terms_n_sought */
    sr_span_t *words;    /* whole tokens of the scanned body, in order */
    size_t n_words, cap_words;
    match_t *matches;    /* in order of start */
    size_t n_matches, cap_matches;
    unsigned *stamps;    /* per thing sought: the window that last counted
                          * it */
    size_t *in_reach;    /* per thing sought: its matches in the scan's
                          * window */
    size_t reach_first;  /* the scan's window: matches from here on */
    size_t reach_end;    /* the scan's window ends here */
    size_t n_in_reach;   /* distinct things in the scan's window */
    size_t n_present;    /* things the article may hold */
    size_t complete_at;  /* end of the match that first had every thing
                          * present in one window, or SIZE_MAX */
    uint32_t *run_pos;   /* per place of a phrase: one more than the last
                          * position where a run reached it (0: none) */
    size_t *run_start;   /* per place: that run's first word's start */
    position_word_t position_words[MAX_POSITION_WORDS];
    size_t n_position_words;
    uint32_t position;   /* of position_words */
    memo_slot_t *memo;   /* MEMO_SLOTS */
    bool is_english;     /* may skip stemming words no term could match */
};

qr_status_t
sr_snippeter_new(const sr_match_terms_t *terms, qr_stemmer_t *stemmer,
                 size_t window_chars, sr_snippeter_t **out, qr_err_t *err)
{
    sr_snippeter_t *s = calloc(1, sizeof *s);
    size_t n_ids = terms->n + terms->n_phrases + 1;

    *out = NULL;
    if (s != NULL) {
        s->stamps = calloc(n_ids, sizeof *s->stamps);
        s->in_reach = calloc(n_ids, sizeof *s->in_reach);
        s->run_pos = calloc(terms->n_places + 1, sizeof *s->run_pos);
        s->run_start = calloc(terms->n_places + 1, sizeof *s->run_start);
        s->memo = calloc(MEMO_SLOTS, sizeof *s->memo);
    }
    if (s == NULL || s->stamps == NULL || s->in_reach == NULL ||
        s->run_pos == NULL || s->run_start == NULL || s->memo == NULL) {
        sr_snippeter_free(s);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory making "
                          "snippets");
    }
    s->terms = terms;
    s->stemmer = stemmer;
    s->window = window_chars > 0 ? window_chars : 1;
    s->n_sought = sr_match_terms_n_sought(terms);
    s->is_english = stemmer != NULL &&
                    strcmp(qr_stem_language(stemmer), "english") == 0;
    *out = s;
    return QR_OK;
}

const sr_match_terms_t *
sr_snippeter_terms(const sr_snippeter_t *s)
{
    return s->terms;
}

void
sr_snippeter_free(sr_snippeter_t *s)
{
    if (s == NULL)
        return;
    free(s->words);
    free(s->matches);
    free(s->stamps);
    free(s->in_reach);
    free(s->run_pos);
    free(s->run_start);
    free(s->memo);
    free(s);
}

void
sr_snippet_release(sr_snippet_t *s)
{
    free(s->text);
    free(s->marks);
    memset(s, 0, sizeof *s);
}

/* Space and control bytes: runs of them print as one space. */
static bool
is_blank(char c)
{
    return (unsigned char)c <= 0x20 || c == 0x7F;
}

static bool
is_continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Characters TEXT[from..to) prints as, a blank run counting one. */
static size_t
count_chars(const char *text, size_t from, size_t to)
{
    size_t n = 0;

    for (size_t i = from; i < to; i++) {
        if (is_blank(text[i])) {
            if (i == from || !is_blank(text[i - 1]))
                n++;
        } else if (!is_continuation(text[i])) {
            n++;
        }
    }
    return n;
}

/* The offset N printed characters before AT (not before 0). */
static size_t
back_chars(const char *text, size_t at, size_t n)
{
    while (at > 0 && n > 0) {
        at--;
        if (is_blank(text[at])) {
            while (at > 0 && is_blank(text[at - 1]))
                at--;
        } else {
            while (at > 0 && is_continuation(text[at]))
                at--;
        }
        n--;
    }
    return at;
}

/* The offset N printed characters after AT (not past LEN). */
static size_t
forward_chars(const char *text, size_t len, size_t at, size_t n)
{
    while (at < len && n > 0) {
        if (is_blank(text[at])) {
            while (at < len && is_blank(text[at]))
                at++;
        } else {
            at++;
            while (at < len && is_continuation(text[at]))
                at++;
        }
        n--;
    }
    return at;
}

static qr_status_t
push_word(sr_snippeter_t *s, const qr_token_t *t, qr_err_t *err)
{
    sr_span_t *words = sr_grow(s->words, &s->cap_words, s->n_words,
                               sizeof *words, 256);

    if (words == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory making a "
                          "snippet");
    s->words = words;
    words[s->n_words].start = t->start;
    words[s->n_words].end = t->end;
    s->n_words++;
    return QR_OK;
}

/* FNV-1a (Fowler, Noll, Vo) over a short word. */
static uint32_t
memo_hash(const char *word, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    return h;
}

/* True when stemming the word T could give one of the terms: English
 * Snowball keeps a word's first two letters, except in "dying", "lying"
 * and "tying" (die, lie, tie). Most words of a body share them with no
 * query term, and skipping their stemming is most of a snippet's cost. */
static bool
may_stem_to_a_term(const sr_snippeter_t *s, const qr_token_t *t)
{
    if (!s->is_english || t->len < 2 || !(t->flags & QR_TOKF_STEMMABLE) ||
        (t->flags & QR_TOKF_HAS_DIGIT)) {
        return true;
    }
    if (t->len == 5 && memcmp(t->term + 1, "ying", 4) == 0)
        return true;
    for (size_t i = 0; i < s->terms->n; i++) {
        const sr_match_term_t *term = &s->terms->items[i];
        if (term->len < 2 || memcmp(term->form, t->term, 2) == 0)
            return true;
    }
    return false;
}

/* What T's indexed form matches into *OUT, from the memo when T was seen
 * before. */
static qr_status_t
verdict_of(sr_snippeter_t *s, const qr_token_t *t, verdict_t *out,
           qr_err_t *err)
{
    memo_slot_t *slot = NULL;
    const char *form;
    size_t len;
    qr_status_t st;

    if (t->len <= MEMO_WORD_MAX) {
        slot = &s->memo[memo_hash(t->term, t->len) & (MEMO_SLOTS - 1)];
        if (slot->is_set && slot->len == t->len &&
            memcmp(slot->word, t->term, t->len) == 0) {
            *out = slot->verdict;
            return QR_OK;
        }
    }
    out->alone = out->in_phrase = -1;
    if (may_stem_to_a_term(s, t)) {
        st = qr_terms_form(s->stemmer, t, &form, &len, err);
        if (st != QR_OK)
            return st;
        out->alone = (int16_t)sr_match_terms_find(s->terms, form, len);
        out->in_phrase = (int16_t)sr_match_terms_find_in_phrase(s->terms,
                                                                 form, len);
    }
    if (slot != NULL) {
        slot->is_set = 1;
        slot->len = (uint8_t)t->len;
        slot->verdict = *out;
        memcpy(slot->word, t->term, t->len);
    }
    return QR_OK;
}

/* Counts the match just put at AT into the scan's window (WINDOW bytes:
 * at most WINDOW characters), which then ends at the furthest end seen,
 * and notes when the window first holds every thing the article may hold.
 * A match put before the window's first starts before the window: the
 * matches after it that were let go had left it, though they start
 * later. */
static void
slide_reach(sr_snippeter_t *s, size_t at)
{
    const match_t *matches = s->matches;

    if (matches[at].end > s->reach_end)
        s->reach_end = matches[at].end;
    if (at < s->reach_first) {
        s->reach_first++;
        return;
    }
    if (s->in_reach[matches[at].sought]++ == 0)
        s->n_in_reach++;
    while (s->reach_first < s->n_matches &&
           s->reach_end - matches[s->reach_first].start > s->window) {
        if (--s->in_reach[matches[s->reach_first].sought] == 0)
            s->n_in_reach--;
        s->reach_first++;
    }
    if (s->n_in_reach >= s->n_present && s->complete_at == SIZE_MAX)
        s->complete_at = s->reach_end;
}

/* Records the match [START, END) of SOUGHT (see match_t), kept in order of
 * start: a phrase is found at its last word, after the matches inside
 * it. */
static qr_status_t
add_match(sr_snippeter_t *s, size_t start, size_t end, size_t sought,
          qr_err_t *err)
{
    match_t *matches;
    size_t at;

    if (s->n_matches >= MAX_MATCHES)
        return QR_OK;
    matches = sr_grow(s->matches, &s->cap_matches, s->n_matches,
                      sizeof *matches, 64);
    if (matches == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory making a "
                          "snippet");
    s->matches = matches;
    /* Only matches inside a phrase found now start after it: a few. */
    for (at = s->n_matches; at > 0 && matches[at - 1].start > start; at--)
        matches[at] = matches[at - 1];
    matches[at].start = start;
    matches[at].end = end;
    matches[at].sought = sought;
    s->n_matches++;
    slide_reach(s, at);
    return QR_OK;
}

/* The first word of the position being read that fills PLACE, or NULL. */
static const position_word_t *
word_filling(const sr_snippeter_t *s, const sr_match_place_t *place)
{
    const size_t *alts = s->terms->alts + place->first;

    for (size_t w = 0; w < s->n_position_words; w++) {
        for (size_t a = 0; a < place->n; a++) {
            if (alts[a] == s->position_words[w].item)
                return &s->position_words[w];
        }
    }
    return NULL;
}

/* Extends the runs of phrase P by the words of the position being read
 * (HERE is one more than it), and records the phrase when a run reaches
 * its last place. Places go from last to first, so that each reads the
 * run of the place before it as the previous position left it. */
static qr_status_t
extend_runs(sr_snippeter_t *s, size_t p, uint32_t here, qr_err_t *err)
{
    const sr_match_phrase_t *phrase = &s->terms->phrases[p];
    qr_status_t st = QR_OK;

    for (size_t k = phrase->n; st == QR_OK && k-- > 0;) {
        size_t place = phrase->first + k;
        const position_word_t *w = word_filling(s,
                                                &s->terms->places[place]);
        if (w == NULL)
            continue;
        if (k == 0) {
            s->run_pos[place] = here;
            s->run_start[place] = w->start;
        } else if (s->run_pos[place - 1] != 0 &&
                   s->run_pos[place - 1] + 1 == here) {
            s->run_pos[place] = here;
            s->run_start[place] = s->run_start[place - 1];
            if (k == phrase->n - 1)
                st = add_match(s, s->run_start[place], w->end,
                               s->terms->n + p, err);
        }
    }
    return st;
}

/* Finishes the position being read: its words extend the phrases' runs. A
 * position without a phrase's word does nothing, and so ends every run
 * (the next position finds none reaching the one before it). */
static qr_status_t
end_position(sr_snippeter_t *s, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    if (s->n_position_words == 0)
        return QR_OK;
    for (size_t p = 0; st == QR_OK && p < s->terms->n_phrases; p++)
        st = extend_runs(s, p, s->position + 1, err);
    s->n_position_words = 0;
    return st;
}

/* Records T as a match when its indexed form is a word asked for alone,
 * and keeps it for the phrases when it fills their places. A document's
 * parts share their whole's position, so a position's words are weighed
 * together when the next position starts. */
static qr_status_t
match_token(sr_snippeter_t *s, const qr_token_t *t, qr_err_t *err)
{
    verdict_t v;
    qr_status_t st = QR_OK;

    if (t->pos != s->position)
        st = end_position(s, err);
    s->position = t->pos;
    if (st == QR_OK)
        st = verdict_of(s, t, &v, err);
    if (st == QR_OK && v.alone >= 0)
        st = add_match(s, t->start, t->end, (size_t)v.alone, err);
    if (st == QR_OK && v.in_phrase >= 0 &&
        s->n_position_words < MAX_POSITION_WORDS) {
        position_word_t *w = &s->position_words[s->n_position_words++];
        w->item = (size_t)v.in_phrase;
        w->start = t->start;
        w->end = t->end;
    }
    return st;
}

/* Forgets the last body's matches and runs. */
static void
reset_scan(sr_snippeter_t *s)
{
    const sr_match_terms_t *terms = s->terms;

    s->n_words = s->n_matches = 0;
    s->reach_first = s->reach_end = s->n_in_reach = 0;
    s->complete_at = SIZE_MAX;
    s->n_position_words = 0;
    memset(s->in_reach, 0, (terms->n + terms->n_phrases) *
                           sizeof *s->in_reach);
    memset(s->run_pos, 0, terms->n_places * sizeof *s->run_pos);
}

/* Tokenizes the part of BODY a snippet can come from. */
static qr_status_t
scan(sr_snippeter_t *s, const char *body, size_t len, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    /* Without query words only the opening is needed: at most four bytes a
     * character, and as much again for blank runs. */
    bool is_matching = s->n_sought > 0 && s->n_present > 0;
    size_t limit = is_matching ? SR_SNIPPET_SCAN_BYTES : s->window * 8;
    qr_status_t st = QR_OK;

    reset_scan(s);
    qr_tok_init(&tok, body, qr_utf8_floor(body, len, limit),
                QR_TOK_DOCUMENT, 0);
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        /* Once every thing sought was within one window, no later window
         * can hold more distinct ones: a window's worth of text more
         * (four bytes a character at most) serves the cut and the marks
         * of the passage, the rest is not read. */
        if (s->complete_at != SIZE_MAX && t.start > s->complete_at &&
            t.start - s->complete_at > s->window * 4)
            break;
        if (!(t.flags & QR_TOKF_PART))
            st = push_word(s, &t, err);
        if (st == QR_OK && is_matching)
            st = match_token(s, &t, err);
    }
    if (st == QR_OK && is_matching)
        st = end_position(s, err);
    return st;
}

/* The window of matches [*FIRST, *LAST] with the most distinct terms, then
 * the most matches, then the earliest; false when there is no match. */
static bool
best_window(sr_snippeter_t *s, const char *body, size_t *first,
            size_t *last)
{
    size_t best_distinct = 0, best_count = 0;
    unsigned stamp = 0;

    memset(s->stamps, 0, (s->terms->n + s->terms->n_phrases) *
                         sizeof *s->stamps);
    for (size_t i = 0; i < s->n_matches; i++) {
        size_t distinct = 0, count = 0, chars = 0, at = s->matches[i].start;
        size_t j_last = i;

        stamp++;
        for (size_t j = i; j < s->n_matches; j++) {
            const match_t *m = &s->matches[j];
            if (m->end > at) {
                chars += count_chars(body, at, m->end);
                at = m->end;
            }
            if (chars > s->window && j > i)
                break;
            if (s->stamps[m->sought] != stamp) {
                s->stamps[m->sought] = stamp;
                distinct++;
            }
            count++;
            j_last = j;
        }
        if (distinct > best_distinct ||
            (distinct == best_distinct && count > best_count)) {
            best_distinct = distinct;
            best_count = count;
            *first = i;
            *last = j_last;
        }
    }
    return best_count > 0;
}

/* Index of the first word that starts at or after AT, or with BY_END
 * that ends after AT (n_words if none): words are in order and disjoint,
 * so both their starts and their ends ascend. */
static size_t
first_word(const sr_snippeter_t *s, size_t at, bool by_end)
{
    size_t lo = 0, hi = s->n_words;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_end ? s->words[mid].end <= at : s->words[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool
is_ascii_punct(char c)
{
    return c > 0x20 && c < 0x7F &&
           !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
             (c >= 'A' && c <= 'Z') || c == '_');
}

/* The passage [*START, *END) of BODY around the matches [FIRST, LAST] (all
 * of them when there is none: FIRST > LAST gives the opening). */
static void
choose_passage(const sr_snippeter_t *s, const char *body, size_t len,
               size_t first, size_t last, size_t *start, size_t *end)
{
    bool has_match = first <= last && s->n_matches > 0;
    size_t from = 0, span_end = 0, w, at;

    if (has_match) {
        size_t span_start = s->matches[first].start;
        size_t used, lead, containing = first_word(s, span_start, true);

        /* Matches are in order of start; a phrase ends after the words
         * inside it that follow it. */
        for (size_t i = first; i <= last; i++) {
            if (s->matches[i].end > span_end)
                span_end = s->matches[i].end;
        }
        used = count_chars(body, span_start, span_end);
        lead = used < s->window ? (s->window - used) / 2 : 0;
        if (lead > MAX_LEAD_CHARS)
            lead = MAX_LEAD_CHARS;
        from = back_chars(body, span_start, lead);
        w = first_word(s, from, false);
        /* Never start after the word holding the first match (a match
         * can be a part, such as "script" in "TypeScript"). */
        if (containing < s->n_words &&
            (w >= s->n_words || s->words[w].start > s->words[containing].start))
            w = containing;
        from = w == 0 || w >= s->n_words ? 0 : s->words[w].start;
        if (from > span_start)
            from = span_start;
    }
    *start = from;
    at = forward_chars(body, len, from, s->window);
    if (at >= len) {
        *end = len;
        return;
    }
    w = first_word(s, at, true);   /* the first not ending by AT */
    if (w > 0 && s->words[w - 1].end > from) {
        *end = s->words[w - 1].end;
        while (*end < at && is_ascii_punct(body[*end]))
            (*end)++;
    } else {
        *end = qr_utf8_floor(body + from, len - from, at - from) + from;
    }
    if (*end < span_end)
        *end = span_end;
}

/* The matches inside [START, END) as OUT->marks in BODY's offsets, a
 * word and its matching parts merged into one. */
static qr_status_t
raw_marks(const sr_snippeter_t *s, size_t start, size_t end,
          sr_snippet_t *out, qr_err_t *err)
{
    size_t n = 0;

    for (size_t i = 0; i < s->n_matches; i++)
        n += s->matches[i].start >= start && s->matches[i].end <= end;
    if (n == 0)
        return QR_OK;
    out->marks = malloc(n * sizeof *out->marks);
    if (out->marks == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory making a "
                          "snippet");
    for (size_t i = 0; i < s->n_matches; i++) {
        const match_t *m = &s->matches[i];
        sr_span_t *last = out->n_marks > 0 ? &out->marks[out->n_marks - 1]
                                           : NULL;
        if (m->start < start || m->end > end)
            continue;
        if (last != NULL && m->start < last->end) {
            if (m->end > last->end)
                last->end = m->end;
            continue;
        }
        out->marks[out->n_marks].start = m->start;
        out->marks[out->n_marks].end = m->end;
        out->n_marks++;
    }
    return QR_OK;
}

/* Copies BODY[START..END) into OUT with blank runs as one space and
 * leading and trailing blanks dropped, and moves OUT's marks (BODY's
 * offsets, which start and end at words, never at blanks) along. */
static qr_status_t
copy_passage(const char *body, size_t start, size_t end, sr_snippet_t *out,
             qr_err_t *err)
{
    size_t n = 0, k = 0;
    bool is_space_due = false;

    out->text = malloc(end - start + 1);
    if (out->text == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory making a "
                          "snippet");
    for (size_t p = start; p < end; p++) {
        if (is_blank(body[p])) {
            is_space_due = n > 0;
            continue;
        }
        if (is_space_due)
            out->text[n++] = ' ';
        is_space_due = false;
        if (k < out->n_marks && out->marks[k].start == p)
            out->marks[k].start = n;
        out->text[n++] = body[p];
        if (k < out->n_marks && out->marks[k].end == p + 1)
            out->marks[k++].end = n;
    }
    out->text[n] = '\0';
    out->len = n;
    return QR_OK;
}

qr_status_t
sr_snippet_make(sr_snippeter_t *s, const char *body, size_t len,
                size_t n_present, sr_snippet_t *out, qr_err_t *err)
{
    size_t first = 1, last = 0, start, end, lead = 0;
    qr_status_t st;

    memset(out, 0, sizeof *out);
    s->n_present = n_present < s->n_sought ? n_present : s->n_sought;
    st = scan(s, body, len, err);
    if (st != QR_OK)
        return st;
    if (!best_window(s, body, &first, &last)) {
        first = 1;
        last = 0;
    }
    choose_passage(s, body, len, first, last, &start, &end);
    st = raw_marks(s, start, end, out, err);
    if (st == QR_OK)
        st = copy_passage(body, start, end, out, err);
    while (lead < len && is_blank(body[lead]))
        lead++;
    out->is_cut_before = start > lead;
    while (end < len && is_blank(body[end]))
        end++;
    out->is_cut_after = end < len;
    return st;
}

qr_status_t
sr_snippet_marked(const sr_snippet_t *s, const char *open, const char *close,
                  char **out, qr_err_t *err)
{
    qr_buf_t buf;
    size_t at = 0;
    qr_status_t st = QR_OK;

    *out = NULL;
    qr_buf_init(&buf);
    for (size_t i = 0; st == QR_OK && i < s->n_marks; i++) {
        const sr_span_t *m = &s->marks[i];
        st = qr_buf_append(&buf, s->text + at, m->start - at, err);
        if (st == QR_OK)
            st = qr_buf_append(&buf, open, strlen(open), err);
        if (st == QR_OK)
            st = qr_buf_append(&buf, s->text + m->start, m->end - m->start,
                               err);
        if (st == QR_OK)
            st = qr_buf_append(&buf, close, strlen(close), err);
        at = m->end;
    }
    if (st == QR_OK)
        st = qr_buf_append(&buf, s->text + at, s->len - at, err);
    if (st == QR_OK)
        st = qr_buf_detach(&buf, out, NULL, err);
    qr_buf_release(&buf);
    return st;
}
