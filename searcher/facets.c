/* facets.c - counts of a search's matches by tag, author, year and month. */
#include "facets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "options.h"
#include "terms.h"
#include "tokenizer.h"

/* A value and its count; KEY (owned) groups spellings of one tag. */
typedef struct bucket {
    char *key;
    const char *value;    /* the spelling shown, borrowed from the facets */
    size_t len;
    uint64_t count;
} bucket_t;

static void
free_buckets(bucket_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(b[i].key);
    free(b);
}

static int
compare_key_then_count(const void *pa, const void *pb)
{
    const bucket_t *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);

    if (c != 0)
        return c;
    return a->count > b->count ? -1 : a->count < b->count;
}

static int
compare_count_then_value(const void *pa, const void *pb)
{
    const bucket_t *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c;

    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    c = memcmp(a->value, b->value, n);
    return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

/* The list values of spec SPEC as buckets keyed by their folded form when
 * IS_FOLDED (else as written), merged, most frequent first. */
static qr_status_t
list_buckets(const qr_facets_t *f, size_t spec, bool is_folded,
             bucket_t **out, size_t *n_out, qr_err_t *err)
{
    size_t n = qr_facets_size(f, spec), kept = 0;
    bucket_t *b = calloc(n > 0 ? n : 1, sizeof *b);

    *out = NULL;
    *n_out = 0;
    if (b == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory counting facets");
    for (size_t i = 0; i < n; i++) {
        qr_facet_value_t v = qr_facets_value(f, spec, i);
        size_t cap = v.len * 3 + 16, len = SIZE_MAX;
        b[i].key = malloc(cap);
        if (b[i].key == NULL) {
            free_buckets(b, n);
            return qr_err_set(err, QR_ERR_NOMEM, "out of memory counting "
                              "facets");
        }
        if (is_folded)
            len = qr_tok_fold(v.value, v.len, b[i].key, cap);
        if (len == SIZE_MAX) {   /* not folded, or no room: as written */
            memcpy(b[i].key, v.value, v.len);
            b[i].key[v.len] = '\0';
        }
        b[i].value = v.value;
        b[i].len = v.len;
        b[i].count = v.count;
    }
    /* Spellings of one key: the most frequent shows, the counts add up. */
    qsort(b, n, sizeof *b, compare_key_then_count);
    for (size_t i = 0; i < n; i++) {
        if (kept > 0 && strcmp(b[kept - 1].key, b[i].key) == 0) {
            b[kept - 1].count += b[i].count;
            free(b[i].key);
            continue;
        }
        b[kept++] = b[i];
    }
    qsort(b, kept, sizeof *b, compare_count_then_value);
    *out = b;
    *n_out = kept;
    return QR_OK;
}

static json_t *
value_json(const char *value, size_t len, uint64_t count)
{
    return json_pack("{s:s%, s:I}", "value", value, len, "count",
                     (json_int_t)count);
}

/* {"distinct": N, "values": [...]} from the first SIZE of B[0..N). */
static json_t *
facet_json(const bucket_t *b, size_t n, size_t size)
{
    json_t *values = json_array();

    for (size_t i = 0; values != NULL && i < n && i < size; i++) {
        if (json_array_append_new(values, value_json(b[i].value, b[i].len,
                                                     b[i].count)) != 0) {
            json_decref(values);
            return NULL;
        }
    }
    return json_pack("{s:I, s:o}", "distinct", (json_int_t)n, "values",
                     values);
}

static qr_status_t
add_list_facet(json_t *root, const char *name, const qr_facets_t *f,
               size_t spec, bool is_folded, uint32_t size, qr_err_t *err)
{
    bucket_t *b;
    size_t n;
    qr_status_t st = list_buckets(f, spec, is_folded, &b, &n, err);

    if (st != QR_OK)
        return st;
    if (json_object_set_new(root, name, facet_json(b, n, size)) != 0)
        st = qr_err_set(err, QR_ERR_ENCODING, "a %s is not valid UTF-8",
                        name);
    free_buckets(b, n);
    return st;
}

/* Period of a day: years count 1, months 12 a year. */
static int64_t
period_of(int64_t day, bool is_month)
{
    int64_t year;
    int month;

    qr_date_to_civil(day * 86400, &year, &month, NULL);
    return is_month ? year * 12 + (month - 1) : year;
}

static json_t *
period_json(int64_t period, bool is_month, uint64_t count)
{
    char name[32];

    if (is_month)
        snprintf(name, sizeof name, "%04lld-%02d",
                 (long long)(period / 12 - (period % 12 < 0)),
                 (int)((period % 12 + 12) % 12) + 1);
    else
        snprintf(name, sizeof name, "%04lld", (long long)period);
    return value_json(name, strlen(name), count);
}

/* Appends the JSON of PERIOD with COUNT to VALUES; false on failure. */
static bool
append_period(json_t *values, int64_t period, bool is_month, uint64_t count)
{
    return json_array_append_new(values,
                                 period_json(period, is_month, count)) == 0;
}

/* The timeline of spec SPEC by year or month. Days come in order, so
 * periods do too. */
static json_t *
timeline_json(const qr_facets_t *f, size_t spec, bool is_month)
{
    size_t n = qr_facets_size(f, spec), distinct = 0;
    json_t *values = json_array();
    int64_t first = 0, last = 0, at, cur = 0;
    uint64_t count = 0;
    bool is_filled, is_ok = values != NULL;

    if (n > 0) {
        first = period_of(qr_facets_value(f, spec, 0).day, is_month);
        last = period_of(qr_facets_value(f, spec, n - 1).day, is_month);
    }
    is_filled = last - first < SR_FACETS_MAX_PERIODS;
    at = first;
    for (size_t i = 0; is_ok && i <= n; i++) {
        /* One step past the end closes the last period. */
        uint64_t c = i < n ? qr_facets_value(f, spec, i).count : 0;
        int64_t p = i < n ? period_of(qr_facets_value(f, spec, i).day,
                                      is_month)
                          : last + 1;
        if (i > 0 && p != cur) {
            for (; is_ok && is_filled && at < cur; at++)
                is_ok = append_period(values, at, is_month, 0);
            is_ok = is_ok && append_period(values, cur, is_month, count);
            distinct++;
            at = cur + 1;
            count = 0;
        }
        cur = p;
        count += c;
    }
    if (!is_ok) {
        json_decref(values);
        return NULL;
    }
    return json_pack("{s:I, s:o}", "distinct", (json_int_t)distinct,
                     "values", values);
}

qr_status_t
sr_facets_json(qr_db_t *db, const qr_query_t *query, unsigned facets,
               uint32_t size, json_t **json_out, uint64_t *matches_out,
               qr_err_t *err)
{
    qr_facet_spec_t specs[3];
    size_t n = 0, tag = SIZE_MAX, author = SIZE_MAX, day = SIZE_MAX;
    qr_facets_t *f = NULL;
    json_t *root = json_object();
    qr_status_t st;

    *json_out = NULL;
    *matches_out = 0;
    if (facets & SR_FACET_TAG) {
        tag = n;
        specs[n++] = (qr_facet_spec_t){ QR_FACET_LIST, QR_SLOT_TAGS,
                                        QR_LIST_SEPARATOR };
    }
    if (facets & SR_FACET_AUTHOR) {
        author = n;
        specs[n++] = (qr_facet_spec_t){ QR_FACET_LIST, QR_SLOT_AUTHORS,
                                        QR_LIST_SEPARATOR };
    }
    if (facets & (SR_FACET_YEAR | SR_FACET_MONTH)) {
        day = n;
        specs[n++] = (qr_facet_spec_t){ QR_FACET_DAY, QR_SLOT_DATE, 0 };
    }
    if (root == NULL) {
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory counting facets");
        goto out;
    }
    st = qr_db_facets(db, query, specs, n, &f, err);
    if (st == QR_OK && tag != SIZE_MAX)
        st = add_list_facet(root, "tag", f, tag, true, size, err);
    if (st == QR_OK && author != SIZE_MAX)
        st = add_list_facet(root, "author", f, author, false, size, err);
    if (st == QR_OK && (facets & SR_FACET_YEAR) &&
        json_object_set_new(root, "year", timeline_json(f, day, false)) != 0)
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory counting facets");
    if (st == QR_OK && (facets & SR_FACET_MONTH) &&
        json_object_set_new(root, "month", timeline_json(f, day, true)) != 0)
        st = qr_err_set(err, QR_ERR_NOMEM, "out of memory counting facets");
    if (st == QR_OK) {
        *matches_out = qr_facets_matches(f);
        *json_out = root;
        root = NULL;
    }
out:
    qr_facets_free(f);
    json_decref(root);
    return st;
}
