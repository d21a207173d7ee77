/* suggest.h - "did you mean": spellings from the index's own vocabulary.
 *
 * A typed word (query_words.h) whose indexed form is absent or rare (in
 * fewer than SR_SUGGEST_RARE articles) is compared with the index's terms
 * that start with the same character: the nearest by edit distance
 * (Damerau-Levenshtein, in characters: at most one edit for words of up to
 * five characters, two for longer ones; words under three characters are
 * left alone) that indexes at least SR_SUGGEST_RATIO times as many
 * articles wins, the more frequent among equally near ones. Terms are
 * whole tokens, so "node.jss" finds "node.js" and "gtp-4o" finds "gpt-4o";
 * digits never change ("gpt-5o" gets nothing). The suggestion shows the
 * word as an article writes it (folded): the indexed form "kubernet" of
 * "kubrenetes" reads "kubernetes", taken from the first articles holding
 * it, the spelling there nearest to the word typed ("decorater" gives
 * "decorator", not "decorators"); a term they hold only as a part of
 * longer words ("postgre" of "PostgreSQL") is passed over for the next
 * nearest. Nothing is added to indexing: the cost (a scan of the terms
 * under one first character) is paid at query time, and only for rare
 * words. A misspelt first character is not found. */
#ifndef SR_SUGGEST_H
#define SR_SUGGEST_H

#include <jansson.h>
#include <stddef.h>

#include "db.h"
#include "query_words.h"
#include "status.h"
#include "stemmer.h"

/* Words indexed in fewer articles than this are checked for a better
 * spelling. */
enum { SR_SUGGEST_RARE = 3 };

/* A suggestion must index this many times as many articles as the word. */
enum { SR_SUGGEST_RATIO = 10 };

/* Most edits between a word and its suggestion. */
enum { SR_SUGGEST_MAX_EDITS = 2 };

/* Edit distance between A[0..A_LEN) and B[0..B_LEN) (UTF-8) in characters:
 * insertions, deletions, substitutions and swaps of two neighbours count
 * one each (optimal string alignment). Returns MAX + 1 when it exceeds MAX
 * (<= SR_SUGGEST_MAX_EDITS), or for texts over QR_TERM_MAX_BYTES
 * characters. Cannot fail. */
size_t sr_edit_distance(const char *a, size_t a_len, const char *b,
                        size_t b_len, size_t max);

/* Suggests better spellings for WORDS, typed in QUERY_TEXT (valid UTF-8),
 * from DB's vocabulary; STEMMER (may be NULL) is the index's. *JSON_OUT
 * gets JSON null when nothing is suggested, else {"query": QUERY_TEXT
 * with each word replaced, "corrections": [{"word", "suggestion",
 * "position"}]} (position: the word's 1-based character in the query). On
 * QR_OK the caller owns *JSON_OUT. Returns database errors, QR_ERR_NOMEM,
 * QR_ERR_ENCODING. */
qr_status_t sr_suggest_json(qr_db_t *db, qr_stemmer_t *stemmer,
                            const char *query_text,
                            const sr_typed_words_t *words, json_t **json_out,
                            qr_err_t *err);

#endif /* SR_SUGGEST_H */
