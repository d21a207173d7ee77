/* authors.h - authors' names from the many ways archives write them. */
#ifndef IX_AUTHORS_H
#define IX_AUTHORS_H

#include <stddef.h>

#include "article.h"
#include "status.h"

/* Adds the authors named in S[0..LEN) (UTF-8) to LIST, skipping ones
 * already there:
 *  - "A, B, and C", "A and B", "A & B" and "A; B" name several people;
 *  - e-mail addresses and URLs ("<a@b.org>", "(a@b.org)", a bare
 *    "a@b.org") are dropped, so "a@b.org (Name)" gives Name;
 *  - qualifiers are cut: "Russ Cox, for the Go team" and "A on behalf of
 *    the lang team" give the person, "updated by B" gives B, and parts
 *    that are dates ("July 2011") or "contributors", "others", "et al."
 *    are no names.
 * Returns QR_ERR_NOMEM. */
qr_status_t ix_authors_add(qr_strlist_t *list, const char *s, size_t len,
                           qr_err_t *err);

#endif /* IX_AUTHORS_H */
