/*
 * fileio.h - reading whole files and writing files safely.
 *
 * Every file the program writes goes through fileio_write_atomic: a temporary
 * file in the same directory, written, fsync'd, renamed over the target, then the
 * directory fsync'd. A failure at any step removes the temporary file and leaves
 * any earlier file untouched. Messages are Chinese and say what to do next.
 */
#ifndef TB_FILEIO_H
#define TB_FILEIO_H

#include <stddef.h>

/* Read a whole file (at most 64 MiB); *data is NUL-terminated, caller frees. */
int fileio_read(const char *path, char **data, size_t *len, char **cause);

/* Write data to path atomically with the given mode (e.g. 0644). */
int fileio_write_atomic(const char *path, const void *data, size_t len, int mode,
			char **cause);

/* A path that does not exist yet: dir/base.ext, else dir/base(2).ext, (3)...;
 * malloc'd. Returns NULL (and *cause) when the directory is missing or unusable. */
char *fileio_free_name(const char *dir, const char *base, const char *ext, char **cause);

/*
 * Move from to to, never replacing a file already at to, in one step: renameat2 with
 * RENAME_NOREPLACE, else (a kernel or file system without it) link then unlink. Where
 * neither is possible, a rename once to is seen free. 0, or -1 with errno (EEXIST when
 * to is taken; from is then where it was).
 */
int fileio_move_noreplace(const char *from, const char *to);
/* The link then unlink of fileio_move_noreplace, on its own (its tests). */
int fileio_move_by_link(const char *from, const char *to);

/* The directory part of path ("." when there is none, "/" for the root); malloc'd. */
char *fileio_dirname(const char *path);

/* mkdir -p with mode 0700 for the parts it creates. */
int fileio_mkdirs(const char *path, char **cause);

#endif
