/* fsutil.h: small file helpers for the demo library. */
#ifndef RJD_FSUTIL_H
#define RJD_FSUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "runj.h"

/* Copies the regular file src to dst (created, mode). */
int
copy_file(const char *src, const char *dst, mode_t mode, struct rj_error **err);
/* Writes text to dir/name (created, mode). */
int write_text(const char *dir, const char *name, const char *text, mode_t mode,
    struct rj_error **err);
/* mkdir dir/name with exactly mode (umask aside). */
int
make_dir(const char *dir, const char *name, mode_t mode, struct rj_error **err);

/* Opens path for reading only when it is a regular file: a FIFO or a
 * device (/dev/zero) would be read forever, or block, and opening a device
 * may do something by itself, so neither is opened.  max > 0: larger is an
 * error.  Errors name what ("index.json", "blob sha256:..."); *size gets
 * the size when size is not NULL.  Returns the descriptor. */
int open_regular(const char *path, const char *what, uint64_t max,
    uint64_t *size, struct rj_error **err);
/* The whole of a regular file of at most max bytes, NUL-terminated. */
int read_regular(const char *path, const char *what, uint64_t max, char **out,
    size_t *len, struct rj_error **err);
/* rm -rf path, never leaving its file system nor following a symlink,
 * with one descriptor open whatever the depth (a hostile archive can make
 * a tree deeper than the descriptor limit). */
int tree_remove(const char *path, struct rj_error **err);
/* "4 MiB", "1.5 GiB", "512 bytes". */
void size_text(uint64_t n, char *buf, size_t len);

#endif
