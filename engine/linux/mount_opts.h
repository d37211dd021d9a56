/* mount_opts.h: config.json mount options -> mount(2) flags, propagation,
 * mount_setattr(2) recursive attributes and the data string.  Pure. */
#ifndef RJ_LINUX_MOUNT_OPTS_H
#define RJ_LINUX_MOUNT_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "runj.h"

struct mount_opts {
	unsigned long flags;	     /* to set */
	unsigned long clear;	     /* named with a "no"-less opposite */
	unsigned long propagation;   /* MS_SHARED... | MS_REC, or 0 */
	uint64_t attr_set, attr_clr; /* MOUNT_ATTR_*, applied recursively */
	bool bind;		     /* bind or rbind */
	char *data;		     /* what mount(2) passes to the fs */
};

/* Unknown options go to data, as runtime-spec asks. */
int mount_opts_parse(char *const *options, struct mount_opts *mo,
    struct rj_error **err);
void mount_opts_free(struct mount_opts *mo);
/* Flags of a propagation name ("rslave"), or 0 for an unknown one. */
unsigned long mount_propagation_flags(const char *name);

#include <jansson.h>
/* Every option name the table knows, for `runj features`. */
json_t *mount_opts_names(void);

#endif
