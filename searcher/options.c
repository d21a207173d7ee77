/* options.c - quarry-search's command line. */
#include "options.h"

#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "query_dates.h"
#include "terms.h"
#include "utf8.h"

/* Longest half-life taken: a millennium is "no decay" for any archive. */
static const double MAX_HALF_LIFE_DAYS = 365250.0;

void
sr_options_usage(FILE *out)
{
    fputs("usage: quarry-search --db DIR [options] QUERY...\n"
          "       quarry-search --db DIR --like ID [options]\n"
          "       quarry-search --db DIR --stats\n"
          "\n"
          "Search the index in DIR and print the best hits: JSON when the\n"
          "output is not a terminal, text on a terminal.\n"
          "\n"
          "query syntax: words (any of them, best first), \"a phrase\",\n"
          "-word or NOT word, a OR b, a AND b, (groups), prefix*,\n"
          "title:word, author:name, tag:name, site:host, since:DATE,\n"
          "until:DATE (DATE: 2026-05-12, 2026-05, 2026, or an age: 7d, 2w,\n"
          "6m, 1y). Every option is long: an argument starting with one -\n"
          "is a query word (-rust, -tag:x); -- ends the options.\n"
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
          "  --facets LIST         count the matches by tag, author, year\n"
          "                        and/or month (comma-separated)\n"
          "  --facet-size N        tags or authors listed per facet\n"
          "                        (default 10)\n"
          "  --like ID             articles like the one with id ID\n"
          "                        (relevance order unless --sort is given)\n"
          "  --window AGE          with --like: only articles within AGE of\n"
          "                        its date (90d, 12w, 6m, 1y; at most\n"
          "                        a century)\n"
          "  --no-snippets         leave out the snippets (null in JSON)\n"
          "  --format FORMAT       json, jsonl (one hit a line) or text\n"
          "  --format-version N    fail (exit 3) unless the JSON is version N\n"
          "  --color WHEN          colour text output: auto (default: on a\n"
          "                        terminal, unless NO_COLOR is set), always,\n"
          "                        never\n"
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
          "2 usage error, bad query, unknown --like id or no readable index\n"
          "at DIR, 3 unsupported --format-version\n", out);
}

/* Records the reason parsing failed; returns false. */
__attribute__((format(printf, 2, 3)))
static bool
fail(sr_options_t *o, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(o->error, sizeof o->error, fmt, ap);
    va_end(ap);
    return false;
}

static bool
parse_count(sr_options_t *o, const char *text, const char *name,
            uint32_t max, uint32_t *out)
{
    char *end;
    unsigned long long v = strtoull(text, &end, 10);

    if (*text == '\0' || *end != '\0' || text[0] == '-' || v > max)
        return fail(o, "%s needs a number from 0 to %u, not \"%s\"", name,
                    max, text);
    *out = (uint32_t)v;
    return true;
}

static bool
parse_real(sr_options_t *o, const char *text, const char *name, double min,
           double max, bool is_min_open, double *out)
{
    char *end;
    double v = strtod(text, &end);

    if (*text == '\0' || *end != '\0' || !isfinite(v) || v < min ||
        (is_min_open && v == min) || v > max)
        return fail(o, "%s needs a number %s %g and at most %g, not \"%s\"",
                    name, is_min_open ? "over" : "from", min, max, text);
    *out = v;
    return true;
}

/* A value an option names from a fixed list. */
typedef struct choice {
    const char *name;
    int value;
} choice_t;

/* Sets *OUT to the value of TEXT among the N CHOICES of OPTION. */
static bool
parse_choice(sr_options_t *o, const char *option, const char *text,
             const choice_t *choices, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(text, choices[i].name) == 0) {
            *out = choices[i].value;
            return true;
        }
    }
    return fail(o, "%s takes %s, %s or %s, not \"%s\"", option,
                choices[0].name, choices[1].name, choices[n - 1].name, text);
}

static bool
parse_sort(sr_options_t *o, const char *text)
{
    static const choice_t SORTS[] = {
        { "hybrid", QR_SORT_HYBRID }, { "relevance", QR_SORT_RELEVANCE },
        { "date", QR_SORT_DATE },
    };
    int v = 0;

    if (!parse_choice(o, "--sort", text, SORTS, 3, &v))
        return false;
    o->search.sort = (qr_sort_t)v;
    o->is_sort_given = true;
    return true;
}

static bool
parse_now(sr_options_t *o, const char *text, int64_t *out)
{
    if (qr_date_parse(text, strlen(text), out, NULL, NULL) == QR_OK)
        return true;
    return fail(o, "--now needs a date such as 2026-05-12T09:30:00Z, not "
                "\"%s\"", text);
}

static bool
parse_format(sr_options_t *o, const char *text)
{
    static const choice_t FORMATS[] = {
        { "json", SR_FORMAT_JSON }, { "jsonl", SR_FORMAT_JSONL },
        { "text", SR_FORMAT_TEXT },
    };
    int v = 0;

    if (!parse_choice(o, "--format", text, FORMATS, 3, &v))
        return false;
    o->format = (sr_format_t)v;
    return true;
}

static bool
parse_color(sr_options_t *o, const char *text)
{
    static const choice_t COLORS[] = {
        { "auto", SR_COLOR_AUTO }, { "always", SR_COLOR_ALWAYS },
        { "never", SR_COLOR_NEVER },
    };
    int v = 0;

    if (!parse_choice(o, "--color", text, COLORS, 3, &v))
        return false;
    o->color = (sr_color_t)v;
    return true;
}

static bool
parse_format_version(sr_options_t *o, const char *text)
{
    char *end;
    long v = strtol(text, &end, 10);

    if (*text == '\0' || *end != '\0' || v < 1 || v > 1000000)
        return fail(o, "--format-version needs a version number such as "
                    "%d, not \"%s\"", SR_FORMAT_VERSION, text);
    o->format_version = v;
    return true;
}

/* --facets tag,author,year,month: any of them, in any order. */
static bool
parse_facets(sr_options_t *o, const char *text)
{
    static const struct {
        const char *name;
        unsigned bit;
    } NAMES[] = {
        { "tag", SR_FACET_TAG }, { "author", SR_FACET_AUTHOR },
        { "year", SR_FACET_YEAR }, { "month", SR_FACET_MONTH },
    };
    const char *at = text;

    while (true) {
        size_t len = strcspn(at, ",");
        bool is_known = false;
        for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
            if (len == strlen(NAMES[i].name) &&
                strncmp(at, NAMES[i].name, len) == 0) {
                o->facets |= NAMES[i].bit;
                is_known = true;
            }
        }
        if (!is_known)
            return fail(o, "--facets takes tag, author, year and month, "
                        "comma-separated, not \"%.*s\"", (int)len, at);
        if (at[len] == '\0')
            return true;
        at += len + 1;
    }
}

/* --window: a count and a unit, d, w, m or y, at most a century, as
 * since: takes ages (related.c turns it into dates). */
static bool
parse_window(sr_options_t *o, const char *text)
{
    size_t n_digits = strspn(text, "0123456789");
    int64_t secs;

    if (n_digits == 0 || n_digits > 5 || text[n_digits] == '\0' ||
        strchr("dwmy", text[n_digits]) == NULL || text[n_digits + 1] != '\0')
        return fail(o, "--window needs an age such as 90d, 12w, 6m or 1y, "
                    "not \"%s\"", text);
    if (!sr_dates_age(text, strlen(text), 0, &secs))
        return fail(o, "--window takes an age of at most a century (%dd, "
                    "%dw, %dm or %dy), not \"%s\"", SR_DATES_MAX_DAYS,
                    SR_DATES_MAX_DAYS / 7, SR_DATES_MAX_DAYS / 30,
                    SR_DATES_MAX_DAYS / 365, text);
    o->window = text;
    return true;
}

/* Appends VALUE to a repeatable option's LIST. */
static bool
push(sr_options_t *o, const char *name, const char **list, size_t *n,
     const char *value)
{
    if (*n >= SR_MAX_REPEATS)
        return fail(o, "%s is given more than %d times", name,
                    SR_MAX_REPEATS);
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
    return is_ok;
}

enum {
    OPT_DB = 256, OPT_LIMIT, OPT_OFFSET, OPT_SORT, OPT_HALF_LIFE,
    OPT_RECENCY, OPT_K1, OPT_B, OPT_SINCE, OPT_UNTIL, OPT_AUTHOR, OPT_TAG,
    OPT_SITE, OPT_ALIASES, OPT_NO_ALIASES, OPT_NOW, OPT_STRICT, OPT_EXPLAIN,
    OPT_STATS, OPT_FORMAT, OPT_FORMAT_VERSION, OPT_COLOR, OPT_FACETS,
    OPT_FACET_SIZE, OPT_LIKE, OPT_WINDOW, OPT_NO_SNIPPETS, OPT_HELP
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
    { "format", required_argument, NULL, OPT_FORMAT },
    { "format-version", required_argument, NULL, OPT_FORMAT_VERSION },
    { "color", required_argument, NULL, OPT_COLOR },
    { "colour", required_argument, NULL, OPT_COLOR },
    { "facets", required_argument, NULL, OPT_FACETS },
    { "facet-size", required_argument, NULL, OPT_FACET_SIZE },
    { "like", required_argument, NULL, OPT_LIKE },
    { "window", required_argument, NULL, OPT_WINDOW },
    { "no-snippets", no_argument, NULL, OPT_NO_SNIPPETS },
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
        return parse_count(o, arg, "--limit", SR_MAX_LIMIT, &s->limit);
    case OPT_OFFSET:
        return parse_count(o, arg, "--offset", UINT32_MAX - SR_MAX_LIMIT,
                           &s->offset);
    case OPT_SORT:
        return parse_sort(o, arg);
    case OPT_HALF_LIFE:
        return parse_real(o, arg, "--half-life", 0, MAX_HALF_LIFE_DAYS, true,
                          &s->half_life_days);
    case OPT_RECENCY:
        return parse_real(o, arg, "--recency-weight", 0, 100, false,
                          &s->recency_weight);
    case OPT_K1:
        return parse_real(o, arg, "--k1", 0, 100, false, &s->bm25_k1);
    case OPT_B:
        return parse_real(o, arg, "--b", 0, 1, false, &s->bm25_b);
    case OPT_SINCE:
        f->since = arg;
        return true;
    case OPT_UNTIL:
        f->until = arg;
        return true;
    case OPT_AUTHOR:
        return push(o, "--author", o->authors, &f->n_authors, arg);
    case OPT_TAG:
        return push(o, "--tag", o->tags, &f->n_tags, arg);
    case OPT_SITE:
        return push(o, "--site", o->sites, &f->n_sites, arg);
    case OPT_ALIASES:
        return push(o, "--aliases", o->alias_files, &o->n_alias_files, arg);
    case OPT_NO_ALIASES:
        o->uses_aliases = false;
        return true;
    case OPT_NOW:
        o->is_now_given = true;
        return parse_now(o, arg, &s->now);
    case OPT_STRICT:
        o->is_strict = true;
        return true;
    case OPT_EXPLAIN:
        s->wants_explain = true;
        return true;
    case OPT_STATS:
        o->is_stats = true;
        return true;
    case OPT_FORMAT:
        return parse_format(o, arg);
    case OPT_FORMAT_VERSION:
        return parse_format_version(o, arg);
    case OPT_COLOR:
        return parse_color(o, arg);
    case OPT_FACETS:
        return parse_facets(o, arg);
    case OPT_FACET_SIZE:
        return parse_count(o, arg, "--facet-size", SR_MAX_FACET_SIZE,
                           &o->facet_size);
    case OPT_LIKE:
        o->like_id = arg;
        return true;
    case OPT_WINDOW:
        return parse_window(o, arg);
    case OPT_NO_SNIPPETS:
        o->wants_snippets = false;
        return true;
    default:
        return false;
    }
}

/* Checks the options against each other once all are read; HAS_QUERY
 * says whether query words were given. */
static int
check_combination(sr_options_t *o, bool has_query)
{
    if (o->db_path == NULL) {
        o->wants_usage = true;
        fail(o, "need --db DIR");
        return SR_EXIT_USAGE;
    }
    if (!has_query && !o->is_stats && o->like_id == NULL) {
        o->wants_usage = true;
        fail(o, "need a QUERY, --like ID or --stats");
        return SR_EXIT_USAGE;
    }
    if (o->is_stats && (has_query || o->like_id != NULL ||
                        o->search.wants_explain || o->facets != 0)) {
        fail(o, "--stats takes no QUERY, --like, --explain or --facets: it "
             "describes the whole index");
        return SR_EXIT_USAGE;
    }
    if (o->like_id != NULL && has_query) {
        fail(o, "--like takes no QUERY: filter it with --since, --until, "
             "--author, --tag, --site or --window");
        return SR_EXIT_USAGE;
    }
    if (o->window != NULL && o->like_id == NULL) {
        fail(o, "--window needs --like ID");
        return SR_EXIT_USAGE;
    }
    if (o->format_version != 0 && o->format_version != SR_FORMAT_VERSION) {
        fail(o, "output format version %ld is %s than this quarry-search, "
             "which writes version %d only", o->format_version,
             o->format_version < SR_FORMAT_VERSION ? "older" : "newer",
             SR_FORMAT_VERSION);
        return SR_EXIT_FORMAT_VERSION;
    }
    return SR_EXIT_OK;
}

/* True when ARG is a query word rather than an option: every option is
 * long, so anything but "--" and "--name" is a word, "-rust" and
 * "-tag:rust" (exclusions) and a lone "-" included. */
static bool
is_query_word(const char *arg)
{
    return arg[0] != '-' || arg[1] != '-';
}

/* Reads the options and collects the query words (in order) into WORDS
 * (room for ARGC), *N_WORDS_OUT of them. Options and words may be mixed;
 * "--" ends the options. */
static int
read_arguments(int argc, char **argv, sr_options_t *opts, char **words,
               int *n_words_out)
{
    int n = 0, c;

    *n_words_out = 0;
    opterr = 0;   /* the message goes into OPTS->error */
    optind = 1;
    while (optind < argc) {
        const char *arg = argv[optind];
        if (strcmp(arg, "--") == 0) {
            for (optind++; optind < argc; optind++)
                words[n++] = argv[optind];
            break;
        }
        if (is_query_word(arg)) {
            words[n++] = argv[optind++];
            continue;
        }
        /* "+": take options in order; only "--name" ever gets here. */
        c = getopt_long(argc, argv, "+", LONG_OPTS, NULL);
        if (c == OPT_HELP) {
            sr_options_usage(stdout);
            return SR_EXIT_HELP;
        }
        if (c == '?' || c == ':') {
            opts->wants_usage = true;
            if (optopt != 0)
                fail(opts, "%.*s needs a value", (int)strcspn(arg, "="), arg);
            else
                fail(opts, "unknown or ambiguous option: %s", arg);
            return SR_EXIT_USAGE;
        }
        if (c == -1) {
            fail(opts, "cannot read the option %s", arg);
            return SR_EXIT_USAGE;
        }
        if (!apply(opts, c, optarg))
            return SR_EXIT_USAGE;   /* apply said why */
    }
    *n_words_out = n;
    return SR_EXIT_OK;
}

int
sr_options_parse(int argc, char **argv, sr_options_t *opts)
{
    char **words = NULL;
    int n_words = 0, code;

    memset(opts, 0, sizeof *opts);
    qr_search_opts_init(&opts->search);
    opts->search.date_slot = QR_SLOT_DATE;
    opts->search.week_slot = QR_SLOT_WEEK;
    opts->search.id_prefix = QR_PREFIX_ID;
    opts->uses_aliases = true;
    opts->facet_size = SR_DEFAULT_FACET_SIZE;
    opts->wants_snippets = true;
    opts->filters.authors = opts->authors;
    opts->filters.tags = opts->tags;
    opts->filters.sites = opts->sites;
    words = malloc(((size_t)argc + 1) * sizeof *words);
    if (words == NULL) {
        fail(opts, "out of memory reading the options");
        return SR_EXIT_FAILED;
    }
    code = read_arguments(argc, argv, opts, words, &n_words);
    if (code == SR_EXIT_OK)
        code = check_combination(opts, n_words > 0);
    if (code == SR_EXIT_OK && opts->like_id != NULL && !opts->is_sort_given)
        opts->search.sort = QR_SORT_RELEVANCE;
    if (code == SR_EXIT_OK && n_words > 0 &&
        !join_query(words, n_words, &opts->query_text)) {
        fail(opts, "out of memory reading the query");
        code = SR_EXIT_FAILED;
    }
    free(words);
    return code;
}

void
sr_options_settle_output(sr_options_t *opts, bool is_terminal,
                         const char *no_color)
{
    if (opts->format == SR_FORMAT_AUTO)
        opts->format = is_terminal ? SR_FORMAT_TEXT : SR_FORMAT_JSON;
    if (opts->color == SR_COLOR_ALWAYS)
        opts->uses_color = true;
    else if (opts->color == SR_COLOR_AUTO)
        opts->uses_color = is_terminal &&
                           (no_color == NULL || no_color[0] == '\0');
    else
        opts->uses_color = false;
    opts->uses_color = opts->uses_color && opts->format == SR_FORMAT_TEXT;
}

void
sr_options_release(sr_options_t *opts)
{
    free(opts->query_text);
    opts->query_text = NULL;
}
