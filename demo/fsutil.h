/* fsutil.h: small file helpers for the demo library. */
#ifndef RJD_FSUTIL_H
#define RJD_FSUTIL_H

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

#endif
