/* aliases.h - groups of spellings a query treats as one word.
 *
 * The table is filled from alias files that main.c reads (one group a line,
 * spellings separated by commas, '#' comment lines; see data/aliases.txt)
 * and keyed by each spelling's indexed form (stemmed like the index, so
 * "postgres" finds "postgres" however it is stemmed; the forms of a
 * spelling's words joined by spaces for a spelling of several words).
 * Spellings with digits or symbols are never stemmed, so "gpt-4" and
 * "gpt-4o" stay apart unless a line joins them. A group that shares a spelling with an
 * earlier group joins it, so a user file can extend the shipped one. */
#ifndef SR_ALIASES_H
#define SR_ALIASES_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"
#include "stemmer.h"
#include "terms.h"

typedef struct sr_aliases sr_aliases_t;

/* Most words of a spelling that is looked up as a whole ("large language
 * model"); longer spellings are still searched, from their group. */
enum { SR_ALIAS_MAX_WORDS = 8 };

/* A spelling of several words is keyed by its words' indexed forms joined
 * by this (no term holds a space), "larg languag model". */
#define SR_ALIAS_KEY_SEP ' '

/* Bytes of the longest key. */
enum { SR_ALIAS_KEY_MAX = SR_ALIAS_MAX_WORDS * (QR_TERM_MAX_BYTES + 1) };

/* Creates an empty table whose keys are stemmed with STEMMER (may be NULL;
 * borrowed, it must outlive the table). On QR_OK the caller owns *OUT
 * (sr_aliases_free). Returns QR_ERR_NOMEM. */
qr_status_t sr_aliases_new(qr_stemmer_t *stemmer, sr_aliases_t **out,
                           qr_err_t *err);

/* Frees ALIASES; NULL is a no-op. Cannot fail. */
void sr_aliases_free(sr_aliases_t *aliases);

/* Adds the groups in TEXT[0..LEN), an alias file's content. SOURCE names
 * it in messages. Returns QR_ERR_PARSE ("SOURCE:LINE: reason") for a line
 * with fewer than two spellings, QR_ERR_NOMEM; the table is then partly
 * filled and should be freed. */
qr_status_t sr_aliases_add_text(sr_aliases_t *aliases, const char *text,
                                size_t len, const char *source,
                                qr_err_t *err);

/* Finds the group that holds the spelling whose key is FORM[0..LEN): the
 * indexed form of a one-word spelling, or the forms of a spelling's words
 * joined by SR_ALIAS_KEY_SEP. Returns true and sets *GROUP_OUT, or returns
 * false. Cannot fail. */
bool sr_aliases_find(const sr_aliases_t *aliases, const char *form,
                     size_t len, size_t *group_out);

/* Calls VISIT(SPELLING, SPELLING_LEN, CTX) for each spelling of GROUP, in
 * the order the files gave them, and stops at the first status that is
 * not QR_OK, which it returns. SPELLING is folded text, valid during the
 * call. */
qr_status_t sr_aliases_each(const sr_aliases_t *aliases, size_t group,
                            qr_status_t (*visit)(const char *spelling,
                                                 size_t len, void *ctx),
                            void *ctx);

#endif /* SR_ALIASES_H */
