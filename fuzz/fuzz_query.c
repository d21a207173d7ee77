/* fuzz_query.c - any text is a valid query: the parser and the tree
 * builder, as quarry-search runs them, then the tree's description. The
 * search itself is covered by tests/check_query_bounds.c. */
#include "buf.h"
#include "fuzz_input.h"
#include "query_build.h"
#include "stopwords.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    char *text = fuzz_text(data, size, &len);
    sr_words_t words;
    sr_filters_t filters = { 0 };
    sr_issues_t issues;
    qr_query_t *query = NULL;
    qr_buf_t described;
    qr_err_t err;

    if (text == NULL)
        return 0;
    sr_words_init(&words, fuzz_stemmer(), NULL, qr_stop_has_list("english"));
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
