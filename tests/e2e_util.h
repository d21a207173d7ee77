/* e2e_util.h - run quarry-index and quarry-search from tests. */
#ifndef QR_E2E_UTIL_H
#define QR_E2E_UTIL_H

#include <jansson.h>
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

/* Index of the hit whose "path" ends with SUFFIX (or whose "id" equals
 * it) in RESULT's hits, or -1. */
int e2e_hit_rank(const json_t *result, const char *suffix);

#endif /* QR_E2E_UTIL_H */
