/* query_filters.c - the values of author:, tag: and site: as filter terms. */
#include "query_filters.h"

#include <stdint.h>
#include <string.h>

#include "query_part.h"
#include "terms.h"
#include "tokenizer.h"

qr_status_t
sr_filter_author(const char *text, size_t len, bool is_prefix,
                 qr_query_t **out, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_query_t *all = NULL;
    qr_status_t st = qr_query_new(QR_Q_AND, &all, err);
    bool has_next;

    *out = NULL;
    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    has_next = qr_tok_next(&tok, &t);
    while (st == QR_OK && has_next) {
        char term[QR_TOK_MAX_TERM_BYTES + 1];
        size_t n = t.len;
        memcpy(term, t.term, n);   /* the look-ahead reuses T's buffer */
        has_next = qr_tok_next(&tok, &t);
        st = sr_query_add_term(all, is_prefix && !has_next ? QR_Q_WILDCARD
                                                           : QR_Q_TERM,
                               QR_PREFIX_AUTHOR, term, n, 0, err);
    }
    if (st != QR_OK || all->n_kids == 0) {
        qr_query_free(all);
        return st;
    }
    *out = sr_query_unwrap(all);
    return QR_OK;
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims blanks around TEXT[*START..*END). */
static void
trim(const char *text, size_t *start, size_t *end)
{
    while (*start < *end && is_blank(text[*start]))
        (*start)++;
    while (*end > *start && is_blank(text[*end - 1]))
        (*end)--;
}

/* Makes PREFIX + the folded TEXT[0..LEN) as an OP node (TERM or
 * WILDCARD); NULL when empty. */
static qr_status_t
whole_term(qr_query_op_t op, const char *prefix, const char *text,
           size_t len, qr_query_t **out, qr_err_t *err)
{
    char folded[QR_TERM_MAX_BYTES + 1];
    size_t n = qr_tok_fold(text, len, folded,
                           QR_TERM_MAX_BYTES + 1 - strlen(prefix));

    *out = NULL;
    if (n == 0 || n == SIZE_MAX)
        return QR_OK;   /* empty, or too long to be an indexed tag */
    return sr_query_term(op, prefix, folded, n, 0, out, err);
}

qr_status_t
sr_filter_tag(const char *text, size_t len, bool is_prefix, qr_query_t **out,
              qr_err_t *err)
{
    size_t start = 0, end = len;

    trim(text, &start, &end);
    return whole_term(is_prefix ? QR_Q_WILDCARD : QR_Q_TERM, QR_PREFIX_TAG,
                      text + start, end - start, out, err);
}

qr_status_t
sr_filter_site(const char *text, size_t len, qr_query_t **out, qr_err_t *err)
{
    char host[QR_TERM_MAX_BYTES + 1];
    const char *scheme;
    size_t start = 0, end = len, n;
    qr_query_t *either = NULL, *bare = NULL, *www = NULL;
    qr_status_t st;

    *out = NULL;
    trim(text, &start, &end);
    scheme = end - start >= 3 ? strstr(text + start, "://") : NULL;
    if (scheme != NULL && (size_t)(scheme - text) < end)
        start = (size_t)(scheme - text) + 3;
    for (n = start; n < end && strchr("/:?#", text[n]) == NULL; n++)
        ;
    end = n;
    if (end - start > 4 && strncmp(text + start, "www.", 4) == 0)
        start += 4;
    if (end - start + 4 > QR_TERM_MAX_BYTES - 1 || end == start)
        return QR_OK;
    memcpy(host, "www.", 4);
    memcpy(host + 4, text + start, end - start);
    /* Index hosts as written: match the host with and without "www.". */
    st = whole_term(QR_Q_TERM, QR_PREFIX_HOST, host + 4, end - start, &bare,
                    err);
    if (st == QR_OK)
        st = whole_term(QR_Q_TERM, QR_PREFIX_HOST, host, end - start + 4,
                        &www, err);
    if (st == QR_OK && (bare == NULL || www == NULL)) {
        *out = bare;
        bare = NULL;
    } else if (st == QR_OK) {
        st = sr_query_pair(QR_Q_OR, bare, www, &either, err);
        bare = www = NULL;
        *out = either;
    }
    qr_query_free(bare);
    qr_query_free(www);
    return st;
}
