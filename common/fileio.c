/* fileio.c - whole files: bounded reads, atomic writes, read-only maps. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

/* Reads FP to the end into a growing buffer, failing past MAX_LEN. */
static qr_status_t
read_bounded(FILE *fp, const char *path, size_t max_len, char **data_out,
             size_t *len_out, qr_err_t *err)
{
    char *data = NULL;
    size_t len = 0, cap = 0;

    for (;;) {
        size_t n;
        if (len == cap) {
            size_t new_cap = cap ? cap * 2 : 64 * 1024;
            char *grown;
            if (new_cap > max_len + 1)
                new_cap = max_len + 1;
            if (new_cap <= len) {
                free(data);
                return qr_err_set(err, QR_ERR_LIMIT, "%s: larger than %zu "
                                  "bytes", path, max_len);
            }
            grown = realloc(data, new_cap + 1);
            if (grown == NULL) {
                free(data);
                return qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory "
                                  "reading the file", path);
            }
            data = grown;
            cap = new_cap;
        }
        n = fread(data + len, 1, cap - len, fp);
        len += n;
        if (n == 0) {
            if (ferror(fp)) {
                int saved = errno;
                free(data);
                return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                                  qr_strerror(saved).text);
            }
            break;
        }
        if (len > max_len) {
            free(data);
            return qr_err_set(err, QR_ERR_LIMIT, "%s: larger than %zu bytes",
                              path, max_len);
        }
    }
    if (data == NULL) {
        data = malloc(1);
        if (data == NULL)
            return qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory", path);
    }
    data[len] = '\0';
    *data_out = data;
    *len_out = len;
    return QR_OK;
}

qr_status_t
qr_file_read_all(const char *path, size_t max_len, char **data_out,
                 size_t *len_out, qr_err_t *err)
{
    qr_status_t st;
    char *data = NULL;
    size_t len = 0;
    FILE *fp;

    *data_out = NULL;
    *len_out = 0;
    fp = fopen(path, "rb");
    if (fp == NULL)
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(errno).text);
    st = read_bounded(fp, path, max_len, &data, &len, err);
    if (st != QR_OK)
        goto out;
    *data_out = data;           /* ownership moves to the caller */
    *len_out = len;
    data = NULL;
out:
    free(data);
    fclose(fp);
    return st;
}

qr_status_t
qr_file_read_regular(const char *path, size_t max_len, char **data_out,
                     size_t *len_out, qr_err_t *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    qr_status_t status;
    FILE *fp;
    int saved;

    *data_out = NULL;
    *len_out = 0;
    if (fd < 0) {
        saved = errno;
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(saved).text);
    }
    if (fstat(fd, &st) != 0) {
        saved = errno;
        close(fd);
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(saved).text);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return qr_err_set(err, QR_ERR_IO, "%s: not a regular file", path);
    }
    /* Reads block as usual again (a regular file never waits anyway). */
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
        (fp = fdopen(fd, "rb")) == NULL) {
        saved = errno;
        close(fd);
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(saved).text);
    }
    status = read_bounded(fp, path, max_len, data_out, len_out, err);
    fclose(fp);
    return status;
}

/* Mode of the files qr_file_write_atomic writes: what a umask of 022
 * leaves of 0666. */
enum { QR_FILE_MODE = 0644 };

/* Writes DATA[0..LEN) to the open file FD (named TMP) and syncs it. */
static qr_status_t
write_synced(int fd, const char *tmp, const char *data, size_t len,
             qr_err_t *err)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return qr_err_set(err, QR_ERR_IO, "%s: cannot write: %s", tmp,
                              qr_strerror(errno).text);
        data += n;
        len -= (size_t)n;
    }
    if (fsync(fd) != 0)
        return qr_err_set(err, QR_ERR_IO, "%s: cannot write: %s", tmp,
                          qr_strerror(errno).text);
    return QR_OK;
}

qr_status_t
qr_file_write_atomic(const char *path, const void *data, size_t len,
                     qr_err_t *err)
{
    size_t path_len = strlen(path);
    char *tmp = malloc(path_len + sizeof QR_FILE_TMP_SUFFIX);
    qr_status_t st;
    int fd;

    if (tmp == NULL)
        return qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory", path);
    memcpy(tmp, path, path_len);
    memcpy(tmp + path_len, QR_FILE_TMP_SUFFIX, sizeof QR_FILE_TMP_SUFFIX);
    /* A name of its own, in the same folder so the rename is atomic. */
    fd = mkstemp(tmp);
    if (fd < 0) {
        st = qr_err_set(err, QR_ERR_IO, "%s: %s", tmp,
                        qr_strerror(errno).text);
        free(tmp);
        return st;
    }
    /* mkstemp makes it private; what it replaces is for every reader, as
     * the database's own files are. */
    if (fchmod(fd, QR_FILE_MODE) != 0)
        st = qr_err_set(err, QR_ERR_IO, "%s: %s", tmp,
                        qr_strerror(errno).text);
    else
        st = write_synced(fd, tmp, data, len, err);
    if (close(fd) != 0 && st == QR_OK)
        st = qr_err_set(err, QR_ERR_IO, "%s: cannot write: %s", tmp,
                        qr_strerror(errno).text);
    if (st == QR_OK && rename(tmp, path) != 0)
        st = qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                        qr_strerror(errno).text);
    if (st != QR_OK)
        unlink(tmp);
    free(tmp);
    return st;
}

qr_status_t
qr_file_map(const char *path, qr_mapped_file_t *map, qr_err_t *err)
{
    struct stat st;
    void *data;
    int saved;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    map->data = NULL;
    map->len = 0;
    if (fd < 0)
        return qr_err_set(err, errno == ENOENT ? QR_ERR_NOT_FOUND : QR_ERR_IO,
                          "%s: %s", path, qr_strerror(errno).text);
    if (fstat(fd, &st) != 0) {
        saved = errno;
        close(fd);
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(saved).text);
    }
    if (st.st_size == 0) {
        close(fd);
        return QR_OK;
    }
    data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    saved = errno;
    /* The map keeps the file; the descriptor is not needed any more. */
    close(fd);
    if (data == MAP_FAILED)
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(saved).text);
    map->data = data;
    map->len = (size_t)st.st_size;
    return QR_OK;
}

void
qr_file_unmap(qr_mapped_file_t *map)
{
    if (map->data != NULL)
        munmap((void *)map->data, map->len);
    map->data = NULL;
    map->len = 0;
}
