/* query_issues.c - what the query parser reinterpreted, or why it gave up. */
#include "query_issues.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "grow.h"

static const char *const code_names[SR_ISSUE_CODE_COUNT] = {
    [SR_ISSUE_EMPTY_QUERY] = "empty_query",
    [SR_ISSUE_BAD_OPTION] = "bad_option",
    [SR_ISSUE_NO_TERMS] = "no_terms",
    [SR_ISSUE_UNCLOSED_QUOTE] = "unclosed_quote",
    [SR_ISSUE_UNCLOSED_PAREN] = "unclosed_parenthesis",
    [SR_ISSUE_UNMATCHED_PAREN] = "unmatched_parenthesis",
    [SR_ISSUE_UNKNOWN_FIELD] = "unknown_field",
    [SR_ISSUE_EMPTY_FIELD] = "empty_field",
    [SR_ISSUE_DANGLING_OPERATOR] = "dangling_operator",
    [SR_ISSUE_BAD_DATE] = "bad_date",
    [SR_ISSUE_TOO_DEEP] = "too_deep",
    [SR_ISSUE_TOO_LONG] = "too_long",
    [SR_ISSUE_PREFIX_IN_PHRASE] = "prefix_in_phrase",
    [SR_ISSUE_LEADING_STAR] = "leading_star",
};

void
sr_issues_init(sr_issues_t *issues)
{
    issues->items = NULL;
    issues->n = 0;
    issues->cap = 0;
}

void
sr_issues_release(sr_issues_t *issues)
{
    free(issues->items);
    sr_issues_init(issues);
}

qr_status_t
sr_issues_add(sr_issues_t *issues, sr_issue_code_t code, size_t offset,
              qr_err_t *err, const char *fmt, ...)
{
    sr_issue_t *issue;
    va_list ap;

    issue = sr_grow(issues->items, &issues->cap, issues->n, sizeof *issue, 4);
    if (issue == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory parsing a "
                          "query");
    issues->items = issue;
    issue = &issues->items[issues->n++];
    issue->code = code;
    issue->offset = offset;
    va_start(ap, fmt);
    vsnprintf(issue->message, sizeof issue->message, fmt, ap);
    va_end(ap);
    return QR_OK;
}

bool
sr_issue_is_fatal(sr_issue_code_t code)
{
    return code == SR_ISSUE_EMPTY_QUERY || code == SR_ISSUE_BAD_OPTION;
}

const char *
sr_issue_code_str(sr_issue_code_t code)
{
    if ((unsigned)code >= SR_ISSUE_CODE_COUNT)
        return "unknown";
    return code_names[code];
}

size_t
sr_issue_position(const char *text, size_t len, size_t offset)
{
    sr_text_cursor_t from_start = { 0, 0 };

    return sr_issue_position_from(text, len, offset, &from_start);
}

size_t
sr_issue_position_from(const char *text, size_t len, size_t offset,
                       sr_text_cursor_t *cursor)
{
    if (offset == SR_ISSUE_NO_OFFSET)
        return 0;
    if (offset > len)
        offset = len;
    /* Count lead bytes between the cursor and OFFSET, either way. */
    for (size_t i = cursor->offset; i < offset; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            cursor->n_chars++;
    }
    for (size_t i = offset; i < cursor->offset; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            cursor->n_chars--;
    }
    cursor->offset = offset;
    return cursor->n_chars + 1;
}
