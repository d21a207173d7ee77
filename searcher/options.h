/* options.h - quarry-search's command line. */
#ifndef SR_OPTIONS_H
#define SR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "query_build.h"

/* Most hits one page shows. */
enum { SR_MAX_LIMIT = 10000 };

/* Most files given with --aliases, and most values of one repeatable
 * filter option. */
enum { SR_MAX_REPEATS = 64 };

/* Output formats (output.h). */
typedef enum sr_format {
    SR_FORMAT_AUTO,     /* text on a terminal, else JSON: main decides */
    SR_FORMAT_JSON,
    SR_FORMAT_JSONL,
    SR_FORMAT_TEXT
} sr_format_t;

/* --color. */
typedef enum sr_color {
    SR_COLOR_AUTO,      /* on a terminal unless NO_COLOR is set */
    SR_COLOR_ALWAYS,
    SR_COLOR_NEVER
} sr_color_t;

/* The JSON contract's version (docs/schema/results-v1.json); --format-version
 * asks for it and gets SR_EXIT_FORMAT_VERSION for any other. */
enum { SR_FORMAT_VERSION = 1 };

/* Facets --facets can ask for, as bits of sr_options_t.facets. */
enum sr_facet {
    SR_FACET_TAG = 1u << 0,
    SR_FACET_AUTHOR = 1u << 1,
    SR_FACET_YEAR = 1u << 2,
    SR_FACET_MONTH = 1u << 3
};

/* Values a tag or author facet lists by default (--facet-size). */
enum { SR_DEFAULT_FACET_SIZE = 10, SR_MAX_FACET_SIZE = 1000 };

/* Bytes kept of an option error's message. */
enum { SR_OPTION_MSG_MAX = 256 };

typedef struct sr_options {
    const char *db_path;
    qr_search_opts_t search;
    sr_filters_t filters;        /* lists point into the arrays below */
    const char *authors[SR_MAX_REPEATS];
    const char *tags[SR_MAX_REPEATS];
    const char *sites[SR_MAX_REPEATS];
    const char *alias_files[SR_MAX_REPEATS];   /* --aliases, in order */
    size_t n_alias_files;
    bool uses_aliases;           /* false with --no-aliases */
    bool is_strict;
    bool is_now_given;           /* --now: else the caller reads the clock */
    bool is_stats;               /* --stats: print the index's statistics */
    bool is_sort_given;          /* --sort was given */
    sr_format_t format;          /* main turns AUTO into JSON or TEXT */
    sr_color_t color;
    bool uses_color;             /* set by main from COLOR, the terminal and
                                  * NO_COLOR */
    long format_version;         /* --format-version, 0 when not given */
    unsigned facets;             /* enum sr_facet bits */
    uint32_t facet_size;         /* values listed per tag or author facet */
    bool wants_snippets;         /* false with --no-snippets */
    const char *like_id;         /* --like: the article to match, or NULL */
    const char *window;          /* --window: an age such as 90d, or NULL */
    char *query_text;            /* owned: the words joined, valid UTF-8;
                                  * NULL with --stats or --like and no
                                  * query */
    char error[SR_OPTION_MSG_MAX];   /* why parsing failed */
    bool wants_usage;            /* a usage error that the help explains */
} sr_options_t;

/* Exit codes of quarry-search. */
enum {
    SR_EXIT_OK = 0,
    SR_EXIT_FAILED = 1,    /* the search itself failed */
    SR_EXIT_USAGE = 2,     /* bad options or query, or no index */
    SR_EXIT_FORMAT_VERSION = 3,   /* --format-version this program does
                                   * not speak */
    SR_EXIT_HELP = -1      /* --help was printed: exit 0 at once */
};

/* Parses ARGV into OPTS (which sr_options_release frees). Strings point
 * into ARGV. Prints nothing but the help: a usage error leaves its reason
 * in OPTS->error (and OPTS->wants_usage when the help would explain it).
 * Returns SR_EXIT_OK, SR_EXIT_HELP after printing the help on stdout,
 * SR_EXIT_USAGE, SR_EXIT_FORMAT_VERSION for a --format-version other than
 * SR_FORMAT_VERSION, or SR_EXIT_FAILED when memory ran out. */
int sr_options_parse(int argc, char **argv, sr_options_t *opts);

/* Decides OPTS->format (when SR_FORMAT_AUTO) and OPTS->uses_color from
 * the environment, which the caller reads: text on a terminal, JSON for
 * programs (IS_TERMINAL says whether stdout is one); colour only for text,
 * with --color always, or with auto on a terminal when NO_COLOR (the
 * variable's value, NULL when unset) is unset or empty, as no-color.org
 * asks. Cannot fail. */
void sr_options_settle_output(sr_options_t *opts, bool is_terminal,
                              const char *no_color);

/* Prints the help to OUT. Cannot fail. */
void sr_options_usage(FILE *out);

/* Frees what OPTS owns. Cannot fail. */
void sr_options_release(sr_options_t *opts);

#endif /* SR_OPTIONS_H */
