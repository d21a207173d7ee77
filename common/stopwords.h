/* stopwords.h - words too common to help rank, dropped from free words. */
#ifndef SR_STOPWORDS_H
#define SR_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

/* True when the stemming LANGUAGE (a Snowball name) has a stop list here:
 * English only, for now. Cannot fail. */
bool sr_stop_has_list(const char *language);

/* True when the folded word WORD[0..LEN) is on the English stop list
 * (searcher/data/stopwords-english.txt, compiled in). Cannot fail. */
bool sr_stop_is_stopword(const char *word, size_t len);

/* The list itself, sorted by strcmp, for tests. *N_OUT gets its length.
 * Cannot fail. */
const char *const *sr_stop_list(size_t *n_out);

#endif /* SR_STOPWORDS_H */
