/* query_issues.h - what the query parser reinterpreted, or why it gave up.
 *
 * Any text is a valid query: where the text is malformed (an unclosed
 * quote, an unknown field) the parser repairs it and records an issue, so
 * the output can list warnings and --strict can refuse the query instead. */
#ifndef SR_QUERY_ISSUES_H
#define SR_QUERY_ISSUES_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef enum sr_issue_code {
    SR_ISSUE_EMPTY_QUERY,        /* nothing but spaces: always an error */
    SR_ISSUE_BAD_OPTION,         /* a filter option's value: always an error */
    SR_ISSUE_NO_TERMS,           /* no searchable word: nothing matches */
    SR_ISSUE_UNCLOSED_QUOTE,     /* closed at the end of the query */
    SR_ISSUE_UNCLOSED_PAREN,     /* closed at the end of the query */
    SR_ISSUE_UNMATCHED_PAREN,    /* a ')' without '(': ignored */
    SR_ISSUE_UNKNOWN_FIELD,      /* name:value searched as words */
    SR_ISSUE_EMPTY_FIELD,        /* a field without a value: a word */
    SR_ISSUE_DANGLING_OPERATOR,  /* AND/OR/NOT without operand: a word;
                                  * a '-' with nothing to leave out:
                                  * ignored */
    SR_ISSUE_BAD_DATE,           /* since:/until: value searched as words */
    SR_ISSUE_TOO_DEEP,           /* parentheses nested too deep: ignored */
    SR_ISSUE_TOO_LONG,           /* words past the limit: ignored */
    SR_ISSUE_PREFIX_IN_PHRASE,   /* "kube* x": the word is searched */
    SR_ISSUE_LEADING_STAR,       /* "*script": no suffix search; the word
                                  * is searched */
    SR_ISSUE_CODE_COUNT
} sr_issue_code_t;

/* Bytes kept of an issue's message. */
enum { SR_ISSUE_MSG_MAX = 240 };

/* Offset of an issue that is not about the query text (an option). */
#define SR_ISSUE_NO_OFFSET ((size_t)-1)

typedef struct sr_issue {
    sr_issue_code_t code;
    size_t offset;                   /* byte offset in the query text */
    char message[SR_ISSUE_MSG_MAX];
} sr_issue_t;

typedef struct sr_issues {
    sr_issue_t *items;
    size_t n;
    size_t cap;
} sr_issues_t;

/* Prepares ISSUES as empty. Cannot fail. */
void sr_issues_init(sr_issues_t *issues);

/* Frees ISSUES' storage. Cannot fail. */
void sr_issues_release(sr_issues_t *issues);

/* Records an issue with a printf-formatted message (truncated to fit) at
 * byte OFFSET (or SR_ISSUE_NO_OFFSET). Returns QR_ERR_NOMEM. */
qr_status_t sr_issues_add(sr_issues_t *issues, sr_issue_code_t code,
                          size_t offset, qr_err_t *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* True for the codes that are errors even without --strict. Cannot fail. */
bool sr_issue_is_fatal(sr_issue_code_t code);

/* The code's stable name in JSON ("unclosed_quote", ...). Cannot fail. */
const char *sr_issue_code_str(sr_issue_code_t code);

/* The 1-based character position of byte OFFSET in TEXT[0..LEN) (UTF-8),
 * as people count columns; 0 for SR_ISSUE_NO_OFFSET. Cannot fail. */
size_t sr_issue_position(const char *text, size_t len, size_t offset);

/* Where sr_issue_position_from last counted to. */
typedef struct sr_text_cursor {
    size_t offset;     /* a byte offset that starts a character */
    size_t n_chars;    /* characters before it */
} sr_text_cursor_t;

/* sr_issue_position, counting from CURSOR (which starts zeroed) to
 * OFFSET, either way, and moving CURSOR there: issues come about in query
 * order, so one issue per operator of a long query costs about a byte
 * each, where counting from the start each time was quadratic (100 KB of
 * ')' took 9 s). OFFSET must start a character. Cannot fail. */
size_t sr_issue_position_from(const char *text, size_t len, size_t offset,
                              sr_text_cursor_t *cursor);

#endif /* SR_QUERY_ISSUES_H */
