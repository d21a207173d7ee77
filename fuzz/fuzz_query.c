/* fuzz_query.c - any text is a valid query: the parser and the tree
 * builder, as quarry-search runs them, then the tree's description. The
 * search itself is covered by tests/check_query_bounds.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "query_build.h"
#include "stemmer.h"
#include "stopwords.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static qr_stemmer_t *stemmer;
    char *text = NULL;
    size_t len, n_invalid;
    sr_words_t words;
    sr_filters_t filters = { 0 };
    sr_issues_t issues;
    qr_query_t *query = NULL;
    qr_buf_t described;
    qr_err_t err;

    if (stemmer == NULL &&
        qr_stem_new_small("english", &stemmer, &err) != QR_OK)
        abort();
    /* quarry-search refuses a query that is not UTF-8 before parsing. */
    if (qr_utf8_sanitize((const char *)data, size, &text, &len, &n_invalid,
                         &err) != QR_OK)
        return 0;
    sr_words_init(&words, stemmer, NULL, sr_stop_has_list("english"));
    sr_issues_init(&issues);
    if (sr_query_build(text, len, &words, &filters, 1764547200, &query,
                       &issues, &err) == QR_OK) {
        qr_buf_init(&described);
        if (qr_query_describe(query, &described, &err) != QR_OK)
            abort();
        qr_buf_release(&described);
    }
    qr_query_free(query);
    sr_issues_release(&issues);
    free(text);
    return 0;
}
