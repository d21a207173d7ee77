/* query_parse.h - the query language, parsed into a query tree.
 *
 *   query   := clause*                 side by side: see query_part.h
 *   clause  := and ( "OR" and )*
 *   and     := unary ( "AND" unary )*
 *   unary   := "NOT" unary | "-" unary | atom
 *   atom    := "(" query ")" | "phrase" | field:value | word | prefix*
 *
 * Fields: title: (ranks title words), author:, tag:, site: (filters),
 * since: and until: (dates, see query_dates.h). Any text parses: what does
 * not fit the grammar is repaired (quotes and parentheses closed, a stray
 * ')' ignored, an operator without operand and an unknown field searched as
 * words) and recorded in the issues list. */
#ifndef SR_QUERY_PARSE_H
#define SR_QUERY_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "query_issues.h"
#include "query_part.h"
#include "query_words.h"
#include "status.h"

/* Deepest nesting of parentheses; deeper ones are ignored (and reported)
 * so that no input can exhaust the stack. */
enum { SR_MAX_QUERY_DEPTH = 32 };

typedef struct sr_parsed {
    sr_part_t root;            /* the whole query; query NULL when empty */
    qr_buf_t title_text;       /* the free words and phrases that are not
                                * negated, in order, separated by spaces:
                                * what a title equal to the query holds */
    qr_buf_t free_text;        /* the same of the free words alone: the
                                * neighbours that earn a bonus for standing
                                * near each other (quoted ones must) */
} sr_parsed_t;

/* Parses TEXT[0..LEN) (valid UTF-8) into *OUT, making terms with WORDS and
 * measuring ages from NOW. Reinterpretations are appended to ISSUES. On
 * QR_OK the caller releases *OUT with sr_parsed_release. Returns
 * QR_ERR_NOMEM. */
qr_status_t sr_query_parse(const char *text, size_t len, sr_words_t *words,
                           int64_t now, sr_parsed_t *out,
                           sr_issues_t *issues, qr_err_t *err);

/* Frees what *PARSED holds. Cannot fail. */
void sr_parsed_release(sr_parsed_t *parsed);

#endif /* SR_QUERY_PARSE_H */
