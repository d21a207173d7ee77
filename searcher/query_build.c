/* query_build.c - turn the words of a query into a query tree.
 *
 * Each word matches in the text (title and body share the unprefixed
 * field) and again in the title field, so a word in the title counts more
 * than one in the body. When the query has several words, a title that
 * holds them all as a phrase earns a bonus (through AND_MAYBE, so it only
 * reorders matches and never adds any): typing a post's title finds it. */
#include "query_build.h"

#include <string.h>

#include "terms.h"
#include "tokenizer.h"

/* Adds TERM[0..LEN) with an optional PREFIX as an OP kid of PARENT. */
static qr_status_t
add_term(qr_query_t *parent, qr_query_op_t op, const char *prefix,
         const char *term, size_t len, uint32_t pos, qr_err_t *err)
{
    char full[QR_TERM_MAX_BYTES + 1];
    size_t n_prefix = strlen(prefix);
    qr_query_t *kid;
    qr_status_t st;

    if (n_prefix + len > QR_TERM_MAX_BYTES)
        return QR_OK;   /* the tokenizer's limit leaves room: cannot happen */
    memcpy(full, prefix, n_prefix);
    memcpy(full + n_prefix, term, len);
    st = qr_query_new_term(op, full, n_prefix + len, pos, &kid, err);
    if (st == QR_OK)
        st = qr_query_add_take(parent, kid, err);
    return st;
}

/* Builds the OR of every word in text and title, and the title phrase. */
static qr_status_t
add_words(const char *text, size_t len, qr_stemmer_t *stemmer,
          qr_query_t *words, qr_query_t *title_phrase, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_status_t st = QR_OK;

    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        const char *form;
        size_t form_len;

        st = qr_terms_form(stemmer, &t, &form, &form_len, err);
        if (st == QR_OK)
            st = add_term(words, QR_Q_TERM, "", form, form_len, t.pos, err);
        if (st == QR_OK)
            st = add_term(words, QR_Q_TERM_BONUS, QR_PREFIX_TITLE, form,
                          form_len, t.pos, err);
        if (st == QR_OK)
            st = add_term(title_phrase, QR_Q_TERM, QR_PREFIX_TITLE, form,
                          form_len, t.pos, err);
    }
    return st;
}

qr_status_t
sr_query_build(const char *text, size_t len, qr_stemmer_t *stemmer,
               qr_query_t **query_out, qr_err_t *err)
{
    qr_query_t *words = NULL, *title_phrase = NULL, *root = NULL;
    qr_status_t st;

    *query_out = NULL;
    if ((st = qr_query_new(QR_Q_OR, &words, err)) != QR_OK ||
        (st = qr_query_new(QR_Q_PHRASE, &title_phrase, err)) != QR_OK ||
        (st = add_words(text, len, stemmer, words, title_phrase, err)) !=
            QR_OK) {
        goto out;
    }
    if (words->n_kids == 0) {
        st = qr_query_new(QR_Q_MATCH_NOTHING, &root, err);
        goto out;
    }
    if (title_phrase->n_kids < 2) {
        root = words;
        words = NULL;
        goto out;
    }
    if ((st = qr_query_new(QR_Q_AND_MAYBE, &root, err)) != QR_OK)
        goto out;
    st = qr_query_add_take(root, words, err);
    words = NULL;
    if (st == QR_OK)
        st = qr_query_add_take(root, title_phrase, err);
    title_phrase = NULL;
out:
    qr_query_free(words);
    qr_query_free(title_phrase);
    if (st != QR_OK) {
        qr_query_free(root);
        return st;
    }
    *query_out = root;
    return QR_OK;
}
