/* e2e_util.c - run quarry-index and quarry-search from tests. */
#include "e2e_util.h"

#include <check.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "test_util.h"

extern char **environ;

int
e2e_index(const char *db, const char *args, char **stderr_out)
{
    char cmd[8192];

    snprintf(cmd, sizeof cmd, "'%s/quarry-index' --db '%s' %s", QR_BIN_DIR,
             db, args);
    return tu_run(cmd, NULL, stderr_out);
}

pid_t
e2e_spawn_index(const char *db, const char *args)
{
    char cmd[8192];
    char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    pid_t pid;

    snprintf(cmd, sizeof cmd, "exec '%s/quarry-index' --db '%s' %s "
             ">/dev/null 2>&1", QR_BIN_DIR, db, args);
    ck_assert_int_eq(posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ),
                     0);
    return pid;
}

int
e2e_search(const char *db, const char *args, json_t **json_out,
           char **stderr_out)
{
    char cmd[8192];
    char *out = NULL;
    int code;

    snprintf(cmd, sizeof cmd, "'%s/quarry-search' --db '%s' %s", QR_BIN_DIR,
             db, args);
    code = tu_run(cmd, &out, stderr_out);
    *json_out = code == 0 ? tu_parse_json(out) : NULL;
    free(out);
    return code;
}

int
e2e_search_until_exit(pid_t pid, const char *db, const char *const *args,
                      size_t n_args, bool needs_hits, e2e_search_loop_t *loop)
{
    int status;

    while (waitpid(pid, &status, WNOHANG) == 0) {
        json_t *r = NULL;
        char *err = NULL;
        int code = e2e_search(db, args[(size_t)loop->n_searches % n_args],
                              &r, &err);

        if (code != 0 ||
            (needs_hits && !json_is_array(json_object_get(r, "hits")))) {
            loop->n_failed++;
            if (loop->first_failure == NULL) {
                loop->first_failure = err;
                err = NULL;
            }
        }
        json_decref(r);
        free(err);
        loop->n_searches++;
    }
    return status;
}

int
e2e_hit_rank(const json_t *result, const char *suffix)
{
    const json_t *hits = json_object_get(result, "hits");
    size_t n = strlen(suffix);

    for (size_t i = 0; i < json_array_size(hits); i++) {
        const json_t *hit = json_array_get(hits, i);
        const char *path = json_string_value(json_object_get(hit, "path"));
        const char *id = json_string_value(json_object_get(hit, "id"));
        if (path != NULL && strlen(path) >= n &&
            strcmp(path + strlen(path) - n, suffix) == 0) {
            return (int)i;
        }
        if (id != NULL && strcmp(id, suffix) == 0)
            return (int)i;
    }
    return -1;
}

long long
e2e_total(const char *db, const char *query)
{
    json_t *r;
    long long n;

    ck_assert_int_eq(e2e_search(db, query, &r, NULL), 0);
    n = json_integer_value(json_object_get(r, "total"));
    json_decref(r);
    return n;
}
