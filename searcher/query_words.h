/* query_words.h - query text to terms, as the indexer made them.
 *
 * Every word goes through the shared tokenizer in query mode (whole tokens
 * only: "node.js", "c++", "gpt-4o" stay one term, as documents hold them)
 * and gets its indexed form (terms.h). A free word matches in the text and
 * earns a title bonus (QR_Q_BONUS), a word with aliases matches any
 * spelling of its group as one term (a synonym), and a hyphenated English
 * word ("multi-agent") counts as its words. Words with digits or symbols
 * ("gpt-4o", "3.11") are never stemmed, split or widened. */
#ifndef SR_QUERY_WORDS_H
#define SR_QUERY_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "aliases.h"
#include "query.h"
#include "query_part.h"
#include "status.h"
#include "stemmer.h"
#include "terms.h"

/* Most words one query searches; the rest are ignored (and reported). */
enum { SR_MAX_QUERY_WORDS = 1000 };

/* Most typed words recorded for spelling suggestions. */
enum { SR_MAX_TYPED_WORDS = 32 };

/* A word as the user typed it, with the form it is searched by. */
typedef struct sr_typed_word {
    const char *text;                  /* points into the query text */
    size_t len;
    char form[QR_TERM_MAX_BYTES + 1];  /* unprefixed, NUL-terminated */
    size_t form_len;
} sr_typed_word_t;

/* The free, title and phrase words of a query (not prefixes, stop words,
 * field values or words with aliases), in order: the words a spelling
 * suggestion may replace. */
typedef struct sr_typed_words {
    sr_typed_word_t items[SR_MAX_TYPED_WORDS];
    size_t n;
} sr_typed_words_t;

typedef struct sr_words {
    qr_stemmer_t *stemmer;          /* NULL: no stemming */
    const sr_aliases_t *aliases;    /* NULL: none */
    bool drops_stopwords;           /* the index language has a stop list */
    size_t n_words;                 /* words made so far */
    bool is_truncated;              /* words past SR_MAX_QUERY_WORDS came */
    sr_typed_words_t *typed;        /* NULL, or where typed words go */
    unsigned n_untyped;             /* > 0: words made now are not typed
                                     * words (a field name searched as a
                                     * word, a word left out): the parser
                                     * raises and lowers it */
} sr_words_t;

/* Prepares W for one query, recording no typed words (set W->typed to
 * record them). Borrowed pointers must outlive it. Cannot fail. */
void sr_words_init(sr_words_t *w, qr_stemmer_t *stemmer,
                   const sr_aliases_t *aliases, bool drops_stopwords);

/* Appends to PARTS a ranking piece for each word of TEXT[0..LEN), free
 * text; when IS_PREFIX the last word searches every term it starts
 * ("kube*"). Returns QR_ERR_NOMEM. */
qr_status_t sr_words_free(sr_words_t *w, const char *text, size_t len,
                          bool is_prefix, sr_parts_t *parts, qr_err_t *err);

/* Makes the phrase of TEXT[0..LEN)'s words under PREFIX ("" for the text,
 * QR_PREFIX_TITLE for titles), or a single term for one word; *OUT is NULL
 * when TEXT has no word. A word with aliases matches its group's one-word
 * spellings in its place; a text phrase that is a spelling of several
 * words ("large language model") is its whole alias group. On QR_OK the
 * caller owns *OUT. Returns QR_ERR_NOMEM. */
qr_status_t sr_words_phrase(sr_words_t *w, const char *prefix,
                            const char *text, size_t len, qr_query_t **out,
                            qr_err_t *err);

/* Appends to PARTS the alias group of each spelling of several words
 * ("large language model") that TEXT[0..LEN), free words side by side,
 * holds: the words still count each (sr_words_free), and the group adds
 * its other spellings ("llm"). Returns QR_ERR_NOMEM. */
qr_status_t sr_words_add_word_aliases(sr_words_t *w, const char *text,
                                      size_t len, sr_parts_t *parts,
                                      qr_err_t *err);

/* Appends to PARTS a ranking piece for each word of TEXT[0..LEN) in the
 * title field (title:word), the last one a prefix search when IS_PREFIX.
 * Returns QR_ERR_NOMEM. */
qr_status_t sr_words_title(sr_words_t *w, const char *text, size_t len,
                           bool is_prefix, sr_parts_t *parts, qr_err_t *err);

/* Appends TEXT[0..LEN)'s words as title terms to PHRASE (a QR_Q_PHRASE
 * node), which weighs the bonus of a query that is a whole title.
 * Returns QR_ERR_NOMEM. */
qr_status_t sr_words_add_to_title_phrase(sr_words_t *w, const char *text,
                                         size_t len, qr_query_t *phrase,
                                         qr_err_t *err);

/* Appends to LIST (a node used as a list) a QR_Q_BONUS of FACTOR for each
 * two neighbouring words of TEXT[0..LEN) that make a pair (terms.h: stop
 * words and parts left out), a word met before skipped: it matches the
 * pair term and weighs as the AND of the two words' text terms. "rust
 * error handling" gives the pairs (rust, error) and (error, handl).
 * Returns QR_ERR_NOMEM. */
qr_status_t sr_words_add_pairs(sr_words_t *w, const char *text, size_t len,
                               double factor, qr_query_t *list,
                               qr_err_t *err);

#endif /* SR_QUERY_WORDS_H */
