/* aliases.c - groups of spellings a query treats as one word.
 *
 * Groups are merged with a small union-find, so a line that shares a
 * spelling with an earlier group joins it. Tables are small (a few hundred
 * spellings), so lookups scan them. */
#include "aliases.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "terms.h"
#include "tokenizer.h"

typedef struct spelling {
    char *text;        /* as written, trimmed, NUL-terminated */
    size_t len;
    char *form;        /* its key (key_of), or NULL when too long */
    size_t form_len;
    size_t group;
} spelling_t;

struct sr_aliases {
    qr_stemmer_t *stemmer;
    spelling_t *spellings;
    size_t n_spellings, cap_spellings;
    size_t *parent;    /* union-find over group numbers */
    size_t n_groups, cap_groups;
};

qr_status_t
sr_aliases_new(qr_stemmer_t *stemmer, sr_aliases_t **out, qr_err_t *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory loading "
                          "aliases");
    (*out)->stemmer = stemmer;
    return QR_OK;
}

void
sr_aliases_free(sr_aliases_t *aliases)
{
    if (aliases == NULL)
        return;
    for (size_t i = 0; i < aliases->n_spellings; i++) {
        free(aliases->spellings[i].text);
        free(aliases->spellings[i].form);
    }
    free(aliases->spellings);
    free(aliases->parent);
    free(aliases);
}

static size_t
root_of(const sr_aliases_t *aliases, size_t group)
{
    while (aliases->parent[group] != group)
        group = aliases->parent[group];
    return group;
}

static char *
copy_bytes(const char *s, size_t len)
{
    char *copy = malloc(len + 1);

    if (copy != NULL) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

/* Looks up the spelling whose key is FORM; returns its index or SIZE_MAX. */
static size_t
find_form(const sr_aliases_t *aliases, const char *form, size_t len)
{
    for (size_t i = 0; i < aliases->n_spellings; i++) {
        const spelling_t *s = &aliases->spellings[i];
        if (s->form != NULL && s->form_len == len &&
            memcmp(s->form, form, len) == 0) {
            return i;
        }
    }
    return SIZE_MAX;
}

bool
sr_aliases_find(const sr_aliases_t *aliases, const char *form, size_t len,
                size_t *group_out)
{
    size_t i = find_form(aliases, form, len);

    if (i == SIZE_MAX)
        return false;
    *group_out = root_of(aliases, aliases->spellings[i].group);
    return true;
}

qr_status_t
sr_aliases_each(const sr_aliases_t *aliases, size_t group,
                qr_status_t (*visit)(const char *spelling, size_t len,
                                     void *ctx),
                void *ctx)
{
    qr_status_t st = QR_OK;

    for (size_t i = 0; st == QR_OK && i < aliases->n_spellings; i++) {
        const spelling_t *s = &aliases->spellings[i];
        if (root_of(aliases, s->group) == group)
            st = visit(s->text, s->len, ctx);
    }
    return st;
}

/* Gives the key of TEXT[0..LEN) into *FORM_OUT (a new string): the
 * indexed forms of its words joined by single spaces (SR_ALIAS_KEY_SEP),
 * at most SR_ALIAS_MAX_WORDS of them, or NULL for a spelling with none or
 * more; *N_WORDS_OUT counts its words. */
static qr_status_t
key_of(sr_aliases_t *aliases, const char *text, size_t len,
       char **form_out, size_t *form_len_out, size_t *n_words_out,
       qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    char key[SR_ALIAS_KEY_MAX];
    const char *form = NULL;
    size_t form_len = 0, n_words = 0, key_len = 0;
    qr_status_t st = QR_OK;

    *form_out = NULL;
    qr_tok_init(&tok, text, len, QR_TOK_QUERY, 0);
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        if (++n_words > SR_ALIAS_MAX_WORDS)
            continue;
        st = qr_terms_form(aliases->stemmer, &t, &form, &form_len, err);
        if (st == QR_OK && n_words > 1)
            key[key_len++] = SR_ALIAS_KEY_SEP;
        if (st == QR_OK) {
            memcpy(key + key_len, form, form_len);
            key_len += form_len;
        }
    }
    *n_words_out = n_words;
    if (st != QR_OK || n_words == 0 || n_words > SR_ALIAS_MAX_WORDS)
        return st;
    *form_out = copy_bytes(key, key_len);
    *form_len_out = key_len;
    if (*form_out == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory loading "
                          "aliases");
    return QR_OK;
}

static qr_status_t
new_group(sr_aliases_t *aliases, size_t *group_out, qr_err_t *err)
{
    size_t *parent = sr_grow(aliases->parent, &aliases->cap_groups,
                             aliases->n_groups, sizeof *parent, 16);

    if (parent == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory loading "
                          "aliases");
    aliases->parent = parent;
    *group_out = aliases->n_groups;
    aliases->parent[aliases->n_groups] = aliases->n_groups;
    aliases->n_groups++;
    return QR_OK;
}

/* Adds the spelling TEXT[0..LEN) to GROUP, or joins GROUP to the group
 * that already has its key. Takes FORM (may be NULL). */
static qr_status_t
add_spelling(sr_aliases_t *aliases, size_t group, const char *text,
             size_t len, char *form, size_t form_len, qr_err_t *err)
{
    size_t known = form ? find_form(aliases, form, form_len) : SIZE_MAX;
    spelling_t *s;

    if (known != SIZE_MAX) {
        aliases->parent[root_of(aliases, aliases->spellings[known].group)] =
            root_of(aliases, group);
        free(form);
        return QR_OK;
    }
    s = sr_grow(aliases->spellings, &aliases->cap_spellings,
                aliases->n_spellings, sizeof *s, 32);
    if (s == NULL) {
        free(form);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory loading "
                          "aliases");
    }
    aliases->spellings = s;
    s = &aliases->spellings[aliases->n_spellings];
    s->text = copy_bytes(text, len);
    if (s->text == NULL) {
        free(form);
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory loading "
                          "aliases");
    }
    s->len = len;
    s->form = form;
    s->form_len = form_len;
    s->group = group;
    aliases->n_spellings++;
    return QR_OK;
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Adds the group on LINE[0..LEN) (not a comment, not blank). */
static qr_status_t
add_line(sr_aliases_t *aliases, const char *line, size_t len,
         const char *source, size_t line_no, qr_err_t *err)
{
    size_t group = 0, start = 0, n_spellings = 0;
    qr_status_t st = new_group(aliases, &group, err);

    for (size_t i = 0; st == QR_OK && i <= len; i++) {
        size_t a, b, n_words, form_len = 0;
        char *form;

        if (i < len && line[i] != ',')
            continue;
        for (a = start; a < i && is_blank(line[a]); a++)
            ;
        for (b = i; b > a && is_blank(line[b - 1]); b--)
            ;
        start = i + 1;
        st = key_of(aliases, line + a, b - a, &form, &form_len, &n_words,
                    err);
        if (st == QR_OK && n_words > 0) {
            n_spellings++;
            st = add_spelling(aliases, group, line + a, b - a, form,
                              form_len, err);
        } else {
            free(form);
        }
    }
    if (st == QR_OK && n_spellings < 2)
        return qr_err_set(err, QR_ERR_PARSE, "%s:%zu: an alias line needs "
                          "two or more spellings separated by commas",
                          source, line_no);
    return st;
}

qr_status_t
sr_aliases_add_text(sr_aliases_t *aliases, const char *text, size_t len,
                    const char *source, qr_err_t *err)
{
    size_t line_no = 0, start = 0;
    qr_status_t st = QR_OK;

    while (st == QR_OK && start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len, first = start;

        line_no++;
        while (first < end && is_blank(text[first]))
            first++;
        if (first < end && text[first] != '#')
            st = add_line(aliases, text + first, end - first, source, line_no,
                          err);
        start = end + 1;
    }
    return st;
}
