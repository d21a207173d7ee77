/* walk.h - find the files under the paths given on the command line. */
#ifndef IX_WALK_H
#define IX_WALK_H

#include <stdbool.h>
#include <sys/stat.h>

/* Called for each regular file, in sorted order within each folder.
 * IS_EXPLICIT is true when the file was named on the command line rather
 * than found in a folder. Returning false stops the walk. */
typedef bool (*ix_walk_file_fn)(void *ctx, const char *path,
                                const struct stat *st, bool is_explicit);

/* Called for a path that cannot be read (MSG says why). */
typedef void (*ix_walk_error_fn)(void *ctx, const char *path,
                                 const char *msg);

/* Walks ROOT: a file is reported as is, a folder recursively. Paths are
 * made absolute first, so an article keeps its id whatever the working
 * directory. Names starting with '.' inside folders are skipped (version
 * control and editor files), symbolic links to folders are not
 * followed (they can loop), nor links to files out of ROOT. Returns false when a callback stopped it. */
bool ix_walk(const char *root, ix_walk_file_fn on_file,
             ix_walk_error_fn on_error, void *ctx);

/* True when PATH, found in a folder under the absolute ROOT, is a
 * symbolic link that leads out of ROOT (or nowhere): the walk does not
 * read it, and the index drops what an earlier run read through it. */
bool ix_walk_is_link_out(const char *root, const char *path);

/* The absolute path the walk gives ROOT, in a new string (the caller
 * frees it): realpath(3) of ROOT, or for a ROOT that does not exist (a
 * vanished file or folder) realpath of its nearest existing ancestor with
 * the rest of ROOT after it. NULL when not even that resolves, or on
 * out-of-memory. */
char *ix_walk_absolute(const char *root);

#endif /* IX_WALK_H */
