/* stemmer.c - wraps libstemmer_c; the result is copied out of its buffer.
 *
 * Text repeats the same words (Zipf), and Snowball takes ~150 ns a word, so
 * a direct-mapped cache of recent words and their stems sits in front of
 * it: a hit costs a hash and a compare. It is bounded (a new word takes the
 * slot of an old one) and owned by the stemmer, so threads never share it. */
#include "stemmer.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"

enum {
    CACHE_SLOTS = 1 << 16,   /* a power of two; about 4.5 MiB in all */
    SMALL_CACHE_SLOTS = 1 << 10,   /* 72 KiB (qr_stem_new_small) */
    CACHE_WORD_MAX = 31      /* longer words are rare: stem them each time */
};

typedef struct cache_entry {
    uint8_t word_len;        /* 0: empty slot */
    uint8_t stem_len;
    char word[CACHE_WORD_MAX];
    char stem[CACHE_WORD_MAX + 1];
} cache_entry_t;

struct qr_stemmer {
    struct sb_stemmer *sb;   /* NULL for QR_STEM_NONE */
    char language[32];
    cache_entry_t *cache;    /* NULL for QR_STEM_NONE */
    size_t cache_mask;       /* slots - 1 */
    char out[QR_TOK_MAX_TERM_BYTES + 1];
};

/* A hash of a short word, eight bytes at a time (the cache's hot path;
 * the golden-ratio multiplier spreads the bits, as in Knuth's
 * multiplicative hashing). */
static uint64_t
word_hash(const char *word, size_t len)
{
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = (uint64_t)len * k, v;

    for (; len >= 8; word += 8, len -= 8) {
        memcpy(&v, word, 8);
        h = (h ^ v) * k;
        h ^= h >> 29;
    }
    /* The tail byte by byte: a memcpy of a variable length is a call. */
    v = 0;
    for (size_t i = 0; i < len; i++)
        v |= (uint64_t)(unsigned char)word[i] << (8 * i);
    h = (h ^ v) * k;
    return h ^ (h >> 32);
}

/* A stemmer whose cache has N_SLOTS slots (a power of two). */
static qr_status_t
new_stemmer(const char *language, size_t n_slots, qr_stemmer_t **stemmer_out,
            qr_err_t *err)
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
        /* calloc: untouched slots cost no memory until words fill them. */
        stemmer->cache = calloc(n_slots, sizeof *stemmer->cache);
        stemmer->cache_mask = n_slots - 1;
        if (stemmer->cache == NULL) {
            sb_stemmer_delete(stemmer->sb);
            free(stemmer);
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory for a "
                              "stemmer");
        }
    }
    *stemmer_out = stemmer;
    return QR_OK;
}

qr_status_t
qr_stem_new(const char *language, qr_stemmer_t **stemmer_out, qr_err_t *err)
{
    return new_stemmer(language, CACHE_SLOTS, stemmer_out, err);
}

qr_status_t
qr_stem_new_small(const char *language, qr_stemmer_t **stemmer_out,
                  qr_err_t *err)
{
    return new_stemmer(language, SMALL_CACHE_SLOTS, stemmer_out, err);
}

void
qr_stem_free(qr_stemmer_t *stemmer)
{
    if (stemmer == NULL)
        return;
    if (stemmer->sb != NULL)
        sb_stemmer_delete(stemmer->sb);
    free(stemmer->cache);
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
    cache_entry_t *entry = NULL;
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
    if (len <= CACHE_WORD_MAX) {
        entry = &stemmer->cache[word_hash(word, len) & stemmer->cache_mask];
        if (entry->word_len == len && memcmp(entry->word, word, len) == 0) {
            *stem_out = entry->stem;
            *len_out = entry->stem_len;
            return QR_OK;
        }
    }
    stem = sb_stemmer_stem(stemmer->sb, (const sb_symbol *)word, (int)len);
    if (stem == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory stemming");
    n = sb_stemmer_length(stemmer->sb);
    /* Snowball only shortens words, but never trust a length blindly. */
    if (n < 0 || (size_t)n > QR_TOK_MAX_TERM_BYTES)
        return qr_err_set(err, QR_ERR_INTERNAL, "stemmer returned %d bytes",
                          n);
    if (entry != NULL && n <= CACHE_WORD_MAX) {
        entry->word_len = (uint8_t)len;
        entry->stem_len = (uint8_t)n;
        memcpy(entry->word, word, len);
        memcpy(entry->stem, stem, (size_t)n);
        entry->stem[n] = '\0';
        *stem_out = entry->stem;
        *len_out = (size_t)n;
        return QR_OK;
    }
    memcpy(stemmer->out, stem, (size_t)n);
    stemmer->out[n] = '\0';
    *stem_out = stemmer->out;
    *len_out = (size_t)n;
    return QR_OK;
}
