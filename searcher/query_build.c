/* query_build.c - turn the words of a query into a query tree. */
#include "query_build.h"

#include "terms.h"
#include "tokenizer.h"

qr_status_t
sr_query_build(const char *text, size_t len, qr_stemmer_t *stemmer,
               qr_query_t **query_out, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_query_t *root = NULL;
    qr_status_t st;

    *query_out = NULL;
    st = qr_query_new(QR_Q_OR, &root, err);
    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 1);
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        const char *form;
        size_t form_len;
        qr_query_t *term;

        st = qr_terms_form(stemmer, &t, &form, &form_len, err);
        if (st == QR_OK)
            st = qr_query_new_term(QR_Q_TERM, form, form_len, t.pos, &term,
                                   err);
        if (st == QR_OK)
            st = qr_query_add_take(root, term, err);
    }
    if (st == QR_OK && root->n_kids == 0)
        root->op = QR_Q_MATCH_NOTHING;
    if (st != QR_OK) {
        qr_query_free(root);
        return st;
    }
    *query_out = root;
    return QR_OK;
}
