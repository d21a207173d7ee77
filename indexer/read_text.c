/* read_text.c - a plain-text article.
 *
 * The first non-empty line is the title (an underline of '=' or '-' under
 * it is passed over). Among the next few lines, before the first blank
 * line after them, a line that is a date, perhaps after a label ("Updated
 * May 12, 2026", "Published: 2026-05-12", "Date: ..."), gives the date, and
 * "By Name" or "Author: Name" gives the author; those lines are metadata,
 * not body. The rest is the body, one block per paragraph. */
#include "reader.h"

#include <string.h>
#include <strings.h>

#include "article_fields.h"
#include "date.h"
#include "text.h"

/* How many lines after the title may hold the date or author. */
enum { MAX_META_LINES = 6, MAX_BYLINE_BYTES = 80 };

/* Labels that may stand before a date, longest first. */
static const char *const DATE_LABELS[] = {
    "last updated", "last modified", "published on", "posted on",
    "updated on", "published", "updated", "posted", "created", "written",
    "date", "on", NULL
};
static const char *const AUTHOR_LABELS[] = {
    "authors:", "author:", "written by", "by", NULL
};

typedef struct text_line {
    const char *s;
    size_t len;
    size_t line;
} text_line_t;

static bool
next_line(const ix_source_t *src, size_t *pos, text_line_t *l)
{
    const char *nl;

    if (*pos >= src->len)
        return false;
    l->s = src->data + *pos;
    nl = memchr(l->s, '\n', src->len - *pos);
    l->len = nl ? (size_t)(nl - l->s) : src->len - *pos;
    *pos += l->len + (nl != NULL);
    l->line++;
    while (l->len > 0 && (l->s[l->len - 1] == '\r' ||
                          l->s[l->len - 1] == ' ' ||
                          l->s[l->len - 1] == '\t')) {
        l->len--;
    }
    while (l->len > 0 && (l->s[0] == ' ' || l->s[0] == '\t')) {
        l->s++;
        l->len--;
    }
    return true;
}

/* The length of LABEL at the start of S (with a ':' after it), or 0. */
static size_t
label_length(const char *s, size_t len, const char *label)
{
    size_t n = strlen(label);

    if (len <= n || strncasecmp(s, label, n) != 0)
        return 0;
    if (s[n] == ':')
        return n + 1;
    return s[n] == ' ' || label[n - 1] == ':' ? n : 0;
}

static bool
is_underline(const text_line_t *l)
{
    if (l->len < 3 || (l->s[0] != '=' && l->s[0] != '-'))
        return false;
    for (size_t i = 1; i < l->len; i++) {
        if (l->s[i] != l->s[0])
            return false;
    }
    return true;
}

/* Takes L as a date or author line into FIELDS; false when it is neither. */
static bool
take_meta_line(const text_line_t *l, ix_fields_t *fields, qr_status_t *st,
               qr_err_t *err)
{
    int64_t secs;

    for (size_t k = 0; DATE_LABELS[k] != NULL; k++) {
        size_t n = label_length(l->s, l->len, DATE_LABELS[k]);
        if (n > 0 && qr_date_parse(l->s + n, l->len - n, &secs, NULL,
                                   NULL) == QR_OK) {
            *st = ix_fields_add(fields, "date", 4, l->s + n, l->len - n,
                                l->line, err);
            return true;
        }
    }
    if (qr_date_parse(l->s, l->len, &secs, NULL, NULL) == QR_OK) {
        *st = ix_fields_add(fields, "date", 4, l->s, l->len, l->line, err);
        return true;
    }
    /* A byline is short and is no sentence ("By the way, ..." is). */
    if (l->len > MAX_BYLINE_BYTES || l->s[l->len - 1] == '.') {
        return false;
    }
    for (size_t k = 0; AUTHOR_LABELS[k] != NULL; k++) {
        size_t n = label_length(l->s, l->len, AUTHOR_LABELS[k]);
        if (n > 0) {
            *st = ix_fields_add(fields, "author", 6, l->s + n, l->len - n,
                                l->line, err);
            return true;
        }
    }
    return false;
}

/* Reads the title, the date and author lines near the top into FIELDS
 * and the rest into BODY. */
static qr_status_t
read_lines(const ix_source_t *src, ix_fields_t *fields, ix_text_t *body,
           qr_err_t *err)
{
    text_line_t l = { NULL, 0, 0 };
    size_t pos = 0, n_meta = 0;
    bool has_title = false, is_in_meta = true;
    qr_status_t st = QR_OK;

    while (st == QR_OK && next_line(src, &pos, &l)) {
        if (l.len == 0) {
            is_in_meta = is_in_meta && n_meta == 0;
            ix_text_break(body);
        } else if (!has_title) {
            st = ix_fields_add(fields, "title", 5, l.s, l.len, l.line, err);
            has_title = true;
        } else if (is_in_meta && n_meta == 0 && is_underline(&l)) {
            continue;
        } else if (is_in_meta && n_meta++ < MAX_META_LINES &&
                   take_meta_line(&l, fields, &st, err)) {
            continue;
        } else {
            st = ix_text_words(body, l.s, l.len, err);
            ix_text_space(body);
        }
    }
    return st;
}

qr_status_t
ix_read_text(const ix_source_t *src, const ix_sink_t *sink, qr_err_t *err)
{
    ix_fields_t fields;
    qr_article_t a;
    ix_text_t body;
    qr_status_t st;

    ix_fields_init(&fields);
    qr_article_init(&a);
    ix_text_init(&body);
    st = read_lines(src, &fields, &body, err);
    st = ix_text_to_body(&body, st, &a, err);
    if (st == QR_OK)
        st = ix_article_send(&a, &fields, src, "text", sink, err);
    qr_article_release(&a);
    ix_fields_release(&fields);
    return st;
}
