/* fuzz_date.c - the date parser and the search for a date in a path on any
 * text: they may refuse it, never crash or hang; a date they accept
 * formats back to ISO 8601 without overflowing its buffer. */
#include "date.h"
#include "fuzz_input.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char iso[QR_DATE_ISO_BYTES];
    int64_t secs;
    qr_date_precision_t precision;
    size_t len;
    char *text = fuzz_text(data, size, &len);
    qr_err_t err;

    if (text == NULL)
        return 0;
    if (qr_date_parse(text, len, &secs, &precision, &err) == QR_OK)
        (void)qr_date_format_iso(secs, iso);
    if (qr_date_find_in_path(text, len, &secs))
        (void)qr_date_format_iso(secs, iso);
    free(text);
    return 0;
}
