/* query_words.c - query text to terms, as the indexer made them. */
#include "query_words.h"

#include <stdlib.h>
#include <string.h>

#include "stopwords.h"
#include "terms.h"
#include "tokenizer.h"

/* How much a query word found in a title adds, in units of its idf in
 * titles (QR_Q_BONUS). Half an idf: titles that repeat in the body
 * already count there; measured on Cranfield (see README.md). */
static const double TITLE_WORD_BONUS = 0.5;

/* Longest quoted phrase that also matches its hyphenated form ("memory
 * safety" and "memory-safety"). */
enum { MAX_HYPHENATED_PHRASE = 4 };

void
sr_words_init(sr_words_t *w, qr_stemmer_t *stemmer,
              const sr_aliases_t *aliases, bool drops_stopwords)
{
    w->stemmer = stemmer;
    w->aliases = aliases;
    w->drops_stopwords = drops_stopwords;
    w->n_words = 0;
    w->is_truncated = false;
    w->typed = NULL;
    w->n_untyped = 0;
}

/* Records the word TEXT[0..LEN), searched as FORM, for suggestions. */
static void
note_typed(sr_words_t *w, const char *text, size_t len, const char *form,
           size_t form_len)
{
    sr_typed_word_t *typed;

    if (w->typed == NULL || w->typed->n >= SR_MAX_TYPED_WORDS ||
        w->n_untyped > 0)
        return;
    typed = &w->typed->items[w->typed->n++];
    typed->text = text;
    typed->len = len;
    memcpy(typed->form, form, form_len);
    typed->form[form_len] = '\0';
    typed->form_len = form_len;
}

/* Counts one more word of the query; false once it has too many. */
static bool
take_word(sr_words_t *w)
{
    if (w->n_words >= SR_MAX_QUERY_WORDS) {
        w->is_truncated = true;
        return false;
    }
    w->n_words++;
    return true;
}

/* A form copied out of the stemmer's buffer, which the next call reuses. */
typedef struct form {
    char s[QR_TERM_MAX_BYTES + 1];
    size_t len;
} form_t;

static qr_status_t
form_of(sr_words_t *w, const qr_token_t *t, form_t *out, qr_err_t *err)
{
    const char *form;
    size_t len;
    qr_status_t st = qr_terms_form(w->stemmer, t, &form, &len, err);

    if (st != QR_OK)
        return st;
    if (len > QR_TOK_MAX_TERM_BYTES)
        len = QR_TOK_MAX_TERM_BYTES;   /* stems never grow: cannot happen */
    memcpy(out->s, form, len);
    out->s[len] = '\0';
    out->len = len;
    return QR_OK;
}

/* Adds to PARENT the bonus for TERM in titles. */
static qr_status_t
add_title_bonus(qr_query_t *parent, const char *term, size_t len,
                qr_err_t *err)
{
    qr_query_t *bonus = NULL, *kid = NULL;
    qr_status_t st = sr_query_term(QR_Q_TERM, QR_PREFIX_TITLE, term, len, 0,
                                   &kid, err);

    if (st == QR_OK)
        st = sr_query_wrap(QR_Q_BONUS, TITLE_WORD_BONUS, kid, &bonus, err);
    return st == QR_OK ? qr_query_add_take(parent, bonus, err) : st;
}

/* Widens PHRASE (taken) of two to MAX_HYPHENATED_PHRASE plain words to
 * also match the words joined by hyphens as one term: "memory safety"
 * finds "memory-safety", which documents hold as one whole word with its
 * parts at one position. WORDS are the phrase's folded words, '-'-joined. */
static qr_status_t
or_hyphenated(qr_query_t *phrase, const char *prefix, const char *joined,
              size_t len, qr_query_t **out, qr_err_t *err)
{
    qr_query_t *whole = NULL;
    qr_status_t st = sr_query_term(QR_Q_TERM, prefix, joined, len, 0, &whole,
                                   err);

    *out = NULL;
    if (st != QR_OK) {
        qr_query_free(phrase);
        return st;
    }
    return sr_query_pair(QR_Q_SYNONYM, phrase, whole, out, err);
}

static qr_status_t alias_query(sr_words_t *w, size_t group, qr_query_t **out,
                               qr_err_t *err);

/* Context for the one-word spellings of a group in a phrase. */
typedef struct phrase_spellings {
    sr_words_t *w;
    const char *prefix;
    uint32_t pos;
    qr_query_t *synonym;
    qr_err_t *err;
} phrase_spellings_t;

static qr_status_t
add_phrase_spelling(const char *spelling, size_t len, void *ctx)
{
    phrase_spellings_t *b = ctx;
    qr_tokenizer_t tok;
    qr_token_t t, second;
    form_t form;
    qr_status_t st;

    qr_tok_init(&tok, spelling, len, QR_TOK_QUERY, 1);
    if (!qr_tok_next(&tok, &t))
        return QR_OK;
    if (qr_tok_next(&tok, &second))
        return QR_OK;   /* several words cannot fill one place */
    st = form_of(b->w, &t, &form, b->err);
    if (st != QR_OK)
        return st;
    return sr_query_add_term(b->synonym, QR_Q_TERM, b->prefix, form.s,
                             form.len, b->pos, b->err);
}

/* Adds the word FORM at POS to PHRASE under PREFIX: its term, or, for a
 * word with aliases, a synonym of its group's one-word spellings. Xapian's
 * phrases take terms or an OR of terms (no phrase) in each place, so a
 * spelling of several words ("large language model" for "llm") is left
 * out there. */
static qr_status_t
add_phrase_word(sr_words_t *w, qr_query_t *phrase, const char *prefix,
                const form_t *form, uint32_t pos, qr_err_t *err)
{
    phrase_spellings_t b = { w, prefix, pos, NULL, err };
    size_t group;
    qr_status_t st;

    if (w->aliases == NULL ||
        !sr_aliases_find(w->aliases, form->s, form->len, &group))
        return sr_query_add_term(phrase, QR_Q_TERM, prefix, form->s,
                                 form->len, pos, err);
    st = qr_query_new(QR_Q_SYNONYM, &b.synonym, err);
    if (st == QR_OK)
        st = sr_aliases_each(w->aliases, group, add_phrase_spelling, &b);
    if (st != QR_OK) {
        qr_query_free(b.synonym);
        return st;
    }
    return qr_query_add_take(phrase, sr_query_unwrap(b.synonym), err);
}

/* Builds the phrase (or single term) of TEXT's words under PREFIX into
 * *OUT, NULL when TEXT has none. Words count against the query's limit
 * when COUNTS_WORDS, which also marks the query's own phrase (not an alias
 * spelling's): its words with aliases match their one-word spellings. */
static qr_status_t
phrase_of(sr_words_t *w, const char *prefix, const char *text, size_t len,
          bool counts_words, qr_query_t **out, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_query_t *phrase = NULL;
    char joined[QR_TOK_MAX_TERM_BYTES + 1];
    size_t n_joined = 0;
    bool is_plain = true;
    form_t form;
    qr_status_t st;

    *out = NULL;
    st = qr_query_new(QR_Q_PHRASE, &phrase, err);
    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    while (st == QR_OK && qr_tok_next(&tok, &t) &&
           (!counts_words || take_word(w))) {
        is_plain = is_plain && (t.flags & QR_TOKF_STEMMABLE) &&
                   n_joined + 1 + t.len <= QR_TOK_MAX_TERM_BYTES;
        if (is_plain) {
            if (n_joined > 0)
                joined[n_joined++] = '-';
            memcpy(joined + n_joined, t.term, t.len);
            n_joined += t.len;
        }
        st = form_of(w, &t, &form, err);
        if (st == QR_OK && counts_words)
            note_typed(w, text + t.start, t.end - t.start, form.s, form.len);
        if (st == QR_OK && counts_words)
            st = add_phrase_word(w, phrase, prefix, &form, t.pos, err);
        else if (st == QR_OK)
            st = sr_query_add_term(phrase, QR_Q_TERM, prefix, form.s,
                                   form.len, t.pos, err);
    }
    if (st != QR_OK || phrase->n_kids == 0) {
        qr_query_free(phrase);
        return st;
    }
    if (is_plain && phrase->n_kids >= 2 &&
        phrase->n_kids <= MAX_HYPHENATED_PHRASE)
        return or_hyphenated(phrase, prefix, joined, n_joined, out, err);
    *out = sr_query_unwrap(phrase);
    return QR_OK;
}


/* Context for building an alias group's synonym. */
typedef struct alias_build {
    sr_words_t *w;
    qr_query_t *synonym;   /* each spelling as a term or a phrase */
    qr_query_t *bonuses;   /* AND_MAYBE: the title bonuses, after which
                            * the synonym goes first */
    qr_err_t *err;
} alias_build_t;

static qr_status_t
add_spelling(const char *spelling, size_t len, void *ctx)
{
    alias_build_t *b = ctx;
    qr_query_t *q = NULL;
    qr_status_t st = phrase_of(b->w, "", spelling, len, false, &q, b->err);

    if (st != QR_OK || q == NULL)
        return st;
    if (q->op == QR_Q_TERM)
        st = add_title_bonus(b->bonuses, q->term, q->len, b->err);
    if (st != QR_OK || q->op != QR_Q_SYNONYM) {
        if (st == QR_OK)
            return qr_query_add_take(b->synonym, q, b->err);
        qr_query_free(q);
        return st;
    }
    /* A phrase spelling already widened to a synonym joins the group's. */
    for (size_t i = 0; st == QR_OK && i < q->n_kids; i++) {
        st = qr_query_add_take(b->synonym, q->kids[i], b->err);
        q->kids[i] = NULL;
    }
    qr_query_free(q);
    return st;
}

/* Every spelling of alias GROUP as one term, plus their title bonuses. */
static qr_status_t
alias_query(sr_words_t *w, size_t group, qr_query_t **out, qr_err_t *err)
{
    alias_build_t b = { w, NULL, NULL, err };
    qr_status_t st;

    *out = NULL;
    st = qr_query_new(QR_Q_SYNONYM, &b.synonym, err);
    if (st == QR_OK)
        st = qr_query_new(QR_Q_AND_MAYBE, &b.bonuses, err);
    if (st == QR_OK)
        st = sr_aliases_each(w->aliases, group, add_spelling, &b);
    if (st == QR_OK) {
        st = qr_query_add_first_take(b.bonuses, sr_query_unwrap(b.synonym),
                                     err);
        b.synonym = NULL;
    }
    if (st != QR_OK) {
        qr_query_free(b.synonym);
        qr_query_free(b.bonuses);
        return st;
    }
    *out = sr_query_unwrap(b.bonuses);
    return QR_OK;
}

/* The key of FORMS[0..N) (aliases.h) into KEY (SR_ALIAS_KEY_MAX bytes);
 * returns its length. */
static size_t
key_of_forms(const form_t *forms, size_t n, char *key)
{
    size_t len = 0;

    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            key[len++] = SR_ALIAS_KEY_SEP;
        memcpy(key + len, forms[i].s, forms[i].len);
        len += forms[i].len;
    }
    return len;
}

/* The forms of TEXT[0..LEN)'s words into FORMS (room for CAP), counted in
 * *N_OUT (more than CAP when it has more words: the rest are not kept). */
static qr_status_t
forms_of(sr_words_t *w, const char *text, size_t len, form_t *forms,
         size_t cap, size_t *n_out, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    size_t n = 0;
    qr_status_t st = QR_OK;

    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        if (n < cap)
            st = form_of(w, &t, &forms[n], err);
        n++;
    }
    *n_out = n;
    return st;
}

/* Sets *GROUP_OUT to the alias group whose spelling of several words is
 * FORMS[0..N), and returns true; false when there is none. */
static bool
find_words_group(const sr_words_t *w, const form_t *forms, size_t n,
                 size_t *group_out)
{
    char key[SR_ALIAS_KEY_MAX];

    if (w->aliases == NULL || n < 2 || n > SR_ALIAS_MAX_WORDS)
        return false;
    return sr_aliases_find(w->aliases, key, key_of_forms(forms, n, key),
                           group_out);
}

qr_status_t
sr_words_phrase(sr_words_t *w, const char *prefix, const char *text,
                size_t len, qr_query_t **out, qr_err_t *err)
{
    form_t forms[SR_ALIAS_MAX_WORDS];
    size_t n, group;
    qr_status_t st = QR_OK;

    *out = NULL;
    if (prefix[0] == '\0' && w->aliases != NULL)
        st = forms_of(w, text, len, forms, SR_ALIAS_MAX_WORDS, &n, err);
    if (st != QR_OK)
        return st;
    if (prefix[0] == '\0' && find_words_group(w, forms, n, &group)) {
        /* The phrase is a spelling of an alias group: the group. */
        for (size_t i = 0; i < n; i++)
            if (!take_word(w))
                return QR_OK;
        return alias_query(w, group, out, err);
    }
    return phrase_of(w, prefix, text, len, true, out, err);
}

/* Longest run of free words side by side looked through for spellings of
 * several words; the rest of a longer run is not. */
enum { MAX_RUN_WORDS = 64 };

qr_status_t
sr_words_add_word_aliases(sr_words_t *w, const char *text, size_t len,
                          sr_parts_t *parts, qr_err_t *err)
{
    form_t *forms;
    size_t n = 0, group, added[MAX_RUN_WORDS / 2], n_added = 0;
    qr_status_t st;

    if (w->aliases == NULL)
        return QR_OK;
    forms = malloc(MAX_RUN_WORDS * sizeof *forms);
    if (forms == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory parsing a "
                          "query");
    st = forms_of(w, text, len, forms, MAX_RUN_WORDS, &n, err);
    if (n > MAX_RUN_WORDS)
        n = MAX_RUN_WORDS;
    /* The longest spelling starting at each word wins, and its words are
     * passed over; a group found twice is added once. */
    for (size_t i = 0; st == QR_OK && i + 1 < n; i++) {
        size_t k = n - i < SR_ALIAS_MAX_WORDS ? n - i : SR_ALIAS_MAX_WORDS;
        while (k >= 2 && !find_words_group(w, forms + i, k, &group))
            k--;
        if (k < 2)
            continue;
        bool is_new = true;
        for (size_t j = 0; j < n_added; j++)
            is_new = is_new && added[j] != group;
        if (is_new) {
            qr_query_t *q = NULL;
            added[n_added++] = group;
            st = alias_query(w, group, &q, err);
            if (st == QR_OK)
                st = sr_parts_add_take(parts, SR_PART_WEIGHTED, false, q,
                                       err);
        }
        i += k - 1;
    }
    free(forms);
    return st;
}

/* True when TEXT[0..LEN) is English words joined by single hyphens
 * ("multi-agent", "three-dimensional"): letters only, no digits, dots,
 * slashes or symbols, which tech names use and must match exactly. */
static bool
is_hyphenated_words(const char *text, size_t len)
{
    size_t n_hyphens = 0, start = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '-')
            continue;
        qr_tokenizer_t tok;
        qr_token_t t;
        qr_tok_init(&tok, text + start, i - start, QR_TOK_QUERY, 0);
        if (!qr_tok_next(&tok, &t) || !(t.flags & QR_TOKF_STEMMABLE) ||
            t.start != 0 || t.end != i - start) {
            return false;
        }
        n_hyphens += i < len;
        start = i + 1;
    }
    return n_hyphens > 0;
}

/* The query for the free word T (offsets into SOURCE, the query text):
 * its term (or its alias group's synonym) OR-ed with its title bonus, or a
 * prefix search when IS_PREFIX. */
static qr_status_t
free_word(sr_words_t *w, const char *source, const qr_token_t *t,
          bool is_prefix, qr_query_t **out, qr_err_t *err)
{
    qr_query_t *either = NULL;
    form_t form;
    size_t group;
    qr_status_t st = form_of(w, t, &form, err);

    *out = NULL;
    if (st != QR_OK)
        return st;
    if (is_prefix)
        return sr_query_term(QR_Q_WILDCARD, "", form.s, form.len, t->pos,
                             out, err);
    if (w->aliases != NULL &&
        sr_aliases_find(w->aliases, form.s, form.len, &group))
        return alias_query(w, group, out, err);
    if (source != NULL)   /* NULL for a stop word: never suggested */
        note_typed(w, source + t->start, t->end - t->start, form.s,
                   form.len);
    st = qr_query_new(QR_Q_AND_MAYBE, &either, err);
    if (st == QR_OK)
        st = sr_query_add_term(either, QR_Q_TERM, "", form.s, form.len,
                               t->pos, err);
    if (st == QR_OK)
        st = add_title_bonus(either, form.s, form.len, err);
    if (st != QR_OK) {
        qr_query_free(either);
        return st;
    }
    *out = either;
    return QR_OK;
}

/* Appends the ranking piece of the word T (offsets into SOURCE, the query
 * text): a free word, or a word of the title field when IS_TITLE. */
static qr_status_t
add_word(sr_words_t *w, const char *source, const qr_token_t *t,
         bool is_prefix, bool is_title, sr_parts_t *parts, qr_err_t *err)
{
    bool is_stopword = !is_prefix && w->drops_stopwords &&
                       qr_stop_is_stopword(t->term, t->len);
    qr_query_t *q = NULL;
    form_t form;
    qr_status_t st;

    if (is_title) {
        st = form_of(w, t, &form, err);
        if (st == QR_OK && !is_prefix && !is_stopword)
            note_typed(w, source + t->start, t->end - t->start, form.s,
                       form.len);
        if (st == QR_OK)
            st = sr_query_term(is_prefix ? QR_Q_WILDCARD : QR_Q_TERM,
                               QR_PREFIX_TITLE, form.s, form.len, t->pos, &q,
                               err);
    } else if (is_stopword) {
        st = free_word(w, NULL, t, is_prefix, &q, err);
    } else {
        st = free_word(w, source, t, is_prefix, &q, err);
    }
    if (st != QR_OK)
        return st;
    return sr_parts_add_take(parts, SR_PART_WEIGHTED, is_stopword, q, err);
}

/* A hyphenated name ("wasm-bindgen", "multi-agent") is the whole term the
 * indexer stored or its parts as a phrase ("wasm bindgen"), as Xapian's
 * QueryParser reads it, and earns the whole term's title bonus. Searching
 * the parts as loose words, chosen on Cranfield, let an article saying
 * only "bindgen" outrank one about wasm-bindgen; on the tech-query set the
 * whole-or-phrase reading ranks better (README.md, Evaluation). */
static qr_status_t
add_hyphenated(sr_words_t *w, const char *text, size_t len, bool is_title,
               sr_parts_t *parts, qr_err_t *err)
{
    const char *prefix = is_title ? QR_PREFIX_TITLE : "";
    char spaced[QR_TOK_MAX_TERM_BYTES + 1];
    qr_query_t *name = NULL, *ranked = NULL;
    qr_status_t st;

    /* The parts as words: phrase_of makes their phrase and, joined by
     * hyphens again, the whole term. */
    for (size_t i = 0; i < len; i++)
        spaced[i] = text[i] == '-' ? ' ' : text[i];
    st = phrase_of(w, prefix, spaced, len, false, &name, err);

    if (st != QR_OK || name == NULL)
        return st;
    if (is_title || name->op != QR_Q_SYNONYM)
        return sr_parts_add_take(parts, SR_PART_WEIGHTED, false, name, err);
    st = qr_query_new(QR_Q_AND_MAYBE, &ranked, err);
    if (st == QR_OK) {
        const qr_query_t *whole = name->kids[name->n_kids - 1];
        st = add_title_bonus(ranked, whole->term, whole->len, err);
    }
    if (st != QR_OK) {
        qr_query_free(name);
        qr_query_free(ranked);
        return st;
    }
    st = qr_query_add_first_take(ranked, name, err);
    return st == QR_OK ? sr_parts_add_take(parts, SR_PART_WEIGHTED, false,
                                           ranked, err)
                       : st;
}

/* Appends a ranking piece per word of TEXT. */
static qr_status_t
add_words(sr_words_t *w, const char *text, size_t len, bool is_prefix,
          bool is_title, sr_parts_t *parts, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t, next;
    char term[QR_TOK_MAX_TERM_BYTES + 1];
    bool has_next;
    qr_status_t st = QR_OK;

    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    has_next = qr_tok_next(&tok, &next);
    while (st == QR_OK && has_next && take_word(w)) {
        bool is_last_prefix;

        /* The token's text lives in the tokenizer: copy it before the
         * look-ahead (which tells the last word) overwrites it. */
        t = next;
        memcpy(term, t.term, t.len);
        term[t.len] = '\0';
        t.term = term;
        has_next = qr_tok_next(&tok, &next);
        is_last_prefix = is_prefix && !has_next;
        if (!is_last_prefix && (t.flags & QR_TOKF_COMPOUND) &&
            t.end - t.start <= QR_TOK_MAX_TERM_BYTES &&
            is_hyphenated_words(text + t.start, t.end - t.start))
            st = add_hyphenated(w, text + t.start, t.end - t.start, is_title,
                                parts, err);
        else
            st = add_word(w, text, &t, is_last_prefix, is_title, parts, err);
    }
    return st;
}

qr_status_t
sr_words_free(sr_words_t *w, const char *text, size_t len, bool is_prefix,
              sr_parts_t *parts, qr_err_t *err)
{
    return add_words(w, text, len, is_prefix, false, parts, err);
}

qr_status_t
sr_words_title(sr_words_t *w, const char *text, size_t len, bool is_prefix,
               sr_parts_t *parts, qr_err_t *err)
{
    return add_words(w, text, len, is_prefix, true, parts, err);
}

qr_status_t
sr_words_add_to_title_phrase(sr_words_t *w, const char *text, size_t len,
                             qr_query_t *phrase, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    form_t form;
    qr_status_t st = QR_OK;

    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    while (st == QR_OK && phrase->n_kids < SR_MAX_QUERY_WORDS &&
           qr_tok_next(&tok, &t)) {
        st = form_of(w, &t, &form, err);
        if (st == QR_OK)
            st = sr_query_add_term(phrase, QR_Q_TERM, QR_PREFIX_TITLE,
                                   form.s, form.len,
                                   (uint32_t)phrase->n_kids + 1, err);
    }
    return st;
}

/* True when FORMS[0..N) holds FORM. */
static bool
has_form(const form_t *forms, size_t n, const form_t *form)
{
    for (size_t i = 0; i < n; i++) {
        if (forms[i].len == form->len &&
            memcmp(forms[i].s, form->s, form->len) == 0)
            return true;
    }
    return false;
}

/* Appends to LIST the bonus of FACTOR for articles that hold the pair of
 * the forms A and B (sr_words_add_pairs). */
static qr_status_t
add_pair_bonus(const form_t *a, const form_t *b, double factor,
               qr_query_t *list, qr_err_t *err)
{
    char term[QR_PAIR_TERM_BYTES];
    size_t n = qr_terms_pair(a->s, a->len, b->s, b->len, term);
    qr_query_t *match = NULL, *weigh = NULL, *bonus = NULL;
    qr_status_t st;

    if (n == 0)
        return QR_OK;
    st = qr_query_new(QR_Q_AND, &weigh, err);
    if (st == QR_OK)
        st = sr_query_add_term(weigh, QR_Q_TERM, "", a->s, a->len, 1, err);
    if (st == QR_OK)
        st = sr_query_add_term(weigh, QR_Q_TERM, "", b->s, b->len, 2, err);
    if (st == QR_OK)
        st = qr_query_new_term(QR_Q_TERM, term, n, 0, &match, err);
    if (st == QR_OK)
        st = sr_query_wrap(QR_Q_BONUS, factor, match, &bonus, err);
    if (st == QR_OK) {
        st = qr_query_add_take(bonus, weigh, err);
        weigh = NULL;
    }
    if (st == QR_OK) {
        st = qr_query_add_take(list, bonus, err);
        bonus = NULL;
    }
    qr_query_free(weigh);
    qr_query_free(bonus);
    return st;
}

qr_status_t
sr_words_add_pairs(sr_words_t *w, const char *text, size_t len,
                   double factor, qr_query_t *list, qr_err_t *err)
{
    /* On the heap: a quarter of a server thread's 1 MiB stack else. */
    form_t *forms = malloc(SR_MAX_QUERY_WORDS * sizeof *forms);
    size_t n = 0;
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_status_t st = QR_OK;

    if (forms == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building a "
                          "query");
    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    while (st == QR_OK && n < SR_MAX_QUERY_WORDS && qr_tok_next(&tok, &t)) {
        if (!qr_terms_is_pair_word(&t, w->drops_stopwords))
            continue;
        st = form_of(w, &t, &forms[n], err);
        if (st == QR_OK && !has_form(forms, n, &forms[n]))
            n++;
    }
    for (size_t i = 1; st == QR_OK && i < n; i++)
        st = add_pair_bonus(&forms[i - 1], &forms[i], factor, list, err);
    free(forms);
    return st;
}
