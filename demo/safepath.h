/*
 * safepath.h: names from archives made safe to create under a root.
 * A name may not be absolute nor hold "..", and may not go through a
 * symlink that leads out of the root (the way a hostile archive writes
 * outside the directory it is unpacked into).
 */
#ifndef RJD_SAFEPATH_H
#define RJD_SAFEPATH_H

#include <stdbool.h>

#include "runj.h"

/* Cleans an archive member name: drops leading "./", "." components,
 * doubled and trailing slashes; fails on an absolute name or "..".
 * *out is "" for the root itself.  Caller frees. */
int safepath_clean(const char *name, char **out, struct rj_error **err);

/* Resolves the clean relative path rel under root as the container will
 * see it: symlinks in the components before the last (and the last too
 * when follow_last) are followed, and one whose target is absolute or
 * climbs out of root is an error.  *out is a clean relative path whose
 * parents are real directories (or do not exist yet).  Caller frees. */
int safepath_resolve(const char *root, const char *rel, bool follow_last,
    char **out, struct rj_error **err);

#endif
