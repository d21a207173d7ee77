/* stemmer.h - a Snowball stemmer (libstemmer_c) for one language. */
#ifndef QR_STEMMER_H
#define QR_STEMMER_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef struct qr_stemmer qr_stemmer_t;

/* The language an index uses when none is given. */
#define QR_STEM_DEFAULT_LANGUAGE "english"

/* Language name that turns stemming off: every word is its own stem. */
#define QR_STEM_NONE "none"

/* Creates a stemmer for LANGUAGE (a Snowball name such as "english" or
 * "german", or QR_STEM_NONE). On QR_OK the caller owns *STEMMER_OUT and frees
 * it with qr_stem_free. Returns QR_ERR_USAGE for an unknown language and
 * QR_ERR_NOMEM. */
qr_status_t qr_stem_new(const char *language, qr_stemmer_t **stemmer_out,
                        qr_err_t *err);

/* As qr_stem_new, with a cache of 1,024 words instead of 65,536: for a
 * short-lived process that stems a few thousand words (quarry-search's
 * snippets), where the page faults of filling the big cache cost more
 * than the stemming it saves (measured: about a thousand faults, 1 ms of
 * system time, for ten snippets). */
qr_status_t qr_stem_new_small(const char *language,
                              qr_stemmer_t **stemmer_out, qr_err_t *err);

/* Frees STEMMER; NULL is a no-op. Cannot fail. */
void qr_stem_free(qr_stemmer_t *stemmer);

/* Returns the language STEMMER was created for; valid until qr_stem_free.
 * Cannot fail. */
const char *qr_stem_language(const qr_stemmer_t *stemmer);

/* Stems the folded word WORD[0..LEN) (UTF-8). On QR_OK *STEM_OUT points to
 * LEN_OUT bytes, NUL-terminated, valid until the next call on STEMMER;
 * copy it to keep it. Returns QR_ERR_NOMEM (libstemmer's only failure) or
 * QR_ERR_LIMIT when LEN is over QR_TOK_MAX_TERM_BYTES. */
qr_status_t qr_stem_word(qr_stemmer_t *stemmer, const char *word, size_t len,
                         const char **stem_out, size_t *len_out,
                         qr_err_t *err);

#endif /* QR_STEMMER_H */
