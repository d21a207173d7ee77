/* e2e_util.h - run quarry-index and quarry-search from tests. */
#ifndef QR_E2E_UTIL_H
#define QR_E2E_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Runs quarry-index --db DB with ARGS (a shell-quoted string); returns the
 * exit code and, if STDERR_OUT is not NULL, its stderr (caller frees). */
int e2e_index(const char *db, const char *args, char **stderr_out);

/* Starts quarry-index --db DB with ARGS (a shell-quoted string) in the
 * background, its output discarded, and returns its process id for
 * waitpid. Fails the test when it cannot start. */
pid_t e2e_spawn_index(const char *db, const char *args);

/* Runs quarry-search --db DB with ARGS; returns the exit code. *JSON_OUT
 * gets the parsed stdout when the exit code is 0 (caller decrefs), else
 * NULL; STDERR_OUT as above. */
int e2e_search(const char *db, const char *args, json_t **json_out,
               char **stderr_out);

/* What e2e_search_until_exit saw: searches run, failed, and the stderr
 * of the first failure (NULL while none failed; the caller frees it). */
typedef struct e2e_search_loop {
    int n_searches;
    int n_failed;
    char *first_failure;
} e2e_search_loop_t;

/* Runs quarry-search --db DB in a loop, with ARGS[0..N_ARGS) in turn,
 * until the process PID (an indexer from e2e_spawn_index) exits, adding
 * to LOOP's counts (start it zeroed). A search fails when its exit code is
 * not 0 or, when NEEDS_HITS, its JSON has no "hits" list. Returns PID's
 * wait status. */
int e2e_search_until_exit(pid_t pid, const char *db,
                          const char *const *args, size_t n_args,
                          bool needs_hits, e2e_search_loop_t *loop);

/* Index of the hit whose "path" ends with SUFFIX (or whose "id" equals
 * it) in RESULT's hits, or -1. */
int e2e_hit_rank(const json_t *result, const char *suffix);

/* The "total" of searching DB for QUERY (options and words), which must
 * succeed. */
long long e2e_total(const char *db, const char *query);

#endif /* QR_E2E_UTIL_H */
