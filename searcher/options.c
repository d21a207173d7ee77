/* options.c - quarry-search's command line. */
#include "options.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "terms.h"
#include "utf8.h"

/* Longest half-life taken: a millennium is "no decay" for any archive. */
static const double MAX_HALF_LIFE_DAYS = 365250.0;

static void
usage(FILE *out)
{
    fputs("usage: quarry-search --db DIR [options] QUERY...\n"
          "\n"
          "Search the index in DIR and print the best hits as JSON.\n"
          "\n"
          "query syntax: words (any of them, best first), \"a phrase\",\n"
          "-word or NOT word, a OR b, a AND b, (groups), prefix*,\n"
          "title:word, author:name, tag:name, site:host, since:DATE,\n"
          "until:DATE (DATE: 2026-05-12, 2026-05, 2026, or an age: 7d, 2w,\n"
          "6m, 1y)\n"
          "\n"
          "options:\n"
          "  --db DIR              the index folder made by quarry-index\n"
          "  --limit N             hits to print (default 10)\n"
          "  --offset N            hits to skip first (default 0)\n"
          "  --sort ORDER          hybrid (default: relevance and recency),\n"
          "                        relevance, or date (newest first)\n"
          "  --half-life DAYS      age at which the recency part halves\n"
          "                        (default 365)\n"
          "  --recency-weight W    recency part of a new article, as a share\n"
          "                        of a typical match (default 0.5; 0 off)\n"
          "  --k1 X, --b X         BM25 parameters (default 1.2 and 0.75)\n"
          "  --since DATE          only articles from DATE on\n"
          "  --until DATE          only articles up to DATE\n"
          "  --author NAME         only articles by NAME (repeatable)\n"
          "  --tag TAG             only articles tagged TAG (repeatable)\n"
          "  --site HOST           only articles from HOST (repeatable: any)\n"
          "  --aliases FILE        more alias groups (repeatable)\n"
          "  --no-aliases          no alias expansion at all\n"
          "  --now DATE            measure ages from DATE, not the clock\n"
          "  --strict              refuse a query that needs repairing\n"
          "  --explain             show how each hit was scored\n"
          "  --stats               print the index's statistics and last\n"
          "                        indexing run as JSON instead of searching\n"
          "  --help                show this help\n"
          "\n"
          "exit codes: 0 ok (also when nothing matches), 1 search failed,\n"
          "2 usage error, bad query or no readable index at DIR\n", out);
}

static bool
parse_count(const char *text, const char *name, uint32_t max,
            uint32_t *out)
{
    char *end;
    unsigned long long v = strtoull(text, &end, 10);

    if (*text == '\0' || *end != '\0' || text[0] == '-' || v > max) {
        fprintf(stderr, "quarry-search: %s needs a number from 0 to %u, not "
                "\"%s\"\n", name, max, text);
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool
parse_real(const char *text, const char *name, double min, double max,
           bool is_min_open, double *out)
{
    char *end;
    double v = strtod(text, &end);

    if (*text == '\0' || *end != '\0' || !isfinite(v) || v < min ||
        (is_min_open && v == min) || v > max) {
        fprintf(stderr, "quarry-search: %s needs a number %s %g and at most "
                "%g, not \"%s\"\n", name, is_min_open ? "over" : "from", min,
                max, text);
        return false;
    }
    *out = v;
    return true;
}

static bool
parse_sort(const char *text, qr_sort_t *out)
{
    if (strcmp(text, "hybrid") == 0)
        *out = QR_SORT_HYBRID;
    else if (strcmp(text, "relevance") == 0)
        *out = QR_SORT_RELEVANCE;
    else if (strcmp(text, "date") == 0)
        *out = QR_SORT_DATE;
    else {
        fprintf(stderr, "quarry-search: --sort takes hybrid, relevance or "
                "date, not \"%s\"\n", text);
        return false;
    }
    return true;
}

static bool
parse_now(const char *text, int64_t *out)
{
    if (qr_date_parse(text, strlen(text), out, NULL, NULL) == QR_OK)
        return true;
    fprintf(stderr, "quarry-search: --now needs a date such as "
            "2026-05-12T09:30:00Z, not \"%s\"\n", text);
    return false;
}

/* Appends VALUE to a repeatable option's LIST. */
static bool
push(const char *name, const char **list, size_t *n, const char *value)
{
    if (*n >= SR_MAX_REPEATS) {
        fprintf(stderr, "quarry-search: %s is given more than %d times\n",
                name, SR_MAX_REPEATS);
        return false;
    }
    list[(*n)++] = value;
    return true;
}

/* Joins the query words with spaces and makes the result valid UTF-8. */
static bool
join_query(char **words, int n, char **out)
{
    qr_buf_t buf;
    qr_err_t err;
    size_t len, n_invalid;
    bool is_ok = true;

    qr_buf_init(&buf);
    for (int i = 0; is_ok && i < n; i++) {
        if (i > 0)
            is_ok = qr_buf_putc(&buf, ' ', &err) == QR_OK;
        if (is_ok)
            is_ok = qr_buf_append(&buf, words[i], strlen(words[i]), &err) ==
                    QR_OK;
    }
    if (is_ok)
        is_ok = qr_utf8_sanitize(buf.data ? buf.data : "", buf.len, out, &len,
                                 &n_invalid, &err) == QR_OK;
    qr_buf_release(&buf);
    if (!is_ok)
        fputs("quarry-search: out of memory reading the query\n", stderr);
    return is_ok;
}

enum {
    OPT_DB = 256, OPT_LIMIT, OPT_OFFSET, OPT_SORT, OPT_HALF_LIFE,
    OPT_RECENCY, OPT_K1, OPT_B, OPT_SINCE, OPT_UNTIL, OPT_AUTHOR, OPT_TAG,
    OPT_SITE, OPT_ALIASES, OPT_NO_ALIASES, OPT_NOW, OPT_STRICT, OPT_EXPLAIN,
    OPT_STATS, OPT_HELP
};

static const struct option LONG_OPTS[] = {
    { "db", required_argument, NULL, OPT_DB },
    { "limit", required_argument, NULL, OPT_LIMIT },
    { "offset", required_argument, NULL, OPT_OFFSET },
    { "sort", required_argument, NULL, OPT_SORT },
    { "half-life", required_argument, NULL, OPT_HALF_LIFE },
    { "recency-weight", required_argument, NULL, OPT_RECENCY },
    { "k1", required_argument, NULL, OPT_K1 },
    { "b", required_argument, NULL, OPT_B },
    { "since", required_argument, NULL, OPT_SINCE },
    { "until", required_argument, NULL, OPT_UNTIL },
    { "author", required_argument, NULL, OPT_AUTHOR },
    { "tag", required_argument, NULL, OPT_TAG },
    { "site", required_argument, NULL, OPT_SITE },
    { "aliases", required_argument, NULL, OPT_ALIASES },
    { "no-aliases", no_argument, NULL, OPT_NO_ALIASES },
    { "now", required_argument, NULL, OPT_NOW },
    { "strict", no_argument, NULL, OPT_STRICT },
    { "explain", no_argument, NULL, OPT_EXPLAIN },
    { "stats", no_argument, NULL, OPT_STATS },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 }
};

/* Applies option C with argument ARG; false on a bad value. */
static bool
apply(sr_options_t *o, int c, const char *arg)
{
    qr_search_opts_t *s = &o->search;
    sr_filters_t *f = &o->filters;

    switch (c) {
    case OPT_DB:
        o->db_path = arg;
        return true;
    case OPT_LIMIT:
        return parse_count(arg, "--limit", SR_MAX_LIMIT, &s->limit);
    case OPT_OFFSET:
        return parse_count(arg, "--offset", UINT32_MAX - SR_MAX_LIMIT,
                           &s->offset);
    case OPT_SORT:
        return parse_sort(arg, &s->sort);
    case OPT_HALF_LIFE:
        return parse_real(arg, "--half-life", 0, MAX_HALF_LIFE_DAYS, true,
                          &s->half_life_days);
    case OPT_RECENCY:
        return parse_real(arg, "--recency-weight", 0, 100, false,
                          &s->recency_weight);
    case OPT_K1:
        return parse_real(arg, "--k1", 0, 100, false, &s->bm25_k1);
    case OPT_B:
        return parse_real(arg, "--b", 0, 1, false, &s->bm25_b);
    case OPT_SINCE:
        f->since = arg;
        return true;
    case OPT_UNTIL:
        f->until = arg;
        return true;
    case OPT_AUTHOR:
        return push("--author", o->authors, &f->n_authors, arg);
    case OPT_TAG:
        return push("--tag", o->tags, &f->n_tags, arg);
    case OPT_SITE:
        return push("--site", o->sites, &f->n_sites, arg);
    case OPT_ALIASES:
        return push("--aliases", o->alias_files, &o->n_alias_files, arg);
    case OPT_NO_ALIASES:
        o->uses_aliases = false;
        return true;
    case OPT_NOW:
        o->is_now_given = true;
        return parse_now(arg, &s->now);
    case OPT_STRICT:
        o->is_strict = true;
        return true;
    case OPT_EXPLAIN:
        s->wants_explain = true;
        return true;
    case OPT_STATS:
        o->is_stats = true;
        return true;
    default:
        return false;
    }
}

int
sr_options_parse(int argc, char **argv, sr_options_t *opts)
{
    int c;

    memset(opts, 0, sizeof *opts);
    qr_search_opts_init(&opts->search);
    opts->search.date_slot = QR_SLOT_DATE;
    opts->search.week_slot = QR_SLOT_WEEK;
    opts->uses_aliases = true;
    opts->filters.authors = opts->authors;
    opts->filters.tags = opts->tags;
    opts->filters.sites = opts->sites;
    while ((c = getopt_long(argc, argv, "", LONG_OPTS, NULL)) != -1) {
        if (c == OPT_HELP) {
            usage(stdout);
            return SR_EXIT_HELP;
        }
        if (c == '?') {
            usage(stderr);
            return SR_EXIT_USAGE;
        }
        if (!apply(opts, c, optarg))
            return SR_EXIT_USAGE;   /* apply said why */
    }
    if (opts->db_path == NULL || (optind >= argc && !opts->is_stats)) {
        fputs("quarry-search: need --db DIR and a QUERY\n", stderr);
        usage(stderr);
        return SR_EXIT_USAGE;
    }
    if (optind < argc &&
        !join_query(argv + optind, argc - optind, &opts->query_text))
        return SR_EXIT_FAILED;
    return SR_EXIT_OK;
}

void
sr_options_release(sr_options_t *opts)
{
    free(opts->query_text);
    opts->query_text = NULL;
}
