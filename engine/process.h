/*
 * process.h: the POSIX part of turning the init (or an exec'd process) into
 * the config's process, shared by both drivers.  Called inside the
 * container, after the driver's isolation and before exec.
 */
#ifndef RJ_PROCESS_H
#define RJ_PROCESS_H

#include "runj.h"
#include "spec.h"

/* Finds args[0] the way execvp would, with the process's own PATH, in the
 * current root.  *path is malloc'd. */
int process_find_exec(const struct rj_process *p, char **path,
    struct rj_error **err);
/* rlimits (before dropping privileges), then additionalGids, gid, uid,
 * umask and cwd. */
int process_apply_rlimits(const struct rj_process *p, struct rj_error **err);
int process_apply_user(const struct rj_process *p, struct rj_error **err);
int process_apply_cwd(const struct rj_process *p, struct rj_error **err);
/* execve(path, args, env); returns only on error. */
int process_exec(const struct rj_process *p, const char *path,
    struct rj_error **err);

#endif
