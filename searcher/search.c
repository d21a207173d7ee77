/* search.c - one search, from options to printed JSON. */
#include "search.h"

#include <stdio.h>
#include <string.h>

#include "aliases.h"
#include "db.h"
#include "index_dir.h"
#include "index_meta.h"
#include "output_json.h"
#include "query_build.h"
#include "query_words.h"
#include "stats.h"
#include "stemmer.h"
#include "stopwords.h"

typedef struct search {
    const sr_options_t *opts;
    qr_db_t *db;
    qr_stemmer_t *stemmer;
    sr_aliases_t *aliases;
    qr_query_t *query;
    qr_results_t *results;
    sr_issues_t issues;
    json_t *json;
} search_t;

/* Opens the index and the stemmer its language needs; prints why not. */
static int
open_index(search_t *s)
{
    char language[QR_LANGUAGE_MAX];
    qr_err_t err;
    qr_status_t st = qr_index_open_read(s->opts->db_path, &s->db, &err);

    if (st == QR_OK)
        st = qr_meta_read_language(s->db, language, &err);
    if (st == QR_OK)
        st = qr_stem_new(language, &s->stemmer, &err);
    if (st == QR_OK)
        return SR_EXIT_OK;
    fprintf(stderr, "quarry-search: %s: no readable quarry index (%s)\n",
            s->opts->db_path, err.msg);
    return SR_EXIT_USAGE;
}

static int
load_aliases(search_t *s, const sr_alias_text_t *texts, size_t n)
{
    qr_err_t err;
    qr_status_t st = QR_OK;

    if (!s->opts->uses_aliases)
        return SR_EXIT_OK;
    st = sr_aliases_new(s->stemmer, &s->aliases, &err);
    for (size_t i = 0; st == QR_OK && i < n; i++)
        st = sr_aliases_add_text(s->aliases, texts[i].text, texts[i].len,
                                 texts[i].source, &err);
    if (st == QR_OK)
        return SR_EXIT_OK;
    fprintf(stderr, "quarry-search: %s\n", err.msg);
    return st == QR_ERR_PARSE ? SR_EXIT_USAGE : SR_EXIT_FAILED;
}

static int
print_json(const json_t *json)
{
    if (json_dumpf(json, stdout, JSON_INDENT(2)) != 0 ||
        fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
        fputs("quarry-search: writing the results failed\n", stderr);
        return SR_EXIT_FAILED;
    }
    return SR_EXIT_OK;
}

/* Reports ISSUE as the reason the query is refused. */
static int
refuse(search_t *s, const sr_issue_t *issue)
{
    const char *text = s->opts->query_text;
    qr_err_t err;
    int code = SR_EXIT_USAGE;

    if (issue->offset == SR_ISSUE_NO_OFFSET)
        fprintf(stderr, "quarry-search: %s\n", issue->message);
    else
        fprintf(stderr, "quarry-search: query position %zu: %s\n",
                sr_issue_position(text, strlen(text), issue->offset),
                issue->message);
    if (sr_error_to_json(text, issue, &s->json, &err) != QR_OK) {
        fprintf(stderr, "quarry-search: %s\n", err.msg);
        return SR_EXIT_FAILED;
    }
    if (print_json(s->json) != SR_EXIT_OK)
        code = SR_EXIT_FAILED;
    return code;
}

static int
build_query(search_t *s)
{
    const sr_options_t *o = s->opts;
    sr_words_t words;
    qr_err_t err;
    qr_status_t st;

    sr_words_init(&words, s->stemmer, s->aliases,
                  sr_stop_has_list(qr_stem_language(s->stemmer)));
    st = sr_query_build(o->query_text, strlen(o->query_text), &words,
                        &o->filters, o->search.now, &s->query, &s->issues,
                        &err);
    if (st == QR_ERR_PARSE)
        return refuse(s, &s->issues.items[s->issues.n - 1]);
    if (st != QR_OK) {
        fprintf(stderr, "quarry-search: %s\n", err.msg);
        return SR_EXIT_FAILED;
    }
    if (o->is_strict && s->issues.n > 0)
        return refuse(s, &s->issues.items[0]);
    return SR_EXIT_OK;
}

static int
run_query(search_t *s)
{
    const sr_options_t *o = s->opts;
    sr_explain_t explain = { NULL, &o->search };
    qr_buf_t parsed;
    qr_err_t err;
    qr_status_t st = QR_OK;

    qr_buf_init(&parsed);
    if (o->search.wants_explain) {
        st = qr_query_describe(s->query, &parsed, &err);
        explain.parsed = parsed.data ? parsed.data : "";
    }
    if (st == QR_OK)
        st = qr_db_search(s->db, s->query, &o->search, &s->results, &err);
    if (st == QR_OK)
        st = sr_results_to_json(o->query_text, s->results, &s->issues,
                                o->search.wants_explain ? &explain : NULL,
                                &s->json, &err);
    qr_buf_release(&parsed);
    if (st != QR_OK) {
        fprintf(stderr, "quarry-search: %s: %s\n", o->db_path, err.msg);
        return SR_EXIT_FAILED;
    }
    return print_json(s->json);
}

static int
search(search_t *s, const sr_alias_text_t *aliases, size_t n_aliases)
{
    int code = load_aliases(s, aliases, n_aliases);

    if (code == SR_EXIT_OK)
        code = build_query(s);
    return code == SR_EXIT_OK ? run_query(s) : code;
}

static int
print_stats(search_t *s)
{
    qr_err_t err;

    if (sr_stats_json(s->db, s->opts->db_path, &s->json, &err) == QR_OK)
        return print_json(s->json);
    fprintf(stderr, "quarry-search: %s: %s\n", s->opts->db_path, err.msg);
    return SR_EXIT_FAILED;
}

int
sr_search_run(const sr_options_t *opts, const sr_alias_text_t *aliases,
              size_t n_aliases)
{
    search_t s;
    int code;

    memset(&s, 0, sizeof s);
    s.opts = opts;
    sr_issues_init(&s.issues);
    code = open_index(&s);
    if (code == SR_EXIT_OK && opts->is_stats)
        code = print_stats(&s);
    else if (code == SR_EXIT_OK)
        code = search(&s, aliases, n_aliases);
    json_decref(s.json);
    qr_results_free(s.results);
    qr_query_free(s.query);
    sr_issues_release(&s.issues);
    sr_aliases_free(s.aliases);
    qr_stem_free(s.stemmer);
    qr_db_close(s.db);
    return code;
}
