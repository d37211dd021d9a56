/*
 * state.h: the state store.  One directory per container under the root:
 * state.json (the OCI state plus runj's own fields, written atomically),
 * config.json (the config as create read it, for later commands), lock
 * (flock(2), held by every command that reads-modifies-writes) and
 * exec.fifo (the start gate).
 */
#ifndef RJ_STATE_H
#define RJ_STATE_H

#include "container.h"

/* mkdir <root>/<id>; fails with EEXIST "container X already exists". */
int state_dir_create(struct rj_container *c, struct rj_error **err);
/* Opens and flocks <dir>/lock; returns the fd (closing it unlocks). */
int state_lock(const char *dir, struct rj_error **err);
int state_save(const struct rj_container *c, struct rj_error **err);
/* Loads the container (state.json and its saved config.json).  A
 * directory without state.json is a create that died early: it loads as
 * "creating" with no pid, so delete can clean it. */
int state_load(const char *root, const char *id, struct rj_container *c,
    bool with_spec, struct rj_error **err);
int state_remove(struct rj_container *c, struct rj_error **err);
void container_free(struct rj_container *c);

#endif
