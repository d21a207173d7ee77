/* walk.c - find the files under the paths given on the command line. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "utf8.h"

enum { MAX_DEPTH = 64 };

typedef struct walk {
    ix_walk_file_fn on_file;
    ix_walk_error_fn on_error;
    void *ctx;
    const char *root;   /* the PATH walked, resolved */
} walk_t;

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Lists DIR's entries, minus hidden ones, sorted; NULL on failure with
 * ERRNO set (an empty folder gives a non-NULL list of zero names). */
static char **
list_folder(const char *dir, size_t *n_out)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;

    *n_out = 0;
    if (d == NULL)
        return NULL;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t new_cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, new_cap * sizeof *grown);
            if (grown == NULL)
                goto fail;
            names = grown;
            cap = new_cap;
        }
        names[n] = strdup(e->d_name);
        if (names[n] == NULL)
            goto fail;
        n++;
    }
    if (errno != 0)
        goto fail;
    closedir(d);
    if (names == NULL && (names = malloc(sizeof *names)) == NULL)
        return NULL;
    qsort(names, n, sizeof *names, compare_names);
    *n_out = n;
    return names;
fail:
    free_names(names, n);
    closedir(d);
    if (errno == 0)
        errno = ENOMEM;
    return NULL;
}

static bool walk_path(walk_t *w, const char *path, bool is_explicit,
                      int depth);

static bool
walk_folder(walk_t *w, const char *dir, int depth)
{
    size_t n;
    char **names;
    bool keep_going = true;

    if (depth > MAX_DEPTH) {
        w->on_error(w->ctx, dir, "folders nested too deeply");
        return true;
    }
    names = list_folder(dir, &n);
    if (names == NULL) {
        w->on_error(w->ctx, dir, qr_strerror(errno).text);
        return true;
    }
    for (size_t i = 0; i < n && keep_going; i++) {
        char path[PATH_MAX];
        int len = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (len < 0 || (size_t)len >= sizeof path) {
            w->on_error(w->ctx, names[i], "path too long");
            continue;
        }
        keep_going = walk_path(w, path, false, depth + 1);
    }
    free_names(names, n);
    return keep_going;
}

/* A link leading out of the archive is skipped like a linked folder:
 * "ln -s /etc/passwd archive/x.txt" must not make /etc/passwd
 * searchable. */
bool
ix_walk_is_link_out(const char *root, const char *path)
{
    struct stat lst;
    char *target;
    size_t n = strlen(root);
    bool is_inside;

    if (lstat(path, &lst) != 0 || !S_ISLNK(lst.st_mode))
        return false;
    target = realpath(path, NULL);
    is_inside = target != NULL && strncmp(target, root, n) == 0 &&
                (target[n] == '/' || (n == 1 && root[0] == '/'));
    free(target);
    return !is_inside;
}

/* Reports PATH, whose bytes are not UTF-8, as failed: its articles' ids
 * and records are JSON strings, which must be UTF-8, and storing such a
 * name losslessly is not built yet. Failing the one file keeps the run
 * going; it stopped every first build with "out of memory saving the
 * record" before. The message shows the name with U+FFFD for the bad
 * bytes, as the status file and --json must be UTF-8 too. */
static void
report_bad_name(walk_t *w, const char *path)
{
    static const char WHY[] = "the name is not valid UTF-8, which quarry "
                              "cannot store yet: not indexed";
    char *shown = NULL;
    size_t len, n_invalid;
    qr_err_t err;

    if (qr_utf8_sanitize(path, strlen(path), &shown, &len, &n_invalid,
                         &err) == QR_OK)
        w->on_error(w->ctx, shown, WHY);
    else
        w->on_error(w->ctx, "(a path that is not UTF-8)", WHY);
    free(shown);
}

static bool
walk_path(walk_t *w, const char *path, bool is_explicit, int depth)
{
    struct stat st, lst;

    if (!qr_utf8_is_valid(path, strlen(path))) {
        report_bad_name(w, path);
        return true;
    }

    if (stat(path, &st) != 0) {
        w->on_error(w->ctx, path, qr_strerror(errno).text);
        return true;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!is_explicit && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            return true;
        return walk_folder(w, path, depth);
    }
    if (!S_ISREG(st.st_mode)) {
        if (is_explicit)
            w->on_error(w->ctx, path, "not a regular file or folder");
        return true;
    }
    if (!is_explicit && ix_walk_is_link_out(w->root, path))
        return true;
    return w->on_file(w->ctx, path, &st, is_explicit);
}

bool
ix_walk(const char *root, ix_walk_file_fn on_file, ix_walk_error_fn on_error,
        void *ctx)
{
    walk_t w = { on_file, on_error, ctx, NULL };
    char *absolute = realpath(root, NULL);
    bool keep_going;

    if (absolute == NULL) {
        on_error(ctx, root, qr_strerror(errno).text);
        return true;
    }
    w.root = absolute;
    keep_going = walk_path(&w, absolute, true, 0);
    free(absolute);
    return keep_going;
}

char *
ix_walk_absolute(const char *root)
{
    char *absolute = realpath(root, NULL);
    char *parent, *slash, *joined = NULL;
    const char *base;
    size_t len;

    if (absolute != NULL || errno != ENOENT)
        return absolute;
    /* ROOT is missing: resolve what is left of it, then add the rest. */
    parent = strdup(root);
    if (parent == NULL)
        return NULL;
    len = strlen(parent);
    while (len > 1 && parent[len - 1] == '/')
        parent[--len] = '\0';
    slash = strrchr(parent, '/');
    if (slash == NULL) {
        base = parent;
        absolute = realpath(".", NULL);
    } else {
        *slash = '\0';
        base = slash + 1;
        absolute = ix_walk_absolute(slash == parent ? "/" : parent);
    }
    if (absolute != NULL && base[0] != '\0') {
        size_t n = strlen(absolute) + strlen(base) + 2;
        if ((joined = malloc(n)) != NULL)
            snprintf(joined, n, "%s%s%s", absolute,
                     absolute[strlen(absolute) - 1] == '/' ? "" : "/", base);
    }
    free(absolute);
    free(parent);
    return joined;
}
