/* stopwords.h - words too common to help rank: dropped from a query's free
 * words, and passed over when neighbouring words are paired (terms.h). */
#ifndef QR_STOPWORDS_H
#define QR_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

/* True when the stemming LANGUAGE (a Snowball name) has a stop list here:
 * English only, for now. Cannot fail. */
bool qr_stop_has_list(const char *language);

/* True when the folded word WORD[0..LEN) is on the English stop list
 * (common/data/stopwords-english.txt, compiled in). Cannot fail. */
bool qr_stop_is_stopword(const char *word, size_t len);

/* The list itself, sorted by strcmp, for tests. *N_OUT gets its length.
 * Cannot fail. */
const char *const *qr_stop_list(size_t *n_out);

#endif /* QR_STOPWORDS_H */
