/*
 * state.h: the state store.  A root directory (--root: owned by runj's
 * user, not writable by others, never a symlink) holding one directory
 * per container: state.json (the OCI state plus runj's own fields,
 * written by rename), config.json (the config as create read it), and
 * exec.fifo (the start gate).  The container's directory itself is the
 * lock: every command that reads-modifies-writes holds flock(2) on it,
 * so no lock file can ever be made again for a deleted container.
 */
#ifndef RJ_STATE_H
#define RJ_STATE_H

#include "container.h"

enum state_file {
	STATE_FILE_STATE,   /* state.json */
	STATE_FILE_CONFIG,  /* config.json */
	STATE_FILE_FIFO,    /* exec.fifo */
	STATE_FILE_LOG,	    /* console.log (the TUI's containers) */
	STATE_FILE_LOG_OLD, /* console.log.1: the log before it rotated */
};

/* The one place that names the files of a state directory. */
const char *state_file_name(enum state_file f);
/* <dir>/<name of f>; caller frees. */
char *state_path(const char *dir, enum state_file f);

/* Checks the root (and with create makes it, 0700): a directory, not a
 * symlink, owned by us and writable by nobody else. */
int state_root_check(const char *root, bool create, struct rj_error **err);
/* Makes <root>/<id> and locks it; returns the lock (closing it unlocks).
 * Fails with EEXIST "container X already exists". */
int state_dir_create(struct rj_container *c, struct rj_error **err);
/* Locks an existing container directory; ENOENT "container X does not
 * exist" when it is gone, before or while we waited. */
int state_lock(const char *root, const char *id, struct rj_error **err);
/* Whether someone holds the directory's lock now (a live create). */
bool state_locked(const char *dir);
int state_save(const struct rj_container *c, struct rj_error **err);
/* Loads the container (state.json and, with with_spec, its saved
 * config.json).  A directory without state.json is a create that died
 * early: it loads as "creating" with no pid.  A state.json that cannot be
 * read loads as broken, with c->problem saying why, so that it can be
 * listed and deleted. */
int state_load(const char *root, const char *id, struct rj_container *c,
    bool with_spec, struct rj_error **err);
/* The same, without the spec, for a root state_ids has just checked. */
int state_load_listed(const char *root, const char *id, struct rj_container *c);
int state_remove(struct rj_container *c, struct rj_error **err);
/* The IDs under root, unsorted; a missing root has none. */
int state_ids(const char *root, char ***ids, size_t *n, struct rj_error **err);

#endif
