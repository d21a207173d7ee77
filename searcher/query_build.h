/* query_build.h - turn the words of a query into a query tree. */
#ifndef SR_QUERY_BUILD_H
#define SR_QUERY_BUILD_H

#include <stddef.h>

#include "query.h"
#include "status.h"
#include "stemmer.h"

/* Tokenizes TEXT[0..LEN) with the shared tokenizer in query mode, gives
 * each token its indexed form (stemmed with STEMMER, may be NULL) and ORs
 * them, so BM25 ranks documents by how many and how rare the words they
 * hold are. A text without any word gives a MATCH_NOTHING node. On QR_OK
 * the caller owns *QUERY_OUT. Returns QR_ERR_NOMEM. */
qr_status_t sr_query_build(const char *text, size_t len,
                           qr_stemmer_t *stemmer, qr_query_t **query_out,
                           qr_err_t *err);

#endif /* SR_QUERY_BUILD_H */
