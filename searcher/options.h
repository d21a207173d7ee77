/* options.h - quarry-search's command line. */
#ifndef SR_OPTIONS_H
#define SR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "query_build.h"

/* Most hits one page shows. */
enum { SR_MAX_LIMIT = 10000 };

/* Most files given with --aliases, and most values of one repeatable
 * filter option. */
enum { SR_MAX_REPEATS = 64 };

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
    char *query_text;            /* owned: the words joined, valid UTF-8;
                                  * NULL with --stats and no query */
} sr_options_t;

/* Exit codes of quarry-search. */
enum {
    SR_EXIT_OK = 0,
    SR_EXIT_FAILED = 1,    /* the search itself failed */
    SR_EXIT_USAGE = 2,     /* bad options or query, or no index */
    SR_EXIT_HELP = -1      /* --help was printed: exit 0 at once */
};

/* Parses ARGV into OPTS (which sr_options_release frees). Strings point
 * into ARGV. Prints a message on stderr for a usage error. Returns
 * SR_EXIT_OK, SR_EXIT_HELP after printing the help, SR_EXIT_USAGE, or
 * SR_EXIT_FAILED when memory ran out. */
int sr_options_parse(int argc, char **argv, sr_options_t *opts);

/* Frees what OPTS owns. Cannot fail. */
void sr_options_release(sr_options_t *opts);

#endif /* SR_OPTIONS_H */
