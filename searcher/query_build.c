/* query_build.c - from the query text and the filter options to the tree
 * the index runs.
 *
 * Free words rank by BM25 over title and body, plus a title bonus per word
 * (query_words.c) and a bonus when the whole query is an article's title:
 * typing a post's title finds it. Both bonuses are fixed weights
 * (QR_Q_BONUS), not BM25, whose length normalisation by the whole article
 * would all but erase them for long posts. Filter options join the query
 * as filters, exactly like the fields in the text. */
#include "query_build.h"

#include <string.h>

#include "query_dates.h"
#include "query_filters.h"
#include "query_parse.h"
#include "terms.h"

static bool
is_blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!(text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
              text[i] == '\r' || text[i] == '\f' || text[i] == '\v'))
            return false;
    }
    return true;
}

static qr_status_t
bad_option(sr_issues_t *issues, const char *option, const char *why,
           qr_err_t *err)
{
    qr_status_t st = sr_issues_add(issues, SR_ISSUE_BAD_OPTION,
                                   SR_ISSUE_NO_OFFSET, err, "%s: %s", option,
                                   why);

    return st == QR_OK ? QR_ERR_PARSE : st;
}

static qr_status_t
add_date_option(const char *value, bool is_upper, int64_t now,
                sr_parts_t *parts, sr_issues_t *issues, qr_err_t *err)
{
    qr_err_t why;
    qr_query_t *range = NULL;
    int64_t bound;
    qr_status_t st;

    if (sr_dates_bound(value, strlen(value), is_upper, now, &bound, &why) !=
        QR_OK)
        return bad_option(issues, is_upper ? "--until" : "--since", why.msg,
                          err);
    st = qr_query_new(QR_Q_DATE_RANGE, &range, err);
    if (st != QR_OK)
        return st;
    range->slot = QR_SLOT_DATE;
    range->lo = range->hi = bound;
    range->has_lo = !is_upper;
    range->has_hi = is_upper;
    return sr_parts_add_take(parts, SR_PART_FILTER, false, range, err);
}

typedef qr_status_t (*make_filter_fn)(const char *text, size_t len,
                                      qr_query_t **out, qr_err_t *err);

/* Option values are as written: a star in one is no prefix search. */
static qr_status_t
author_option(const char *text, size_t len, qr_query_t **out, qr_err_t *err)
{
    return sr_filter_author(text, len, false, out, err);
}

static qr_status_t
tag_option(const char *text, size_t len, qr_query_t **out, qr_err_t *err)
{
    return sr_filter_tag(text, len, false, out, err);
}

/* Adds one filter piece per value (or one OR of them all when IS_ANY). */
static qr_status_t
add_value_options(const char *option, const char *const *values, size_t n,
                  make_filter_fn make, bool is_any, sr_parts_t *parts,
                  sr_issues_t *issues, qr_err_t *err)
{
    qr_query_t *any = NULL;
    qr_status_t st = QR_OK;

    if (n == 0)
        return QR_OK;
    if (is_any && (st = qr_query_new(QR_Q_OR, &any, err)) != QR_OK)
        return st;
    for (size_t i = 0; st == QR_OK && i < n; i++) {
        qr_query_t *q = NULL;
        st = make(values[i], strlen(values[i]), &q, err);
        if (st == QR_OK && q == NULL)
            st = bad_option(issues, option, "the value has no searchable "
                            "word", err);
        else if (st == QR_OK && is_any)
            st = qr_query_add_take(any, q, err);
        else if (st == QR_OK)
            st = sr_parts_add_take(parts, SR_PART_FILTER, false, q, err);
    }
    if (st == QR_OK && is_any)
        return sr_parts_add_take(parts, SR_PART_FILTER, false, any, err);
    qr_query_free(any);
    return st;
}

static qr_status_t
add_filter_options(const sr_filters_t *f, int64_t now, sr_parts_t *parts,
                   sr_issues_t *issues, qr_err_t *err)
{
    qr_status_t st = QR_OK;

    if (f->since != NULL)
        st = add_date_option(f->since, false, now, parts, issues, err);
    if (st == QR_OK && f->until != NULL)
        st = add_date_option(f->until, true, now, parts, issues, err);
    if (st == QR_OK)
        st = add_value_options("--author", f->authors, f->n_authors,
                               author_option, false, parts, issues, err);
    if (st == QR_OK)
        st = add_value_options("--tag", f->tags, f->n_tags, tag_option,
                               false, parts, issues, err);
    if (st == QR_OK)
        st = add_value_options("--site", f->sites, f->n_sites, sr_filter_site,
                               true, parts, issues, err);
    return st;
}

/* What a title equal to the query adds, in units of the idf in titles of
 * its words: a full idf each, as much as BM25 gives a word found once in
 * an average article, since typing a post's title should find it. */
static const double TITLE_MATCH_BONUS = 1.0;

/* Adds to ROOT (taken) the bonus for articles whose whole title is
 * TITLE_TEXT (two words or more): they hold the title key term
 * (qr_terms_title_key), a single posting to look up, where a phrase of
 * common words would make Xapian check the positions of most matches.
 * The bonus weighs as the idf of the words in titles. */
static qr_status_t
add_title_bonus(qr_query_t *root, sr_words_t *words, const qr_buf_t *title,
                qr_query_t **out, qr_err_t *err)
{
    char key[QR_TITLE_KEY_BYTES];
    qr_query_t *bonus = NULL, *match = NULL, *weigh = NULL;
    bool has_key = false;
    qr_status_t st = qr_query_new(QR_Q_PHRASE, &weigh, err);

    *out = NULL;
    if (st == QR_OK && title->len > 0)
        st = sr_words_add_to_title_phrase(words, title->data, title->len,
                                          weigh, err);
    if (st == QR_OK && weigh->n_kids >= 2)
        st = qr_terms_title_key(words->stemmer, title->data, title->len, key,
                                &has_key, err);
    if (st != QR_OK || !has_key) {
        qr_query_free(weigh);
        if (st != QR_OK) {
            qr_query_free(root);
            return st;
        }
        *out = root;
        return QR_OK;
    }
    st = qr_query_new_term(QR_Q_TERM, key, strlen(key), 0, &match, err);
    if (st == QR_OK)
        st = sr_query_wrap(QR_Q_BONUS, TITLE_MATCH_BONUS, match, &bonus, err);
    else
        qr_query_free(match);
    if (st == QR_OK)
        st = qr_query_add_take(bonus, weigh, err);
    else
        qr_query_free(weigh);
    if (st != QR_OK) {
        qr_query_free(bonus);
        qr_query_free(root);
        return st;
    }
    return sr_query_pair(QR_Q_AND_MAYBE, root, bonus, out, err);
}

/* What two neighbouring query words that an article holds together (a
 * pair, terms.h) add, in units of their idf: the sequential dependence of
 * Metzler and Croft (SIGIR 2005), whose unordered pairs count words within
 * a window, as a fixed weight (like the title bonuses) so that a long
 * article that holds the pair gains as much as a short one. On the tuning
 * half of the tech queries 0.5, 0.6, 0.75, 1, 1.5 and 2 gave nDCG@10
 * 0.878, 0.888, 0.892, 0.887, 0.881 and 0.878; 0.75 took Cranfield's MAP
 * (whose long questions hold many pairs) below FTS5's, 0.6 keeps it above
 * (README.md, Evaluation). The pair is one indexed term: a NEAR of the two
 * words ranks alike but reads both words' positions in every match, which
 * made 1-4 word queries five times slower at p99. */
static const double PAIR_BONUS = 0.6;

/* Adds to ROOT (taken) a bonus for each two neighbouring free words of
 * TEXT that an article holds together (sr_words_add_pairs). */
static qr_status_t
add_pair_bonuses(qr_query_t *root, sr_words_t *words, const qr_buf_t *text,
                 qr_query_t **out, qr_err_t *err)
{
    qr_query_t *pairs = NULL;
    qr_status_t st = qr_query_new(QR_Q_OR, &pairs, err);

    *out = NULL;
    if (st == QR_OK && text->len > 0)
        st = sr_words_add_pairs(words, text->data, text->len, PAIR_BONUS,
                                pairs, err);
    while (st == QR_OK && pairs->n_kids > 0) {
        /* on failure it frees ROOT and sets it NULL */
        st = sr_query_pair(QR_Q_AND_MAYBE, root,
                           pairs->kids[--pairs->n_kids], &root, err);
    }
    qr_query_free(pairs);
    if (st != QR_OK) {
        qr_query_free(root);
        return st;
    }
    *out = root;
    return QR_OK;
}

qr_status_t
sr_query_build(const char *text, size_t len, sr_words_t *words,
               const sr_filters_t *filters, int64_t now,
               qr_query_t **query_out, sr_issues_t *issues, qr_err_t *err)
{
    sr_parsed_t parsed;
    sr_parts_t parts;
    sr_part_t whole = { SR_PART_WEIGHTED, false, NULL };
    qr_query_t *root = NULL;
    qr_status_t st;

    *query_out = NULL;
    if (is_blank(text, len)) {
        st = sr_issues_add(issues, SR_ISSUE_EMPTY_QUERY, 0, err,
                           "the query is empty");
        return st == QR_OK ? QR_ERR_PARSE : st;
    }
    st = sr_query_parse(text, len, words, now, &parsed, issues, err);
    if (st != QR_OK)
        return st;
    sr_parts_init(&parts);
    if (parsed.root.query == NULL)
        st = sr_issues_add(issues, SR_ISSUE_NO_TERMS, 0, err, "the query "
                           "has no searchable word");
    else
        st = sr_parts_add_take(&parts, parsed.root.kind, false,
                               parsed.root.query, err);
    parsed.root.query = NULL;
    if (st == QR_OK)
        st = add_filter_options(filters, now, &parts, issues, err);
    st = sr_parts_finish(&parts, st, SR_JOIN_SIDE_BY_SIDE, &whole, err);
    if (st == QR_OK)
        st = sr_part_detach(&whole, &root, err);
    if (st == QR_OK && whole.kind == SR_PART_WEIGHTED) {
        st = add_title_bonus(root, words, &parsed.title_text, &root, err);
        if (st == QR_OK)
            st = add_pair_bonuses(root, words, &parsed.free_text, &root,
                                  err);
    }
    qr_query_free(whole.query);
    sr_parsed_release(&parsed);
    if (st != QR_OK) {
        qr_query_free(root);
        return st;
    }
    *query_out = root;
    return QR_OK;
}

qr_status_t
sr_query_filter_take(qr_query_t *ranking, qr_query_t *extra,
                     const sr_filters_t *filters, int64_t now,
                     qr_query_t **query_out, sr_issues_t *issues,
                     qr_err_t *err)
{
    sr_parts_t parts;
    sr_part_t whole = { SR_PART_WEIGHTED, false, NULL };
    qr_status_t st;

    *query_out = NULL;
    sr_parts_init(&parts);
    st = sr_parts_add_take(&parts, SR_PART_WEIGHTED, false, ranking, err);
    if (extra != NULL && st == QR_OK)
        st = sr_parts_add_take(&parts, SR_PART_FILTER, false, extra, err);
    else
        qr_query_free(extra);
    if (st == QR_OK)
        st = add_filter_options(filters, now, &parts, issues, err);
    st = sr_parts_finish(&parts, st, SR_JOIN_SIDE_BY_SIDE, &whole, err);
    if (st == QR_OK)
        st = sr_part_detach(&whole, query_out, err);
    qr_query_free(whole.query);
    return st;
}
