/* disk_usage.c - how much disk a folder tree takes. */
#include "disk_usage.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "index_dir.h"
#include "status.h"

/* An index folder is two levels deep; this only bounds the recursion. */
enum { MAX_DEPTH = 32 };

static qr_status_t
add_tree(const char *path, int depth, uint64_t *bytes, qr_err_t *err)
{
    struct stat st;
    struct dirent *entry;
    DIR *dir;
    qr_status_t status = QR_OK;

    if (lstat(path, &st) != 0) {
        /* An indexer may delete an old generation while we walk it. */
        if (depth > 0 && errno == ENOENT)
            return QR_OK;
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(errno).text);
    }
    *bytes += (uint64_t)st.st_blocks * 512;   /* POSIX: 512-byte units */
    if (!S_ISDIR(st.st_mode))
        return QR_OK;
    if (depth >= MAX_DEPTH)
        return qr_err_set(err, QR_ERR_LIMIT, "%s: folders nested too deep",
                          path);
    dir = opendir(path);
    if (dir == NULL && depth > 0 && errno == ENOENT)
        return QR_OK;
    if (dir == NULL)
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(errno).text);
    while (status == QR_OK && (entry = readdir(dir)) != NULL) {
        char child[QR_INDEX_PATH_MAX];
        if (strcmp(entry->d_name, ".") == 0 ||
            strcmp(entry->d_name, "..") == 0)
            continue;
        status = qr_index_path(path, entry->d_name, child, err);
        if (status == QR_OK)
            status = add_tree(child, depth + 1, bytes, err);
    }
    closedir(dir);
    return status;
}

qr_status_t
sr_disk_usage(const char *path, uint64_t *bytes_out, qr_err_t *err)
{
    *bytes_out = 0;
    return add_tree(path, 0, bytes_out, err);
}
