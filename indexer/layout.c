/* layout.c - the writer lock, database generations, the swap of CURRENT. */
#include "layout.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "status.h"

#define GEN_PREFIX "db-"

/* How often a waiting indexer tries the lock again. */
static const long LOCK_POLL_NS = 50L * 1000 * 1000;

static unsigned
parse_generation(const char *name)
{
    char *end;
    unsigned long gen;

    if (strncmp(name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0)
        return 0;
    name += strlen(GEN_PREFIX);
    gen = strtoul(name, &end, 10);
    if (end == name || (*end != '\0' && *end != '\n') || gen > 999999)
        return 0;
    return (unsigned)gen;
}

/* Reads the generation CURRENT names ("auto db-000007"), 0 if none. */
static unsigned
read_current(const char *dir)
{
    char path[QR_INDEX_PATH_MAX], line[128];
    unsigned gen = 0;
    FILE *fp;

    if (qr_index_path(dir, QR_INDEX_CURRENT, path, NULL) != QR_OK)
        return 0;
    fp = fopen(path, "r");
    if (fp == NULL)
        return 0;
    if (fgets(line, sizeof line, fp) != NULL &&
        strncmp(line, "auto ", 5) == 0) {
        gen = parse_generation(line + 5);
    }
    fclose(fp);
    return gen;
}

static qr_status_t
wait_for_lock(int fd, const char *path, double wait_seconds, qr_err_t *err)
{
    struct timespec start, now, pause = { 0, LOCK_POLL_NS };

    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return QR_OK;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                              qr_strerror(errno).text);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((double)(now.tv_sec - start.tv_sec) +
                (double)(now.tv_nsec - start.tv_nsec) / 1e9 >= wait_seconds) {
            return qr_err_set(err, QR_ERR_DB_LOCKED, "another quarry-index "
                              "is updating this index (lock %s held)", path);
        }
        nanosleep(&pause, NULL);
    }
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
ix_layout_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* True for a temporary file a killed run left: "status.json." + anything
 * (older versions wrote "status.json.tmp"), or the mkstemp name of an
 * atomic write of CURRENT or the week file ("CURRENT.x8Fq2Z"). */
static bool
is_stale_temporary(const char *name)
{
    static const char *const WRITTEN[] = { QR_INDEX_CURRENT, QR_INDEX_WEEKS };
    size_t n = strlen(QR_INDEX_STATUS);

    if (strncmp(name, QR_INDEX_STATUS, n) == 0 && name[n] == '.')
        return true;
    for (size_t i = 0; i < sizeof WRITTEN / sizeof *WRITTEN; i++) {
        n = strlen(WRITTEN[i]);
        if (strncmp(name, WRITTEN[i], n) == 0 &&
            strlen(name + n) == strlen(QR_FILE_TMP_SUFFIX) && name[n] == '.')
            return true;
    }
    return false;
}

/* Removes every generation folder but KEEP, any leftovers of builds
 * ("db-NNNNNN.part0", ".meta") and temporary files; failures only waste
 * space. */
static void
remove_leftovers(const char *dir, unsigned keep)
{
    char kept[32];
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    snprintf(kept, sizeof kept, GEN_PREFIX "%06u", keep);
    while ((e = readdir(d)) != NULL) {
        char path[QR_INDEX_PATH_MAX];
        bool is_generation =
            strncmp(e->d_name, GEN_PREFIX, strlen(GEN_PREFIX)) == 0 &&
            strcmp(e->d_name, kept) != 0;
        if ((!is_generation && !is_stale_temporary(e->d_name)) ||
            qr_index_path(dir, e->d_name, path, NULL) != QR_OK) {
            continue;
        }
        ix_layout_remove_tree(path);
    }
    closedir(d);
}

/* Makes the folder DIR and any missing parents, as mkdir -p does; the
 * error names the folder that could not be made (the caller names DIR). */
static qr_status_t
make_folders(const char *dir, qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX];
    size_t len = strlen(dir);

    if (len >= sizeof path)
        return qr_err_set(err, QR_ERR_LIMIT, "path too long");
    memcpy(path, dir, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return qr_err_set(err, QR_ERR_IO, "cannot make the folder %s: "
                              "%s", path, qr_strerror(errno).text);
        if (i < len)
            path[i] = '/';
    }
    return QR_OK;
}

qr_status_t
ix_layout_lock(const char *dir, double wait_seconds, ix_layout_t *layout,
               qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX];
    qr_status_t st;
    int n = snprintf(layout->dir, sizeof layout->dir, "%s", dir);

    layout->lock_fd = -1;
    layout->current_gen = 0;
    if (n < 0 || (size_t)n >= sizeof layout->dir)
        return qr_err_set(err, QR_ERR_LIMIT, "%s: path too long", dir);
    st = make_folders(dir, err);
    if (st != QR_OK)
        return st;
    st = qr_index_path(dir, QR_INDEX_LOCK, path, err);
    if (st != QR_OK)
        return st;
    layout->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (layout->lock_fd < 0)
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(errno).text);
    st = wait_for_lock(layout->lock_fd, path, wait_seconds, err);
    if (st != QR_OK) {
        ix_layout_unlock(layout);
        return st;
    }
    layout->current_gen = read_current(dir);
    /* Holding the lock, nothing else writes here: what a killed run left
     * behind can go. */
    remove_leftovers(dir, layout->current_gen);
    return QR_OK;
}

void
ix_layout_unlock(ix_layout_t *layout)
{
    if (layout->lock_fd >= 0)
        close(layout->lock_fd);   /* closing drops the flock */
    layout->lock_fd = -1;
}

qr_status_t
ix_layout_db_path(const ix_layout_t *layout, unsigned gen, char *out,
                  qr_err_t *err)
{
    char name[32];

    snprintf(name, sizeof name, GEN_PREFIX "%06u", gen);
    return qr_index_path(layout->dir, name, out, err);
}

static qr_status_t
sync_path(const char *path, int flags, qr_err_t *err)
{
    int fd = open(path, flags | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(errno).text);
    rc = fsync(fd);
    close(fd);
    if (rc != 0)
        return qr_err_set(err, QR_ERR_IO, "%s: %s", path,
                          qr_strerror(errno).text);
    return QR_OK;
}

static qr_status_t
write_current(const char *dir, unsigned gen, qr_err_t *err)
{
    char path[QR_INDEX_PATH_MAX], stub[64];
    int n = snprintf(stub, sizeof stub, "auto " GEN_PREFIX "%06u\n", gen);
    qr_status_t st = qr_index_path(dir, QR_INDEX_CURRENT, path, err);

    if (st == QR_OK)
        st = qr_file_write_atomic(path, stub, (size_t)n, err);
    /* The rename itself must reach the disk before the old generation's
     * folder goes. */
    return st == QR_OK ? sync_path(dir, O_RDONLY | O_DIRECTORY, err) : st;
}

void
ix_layout_discard(const ix_layout_t *layout, unsigned gen)
{
    char path[QR_INDEX_PATH_MAX];

    if (gen != layout->current_gen &&
        ix_layout_db_path(layout, gen, path, NULL) == QR_OK) {
        ix_layout_remove_tree(path);
    }
}

qr_status_t
ix_layout_publish(ix_layout_t *layout, unsigned gen, qr_err_t *err)
{
    qr_status_t st = write_current(layout->dir, gen, err);

    if (st != QR_OK)
        return st;
    layout->current_gen = gen;
    remove_leftovers(layout->dir, gen);
    return QR_OK;
}
