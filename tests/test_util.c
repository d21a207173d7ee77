/* test_util.c - helpers shared by the Check suites. */
#define _XOPEN_SOURCE 700
#include "test_util.h"

#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *
tu_make_temp_dir(void)
{
    const char *base = getenv("TMPDIR");
    char *path = malloc(4096);

    ck_assert_ptr_nonnull(path);
    snprintf(path, 4096, "%s/quarry-test-XXXXXX", base ? base : "/tmp");
    ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp: %s", strerror(errno));
    return path;
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
             struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void
tu_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *
tu_write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char *path = malloc(4096);
    FILE *fp;

    ck_assert_ptr_nonnull(path);
    snprintf(path, 4096, "%s/%s", dir, name);
    for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL;
         p++) {
        *p = '\0';
        mkdir(path, 0755);
        *p = '/';
    }
    fp = fopen(path, "wb");
    ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
    return path;
}

static char *
slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *data;
    long len;

    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    data = malloc((size_t)len + 1);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(fread(data, 1, (size_t)len, fp), (size_t)len);
    data[len] = '\0';
    fclose(fp);
    return data;
}

int
tu_run(const char *cmd, char **out, char **err_out)
{
    char *dir = tu_make_temp_dir();
    char out_path[4200], err_path[4200];
    size_t full_len = strlen(cmd) + 2 * sizeof out_path + 32;
    char *full = malloc(full_len);
    int status;

    ck_assert_ptr_nonnull(full);
    snprintf(out_path, sizeof out_path, "%s/out", dir);
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    snprintf(full, full_len, "( %s ) >'%s' 2>'%s'", cmd, out_path, err_path);
    status = system(full);
    if (out != NULL)
        *out = slurp(out_path);
    if (err_out != NULL)
        *err_out = slurp(err_path);
    free(full);
    tu_remove_tree(dir);
    free(dir);
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

json_t *
tu_parse_json(const char *text)
{
    json_error_t error;
    json_t *json = json_loads(text, 0, &error);

    ck_assert_msg(json != NULL, "not JSON (%s): %.300s", error.text, text);
    return json;
}
