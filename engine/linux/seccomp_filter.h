/*
 * seccomp_filter.h: linux.seccomp through libseccomp.  (Not seccomp.h:
 * with -Iengine that name would hide the kernel's <linux/seccomp.h>.)
 *
 * Order in the init: without process.noNewPrivileges, loading a filter
 * needs CAP_SYS_ADMIN, so call seccomp_apply() before caps_apply() drops
 * it (runc does the same); with noNewPrivileges set (prctl
 * PR_SET_NO_NEW_PRIVS done), call it last, right before execve.  The
 * filter never sets no_new_privs itself.
 */
#ifndef RJ_LINUX_SECCOMP_FILTER_H
#define RJ_LINUX_SECCOMP_FILTER_H

#include <jansson.h>

#include "runj.h"
#include "spec.h"

/* At create, before anything exists: every action, syscall name (for each
 * requested architecture), operator, architecture and flag is known and
 * supported here; SCMP_ACT_NOTIFY needs listenerPath and may not be the
 * default or cover sendmsg.
 * Errors name the JSON path:
 * linux.seccomp.syscalls[3].names[0]: unknown syscall "fooo". */
int seccomp_check(const struct rj_seccomp *s, struct rj_error **err);

/* Builds and loads the filter.  Does nothing when !s->present.  A
 * syscall newer than every one the profile names returns ENOSYS unless
 * the default action allows it (as in runc). */
int seccomp_apply(const struct rj_seccomp *s, struct rj_error **err);
/* The same; with an SCMP_ACT_NOTIFY rule, *listener is the listener's
 * descriptor (else -1). */
int seccomp_load_filter(const struct rj_seccomp *s, int *listener,
    struct rj_error **err);

/* seccomp_agent.c: sends the listener with the state of the container,
 * whose process pid has it, to linux.seccomp.listenerPath. */
#include "container.h"
int seccomp_agent_send(const struct rj_container *c, enum rj_status status,
    pid_t pid, int listener, struct rj_error **err);

/* The linux.seccomp object of features.json. */
json_t *seccomp_features(void);

#endif
