/* charset.h - HTML pages in a charset other than UTF-8, made UTF-8.
 *
 * Text is UTF-8 from ingest on; a page that declares another charset (a
 * byte order mark, <meta charset> or <meta http-equiv="Content-Type">)
 * and is not valid UTF-8 is converted first. libxml2's HTML parser finds
 * the declaration, as it would when parsing the page; iconv converts. */
#ifndef IX_CHARSET_H
#define IX_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

enum { IX_CHARSET_NAME_MAX = 64 };

/* Finds the charset the HTML page RAW[0..LEN) is in, when it is not
 * UTF-8: a UTF-16 byte order mark, else, for bytes that are not valid
 * UTF-8, the charset its <meta> declares (labels of Latin-1 and ASCII
 * read as windows-1252, as browsers do). Writes the name into NAME
 * (IX_CHARSET_NAME_MAX bytes) and returns true; false when the page is
 * UTF-8 or declares nothing else (UTF-8 is the default). Cannot fail. */
bool ix_charset_of_html(const char *raw, size_t len, char *name);

/* Converts RAW[0..LEN) from CHARSET to UTF-8 in a new NUL-terminated
 * buffer: on QR_OK the caller frees *OUT, *LEN_OUT excludes the NUL, and
 * *N_INVALID_OUT counts input sequences CHARSET does not define, each
 * replaced by U+FFFD. Returns QR_ERR_ENCODING when CHARSET is unknown,
 * QR_ERR_NOMEM. */
qr_status_t ix_charset_to_utf8(const char *charset, const char *raw,
                               size_t len, char **out, size_t *len_out,
                               size_t *n_invalid_out, qr_err_t *err);

#endif /* IX_CHARSET_H */
