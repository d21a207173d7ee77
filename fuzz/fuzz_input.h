/* fuzz_input.h - what every fuzz target starts from. */
#ifndef QR_FUZZ_INPUT_H
#define QR_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "stemmer.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* DATA[0..SIZE) as the programs pass text on: valid UTF-8 (the walk and
 * quarry-search make it so before any reader or parser sees it), in a new
 * NUL-terminated buffer (free it), its length in *LEN; NULL when out of
 * memory. */
static inline char *
fuzz_text(const uint8_t *data, size_t size, size_t *len)
{
    char *text = NULL;
    size_t n_invalid;
    qr_err_t err;

    if (qr_utf8_sanitize((const char *)data, size, &text, len, &n_invalid,
                         &err) != QR_OK)
        return NULL;
    return text;
}

/* The English stemmer, made once for the whole run. */
static inline qr_stemmer_t *
fuzz_stemmer(void)
{
    static qr_stemmer_t *stemmer;
    qr_err_t err;

    if (stemmer == NULL &&
        qr_stem_new_small("english", &stemmer, &err) != QR_OK)
        abort();
    return stemmer;
}

#endif /* QR_FUZZ_INPUT_H */
