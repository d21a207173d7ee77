/* text.h - build the plain text of an article body from marked-up pieces.
 *
 * Every markup reader (Markdown, HTML, reStructuredText) emits words,
 * code and block ends here, so bodies come out alike: runs of white space
 * in prose become one space, code keeps its lines, and blocks are
 * separated by one newline. */
#ifndef IX_TEXT_H
#define IX_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "buf.h"
#include "status.h"

typedef struct ix_text {
    qr_buf_t buf;         /* the text so far (buf.data may be NULL) */
    bool want_space;      /* a word boundary is pending */
    bool want_break;      /* a block end is pending */
} ix_text_t;

/* Prepares T as empty. Cannot fail. */
void ix_text_init(ix_text_t *t);

/* Frees T's text. Cannot fail. */
void ix_text_release(ix_text_t *t);

/* Appends prose S[0..LEN): white-space runs collapse to one space.
 * Returns QR_ERR_NOMEM. */
qr_status_t ix_text_words(ix_text_t *t, const char *s, size_t len,
                          qr_err_t *err);

/* Appends code S[0..LEN) exactly as it is. Returns QR_ERR_NOMEM. */
qr_status_t ix_text_verbatim(ix_text_t *t, const char *s, size_t len,
                             qr_err_t *err);

/* Ends a word: the next text is separated by a space. Cannot fail. */
void ix_text_space(ix_text_t *t);

/* Ends a block: the next text starts on a new line. Cannot fail. */
void ix_text_break(ix_text_t *t);

/* The text so far (never NULL, "" when empty) and its length. Valid until
 * the next call on T. Cannot fail. */
const char *ix_text_get(const ix_text_t *t, size_t *len_out);

/* Ends a reader's text: when ST (the status of building T) is QR_OK, A's
 * body becomes T's text. Releases T either way. Returns ST, or
 * QR_ERR_NOMEM. */
qr_status_t ix_text_to_body(ix_text_t *t, qr_status_t st, qr_article_t *a,
                            qr_err_t *err);

#endif /* IX_TEXT_H */
