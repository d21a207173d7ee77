/* search.h - one run of quarry-search, from options to printed results. */
#ifndef SR_SEARCH_H
#define SR_SEARCH_H

#include <stddef.h>

#include "options.h"

/* The content of one alias file; strings borrowed. */
typedef struct sr_alias_text {
    const char *source;   /* the file's name, for messages */
    const char *text;
    size_t len;
} sr_alias_text_t;

/* A monotonic clock in milliseconds, for took_ms (main reads the clock;
 * tests may pass their own). */
typedef double (*sr_clock_ms_fn)(void);

/* Runs what OPTS asks (OPTS->search.now, format and uses_color set by the
 * caller): the index's statistics (--stats), the articles like one
 * (--like), or a search of OPTS->query_text with the alias groups of
 * ALIASES[0..N_ALIASES), with snippets, a spelling suggestion and the
 * facets asked for; and prints the envelope (output_json.h) to stdout in
 * the format asked. A failure prints its message on stderr and, for JSON
 * and JSON Lines, the error envelope on stdout. Returns an SR_EXIT_* code:
 * SR_EXIT_USAGE for a refused query (a bad query, or with --strict one
 * that needed repairs), a bad alias file, an unknown --like id or a
 * missing index; SR_EXIT_FAILED when the search or the output failed. */
int sr_search_run(const sr_options_t *opts, const sr_alias_text_t *aliases,
                  size_t n_aliases, sr_clock_ms_fn clock_ms);

/* Reports a failure that happened before a search could start: MESSAGE on
 * stderr, and for JSON and JSON Lines the error envelope with CODE on
 * stdout. Returns EXIT_CODE. */
int sr_search_fail(const sr_options_t *opts, const char *code,
                   const char *message, int exit_code);

#endif /* SR_SEARCH_H */
