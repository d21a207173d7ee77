/* mailheader.h - "Key: value" headers at the top of a text file.
 *
 * PEPs, Pelican posts and Go present files start with RFC 2822-style
 * header lines, a value going on over indented lines, up to a blank line.
 * reStructuredText writes the same metadata as a field list, ":Key: value".
 * Both become fields (fields.h), mapped to the article in one place. */
#ifndef IX_MAILHEADER_H
#define IX_MAILHEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"
#include "status.h"

typedef enum ix_header_style {
    IX_HEADER_MAIL,         /* Key: value */
    IX_HEADER_FIELD_LIST    /* :Key: value (reST) */
} ix_header_style_t;

/* Parses the header of STYLE that starts TEXT[0..LEN) (blank lines before
 * it are passed over) into FIELDS. A header ends at a blank line or the end
 * of the text; when a line before that is neither a header line nor an
 * indented continuation, TEXT has no header. Values of "tags", "keywords",
 * "categories" and "topic" are split at commas; others are one value with
 * their lines joined by a space. FIRST_LINE is TEXT's 1-based line number.
 * *BODY_OUT gets the offset where the body starts: 0, and nothing added,
 * when TEXT has no header. Returns QR_ERR_NOMEM. */
qr_status_t ix_header_parse(const char *text, size_t len,
                            ix_header_style_t style, size_t first_line,
                            ix_fields_t *fields, size_t *body_out,
                            qr_err_t *err);

/* True when the line S[0..LEN) is a "Key: value" line of STYLE: a key of
 * letters, digits, '-' and '_' (spaces allowed in mail style), the colon,
 * then a space or the line's end. Cannot fail. */
bool ix_header_is_line(const char *s, size_t len, ix_header_style_t style);

#endif /* IX_MAILHEADER_H */
