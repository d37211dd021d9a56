/*
 * model.h: a model of the FreeBSD kernel behind engine/freebsd/kernel.h,
 * for tests on Linux.  It keeps the kernel's state (jails, mounts, devfs
 * rulesets, rctl rules, interfaces) in one JSON document in the directory
 * $RUNJ_JAILMODEL and enforces the kernel's rules on it; every rule names
 * the FreeBSD function it mirrors.  It is linked only into the test runj
 * (build/jailmodel/runj) and jmctl, never into the runj users install.
 *
 * What is real: a jail's processes are Linux processes; a jail is a UTS
 * namespace (which carries its hostname and tells its processes apart),
 * and jail_attach enters it and chroots into the jail's path; mounts are
 * Linux mounts, made only inside the model's own mount namespace (jmctl
 * ns), so nothing reaches the host's mount table.  What is recorded only:
 * interfaces and their addresses, rctl rules (not enforced), racct usage
 * (computed from /proc on demand).
 *
 * Each call takes an exclusive lock on the kernel for its whole length
 * (the model's giant lock), refreshes what processes changed (a jail whose
 * last process was reaped dies), does its work and saves.
 */
#ifndef RJ_JAILMODEL_H
#define RJ_JAILMODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "freebsd/kernel.h"

#define MODEL_ENV    "RUNJ_JAILMODEL"
#define JAIL_MAX     999999 /* sys/jail.h */
#define MODEL_STATE  "state.json"
#define MODEL_NS_DIR "ns"

/* A process as /proc shows it, with the jail the model puts it in. */
struct mproc {
	pid_t pid;
	pid_t ppid;
	char state; /* /proc/<pid>/stat's letter */
	uint64_t start;
	int jid; /* 0: the host */
	/* A host process the scan did not read further (ppid, state and
	 * start unknown): completed only for kinfo_proc. */
	bool partial;
};

struct model {
	json_t *k; /* the kernel's state */
	char *dir;
	int lockfd;
	bool dirty;
	struct mproc *procs; /* scanned once per call */
	size_t nprocs;
};

/* Takes the kernel (lock, load, refresh); -1 with errno when there is
 * none or when we are not in the model's mount namespace. */
int model_enter(struct model *m);
/* Saves if changed and lets go; keeps errno. */
void model_leave(struct model *m);

/* Makes a fresh kernel in dir (jmctl boot): racct as the loader tunable
 * kern.racct.enable would set it. */
int model_boot(const char *dir, bool racct);
/* Whether this process is in the mount namespace jmctl ns made. */
bool model_private_ns(void);

/* ---- state helpers ---- */
json_t *model_jails(struct model *m);
/* The jail with this jid (alive or dying), or NULL. */
json_t *model_jail(struct model *m, int jid);
int jail_jid(json_t *j);
int jail_parent(json_t *j);
const char *jail_name(json_t *j);
bool jail_alive(struct model *m, json_t *j);
/* Whether jid is jail anc or below it. */
bool jail_below(struct model *m, int jid, int anc);
/* The jail whose vnet jid lives in (0: the host's). */
int jail_vnet(struct model *m, int jid);
/* The jail the calling process is in. */
int model_self_jid(struct model *m);
json_t *jobj(json_t *o, const char *key); /* object member, made if absent */
json_t *jarr(json_t *o, const char *key); /* array member, made if absent */
int64_t jint(json_t *o, const char *key);
bool jbool(json_t *o, const char *key);
const char *jstr(json_t *o, const char *key);
void jset_int(json_t *o, const char *key, int64_t v);
void jset_str(json_t *o, const char *key, const char *v);
void jset_bool(json_t *o, const char *key, bool v);

/* ---- processes (proc.c) ---- */
int model_scan(struct model *m);
/* Remembers that pid (started at start) is in jail jid: a zombie's
 * namespace cannot be read any more. */
void model_remember(struct model *m, pid_t pid, uint64_t start, int jid);
/* Processes in jid (zombies too when zombies); 'below': and its
 * descendants. */
size_t model_count(struct model *m, int jid, bool below, bool zombies);
/* SIGKILL to every live process of jid and its descendants. */
void model_kill_jail(struct model *m, int jid);

/* ---- per subsystem ---- */
/* jail.c: frees the jails whose last reference went (prison_deref). */
void jail_reap(struct model *m);
/* net.c: a jail's vnet died: its interfaces go home, its own die. */
void net_vnet_destroy(struct model *m, int vnet);
void net_vnet_create(struct model *m, int vnet);
/* devfs.c */
void devfs_boot(json_t *k);
int devfs_mount_populate(struct model *m, json_t *mnt, const char *path);
void devfs_mount_release(struct model *m, json_t *mnt);
/* vfs.c: the model mount whose Linux mount id is mnt_id. */
json_t *vfs_mount_by_id(struct model *m, uint64_t mnt_id);
int vfs_linux_mnt_id(int dirfd, const char *path, uint64_t *id);

/* ---- for jmctl, the model's administration tool ---- */
/* `ifconfig epair create`: name gets the a side. */
int model_epair_create(char *name, size_t len);
int model_if_destroy(const char *name);
/* The jail whose vnet holds the interface, "host", or NULL. */
char *model_if_where(const char *name);
/* The addresses of an interface of our vnet, one a line. */
char *model_if_addrs(const char *name, const char *family);
/* `rctl FILTER`: the matching rules, one a line; NULL with errno. */
char *model_rctl_rules(const char *filter);

/* errmsg helper: printf into a kernel errmsg buffer (may be NULL). */
void model_errmsg(char *errmsg, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
