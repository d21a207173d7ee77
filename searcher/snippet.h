/* snippet.h - the passage of an article's body that best shows a match.
 *
 * The body is cut into words by the shared tokenizer (document mode, so a
 * query for "node" finds the "node" of "node.js") and each word's indexed
 * form is compared with the query's (match_terms.h): stemmed matches count,
 * as in the search itself. What is marked is what the search matched: each
 * word the query asks for on its own, and each phrase where its words
 * stand at consecutive positions, as one mark from its first word to its
 * last ("large language model" for "llm", "error handling" quoted, the
 * parts of "wasm-bindgen" written apart). A word the query asks for only
 * inside phrases is not marked alone, so "model" in "the model was
 * trained" is not a match for "llm". The passage is the window of about
 * SR_SNIPPET_CHARS characters holding the most distinct words and phrases
 * sought (then the most matches, then the earliest), with some words of
 * context before the first; it starts at the start of a word and ends at
 * the end of one (with the punctuation that follows it), so it never
 * splits a word or a UTF-8 sequence. White space runs become one space.
 * Without a match the snippet is the body's opening. */
#ifndef SR_SNIPPET_H
#define SR_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

#include "match_terms.h"
#include "status.h"
#include "stemmer.h"

/* Length of a snippet in characters (white space runs count one). */
enum { SR_SNIPPET_CHARS = 200 };

/* Bytes of a body searched for the best passage; a match further into a
 * very long article does not choose it (the opening of most articles is
 * shorter; this bounds the time ten long hits can take). */
enum { SR_SNIPPET_SCAN_BYTES = 64 * 1024 };

/* A byte range [start, end). */
typedef struct sr_span {
    size_t start, end;
} sr_span_t;

typedef struct sr_snippet {
    char *text;          /* owned, NUL-terminated valid UTF-8 */
    size_t len;
    sr_span_t *marks;    /* owned: matched words and phrases as byte
                          * ranges of TEXT, in order and disjoint */
    size_t n_marks;
    bool is_cut_before;  /* body text precedes TEXT */
    bool is_cut_after;   /* body text follows TEXT */
} sr_snippet_t;

typedef struct sr_snippeter sr_snippeter_t;

/* Makes a snippet maker for TERMS with STEMMER (may be NULL: no stemming),
 * both borrowed for its lifetime, cutting passages of WINDOW_CHARS
 * characters (> 0). It keeps scratch buffers between calls. On QR_OK the
 * caller owns *OUT (sr_snippeter_free). Returns QR_ERR_NOMEM. */
qr_status_t sr_snippeter_new(const sr_match_terms_t *terms,
                             qr_stemmer_t *stemmer, size_t window_chars,
                             sr_snippeter_t **out, qr_err_t *err);

/* The terms S marks, as given to sr_snippeter_new. Cannot fail. */
const sr_match_terms_t *sr_snippeter_terms(const sr_snippeter_t *s);

/* Frees S; NULL is a no-op. Cannot fail. */
void sr_snippeter_free(sr_snippeter_t *s);

/* Cuts the snippet of BODY[0..LEN) (valid UTF-8) into *OUT (released by
 * sr_snippet_release, also after a failure). N_PRESENT says how many of
 * the words and phrases the terms seek the article may hold: never fewer
 * than it holds (the index tells, see sr_match_terms_n_held;
 * sr_match_terms_n_sought when unknown). Once that many were seen within
 * one window, no better window can come, and reading stops; with 0 the
 * snippet is the opening, found without looking for matches. An empty
 * body gives an empty text. Returns QR_ERR_NOMEM, or what qr_stem_word
 * returns. */
qr_status_t sr_snippet_make(sr_snippeter_t *s, const char *body, size_t len,
                            size_t n_present, sr_snippet_t *out,
                            qr_err_t *err);

/* Writes S's text with each mark wrapped in OPEN and CLOSE into a new
 * NUL-terminated string *OUT (the caller frees it). Returns QR_ERR_NOMEM. */
qr_status_t sr_snippet_marked(const sr_snippet_t *s, const char *open,
                              const char *close, char **out, qr_err_t *err);

/* Frees what S owns and zeroes it. Cannot fail. */
void sr_snippet_release(sr_snippet_t *s);

#endif /* SR_SNIPPET_H */
