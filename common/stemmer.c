/* stemmer.c - wraps libstemmer_c; the result is copied out of its buffer. */
#include "stemmer.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"

struct qr_stemmer {
    struct sb_stemmer *sb;   /* NULL for QR_STEM_NONE */
    char language[32];
    char out[QR_TOK_MAX_TERM_BYTES + 1];
};

qr_status_t
qr_stem_new(const char *language, qr_stemmer_t **stemmer_out, qr_err_t *err)
{
    qr_stemmer_t *stemmer;

    *stemmer_out = NULL;
    if (strlen(language) >= sizeof stemmer->language)
        return qr_err_set(err, QR_ERR_USAGE, "unknown stemming language "
                          "\"%.40s\"", language);
    stemmer = calloc(1, sizeof *stemmer);
    if (stemmer == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory for a stemmer");
    strcpy(stemmer->language, language);
    if (strcmp(language, QR_STEM_NONE) != 0) {
        /* NULL charenc means UTF-8. sb_stemmer_new also returns NULL on
         * OOM, which we cannot tell apart; an unknown name is far likelier. */
        stemmer->sb = sb_stemmer_new(language, NULL);
        if (stemmer->sb == NULL) {
            free(stemmer);
            return qr_err_set(err, QR_ERR_USAGE, "unknown stemming language "
                              "\"%s\"", language);
        }
    }
    *stemmer_out = stemmer;
    return QR_OK;
}

void
qr_stem_free(qr_stemmer_t *stemmer)
{
    if (stemmer == NULL)
        return;
    if (stemmer->sb != NULL)
        sb_stemmer_delete(stemmer->sb);
    free(stemmer);
}

const char *
qr_stem_language(const qr_stemmer_t *stemmer)
{
    return stemmer->language;
}

qr_status_t
qr_stem_word(qr_stemmer_t *stemmer, const char *word, size_t len,
             const char **stem_out, size_t *len_out, qr_err_t *err)
{
    const sb_symbol *stem;
    int n;

    *stem_out = NULL;
    *len_out = 0;
    if (len > QR_TOK_MAX_TERM_BYTES)
        return qr_err_set(err, QR_ERR_LIMIT, "word of %zu bytes is too long "
                          "to stem", len);
    if (stemmer->sb == NULL) {
        memcpy(stemmer->out, word, len);
        stemmer->out[len] = '\0';
        *stem_out = stemmer->out;
        *len_out = len;
        return QR_OK;
    }
    stem = sb_stemmer_stem(stemmer->sb, (const sb_symbol *)word, (int)len);
    if (stem == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory stemming");
    n = sb_stemmer_length(stemmer->sb);
    /* Snowball only shortens words, but never trust a length blindly. */
    if (n < 0 || (size_t)n > QR_TOK_MAX_TERM_BYTES)
        return qr_err_set(err, QR_ERR_INTERNAL, "stemmer returned %d bytes",
                          n);
    memcpy(stemmer->out, stem, (size_t)n);
    stemmer->out[n] = '\0';
    *stem_out = stemmer->out;
    *len_out = (size_t)n;
    return QR_OK;
}
