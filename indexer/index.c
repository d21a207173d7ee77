/* index.c - turn an article into a Xapian document and store it. */
#include "index.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "hash.h"
#include "reader.h"
#include "stopwords.h"
#include "terms.h"
#include "tokenizer.h"

/* Position of the first title word; the body follows the title's last
 * position plus QR_BODY_POSITION_GAP. */
enum { FIRST_POSITION = 1 };

/* Room for the origin value: a hash and a path. */
enum { ORIGIN_MAX = IX_HASH_HEX + 4096 };

/* The last word of the text being indexed that can start a pair. */
typedef struct pair_word {
    char form[QR_TOK_MAX_TERM_BYTES + 1];
    size_t len;            /* 0: none yet */
    uint32_t pos;
} pair_word_t;

typedef struct doc_builder {
    qr_doc_t *doc;
    qr_stemmer_t *stemmer;
    bool drops_stopwords;  /* pairs pass over the language's stop words */
    ix_index_stats_t *stats;
    char term[QR_TERM_MAX_BYTES + 1];
    pair_word_t last;
} doc_builder_t;

/* Writes PREFIX + WORD into B->term; returns its length, or 0 when it does
 * not fit (the tokenizer's limit leaves room, so this is a safety net). */
static size_t
make_term(doc_builder_t *b, const char *prefix, const char *word, size_t len)
{
    size_t n_prefix = strlen(prefix);

    if (n_prefix + len > QR_TERM_MAX_BYTES)
        return 0;
    memcpy(b->term, prefix, n_prefix);
    memcpy(b->term + n_prefix, word, len);
    b->term[n_prefix + len] = '\0';
    return n_prefix + len;
}

/* Adds the pair term (terms.h) of B->last and the word T, whose form is
 * FORM[0..LEN), when they make a pair, and makes T the last word. */
static qr_status_t
add_pair(doc_builder_t *b, const qr_token_t *t, const char *form,
         size_t len, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    if (!qr_terms_is_pair_word(t, b->drops_stopwords))
        return QR_OK;
    if (b->last.len > 0 && t->pos - b->last.pos < QR_PAIR_WINDOW) {
        size_t n = qr_terms_pair(b->last.form, b->last.len, form, len,
                                 b->term);
        /* wdf 0: a pair scores as a fixed bonus and must not lengthen the
         * article BM25 normalises by. */
        if (n > 0)
            st = qr_doc_add_term(b->doc, b->term, n, 0, err);
    }
    if (len <= QR_TOK_MAX_TERM_BYTES) {
        memcpy(b->last.form, form, len);
        b->last.len = len;
        b->last.pos = t->pos;
    }
    return st;
}

/* Indexes TEXT's tokens with positions from FIRST_POS, unprefixed and, if
 * PREFIX is not NULL, also under PREFIX, and the pairs they make;
 * *NEXT_POS_OUT gets the position after the last token. */
static qr_status_t
add_text(doc_builder_t *b, const char *text, size_t len, const char *prefix,
         uint32_t first_pos, uint32_t *next_pos_out, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_status_t st = QR_OK;

    qr_tok_init(&tok, text, len, QR_TOK_DOCUMENT, first_pos);
    b->last.len = 0;
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        const char *form;
        size_t form_len, n;

        st = qr_terms_form(b->stemmer, &t, &form, &form_len, err);
        if (st != QR_OK)
            break;
        st = qr_doc_add_posting(b->doc, form, form_len, t.pos, err);
        if (st == QR_OK && prefix != NULL &&
            (n = make_term(b, prefix, form, form_len)) > 0) {
            st = qr_doc_add_posting(b->doc, b->term, n, t.pos, err);
        }
        if (st == QR_OK)
            st = add_pair(b, &t, form, form_len, err);
    }
    b->stats->n_terms_dropped += qr_tok_n_dropped(&tok);
    if (next_pos_out != NULL)
        *next_pos_out = qr_tok_next_pos(&tok);
    return st;
}

/* Adds each token of TEXT under PREFIX with no position and wdf WDF_INC
 * (0: a filter that does not change scores), stemmed when STEMMER is not
 * NULL. */
static qr_status_t
add_words(doc_builder_t *b, const char *prefix, const char *text,
          qr_stemmer_t *stemmer, uint32_t wdf_inc, qr_err_t *err)
{
    qr_tokenizer_t tok;
    qr_token_t t;
    qr_status_t st = QR_OK;

    qr_tok_init(&tok, text, strlen(text), QR_TOK_DOCUMENT, 0);
    while (st == QR_OK && qr_tok_next(&tok, &t)) {
        const char *form;
        size_t form_len, n;

        st = qr_terms_form(stemmer, &t, &form, &form_len, err);
        if (st == QR_OK && (n = make_term(b, prefix, form, form_len)) > 0)
            st = qr_doc_add_term(b->doc, b->term, n, wdf_inc, err);
    }
    b->stats->n_terms_dropped += qr_tok_n_dropped(&tok);
    return st;
}

/* Adds PREFIX + the whole of TEXT, case-folded, as a boolean term. */
static qr_status_t
add_whole(doc_builder_t *b, const char *prefix, const char *text,
          qr_err_t *err)
{
    char folded[QR_TERM_MAX_BYTES + 1];
    size_t n = qr_tok_fold(text, strlen(text), folded,
                           QR_TERM_MAX_BYTES + 1 - strlen(prefix));

    if (n == SIZE_MAX || n == 0) {
        b->stats->n_terms_dropped++;
        return QR_OK;
    }
    n = make_term(b, prefix, folded, n);
    return n > 0 ? qr_doc_add_term(b->doc, b->term, n, 0, err) : QR_OK;
}

/* The host of an http(s) URL ("https://Blog.Example.com:443/x" gives
 * "blog.example.com") into HOST (capacity CAP); false if there is none. */
static bool
url_host(const char *url, char *host, size_t cap)
{
    const char *start = strstr(url, "://");
    size_t n = 0;

    if (start == NULL)
        return false;
    start += 3;
    while (start[n] != '\0' && strchr("/:?#", start[n]) == NULL) {
        if (n + 1 >= cap)
            return false;
        host[n] = start[n];
        n++;
    }
    host[n] = '\0';
    if (strchr(host, '@') != NULL)
        return false;
    return n > 0;
}

static qr_status_t
add_date_terms(doc_builder_t *b, int64_t secs, qr_date_source_t source,
               qr_err_t *err)
{
    char text[32];
    int64_t year;
    int month, day;
    qr_status_t st;

    qr_date_to_civil(secs, &year, &month, &day);
    snprintf(text, sizeof text, "%04d", (int)year);
    st = add_whole(b, QR_PREFIX_YEAR, text, err);
    snprintf(text, sizeof text, "%04d%02d", (int)year, month);
    if (st == QR_OK)
        st = add_whole(b, QR_PREFIX_MONTH, text, err);
    snprintf(text, sizeof text, "%04d%02d%02d", (int)year, month, day);
    if (st == QR_OK)
        st = add_whole(b, QR_PREFIX_DAY, text, err);
    if (st == QR_OK)
        st = qr_doc_set_date(b->doc, QR_SLOT_DATE, secs, err);
    /* Only a date the article gives counts for recency (see terms.h). */
    if (st == QR_OK && source != QR_DATE_SOURCE_MTIME)
        st = qr_doc_set_week(b->doc, QR_SLOT_WEEK, secs, err);
    return st;
}

/* The article's JSON as stored (the document data's first part, less what
 * terms.h says it leaves out) in a new string *DATA_OUT. */
static qr_status_t
article_data(const qr_article_t *a, char **data_out, qr_err_t *err)
{
    json_t *json = NULL;
    qr_status_t st = qr_article_to_json(a, &json, err);

    *data_out = NULL;
    if (st != QR_OK)
        return st;
    /* Kept in values, or never printed (terms.h). */
    json_object_del(json, "path");
    json_object_del(json, "format");
    json_object_del(json, "date");
    json_object_del(json, "tags");
    json_object_del(json, "authors");
    if (a->date_source == QR_DATE_SOURCE_METADATA)
        json_object_del(json, "date_source");
    *data_out = json_dumps(json, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(json);
    if (*data_out == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory serialising an "
                          "article");
    return QR_OK;
}

/* HASH updated with LIST's items, each ended by a NUL. */
static uint64_t
hash_list(uint64_t hash, const qr_strlist_t *list)
{
    for (size_t i = 0; i < list->n; i++)
        hash = qr_hash_update(hash, list->items[i],
                              strlen(list->items[i]) + 1);
    return qr_hash_update(hash, "", 1);   /* ends the list */
}

/* The origin value: a hash of everything that makes up the document (its
 * data, the fields the data leaves to values, and the body), then the
 * source path. Returns its length. */
static size_t
make_origin(const char *data, const qr_article_t *a, char *origin)
{
    uint64_t hash = qr_hash_update(QR_HASH_INIT, data, strlen(data));
    const char *path = a->path != NULL ? a->path : "";
    const char *format = a->format != NULL ? a->format : "";
    size_t n_path = strlen(path);
    int64_t date = a->date_source != QR_DATE_SOURCE_NONE ? a->date : 0;
    int source = (int)a->date_source;

    /* The terms depend on the readers' and tokenizer's rules too. */
    hash = qr_hash_update(hash, IX_READERS_VERSION,
                          sizeof IX_READERS_VERSION);
    hash = qr_hash_update(hash, format, strlen(format) + 1);
    hash = qr_hash_update(hash, &date, sizeof date);
    hash = qr_hash_update(hash, &source, sizeof source);
    hash = hash_list(hash_list(hash, &a->tags), &a->authors);
    if (a->body != NULL)
        hash = qr_hash_update(hash, a->body, a->body_len);
    snprintf(origin, IX_HASH_HEX + 1, "%016" PRIx64, hash);
    if (n_path > ORIGIN_MAX - IX_HASH_HEX)
        n_path = ORIGIN_MAX - IX_HASH_HEX;
    memcpy(origin + IX_HASH_HEX, path, n_path);
    return IX_HASH_HEX + n_path;
}

static qr_status_t
add_title_key(doc_builder_t *b, const char *title, qr_err_t *err)
{
    char key[QR_TITLE_KEY_BYTES];
    bool has_key;
    qr_status_t st = qr_terms_title_key(b->stemmer, title, strlen(title), key,
                                        &has_key, err);

    if (st == QR_OK && has_key)
        st = qr_doc_add_term(b->doc, key, strlen(key), 0, err);
    return st;
}

/* Stores LIST's items joined by QR_LIST_SEPARATOR in value SLOT (facets
 * count them); an empty list stores nothing. */
static qr_status_t
set_list_value(doc_builder_t *b, unsigned slot, const qr_strlist_t *list,
               qr_err_t *err)
{
    size_t len = 0, n = 0;
    char *joined;
    qr_status_t st;

    if (list->n == 0)
        return QR_OK;
    for (size_t i = 0; i < list->n; i++)
        len += strlen(list->items[i]) + 1;
    joined = malloc(len);
    if (joined == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory joining a list");
    for (size_t i = 0; i < list->n; i++) {
        size_t item_len = strlen(list->items[i]);
        if (i > 0)
            joined[n++] = QR_LIST_SEPARATOR;
        memcpy(joined + n, list->items[i], item_len);
        n += item_len;
    }
    st = qr_doc_set_value(b->doc, slot, joined, n, err);
    free(joined);
    return st;
}

/* Sets the document data: the article's JSON and its body (article.h). */
static qr_status_t
set_data(doc_builder_t *b, const qr_article_t *a, const char *json,
         qr_err_t *err)
{
    char *data;
    size_t len;
    qr_status_t st = qr_article_data_make(a, json, strlen(json), &data, &len,
                                          err);

    if (st == QR_OK)
        st = qr_doc_set_data(b->doc, data, len, err);
    free(data);
    return st;
}

static qr_status_t
build(doc_builder_t *b, const qr_article_t *a, const char *id_term,
      const char *data, const char *origin, size_t origin_len, qr_err_t *err)
{
    uint32_t body_pos = FIRST_POSITION;
    char host[256];
    qr_status_t st;

    st = qr_doc_add_term(b->doc, id_term, strlen(id_term), 0, err);
    if (st == QR_OK && a->title != NULL)
        st = add_title_key(b, a->title, err);
    if (st == QR_OK && a->title != NULL) {
        st = add_text(b, a->title, strlen(a->title), QR_PREFIX_TITLE,
                      FIRST_POSITION, &body_pos, err);
        body_pos += QR_BODY_POSITION_GAP;
    }
    if (st == QR_OK && a->body != NULL)
        st = add_text(b, a->body, a->body_len, NULL, body_pos, NULL, err);
    for (size_t i = 0; st == QR_OK && i < a->authors.n; i++)
        st = add_words(b, QR_PREFIX_AUTHOR, a->authors.items[i], NULL, 0,
                       err);
    for (size_t i = 0; st == QR_OK && i < a->tags.n; i++) {
        st = add_whole(b, QR_PREFIX_TAG, a->tags.items[i], err);
        /* Tag words also count as text: they name the article's topic. */
        if (st == QR_OK)
            st = add_words(b, "", a->tags.items[i], b->stemmer, 1, err);
    }
    if (st == QR_OK && a->url != NULL && url_host(a->url, host, sizeof host))
        st = add_whole(b, QR_PREFIX_HOST, host, err);
    if (st == QR_OK && a->date_source != QR_DATE_SOURCE_NONE)
        st = add_date_terms(b, a->date, a->date_source, err);
    if (st == QR_OK)
        st = qr_doc_set_value(b->doc, QR_SLOT_ORIGIN, origin, origin_len,
                              err);
    if (st == QR_OK)
        st = set_list_value(b, QR_SLOT_TAGS, &a->tags, err);
    if (st == QR_OK)
        st = set_list_value(b, QR_SLOT_AUTHORS, &a->authors, err);
    if (st == QR_OK)
        st = set_data(b, a, data, err);
    return st;
}

qr_status_t
ix_index_article(qr_db_t *db, qr_stemmer_t *stemmer, const qr_article_t *a,
                 ix_index_mode_t mode, ix_index_outcome_t *outcome_out,
                 ix_index_stats_t *stats, qr_err_t *err)
{
    char origin[ORIGIN_MAX], stored[ORIGIN_MAX];
    doc_builder_t b;
    char id_term[QR_ID_TERM_BYTES];
    size_t origin_len, stored_len = 0;
    bool is_found = false;
    char *data;
    qr_status_t st = article_data(a, &data, err);

    *outcome_out = IX_INDEX_ADDED;
    if (st != QR_OK)
        return st;
    origin_len = make_origin(data, a, origin);
    qr_terms_id(a->id, id_term);
    if (mode != IX_INDEX_APPEND)
        st = qr_db_find_value(db, id_term, QR_SLOT_ORIGIN, stored,
                              sizeof stored, &stored_len, &is_found, err);
    if (st != QR_OK || (is_found && stored_len == origin_len &&
                        memcmp(stored, origin, origin_len) == 0)) {
        *outcome_out = IX_INDEX_UNCHANGED;
        free(data);
        return st;
    }
    if (is_found) {
        bool is_same_source = stored_len >= IX_HASH_HEX &&
            stored_len - IX_HASH_HEX == origin_len - IX_HASH_HEX &&
            memcmp(stored + IX_HASH_HEX, origin + IX_HASH_HEX,
                   origin_len - IX_HASH_HEX) == 0;
        *outcome_out = is_same_source ? IX_INDEX_UPDATED
                                      : IX_INDEX_TAKEN_OVER;
        if (!is_same_source && mode == IX_INDEX_OWN) {
            *outcome_out = IX_INDEX_OTHER_SOURCE;
            free(data);
            return QR_OK;
        }
    }
    b.stemmer = stemmer;
    b.drops_stopwords = stemmer != NULL &&
                        qr_stop_has_list(qr_stem_language(stemmer));
    b.stats = stats;
    st = qr_doc_new(&b.doc, err);
    if (st == QR_OK)
        st = build(&b, a, id_term, data, origin, origin_len, err);
    if (st == QR_OK)
        st = mode == IX_INDEX_APPEND ? qr_db_add(db, b.doc, err)
                                     : qr_db_replace(db, id_term, b.doc, err);
    qr_doc_free(b.doc);
    free(data);
    return st;
}

qr_status_t
ix_index_source(qr_db_t *db, const char *id_term, char *source_out,
                bool *found_out, qr_err_t *err)
{
    char stored[ORIGIN_MAX];
    size_t stored_len = 0, n;
    qr_status_t st = qr_db_find_value(db, id_term, QR_SLOT_ORIGIN, stored,
                                      sizeof stored, &stored_len, found_out,
                                      err);

    source_out[0] = '\0';
    if (st != QR_OK || !*found_out || stored_len < IX_HASH_HEX)
        return st;
    n = stored_len - IX_HASH_HEX;
    if (n >= IX_INDEX_SOURCE_MAX)
        n = IX_INDEX_SOURCE_MAX - 1;
    memcpy(source_out, stored + IX_HASH_HEX, n);
    source_out[n] = '\0';
    return QR_OK;
}
