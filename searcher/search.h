/* search.h - one search, from options to printed JSON. */
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

/* Runs the search OPTS describes (OPTS->search.now set) with the alias
 * groups of ALIASES[0..N_ALIASES) and prints the JSON results to stdout, or
 * for a bad query an {"error": ...} object to stdout and the message to
 * stderr; other failures go to stderr. Returns an SR_EXIT_* code:
 * SR_EXIT_USAGE for a bad query (or, with --strict, one that needed
 * repairs), a bad alias file or a missing index, SR_EXIT_FAILED when the
 * search or the output failed. With OPTS->is_stats it prints the index's
 * statistics (sr_stats_json) instead. */
int sr_search_run(const sr_options_t *opts, const sr_alias_text_t *aliases,
                  size_t n_aliases);

#endif /* SR_SEARCH_H */
