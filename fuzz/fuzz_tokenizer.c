/* fuzz_tokenizer.c - the tokenizer in both modes, and the stemmed forms
 * the indexer and the searcher make of its tokens, on any bytes. */
#include "fuzz_input.h"
#include "terms.h"
#include "tokenizer.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qr_stemmer_t *stemmer = fuzz_stemmer();
    size_t len;
    char *text = fuzz_text(data, size, &len);
    qr_err_t err;

    if (text == NULL)
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
