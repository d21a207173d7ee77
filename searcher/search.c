/* search.c - one run of quarry-search, from options to printed results.
 *
 * The order of work keeps the common path fast: the top hits come from one
 * Xapian match with pruning; snippets are cut for the page only; the
 * spelling of a word is checked only when the word is rare; facets (a
 * second, unweighted match over every document) only when asked for. */
#include "search.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "aliases.h"
#include "db.h"
#include "facets.h"
#include "index_dir.h"
#include "index_meta.h"
#include "match_terms.h"
#include "output.h"
#include "output_json.h"
#include "output_text.h"
#include "page.h"
#include "query_build.h"
#include "query_words.h"
#include "related.h"
#include "snippet.h"
#include "stats.h"
#include "stemmer.h"
#include "stopwords.h"
#include "suggest.h"

typedef struct search {
    const sr_options_t *opts;
    char language[QR_LANGUAGE_MAX];   /* the index's stemming language */
    sr_clock_ms_fn clock_ms;
    double started_ms;
    qr_db_t *db;
    qr_stemmer_t *stemmer;
    sr_aliases_t *aliases;
    qr_query_t *query;
    qr_results_t *results;
    sr_issues_t issues;
    sr_typed_words_t typed;
    sr_match_terms_t terms;
    sr_snippeter_t *snippeter;
    sr_page_t page;            /* the hits' articles */
    json_t *suggestion;        /* did you mean, or JSON null */
    json_t *facets;            /* --facets, or NULL */
    uint64_t n_matches;        /* counted by the facets' pass */
    json_t *like;              /* --like: about the article */
    json_t *json;              /* what is printed */
    bool is_like_refused;      /* --like's query could not be built */
} search_t;

/* How long a search keeps running again when a writer discarded the
 * revision it was reading. A writer may discard the revision a reader
 * holds at its next commit, and an indexer given tiny batches commits
 * every few milliseconds. Measured on python-peps under --batch-bytes
 * 2000, with the reads done before any snippet is cut (page.h): one page
 * in 25 needed a second run, none a third. A slower reader (the sanitizer
 * build reads ten times as slowly) can lose its revision run after run
 * while such a writer is busy, so a search gives up only after at least
 * MODIFIED_RUNS runs and MODIFIED_SECONDS: by then a real indexer has
 * paused between files or finished. */
enum { MODIFIED_RUNS = 64, MODIFIED_SECONDS = 30 };

typedef qr_status_t (*attempt_fn)(search_t *s, qr_err_t *err);

/* Frees what an attempt built. The query of a text search stays: it is
 * made from the text alone; --like's is rebuilt from the index. */
static void
forget_attempt(search_t *s)
{
    json_decref(s->json);
    s->json = NULL;
    json_decref(s->like);
    s->like = NULL;
    json_decref(s->suggestion);
    s->suggestion = NULL;
    json_decref(s->facets);
    s->facets = NULL;
    sr_page_release(&s->page);
    sr_snippeter_free(s->snippeter);
    s->snippeter = NULL;
    sr_match_terms_release(&s->terms);
    qr_results_free(s->results);
    s->results = NULL;
    if (s->opts->like_id != NULL) {
        qr_query_free(s->query);
        s->query = NULL;
        sr_issues_release(&s->issues);
    }
}

/* True when ST, from a run that began at revision BEFORE (HAS_BEFORE:
 * known), may be the index moving under the reader rather than a real
 * fault. Called after DB was reopened at its latest revision. */
static bool
is_passing_failure(qr_db_t *db, qr_status_t st, bool has_before,
                   uint64_t before)
{
    uint64_t after;

    /* Xapian 1.4 checks a root block's level before its revision, so a
     * root block a writer reused can read as corrupt ("Expected block 82
     * to be level 1, not 0") rather than modified, and a reused block
     * holding other data can even read as "EOF reading block N"; both
     * count as passing when the index has moved on since the run began.
     * An index that is really damaged fails at a revision that stays. */
    if (st == QR_ERR_DB_MODIFIED || st == QR_ERR_DB_CORRUPT)
        return true;
    return st == QR_ERR_DB && has_before &&
           qr_db_revision(db, &after, NULL) == QR_OK && after != before;
}

/* Runs ATTEMPT; when a writer's commits discarded the revision it was
 * reading (the match, the hits' data and values, the words they hold,
 * suggestions, facets: any read), reopens the index at its latest
 * revision and runs it again from the start, so that no reader fails
 * because an indexer is busy. */
static qr_status_t
with_fresh_index(search_t *s, attempt_fn attempt, qr_err_t *err)
{
    double give_up_ms = s->clock_ms() + MODIFIED_SECONDS * 1000.0;
    qr_status_t st;

    for (int run = 1;; run++) {
        uint64_t before = 0;
        bool has_before = qr_db_revision(s->db, &before, NULL) == QR_OK;
        qr_err_t why;
        qr_status_t reopened;

        st = attempt(s, err);
        if (st == QR_OK || (st != QR_ERR_DB_MODIFIED &&
                            st != QR_ERR_DB_CORRUPT && st != QR_ERR_DB))
            return st;
        /* A discarded revision earns the wait for MODIFIED_SECONDS; a
         * damaged index costs MODIFIED_RUNS quick runs at most. */
        if (run >= MODIFIED_RUNS &&
            (st != QR_ERR_DB_MODIFIED || s->clock_ms() >= give_up_ms))
            return st;
        forget_attempt(s);
        /* Reopening reads the root blocks too, so it can meet the same
         * passing "corrupt" block; the next run tries again. */
        reopened = qr_db_reopen(s->db, &why);
        if (reopened != QR_OK && reopened != QR_ERR_DB_MODIFIED &&
            reopened != QR_ERR_DB_CORRUPT)
            return qr_err_set(err, reopened, "%s", why.msg);
        if (reopened == QR_OK &&
            !is_passing_failure(s->db, st, has_before, before))
            return st;
    }
}

int
sr_search_fail(const sr_options_t *opts, const char *code,
               const char *message, int exit_code)
{
    json_t *json = NULL;
    qr_err_t err;

    sr_text_say(stderr, "%s", message);
    if (opts->format != SR_FORMAT_JSON && opts->format != SR_FORMAT_JSONL)
        return exit_code;
    if (sr_error_to_json(opts->query_text, code, message, 0, &json, &err) !=
            QR_OK ||
        sr_output_print(stdout, json, opts->format, false, &err) != QR_OK) {
        sr_text_say(stderr, "%s", err.msg);
        exit_code = SR_EXIT_FAILED;
    }
    json_decref(json);
    return exit_code;
}

static int
print_json(search_t *s)
{
    qr_err_t err;

    if (sr_output_print(stdout, s->json, s->opts->format,
                        s->opts->uses_color, &err) == QR_OK)
        return SR_EXIT_OK;
    sr_text_say(stderr, "%s", err.msg);
    return SR_EXIT_FAILED;
}

/* One attempt at reading the index's stemming language. */
static qr_status_t
read_language(search_t *s, qr_err_t *err)
{
    return qr_meta_read_language(s->db, s->language, err);
}

/* Opens the index and the stemmer its language needs. */
static int
open_index(search_t *s)
{
    char message[QR_ERR_MSG_MAX + 4200];
    qr_err_t err;
    qr_status_t st = qr_index_open_read(s->opts->db_path, &s->db, &err);

    if (st == QR_OK)
        st = with_fresh_index(s, read_language, &err);
    if (st == QR_OK)
        st = qr_stem_new_small(s->language, &s->stemmer, &err);
    if (st == QR_OK)
        return SR_EXIT_OK;
    snprintf(message, sizeof message, "%s: no readable quarry index (%s)",
             s->opts->db_path, err.msg);
    return sr_search_fail(s->opts, "no_index", message, SR_EXIT_USAGE);
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
    return sr_search_fail(s->opts, st == QR_ERR_PARSE ? "bad_aliases"
                                                      : "search_failed",
                          err.msg, st == QR_ERR_PARSE ? SR_EXIT_USAGE
                                                      : SR_EXIT_FAILED);
}

/* Reports ISSUE as the reason the query is refused. */
static int
refuse(search_t *s, const sr_issue_t *issue)
{
    const char *text = s->opts->query_text;
    qr_err_t err;

    if (issue->offset == SR_ISSUE_NO_OFFSET || text == NULL)
        sr_text_say(stderr, "%s", issue->message);
    else
        sr_text_say(stderr, "query position %zu: %s",
                    sr_issue_position(text, strlen(text), issue->offset),
                    issue->message);
    if (s->opts->format != SR_FORMAT_JSON &&
        s->opts->format != SR_FORMAT_JSONL)
        return SR_EXIT_USAGE;
    if (sr_issue_to_json(text, issue, &s->json, &err) != QR_OK) {
        sr_text_say(stderr, "%s", err.msg);
        return SR_EXIT_FAILED;
    }
    return print_json(s) == SR_EXIT_OK ? SR_EXIT_USAGE : SR_EXIT_FAILED;
}

/* Refuses the query for the last issue recorded, which says why building
 * it failed; a failure that recorded none (a bug) is reported from ERR. */
static int
refuse_last(search_t *s, const qr_err_t *err)
{
    if (s->issues.n == 0)
        return sr_search_fail(s->opts, "usage", err->msg, SR_EXIT_USAGE);
    return refuse(s, &s->issues.items[s->issues.n - 1]);
}

static int
build_query(search_t *s)
{
    const sr_options_t *o = s->opts;
    sr_words_t words;
    qr_err_t err = { QR_OK, "the query could not be built" };
    qr_status_t st;

    sr_words_init(&words, s->stemmer, s->aliases,
                  qr_stop_has_list(qr_stem_language(s->stemmer)));
    words.typed = &s->typed;
    st = sr_query_build(o->query_text, strlen(o->query_text), &words,
                        &o->filters, o->search.now, &s->query, &s->issues,
                        &err);
    if (st == QR_ERR_PARSE)
        return refuse_last(s, &err);
    if (st != QR_OK)
        return sr_search_fail(o, "search_failed", err.msg, SR_EXIT_FAILED);
    if (o->is_strict && s->issues.n > 0)
        return refuse(s, &s->issues.items[0]);
    return SR_EXIT_OK;
}

/* Reports why --like's query could not be built (status ST). */
static int
refuse_like(search_t *s, qr_status_t st, const qr_err_t *err)
{
    const sr_options_t *o = s->opts;

    if (st == QR_ERR_PARSE)
        return refuse_last(s, err);
    if (st == QR_ERR_NOT_FOUND)
        return sr_search_fail(o, "unknown_id", err->msg, SR_EXIT_USAGE);
    if (st == QR_ERR_USAGE)
        return sr_search_fail(o, "usage", err->msg, SR_EXIT_USAGE);
    return sr_search_fail(o, "search_failed", err->msg, SR_EXIT_FAILED);
}

/* Replaces KEY of the envelope (its place kept). */
static qr_status_t
replace(search_t *s, const char *key, json_t *value, qr_err_t *err)
{
    if (value == NULL || json_object_set_new(s->json, key, value) != 0)
        return qr_err_set(err, QR_ERR_NOMEM, "out of memory building JSON");
    return QR_OK;
}

/* Everything the page reads from the index, after the match: the hits'
 * articles and the words they hold, a spelling suggestion, the facets
 * (whose pass counts the matches exactly). */
static qr_status_t
read_page(search_t *s, qr_err_t *err)
{
    const sr_options_t *o = s->opts;
    qr_status_t st = QR_OK;

    if (o->wants_snippets)
        st = sr_match_terms_add_query(&s->terms, s->query, err);
    if (st == QR_OK)
        st = sr_page_read(&s->page, s->db, s->results,
                          o->wants_snippets ? &s->terms : NULL, err);
    if (st == QR_OK && o->query_text != NULL)
        st = sr_suggest_json(s->db, s->stemmer, o->query_text, &s->typed,
                             &s->suggestion, err);
    if (st == QR_OK && o->facets != 0)
        st = sr_facets_json(s->db, s->query, o->facets, o->facet_size,
                            &s->facets, &s->n_matches, err);
    return st;
}

/* Puts what read_page read into the envelope; the facets' pass knows the
 * exact number of matches. */
static qr_status_t
add_read_parts(search_t *s, qr_err_t *err)
{
    qr_status_t st = QR_OK;
    json_int_t n = (json_int_t)s->n_matches;

    if (s->suggestion != NULL) {
        st = replace(s, "suggestion", s->suggestion, err);
        s->suggestion = NULL;
    }
    if (st == QR_OK && s->like != NULL) {
        st = replace(s, "like", s->like, err);
        s->like = NULL;
    }
    if (st == QR_OK && s->facets != NULL) {
        st = replace(s, "facets", s->facets, err);
        s->facets = NULL;
        if (st == QR_OK)
            st = replace(s, "total", json_integer(n), err);
        if (st == QR_OK)
            st = replace(s, "total_bounds", json_pack("{s:I, s:I}", "lower",
                                                      n, "upper", n), err);
    }
    return st;
}

/* The envelope from what was read: cuts the snippets (no index reads, so
 * a writer's commits cannot make this part run twice). */
static qr_status_t
build_page(search_t *s, qr_err_t *err)
{
    const sr_options_t *o = s->opts;
    sr_explain_t explain = { NULL, &o->search };
    sr_results_input_t in = { o->query_text, s->results, &s->page,
                              &s->issues, NULL, NULL, o->search.offset,
                              o->search.limit };
    qr_buf_t parsed;
    qr_status_t st = QR_OK;

    qr_buf_init(&parsed);
    if (o->search.wants_explain) {
        st = qr_query_describe(s->query, &parsed, err);
        explain.parsed = parsed.data ? parsed.data : "";
        in.explain = &explain;
    }
    if (st == QR_OK && o->wants_snippets)
        st = sr_snippeter_new(&s->terms, s->stemmer, SR_SNIPPET_CHARS,
                              &s->snippeter, err);
    in.snippeter = s->snippeter;
    if (st == QR_OK)
        st = sr_results_to_json(&in, &s->json, err);
    if (st == QR_OK)
        st = add_read_parts(s, err);
    if (st == QR_OK)
        st = replace(s, "took_ms", json_real(s->clock_ms() - s->started_ms),
                     err);
    qr_buf_release(&parsed);
    return st;
}

/* In JSON Lines only hits print: say the rest on stderr. */
static void
note_on_stderr(const search_t *s)
{
    const json_t *suggestion = json_object_get(s->json, "suggestion");

    if (s->opts->format != SR_FORMAT_JSONL)
        return;
    for (size_t i = 0; i < s->issues.n; i++)
        sr_text_say(stderr, "warning: %s", s->issues.items[i].message);
    if (json_is_object(suggestion))
        sr_text_say(stderr, "did you mean: %s",
                    json_string_value(json_object_get(suggestion, "query")));
}

/* One attempt at the page's reads: --like's query (read from the index),
 * the match, then read_page. */
static qr_status_t
attempt_page(search_t *s, qr_err_t *err)
{
    const sr_options_t *o = s->opts;
    qr_status_t st;

    if (o->like_id != NULL) {
        st = sr_related_query(s->db, o->like_id, o->window, &o->filters,
                              o->search.now, &s->query, &s->like, &s->issues,
                              err);
        s->is_like_refused = st != QR_OK;
        if (st != QR_OK)
            return st;
    }
    st = qr_db_search(s->db, s->query, &o->search, &s->results, err);
    return st == QR_OK ? read_page(s, err) : st;
}

static int
search(search_t *s, const sr_alias_text_t *aliases, size_t n_aliases)
{
    qr_err_t err = { QR_OK, "the query could not be built" };
    char message[QR_ERR_MSG_MAX + 4200];
    int code = SR_EXIT_OK;
    qr_status_t st;

    if (s->opts->like_id == NULL) {
        code = load_aliases(s, aliases, n_aliases);
        if (code == SR_EXIT_OK)
            code = build_query(s);
        if (code != SR_EXIT_OK)
            return code;
    }
    st = with_fresh_index(s, attempt_page, &err);
    if (st == QR_OK)
        st = build_page(s, &err);
    if (st != QR_OK && s->is_like_refused)
        return refuse_like(s, st, &err);
    if (st != QR_OK) {
        snprintf(message, sizeof message, "%s: %s", s->opts->db_path,
                 err.msg);
        return sr_search_fail(s->opts, "search_failed", message,
                              SR_EXIT_FAILED);
    }
    note_on_stderr(s);
    return print_json(s);
}

static qr_status_t
attempt_stats(search_t *s, qr_err_t *err)
{
    return sr_stats_json(s->db, s->opts->db_path, &s->json, err);
}

static int
print_stats(search_t *s)
{
    char message[QR_ERR_MSG_MAX + 4200];
    qr_err_t err;

    if (with_fresh_index(s, attempt_stats, &err) == QR_OK)
        return print_json(s);
    snprintf(message, sizeof message, "%s: %s", s->opts->db_path, err.msg);
    return sr_search_fail(s->opts, "stats_failed", message, SR_EXIT_FAILED);
}

int
sr_search_run(const sr_options_t *opts, const sr_alias_text_t *aliases,
              size_t n_aliases, sr_clock_ms_fn clock_ms)
{
    search_t s;
    int code;

    memset(&s, 0, sizeof s);
    s.opts = opts;
    s.clock_ms = clock_ms;
    s.started_ms = clock_ms();
    sr_issues_init(&s.issues);
    sr_match_terms_init(&s.terms);
    sr_page_init(&s.page);
    code = open_index(&s);
    if (code == SR_EXIT_OK && opts->is_stats)
        code = print_stats(&s);
    else if (code == SR_EXIT_OK)
        code = search(&s, aliases, n_aliases);
    forget_attempt(&s);
    qr_query_free(s.query);
    sr_issues_release(&s.issues);
    sr_aliases_free(s.aliases);
    qr_stem_free(s.stemmer);
    qr_db_close(s.db);
    return code;
}
