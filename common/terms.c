/* terms.c - the one rule for turning a token into an indexed term. */
#include "terms.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "stopwords.h"
#include "utf8.h"

qr_status_t
qr_terms_form(qr_stemmer_t *stemmer, const qr_token_t *token,
              const char **term_out, size_t *len_out, qr_err_t *err)
{
    if (stemmer == NULL || !(token->flags & QR_TOKF_STEMMABLE) ||
        (token->flags & QR_TOKF_HAS_DIGIT)) {
        *term_out = token->term;
        *len_out = token->len;
        return QR_OK;
    }
    return qr_stem_word(stemmer, token->term, token->len, term_out, len_out,
                        err);
}

qr_status_t
qr_terms_title_key(qr_stemmer_t *stemmer, const char *text, size_t len,
                   char *key, bool *has_key_out, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    uint64_t hash = QR_HASH_INIT;
    qr_status_t st = QR_OK;

    *has_key_out = false;
    key[0] = '\0';
    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 0);
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        const char *form;
        size_t form_len;
        st = qr_terms_form(stemmer, &t, &form, &form_len, err);
        if (st != QR_OK)
            break;
        /* The NUL between forms keeps "ab c" apart from "a bc". */
        hash = qr_hash_update(hash, form, form_len + 1);
        *has_key_out = true;
    }
    if (st == QR_OK && *has_key_out)
        snprintf(key, QR_TITLE_KEY_BYTES, QR_PREFIX_TITLE_KEY "%016llx",
                 (unsigned long long)hash);
    return st;
}

void
qr_terms_id(const char *id, char *buf)
{
    uint64_t hash;
    size_t len = strlen(id), keep;
    const size_t prefix_len = sizeof QR_PREFIX_ID - 1;

    if (prefix_len + len <= QR_TERM_MAX_BYTES) {
        memcpy(buf, QR_PREFIX_ID, prefix_len);
        memcpy(buf + prefix_len, id, len + 1);
        return;
    }
    hash = qr_hash_update(QR_HASH_INIT, id, len);
    /* Room for the prefix, a '#', 16 hex digits and the terminator. */
    keep = qr_utf8_floor(id, len, QR_TERM_MAX_BYTES - prefix_len - 17);
    memcpy(buf, QR_PREFIX_ID, prefix_len);
    memcpy(buf + prefix_len, id, keep);
    snprintf(buf + prefix_len + keep, 18, "#%016llx",
             (unsigned long long)hash);
}

bool
qr_terms_is_pair_word(const qr_token_t *token, bool drops_stopwords)
{
    return !(token->flags & QR_TOKF_PART) &&
           !(drops_stopwords && qr_stop_is_stopword(token->term, token->len));
}

/* Orders two forms as bytes, a shorter one first when it is a prefix. */
static int
compare_forms(const char *a, size_t a_len, const char *b, size_t b_len)
{
    int c = memcmp(a, b, a_len < b_len ? a_len : b_len);

    if (c != 0)
        return c;
    return (a_len > b_len) - (a_len < b_len);
}

size_t
qr_terms_pair(const char *a, size_t a_len, const char *b, size_t b_len,
              char *term)
{
    const size_t prefix_len = sizeof QR_PREFIX_PAIR - 1;
    size_t len = prefix_len + a_len + 1 + b_len;
    int order = compare_forms(a, a_len, b, b_len);

    if (order == 0 || len > QR_TERM_MAX_BYTES)
        return 0;
    if (order > 0) {
        const char *first = b;
        size_t first_len = b_len;
        b = a;
        b_len = a_len;
        a = first;
        a_len = first_len;
    }
    memcpy(term, QR_PREFIX_PAIR, prefix_len);
    memcpy(term + prefix_len, a, a_len);
    term[prefix_len + a_len] = ' ';
    memcpy(term + prefix_len + a_len + 1, b, b_len);
    term[len] = '\0';
    return len;
}
