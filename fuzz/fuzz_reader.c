/* fuzz_reader.c - one article reader (FUZZ_READER, chosen at build time)
 * on any text: it may report problems, never crash, hang or leak. */
#include "fuzz_input.h"
#include "reader.h"

static qr_status_t
take_article(void *ctx, const qr_article_t *article, qr_err_t *err)
{
    (void)ctx;
    (void)article;
    (void)err;
    return QR_OK;
}

static void
take_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    (void)ctx;
    (void)path;
    (void)line;
    (void)is_failure;
    (void)msg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ix_sink_t sink = { take_article, take_problem, NULL, NULL, NULL };
    ix_source_t src;
    size_t len;
    char *text = fuzz_text(data, size, &len);
    qr_err_t err;

    if (text == NULL)
        return 0;
    src.path = FUZZ_PATH;
    src.data = text;
    src.len = len;
    src.mtime = 1764547200;
    (void)FUZZ_READER(&src, &sink, &err);
    free(text);
    return 0;
}
