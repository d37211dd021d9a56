/* imgconfig.h: an image config's Entrypoint, Cmd, Env, WorkingDir and
 * User turned into config.json's process. */
#ifndef RJD_IMGCONFIG_H
#define RJD_IMGCONFIG_H

#include <jansson.h>
#include <stdint.h>

#include "runj.h"

/* Entrypoint followed by Cmd; NULL when both are empty (the default
 * config's "sh" stays).  cfg is the image config's "config" object and
 * may be NULL. */
int imgconfig_args(json_t *cfg, char ***out, struct rj_error **err);
/* "uid", "uid:gid", "name" or "name:group", names looked up in the
 * rootfs' /etc/passwd and /etc/group. */
int imgconfig_user(const char *user, const char *rootfs, uint32_t *uid,
    uint32_t *gid, struct rj_error **err);
/* Fails unless wd is a clean absolute path ("/", or components that are
 * neither empty, "." nor "..", with no trailing slash) outside /proc: the
 * image may not aim the container's first chdir at a descriptor
 * (/proc/self/fd/N) nor climb. */
int imgconfig_workdir_check(const char *wd, struct rj_error **err);
/* Edits spec (config.json) in place. */
int imgconfig_apply(json_t *spec, json_t *cfg, const char *rootfs,
    struct rj_error **err);
/* The config.json text for an image config (the whole blob): the default
 * for its os, with its process settings applied.  Caller frees. */
int imgconfig_spec(json_t *image_config, const char *rootfs, char **out,
    struct rj_error **err);

#endif
