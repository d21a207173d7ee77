/* reader_sink.c - a sink that collects what a reader produced, for tests. */
#include "reader_sink.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "fileio.h"
#include "utf8.h"

static qr_status_t
take_article(void *ctx, const qr_article_t *a, qr_err_t *err)
{
    collected_t *c = ctx;
    json_t *json;
    qr_status_t st = qr_article_to_json(a, &json, err);

    if (st != QR_OK)
        return st;
    if (a->body != NULL)
        json_object_set_new(json, "body", json_stringn(a->body, a->body_len));
    json_array_append_new(c->articles, json);
    return QR_OK;
}

static void
take_problem(void *ctx, const char *path, size_t line, bool is_failure,
             const char *msg)
{
    collected_t *c = ctx;

    (void)path;
    json_array_append_new(c->problems,
                          json_pack("{s:I,s:b,s:s}", "line", (json_int_t)line,
                                    "failure", is_failure, "msg", msg));
}

static void
take_skip(void *ctx, const char *path, const char *reason)
{
    collected_t *c = ctx;

    (void)path;
    json_array_append_new(c->skips, json_string(reason));
}

void
collected_init(collected_t *c, ix_sink_t *sink)
{
    c->articles = json_array();
    c->problems = json_array();
    c->skips = json_array();
    sink->article = take_article;
    sink->problem = take_problem;
    sink->skip = take_skip;
    sink->ctx = c;
}

void
collected_release(collected_t *c)
{
    json_decref(c->articles);
    json_decref(c->problems);
    json_decref(c->skips);
}

qr_status_t
collected_read(collected_t *c, ix_sink_t *sink, ix_reader_fn read,
               const char *name, int64_t mtime, qr_err_t *err)
{
    char path[4096];
    char *raw, *text;
    size_t raw_len, len, n_invalid;
    ix_source_t src;
    qr_status_t st;

    (void)c;
    snprintf(path, sizeof path, "%s/%s", QR_TEST_DATA_DIR, name);
    ck_assert_int_eq(qr_file_read_all(path, 1 << 20, &raw, &raw_len, err),
                     QR_OK);
    ck_assert_int_eq(qr_utf8_sanitize(raw, raw_len, &text, &len, &n_invalid,
                                      err), QR_OK);
    src.path = name;
    src.data = text;
    src.len = len;
    src.mtime = mtime;
    st = read(&src, sink, err);
    free(raw);
    free(text);
    return st;
}

const char *
collected_str(const collected_t *c, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(c->articles, i),
                                             key));
}
