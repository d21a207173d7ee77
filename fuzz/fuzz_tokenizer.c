/* fuzz_tokenizer.c - the tokenizer in both modes, and the stemmed forms
 * the indexer and the searcher make of its tokens, on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "stemmer.h"
#include "terms.h"
#include "tokenizer.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static qr_stemmer_t *stemmer;
    char *text = NULL;
    size_t len, n_invalid;
    qr_err_t err;

    if (stemmer == NULL &&
        qr_stem_new_small("english", &stemmer, &err) != QR_OK)
        abort();
    /* Readers hand the tokenizer valid UTF-8, as the walk sanitizes. */
    if (qr_utf8_sanitize((const char *)data, size, &text, &len, &n_invalid,
                         &err) != QR_OK)
        return 0;
    for (int mode = 0; mode < 2; mode++) {
        qr_tokenizer_t tok;
        qr_token_t t;
        qr_tok_init(&tok, text, len,
                    mode == 0 ? QR_TOK_DOCUMENT : QR_TOK_QUERY, 1);
        while (qr_tok_next(&tok, &t)) {
            const char *form;
            size_t form_len;
            if (t.start > t.end || t.end > len)
                abort();
            if (qr_terms_form(stemmer, &t, &form, &form_len, &err) != QR_OK)
                break;
        }
    }
    free(text);
    return 0;
}
