/* main.c - quarry-search: options, the clock, alias files, exit codes.
 *
 * Everything that touches the environment lives here: the clock ("now"
 * for ages and recency), the environment variables that locate the user's
 * alias file, and reading the alias files; the search itself gets them as
 * values. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "options.h"
#include "output_text.h"
#include "search.h"

/* Largest alias file read. */
enum { MAX_ALIAS_BYTES = 1024 * 1024 };

/* Alias files read: the shipped one, the user's, and --aliases files. */
enum { MAX_ALIAS_FILES = SR_MAX_REPEATS + 2 };

typedef struct alias_files {
    sr_alias_text_t texts[MAX_ALIAS_FILES];
    char *paths[MAX_ALIAS_FILES];   /* owned */
    char *data[MAX_ALIAS_FILES];    /* owned */
    size_t n;
} alias_files_t;

/* Reads PATH as the next alias file. A missing optional file is skipped;
 * any other failure is reported. Takes PATH. */
static bool
read_alias_file(alias_files_t *files, char *path, bool is_optional)
{
    qr_err_t err;
    size_t n = files->n, len;

    if (path == NULL) {
        fputs("quarry-search: out of memory\n", stderr);
        return false;
    }
    if (is_optional && access(path, R_OK) != 0) {
        free(path);
        return true;
    }
    if (qr_file_read_all(path, MAX_ALIAS_BYTES, &files->data[n], &len,
                         &err) != QR_OK) {
        sr_text_say(stderr, "aliases: %s", err.msg);
        free(path);
        return false;
    }
    files->paths[n] = path;
    files->texts[n].source = path;
    files->texts[n].text = files->data[n];
    files->texts[n].len = len;
    files->n++;
    return true;
}

static char *
join_path(const char *dir, const char *name)
{
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    char *path = malloc(len);

    if (path != NULL)
        snprintf(path, len, "%s/%s", dir, name);
    return path;
}

static char *
copy_string(const char *s)
{
    char *copy = malloc(strlen(s) + 1);

    if (copy != NULL)
        strcpy(copy, s);
    return copy;
}

/* The shipped alias file: next to the program (the build copies it
 * there), else in the source tree it was built from. */
static char *
shipped_aliases_path(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;

    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            char *path = join_path(exe, "aliases.txt");
            if (path == NULL || access(path, R_OK) == 0)
                return path;
            free(path);
        }
    }
    return copy_string(QR_SHIPPED_ALIASES);
}

/* $XDG_CONFIG_HOME/quarry/aliases, else ~/.config/quarry/aliases. */
static char *
user_aliases_path(void)
{
    const char *config = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char *dir, *path;

    if (config != NULL && config[0] == '/')
        return join_path(config, "quarry/aliases");
    if (home == NULL || home[0] == '\0')
        return NULL;
    dir = join_path(home, ".config/quarry");
    path = dir ? join_path(dir, "aliases") : NULL;
    free(dir);
    return path;
}

static bool
read_alias_files(const sr_options_t *opts, alias_files_t *files)
{
    char *user;
    bool is_ok;

    if (!opts->uses_aliases)
        return true;
    is_ok = read_alias_file(files, shipped_aliases_path(), true);
    user = user_aliases_path();
    if (is_ok && user != NULL)
        is_ok = read_alias_file(files, user, true);
    else
        free(user);
    for (size_t i = 0; is_ok && i < opts->n_alias_files; i++)
        is_ok = read_alias_file(files, copy_string(opts->alias_files[i]),
                                false);
    return is_ok;
}

static void
free_alias_files(alias_files_t *files)
{
    for (size_t i = 0; i < files->n; i++) {
        free(files->paths[i]);
        free(files->data[i]);
    }
}

static double
monotonic_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
    sr_options_t opts;
    alias_files_t files;
    int code = sr_options_parse(argc, argv, &opts);

    memset(&files, 0, sizeof files);
    sr_options_settle_output(&opts, isatty(STDOUT_FILENO) == 1,
                             getenv("NO_COLOR"));
    if (code == SR_EXIT_HELP) {
        code = SR_EXIT_OK;
    } else if (code != SR_EXIT_OK) {
        code = sr_search_fail(&opts, code == SR_EXIT_FORMAT_VERSION
                                         ? "unsupported_format_version"
                                         : "usage", opts.error, code);
        if (opts.wants_usage)
            fputs("quarry-search: see quarry-search --help\n", stderr);
    } else if (!opts.is_stats && opts.like_id == NULL &&
               !read_alias_files(&opts, &files)) {
        code = sr_search_fail(&opts, "bad_aliases", "an alias file could "
                              "not be read", SR_EXIT_USAGE);
    } else {
        if (!opts.is_now_given)
            opts.search.now = (int64_t)time(NULL);
        code = sr_search_run(&opts, files.texts, files.n, monotonic_ms);
    }
    free_alias_files(&files);
    sr_options_release(&opts);
    return code;
}
