/* stopwords.c - words too common to help rank (stopwords.h).
 *
 * The list is generated at build time from data/stopwords-english.txt (see
 * CMakeLists.txt), so the evaluation script and the program read the same
 * words. */
#include "stopwords.h"

#include <stdlib.h>
#include <string.h>

#include "stopwords_english.inc"   /* static const char *const ENGLISH[] */

bool
qr_stop_has_list(const char *language)
{
    return strcmp(language, "english") == 0 || strcmp(language, "en") == 0 ||
           strcmp(language, "eng") == 0;
}

typedef struct key {
    const char *word;
    size_t len;
} stop_key_t;

static int
compare_key(const void *k, const void *item)
{
    const stop_key_t *key = k;
    const char *word = *(const char *const *)item;
    int c = strncmp(key->word, word, key->len);

    if (c != 0)
        return c;
    return word[key->len] == '\0' ? 0 : -1;
}

bool
qr_stop_is_stopword(const char *word, size_t len)
{
    stop_key_t key = { word, len };

    return bsearch(&key, ENGLISH, sizeof ENGLISH / sizeof ENGLISH[0],
                   sizeof ENGLISH[0], compare_key) != NULL;
}

const char *const *
qr_stop_list(size_t *n_out)
{
    *n_out = sizeof ENGLISH / sizeof ENGLISH[0];
    return ENGLISH;
}
