/* rst_text.h - the words of a reStructuredText body, without its markup.
 *
 * No C library reads reStructuredText, and docutils' full grammar is not
 * needed to index words: this line-based reader drops what is markup
 * (section adornments, directive lines and their options, comments and
 * hyperlink targets, "::" markers, role names, backquotes, emphasis stars,
 * footnote references, the target half of `text <url>`_) and keeps every
 * word of the text, directive contents (notes, code) included. */
#ifndef IX_RST_TEXT_H
#define IX_RST_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"
#include "text.h"

/* Appends the text of the reStructuredText RST[0..LEN) to T. Returns
 * QR_ERR_NOMEM. */
qr_status_t ix_rst_text(const char *rst, size_t len, ix_text_t *t,
                        qr_err_t *err);

/* Finds the first section title of RST[0..LEN): a line underlined (and
 * perhaps overlined) by a run of one punctuation character at least as
 * long. On success sets *TITLE_OUT and *TITLE_LEN_OUT (into RST) and
 * *AFTER_OUT, the offset just past its underline, and returns true.
 * Cannot fail. */
bool ix_rst_find_title(const char *rst, size_t len, const char **title_out,
                       size_t *title_len_out, size_t *after_out);

#endif /* IX_RST_TEXT_H */
