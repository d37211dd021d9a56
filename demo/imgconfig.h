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
/* Edits spec (config.json) in place. */
int imgconfig_apply(json_t *spec, json_t *cfg, const char *rootfs,
    struct rj_error **err);

#endif
