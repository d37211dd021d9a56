/*
 * caps.h: process.capabilities with the raw capget/capset/prctl calls.
 *
 * In the init: caps_drop_bounding() while still root (before the uid/gid
 * change; it also sets PR_SET_KEEPCAPS so the permitted set survives
 * setuid), then the uid/gid change, then caps_apply().  When the config has
 * no capabilities object (!c->present) the process gets none, as runc
 * does.
 * Capabilities above the running kernel's last one are skipped silently.
 */
#ifndef RJ_LINUX_CAPS_H
#define RJ_LINUX_CAPS_H

#include <jansson.h>
#include <stdint.h>

#include "runj.h"
#include "spec.h"

int caps_drop_bounding(const struct rj_caps *c, struct rj_error **err);
/* effective, permitted and inheritable in one capset, then the ambient
 * set (cleared, then each raised), then PR_SET_KEEPCAPS cleared. */
int caps_apply(const struct rj_caps *c, struct rj_error **err);
/* The ambient capabilities of c the kernel will not raise: those not both
 * permitted and inheritable.  caps_apply() leaves them out. */
uint64_t caps_ambient_unraisable(const struct rj_caps *c);
/* Warns through the message sink, from runj's own process (the init's
 * stderr is the container's), of what caps_apply() will leave out;
 * what names the process: "process" or "exec". */
void caps_warn_ambient(const struct rj_caps *c, const char *what);
/* The running kernel's highest capability number. */
int caps_last_cap(void);
/* features.json's linux.capabilities: every name runj knows. */
json_t *caps_features(void);

#endif
