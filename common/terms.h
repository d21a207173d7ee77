/* terms.h - how quarry names things inside a Xapian database.
 *
 * Every term prefix, value slot and metadata key lives here so the indexer
 * and the searcher cannot disagree. Xapian's convention: a prefix is upper
 * case, the term after it starts lower case (or ':' if it would not).
 *
 *   (none)  body and title words, stemmed where stemmable, with positions
 *   S       title words, stemmed where stemmable, with positions
 *   A       author name words (unstemmed, folded), no positions
 *   K       a whole tag, folded ("Kmachine learning"), boolean
 *   H       host name of the article's url, boolean
 *   Q       the article's unique id, boolean
 *   Y/M/D   the date: "Y2026", "M202605", "D20260512", boolean
 *   XT      the whole title as one key (qr_terms_title_key), boolean: a
 *           query that is exactly a title finds its article cheaply
 *   XP      two neighbouring words of the title or body, as one boolean
 *           term (qr_terms_pair): a query's neighbouring words find the
 *           articles that hold them together with one posting lookup,
 *           where a NEAR would read both words' positions in each match
 *
 * Values: QR_SLOT_DATE holds the date as Xapian's sortable_serialise of UTC
 * seconds (range filters and sorting); QR_SLOT_ORIGIN a hash of the
 * article (16 hex digits) followed by the path of the file that gave it, so
 * re-reading a file rewrites only the articles that changed, and a file
 * only ever deletes articles it gave itself. QR_SLOT_WEEK holds the week of
 * a date that the article itself gives (metadata or path, not a file's
 * modification time, which says when it was copied) and the article's
 * length bucket, for ranking by recency (qr_doc_set_week). QR_SLOT_TAGS and QR_SLOT_AUTHORS hold the article's
 * tags and authors as written, joined by QR_LIST_SEPARATOR, for counting
 * them over a search's matches (facets) without reading document data.
 * Document data holds the article's JSON and its body text (article.h):
 * what the searcher prints and cuts snippets from. The JSON leaves out what
 * values hold or nobody prints, to store each thing once: the path
 * (QR_SLOT_ORIGIN), the date (QR_SLOT_DATE), tags and authors
 * (QR_SLOT_TAGS, QR_SLOT_AUTHORS), the reader's format, and date_source
 * when it is "metadata" (the default qr_article_from_json assumes for a
 * date). */
#ifndef QR_TERMS_H
#define QR_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"
#include "stemmer.h"
#include "tokenizer.h"

#define QR_PREFIX_TITLE "S"
#define QR_PREFIX_AUTHOR "A"
#define QR_PREFIX_TAG "K"
#define QR_PREFIX_HOST "H"
#define QR_PREFIX_ID "Q"
#define QR_PREFIX_YEAR "Y"
#define QR_PREFIX_MONTH "M"
#define QR_PREFIX_DAY "D"
#define QR_PREFIX_TITLE_KEY "XT"
#define QR_PREFIX_PAIR "XP"

/* QR_SLOT_ORIGIN starts with this many hex digits of hash; the source
 * file's path follows. */
enum { QR_ORIGIN_HASH_BYTES = 16 };

enum qr_slot {
    QR_SLOT_DATE = 0,
    QR_SLOT_ORIGIN = 1,  /* content hash (16 hex) + source file path */
    QR_SLOT_WEEK = 2,    /* the week of the article's own date */
    QR_SLOT_TAGS = 3,    /* tags joined by QR_LIST_SEPARATOR */
    QR_SLOT_AUTHORS = 4  /* authors joined by QR_LIST_SEPARATOR */
};

/* Joins the items of a list value. Tags and names have their white space
 * collapsed to single spaces (article.h), so they never hold a newline. */
#define QR_LIST_SEPARATOR '\n'

/* Metadata keys stored in the database. */
#define QR_META_LANGUAGE "quarry.language"
#define QR_META_SCHEMA "quarry.schema"

/* Version of the layout described above; a reader refuses other versions. */
#define QR_SCHEMA_VERSION "3"

/* Longest term including its prefix, as Xapian allows. */
enum { QR_TERM_MAX_BYTES = 245 };

/* Title and body share the unprefixed field; the body's positions start
 * this far after the title's so a phrase never spans the two. */
enum { QR_BODY_POSITION_GAP = 100 };

/* Gives the form under which TOKEN is indexed and searched: its stem when
 * the token is stemmable (letters only, see tokenizer.h), else the token
 * itself, so "c++", "gpt-4o" and "3.11" are never changed. STEMMER may be
 * NULL (no stemming). On QR_OK *TERM_OUT points to *LEN_OUT bytes, valid
 * until the next call on STEMMER or the tokenizer that made TOKEN. Returns
 * what qr_stem_word returns. */
qr_status_t qr_terms_form(qr_stemmer_t *stemmer, const qr_token_t *token,
                          const char **term_out, size_t *len_out,
                          qr_err_t *err);

enum { QR_ID_TERM_BYTES = QR_TERM_MAX_BYTES + 1 };

/* Writes the unique-id term for ID ("Q" + ID) into BUF (QR_ID_TERM_BYTES
 * long, NUL-terminated). An id too long for a term keeps its first bytes
 * (cut at a character boundary) and ends with a 64-bit hash (hash.h) of the
 * whole id in hex, so distinct long ids stay distinct. Cannot fail. */
void qr_terms_id(const char *id, char *buf);

enum { QR_TITLE_KEY_BYTES = sizeof QR_PREFIX_TITLE_KEY - 1 + 16 + 1 };

/* Writes the title key of TEXT[0..LEN) into KEY (QR_TITLE_KEY_BYTES, NUL-
 * terminated): the prefix and a hash of the sequence of its tokens' forms,
 * tokenized in query mode and stemmed with STEMMER (may be NULL) as
 * qr_terms_form does. A title and a query with the same words in the same
 * order share a key whatever their case and punctuation. *HAS_KEY_OUT is
 * false when TEXT has no token. Returns what qr_stem_word returns. */
qr_status_t qr_terms_title_key(qr_stemmer_t *stemmer, const char *text,
                               size_t len, char *key, bool *has_key_out,
                               qr_err_t *err);

/* Two words form a pair when both are wholes (not a compound's parts), not
 * stop words where the language has a list (stopwords.h), different, with
 * no other such word between them, and fewer than this many positions
 * apart: "error handling", "handling of errors" and "handling the errors"
 * all pair "error" with "handl". Indexer and searcher both follow this rule
 * (qr_terms_is_pair_word). */
enum { QR_PAIR_WINDOW = 8 };

/* True when TOKEN can be one of a pair (see QR_PAIR_WINDOW): it is not a
 * part, and not a stop word when DROPS_STOPWORDS. Cannot fail. */
bool qr_terms_is_pair_word(const qr_token_t *token, bool drops_stopwords);

enum { QR_PAIR_TERM_BYTES = QR_TERM_MAX_BYTES + 1 };

/* Writes the pair term of the forms A[0..A_LEN) and B[0..B_LEN) into TERM
 * (QR_PAIR_TERM_BYTES, NUL-terminated): the prefix, the two forms in byte
 * order and a space between (no form holds one), so "a b" and "b a" share
 * it. Returns its length, or 0 when the forms are equal or the term would
 * be too long for Xapian. Cannot fail. */
size_t qr_terms_pair(const char *a, size_t a_len, const char *b,
                     size_t b_len, char *term);

#endif /* QR_TERMS_H */
