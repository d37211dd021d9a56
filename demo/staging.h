/*
 * staging.h: outputs are built under a temporary name beside the target
 * and renamed into place only when whole, so a failure (or a cancel)
 * never leaves something that looks finished.
 */
#ifndef RJD_STAGING_H
#define RJD_STAGING_H

#include <stdbool.h>

#include "runj.h"

struct staging {
	char *out; /* the final path */
	char *tmp; /* the temporary path beside it */
	bool is_dir;
	bool done;    /* committed: nothing to clean up */
	char *parent; /* the output's parent, when staging made it */
	char *made;   /* the outermost directory staging made, or NULL */
};

/* Fails when out exists and is not empty (a non-empty directory, or a
 * file with data) unless force. */
int staging_check_out(const char *out, bool force, struct rj_error **err);
/* Checks out and creates the temporary directory (is_dir, mode 0700) or
 * reserves the temporary file name. */
int staging_begin(struct staging *s, const char *out, bool is_dir, bool force,
    struct rj_error **err);
/* Renames tmp over out; a previous out (allowed by force) is removed. */
int staging_commit(struct staging *s, struct rj_error **err);
/* Removes tmp unless committed and frees s. */
void staging_end(struct staging *s);
#define _cleanup_staging_ __attribute__((cleanup(staging_end)))

/* Fails when input is a directory and out would be made inside it (the
 * walk of the input would meet the output growing). */
int
staging_check_apart(const char *input, const char *out, struct rj_error **err);

/* A sibling of path: "<dir>/.<base>.<tag>.<pid>". */
char *staging_sibling(const char *path, const char *tag);

#endif
